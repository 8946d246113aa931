// The ping exec (PING_SCRIPT) on the demo cluster over real SSH: iputils `ping -D -O` lines tagged per peer × link,
// RTTs from the sim's paths, `no answer yet` while a link is down, jitter spikes, and the stream's lifetime.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from 'ssh2';
import { PING_SCRIPT } from '../../lib/collect/ping-script';
import { parsePingLine, type PingLine } from '../../lib/parse/ping';
import { startDemoCluster, type DemoCluster } from '../../sim/index';
import { activePingStreams, formatRtt } from '../../sim/ping';
import { connect, exec, follow, type Follower } from './helpers';

let dir: string;
let demo: DemoCluster;
const clients: Client[] = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function client(name: string): Promise<Client> {
  const n = demo.nodes.find((x) => x.name === name)!;
  const c = await connect({ host: n.host, port: n.port, knownHosts: demo.knownHostsPath, privateKey: readFileSync(demo.identityFile) });
  clients.push(c);
  return c;
}

const LINE = new RegExp(
  '^(@@corowatch ping: \\d+ targets' +
    '|\\d+ \\d PING (10\\.77\\.\\d+\\.\\d+) \\(\\2\\) 56\\(84\\) bytes of data\\.' +
    '|\\d+ \\d \\[\\d{10}\\.\\d{6}\\] 64 bytes from 10\\.77\\.\\d+\\.\\d+: icmp_seq=\\d+ ttl=64 time=(0\\.\\d{3}|\\d\\.\\d\\d|\\d\\d\\.\\d|\\d{3,}) ms' +
    '|\\d+ \\d \\[\\d{10}\\.\\d{6}\\] no answer yet for icmp_seq=\\d+' +
    '|\\d+ \\d ping: sendmsg: Network is unreachable)$',
);

type Tagged = Exclude<PingLine, { kind: 'info' }>;
const tagged = (lines: string[], peer: number, link: number) =>
  lines.map(parsePingLine).filter((p): p is Tagged => p !== null && p.kind !== 'info' && p.peerId === peer && p.link === link);

async function pingFor(name: string, ms: number): Promise<Follower> {
  const f = await follow(await client(name), PING_SCRIPT);
  await sleep(ms);
  return f;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'corowatch-sim-ping-'));
  demo = await startDemoCluster({ dir, scenario: false, seed: 11 });
});

afterAll(async () => {
  for (const c of clients) c.end();
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('formatRtt', () => {
  it('prints like iputils: 3 decimals under 1 ms, 2 up to 10, 1 up to 100, then integers', () => {
    const cases: Array<[number, string]> = [[45, '0.045'], [999, '0.999'], [1000, '1.00'], [1234, '1.23'], [9994, '9.99'], [9995, '10.0'], [12345, '12.3'], [99949, '99.9'], [99950, '100'], [123456, '123']];
    for (const [us, s] of cases) expect(formatRtt(us)).toBe(s);
  });
});

describe('ping exec over ssh', () => {
  it('streams ~5 replies/s per peer × link, with the banner, -D timestamps and plausible RTTs', async () => {
    const f = await pingFor('pve1', 1500);
    f.channel.close();
    const lines = [...f.lines];
    expect(lines[0]).toBe('@@corowatch ping: 4 targets');
    for (const l of lines) expect(l).toMatch(LINE);
    for (const [peer, link] of [[2, 0], [2, 1], [3, 0], [3, 1]]) {
      const addr = `10.77.${10 + 10 * link}.${peer}`;
      expect(lines).toContain(`${peer} ${link} PING ${addr} (${addr}) 56(84) bytes of data.`);
      const rs = tagged(lines, peer, link);
      expect(rs.every((r) => r.kind === 'reply')).toBe(true);
      expect(rs.length).toBeGreaterThanOrEqual(6);
      expect(rs.length).toBeLessThanOrEqual(9);
      expect(rs.map((r) => r.seq)).toEqual(rs.map((_, i) => i + 1));
      for (const r of rs) {
        if (r.kind !== 'reply') continue;
        expect(r.rttUs).toBeGreaterThanOrEqual(25);
        expect(r.rttUs).toBeLessThanOrEqual(600);
        expect(Math.abs(r.t - Date.now())).toBeLessThan(3000);
      }
      const ts = rs.map((r) => r.t as number);
      for (let i = 1; i < ts.length; i++) expect(Math.abs(ts[i] - ts[i - 1] - 200)).toBeLessThan(5);
    }
  });

  it('setLinkDown: link0 to that peer turns into `no answer yet`, its own pings fail to send, others keep answering', async () => {
    const f1 = await follow(await client('pve1'), PING_SCRIPT);
    const f3 = await follow(await client('pve3'), PING_SCRIPT);
    await sleep(500);
    demo.setLinkDown('pve3', 0, true);
    await sleep(300);
    f1.lines.length = 0;
    f3.lines.length = 0;
    await sleep(1200);
    const down = tagged(f1.lines, 3, 0);
    expect(down.length).toBeGreaterThanOrEqual(5);
    for (const l of down) expect(l).toMatchObject({ kind: 'lost', reason: 'no answer' });
    expect(down.map((l) => l.seq as number)).toEqual(down.map((_, i) => (down[0].seq as number) + i));
    for (const [p, l] of [[2, 0], [2, 1], [3, 1]]) expect(tagged(f1.lines, p, l).every((x) => x.kind === 'reply')).toBe(true);
    for (const peer of [1, 2]) {
      const own = tagged(f3.lines, peer, 0);
      expect(own.length).toBeGreaterThanOrEqual(5);
      for (const l of own) expect(l).toMatchObject({ kind: 'lost', reason: 'Network is unreachable', t: null });
      expect(tagged(f3.lines, peer, 1).every((x) => x.kind === 'reply')).toBe(true);
    }
    demo.setLinkDown('pve3', 0, false);
    await sleep(300);
    f1.lines.length = 0;
    await sleep(600);
    expect(tagged(f1.lines, 3, 0).map((x) => x.kind)).toEqual(expect.arrayContaining(['reply']));
    expect(tagged(f1.lines, 3, 0).every((x) => x.kind === 'reply')).toBe(true);
    f1.channel.close();
    f3.channel.close();
  });

  it('a jitter spike on a link shows as 5–20 ms RTTs on that path only', async () => {
    const f = await follow(await client('pve1'), PING_SCRIPT);
    await sleep(300);
    demo.jitterSpike('pve2', 1, { durationMs: 1000, extraUs: 12000 });
    f.lines.length = 0;
    await sleep(800);
    f.channel.close();
    const spiky = tagged(f.lines, 2, 1);
    expect(spiky.length).toBeGreaterThanOrEqual(3);
    for (const r of spiky) {
      expect(r.kind).toBe('reply');
      if (r.kind === 'reply') expect(r.rttUs).toBeGreaterThan(5000);
      if (r.kind === 'reply') expect(r.rttUs).toBeLessThan(20000);
    }
    for (const r of [...tagged(f.lines, 2, 0), ...tagged(f.lines, 3, 1)]) expect(r.kind === 'reply' && r.rttUs < 1000).toBe(true);
  });

  it('ends on channel close and on client EOF (exit 0); nothing keeps running on the node', async () => {
    await sleep(100);
    expect(activePingStreams()).toBe(0);
    const f = await pingFor('pve2', 300);
    expect(activePingStreams()).toBe(1);
    f.channel.close();
    await sleep(100);
    expect(activePingStreams()).toBe(0);
    const g = await pingFor('pve2', 300);
    const code = await new Promise<number | null>((resolve) => {
      let c: number | null = null;
      g.channel.on('exit', (x: number | null) => (c = x));
      g.channel.on('close', () => resolve(c));
      g.channel.end();
    });
    expect(code).toBe(0);
    expect(activePingStreams()).toBe(0);
    const n = g.lines.length;
    await sleep(400);
    expect(g.lines.length).toBe(n);
  });

  it('corosync stopped or garbage: cannot read local_node_pos, exit 1; peers still answer ICMP', async () => {
    demo.stopCorosync('pve2');
    expect(await exec(await client('pve2'), PING_SCRIPT)).toEqual({ stdout: '@@corowatch ping: cannot read nodelist.local_node_pos\n', stderr: '', code: 1 });
    const f = await pingFor('pve1', 700);
    f.channel.close();
    expect(tagged(f.lines, 2, 0).filter((x) => x.kind === 'reply').length).toBeGreaterThanOrEqual(3);
    demo.startCorosync('pve2');
    demo.setGarbage('pve3', true);
    expect((await exec(await client('pve3'), PING_SCRIPT)).code).toBe(1);
    demo.setGarbage('pve3', false);
    expect((await pingFor('pve3', 50)).lines[0]).toBe('@@corowatch ping: 4 targets');
  });
});
