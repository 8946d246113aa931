// Slows down password guessing: after a few free failures per client address and per user name, each further
// attempt must wait twice as long as the one before (1 s, 2 s, 4 s … up to 15 min). A success clears the count.
// Pure: the clock is passed in.

export interface ThrottleOptions {
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** failures older than this are forgotten */
  forgetMs: number;
  /** keys kept at most (oldest dropped), so a flood of addresses cannot exhaust memory */
  maxKeys: number;
}

const DEFAULTS: ThrottleOptions = { freeFailures: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, forgetMs: 60 * 60_000, maxKeys: 10_000 };

interface Entry {
  failures: number;
  lastFailure: number;
}

export class LoginThrottle {
  private readonly opt: ThrottleOptions;
  private readonly entries = new Map<string, Entry>();

  constructor(opts: Partial<ThrottleOptions> = {}) {
    this.opt = { ...DEFAULTS, ...opts };
  }

  private entry(key: string, now: number): Entry | undefined {
    const e = this.entries.get(key);
    if (e && now - e.lastFailure > this.opt.forgetMs) {
      this.entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** 0 when an attempt may be made now, else how many ms to wait. */
  waitMs(keys: string[], now: number): number {
    let wait = 0;
    for (const k of keys) {
      const e = this.entry(k, now);
      if (!e || e.failures < this.opt.freeFailures) continue;
      const delay = Math.min(this.opt.maxDelayMs, this.opt.baseDelayMs * 2 ** (e.failures - this.opt.freeFailures));
      wait = Math.max(wait, e.lastFailure + delay - now);
    }
    return Math.max(0, wait);
  }

  failed(keys: string[], now: number): void {
    for (const k of keys) {
      const e = this.entry(k, now) ?? { failures: 0, lastFailure: now };
      e.failures++;
      e.lastFailure = now;
      this.entries.delete(k); // re-insert: Map order = least recently failed first
      this.entries.set(k, e);
    }
    while (this.entries.size > this.opt.maxKeys) this.entries.delete(this.entries.keys().next().value as string);
  }

  succeeded(keys: string[]): void {
    for (const k of keys) this.entries.delete(k);
  }
}
