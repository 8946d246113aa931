// Shared shapes of the detectors in lib/analyze/detect. Detectors are pure: every input carries its time
// (ms since epoch) and nothing reads a clock or does I/O. Each detector keeps what it needs of the past.
//
// A detector reports two things:
// - conditions(): what is wrong right now (an open event while it lasts). The caller turns these into events
//   with a start and an end through the EventTracker, which gives hysteresis for free: a condition that stays
//   reported keeps its one event. A detector adds its own hysteresis (enter/leave thresholds, hold times) so a
//   condition does not blink on and off around a threshold.
// - instants returned from push(): things that happen at a moment (a jitter spike, an MTU change), each
//   reported once; repeats within the detector's quiet period are folded into one.

export type Severity = 'info' | 'warning' | 'critical';

export interface Finding {
  kind: string;
  severity: Severity;
  peer: string | null;
  link: number | null;
  sub?: string;
  message: string;
  details?: Record<string, unknown>;
  at: number; // when it happened (ms)
}

/** One round trip measured by corowatch's own ping over a link's own addresses; rttUs null = lost. */
export interface RttSample {
  t: number;
  rttUs: number | null;
}

export interface Thresholds {
  rttWarnUs: number; // default 2000 (2 ms, the cluster-network budget)
  rttCritUs: number; // default 5000
  jitterK: number; // a spike is > median + k·MAD of the rolling baseline … (default 6)
  jitterFloorUs: number; // … and > baseline median + this absolute floor (default 1000)
  jitterBaselineWindow: number; // samples in the rolling baseline (default 150 = 30 s at 5 Hz)
  flapCount: number; // default 3 down/up cycles …
  flapWindowMs: number; // … within 10 min
  lossWarnPct: number; // default 5 % over the loss window
  lossCritPct: number; // default 20 %
  lossWindowMs: number; // default 10 s
}

export const DEFAULT_THRESHOLDS: Thresholds = {
  rttWarnUs: 2000,
  rttCritUs: 5000,
  jitterK: 6,
  jitterFloorUs: 1000,
  jitterBaselineWindow: 150,
  flapCount: 3,
  flapWindowMs: 10 * 60_000,
  lossWarnPct: 5,
  lossCritPct: 20,
  lossWindowMs: 10_000,
};

/** Who a detector instance watches, as the caller names it: the observing node is the caller's (it owns one
 * detector set per node), so findings only carry the peer and the knet link. */
export interface DetectorSubject {
  peer: string | null;
  link: number | null;
}

/** The common face of every detector in this folder. push()'s input differs per detector; flush(now) hands over
 * folded instants whose quiet period has ended when no further input arrived to close them. */
export interface Detector<I extends unknown[]> {
  push(...input: I): Finding[];
  conditions(now: number): Finding[];
  flush(now: number): Finding[];
}
