import { describe, expect, it } from 'vitest';
import { knetWindowBounds, knetWindowMean, type KnetLatencyReading } from '@/lib/analyze/detect/knet-window';
import { loadSeries, readSeriesFile, rng } from './helpers';

// knet's running average as libknet/threads_heartbeat.c process_pong() computes it, per pong:
//   samples++; if (samples >= max) samples = max; ave = (ave * (samples - 1) + x) / samples
// `integer` reproduces its u32 arithmetic (truncating division), otherwise real arithmetic.
class KnetSim {
  ave = 0;
  samples = 0;
  rxPong = 0;
  constructor(private readonly integer: boolean, private readonly max = 2048) {}
  pong(us: number): void {
    const x = this.integer ? Math.floor(us) : us;
    this.rxPong++;
    this.samples = Math.min(this.samples + 1, this.max);
    const v = (this.ave * (this.samples - 1) + x) / this.samples;
    this.ave = this.integer ? Math.floor(v) : v;
  }
  reading(): KnetLatencyReading {
    return { ave: this.ave, samples: this.samples, rxPong: this.rxPong };
  }
}

const healthy = (r: () => number) => 60 + 40 * r() + (r() < 0.02 ? 3000 * r() : 0); // ~80 µs, rare spikes

/** Runs `count` pongs drawn by gen through sim and returns [before, after, true mean, pongs]. */
function window(sim: KnetSim, count: number, gen: () => number): [KnetLatencyReading, KnetLatencyReading, number, number[]] {
  const before = sim.reading();
  const xs: number[] = [];
  for (let i = 0; i < count; i++) {
    const x = gen();
    xs.push(x);
    sim.pong(x);
  }
  return [before, sim.reading(), xs.reduce((a, b) => a + b, 0) / count, xs];
}

/** Within 1 % of the plain mean. Once capped the inversion is exactly the mean weighted by a^(k-j) (the last
 * pong weighs 1, the first a^(k-1) ≈ 0.97 for 66 pongs): equal to the plain mean for a steady window. */
const near = (got: number | null, mean: number) => {
  expect(got).not.toBeNull();
  expect(Math.abs(got! - mean)).toBeLessThan(0.01 * mean);
};
const weighted = (xs: number[], n = 2048) => {
  const a = (n - 1) / n;
  let s = 0, w = 0;
  xs.forEach((x, j) => { const f = a ** (xs.length - 1 - j); s += f * x; w += f; });
  return s / w;
};

describe('knetWindowMean against a simulated knet running average (real arithmetic)', () => {
  const r = rng(7);
  const sim = new KnetSim(false);

  it('is exact while the average is still a plain mean (samples < 2048)', () => {
    window(sim, 300, () => healthy(r));
    const [b, a, mean] = window(sim, 60, () => healthy(r));
    expect(a.samples).toBe(360);
    expect(knetWindowMean(b, a)).toBeCloseTo(mean, 6); // exactly the plain mean below the cap
  });

  it('is exact across the window where the sample count reaches the 2048 cap', () => {
    window(sim, 1600, () => healthy(r));
    const [b, a, mean] = window(sim, 400, () => 20_000 + 5000 * r()); // congestion while the cap is reached
    expect(b.samples).toBe(1960);
    expect(a.samples).toBe(2048);
    near(knetWindowMean(b, a), mean);
  });

  it('is exact for a capped average: a 20 ms spike window that barely moves latency_ave', () => {
    window(sim, 5000, () => healthy(r));
    const [b, a, mean, xs] = window(sim, 66, () => 20_000 + 2000 * r()); // ~1 min of knet pings at ~0.9 s
    expect(a.ave! - b.ave!).toBeLessThan(0.04 * mean); // knet's own average moved by ~3 % of the spike
    near(knetWindowMean(b, a), mean);
    expect(knetWindowMean(b, a)).toBeCloseTo(weighted(xs), 6);
    const [b2, a2, mean2, xs2] = window(sim, 66, () => healthy(r));
    near(knetWindowMean(b2, a2), mean2); // and back to a healthy window
    expect(knetWindowMean(b2, a2)).toBeCloseTo(weighted(xs2), 6);
    const [b3, a3, mean3] = window(sim, 3, () => 5000); // a short window works too
    near(knetWindowMean(b3, a3), mean3);
  });

  it('returns null without pongs, after a counter reset, or with missing inputs', () => {
    const x = sim.reading();
    expect(knetWindowMean(x, x)).toBeNull();
    expect(knetWindowMean(x, { ...x, rxPong: x.rxPong! - 5 })).toBeNull();
    expect(knetWindowMean({ ave: 80, samples: 500, rxPong: 500 }, { ave: 80, samples: 10, rxPong: 10 })).toBeNull();
    expect(knetWindowMean({ ...x, ave: null }, { ...x, rxPong: x.rxPong! + 3 })).toBeNull();
    expect(knetWindowMean({ ave: 0, samples: 0, rxPong: 0 }, { ave: 90, samples: 0, rxPong: 0 })).toBeNull();
  });
});

describe('knetWindowMean with knet\'s truncating integer arithmetic', () => {
  it('gives a lower bound within N µs of the true window mean, in every window', () => {
    const r = rng(11);
    const sim = new KnetSim(true);
    let checked = 0;
    for (let w = 0; w < 120; w++) {
      const congested = w % 10 === 7;
      const [b, a, mean] = window(sim, 40 + Math.floor(60 * r()), () => (congested ? 30_000 + 20_000 * r() : healthy(r)));
      const bounds = knetWindowBounds(b, a)!;
      expect(bounds.low).toBeLessThanOrEqual(mean + 1e-6);
      expect(bounds.high).toBeGreaterThan(mean);
      expect(bounds.high - bounds.low).toBeLessThanOrEqual(2048);
      if (congested && a.samples === 2048) {
        expect(Math.abs(knetWindowMean(b, a)! - mean)).toBeLessThan(0.1 * mean); // a 40 ms window is plain to see
      }
      checked++;
    }
    expect(checked).toBe(120);
  });

  it('shows why: once capped, knet\'s integer average only falls for samples below it', () => {
    const sim = new KnetSim(true);
    for (let i = 0; i < 3000; i++) sim.pong(i % 2 ? 100 : 300); // true mean 200
    expect(sim.ave).toBeLessThan(110); // ratcheted down to the low samples, not 200
    const [b, a, mean] = window(sim, 10, () => 300); // a steady window above it: nothing moves
    expect(a.ave).toBe(b.ave);
    expect(knetWindowMean(b, a)).toBeCloseTo(b.ave!, 6); // the lower bound is knet's average itself
    expect(knetWindowBounds(b, a)!.high).toBeGreaterThan(mean);
  });

  it('after a high period a capped average decays by whole µs per pong: the bound is wide, and clamped at 0', () => {
    const sim = new KnetSim(true);
    for (let i = 0; i < 2100; i++) sim.pong(3000);
    const [b, a, mean] = window(sim, 10, () => 300); // true 300 µs; real arithmetic would give exactly 300
    expect(a.ave! - b.ave!).toBe(-20); // -2 per pong (floor of -1.32)
    expect(knetWindowMean(b, a)).toBe(0); // ~ -1100 before clamping
    const bounds = knetWindowBounds(b, a)!;
    expect(bounds.low).toBeLessThanOrEqual(mean);
    expect(bounds.high).toBeGreaterThan(mean);
  });
});

describe('knetWindowMean on knet stats recorded in the lab (pve1 → pve3 link0, same run as the ping series)', () => {
  // rows [ms since t0, latency_ave, latency_samples, rx_pong_packets, connected], read every ~1 s; knet pinged ~1/s
  const k = JSON.parse(readSeriesFile('lab-knet-stats-pve1.json')) as { t0: number; links: Record<string, number[][]> };
  const rows = k.links['3/0'];
  const pings = new Map<number, number | null>();
  for (const f of ['lab-link0-pve3-spikes.json', 'lab-link0-pve3-rtt-high.json', 'lab-link0-pve3-loss.json']) {
    for (const s of loadSeries(f).samples) pings.set(s.t, s.rttUs);
  }
  const windows: Array<{ ave: number; est: number | null; ping: number | null }> = [];
  for (let i = 0; i + 10 < rows.length; i += 10) {
    const [t1, ave1, s1, p1] = rows[i];
    const [t2, ave2, s2, p2] = rows[i + 10];
    const xs = [...pings].filter(([t, r]) => t >= k.t0 + t1 && t < k.t0 + t2 && r !== null).map(([, r]) => r!);
    windows.push({
      ave: ave2, est: knetWindowMean({ ave: ave1, samples: s1, rxPong: p1 }, { ave: ave2, samples: s2, rxPong: p2 }),
      ping: xs.length > 20 ? xs.reduce((a, b) => a + b, 0) / xs.length : null,
    });
  }

  it('recovers the RTT of the flood windows that knet\'s own latency_ave hides', () => {
    const flood = windows.filter((w) => w.ping !== null && w.ping > 5000);
    expect(flood.length).toBeGreaterThanOrEqual(3);
    for (const w of flood) {
      expect(w.est).not.toBeNull();
      expect(Math.abs(w.est! - w.ping!) / w.ping!).toBeLessThan(0.25); // measured: within 2-12 %
      expect(w.ave).toBeLessThan(w.ping! / 2 + 1000); // the running average lags far behind
    }
  });

  it('says the link is back to sub-millisecond right after the flood while latency_ave still shows ~2-3 ms', () => {
    const lastFlood = windows.map((w) => w.ping !== null && w.ping > 5000).lastIndexOf(true);
    const after = windows.slice(lastFlood + 1).filter((w) => w.ping !== null && w.ave > 1500);
    expect(after.length).toBeGreaterThanOrEqual(10);
    for (const w of after) {
      expect(w.ping!).toBeLessThan(1000);
      expect(w.est!).toBeLessThan(1000); // knet's own pings (userspace, crypto) take ~0.2-0.6 ms here
    }
  });
});
