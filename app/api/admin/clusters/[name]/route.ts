import { adminRuntime, NO_STORE } from '@/lib/auth/route-guard';
import { deleteManagedCluster } from '@/lib/runtime/managed-clusters';

export const dynamic = 'force-dynamic';

/** DELETE a UI-managed cluster: its collectors stop; stored samples and events stay until retention expires them. */
export async function DELETE(req: Request, ctx: { params: Promise<{ name: string }> }) {
  const rt = adminRuntime(req);
  if (rt instanceof Response) return rt;
  const name = (await ctx.params).name;
  if (rt.config.clusters.some((c) => c.name === name)) return Response.json({ error: 'defined in corowatch.yaml; remove it there' }, { status: 409 });
  if (!(await deleteManagedCluster(rt.db, name))) return Response.json({ error: 'no such cluster' }, { status: 404 });
  await rt.removeCluster(name);
  return Response.json({ ok: true }, { headers: NO_STORE });
}
