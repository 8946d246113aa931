import { memo } from 'react';

/** A line over fixed time buckets (oldest → newest); gaps where a bucket has no value. Nothing to hover or click. */
function path(values: Array<number | null>, top: number): string {
  let d = '';
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    const y = 100 - (Math.min(v, top) / top) * 96 - 2;
    d += `${pen ? 'L' : 'M'}${i},${y.toFixed(1)}`;
    pen = true;
  });
  return d;
}

export const Sparkline = memo(function Sparkline({ avg, max, floor = 500 }: { avg: Array<number | null>; max?: Array<number | null>; floor?: number }) {
  const all = [...avg, ...(max ?? [])].filter((v): v is number => v !== null);
  const top = Math.max(floor, ...all) * 1.1;
  const n = Math.max(1, avg.length - 1);
  // a single point has no segment to draw: mark it
  const lone = avg.map((v, i) => (v !== null && avg[i - 1] == null && avg[i + 1] == null ? i : -1)).filter((i) => i >= 0);
  return (
    <svg className="spark" viewBox={`-0.5 0 ${n + 1} 100`} preserveAspectRatio="none" aria-hidden>
      {max && <path className="spark-max" d={path(max, top)} vectorEffect="non-scaling-stroke" />}
      <path className="spark-avg" d={path(avg, top)} vectorEffect="non-scaling-stroke" />
      {lone.map((i) => (
        <path key={i} className="spark-avg spark-dot" d={`M${i},${(100 - (Math.min(avg[i]!, top) / top) * 96 - 2).toFixed(1)}h0.01`} vectorEffect="non-scaling-stroke" />
      ))}
    </svg>
  );
});
