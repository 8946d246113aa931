import { describe, expect, it } from 'vitest';
import { downsampleRows, type ChartRow } from '@/components/history/history-data';

const STEP = 60_000;

function rows(n: number, at: (i: number) => Partial<ChartRow>): ChartRow[] {
  return Array.from({ length: n }, (_, i) => ({ t: 1_700_000_000_000 + i * STEP, m0: 0.2, p0: 0.3, b0: [0.1, 0.4], l0: 0, ...at(i) }) as ChartRow);
}

describe('history downsampling', () => {
  it('leaves a short series alone', () => {
    const r = rows(500, () => ({}));
    expect(downsampleRows(r, STEP)).toBe(r);
  });

  it('merges 14 days of minutes into at most 2000 rows, keeping spikes, dips and loss', () => {
    const r = rows(20_160, (i) => (i === 7001 ? { m0: 9, p0: 12, b0: [0.05, 15], l0: 40 } : i === 12_345 ? { b0: [0.01, 0.4] } : {}));
    const d = downsampleRows(r, STEP);
    expect(d.length).toBeLessThanOrEqual(2000);
    expect(d.length).toBeGreaterThan(1500);
    const bands = d.map((x) => x.b0 as [number, number]);
    expect(Math.max(...bands.map((b) => b[1]))).toBe(15);
    expect(Math.min(...bands.map((b) => b[0]))).toBe(0.01);
    expect(Math.max(...d.map((x) => x.p0 as number))).toBe(12);
    expect(Math.max(...d.map((x) => x.l0 as number))).toBe(40);
    const spike = d.find((x) => (x.b0 as [number, number])[1] === 15)!;
    expect(spike.m0).toBeGreaterThan(0.2); // the mean of the bucket's means: raised, not the spike itself
    expect(spike.m0).toBeLessThan(9);
    for (let i = 1; i < d.length; i++) expect(d[i].t).toBeGreaterThan(d[i - 1].t);
  });

  it('keeps an outage longer than a bucket as a gap, and ignores a single gap marker inside data', () => {
    const r = rows(20_000, (i) => (i >= 9000 && i < 9500 ? { m0: null, p0: null, b0: null, l0: null } : i === 3000 ? { m0: null } : {}));
    const d = downsampleRows(r, STEP);
    const gaps = d.filter((x) => x.m0 === null);
    expect(gaps.length).toBeGreaterThan(0);
    for (const g of gaps) expect(g.t).toBeGreaterThanOrEqual(r[9000].t - 20 * STEP);
    expect(d.find((x) => x.t <= r[3000].t && x.t + 11 * STEP > r[3000].t)!.m0).toBeCloseTo(0.2, 9);
  });
});
