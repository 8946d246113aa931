import type { ClusterConfig } from '../config/schema';
import type { CollectorSink } from '../collect/node-collector';
import type { TransportState } from '../collect/transport';
import { ClusterModel, type ModelChange } from '../analyze/cluster-model';
import { interpretProbe, type ProbeReading } from '../analyze/probe-reading';
import type { EventRecord, NodeView } from '../analyze/views';
import type { LinkSampleRow, StoreWriter } from '../store/writer';
import type { LiveHub } from '../live/hub';

/** One cluster's data journey: collector output → model → store and live hub. */
export class ClusterRuntime implements CollectorSink {
  readonly model: ClusterModel;
  readonly recent: EventRecord[] = [];

  constructor(
    readonly cfg: ClusterConfig,
    openEvents: EventRecord[],
    private readonly writer: StoreWriter,
    private readonly hub: LiveHub,
    private readonly onEvents: (events: EventRecord[]) => void = () => {},
  ) {
    this.model = new ClusterModel(cfg, openEvents);
  }

  private publish(change: ModelChange): void {
    if (change.events.length) {
      this.writer.putEvents(change.events);
      this.hub.eventsChanged(change.events);
      this.onEvents(change.events);
    }
    if (change.node) this.hub.nodeChanged(this.cfg.name, change.node, this.model.view().quorate);
  }

  ssh(node: string, state: TransportState, error: string | null): void {
    const at = Date.now();
    const change = this.model.onSsh(node, state, error, at);
    this.publish(change);
    if (state !== 'up' && state !== 'connecting') this.writer.addNodeSample(this.nodeRow(change.node!, at, null));
  }

  probe(node: string, stdout: string, startedAt: number, finishedAt: number): void {
    this.record(node, interpretProbe(stdout), startedAt, finishedAt);
  }

  probeFailed(node: string, error: string, startedAt: number, finishedAt: number): void {
    const reading: ProbeReading = {
      clockMs: null, corosync: 'unknown', corosyncError: null, localNodeId: null, links: [], names: new Map(),
      quorum: null, bonds: [], errors: [{ probe: 'script', error }],
    };
    this.record(node, reading, startedAt, finishedAt);
  }

  private record(node: string, reading: ProbeReading, startedAt: number, finishedAt: number): void {
    const change = this.model.onProbe(node, reading, startedAt, finishedAt);
    this.publish(change);
    const view = change.node!;
    const ts = new Date(finishedAt);
    const stats = new Map(reading.links.map((l) => [`${l.peerId}/${l.link}`, l.stats]));
    const rows: LinkSampleRow[] = view.links.map((l) => {
      const s = stats.get(`${l.peerId}/${l.link}`);
      const big = (n: number | null | undefined) => (n == null ? null : BigInt(n));
      return {
        ts, cluster: this.cfg.name, node, peer: l.peer, link: l.link, enabled: l.enabled, connected: l.connected,
        active: l.active, mtu: l.mtu, latencyAveUs: l.latencyUs, latencyMinUs: l.latencyMinUs, latencyMaxUs: l.latencyMaxUs,
        latencySamples: l.latencySamples, rxPongPackets: big(s?.rxPongPackets), txDataPackets: big(s?.txDataPackets),
        rxBytes: big(s?.rxTotalBytes), txBytes: big(s?.txTotalBytes), downCount: s?.downCount ?? null,
        rttMinUs: l.rttMinUs, rttAvgUs: l.rttUs, rttMaxUs: l.rttMaxUs, rttCount: l.rttCount, rttLost: l.rttLost,
        knetWindowUs: l.knetWindowUs,
      };
    });
    if (view.corosync === 'up') this.writer.addLinkSamples(rows);
    this.writer.addNodeSample(this.nodeRow(view, finishedAt, finishedAt - startedAt));
  }

  private nodeRow(v: NodeView, at: number, pollMs: number | null) {
    return {
      ts: new Date(at), cluster: this.cfg.name, node: v.name, reachable: v.reachable,
      corosyncUp: v.corosync === 'unknown' || v.corosync === 'unresponsive' ? null : v.corosync === 'up',
      quorate: v.quorate, members: v.members.length || null, totalVotes: v.totalVotes, ringId: v.ringId, pollMs,
      error: v.sshError ?? (v.errors.length ? v.errors.map((e) => `${e.probe}: ${e.error}`).join('; ').slice(0, 500) : null),
    };
  }

  logLine(node: string, line: string, arrivedAt: number): void {
    this.publish(this.model.onLogLine(node, line, arrivedAt));
  }

  pingLine(node: string, line: string, arrivedAt: number): void {
    this.publish(this.model.onPingLine(node, line, arrivedAt));
  }

  logFollowing(node: string, following: boolean): void {
    this.publish(this.model.onLogFollowing(node, following));
  }
}
