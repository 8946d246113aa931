// Ingest: link-sample rows per second that corowatch's store writes (StoreWriter: one transaction per poll cycle,
// multi-row INSERTs through Prisma's raw API), against the plainest fast path on the same database in the same run:
// better-sqlite3 prepared inserts in one transaction per cycle on SQLite, and plain `pg` multi-row INSERTs (400 rows per
// statement, one transaction per cycle) on PostgreSQL. The rows are a 32-node cluster's polls (1984 link samples each).
// `npx tsx bench/ingest.ts`; PostgreSQL from COROWATCH_BENCH_PG_URL (a server where it may create databases), else a
// throwaway cluster of Debian's postgresql (tests/helpers/pg-cluster.ts), else skipped.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from '../lib/store/db';
import { StoreWriter, type LinkSampleRow } from '../lib/store/writer';
import { sqlitePath } from '../lib/store/sqlite';
import { pgUnavailable, startPostgres, type PgServer } from '../tests/helpers/pg-cluster';

const NODES = 32;
const CYCLES = Number(process.env.CYCLES ?? 30);
const COLS = [
  'ts', 'cluster', 'node', 'peer', 'link', 'enabled', 'connected', 'active', 'mtu', 'latencyAveUs', 'latencyMinUs',
  'latencyMaxUs', 'latencySamples', 'rxPongPackets', 'txDataPackets', 'rxBytes', 'txBytes', 'downCount', 'rttMinUs',
  'rttAvgUs', 'rttMaxUs', 'rttCount', 'rttLost', 'knetWindowUs',
] as const;

function cycle(c: number): LinkSampleRow[] {
  const ts = new Date(Date.UTC(2026, 0, 1) + c * 1000);
  const rows: LinkSampleRow[] = [];
  for (let a = 1; a <= NODES; a++) {
    for (let b = 1; b <= NODES; b++) {
      if (a === b) continue;
      for (const link of [0, 1]) {
        const v = 150 + ((a * 7 + b * 13 + c) % 90);
        rows.push({
          ts, cluster: 'bench', node: `pve${a}`, peer: `pve${b}`, link, enabled: true, connected: true, active: link === 0, mtu: 1397,
          latencyAveUs: v, latencyMinUs: v - 40, latencyMaxUs: v + 300, latencySamples: 2048 + c, rxPongPackets: BigInt(1e6 + c),
          txDataPackets: BigInt(5e6 + c), rxBytes: BigInt(9e8 + c * 1000), txBytes: BigInt(8e8 + c * 1000), downCount: 0,
          rttMinUs: v - 20, rttAvgUs: v, rttMaxUs: v + 60, rttCount: 5, rttLost: 0, knetWindowUs: v - 5,
        });
      }
    }
  }
  return rows;
}

const cycles = Array.from({ length: CYCLES }, (_, c) => cycle(c));
const total = cycles.reduce((n, r) => n + r.length, 0);

async function timeIt(f: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  await f();
  return total / ((performance.now() - t0) / 1000);
}

async function storeRate(url: string): Promise<number> {
  const db = await openDatabase(url);
  const w = new StoreWriter(db, 3_600_000);
  const rate = await timeIt(async () => {
    for (const rows of cycles) {
      w.addLinkSamples(rows);
      await w.flush();
      if (w.lastError) throw new Error(w.lastError);
    }
  });
  await db.$disconnect();
  return rate;
}

async function sqliteRaw(url: string): Promise<number> {
  await (await openDatabase(url)).$disconnect(); // migrations
  const raw = new Database(sqlitePath(url));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = NORMAL');
  const ins = raw.prepare(`INSERT INTO "LinkSample" (${COLS.map((c) => `"${c}"`).join(',')}) VALUES (${COLS.map(() => '?').join(',')})`);
  const tx = raw.transaction((rows: LinkSampleRow[]) => {
    for (const r of rows) {
      ins.run(...COLS.map((c) => {
        const v = r[c];
        return v instanceof Date ? v.getTime() : typeof v === 'boolean' ? (v ? 1 : 0) : v ?? null;
      }));
    }
  });
  const rate = await timeIt(async () => {
    for (const rows of cycles) tx(rows);
  });
  raw.close();
  return rate;
}

async function pgRaw(url: string): Promise<number> {
  await (await openDatabase(url)).$disconnect(); // migrations
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const per = 400;
  const rate = await timeIt(async () => {
    for (const rows of cycles) {
      await c.query('BEGIN');
      for (let i = 0; i < rows.length; i += per) {
        const chunk = rows.slice(i, i + per);
        const params: unknown[] = [];
        const values = chunk.map((r) => `(${COLS.map((col) => {
          const v = r[col];
          params.push(typeof v === 'bigint' ? v.toString() : v ?? null);
          return `$${params.length}`;
        }).join(',')})`);
        await c.query(`INSERT INTO "LinkSample" (${COLS.map((col) => `"${col}"`).join(',')}) VALUES ${values.join(',')}`, params);
      }
      await c.query('COMMIT');
    }
  });
  await c.end();
  return rate;
}

const fmt = (n: number) => `${Math.round(n).toLocaleString('en')} rows/s`;
console.log(`ingest: ${CYCLES} polls of a ${NODES}-node cluster, ${total} link samples`);
const dir = mkdtempSync(join(tmpdir(), 'cw-bench-ingest-'));
const s1 = await storeRate(`file:${join(dir, 'store.db')}`);
const s2 = await sqliteRaw(`file:${join(dir, 'raw.db')}`);
console.log(`SQLite     store ${fmt(s1)}   better-sqlite3 prepared ${fmt(s2)}   ratio ${(s1 / s2).toFixed(2)}`);

const why = process.env.COROWATCH_BENCH_PG_URL ? null : pgUnavailable();
if (why) {
  console.log(`PostgreSQL skipped: ${why}`);
} else {
  let server: PgServer | null = null;
  let admin = process.env.COROWATCH_BENCH_PG_URL;
  const urlFor = (name: string) => {
    if (server) return server.urlFor(name);
    const u = new URL(admin!);
    u.pathname = `/${name}`;
    return u.toString();
  };
  if (!admin) {
    server = await startPostgres();
    admin = server.admin;
  }
  const names = [`cw_ingest_store_${process.pid}`, `cw_ingest_raw_${process.pid}`];
  const a = new pg.Client({ connectionString: admin });
  await a.connect();
  try {
    for (const n of names) await a.query(`CREATE DATABASE "${n}"`);
    const p1 = await storeRate(urlFor(names[0]));
    const p2 = await pgRaw(urlFor(names[1]));
    console.log(`PostgreSQL store ${fmt(p1)}   pg batched INSERT (400 rows) ${fmt(p2)}   ratio ${(p1 / p2).toFixed(2)}`);
  } finally {
    for (const n of names) await a.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`).catch(() => undefined);
    await a.end();
    server?.stop();
  }
}
