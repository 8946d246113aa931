'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useMemo, useState } from 'react';
import type { EventRecord } from '@/lib/analyze/views';
import { fmtClock, fmtDuration } from '@/components/charts/chart-data';
import { incidentHref } from '@/components/history/history-state';

const REFRESH_MS = 5000;
const LIMIT = 500;
const SINCE = { '1h': 3600_000, '24h': 86_400_000, '7d': 7 * 86_400_000 } as const;
type SinceKey = keyof typeof SINCE | 'all';
const SEVERITIES = ['critical', 'warning', 'info'] as const;
export const KNOWN_KINDS = [
  'link_down', 'link_up', 'failover', 'failback', 'jitter_spike', 'rtt_high', 'packet_loss', 'link_flapping', 'mtu_changed',
  'quorum_lost', 'quorum_regained', 'node_unreachable', 'node_reachable', 'corosync_down', 'corosync_up', 'parse_error',
];

interface ApiEvent extends Omit<EventRecord, 'startedAt' | 'endedAt'> {
  startedAt: string;
  endedAt: string | null;
}

interface ClusterInfo {
  name: string;
  nodes: string[];
}

/** Where an event is best seen: its pair's link chart around its start; a node's event on its first peer's chart. */
export function eventHref(e: Pick<ApiEvent, 'cluster' | 'node' | 'peer' | 'startedAt'>, clusters: ClusterInfo[]): string {
  const at = Date.parse(e.startedAt);
  if (!e.node) return '/';
  const peer = e.peer ?? clusters.find((c) => c.name === e.cluster)?.nodes.find((n) => n !== e.node);
  if (!peer) return '/';
  return `/link/${encodeURIComponent(e.cluster)}/${encodeURIComponent(e.node)}/${encodeURIComponent(peer)}?at=${at}`;
}

function subject(e: ApiEvent): string {
  if (!e.node) return e.cluster;
  if (!e.peer) return e.node;
  return `${e.node} → ${e.peer}${e.link !== null ? ` link${e.link}` : ''}`;
}

function dayOf(t: number): string {
  return new Date(t).toLocaleDateString([], { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });
}

/** The stored events, newest first, filtered by what the URL says; refreshes itself. */
export function EventTimeline({ clusters }: { clusters: ClusterInfo[] }) {
  const sp = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = sp.toString();
  const f = useMemo(() => {
    const p = new URLSearchParams(search);
    const since = (p.get('since') ?? 'all') as SinceKey;
    return {
      cluster: p.get('cluster') ?? '', node: p.get('node') ?? '', kind: p.get('kind') ?? '', severity: p.get('severity') ?? '',
      since: since in SINCE ? since : ('all' as SinceKey),
    };
  }, [search]);
  const [events, setEvents] = useState<ApiEvent[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    setEvents(null);
    const load = async () => {
      const qs = new URLSearchParams({ limit: String(LIMIT) });
      if (f.cluster) qs.set('cluster', f.cluster);
      if (f.node) qs.set('node', f.node);
      if (f.kind) qs.set('kind', f.kind);
      if (f.severity) qs.set('severity', f.severity);
      if (f.since !== 'all') qs.set('from', String(Date.now() - SINCE[f.since as keyof typeof SINCE]));
      try {
        const r = await fetch(`/api/events?${qs}`, { cache: 'no-store' });
        const body = await r.json();
        if (!r.ok) throw new Error(body.error ?? `HTTP ${r.status}`);
        if (!cancelled) {
          setEvents(body.events);
          setError(null);
          setNow(Date.now());
        }
      } catch (e) {
        if (!cancelled) setError((e as Error).message);
      }
      if (!cancelled) timer = setTimeout(load, REFRESH_MS);
    };
    void load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [f]);

  const set = (k: string, v: string) => {
    const next = new URLSearchParams(search);
    if (v) next.set(k, v);
    else next.delete(k);
    if (k === 'cluster') next.delete('node');
    const qs = next.toString();
    router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
  };

  const nodeChoices = [...new Set((f.cluster ? clusters.filter((c) => c.name === f.cluster) : clusters).flatMap((c) => c.nodes))];
  const kinds = [...new Set([...KNOWN_KINDS, ...(events ?? []).map((e) => e.kind), ...(f.kind ? f.kind.split(',') : [])])];
  const open = events?.filter((e) => e.endedAt === null).length ?? 0;

  // newest first, grouped by day
  const groups: Array<{ day: string; list: ApiEvent[] }> = [];
  for (const e of events ?? []) {
    const day = dayOf(Date.parse(e.startedAt));
    if (groups[groups.length - 1]?.day !== day) groups.push({ day, list: [] });
    groups[groups.length - 1].list.push(e);
  }

  return (
    <main className="eventspage">
      <header className="top">
        <div className="crumbs">
          <Link href="/">corowatch</Link> <span className="muted">/</span> <h1>Events</h1>
        </div>
        <span className="muted" data-testid="event-count">
          {events === null ? 'loading…' : `${events.length}${events.length === LIMIT ? '+' : ''} event${events.length === 1 ? '' : 's'}${open ? ` · ${open} open` : ''}`}
        </span>
      </header>

      <form className="filters" data-testid="event-filters" onSubmit={(e) => e.preventDefault()}>
        <label>cluster
          <select name="cluster" value={f.cluster} onChange={(e) => set('cluster', e.target.value)}>
            <option value="">all</option>
            {clusters.map((c) => <option key={c.name} value={c.name}>{c.name}</option>)}
          </select>
        </label>
        <label>node
          <select name="node" value={f.node} onChange={(e) => set('node', e.target.value)}>
            <option value="">all</option>
            {[...new Set([...nodeChoices, ...(f.node ? [f.node] : [])])].map((n) => <option key={n} value={n}>{n}</option>)}
          </select>
        </label>
        <label>kind
          <select name="kind" value={f.kind} onChange={(e) => set('kind', e.target.value)}>
            <option value="">all</option>
            {kinds.map((k) => <option key={k} value={k}>{k}</option>)}
          </select>
        </label>
        <label>severity
          <select name="severity" value={f.severity} onChange={(e) => set('severity', e.target.value)}>
            <option value="">all</option>
            {SEVERITIES.map((s) => <option key={s} value={s}>{s}</option>)}
            <option value="warning,critical">warning + critical</option>
          </select>
        </label>
        <label>since
          <select name="since" value={f.since} onChange={(e) => set('since', e.target.value === 'all' ? '' : e.target.value)}>
            <option value="all">any time</option>
            <option value="1h">1 h</option>
            <option value="24h">24 h</option>
            <option value="7d">7 days</option>
          </select>
        </label>
        {(f.cluster || f.node || f.kind || f.severity || f.since !== 'all') && (
          <button type="button" onClick={() => router.replace(pathname, { scroll: false })}>clear filters</button>
        )}
      </form>

      {error && <p className="error">{error}</p>}
      {events !== null && events.length === 0 && <p className="muted">No events match.</p>}
      {groups.map((g) => (
        <section key={g.day}>
          <h2 className="day">{g.day}</h2>
          <ul className="timeline" data-testid="timeline">
            {g.list.map((e) => {
              const t = Date.parse(e.startedAt);
              const end = e.endedAt === null ? null : Date.parse(e.endedAt);
              return (
                <li key={e.id} className={`tl-event sev-${e.severity}${end === null ? ' tl-open' : ''}`} data-testid="event-row" data-kind={e.kind} data-open={String(end === null)} data-id={e.id}>
                  <Link href={eventHref(e, clusters)} data-testid="event-link" title="show the link chart around this moment">
                    <span className="tl-time">{fmtClock(t, true)}</span>
                    <span className="tl-sev">{e.severity}</span>
                    <span className="tl-kind">{e.kind}</span>
                    <span className="tl-subject">{clusters.length > 1 ? `${e.cluster}: ` : ''}{subject(e)}</span>
                    <span className="tl-msg">{e.message}</span>
                    <span className="tl-dur">
                      {end === null ? <b className="open-badge">open {fmtDuration(now - t)}</b> : end > t ? fmtDuration(end - t) : ''}
                    </span>
                  </Link>
                  {(() => {
                    const href = incidentHref(e, clusters.find((c) => c.name === e.cluster)?.nodes ?? []);
                    return href && <Link href={href} className="tl-incident" data-testid="incident-link" title="the charts of the affected links from 10 min before to 10 min after, with the other events of that window">incident ▸</Link>;
                  })()}
                </li>
              );
            })}
          </ul>
        </section>
      ))}
    </main>
  );
}
