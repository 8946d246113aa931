import type { LogEvent } from '../parse/types';
import type { TransportState } from '../collect/transport';
import type { ProbeReading } from './probe-reading';
import type { LinkView, NodeView } from './views';
import type { PingLine } from '../parse/ping';
import { RttWindow } from './rtt-window';
import { knetWindowMean } from './detect/knet-window';
import { NodeDetectors } from './node-detectors';
import type { Finding, Thresholds } from './detect/types';

// The state of one observing node, built from its probes, its log and corowatch's own connection to it.
// Pure: every input carries its time; nothing here reads a clock or does I/O.

const LATE_REPLY_MS = 1000;

export interface ActiveChange {
  peer: string;
  peerId: number;
  from: number | null; // null: it was not known which link carried traffic before
  to: number;
  source: 'log' | 'traffic';
  at: number;
}

interface PeerTrack {
  active: number | null;
  source: 'log' | 'traffic' | null;
  logAt: number; // last time the log said which link is best; a poll older than this does not override it
  lastTx: Map<number, number>;
  lastRx: Map<number, number>;
}

export class NodeModel {
  view: NodeView;
  private peers = new Map<number, PeerTrack>();
  /** per "peer/link": when the log last changed `connected` */
  private logLinkAt = new Map<string, number>();
  /** per "peer/link": the probe's round trips since the last poll */
  private rtt = new Map<string, RttWindow>();
  /** per "peer/link": knet's running average as of the previous poll */
  private knetBefore = new Map<string, { ave: number; samples: number; rxPong: number }>();

  /** per "peer/link": "no answer yet" pings that may still get a late reply (seq → time) */
  private unanswered = new Map<string, Map<number, number>>();

  onPing(p: Extract<PingLine, { kind: 'reply' | 'lost' }>): void {
    const key = `${p.peerId}/${p.link}`;
    let w = this.rtt.get(key);
    if (!w) this.rtt.set(key, (w = new RttWindow()));
    w.push(p);
    const t = p.t ?? 0;
    let waiting = this.unanswered.get(key);
    if (!waiting) this.unanswered.set(key, (waiting = new Map()));
    const samples: Array<{ t: number; rttUs: number | null }> = [];
    if (p.kind === 'reply') {
      waiting.delete(p.seq); // a late reply: the ping was slow, not lost
      samples.push({ t, rttUs: p.rttUs });
    } else if (p.seq !== null) {
      waiting.set(p.seq, t);
    } else {
      samples.push({ t, rttUs: null });
    }
    for (const [seq, at] of waiting) {
      if (t - at < LATE_REPLY_MS) break; // insertion order is time order
      waiting.delete(seq);
      samples.unshift({ t: at, rttUs: null });
    }
    const l = this.view.links.find((x) => x.peerId === p.peerId && x.link === p.link);
    const peer = this.nameOf(p.peerId);
    for (const s of samples) {
      const found = this.detectors.onPing(peer, p.link, s, l?.connected === false);
      if (found.length) this.pending.push(...found);
    }
  }

  readonly detectors: NodeDetectors;
  /** detector instants not yet handed to the event tracker */
  pending: Finding[] = [];

  constructor(name: string, host: string, private readonly nameOf: (id: number) => string, thresholds: Thresholds) {
    this.detectors = new NodeDetectors(thresholds, nameOf);
    this.view = {
      name, host, nodeId: null, reachable: false, ssh: 'connecting', sshError: null, corosync: 'unknown',
      corosyncError: null, quorate: null, ringId: null, totalVotes: null, expectedVotes: null, members: [],
      links: [], bonds: [], errors: [], lastPollAt: null, pollMs: null, clockOffsetMs: null, logFollowing: false,
    };
  }

  private peer(id: number): PeerTrack {
    let p = this.peers.get(id);
    if (!p) this.peers.set(id, (p = { active: null, source: null, logAt: 0, lastTx: new Map(), lastRx: new Map() }));
    return p;
  }

  onSsh(state: TransportState, error: string | null): void {
    const v = this.view;
    v.ssh = state;
    v.sshError = error;
    v.reachable = state === 'up';
    if (!v.reachable) this.forgetLive();
  }

  onLogFollowing(following: boolean): void {
    this.view.logFollowing = following;
    // lines may have been missed while the log was not followed: stop trusting earlier log knowledge
    if (!following) {
      for (const p of this.peers.values()) {
        p.logAt = 0;
        p.source = p.active === null ? null : 'traffic';
      }
    }
  }

  /** Unknown, never healthy: what the node told us before is no longer current. */
  private forgetLive(): void {
    const v = this.view;
    v.corosync = 'unknown';
    v.quorate = null;
    for (const l of v.links) {
      l.connected = null;
      l.active = null;
    }
    for (const p of this.peers.values()) {
      p.active = null;
      p.source = null;
      p.logAt = 0;
      p.lastTx.clear();
      p.lastRx.clear();
    }
    this.rtt.clear();
    this.unanswered.clear();
    this.knetBefore.clear();
    this.detectors.reset();
  }

  onProbe(r: ProbeReading, startedAt: number, finishedAt: number): ActiveChange[] {
    const v = this.view;
    v.lastPollAt = finishedAt;
    v.pollMs = finishedAt - startedAt;
    v.errors = r.errors;
    v.corosync = r.corosync;
    v.corosyncError = r.corosyncError;
    v.clockOffsetMs = r.clockMs === null ? null : r.clockMs - Math.round((startedAt + finishedAt) / 2);
    v.bonds = r.bonds;
    if (r.localNodeId !== null) v.nodeId = r.localNodeId;
    if (r.corosync !== 'up') {
      this.forgetLive();
      v.corosync = r.corosync;
      return [];
    }
    const q = r.quorum;
    v.quorate = q ? q.quorate : null;
    v.ringId = q?.ringId ?? null;
    v.totalVotes = q?.totalVotes ?? null;
    v.expectedVotes = q?.expectedVotes ?? null;
    v.highestExpected = q?.highestExpected ?? null;
    v.quorumVotes = q?.quorum ?? null;
    v.members = q ? q.members.map((m) => ({ nodeId: m.nodeId, name: m.name, votes: m.votes })) : [];

    const prev = new Map(v.links.map((l) => [`${l.peerId}/${l.link}`, l]));
    const links: LinkView[] = [];
    for (const lr of r.links) {
      const key = `${lr.peerId}/${lr.link}`;
      const old = prev.get(key);
      const s = lr.stats;
      const logAt = this.logLinkAt.get(key) ?? 0;
      // a poll that started before the log reported a change carries older news than the log
      const connected = old && logAt > startedAt ? old.connected : lr.connected;
      const rtt = this.rtt.get(key)?.take();
      let knetWindowUs: number | null = null;
      if (s?.latencyAveUs != null && s.latencySamples != null && s.rxPongPackets != null) {
        const now = { ave: s.latencyAveUs, samples: s.latencySamples, rxPong: s.rxPongPackets };
        const before = this.knetBefore.get(key);
        if (before) knetWindowUs = knetWindowMean(before, now);
        this.knetBefore.set(key, now);
      }
      links.push({
        peer: this.nameOf(lr.peerId), peerId: lr.peerId, link: lr.link, enabled: lr.enabled, connected,
        active: null, mtu: lr.mtu, latencyUs: s?.latencyAveUs ?? null, latencyMinUs: s?.latencyMinUs ?? null,
        latencyMaxUs: s?.latencyMaxUs ?? null, latencySamples: s?.latencySamples ?? null,
        changedAt: old && old.connected === connected ? old.changedAt : finishedAt,
        rttUs: rtt?.avgUs ?? null, rttMinUs: rtt?.minUs ?? null, rttMaxUs: rtt?.maxUs ?? null,
        rttCount: rtt?.count ?? 0, rttLost: rtt?.lost ?? 0,
        knetWindowUs: knetWindowUs === null ? null : Math.round(knetWindowUs),
        downCount: s?.downCount ?? null, rxBytes: s?.rxTotalBytes ?? null, txBytes: s?.txTotalBytes ?? null,
      });
    }
    v.links = links;
    for (const l of links) {
      if (l.knetWindowUs !== null) this.pending.push(...this.detectors.onKnetWindow(l.peer, l.link, finishedAt, l.knetWindowUs));
      if (l.connected !== null) this.pending.push(...this.detectors.onLinkState(l.peer, l.link, l.changedAt ?? finishedAt, l.connected));
    }
    this.pending.push(...this.detectors.onBonds(r.bonds, finishedAt));
    return this.activeFromTraffic(r, startedAt, finishedAt);
  }

  /**
   * Passive mode sends all data to a peer on one link. Corosync's ring passes the token to one successor, so
   * a node may send nothing to some peers while idle: then the link the peer sends on (rx) is the evidence.
   */
  private activeFromTraffic(r: ProbeReading, startedAt: number, at: number): ActiveChange[] {
    const changes: ActiveChange[] = [];
    const byPeer = new Map<number, Array<{ link: number; tx: number; rx: number }>>();
    for (const lr of r.links) {
      const tx = lr.stats?.txDataPackets;
      const rx = lr.stats?.rxDataPackets;
      if (tx == null || rx == null) continue;
      const p = this.peer(lr.peerId);
      const before = p.lastTx.get(lr.link);
      const beforeRx = p.lastRx.get(lr.link);
      p.lastTx.set(lr.link, tx);
      p.lastRx.set(lr.link, rx);
      if (before === undefined || beforeRx === undefined || tx < before || rx < beforeRx) continue;
      let list = byPeer.get(lr.peerId);
      if (!list) byPeer.set(lr.peerId, (list = []));
      list.push({ link: lr.link, tx: tx - before, rx: rx - beforeRx });
    }
    for (const [peerId, deltas] of byPeer) {
      const p = this.peer(peerId);
      if (p.source === 'log' || p.logAt > startedAt) continue;
      let carrying = deltas.filter((d) => d.tx > 0);
      if (carrying.length === 0) carrying = deltas.filter((d) => d.rx > 0);
      // with no traffic, or traffic on several links (a switch inside the window), nothing is learned
      if (carrying.length !== 1) continue;
      const to = carrying[0].link;
      if (p.active !== to) changes.push({ peer: this.nameOf(peerId), peerId, from: p.active, to, source: 'traffic', at });
      p.active = to;
      p.source = 'traffic';
    }
    this.applyActive();
    return changes;
  }

  private applyActive(): void {
    for (const l of this.view.links) {
      const p = this.peers.get(l.peerId);
      l.active = p?.active == null ? null : p.active === l.link;
    }
  }

  onLog(e: LogEvent, at: number): ActiveChange[] {
    const changes: ActiveChange[] = [];
    this.pending.push(...this.detectors.onLog(e, at));
    switch (e.kind) {
      case 'link_down':
      case 'link_up': {
        const key = `${e.host}/${e.link}`;
        this.logLinkAt.set(key, at);
        const connected = e.kind === 'link_up';
        let l = this.view.links.find((x) => x.peerId === e.host && x.link === e.link);
        if (!l) {
          l = { peer: this.nameOf(e.host), peerId: e.host, link: e.link, enabled: true, connected: null, active: null, mtu: null,
            latencyUs: null, latencyMinUs: null, latencyMaxUs: null, latencySamples: null, changedAt: null,
            rttUs: null, rttMinUs: null, rttMaxUs: null, rttCount: 0, rttLost: 0, knetWindowUs: null };
          this.view.links.push(l);
          this.view.links.sort((a, b) => a.peerId - b.peerId || a.link - b.link);
        }
        if (l.connected !== connected) {
          l.connected = connected;
          l.changedAt = at;
          this.pending.push(...this.detectors.onLinkState(l.peer, l.link, at, connected));
        }
        break;
      }
      case 'best_link': {
        const p = this.peer(e.host);
        if (p.active !== e.link) {
          changes.push({ peer: this.nameOf(e.host), peerId: e.host, from: p.active, to: e.link, source: 'log', at });
        }
        p.active = e.link;
        p.source = 'log';
        p.logAt = at;
        break;
      }
      case 'no_active_links': {
        const p = this.peer(e.host);
        p.active = null;
        p.source = 'log';
        p.logAt = at;
        break;
      }
      default:
        return [];
    }
    this.applyActive();
    return changes;
  }
}
