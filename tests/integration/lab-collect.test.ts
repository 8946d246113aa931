// corowatch against a real 3-node corosync 3 / knet cluster (lab/): SSH collectors → model → store.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '@/lib/config/load';
import { Runtime } from '@/lib/runtime/runtime';
import type { ClusterView, LinkView } from '@/lib/analyze/views';
import { execFileSync } from 'node:child_process';
import { SshTransport } from '@/lib/collect/ssh-transport';
import { followCommand } from '@/lib/collect/follow-command';
import { LAB_CONFIG, knetSettled, lab, labDescribe, until } from '../helpers/lab';

/** processes named `tail` inside a lab node's network namespace */
function tailsOn(node: string): number {
  const pids = execFileSync('ip', ['netns', 'pids', node], { encoding: 'utf8' }).split('\n').filter(Boolean);
  return pids.filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'tail';
    } catch {
      return false;
    }
  }).length;
}

let rt: Runtime;
const tmp = mkdtempSync(join(tmpdir(), 'cw-lab-'));

const cluster = (): ClusterView => rt.snapshot().clusters[0];
const linksBetween = (a: string, b: string, n: number): LinkView[] => {
  const c = cluster();
  return [
    ...c.nodes.find((x) => x.name === a)!.links.filter((l) => l.peer === b && l.link === n),
    ...c.nodes.find((x) => x.name === b)!.links.filter((l) => l.peer === a && l.link === n),
  ];
};

labDescribe('corowatch on a real corosync lab', () => {
  beforeAll(async () => {
    await lab('up', '3');
    rt = await Runtime.start(loadConfigFile(LAB_CONFIG), { databaseUrl: `file:${join(tmp, 'db.sqlite')}` });
    // all reachable, all links connected, and the active link known for every pair (needs two polls of traffic)
    await until('all nodes healthy with known active links', () => {
      const c = cluster();
      return c.nodes.every((n) => n.reachable && n.corosync === 'up' && n.links.length === 4 && n.links.every((l) => l.connected && l.active !== null));
    }, 20_000);
    // knet starts a fresh link with a 10x pong timeout; let it settle so link-down is seen in ~1.5 s (lab/README.md)
    await knetSettled();
  }, 120_000);

  afterAll(async () => {
    await rt?.stop();
    await lab('down');
  }, 60_000);

  it('connects to all three nodes and sees the cluster as corosync does', () => {
    const c = cluster();
    expect(c.quorate).toBe(true);
    expect(c.nodes.map((n) => [n.name, n.nodeId, n.reachable, n.quorate])).toEqual([
      ['pve1', 1, true, true], ['pve2', 2, true, true], ['pve3', 3, true, true],
    ]);
    for (const n of c.nodes) {
      expect(n.links.map((l) => `${l.peer}#${l.link}`).sort()).toHaveLength(4);
      expect(n.links.filter((l) => l.active).map((l) => l.link)).toEqual([0, 0]);
      expect(n.links.every((l) => l.mtu !== null && l.latencyUs !== null && l.latencyUs > 0 && l.latencyUs < 20_000)).toBe(true);
    }
    expect(rt.clusters[0].model.tracker.openEvents()).toEqual([]);
  });

  it('pve3 link0 down: disconnected with link1 active within 3 s, link_down and failover stored; back up: events end', async () => {
    const t0 = Date.now();
    await lab('fault', 'link-down', 'pve3', '0');
    await until('link0 between pve3 and its peers disconnected with link1 active', () =>
      ['pve1', 'pve2'].every((p) => {
        const l0 = linksBetween('pve3', p, 0);
        const l1 = linksBetween('pve3', p, 1);
        return l0.every((l) => l.connected === false && l.active === false) && l1.every((l) => l.connected && l.active);
      }), 3000 - (Date.now() - t0));
    const seenMs = Date.now() - t0;
    console.log(`[lab] link0 of pve3 down → all four views show it with link1 active after ${seenMs} ms`);

    const stored = await until('link_down and failover stored', async () => {
      const evs = await rt.events({ kind: ['link_down', 'failover'] });
      return evs.length >= 8 ? evs : null; // 4 directions × (link_down + failover)
    }, 3000);
    const pairs = stored.map((e) => `${e.kind} ${e.node}>${e.peer}`).sort();
    expect(pairs).toEqual([
      'failover pve1>pve3', 'failover pve2>pve3', 'failover pve3>pve1', 'failover pve3>pve2',
      'link_down pve1>pve3', 'link_down pve2>pve3', 'link_down pve3>pve1', 'link_down pve3>pve2',
    ]);
    expect(stored.filter((e) => e.kind === 'failover').every((e) => e.message.includes('link0 → link1') && e.endedAt === null)).toBe(true);

    await lab('fault', 'link-up', 'pve3', '0');
    await until('events ended', async () => (await rt.events({ kind: ['link_down', 'failover'] })).every((e) => e.endedAt !== null), 15_000);
    const back = await rt.events({ kind: ['link_up', 'failback'] });
    expect(back.filter((e) => e.kind === 'link_up')).toHaveLength(4);
    expect(back.filter((e) => e.kind === 'failback').every((e) => e.message.includes('link1 → link0'))).toBe(true);
    await until('link0 active again', () => ['pve1', 'pve2'].every((p) => linksBetween('pve3', p, 0).every((l) => l.connected && l.active)), 5000);
  }, 40_000);

  it('a node whose sshd is gone is unknown with node_unreachable, and is reconnected when sshd returns', async () => {
    await lab('fault', 'sshd-kill', 'pve2');
    await until('pve2 unknown', () => {
      const n = cluster().nodes.find((x) => x.name === 'pve2')!;
      return !n.reachable && n.links.every((l) => l.connected === null) && n.corosync === 'unknown';
    }, 5000);
    // the other nodes keep being polled
    const before = cluster().nodes.find((x) => x.name === 'pve1')!.lastPollAt!;
    await until('pve1 still polled', () => cluster().nodes.find((x) => x.name === 'pve1')!.lastPollAt! > before, 3000);
    const ev = await until('node_unreachable stored', async () => (await rt.events({ kind: ['node_unreachable'] })).find((e) => e.node === 'pve2'), 3000);
    expect(ev.endedAt).toBeNull();
    expect(ev.severity).toBe('critical');
    await lab('fault', 'sshd-start', 'pve2');
    await until('pve2 reconnected', () => {
      const n = cluster().nodes.find((x) => x.name === 'pve2')!;
      return n.reachable && n.links.every((l) => l.connected === true);
    }, 20_000);
    const ended = (await rt.events({ kind: ['node_unreachable', 'node_reachable'] })).filter((e) => e.node === 'pve2');
    expect(ended.map((e) => e.kind).sort()).toEqual(['node_reachable', 'node_unreachable']);
    expect(ended.every((e) => e.endedAt !== null)).toBe(true);
  }, 40_000);

  it('the log follower leaves nothing running on the node when its connection drops', async () => {
    const cfg = loadConfigFile(LAB_CONFIG);
    const n = cfg.clusters[0].nodes[0];
    const base = tailsOn('pve1'); // the runtime's own follower
    expect(base).toBe(1);
    const t = new SshTransport({ ...n, knownHostsFile: cfg.knownHosts });
    t.start();
    await until('connected', () => t.state === 'up', 10_000);
    t.stream(followCommand(cfg.clusters[0].logCommand), () => {}, () => {});
    await until('second tail running', () => tailsOn('pve1') === base + 1, 5000);
    // drop the TCP connection without any SSH goodbye, as a crash or a network cut would
    ((t as any).client._sock as import('node:net').Socket).destroy();
    await until('tail gone', () => tailsOn('pve1') === base, 5000);
    await t.close();
  }, 30_000);

  it('a host key that known_hosts does not list is refused and shown, never connected to', async () => {
    const cfg = loadConfigFile(LAB_CONFIG);
    const kh = readFileSync(cfg.knownHosts, 'utf8');
    // pve1's entry now carries pve2's key: pve1 presents a key known_hosts does not list for it
    const key2 = kh.split('\n').find((l) => l.startsWith('10.77.1.2 '))!.split(' ').slice(1).join(' ');
    const bad = kh.split('\n').map((l) => (l.startsWith('10.77.1.1 ') ? `10.77.1.1 ${key2}` : l)).join('\n');
    const khFile = join(tmp, 'known_hosts_bad');
    writeFileSync(khFile, bad);
    const cfgFile = join(tmp, 'bad.yaml');
    writeFileSync(cfgFile, readFileSync(LAB_CONFIG, 'utf8').replace(/^knownHosts: .*$/m, `knownHosts: ${khFile}`));
    const rt2 = await Runtime.start(loadConfigFile(cfgFile), { databaseUrl: `file:${join(tmp, 'db2.sqlite')}` });
    try {
      const n = await until('pve1 refused', () => rt2.snapshot().clusters[0].nodes.find((x) => x.name === 'pve1' && x.ssh === 'hostkey-mismatch'), 10_000);
      expect(n.reachable).toBe(false);
      expect(n.sshError).toMatch(/HOST KEY MISMATCH for 10\.77\.1\.1:22: presented SHA256:/);
      expect(n.links.every((l) => l.connected === null)).toBe(true);
      await until('pve2 and pve3 fine', () => rt2.snapshot().clusters[0].nodes.filter((x) => x.reachable).length === 2, 10_000);
      const ev = await until('event', async () => (await rt2.events({ kind: ['node_unreachable'] })).find((e) => e.node === 'pve1'), 3000);
      expect(ev.message).toMatch(/HOST KEY MISMATCH/);
    } finally {
      await rt2.stop();
    }
  }, 30_000);
});
