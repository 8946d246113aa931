import type { ThresholdsConfig } from './schema';
import { DEFAULT_THRESHOLDS, type Thresholds } from '../analyze/detect/types';

/** corowatch.yaml's thresholds (ms, minutes, as people write them) → the detectors' units. */
export function toThresholds(t: ThresholdsConfig): Thresholds {
  return {
    ...DEFAULT_THRESHOLDS,
    rttWarnUs: Math.round(t.rttWarnMs * 1000),
    rttCritUs: Math.round(t.rttCritMs * 1000),
    jitterK: t.jitterK,
    jitterFloorUs: Math.round(t.jitterFloorMs * 1000),
    flapCount: t.flapCount,
    flapWindowMs: Math.round(t.flapWindowMin * 60_000),
    lossWarnPct: t.lossWarnPct,
    lossCritPct: t.lossCritPct,
  };
}
