import { getRuntime } from '@/lib/runtime/global';

export const dynamic = 'force-dynamic';

export function GET() {
  const rt = getRuntime();
  if (!rt) return Response.json({ status: 'starting' }, { status: 503 });
  return Response.json({
    status: 'ok',
    uptimeS: Math.round((Date.now() - rt.startedAt) / 1000),
    liveClients: rt.hub.clientCount,
    store: { pending: rt.writer.pending, lastError: rt.writer.lastError },
  });
}
