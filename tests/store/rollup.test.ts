// The rollup job on a real temporary SQLite and PostgreSQL database: values against an independent computation, reruns, crashes.
import { describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import pg from 'pg';
import { RollupJob, readWatermark } from '@/lib/store/rollup';
import { isoTs } from '@/lib/store/dialect';
import { sqlitePath } from '@/lib/store/sqlite';
import { backends, type Backend } from '../helpers/databases';
import {
  MINUTES, T0, expectedHours, expectedMinutes, freshDb, insertRaw, rawRows, readRollups, type Expected,
} from './rollup-fixture';

const NOW = T0 + MINUTES * 60_000 + 5 * 60_000; // five minutes after the last sample
const MINUTE_END = Math.floor((NOW - 120_000) / 60_000) * 60_000; // default lag: 2 min
const HOUR_END = Math.floor(MINUTE_END / 3600_000) * 3600_000;
const rows = rawRows();
const wantMinutes = expectedMinutes(rows, MINUTE_END);
const wantHours = expectedHours(wantMinutes, HOUR_END);

function expectSame(got: Map<string, Expected>, want: Map<string, Expected>) {
  expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [k, w] of want) {
    const g = got.get(k)!;
    for (const f of Object.keys(w) as Array<keyof Expected>) {
      const wv = w[f];
      const gv = g[f];
      if (wv === null || gv === null) expect({ k, f, v: gv }).toEqual({ k, f, v: wv });
      else if (f.endsWith('MeanUs')) expect(Math.abs(gv - wv), `${k} ${f}`).toBeLessThan(1e-6);
      else expect({ k, f, v: gv }).toEqual({ k, f, v: wv });
    }
  }
}

/** Makes the watermark update of any batch that passes `failAt` fail (as a crash before commit would); returns the undo. */
async function failWatermarkAfter(backend: Backend, url: string, failAt: number): Promise<() => Promise<void>> {
  if (backend.name === 'sqlite') {
    const raw = new Database(sqlitePath(url));
    for (const op of ['INSERT', 'UPDATE']) {
      raw.exec(`CREATE TRIGGER fail_${op} BEFORE ${op} ON "RollupWatermark" WHEN NEW."resolution" = '1m' AND NEW."until" > ${failAt}
        BEGIN SELECT RAISE(ABORT, 'disk gone'); END`);
    }
    return async () => {
      raw.exec('DROP TRIGGER fail_INSERT; DROP TRIGGER fail_UPDATE');
      raw.close();
    };
  }
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE FUNCTION fail_mark() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk gone'; END $$;
    CREATE TRIGGER fail_mark BEFORE INSERT OR UPDATE ON "RollupWatermark" FOR EACH ROW
      WHEN (NEW."resolution" = '1m' AND NEW."until" > '${isoTs(failAt)}'::timestamp) EXECUTE FUNCTION fail_mark();`);
  return async () => {
    await c.query('DROP TRIGGER fail_mark ON "RollupWatermark"; DROP FUNCTION fail_mark()');
    await c.end();
  };
}

describe.each(backends())('rollup job on $name', (backend) => {
  async function seeded() {
    const h = await freshDb('cw-rollup-', backend);
    await insertRaw(h.db, rows);
    return h;
  }

  it('minute and hourly rollups match the raw samples (min/mean/max/p95, counts, loss, down)', async () => {
    const { db } = await seeded();
    const res = await new RollupJob(db, { now: () => NOW }).run();
    expect(res.watermarks).toEqual({ '1m': MINUTE_END, '1h': HOUR_END });
    expect(res.batches['1m']).toBe(MINUTES / 10); // ≤ 10 minutes per batch; the empty end is skipped in one step
    const minutes = await readRollups(db, 'LinkRollup1m');
    expectSame(minutes, wantMinutes);
    expectSame(await readRollups(db, 'LinkRollup1h'), wantHours);
    // the pieces the tests lean on are really there: down minutes, null means, a spike above p95
    const all = [...minutes.values()];
    expect(all.some((m) => m.downSamples > 0 && m.rttLost > 0)).toBe(true);
    expect(all.some((m) => m.rttMeanUs === null && m.samples > 0)).toBe(true);
    expect(all.some((m) => m.rttP95Us !== null && m.rttMaxUs! > m.rttP95Us + 3000)).toBe(true);
    // nothing after the watermark: the minute still filling is not rolled up
    expect([...minutes.keys()].every((k) => Date.parse(k.split('@')[1]) < MINUTE_END)).toBe(true);
    await db.$disconnect();
  });

  it('cuts big batches into statements per observing node and gets the same rows', async () => {
    const { db } = await seeded();
    const batches: Array<{ statements: number }> = [];
    await new RollupJob(db, { now: () => NOW, maxRows: 130, onBatch: (b) => void batches.push(b) }).run();
    expect(Math.max(...batches.map((b) => b.statements))).toBeGreaterThan(1);
    expectSame(await readRollups(db, 'LinkRollup1m'), wantMinutes);
    expectSame(await readRollups(db, 'LinkRollup1h'), wantHours);
    await db.$disconnect();
  });

  it('is idempotent: a rerun, and a rerun from scratch, leave the same rows and values', async () => {
    const { db } = await seeded();
    await new RollupJob(db, { now: () => NOW }).run();
    const first = [await readRollups(db, 'LinkRollup1m'), await readRollups(db, 'LinkRollup1h')];
    const again = await new RollupJob(db, { now: () => NOW }).run();
    expect(again.batches).toEqual({ '1m': 0, '1h': 0 });
    await db.$executeRawUnsafe('DELETE FROM "RollupWatermark"'); // forget the progress: everything is recomputed
    const redo = await new RollupJob(db, { now: () => NOW }).run();
    expect(redo.batches['1m']).toBeGreaterThan(0);
    expect([await readRollups(db, 'LinkRollup1m'), await readRollups(db, 'LinkRollup1h')]).toEqual(first);
    await db.$disconnect();
  });

  it('a crash after the first batch loses nothing and doubles nothing', async () => {
    const { db } = await seeded();
    const crashing = new RollupJob(db, {
      now: () => NOW,
      onBatch: () => {
        throw new Error('killed');
      },
    });
    await expect(crashing.run()).rejects.toThrow('killed');
    expect(await readWatermark(db, '1m')).toBe(T0 + 600_000); // the first batch committed with its watermark
    expect((await readRollups(db, 'LinkRollup1m')).size).toBeGreaterThan(0);
    await new RollupJob(db, { now: () => NOW }).run();
    expectSame(await readRollups(db, 'LinkRollup1m'), wantMinutes);
    expectSame(await readRollups(db, 'LinkRollup1h'), wantHours);
    await db.$disconnect();
  });

  it('a failure inside a batch rolls back its rows with its watermark; the rerun completes it', async () => {
    const { db, url } = await seeded();
    const failAt = T0 + 30 * 60_000;
    // the watermark update of the batch that would pass failAt fails (as a crash before commit would)
    const undo = await failWatermarkAfter(backend, url, failAt);
    for (const maxRows of [100_000, 130]) { // whole batches, then batches cut per node
      await expect(new RollupJob(db, { now: () => NOW, maxRows }).run()).rejects.toThrow(/disk gone/);
      expect(await readWatermark(db, '1m')).toBe(failAt);
      const minutes = await readRollups(db, 'LinkRollup1m');
      const last = Math.max(...[...minutes.keys()].map((k) => Date.parse(k.split('@')[1])));
      if (maxRows > 1000) expect(last).toBe(failAt - 60_000); // the failed batch left no rows
    }
    await undo();
    await new RollupJob(db, { now: () => NOW }).run();
    expectSame(await readRollups(db, 'LinkRollup1m'), wantMinutes);
    expectSame(await readRollups(db, 'LinkRollup1h'), wantHours);
    await db.$disconnect();
  });

  it('rolls up only complete buckets, skips long gaps quickly and picks up new samples later', async () => {
    const { db } = await freshDb('cw-rollup-', backend);
    const early = rows.filter((r) => r.ts.getTime() < T0 + 20 * 60_000);
    await insertRaw(db, early);
    const later = T0 + 10 * 86_400_000; // ten days without samples
    const late = rawRows(5, 3).map((r) => ({ ...r, ts: new Date(r.ts.getTime() - T0 + later) }));
    await insertRaw(db, late);
    const job = (now: number) => new RollupJob(db, { now: () => now }).run();
    const r1 = await job(T0 + 12 * 60_000 + 59_000); // minute 10 ended 1:59 ago, minute 11 59 s ago
    expect(r1.watermarks['1m']).toBe(T0 + 10 * 60_000);
    const r2 = await job(later + 30 * 60_000);
    expect(r2.batches['1m']).toBeLessThan(6); // the empty ten days cost one step, not 1440 batches
    expect(r2.watermarks).toEqual({ '1m': later + 28 * 60_000, '1h': later });
    const want = expectedMinutes([...early, ...late], later + 28 * 60_000);
    expectSame(await readRollups(db, 'LinkRollup1m'), want);
    expectSame(await readRollups(db, 'LinkRollup1h'), expectedHours(want, later));
    await db.$disconnect();
  });
});
