import type { Db } from './db';
import type { EventRecord } from '../analyze/views';
import type { Prisma } from './generated/client';
import { dialectOf, type Dialect } from './dialect';

export type LinkSampleRow = Prisma.LinkSampleCreateManyInput;
export type NodeSampleRow = Prisma.NodeSampleCreateManyInput;

const MAX_QUEUED_SAMPLES = 200_000;

const LINK_COLUMNS = [
  'ts', 'cluster', 'node', 'peer', 'link', 'enabled', 'connected', 'active', 'mtu', 'latencyAveUs', 'latencyMinUs',
  'latencyMaxUs', 'latencySamples', 'rxPongPackets', 'txDataPackets', 'rxBytes', 'txBytes', 'downCount', 'rttMinUs',
  'rttAvgUs', 'rttMaxUs', 'rttCount', 'rttLost', 'knetWindowUs',
] as const satisfies ReadonlyArray<keyof LinkSampleRow>;
const NODE_COLUMNS = [
  'ts', 'cluster', 'node', 'reachable', 'corosyncUp', 'quorate', 'members', 'totalVotes', 'ringId', 'pollMs', 'error',
] as const satisfies ReadonlyArray<keyof NodeSampleRow>;
const ROWS_PER_STATEMENT = 400;

// Raw inserts write times as Prisma would (lib/store/dialect.ts: epoch ms on SQLite, ISO text on PostgreSQL);
// PostgreSQL reads 1/0 into its BOOLEAN columns.
function sqlValue(v: unknown, d: Dialect): unknown {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new Error('invalid sample time');
    return d.tsParam(v.getTime());
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  return v ?? null;
}

/**
 * Multi-row INSERTs through Prisma's raw query API: at 1 Hz × hundreds of links, createMany's query compiler
 * was the largest cost of a poll cycle (bench/server-cost.ts).
 */
function insertMany<R extends object>(db: Db, table: string, cols: readonly (keyof R & string)[], rows: R[]): Prisma.PrismaPromise<number>[] {
  const ops: Prisma.PrismaPromise<number>[] = [];
  const d = dialectOf(db);
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    for (const r of chunk) for (const c of cols) params.push(sqlValue(r[c], d));
    let n = 0;
    const rowSql = () => `(${cols.map(() => d.placeholder(++n)).join(',')})`;
    const sql = `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(',')}) VALUES ${chunk.map(rowSql).join(',')}`;
    ops.push(db.$executeRawUnsafe(sql, ...params));
  }
  return ops;
}

/** Queues samples and event changes and writes them in one transaction per flush (one per poll cycle). */
export class StoreWriter {
  private links: LinkSampleRow[] = [];
  private nodes: NodeSampleRow[] = [];
  private events = new Map<string, EventRecord>();
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  lastError: string | null = null;
  dropped = 0;
  written = { links: 0, nodes: 0, events: 0 };
  /** called after each successful write with the events it stored (benchmarks, tests) */
  onWritten: ((events: EventRecord[], at: number) => void) | null = null;

  constructor(private readonly db: Db, private readonly flushMs = 1000) {}

  start(): void {
    this.timer ??= setInterval(() => void this.flush(), this.flushMs);
  }

  addLinkSamples(rows: LinkSampleRow[]): void {
    this.links.push(...rows);
    if (this.links.length > MAX_QUEUED_SAMPLES) {
      const excess = this.links.length - MAX_QUEUED_SAMPLES;
      this.links.splice(0, excess);
      this.dropped += excess;
    }
  }

  addNodeSample(row: NodeSampleRow): void {
    this.nodes.push(row);
  }

  /** Later changes of the same event replace earlier ones in the queue. */
  putEvents(events: EventRecord[]): void {
    for (const e of events) this.events.set(e.id, { ...e });
  }

  get pending(): number {
    return this.links.length + this.nodes.length + this.events.size;
  }

  flush(): Promise<void> {
    if (this.flushing) return this.flushing.then(() => this.flush());
    if (this.pending === 0) return Promise.resolve();
    const links = this.links;
    const nodes = this.nodes;
    const events = [...this.events.values()];
    this.links = [];
    this.nodes = [];
    this.events = new Map();
    this.flushing = this.write(links, nodes, events)
      .then(() => {
        this.lastError = null;
        this.written.links += links.length;
        this.written.nodes += nodes.length;
        this.written.events += events.length;
        this.onWritten?.(events, Date.now());
      })
      .catch((e: Error) => {
        // keep everything for the next attempt: nothing is lost because the database was busy once
        this.lastError = e.message || String(e);
        console.error(`[corowatch] store write failed, will retry: ${this.lastError}`);
        this.links = links.concat(this.links);
        this.nodes = nodes.concat(this.nodes);
        for (const ev of events) if (!this.events.has(ev.id)) this.events.set(ev.id, ev);
      })
      .finally(() => {
        this.flushing = null;
      });
    return this.flushing;
  }

  private async write(links: LinkSampleRow[], nodes: NodeSampleRow[], events: EventRecord[]): Promise<void> {
    const ops: Prisma.PrismaPromise<unknown>[] = [];
    ops.push(...insertMany(this.db, 'LinkSample', LINK_COLUMNS, links));
    ops.push(...insertMany(this.db, 'NodeSample', NODE_COLUMNS, nodes));
    for (const e of events) {
      const data = {
        kind: e.kind, severity: e.severity, cluster: e.cluster, node: e.node, peer: e.peer, link: e.link,
        message: e.message, startedAt: new Date(e.startedAt), endedAt: e.endedAt === null ? null : new Date(e.endedAt),
        details: e.details ? JSON.stringify(e.details) : null,
      };
      ops.push(this.db.event.upsert({ where: { id: e.id }, create: { id: e.id, ...data }, update: data }));
    }
    await this.db.$transaction(ops);
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.flush();
    if (this.pending > 0) await this.flush();
  }
}
