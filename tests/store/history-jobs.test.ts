// The background pass the Runtime runs every minute: rollups then retention, one pass at a time, stoppable.
import { describe, expect, it } from 'vitest';
import { HistoryJobs } from '@/lib/runtime/history-jobs';
import { readWatermark } from '@/lib/store/rollup';
import { T0, freshDb, insertRaw, rawRows } from './rollup-fixture';
import { backends } from '../helpers/databases';

describe.each(backends())('history jobs on $name', (backend) => {
  it('rolls up and expires in one pass, shares a pass in progress, and stops cleanly', async () => {
    const { db } = await freshDb('cw-jobs-', backend);
    // samples that ended long ago: everything is rolled up, and the raw rows are past the 48 h but within the 90 days of minute rows
    const start = Math.floor((Date.now() - 3 * 86_400_000) / 3600_000) * 3600_000; // three days ago, on an hour
    await insertRaw(db, rawRows(30).map((r) => ({ ...r, ts: new Date(r.ts.getTime() - T0 + start) })));
    const jobs = new HistoryJobs(db, undefined, 3600_000, 0);
    const a = jobs.runOnce();
    expect(jobs.runOnce()).toBe(a); // one pass at a time
    await a;
    expect(jobs.status.lastError).toBeNull();
    expect(jobs.status.rollup?.batches['1m']).toBe(3);
    expect(jobs.status.retention?.linkSamples).toBeGreaterThan(0);
    expect(await db.linkSample.count()).toBe(0);
    expect(await db.$queryRawUnsafe<Array<{ n: bigint }>>('SELECT COUNT(*) AS n FROM "LinkRollup1m"')).toEqual([{ n: 120n }]);
    expect(await readWatermark(db, '1h')).not.toBeNull();
    jobs.start();
    await jobs.stop(); // ends the timer and any pass in progress
    await db.$disconnect();
  });
});
