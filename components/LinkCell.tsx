import Link from 'next/link';
import type { EventRecord, LinkView } from '@/lib/analyze/views';
import { formatLatency } from './format';

export type CellState = 'up' | 'down' | 'unknown';

export function cellState(l: LinkView): CellState {
  if (l.connected === true) return 'up';
  if (l.connected === false) return 'down';
  return 'unknown';
}

const SYMBOL: Record<CellState, string> = { up: '✓', down: '✕', unknown: '?' };

export function linkHref(cluster: string, node: string, peer: string): string {
  return `/link/${encodeURIComponent(cluster)}/${encodeURIComponent(node)}/${encodeURIComponent(peer)}`;
}

/**
 * One knet link between an observing node and a peer: state by symbol and text as well as colour. With a cluster it
 * links to the pair's charts; open events on this observer/peer/link mark it.
 */
export function LinkCell({ node, link, cluster, openEvents = [] }: { node: string; link: LinkView; cluster?: string; openEvents?: EventRecord[] }) {
  const state = cellState(link);
  const title = `${node} → ${link.peer} link${link.link}: ${state === 'up' ? 'connected' : state}` +
    (link.active ? ' (active)' : '') + (link.latencyUs !== null ? `, knet latency ${formatLatency(link.latencyUs)}` : '') +
    (link.mtu ? `, MTU ${link.mtu}` : '') + openEvents.map((e) => `\nopen: ${e.message}`).join('');
  const cell = (
    <span className={`link link-${state}${link.active ? ' link-active' : ''}${openEvents.length ? ' link-has-event' : ''}`} title={title}
      data-cell={`${node}>${link.peer}#${link.link}`} data-state={state} data-active={String(link.active)}
      data-open-events={openEvents.length || undefined}>
      <span className="link-sym" aria-hidden>{SYMBOL[state]}</span>
      <span className="link-name">link{link.link}</span>
      <span className="link-text">{state === 'up' ? (link.active ? 'active' : 'standby') : state}</span>
      <span className="link-lat">{state === 'up' ? formatLatency(link.latencyUs) : ''}</span>
      {openEvents.length > 0 && <span className="link-event" aria-label={`${openEvents.length} open event(s)`}>●</span>}
    </span>
  );
  return cluster ? <Link className="cell-link" href={linkHref(cluster, node, link.peer)} prefetch={false}>{cell}</Link> : cell;
}
