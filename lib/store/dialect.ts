// The few places where corowatch's raw SQL differs between SQLite and PostgreSQL. Everything else (CTEs, row values,
// INSERT … ON CONFLICT … DO UPDATE SET x = excluded.x, DELETE … IN (SELECT … LIMIT ?)) is written once for both.
//
// Times: SQLite's adapter stores DateTime as fixed-width ISO 8601 text ('2026-11-23T01:52:17.250+00:00'), PostgreSQL's
// as TIMESTAMP(3) in UTC. Both take the same ISO text as a parameter (PostgreSQL reads it as a timestamp and, for a
// column without a time zone, ignores the '+00:00'), so time parameters are isoTs() on both.

export type DialectName = 'sqlite' | 'postgres';

export interface Dialect {
  name: DialectName;
  /** the i-th (1-based) parameter marker */
  placeholder(i: number): string;
  /** SQL written with `?` markers, in this dialect's markers (the SQL here has no `?` inside literals) */
  sql(text: string): string;
  /** the start (UTC) of the minute or hour a DateTime column's value falls in, as a DateTime value */
  bucket(col: string, unit: 'minute' | 'hour'): string;
  /** epoch milliseconds of a DateTime column, as an integer */
  epochMs(col: string): string;
  /** 95th percentile of the group's non-null values (linear interpolation, percentile_cont), rounded to an integer */
  p95(expr: string): string;
  /** false if any of the group's booleans is false (null: none), and true if any is true */
  boolAnd(expr: string): string;
  boolOr(expr: string): string;
}

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  placeholder: () => '?',
  sql: (text) => text,
  bucket: (col, unit) => (unit === 'minute'
    ? `substr(${col}, 1, 16) || ':00.000+00:00'`
    : `substr(${col}, 1, 13) || ':00:00.000+00:00'`),
  // an integer would be epoch ms (timestampFormat unixepoch-ms)
  epochMs: (col) => `CASE typeof(${col}) WHEN 'integer' THEN ${col} ELSE CAST(ROUND((julianday(${col}) - 2440587.5) * 86400000.0) AS INTEGER) END`,
  // SQLite's percentile_cont(Y, P), compiled into better-sqlite3; ROUND rounds halves away from zero
  p95: (e) => `CAST(ROUND(percentile_cont(${e}, 0.95)) AS INTEGER)`,
  boolAnd: (e) => `MIN(${e})`,
  boolOr: (e) => `MAX(${e})`,
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  placeholder: (i) => `$${i}`,
  sql: (text) => {
    let i = 0;
    return text.replace(/\?/g, () => `$${++i}`);
  },
  bucket: (col, unit) => `date_trunc('${unit}', ${col})`,
  epochMs: (col) => `CAST(EXTRACT(EPOCH FROM ${col}) * 1000 AS BIGINT)`,
  // FLOOR(x + 0.5) rounds halves up like SQLite's ROUND does for these positive values (ROUND on double precision
  // rounds halves to even, and a cast to NUMERIC first keeps only 15 digits, turning 407.49999999999997 into 408)
  p95: (e) => `CAST(FLOOR(percentile_cont(0.95) WITHIN GROUP (ORDER BY ${e}) + 0.5) AS INTEGER)`,
  boolAnd: (e) => `bool_and(${e})`,
  boolOr: (e) => `bool_or(${e})`,
};

export function dialectForUrl(url: string): Dialect {
  if (url.startsWith('file:')) return sqliteDialect;
  if (/^postgres(ql)?:\/\//.test(url)) return postgresDialect;
  throw new Error(`DATABASE_URL must be a SQLite file URL (file:...) or a PostgreSQL URL (postgresql://...); got ${url.split(':')[0]}:`);
}

const byClient = new WeakMap<object, Dialect>();

/** Remembers which dialect a client opened by openDatabase speaks. */
export function setDialect(db: object, d: Dialect): void {
  byClient.set(db, d);
}

/** The dialect of a client from openDatabase (SQLite for any other). */
export function dialectOf(db: object): Dialect {
  return byClient.get(db) ?? sqliteDialect;
}
