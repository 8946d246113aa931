import { adminRuntime, NO_STORE } from '@/lib/auth/route-guard';

export const dynamic = 'force-dynamic';

/** DELETE: revokes the token; screens using it are disconnected at once. */
export async function DELETE(req: Request, ctx: { params: Promise<{ id: string }> }) {
  const rt = adminRuntime(req);
  if (rt instanceof Response) return rt;
  const id = Number((await ctx.params).id);
  if (!Number.isInteger(id) || id <= 0) return Response.json({ error: 'bad token id' }, { status: 400 });
  const done = await rt.access.revokeViewerToken(id);
  return done ? Response.json({ ok: true }, { headers: NO_STORE }) : Response.json({ error: 'no such active token' }, { status: 404 });
}
