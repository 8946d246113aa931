'use client';
import { useEffect, useRef } from 'react';
import type { ClusterView } from '@/lib/analyze/views';
import { BUCKET_MS, MAX_PAIR_SPARKS, SparkStore, linkKey, pairKey } from './spark-store';

const PRUNE_MS = 60_000;

interface SeriesAnswer { series: Array<{ observer: string; peer: string; link: number; points: Array<{ t: number; rttAvgUs: number | null }> }> }

/** Fills the sparklines' history of a small cluster once from /api/series (15-minute window, 15 s buckets):
 * per link and, for the grid's per-knet-link lines, mean and worst over all its paths. */
async function backfill(store: SparkStore, c: ClusterView, signal: AbortSignal): Promise<void> {
  const names = c.nodes.map((n) => n.name);
  const agg = new Map<string, { link: number; t: number; sum: number; n: number; max: number }>();
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      const q = new URLSearchParams({ cluster: c.name, node: names[i], peer: names[j], bucketMs: String(BUCKET_MS) });
      const r = await fetch(`/api/series?${q}`, { signal, cache: 'no-store' });
      if (!r.ok) continue;
      const body = (await r.json()) as SeriesAnswer;
      for (const s of body.series) {
        for (const p of s.points) {
          if (p.rttAvgUs === null) continue;
          store.fill(pairKey(c.name, s.observer, s.peer, s.link), p.t, p.rttAvgUs);
          const k = `${s.link}/${p.t}`;
          const a = agg.get(k) ?? { link: s.link, t: p.t, sum: 0, n: 0, max: 0 };
          agg.set(k, { ...a, sum: a.sum + p.rttAvgUs, n: a.n + 1, max: Math.max(a.max, p.rttAvgUs) });
        }
      }
    }
  }
  for (const a of agg.values()) store.fill(linkKey(c.name, a.link), a.t, a.sum / a.n, a.max);
}

/** The wall's sparkline store: fed from every live update, history fetched once per small cluster, pruned. */
export function useSparks(clusters: ClusterView[]): SparkStore {
  const ref = useRef<SparkStore | null>(null);
  ref.current ??= new SparkStore();
  const store = ref.current;
  const filled = useRef(new Set<string>());
  const lastPrune = useRef(0);

  useEffect(() => {
    store.ingest(clusters);
    const now = Date.now();
    if (now - lastPrune.current > PRUNE_MS) {
      lastPrune.current = now;
      store.prune(now, clusters);
    }
  }, [clusters, store]);

  // one controller for the hook's life: a new render must not abort a history fetch under way
  const abort = useRef<AbortController | null>(null);
  useEffect(() => {
    abort.current = new AbortController();
    return () => abort.current?.abort();
  }, []);

  const small = clusters.filter((c) => c.nodes.length > 1 && c.nodes.reduce((k, n) => k + n.links.length, 0) <= MAX_PAIR_SPARKS && c.nodes.some((n) => n.links.length));
  const want = small.map((c) => c.name).filter((n) => !filled.current.has(n)).join('\n');
  useEffect(() => {
    if (!want || !abort.current) return;
    for (const name of want.split('\n')) {
      const c = clusters.find((x) => x.name === name);
      if (!c) continue;
      filled.current.add(name);
      backfill(store, c, abort.current.signal).catch(() => filled.current.delete(name)); // tried again with the next update
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per cluster, not per update
  }, [want, store]);

  return store;
}
