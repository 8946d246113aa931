import type { IncomingMessage, ServerResponse } from 'node:http';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): true {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
  return true;
}

export function redirect(res: ServerResponse, location: string, headers: Record<string, string | string[]> = {}): true {
  res.writeHead(302, { Location: location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', ...headers });
  res.end();
  return true;
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A plain page for a refusal a person sees in the browser (a wall screen with a revoked token, say). */
export function sendRefusalPage(res: ServerResponse, status: number, title: string, text: string): true {
  res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · corowatch</title>` +
      '<style>body{background:#0d1117;color:#e6edf3;font:20px system-ui,sans-serif;display:grid;place-items:center;height:100vh;margin:0}' +
      'main{max-width:40em;text-align:center}a{color:#58a6ff}</style></head>' +
      `<body><main><h1>${esc(title)}</h1><p>${esc(text)}</p><p><a href="/login">Log in</a></p></main></body></html>`,
  );
  return true;
}

/** Reads a small JSON body; null when it is missing, too large or not JSON. */
export async function readJson(req: IncomingMessage, limit = 8192): Promise<Record<string, unknown> | null> {
  if (!(req.headers['content-type'] ?? '').toLowerCase().startsWith('application/json')) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > limit) return null;
    chunks.push(c as Buffer);
  }
  try {
    const v = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : null;
  } catch {
    return null;
  }
}

/** False for a request a browser sent on behalf of another site (the heart of CSRF and WebSocket hijacking). */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin) {
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }
  const site = req.headers['sec-fetch-site'];
  return site === undefined || site === 'same-origin' || site === 'none';
}

export function clientAddress(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

export function isHttps(req: IncomingMessage): boolean {
  return Boolean((req.socket as { encrypted?: boolean }).encrypted) || req.headers['x-forwarded-proto'] === 'https';
}
