// SQL for the link rollups (LinkRollup1m from LinkSample, LinkRollup1h from LinkRollup1m): GROUP BY and
// INSERT … ON CONFLICT DO UPDATE, the same on SQLite and PostgreSQL except for the parts the Dialect supplies
// (lib/store/dialect.ts): how a bucket is cut from a time (SQLite: integer division of the epoch milliseconds it
// stores DateTime as; PostgreSQL: date_trunc), the percentile aggregate (SQLite's percentile_cont(Y, P),
// compiled into better-sqlite3; PostgreSQL's percentile_cont(P) WITHIN GROUP (ORDER BY Y), the same definition) and the
// parameter markers. A window-function p95 (ROW_NUMBER over each bucket) gave the same rows at 4× the CPU.
import { sqliteDialect, type Dialect } from './dialect';

export type Resolution = '1m' | '1h';
export const RESOLUTIONS: Resolution[] = ['1m', '1h'];
export const STEP_MS: Record<Resolution, number> = { '1m': 60_000, '1h': 3_600_000 };
export const ROLLUP_TABLE: Record<Resolution, string> = { '1m': 'LinkRollup1m', '1h': 'LinkRollup1h' };
/** where each resolution's rows come from, and that table's time column */
export const SOURCE: Record<Resolution, { table: string; ts: string }> = {
  '1m': { table: 'LinkSample', ts: 'ts' },
  '1h': { table: 'LinkRollup1m', ts: 'bucket' },
};

/** Reads back a DateTime column: the adapter gives a Date for declared DATETIME columns, text for expressions. */
export function tsMs(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v);
  const s = String(v);
  // a timestamp without a zone (PostgreSQL's TIMESTAMP as text) is UTC
  const t = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`);
  return Number.isNaN(t) ? null : t;
}

export const floorTo = (ms: number, step: number) => Math.floor(ms / step) * step;

const bucketOf = (d: Dialect, res: Resolution) => (res === '1m' ? d.bucket('"ts"', 'minute') : d.bucket('"bucket"', 'hour'));

const KEY = ['cluster', 'node', 'peer', 'link', 'bucket'];
const q = (c: string) => `"${c}"`;
const KEY_SQL = KEY.map(q).join(', ');
type P95 = (v: string) => string;
/** How the hourly rollup combines a column of minute rows; a mean is weighted by the count column named. */
type HourAgg = 'sum' | 'min' | 'max' | 'p95' | { weightedBy: string };
/** A value column of both rollup tables: its name, its expression over raw samples (the minute rollup), how the hour combines it. */
type ValueColumn = [name: string, minute: string | ((p95: P95) => string), hour: HourAgg];

/** knet's latency_ave (knet*) and knet's window mean (win*): count of values, min, mean, max and p95 of a sample column. */
const stats = (prefix: string, col: string): ValueColumn[] => [
  [`${prefix}N`, `COUNT(${q(col)})`, 'sum'],
  [`${prefix}MinUs`, `MIN(${q(col)})`, 'min'],
  [`${prefix}MeanUs`, `AVG(${q(col)} * 1.0)`, { weightedBy: `${prefix}N` }],
  [`${prefix}MaxUs`, `MAX(${q(col)})`, 'max'],
  [`${prefix}P95Us`, (p95) => p95(q(col)), 'p95'],
];

/** the samples' probe means weighted by their replies (the plain mean where no sample had a reply count) */
const WEIGHTED_RTT = `COALESCE(SUM("rttAvgUs" * "rttCount") * 1.0 / NULLIF(SUM(CASE WHEN "rttAvgUs" IS NOT NULL THEN "rttCount" END), 0), AVG("rttAvgUs"))`;

/**
 * Every value column, in table order. Minute p95: the 95th percentile of v over the non-null values of a group,
 * linearly interpolated between the two nearest ranks (rank 1 + 0.95·(n − 1), as numpy's default and SQL's
 * percentile_cont), rounded to a whole µs. Hour: sums, min of mins, max of maxes, weighted means, p95 of the p95s.
 */
const COLUMNS: ValueColumn[] = [
  ['samples', 'COUNT(*)', 'sum'],
  ['downSamples', `SUM(CASE WHEN "connected" = false THEN 1 ELSE 0 END)`, 'sum'],
  ['rttCount', `COALESCE(SUM("rttCount"), 0)`, 'sum'],
  ['rttLost', `COALESCE(SUM("rttLost"), 0)`, 'sum'],
  ['rttMinUs', `MIN("rttMinUs")`, 'min'],
  ['rttMeanUs', WEIGHTED_RTT, { weightedBy: 'rttCount' }],
  ['rttMaxUs', `MAX("rttMaxUs")`, 'max'],
  ['rttP95Us', (p95) => p95('"rttAvgUs"'), 'p95'],
  ...stats('knet', 'latencyAveUs'),
  ...stats('win', 'knetWindowUs'),
];
export const VALUE_COLUMNS = COLUMNS.map(([name]) => name);
/** the LinkSample columns the minute expressions read */
const SAMPLE_COLUMNS = ['connected', 'rttMinUs', 'rttAvgUs', 'rttMaxUs', 'rttCount', 'rttLost', 'latencyAveUs', 'knetWindowUs'];

/** Per-bucket expressions for the minute rollup, over raw samples, in VALUE_COLUMNS order. */
function minuteSelect(p95: P95): string[] {
  return COLUMNS.map(([, minute]) => (typeof minute === 'string' ? minute : minute(p95)));
}

/** Per-bucket expressions for the hourly rollup, over minute rows, in VALUE_COLUMNS order. */
function hourSelect(p95: P95): string[] {
  return COLUMNS.map(([c, , how]) => {
    if (typeof how === 'object') {
      const [mean, w] = [q(c), q(how.weightedBy)];
      return `COALESCE(SUM(${mean} * ${w}) / NULLIF(SUM(CASE WHEN ${mean} IS NOT NULL THEN ${w} END), 0), AVG(${mean}))`;
    }
    return how === 'p95' ? p95(q(c)) : `${how.toUpperCase()}(${q(c)})`;
  });
}

/** knet numbers links 0..7; naming them (like the nodes and peers) lets the series index be searched, not scanned. */
export const KNET_LINKS = '0, 1, 2, 3, 4, 5, 6, 7';

/** Which series a statement covers: all of them, or some observing nodes of one cluster towards some peers. */
export interface SeriesGroup {
  cluster: string;
  nodes: string[];
  peers: string[];
}

/** Which series of one cluster a statement covers; links default to all eight. */
export interface SeriesFilter {
  nodes: number;
  peers: number;
  links?: number;
}

export function filterSql(f?: SeriesFilter): string {
  if (!f) return '';
  const marks = (n: number) => Array(n).fill('?').join(', ');
  const links = f.links === undefined ? KNET_LINKS : marks(f.links);
  return ` AND "cluster" = ? AND "node" IN (${marks(f.nodes)}) AND "peer" IN (${marks(f.peers)}) AND "link" IN (${links})`;
}

/** The buckets of [from, to) computed from the source: the common part of rollupSql and aggregateSql. */
function aggregate(d: Dialect, res: Resolution, f?: SeriesFilter): { with: string; select: string } {
  const src = SOURCE[res];
  const srcCols = res === '1m' ? SAMPLE_COLUMNS : VALUE_COLUMNS;
  const exprs = res === '1m' ? minuteSelect(d.p95) : hourSelect(d.p95);
  return {
    with: `WITH s AS (
  SELECT "cluster", "node", "peer", "link", ${bucketOf(d, res)} AS "bucket", ${srcCols.map(q).join(', ')}
  FROM "${src.table}" WHERE "${src.ts}" >= ? AND "${src.ts}" < ?${filterSql(f)}
)`,
    select: `SELECT ${KEY_SQL},
    ${exprs.map((e, i) => `${e} AS ${q(VALUE_COLUMNS[i])}`).join(',\n    ')}
  FROM s WHERE true GROUP BY ${KEY_SQL}`,
  };
}

/**
 * Recomputes every bucket of [from, to) from its source and upserts it: running it twice, or again after a crash,
 * leaves the same rows. Parameters: from, to (ISO text, bucket-aligned), then, with a filter, the cluster, the nodes
 * and the peers (rollupParams builds them).
 */
export function rollupSql(res: Resolution, f?: SeriesFilter, d: Dialect = sqliteDialect): string {
  const a = aggregate(d, res, f);
  const cols = [...KEY, ...VALUE_COLUMNS].map(q).join(', ');
  return d.sql(`${a.with}
INSERT INTO "${ROLLUP_TABLE[res]}" (${cols})
${a.select}
ON CONFLICT (${KEY_SQL}) DO UPDATE SET ${VALUE_COLUMNS.map((c) => `${q(c)} = excluded.${q(c)}`).join(', ')}`);
}

/** The same buckets, only read (the part of a history range the rollup has not reached yet). */
export function aggregateSql(res: Resolution, f: SeriesFilter, d: Dialect = sqliteDialect): string {
  const a = aggregate(d, res, f);
  return d.sql(`${a.with}\n${a.select} ORDER BY ${KEY_SQL}`);
}

export function rollupParams(d: Dialect, from: number, to: number, group?: SeriesGroup): unknown[] {
  return [d.tsParam(from), d.tsParam(to), ...(group ? [group.cluster, ...group.nodes, ...group.peers] : [])];
}

/** Parameters: resolution, until, updatedAt. With `?` markers: pass it through dialect.sql(). */
export const WATERMARK_SQL = `INSERT INTO "RollupWatermark" ("resolution", "until", "updatedAt") VALUES (?, ?, ?)
ON CONFLICT ("resolution") DO UPDATE SET "until" = excluded."until", "updatedAt" = excluded."updatedAt"`;
