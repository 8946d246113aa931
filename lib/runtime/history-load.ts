import type { CorowatchConfig } from '../config/schema';
import type { Db } from '../store/db';
import { toEventRecord } from '../store/queries';
import { readWatermark } from '../store/rollup';
import { dialectOf } from '../store/dialect';
import { ROLLUP_TABLE, STEP_MS, aggregateSql, filterSql, floorTo, tsMs, type Resolution } from '../store/rollup-sql';
import type { SeriesEvent } from './series-query';
import type { HistoryParams, HistoryPoint, HistoryResponse, HistorySeries } from './history-query';

// Reads a validated history query. Raw: the stored samples. 1m / 1h: the rollup rows up to the rollup's watermark,
// and past it (the last minutes, not rolled up yet) the same aggregation computed on the fly from the finer source, so
// a range that ends now has no hole at its end.

const MAX_EVENTS = 2000;
const ALL_LINKS = [0, 1, 2, 3, 4, 5, 6, 7];

type Row = Record<string, unknown>;
const n = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const r1 = (v: unknown): number | null => (v === null || v === undefined ? null : Math.round(Number(v) * 10) / 10);

function lossOf(lost: unknown, count: unknown): number | null {
  const l = n(lost) ?? 0;
  const c = n(count) ?? 0;
  return l + c > 0 ? l / (l + c) : null;
}

function rawPoint(r: Row): HistoryPoint {
  return {
    t: tsMs(r.ts)!, min: n(r.rttMinUs), mean: n(r.rttAvgUs), max: n(r.rttMaxUs), p95: null, loss: lossOf(r.rttLost, r.rttCount),
    knetUs: n(r.latencyAveUs), knetWindowUs: n(r.knetWindowUs), count: 1, down: r.connected === false || n(r.connected) === 0 ? 1 : 0,
  };
}

function rollupPoint(r: Row): HistoryPoint {
  return {
    t: tsMs(r.bucket)!, min: n(r.rttMinUs), mean: r1(r.rttMeanUs), max: n(r.rttMaxUs), p95: n(r.rttP95Us), loss: lossOf(r.rttLost, r.rttCount),
    knetUs: r1(r.knetMeanUs), knetWindowUs: r1(r.winMeanUs), count: n(r.samples) ?? 0, down: n(r.downSamples) ?? 0,
  };
}

function filterParams(q: HistoryParams): unknown[] {
  return [q.cluster, q.node, ...q.peers, ...(q.link === null ? ALL_LINKS : [q.link])];
}

const FILTER = (q: HistoryParams) => filterSql({ nodes: 1, peers: q.peers.length, links: q.link === null ? ALL_LINKS.length : 1 });

async function rawRows(db: Db, q: HistoryParams): Promise<Row[]> {
  return db.$queryRawUnsafe<Row[]>(dialectOf(db).sql(
    `SELECT "peer", "link", "ts", "connected", "rttMinUs", "rttAvgUs", "rttMaxUs", "rttCount", "rttLost", "latencyAveUs", "knetWindowUs"
     FROM "LinkSample" WHERE "ts" >= ? AND "ts" <= ?${FILTER(q)} ORDER BY "peer", "link", "ts"`),
    dialectOf(db).tsParam(q.from), dialectOf(db).tsParam(q.to), ...filterParams(q));
}

async function rollupRows(db: Db, q: HistoryParams, res: Resolution): Promise<Row[]> {
  const step = STEP_MS[res];
  const from = floorTo(q.from, step);
  const mark = (await readWatermark(db, res)) ?? from;
  const storedTo = Math.min(q.to + 1, mark); // buckets that start in [from, to] and are rolled up
  const stored = storedTo > from
    ? await db.$queryRawUnsafe<Row[]>(
      dialectOf(db).sql(`SELECT * FROM "${ROLLUP_TABLE[res]}" WHERE "bucket" >= ? AND "bucket" < ?${FILTER(q)}`), dialectOf(db).tsParam(from), dialectOf(db).tsParam(storedTo), ...filterParams(q))
    : [];
  const tailFrom = Math.max(from, mark);
  const tail = tailFrom <= q.to
    ? await db.$queryRawUnsafe<Row[]>(aggregateSql(res, { nodes: 1, peers: q.peers.length, links: q.link === null ? 8 : 1 }, dialectOf(db)),
      dialectOf(db).tsParam(tailFrom), dialectOf(db).tsParam(floorTo(q.to, step) + step), ...filterParams(q))
    : [];
  return [...stored, ...tail];
}

function toSeries(q: HistoryParams, rows: Row[], point: (r: Row) => HistoryPoint): HistorySeries[] {
  const map = new Map<string, HistorySeries>();
  for (const r of rows) {
    const key = `${r.peer}#${r.link}`;
    let s = map.get(key);
    if (!s) map.set(key, (s = { observer: q.node, peer: String(r.peer), link: Number(r.link), points: [] }));
    s.points.push(point(r));
  }
  const out = [...map.values()].sort((a, b) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : a.link - b.link));
  for (const s of out) s.points.sort((a, b) => a.t - b.t);
  return out;
}

/** Events overlapping the range that concern the node (either side) and, with a peer, that pair, plus cluster-wide ones. */
export async function historyEvents(db: Db, cluster: string, node: string, peer: string | null, from: number, to: number): Promise<SeriesEvent[]> {
  const who = peer === null
    ? [{ node }, { peer: node }, { node: null }]
    : [{ node, peer }, { node: peer, peer: node }, { node: { in: [node, peer] }, peer: null }, { node: null }];
  const rows = await db.event.findMany({
    where: { cluster, startedAt: { lte: new Date(to) }, AND: [{ OR: [{ endedAt: null }, { endedAt: { gte: new Date(from) } }] }, { OR: who }] },
    orderBy: [{ startedAt: 'asc' }, { id: 'asc' }],
    take: MAX_EVENTS,
  });
  return rows.map(toEventRecord).map((e) => ({
    ...e, startedAt: new Date(e.startedAt).toISOString(), endedAt: e.endedAt === null ? null : new Date(e.endedAt).toISOString(),
  }));
}

export async function loadHistory(db: Db, config: CorowatchConfig, q: HistoryParams): Promise<HistoryResponse> {
  const cluster = config.clusters.find((c) => c.name === q.cluster)!;
  const [series, events] = await Promise.all([
    q.step === 'raw'
      ? rawRows(db, q).then((rows) => toSeries(q, rows, rawPoint))
      : rollupRows(db, q, q.step).then((rows) => toSeries(q, rows, rollupPoint)),
    historyEvents(db, q.cluster, q.node, q.peer, q.from, q.to),
  ]);
  return {
    cluster: q.cluster, node: q.node, peer: q.peer, link: q.link, from: new Date(q.from).toISOString(), to: new Date(q.to).toISOString(),
    step: q.step, stepMs: q.step === 'raw' ? cluster.pollIntervalMs : STEP_MS[q.step], auto: q.auto,
    thresholds: { rttWarnUs: Math.round(cluster.thresholds.rttWarnMs * 1000), rttCritUs: Math.round(cluster.thresholds.rttCritMs * 1000) },
    series, events,
  };
}
