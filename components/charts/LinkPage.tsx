'use client';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { SeriesEvent, SeriesResponse } from '@/lib/runtime/series-query';
import { liveRangeFor, panWindow } from '@/components/time-range';
import { useWidth } from '@/components/useWidth';
import { LinkChart } from './LinkChart';
import {
  RANGES, fmtClock, fmtDateTime, fmtDuration, mergeIncrement, rangeFromSearch, sortSeries, switchLabel, yMax,
  type Interval, type RangeKey,
} from './chart-data';

const REFRESH_MS = 2000;
const RANGE_LABEL: Record<RangeKey, string> = { '15m': '15 min', '1h': '1 h', '6h': '6 h', '24h': '24 h' };

interface Props {
  cluster: string;
  node: string;
  peer: string;
  /** the cluster's nodes, for the links to the other pairs; empty when unknown */
  nodes: string[];
}

interface View {
  resp: SeriesResponse;
  domain: Interval;
  fetchedAt: number;
}

async function fetchSeries(qs: URLSearchParams): Promise<SeriesResponse> {
  const r = await fetch(`/api/series?${qs}`, { cache: 'no-store' });
  const body = await r.json().catch(() => ({ error: `HTTP ${r.status}` }));
  if (!r.ok) throw new Error(body.error ?? `HTTP ${r.status}`);
  return body as SeriesResponse;
}

function eventSubject(e: SeriesEvent): string {
  if (!e.node) return e.cluster;
  if (!e.peer) return e.node;
  const isSwitch = e.kind === 'failover' || e.kind === 'failback'; // its links are in the label
  return `${e.node} → ${e.peer}${e.link !== null && !isSwitch ? ` link${e.link}` : ''}`;
}

/** Both directions of one node pair, every knet link, on one shared time axis. */
export function LinkPage({ cluster, node, peer, nodes }: Props) {
  const sp = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const search = sp.toString();
  const spec = useMemo(() => rangeFromSearch(new URLSearchParams(search)), [search]);
  const scale: 'sqrt' | 'linear' = sp.get('y') === 'linear' ? 'linear' : 'sqrt';
  const [view, setView] = useState<View | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [ref, width] = useWidth<HTMLDivElement>();

  const go = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(search);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null) next.delete(k);
        else next.set(k, v);
      }
      const qs = next.toString();
      router.push(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname, search],
  );

  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let current: View | null = null; // this range's data so far; a new range starts from nothing
    const base = { cluster, node, peer };
    setLoading(true);
    setView(null);
    const full = async () => {
      const now = Date.now();
      const domain = spec.mode === 'live' ? { from: now - spec.ms, to: now } : { from: spec.from, to: spec.to };
      const resp = await fetchSeries(new URLSearchParams({ ...base, from: String(domain.from), to: String(domain.to) }));
      return { resp, domain, fetchedAt: now };
    };
    const tick = async () => {
      try {
        const prev = current;
        let next: View;
        if (spec.mode === 'live' && prev) {
          const now = Date.now();
          const domain = { from: now - spec.ms, to: now };
          const lastT = Math.max(...prev.resp.series.map((s) => s.points[s.points.length - 1]?.t ?? 0), prev.fetchedAt - 10_000);
          if (now - lastT > spec.ms / 2) {
            next = await full();
          } else {
            const b = prev.resp.bucketMs;
            // re-read the newest bucket (still filling) or the last few polls (a slow node's late sample)
            const from = Math.max(domain.from, b ? Math.floor(lastT / b) * b : lastT - 5000);
            const qs = new URLSearchParams({ ...base, from: String(from), to: String(now) });
            if (b) qs.set('bucketMs', String(b));
            const inc = await fetchSeries(qs);
            next = { resp: mergeIncrement(prev.resp, inc, domain), domain, fetchedAt: now };
          }
        } else {
          next = await full();
        }
        if (cancelled) return;
        current = next;
        setView(next);
        setError(null);
      } catch (e) {
        if (!cancelled) setError((e as Error).message);
      } finally {
        if (!cancelled) setLoading(false);
      }
      // live windows refresh; so does a fixed one that reaches into the future (data still arriving)
      if (!cancelled && (spec.mode === 'live' || spec.to > Date.now() - REFRESH_MS)) timer = setTimeout(tick, REFRESH_MS);
    };
    void tick();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [cluster, node, peer, spec]);

  const domain = view?.domain ?? (spec.mode === 'live' ? null : { from: spec.from, to: spec.to });
  const resp = view?.resp ?? null;
  const series = resp ? sortSeries(resp.series, node) : [];
  const top = resp && domain ? yMax(resp, domain) : 1;
  const stepMs = resp ? (resp.bucketMs ?? resp.pollIntervalMs) : 1000;
  const now = view?.fetchedAt ?? Date.now();
  const at = spec.mode === 'fixed' ? spec.at : null;
  const directions = [
    { observer: node, peer, list: series.filter((s) => s.observer === node) },
    { observer: peer, peer: node, list: series.filter((s) => s.observer === peer) },
  ];
  const multiDay = domain ? new Date(domain.from).toDateString() !== new Date(domain.to).toDateString() : false;
  const events = resp ? [...resp.events].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt)) : [];
  const pan = (dir: -1 | 1) => {
    if (!domain) return;
    const moved = panWindow(domain, dir, Date.now());
    if (moved) go({ from: String(moved.from), to: String(moved.to), at: null, range: null });
    else go({ range: liveRangeFor(RANGES, domain.to - domain.from), from: null, to: null, at: null });
  };
  const pick = (t: number) => go({ at: String(Math.round(t)), from: null, to: null, range: null });
  const others = nodes.filter((n) => n !== node && n !== peer);

  return (
    <main className="linkpage">
      <header className="top">
        <div className="crumbs">
          <Link href="/">corowatch</Link> <span className="muted">/ {cluster} /</span>{' '}
          <h1>{node} ⇄ {peer}</h1>
        </div>
        <nav className="nav">
          <Link href={`/events?cluster=${encodeURIComponent(cluster)}&node=${encodeURIComponent(node)}`}>events</Link>
          <Link href={`/link/${cluster}/${peer}/${node}${search ? `?${search}` : ''}`} title="swap the two nodes">swap ⇄</Link>
        </nav>
      </header>

      <div className="controls" data-testid="range-controls">
        <div className="btn-group" role="group" aria-label="time range">
          {(Object.keys(RANGES) as RangeKey[]).map((k) => (
            <button
              key={k} type="button" className={spec.mode === 'live' && spec.key === k ? 'on' : ''}
              onClick={() => go({ range: k === '15m' ? null : k, from: null, to: null, at: null })}
            >
              last {RANGE_LABEL[k]}
            </button>
          ))}
        </div>
        <div className="btn-group" role="group" aria-label="move">
          <button type="button" onClick={() => pan(-1)} disabled={!domain}>◀ earlier</button>
          <button type="button" onClick={() => pan(1)} disabled={!domain || spec.mode === 'live'}>later ▶</button>
        </div>
        <div className="btn-group" role="group" aria-label="y scale">
          <button type="button" className={scale === 'sqrt' ? 'on' : ''} onClick={() => go({ y: null })} title="square-root scale: sub-millisecond detail and the budgets together">y √</button>
          <button type="button" className={scale === 'linear' ? 'on' : ''} onClick={() => go({ y: 'linear' })}>y linear</button>
        </div>
        <span className="range-status" data-testid="range-status" data-live={String(spec.mode === 'live')}>
          {spec.mode === 'live' ? (
            <><span className="dot-live" aria-hidden>●</span> live, every 2 s{view ? ` · ${fmtClock(view.fetchedAt, true)}` : ''}</>
          ) : domain ? (
            <>{fmtDateTime(domain.from)} – {fmtClock(domain.to, true)} ({fmtDuration(domain.to - domain.from)}){at !== null ? ` around ${fmtClock(at, true)}` : ''}</>
          ) : null}
          {resp?.bucketMs ? <span className="muted"> · {fmtDuration(resp.bucketMs)} buckets</span> : null}
        </span>
      </div>

      <ul className="legend" aria-label="legend">
        <li><i className="lg-band" /> corowatch probe min…max</li>
        <li><i className="lg-avg" /> probe mean</li>
        <li><i className="lg-knet" /> knet&apos;s own pings (window mean)</li>
        <li><i className="lg-budget" /> budget {resp ? `${resp.thresholds.rttWarnUs / 1000} / ${resp.thresholds.rttCritUs / 1000} ms` : ''}</li>
        <li><i className="lg-down" /> link down</li>
        <li><i className="lg-failover" /> failover <i className="lg-failback" /> failback</li>
        <li><i className="lg-spike" /> jitter spike</li>
        <li><i className="lg-active" /> carried the traffic</li>
        <li className="muted">click a chart: ±5 min around that moment</li>
      </ul>

      {error && <p className="error" data-testid="series-error">{error}</p>}
      <div
        ref={ref} className="charts" data-testid="link-charts"
        data-from={domain?.from ?? ''} data-to={domain?.to ?? ''} data-loading={String(loading)}
      >
        {loading && !view && <p className="muted">Loading…</p>}
        {view && series.length === 0 && <p className="muted" data-testid="no-data">No samples for {node} ⇄ {peer} in this range.</p>}
        {view && domain && directions.map((d) => d.list.length > 0 && (
          <section key={d.observer} className="direction" data-direction={`${d.observer}>${d.peer}`}>
            <h2>{d.observer} → {d.peer} <span className="muted">as {d.observer} sees it</span></h2>
            {d.list.map((s) => (
              <LinkChart
                key={`${s.observer}-${s.link}`} series={s} resp={view.resp} domain={domain} now={now} yMax={top} scale={scale}
                width={width} stepMs={stepMs} at={at} onPick={pick}
              />
            ))}
          </section>
        ))}
      </div>

      <section>
        <h2>Events in this range</h2>
        {events.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className={`events range-events${multiDay ? ' multi-day' : ''}`} data-testid="range-events">
            {events.map((e) => {
              const t = Date.parse(e.startedAt);
              const end = e.endedAt === null ? null : Date.parse(e.endedAt);
              return (
                <li key={e.id} className={`event sev-${e.severity}`} data-kind={e.kind} data-open={String(end === null)}>
                  <button type="button" className="ev-time linklike" onClick={() => pick(t)} title="show ±5 min around it">{multiDay ? fmtDateTime(t) : fmtClock(t, true)}</button>
                  <span className="ev-sev">{e.severity}</span>
                  <span className="ev-kind">{e.kind}</span>
                  <span className="ev-msg">
                    <span className="muted">{eventSubject(e)}</span> {e.kind === 'failover' || e.kind === 'failback' ? switchLabel(e) : e.message}
                  </span>
                  <span className="ev-dur muted">{end === null ? <b className="open-badge">open</b> : end > t ? fmtDuration(end - t) : ''}</span>
                </li>
              );
            })}
          </ul>
        )}
      </section>

      {others.length > 0 && (
        <nav className="pairs">
          <span className="muted">other pairs:</span>
          {nodes.flatMap((a, i) => nodes.slice(i + 1).map((b) => [a, b] as const))
            .filter(([a, b]) => !((a === node && b === peer) || (a === peer && b === node)))
            .map(([a, b]) => <Link key={`${a}-${b}`} href={`/link/${cluster}/${a}/${b}${search ? `?${search}` : ''}`}>{a} ⇄ {b}</Link>)}
        </nav>
      )}
    </main>
  );
}
