// Pure helpers for the history page: fetched series → chart rows on one time grid, ticks, CSV/JSON export. No React.
import type { HistoryPoint, HistoryResponse, HistorySeries, Step } from '@/lib/runtime/history-query';
import type { SeriesEvent } from '@/lib/runtime/series-query';
import { fmtClock, timeTicks } from '@/components/charts/chart-data';
import { selectorKey, type Selector } from './history-state';

export const COLORS = ['#58a6ff', '#f0883e', '#3fb950', '#d2a8ff', '#ffd33d', '#ff7b72', '#79c0ff', '#56d4dd'];

/** One drawn line: one series (observer → peer, one link) of one selector's answer. */
export interface Line {
  id: string; // "lab/pve1/pve3/0"
  idx: number;
  selector: Selector;
  cluster: string;
  series: HistorySeries;
  color: string;
  label: string;
}

export function linesOf(answers: Array<{ selector: Selector; resp: HistoryResponse }>, multiCluster: boolean): Line[] {
  const out: Line[] = [];
  const seen = new Set<string>();
  for (const { selector, resp } of answers) {
    for (const s of resp.series) {
      const id = `${selectorKey({ ...selector, link: null }).replace(/\/\*$/, '')}/${s.link}`;
      if (seen.has(id)) continue;
      seen.add(id);
      const idx = out.length;
      out.push({
        id, idx, selector, cluster: resp.cluster, series: s, color: COLORS[idx % COLORS.length],
        label: `${multiCluster ? `${resp.cluster}: ` : ''}${s.observer} → ${s.peer} link${s.link}`,
      });
    }
  }
  return out;
}

export function mergeEvents(resps: HistoryResponse[]): SeriesEvent[] {
  const byId = new Map<string, SeriesEvent>();
  for (const r of resps) for (const e of r.events) byId.set(`${e.cluster}/${e.id}`, e);
  return [...byId.values()].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt) || a.id.localeCompare(b.id));
}

export type ChartRow = { t: number } & Record<string, number | [number, number] | null>;

/**
 * Rows on one grid of `stepMs` (raw samples of different nodes are a few ms apart: snapped to the poll grid), with
 * mean `m<i>`, p95 `p<i>`, min..max band `b<i>` (ms) and loss `l<i>` (%) per line; a hole longer than 2.5 steps in a
 * line gets an explicit null so the line breaks there instead of bridging an outage.
 */
export function chartRows(lines: Line[], stepMs: number, domain: { from: number; to: number }): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  const row = (t: number) => {
    let r = rows.get(t);
    if (!r) rows.set(t, (r = { t }));
    return r;
  };
  const ms = (us: number | null) => (us === null ? null : us / 1000);
  for (const l of lines) {
    let prev: number | null = null;
    for (const p of l.series.points) {
      if (p.t < domain.from - stepMs || p.t > domain.to) continue;
      const t = Math.round(p.t / stepMs) * stepMs;
      if (prev !== null && t - prev > stepMs * 2.5) {
        const gap = row(prev + stepMs);
        gap[`m${l.idx}`] = null;
        gap[`b${l.idx}`] = null;
        gap[`p${l.idx}`] = null;
      }
      const r = row(t);
      r[`m${l.idx}`] = ms(p.mean);
      r[`p${l.idx}`] = ms(p.p95);
      r[`b${l.idx}`] = p.min !== null && p.max !== null ? [p.min / 1000, p.max / 1000] : null;
      r[`l${l.idx}`] = p.loss === null ? null : Math.round(p.loss * 10_000) / 100;
      prev = t;
    }
  }
  return [...rows.values()].sort((a, b) => a.t - b.t);
}

/** More rows than this are merged before drawing: about two per pixel of a wide chart. */
export const MAX_CHART_ROWS = 2000;

/**
 * Merges runs of k consecutive grid rows (k·stepMs buckets) so a long range at fine resolution draws as fast as a
 * short one, without hiding what matters: the band keeps the lowest min and the highest max, p95 and loss the worst
 * value, the mean the mean of the means. A bucket whose every value is a gap stays a gap.
 */
export function downsampleRows(rows: ChartRow[], stepMs: number, maxRows = MAX_CHART_ROWS): ChartRow[] {
  if (rows.length <= maxRows) return rows;
  const first = rows[0].t;
  const span = rows[rows.length - 1].t - first + stepMs;
  const bucketMs = Math.ceil(span / stepMs / maxRows) * stepMs;
  const out = new Map<number, { row: ChartRow; sums: Map<string, { sum: number; n: number }> }>();
  for (const r of rows) {
    const t = first + Math.floor((r.t - first) / bucketMs) * bucketMs;
    let b = out.get(t);
    if (!b) out.set(t, (b = { row: { t }, sums: new Map() }));
    for (const [k, v] of Object.entries(r)) {
      if (k === 't') continue;
      const cur = b.row[k];
      if (v === null) {
        if (cur === undefined) b.row[k] = null;
        continue;
      }
      if (k[0] === 'm' && typeof v === 'number') {
        const s = b.sums.get(k) ?? { sum: 0, n: 0 };
        s.sum += v;
        s.n++;
        b.sums.set(k, s);
        b.row[k] = s.sum / s.n;
      } else if (Array.isArray(v)) {
        b.row[k] = Array.isArray(cur) ? [Math.min(cur[0], v[0]), Math.max(cur[1], v[1])] : v;
      } else if (typeof v === 'number') {
        b.row[k] = typeof cur === 'number' ? Math.max(cur, v) : v;
      }
    }
  }
  return [...out.values()].map((b) => b.row);
}

/** Highest value to show: the largest max (or p95 when there are many lines) and the critical budget. */
export function yTop(lines: Line[], critMs: number): number {
  let top = critMs;
  for (const l of lines) for (const p of l.series.points) if (p.max !== null) top = Math.max(top, p.max / 1000);
  return top;
}

const DAY = 86_400_000;

/** x ticks: round local times up to two days, whole days beyond. */
export function ticksFor(from: number, to: number, count: number): number[] {
  if (to - from <= 2 * DAY) return timeTicks(from, to, count);
  const step = [1, 2, 7, 14, 28].map((d) => d * DAY).find((s) => (to - from) / s <= count) ?? 56 * DAY;
  const first = new Date(from);
  first.setHours(0, 0, 0, 0);
  const out: number[] = [];
  for (let d = new Date(first); d.getTime() <= to; d.setDate(d.getDate() + step / DAY)) if (d.getTime() >= from) out.push(d.getTime());
  return out;
}

export function fmtTick(t: number, spanMs: number): string {
  const d = new Date(t);
  if (spanMs > 2 * DAY) return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
  if (d.getHours() === 0 && d.getMinutes() === 0 && spanMs > 6 * 3600_000) return d.toLocaleDateString([], { month: 'short', day: 'numeric' });
  return fmtClock(t, spanMs <= 10 * 60_000);
}

/** What is shown: every point of every drawn line inside the domain. */
export function shownPoints(lines: Line[], domain: { from: number; to: number }): Array<{ line: Line; p: HistoryPoint }> {
  return lines.flatMap((line) => line.series.points.filter((p) => p.t >= domain.from && p.t <= domain.to).map((p) => ({ line, p })));
}

const CSV_HEADER = ['time', 'time_ms', 'cluster', 'observer', 'peer', 'link', 'step', 'samples', 'down_samples', 'rtt_min_us',
  'rtt_mean_us', 'rtt_max_us', 'rtt_p95_us', 'loss', 'knet_latency_us', 'knet_window_us'];

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

export function toCsv(lines: Line[], domain: { from: number; to: number }, step: Step): string {
  const out = [CSV_HEADER.join(',')];
  for (const { line, p } of shownPoints(lines, domain)) {
    const s = line.series;
    out.push([new Date(p.t).toISOString(), p.t, line.cluster, s.observer, s.peer, s.link, step, p.count, p.down, p.min, p.mean, p.max, p.p95,
      p.loss === null ? null : Number(p.loss.toFixed(6)), p.knetUs, p.knetWindowUs].map(csvCell).join(','));
  }
  return `${out.join('\n')}\n`;
}

export function toJson(lines: Line[], domain: { from: number; to: number }, step: Step, stepMs: number, events: SeriesEvent[]): string {
  return JSON.stringify({
    from: new Date(domain.from).toISOString(), to: new Date(domain.to).toISOString(), step, stepMs,
    series: lines.map((l) => ({
      cluster: l.cluster, observer: l.series.observer, peer: l.series.peer, link: l.series.link,
      points: l.series.points.filter((p) => p.t >= domain.from && p.t <= domain.to),
    })),
    events: events.filter((e) => Date.parse(e.startedAt) <= domain.to && (e.endedAt === null || Date.parse(e.endedAt) >= domain.from)),
  }, null, 1);
}

const stamp = (t: number) => new Date(t).toISOString().slice(0, 19).replace(/[-:]/g, '') + 'Z';

/** corowatch-lab-pve1-pve3-20260301T100000Z-20260301T103000Z-1m.csv */
export function exportName(lines: Line[], domain: { from: number; to: number }, step: Step, ext: 'csv' | 'json'): string {
  const first = lines[0]?.series;
  const what = lines.length === 0 ? 'empty' : `${lines[0].cluster}-${first!.observer}-${first!.peer}${lines.length > 1 ? `-and-${lines.length - 1}-more` : ''}`;
  return `corowatch-${what}-${stamp(domain.from)}-${stamp(domain.to)}-${step}.${ext}`.replace(/[^A-Za-z0-9._-]/g, '_');
}

export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export interface MarkerLabel {
  key: string;
  text: string;
  /** label row above the plot, or null when there is no room for its text (the line and its tooltip remain) */
  row: number | null;
  /** text left of the line (near the right edge) */
  flip: boolean;
}

const SEV_RANK: Record<string, number> = { critical: 0, warning: 1, info: 2 };

/** Label rows for event markers: the incident's own event first, then by severity, each on the first row it fits. */
export function layoutMarkers(events: SeriesEvent[], domain: { from: number; to: number }, plotWidth: number, highlight: string | null, maxRows = 3): Map<string, MarkerLabel> {
  const span = Math.max(1, domain.to - domain.from);
  const rows: Array<Array<[number, number]>> = Array.from({ length: maxRows }, () => []);
  const order = [...events].sort((a, b) =>
    Number(b.id === highlight) - Number(a.id === highlight) || (SEV_RANK[a.severity] ?? 3) - (SEV_RANK[b.severity] ?? 3) || Date.parse(a.startedAt) - Date.parse(b.startedAt));
  const out = new Map<string, MarkerLabel>();
  for (const e of order) {
    const x = ((Date.parse(e.startedAt) - domain.from) / span) * plotWidth;
    const text = `${e.id === highlight ? '▶ ' : ''}${e.kind.replace(/_/g, ' ')}`;
    const w = text.length * 6.4 + 10;
    const flip = x + 3 + w > plotWidth;
    const box: [number, number] = flip ? [x - 3 - w, x - 3] : [x + 3, x + 3 + w];
    const row = rows.findIndex((r) => r.every(([a, b]) => box[1] + 4 < a || box[0] > b + 4));
    if (row >= 0) rows[row].push(box);
    out.set(`${e.cluster}/${e.id}`, { key: `${e.cluster}/${e.id}`, text, row: row >= 0 ? row : null, flip });
  }
  return out;
}
