import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Finding, RttSample } from '@/lib/analyze/detect/types';
import { parseLogLine } from '@/lib/parse/corosync-log';
import type { LogEvent } from '@/lib/parse/types';

export const SERIES_DIR = fileURLToPath(new URL('../fixtures/series/', import.meta.url));

/** A recorded RTT series of tests/fixtures/series (see its README): times relative to t0 in the file. */
export interface Series {
  source: string;
  t0: number;
  samples: RttSample[];
  marks: Array<{ t: number; label: string }>;
}

export function loadSeries(name: string): Series {
  const raw = JSON.parse(readFileSync(SERIES_DIR + name, 'utf8')) as {
    source: string;
    t0: number;
    marks?: Array<[number, string]>;
    samples: Array<[number, number | null]>;
  };
  return {
    source: raw.source,
    t0: raw.t0,
    samples: raw.samples.map(([dt, rttUs]) => ({ t: raw.t0 + dt, rttUs })),
    marks: (raw.marks ?? []).map(([dt, label]) => ({ t: raw.t0 + dt, label })),
  };
}

export function readSeriesFile(name: string): string {
  return readFileSync(SERIES_DIR + name, 'utf8');
}

/** The time of the first mark whose label starts with `label`. */
export function markAt(s: Series, label: string): number {
  const m = s.marks.find((x) => x.label.startsWith(label));
  if (!m) throw new Error(`no mark "${label}" in ${s.source}`);
  return m.t;
}

/** Deterministic PRNG (mulberry32) for synthetic series. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 5 Hz synthetic series from t0 for `seconds`, rtt(t, i) giving each sample (null = lost). */
export function synth(t0: number, seconds: number, rtt: (t: number, i: number) => number | null): RttSample[] {
  const out: RttSample[] = [];
  for (let i = 0; i < seconds * 5; i++) {
    const t = t0 + i * 200;
    out.push({ t, rttUs: rtt(t, i) });
  }
  return out;
}

/**
 * Runs a condition detector over samples, calling conditions() once a second (as the live poll would), and
 * returns the condition spans per kind+severity change: [{start, end, severity}] (end null = still open).
 */
export function conditionSpans(
  samples: RttSample[],
  push: (s: RttSample) => void,
  conditions: (now: number) => Finding[],
): Array<{ start: number; end: number | null; severity: string; kind: string }> {
  const spans: Array<{ start: number; end: number | null; severity: string; kind: string }> = [];
  let open: (typeof spans)[number] | null = null;
  let nextPoll = samples.length ? samples[0].t : 0;
  const poll = (now: number) => {
    const c = conditions(now)[0];
    if (c && !open) {
      open = { start: now, end: null, severity: c.severity, kind: c.kind };
      spans.push(open);
    } else if (c && open && c.severity !== open.severity) {
      open.severity = c.severity === 'critical' || open.severity === 'critical' ? 'critical' : c.severity;
    } else if (!c && open) {
      open.end = now;
      open = null;
    }
  };
  for (const s of samples) {
    while (nextPoll <= s.t) {
      poll(nextPoll);
      nextPoll += 1000;
    }
    push(s);
  }
  if (samples.length) poll(samples[samples.length - 1].t + 1);
  return spans;
}

/** "now" for parseLogLine on the lab logs (their timestamps carry no year): the lab ran on Nov 23 2026. */
export const LAB_NOW = new Date(2026, 10, 23, 12, 0, 0);

/**
 * The events of a corosync.log recorded by record-lab.sh, with epoch times. The lab ran with TZ=UTC, and
 * parseLogLine reads the file's times as local time: shift them back so they line up with the ping series.
 */
export function labLogEvents(logText: string): Array<{ t: number; event: LogEvent }> {
  const out: Array<{ t: number; event: LogEvent }> = [];
  for (const line of logText.split('\n')) {
    const p = parseLogLine(line, LAB_NOW);
    if (!p?.event || p.ts === null) continue;
    out.push({ t: p.ts - new Date(p.ts).getTimezoneOffset() * 60_000, event: p.event });
  }
  return out;
}

/** knet's view of one peer × link from a recorded corosync.log: its "is down" / "is up" lines, in order. */
export function knetTransitions(logText: string, host: number, link: number): Array<{ t: number; up: boolean }> {
  return labLogEvents(logText).flatMap(({ t, event: e }) =>
    (e.kind === 'link_down' || e.kind === 'link_up') && e.host === host && e.link === link ? [{ t, up: e.kind === 'link_up' }] : []);
}
