import type { ClusterView } from '@/lib/analyze/views';

// The wall's sparklines: probe RTT per link over the last 15 minutes, in fixed rings of time buckets. Memory is
// bounded for a wall that runs for days: a ring per key of `buckets` slots, keys pruned once they go quiet, and
// per-pair keys only for clusters small enough to show them (larger ones keep one aggregate per knet link).

export const BUCKET_MS = 15_000;
export const BUCKETS = 60; // 15 minutes
/** up to this many directed links a cluster's sparklines are per observer → peer → link; above, per knet link */
export const MAX_PAIR_SPARKS = 12;

interface Ring {
  b: Float64Array; // bucket number held by each slot
  sum: Float64Array;
  n: Uint32Array;
  max: Float64Array;
  lastB: number;
}

export interface SparkSeries {
  avg: Array<number | null>; // oldest → newest
  max: Array<number | null>;
}

export class SparkStore {
  private rings = new Map<string, Ring>();
  /** per cluster/node: the lastPollAt already taken in */
  private seen = new Map<string, number>();

  constructor(readonly bucketMs = BUCKET_MS, readonly buckets = BUCKETS) {}

  get size(): number {
    return this.rings.size;
  }

  private ring(key: string): Ring {
    let r = this.rings.get(key);
    if (!r) {
      const nb = this.buckets;
      r = { b: new Float64Array(nb).fill(-1), sum: new Float64Array(nb), n: new Uint32Array(nb), max: new Float64Array(nb), lastB: -1 };
      this.rings.set(key, r);
    }
    return r;
  }

  private slot(r: Ring, t: number): number {
    const b = Math.floor(t / this.bucketMs);
    const i = b % this.buckets;
    if (r.b[i] > b) return -1; // older than what the slot holds now: out of the window
    if (r.b[i] !== b) {
      r.b[i] = b;
      r.sum[i] = 0;
      r.n[i] = 0;
      r.max[i] = -Infinity;
    }
    r.lastB = Math.max(r.lastB, b);
    return i;
  }

  add(key: string, t: number, v: number): void {
    const r = this.ring(key);
    const i = this.slot(r, t);
    if (i < 0) return;
    r.sum[i] += v;
    r.n[i]++;
    if (v > r.max[i]) r.max[i] = v;
  }

  /** history (e.g. from /api/series): only fills buckets the live feed has not */
  fill(key: string, t: number, v: number, max = v): void {
    const r = this.ring(key);
    const b = Math.floor(t / this.bucketMs);
    if (r.b[b % this.buckets] === b && r.n[b % this.buckets] > 0) return;
    this.add(key, t, v);
    const i = b % this.buckets;
    if (r.b[i] === b) r.max[i] = Math.max(v, max);
  }

  series(key: string, now: number): SparkSeries {
    const r = this.rings.get(key);
    const nowB = Math.floor(now / this.bucketMs);
    const avg: Array<number | null> = [];
    const max: Array<number | null> = [];
    for (let b = nowB - this.buckets + 1; b <= nowB; b++) {
      const i = ((b % this.buckets) + this.buckets) % this.buckets;
      const ok = r !== undefined && r.b[i] === b && r.n[i] > 0;
      avg.push(ok ? r.sum[i] / r.n[i] : null);
      max.push(ok ? r.max[i] : null);
    }
    return { avg, max };
  }

  /** Takes in every node view polled since the last call. */
  ingest(clusters: ClusterView[]): void {
    for (const c of clusters) {
      const perPair = c.nodes.reduce((k, n) => k + n.links.length, 0) <= MAX_PAIR_SPARKS;
      for (const n of c.nodes) {
        const nk = `${c.name}|${n.name}`;
        if (n.lastPollAt === null || this.seen.get(nk) === n.lastPollAt) continue;
        this.seen.set(nk, n.lastPollAt);
        for (const l of n.links) {
          if (l.rttUs === null) continue;
          if (perPair) this.add(pairKey(c.name, n.name, l.peer, l.link), n.lastPollAt, l.rttUs);
          this.add(linkKey(c.name, l.link), n.lastPollAt, l.rttUs);
        }
      }
    }
  }

  /** Drops rings with nothing in the window and nodes no longer shown. */
  prune(now: number, clusters: ClusterView[]): void {
    const oldest = Math.floor(now / this.bucketMs) - this.buckets;
    for (const [k, r] of this.rings) if (r.lastB <= oldest) this.rings.delete(k);
    const shown = new Set(clusters.flatMap((c) => c.nodes.map((n) => `${c.name}|${n.name}`)));
    for (const k of this.seen.keys()) if (!shown.has(k)) this.seen.delete(k);
  }
}

export const pairKey = (cluster: string, node: string, peer: string, link: number) => `${cluster}|${node}|${peer}|${link}`;
export const linkKey = (cluster: string, link: number) => `${cluster}|*|*|${link}`;
