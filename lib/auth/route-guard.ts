import { getRuntime } from '../runtime/global';
import type { Runtime } from '../runtime/runtime';
import { PRINCIPAL_HEADER } from './gate';

/**
 * For admin route handlers: the gate in server.ts has already refused anyone else; this checks its mark again so a
 * handler reached some other way (a changed policy, a test server) never acts for a viewer.
 */
export function adminRuntime(req: Request): Runtime | Response {
  const who = req.headers.get(PRINCIPAL_HEADER);
  if (who !== 'admin' && who !== 'open') return Response.json({ error: 'admins only' }, { status: 403 });
  const rt = getRuntime();
  if (!rt) return Response.json({ error: 'starting' }, { status: 503 });
  return rt;
}

export async function jsonBody(req: Request): Promise<Record<string, unknown> | null> {
  try {
    const v = await req.json();
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export const NO_STORE = { 'Cache-Control': 'no-store' };
