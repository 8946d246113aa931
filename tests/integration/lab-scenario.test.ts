// The detection scenario on the real lab: every injected fault becomes the right event, on time, and a quiet
// cluster raises nothing. One lab session, steps in order.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '@/lib/config/load';
import { Runtime } from '@/lib/runtime/runtime';
import { parseLogLine } from '@/lib/parse/corosync-log';
import type { EventRecord } from '@/lib/analyze/views';
import { LAB_CONFIG, LAB_STATE, lab, labDescribe, until } from '../helpers/lab';

const QUIET_MS = Number(process.env.COROWATCH_QUIET_MS ?? 5 * 60_000);
let rt: Runtime;
/** every event version as it came out of the model, with the wall time it was seen */
const seen: Array<{ at: number; e: EventRecord }> = [];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function logTimes(node: string, needle: string, after: number): number[] {
  return readFileSync(join(LAB_STATE, 'nodes', node, 'log', 'corosync.log'), 'utf8')
    .split('\n')
    .filter((l) => l.includes(needle))
    .map((l) => parseLogLine(l, new Date())?.ts ?? 0)
    .filter((t) => t >= after - 10);
}

const firstSeen = (pred: (e: EventRecord) => boolean) => seen.find((s) => pred(s.e));
const opened = (kind: string, node: string, peer: string | null, after: number) =>
  firstSeen((e) => e.kind === kind && e.node === node && (peer === null || e.peer === peer) && e.startedAt >= after - 10);

labDescribe('detection scenario on the real lab', () => {
  beforeAll(async () => {
    await lab('up', '3');
    rt = await Runtime.start(loadConfigFile(LAB_CONFIG), { databaseUrl: `file:${join(mkdtempSync(join(tmpdir(), 'cw-sc-')), 'db.sqlite')}` });
    rt.onEvents((evs) => {
      const at = Date.now();
      for (const e of evs) seen.push({ at, e: { ...e } });
    });
    await until('healthy, active links known, probe running', () => rt.snapshot().clusters[0].nodes.every((n) =>
      n.reachable && n.links.length === 4 && n.links.every((l) => l.connected && l.active !== null && l.rttCount > 0)), 30_000);
    await sleep(12_000); // knet's pong timeout settles; detectors get their baselines
  }, 120_000);

  afterAll(async () => {
    await rt?.stop();
    await lab('down');
  }, 60_000);

  it('pve3 link0 down: link_down and failover (link0 → link1) for every peer within 1 s of knet\'s log line; back: failback, events end', async () => {
    const t0 = Date.now();
    await lab('fault', 'link-down', 'pve3', '0');
    const pairs = [['pve1', 'pve3', 3], ['pve2', 'pve3', 3], ['pve3', 'pve1', 1], ['pve3', 'pve2', 2]] as const;
    await until('all link_down and failover events', () => pairs.every(([n, p]) => opened('link_down', n, p, t0) && opened('failover', n, p, t0)), 6000);
    for (const [n, p, id] of pairs) {
      const [downLine] = logTimes(n, `link: host: ${id} link: 0 is down`, t0);
      const [bestLine] = logTimes(n, `host: host: ${id} (passive) best link: 1`, t0);
      const down = opened('link_down', n, p, t0)!;
      const fo = opened('failover', n, p, t0)!;
      expect(fo.e.message).toContain('link0 → link1');
      console.log(`[scenario] ${n}→${p}: link_down ${down.at - downLine} ms, failover ${fo.at - bestLine} ms after knet's log line`);
      expect(down.at - downLine).toBeLessThan(1000);
      expect(fo.at - bestLine).toBeLessThan(1000);
    }
    const t1 = Date.now();
    await lab('fault', 'link-up', 'pve3', '0');
    await until('failback for every pair', () => pairs.every(([n, p]) => opened('failback', n, p, t1)), 10_000);
    for (const [n, p] of pairs) expect(opened('failback', n, p, t1)!.e.message).toContain('link1 → link0');
    await until('down and failover events ended', () => rt.clusters[0].model.tracker.openEvents().filter((e) => e.kind === 'link_down' || e.kind === 'failover').length === 0, 5000);
  }, 40_000);

  it('pve2 corosync paused 1.5 s: a latency spike is flagged on the pairs with pve2', async () => {
    await sleep(12_000); // pve3's link0 just came back: let knet's pong timeout settle
    const t0 = Date.now();
    await lab('fault', 'pause', 'pve2', '1500');
    await until('jitter_spike on a pair with pve2', () => firstSeen((e) => e.kind === 'jitter_spike' && e.startedAt >= t0 - 100 && (e.node === 'pve2' || e.peer === 'pve2')), 15_000);
    const spikes = seen.filter((s) => s.e.kind === 'jitter_spike' && s.e.startedAt >= t0 - 100).map((s) => s.e);
    console.log(`[scenario] pause pve2 1.5 s: ${spikes.map((e) => e.message).join(' | ')}`);
    expect(spikes.every((e) => e.node === 'pve2' || e.peer === 'pve2')).toBe(true);
  }, 40_000);

  it('pve3 killed: corosync_down, critical link_down and membership change; started again: it rejoins', async () => {
    await sleep(10_000);
    const t0 = Date.now();
    await lab('fault', 'kill', 'pve3');
    await until('corosync_down pve3', () => opened('corosync_down', 'pve3', null, t0), 5000);
    await until('membership change seen by pve1 and pve2', () => opened('membership_change', 'pve1', null, t0) && opened('membership_change', 'pve2', null, t0), 15_000);
    expect(opened('link_down', 'pve1', 'pve3', t0)).toBeTruthy();
    expect(rt.clusters[0].model.tracker.openEvents().filter((e) => e.kind === 'link_down' && e.peer === 'pve3').every((e) => e.severity === 'critical')).toBe(true);
    expect(opened('membership_change', 'pve1', null, t0)!.e.message).toMatch(/left/);
    expect(rt.snapshot().clusters[0].quorate).toBe(true); // 2 of 3 votes
    const t1 = Date.now();
    await lab('fault', 'start', 'pve3');
    await until('pve3 rejoined', () => opened('corosync_up', 'pve3', null, t1) && rt.snapshot().clusters[0].nodes.every((n) => n.links.every((l) => l.connected)), 20_000);
  }, 60_000);

  it(`then ${Math.round(QUIET_MS / 60_000)} quiet minutes: no new event opens`, async () => {
    await sleep(15_000); // the rejoin settles (knet pong timeouts, membership)
    const mark = Date.now();
    await sleep(QUIET_MS);
    const fresh = seen.filter((s) => s.e.startedAt >= mark).map((s) => `${s.e.kind}: ${s.e.message}`);
    expect(fresh).toEqual([]);
    const n = rt.snapshot().clusters[0].nodes.flatMap((x) => x.links);
    expect(n.every((l) => l.connected && l.rttCount > 0)).toBe(true);
  }, QUIET_MS + 60_000);
});
