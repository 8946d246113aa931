'use client';
import Link from 'next/link';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { HistoryResponse } from '@/lib/runtime/history-query';
import { fmtDateTime, fmtDuration } from '@/components/charts/chart-data';
import { liveRangeFor } from '@/components/time-range';
import { useWidth } from '@/components/useWidth';
import { HistoryChart } from './HistoryChart';
import { HistoryEvents } from './HistoryEvents';
import { RangeControls } from './RangeControls';
import { SeriesPicker, nextSelector, type ClusterInfo } from './SeriesPicker';
import { chartRows, downsampleRows, download, exportName, linesOf, mergeEvents, toCsv, toJson, yTop } from './history-data';
import {
  HISTORY_RANGES, INCIDENT_MARGIN_MS, domainOf, historyHref, refreshMs, stateFromSearch, type HistoryState, type Selector,
} from './history-state';

interface View {
  answers: Array<{ selector: Selector; resp: HistoryResponse }>;
  errors: string[];
  domain: { from: number; to: number };
  fetchedAt: number;
}

const STEP_LABEL: Record<string, string> = { raw: 'raw samples', '1m': '1-minute rollups', '1h': '1-hour rollups' };

async function fetchOne(s: Selector, domain: { from: number; to: number }): Promise<HistoryResponse> {
  const qs = new URLSearchParams({ cluster: s.cluster, node: s.node, peer: s.peer, from: String(domain.from), to: String(domain.to) });
  if (s.link !== null) qs.set('link', String(s.link));
  const r = await fetch(`/api/history?${qs}`, { cache: 'no-store' });
  const body = await r.json().catch(() => ({ error: `HTTP ${r.status}` }));
  if (!r.ok) throw new Error(`${s.node} → ${s.peer}: ${body.error ?? `HTTP ${r.status}`}`);
  return body as HistoryResponse;
}

/** /history: any range of the stored history, several series on one axis, events overlaid, all of it in the URL. */
export function HistoryPage({ clusters }: { clusters: ClusterInfo[] }) {
  const sp = useSearchParams();
  const router = useRouter();
  const search = sp.toString();
  const st = useMemo(() => stateFromSearch(new URLSearchParams(search)), [search]);
  const [view, setView] = useState<View | null>(null);
  const [loading, setLoading] = useState(true);
  const [ref, width] = useWidth();
  const go = useCallback((next: HistoryState, replace = false) => {
    const href = historyHref(next);
    if (replace) router.replace(href, { scroll: false });
    else router.push(href, { scroll: false });
  }, [router]);

  // a bare /history gets a first pair, written into the URL so it can be shared as it is
  useEffect(() => {
    if (st.selectors.length > 0) return;
    const first = nextSelector(clusters, []);
    if (first) go({ ...st, selectors: [first, { ...first, node: first.peer, peer: first.node }] }, true);
  }, [st, clusters, go]);

  const selKey = st.selectors.map((s) => JSON.stringify(s)).join('|');
  const rangeKey = JSON.stringify(st.range);
  useEffect(() => {
    if (st.selectors.length === 0) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    setLoading(true);
    const load = async () => {
      const now = Date.now();
      const domain = domainOf(st.range, now);
      const settled = await Promise.allSettled(st.selectors.map((s) => fetchOne(s, domain).then((resp) => ({ selector: s, resp }))));
      if (cancelled) return;
      const answers = settled.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
      const errors = settled.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
      setView({ answers, errors, domain, fetchedAt: now });
      setLoading(false);
      const every = refreshMs(st.range);
      if (every !== null) timer = setTimeout(load, every);
    };
    void load();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [selKey, rangeKey]);

  const multiCluster = new Set(st.selectors.map((s) => s.cluster)).size > 1;
  const lines = useMemo(() => (view ? linesOf(view.answers, multiCluster) : []), [view, multiCluster]);
  const first = view?.answers[0]?.resp ?? null;
  const domain = view?.domain ?? (st.range.mode === 'fixed' ? { from: st.range.from, to: st.range.to } : null);
  const stepMs = first?.stepMs ?? 1000;
  const rows = useMemo(() => (domain ? downsampleRows(chartRows(lines, stepMs, domain), stepMs) : []), [lines, stepMs, domain]);
  const events = useMemo(() => (view ? mergeEvents(view.answers.map((a) => a.resp)) : []), [view]);
  const budgets = first ? [first.thresholds.rttWarnUs / 1000, first.thresholds.rttCritUs / 1000] : [2, 5];
  const live = st.range.mode === 'live';

  const setRange = (range: HistoryState['range']) => go({ ...st, range });
  const zoom = (from: number, to: number) => setRange({ mode: 'fixed', from: Math.round(from), to: Math.round(to) });
  const backToLive = () => {
    const span = domain ? domain.to - domain.from : 3600_000;
    const key = liveRangeFor(HISTORY_RANGES, span);
    setRange({ mode: 'live', key, ms: HISTORY_RANGES[key] });
  };
  const exportAs = (ext: 'csv' | 'json') => {
    if (!domain || !first) return;
    const name = exportName(lines, domain, first.step, ext);
    if (ext === 'csv') download(name, toCsv(lines, domain, first.step), 'text/csv');
    else download(name, toJson(lines, domain, first.step, first.stepMs, events), 'application/json');
  };

  return (
    <main className="historypage" data-testid="history-page">
      <header className="top">
        <div className="crumbs">
          <Link href="/">corowatch</Link> <span className="muted">/</span> <h1>History</h1>
        </div>
        <nav className="nav">
          <Link href="/events">events</Link>
          {clusters.map((c) => <Link key={c.name} href={`/cluster/${encodeURIComponent(c.name)}`}>{c.name}: worst periods</Link>)}
        </nav>
      </header>

      <RangeControls range={st.range} domain={domain} onRange={setRange} onLive={backToLive} />
      <div className="controls">
        <span className="range-status" data-testid="range-status" data-live={String(live)} data-step={first?.step ?? ''}>
          {live && <><span className="dot-live" aria-hidden>●</span> live · </>}
          {domain ? <>{fmtDateTime(domain.from)} – {fmtDateTime(domain.to)} ({fmtDuration(domain.to - domain.from)})</> : 'loading…'}
          {first && (
            <span className="resolution" data-testid="resolution">
              {' '}· resolution <b>{first.step === 'raw' ? `raw, every ${fmtDuration(first.stepMs)}` : first.step}</b>{' '}
              <span className="muted">({STEP_LABEL[first.step]}, {first.auto ? 'chosen for this range' : 'asked for'})</span>
            </span>
          )}
          {loading && view && <span className="muted"> · updating…</span>}
        </span>
        <div className="btn-group" role="group" aria-label="export">
          <button type="button" data-testid="export-csv" disabled={!first} onClick={() => exportAs('csv')}>⇩ CSV</button>
          <button type="button" data-testid="export-json" disabled={!first} onClick={() => exportAs('json')}>⇩ JSON</button>
        </div>
      </div>

      <SeriesPicker clusters={clusters} selectors={st.selectors} onChange={(selectors) => go({ ...st, selectors })} />

      <ul className="legend hlegend" aria-label="legend">
        {lines.map((l) => <li key={l.id} data-testid="legend-line"><i style={{ background: l.color, height: 3 }} /> {l.label}</li>)}
        {lines.length > 0 && <li className="muted">line: probe RTT mean{lines.length <= 3 ? ' · band: min…max' : ''} · dashed verticals: events · drag across the chart to zoom</li>}
      </ul>

      {view?.errors.map((e) => <p key={e} className="error" data-testid="history-error">{e}</p>)}
      <div ref={ref} className="charts" data-testid="history-charts" data-loading={String(loading)}>
        {loading && !view && <p className="muted">Loading…</p>}
        {view && lines.length === 0 && view.errors.length === 0 && <p className="muted" data-testid="no-data">No samples for these series in this range.</p>}
        {view && domain && lines.length > 0 && (
          <HistoryChart
            key={`${rangeKey}|${selKey}`} // a new range or new series: a fresh chart (recharts keeps the hovered index otherwise)
            rows={rows} lines={lines} domain={domain} width={width} yMaxMs={yTop(lines, budgets[1])} budgets={budgets}
            events={events} highlight={st.event} showBand={lines.length <= 3} onZoom={zoom}
          />
        )}
      </div>

      {domain && (
        <HistoryEvents
          events={events} domain={domain} highlight={st.event} multiCluster={multiCluster}
          onFocus={(t) => zoom(t - INCIDENT_MARGIN_MS, t + INCIDENT_MARGIN_MS)}
        />
      )}
    </main>
  );
}
