// State-changing requests carry the session's CSRF token (lib/auth/gate.ts), which the login set in a cookie the
// page can read and other sites cannot.
export function csrfHeaders(): Record<string, string> {
  if (typeof document === 'undefined') return {};
  const m = /(?:^|;\s*)corowatch_csrf=([^;]+)/.exec(document.cookie);
  return m ? { 'X-CSRF-Token': decodeURIComponent(m[1]) } : {};
}

/** fetch for POST/PUT/DELETE with JSON and the CSRF header; answers the parsed JSON body and the status. */
export async function sendJson<T = Record<string, unknown>>(method: string, url: string, body?: unknown): Promise<{ status: number; data: T }> {
  const r = await fetch(url, {
    method,
    headers: { ...csrfHeaders(), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await r.json().catch(() => ({}))) as T;
  return { status: r.status, data };
}
