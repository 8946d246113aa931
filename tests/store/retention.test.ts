// Retention on a real temporary SQLite and PostgreSQL database: the cutoffs to the millisecond, the rollup watermarks that hold
// deletion back, events that are still open.
import { describe, expect, it } from 'vitest';
import type { Db } from '@/lib/store/db';
import { runRetention } from '@/lib/store/retention';
import { WATERMARK_SQL } from '@/lib/store/rollup-sql';
import { retentionSchema, type RetentionConfig } from '@/lib/config/schema';
import { parseConfig } from '@/lib/config/load';
import { dialectOf } from '@/lib/store/dialect';
import { freshDb } from './rollup-fixture';
import { backends } from '../helpers/databases';

const H = 3600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);
const R: RetentionConfig = { rawHours: 2, minuteDays: 1, hourDays: 2, eventDays: 3 };
const RAW_CUT = NOW - 2 * H;
const MIN_CUT = NOW - D;
const HOUR_CUT = NOW - 2 * D;
const EV_CUT = NOW - 3 * D;
/** around each cutoff: well before, 1 ms before, exactly at, 1 ms after */
const around = (c: number) => [c - H, c - 1, c, c + 1];

const setMark = (db: Db, res: '1m' | '1h', at: number) => db.$executeRawUnsafe(dialectOf(db).sql(WATERMARK_SQL), res, dialectOf(db).tsParam(at), dialectOf(db).tsParam(NOW));

async function seed(db: Db) {
  const link = (t: number, i: number) => ({ ts: new Date(t), cluster: 'lab', node: 'pve1', peer: 'pve2', link: i % 2 });
  await db.linkSample.createMany({ data: [...around(RAW_CUT), RAW_CUT - 40 * 60_000, RAW_CUT - 30 * 60_000, ...Array.from({ length: 11 }, (_, i) => RAW_CUT - 3 * H - i)].map(link) });
  await db.nodeSample.createMany({ data: around(RAW_CUT).map((t) => ({ ts: new Date(t), cluster: 'lab', node: 'pve1', reachable: true })) });
  for (const [table, cut] of [['LinkRollup1m', MIN_CUT], ['LinkRollup1h', HOUR_CUT]] as const) {
    const step = table === 'LinkRollup1m' ? 60_000 : H;
    for (const b of [cut - 2 * step, cut - step, cut, cut + step]) {
      await db.$executeRawUnsafe(dialectOf(db).sql(
        `INSERT INTO "${table}" ("cluster","node","peer","link","bucket","samples","downSamples","rttCount","rttLost","knetN","winN") VALUES ('lab','pve1','pve2',0,?,1,0,1,0,1,1)`),
        dialectOf(db).tsParam(b));
    }
  }
  const ev = (id: string, startedAt: number, endedAt: number | null) => ({
    id, kind: 'link_down', severity: 'warning', cluster: 'lab', node: 'pve1', peer: 'pve2', link: 0, message: id,
    startedAt: new Date(startedAt), endedAt: endedAt === null ? null : new Date(endedAt),
  });
  await db.event.createMany({
    data: [ev('old', EV_CUT - 2 * H, EV_CUT - H), ev('just-before', EV_CUT - H, EV_CUT - 1), ev('at-cutoff', EV_CUT - H, EV_CUT),
      ev('after', EV_CUT - H, EV_CUT + 1), ev('still-open', EV_CUT - 30 * D, null)],
  });
}

const times = async (db: Db, table: string, col: string) =>
  (await db.$queryRawUnsafe<Array<{ t: Date }>>(`SELECT "${col}" AS t FROM "${table}" ORDER BY "${col}"`)).map((r) => new Date(r.t).getTime());

describe.each(backends())('retention on $name', (backend) => {
  it('deletes rows strictly older than each cutoff, in batches, and keeps the row exactly at it', async () => {
    const { db } = await freshDb('cw-retention-', backend);
    await seed(db);
    await setMark(db, '1m', NOW - 3 * 60_000);
    await setMark(db, '1h', NOW - H);
    const res = await runRetention(db, R, { now: () => NOW, batchRows: 3 });
    expect(res.cutoffs).toMatchObject({ raw: RAW_CUT, minute: MIN_CUT, hour: HOUR_CUT, event: EV_CUT });
    expect(await times(db, 'LinkSample', 'ts')).toEqual([RAW_CUT, RAW_CUT + 1]);
    expect(await times(db, 'NodeSample', 'ts')).toEqual([RAW_CUT, RAW_CUT + 1]);
    expect(await times(db, 'LinkRollup1m', 'bucket')).toEqual([MIN_CUT, MIN_CUT + 60_000]);
    expect(await times(db, 'LinkRollup1h', 'bucket')).toEqual([HOUR_CUT, HOUR_CUT + H]);
    expect((await db.event.findMany({ orderBy: { id: 'asc' } })).map((e) => e.id)).toEqual(['after', 'at-cutoff', 'still-open']);
    expect(res.deleted).toEqual({ linkSamples: 15, nodeSamples: 2, minute: 2, hour: 2, events: 2 });
    // a second run finds nothing more
    expect((await runRetention(db, R, { now: () => NOW })).deleted).toEqual({ linkSamples: 0, nodeSamples: 0, minute: 0, hour: 0, events: 0 });
    await db.$disconnect();
  });

  it('never deletes raw samples the minute rollup has not covered, nor minute rows the hourly one has not', async () => {
    const { db } = await freshDb('cw-retention-', backend);
    await seed(db);
    await runRetention(db, R, { now: () => NOW }); // no watermark yet: no rollup has run
    expect((await times(db, 'LinkSample', 'ts')).length).toBe(17);
    expect((await times(db, 'LinkRollup1m', 'bucket')).length).toBe(4);
    expect((await times(db, 'NodeSample', 'ts')).length).toBe(2); // node samples are not rolled up: age alone
    const mark = RAW_CUT - 30 * 60_000; // the minute rollup is behind the raw cutoff
    await setMark(db, '1m', mark);
    await setMark(db, '1h', MIN_CUT - 60_000); // exactly at a bucket: that bucket is not covered by hours yet
    const res = await runRetention(db, R, { now: () => NOW, batchRows: 4 });
    expect(res.cutoffs.raw).toBe(mark);
    // older than the watermark: gone; from the watermark (inclusive) to the raw cutoff: kept until rolled up
    expect(await times(db, 'LinkSample', 'ts')).toEqual([mark, RAW_CUT - 1, RAW_CUT, RAW_CUT + 1]);
    expect(await times(db, 'LinkRollup1m', 'bucket')).toEqual([MIN_CUT - 60_000, MIN_CUT, MIN_CUT + 60_000]);
    await db.$disconnect();
  });

  it('is configured in corowatch.yaml with defaults, and validated', () => {
    const base = 'knownHosts: /k\nclusters:\n  - name: c\n    nodes:\n      - { name: n1, host: h, identityFile: /i }\n';
    expect(parseConfig(base).retention).toEqual({ rawHours: 48, minuteDays: 90, hourDays: 730, eventDays: 730 });
    expect(parseConfig(`${base}retention: { rawHours: 24, eventDays: 30 }\n`).retention).toEqual({ rawHours: 24, minuteDays: 90, hourDays: 730, eventDays: 30 });
    expect(() => parseConfig(`${base}retention: { rawHours: 0 }\n`)).toThrow(/retention\.rawHours/);
    expect(() => parseConfig(`${base}retention: { minuteDays: 800 }\n`)).toThrow(/retention\.hourDays: must be at least minuteDays/);
    expect(() => parseConfig(`${base}retention: { rawDays: 3 }\n`)).toThrow(/rawDays/);
    expect(retentionSchema.safeParse({ rawHours: 'x' }).success).toBe(false);
  });
});
