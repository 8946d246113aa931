import { getRuntime } from '@/lib/runtime/global';
import { loadSeries, parseSeriesQuery } from '@/lib/runtime/series-query';

export const dynamic = 'force-dynamic';

/** GET /api/series?cluster=&node=&peer=&from=&to= (or at=): both directions, every knet link; see series-query.ts. */
export async function GET(req: Request) {
  const rt = getRuntime();
  if (!rt) return Response.json({ error: 'starting' }, { status: 503 });
  const q = parseSeriesQuery(new URL(req.url).searchParams, rt.config);
  if ('error' in q) return Response.json({ error: q.error }, { status: 400 });
  await rt.writer.flush(); // the last poll the overview showed is in the answer too
  return Response.json(await loadSeries(rt.db, rt.config, q), { headers: { 'cache-control': 'no-store' } });
}
