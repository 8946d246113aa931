// Time ranges in the URL, shared by the link page (components/charts) and the history page (components/history).
// Each page keeps its own set of ranges and its own URL layout; these are the parts that are the same. No React.

export interface TimeWindow {
  from: number;
  to: number;
}

/** A time from the URL: epoch milliseconds or anything Date.parse reads; null when absent or unreadable. */
export function parseUrlTime(v: string | null): number | null {
  if (!v) return null;
  const ms = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  return Number.isFinite(ms) ? ms : null;
}

/** The shortest of the live ranges (in their order, shortest first) that holds spanMs; the longest if none does. */
export function liveRangeFor<K extends string>(ranges: Record<K, number>, spanMs: number): K {
  const keys = Object.keys(ranges) as K[];
  return keys.find((k) => ranges[k] >= spanMs) ?? keys[keys.length - 1];
}

/** The window moved by half its width, earlier (-1) or later (1); null when it would reach `now` (go live instead). */
export function panWindow(w: TimeWindow, dir: -1 | 1, now: number): TimeWindow | null {
  const width = w.to - w.from;
  const from = w.from + (dir * width) / 2;
  return from + width >= now ? null : { from: Math.round(from), to: Math.round(from + width) };
}
