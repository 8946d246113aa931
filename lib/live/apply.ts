import type { ClusterView, EventRecord } from '../analyze/views';
import type { LiveMessage } from './messages';
import { applyPatch } from './node-patch';

export interface LiveData {
  clusters: ClusterView[];
  events: EventRecord[];
}

const MAX_EVENTS = 200;

/** A client's state after one message from /api/live. Pure: the page's hook and the benchmarks share it. */
export function applyMessage<S extends LiveData>(s: S, m: LiveMessage): S {
  if (m.type === 'snapshot') return { ...s, clusters: m.clusters, events: m.events };
  if (m.type !== 'delta') return s;
  const clusters = s.clusters.map((c) => {
    const q = m.clusters.find((x) => x.name === c.name);
    const nodes = c.nodes.map((n) => {
      const full = m.nodes.find((x) => x.cluster === c.name && x.node.name === n.name)?.node;
      if (full) return full;
      const p = m.patches.find((x) => x.cluster === c.name && x.name === n.name);
      return p ? applyPatch(n, p) : n;
    });
    return { ...c, quorate: q ? q.quorate : c.quorate, nodes };
  });
  const byId = new Map(s.events.map((e) => [e.id, e]));
  for (const e of m.events) byId.set(e.id, e);
  const events = [...byId.values()].sort((a, b) => b.startedAt - a.startedAt).slice(0, MAX_EVENTS);
  return { ...s, clusters, events };
}
