import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { AuthConfig } from '../config/schema';
import { AuthStore, type SessionUser } from './auth-store';
import { CSRF_COOKIE, SESSION_COOKIE, VIEWER_COOKIE, parseCookies, serializeCookie } from './cookies';
import { clientAddress, isHttps, readJson, redirect, sameOrigin, sendJson, sendRefusalPage } from './http-util';
import { LoginThrottle } from './login-throttle';
import { DUMMY_HASH, passwordProblem, verifyPassword } from './password';
import { allowedBeforePasswordChange, isSafeMethod, requiredAccess, safeNext, wantsPage } from './policy';
import { csrfFor, sameSecret } from './secrets';

export type Principal =
  | { kind: 'open' } // `auth: none`
  | { kind: 'admin'; user: SessionUser; secret: string }
  | { kind: 'viewer'; tokenId: number };

/** Set on requests the gate let through, for route handlers to check again; any such header from outside is removed. */
export const PRINCIPAL_HEADER = 'x-corowatch-principal';
export const CSRF_HEADER = 'x-csrf-token';
const VIEWER_COOKIE_DAYS = 400;

/**
 * Every HTTP request and WebSocket upgrade passes here before Next.js sees it (server.ts). The gate answers the
 * login, logout and password endpoints itself and refuses what the principal may not do (lib/auth/policy.ts).
 */
export class AccessGate {
  readonly throttle = new LoginThrottle();
  private sockets = new Map<WebSocket, Principal>();
  private recheckTimer: NodeJS.Timeout | null = null;

  constructor(readonly store: AuthStore, private readonly cfg: AuthConfig, private readonly now = () => Date.now()) {}

  get enabled(): boolean {
    return this.cfg !== 'none';
  }

  private secure(req: IncomingMessage): boolean {
    if (this.cfg === 'none' || this.cfg.secureCookies === 'auto') return isHttps(req);
    return this.cfg.secureCookies;
  }

  async identify(req: IncomingMessage): Promise<Principal | null> {
    if (!this.enabled) return { kind: 'open' };
    const cookies = parseCookies(req.headers.cookie);
    const secret = cookies.get(SESSION_COOKIE);
    if (secret) {
      const user = await this.store.session(secret);
      if (user) return { kind: 'admin', user, secret };
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = bearer ?? cookies.get(VIEWER_COOKIE);
    if (token) {
      const tokenId = await this.store.viewerToken(token);
      if (tokenId !== null) return { kind: 'viewer', tokenId };
    }
    return null;
  }

  /** True when the gate has answered the request itself; false lets it through to Next.js. */
  async http(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
    delete req.headers[PRINCIPAL_HEADER];
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    if (path === '/api/auth/login') return this.login(req, res);
    if (path === '/api/auth/logout') return this.logout(req, res);
    if (!this.enabled) {
      if (!isSafeMethod(method) && !sameOrigin(req)) return sendJson(res, 403, { error: 'cross-site request refused' });
      req.headers[PRINCIPAL_HEADER] = 'open';
      return false;
    }
    const urlToken = url.searchParams.get('token');
    if (urlToken !== null && isSafeMethod(method) && !path.startsWith('/api/')) return this.acceptUrlToken(req, res, url, urlToken);

    const need = requiredAccess(method, path);
    if (need === 'public') return false;
    const p = await this.identify(req);
    const page = wantsPage(method, path, req.headers.accept);
    if (!p) {
      if (page) return redirect(res, `/login?next=${encodeURIComponent(path + url.search)}`);
      return sendJson(res, 401, { error: 'login or viewer token required' }, { 'WWW-Authenticate': 'Bearer realm="corowatch"' });
    }
    if (need === 'admin' && p.kind !== 'admin') {
      if (page) return sendRefusalPage(res, 403, 'Read-only access', 'This viewer token can watch corowatch but not open settings or change anything.');
      return sendJson(res, 403, { error: 'viewer tokens are read-only' });
    }
    if (p.kind === 'admin') {
      if (p.user.mustChangePassword && !allowedBeforePasswordChange(path)) {
        if (page) return redirect(res, '/account/password');
        return sendJson(res, 403, { error: 'change the initial password first (/account/password)' });
      }
      if (!isSafeMethod(method) && !this.csrfOk(req, p.secret)) return sendJson(res, 403, { error: 'missing or wrong CSRF token' });
      if (path === '/api/auth/password') return this.changePassword(req, res, p);
    }
    req.headers[PRINCIPAL_HEADER] = p.kind;
    return false;
  }

  private csrfOk(req: IncomingMessage, secret: string): boolean {
    const sent = req.headers[CSRF_HEADER];
    return typeof sent === 'string' && sameSecret(sent, csrfFor(secret)) && sameOrigin(req);
  }

  /** `/wall?token=…`: the token moves into an HTTP-only cookie and out of the address bar (and Referer headers). */
  private async acceptUrlToken(req: IncomingMessage, res: ServerResponse, url: URL, token: string): Promise<true> {
    if ((await this.store.viewerToken(token)) === null) {
      return sendRefusalPage(res, 401, 'Viewer token not valid', 'This viewer token does not exist or was revoked. Ask an admin for a new wall link.');
    }
    url.searchParams.delete('token');
    const cookie = serializeCookie(VIEWER_COOKIE, token, { httpOnly: true, secure: this.secure(req), sameSite: 'Lax', maxAge: VIEWER_COOKIE_DAYS * 86_400 });
    return redirect(res, url.pathname + url.search, { 'Set-Cookie': cookie });
  }

  private async login(req: IncomingMessage, res: ServerResponse): Promise<true> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' }, { Allow: 'POST' });
    if (!this.enabled) return sendJson(res, 400, { error: 'access control is off (auth: none)' });
    if (!sameOrigin(req)) return sendJson(res, 403, { error: 'cross-site request refused' });
    const body = await readJson(req);
    const username = typeof body?.username === 'string' ? body.username.slice(0, 100) : '';
    const password = typeof body?.password === 'string' ? body.password.slice(0, 1024) : '';
    if (!username || !password) return sendJson(res, 400, { error: 'user name and password required (JSON)' });
    const keys = [`ip:${clientAddress(req)}`, `user:${username.toLowerCase()}`];
    const wait = this.throttle.waitMs(keys, this.now());
    if (wait > 0) {
      const s = Math.ceil(wait / 1000);
      return sendJson(res, 429, { error: `too many failed logins: try again in ${s} s`, retryAfterS: s }, { 'Retry-After': String(s) });
    }
    const user = await this.store.userByName(username);
    const ok = (await verifyPassword(password, user?.passwordHash ?? DUMMY_HASH)) && user !== null;
    if (!ok || !user) {
      this.throttle.failed(keys, this.now());
      console.warn(`[corowatch] failed login for ${JSON.stringify(username)} from ${clientAddress(req)}`);
      return sendJson(res, 401, { error: 'wrong user name or password' });
    }
    this.throttle.succeeded(keys);
    const hours = this.cfg === 'none' ? 0 : this.cfg.sessionHours;
    const secret = await this.store.createSession(user.id, hours);
    const secure = this.secure(req);
    return sendJson(res, 200, { username: user.username, mustChangePassword: user.mustChangePassword, next: safeNext(typeof body?.next === 'string' ? body.next : null) }, {
      'Set-Cookie': [
        serializeCookie(SESSION_COOKIE, secret, { httpOnly: true, secure, sameSite: 'Lax', maxAge: hours * 3600 }),
        // readable by the page, which echoes it in X-CSRF-Token; another site can neither read it nor derive it
        serializeCookie(CSRF_COOKIE, csrfFor(secret), { httpOnly: false, secure, sameSite: 'Strict', maxAge: hours * 3600 }),
      ],
    });
  }

  private async logout(req: IncomingMessage, res: ServerResponse): Promise<true> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' }, { Allow: 'POST' });
    if (!sameOrigin(req)) return sendJson(res, 403, { error: 'cross-site request refused' });
    const secret = parseCookies(req.headers.cookie).get(SESSION_COOKIE);
    if (secret && this.enabled) {
      const user = await this.store.session(secret);
      await this.store.endSession(secret);
      if (user) this.closeSockets((p) => p.kind === 'admin' && p.user.sessionId === user.sessionId);
    }
    const gone = { httpOnly: true, secure: this.secure(req), sameSite: 'Lax' as const, maxAge: 0 };
    return sendJson(res, 200, { ok: true }, {
      'Set-Cookie': [serializeCookie(SESSION_COOKIE, '', gone), serializeCookie(CSRF_COOKIE, '', { ...gone, httpOnly: false }), serializeCookie(VIEWER_COOKIE, '', gone)],
    });
  }

  private async changePassword(req: IncomingMessage, res: ServerResponse, p: Extract<Principal, { kind: 'admin' }>): Promise<true> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: 'POST only' }, { Allow: 'POST' });
    const body = await readJson(req);
    const current = typeof body?.current === 'string' ? body.current : '';
    const next = typeof body?.next === 'string' ? body.next : '';
    const user = await this.store.userById(p.user.userId);
    if (!user || !(await verifyPassword(current, user.passwordHash))) return sendJson(res, 400, { error: 'the current password is wrong' });
    const problem = passwordProblem(next, user.username) ?? (next === current ? 'must differ from the current password' : null);
    if (problem) return sendJson(res, 400, { error: `new password ${problem}` });
    await this.store.setPassword(user.id, next);
    await this.store.endOtherSessions(user.id, p.user.sessionId);
    this.closeSockets((q) => q.kind === 'admin' && q.user.userId === user.id && q.user.sessionId !== p.user.sessionId);
    return sendJson(res, 200, { ok: true });
  }

  /** The WebSocket: same rules as a viewer page, plus an Origin check (a cookie alone must not let another site in). */
  async upgrade(req: IncomingMessage): Promise<Principal | { refused: number; reason: string }> {
    if (!sameOrigin(req)) return { refused: 403, reason: 'cross-site WebSocket refused' };
    const p = await this.identify(req);
    if (!p) return { refused: 401, reason: 'login or viewer token required' };
    if (p.kind === 'admin' && p.user.mustChangePassword) return { refused: 403, reason: 'change the initial password first' };
    return p;
  }

  /** Remembers which principal a live connection belongs to, so revoking a token or logging out cuts it off. */
  track(ws: WebSocket, p: Principal): void {
    this.sockets.set(ws, p);
    ws.once('close', () => this.sockets.delete(ws));
  }

  async revokeViewerToken(id: number): Promise<boolean> {
    const done = await this.store.revokeViewerToken(id);
    this.closeSockets((p) => p.kind === 'viewer' && p.tokenId === id);
    return done;
  }

  /**
   * Sessions expire and tokens may be revoked by another corowatch on the same database: every live connection is
   * checked again this often, and closed when its session or token is no longer valid.
   */
  startRecheck(everyMs = 60_000): void {
    this.recheckTimer ??= setInterval(() => void this.recheck().catch(() => {}), everyMs);
    this.recheckTimer.unref();
  }

  stopRecheck(): void {
    if (this.recheckTimer) clearInterval(this.recheckTimer);
    this.recheckTimer = null;
  }

  async recheck(): Promise<number> {
    let closed = 0;
    for (const [ws, p] of [...this.sockets]) {
      const valid = p.kind === 'open' || (p.kind === 'admin' ? (await this.store.session(p.secret)) !== null : await this.store.viewerTokenActive(p.tokenId));
      if (!valid) {
        ws.close(4401, 'access expired or revoked');
        this.sockets.delete(ws);
        closed++;
      }
    }
    return closed;
  }

  private closeSockets(match: (p: Principal) => boolean): void {
    for (const [ws, p] of this.sockets) if (match(p)) ws.close(4401, 'access revoked');
  }
}
