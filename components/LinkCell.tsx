import type { LinkView } from '@/lib/analyze/views';
import { formatLatency } from './format';

export type CellState = 'up' | 'down' | 'unknown';

export function cellState(l: LinkView): CellState {
  if (l.connected === true) return 'up';
  if (l.connected === false) return 'down';
  return 'unknown';
}

const SYMBOL: Record<CellState, string> = { up: '✓', down: '✕', unknown: '?' };

/** One knet link between an observing node and a peer: state by symbol and text as well as colour. */
export function LinkCell({ node, link }: { node: string; link: LinkView }) {
  const state = cellState(link);
  const title = `${node} → ${link.peer} link${link.link}: ${state === 'up' ? 'connected' : state}` +
    (link.active ? ' (active)' : '') + (link.latencyUs !== null ? `, knet latency ${formatLatency(link.latencyUs)}` : '') +
    (link.mtu ? `, MTU ${link.mtu}` : '');
  return (
    <span className={`link link-${state}${link.active ? ' link-active' : ''}`} title={title}
      data-cell={`${node}>${link.peer}#${link.link}`} data-state={state} data-active={String(link.active)}>
      <span className="link-sym" aria-hidden>{SYMBOL[state]}</span>
      <span className="link-name">link{link.link}</span>
      <span className="link-text">{state === 'up' ? (link.active ? 'active' : 'standby') : state}</span>
      <span className="link-lat">{state === 'up' ? formatLatency(link.latencyUs) : ''}</span>
    </span>
  );
}
