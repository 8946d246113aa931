'use client';
import { useState } from 'react';
import { Area, CartesianGrid, ComposedChart, Line as RLine, ReferenceArea, ReferenceLine, Tooltip, XAxis, YAxis } from 'recharts';
import type { SeriesEvent } from '@/lib/runtime/series-query';
import { fmtDateTime, fmtMs, niceCeil, yTicks } from '@/components/charts/chart-data';
import { fmtTick, layoutMarkers, ticksFor, type ChartRow, type Line } from './history-data';

const SEV = { critical: '#f85149', warning: '#d29922', info: '#8b98a5' } as Record<string, string>;
const AXIS = '#8b98a5';
const GRID = '#2a3542';
const Y_WIDTH = 54;
const MARGIN = { top: 8, right: 20, bottom: 0, left: 0 };
const ROW = 16;

interface Props {
  rows: ChartRow[];
  lines: Line[];
  domain: { from: number; to: number };
  width: number;
  yMaxMs: number;
  budgets: number[]; // ms
  events: SeriesEvent[];
  highlight: string | null;
  showBand: boolean;
  onZoom: (from: number, to: number) => void;
}

interface TipProps {
  active?: boolean;
  label?: number;
  payload?: Array<{ payload?: ChartRow }>;
  lines: Line[];
}

function Tip({ active, label, payload, lines }: TipProps) {
  const r = payload?.[0]?.payload;
  if (!active || !r) return null;
  return (
    <div className="chart-tip">
      <div className="tip-time">{fmtDateTime(label ?? r.t)}</div>
      {lines.map((l) => {
        const mean = r[`m${l.idx}`] as number | null | undefined;
        if (mean === undefined) return null;
        const band = r[`b${l.idx}`] as [number, number] | null;
        const p95 = r[`p${l.idx}`] as number | null;
        const loss = r[`l${l.idx}`] as number | null;
        return (
          <div key={l.id}>
            <i className="tip-swatch" style={{ background: l.color }} /> {l.label}: <b>{fmtMs(mean)}</b>
            {band ? ` (${fmtMs(band[0])}…${fmtMs(band[1])})` : ''}{p95 !== null && p95 !== undefined ? ` p95 ${fmtMs(p95)}` : ''}
            {loss ? ` · lost ${loss} %` : ''}
          </div>
        );
      })}
    </div>
  );
}

/** An event's label in the band above the plot, on its row, beside its line (left of it near the right edge). */
function markerLabel(text: string, color: string, row: number, rows: number, flip: boolean, bold: boolean, title: string) {
  const EventLabel = (props: { viewBox?: { x: number; y: number } }) => {
    const vb = props.viewBox ?? { x: 0, y: 0 };
    const w = text.length * 6.4 + 10;
    const y = vb.y - 2 - (rows - row) * ROW;
    const x = flip ? vb.x - 3 - w : vb.x + 3;
    return (
      <g data-testid="event-label" className="event-label">
        <title>{title}</title>
        <line x1={vb.x} y1={y + ROW - 2} x2={vb.x} y2={vb.y} stroke={color} strokeWidth={1} strokeOpacity={0.7} />
        <rect x={x} y={y} width={w} height={ROW - 2} rx={3} fill="#0d1117" fillOpacity={0.92} stroke={color} strokeWidth={bold ? 1.5 : 0.8} />
        <text x={x + 5} y={y + 10.5} fill={color} fontSize={11} fontWeight={bold ? 700 : 500}>{text}</text>
      </g>
    );
  };
  return EventLabel;
}

/** Every selected line's probe RTT on one time axis; events as vertical markers; drag across the plot to zoom in. */
export function HistoryChart({ rows, lines, domain, width, yMaxMs, budgets, events, highlight, showBand, onZoom }: Props) {
  const [drag, setDrag] = useState<{ a: number; b: number } | null>(null);
  const span = domain.to - domain.from;
  const plotW = Math.max(100, width - Y_WIDTH - MARGIN.right);
  const ticks = ticksFor(domain.from, domain.to, Math.max(3, Math.floor(plotW / 110)));
  const top = niceCeil(yMaxMs * 1.1);
  const inView = events.filter((e) => {
    const t = Date.parse(e.startedAt);
    return t >= domain.from && t <= domain.to;
  });
  const labels = layoutMarkers(inView, domain, plotW, highlight);
  const rowsUsed = Math.max(0, ...[...labels.values()].map((l) => (l.row === null ? 0 : l.row + 1)));
  const margin = { ...MARGIN, top: MARGIN.top + rowsUsed * ROW };
  const label = (v: unknown) => {
    const t = Number(v);
    return Number.isFinite(t) ? t : null;
  };
  const finish = () => {
    if (drag && Math.abs(drag.b - drag.a) >= Math.max(1000, span / 500)) onZoom(Math.min(drag.a, drag.b), Math.max(drag.a, drag.b));
    setDrag(null);
  };
  if (width <= 0) return null;
  return (
    <div className="hchart" data-testid="history-chart" data-from={domain.from} data-to={domain.to} onMouseLeave={() => setDrag(null)}>
      <ComposedChart
        width={width} height={300 + rowsUsed * ROW} data={rows} margin={margin} syncId="history" syncMethod="value"
        onMouseDown={(e) => {
          const t = label((e as { activeLabel?: unknown } | null)?.activeLabel);
          if (t !== null) setDrag({ a: t, b: t });
        }}
        onMouseMove={(e) => {
          const t = label((e as { activeLabel?: unknown } | null)?.activeLabel);
          if (drag && t !== null) setDrag({ ...drag, b: t });
        }}
        onMouseUp={finish}
      >
        <CartesianGrid stroke={GRID} strokeDasharray="2 4" vertical={false} />
        <XAxis
          dataKey="t" type="number" domain={[domain.from, domain.to]} allowDataOverflow ticks={ticks}
          tickFormatter={(t: number) => fmtTick(t, span)} stroke={AXIS} tick={{ fill: AXIS, fontSize: 11 }} height={22}
        />
        <YAxis
          type="number" scale="sqrt" domain={[0, top]} allowDataOverflow ticks={yTicks(top, 'sqrt', budgets, 290)} interval={0}
          width={Y_WIDTH} stroke={AXIS} tick={{ fill: AXIS, fontSize: 11 }}
          label={{ value: 'ms', position: 'insideTopLeft', fill: AXIS, fontSize: 11, offset: 0, dx: 4 }}
        />
        {budgets.map((b, i) => (
          <ReferenceLine key={b} y={b} stroke={i === 0 ? '#d29922' : '#f85149'} strokeDasharray="6 4" ifOverflow="hidden" />
        ))}
        {showBand && lines.map((l) => (
          <Area key={`b${l.id}`} dataKey={`b${l.idx}`} stroke="none" fill={l.color} fillOpacity={0.14} isAnimationActive={false}
            connectNulls={false} dot={false} activeDot={false} />
        ))}
        {lines.map((l) => (
          <RLine key={`m${l.id}`} dataKey={`m${l.idx}`} stroke={l.color} strokeWidth={1.6} dot={false} isAnimationActive={false}
            connectNulls={false} name={l.label} />
        ))}
        {inView.map((e) => {
          const hi = e.id === highlight;
          const color = SEV[e.severity] ?? AXIS;
          const l = labels.get(`${e.cluster}/${e.id}`);
          const title = `${fmtDateTime(Date.parse(e.startedAt))} ${e.kind}: ${e.message}`;
          return (
            <ReferenceLine
              key={`${e.cluster}/${e.id}`} x={Date.parse(e.startedAt)} stroke={color} strokeWidth={hi ? 2.5 : 1}
              strokeDasharray={hi ? undefined : '3 3'} ifOverflow="hidden" className="event-marker"
              label={l && l.row !== null ? markerLabel(l.text, color, l.row, rowsUsed, l.flip, hi, title) : undefined}
            />
          );
        })}
        {drag && drag.a !== drag.b && (
          <ReferenceArea x1={Math.min(drag.a, drag.b)} x2={Math.max(drag.a, drag.b)} fill="#58a6ff" fillOpacity={0.18} stroke="#58a6ff" strokeOpacity={0.6} />
        )}
        <Tooltip content={<Tip lines={lines} />} isAnimationActive={false} cursor={{ stroke: AXIS, strokeDasharray: '3 3' }} />
      </ComposedChart>
      <div className="loss-caption">probe loss %</div>
      <ComposedChart width={width} height={96} data={rows} margin={{ ...MARGIN, top: 6, bottom: 6 }} syncId="history" syncMethod="value">
        <CartesianGrid stroke={GRID} strokeDasharray="2 4" vertical={false} />
        <XAxis dataKey="t" type="number" domain={[domain.from, domain.to]} allowDataOverflow ticks={ticks} hide />
        <YAxis type="number" domain={[0, 100]} ticks={[0, 50, 100]} width={Y_WIDTH} stroke={AXIS} tick={{ fill: AXIS, fontSize: 11 }} />
        {lines.map((l) => (
          <RLine key={`l${l.id}`} dataKey={`l${l.idx}`} stroke={l.color} strokeWidth={1.3} dot={false} isAnimationActive={false} connectNulls={false} />
        ))}
        {inView.map((e) => (
          <ReferenceLine key={`x${e.cluster}/${e.id}`} x={Date.parse(e.startedAt)} stroke={SEV[e.severity] ?? AXIS} strokeOpacity={0.6}
            strokeWidth={e.id === highlight ? 2.5 : 1} strokeDasharray={e.id === highlight ? undefined : '3 3'} ifOverflow="hidden" />
        ))}
      </ComposedChart>
    </div>
  );
}
