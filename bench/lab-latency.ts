// On the real lab (root): knet detection time, corowatch's own latency to a browser, and the probe's cost on a node.
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket, WebSocketServer } from 'ws';
import { loadConfigFile } from '../lib/config/load';
import { Runtime } from '../lib/runtime/runtime';
import { parseLogLine } from '../lib/parse/corosync-log';
import { PROBE_SCRIPT } from '../lib/collect/probe-script';
import type { LiveMessage } from '../lib/live/messages';
import { applyMessage, type LiveData } from '../lib/live/apply';

const ROOT = join(import.meta.dirname, '..');
const sh = (cmd: string, ...args: string[]) => execFileSync(cmd, args, { encoding: 'utf8' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function logDownAt(after: number): number | null {
  const log = readFileSync(join(ROOT, 'lab/state/nodes/pve1/log/corosync.log'), 'utf8').split('\n');
  for (const line of log) {
    if (!line.includes('link: host: 3 link: 0 is down')) continue;
    const ts = parseLogLine(line, new Date())?.ts ?? null;
    if (ts !== null && ts >= after - 5) return ts;
  }
  return null;
}

function procCpuTicks(pid: number): number {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(f[11]) + Number(f[12]); // utime + stime
}

/** CPU that corowatch's long-lived execs (pings, log follower, their sshd session) take on pve1, over 20 s. */
async function nodeStreamCost(): Promise<void> {
  const ticks = () => {
    const pids = sh('ip', 'netns', 'pids', 'pve1').split('\n').filter(Boolean);
    let sum = 0;
    for (const pid of pids) {
      try {
        const comm = readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
        if (comm === 'corosync') continue;
        sum += procCpuTicks(Number(pid));
      } catch {
        /* gone */
      }
    }
    return sum;
  };
  const a = ticks();
  const t0 = Date.now();
  await sleep(20_000);
  const b = ticks();
  const pct = ((b - a) * 10) / (Date.now() - t0) * 100;
  console.log(`  pings + log follower + sshd sessions on a node: ${pct.toFixed(2)} % of one core (4 ping targets at 5 Hz, probe execs included)`);
}

export async function labBench(): Promise<void> {
  const rounds = Number(process.env.LAB_ROUNDS ?? 20);
  console.log(`\n== real lab: 3 corosync nodes, ${rounds} link-down injections (LAB_ROUNDS to change)`);
  sh('bash', join(ROOT, 'lab/up.sh'), '3');
  await sleep(10_000);

  // node side: what one probe costs pve1 (the script's processes and corosync answering them)
  const runs = 50;
  const pid = Number(readFileSync(join(ROOT, 'lab/state/nodes/pve1/corosync.pid'), 'utf8'));
  const before = procCpuTicks(pid);
  const t = sh('ip', 'netns', 'exec', 'pve1', 'bash', '-c', `for i in $(seq ${runs}); do sh -c "$0" > /dev/null; done; times`, PROBE_SCRIPT);
  const coroTicks = procCpuTicks(pid) - before;
  const [, children] = t.trim().split('\n');
  const [u, s] = children.split(' ').map((x) => Number(x.replace(/^(\d+)m([\d.]+)s$/, (_, m, sec) => String(Number(m) * 60 + Number(sec)))));
  const bytes = Buffer.byteLength(sh('ip', 'netns', 'exec', 'pve1', 'sh', '-c', PROBE_SCRIPT));
  console.log(`  probe output per poll                ${bytes} bytes`);
  console.log(`  probe CPU on the node (processes)    ${(((u + s) / runs) * 1000).toFixed(1)} ms per poll`);
  console.log(`  corosync CPU answering one probe     ${((coroTicks * 10) / runs).toFixed(2)} ms per poll`);
  console.log(`  at 1 Hz: ${((((u + s) / runs) * 100) + (coroTicks * 10 / runs) / 10).toFixed(1)} % of one core on each node`);

  const rt = await Runtime.start(loadConfigFile(join(ROOT, 'lab/state/corowatch.yaml')), { databaseUrl: `file:${join(mkdtempSync(join(tmpdir(), 'cw-')), 'db.sqlite')}` });
  const server = createServer();
  const wss = new WebSocketServer({ server });
  wss.on('connection', (ws) => rt.hub.attach(ws));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const ws = new WebSocket(`ws://127.0.0.1:${(server.address() as { port: number }).port}`);
  let sawDownAt = 0;
  let storedAt = 0;
  rt.writer.onWritten = (events, at) => {
    if (!storedAt && events.some((e) => e.kind === 'link_down' && e.node === 'pve1' && e.peer === 'pve3' && e.link === 0)) storedAt = at;
  };
  let live: LiveData = { clusters: [], events: [] };
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as LiveMessage;
    live = applyMessage(live, m);
    if (m.type !== 'delta' || sawDownAt) return;
    const v = live.clusters[0]?.nodes.find((n) => n.name === 'pve1');
    if (v?.links.some((l) => l.peer === 'pve3' && l.link === 0 && l.connected === false)) sawDownAt = Date.now();
  });
  await sleep(4000);

  const knet: number[] = [];
  const ours: number[] = [];
  const stored: number[] = [];
  for (let i = 0; i < rounds; i++) {
    sawDownAt = 0;
    storedAt = 0;
    const t0 = Date.now();
    sh('ip', '-n', 'pve3', 'link', 'set', 'link0', 'down');
    while ((!sawDownAt || !storedAt) && Date.now() - t0 < 10_000) await sleep(5);
    const logAt = logDownAt(t0);
    if (sawDownAt && logAt) {
      knet.push(logAt - t0);
      ours.push(sawDownAt - logAt);
      stored.push(storedAt - logAt);
      console.log(`  round ${i + 1}: ip link down → knet log line ${logAt - t0} ms; log line → event stored ${storedAt - logAt} ms, → WebSocket delta ${sawDownAt - logAt} ms`);
    } else {
      console.log(`  round ${i + 1}: not seen within 10 s`);
    }
    sh('ip', '-n', 'pve3', 'link', 'set', 'link0', 'up');
    await sleep(12_000); // link up (~2.5 s), then knet's pong timeout back to normal
  }
  if (knet.length) {
    console.log(`  ip link down → knet log line         median ${median(knet)} ms, max ${Math.max(...knet)} ms (n=${knet.length})`);
    console.log(`  knet log line → event stored         median ${median(stored)} ms, max ${Math.max(...stored)} ms (one batched write per poll cycle)`);
    console.log(`  knet log line → WebSocket delta      median ${median(ours)} ms, max ${Math.max(...ours)} ms (log time has ms resolution)`);
  }
  // how well knet's window mean (derived from its running average) agrees with corowatch's own ping
  await rt.writer.flush();
  const rows = await rt.db.linkSample.findMany({ where: { knetWindowUs: { not: null }, rttAvgUs: { not: null }, connected: true }, select: { knetWindowUs: true, rttAvgUs: true } });
  const diffs = rows.map((r) => Math.abs(r.knetWindowUs! - r.rttAvgUs!));
  if (diffs.length) {
    console.log(`  knet window mean vs probe mean (|diff|) median ${median(diffs)} µs over ${diffs.length} link-polls (probe median ${median(rows.map((r) => r.rttAvgUs!))} µs, knet ${median(rows.map((r) => r.knetWindowUs!))} µs)`);
  }
  await nodeStreamCost();
  ws.close();
  server.close();
  await rt.stop();
  sh('bash', join(ROOT, 'lab/down.sh'));
}
