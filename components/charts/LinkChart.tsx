'use client';
import { Area, ComposedChart, Line, ReferenceArea, ReferenceDot, ReferenceLine, Tooltip, XAxis, YAxis, CartesianGrid } from 'recharts';
import type { Series, SeriesResponse } from '@/lib/runtime/series-query';
import {
  activeIntervals, downIntervals, fmtClock, fmtDateTime, fmtDuration, fmtMs, spikeMarkers, switchMarkers, timeTicks, toRows,
  yTicks, type ChartRow, type Interval,
} from './chart-data';

export const C = {
  band: '#58a6ff', avg: '#79c0ff', knet: '#d2a8ff', warn: '#d29922', crit: '#f85149', down: '#f85149',
  failover: '#f0883e', failback: '#3fb950', spike: '#ffd33d', grid: '#2a3542', axis: '#8b98a5', text: '#e6edf3', bg: '#0d1117',
};

export const MARGIN = { top: 8, right: 48, bottom: 0, left: 0 };
export const Y_WIDTH = 54;
const HEIGHT = 190;
const LABEL_ROW = 16;

interface Props {
  series: Series;
  resp: SeriesResponse;
  domain: Interval;
  now: number;
  yMax: number;
  scale: 'sqrt' | 'linear';
  width: number;
  stepMs: number;
  /** the moment the page was opened for (?at=), marked with a thin line */
  at?: number | null;
  onPick?: (t: number) => void;
}

interface LabelViewBox {
  x: number;
  y: number;
  width?: number;
  height?: number;
}

/** A marker's text on a dark box, beside its vertical line (left of it near the right edge); row keeps neighbours apart. */
/** Marker labels sit in a band of `rows` rows above the plot (plotTop), so they never cover the data. */
function markerBox(lineX: number, plotTop: number, text: string, row: number, rows: number, plotRight: number): Box {
  const w = text.length * 6.6 + 10;
  return { x: lineX + 3 + w > plotRight ? lineX - 3 - w : lineX + 3, y: plotTop - 2 - (rows - row) * LABEL_ROW, w, h: LABEL_ROW - 2 };
}

function markerLabel(text: string, color: string, row: number, rows: number, testid: string, plotRight: number, title: string) {
  const MarkerLabel = (props: { viewBox?: LabelViewBox }) => {
    const vb = props.viewBox ?? { x: 0, y: 0 };
    const { x, y, w } = markerBox(vb.x, vb.y, text, row, rows, plotRight);
    return (
      <g data-testid={testid} className="marker-label">
        <title>{title}</title>
        <line x1={vb.x} y1={y + LABEL_ROW - 2} x2={vb.x} y2={vb.y} stroke={color} strokeWidth={1.5} />
        <rect x={x} y={y} width={w} height={LABEL_ROW - 2} rx={3} fill={C.bg} fillOpacity={0.9} stroke={color} strokeWidth={1} />
        <text x={x + 5} y={y + 10.5} fill={color} fontSize={11} fontWeight={600}>{text}</text>
      </g>
    );
  };
  return MarkerLabel;
}

function budgetLabel(text: string, color: string) {
  const BudgetLabel = (props: { viewBox?: LabelViewBox }) => {
    const vb = props.viewBox ?? { x: 0, y: 0, width: 0 };
    return (
      <text data-testid="budget-label" x={vb.x + (vb.width ?? 0) + 6} y={vb.y + 4} fill={color} fontSize={11} fontWeight={600}>{text}</text>
    );
  };
  return BudgetLabel;
}

/** "2 ms", "1.5 ms", "0.8 ms": a budget as people wrote it in corowatch.yaml. */
const budgetText = (v: number) => `${Number(v.toFixed(3))} ms`;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** The first candidate that stays inside [left, right] and clear of the obstacles; else the first one inside. */
function place(candidates: Box[], obstacles: Box[], left: number, right: number): Box {
  const inside = candidates.filter((c) => c.x >= left && c.x + c.w <= right);
  return inside.find((c) => !obstacles.some((o) => overlaps(c, o))) ?? inside[0] ?? candidates[0];
}

interface TipProps {
  active?: boolean;
  payload?: Array<{ payload?: ChartRow }>;
  label?: number;
}

function Tip({ active, payload, label }: TipProps) {
  const r = payload?.[0]?.payload;
  if (!active || !r) return null;
  const loss = r.count ? `${r.lost ?? 0}/${r.count}` : '–';
  return (
    <div className="chart-tip">
      <div className="tip-time">{fmtDateTime(label ?? r.t)}</div>
      <div>{r.connected === false ? <b className="tip-down">link down</b> : r.connected ? (r.active ? 'connected · active' : 'connected · standby') : 'state unknown'}</div>
      <div>probe min/avg/max <b>{fmtMs(r.band?.[0] ?? null)} / {fmtMs(r.avg)} / {fmtMs(r.band?.[1] ?? null)}</b></div>
      <div>knet window mean <b>{fmtMs(r.knetWin)}</b> · latency_ave {fmtMs(r.knet)}</div>
      <div>probe lost {loss}</div>
    </div>
  );
}

function stats(s: Series, down: Interval[], domain: Interval) {
  let sum = 0, n = 0, max: number | null = null, lost = 0, count = 0;
  for (const p of s.points) {
    if (p.rttAvgUs !== null && p.rttCount) { sum += p.rttAvgUs * p.rttCount; n += p.rttCount; }
    if (p.rttMaxUs !== null && (max === null || p.rttMaxUs > max)) max = p.rttMaxUs;
    lost += p.rttLost ?? 0;
    count += p.rttCount ?? 0;
  }
  const downMs = down.reduce((a, i) => a + Math.max(0, Math.min(i.to, domain.to) - Math.max(i.from, domain.from)), 0);
  return { avg: n ? sum / n / 1000 : null, max: max === null ? null : max / 1000, lossPct: count + lost ? (100 * lost) / (count + lost) : null, downMs }; // rttCount counts replies
}

/** One direction × one knet link: probe band and mean, knet's window mean, budgets, down time, failovers, spikes. */
export function LinkChart({ series: s, resp, domain, now, yMax, scale, width, stepMs, at = null, onPick }: Props) {
  const data = toRows(s.points, stepMs);
  const plotLeft = MARGIN.left + Y_WIDTH;
  const plotRight = width - MARGIN.right;
  const pxPerMs = (plotRight - plotLeft) / Math.max(1, domain.to - domain.from);
  const down = downIntervals(s, resp.events, stepMs, now);
  const active = activeIntervals(s, stepMs);
  const switches = switchMarkers(s, resp.events, domain, pxPerMs);
  const spikes = spikeMarkers(s, resp.events, domain);
  const rows = switches.length ? Math.max(...switches.map((m) => m.row)) + 1 : 0;
  const margin = { ...MARGIN, top: MARGIN.top + rows * LABEL_ROW };
  const warnMs = resp.thresholds.rttWarnUs / 1000;
  const critMs = resp.thresholds.rttCritUs / 1000;
  const xTicks = timeTicks(domain.from, domain.to, Math.max(3, Math.floor((plotRight - plotLeft) / 110)));
  const withSeconds = xTicks.length > 1 && xTicks[1] - xTicks[0] < 60_000;
  const last = s.points[s.points.length - 1];
  const state = !last ? 'no data' : last.connected === false ? 'down' : last.connected ? (last.active ? 'active' : 'standby') : 'unknown';
  const st = stats(s, down, domain);
  const hatch = `down-hatch-${s.observer}-${s.peer}-${s.link}`;
  const clip = (i: Interval) => ({ from: Math.max(i.from, domain.from), to: Math.min(i.to, domain.to) });

  return (
    <div className="lchart" data-testid="link-chart" data-series={`${s.observer}>${s.peer}#${s.link}`}>
      <div className="lchart-head">
        <span className="lchart-title">link{s.link}</span>
        <span className={`lchart-state st-${state.replace(' ', '-')}`}>{state}</span>
        <span className="lchart-stats muted">
          probe avg {fmtMs(st.avg)} · max {fmtMs(st.max)} · lost {st.lossPct === null ? '–' : `${st.lossPct.toFixed(st.lossPct && st.lossPct < 1 ? 2 : 1)} %`}
          {st.downMs > 0 && <> · <span className="tip-down">down {fmtDuration(st.downMs)}</span></>}
        </span>
      </div>
      {width > 0 && (
        <ComposedChart
          width={width} height={HEIGHT + rows * LABEL_ROW} data={data} margin={margin} syncId="link-page" syncMethod="value"
          onClick={(e) => {
            const t = Number((e as { activeLabel?: unknown } | null)?.activeLabel);
            if (onPick && Number.isFinite(t)) onPick(t);
          }}
        >
          <CartesianGrid stroke={C.grid} strokeDasharray="2 4" vertical={false} />
          <XAxis
            dataKey="t" type="number" domain={[domain.from, domain.to]} allowDataOverflow ticks={xTicks}
            tickFormatter={(t: number) => fmtClock(t, withSeconds)} stroke={C.axis} tick={{ fill: C.axis, fontSize: 11 }} height={22}
          />
          <YAxis
            type="number" scale={scale} domain={[0, yMax]} allowDataOverflow ticks={yTicks(yMax, scale, [warnMs, critMs])}
            interval={0} width={Y_WIDTH} stroke={C.axis} tick={{ fill: C.axis, fontSize: 11 }} tickFormatter={(v: number) => `${v}`}
            label={{ value: 'ms', position: 'insideTopLeft', fill: C.axis, fontSize: 11, offset: 0, dx: 4 }}
          />
          {down.map((i) => {
            const c = clip(i);
            if (c.to <= c.from) return null;
            return (
              <ReferenceArea
                key={`d${i.from}`} x1={c.from} x2={c.to} ifOverflow="hidden"
                shape={(p: { x?: number; y?: number; width?: number; height?: number }) => (
                  <g data-testid="down-area" data-from={c.from} data-to={c.to}>
                    <title>{`link${s.link} down ${fmtClock(i.from, true)}–${i.to >= now - stepMs ? 'now' : fmtClock(i.to, true)} (${fmtDuration(i.to - i.from)})`}</title>
                    <rect x={p.x} y={p.y} width={Math.max(2, p.width ?? 0)} height={p.height} fill={`url(#${hatch})`} stroke="none" />
                    {(p.width ?? 0) > 40 && (
                      <text x={(p.x ?? 0) + 4} y={(p.y ?? 0) + (p.height ?? 0) - 6} fill={C.down} fontSize={11} fontWeight={700}>down</text>
                    )}
                  </g>
                )}
              />
            );
          })}
          <ReferenceLine y={warnMs} stroke={C.warn} strokeDasharray="6 4" ifOverflow="hidden" label={budgetLabel(budgetText(warnMs), C.warn)} />
          <ReferenceLine y={critMs} stroke={C.crit} strokeDasharray="6 4" ifOverflow="hidden" label={budgetLabel(budgetText(critMs), C.crit)} />
          <Area
            dataKey="band" stroke={C.band} strokeOpacity={0.35} strokeWidth={1} fill={C.band} fillOpacity={0.25}
            isAnimationActive={false} connectNulls={false} name="probe min..max" dot={false} activeDot={false}
          />
          <Line dataKey="avg" stroke={C.avg} strokeWidth={1.6} dot={false} isAnimationActive={false} connectNulls={false} name="probe avg" />
          <Line dataKey="knetWin" stroke={C.knet} strokeWidth={1.4} strokeDasharray="5 3" dot={false} isAnimationActive={false} connectNulls={false} name="knet window mean" />
          {at !== null && <ReferenceLine x={at} stroke={C.text} strokeOpacity={0.7} strokeDasharray="1 3" ifOverflow="hidden" className="at-marker" />}
          {switches.map((m) => (
            <ReferenceLine
              key={m.id} x={m.t} ifOverflow="hidden" stroke={m.kind === 'failover' ? C.failover : C.failback} strokeWidth={1.5}
              strokeDasharray={m.kind === 'failback' ? '4 3' : undefined}
              label={markerLabel(m.label, m.kind === 'failover' ? C.failover : C.failback, m.row, rows, `${m.kind}-marker`, plotRight, `${fmtDateTime(m.t)} ${m.message}`)}
            />
          ))}
          {spikes.map((m) => (
            <ReferenceDot
              key={m.id} x={m.t} y={Math.min(m.peakMs, yMax)} ifOverflow="visible"
              shape={(p: { cx?: number; cy?: number }) => {
                const cx = p.cx ?? 0, cy = p.cy ?? 0;
                const text = `spike ${fmtMs(m.peakMs)}`;
                const w = text.length * 6.3 + 8;
                const h = 15;
                const top = Math.max(2, cy - 8);
                // beside the dot, inside the plot: right of it, else left
                const box = place([{ x: cx + 8, y: top, w, h }, { x: cx - 8 - w, y: top, w, h }], [], plotLeft, plotRight);
                return (
                  <g data-testid="jitter-marker" data-t={m.t}>
                    <title>{`${fmtDateTime(m.t)} ${m.message}`}</title>
                    <path d={`M${cx},${cy - 6} L${cx + 6},${cy} L${cx},${cy + 6} L${cx - 6},${cy} Z`} fill={C.spike} stroke={C.bg} strokeWidth={1} />
                    <rect x={box.x} y={box.y} width={w} height={h} rx={3} fill={C.bg} fillOpacity={0.85} />
                    <text x={box.x + 4} y={box.y + 11} fill={C.spike} fontSize={11} fontWeight={600}>{text}</text>
                  </g>
                );
              }}
            />
          ))}
          <Tooltip content={<Tip />} isAnimationActive={false} cursor={{ stroke: C.axis, strokeDasharray: '3 3' }} />
          <defs>
            <pattern id={hatch} width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
              <rect width="8" height="8" fill={C.down} fillOpacity={0.14} />
              <line x1="0" y1="0" x2="0" y2="8" stroke={C.down} strokeOpacity={0.45} strokeWidth={2} />
            </pattern>
          </defs>
        </ComposedChart>
      )}
      <div className="active-strip" style={{ marginLeft: plotLeft, marginRight: MARGIN.right }} title="when this link carried the traffic">
        {active.map((i) => {
          const c = clip(i);
          if (c.to <= c.from) return null;
          const left = ((c.from - domain.from) / (domain.to - domain.from)) * 100;
          const w = ((c.to - c.from) / (domain.to - domain.from)) * 100;
          return <span key={i.from} className="active-seg" style={{ left: `${left}%`, width: `${Math.max(w, 0.3)}%` }} />;
        })}
        <span className="active-strip-label">active</span>
      </div>
    </div>
  );
}
