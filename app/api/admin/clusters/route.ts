import { adminRuntime, jsonBody, NO_STORE } from '@/lib/auth/route-guard';
import { managedClusterNames, saveManagedCluster, validateManagedCluster } from '@/lib/runtime/managed-clusters';

export const dynamic = 'force-dynamic';

/** GET: every cluster and its nodes, and which ones an admin may edit here (not those from corowatch.yaml). */
export async function GET(req: Request) {
  const rt = adminRuntime(req);
  if (rt instanceof Response) return rt;
  const managed = await managedClusterNames(rt.db);
  const clusters = rt.clusters.map((c) => ({ ...c.cfg, source: managed.has(c.cfg.name) ? 'ui' : 'file' }));
  return Response.json({ clusters, errors: rt.managedErrors }, { headers: NO_STORE });
}

/** POST a cluster spec (as in corowatch.yaml): adds it, or replaces a UI-managed one of that name; collectors restart. */
export async function POST(req: Request) {
  const rt = adminRuntime(req);
  if (rt instanceof Response) return rt;
  const body = await jsonBody(req);
  if (!body) return Response.json({ error: 'a JSON cluster spec is required' }, { status: 400 });
  const v = validateManagedCluster(body, new Set(rt.config.clusters.map((c) => c.name)));
  if (!v.ok) return Response.json({ error: v.error }, { status: 400 });
  await saveManagedCluster(rt.db, v.cluster);
  await rt.putCluster(v.cluster);
  return Response.json({ cluster: v.cluster }, { status: 200, headers: NO_STORE });
}
