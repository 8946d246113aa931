import type { Db } from './db';
import type { EventRecord } from '../analyze/views';
import type { Prisma } from './generated/client';
import { dialectOf, type Dialect } from './dialect';

export type LinkSampleRow = Prisma.LinkSampleCreateManyInput;
export type NodeSampleRow = Prisma.NodeSampleCreateManyInput;

const MAX_QUEUED_SAMPLES = 200_000;

type ColType = 'ts' | 'text' | 'int' | 'bigint' | 'bool';
const LINK_COLUMNS = {
  ts: 'ts', cluster: 'text', node: 'text', peer: 'text', link: 'int', enabled: 'bool', connected: 'bool', active: 'bool', mtu: 'int',
  latencyAveUs: 'int', latencyMinUs: 'int', latencyMaxUs: 'int', latencySamples: 'int', rxPongPackets: 'bigint', txDataPackets: 'bigint',
  rxBytes: 'bigint', txBytes: 'bigint', downCount: 'int', rttMinUs: 'int', rttAvgUs: 'int', rttMaxUs: 'int', rttCount: 'int',
  rttLost: 'int', knetWindowUs: 'int',
} as const satisfies Partial<Record<keyof LinkSampleRow, ColType>>;
const NODE_COLUMNS = {
  ts: 'ts', cluster: 'text', node: 'text', reachable: 'bool', corosyncUp: 'bool', quorate: 'bool', members: 'int', totalVotes: 'int',
  ringId: 'text', pollMs: 'int', error: 'text',
} as const satisfies Partial<Record<keyof NodeSampleRow, ColType>>;
const ROWS_PER_STATEMENT = 1000;
const PG_TYPE: Record<ColType, string> = { ts: 'timestamp(3)', text: 'text', int: 'integer', bigint: 'bigint', bool: 'boolean' };

// Times as Prisma writes them (lib/store/dialect.ts: epoch ms on SQLite, ISO text on PostgreSQL); counters as JSON
// numbers (exact up to 2^53, far beyond any knet byte counter).
function jsonValue(v: unknown, d: Dialect): unknown {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) throw new Error('invalid sample time');
    return d.tsParam(v.getTime());
  }
  if (typeof v === 'bigint') return Number(v);
  return v ?? null;
}

/** `INSERT … SELECT` over one JSON parameter holding every row, unpacked by the database itself. */
function insertSql(d: Dialect, table: string, cols: Record<string, ColType>): string {
  const names = Object.keys(cols);
  const target = `INSERT INTO "${table}" (${names.map((c) => `"${c}"`).join(',')})`;
  if (d.name === 'sqlite') return `${target} SELECT ${names.map((_, i) => `value->>${i}`).join(', ')} FROM json_each(?)`;
  const casts = Object.values(cols).map((t, i) => `(e->>${i})::${PG_TYPE[t]}`);
  return `${target} SELECT ${casts.join(', ')} FROM json_array_elements($1::json) AS e`;
}

/**
 * Samples go in as one JSON parameter per statement, through Prisma's raw query API: at 1 Hz × 2000 links,
 * createMany's query compiler and then Prisma's per-parameter handling of multi-row VALUES were the largest costs
 * of a poll cycle (bench/server-cost.ts).
 */
function insertMany<R extends object>(db: Db, table: string, cols: Record<string, ColType>, rows: R[]): Prisma.PrismaPromise<number>[] {
  const ops: Prisma.PrismaPromise<number>[] = [];
  const d = dialectOf(db);
  const names = Object.keys(cols) as Array<keyof R>;
  const sql = insertSql(d, table, cols);
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT).map((r) => names.map((c) => jsonValue(r[c], d)));
    ops.push(db.$executeRawUnsafe(sql, JSON.stringify(chunk)));
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
