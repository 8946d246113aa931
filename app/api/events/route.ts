import { getRuntime } from '@/lib/runtime/global';
import { hasApiFilters, listEventsFiltered, parseEventQuery } from '@/lib/runtime/event-query';

export const dynamic = 'force-dynamic';

export async function GET(req: Request) {
  const rt = getRuntime();
  if (!rt) return Response.json({ error: 'starting' }, { status: 503 });
  const q = parseEventQuery(new URL(req.url).searchParams, rt.config.clusters.map((c) => c.name));
  if ('error' in q) return Response.json({ error: q.error }, { status: 400 });
  let events;
  if (hasApiFilters(q)) {
    await rt.writer.flush(); // as rt.events does: what the page just showed live is also in the answer
    events = await listEventsFiltered(rt.db, q);
  } else {
    events = await rt.events(q);
  }
  return Response.json({
    events: events.map((e) => ({
      id: e.id, kind: e.kind, severity: e.severity, cluster: e.cluster, node: e.node, peer: e.peer, link: e.link,
      message: e.message, startedAt: new Date(e.startedAt).toISOString(),
      endedAt: e.endedAt === null ? null : new Date(e.endedAt).toISOString(), details: e.details,
    })),
  });
}
