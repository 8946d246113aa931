import type { WebSocket } from 'ws';
import type { ClusterView, EventRecord, NodeView } from '../analyze/views';
import type { DeltaMessage, SnapshotMessage } from './messages';
import { diffNode } from './node-patch';

export interface HubOptions {
  coalesceMs?: number;
  /** a client whose socket has more than this many bytes unsent is too slow and is dropped */
  maxBufferedBytes?: number;
  pingMs?: number;
  heartbeatMs?: number;
}

interface Client {
  ws: WebSocket;
  alive: boolean;
}

/** Pushes state to browsers: one snapshot per new client, then coalesced deltas; never waits on a slow client. */
export class LiveHub {
  private clients = new Set<Client>();
  private dirtyNodes = new Map<string, { cluster: string; node: NodeView }>();
  private dirtyClusters = new Map<string, boolean | null>();
  private dirtyEvents = new Map<string, EventRecord>();
  /** each node as clients last got it, to send only what changed (node-patch.ts) */
  private lastSent = new Map<string, NodeView>();
  private flushTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout;
  private heartbeatTimer: NodeJS.Timeout;
  private seq = 0;
  private lastSentAt = 0;
  droppedClients = 0;
  private readonly opt: Required<HubOptions>;

  constructor(private readonly snapshot: () => { clusters: ClusterView[]; events: EventRecord[] }, opts: HubOptions = {}) {
    this.opt = { coalesceMs: 100, maxBufferedBytes: 4 * 1024 * 1024, pingMs: 15_000, heartbeatMs: 5_000, ...opts };
    this.pingTimer = setInterval(() => this.pingAll(), this.opt.pingMs);
    this.heartbeatTimer = setInterval(() => {
      if (Date.now() - this.lastSentAt >= this.opt.heartbeatMs) this.broadcast(JSON.stringify({ type: 'heartbeat', seq: this.seq, at: Date.now() }));
    }, this.opt.heartbeatMs);
    this.pingTimer.unref();
    this.heartbeatTimer.unref();
  }

  get clientCount(): number {
    return this.clients.size;
  }

  attach(ws: WebSocket): void {
    this.flush(); // the others get what is pending first: the snapshot then matches what later patches start from
    const client: Client = { ws, alive: true };
    this.clients.add(client);
    ws.on('pong', () => (client.alive = true));
    ws.on('close', () => this.clients.delete(client));
    ws.on('error', () => this.clients.delete(client));
    ws.on('message', () => {}); // the protocol is one-way; anything a client sends is ignored
    const snap = this.snapshot();
    const msg: SnapshotMessage = { type: 'snapshot', seq: this.seq, at: Date.now(), ...snap };
    this.send(client, JSON.stringify(msg));
  }

  /** Everybody gets a whole new snapshot (a cluster was added or removed). */
  resync(): void {
    this.flush(); // changes still pending go out first, so the snapshot is the newest word
    this.lastSent.clear(); // clusters came or went: the next change of each node goes out whole
    const msg: SnapshotMessage = { type: 'snapshot', seq: this.seq, at: Date.now(), ...this.snapshot() };
    this.broadcast(JSON.stringify(msg));
  }

  nodeChanged(cluster: string, node: NodeView, quorate: boolean | null): void {
    // views are mutated in place by the model: serialise at flush time, which is the newest state anyway
    this.dirtyNodes.set(`${cluster}/${node.name}`, { cluster, node });
    this.dirtyClusters.set(cluster, quorate);
    this.schedule();
  }

  eventsChanged(events: EventRecord[]): void {
    for (const e of events) this.dirtyEvents.set(e.id, e);
    if (events.length) this.schedule();
  }

  private schedule(): void {
    this.flushTimer ??= setTimeout(() => this.flush(), this.opt.coalesceMs);
  }

  flush(): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = null;
    if (!this.dirtyNodes.size && !this.dirtyEvents.size && !this.dirtyClusters.size) return;
    if (this.clients.size === 0) {
      // nobody to tell: skip diffing and serialising; whoever connects next starts from a snapshot
      this.dirtyNodes.clear();
      this.dirtyClusters.clear();
      this.dirtyEvents.clear();
      this.lastSent.clear();
      return;
    }
    const nodes: DeltaMessage['nodes'] = [];
    const patches: DeltaMessage['patches'] = [];
    for (const [key, { cluster, node }] of this.dirtyNodes) {
      const prev = this.lastSent.get(key);
      const patch = prev ? diffNode(cluster, prev, node) : null;
      if (patch) {
        if (Object.keys(patch.set).length || patch.links.length) patches.push(patch);
      } else {
        nodes.push({ cluster, node });
      }
      this.lastSent.set(key, structuredClone(node)); // the model mutates its views in place
    }
    const msg: DeltaMessage = {
      type: 'delta', seq: ++this.seq, at: Date.now(),
      nodes, patches,
      clusters: [...this.dirtyClusters].map(([name, quorate]) => ({ name, quorate })),
      events: [...this.dirtyEvents.values()],
    };
    this.dirtyNodes.clear();
    this.dirtyClusters.clear();
    this.dirtyEvents.clear();
    this.broadcast(JSON.stringify(msg)); // serialised once for every client
  }

  private broadcast(data: string): void {
    this.lastSentAt = Date.now();
    for (const c of this.clients) this.send(c, data);
  }

  private send(c: Client, data: string): void {
    if (c.ws.readyState !== 1) return;
    if (c.ws.bufferedAmount > this.opt.maxBufferedBytes) {
      this.droppedClients++;
      this.clients.delete(c);
      c.ws.terminate();
      return;
    }
    c.ws.send(data);
  }

  private pingAll(): void {
    for (const c of this.clients) {
      if (!c.alive) {
        this.clients.delete(c);
        c.ws.terminate();
        continue;
      }
      c.alive = false;
      c.ws.ping();
    }
  }

  close(): void {
    clearInterval(this.pingTimer);
    clearInterval(this.heartbeatTimer);
    if (this.flushTimer) clearTimeout(this.flushTimer);
    for (const c of this.clients) c.ws.close(1001, 'server shutting down');
    this.clients.clear();
  }
}
