// Demo mode: now and then a node loses link0 for a while (both directions, as `ip link set` would do), and
// now and then a node's link sees a few seconds of elevated RTT. Uses the 'scenario' interface flag, so manual
// setLinkDown() calls are neither undone nor overridden by it.
import type { SimCluster } from './cluster-state';

export interface ScenarioOptions {
  /** first link0 failure this long after start (default min(40 s, faultEveryMs)) */
  firstFaultMs?: number;
  /** a link0 failure every this many ms (default 3 min) */
  faultEveryMs?: number;
  /** how long a failure lasts (default min(20 s, 60 % of faultEveryMs)) */
  faultDurationMs?: number;
}

export class Scenario {
  private nextFault: number;
  private nextJitter: number;
  private readonly every: number;
  private readonly duration: number;
  private active: { node: string; until: number } | null = null;

  constructor(
    private readonly cluster: SimCluster,
    now: number,
    o: ScenarioOptions = {},
  ) {
    this.every = Math.max(1000, o.faultEveryMs ?? 180_000);
    const first = o.firstFaultMs ?? Math.min(40_000, this.every);
    this.duration = o.faultDurationMs ?? Math.min(20_000, this.every * 0.6);
    this.nextFault = now + first;
    this.nextJitter = now + first / 2;
  }

  tick(now: number): void {
    const { cluster } = this;
    const rng = cluster.rng;
    if (this.active && now >= this.active.until) {
      cluster.setIfaceDown(this.active.node, 0, false, 'scenario');
      this.active = null;
    }
    const running = cluster.nodes.filter((n) => n.running);
    if (now >= this.nextFault) {
      this.nextFault += this.every;
      if (!this.active && running.length > 0) {
        const node = rng.pick(running).name;
        cluster.setIfaceDown(node, 0, true, 'scenario');
        this.active = { node, until: now + this.duration * rng.range(0.85, 1.15) };
      }
    }
    if (now >= this.nextJitter) {
      this.nextJitter += this.every / 2;
      if (running.length > 0) {
        const node = rng.pick(running).name;
        const link = rng.next() < 0.7 ? 0 : 1;
        const dur = Math.min(rng.range(2500, 6000), this.every * 0.4);
        cluster.addJitter(node, link, now, dur, rng.range(5000, 20000));
      }
    }
  }

  /** Ends a failure in progress (on close). */
  stop(): void {
    if (this.active) this.cluster.setIfaceDown(this.active.node, 0, false, 'scenario');
    this.active = null;
  }
}
