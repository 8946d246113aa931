import { describe, expect, it } from 'vitest';
import { RttBudgetDetector } from '@/lib/analyze/detect/rtt-budget-detector';
import type { RttSample } from '@/lib/analyze/detect/types';
import { conditionSpans, knetTransitions, loadSeries, markAt, readSeriesFile, rng, synth } from './helpers';

const subject = { peer: 'pve3', link: 0 };

function spans(samples: RttSample[], d = new RttBudgetDetector(subject), linkDown: (t: number) => boolean = () => false) {
  return conditionSpans(samples, (s) => d.push(s, linkDown(s.t)), (now) => d.conditions(now));
}

describe('RttBudgetDetector on synthetic series', () => {
  it('raises a warning above 2 ms, escalates above 5 ms and leaves 10 s after the median fell below 0.8×', () => {
    const r = rng(1);
    const level = (t: number) => (t < 30_000 ? 100 : t < 60_000 ? 3000 : t < 90_000 ? 8000 : t < 120_000 ? 100 : 100);
    const samples = synth(0, 180, (t) => Math.round(level(t) * (0.9 + 0.2 * r())));
    const got = spans(samples);
    expect(got).toHaveLength(1);
    const [s] = got;
    expect(s.severity).toBe('critical');
    expect(s.start).toBeGreaterThanOrEqual(30_000);
    expect(s.start).toBeLessThanOrEqual(34_000); // the 5 s median crosses 2 ms after ~2.5 s
    expect(s.end).toBeGreaterThanOrEqual(90_000 + 10_000);
    expect(s.end).toBeLessThanOrEqual(90_000 + 15_000);
  });

  it('reports the level it is at, with the median and the threshold', () => {
    const d = new RttBudgetDetector(subject);
    synth(0, 20, () => 3500).forEach((s) => d.push(s));
    expect(d.conditions(20_000)).toEqual([
      expect.objectContaining({
        kind: 'rtt_high', severity: 'warning', peer: 'pve3', link: 0, message: 'RTT median 3.5 ms over 5 s (budget 2.0 ms)',
        details: expect.objectContaining({ medianUs: 3500, thresholdUs: 2000 }),
      }),
    ]);
    synth(20_000, 10, () => 9000).forEach((s) => d.push(s));
    expect(d.conditions(30_000)[0]).toMatchObject({ severity: 'critical', details: { thresholdUs: 5000 } });
    synth(30_000, 11, () => 3000).forEach((s) => d.push(s)); // 3 ms < 0.8 × 5 ms for 10 s: back to warning
    expect(d.conditions(41_000)[0]).toMatchObject({ severity: 'critical' });
    synth(41_000, 5, () => 3000).forEach((s) => d.push(s));
    expect(d.conditions(46_000)[0]).toMatchObject({ severity: 'warning' });
  });

  it('does not blink while the median hovers around the 2 ms budget', () => {
    const r = rng(2);
    const samples = synth(0, 300, () => Math.round(1700 + 600 * r())); // 1.7–2.3 ms
    const got = spans(samples);
    expect(got.length).toBeLessThanOrEqual(1);
  });

  it('ignores single spikes and short bursts (the median does not move)', () => {
    const r = rng(3);
    const samples = synth(0, 120, (t) => (t % 10_000 >= 5000 && t % 10_000 < 5800 ? 40_000 : Math.round(80 + 40 * r()))); // 4 of 50
    expect(spans(samples)).toEqual([]);
  });

  it('drops the condition 10 s after the last answered sample when only losses follow', () => {
    const d = new RttBudgetDetector(subject);
    synth(0, 20, () => 6000).forEach((s) => d.push(s));
    synth(20_000, 9, () => null).forEach((s) => d.push(s)); // last answer at 19.8 s
    expect(d.conditions(29_000)).toHaveLength(1);
    expect(d.conditions(29_800)).toEqual([]);
  });
});

describe('RttBudgetDetector on recorded lab series', () => {
  it('stays silent on 5 healthy minutes of link0 and link1 (pve1→pve2)', () => {
    for (const name of ['lab-link0-pve2-healthy.json', 'lab-link1-pve2-healthy.json']) {
      expect(spans(loadSeries(name).samples), name).toEqual([]);
    }
  });

  it('stays silent through the 0.5 s flood spikes', () => {
    expect(spans(loadSeries('lab-link0-pve3-spikes.json').samples)).toEqual([]);
  });

  it('raises one critical rtt_high during the sustained flood and ends it after the flood', () => {
    const s = loadSeries('lab-link0-pve3-rtt-high.json');
    const got = spans(s.samples);
    expect(got).toHaveLength(1);
    const [x] = got;
    expect(x.severity).toBe('critical');
    expect(x.start - markAt(s, 'C flood start')).toBeGreaterThanOrEqual(0);
    expect(x.start - markAt(s, 'C flood start')).toBeLessThan(5000);
    expect(x.end).not.toBeNull();
    expect(x.end! - markAt(s, 'C flood end')).toBeGreaterThanOrEqual(10_000);
    expect(x.end! - markAt(s, 'C flood end')).toBeLessThan(20_000);
  });

  it('has no rtt_high around the link1 flaps when told knet\'s view (the ARP-queued replies come before "up")', () => {
    const s = loadSeries('lab-link1-pve3-flaps.json');
    const tr = knetTransitions(readSeriesFile('lab-pve1.corosync.log'), 3, 1);
    const down = (t: number) => tr.filter((x) => x.t <= t).at(-1)?.up === false;
    expect(spans(s.samples, new RttBudgetDetector(subject), down)).toEqual([]);
    expect(spans(s.samples).length).toBeGreaterThanOrEqual(1); // without it: 1 s replies in a half-empty window
  });
});
