import type { ClusterConfig, CorowatchConfig } from '../config/schema';
import { NodeCollector } from '../collect/node-collector';
import { SshTransport } from '../collect/ssh-transport';
import type { Transport } from '../collect/transport';
import type { ClusterView, EventRecord } from '../analyze/views';
import { openDatabase, type Db } from '../store/db';
import { StoreWriter } from '../store/writer';
import { listEvents, loadOpenEvents, type EventQuery } from '../store/queries';
import { LiveHub } from '../live/hub';
import { ClusterRuntime } from './cluster-runtime';
import { HistoryJobs } from './history-jobs';
import { AlertDispatcher } from '../alerts/dispatcher';
import { AccessGate } from '../auth/gate';
import { AuthStore } from '../auth/auth-store';
import { loadManagedClusters } from './managed-clusters';

const RECENT_EVENTS = 50;

export interface RuntimeOptions {
  databaseUrl: string;
  /** replaces SSH, for tests and benchmarks */
  transportFor?: (cluster: string, node: string) => Transport;
}

/** Everything that runs in the background of the server, created once per process. */
export class Runtime {
  readonly clusters: ClusterRuntime[] = [];
  readonly collectors: NodeCollector[] = [];
  readonly startedAt = Date.now();
  private recent: EventRecord[] = [];
  private eventListeners: Array<(events: EventRecord[]) => void> = [];
  hub!: LiveHub;
  writer!: StoreWriter;
  /** rollups and retention, every minute in the background */
  history!: HistoryJobs;
  /** alert rules → webhook/Slack/ntfy/SMTP, fed by onEvents, sending in the background */
  alerts!: AlertDispatcher;
  /** logins, sessions, viewer tokens: every request passes it first (server.ts) */
  access!: AccessGate;

  /** clusters an admin added in the UI that could not be started (invalid stored spec), with why */
  managedErrors: string[] = [];
  private transportFor?: RuntimeOptions['transportFor'];
  private sessionPurge: NodeJS.Timeout | null = null;

  private constructor(readonly config: CorowatchConfig, readonly db: Db) {}

  static async start(config: CorowatchConfig, opts: RuntimeOptions): Promise<Runtime> {
    const db = await openDatabase(opts.databaseUrl);
    const rt = new Runtime(config, db);
    rt.access = new AccessGate(new AuthStore(db), config.auth);
    rt.access.startRecheck();
    const flushMs = Math.min(1000, ...config.clusters.map((c) => c.pollIntervalMs));
    rt.writer = new StoreWriter(db, flushMs);
    rt.hub = new LiveHub(() => rt.liveSnapshot());
    rt.recent = (await listEvents(db, { limit: RECENT_EVENTS })).reverse();
    rt.transportFor = opts.transportFor;
    const managed = await loadManagedClusters(db, new Set(config.clusters.map((c) => c.name)));
    rt.managedErrors = managed.errors;
    for (const e of managed.errors) console.error(`[corowatch] ${e}`);
    for (const c of [...config.clusters, ...managed.clusters]) await rt.attachCluster(c);
    rt.alerts = new AlertDispatcher(config.alerts, { openEvents: rt.clusters.flatMap((c) => c.model.tracker.openEvents()) });
    rt.onEvents(rt.alerts.onEvents);
    rt.writer.start();
    rt.history = new HistoryJobs(db, config.retention);
    rt.history.start();
    for (const col of rt.collectors) col.start();
    rt.sessionPurge = setInterval(() => void rt.access.store.purgeExpired().catch(() => {}), 3_600_000);
    rt.sessionPurge.unref();
    return rt;
  }

  private async attachCluster(c: ClusterConfig): Promise<NodeCollector[]> {
    const cr = new ClusterRuntime(c, await loadOpenEvents(this.db, c.name), this.writer, this.hub, (evs) => this.remember(evs));
    this.clusters.push(cr);
    const added = c.nodes.map((n) => {
      const transport =
        this.transportFor?.(c.name, n.name) ??
        new SshTransport({ host: n.host, port: n.port, user: n.user, identityFile: n.identityFile, knownHostsFile: this.config.knownHosts });
      return new NodeCollector(c, n, transport, cr);
    });
    this.collectors.push(...added);
    return added;
  }

  /** A cluster an admin added or changed: its old collectors stop first, the new ones start; pages get a fresh snapshot. */
  async putCluster(c: ClusterConfig): Promise<void> {
    await this.removeCluster(c.name, false);
    for (const col of await this.attachCluster(c)) col.start();
    this.hub.resync();
  }

  async removeCluster(name: string, resync = true): Promise<void> {
    const i = this.clusters.findIndex((c) => c.cfg.name === name);
    if (i < 0) return;
    this.clusters.splice(i, 1);
    const gone = this.collectors.filter((c) => c.cluster.name === name);
    for (const g of gone) this.collectors.splice(this.collectors.indexOf(g), 1);
    await Promise.all(gone.map((g) => g.stop()));
    if (resync) this.hub.resync();
  }

  /** Called with every event created or changed, as it happens (alerts, tests). */
  onEvents(listener: (events: EventRecord[]) => void): () => void {
    this.eventListeners.push(listener);
    return () => {
      this.eventListeners = this.eventListeners.filter((l) => l !== listener);
    };
  }

  private remember(events: EventRecord[]): void {
    for (const l of this.eventListeners) {
      try {
        l(events);
      } catch (e) {
        console.error('[corowatch] event listener failed:', (e as Error).message);
      }
    }
    for (const e of events) {
      const i = this.recent.findIndex((r) => r.id === e.id);
      if (i >= 0) this.recent[i] = e;
      else this.recent.push(e);
    }
    if (this.recent.length > RECENT_EVENTS * 2) this.recent.splice(0, this.recent.length - RECENT_EVENTS);
  }

  snapshot(): { clusters: ClusterView[] } {
    return { clusters: this.clusters.map((c) => c.model.view()) };
  }

  private liveSnapshot(): { clusters: ClusterView[]; events: EventRecord[] } {
    const open = this.clusters.flatMap((c) => c.model.tracker.openEvents());
    const ids = new Set(open.map((e) => e.id));
    const events = [...open, ...this.recent.filter((e) => !ids.has(e.id)).slice(-RECENT_EVENTS)];
    return { ...this.snapshot(), events: events.sort((a, b) => b.startedAt - a.startedAt) };
  }

  async events(q: EventQuery): Promise<EventRecord[]> {
    await this.writer.flush(); // what the page just showed live is also in the answer
    return listEvents(this.db, q);
  }

  async stop(): Promise<void> {
    if (this.sessionPurge) clearInterval(this.sessionPurge);
    this.access.stopRecheck();
    await Promise.all(this.collectors.map((c) => c.stop()));
    await this.alerts.idle(1000); // a moment for messages already queued
    this.alerts.stop();
    this.hub.close();
    await this.history.stop();
    await this.writer.close();
    await this.db.$disconnect();
  }
}
