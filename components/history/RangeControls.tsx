'use client';
import { useEffect, useState } from 'react';
import { panWindow } from '@/components/time-range';
import { HISTORY_RANGES, RANGE_LABELS, type HistoryRange, type HistoryRangeKey } from './history-state';

interface Props {
  range: HistoryRange;
  domain: { from: number; to: number } | null;
  onRange: (r: HistoryRange) => void;
  onLive: () => void;
}

const two = (n: number) => String(n).padStart(2, '0');

/** A time as <input type="datetime-local"> wants it, in local time. */
export function toLocalInput(t: number): string {
  const d = new Date(t);
  return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())}T${two(d.getHours())}:${two(d.getMinutes())}`;
}

/** Last 15 min … 90 days (live), a custom from/to, earlier/later, and back to live. */
export function RangeControls({ range, domain, onRange, onLive }: Props) {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  useEffect(() => {
    if (!domain) return;
    setFrom(toLocalInput(domain.from));
    setTo(toLocalInput(domain.to));
  }, [domain?.from, domain?.to]); // eslint-disable-line react-hooks/exhaustive-deps
  const f = Date.parse(from);
  const t = Date.parse(to);
  const valid = Number.isFinite(f) && Number.isFinite(t) && f < t;
  const pan = (dir: -1 | 1) => {
    if (!domain) return;
    const moved = panWindow(domain, dir, Date.now());
    if (moved) onRange({ mode: 'fixed', ...moved });
    else onLive();
  };
  return (
    <div className="controls" data-testid="range-controls">
      <div className="btn-group" role="group" aria-label="time range">
        {(Object.keys(HISTORY_RANGES) as HistoryRangeKey[]).map((k) => (
          <button
            key={k} type="button" data-range={k} className={range.mode === 'live' && range.key === k ? 'on' : ''}
            onClick={() => onRange({ mode: 'live', key: k, ms: HISTORY_RANGES[k] })}
          >
            last {RANGE_LABELS[k]}
          </button>
        ))}
      </div>
      <form
        className="custom-range" data-testid="custom-range"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid) onRange({ mode: 'fixed', from: f, to: t });
        }}
      >
        <label>from <input type="datetime-local" name="from" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
        <label>to <input type="datetime-local" name="to" value={to} onChange={(e) => setTo(e.target.value)} /></label>
        <button type="submit" disabled={!valid}>show</button>
      </form>
      <div className="btn-group" role="group" aria-label="move">
        <button type="button" onClick={() => pan(-1)} disabled={!domain}>◀ earlier</button>
        <button type="button" onClick={() => pan(1)} disabled={!domain || range.mode === 'live'}>later ▶</button>
      </div>
      {range.mode === 'fixed' && (
        <button type="button" className="back-live" data-testid="back-to-live" onClick={onLive}>● back to live</button>
      )}
    </div>
  );
}
