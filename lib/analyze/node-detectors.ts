import type { BondStatus, LogEvent } from '../parse/types';
import { BondDetector } from './detect/bond-detector';
import { FlapDetector } from './detect/flap-detector';
import { JitterDetector } from './detect/jitter-detector';
import { LogDetector } from './detect/log-detector';
import { LossDetector } from './detect/loss-detector';
import { RttBudgetDetector } from './detect/rtt-budget-detector';
import type { Finding, RttSample, Thresholds } from './detect/types';

/** Condition kinds the detectors report; the event tracker judges them while the node is reachable. */
export const DETECTOR_CONDITION_KINDS = [
  'rtt_high', 'packet_loss', 'link_flapping', 'no_active_links', 'bond_slave_down', 'lacp_churn', 'bond_degraded',
] as const;

interface LinkDetectors {
  probeJitter: JitterDetector;
  knetJitter: JitterDetector;
  budget: RttBudgetDetector;
  loss: LossDetector;
  flap: FlapDetector;
}

const tag = (fs: Finding[], source: string): Finding[] => fs.map((f) => ({ ...f, sub: source, details: { ...f.details, source } }));

/** Every detector of one observing node: per peer × link for RTT, loss and flapping; per node for log and bonds. */
export class NodeDetectors {
  private links = new Map<string, LinkDetectors>();
  private readonly log: LogDetector;
  private readonly bonds = new BondDetector();

  constructor(private readonly th: Thresholds, peerName: (id: number) => string) {
    this.log = new LogDetector({ peerName });
  }

  private link(peer: string, link: number): LinkDetectors {
    const key = `${peer}/${link}`;
    let d = this.links.get(key);
    if (!d) {
      const s = { peer, link };
      // knet's window means come once per poll, not 5 times a second: a shorter baseline (about 2 min)
      d = {
        probeJitter: new JitterDetector(s, this.th),
        knetJitter: new JitterDetector(s, { ...this.th, jitterBaselineWindow: 120 }, { minBaseline: 10, foldMs: 3000 }),
        budget: new RttBudgetDetector(s, this.th),
        loss: new LossDetector(s, this.th),
        flap: new FlapDetector(s, this.th),
      };
      this.links.set(key, d);
    }
    return d;
  }

  onPing(peer: string, link: number, s: RttSample, linkDown: boolean): Finding[] {
    const d = this.link(peer, link);
    return [...tag(d.probeJitter.push(s, linkDown), 'probe'), ...d.budget.push(s, linkDown), ...d.loss.push(s, linkDown)];
  }

  onKnetWindow(peer: string, link: number, t: number, us: number): Finding[] {
    return tag(this.link(peer, link).knetJitter.push({ t, rttUs: us }), 'knet');
  }

  onLinkState(peer: string, link: number, t: number, up: boolean): Finding[] {
    return this.link(peer, link).flap.push({ t, up });
  }

  onLog(e: LogEvent, at: number): Finding[] {
    return this.log.push(e, at);
  }

  onBonds(bonds: BondStatus[], t: number): Finding[] {
    return this.bonds.push(bonds, t);
  }

  conditions(now: number): Finding[] {
    const out = [...this.log.conditions(now), ...this.bonds.conditions(now)];
    for (const d of this.links.values()) out.push(...d.budget.conditions(now), ...d.loss.conditions(now), ...d.flap.conditions(now));
    return out;
  }

  /** Instants whose quiet period ended without further input (a spike that is over). */
  flush(now: number): Finding[] {
    const out = [...this.log.flush(now), ...this.bonds.flush(now)];
    for (const d of this.links.values()) out.push(...tag(d.probeJitter.flush(now), 'probe'), ...tag(d.knetJitter.flush(now), 'knet'));
    return out;
  }

  /** Forget RTT history (the node was unreachable: what comes next is a new series). */
  reset(): void {
    this.links.clear();
  }
}
