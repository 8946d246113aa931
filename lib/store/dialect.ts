// The few places where corowatch's raw SQL differs between SQLite and PostgreSQL. Everything else (CTEs, row values,
// INSERT … ON CONFLICT … DO UPDATE SET x = excluded.x, DELETE … IN (SELECT … LIMIT ?)) is written once for both.
//
// Times: SQLite stores DateTime as epoch milliseconds (the adapter's timestampFormat 'unixepoch-ms': 6–8 bytes a value
// instead of 29 of ISO text, in every row and every index that holds a time), PostgreSQL as TIMESTAMP(3) in UTC, which
// takes ISO text as a parameter (for a column without a time zone it ignores the '+00:00'). tsParam() gives each its
// form.

export type DialectName = 'sqlite' | 'postgres';

export interface Dialect {
  name: DialectName;
  /** a time as a parameter for a DateTime column */
  tsParam(ms: number): number | string;
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

export const isoTs = (ms: number) => new Date(ms).toISOString().replace('Z', '+00:00');

export const sqliteDialect: Dialect = {
  name: 'sqlite',
  tsParam: (ms) => {
    if (!Number.isFinite(ms)) throw new Error('invalid time');
    return Math.round(ms);
  },
  placeholder: () => '?',
  sql: (text) => text,
  // integer division of epoch ms
  bucket: (col, unit) => `(${col} / ${unit === 'minute' ? 60_000 : 3_600_000}) * ${unit === 'minute' ? 60_000 : 3_600_000}`,
  epochMs: (col) => col,
  // SQLite's percentile_cont(Y, P), compiled into better-sqlite3; ROUND rounds halves away from zero
  p95: (e) => `CAST(ROUND(percentile_cont(${e}, 0.95)) AS INTEGER)`,
  boolAnd: (e) => `MIN(${e})`,
  boolOr: (e) => `MAX(${e})`,
};

export const postgresDialect: Dialect = {
  name: 'postgres',
  tsParam: (ms) => {
    if (!Number.isFinite(ms)) throw new Error('invalid time');
    return isoTs(ms);
  },
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
