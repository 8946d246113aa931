import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LogDetector } from '@/lib/analyze/detect/log-detector';
import type { Finding } from '@/lib/analyze/detect/types';
import { parseLogLine } from '@/lib/parse/corosync-log';
import type { LogEvent } from '@/lib/parse/types';
import { labLogEvents, readSeriesFile } from './helpers';

const NOW = new Date(2026, 10, 23, 2, 0, 0); // the lab logs are from Nov 23 2026, local time
const fixture = (path: string) => readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');

/** Replays a real log through a LogDetector; returns the instants and the open conditions after every line. */
function replay(text: string, d = new LogDetector({ peerName: (id) => `pve${id}` })) {
  const instants: Finding[] = [];
  const openAt: Array<{ at: number; line: string; conditions: Finding[] }> = [];
  let last = 0;
  for (const line of text.split('\n')) {
    const p = parseLogLine(line, NOW);
    if (!p?.event || p.ts === null) continue;
    last = p.ts;
    instants.push(...d.push(p.event, p.ts));
    openAt.push({ at: p.ts, line, conditions: d.conditions(p.ts) });
  }
  instants.push(...d.flush(last + 60_000));
  return { instants, openAt, d, last };
}
const t = (hms: string) => new Date(2026, 10, 23, ...(hms.split(/[:.]/).map(Number) as [number, number, number, number])).getTime();

describe('LogDetector on the recorded lab log of pve1 (link faults, pauses, node stop)', () => {
  const { instants, openAt, d, last } = replay(fixture('corosync-3.1.7/pve1.corosync_full.log'));
  const of = (kind: string) => instants.filter((f) => f.kind === kind);

  it('folds "Token has not been received" and the following "A processor failed" into one token_loss', () => {
    expect(of('token_loss').map((f) => [f.at, f.severity, f.message])).toEqual([
      [t('01:12:45.705'), 'critical', 'token not received for 2737 ms'],
      [t('01:13:01.465'), 'critical', 'token not received for 2737 ms'],
      [t('01:13:14.301'), 'critical', 'token not received for 2737 ms'],
    ]);
  });

  it('names the joined and left node ids of every membership change and skips re-formations without one', () => {
    expect(of('membership_change').map((f) => f.message)).toEqual([
      'membership 1.5: joined: 1',
      'membership 1.9: joined: 2 3',
      'membership 1.11: left: 3',
      'membership 1.15: left: 2',
      'membership 1.1e: joined: 2 3',
      'membership 1.22: left: 3',
      'membership 1.27: joined: 3',
    ]);
    expect(of('membership_change').find((f) => f.message.includes('1.11'))).toMatchObject({
      severity: 'warning', details: { ringId: '1.11', joined: [], left: [3] },
    });
  });

  it('reports PMTUD changes, folding an identical global MTU repeated within 10 s', () => {
    const mtu = of('mtu_change');
    expect(mtu[0]).toMatchObject({ peer: 'pve2', link: 0, message: 'data MTU to host 2 link 0 changed to 1397', details: { mtu: 1397 } });
    const globals = mtu.filter((f) => f.peer === null).map((f) => f.at);
    expect(globals.length).toBeGreaterThan(2);
    for (let i = 1; i < globals.length; i++) expect(globals[i] - globals[i - 1]).toBeGreaterThanOrEqual(10_000);
  });

  it('keeps no_active_links per host open from knet\'s line until a link to that host is up again', () => {
    const at = (time: string) => openAt.filter((o) => o.at <= t(time)).at(-1)!.conditions;
    expect(at('01:12:59.000')).toEqual([
      expect.objectContaining({ kind: 'no_active_links', peer: 'pve3', severity: 'critical', details: { host: 3, since: t('01:12:58.985') } }),
    ]);
    expect(at('01:13:20.000').map((c) => c.peer).sort()).toEqual(['pve2', 'pve3']); // both peers unreachable
    expect(at('01:13:26.000')).toEqual([]); // rx: host: 3 link: 0 is up, host 2 link 1 up
    expect(d.conditions(last)).toEqual([]);
    // the startup burst ("best link" then "no active links", repeated) ended with links up too
    expect(at('01:11:47.700').map((c) => c.peer).sort()).toEqual(['pve2', 'pve3']);
  });

  it('reports nothing else from this log', () => {
    expect(new Set(instants.map((f) => f.kind))).toEqual(new Set(['token_loss', 'membership_change', 'mtu_change']));
  });
});

describe('LogDetector: not_scheduled, retransmit and folding', () => {
  it('reads "not scheduled" from the recorded pve2 log of a 3 s pause (the line is logged twice)', () => {
    const { instants } = replay(fixture('corosync-3.1.7/pve2.corosync_full.log'));
    expect(instants.filter((f) => f.kind === 'not_scheduled')).toEqual([
      expect.objectContaining({ severity: 'warning', message: 'corosync was not scheduled for 3214 ms (threshold 2920 ms)', details: { ms: 3214.4956, thresholdMs: 2920 } }),
    ]);
  });

  it('counts retransmit lines per 30 s and reports the bucket once it is over', () => {
    const d = new LogDetector();
    const rt = (detail: string): LogEvent => ({ kind: 'retransmit', detail });
    const t0 = 1_000_000;
    expect(d.push(rt('1a'), t0)).toEqual([]);
    for (let i = 1; i < 40; i++) expect(d.push(rt(`${i}`), t0 + i * 500)).toEqual([]); // 40 lines in 20 s
    expect(d.flush(t0 + 29_000)).toEqual([]);
    const [f] = d.flush(t0 + 30_000);
    expect(f).toMatchObject({ kind: 'retransmit', at: t0, severity: 'warning', details: { count: 40, lastAt: t0 + 19_500, lastList: '39' } });
    expect(d.flush(t0 + 90_000)).toEqual([]);
    // the next line after a quiet bucket opens a new one; a later event closes it
    d.push(rt('2a'), t0 + 100_000);
    const out = d.push({ kind: 'quorum_members', members: [1, 2] }, t0 + 131_000);
    expect(out).toEqual([expect.objectContaining({ kind: 'retransmit', details: expect.objectContaining({ count: 1 }) })]);
  });

  it('reads the journald sample (retransmit + not scheduled) too', () => {
    const { instants } = replay(fixture('journald/pve1.short-iso-precise.log'));
    expect(instants.filter((f) => f.kind === 'retransmit')).toHaveLength(1);
    expect(instants.filter((f) => f.kind === 'not_scheduled')).toHaveLength(1);
  });

  it('starts a new token_loss once 10 s have passed since the first line of the last one', () => {
    const d = new LogDetector();
    const tl: LogEvent = { kind: 'token_not_received', ms: 2737 };
    const t0 = 5_000_000;
    const got = [0, 3000, 6000, 9000, 10_000, 12_000, 25_000].flatMap((dt) => d.push(tl, t0 + dt).map((f) => f.at - t0));
    expect(got).toEqual([0, 10_000, 25_000]);
  });

  it('clears no_active_links on link_up for that host only', () => {
    const d = new LogDetector();
    d.push({ kind: 'no_active_links', host: 2 }, 1);
    d.push({ kind: 'no_active_links', host: 3 }, 2);
    d.push({ kind: 'link_up', host: 3, link: 1 }, 3);
    expect(d.conditions(4).map((c) => c.peer)).toEqual(['2']);
  });
});

describe('LogDetector on pve1\'s log of the series recording (tests/fixtures/series/lab-pve1.corosync.log)', () => {
  const events = labLogEvents(readSeriesFile('lab-pve1.corosync.log'));
  const d = new LogDetector({ peerName: (id) => `pve${id}` });
  const instants: Finding[] = [];
  const noActive: Array<{ t: number; peers: string[] }> = [];
  for (const { t, event } of events) {
    instants.push(...d.push(event, t));
    noActive.push({ t, peers: d.conditions(t).map((c) => c.peer!) });
  }

  it('opens no_active_links for pve3 when both its links went down and closes it when link1 came back', () => {
    const opened = noActive.filter((x) => x.peers.includes('pve3')).map((x) => x.t);
    const both = events.find((e) => e.event.kind === 'no_active_links' && e.t > events[0].t + 60_000)!.t;
    expect(opened.filter((t) => t >= both)[0]).toBe(both);
    const back = events.find((e) => e.t > both && e.event.kind === 'link_up')!;
    expect(back.event).toEqual({ kind: 'link_up', host: 3, link: 1 });
    expect(Math.max(...opened)).toBeLessThan(back.t);
    expect(d.conditions(events.at(-1)!.t)).toEqual([]);
  });

  it('reports the token loss of that outage once and the membership changes, and nothing for the link1 flaps', () => {
    expect(instants.filter((f) => f.kind === 'token_loss')).toHaveLength(1);
    expect(instants.filter((f) => f.kind === 'membership_change').map((f) => f.message)).toEqual([
      'membership 1.5: joined: 1', 'membership 1.9: joined: 2 3', 'membership 1.d: left: 3', 'membership 1.11: joined: 3',
    ]);
    expect(new Set(instants.map((f) => f.kind))).toEqual(new Set(['token_loss', 'membership_change', 'mtu_change']));
  });
});
