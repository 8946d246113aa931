import { getRuntime } from '@/lib/runtime/global';
import { parseHistoryQuery } from '@/lib/runtime/history-query';
import { loadHistory } from '@/lib/runtime/history-load';

export const dynamic = 'force-dynamic';

/** GET /api/history?cluster=&node=&peer=&link=&from=&to=&step=raw|1m|1h|auto: see lib/runtime/history-query.ts. */
export async function GET(req: Request) {
  const rt = getRuntime();
  if (!rt) return Response.json({ error: 'starting' }, { status: 503 });
  const q = parseHistoryQuery(new URL(req.url).searchParams, rt.config);
  if ('error' in q) return Response.json({ error: q.error }, { status: 400 });
  if (q.to > Date.now() - 10 * 60_000) await rt.writer.flush(); // a range that reaches now includes the last poll
  return Response.json(await loadHistory(rt.db, rt.config, q), { headers: { 'cache-control': 'no-store' } });
}
