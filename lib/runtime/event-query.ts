import type { Db } from '../store/db';
import { toEventRecord, type EventQuery } from '../store/queries';
import type { EventRecord } from '../analyze/views';

// Validates /api/events parameters. Times are ISO 8601 or milliseconds since the epoch.

const SEVERITIES = ['info', 'warning', 'critical'] as const;

/** EventQuery plus the optional filters only the API has: node (observer or peer) and severity. */
export interface EventApiQuery extends EventQuery {
  node?: string;
  severity?: EventRecord['severity'][];
}

function parseTime(name: string, v: string | null): Date | undefined | string {
  if (v === null || v === '') return undefined;
  const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  return Number.isNaN(d.getTime()) ? `${name}: not a time: "${v.slice(0, 40)}" (use ISO 8601 or epoch milliseconds)` : d;
}

export function parseEventQuery(params: URLSearchParams, clusters: string[]): EventApiQuery | { error: string } {
  const from = parseTime('from', params.get('from'));
  if (typeof from === 'string') return { error: from };
  const to = parseTime('to', params.get('to'));
  if (typeof to === 'string') return { error: to };
  if (from && to && from > to) return { error: 'from is after to' };
  const cluster = params.get('cluster') || undefined;
  if (cluster && !clusters.includes(cluster)) return { error: `unknown cluster "${cluster.slice(0, 40)}"` };
  const kind = params.get('kind')?.split(',').map((k) => k.trim()).filter(Boolean);
  if (kind?.some((k) => !/^[a-z_]{1,40}$/.test(k))) return { error: 'kind: comma-separated event kinds such as link_down,failover' };
  const limitRaw = params.get('limit');
  const limit = limitRaw === null ? undefined : Number(limitRaw);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 10_000)) return { error: 'limit: an integer from 1 to 10000' };
  const node = params.get('node') || undefined;
  if (node !== undefined && !/^[A-Za-z0-9._-]{1,100}$/.test(node)) return { error: 'node: a node name (letters, digits, dot, dash, underscore)' };
  const sevRaw = params.get('severity')?.split(',').map((s) => s.trim()).filter(Boolean);
  if (sevRaw?.some((s) => !(SEVERITIES as readonly string[]).includes(s))) return { error: 'severity: comma-separated, each one of info, warning, critical' };
  const severity = sevRaw?.length ? (sevRaw as EventRecord['severity'][]) : undefined;
  return { from, to, cluster, kind, limit, ...(node ? { node } : {}), ...(severity ? { severity } : {}) };
}

export function hasApiFilters(q: EventApiQuery): boolean {
  return q.node !== undefined || q.severity !== undefined;
}

/** listEvents with the API's extra filters: events overlapping [from, to], newest first. */
export async function listEventsFiltered(db: Db, q: EventApiQuery): Promise<EventRecord[]> {
  const rows = await db.event.findMany({
    where: {
      cluster: q.cluster,
      kind: q.kind?.length ? { in: q.kind } : undefined,
      severity: q.severity?.length ? { in: q.severity } : undefined,
      startedAt: q.to ? { lte: q.to } : undefined,
      AND: [
        ...(q.from ? [{ OR: [{ endedAt: null }, { endedAt: { gte: q.from } }] }] : []),
        ...(q.node ? [{ OR: [{ node: q.node }, { peer: q.node }] }] : []),
      ],
    },
    orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
    take: Math.min(q.limit ?? 1000, 10_000),
  });
  return rows.map(toEventRecord);
}
