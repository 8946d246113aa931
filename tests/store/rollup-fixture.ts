// Raw samples with holes, down time and nulls, and the rollups they should give, computed here in plain JS
// (independently of the SQL in lib/store/rollup-sql.ts).
import type { Db } from '@/lib/store/db';
import { backends, type Backend } from '../helpers/databases';
import { StoreWriter } from '@/lib/store/writer';

export const T0 = Date.UTC(2026, 2, 1, 10, 0, 0); // first sample, on an hour boundary
export const MINUTES = 150; // 2.5 hours at 1 s, so two complete hours and a partial one
const SERIES = [
  ['pve1', 'pve2', 0], ['pve1', 'pve2', 1], ['pve2', 'pve1', 0], ['pve3', 'pve1', 1],
] as const;

export function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RawRow {
  ts: Date; cluster: string; node: string; peer: string; link: number; connected: boolean | null;
  rttMinUs: number | null; rttAvgUs: number | null; rttMaxUs: number | null; rttCount: number | null; rttLost: number | null;
  latencyAveUs: number | null; knetWindowUs: number | null;
}

export function rawRows(minutes = MINUTES, seed = 7): RawRow[] {
  const rand = rng(seed);
  const rows: RawRow[] = [];
  for (const [node, peer, link] of SERIES) {
    for (let i = 0; i < minutes * 60; i++) {
      if (rand() < 0.03) continue; // a missed poll
      if (node === 'pve3' && i >= 1800 && i < 2400) continue; // pve3 unreachable for ten minutes: no rows
      const down = link === 0 && i % 1000 >= 900; // 100 s down every 1000 s
      const count = down ? 0 : 1 + Math.floor(rand() * 5);
      const avg = down ? null : 120 + Math.floor(rand() * 300) + (rand() < 0.02 ? 4000 : 0);
      rows.push({
        ts: new Date(T0 + i * 1000 + Math.floor(rand() * 900)), cluster: 'lab', node, peer, link, connected: down ? false : rand() < 0.05 ? null : true,
        rttMinUs: avg === null ? null : avg - Math.floor(rand() * 50), rttAvgUs: avg, rttMaxUs: avg === null ? null : avg + Math.floor(rand() * 400),
        rttCount: count, rttLost: down ? 5 : rand() < 0.1 ? 1 : 0,
        latencyAveUs: rand() < 0.02 ? null : 150 + Math.floor(rand() * 100), knetWindowUs: down ? null : 140 + Math.floor(rand() * 200),
      });
    }
  }
  return rows;
}

/** A fresh migrated database on a backend (tests/helpers/databases.ts; SQLite by default). */
export async function freshDb(prefix = 'cw-rollup-', backend: Backend = backends()[0]): Promise<{ db: Db; url: string }> {
  return backend.fresh(prefix);
}

/** Through the store writer's multi-row inserts (Prisma's createMany takes seconds for this many rows). */
export async function insertRaw(db: Db, rows: RawRow[]): Promise<void> {
  const w = new StoreWriter(db, 3600_000);
  for (let i = 0; i < rows.length; i += 5000) {
    w.addLinkSamples(rows.slice(i, i + 5000));
    await w.flush();
    if (w.lastError) throw new Error(w.lastError);
  }
}

export interface Expected {
  samples: number; downSamples: number; rttCount: number; rttLost: number;
  rttMinUs: number | null; rttMeanUs: number | null; rttMaxUs: number | null; rttP95Us: number | null;
  knetN: number; knetMinUs: number | null; knetMeanUs: number | null; knetMaxUs: number | null; knetP95Us: number | null;
  winN: number; winMinUs: number | null; winMeanUs: number | null; winMaxUs: number | null; winP95Us: number | null;
}

/** Linear interpolation between the closest ranks (numpy's default, SQL's percentile_cont), rounded to 1 µs. */
export function p95(values: number[]): number | null {
  if (!values.length) return null;
  const s = [...values].sort((a, b) => a - b);
  const ix = 0.95 * (s.length - 1);
  const lo = Math.floor(ix);
  const hi = Math.min(lo + 1, s.length - 1);
  return Math.round(s[lo] + (s[hi] - s[lo]) * (ix - lo));
}
const nn = (v: Array<number | null>) => v.filter((x): x is number => x !== null);
const min = (v: number[]) => (v.length ? Math.min(...v) : null);
const max = (v: number[]) => (v.length ? Math.max(...v) : null);
const mean = (v: number[]) => (v.length ? v.reduce((a, b) => a + b, 0) / v.length : null);
const sum = (v: Array<number | null>) => nn(v).reduce((a, b) => a + b, 0);

export const keyOf = (r: { node: string; peer: string; link: number }, bucket: number) => `${r.node}>${r.peer}#${r.link}@${new Date(bucket).toISOString()}`;

/** The minute rollups of these samples, for minutes that start before `until`. */
export function expectedMinutes(rows: RawRow[], until: number): Map<string, Expected> {
  const groups = new Map<string, RawRow[]>();
  for (const r of rows) {
    const b = Math.floor(r.ts.getTime() / 60_000) * 60_000;
    if (b >= until) continue;
    const k = keyOf(r, b);
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const out = new Map<string, Expected>();
  for (const [k, g] of groups) {
    const withAvg = g.filter((r) => r.rttAvgUs !== null);
    const w = sum(withAvg.map((r) => r.rttCount));
    const knet = nn(g.map((r) => r.latencyAveUs));
    const win = nn(g.map((r) => r.knetWindowUs));
    out.set(k, {
      samples: g.length, downSamples: g.filter((r) => r.connected === false).length,
      rttCount: sum(g.map((r) => r.rttCount)), rttLost: sum(g.map((r) => r.rttLost)),
      rttMinUs: min(nn(g.map((r) => r.rttMinUs))),
      rttMeanUs: w > 0 ? sum(withAvg.map((r) => r.rttAvgUs! * r.rttCount!)) / w : mean(nn(withAvg.map((r) => r.rttAvgUs))),
      rttMaxUs: max(nn(g.map((r) => r.rttMaxUs))), rttP95Us: p95(nn(g.map((r) => r.rttAvgUs))),
      knetN: knet.length, knetMinUs: min(knet), knetMeanUs: mean(knet), knetMaxUs: max(knet), knetP95Us: p95(knet),
      winN: win.length, winMinUs: min(win), winMeanUs: mean(win), winMaxUs: max(win), winP95Us: p95(win),
    });
  }
  return out;
}

/** The hourly rollups from the minute ones (hourly p95 = p95 of the minute p95s). */
export function expectedHours(minutes: Map<string, Expected>, until: number): Map<string, Expected> {
  const groups = new Map<string, Expected[]>();
  for (const [k, e] of minutes) {
    const [series, at] = k.split('@');
    const b = Math.floor(Date.parse(at) / 3600_000) * 3600_000;
    if (b >= until) continue;
    const hk = `${series}@${new Date(b).toISOString()}`;
    groups.set(hk, [...(groups.get(hk) ?? []), e]);
  }
  const wmean = (g: Expected[], m: (e: Expected) => number | null, w: (e: Expected) => number) => {
    const has = g.filter((e) => m(e) !== null);
    const tw = sum(has.map(w));
    return tw > 0 ? sum(has.map((e) => m(e)! * w(e))) / tw : mean(nn(has.map(m)));
  };
  const out = new Map<string, Expected>();
  for (const [k, g] of groups) {
    out.set(k, {
      samples: sum(g.map((e) => e.samples)), downSamples: sum(g.map((e) => e.downSamples)),
      rttCount: sum(g.map((e) => e.rttCount)), rttLost: sum(g.map((e) => e.rttLost)),
      rttMinUs: min(nn(g.map((e) => e.rttMinUs))), rttMeanUs: wmean(g, (e) => e.rttMeanUs, (e) => e.rttCount),
      rttMaxUs: max(nn(g.map((e) => e.rttMaxUs))), rttP95Us: p95(nn(g.map((e) => e.rttP95Us))),
      knetN: sum(g.map((e) => e.knetN)), knetMinUs: min(nn(g.map((e) => e.knetMinUs))), knetMeanUs: wmean(g, (e) => e.knetMeanUs, (e) => e.knetN),
      knetMaxUs: max(nn(g.map((e) => e.knetMaxUs))), knetP95Us: p95(nn(g.map((e) => e.knetP95Us))),
      winN: sum(g.map((e) => e.winN)), winMinUs: min(nn(g.map((e) => e.winMinUs))), winMeanUs: wmean(g, (e) => e.winMeanUs, (e) => e.winN),
      winMaxUs: max(nn(g.map((e) => e.winMaxUs))), winP95Us: p95(nn(g.map((e) => e.winP95Us))),
    });
  }
  return out;
}

/** The rollup table's rows, keyed like the expectations. */
export async function readRollups(db: Db, table: 'LinkRollup1m' | 'LinkRollup1h'): Promise<Map<string, Expected>> {
  const rows = await db.$queryRawUnsafe<Array<Record<string, unknown>>>(`SELECT * FROM "${table}" ORDER BY "cluster", "node", "peer", "link", "bucket"`);
  const out = new Map<string, Expected>();
  for (const r of rows) {
    const { cluster: _c, node, peer, link, bucket, ...vals } = r;
    const e = Object.fromEntries(Object.entries(vals).map(([k, v]) => [k, v === null ? null : Number(v)])) as unknown as Expected;
    out.set(keyOf({ node: String(node), peer: String(peer), link: Number(link) }, new Date(bucket as Date).getTime()), e);
  }
  return out;
}
