import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/lib/store/db';
import { backends } from '../helpers/databases';
import { StoreWriter } from '@/lib/store/writer';
import { listEvents, loadOpenEvents } from '@/lib/store/queries';
import type { EventRecord } from '@/lib/analyze/views';

const ev = (id: string, startedAt: number, endedAt: number | null, kind = 'link_down'): EventRecord => ({
  id, kind, severity: 'warning', cluster: 'lab', node: 'pve1', peer: 'pve3', link: 0, message: `m ${id}`,
  startedAt, endedAt, details: { from: 0, to: 1 },
});

describe.each(backends())('store writer on $name', (backend) => {
  it('writes a batch in one go, updates events in place and keeps everything across a reopen', async () => {
    let { db, url } = await backend.fresh('cw-writer-');
    const w = new StoreWriter(db, 60_000);
    const ts = new Date(1_800_000_000_000);
    w.addLinkSamples(Array.from({ length: 12 }, (_, i) => ({ ts, cluster: 'lab', node: 'pve1', peer: 'pve2', link: i % 2, connected: true, latencyAveUs: 200 + i, txDataPackets: 2n ** 40n + BigInt(i) })));
    w.addNodeSample({ ts, cluster: 'lab', node: 'pve1', reachable: true, corosyncUp: true, quorate: true });
    w.putEvents([ev('a', 1000, null), ev('b', 2000, null, 'failover')]);
    await w.flush();
    w.putEvents([{ ...ev('a', 1000, 5000) }]);
    w.putEvents([ev('c', 6000, 6000, 'link_up')]);
    await w.close();
    await db.$disconnect();

    db = await openDatabase(url);
    expect(await db.linkSample.count()).toBe(12);
    expect(await db.nodeSample.count()).toBe(1);
    const big = await db.linkSample.findFirst({ where: { link: 1 }, orderBy: { id: 'desc' } });
    expect(big?.txDataPackets).toBe(2n ** 40n + 11n);
    const all = await listEvents(db, {});
    expect(all.map((e) => e.id)).toEqual(['c', 'b', 'a']); // newest first
    expect(all.find((e) => e.id === 'a')?.endedAt).toBe(5000);
    expect(all.find((e) => e.id === 'b')?.details).toEqual({ from: 0, to: 1 });
    expect((await loadOpenEvents(db, 'lab')).map((e) => e.id)).toEqual(['b']);
    expect((await listEvents(db, { kind: ['failover'] })).map((e) => e.id)).toEqual(['b']);
    // overlap semantics: an event that ended before `from` is out, an open one is in
    expect((await listEvents(db, { from: new Date(5500) })).map((e) => e.id).sort()).toEqual(['b', 'c']);
    expect((await listEvents(db, { to: new Date(1500) })).map((e) => e.id)).toEqual(['a']);
    await db.$disconnect();
  });

  it('keeps a failed batch and writes it on the next flush', async () => {
    const { db } = await backend.fresh('cw-writer-');
    const w = new StoreWriter(db, 60_000);
    w.putEvents([ev('x', 1000, null)]);
    // the same id twice in one createMany-free batch is fine; break the batch with a bad row instead
    w.addNodeSample({ ts: new Date(NaN), cluster: 'lab', node: 'pve1', reachable: true });
    await w.flush();
    expect(w.lastError).not.toBeNull();
    expect(w.pending).toBe(2);
    expect(await db.event.count()).toBe(0); // one transaction: nothing half-written
    (w as any).nodes = [];
    await w.flush();
    expect(w.lastError).toBeNull();
    expect(await db.event.count()).toBe(1);
    await db.$disconnect();
  });
});
