import { describe, expect, it } from 'vitest';
import { BUCKETS, BUCKET_MS, SparkStore, linkKey, pairKey } from '@/components/wall/spark-store';
import { clusterView } from '../helpers/views';

describe('wall sparkline store', () => {
  it('buckets live polls into 15-minute rings, one sample per poll', () => {
    const s = new SparkStore();
    const c = clusterView('lab', 3, 2);
    const t0 = 1_000 * BUCKET_MS;
    for (let i = 0; i < 30; i++) {
      for (const n of c.nodes) n.lastPollAt = t0 + i * 1000;
      s.ingest([c]);
      s.ingest([c]); // the same poll again (a render without news) counts once
    }
    const sr = s.series(pairKey('lab', 'pve1', 'pve2', 0), t0 + 29_000);
    expect(sr.avg).toHaveLength(BUCKETS);
    expect(sr.avg.slice(-2)).toEqual([150, 150]);
    expect(sr.avg.slice(0, -2).every((v) => v === null)).toBe(true);
    expect(s.series(linkKey('lab', 1), t0 + 29_000).avg.at(-1)).toBe(160);
  });

  it('keeps only aggregates for a large cluster and stays bounded over days', () => {
    const s = new SparkStore();
    const c = clusterView('big', 32, 2);
    let t = 5_000 * BUCKET_MS;
    for (let i = 0; i < 3 * 24 * 60; i++, t += 60_000) { // three days, one poll a minute
      for (const n of c.nodes) n.lastPollAt = t;
      s.ingest([c]);
      if (i % 10 === 0) s.prune(t, [c]);
    }
    expect(s.size).toBe(2); // link0 and link1 of the whole cluster
    const sr = s.series(linkKey('big', 0), t - 60_000);
    expect(sr.avg.filter((v) => v !== null).length).toBeLessThanOrEqual(BUCKETS);
    expect(sr.max.at(-1)).toBe(150);
  });

  it('history fills only empty buckets and never overwrites newer ones; quiet keys are pruned', () => {
    const s = new SparkStore();
    const k = pairKey('lab', 'pve1', 'pve2', 0);
    const t = 2_000 * BUCKET_MS;
    s.add(k, t, 100);
    s.fill(k, t, 999);
    s.fill(k, t - BUCKET_MS, 80);
    s.fill(k, t - BUCKETS * BUCKET_MS, 1); // same slot as t, older: ignored
    expect(s.series(k, t).avg.slice(-2)).toEqual([80, 100]);
    s.prune(t + (BUCKETS + 1) * BUCKET_MS, []);
    expect(s.size).toBe(0);
  });
});
