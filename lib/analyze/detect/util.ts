// Small helpers shared by the detectors: robust statistics, a two-level gate with leave hysteresis, a held flag.
import type { DetectorSubject, Finding, Severity } from './types';

/** Median of the values (copies and sorts them); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median absolute deviation around `med`, scaled by 1.4826 so it estimates σ for normal data. */
export function scaledMad(values: readonly number[], med: number): number {
  return 1.4826 * median(values.map((v) => Math.abs(v - med)));
}

/** "1.23 ms" above a millisecond, "456 µs" below. */
export function fmtUs(us: number): string {
  return us >= 1000 ? `${(us / 1000).toFixed(us >= 10_000 ? 0 : 1)} ms` : `${Math.round(us)} µs`;
}

export function makeFinding(
  subject: DetectorSubject, kind: string, severity: Severity, message: string, at: number,
  details?: Record<string, unknown>, sub?: string,
): Finding {
  return { kind, severity, peer: subject.peer, link: subject.link, ...(sub !== undefined ? { sub } : {}), message, details, at };
}

export type Level = 0 | 1 | 2; // none, warning, critical

export const SEVERITY: Record<1 | 2, Severity> = { 1: 'warning', 2: 'critical' };

/**
 * A value judged against warn/crit thresholds. Entering (or escalating) is immediate once the value reaches a
 * threshold; leaving a level needs the value below leaveFactor × that level's threshold for leaveHoldMs without
 * a break, so a value hovering around a threshold keeps one condition instead of blinking.
 */
export class LevelGate {
  level: Level = 0;
  private belowSince: number | null = null;

  constructor(
    private readonly warn: number,
    private readonly crit: number,
    private readonly leaveFactor: number,
    private readonly leaveHoldMs: number,
  ) {}

  /** `value` is judged for entering; `keepValue` (default the same) for staying, e.g. over a longer window. */
  update(value: number, t: number, keepValue = value): Level {
    const enter: Level = value > this.crit ? 2 : value > this.warn ? 1 : 0;
    if (enter > this.level) {
      this.level = enter;
      this.belowSince = null;
      return this.level;
    }
    const v = keepValue;
    const keep: Level = v >= this.leaveFactor * this.crit ? 2 : v >= this.leaveFactor * this.warn ? 1 : 0;
    if (keep >= this.level) {
      this.belowSince = null;
    } else {
      this.belowSince ??= t;
      if (t - this.belowSince >= this.leaveHoldMs) {
        this.level = keep;
        this.belowSince = null;
      }
    }
    return this.level;
  }

  reset(): void {
    this.level = 0;
    this.belowSince = null;
  }
}

/** A boolean that turns on at once and off only after it was seen off for holdMs (so it does not blink). */
export class HeldFlag {
  private on = false;
  private offSince: number | null = null;

  constructor(private readonly holdMs: number) {}

  set(active: boolean, t: number): void {
    if (active) {
      this.on = true;
      this.offSince = null;
    } else if (this.on) {
      this.offSince ??= t;
    }
  }

  isOn(now: number): boolean {
    if (this.on && this.offSince !== null && now - this.offSince >= this.holdMs) {
      this.on = false;
      this.offSince = null;
    }
    return this.on;
  }
}
