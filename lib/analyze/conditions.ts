import type { Condition } from './event-tracker';
import type { NodeView } from './views';

// What is wrong with one node right now, as far as corowatch can see, and which event kinds it can judge.

export interface NodeConditions {
  scope: Set<string>;
  conditions: Condition[];
}

export function nodeConditions(v: NodeView): NodeConditions {
  const scope = new Set<string>();
  const conditions: Condition[] = [];
  const node = v.name;
  if (v.ssh === 'connecting') return { scope, conditions }; // first contact pending: judge nothing yet
  scope.add('node_unreachable');
  if (!v.reachable) {
    const mismatch = v.ssh === 'hostkey-mismatch' || v.ssh === 'hostkey-unknown';
    conditions.push({
      kind: 'node_unreachable', severity: 'critical', node, peer: null, link: null,
      message: `${node} unreachable: ${v.sshError ?? v.ssh}`, details: { ssh: v.ssh, ...(mismatch ? { hostKey: true } : {}) },
    });
    return { scope, conditions };
  }
  if (v.lastPollAt === null) return { scope, conditions };
  scope.add('parse_error');
  for (const e of v.errors) {
    conditions.push({ kind: 'parse_error', severity: 'warning', node, peer: null, link: null, sub: e.probe, message: `${node} ${e.probe}: ${e.error}` });
  }
  scope.add('corosync_down');
  if (v.corosync === 'down') {
    conditions.push({ kind: 'corosync_down', severity: 'critical', node, peer: null, link: null, message: `corosync not running on ${node}: ${v.corosyncError ?? ''}`.trim() });
  }
  if (v.corosync !== 'up') return { scope, conditions };
  scope.add('link_down');
  scope.add('quorum_lost');
  const connectedByPeer = new Map<string, number>();
  for (const l of v.links) if (l.connected) connectedByPeer.set(l.peer, (connectedByPeer.get(l.peer) ?? 0) + 1);
  for (const l of v.links) {
    if (l.connected !== false || l.enabled === false) continue;
    const none = !connectedByPeer.get(l.peer);
    conditions.push({
      kind: 'link_down', severity: none ? 'critical' : 'warning', node, peer: l.peer, link: l.link,
      message: `${node} → ${l.peer} link${l.link} down`,
    });
  }
  if (v.quorate === false) {
    conditions.push({
      kind: 'quorum_lost', severity: 'critical', node, peer: null, link: null,
      message: `${node} is not quorate (${v.totalVotes ?? '?'} of ${v.expectedVotes ?? '?'} votes)`,
    });
  }
  return { scope, conditions };
}
