// A cluster's worst hours per day (lib/runtime/worst-periods.ts: raw SQL on the hourly rollups) on every backend.
import { describe, expect, it } from 'vitest';
import { worstPeriods } from '@/lib/runtime/worst-periods';
import { dialectOf } from '@/lib/store/dialect';
import { backends } from '../helpers/databases';

const H = 3600_000;
const DAY = Date.UTC(2026, 4, 10);

describe.each(backends())('worst periods on $name', (backend) => {
  it('ranks the hours of each day by events and by the worst link p95, with the series to look at', async () => {
    const { db } = await backend.fresh('cw-worst-');
    const sql = dialectOf(db).sql(`INSERT INTO "LinkRollup1h" ("cluster","node","peer","link","bucket","samples","downSamples","rttCount","rttLost","rttP95Us","rttMaxUs","knetN","winN")
      VALUES (?, ?, ?, ?, ?, 3600, 0, ?, ?, ?, ?, 0, 0)`);
    const put = (cluster: string, node: string, peer: string, link: number, hour: number, p95: number, max: number, count = 1000, lost = 0) =>
      db.$executeRawUnsafe(sql, cluster, node, peer, link, dialectOf(db).tsParam(DAY + hour * H), count, lost, p95, max);
    await put('lab', 'pve1', 'pve2', 0, 3, 900, 1500, 900, 100);
    await put('lab', 'pve2', 'pve1', 0, 3, 400, 700);
    await put('lab', 'pve1', 'pve3', 1, 5, 2500, 9000);
    await put('lab', 'pve1', 'pve2', 0, 7, 200, 300);
    await put('other', 'pve1', 'pve2', 0, 4, 99_000, 99_000); // another cluster
    await put('lab', 'pve1', 'pve2', 0, -20, 5000, 6000); // the day before
    const ev = (id: string, hour: number, severity: string) => ({
      id, kind: 'link_down', severity, cluster: 'lab', node: 'pve1', peer: 'pve2', link: 0, message: id, startedAt: new Date(DAY + hour * H + 60_000),
    });
    await db.event.createMany({ data: [ev('a', 3, 'warning'), ev('b', 3, 'critical'), ev('c', 9, 'critical'), ev('d', -1, 'warning')] });

    const days = await worstPeriods(db, 'lab', 2, DAY + 12 * H, 2);
    expect(days.map((d) => d.day)).toEqual([DAY, DAY - 24 * H]);
    const [today, yesterday] = days;
    expect(today.events).toBe(3);
    expect(today.byEvents.map((h) => [h.hour, h.events, h.critical])).toEqual([[DAY + 3 * H, 2, 1], [DAY + 9 * H, 1, 1]]);
    expect(today.byEvents[0].pairs).toEqual([{ node: 'pve1', peer: 'pve2' }]);
    expect(today.byRtt.map((h) => [h.hour, h.p95Us, h.maxUs])).toEqual([[DAY + 5 * H, 2500, 9000], [DAY + 3 * H, 900, 1500]]);
    expect(today.byRtt[1].lossPct).toBeCloseTo((100 * 100) / 2000, 6);
    expect(today.byRtt[1].worst).toEqual([
      { node: 'pve1', peer: 'pve2', link: 0, p95Us: 900, maxUs: 1500 },
      { node: 'pve2', peer: 'pve1', link: 0, p95Us: 400, maxUs: 700 },
    ]);
    expect(yesterday.byRtt.map((h) => h.p95Us)).toEqual([5000]);
    expect(yesterday.byEvents.map((h) => h.events)).toEqual([1]);
    await db.$disconnect();
  });
});
