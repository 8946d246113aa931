'use client';
import type { Selector } from './history-state';

export interface ClusterInfo {
  name: string;
  nodes: string[];
}

interface Props {
  clusters: ClusterInfo[];
  selectors: Selector[];
  onChange: (next: Selector[]) => void;
}

const MAX_SELECTORS = 8;

/** A new selector: the reverse direction of the last one if not shown yet, else the next pair of its cluster. */
export function nextSelector(clusters: ClusterInfo[], current: Selector[]): Selector | null {
  const has = (s: Selector) => current.some((c) => c.cluster === s.cluster && c.node === s.node && c.peer === s.peer && c.link === s.link);
  const last = current[current.length - 1];
  if (last) {
    const rev = { ...last, node: last.peer, peer: last.node };
    if (!has(rev)) return rev;
  }
  for (const c of last ? [clusters.find((x) => x.name === last.cluster)!, ...clusters] : clusters) {
    if (!c) continue;
    for (const a of c.nodes) for (const b of c.nodes) {
      const s = { cluster: c.name, node: a, peer: b, link: null };
      if (a !== b && !has(s)) return s;
    }
  }
  return null;
}

/** The compared series: each one cluster / observing node / peer / link (or every link). */
export function SeriesPicker({ clusters, selectors, onChange }: Props) {
  const set = (i: number, patch: Partial<Selector>) => {
    const next = selectors.map((s, j) => {
      if (j !== i) return s;
      const merged = { ...s, ...patch };
      const nodes = clusters.find((c) => c.name === merged.cluster)?.nodes ?? [];
      if (!nodes.includes(merged.node)) merged.node = nodes[0] ?? merged.node;
      if (!nodes.includes(merged.peer) || merged.peer === merged.node) merged.peer = nodes.find((n) => n !== merged.node) ?? merged.peer;
      return merged;
    });
    onChange(next);
  };
  const add = nextSelector(clusters, selectors);
  return (
    <div className="series-picker" data-testid="series-picker">
      {selectors.map((s, i) => {
        const nodes = clusters.find((c) => c.name === s.cluster)?.nodes ?? [s.node, s.peer];
        return (
          <div key={i} className="selector" data-testid="selector">
            {clusters.length > 1 && (
              <select aria-label="cluster" value={s.cluster} onChange={(e) => set(i, { cluster: e.target.value })}>
                {clusters.map((c) => <option key={c.name}>{c.name}</option>)}
              </select>
            )}
            <select aria-label="observing node" name={`node-${i}`} value={s.node} onChange={(e) => set(i, { node: e.target.value })}>
              {nodes.map((n) => <option key={n}>{n}</option>)}
            </select>
            <span className="muted">→</span>
            <select aria-label="peer" name={`peer-${i}`} value={s.peer} onChange={(e) => set(i, { peer: e.target.value })}>
              {nodes.filter((n) => n !== s.node).map((n) => <option key={n}>{n}</option>)}
            </select>
            <select aria-label="link" name={`link-${i}`} value={s.link === null ? '*' : String(s.link)} onChange={(e) => set(i, { link: e.target.value === '*' ? null : Number(e.target.value) })}>
              <option value="*">all links</option>
              {[0, 1, 2, 3, 4, 5, 6, 7].map((l) => <option key={l} value={l}>link{l}</option>)}
            </select>
            {selectors.length > 1 && (
              <button type="button" className="linklike" title="remove" aria-label="remove" onClick={() => onChange(selectors.filter((_, j) => j !== i))}>✕</button>
            )}
          </div>
        );
      })}
      {add && selectors.length < MAX_SELECTORS && (
        <button type="button" className="add-selector" data-testid="add-selector" onClick={() => onChange([...selectors, add])}>+ compare</button>
      )}
    </div>
  );
}
