import { KNET_STATS_KEPT } from '../../lib/collect/probe-script';
// The demo cluster behind real SSH: host keys, publickey auth, the probe script and the log follower.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ssh2';
import { PROBE_SCRIPT, SECTION_NAMES } from '../../lib/collect/probe-script';
import { followCommand } from '../../lib/collect/follow-command';
import { parseConfig } from '../../lib/config/load';
import { startDemoCluster, type DemoCluster } from '../../sim/index';
import { connect, exec, fixture, follow, LOG_LINE, maskQuorum, otherKey, parseProbe, stripLogPrefix } from './helpers';

const FOLLOW = followCommand('tail -F -n 0 /var/log/corosync/corosync.log');
let dir: string;
let demo: DemoCluster;
const clients: Client[] = [];

async function client(name: string): Promise<Client> {
  const n = demo.nodes.find((x) => x.name === name)!;
  const c = await connect({ host: n.host, port: n.port, knownHosts: demo.knownHostsPath, privateKey: readFileSync(demo.identityFile) });
  clients.push(c);
  return c;
}

async function probe(name: string) {
  const r = await exec(await client(name), PROBE_SCRIPT);
  expect(r.code).toBe(0);
  const p = parseProbe(r.stdout);
  return Object.fromEntries(p.sections.map((s) => [s.name, s]));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corowatch-sim-'));
  demo = await startDemoCluster({ dir, scenario: false, seed: 7 });
});

afterAll(async () => {
  for (const c of clients) c.end();
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('demo cluster files', () => {
  it('writes known_hosts, a 0600 client key and a config the corowatch schema accepts', () => {
    const kh = readFileSync(demo.knownHostsPath, 'utf8').trim().split('\n');
    expect(kh).toHaveLength(3);
    demo.nodes.forEach((n, i) => expect(kh[i]).toMatch(new RegExp(`^\\[127\\.0\\.0\\.1\\]:${n.port} ssh-ed25519 AAAA[A-Za-z0-9+/=]+$`)));
    expect(statSync(demo.identityFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(demo.identityFile, 'utf8')).toMatch(/^-----BEGIN OPENSSH PRIVATE KEY-----/);
    const cfg = parseConfig(demo.configYaml({ pollIntervalMs: 500 }), join(dir, 'corowatch.yaml'));
    expect(cfg.knownHosts).toBe(demo.knownHostsPath);
    expect(cfg.clusters[0].pollIntervalMs).toBe(500);
    expect(cfg.clusters[0].logCommand).toBe('tail -F -n 0 /var/log/corosync/corosync.log');
    expect(cfg.clusters[0].nodes.map((n) => [n.name, n.port, n.user, n.identityFile])).toEqual(
      demo.nodes.map((n) => [n.name, n.port, 'root', demo.identityFile]),
    );
  });
});

describe('probe over ssh', () => {
  it('frames every section like the real script and answers with corosync 3.1.7 formats', async () => {
    const r = await exec(await client('pve1'), PROBE_SCRIPT);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const p = parseProbe(r.stdout);
    expect(p.done).toBe(true);
    expect(p.sections.map((s) => s.name)).toEqual([...SECTION_NAMES]);
    for (const s of p.sections) expect(s.rc).toBe(0);
    const s = Object.fromEntries(p.sections.map((x) => [x.name, x.body]));
    expect(s.clock).toMatch(/^\d{19}\n$/);
    expect(Math.abs(Number(BigInt(s.clock.trim()) / 1_000_000n) - Date.now())).toBeLessThan(5000);
    expect(s.cfgtool_s).toBe(fixture('pve1.cfgtool_s.txt'));
    expect(s.cfgtool_n).toBe(fixture('pve1.cfgtool_n.txt'));
    expect(maskQuorum(s.quorumtool_s)).toBe(maskQuorum(fixture('pve1.quorumtool_s.txt')));
    expect(s.quorumtool_s).toMatch(/^Date: {13}(Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2} \d{4}$/m);
    const nodelist = fixture('pve1.cmapctl.txt').split('\n').filter((l) => l.startsWith('nodelist.'));
    expect(s.cmap_nodelist).toBe(nodelist.map((l) => `${l}\n`).join(''));
  });

  it('cmap stats has the fixture key set, types and order, filtered as the probe script filters it', async () => {
    const s = await probe('pve1');
    const kept = new RegExp(KNET_STATS_KEPT);
    const shape = (text: string) =>
      text
        .trimEnd()
        .split('\n')
        .filter((l) => kept.test(l))
        .map((l) => l.replace(/ = .*$/, ''));
    expect(shape(s.cmap_stats.body)).toEqual(shape(fixture('pve1.cmapctl_m_stats.txt')));
    expect(s.cmap_stats.body.split('\n').filter(Boolean).every((l) => kept.test(l))).toBe(true);
    for (const l of s.cmap_stats.body.trimEnd().split('\n')) expect(l).toMatch(/^stats\.\S+ \((u8|u32|u64|i32|str)\) = \S+$/);
  });

  it('other nodes answer as themselves', async () => {
    const s = await probe('pve3');
    expect(s.cfgtool_s.body).toBe(fixture('pve3.cfgtool_s.txt'));
    expect(s.cfgtool_n.body).toBe(fixture('pve3.cfgtool_n.txt'));
    expect(s.cmap_nodelist.body).toMatch(/^nodelist\.local_node_pos \(u32\) = 2$/m);
  });

  it('any other command: exit 127 and a dash-style error', async () => {
    const r = await exec(await client('pve2'), 'corosync-cfgtool -s');
    expect(r).toEqual({ stdout: '', stderr: 'sh: 1: corosync-cfgtool: not found\n', code: 127 });
  });
});

describe('faults', () => {
  it('setLinkDown: cfgtool shows disconnected and the follower streams knet lines within a second, both ways', async () => {
    const f1 = await follow(await client('pve1'), FOLLOW);
    const f3 = await follow(await client('pve3'), FOLLOW);
    await new Promise((r) => setTimeout(r, 300));
    demo.setLinkDown('pve3', 0, true);
    const expected1 = fixture('pve1.corosync_link0down.log').trimEnd().split('\n').map(stripLogPrefix);
    const expected3 = fixture('pve3.corosync_link0down.log').trimEnd().split('\n').map(stripLogPrefix);
    const ms = await f1.waitFor((l) => l.length >= 2, 1000);
    expect(ms).toBeLessThan(1000);
    await f3.waitFor((l) => l.length >= 4, 1000);
    expect(f1.lines.map(stripLogPrefix)).toEqual(expected1);
    expect(f3.lines.map(stripLogPrefix)).toEqual(expected3);
    for (const l of [...f1.lines, ...f3.lines]) expect(l).toMatch(LOG_LINE);

    const p1 = await probe('pve1');
    expect(p1.cfgtool_s.body).toBe(fixture('pve1.cfgtool_s_link0down.txt'));
    expect(p1.cfgtool_n.body).toBe(fixture('pve1.cfgtool_n_link0down.txt'));
    expect(p1.cmap_stats.body).toMatch(/^stats\.knet\.node3\.link0\.connected \(u8\) = 0$/m);
    expect(p1.cmap_stats.body).toMatch(/^stats\.knet\.node3\.link0\.down_count \(u32\) = 2$/m);
    expect(maskQuorum(p1.quorumtool_s.body)).toBe(maskQuorum(fixture('pve1.quorumtool_s.txt')));
    const p3 = await probe('pve3');
    expect(p3.cfgtool_s.body).toBe(fixture('pve3.cfgtool_s_link0down.txt'));
    expect(p3.cfgtool_n.body).toBe(fixture('pve3.cfgtool_n_link0down.txt'));

    f1.lines.length = 0;
    f3.lines.length = 0;
    demo.setLinkDown('pve3', 0, false);
    await f1.waitFor((l) => l.length >= 4, 4000);
    await f3.waitFor((l) => l.length >= 7, 4000);
    expect(f1.lines.map(stripLogPrefix)).toEqual(fixture('pve1.corosync_link0up.log').trimEnd().split('\n').map(stripLogPrefix));
    expect(f3.lines.map(stripLogPrefix)).toEqual(fixture('pve3.corosync_link0up.log').trimEnd().split('\n').map(stripLogPrefix));
    expect((await probe('pve1')).cfgtool_s.body).toBe(fixture('pve1.cfgtool_s.txt'));

    // the follower ends cleanly when the client sends EOF, as the wrapper's `cat` would
    const code = await new Promise<number | null>((resolve) => {
      let c: number | null = null;
      f1.channel.on('exit', (x: number | null) => (c = x));
      f1.channel.on('close', () => resolve(c));
      f1.channel.end();
    });
    expect(code).toBe(0);
    f3.channel.close();
  });

  it('setGarbage: the probe answers non-corosync text, then recovers', async () => {
    demo.setGarbage('pve2', true);
    const r = await exec(await client('pve2'), PROBE_SCRIPT);
    expect(r.code).toBe(0);
    expect(r.stdout.length).toBeGreaterThan(0);
    expect(r.stdout).not.toContain('@@corowatch');
    expect(r.stdout).not.toMatch(/corosync|knet|nodeid|Quorum/i);
    demo.setGarbage('pve2', false);
    expect(parseProbe((await exec(await client('pve2'), PROBE_SCRIPT)).stdout).done).toBe(true);
  });

  it('stopSsh drops live connections and refuses new ones; startSsh listens on the same port again', async () => {
    const c = await client('pve2');
    const closed = new Promise<void>((resolve) => c.on('close', () => resolve()));
    const port = demo.nodes.find((n) => n.name === 'pve2')!.port;
    await demo.stopSsh('pve2');
    await closed;
    await expect(client('pve2')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await demo.startSsh('pve2');
    expect(demo.nodes.find((n) => n.name === 'pve2')!.port).toBe(port);
    const r = await exec(await client('pve2'), PROBE_SCRIPT);
    expect(parseProbe(r.stdout).done).toBe(true);
  });

  it('rejects a client key that is not the generated one', async () => {
    const n = demo.nodes[0];
    await expect(connect({ host: n.host, port: n.port, knownHosts: demo.knownHostsPath, privateKey: otherKey() })).rejects.toThrow(
      /authentication methods failed/,
    );
  });

  it('a client checking host keys notices a node answering with another node\'s key', async () => {
    const [a, b] = demo.nodes;
    // b's port, but expecting a's key: the verifier must refuse
    const kh = readFileSync(demo.knownHostsPath, 'utf8').replace(`[127.0.0.1]:${a.port} `, 'X ').replace(`[127.0.0.1]:${b.port} `, `[127.0.0.1]:${a.port} `).replace('X ', `[127.0.0.1]:${b.port} `);
    const swapped = join(dir, 'known_hosts.swapped');
    (await import('node:fs')).writeFileSync(swapped, kh);
    await expect(connect({ host: b.host, port: b.port, knownHosts: swapped, privateKey: readFileSync(demo.identityFile) })).rejects.toThrow();
  });
});

describe('restart with the same dir', () => {
  it('reuses host keys, client key and (when free) ports, so known_hosts stays valid', async () => {
    const before = readFileSync(demo.knownHostsPath, 'utf8');
    const key = readFileSync(demo.identityFile, 'utf8');
    await demo.close();
    demo = await startDemoCluster({ dir, scenario: false, seed: 7 });
    expect(readFileSync(demo.identityFile, 'utf8')).toBe(key);
    expect(readFileSync(demo.knownHostsPath, 'utf8')).toBe(before);
    const r = await exec(await client('pve1'), PROBE_SCRIPT);
    expect(parseProbe(r.stdout).done).toBe(true);
  });
});
