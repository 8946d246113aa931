import { memo, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ClusterView, LinkView, NodeView } from '@/lib/analyze/views';

// The node × link matrix, compact: one chip per knet link, state by symbol as well as colour. Rows are memoised on
// the node view, which the live state replaces only when that node changed.

const SYM = { up: '✓', down: '✕', unknown: '?' } as const;

function chipState(l: LinkView): keyof typeof SYM {
  return l.connected === true ? 'up' : l.connected === false ? 'down' : 'unknown';
}

const Row = memo(function Row({ node, peers, linkCount }: { node: NodeView; peers: string[]; linkCount: number }) {
  const live = node.reachable && node.corosync === 'up';
  return (
    <tr>
      <th scope="row" className={live ? '' : 'wm-node-unknown'}><span className="wm-q">? </span>{node.name}</th>
      {peers.map((p) => {
        if (p === node.name) return <td key={p} className="wm-self" />;
        const links = node.links.filter((l) => l.peer === p);
        const chips: Array<LinkView | number> = [...links];
        for (let i = links.length; i < linkCount; i++) chips.push(i); // links not reported: unknown
        return (
          <td key={p}>
            {chips.map((l) => {
              const st = typeof l === 'number' ? 'unknown' : chipState(l);
              const link = typeof l === 'number' ? '' : l.link;
              const active = typeof l !== 'number' && l.active === true;
              return (
                <span key={typeof l === 'number' ? `x${l}` : l.link} className={`wm-chip wm-${st}${active ? ' wm-active' : ''}`}
                  data-cell={`${node.name}>${p}#${link}`} data-state={st}>
                  {SYM[st]}<sub>{link}</sub>
                </span>
              );
            })}
          </td>
        );
      })}
    </tr>
  );
});

/**
 * The largest font at which the table fits its box: measured (the table's size is close to linear in its font
 * size) when the box resizes or the peers change. Not container-query units: a table sized in cq units is laid out
 * again on every update nearby, which cost a 32-node wall half its frames.
 */
function useFitFont(key: string) {
  const box = useRef<HTMLDivElement>(null);
  const table = useRef<HTMLTableElement>(null);
  const [px, setPx] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    const t = table.current;
    if (!el || !t) return;
    const fit = () => {
      const { width: w, height: h } = el.getBoundingClientRect();
      let size = 20;
      for (let i = 0; i < 3; i++) { // converge on the borders and rounding
        t.style.fontSize = `${size}px`;
        const scale = Math.min(w / t.offsetWidth, h / t.offsetHeight);
        if (scale >= 1 && scale < 1.04) break;
        size = Math.max(4, Math.min(innerHeight * 0.055, Math.floor(size * scale * 0.99 * 10) / 10));
      }
      t.style.fontSize = `${size}px`;
      setPx(size);
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(el);
    return () => ro.disconnect();
  }, [key]);
  return { box, table, px };
}

/** compact: no link numbers in the chips (their order says it), for large clusters */
export function WallMatrix({ cluster, linkCount, compact = false }: { cluster: ClusterView; linkCount: number; compact?: boolean }) {
  const names = cluster.nodes.map((n) => n.name);
  const all = [...new Set([...names, ...cluster.nodes.flatMap((n) => n.links.map((l) => l.peer))])];
  const joined = all.join('\n');
  const peers = useMemo(() => joined.split('\n'), [joined]); // stable while the set of peers is, for the memoised rows
  const l = Math.max(1, linkCount);
  const { box, table, px } = useFitFont(`${joined}|${l}|${compact}`);
  return (
    <div className={`wm${compact ? ' wm-compact' : ''}`} ref={box} style={{ '--l': l } as React.CSSProperties}>
      <table ref={table} data-testid={`wall-matrix-${cluster.name}`} style={px === null ? { visibility: 'hidden' } : { fontSize: px }}>
        <thead>
          <tr>
            <th />
            {peers.map((p) => <th key={p} scope="col">{p}</th>)}
          </tr>
        </thead>
        <tbody>
          {cluster.nodes.map((n) => <Row key={n.name} node={n} peers={peers} linkCount={linkCount} />)}
        </tbody>
      </table>
    </div>
  );
}
