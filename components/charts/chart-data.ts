// Pure helpers for the link page: URL range, chart rows, down intervals, markers, ticks. No React here.
import type { Series, SeriesEvent, SeriesPoint, SeriesResponse } from '@/lib/runtime/series-query';
import { parseUrlTime } from '@/components/time-range';

export const RANGES = { '15m': 15 * 60_000, '1h': 3600_000, '6h': 6 * 3600_000, '24h': 24 * 3600_000 } as const;
export type RangeKey = keyof typeof RANGES;
export const AT_HALF_MS = 5 * 60_000;

/** What the URL asks for: a live window ending now, or a fixed one. */
export type RangeSpec =
  | { mode: 'live'; key: RangeKey; ms: number }
  | { mode: 'fixed'; from: number; to: number; at: number | null };

export function rangeFromSearch(sp: URLSearchParams): RangeSpec {
  const at = parseUrlTime(sp.get('at'));
  if (at !== null) return { mode: 'fixed', from: at - AT_HALF_MS, to: at + AT_HALF_MS, at };
  const from = parseUrlTime(sp.get('from'));
  const to = parseUrlTime(sp.get('to'));
  if (from !== null && to !== null && from < to) return { mode: 'fixed', from, to, at: null };
  const key = (sp.get('range') ?? '15m') as RangeKey;
  const k: RangeKey = key in RANGES ? key : '15m';
  return { mode: 'live', key: k, ms: RANGES[k] };
}

export interface ChartRow {
  t: number;
  band: [number, number] | null; // probe min..max, ms
  avg: number | null; // probe mean, ms
  knetWin: number | null; // knet's own pings, mean over the window, ms
  knet: number | null; // knet latency_ave (running), ms
  lost: number | null;
  count: number | null;
  connected: boolean | null;
  active: boolean | null;
}

const ms = (us: number | null) => (us === null ? null : us / 1000);

/** Chart rows; a hole in the data (node unreachable, corowatch stopped) becomes a null row so lines break there. */
export function toRows(points: SeriesPoint[], stepMs: number): ChartRow[] {
  const out: ChartRow[] = [];
  let prev: number | null = null;
  for (const p of points) {
    if (prev !== null && p.t - prev > stepMs * 2.5) {
      out.push({ t: prev + stepMs, band: null, avg: null, knetWin: null, knet: null, lost: null, count: null, connected: null, active: null });
    }
    const min = ms(p.rttMinUs);
    const max = ms(p.rttMaxUs);
    out.push({
      t: p.t,
      band: min !== null && max !== null ? [min, max] : null,
      avg: ms(p.rttAvgUs), knetWin: ms(p.knetWindowUs), knet: ms(p.knetUs),
      lost: p.rttLost, count: p.rttCount, connected: p.connected, active: p.active,
    });
    prev = p.t;
  }
  return out;
}

export interface Interval {
  from: number;
  to: number;
}

/** Merges overlapping or touching intervals. */
export function union(intervals: Interval[], slackMs = 0): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out[out.length - 1];
    if (last && i.from <= last.to + slackMs) last.to = Math.max(last.to, i.to);
    else out.push({ ...i });
  }
  return out;
}

/** Runs of points where pred holds; a run lasts until the next point (or one step after its last point). */
export function runs(points: SeriesPoint[], stepMs: number, pred: (p: SeriesPoint) => boolean): Interval[] {
  const out: Interval[] = [];
  let start: number | null = null;
  for (let i = 0; i < points.length; i++) {
    const p = points[i];
    if (pred(p)) {
      start ??= p.t;
      const next = points[i + 1];
      if (!next || !pred(next) || next.t - p.t > stepMs * 2.5) {
        out.push({ from: start, to: next && next.t - p.t <= stepMs * 2.5 ? next.t : p.t + stepMs });
        start = null;
      }
    }
  }
  return out;
}

const evMs = (e: SeriesEvent, now: number) => ({ from: Date.parse(e.startedAt), to: e.endedAt === null ? now : Date.parse(e.endedAt) });

/** Where this link was down: link_down events of this direction and link, joined with samples that say connected=false. */
export function downIntervals(s: Series, events: SeriesEvent[], stepMs: number, now: number): Interval[] {
  const fromEvents = events
    .filter((e) => e.kind === 'link_down' && e.node === s.observer && e.peer === s.peer && e.link === s.link)
    .map((e) => evMs(e, now));
  return union([...fromEvents, ...runs(s.points, stepMs, (p) => p.connected === false)], stepMs / 2);
}

export function activeIntervals(s: Series, stepMs: number): Interval[] {
  return runs(s.points, stepMs, (p) => p.active === true);
}

export interface SwitchMarker {
  id: string;
  kind: 'failover' | 'failback';
  t: number;
  label: string;
  message: string;
  row: number; // label row, so labels close together do not overlap
}

function linkNo(v: unknown): number | null {
  return typeof v === 'number' && Number.isInteger(v) ? v : null;
}

/** "link0 → link1" from details {from,to}, else from the message's tail ("pve1 → pve3: link0 → link1"). */
export function switchLabel(e: SeriesEvent): string {
  const from = linkNo(e.details?.from);
  const to = linkNo(e.details?.to);
  if (from !== null && to !== null) return `link${from} → link${to}`;
  const m = /(link\d+ → link\d+)\s*$/.exec(e.message);
  return m ? m[1] : e.message;
}

/** Failovers and failbacks seen by this series' observer towards its peer (they concern every link of the pair). */
export function switchMarkers(s: Series, events: SeriesEvent[], domain: Interval, pxPerMs: number): SwitchMarker[] {
  const list = events
    .filter((e) => (e.kind === 'failover' || e.kind === 'failback') && e.node === s.observer && e.peer === s.peer)
    .map((e) => ({ id: e.id, kind: e.kind as SwitchMarker['kind'], t: Date.parse(e.startedAt), label: `${e.kind} ${switchLabel(e)}`, message: e.message, row: 0 }))
    .filter((m) => m.t >= domain.from && m.t <= domain.to)
    .sort((a, b) => a.t - b.t);
  // greedy rows: a label goes on the first row whose previous label ends left of it
  const rowEnds: number[] = [];
  for (const m of list) {
    const widthPx = m.label.length * 6.6 + 10;
    let row = rowEnds.findIndex((end) => end < m.t * pxPerMs);
    if (row < 0) row = rowEnds.length < 3 ? rowEnds.length : rowEnds.indexOf(Math.min(...rowEnds));
    rowEnds[row] = m.t * pxPerMs + widthPx;
    m.row = row;
  }
  return list;
}

export interface SpikeMarker {
  id: string;
  t: number;
  peakMs: number;
  message: string;
}

export function spikeMarkers(s: Series, events: SeriesEvent[], domain: Interval): SpikeMarker[] {
  return events
    .filter((e) => e.kind === 'jitter_spike' && e.node === s.observer && e.peer === s.peer && (e.link === null || e.link === s.link))
    .map((e) => ({ id: e.id, t: Date.parse(e.startedAt), peakMs: Number(e.details?.peakUs ?? 0) / 1000, message: e.message }))
    .filter((m) => m.t >= domain.from && m.t <= domain.to && m.peakMs > 0);
}

/** Top of the y axis: the crit budget always shows, and so does the highest value in view. */
export function yMax(resp: SeriesResponse, domain: Interval): number {
  let max = resp.thresholds.rttCritUs / 1000;
  for (const s of resp.series) {
    for (const p of s.points) {
      if (p.t < domain.from || p.t > domain.to) continue;
      for (const v of [p.rttMaxUs, p.knetWindowUs]) if (v !== null && v / 1000 > max) max = v / 1000;
    }
  }
  for (const e of resp.events) if (e.kind === 'jitter_spike' && typeof e.details?.peakUs === 'number') max = Math.max(max, e.details.peakUs / 1000);
  return niceCeil(max * 1.12);
}

const NICE = [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000];

export function niceCeil(v: number): number {
  for (const n of [1, 1.5, 2, 3, 4, 5, 6, 8, 10]) {
    const mag = 10 ** Math.floor(Math.log10(v));
    if (n * mag >= v) return n * mag;
  }
  return v;
}

/** y ticks (ms): on the sqrt scale the small values get room, on the linear one evenly spaced steps; at least
 * minGapPx apart on a plot plotPx high (from the top down, so the budgets and large values win). */
export function yTicks(max: number, scale: 'sqrt' | 'linear', budgets: number[], plotPx = 160, minGapPx = 13): number[] {
  if (scale === 'sqrt') {
    const pos = (v: number) => Math.sqrt(v / max) * plotPx;
    const kept: number[] = [];
    for (const v of [...new Set([...NICE, ...budgets])].filter((n) => n <= max).sort((a, b) => b - a)) {
      if (kept.length === 0 || pos(kept[kept.length - 1]) - pos(v) >= minGapPx) kept.push(v);
    }
    if (kept.length && pos(kept[kept.length - 1]) < minGapPx) kept.pop();
    return [0, ...kept.reverse()];
  }
  const step = NICE.find((n) => max / n <= 6) ?? max / 5;
  const ticks: number[] = [];
  for (let v = 0; v <= max + 1e-9; v += step) ticks.push(Math.round(v * 1000) / 1000);
  return [...new Set([...ticks, ...budgets.filter((b) => b <= max)])].sort((a, b) => a - b);
}

const TIME_STEPS = [5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200].map((s) => s * 1000);

/** x ticks at round local times, about `count` of them. */
export function timeTicks(from: number, to: number, count = 8): number[] {
  const step = TIME_STEPS.find((s) => (to - from) / s <= count) ?? 86_400_000;
  const tz = new Date(from).getTimezoneOffset() * 60_000;
  const first = Math.ceil((from - tz) / step) * step + tz;
  const out: number[] = [];
  for (let t = first; t <= to; t += step) out.push(t);
  return out;
}

const two = (n: number) => String(n).padStart(2, '0');

export function fmtClock(t: number, seconds: boolean): string {
  const d = new Date(t);
  return `${two(d.getHours())}:${two(d.getMinutes())}${seconds ? `:${two(d.getSeconds())}` : ''}`;
}

export function fmtDateTime(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${fmtClock(t, true)}`;
}

export function fmtMs(v: number | null): string {
  if (v === null) return '–';
  return v >= 10 ? `${v.toFixed(0)} ms` : v >= 1 ? `${v.toFixed(1)} ms` : `${v.toFixed(2)} ms`;
}

export function fmtDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const h = Math.floor(s / 3600);
  return `${h} h${Math.floor((s % 3600) / 60) ? ` ${Math.floor((s % 3600) / 60)} min` : ''}`;
}

const seriesKey = (s: Series) => `${s.observer}>${s.peer}#${s.link}`;

/** Node's own view first, then the peer's; links in order. */
export function sortSeries(list: Series[], node: string): Series[] {
  return [...list].sort((a, b) => Number(a.observer !== node) - Number(b.observer !== node) || a.link - b.link);
}

/**
 * A live view's refresh: `inc` covers [inc.from, now]; its points replace the ones from inc.from on, everything left of
 * the new domain is dropped, events are merged by id (an event that ended is updated in place).
 */
export function mergeIncrement(prev: SeriesResponse, inc: SeriesResponse, domain: Interval): SeriesResponse {
  const cut = Date.parse(inc.from);
  const byKey = new Map(prev.series.map((s) => [seriesKey(s), s]));
  const out: Series[] = [];
  const seen = new Set<string>();
  for (const s of inc.series) {
    const old = byKey.get(seriesKey(s));
    const kept = old ? old.points.filter((p) => p.t >= domain.from && p.t < cut) : [];
    out.push({ ...s, points: [...kept, ...s.points] });
    seen.add(seriesKey(s));
  }
  for (const s of prev.series) {
    if (seen.has(seriesKey(s))) continue;
    const points = s.points.filter((p) => p.t >= domain.from);
    if (points.length) out.push({ ...s, points });
  }
  const events = new Map(prev.events.map((e) => [e.id, e]));
  for (const e of inc.events) events.set(e.id, e);
  const kept = [...events.values()]
    .filter((e) => e.endedAt === null || Date.parse(e.endedAt) >= domain.from)
    .sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
  return {
    ...inc, from: new Date(domain.from).toISOString(), to: new Date(domain.to).toISOString(),
    series: sortSeries(out, inc.node), events: kept,
  };
}
