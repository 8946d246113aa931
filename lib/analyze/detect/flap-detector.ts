// link_flapping: a knet link that keeps going down and coming back. One instance per observer × peer × link, fed
// with the link's state as knet reports it: either transitions (log lines "host: 3 link: 0 is down/up") or
// polled states (cfgtool/cmap connected); a repeated state is no transition, the first state seen is none either.
// The condition starts once flapCount down→up cycles (counted at the "up") lie within flapWindowMs and ends when
// the link had no transition for flapWindowMs. A link that goes down and stays down is link_down, not flapping.
import type { Detector, DetectorSubject, Finding, Thresholds } from './types';
import { DEFAULT_THRESHOLDS } from './types';
import { makeFinding } from './util';

export interface LinkState {
  t: number;
  up: boolean;
}

export class FlapDetector implements Detector<[LinkState]> {
  private readonly th: Thresholds;
  private state: boolean | null = null;
  private cycles: number[] = []; // times of down→up transitions within the window
  private lastTransition: number | null = null;
  private since: number | null = null; // when the current flapping condition began
  private peakCycles = 0;

  constructor(private readonly subject: DetectorSubject, thresholds: Partial<Thresholds> = {}) {
    this.th = { ...DEFAULT_THRESHOLDS, ...thresholds };
  }

  /** link_flapping is a condition only: push never returns instants. */
  push(s: LinkState): Finding[] {
    if (this.state !== null && s.up !== this.state) {
      this.lastTransition = s.t;
      if (s.up) this.cycles.push(s.t);
    }
    this.state = s.up;
    this.judge(s.t);
    return [];
  }

  conditions(now: number): Finding[] {
    this.judge(now);
    if (this.since === null) return [];
    const min = Math.round(this.th.flapWindowMs / 60_000);
    const n = Math.max(this.cycles.length, this.peakCycles);
    return [
      makeFinding(
        this.subject, 'link_flapping', 'warning',
        `link went down and up ${n} times within ${min} min`, now,
        {
          cycles: this.cycles.length, peakCycles: this.peakCycles, windowMs: this.th.flapWindowMs, since: this.since,
          lastTransitionAt: this.lastTransition, up: this.state,
        },
      ),
    ];
  }

  flush(_now: number): Finding[] {
    return [];
  }

  private judge(now: number): void {
    const from = now - this.th.flapWindowMs;
    while (this.cycles.length > 0 && this.cycles[0] <= from) this.cycles.shift();
    if (this.since === null) {
      if (this.cycles.length >= this.th.flapCount) {
        this.since = this.cycles[0];
        this.peakCycles = this.cycles.length;
      }
      return;
    }
    this.peakCycles = Math.max(this.peakCycles, this.cycles.length);
    if (this.lastTransition !== null && now - this.lastTransition >= this.th.flapWindowMs) {
      this.since = null;
      this.peakCycles = 0;
    }
  }
}
