import type { Db } from './db';
import type { EventRecord } from '../analyze/views';
import type { Event } from './generated/client';

export function toEventRecord(e: Event): EventRecord {
  let details: Record<string, unknown> | null = null;
  if (e.details) {
    try {
      details = JSON.parse(e.details);
    } catch {
      details = { raw: e.details };
    }
  }
  return {
    id: e.id, kind: e.kind, severity: e.severity as EventRecord['severity'], cluster: e.cluster, node: e.node,
    peer: e.peer, link: e.link, message: e.message, startedAt: e.startedAt.getTime(),
    endedAt: e.endedAt ? e.endedAt.getTime() : null, details,
  };
}

export async function loadOpenEvents(db: Db, cluster: string): Promise<EventRecord[]> {
  const rows = await db.event.findMany({ where: { cluster, endedAt: null } });
  return rows.map(toEventRecord);
}

export interface EventQuery {
  from?: Date;
  to?: Date;
  cluster?: string;
  kind?: string[];
  limit?: number;
}

/** Events that overlap [from, to], newest first. */
export async function listEvents(db: Db, q: EventQuery): Promise<EventRecord[]> {
  const rows = await db.event.findMany({
    where: {
      cluster: q.cluster,
      kind: q.kind?.length ? { in: q.kind } : undefined,
      startedAt: q.to ? { lte: q.to } : undefined,
      ...(q.from ? { OR: [{ endedAt: null }, { endedAt: { gte: q.from } }] } : {}),
    },
    orderBy: [{ startedAt: 'desc' }, { id: 'asc' }],
    take: Math.min(q.limit ?? 1000, 10_000),
  });
  return rows.map(toEventRecord);
}
