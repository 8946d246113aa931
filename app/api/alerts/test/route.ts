import { getRuntime } from '@/lib/runtime/global';

export const dynamic = 'force-dynamic';

/** POST /api/alerts/test[?target=name]: a test message to every target (or one); answers names and outcomes only. */
export async function POST(req: Request) {
  const rt = getRuntime();
  if (!rt) return Response.json({ error: 'starting' }, { status: 503 });
  const target = new URL(req.url).searchParams.get('target') ?? undefined;
  if (target !== undefined && !rt.alerts.hasTarget(target)) return Response.json({ error: 'no such target' }, { status: 404 });
  const results = await rt.alerts.test(target);
  return Response.json({ results }, { headers: { 'Cache-Control': 'no-store' } });
}
