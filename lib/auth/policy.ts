// Who may make which request. Pure, so every route's rule is visible in one place and tested (tests/auth/).

export type Access = 'public' | 'viewer' | 'admin';

const PUBLIC_EXACT = new Set(['/login', '/api/auth/login', '/api/auth/logout', '/favicon.ico']);
// Next's build output: JavaScript and CSS chunks, the same for everybody, holding no data
const PUBLIC_PREFIX = ['/_next/static/'];
// settings, secrets and anything that changes corowatch: admins only, even to look at
const ADMIN_PREFIX = ['/admin', '/api/admin', '/alerts', '/api/alerts', '/account', '/api/auth/'];

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}/`) || (prefix.endsWith('/') && path.startsWith(prefix));

export function isSafeMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

export function requiredAccess(method: string, pathname: string): Access {
  if (PUBLIC_EXACT.has(pathname) || PUBLIC_PREFIX.some((p) => pathname.startsWith(p))) return 'public';
  if (!isSafeMethod(method)) return 'admin';
  if (ADMIN_PREFIX.some((p) => under(pathname, p))) return 'admin';
  return 'viewer';
}

/** Pages an account that must change its password may still reach. */
export function allowedBeforePasswordChange(pathname: string): boolean {
  return pathname === '/account/password' || pathname === '/api/auth/password' || pathname === '/api/auth/logout';
}

/** A browser navigation (gets a redirect to /login) rather than an API call (gets 401 JSON). */
export function wantsPage(method: string, pathname: string, accept: string | undefined): boolean {
  return isSafeMethod(method) && !pathname.startsWith('/api/') && pathname !== '/metrics' && (accept ?? '').includes('text/html');
}

/** Only a relative path on this site may be a post-login target (no open redirect). */
export function safeNext(next: string | null | undefined): string {
  return next && /^\/(?![/\\])[^\s]*$/.test(next) && !next.startsWith('/login') ? next : '/';
}
