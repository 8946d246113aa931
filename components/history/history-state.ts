// The history page's whole state lives in its URL (shareable): pure parsing, serialising and incident links. No React.
import { parseUrlTime } from '@/components/time-range';

export const HISTORY_RANGES = {
  '15m': 15 * 60_000, '1h': 3600_000, '6h': 6 * 3600_000, '24h': 24 * 3600_000,
  '7d': 7 * 86_400_000, '30d': 30 * 86_400_000, '90d': 90 * 86_400_000,
} as const;
export type HistoryRangeKey = keyof typeof HISTORY_RANGES;
export const RANGE_LABELS: Record<HistoryRangeKey, string> = {
  '15m': '15 min', '1h': '1 h', '6h': '6 h', '24h': '24 h', '7d': '7 days', '30d': '30 days', '90d': '90 days',
};
export const INCIDENT_MARGIN_MS = 10 * 60_000;
const DEFAULT_RANGE: HistoryRangeKey = '1h';

/** One line on the chart: an observing node's view of a peer, over one knet link or all of them (link null). */
export interface Selector {
  cluster: string;
  node: string;
  peer: string;
  link: number | null;
}

export type HistoryRange = { mode: 'live'; key: HistoryRangeKey; ms: number } | { mode: 'fixed'; from: number; to: number };

export interface HistoryState {
  range: HistoryRange;
  selectors: Selector[];
  /** the event an incident link was opened for, highlighted */
  event: string | null;
}

/** "lab/pve1/pve3/0", link "*" for every link. */
export function selectorToParam(s: Selector): string {
  return [s.cluster, s.node, s.peer, s.link === null ? '*' : String(s.link)].map(encodeURIComponent).join('/');
}

export function selectorFromParam(v: string): Selector | null {
  const parts = v.split('/').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return '';
    }
  });
  if (parts.length < 3 || parts.length > 4 || parts.slice(0, 3).some((p) => !p)) return null;
  const l = parts[3] ?? '*';
  if (l !== '*' && !/^[0-7]$/.test(l)) return null;
  return { cluster: parts[0], node: parts[1], peer: parts[2], link: l === '*' ? null : Number(l) };
}

export const selectorKey = (s: Selector) => selectorToParam(s);

export function stateFromSearch(sp: URLSearchParams): HistoryState {
  const from = parseUrlTime(sp.get('from'));
  const to = parseUrlTime(sp.get('to'));
  let range: HistoryRange;
  if (from !== null && to !== null && from < to) range = { mode: 'fixed', from, to };
  else {
    const k = sp.get('range') as HistoryRangeKey | null;
    const key = k && k in HISTORY_RANGES ? k : DEFAULT_RANGE;
    range = { mode: 'live', key, ms: HISTORY_RANGES[key] };
  }
  const seen = new Set<string>();
  const selectors: Selector[] = [];
  for (const v of sp.getAll('s')) {
    const s = selectorFromParam(v);
    if (s && !seen.has(selectorKey(s))) {
      seen.add(selectorKey(s));
      selectors.push(s);
    }
  }
  return { range, selectors, event: sp.get('ev') || null };
}

export function searchFromState(st: HistoryState): string {
  const p = new URLSearchParams();
  if (st.range.mode === 'fixed') {
    p.set('from', String(Math.round(st.range.from)));
    p.set('to', String(Math.round(st.range.to)));
  } else if (st.range.key !== DEFAULT_RANGE) p.set('range', st.range.key);
  for (const s of st.selectors) p.append('s', selectorToParam(s));
  if (st.event) p.set('ev', st.event);
  return p.toString().replace(/%2F/g, '/').replace(/%2A/g, '*');
}

export function historyHref(st: HistoryState): string {
  const qs = searchFromState(st);
  return qs ? `/history?${qs}` : '/history';
}

interface EventLike {
  id: string;
  cluster: string;
  node: string | null;
  peer: string | null;
  startedAt: string | number;
  endedAt: string | number | null;
}

const ms = (v: string | number) => (typeof v === 'number' ? v : Date.parse(v));

/**
 * The incident view of an event: 10 minutes before it started to 10 minutes after it ended (or after its start while
 * it lasts), both directions of its pair with every link; a node's own event shows the node towards its peers.
 */
export function incidentHref(e: EventLike, clusterNodes: string[]): string | null {
  if (!e.node) return null;
  const start = ms(e.startedAt);
  const end = e.endedAt === null ? start : Math.max(start, ms(e.endedAt));
  const peers = e.peer ? [e.peer] : clusterNodes.filter((n) => n !== e.node).slice(0, 3);
  if (peers.length === 0) return null;
  const selectors: Selector[] = [];
  for (const p of peers) {
    selectors.push({ cluster: e.cluster, node: e.node, peer: p, link: null });
    if (e.peer) selectors.push({ cluster: e.cluster, node: p, peer: e.node, link: null });
  }
  return historyHref({ range: { mode: 'fixed', from: start - INCIDENT_MARGIN_MS, to: end + INCIDENT_MARGIN_MS }, selectors, event: e.id });
}

/** The domain a state shows at `now`. */
export function domainOf(r: HistoryRange, now: number): { from: number; to: number } {
  return r.mode === 'live' ? { from: now - r.ms, to: now } : { from: r.from, to: r.to };
}

/** How often a live range is fetched again. */
export function refreshMs(r: HistoryRange): number | null {
  if (r.mode !== 'live') return null;
  return r.ms <= 3600_000 ? 5000 : r.ms <= 86_400_000 ? 30_000 : 120_000;
}
