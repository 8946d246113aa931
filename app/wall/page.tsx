import { Wall } from '@/components/wall/Wall';

export const dynamic = 'force-dynamic';

/** /wall: every cluster; ?rotate=1 shows one cluster at a time, 15 s each. */
export default async function WallPage({ searchParams }: { searchParams: Promise<{ rotate?: string }> }) {
  const sp = await searchParams;
  return <Wall rotate={sp.rotate === '1'} />;
}
