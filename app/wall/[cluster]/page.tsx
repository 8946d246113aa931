import { Wall } from '@/components/wall/Wall';

export const dynamic = 'force-dynamic';

/** /wall/<cluster>: one cluster on the whole screen. */
export default async function WallClusterPage({ params }: { params: Promise<{ cluster: string }> }) {
  const { cluster } = await params;
  return <Wall only={decodeURIComponent(cluster)} />;
}
