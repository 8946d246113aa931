import { Suspense } from 'react';
import { LinkPage } from '@/components/charts/LinkPage';
import { getRuntime } from '@/lib/runtime/global';

export const dynamic = 'force-dynamic';

type Params = { cluster: string; node: string; peer: string };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { cluster, node, peer } = await params;
  return { title: `${decodeURIComponent(node)} ⇄ ${decodeURIComponent(peer)} · ${decodeURIComponent(cluster)} · corowatch` };
}

/** /link/<cluster>/<node>/<peer>[?range=15m|1h|6h|24h | ?from=&to= | ?at=]: both directions of a pair, every knet link. */
export default async function Page({ params }: { params: Promise<Params> }) {
  const p = await params;
  const cluster = decodeURIComponent(p.cluster);
  const node = decodeURIComponent(p.node);
  const peer = decodeURIComponent(p.peer);
  const nodes = getRuntime()?.config.clusters.find((c) => c.name === cluster)?.nodes.map((n) => n.name) ?? [];
  return (
    <Suspense fallback={<main><p className="muted">Loading…</p></main>}>
      <LinkPage cluster={cluster} node={node} peer={peer} nodes={nodes} />
    </Suspense>
  );
}
