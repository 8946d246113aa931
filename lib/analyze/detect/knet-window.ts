// The mean RTT of the pings knet made between two readings of its link stats, recovered from its running average.
//
// knet (libknet/threads_heartbeat.c, process_pong) does, for every pong not older than pong_timeout:
//   latency_samples++; if (latency_samples >= latency_max_samples) latency_samples = latency_max_samples;
//   latency_ave = ((latency_ave * (latency_samples - 1)) + latency_us) / latency_samples;
// with latency_max_samples = corosync's knet_ping_precision (default 2048), and rx_pong_packets++ for every pong.
// So while samples < N it is the plain mean of all pongs; from then on ave ← a·ave + x/N with a = (N−1)/N, and
// after k pongs of mean μ: ave_now = a^k·ave_before + (1 − a^k)·μ, i.e. μ = (ave_now − ave_before·a^k) / (1 − a^k).
// A window that starts below the cap is split into the m pongs that fill it up (plain mean) and k − m after.
// Once capped, the μ recovered is the window's pongs weighted by a^(k−j) (the last 1, the first a^(k−1), ≈ 0.97
// for 66 pongs): the plain mean for a steady window, within a fraction of a percent otherwise.
//
// knet computes in integers (u32 latency_ave, integer division), and every division truncates: each pong lowers
// the average by up to 1 µs. Inverting that makes the result a LOWER BOUND of the window mean: the true mean lies
// in [result, result + N) µs (N = samples, ≤ 2048). Once capped, knet's integer average only moves down for
// samples below it (−1 µs or more each) and up for samples more than N µs above it: on a steady link it sits at
// the low edge of the RTTs, and after a high period it decays by 1–2 µs per pong, which inverts to up to 2N below
// the truth (clamped at 0 here). The result is good for "knet's pings saw 40 ms in the last minute" (congestion,
// a stall), not for sub-millisecond jitter; knetWindowBounds() gives the interval.
// Counted pongs: latency_samples' growth while below the cap (exact), rx_pong_packets' growth once at the cap
// (it also counts the rare pongs knet discards for being older than pong_timeout).

export interface KnetLatencyReading {
  ave: number | null; // latency_ave (µs)
  samples: number | null; // latency_samples
  rxPong: number | null; // rx_pong_packets
}

export const KNET_MAX_SAMPLES = 2048;

interface Window {
  mean: number;
  n: number; // the averaging depth at the end of the window
}

function solve(before: KnetLatencyReading, now: KnetLatencyReading, maxSamples: number): Window | null {
  const { ave: aveB, samples: sB0, rxPong: pB } = before;
  const { ave: aveN, samples: sN0, rxPong: pN } = now;
  if (aveB === null || sB0 === null || pB === null || aveN === null || sN0 === null || pN === null) return null;
  if (sN0 < sB0 || pN < pB) return null; // counters reset (corosync restart, link re-added, stats cleared)
  const M = maxSamples;
  const sB = Math.min(sB0, M);
  const sN = Math.min(sN0, M);
  if (sN < M) {
    const k = sN - sB;
    return k > 0 ? { mean: Math.max(0, (aveN * sN - aveB * sB) / k), n: sN } : null;
  }
  const k = pN - pB;
  if (k <= 0) return null;
  const m = Math.min(M - sB, k); // pongs that filled the average up to the cap
  const a = (M - 1) / M;
  const A = a ** (k - m);
  // ave_cap = (aveB·sB + m·μ)/M; aveN = A·ave_cap + (1 − A)·μ
  const mean = (aveN - (A * aveB * sB) / M) / ((A * m) / M + 1 - A);
  return Number.isFinite(mean) ? { mean: Math.max(0, mean), n: M } : null;
}

/**
 * Mean RTT (µs) of the pongs knet counted between two stats readings of one link; null when no pong was counted,
 * a counter went backwards or an input is missing. Exact for real arithmetic (see above); for knet's integer
 * arithmetic a lower bound, see knetWindowBounds.
 */
export function knetWindowMean(before: KnetLatencyReading, now: KnetLatencyReading, maxSamples = KNET_MAX_SAMPLES): number | null {
  return solve(before, now, maxSamples)?.mean ?? null;
}

/** [low, high): where the window's true mean lies given knet's truncating integer average. */
export function knetWindowBounds(
  before: KnetLatencyReading, now: KnetLatencyReading, maxSamples = KNET_MAX_SAMPLES,
): { low: number; high: number } | null {
  const w = solve(before, now, maxSamples);
  return w ? { low: w.mean, high: w.mean + w.n } : null;
}
