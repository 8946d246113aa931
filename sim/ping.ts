// PING_SCRIPT on a simulated node: one `ping -n -D -O -i <pingIntervalS>` (iputils 20221126) per peer × knet link, each line
// tagged "<peer nodeid> <link> ". ICMP answers whenever both interfaces of the link are up (corosync itself does
// not matter); a peer's interface down gives `no answer yet`, the local one `ping: sendmsg: Network is unreachable`.
// RTTs follow the sim's per-path knet base (ICMP skips knet's userspace and crypto, so it is a fraction of it)
// plus the cluster's jitter spikes, so a spike shows in corowatch's probe as well as in knet's latency mean.
import type { ServerChannel } from 'ssh2';
import { pingIntervalS } from '../lib/collect/ping-script';
import type { SimCluster } from './cluster-state';
import { LINKS, type SimNode } from './node';
import { Rng } from './rng';

const PUMP_MS = 20;
export const NO_NODELIST = '@@corowatch ping: cannot read nodelist.local_node_pos';

/** iputils' `time=` value for a round trip of `us` microseconds (ping_common.c, gather_statistics). */
export function formatRtt(us: number): string {
  const t = Math.max(0, Math.round(us));
  if (t >= 100000 - 50) return `${Math.floor((t + 500) / 1000)}`;
  if (t >= 10000 - 5) return `${Math.floor((t + 50) / 1000)}.${Math.floor(((t + 50) % 1000) / 100)}`;
  if (t >= 1000) return `${Math.floor((t + 5) / 1000)}.${String(Math.floor(((t + 5) % 1000) / 10)).padStart(2, '0')}`;
  return `0.${String(t).padStart(3, '0')}`;
}

/** Deterministic [0, 1) per path, so a path keeps its character across execs and restarts. */
function unit(a: number, b: number, c: number): number {
  let h = Math.imul(a * 73856093 ^ b * 19349663 ^ c * 83492791, 0x9e3779b1);
  h = Math.imul(h ^ (h >>> 15), 0x85ebca6b);
  return ((h ^ (h >>> 13)) >>> 0) / 4294967296;
}

interface Target {
  peer: SimNode;
  link: number;
  addr: string;
  tag: string;
  baseUs: number;
  startAt: number;
  sent: number; // ntransmitted
  lastAnswered: boolean;
  lastFailed: boolean;
}

/** The output of the whole script as a function of (wall) time; take(now) returns what is due by then. */
export class PingRun {
  readonly targets: Target[] = [];
  private intervalMs = 200;
  private pending: Array<{ at: number; line: string }> = [];

  constructor(
    private readonly cluster: SimCluster,
    private readonly node: SimNode,
    now: number,
    private readonly rng: Rng,
  ) {
    // the script walks `corosync-cmapctl -b nodelist.node.` output: positions in byte order, ring0 before ring1
    const byPos = cluster.nodes.map((n, pos) => ({ n, key: `${pos}.` })).sort((x, y) => (x.key < y.key ? -1 : 1));
    let at = now + rng.range(2, 5);
    for (const { n: peer } of byPos) {
      if (peer === node) continue;
      for (let link = 0; link < LINKS; link++) {
        const addr = peer.info.addrs[link];
        const lo = Math.min(node.id, peer.id);
        const hi = Math.max(node.id, peer.id);
        const baseUs = cluster.baseRttUs(node, peer, link) * (0.28 + 0.22 * unit(lo, hi, link)) * (0.92 + 0.16 * unit(node.id, peer.id, link + 7));
        this.targets.push({ peer, link, addr, tag: `${peer.id} ${link} `, baseUs, startAt: at, sent: 0, lastAnswered: true, lastFailed: false });
        this.push(at, `${peer.id} ${link} PING ${addr} (${addr}) 56(84) bytes of data.`);
        at += rng.range(1, 3);
      }
    }
    this.intervalMs = pingIntervalS(this.targets.length) * 1000;
    this.pending.unshift({ at: now, line: `@@corowatch ping: ${this.targets.length} targets` });
  }

  private push(at: number, line: string): void {
    this.pending.push({ at, line });
  }

  /** `[sec.usec] ` of the node's clock at sim time `at` */
  private stamp(at: number): string {
    const us = Math.round(this.node.clock(at) * 1000);
    return `[${Math.floor(us / 1e6)}.${String(us % 1e6).padStart(6, '0')}] `;
  }

  /** ICMP echo RTT (µs) of one packet on this path at `at` */
  rttUs(t: Target, at: number): number {
    const r = this.rng;
    let us = t.baseUs * (1 + 0.09 * r.gauss()) + r.range(-4, 6);
    if (t.sent === 1) us += r.range(60, 220); // first packet: cold caches
    if (r.next() < 0.015) us += r.range(80, 380);
    us = Math.min(600, Math.max(25, us));
    for (const extra of this.cluster.spikesUs(this.node, t.peer, t.link, at)) us += extra * r.range(0.6, 1.0);
    return Math.round(us);
  }

  private send(t: Target, at: number): void {
    if (t.sent > 0 && !t.lastAnswered && !t.lastFailed) this.push(at, `${t.tag}${this.stamp(at)}no answer yet for icmp_seq=${t.sent & 0xffff}`);
    t.sent++;
    t.lastFailed = this.node.ifaceDown(t.link);
    t.lastAnswered = !t.lastFailed && !t.peer.ifaceDown(t.link);
    if (t.lastFailed) {
      this.push(at, `${t.tag}ping: sendmsg: Network is unreachable`);
    } else if (t.lastAnswered) {
      const us = this.rttUs(t, at);
      const rx = at + us / 1000;
      this.push(rx, `${t.tag}${this.stamp(rx)}64 bytes from ${t.addr}: icmp_seq=${t.sent & 0xffff} ttl=64 time=${formatRtt(us)} ms`);
    }
  }

  take(now: number): string[] {
    for (const t of this.targets) {
      for (;;) {
        const at = t.startAt + 0.4 + t.sent * this.intervalMs + this.rng.range(0.02, 0.15);
        if (at > now) break;
        this.send(t, at);
      }
    }
    this.pending.sort((a, b) => a.at - b.at);
    let n = 0;
    while (n < this.pending.length && this.pending[n].at <= now) n++;
    return this.pending.splice(0, n).map((p) => p.line);
  }
}

let active = 0;
/** ping streams currently running (for tests) */
export const activePingStreams = () => active;

export function pingExec(cluster: SimCluster, n: SimNode, ch: ServerChannel): void {
  if (n.garbage || !n.running) {
    ch.write(`${NO_NODELIST}\n`);
    ch.exit(1);
    ch.end();
    return;
  }
  const run = new PingRun(cluster, n, Date.now(), new Rng((Date.now() ^ Math.imul(n.id, 0x9e3779b1)) >>> 0));
  let open = true;
  active++;
  const pump = () => {
    const lines = run.take(Date.now());
    if (open && lines.length) ch.write(lines.map((l) => `${l}\n`).join(''));
  };
  const timer = setInterval(pump, PUMP_MS);
  timer.unref();
  pump();
  const finish = (sendExit: boolean) => {
    if (!open) return;
    open = false;
    active--;
    clearInterval(timer);
    if (sendExit) {
      ch.exit(0);
      ch.end();
    }
  };
  ch.on('data', () => {}); // stdin drained like `cat >/dev/null`; EOF ends the script and `kill 0` the pings
  ch.on('end', () => finish(true));
  ch.on('close', () => finish(false));
  ch.on('error', () => finish(false));
}
