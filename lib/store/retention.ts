import type { Db } from './db';
import type { RetentionConfig } from '../config/schema';
import { readWatermark } from './rollup';
import { dialectOf } from './dialect';

// Deletes what is older than corowatch.yaml's `retention:` allows, in batches (each its own short statement of about
// `targetMs`, default 100, with a pause between them so the collectors' writes and the live push go on). Bigger batches
// cost less per row: every batch rewrites a leaf page of the (cluster, node, peer, link, ts) index for each series it
// touches, whatever its size (bench/storage-size.ts: 32 nodes, ~35 ms + 3 µs per row). Raw link samples are only
// deleted once the minute rollup covers them (its watermark), minute rows once the hourly rollup covers them, and
// events only once they have ended. A row exactly at a cutoff is kept: only rows strictly older go.

export interface RetentionOptions {
  /** rows per statement; without it the batch adapts so a statement takes about targetMs */
  batchRows?: number;
  targetMs?: number;
  pauseMs?: number;
  now?: () => number;
  /** stop after this many batches in one run (the next run continues) */
  maxBatches?: number;
  isStopped?: () => boolean;
}

export interface RetentionCutoffs {
  raw: number;
  nodeRaw: number;
  minute: number;
  hour: number;
  event: number;
}

export interface RetentionResult {
  deleted: { linkSamples: number; nodeSamples: number; minute: number; hour: number; events: number };
  cutoffs: RetentionCutoffs;
  statements: number;
  longestStatementMs: number;
}

const H = 3600_000;
const D = 24 * H;

/** The times before which rows go: the configured age, held back by the rollup watermarks. */
export async function retentionCutoffs(db: Db, r: RetentionConfig, now: number): Promise<RetentionCutoffs> {
  const minuteMark = (await readWatermark(db, '1m')) ?? -Infinity;
  const hourMark = (await readWatermark(db, '1h')) ?? -Infinity;
  return {
    raw: Math.min(now - r.rawHours * H, minuteMark),
    nodeRaw: now - r.rawHours * H,
    minute: Math.min(now - r.minuteDays * D, hourMark),
    hour: now - r.hourDays * D,
    event: now - r.eventDays * D,
  };
}

interface Target {
  key: keyof RetentionResult['deleted'];
  cutoff: keyof RetentionCutoffs;
  sql: string;
}

const ROLLUP_KEY = '"cluster", "node", "peer", "link", "bucket"';
// Each statement deletes at most `?` rows older than `?`, oldest first, through the table's time index.
const TARGETS: Target[] = [
  { key: 'linkSamples', cutoff: 'raw', sql: 'DELETE FROM "LinkSample" WHERE "id" IN (SELECT "id" FROM "LinkSample" WHERE "ts" < ? ORDER BY "ts" LIMIT ?)' },
  { key: 'nodeSamples', cutoff: 'nodeRaw', sql: 'DELETE FROM "NodeSample" WHERE "id" IN (SELECT "id" FROM "NodeSample" WHERE "ts" < ? ORDER BY "ts" LIMIT ?)' },
  {
    key: 'minute', cutoff: 'minute',
    sql: `DELETE FROM "LinkRollup1m" WHERE (${ROLLUP_KEY}) IN (SELECT ${ROLLUP_KEY} FROM "LinkRollup1m" WHERE "bucket" < ? ORDER BY "bucket" LIMIT ?)`,
  },
  {
    key: 'hour', cutoff: 'hour',
    sql: `DELETE FROM "LinkRollup1h" WHERE (${ROLLUP_KEY}) IN (SELECT ${ROLLUP_KEY} FROM "LinkRollup1h" WHERE "bucket" < ? ORDER BY "bucket" LIMIT ?)`,
  },
  {
    key: 'events', cutoff: 'event',
    sql: 'DELETE FROM "Event" WHERE "id" IN (SELECT "id" FROM "Event" WHERE "endedAt" IS NOT NULL AND "endedAt" < ? ORDER BY "endedAt" LIMIT ?)',
  },
];

export async function runRetention(db: Db, r: RetentionConfig, opts: RetentionOptions = {}): Promise<RetentionResult> {
  const targetMs = opts.targetMs ?? 100;
  let batchRows = opts.batchRows ?? 5000;
  let longest = 0;
  const cutoffs = await retentionCutoffs(db, r, opts.now?.() ?? Date.now());
  const deleted: RetentionResult['deleted'] = { linkSamples: 0, nodeSamples: 0, minute: 0, hour: 0, events: 0 };
  let batches = 0;
  const pause = () => new Promise<void>((res) => (opts.pauseMs ? setTimeout(res, opts.pauseMs) : setImmediate(res)));
  for (const t of TARGETS) {
    const cutoff = cutoffs[t.cutoff];
    if (!Number.isFinite(cutoff)) continue;
    for (;;) {
      if (opts.isStopped?.() || (opts.maxBatches !== undefined && batches >= opts.maxBatches)) break;
      const started = performance.now();
      const n = await db.$executeRawUnsafe(dialectOf(db).sql(t.sql), dialectOf(db).tsParam(cutoff), batchRows);
      const ms = performance.now() - started;
      longest = Math.max(longest, ms);
      batches++;
      deleted[t.key] += n;
      await pause();
      if (n < batchRows) break;
      if (opts.batchRows === undefined) batchRows = Math.max(2000, Math.min(25_000, Math.round((n / Math.max(ms, 1)) * targetMs)));
    }
  }
  return { deleted, cutoffs, statements: batches, longestStatementMs: longest };
}
