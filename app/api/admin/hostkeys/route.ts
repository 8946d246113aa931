import { adminRuntime, jsonBody, NO_STORE } from '@/lib/auth/route-guard';
import { acceptHostKey, pendingHostKeys } from '@/lib/runtime/host-keys';

export const dynamic = 'force-dynamic';

/** GET: nodes refused because known_hosts has no key for them, with the fingerprint of the key they presented. */
export async function GET(req: Request) {
  const rt = adminRuntime(req);
  if (rt instanceof Response) return rt;
  return Response.json({ pending: pendingHostKeys(rt) }, { headers: NO_STORE });
}

/** POST {cluster, node, fingerprint}: accept the key that was shown (only if the node still presents that key). */
export async function POST(req: Request) {
  const rt = adminRuntime(req);
  if (rt instanceof Response) return rt;
  const b = await jsonBody(req);
  const [cluster, node, fp] = [b?.cluster, b?.node, b?.fingerprint];
  if (typeof cluster !== 'string' || typeof node !== 'string' || typeof fp !== 'string') {
    return Response.json({ error: 'cluster, node and fingerprint are required' }, { status: 400 });
  }
  const r = acceptHostKey(rt, cluster, node, fp);
  return r.ok ? Response.json({ ok: true, knownHostsLine: r.line }, { headers: NO_STORE }) : Response.json({ error: r.error }, { status: r.status });
}
