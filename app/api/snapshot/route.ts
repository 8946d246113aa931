import { getRuntime } from '@/lib/runtime/global';

export const dynamic = 'force-dynamic';

export function GET() {
  const rt = getRuntime();
  if (!rt) return Response.json({ error: 'starting' }, { status: 503 });
  return Response.json({ at: new Date().toISOString(), ...rt.snapshot() });
}
