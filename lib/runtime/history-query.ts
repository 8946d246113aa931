import type { CorowatchConfig } from '../config/schema';
import { retentionSchema } from '../config/schema';
import type { SeriesEvent } from './series-query';
import { clip, get, parsePairParams, parseTimeParams, type Params } from './pair-params';
import type { Resolution } from '../store/rollup-sql';

// GET /api/history?cluster=&node=&peer=&link=&from=&to=&step=: one observing node's series towards one peer (or all
// its peers), one link or all, at raw, 1-minute or 1-hour resolution. Parameters are checked here (every problem is
// one sentence for a 400); history-load.ts reads the rows.

export type Step = 'raw' | Resolution;
export const STEPS: Step[] = ['raw', '1m', '1h'];
export const DEFAULT_RANGE_MS = 3600_000;
const H = 3600_000;
const D = 24 * H;
/** automatic choice: the finest step whose range limit and retention fit */
export const AUTO_LIMIT_MS: Record<Step, number> = { raw: 6 * H, '1m': 14 * D, '1h': Infinity };
/** the longest range each step may be asked for explicitly */
export const MAX_RANGE_MS: Record<Step, number> = { raw: 24 * H, '1m': 31 * D, '1h': 3660 * D };

export interface HistoryParams {
  cluster: string;
  node: string;
  /** null: every peer of the node */
  peer: string | null;
  /** null: every link */
  link: number | null;
  from: number;
  to: number;
  step: Step;
  auto: boolean;
  /** the peers to read (the one asked for, or all the others of the cluster) */
  peers: string[];
}

export interface HistoryPoint {
  t: number; // epoch ms: the sample's time, or the bucket's start
  min: number | null; // probe RTT µs: the samples' minimum
  mean: number | null; // probe RTT µs: mean of the samples' means, weighted by replies
  max: number | null; // probe RTT µs: the samples' maximum
  p95: number | null; // probe RTT µs: 95th percentile of the samples' means (null for a single raw sample)
  loss: number | null; // lost / (replies + lost), 0..1
  knetUs: number | null; // knet's latency_ave, mean
  knetWindowUs: number | null; // knet's own pings in the poll window, mean
  count: number; // samples
  down: number; // samples with the link down
}

export interface HistorySeries {
  observer: string;
  peer: string;
  link: number;
  points: HistoryPoint[];
}

export interface HistoryResponse {
  cluster: string;
  node: string;
  peer: string | null;
  link: number | null;
  from: string;
  to: string;
  step: Step;
  /** raw: the poll interval; else the bucket */
  stepMs: number;
  auto: boolean;
  thresholds: { rttWarnUs: number; rttCritUs: number };
  series: HistorySeries[];
  events: SeriesEvent[];
}

export function fmtSpan(ms: number): string {
  return ms >= 2 * D ? `${Math.round(ms / D)} days` : `${Math.round(ms / H)} h`;
}

/** The step for a range: the finest whose automatic limit the range fits and whose retention still covers `from`. */
export function chooseStep(from: number, to: number, now: number, retention = retentionSchema.parse({})): Step {
  const kept: Record<Step, number> = { raw: retention.rawHours * H, '1m': retention.minuteDays * D, '1h': Infinity };
  return STEPS.find((s) => to - from <= AUTO_LIMIT_MS[s] && from >= now - kept[s]) ?? '1h';
}

export function parseHistoryQuery(p: Params, config: CorowatchConfig, now = Date.now()): HistoryParams | { error: string } {
  const pair = parsePairParams(p, config, 'optional');
  if ('error' in pair) return pair;
  const { cluster, names, node, peer } = pair;
  const linkRaw = get(p, 'link');
  const link = linkRaw === null ? null : Number(linkRaw);
  if (link !== null && !(/^\d$/.test(linkRaw!) && link <= 7)) return { error: 'link: a knet link number from 0 to 7' };

  const times = parseTimeParams(p, ['from', 'to'] as const);
  if ('error' in times) return times;
  const to = times.to?.getTime() ?? now;
  const from = times.from?.getTime() ?? to - DEFAULT_RANGE_MS;
  if (from > to) return { error: 'from is after to' };
  if (from === to) return { error: 'from and to are the same moment: give a range' };

  const stepRaw = get(p, 'step') ?? 'auto';
  if (stepRaw !== 'auto' && !(STEPS as string[]).includes(stepRaw)) return { error: `step: one of raw, 1m, 1h or auto, not "${clip(stepRaw)}"` };
  const auto = stepRaw === 'auto';
  const step = auto ? chooseStep(from, to, now, config.retention) : (stepRaw as Step);
  if (to - from > MAX_RANGE_MS[step]) {
    return { error: `range too long for step ${step}: at most ${fmtSpan(MAX_RANGE_MS[step])} (use a coarser step, or leave step out)` };
  }
  const peers = peer === null ? names.filter((n) => n !== node) : [peer];
  return { cluster, node, peer, link, from, to, step, auto, peers };
}
