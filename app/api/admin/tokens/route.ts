import { adminRuntime, jsonBody, NO_STORE } from '@/lib/auth/route-guard';

export const dynamic = 'force-dynamic';

/** GET: viewer tokens (names, hints, use; never the tokens). */
export async function GET(req: Request) {
  const rt = adminRuntime(req);
  if (rt instanceof Response) return rt;
  return Response.json({ tokens: await rt.access.store.listViewerTokens() }, { headers: NO_STORE });
}

/** POST {name}: a new read-only token for a wall screen, answered once with its wall link. */
export async function POST(req: Request) {
  const rt = adminRuntime(req);
  if (rt instanceof Response) return rt;
  if (!rt.access.enabled) return Response.json({ error: 'access control is off (auth: none): no tokens needed' }, { status: 400 });
  const name = (await jsonBody(req))?.name;
  if (typeof name !== 'string' || !/^[\w .@-]{1,60}$/.test(name.trim())) {
    return Response.json({ error: 'name: 1–60 letters, digits, spaces, . @ _ -' }, { status: 400 });
  }
  const { id, token } = await rt.access.store.createViewerToken(name.trim());
  return Response.json({ id, token, wallPath: `/wall?token=${encodeURIComponent(token)}` }, { status: 201, headers: NO_STORE });
}
