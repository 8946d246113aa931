import { describe, expect, it } from 'vitest';
import { FlapDetector } from '@/lib/analyze/detect/flap-detector';
import { knetTransitions, loadSeries, readSeriesFile } from './helpers';

const MIN = 60_000;
const subject = { peer: 'pve3', link: 1 };

/** Feeds down/up cycles (down at each time, up `downMs` later) and returns the detector. */
function cycles(d: FlapDetector, starts: number[], downMs = 5000): FlapDetector {
  for (const t of starts) {
    d.push({ t, up: false });
    d.push({ t: t + downMs, up: true });
  }
  return d;
}

describe('FlapDetector (synthetic transitions)', () => {
  it('starts link_flapping at the third down→up cycle within 10 min', () => {
    const d = new FlapDetector(subject);
    d.push({ t: 0, up: true });
    cycles(d, [60_000, 120_000]);
    expect(d.conditions(130_000)).toEqual([]);
    d.push({ t: 180_000, up: false });
    expect(d.conditions(182_000)).toEqual([]); // still 2 completed cycles
    d.push({ t: 185_000, up: true });
    expect(d.conditions(185_000)).toEqual([
      expect.objectContaining({
        kind: 'link_flapping', severity: 'warning', peer: 'pve3', link: 1,
        message: 'link went down and up 3 times within 10 min',
        details: expect.objectContaining({ cycles: 3, since: 65_000, lastTransitionAt: 185_000, up: true }),
      }),
    ]);
  });

  it('ends once the link had no transition for 10 min, not earlier', () => {
    const d = cycles(new FlapDetector(subject), [0, 20_000, 40_000]);
    const last = 45_000;
    expect(d.conditions(last + 10 * MIN - 1)).toHaveLength(1);
    expect(d.conditions(last + 10 * MIN)).toEqual([]);
    expect(d.conditions(last + 11 * MIN)).toEqual([]);
  });

  it('stays on while the link keeps flapping, even when older cycles leave the window', () => {
    const d = new FlapDetector(subject);
    const starts = Array.from({ length: 12 }, (_, i) => i * 4 * MIN); // one cycle every 4 min for 44 min
    const on: boolean[] = [];
    for (const t of starts) {
      cycles(d, [t]);
      on.push(d.conditions(t + 6000).length > 0);
    }
    expect(on).toEqual([false, false, true, true, true, true, true, true, true, true, true, true]);
  });

  it('stays silent on two cycles, on cycles spread wider than the window, and on a link that just stays down', () => {
    expect(cycles(new FlapDetector(subject), [0, 30_000]).conditions(60_000)).toEqual([]);
    const wide = cycles(new FlapDetector(subject), [0, 6 * MIN, 12 * MIN, 18 * MIN]);
    expect(wide.conditions(18 * MIN + 6000)).toEqual([]);
    const down = new FlapDetector(subject);
    down.push({ t: 0, up: true });
    down.push({ t: 1000, up: false });
    expect(down.conditions(3 * MIN)).toEqual([]);
  });

  it('accepts polled states: repeats are no transitions, the first state is none', () => {
    const d = new FlapDetector(subject, { flapCount: 2 });
    const polled = [false, false, true, true, true, false, true, true]; // seen down first, up at 4 s, down 10 s, up 12 s
    polled.forEach((up, i) => d.push({ t: i * 2000, up }));
    expect(d.conditions(16_000)).toEqual([expect.objectContaining({ details: expect.objectContaining({ cycles: 2 }) })]);
  });
});

describe('FlapDetector on the recorded lab run (pve1\'s corosync.log, pve3 link1 down 5 s every 20 s, 4 times)', () => {
  const log = readSeriesFile('lab-pve1.corosync.log');
  const flaps = loadSeries('lab-link1-pve3-flaps.json');

  it('starts link_flapping at knet\'s third "link: 1 is up" for host 3 and ends 10 min after the last transition', () => {
    const tr = knetTransitions(log, 3, 1);
    expect(tr.map((x) => x.up)).toEqual([true, false, true, false, true, false, true, false, true, false, true]);
    const d = new FlapDetector(subject);
    const on: number[] = [];
    for (const x of tr) {
      d.push(x);
      if (d.conditions(x.t).length) on.push(x.t);
    }
    const ups = tr.filter((x) => x.up).map((x) => x.t);
    expect(on[0]).toBe(ups[3]); // startup "is up", then three down→up cycles: the third one starts it
    // knet noticed every "ip link set down" 1-2 s later, as the marks of the ping series show
    const downs = flaps.marks.filter((m) => m.label === 'D link1 down').map((m) => m.t);
    tr.filter((x) => !x.up).slice(0, 4).forEach((x, i) => expect(x.t - downs[i]).toBeGreaterThan(0));
    tr.filter((x) => !x.up).slice(0, 4).forEach((x, i) => expect(x.t - downs[i]).toBeLessThan(3000));
    const last = tr[tr.length - 1].t;
    expect(d.conditions(last + 10 * MIN - 1000)).toHaveLength(1);
    expect(d.conditions(last + 10 * MIN)).toEqual([]);
  });

  it('leaves link0 of host 3 alone: it went down and up once (both links down for 10 s)', () => {
    const d = new FlapDetector({ peer: 'pve3', link: 0 });
    const tr = knetTransitions(log, 3, 0);
    expect(tr.filter((x) => !x.up)).toHaveLength(1);
    for (const x of tr) d.push(x);
    expect(d.conditions(tr[tr.length - 1].t + 1000)).toEqual([]);
  });
});
