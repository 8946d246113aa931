import { getRuntime } from '@/lib/runtime/global';
import { buildMetrics, METRICS_CONTENT_TYPE } from '@/lib/runtime/metrics';

export const dynamic = 'force-dynamic';

/** GET /metrics: Prometheus text format 0.0.4, built from the live snapshot at scrape time (lib/runtime/metrics.ts). */
export async function GET() {
  const rt = getRuntime();
  if (!rt) return new Response('starting\n', { status: 503, headers: { 'content-type': 'text/plain' } });
  const reg = buildMetrics({
    clusters: rt.snapshot().clusters,
    websocketClients: rt.hub.clientCount,
    droppedClients: rt.hub.droppedClients,
    storePending: rt.writer.pending,
  });
  return new Response(await reg.metrics(), { headers: { 'content-type': METRICS_CONTENT_TYPE, 'cache-control': 'no-store' } });
}
