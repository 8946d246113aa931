import type { ClusterView, NodeView } from './views';

// One word for a whole cluster, for the wall: is it fine, has it lost redundancy, or is it broken? Pure.
//
//   FAILED    quorum lost, or two nodes whose corosync both run cannot reach each other on any link
//             (an observer reports every link to a live peer as down)
//   DEGRADED  redundancy lost: an observer → peer pair has fewer connected links than configured (configured =
//             the most links seen for any pair of the cluster, since corosync gives every node the same links),
//             a bond runs on one slave (or none), a node is unreachable or its corosync is not running, or the
//             state of a pair's links is not known
//   OK        otherwise

export type ClusterLevel = 'ok' | 'degraded' | 'failed';

export interface ClusterState {
  level: ClusterLevel;
  /** why, most severe first; empty when OK */
  reasons: string[];
}

const SSH_TEXT: Partial<Record<NodeView['ssh'], string>> = {
  connecting: 'connecting', 'hostkey-mismatch': 'host key mismatch', 'hostkey-unknown': 'host key not accepted',
};

const live = (n: NodeView) => n.reachable && n.corosync === 'up';

function nodeProblem(n: NodeView): string | null {
  if (!n.reachable) return `${n.name}: ${SSH_TEXT[n.ssh] ?? 'unreachable'}`;
  if (n.corosync !== 'up') return `${n.name}: corosync ${n.corosync}`;
  return null;
}

/** Links a pair is expected to have: the most (enabled) links any observer lists for any one peer. */
export function configuredLinks(c: ClusterView): number {
  let max = 0;
  for (const n of c.nodes) {
    const perPeer = new Map<string, number>();
    for (const l of n.links) if (l.enabled !== false) perPeer.set(l.peer, (perPeer.get(l.peer) ?? 0) + 1);
    for (const k of perPeer.values()) max = Math.max(max, k);
  }
  return max;
}

export function clusterState(c: ClusterView): ClusterState {
  const failed: string[] = [];
  const degraded: string[] = [];
  if (c.quorate === false) failed.push('quorum lost');

  const byName = new Map(c.nodes.map((n) => [n.name, n]));
  for (const n of c.nodes) {
    const p = nodeProblem(n);
    if (p) degraded.push(p);
  }
  if (c.nodes.length > 0 && !c.nodes.some(live)) degraded.push('no node answers: cluster state unknown');

  const expected = configuredLinks(c);
  for (const n of c.nodes) {
    if (!live(n)) continue;
    const peers = new Set([...c.nodes.map((x) => x.name), ...n.links.map((l) => l.peer)]);
    peers.delete(n.name);
    for (const peer of peers) {
      const pn = byName.get(peer);
      const peerDown = pn !== undefined && !live(pn); // already counted as a node problem
      const links = n.links.filter((l) => l.peer === peer && l.enabled !== false);
      const up = links.filter((l) => l.connected === true).length;
      const down = links.filter((l) => l.connected === false).length;
      if (up >= expected && links.length > 0) continue;
      if (peerDown) continue;
      const pair = `${n.name} → ${peer}`;
      if (up === 0 && down > 0 && down === links.length) failed.push(`${pair}: no link connected`);
      else if (up === 0 && links.length === 0) degraded.push(`${pair}: no links reported`);
      else if (up === 0) degraded.push(`${pair}: link state unknown`);
      else degraded.push(`${pair}: ${up} of ${expected} links connected`);
    }
    for (const b of n.bonds) {
      const slavesUp = b.slaves.filter((s) => s.miiStatus === 'up').length;
      if (b.slaves.length >= 2 && slavesUp <= 1) degraded.push(`${n.name} ${b.name}: ${slavesUp === 1 ? 'runs on one slave' : 'no slave up'}`);
      else if (b.slaves.length === 1 && b.miiStatus === 'down') degraded.push(`${n.name} ${b.name}: down`);
    }
  }

  if (failed.length) return { level: 'failed', reasons: [...failed, ...degraded] };
  if (degraded.length) return { level: 'degraded', reasons: degraded };
  return { level: 'ok', reasons: [] };
}
