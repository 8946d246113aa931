// Server-side cost of one poll cycle of one node: parse the probe output, update the model, queue and write
// the samples, measured on real corosync 3.1.7 output.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { interpretProbe } from '../lib/analyze/probe-reading';
import { ClusterModel } from '../lib/analyze/cluster-model';
import { openDatabase } from '../lib/store/db';
import { StoreWriter } from '../lib/store/writer';
import { MARK } from '../lib/collect/probe-script';
import { thresholdsSchema, type ClusterConfig } from '../lib/config/schema';

const fx = (n: string) => readFileSync(new URL(`../tests/fixtures/corosync-3.1.7/${n}`, import.meta.url), 'utf8');

function probeText(): string {
  const nodelist = fx('pve1.cmapctl.txt').split('\n').filter((l) => l.startsWith('nodelist.')).join('\n') + '\n';
  const sec = (name: string, body: string) => `${MARK} begin ${name}\n${body}${MARK} end ${name} rc=0\n`;
  return sec('clock', `${Date.now()}000000\n`) + sec('cfgtool_s', fx('pve1.cfgtool_s.txt')) + sec('cfgtool_n', fx('pve1.cfgtool_n.txt')) +
    sec('cmap_stats', fx('pve1.cmapctl_m_stats.txt')) + sec('cmap_nodelist', nodelist) + sec('quorumtool_s', fx('pve1.quorumtool_s.txt')) + `${MARK} done\n`;
}

export async function pollCost(): Promise<Record<string, number>> {
  const text = probeText();
  const nodes = 32;
  const cfg: ClusterConfig = {
    name: 'bench', pollIntervalMs: 1000, logCommand: 'tail -F -n 0 /x', thresholds: thresholdsSchema.parse({}),
    nodes: Array.from({ length: nodes }, (_, i) => ({ name: `pve${i + 1}`, host: `10.0.0.${i + 1}`, port: 22, user: 'root', identityFile: '/k' })),
  };
  const model = new ClusterModel(cfg);
  const db = await openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'cw-bench-')), 'db.sqlite')}`);
  const writer = new StoreWriter(db, 1_000_000);
  for (const n of cfg.nodes) model.onSsh(n.name, 'up', null, Date.now());

  const cycles = 60; // one minute of a 32-node cluster at 1 Hz
  let parseNs = 0n;
  let modelNs = 0n;
  let storeNs = 0n;
  const cpu0 = process.cpuUsage();
  const wall0 = process.hrtime.bigint();
  for (let c = 0; c < cycles; c++) {
    const now = Date.now() + c * 1000;
    for (const n of cfg.nodes) {
      const a = process.hrtime.bigint();
      const reading = interpretProbe(text);
      const b = process.hrtime.bigint();
      const change = model.onProbe(n.name, reading, now, now + 50);
      const d = process.hrtime.bigint();
      writer.addLinkSamples(change.node!.links.map((l) => ({ ts: new Date(now), cluster: 'bench', node: n.name, peer: l.peer, link: l.link, connected: l.connected, active: l.active, mtu: l.mtu, latencyAveUs: l.latencyUs, latencyMinUs: l.latencyMinUs, latencyMaxUs: l.latencyMaxUs, latencySamples: l.latencySamples })));
      writer.addNodeSample({ ts: new Date(now), cluster: 'bench', node: n.name, reachable: true, corosyncUp: true, quorate: true });
      const e = process.hrtime.bigint();
      parseNs += b - a;
      modelNs += d - b;
      storeNs += e - d;
    }
    const f = process.hrtime.bigint();
    await writer.flush(); // one batched write per poll cycle
    storeNs += process.hrtime.bigint() - f;
  }
  const wallNs = Number(process.hrtime.bigint() - wall0);
  const cpu = process.cpuUsage(cpu0);
  const polls = cycles * nodes;
  await writer.close();
  await db.$disconnect();
  const cpuUsPerPoll = (cpu.user + cpu.system) / polls;
  return {
    probe_output_bytes: Buffer.byteLength(text),
    parse_us_per_node_poll: Number(parseNs) / 1000 / polls,
    model_us_per_node_poll: Number(modelNs) / 1000 / polls,
    store_us_per_node_poll: Number(storeNs) / 1000 / polls,
    cpu_us_per_node_poll: cpuUsPerPoll,
    wall_ms_per_32_node_cycle: wallNs / 1e6 / cycles,
    // fraction of one core for 32 nodes polled once a second (the target is < 0.1)
    core_fraction_32_nodes_1hz: (cpuUsPerPoll * 32) / 1e6,
  };
}
