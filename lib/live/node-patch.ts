import type { LinkView, NodeView } from '../analyze/views';

// After the snapshot, a node that changed is sent as the fields that changed since the hub last sent it, not as the
// whole view (~25 KB for a node of a 32-node cluster, most of it links whose state did not move). Pure.

export type LinkPatch = { peer: string; link: number } & Partial<LinkView>;

export interface NodePatch {
  cluster: string;
  name: string;
  /** top-level fields that changed, `links` excepted */
  set: Partial<Omit<NodeView, 'links'>>;
  /** changed links (identified by peer and link) with only their changed fields */
  links: LinkPatch[];
}

const same = (a: unknown, b: unknown) => a === b || (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null && JSON.stringify(a) === JSON.stringify(b));
const linkKey = (l: { peer: string; link: number }) => `${l.peer}/${l.link}`;

/** The patch from prev to cur, or null when the links themselves differ (added, removed, reordered): send the whole view. */
export function diffNode(cluster: string, prev: NodeView, cur: NodeView): NodePatch | null {
  if (prev.links.length !== cur.links.length || prev.links.some((l, i) => linkKey(l) !== linkKey(cur.links[i]))) return null;
  const set: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(prev), ...Object.keys(cur)])) {
    if (k === 'links') continue;
    const a = (prev as unknown as Record<string, unknown>)[k];
    const b = (cur as unknown as Record<string, unknown>)[k];
    if (!same(a, b)) set[k] = b === undefined ? null : b;
  }
  const links: LinkPatch[] = [];
  cur.links.forEach((l, i) => {
    const p = prev.links[i] as unknown as Record<string, unknown>;
    let patch: LinkPatch | null = null;
    for (const [k, v] of Object.entries(l)) {
      if (same(p[k], v)) continue;
      patch ??= { peer: l.peer, link: l.link };
      (patch as Record<string, unknown>)[k] = v;
    }
    if (patch) links.push(patch);
  });
  return { cluster, name: cur.name, set: set as NodePatch['set'], links };
}

export function applyPatch(n: NodeView, p: NodePatch): NodeView {
  if (!p.links.length) return { ...n, ...p.set };
  const byKey = new Map(p.links.map((l) => [linkKey(l), l]));
  return { ...n, ...p.set, links: n.links.map((l) => {
    const lp = byKey.get(linkKey(l));
    return lp ? { ...l, ...lp } : l;
  }) };
}
