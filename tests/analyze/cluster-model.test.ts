import { describe, expect, it } from 'vitest';
import { ClusterModel } from '@/lib/analyze/cluster-model';
import { interpretProbe } from '@/lib/analyze/probe-reading';
import { thresholdsSchema, type ClusterConfig } from '@/lib/config/schema';
import type { EventRecord } from '@/lib/analyze/views';
import { fixture, frameProbe, nodelistOf, pve1Probe, withCounter } from '../helpers/fixtures';

const cfg: ClusterConfig = {
  name: 'lab', pollIntervalMs: 1000, logCommand: 'tail -F -n 0 /var/log/corosync/corosync.log', thresholds: thresholdsSchema.parse({}),
  nodes: ['pve1', 'pve2', 'pve3'].map((name, i) => ({ name, host: `10.77.1.${i + 1}`, port: 22, user: 'root', identityFile: '/k' })),
};
const T0 = Date.UTC(2026, 10, 23, 1, 12, 0);
// journald short-iso-precise, as on Proxmox; the time is the moment the line is handed to the model
const logLine = (msg: string, at: number) => `${new Date(at).toISOString().replace('Z', '000+00:00')} pve1 corosync[20163]:   [KNET  ] ${msg}`;

/** pve1 connected and polled twice; the second poll shows data flowing on link0 to both peers. */
function upModel(): { m: ClusterModel; events: EventRecord[] } {
  const m = new ClusterModel(cfg);
  const events: EventRecord[] = [];
  events.push(...m.onSsh('pve1', 'up', null, T0).events);
  events.push(...m.onProbe('pve1', interpretProbe(pve1Probe()), T0, T0 + 300).events);
  let moved = pve1Probe();
  moved = moved.replace('stats.knet.node2.link0.tx_data_packets (u64) = 97', 'stats.knet.node2.link0.tx_data_packets (u64) = 120');
  moved = moved.replace('stats.knet.node3.link0.tx_data_packets (u64) = 22', 'stats.knet.node3.link0.tx_data_packets (u64) = 45');
  events.push(...m.onProbe('pve1', interpretProbe(moved), T0 + 1000, T0 + 1300).events);
  return { m, events };
}

const link = (m: ClusterModel, peer: string, n: number) => m.nodes.get('pve1')!.view.links.find((l) => l.peer === peer && l.link === n)!;
const open = (m: ClusterModel, kind: string) => m.tracker.openEvents().filter((e) => e.kind === kind);

describe('cluster model on real corosync 3.1.7 output', () => {
  it('reads a healthy node: peers by name, links connected with knet latency, no event', () => {
    const { m, events } = upModel();
    const v = m.nodes.get('pve1')!.view;
    expect(v.nodeId).toBe(1);
    expect(v.corosync).toBe('up');
    expect(v.quorate).toBe(true);
    expect(v.links.map((l) => `${l.peer}#${l.link}:${l.connected}`)).toEqual(['pve2#0:true', 'pve2#1:true', 'pve3#0:true', 'pve3#1:true']);
    expect(link(m, 'pve2', 0).latencyUs).toBe(222);
    expect(link(m, 'pve2', 0).mtu).toBe(1397);
    expect(events).toEqual([]);
    expect(m.view().quorate).toBe(true);
  });

  it('a knet link-down line opens link_down at once, best link opens the failover, a stale poll does not undo it', () => {
    const { m } = upModel();
    const t = T0 + 5000;
    const a = m.onLogLine('pve1', logLine('link: host: 3 link: 0 is down', t), t);
    expect(link(m, 'pve3', 0).connected).toBe(false);
    expect(a.events.map((e) => [e.kind, e.peer, e.link, e.severity])).toEqual([['link_down', 'pve3', 0, 'warning']]);
    const b = m.onLogLine('pve1', logLine('host: host: 3 (passive) best link: 1 (pri: 1)', t + 1), t + 1);
    expect(b.events).toHaveLength(1);
    expect(b.events[0]).toMatchObject({ kind: 'failover', node: 'pve1', peer: 'pve3', endedAt: null });
    expect(b.events[0].message).toContain('link0 → link1');
    expect(link(m, 'pve3', 1).active).toBe(true);
    expect(link(m, 'pve3', 0).active).toBe(false);
    // a poll that started before the log line still says connected: older news, ignored
    const stale = m.onProbe('pve1', interpretProbe(pve1Probe()), t - 200, t + 300);
    expect(link(m, 'pve3', 0).connected).toBe(false);
    expect(stale.events).toEqual([]);
    expect(link(m, 'pve3', 1).active).toBe(true);
    // the next poll agrees with the log: still exactly one open link_down
    m.onProbe('pve1', interpretProbe(pve1Probe('_link0down')), t + 1000, t + 1300);
    expect(open(m, 'link_down')).toHaveLength(1);
  });

  it('link back: link_down ends with link_up, the failover ends with a failback', () => {
    const { m } = upModel();
    m.onLogLine('pve1', logLine('link: host: 3 link: 0 is down', T0 + 5000), T0 + 5000);
    m.onLogLine('pve1', logLine('host: host: 3 (passive) best link: 1 (pri: 1)', T0 + 5000), T0 + 5000);
    const up = m.onLogLine('pve1', logLine('rx: host: 3 link: 0 is up', T0 + 20_000), T0 + 20_000);
    expect(up.events.map((e) => [e.kind, e.endedAt])).toEqual([['link_down', T0 + 20_000], ['link_up', T0 + 20_000]]);
    const back = m.onLogLine('pve1', logLine('host: host: 3 (passive) best link: 0 (pri: 1)', T0 + 20_001), T0 + 20_001);
    expect(back.events.map((e) => e.kind)).toEqual(['failover', 'failback']);
    expect(back.events[0].endedAt).toBe(T0 + 20_001);
    expect(back.events[1].message).toContain('link1 → link0');
    expect(m.tracker.openEvents()).toEqual([]);
  });

  it('all links of a peer down: critical, no active link, and no spurious failover', () => {
    const { m } = upModel();
    const evs = [
      'link: host: 3 link: 0 is down', 'link: host: 3 link: 1 is down',
      'host: host: 3 (passive) best link: 0 (pri: 1)', 'host: host: 3 has no active links',
    ].flatMap((l) => m.onLogLine('pve1', logLine(l, T0 + 9000), T0 + 9000).events);
    const byId = [...new Map(evs.map((e) => [e.id, e])).values()]; // an escalated event is sent again, updated
    expect(byId.map((e) => e.kind).sort()).toEqual(['link_down', 'link_down', 'no_active_links']);
    // with no link left to pve3 both link_down events are critical: the first one was escalated in place
    expect(byId.filter((e) => e.kind === 'link_down').map((e) => e.severity)).toEqual(['critical', 'critical']);
    expect(evs.find((e) => e.kind === 'no_active_links')).toMatchObject({ peer: 'pve3', severity: 'critical', endedAt: null });
    expect(link(m, 'pve3', 0).active).toBeNull();
  });

  it('learns the active link from tx_data deltas when the log says nothing', () => {
    const m = new ClusterModel(cfg);
    m.onSsh('pve1', 'up', null, T0);
    let stats = fixture('pve1.cmapctl_m_stats.txt');
    const first = m.onProbe('pve1', interpretProbe(pve1Probe()), T0, T0 + 100);
    expect(first.node!.links.every((l) => l.active === null)).toBe(true); // one poll: no delta yet
    const probe = (s: string, t: number) =>
      m.onProbe('pve1', interpretProbe(frameProbe({
        cfgtool_s: { body: fixture('pve1.cfgtool_s.txt') }, cfgtool_n: { body: fixture('pve1.cfgtool_n.txt') },
        cmap_stats: { body: s }, cmap_nodelist: { body: nodelistOf(fixture('pve1.cmapctl.txt')) },
        quorumtool_s: { body: fixture('pve1.quorumtool_s.txt') },
      })), t, t + 100);
    stats = withCounter(stats, 3, 0, 'tx_data_packets', 40);
    probe(stats, T0 + 1000);
    expect(link(m, 'pve3', 0).active).toBe(true);
    stats = withCounter(stats, 3, 1, 'tx_data_packets', 30);
    const ev = probe(stats, T0 + 2000).events;
    expect(link(m, 'pve3', 1).active).toBe(true);
    expect(ev.map((e) => [e.kind, e.message])).toEqual([['failover', 'pve1 → pve3: link0 → link1']]);
    expect(ev[0].details).toMatchObject({ source: 'traffic' });
  });

  it('an unreachable node is unknown, never healthy, and its open link events stay open', () => {
    const { m } = upModel();
    m.onLogLine('pve1', logLine('link: host: 3 link: 0 is down', T0 + 1000), T0 + 1000);
    const c = m.onSsh('pve1', 'down', 'connect ECONNREFUSED 10.77.1.1:22', T0 + 2000);
    const v = m.nodes.get('pve1')!.view;
    expect(v.reachable).toBe(false);
    expect(v.links.every((l) => l.connected === null && l.active === null)).toBe(true);
    expect(v.quorate).toBeNull();
    expect(c.events.map((e) => [e.kind, e.severity])).toEqual([['node_unreachable', 'critical']]);
    expect(c.events[0].message).toContain('ECONNREFUSED');
    expect(open(m, 'link_down')).toHaveLength(1);
    const back = m.onSsh('pve1', 'up', null, T0 + 9000);
    expect(back.events.map((e) => e.kind)).toEqual(['node_unreachable', 'node_reachable']);
  });

  it('garbage output is a parse error for that node and probe, never healthy', () => {
    const { m } = upModel();
    const bad = m.onProbe('pve1', interpretProbe('Welcome to BusyBox!\n$ \n'), T0 + 1000, T0 + 1100);
    expect(bad.events.map((e) => e.kind)).toEqual(['parse_error']);
    const v = m.nodes.get('pve1')!.view;
    expect(v.corosync).toBe('unknown');
    expect(v.links.every((l) => l.connected === null)).toBe(true);
    const again = m.onProbe('pve1', interpretProbe('Welcome to BusyBox!\n'), T0 + 2000, T0 + 2100);
    expect(again.events).toEqual([]);
    const fine = m.onProbe('pve1', interpretProbe(pve1Probe()), T0 + 3000, T0 + 3100);
    expect(fine.events.map((e) => [e.kind, e.endedAt])).toEqual([['parse_error', T0 + 3100]]);
  });

  it('one unreadable section is reported by name while the rest is used', () => {
    const text = pve1Probe().replace(/(@@corowatch begin quorumtool_s\n)[\s\S]*?(@@corowatch end)/, '$1Segmentation fault\n$2');
    const r = interpretProbe(text);
    expect(r.errors.map((e) => e.probe)).toEqual(['quorumtool_s']);
    expect(r.corosync).toBe('up');
    expect(r.links).toHaveLength(4);
  });

  it('corosync stopped on the node is corosync_down, not a parse error', () => {
    const down = fixture('pve3.cfgtool_s_corosync_down.txt');
    const r = interpretProbe(frameProbe({
      cfgtool_s: { body: down, rc: 1 }, cfgtool_n: { body: fixture('pve3.cfgtool_n_corosync_down.txt'), rc: 1 },
      cmap_stats: { body: fixture('pve3.cmapctl_m_stats_corosync_down.txt'), rc: 1 },
      cmap_nodelist: { body: fixture('pve3.cmapctl_m_stats_corosync_down.txt'), rc: 1 },
      quorumtool_s: { body: fixture('pve3.quorumtool_s_corosync_down.txt'), rc: 1 },
    }));
    expect(r.corosync).toBe('down');
    expect(r.errors).toEqual([]);
    const m = new ClusterModel(cfg);
    m.onSsh('pve3', 'up', null, T0);
    const c = m.onProbe('pve3', r, T0, T0 + 100);
    expect(c.events.map((e) => [e.kind, e.severity])).toEqual([['corosync_down', 'critical']]);
  });

  it('quorum lost and regained', () => {
    const { m } = upModel();
    const lost = m.onProbe('pve1', interpretProbe(pve1Probe('_inquorate')), T0 + 1000, T0 + 1100);
    expect(lost.events.map((e) => e.kind)).toContain('quorum_lost');
    expect(m.view().quorate).toBe(false);
    const back = m.onProbe('pve1', interpretProbe(pve1Probe()), T0 + 2000, T0 + 2100);
    expect(back.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['quorum_lost', 'quorum_regained']));
    expect(m.view().quorate).toBe(true);
  });

  it('events left open by a previous run continue instead of repeating', () => {
    const first = upModel().m;
    first.onLogLine('pve1', logLine('link: host: 3 link: 0 is down', T0 + 1000), T0 + 1000);
    const carried = first.tracker.openEvents().map((e) => ({ ...e }));
    const m = new ClusterModel(cfg, carried);
    m.onSsh('pve1', 'up', null, T0 + 60_000);
    const c = m.onProbe('pve1', interpretProbe(pve1Probe('_link0down')), T0 + 60_000, T0 + 60_100);
    expect(c.events).toEqual([]);
    expect(open(m, 'link_down')[0].id).toBe(carried[0].id);
  });
});
