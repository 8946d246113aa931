import type { ClusterView, LinkView, NodeView } from '@/lib/analyze/views';
import type { BondStatus } from '@/lib/parse/types';

// Hand-made views for pure tests (cluster state, metrics): every node live, every link connected, unless changed.

export function linkView(peer: string, peerId: number, link: number, over: Partial<LinkView> = {}): LinkView {
  return {
    peer, peerId, link, enabled: true, connected: true, active: link === 0, mtu: 1397, latencyUs: 180 + link * 20,
    latencyMinUs: 90, latencyMaxUs: 900, latencySamples: 2048, changedAt: 1_000, rttUs: 150 + link * 10, rttMinUs: 120,
    rttMaxUs: 200, rttCount: 5, rttLost: 0, knetWindowUs: 160, downCount: 0, rxBytes: 1000, txBytes: 2000, ...over,
  };
}

export function nodeView(name: string, names: string[], links = 2, over: Partial<NodeView> = {}): NodeView {
  const id = names.indexOf(name) + 1;
  return {
    name, host: `10.0.0.${id}`, nodeId: id, reachable: true, ssh: 'up', sshError: null, corosync: 'up', corosyncError: null,
    quorate: true, ringId: '1.2c', totalVotes: names.length, expectedVotes: names.length, highestExpected: names.length,
    quorumVotes: Math.floor(names.length / 2) + 1,
    members: names.map((n, i) => ({ nodeId: i + 1, name: n, votes: 1 })),
    links: names.flatMap((p, i) => (p === name ? [] : Array.from({ length: links }, (_, l) => linkView(p, i + 1, l)))),
    bonds: [], errors: [], lastPollAt: 10_000, pollMs: 180, clockOffsetMs: 0, logFollowing: true, ...over,
  };
}

export function clusterView(name = 'lab', count = 3, links = 2): ClusterView {
  const names = Array.from({ length: count }, (_, i) => `pve${i + 1}`);
  return { name, quorate: true, pollIntervalMs: 1000, nodes: names.map((n) => nodeView(n, names, links)) };
}

export function bond(name: string, slaves: Array<[string, 'up' | 'down' | null]>): BondStatus {
  return {
    name, mode: 'fault-tolerance (active-backup)', modeKey: 'active-backup', miiStatus: 'up', activeSlave: slaves[0]?.[0] ?? null,
    primarySlave: null, aggregatorId: null,
    slaves: slaves.map(([n, mii]) => ({ name: n, miiStatus: mii, speed: '10000 Mbps', duplex: 'full', linkFailureCount: 0, aggregatorId: null, actorChurnState: null, partnerChurnState: null })),
  };
}
