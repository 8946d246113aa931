// npx tsx bench/storage-size.ts [--minutes3 1440] [--minutes32 15]: database bytes per day for a 3-node and a
// 32-node cluster at 1 Hz. Writes raw samples (LinkSample rows as the store writer writes them, NodeSample rows) into a
// temporary SQLite database with corowatch's migrations, runs the rollup job and retention, measures bytes per row of
// every table with its indexes (dbstat page counts, as written and after VACUUM) and extrapolates a day of raw data and
// the steady state (raw 48 h + minute rollups 90 d + hourly rollups 2 y, the default retention).
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../lib/store/db';
import { RollupJob } from '../lib/store/rollup';
import { runRetention } from '../lib/store/retention';
import { sqliteDialect } from '../lib/store/dialect';
import { retentionSchema } from '../lib/config/schema';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const T0 = Date.UTC(2026, 0, 5, 0, 0, 0);
const DAY_S = 86_400;
const LINK_COLS = [
  'ts', 'cluster', 'node', 'peer', 'link', 'enabled', 'connected', 'active', 'mtu', 'latencyAveUs', 'latencyMinUs', 'latencyMaxUs',
  'latencySamples', 'rxPongPackets', 'txDataPackets', 'rxBytes', 'txBytes', 'downCount', 'rttMinUs', 'rttAvgUs', 'rttMaxUs', 'rttCount',
  'rttLost', 'knetWindowUs',
];
const NODE_COLS = ['ts', 'cluster', 'node', 'reachable', 'corosyncUp', 'quorate', 'members', 'totalVotes', 'ringId', 'pollMs', 'error'];

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `seconds` polls of an n-node cluster with two knet links, in the order the writer stores them. */
function generate(raw: Database.Database, n: number, seconds: number): { links: number; nodes: number } {
  const nodes = Array.from({ length: n }, (_, i) => `pve${i + 1}`);
  const insLink = raw.prepare(`INSERT INTO "LinkSample" (${LINK_COLS.map((c) => `"${c}"`).join(',')}) VALUES (${LINK_COLS.map(() => '?').join(',')})`);
  const insNode = raw.prepare(`INSERT INTO "NodeSample" (${NODE_COLS.map((c) => `"${c}"`).join(',')}) VALUES (${NODE_COLS.map(() => '?').join(',')})`);
  const rand = rng(n);
  let links = 0;
  const second = raw.transaction((s: number) => {
    const ts = sqliteDialect.tsParam(T0 + s * 1000 + Math.floor(rand() * 300));
    for (const a of nodes) {
      insNode.run(ts, 'prod', a, 1, 1, 1, n, n, `1.${(0x2c).toString(16)}`, 30 + Math.floor(rand() * 30), null);
      for (const b of nodes) {
        if (a === b) continue;
        for (const link of [0, 1]) {
          const avg = 150 + link * 30 + Math.floor(rand() * 60);
          insLink.run(ts, 'prod', a, b, link, 1, 1, link === 0 ? 1 : 0, 1397, avg + 20, 90, 2400 + Math.floor(rand() * 200), 2048 + s,
            BigInt(1_000_000 + s * 2), BigInt(link === 0 ? 5_000_000 + s * 40 : 12), BigInt(900_000_000 + s * 9000), BigInt(800_000_000 + s * 8000), 0,
            avg - 30, avg, avg + 40 + Math.floor(rand() * 80), 5, rand() < 0.002 ? 1 : 0, avg + 10);
          links++;
        }
      }
    }
  });
  for (let s = 0; s < seconds; s++) second(s);
  return { links, nodes: n * seconds };
}

type Sizes = Record<string, number>;

/** Bytes per table, each with its indexes (dbstat: every page the table or index uses). */
function tableBytes(raw: Database.Database): Sizes {
  const rows = raw.prepare('SELECT s.name AS name, m.tbl_name AS tbl, SUM(s.pgsize) AS bytes FROM dbstat s JOIN sqlite_schema m ON m.name = s.name GROUP BY s.name').all() as Array<{ tbl: string; bytes: number }>;
  const out: Sizes = {};
  for (const r of rows) out[r.tbl] = (out[r.tbl] ?? 0) + r.bytes;
  return out;
}

const count = (raw: Database.Database, t: string) => (raw.prepare(`SELECT COUNT(*) AS n FROM "${t}"`).get() as { n: number }).n;
const MB = (b: number) => `${(b / 1e6).toFixed(b < 1e7 ? 2 : 0)} MB`;
const GB = (b: number) => `${(b / 1e9).toFixed(2)} GB`;

async function measure(n: number, minutes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'cw-storage-'));
  const file = join(dir, 'db.sqlite');
  try {
    await (await openDatabase(`file:${file}`)).$disconnect(); // migrations
    const raw = new Database(file);
    raw.pragma('journal_mode = WAL');
    raw.pragma('synchronous = NORMAL');
    const gen = generate(raw, n, minutes * 60);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const written = tableBytes(raw);
    const rawRows = { LinkSample: count(raw, 'LinkSample'), NodeSample: count(raw, 'NodeSample') };

    const db = await openDatabase(`file:${file}`);
    const end = T0 + minutes * 60_000;
    let t = performance.now();
    const rollup = await new RollupJob(db, { now: () => end + 3 * 3600_000 }).run(); // every minute, and hours up to the end
    const rollupS = (performance.now() - t) / 1000;
    await db.$disconnect();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const rolled = tableBytes(raw);
    const rolledRows = { LinkRollup1m: count(raw, 'LinkRollup1m'), LinkRollup1h: count(raw, 'LinkRollup1h') };

    // hourly rows: a short run has few, so their size is measured on the minute rows copied into the hourly table
    // (same columns, same kind of values), in bucket order as the job writes them
    raw.exec('DELETE FROM "LinkRollup1h"; INSERT INTO "LinkRollup1h" SELECT * FROM "LinkRollup1m" ORDER BY "bucket"');
    rolled.LinkRollup1h = tableBytes(raw).LinkRollup1h;
    rolledRows.LinkRollup1h = rolledRows.LinkRollup1m;
    raw.exec('VACUUM');
    const vacuumed = tableBytes(raw);

    // retention two days later: every raw row goes (the rollups cover them), the rollups stay
    const db2 = await openDatabase(`file:${file}`);
    t = performance.now();
    const ret = await runRetention(db2, retentionSchema.parse({}), { now: () => end + 2 * 86_400_000 + 3600_000 });
    const retentionS = (performance.now() - t) / 1000;
    await db2.$disconnect();
    raw.pragma('wal_checkpoint(TRUNCATE)');
    const fileAfter = statSync(file).size;
    raw.close();
    return { n, minutes, gen, rawRows, rolledRows, written, rolled, vacuumed, rollupS, retentionS, ret, fileAfter, rollup };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function report(m: Awaited<ReturnType<typeof measure>>) {
  const series = m.n * (m.n - 1) * 2;
  const per = (s: Sizes, t: string, rows: number) => s[t] / rows;
  const rawLinkB = per(m.written, 'LinkSample', m.rawRows.LinkSample);
  const rawNodeB = per(m.written, 'NodeSample', m.rawRows.NodeSample);
  const minB = per(m.rolled, 'LinkRollup1m', m.rolledRows.LinkRollup1m);
  const hourB = per(m.rolled, 'LinkRollup1h', m.rolledRows.LinkRollup1h);
  const vac = {
    link: per(m.vacuumed, 'LinkSample', m.rawRows.LinkSample), node: per(m.vacuumed, 'NodeSample', m.rawRows.NodeSample),
    min: per(m.vacuumed, 'LinkRollup1m', m.rolledRows.LinkRollup1m), hour: per(m.vacuumed, 'LinkRollup1h', m.rolledRows.LinkRollup1h),
  };
  const r = retentionSchema.parse({});
  const perDay = { link: series * DAY_S, node: m.n * DAY_S, min: series * 1440, hour: series * 24 };
  const rawDay = perDay.link * rawLinkB + perDay.node * rawNodeB;
  const steady = (b: { link: number; node: number; min: number; hour: number }) =>
    (r.rawHours / 24) * (perDay.link * b.link + perDay.node * b.node) + r.minuteDays * perDay.min * b.min + r.hourDays * perDay.hour * b.hour;
  const asWritten = { link: rawLinkB, node: rawNodeB, min: minB, hour: hourB };
  console.log(`\n== ${m.n}-node cluster: ${series} link series at 1 Hz, measured on ${m.minutes} min (${m.rawRows.LinkSample} link rows, ${m.rawRows.NodeSample} node rows)`);
  console.log(`  bytes per row incl. indexes, as written / after VACUUM:`);
  console.log(`    LinkSample   ${rawLinkB.toFixed(0)} / ${vac.link.toFixed(0)}    NodeSample   ${rawNodeB.toFixed(0)} / ${vac.node.toFixed(0)}`);
  console.log(`    LinkRollup1m ${minB.toFixed(0)} / ${vac.min.toFixed(0)} (${m.rolledRows.LinkRollup1m} rows)    LinkRollup1h ${hourB.toFixed(0)} / ${vac.hour.toFixed(0)}`);
  console.log(`  raw, per day:                 ${perDay.link} link rows + ${perDay.node} node rows = ${GB(rawDay)}`);
  console.log(`  minute rollups, per day:      ${perDay.min} rows = ${MB(perDay.min * minB)}`);
  console.log(`  hourly rollups, per day:      ${perDay.hour} rows = ${MB(perDay.hour * hourB)}`);
  console.log(`  steady state (raw ${r.rawHours} h + minutes ${r.minuteDays} d + hours ${r.hourDays} d): ${GB(steady(asWritten))} as written, ${GB(steady(vac))} compacted`);
  console.log(`    of which raw ${GB((r.rawHours / 24) * rawDay)}, minute rollups ${GB(r.minuteDays * perDay.min * minB)}, hourly ${GB(r.hourDays * perDay.hour * hourB)}`);
  const linkRows = m.rawRows.LinkSample;
  const deleted = m.ret.deleted.linkSamples + m.ret.deleted.nodeSamples;
  const corePct = (s: number, rows: number, rowsPerDay: number) => ((s * rowsPerDay) / rows / DAY_S) * 100;
  console.log(`  rollup: ${((m.rollupS * 1e6) / linkRows).toFixed(1)} µs per raw row = ${corePct(m.rollupS, linkRows, perDay.link).toFixed(3)} % of a core;` +
    ` ${m.rollup.statements} statements, the longest ${m.rollup.longestStatementMs.toFixed(0)} ms`);
  console.log(`  retention: ${((m.retentionS * 1e6) / deleted).toFixed(1)} µs per deleted raw row = ${corePct(m.retentionS, deleted, perDay.link + perDay.node).toFixed(3)} % of a core;` +
    ` ${m.ret.statements} statements, the longest ${m.ret.longestStatementMs.toFixed(0)} ms`);
  console.log(`  after retention deleted the raw rows: file ${MB(m.fileAfter)} (freed pages are reused, the file does not grow past its steady state)`);
}

async function main() {
  const runs: Array<[number, number]> = [[3, arg('minutes3', 1440)], [32, arg('minutes32', 15)]];
  for (const [n, minutes] of runs) report(await measure(n, minutes));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
