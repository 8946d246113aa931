// GET /api/series without HTTP: querySeries(db, config, params) on a real temporary SQLite and PostgreSQL database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '@/lib/store/db';
import { dialectOf } from '@/lib/store/dialect';
import { backends } from '../helpers/databases';
import { parseConfig } from '@/lib/config/load';
import { bucketSql, querySeries, type SeriesResponse } from '@/lib/runtime/series-query';
import { hasApiFilters, listEventsFiltered, parseEventQuery } from '@/lib/runtime/event-query';

const config = parseConfig(`
knownHosts: /nonexistent/known_hosts
clusters:
  - name: lab
    thresholds: { rttWarnMs: 1.5, rttCritMs: 4 }
    nodes:
      - { name: pve1, host: 127.0.0.1, port: 9, identityFile: /nonexistent/key }
      - { name: pve2, host: 127.0.0.1, port: 9, identityFile: /nonexistent/key }
      - { name: pve3, host: 127.0.0.1, port: 9, identityFile: /nonexistent/key }
  - name: other
    nodes:
      - { name: pve1, host: 127.0.0.1, port: 9, identityFile: /nonexistent/key }
      - { name: pve3, host: 127.0.0.1, port: 9, identityFile: /nonexistent/key }
`);

const T0 = Date.UTC(2026, 0, 10, 12, 0, 0); // first sample
const N = 600; // 10 minutes at 1 s
const DOWN = { from: T0 + 200_000, to: T0 + 260_000 }; // link0 pve1 → pve3 down

describe.each(backends())('on $name', (backend) => {
  let db: Db;

  function sample(node: string, peer: string, link: number, i: number) {
    const t = T0 + i * 1000;
    const link0Down = node === 'pve1' && peer === 'pve3' && t >= DOWN.from && t < DOWN.to;
    const down = link0Down && link === 0;
    const base = 150 + link * 20 + (node === 'pve3' ? 5 : 0);
    return {
      ts: new Date(t), cluster: 'lab', node, peer, link, enabled: true, connected: !down, active: link === (link0Down ? 1 : 0),
      latencyAveUs: base + 10, knetWindowUs: down ? null : base + 3,
      rttMinUs: down ? null : base - 20, rttAvgUs: down ? null : base + (i === 300 ? 3000 : 0), rttMaxUs: down ? null : base + 40 + (i === 300 ? 7000 : 0),
      rttCount: 5, rttLost: down ? 5 : 0,
    };
  }

  const ev = (id: string, o: Partial<{ kind: string; node: string | null; peer: string | null; link: number | null; cluster: string; startedAt: number; endedAt: number | null; details: unknown }>) => ({
    id, kind: o.kind ?? 'link_down', severity: 'warning', cluster: o.cluster ?? 'lab', node: o.node === undefined ? 'pve1' : o.node,
    peer: o.peer === undefined ? 'pve3' : o.peer, link: o.link === undefined ? 0 : o.link, message: `event ${id}`,
    startedAt: new Date(o.startedAt ?? T0 + 1000), endedAt: o.endedAt === undefined ? new Date(T0 + 2000) : o.endedAt === null ? null : new Date(o.endedAt),
    details: o.details === undefined ? null : JSON.stringify(o.details),
  });

  beforeAll(async () => {
    db = (await backend.fresh('cw-series-')).db;
    const rows = [];
    for (const [a, b] of [['pve1', 'pve2'], ['pve2', 'pve1'], ['pve1', 'pve3'], ['pve3', 'pve1'], ['pve2', 'pve3'], ['pve3', 'pve2']]) {
      for (const link of [0, 1]) for (let i = 0; i < N; i++) rows.push(sample(a, b, link, i));
    }
    await db.linkSample.createMany({ data: rows });
    // the same pair in another cluster must not leak in
    await db.linkSample.createMany({ data: [{ ...sample('pve1', 'pve3', 0, 10), cluster: 'other' }] });
    await db.event.createMany({
      data: [
        ev('down', { startedAt: DOWN.from, endedAt: DOWN.to }),
        ev('failover', { kind: 'failover', link: 1, startedAt: DOWN.from + 500, endedAt: DOWN.to + 1000, details: { from: 0, to: 1 } }),
        ev('reverse', { node: 'pve3', peer: 'pve1', startedAt: DOWN.from + 100, endedAt: DOWN.to }),
        ev('jitter', { kind: 'jitter_spike', link: 0, startedAt: T0 + 300_000, endedAt: T0 + 300_000, details: { peakUs: 7190 } }),
        ev('node-level', { kind: 'node_unreachable', node: 'pve3', peer: null, link: null, startedAt: T0 + 400_000, endedAt: null }),
        ev('other-pair', { node: 'pve2', peer: 'pve3', startedAt: DOWN.from }),
        ev('other-node', { kind: 'node_unreachable', node: 'pve2', peer: null, link: null, startedAt: DOWN.from, endedAt: null }),
        ev('other-cluster', { cluster: 'other', startedAt: DOWN.from }),
        ev('too-early', { startedAt: T0 - 3_600_000, endedAt: T0 - 3_000_000 }),
      ],
    });
  });

  afterAll(async () => {
    await db?.$disconnect();
  });

  const range = { from: String(T0), to: String(T0 + (N - 1) * 1000) };

  async function ok(params: Record<string, string>, now?: number): Promise<SeriesResponse> {
    const r = await querySeries(db, config, params, now);
    if ('error' in r) throw new Error(`unexpected error: ${r.error}`);
    return r;
  }

  describe('series query', () => {
    it('returns both directions and every link of the pair, one point per sample, with the pair events', async () => {
      const r = await ok({ cluster: 'lab', node: 'pve1', peer: 'pve3', ...range });
      expect(r).toMatchObject({ cluster: 'lab', node: 'pve1', peer: 'pve3', from: new Date(T0).toISOString(), bucketMs: null, pollIntervalMs: 1000 });
      expect(r.thresholds).toEqual({ rttWarnUs: 1500, rttCritUs: 4000 });
      expect(r.series.map((s) => `${s.observer}>${s.peer}#${s.link}`)).toEqual(['pve1>pve3#0', 'pve1>pve3#1', 'pve3>pve1#0', 'pve3>pve1#1']);
      for (const s of r.series) {
        expect(s.points).toHaveLength(N);
        expect(s.points.every((p, i) => i === 0 || p.t > s.points[i - 1].t)).toBe(true);
      }
      const l0 = r.series[0].points;
      expect(l0[0]).toEqual({ t: T0, connected: true, active: true, knetUs: 160, knetWindowUs: 153, rttMinUs: 130, rttAvgUs: 150, rttMaxUs: 190, rttLost: 0, rttCount: 5 });
      expect(l0[210]).toMatchObject({ t: T0 + 210_000, connected: false, active: false, rttAvgUs: null, rttLost: 5 });
      expect(l0[300].rttMaxUs).toBe(7190);
      expect(r.series[2].points[0].knetUs).toBe(165); // pve3's own view is a separate series
      expect(r.events.map((e) => e.id)).toEqual(['down', 'reverse', 'failover', 'jitter', 'node-level']);
      const fo = r.events.find((e) => e.id === 'failover')!;
      expect(fo).toMatchObject({ kind: 'failover', node: 'pve1', peer: 'pve3', link: 1, details: { from: 0, to: 1 }, startedAt: new Date(DOWN.from + 500).toISOString() });
      expect(r.events.find((e) => e.id === 'node-level')!.endedAt).toBeNull();
    });

    it('is the same pair seen from the other side when node and peer are swapped', async () => {
      const r = await ok({ cluster: 'lab', node: 'pve3', peer: 'pve1', ...range });
      expect(r.series.map((s) => `${s.observer}>${s.peer}#${s.link}`)).toEqual(['pve3>pve1#0', 'pve3>pve1#1', 'pve1>pve3#0', 'pve1>pve3#1']);
      expect(r.events.map((e) => e.id).sort()).toEqual(['down', 'failover', 'jitter', 'node-level', 'reverse']);
    });

    it('defaults to the last 15 minutes; at= is the 10 minutes around a moment', async () => {
      const now = T0 + (N - 1) * 1000;
      const r = await ok({ cluster: 'lab', node: 'pve1', peer: 'pve3' }, now);
      expect(Date.parse(r.to) - Date.parse(r.from)).toBe(15 * 60_000);
      expect(r.series[0].points).toHaveLength(N);
      const at = await ok({ cluster: 'lab', node: 'pve1', peer: 'pve3', at: new Date(T0 + 60_000).toISOString() });
      expect(at.from).toBe(new Date(T0 - 240_000).toISOString());
      expect(at.to).toBe(new Date(T0 + 360_000).toISOString());
      expect(at.series[0].points).toHaveLength(361); // T0 .. T0+360 s inclusive
      expect(at.series[0].points[0].t).toBe(T0);
    });

    it('aggregates long ranges in SQL into buckets that keep the extremes and the down time', async () => {
      const r = await ok({ cluster: 'lab', node: 'pve1', peer: 'pve3', ...range, maxPoints: '50' });
      expect(r.bucketMs).toBe(15_000); // 599 s / 50 points → 12 s → the next nice bucket
      const l0 = r.series.find((s) => s.observer === 'pve1' && s.link === 0)!.points;
      expect(l0.length).toBeGreaterThanOrEqual(40);
      expect(l0.length).toBeLessThanOrEqual(41);
      expect(l0.every((p) => p.t % 15_000 === 0)).toBe(true);
      const at = (t: number) => l0.find((p) => p.t === Math.floor(t / 15_000) * 15_000)!;
      expect(at(T0 + 300_000)).toMatchObject({ rttMaxUs: 7190, rttMinUs: 130, connected: true, rttCount: 75 });
      expect(at(T0 + 300_000).rttAvgUs).toBe(350); // (14 × 150 + 3150) / 15, weighted by rttCount
      expect(at(DOWN.from + 20_000)).toMatchObject({ connected: false, active: false, rttAvgUs: null, rttLost: 75 });
      expect(at(T0 + 100_000)).toMatchObject({ connected: true, active: true, knetUs: 160 });
      // a live view asks for its newest buckets only, in the same buckets
      const tail = await ok({ cluster: 'lab', node: 'pve1', peer: 'pve3', from: String(T0 + 300_000), to: range.to, bucketMs: '15000' });
      expect(tail.bucketMs).toBe(15_000);
      expect(tail.series[0].points.find((p) => p.t === T0 + 300_000)).toEqual(l0.find((p) => p.t === T0 + 300_000));
      const link1 = r.series.find((s) => s.observer === 'pve1' && s.link === 1)!.points;
      expect(link1.find((p) => p.t === Math.floor((DOWN.from + 20_000) / 15_000) * 15_000)!.active).toBe(true);
    });

    it('reads the (cluster, node, peer, link, ts) index, not the table', async () => {
      const d = dialectOf(db);
      if (d.name === 'postgres') {
        const plan = await db.$queryRawUnsafe<Array<{ 'QUERY PLAN': string }>>(`EXPLAIN ${bucketSql(15_000, d)}`, 'lab', 'pve1', 'pve3', new Date(T0), new Date(T0 + 60_000));
        expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toMatch(/Index (Only )?Scan using "?LinkSample_cluster_node_peer_link_ts_idx"?|Bitmap Index Scan on "?LinkSample_cluster_node_peer_link_ts_idx"?/);
        return;
      }
      const plan = await db.$queryRawUnsafe<Array<{ detail: string }>>(`EXPLAIN QUERY PLAN ${bucketSql(15_000)}`, 'lab', 'pve1', 'pve3', new Date(T0), new Date(T0 + 60_000));
      const text = plan.map((p) => p.detail).join('\n');
      expect(text).toMatch(/USING INDEX LinkSample_cluster_node_peer_link_ts_idx \(cluster=\? AND node=\? AND peer=\? AND link=\? AND ts>\? AND ts<\?\)/);
    });

    it('rejects bad parameters with one clear message each', async () => {
      const base = { cluster: 'lab', node: 'pve1', peer: 'pve3' };
      const cases: Array<[Record<string, string>, RegExp]> = [
        [{ node: 'pve1', peer: 'pve3' }, /^cluster: required$/],
        [{ ...base, cluster: 'nope' }, /unknown cluster "nope"/],
        [{ ...base, node: 'pve9' }, /unknown node "pve9" in cluster lab/],
        [{ ...base, peer: 'pve9' }, /unknown peer "pve9" in cluster lab/],
        [{ cluster: 'lab', node: 'pve1' }, /peer: required/],
        [{ ...base, peer: 'pve1' }, /node and peer must differ/],
        [{ ...base, cluster: 'other', node: 'pve2' }, /unknown node "pve2" in cluster other/],
        [{ ...base, from: 'yesterday' }, /from: not a time: "yesterday"/],
        [{ ...base, to: '2026-13-45' }, /to: not a time/],
        [{ ...base, from: String(T0 + 1000), to: String(T0) }, /from is after to/],
        [{ ...base, from: String(T0 - 8 * 86_400_000), to: String(T0) }, /range too long: at most 7 days/],
        [{ ...base, at: String(T0), from: String(T0) }, /either at or from\/to/],
        [{ ...base, maxPoints: '5' }, /maxPoints/],
        [{ ...base, bucketMs: '10' }, /bucketMs: an integer from 1000/],
        [{ ...base, from: String(T0 - 7 * 86_400_000), to: String(T0), bucketMs: '1000' }, /bucketMs: too small/],
      ];
      for (const [params, re] of cases) {
        const r = await querySeries(db, config, params);
        expect('error' in r ? r.error : 'no error', JSON.stringify(params)).toMatch(re);
      }
      // exactly 7 days is allowed (and aggregated)
      const week = await ok({ ...base, from: String(T0 - 7 * 86_400_000 + 599_000), to: String(T0 + 599_000) });
      expect(week.bucketMs).toBe(900_000);
      expect(week.series).toHaveLength(4);
    });
  });

  describe('/api/events node and severity filters', () => {
    it('parses them as optional additions and leaves the old parameters as they were', () => {
      const q = (s: string) => parseEventQuery(new URLSearchParams(s), ['lab']);
      expect(q('cluster=lab&kind=failover')).toEqual({ from: undefined, to: undefined, cluster: 'lab', kind: ['failover'], limit: undefined });
      expect(hasApiFilters(q('cluster=lab') as never)).toBe(false);
      expect(q('node=pve3&severity=warning,critical')).toMatchObject({ node: 'pve3', severity: ['warning', 'critical'] });
      expect(q('severity=fatal')).toEqual({ error: 'severity: comma-separated, each one of info, warning, critical' });
      expect(q('node=a;b')).toMatchObject({ error: expect.stringMatching(/^node:/) });
    });

    it('node matches the observer or the peer; severity and the overlap rules combine', async () => {
      const ids = async (s: string) => {
        const q = parseEventQuery(new URLSearchParams(s), ['lab', 'other']);
        if ('error' in q) throw new Error(q.error);
        return (await listEventsFiltered(db, q)).map((e) => e.id).sort();
      };
      expect(await ids('cluster=lab&node=pve2')).toEqual(['other-node', 'other-pair']);
      expect(await ids(`cluster=lab&node=pve3&kind=link_down&from=${T0}`)).toEqual(['down', 'other-pair', 'reverse']);
      expect(await ids('node=pve3&kind=node_unreachable')).toEqual(['node-level']);
      expect(await ids('severity=info')).toEqual([]);
      expect(await ids('severity=warning&cluster=other')).toEqual(['other-cluster']);
    });
  });
});
