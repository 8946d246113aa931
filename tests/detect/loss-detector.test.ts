import { describe, expect, it } from 'vitest';
import { LossDetector } from '@/lib/analyze/detect/loss-detector';
import type { RttSample } from '@/lib/analyze/detect/types';
import { conditionSpans, knetTransitions, loadSeries, markAt, readSeriesFile, rng, synth } from './helpers';

const subject = { peer: 'pve3', link: 0 };

function spans(samples: RttSample[], linkDown: (t: number) => boolean = () => false, d = new LossDetector(subject)) {
  return conditionSpans(samples, (s) => d.push(s, linkDown(s.t)), (now) => d.conditions(now));
}
const lossy = (pct: number, seed: number) => {
  const r = rng(seed);
  return () => (r() * 100 < pct ? null : 90);
};

describe('LossDetector on synthetic series', () => {
  it('is critical at 30 % loss, warning at 10 %, silent at 0.3 % and 0 %', () => {
    expect(spans(synth(0, 120, lossy(30, 1)))).toEqual([expect.objectContaining({ severity: 'critical', end: null })]);
    const d = new LossDetector(subject);
    const ten = synth(0, 120, lossy(10, 2));
    expect(spans(ten, () => false, d)).toEqual([expect.objectContaining({ start: 5000, end: null })]); // one, no blinking
    expect(d.conditions(120_000)[0].severity).toBe('warning');
    expect(spans(synth(0, 600, lossy(0.3, 3)))).toEqual([]);
    expect(spans(synth(0, 600, () => 90))).toEqual([]);
  });

  it('names share, counts and window', () => {
    const d = new LossDetector(subject);
    synth(0, 20, (_t, i) => (i % 4 === 0 ? null : 90)).forEach((s) => d.push(s));
    expect(d.conditions(20_000)).toEqual([
      expect.objectContaining({
        kind: 'packet_loss', severity: 'critical', peer: 'pve3', link: 0, message: '24 % of pings lost over 10 s (12/49)',
        details: { lossPct: 24.5, lost: 12, sent: 49, windowMs: 10_000 },
      }),
    ]);
  });

  it('keeps one condition through 3 min of 8 % random loss and leaves once 30 s are below 2.5 % for 5 s', () => {
    const loss = lossy(8, 4);
    const samples = synth(0, 300, (t) => (t < 180_000 ? loss() : 90));
    const got = spans(samples);
    expect(got.length).toBe(1);
    expect(got[0].end).not.toBeNull();
    expect(got[0].end!).toBeGreaterThan(180_000 + 15_000);
    expect(got[0].end!).toBeLessThan(180_000 + 30_000 + 5000 + 2000);
  });

  it('leaves a link that knet declares down to link_down, also after it is back', () => {
    // 1.6 s of losses before knet notices, 20 s down, then answers again
    const samples = synth(0, 80, (t) => (t >= 30_000 && t < 51_600 ? null : 90));
    const down = (t: number) => t >= 31_600 && t < 51_600;
    expect(spans(samples, down)).toEqual([]);
  });

  it('reports an outage knet does not see (pings lost, link "up") once it is 8 s old', () => {
    const samples = synth(0, 60, (t) => (t >= 30_000 ? null : 90));
    const got = spans(samples);
    expect(got).toHaveLength(1);
    expect(got[0].severity).toBe('critical');
    expect(got[0].start).toBeGreaterThanOrEqual(38_000);
    expect(got[0].start).toBeLessThanOrEqual(39_000);
  });

  it('counts losses followed by an answer at once (a 2 s gap is 20 % of the window)', () => {
    const got = spans(synth(0, 40, (t) => (t >= 20_000 && t < 22_000 ? null : 90)));
    expect(got).toHaveLength(1);
    expect(got[0].start).toBeLessThanOrEqual(23_000);
  });
});

describe('LossDetector on recorded lab series', () => {
  it('stays silent on 5 healthy minutes of link0 and link1 (pve1→pve2) and through the flood spikes', () => {
    for (const name of ['lab-link0-pve2-healthy.json', 'lab-link1-pve2-healthy.json', 'lab-link0-pve3-spikes.json']) {
      expect(spans(loadSeries(name).samples), name).toEqual([]);
    }
  });

  it('is critical at 30 % drop, then warning-level at 8 %, and ends after the drop rule is gone', () => {
    const s = loadSeries('lab-link0-pve3-loss.json');
    const d = new LossDetector(subject);
    const levelAt = new Map<number, string | null>();
    conditionSpans(s.samples, (x) => d.push(x), (now) => {
      const c = d.conditions(now);
      levelAt.set(now, c[0]?.severity ?? null);
      return c;
    });
    const at = (t: number) => levelAt.get([...levelAt.keys()].reduce((a, b) => (Math.abs(b - t) < Math.abs(a - t) ? b : a)));
    expect(at(markAt(s, 'C loss 30') - 2000)).toBeNull();
    expect(at(markAt(s, 'C loss 30') + 15_000)).toBe('critical');
    expect(at(markAt(s, 'C loss 8') - 1000)).toBe('critical');
    // 8 % is below the 10 % that keeps critical (0.5 × 20 %): once the 30 s leave window holds only the 8 % phase
    // (+30 s) for the 5 s hold, critical drops to warning
    expect(at(markAt(s, 'C loss 8') + 25_000)).toBe('critical');
    expect(at(markAt(s, 'C loss 8') + 38_000)).toBe('warning');
    expect(at(markAt(s, 'C loss off') - 1000)).toBe('warning');
    // and it ends when the 30 s window is below 2.5 % for 5 s: ~25-35 s after the last drop
    expect(at(markAt(s, 'C loss off') + 20_000)).toBe('warning');
    expect(at(markAt(s, 'C loss off') + 35_000)).toBeNull();
  });

  it('does not turn the link1 flaps into packet_loss when told (by knet\'s log lines) that the link is down', () => {
    const s = loadSeries('lab-link1-pve3-flaps.json');
    const tr = knetTransitions(readSeriesFile('lab-pve1.corosync.log'), 3, 1);
    const down = (t: number) => tr.filter((x) => x.t <= t).at(-1)?.up === false;
    expect(s.samples.filter((x) => x.rttUs === null).length).toBeGreaterThan(80); // 4 × 5 s of lost pings
    expect(spans(s.samples, down)).toEqual([]);
    // without knet's view each outage is packet loss (the ~1.8 s before knet notices, then the outage)
    expect(spans(s.samples).length).toBeGreaterThanOrEqual(1);
  });
});
