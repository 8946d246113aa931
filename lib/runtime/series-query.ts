import type { CorowatchConfig } from '../config/schema';
import type { Db } from '../store/db';
import { toEventRecord } from '../store/queries';
import { dialectOf, sqliteDialect, type Dialect } from '../store/dialect';
import { get, parsePairParams, parseTimeParams, type Params } from './pair-params';

// GET /api/series: one pair of nodes, both directions, every knet link, from the stored LinkSample rows.
//
// Parameters: cluster, node, peer (required); from/to (ISO 8601 or epoch ms; default: the last 15 minutes up to
// now), or at (the 10 minutes around a moment) instead of from/to; maxPoints (per series, default 1000).
// Ranges up to 7 days. A range with more polls than maxPoints is aggregated in SQL into buckets of bucketMs
// (aligned to the epoch, so a live view's buckets do not shift; bucketMs=<ms> asks for a given bucket, which a live
// view uses to fetch only its newest buckets): connected = false if any sample in the bucket
// was down, active = true if any was, rttMin = min, rttMax = max, rttAvg = the mean weighted by rttCount,
// rttLost/rttCount = sums, knet latencies = means.

export const DEFAULT_RANGE_MS = 15 * 60_000;
export const AT_HALF_WIDTH_MS = 5 * 60_000;
export const MAX_RANGE_MS = 7 * 24 * 3600_000;
export const DEFAULT_MAX_POINTS = 1000;
/** knet numbers links 0..7 (KNET_MAX_LINK = 8); naming them lets SQLite use the whole (cluster,node,peer,link,ts) index. */
const KNET_LINKS = [0, 1, 2, 3, 4, 5, 6, 7];
const MAX_EVENTS = 2000;
const NICE_BUCKETS_MS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600].map((s) => s * 1000);

export interface SeriesParams {
  cluster: string;
  node: string;
  peer: string;
  from: Date;
  to: Date;
  maxPoints: number;
  /** asked for explicitly; else chosen from the range and maxPoints */
  bucketMs?: number;
}

export interface SeriesPoint {
  t: number; // epoch ms (bucket start when bucketed)
  connected: boolean | null;
  active: boolean | null;
  knetUs: number | null; // knet's latency_ave (running average)
  knetWindowUs: number | null; // mean RTT of knet's own pings in the poll window
  rttMinUs: number | null; // corowatch's probe
  rttAvgUs: number | null;
  rttMaxUs: number | null;
  rttLost: number | null;
  rttCount: number | null;
}

export interface Series {
  observer: string;
  peer: string;
  link: number;
  points: SeriesPoint[];
}

export interface SeriesEvent {
  id: string;
  kind: string;
  severity: string;
  cluster: string;
  node: string | null;
  peer: string | null;
  link: number | null;
  message: string;
  startedAt: string;
  endedAt: string | null;
  details: Record<string, unknown> | null;
}

export interface SeriesResponse {
  cluster: string;
  node: string;
  peer: string;
  from: string;
  to: string;
  pollIntervalMs: number;
  /** null: one point per stored sample; else points are aggregates over buckets of this many ms */
  bucketMs: number | null;
  thresholds: { rttWarnUs: number; rttCritUs: number };
  series: Series[];
  events: SeriesEvent[];
}

export interface SeriesError {
  error: string;
}

/** Validates the parameters against the config; every problem is one clear sentence for a 400. */
export function parseSeriesQuery(p: Params, config: CorowatchConfig, now = Date.now()): SeriesParams | SeriesError {
  const pair = parsePairParams(p, config, 'required');
  if ('error' in pair) return pair;
  const { cluster, node, peer } = pair;
  const times = parseTimeParams(p, ['from', 'to', 'at'] as const);
  if ('error' in times) return times;
  let from: Date;
  let to: Date;
  if (times.at) {
    if (times.from || times.to) return { error: 'at: use either at or from/to, not both' };
    from = new Date(times.at.getTime() - AT_HALF_WIDTH_MS);
    to = new Date(times.at.getTime() + AT_HALF_WIDTH_MS);
  } else {
    to = times.to ?? new Date(now);
    from = times.from ?? new Date(to.getTime() - DEFAULT_RANGE_MS);
  }
  if (from > to) return { error: 'from is after to' };
  if (to.getTime() - from.getTime() > MAX_RANGE_MS) return { error: 'range too long: at most 7 days' };

  const mpRaw = get(p, 'maxPoints');
  const maxPoints = mpRaw === null ? DEFAULT_MAX_POINTS : Number(mpRaw);
  if (!Number.isInteger(maxPoints) || maxPoints < 10 || maxPoints > 20_000) return { error: 'maxPoints: an integer from 10 to 20000' };
  const bRaw = get(p, 'bucketMs');
  if (bRaw === null) return { cluster, node, peer, from, to, maxPoints };
  const bucketMs = Number(bRaw);
  if (!Number.isInteger(bucketMs) || bucketMs < 1000 || bucketMs > 86_400_000) return { error: 'bucketMs: an integer from 1000 to 86400000' };
  if ((to.getTime() - from.getTime()) / bucketMs > 20_000) return { error: 'bucketMs: too small for this range (more than 20000 buckets)' };
  return { cluster, node, peer, from, to, maxPoints, bucketMs };
}

/** null when the range holds at most maxPoints polls; else the smallest nice bucket that brings it under. */
export function bucketFor(rangeMs: number, pollIntervalMs: number, maxPoints: number): number | null {
  if (rangeMs / pollIntervalMs <= maxPoints) return null;
  const want = rangeMs / maxPoints;
  return NICE_BUCKETS_MS.find((b) => b >= want && b > pollIntervalMs) ?? Math.ceil(want / 3600_000) * 3600_000;
}

const toNum = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const toInt = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v)));
const toBool = (v: unknown): boolean | null => (v === null || v === undefined ? null : Boolean(Number(v)));

async function rawSeries(db: Db, q: SeriesParams, observer: string, peer: string): Promise<Series[]> {
  const rows = await db.linkSample.findMany({
    where: { cluster: q.cluster, node: observer, peer, link: { in: KNET_LINKS }, ts: { gte: q.from, lte: q.to } },
    select: {
      ts: true, link: true, connected: true, active: true, latencyAveUs: true, knetWindowUs: true,
      rttMinUs: true, rttAvgUs: true, rttMaxUs: true, rttLost: true, rttCount: true,
    },
    orderBy: [{ link: 'asc' }, { ts: 'asc' }],
  });
  const byLink = new Map<number, SeriesPoint[]>();
  for (const r of rows) {
    let pts = byLink.get(r.link);
    if (!pts) byLink.set(r.link, (pts = []));
    pts.push({
      t: r.ts.getTime(), connected: r.connected, active: r.active, knetUs: r.latencyAveUs, knetWindowUs: r.knetWindowUs,
      rttMinUs: r.rttMinUs, rttAvgUs: r.rttAvgUs, rttMaxUs: r.rttMaxUs, rttLost: r.rttLost, rttCount: r.rttCount,
    });
  }
  return [...byLink].map(([link, points]) => ({ observer, peer, link, points }));
}


interface BucketRow {
  link: unknown; b: unknown; connected: unknown; active: unknown; knetUs: unknown; knetWindowUs: unknown;
  rttMinUs: unknown; rttAvgUs: unknown; rttMaxUs: unknown; rttLost: unknown; rttCount: unknown;
}

/** The aggregate query; parameters: cluster, observer, peer, from, to. */
export function bucketSql(bucketMs: number, d: Dialect = sqliteDialect): string {
  if (!Number.isInteger(bucketMs) || bucketMs <= 0) throw new Error(`bad bucket ${bucketMs}`);
  return d.sql(`SELECT "link" AS "link", (${d.epochMs('"ts"')}) / ${bucketMs} AS "b",
      ${d.boolAnd('"connected"')} AS "connected", ${d.boolOr('"active"')} AS "active",
      AVG("latencyAveUs") AS "knetUs", AVG("knetWindowUs") AS "knetWindowUs",
      MIN("rttMinUs") AS "rttMinUs", MAX("rttMaxUs") AS "rttMaxUs",
      COALESCE(SUM("rttAvgUs" * "rttCount") * 1.0 / NULLIF(SUM(CASE WHEN "rttAvgUs" IS NOT NULL THEN "rttCount" END), 0), AVG("rttAvgUs")) AS "rttAvgUs",
      SUM("rttLost") AS "rttLost", SUM("rttCount") AS "rttCount"
    FROM "LinkSample"
    WHERE "cluster" = ? AND "node" = ? AND "peer" = ? AND "link" IN (${KNET_LINKS.join(',')}) AND "ts" >= ? AND "ts" <= ?
    GROUP BY 1, 2 ORDER BY 1, 2`);
}

async function bucketedSeries(db: Db, q: SeriesParams, observer: string, peer: string, bucketMs: number): Promise<Series[]> {
  const rows = await db.$queryRawUnsafe<BucketRow[]>(bucketSql(bucketMs, dialectOf(db)), q.cluster, observer, peer, dialectOf(db).tsParam(q.from.getTime()), dialectOf(db).tsParam(q.to.getTime()));
  const byLink = new Map<number, SeriesPoint[]>();
  for (const r of rows) {
    const link = Number(r.link);
    let pts = byLink.get(link);
    if (!pts) byLink.set(link, (pts = []));
    pts.push({
      t: Number(r.b) * bucketMs, connected: toBool(r.connected), active: toBool(r.active), knetUs: toInt(r.knetUs),
      knetWindowUs: toInt(r.knetWindowUs), rttMinUs: toInt(r.rttMinUs), rttAvgUs: toInt(r.rttAvgUs), rttMaxUs: toInt(r.rttMaxUs),
      rttLost: toNum(r.rttLost), rttCount: toNum(r.rttCount),
    });
  }
  return [...byLink].map(([link, points]) => ({ observer, peer, link, points }));
}

/** Events overlapping the range on this pair (either direction) or on either node alone, oldest first. */
async function pairEvents(db: Db, q: SeriesParams): Promise<SeriesEvent[]> {
  const rows = await db.event.findMany({
    where: {
      cluster: q.cluster,
      startedAt: { lte: q.to },
      AND: [
        { OR: [{ endedAt: null }, { endedAt: { gte: q.from } }] },
        {
          OR: [
            { node: q.node, peer: q.peer },
            { node: q.peer, peer: q.node },
            { node: { in: [q.node, q.peer] }, peer: null },
          ],
        },
      ],
    },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    take: MAX_EVENTS,
  });
  return rows.map(toEventRecord).map((e) => ({
    ...e,
    startedAt: new Date(e.startedAt).toISOString(),
    endedAt: e.endedAt === null ? null : new Date(e.endedAt).toISOString(),
  }));
}

/** Runs a validated query. */
export async function loadSeries(db: Db, config: CorowatchConfig, q: SeriesParams): Promise<SeriesResponse> {
  const cluster = config.clusters.find((c) => c.name === q.cluster)!;
  const bucketMs = q.bucketMs ?? bucketFor(q.to.getTime() - q.from.getTime(), cluster.pollIntervalMs, q.maxPoints);
  const load = (observer: string, peer: string) =>
    bucketMs === null ? rawSeries(db, q, observer, peer) : bucketedSeries(db, q, observer, peer, bucketMs);
  const [forward, backward, events] = await Promise.all([load(q.node, q.peer), load(q.peer, q.node), pairEvents(db, q)]);
  return {
    cluster: q.cluster, node: q.node, peer: q.peer, from: q.from.toISOString(), to: q.to.toISOString(),
    pollIntervalMs: cluster.pollIntervalMs, bucketMs,
    thresholds: {
      rttWarnUs: Math.round(cluster.thresholds.rttWarnMs * 1000),
      rttCritUs: Math.round(cluster.thresholds.rttCritMs * 1000),
    },
    series: [...forward, ...backward],
    events,
  };
}

/** Validates and runs: the whole of GET /api/series without HTTP. */
export async function querySeries(db: Db, config: CorowatchConfig, params: Params, now = Date.now()): Promise<SeriesResponse | SeriesError> {
  const q = parseSeriesQuery(params, config, now);
  if ('error' in q) return q;
  return loadSeries(db, config, q);
}
