// jitter_spike: one RTT sample (or a run of them) far above the link's own rolling baseline. One instance per
// observer × peer × link, fed with every ping sample of that link in time order.
//
// The baseline is the last `jitterBaselineWindow` answered samples, spikes included: its median and MAD are
// robust to the few spike samples, and a lasting step (a new route, a loaded link) becomes the new baseline
// after half a window instead of firing for ever. A sample is a spike when it is above
//   median + max(jitterK · 1.4826 · MAD, jitterFloorUs)
// so a quiet 50 µs link needs a 1 ms jump and a noisy one a jump well outside its own noise.
// Spike samples less than foldMs apart are one episode; it is reported once it is over (no spike for foldMs,
// seen at the next sample or at flush(now)) with its peak and sample count, or after maxEpisodeMs if it goes on.
// While knet sees the link down (push(sample, true)) samples are not judged: the replies that come back when the
// link returns were queued behind ARP resolution and say nothing about the link's jitter.
import type { Detector, DetectorSubject, Finding, RttSample, Thresholds } from './types';
import { DEFAULT_THRESHOLDS } from './types';
import { fmtUs, makeFinding, median, scaledMad } from './util';

export interface JitterOptions {
  minBaseline: number; // answered samples needed before anything is judged (default 20 = 4 s at 5 Hz)
  foldMs: number; // spike samples closer than this fold into one finding (default 2000)
  maxEpisodeMs: number; // an episode still going after this is reported and a new one starts (default 10000)
}

export const DEFAULT_JITTER_OPTIONS: JitterOptions = { minBaseline: 20, foldMs: 2000, maxEpisodeMs: 10_000 };

interface Episode {
  start: number;
  last: number;
  peakUs: number;
  baselineUs: number;
  thresholdUs: number;
  samples: number;
}

export class JitterDetector implements Detector<[RttSample, boolean?]> {
  private readonly th: Thresholds;
  private readonly opt: JitterOptions;
  private readonly window: number[] = []; // ring of the last answered RTTs
  private next = 0;
  private episode: Episode | null = null;

  constructor(
    private readonly subject: DetectorSubject,
    thresholds: Partial<Thresholds> = {},
    options: Partial<JitterOptions> = {},
  ) {
    this.th = { ...DEFAULT_THRESHOLDS, ...thresholds };
    this.opt = { ...DEFAULT_JITTER_OPTIONS, ...options };
  }

  /** linkDown: knet currently sees this link down. */
  push(s: RttSample, linkDown = false): Finding[] {
    const out: Finding[] = [];
    const ep = this.episode;
    if (ep && (s.t - ep.last > this.opt.foldMs || s.t - ep.start >= this.opt.maxEpisodeMs)) out.push(...this.close());
    if (s.rttUs === null || linkDown) return out; // a lost sample is the loss detector's business

    if (this.window.length >= this.opt.minBaseline) {
      // median and MAD sort the window: refresh them every few samples, and always before calling a spike
      if (!this.cached || ++this.cached.age >= 8 || s.rttUs > this.cached.threshold) this.cached = this.baseline();
      const { med, threshold } = this.cached;
      if (s.rttUs > threshold) {
        this.episode ??= { start: s.t, last: s.t, peakUs: 0, baselineUs: med, thresholdUs: threshold, samples: 0 };
        const e = this.episode;
        e.last = s.t;
        e.peakUs = Math.max(e.peakUs, s.rttUs);
        e.samples++;
      }
    }
    this.remember(s.rttUs);
    return out;
  }

  private cached: { med: number; threshold: number; age: number } | null = null;

  private baseline(): { med: number; threshold: number; age: number } {
    const med = median(this.window);
    return { med, threshold: med + Math.max(this.th.jitterK * scaledMad(this.window, med), this.th.jitterFloorUs), age: 0 };
  }

  /** jitter_spike is an instant only. */
  conditions(_now: number): Finding[] {
    return [];
  }

  flush(now: number): Finding[] {
    return this.episode && now - this.episode.last > this.opt.foldMs ? this.close() : [];
  }

  /** Current baseline median (µs), or null while it has fewer than minBaseline samples. */
  baselineUs(): number | null {
    return this.window.length >= this.opt.minBaseline ? median(this.window) : null;
  }

  private remember(rttUs: number): void {
    const size = Math.max(this.th.jitterBaselineWindow, this.opt.minBaseline);
    if (this.window.length < size) this.window.push(rttUs);
    else this.window[this.next] = rttUs;
    this.next = (this.next + 1) % size;
  }

  /**
   * A lone sample under the critical budget is not reported: one slow ICMP reply in thousands (a busy host
   * scheduling ping late) is noise, not jitter corosync would feel. Two samples, or one past rttCritUs, are.
   */
  private close(): Finding[] {
    const e = this.episode!;
    this.episode = null;
    if (e.samples < 2 && e.peakUs < this.th.rttCritUs) return [];
    const severity = e.peakUs >= this.th.rttCritUs ? 'warning' : 'info';
    const n = e.samples === 1 ? '1 sample' : `${e.samples} samples in ${((e.last - e.start) / 1000).toFixed(1)} s`;
    return [makeFinding(
      this.subject, 'jitter_spike', severity,
      `RTT spike to ${fmtUs(e.peakUs)} (baseline ${fmtUs(e.baselineUs)}, ${n})`, e.start,
      { peakUs: e.peakUs, baselineUs: Math.round(e.baselineUs), thresholdUs: Math.round(e.thresholdUs), samples: e.samples, endedAt: e.last },
    )];
  }
}
