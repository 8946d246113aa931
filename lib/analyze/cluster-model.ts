import type { ClusterConfig } from '../config/schema';
import type { TransportState } from '../collect/transport';
import { parseLogLine } from '../parse/corosync-log';
import { parsePingLine } from '../parse/ping';
import { EventTracker, type Condition } from './event-tracker';
import { toThresholds } from '../config/thresholds';
import { DETECTOR_CONDITION_KINDS } from './node-detectors';
import type { Finding } from './detect/types';
import { nodeConditions } from './conditions';
import { NodeModel, type ActiveChange } from './node-model';
import type { ProbeReading } from './probe-reading';
import { clusterQuorate, type ClusterView, type EventRecord, type NodeView } from './views';

function toCondition(node: string, f: Finding): Condition {
  const where = f.peer ? `${node} → ${f.peer}${f.link !== null ? ` link${f.link}` : ''}` : node;
  return { kind: f.kind, severity: f.severity, node, peer: f.peer, link: f.link, sub: f.sub, message: `${where}: ${f.message}`, details: f.details };
}

export interface ModelChange {
  node: NodeView | null; // set when the node's view changed
  events: EventRecord[]; // created or ended
}

const LOG_TS_TRUST_MS = 5 * 60_000;

/** All nodes of one cluster and the events between them. Pure apart from the time each call is given. */
export class ClusterModel {
  readonly nodes = new Map<string, NodeModel>();
  readonly tracker: EventTracker;
  private names = new Map<number, string>();

  constructor(private readonly cfg: ClusterConfig, openEvents: EventRecord[] = []) {
    this.tracker = new EventTracker(cfg.name, openEvents);
    const th = toThresholds(cfg.thresholds);
    for (const n of cfg.nodes) this.nodes.set(n.name, new NodeModel(n.name, n.host, (id) => this.nameOf(id), th));
  }

  get name(): string {
    return this.cfg.name;
  }

  nameOf(id: number): string {
    const known = this.names.get(id);
    if (known) return known;
    for (const m of this.nodes.values()) if (m.view.nodeId === id) return m.view.name;
    return `node${id}`;
  }

  view(): ClusterView {
    const nodes = [...this.nodes.values()].map((m) => m.view);
    return { name: this.cfg.name, quorate: clusterQuorate(nodes), pollIntervalMs: this.cfg.pollIntervalMs, nodes };
  }

  private model(node: string): NodeModel {
    const m = this.nodes.get(node);
    if (!m) throw new Error(`unknown node ${node} in cluster ${this.cfg.name}`);
    return m;
  }

  private judge(m: NodeModel, at: number, active: ActiveChange[] = []): EventRecord[] {
    const { scope, conditions } = nodeConditions(m.view);
    const node = m.view.name;
    if (m.view.reachable && m.view.corosync === 'up') {
      for (const k of DETECTOR_CONDITION_KINDS) scope.add(k);
      conditions.push(...m.detectors.conditions(at).map((f) => toCondition(node, f)));
    }
    const events = this.tracker.reconcile(node, scope, conditions, at);
    for (const c of active) events.push(...this.failover(node, c));
    events.push(...this.instants(m, at));
    return events;
  }

  /** Detector instants (spikes, token loss, MTU changes …) as events that start and end at once. */
  private instants(m: NodeModel, at: number): EventRecord[] {
    const found = [...m.pending, ...m.detectors.flush(at)];
    m.pending = [];
    return found.map((f) => {
      const end = typeof f.details?.endedAt === 'number' ? (f.details.endedAt as number) : f.at;
      return this.tracker.instant(toCondition(m.view.name, f), f.at, end);
    });
  }

  private failover(node: string, c: ActiveChange): EventRecord[] {
    const open = this.tracker.findOpen((e) => e.kind === 'failover' && e.node === node && e.peer === c.peer);
    const out: EventRecord[] = [];
    const origin = open ? (open.details?.from as number) : c.from;
    // c.from null: which link carried traffic was not known before; only a return to the origin means anything
    if (c.from === null && (!open || c.to !== origin)) return out;
    if (open) out.push(this.tracker.endEvent(open, c.at));
    if (open && c.to === origin) {
      out.push(this.tracker.instant({
        kind: 'failback', severity: 'info', node, peer: c.peer, link: c.to,
        message: `${node} → ${c.peer}: link${c.from ?? (open.details?.to as number)} → link${c.to}`,
        details: { from: c.from ?? open.details?.to, to: c.to, source: c.source, after: open.id },
      }, c.at));
    } else if (c.from !== c.to) {
      out.push(this.tracker.openEvent({
        kind: 'failover', severity: 'warning', node, peer: c.peer, link: c.to,
        message: `${node} → ${c.peer}: link${c.from} → link${c.to}`,
        details: { from: origin ?? c.from, to: c.to, source: c.source },
      }, c.at));
    }
    return out;
  }

  onSsh(node: string, state: TransportState, error: string | null, at: number): ModelChange {
    const m = this.model(node);
    m.onSsh(state, error);
    return { node: m.view, events: this.judge(m, at) };
  }

  onLogFollowing(node: string, following: boolean): ModelChange {
    const m = this.model(node);
    if (m.view.logFollowing === following) return { node: null, events: [] };
    m.onLogFollowing(following);
    return { node: m.view, events: [] };
  }

  onProbe(node: string, reading: ProbeReading, startedAt: number, finishedAt: number): ModelChange {
    for (const [id, name] of reading.names) this.names.set(id, name);
    const m = this.model(node);
    if (!m.view.reachable) return { node: null, events: [] }; // late answer from a connection that is gone
    const active = m.onProbe(reading, startedAt, finishedAt);
    return { node: m.view, events: this.judge(m, finishedAt, active) };
  }

  onPingLine(node: string, line: string, arrivedAt: number): ModelChange {
    const p = parsePingLine(line);
    if (!p || p.kind === 'info') return { node: null, events: [] };
    const m = this.model(node);
    if (!m.view.reachable) return { node: null, events: [] };
    m.onPing(p.t === null ? { ...p, t: arrivedAt } : p);
    // conditions are judged once per poll; instants (a spike that just ended) go out at once
    return { node: null, events: m.pending.length ? this.instants(m, arrivedAt) : [] };
  }

  onLogLine(node: string, line: string, arrivedAt: number): ModelChange {
    const parsed = parseLogLine(line, new Date(arrivedAt));
    if (!parsed?.event) return { node: null, events: [] };
    const at = parsed.ts !== null && Math.abs(parsed.ts - arrivedAt) < LOG_TS_TRUST_MS ? Math.min(parsed.ts, arrivedAt) : arrivedAt;
    const m = this.model(node);
    if (!m.view.reachable || m.view.corosync === 'down') return { node: null, events: [] };
    const active = m.onLog(parsed.event, at);
    return { node: m.view, events: this.judge(m, at, active) };
  }
}
