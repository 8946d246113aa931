import { describe, expect, it } from 'vitest';
import { clusterState, configuredLinks } from '@/lib/analyze/cluster-state';
import type { ClusterView, NodeView } from '@/lib/analyze/views';
import { bond, clusterView } from '../helpers/views';

const node = (c: ClusterView, name: string): NodeView => c.nodes.find((n) => n.name === name)!;
const link = (c: ClusterView, from: string, to: string, l: number) => node(c, from).links.find((x) => x.peer === to && x.link === l)!;

describe('cluster state for the wall', () => {
  it('OK: every node live, every pair on all its links, quorate', () => {
    const c = clusterView();
    expect(configuredLinks(c)).toBe(2);
    expect(clusterState(c)).toEqual({ level: 'ok', reasons: [] });
  });

  it('OK with a single-link cluster: one link is all that is configured', () => {
    expect(clusterState(clusterView('one', 3, 1)).level).toBe('ok');
  });

  it('DEGRADED: one link of a pair down (redundancy lost), names the pair', () => {
    const c = clusterView();
    link(c, 'pve3', 'pve1', 0).connected = false;
    link(c, 'pve1', 'pve3', 0).connected = false;
    const s = clusterState(c);
    expect(s.level).toBe('degraded');
    expect(s.reasons).toEqual(['pve1 → pve3: 1 of 2 links connected', 'pve3 → pve1: 1 of 2 links connected']);
  });

  it('DEGRADED: a pair that lists fewer links than the cluster has (link missing from the view)', () => {
    const c = clusterView();
    const n = node(c, 'pve2');
    n.links = n.links.filter((l) => !(l.peer === 'pve3' && l.link === 1));
    expect(clusterState(c)).toEqual({ level: 'degraded', reasons: ['pve2 → pve3: 1 of 2 links connected'] });
  });

  it('DEGRADED: a node unreachable (unknown) even though every other pair is fine', () => {
    const c = clusterView();
    Object.assign(node(c, 'pve2'), { reachable: false, ssh: 'down', corosync: 'unknown', quorate: null });
    for (const l of node(c, 'pve2').links) l.connected = null;
    const s = clusterState(c);
    expect(s.level).toBe('degraded');
    expect(s.reasons).toEqual(['pve2: unreachable']);
  });

  it('DEGRADED, not FAILED: a stopped node whose peers see its links down (quorum kept)', () => {
    const c = clusterView();
    Object.assign(node(c, 'pve3'), { corosync: 'down', quorate: null });
    for (const n of ['pve1', 'pve2']) for (const l of node(c, n).links) if (l.peer === 'pve3') l.connected = false;
    expect(clusterState(c)).toEqual({ level: 'degraded', reasons: ['pve3: corosync down'] });
  });

  it('DEGRADED: a host key not accepted is named', () => {
    const c = clusterView();
    Object.assign(node(c, 'pve1'), { reachable: false, ssh: 'hostkey-unknown', corosync: 'unknown' });
    expect(clusterState(c).reasons).toEqual(['pve1: host key not accepted']);
  });

  it('DEGRADED: a bond running on one slave; a healthy bond is fine', () => {
    const c = clusterView();
    node(c, 'pve1').bonds = [bond('bond0', [['eno1', 'up'], ['eno2', 'up']])];
    expect(clusterState(c).level).toBe('ok');
    node(c, 'pve2').bonds = [bond('bond1', [['eno1', 'up'], ['eno2', 'down']])];
    expect(clusterState(c)).toEqual({ level: 'degraded', reasons: ['pve2 bond1: runs on one slave'] });
  });

  it('DEGRADED: link state unknown on a live node is not OK', () => {
    const c = clusterView();
    for (const l of node(c, 'pve1').links) if (l.peer === 'pve2') l.connected = null;
    expect(clusterState(c)).toEqual({ level: 'degraded', reasons: ['pve1 → pve2: link state unknown'] });
  });

  it('DEGRADED: nothing answers at all', () => {
    const c = clusterView();
    c.quorate = null;
    for (const n of c.nodes) Object.assign(n, { reachable: false, ssh: 'down', corosync: 'unknown' });
    const s = clusterState(c);
    expect(s.level).toBe('degraded');
    expect(s.reasons.at(-1)).toBe('no node answers: cluster state unknown');
  });

  it('FAILED: quorum lost', () => {
    const c = clusterView();
    c.quorate = false;
    for (const n of c.nodes) n.quorate = false;
    expect(clusterState(c)).toEqual({ level: 'failed', reasons: ['quorum lost'] });
  });

  it('FAILED: two live nodes with no connected link between them (partition), degraded reasons follow', () => {
    const c = clusterView();
    for (const l of node(c, 'pve1').links) if (l.peer === 'pve2') l.connected = false;
    link(c, 'pve3', 'pve1', 1).connected = false;
    const s = clusterState(c);
    expect(s.level).toBe('failed');
    expect(s.reasons).toEqual(['pve1 → pve2: no link connected', 'pve3 → pve1: 1 of 2 links connected']);
  });

  it('disabled links are not counted as configured', () => {
    const c = clusterView();
    for (const n of c.nodes) for (const l of n.links) if (l.link === 1) Object.assign(l, { enabled: false, connected: false });
    expect(configuredLinks(c)).toBe(1);
    expect(clusterState(c).level).toBe('ok');
  });
});
