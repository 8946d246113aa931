// GET /api/history without HTTP: parameter errors, the step chosen for a range, and the rows it returns on a real
// temporary SQLite and PostgreSQL database (rolled-up buckets plus the not yet rolled-up tail computed on the fly).
import { describe, expect, it } from 'vitest';
import { backends } from '../helpers/databases';
import { parseConfig } from '@/lib/config/load';
import { chooseStep, parseHistoryQuery, type HistoryParams } from '@/lib/runtime/history-query';
import { loadHistory } from '@/lib/runtime/history-load';
import { RollupJob } from '@/lib/store/rollup';
import { T0, MINUTES, expectedHours, expectedMinutes, freshDb, insertRaw, keyOf, rawRows } from '../store/rollup-fixture';

const config = parseConfig(`
knownHosts: /nonexistent/known_hosts
clusters:
  - name: lab
    nodes:
      - { name: pve1, host: 127.0.0.1, port: 9, identityFile: /nonexistent/key }
      - { name: pve2, host: 127.0.0.1, port: 9, identityFile: /nonexistent/key }
      - { name: pve3, host: 127.0.0.1, port: 9, identityFile: /nonexistent/key }
`);
const H = 3600_000;
const D = 24 * H;
const NOW = Date.UTC(2026, 6, 1, 12, 0, 0);
const parse = (qs: string, now = NOW) => parseHistoryQuery(new URLSearchParams(qs), config, now);
const err = (qs: string) => (parse(qs) as { error?: string }).error;

describe('history API parameters', () => {
  it('answers every bad parameter with one clear sentence', () => {
    expect(err('')).toBe('cluster: required');
    expect(err('cluster=prod&node=pve1')).toBe('unknown cluster "prod"');
    expect(err('cluster=lab')).toBe('node: required');
    expect(err('cluster=lab&node=pve9')).toBe('unknown node "pve9" in cluster lab');
    expect(err('cluster=lab&node=pve1&peer=pve7')).toBe('unknown peer "pve7" in cluster lab');
    expect(err('cluster=lab&node=pve1&peer=pve1')).toBe('node and peer must differ');
    expect(err('cluster=lab&node=pve1&link=8')).toBe('link: a knet link number from 0 to 7');
    expect(err('cluster=lab&node=pve1&link=x')).toBe('link: a knet link number from 0 to 7');
    expect(err('cluster=lab&node=pve1&from=yesterday')).toMatch(/^from: not a time: "yesterday"/);
    expect(err(`cluster=lab&node=pve1&from=${NOW}&to=${NOW - 1}`)).toBe('from is after to');
    expect(err(`cluster=lab&node=pve1&from=${NOW}&to=${NOW}`)).toBe('from and to are the same moment: give a range');
    expect(err('cluster=lab&node=pve1&step=5m')).toBe('step: one of raw, 1m, 1h or auto, not "5m"');
    expect(err(`cluster=lab&node=pve1&step=raw&from=${NOW - 25 * H}&to=${NOW}`))
      .toBe('range too long for step raw: at most 24 h (use a coarser step, or leave step out)');
    expect(err(`cluster=lab&node=pve1&step=1m&from=${NOW - 40 * D}&to=${NOW}`)).toMatch(/^range too long for step 1m: at most 31 days/);
    expect(err(`cluster=lab&node=pve1&step=raw&from=${NOW - 24 * H}&to=${NOW}`)).toBeUndefined(); // exactly 24 h is allowed
  });

  it('chooses the step from the range and from what retention still keeps', () => {
    const step = (ms: number, endAgo = 0) => chooseStep(NOW - endAgo - ms, NOW - endAgo, NOW);
    expect([15 * 60_000, H, 6 * H].map((ms) => step(ms))).toEqual(['raw', 'raw', 'raw']);
    expect([6 * H + 1, 24 * H, 7 * D, 14 * D].map((ms) => step(ms))).toEqual(['1m', '1m', '1m', '1m']);
    expect([14 * D + 1, 30 * D, 90 * D, 730 * D].map((ms) => step(ms))).toEqual(['1h', '1h', '1h', '1h']);
    expect(step(H, 47 * H)).toBe('raw'); // still within the 48 h of raw samples
    expect(step(H, 48 * H)).toBe('1m'); // raw samples are gone: the minute rollup has it
    expect(step(7 * D, 84 * D)).toBe('1h'); // starts 91 days ago: past the minute retention
    const q = parse(`cluster=lab&node=pve1&peer=pve2&link=1&from=${NOW - 2 * D}&to=${NOW - D}`) as HistoryParams;
    expect(q).toMatchObject({ step: '1m', auto: true, peers: ['pve2'], link: 1 });
    expect(parse('cluster=lab&node=pve1&step=1h')).toMatchObject({ step: '1h', auto: false, from: NOW - H, to: NOW, peers: ['pve2', 'pve3'], peer: null });
  });
});

describe.each(backends())('history API data on $name', (backend) => {
  const rows = rawRows();
  const END = T0 + MINUTES * 60_000;

  it('1m: rolled-up minutes and, past the watermark, the same aggregation on the fly; raw; 1h', async () => {
    const { db } = await freshDb('cw-history-', backend);
    await insertRaw(db, rows);
    const mark = T0 + 60 * 60_000;
    await new RollupJob(db, { now: () => mark + 120_000 }).run(); // the rollup reached minute 60 only
    const load = (qs: string) => loadHistory(db, config, parse(qs, END + H) as HistoryParams);

    const m = await load(`cluster=lab&node=pve1&peer=pve2&step=1m&from=${T0}&to=${END}`);
    expect(m).toMatchObject({ step: '1m', stepMs: 60_000, auto: false, node: 'pve1', peer: 'pve2', link: null });
    expect(m.series.map((s) => `${s.observer}>${s.peer}#${s.link}`)).toEqual(['pve1>pve2#0', 'pve1>pve2#1']);
    const want = expectedMinutes(rows, Infinity);
    for (const s of m.series) {
      expect(s.points).toHaveLength(MINUTES);
      for (const p of s.points) {
        const e = want.get(keyOf({ node: s.observer, peer: s.peer, link: s.link }, p.t))!;
        expect([p.min, p.max, p.p95, p.count, p.down]).toEqual([e.rttMinUs, e.rttMaxUs, e.rttP95Us, e.samples, e.downSamples]);
        if (e.rttMeanUs === null) expect(p.mean).toBeNull();
        else expect(Math.abs(p.mean! - e.rttMeanUs)).toBeLessThanOrEqual(0.0501);
        expect(p.loss).toBe(e.rttLost + e.rttCount ? e.rttLost / (e.rttLost + e.rttCount) : null);
      }
    }

    const raw = await load(`cluster=lab&node=pve1&peer=pve2&link=0&from=${T0}&to=${T0 + 10 * 60_000}`);
    expect(raw).toMatchObject({ step: 'raw', stepMs: 1000, auto: true });
    const want0 = rows.filter((r) => r.node === 'pve1' && r.peer === 'pve2' && r.link === 0 && r.ts.getTime() <= T0 + 10 * 60_000);
    expect(raw.series).toHaveLength(1);
    expect(raw.series[0].points.map((p) => p.t)).toEqual(want0.map((r) => r.ts.getTime()));
    expect(raw.series[0].points[5]).toMatchObject({ mean: want0[5].rttAvgUs, count: 1, p95: null });

    await new RollupJob(db, { now: () => END + 5 * 60_000 }).run(); // all minutes, and the two complete hours
    const h = await load(`cluster=lab&node=pve3&step=1h&from=${T0}&to=${END}`);
    const wantH = expectedHours(expectedMinutes(rows, Infinity), Infinity); // the third, partial hour on the fly
    expect(h.series.map((s) => `${s.peer}#${s.link}`)).toEqual(['pve1#1']);
    expect(h.series[0].points.map((p) => [p.t, p.count, p.max, p.p95])).toEqual(
      [0, 1, 2].map((i) => T0 + i * H).map((t) => {
        const e = wantH.get(keyOf({ node: 'pve3', peer: 'pve1', link: 1 }, t))!;
        return [t, e.samples, e.rttMaxUs, e.rttP95Us];
      }));
    await db.$disconnect();
  });
});
