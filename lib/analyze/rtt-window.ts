import type { PingLine } from '../parse/ping';

export interface RttSummary {
  count: number; // replies
  lost: number;
  minUs: number | null;
  avgUs: number | null;
  maxUs: number | null;
  p50Us: number | null;
}

/** The probe's round trips of one link since the last poll; a reply that comes after "no answer yet" is late, not lost. */
export class RttWindow {
  private rtts: number[] = [];
  private lost = 0;
  private lostSeqs = new Set<number>();

  push(p: Extract<PingLine, { kind: 'reply' | 'lost' }>): void {
    if (p.kind === 'reply') {
      this.rtts.push(p.rttUs);
      if (this.lostSeqs.delete(p.seq) && this.lost > 0) this.lost--;
    } else {
      this.lost++;
      if (p.seq !== null) this.lostSeqs.add(p.seq);
    }
  }

  take(): RttSummary {
    const r = this.rtts;
    const s: RttSummary = { count: r.length, lost: this.lost, minUs: null, avgUs: null, maxUs: null, p50Us: null };
    if (r.length) {
      const sorted = [...r].sort((a, b) => a - b);
      s.minUs = sorted[0];
      s.maxUs = sorted[sorted.length - 1];
      s.avgUs = Math.round(r.reduce((a, b) => a + b, 0) / r.length);
      s.p50Us = sorted[Math.floor(sorted.length / 2)];
    }
    this.rtts = [];
    this.lost = 0;
    if (this.lostSeqs.size > 64) this.lostSeqs.clear();
    return s;
  }
}
