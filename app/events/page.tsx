import { Suspense } from 'react';
import { EventTimeline } from '@/components/timeline/EventTimeline';
import { getRuntime } from '@/lib/runtime/global';
import '../history/history.css';

export const dynamic = 'force-dynamic';
export const metadata = { title: 'Events · corowatch' };

/** /events[?cluster=&node=&kind=&severity=&since=]: every stored event, newest first, each linked to its link chart. */
export default function Page() {
  const clusters = getRuntime()?.config.clusters.map((c) => ({ name: c.name, nodes: c.nodes.map((n) => n.name) })) ?? [];
  return (
    <Suspense fallback={<main><p className="muted">Loading…</p></main>}>
      <EventTimeline clusters={clusters} />
    </Suspense>
  );
}
