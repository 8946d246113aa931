// packet_loss: the share of lost pings (rttUs null) over the last lossWindowMs. One instance per observer × peer
// × link. Above lossWarnPct → warning, above lossCritPct → critical (escalation at once). A level is left once
// the share over the longer leaveWindowMs (30 s) stayed below leaveFactor × its threshold for leaveHoldMs: 50
// pings in 10 s are a noisy estimate, and random loss near a threshold would otherwise open and close events.
//
// A link that is down is link_down's to report, not this detector's. The caller passes knet's view with every
// sample (push(sample, linkDown)): while down nothing is counted and the window is cleared, so the pings lost
// before knet noticed do not raise packet_loss after the link is back. knet needs 1–6 s to notice, so a trailing
// run of losses (no answer since) is not counted until it is outageGraceMs old: if knet declares the link down
// meanwhile, it never was packet loss. Losses followed by an answer are counted at once.
import type { Detector, DetectorSubject, Finding, RttSample, Thresholds } from './types';
import { DEFAULT_THRESHOLDS } from './types';
import { LevelGate, makeFinding, SEVERITY } from './util';

export interface LossOptions {
  minSamples: number; // decided samples in the window needed to judge (default 20 = 4 s at 5 Hz)
  leaveFactor: number; // default 0.5
  leaveWindowMs: number; // leaving is judged on the share over this longer window (default 30000)
  leaveHoldMs: number; // default 5000
  outageGraceMs: number; // a trailing all-lost run counts once this old (default 8000)
}

export const DEFAULT_LOSS_OPTIONS: LossOptions = {
  minSamples: 20, leaveFactor: 0.5, leaveWindowMs: 30_000, leaveHoldMs: 5000, outageGraceMs: 8000,
};

export class LossDetector implements Detector<[RttSample, boolean?]> {
  private readonly th: Thresholds;
  private readonly opt: LossOptions;
  private readonly gate: LevelGate;
  private window: RttSample[] = [];
  private down = false;
  private last = { lost: 0, sent: 0, pct: 0 };

  constructor(
    private readonly subject: DetectorSubject,
    thresholds: Partial<Thresholds> = {},
    options: Partial<LossOptions> = {},
  ) {
    this.th = { ...DEFAULT_THRESHOLDS, ...thresholds };
    this.opt = { ...DEFAULT_LOSS_OPTIONS, ...options };
    this.gate = new LevelGate(this.th.lossWarnPct, this.th.lossCritPct, this.opt.leaveFactor, this.opt.leaveHoldMs);
  }

  /** linkDown: knet (cfgtool/cmap) currently sees this link down. packet_loss is a condition: no instants. */
  push(s: RttSample, linkDown = false): Finding[] {
    if (linkDown) {
      this.down = true;
      this.window = [];
      this.gate.reset();
      return [];
    }
    this.down = false;
    this.window.push(s);
    this.judge(s.t);
    return [];
  }

  conditions(now: number): Finding[] {
    if (this.down) return [];
    this.judge(now);
    const level = this.gate.level;
    if (level === 0) return [];
    const { lost, sent, pct } = this.last;
    return [
      makeFinding(
        this.subject, 'packet_loss', SEVERITY[level],
        `${pct.toFixed(pct < 10 ? 1 : 0)} % of pings lost over ${this.th.lossWindowMs / 1000} s (${lost}/${sent})`, now,
        { lossPct: Math.round(pct * 10) / 10, lost, sent, windowMs: this.th.lossWindowMs },
      ),
    ];
  }

  flush(_now: number): Finding[] {
    return [];
  }

  private judge(now: number): void {
    const horizon = Math.max(this.th.lossWindowMs, this.opt.leaveWindowMs);
    let drop = 0;
    while (drop < this.window.length && this.window[drop].t <= now - horizon) drop++;
    if (drop > 0) this.window = this.window.slice(drop);
    if (this.window.length === 0) return this.gate.reset(); // no samples at all: nothing to claim

    let lastAnswer = -1;
    for (let i = this.window.length - 1; i >= 0; i--) if (this.window[i].rttUs !== null) { lastAnswer = i; break; }
    const trailing = this.window.length - 1 - lastAnswer; // lost samples after the last answer
    const countTrailing = trailing > 0 && now - this.window[lastAnswer + 1].t >= this.opt.outageGraceMs;
    const decided = countTrailing ? this.window.length : lastAnswer + 1;
    const count = (windowMs: number) => {
      let sent = 0;
      let lost = 0;
      for (let i = 0; i < decided; i++) {
        if (this.window[i].t <= now - windowMs) continue;
        sent++;
        if (this.window[i].rttUs === null) lost++;
      }
      return { sent, lost, pct: sent ? (100 * lost) / sent : 0 };
    };
    const short = count(this.th.lossWindowMs);
    if (short.sent < this.opt.minSamples) return;
    this.last = short;
    this.gate.update(short.pct, now, count(this.opt.leaveWindowMs).pct);
  }
}
