import { Suspense } from 'react';
import { HistoryPage } from '@/components/history/HistoryPage';
import { getRuntime } from '@/lib/runtime/global';
import './history.css';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'History · corowatch' };

/** /history[?range=15m|1h|6h|24h|7d|30d|90d | ?from=&to=][&s=cluster/node/peer/link…][&ev=eventId]: see HistoryPage. */
export default function Page() {
  const clusters = getRuntime()?.config.clusters.map((c) => ({ name: c.name, nodes: c.nodes.map((n) => n.name) })) ?? [];
  return (
    <Suspense fallback={<main><p className="muted">Loading…</p></main>}>
      <HistoryPage clusters={clusters} />
    </Suspense>
  );
}
