import type { Db } from './db';
import { dialectOf, type Dialect } from './dialect';
import {
  RESOLUTIONS, ROLLUP_TABLE, SOURCE, STEP_MS, WATERMARK_SQL, floorTo, rollupParams, rollupSql, tsMs,
  type Resolution, type SeriesGroup,
} from './rollup-sql';

// The rollup job: LinkSample → LinkRollup1m → LinkRollup1h, only complete buckets, in small batches.
//
// Each resolution has a watermark (RollupWatermark.until): every bucket that starts before it is rolled up. A batch
// recomputes the buckets of [watermark, watermark + span) from the source rows and upserts them (rollup-sql.ts), and
// moves the watermark in the same transaction. A batch whose source rows exceed maxRows is cut into statements per
// observing node (so no statement blocks the event loop for long: better-sqlite3 is synchronous); the earlier ones
// commit on their own and the last one commits with the watermark. A crash or error anywhere leaves the watermark
// where the last finished batch put it, and the rerun recomputes from the source: nothing lost, nothing counted twice.
//
// A minute is complete `lagMs` after it ended (the store writer flushes once per poll; a late sample after that is
// not in the rollup). An hour is complete when the minute watermark has passed its end.

export interface BatchInfo {
  resolution: Resolution;
  from: number;
  to: number;
  statements: number;
}

export interface RollupOptions {
  /** how long after its end a minute is rolled up (default 2 min) */
  lagMs?: number;
  /** source rows per statement, 2–3 µs of CPU each (default 20000) */
  maxRows?: number;
  /** buckets per batch at most (default 10 minutes / 6 hours) */
  maxBuckets?: Partial<Record<Resolution, number>>;
  /** pause between statements, ms (default 0: setImmediate) */
  pauseMs?: number;
  now?: () => number;
  /** after each committed batch (tests inject a crash here) */
  onBatch?: (b: BatchInfo) => void | Promise<void>;
}

export interface RollupResult {
  batches: Record<Resolution, number>;
  watermarks: Record<Resolution, number | null>;
  statements: number;
  /** the longest time the event loop was blocked by one rollup statement or transaction */
  longestStatementMs: number;
}

const DEFAULT_MAX_BUCKETS: Record<Resolution, number> = { '1m': 10, '1h': 6 };

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export async function readWatermark(db: Db, res: Resolution): Promise<number | null> {
  const rows = await db.$queryRawUnsafe<Array<{ until: unknown }>>(dialectOf(db).sql('SELECT "until" FROM "RollupWatermark" WHERE "resolution" = ?'), res);
  return rows.length ? tsMs(rows[0].until) : null;
}

/** Observing nodes and their peers present in a table, by walking its (cluster, node, peer, …) index. */
export async function discoverSeries(db: Db, table: string): Promise<SeriesGroup[]> {
  const out: SeriesGroup[] = [];
  const d = dialectOf(db);
  let key = { cluster: '', node: '' };
  for (;;) {
    const next = await db.$queryRawUnsafe<Array<{ cluster: string; node: string }>>(
      d.sql(`SELECT "cluster", "node" FROM "${table}" WHERE ("cluster", "node") > (?, ?) ORDER BY "cluster", "node" LIMIT 1`), key.cluster, key.node);
    if (!next.length) return out;
    key = next[0];
    const peers = await db.$queryRawUnsafe<Array<{ peer: string }>>(
      d.sql(`WITH RECURSIVE p("x") AS (
        SELECT MIN("peer") FROM "${table}" WHERE "cluster" = ? AND "node" = ?
        UNION ALL
        SELECT (SELECT MIN("peer") FROM "${table}" WHERE "cluster" = ? AND "node" = ? AND "peer" > p."x") FROM p WHERE p."x" IS NOT NULL
      ) SELECT "x" AS "peer" FROM p WHERE "x" IS NOT NULL`), key.cluster, key.node, key.cluster, key.node);
    out.push({ cluster: key.cluster, nodes: [key.node], peers: peers.map((p) => p.peer) });
  }
}

/** Packs one-node groups of the same cluster together while their estimated rows stay within maxRows. */
export function packGroups(single: SeriesGroup[], rowsPerSeries: number, maxRows: number): SeriesGroup[] {
  const out: SeriesGroup[] = [];
  let cur: SeriesGroup | null = null;
  let rows = 0;
  for (const g of single) {
    const r = g.peers.length * rowsPerSeries;
    if (cur && cur.cluster === g.cluster && rows + r <= maxRows) {
      cur.nodes.push(...g.nodes);
      cur.peers = [...new Set([...cur.peers, ...g.peers])];
      rows += r;
    } else {
      cur = { cluster: g.cluster, nodes: [...g.nodes], peers: [...g.peers] };
      out.push(cur);
      rows = r;
    }
  }
  return out;
}

export class RollupJob {
  private stopped = false;
  private statements = 0;
  private longest = 0;
  private readonly lagMs: number;
  private readonly maxRows: number;
  private readonly maxBuckets: Record<Resolution, number>;
  private readonly d: Dialect;

  constructor(private readonly db: Db, private readonly opts: RollupOptions = {}) {
    this.lagMs = opts.lagMs ?? 120_000;
    this.maxRows = opts.maxRows ?? 20_000;
    this.maxBuckets = { ...DEFAULT_MAX_BUCKETS, ...opts.maxBuckets };
    this.d = dialectOf(db);
  }

  /** Ends the current run after its current statement. */
  stop(): void {
    this.stopped = true;
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  /** Rolls up everything complete: minutes, then hours. */
  async run(): Promise<RollupResult> {
    const batches = { '1m': 0, '1h': 0 } as Record<Resolution, number>;
    for (const res of RESOLUTIONS) {
      if (this.stopped) break;
      batches[res] = await this.runResolution(res);
    }
    const watermarks = { '1m': await readWatermark(this.db, '1m'), '1h': await readWatermark(this.db, '1h') };
    return { batches, watermarks, statements: this.statements, longestStatementMs: this.longest };
  }

  private async end(res: Resolution): Promise<number | null> {
    if (res === '1m') return floorTo((this.opts.now?.() ?? Date.now()) - this.lagMs, STEP_MS['1m']);
    const minute = await readWatermark(this.db, '1m');
    return minute === null ? null : floorTo(minute, STEP_MS['1h']);
  }

  /** The first source time at or after `from`, or null. */
  private async firstSource(res: Resolution, from: number | null): Promise<number | null> {
    const { table, ts } = SOURCE[res];
    const where = from === null ? '' : ` WHERE "${ts}" >= ?`;
    const rows = await this.db.$queryRawUnsafe<Array<{ t: unknown }>>(
      this.d.sql(`SELECT "${ts}" AS t FROM "${table}"${where} ORDER BY "${ts}" LIMIT 1`), ...(from === null ? [] : [this.d.tsParam(from)]));
    return rows.length ? tsMs(rows[0].t) : null;
  }

  private async countSource(res: Resolution, from: number, to: number): Promise<number> {
    const { table, ts } = SOURCE[res];
    const rows = await this.db.$queryRawUnsafe<Array<{ n: unknown }>>(
      this.d.sql(`SELECT COUNT(*) AS n FROM "${table}" WHERE "${ts}" >= ? AND "${ts}" < ?`), this.d.tsParam(from), this.d.tsParam(to));
    return num(rows[0]?.n);
  }

  private setWatermark(res: Resolution, until: number) {
    return this.db.$executeRawUnsafe(this.d.sql(WATERMARK_SQL), res, this.d.tsParam(until), this.d.tsParam(Date.now()));
  }

  /** Runs one statement or transaction and notes how long it held the (synchronous) database. */
  private async timed<T>(p: PromiseLike<T>): Promise<T> {
    const started = performance.now();
    const out = await p;
    this.statements++;
    this.longest = Math.max(this.longest, performance.now() - started);
    return out;
  }

  private pause(): Promise<void> {
    const ms = this.opts.pauseMs ?? 0;
    return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
  }

  async runResolution(res: Resolution): Promise<number> {
    const step = STEP_MS[res];
    const end = await this.end(res);
    if (end === null) return 0;
    let w = await readWatermark(this.db, res);
    let groups: SeriesGroup[] | null = null; // found once per run, only when a batch has to be cut
    let batches = 0;
    while (!this.stopped && (w === null || w < end)) {
      const next = await this.firstSource(res, w);
      if (next === null || next >= end) {
        if (w !== null || next !== null) await this.setWatermark(res, end); // nothing (more) to do before `end`
        return batches;
      }
      const from = Math.max(w ?? 0, floorTo(next, step));
      const firstRows = await this.countSource(res, from, from + step);
      const buckets = Math.max(1, Math.min(this.maxBuckets[res], Math.floor(this.maxRows / Math.max(1, firstRows))));
      const to = Math.min(from + buckets * step, end);
      let statements = 1;
      if (firstRows <= this.maxRows) {
        await this.timed(this.db.$transaction([this.db.$executeRawUnsafe(rollupSql(res, undefined, this.d), ...rollupParams(this.d, from, to)), this.setWatermark(res, to)]));
      } else {
        groups ??= await discoverSeries(this.db, SOURCE[res].table);
        const series = groups.reduce((a, g) => a + g.peers.length * 2, 0); // about two links per peer
        const packed = packGroups(groups, (2 * firstRows) / Math.max(1, series), this.maxRows);
        statements = packed.length;
        for (let i = 0; i < packed.length && !this.stopped; i++) {
          const g = packed[i];
          const stmt = this.db.$executeRawUnsafe(rollupSql(res, { nodes: g.nodes.length, peers: g.peers.length }, this.d), ...rollupParams(this.d, from, to, g));
          if (i < packed.length - 1) await this.timed(stmt);
          else await this.timed(this.db.$transaction([stmt, this.setWatermark(res, to)]));
          await this.pause();
        }
        if (this.stopped) return batches;
      }
      batches++;
      w = to;
      await this.opts.onBatch?.({ resolution: res, from, to, statements });
      await this.pause();
    }
    return batches;
  }
}

export { ROLLUP_TABLE };
