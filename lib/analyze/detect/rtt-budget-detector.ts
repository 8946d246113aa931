// rtt_high: the link's RTT is over the cluster-network budget for a while, not for one sample. One instance per
// observer × peer × link. The median of the answered samples of the last windowMs (5 s = ~25 samples at 5 Hz)
// is judged: above rttWarnUs → warning, above rttCritUs → critical (escalation is immediate). A level is left
// only after the median stayed below leaveFactor (0.8) × its threshold for leaveHoldMs (10 s).
// Without answered samples (all lost) the level is kept for leaveHoldMs, then dropped: the RTT is no longer
// known, and packet_loss says what is wrong. While knet sees the link down (push(sample, true)) there is no
// rtt_high and the window is emptied: the first replies after the link returns were queued behind ARP
// resolution (~1 s RTT in the lab) and would otherwise make the median of a half-empty window.
import type { Detector, DetectorSubject, Finding, RttSample, Thresholds } from './types';
import { DEFAULT_THRESHOLDS } from './types';
import { fmtUs, LevelGate, makeFinding, median, SEVERITY } from './util';

export interface RttBudgetOptions {
  windowMs: number; // default 5000
  minSamples: number; // answered samples in the window needed to judge (default 5)
  leaveFactor: number; // default 0.8
  leaveHoldMs: number; // default 10000
}

export const DEFAULT_RTT_BUDGET_OPTIONS: RttBudgetOptions = { windowMs: 5000, minSamples: 5, leaveFactor: 0.8, leaveHoldMs: 10_000 };

export class RttBudgetDetector implements Detector<[RttSample, boolean?]> {
  private readonly th: Thresholds;
  private readonly opt: RttBudgetOptions;
  private readonly gate: LevelGate;
  private samples: RttSample[] = []; // answered samples of the window, oldest first
  private lastMedianUs: number | null = null;
  private lastAnswered: number | null = null;

  constructor(
    private readonly subject: DetectorSubject,
    thresholds: Partial<Thresholds> = {},
    options: Partial<RttBudgetOptions> = {},
  ) {
    this.th = { ...DEFAULT_THRESHOLDS, ...thresholds };
    this.opt = { ...DEFAULT_RTT_BUDGET_OPTIONS, ...options };
    this.gate = new LevelGate(this.th.rttWarnUs, this.th.rttCritUs, this.opt.leaveFactor, this.opt.leaveHoldMs);
  }

  /** linkDown: knet currently sees this link down. rtt_high is a condition only: push never returns instants. */
  push(s: RttSample, linkDown = false): Finding[] {
    if (linkDown) {
      this.samples = [];
      this.gate.reset();
      this.lastMedianUs = null;
      return [];
    }
    if (s.rttUs !== null) {
      this.samples.push(s);
      this.lastAnswered = s.t;
    }
    // a median per sample costs more than it tells at 5 samples/s × hundreds of links: judge once a second
    if (s.t - this.judgedAt >= 1000) this.judge(s.t);
    return [];
  }

  conditions(now: number): Finding[] {
    this.judge(now);
    const level = this.gate.level;
    if (level === 0) return [];
    const thresholdUs = level === 2 ? this.th.rttCritUs : this.th.rttWarnUs;
    const med = this.lastMedianUs ?? thresholdUs;
    return [
      makeFinding(
        this.subject, 'rtt_high', SEVERITY[level],
        `RTT median ${fmtUs(med)} over ${this.opt.windowMs / 1000} s (budget ${fmtUs(thresholdUs)})`, now,
        { medianUs: Math.round(med), thresholdUs, windowMs: this.opt.windowMs, samples: this.samples.length },
      ),
    ];
  }

  flush(_now: number): Finding[] {
    return [];
  }

  private judgedAt = -Infinity;

  private judge(now: number): void {
    this.judgedAt = now;
    const from = now - this.opt.windowMs;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop].t <= from) drop++;
    if (drop > 0) this.samples = this.samples.slice(drop);
    if (this.samples.length >= this.opt.minSamples) {
      this.lastMedianUs = median(this.samples.map((x) => x.rttUs!));
      this.gate.update(this.lastMedianUs, now);
    } else if (this.gate.level > 0 && this.lastAnswered !== null && now - this.lastAnswered >= this.opt.leaveHoldMs) {
      this.gate.reset();
      this.lastMedianUs = null;
    }
  }
}
