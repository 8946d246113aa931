// The simulated cluster: N nodes, two knet links each, ticking in sim time. Each tick moves knet's view of
// every host × link towards the physical state (interfaces up/down, corosync running), counts pings, pongs,
// PMTUd probes and totem data on the active link, feeds RTT samples into knet's running mean, and logs what
// knet/totem would log.
import { KnetLink, MTU_DATA, MTU_INITIAL } from './knet';
import { Membership } from './membership';
import { LINKS, SimNode } from './node';
import { Rng } from './rng';
import type { SimNodeInfo } from './formats';

export const TICK_MS = 100;
const PING_INTERVAL_MS = 912; // runtime.config.totem.interface.N.knet_ping_interval
const PMTUD_INTERVAL_MS = 30_000;

export interface ClusterParams {
  nodes: number;
  seed: number;
  /** history simulated before `now` at construction, so counters and latency means look like a running cluster */
  warmupMs?: number;
  now?: number;
}

interface Jitter {
  node: number;
  link: number;
  until: number;
  extraUs: number;
}

interface LinkEvent {
  peer: number;
  link: number;
  up: boolean;
}

export class SimCluster {
  readonly nodes: SimNode[];
  readonly rng: Rng;
  readonly membership: Membership;
  private readonly baseRtt = new Map<string, number>();
  private jitters: Jitter[] = [];
  private lastTick: number;

  constructor(p: ClusterParams) {
    this.rng = new Rng(p.seed);
    const infos: SimNodeInfo[] = Array.from({ length: p.nodes }, (_, i) => ({
      id: i + 1,
      name: `pve${i + 1}`,
      addrs: Array.from({ length: LINKS }, (_, l) => `10.77.${10 + 10 * l}.${i + 1}`),
    }));
    this.nodes = infos.map((info) => new SimNode(info, this.rng));
    this.membership = new Membership(this.nodes, this.rng);
    for (const a of infos) {
      for (const b of infos) {
        if (a.id >= b.id) continue;
        const rtt0 = this.rng.range(180, 350);
        this.baseRtt.set(`${a.id}-${b.id}-0`, rtt0);
        this.baseRtt.set(`${a.id}-${b.id}-1`, Math.max(150, rtt0 * this.rng.range(0.75, 1.2)));
      }
    }
    const now = p.now ?? Date.now();
    const start = now - (p.warmupMs ?? 90_000);
    this.nodes.forEach((n, i) => this.startNode(start + i * 80, n));
    this.lastTick = start;
    for (let t = start + TICK_MS; t < now; t += TICK_MS) this.tick(t);
    this.tick(now);
  }

  get ids(): number[] {
    return this.nodes.map((n) => n.id);
  }

  node(nameOrId: string | number): SimNode {
    const n = this.nodes.find((x) => x.name === nameOrId || x.id === nameOrId);
    if (!n) throw new Error(`no such node: ${nameOrId}`);
    return n;
  }

  /** Can packets flow between a and b on this link right now? */
  reachable(a: SimNode, b: SimNode, link: number): boolean {
    return a.running && b.running && !a.ifaceDown(link) && !b.ifaceDown(link);
  }

  setIfaceDown(name: string, link: number, down: boolean, source: 'manual' | 'scenario'): void {
    if (link < 0 || link >= LINKS) throw new Error(`no such link: ${link}`);
    this.node(name).ifDown[source][link] = down;
  }

  addJitter(name: string, link: number, now: number, durationMs: number, extraUs: number): void {
    this.jitters.push({ node: this.node(name).id, link, until: now + durationMs, extraUs });
  }

  startNode(now: number, n: SimNode): void {
    if (n.running) return;
    n.boot(now, this.ids);
    this.membership.formSingleton(now, n);
  }

  /** graceful: `corosync-cfgtool -H --force` (members re-form at once); otherwise like kill -9 (token loss). */
  stopNode(now: number, n: SimNode, graceful: boolean): void {
    if (!n.running) return;
    if (graceful) {
      n.shutdownLog(now, this.ids.filter((id) => id !== n.id).reverse());
      this.membership.gracefulLeave(now, n);
    } else {
      n.running = false;
      n.members = [];
      n.quorate = false;
    }
  }

  /** knet's mean RTT of the a↔b path on this link (µs), before noise and jitter spikes */
  baseRttUs(a: SimNode, b: SimNode, link: number): number {
    return this.baseRtt.get(a.id < b.id ? `${a.id}-${b.id}-${link}` : `${b.id}-${a.id}-${link}`)!;
  }

  /** peak extra RTT (µs) of each jitter spike on the a↔b path of this link at `now` */
  spikesUs(a: SimNode, b: SimNode, link: number, now: number): number[] {
    return this.jitters.filter((j) => j.link === link && (j.node === a.id || j.node === b.id) && now < j.until).map((j) => j.extraUs);
  }

  rtt(a: SimNode, b: SimNode, link: number, now: number): number {
    let us = this.baseRttUs(a, b, link) * (1 + 0.07 * this.rng.gauss());
    if (this.rng.next() < 0.03) us += this.rng.range(40, 250);
    for (const extra of this.spikesUs(a, b, link, now)) us += extra * this.rng.range(0.6, 1.0);
    return Math.max(60, Math.round(us));
  }

  tick(now: number): void {
    const dt = Math.max(0, now - this.lastTick) / 1000;
    this.lastTick = now;
    this.jitters = this.jitters.filter((j) => j.until > now);
    for (const o of this.nodes) {
      if (o.running) this.tickNode(now, dt, o);
    }
    this.membership.tick(now);
    for (const n of this.nodes) n.flush(now);
  }

  private tickNode(now: number, dt: number, o: SimNode): void {
    const events: LinkEvent[] = [];
    const peers = this.nodes.filter((p) => p.id !== o.id).reverse(); // knet walks its host list newest first
    for (const p of peers) {
      const links = o.links.get(p.id)!;
      links.forEach((s, link) => {
        const phys = this.reachable(o, p, link);
        if (phys !== s.connected) {
          if (s.pendingSince === null) s.pendingSince = now;
          if (now - s.pendingSince >= (phys ? o.upDelayMs : o.downDelayMs)) {
            s.connected = phys;
            s.pendingSince = null;
            if (phys) s.upCount++;
            else s.downCount++;
            events.push({ peer: p.id, link, up: phys });
          }
        } else {
          s.pendingSince = null;
        }
        while (now >= s.nextPingAt) {
          s.sentPing();
          if (phys) {
            s.recordPong(this.rtt(o, p, link, s.nextPingAt));
            s.answeredPing();
          }
          s.nextPingAt += PING_INTERVAL_MS + this.rng.range(-3, 3);
        }
        if (now >= s.nextPmtuAt) {
          s.pmtud(phys);
          s.nextPmtuAt += PMTUD_INTERVAL_MS;
        }
      });
    }
    this.traffic(dt, o);
    if (events.length) this.logLinkEvents(now, o, events);
  }

  /** Totem traffic: the token goes to the next member and comes from the previous one; multicast to all. */
  private traffic(dt: number, o: SimNode): void {
    const ring = o.members;
    const idx = ring.indexOf(o.id);
    const next = ring.length > 1 ? ring[(idx + 1) % ring.length] : -1;
    const prev = ring.length > 1 ? ring[(idx - 1 + ring.length) % ring.length] : -1;
    for (const pid of ring) {
      if (pid === o.id) continue;
      const best = o.best.get(pid)!;
      const s = o.links.get(pid)![best];
      if (!s.connected) continue;
      const txRate = (pid === next ? 6 : 0) + 1.5;
      const rxRate = (pid === prev ? 6 : 0) + 1.5;
      const tx = this.count(s, 'tx', txRate * dt);
      const rx = this.count(s, 'rx', rxRate * dt);
      s.data('tx', tx, tx * this.rng.int(100, 190));
      s.data('rx', rx, rx * this.rng.int(90, 180));
      o.srp.orf_token_rx += pid === prev ? rx : 0;
      o.srp.mcast_tx += this.rng.next() < dt ? 1 : 0;
      o.srp.mcast_rx += this.rng.next() < 1.5 * dt ? 1 : 0;
    }
    const self = o.links.get(o.id)![0];
    const n = this.count(self, 'tx', 4 * dt);
    self.data('tx', n, n * this.rng.int(95, 125));
    if (ring[0] === o.id && ring.length > 1) {
      o.srp.memb_merge_detect_tx += this.rng.next() < 1.3 * dt ? 1 : 0;
    } else if (ring.length > 1) {
      o.srp.memb_merge_detect_rx += this.rng.next() < 1.3 * dt ? 1 : 0;
    }
  }

  /** Poisson-ish integer count with the fraction carried over. */
  private count(s: KnetLink, dir: 'tx' | 'rx', expected: number): number {
    s.carry[dir] += expected * this.rng.range(0.5, 1.5);
    const n = Math.floor(s.carry[dir]);
    s.carry[dir] -= n;
    return n;
  }

  /** One heartbeat batch: first the link lines, then one "best link" line per change (dstcache updates). */
  private logLinkEvents(now: number, o: SimNode, events: LinkEvent[]): void {
    const fresh: LinkEvent[] = [];
    for (const e of events) {
      if (e.up) {
        o.write(now, 'info', 'KNET', `rx: host: ${e.peer} link: ${e.link} is up`);
        o.write(now, 'info', 'KNET', `link: Resetting MTU for link ${e.link} because host ${e.peer} joined`);
        if (o.links.get(e.peer)![e.link].mtu === MTU_INITIAL) fresh.push(e);
      } else {
        o.write(now, 'info', 'KNET', `link: host: ${e.peer} link: ${e.link} is down`);
      }
    }
    for (const e of events) {
      const links = o.links.get(e.peer)!;
      const up = links.findIndex((l) => l.connected);
      if (up >= 0) o.best.set(e.peer, up);
      o.write(now, 'info', 'KNET', `host: host: ${e.peer} (passive) best link: ${o.best.get(e.peer)} (pri: 1)`);
      if (up < 0) o.write(now, 'warning', 'KNET', `host: host: ${e.peer} has no active links`);
    }
    if (events.some((e) => e.up)) {
      const t = now + 200;
      for (const e of fresh) {
        o.links.get(e.peer)![e.link].mtu = MTU_DATA;
        o.write(t, 'info', 'KNET', `pmtud: PMTUD link change for host: ${e.peer} link: ${e.link} from ${MTU_INITIAL} to ${MTU_DATA}`);
      }
      o.write(t, 'info', 'KNET', `pmtud: Global data MTU changed to: ${MTU_DATA}`);
    }
  }
}
