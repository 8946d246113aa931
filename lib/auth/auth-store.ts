import type { Db } from '../store/db';
import { hashPassword } from './password';
import { digest, newSecret } from './secrets';

// Users, sessions and viewer tokens in the database. Only hashes of passwords, session ids and tokens are stored.

export interface SessionUser {
  userId: number;
  username: string;
  role: string;
  mustChangePassword: boolean;
  sessionId: string; // the digest, i.e. the row id
}

export interface ViewerTokenInfo {
  id: number;
  name: string;
  hint: string;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

const TOUCH_EVERY_MS = 60_000;

export class AuthStore {
  constructor(private readonly db: Db) {}

  /**
   * On first start: creates `admin` with COROWATCH_ADMIN_PASSWORD, or with a generated password that is returned
   * (to be printed once) and must be changed at first login. Returns null when users exist or the env var was used.
   */
  async ensureAdmin(envPassword: string | undefined): Promise<string | null> {
    if ((await this.db.user.count()) > 0) return null;
    const generated = envPassword ? null : newSecret(15);
    await this.db.user.create({
      data: { username: 'admin', role: 'admin', passwordHash: await hashPassword(envPassword ?? generated!), mustChangePassword: !envPassword, createdAt: new Date() },
    });
    return generated;
  }

  userByName(username: string) {
    return this.db.user.findUnique({ where: { username } });
  }

  userById(id: number) {
    return this.db.user.findUnique({ where: { id } });
  }

  async setPassword(userId: number, password: string): Promise<void> {
    await this.db.user.update({ where: { id: userId }, data: { passwordHash: await hashPassword(password), mustChangePassword: false } });
  }

  /** Returns the secret for the cookie; the database keeps its digest. */
  async createSession(userId: number, hours: number): Promise<string> {
    const secret = newSecret();
    const now = new Date();
    await this.db.session.create({ data: { id: digest(secret), userId, createdAt: now, lastSeenAt: now, expiresAt: new Date(now.getTime() + hours * 3_600_000) } });
    return secret;
  }

  async session(secret: string): Promise<SessionUser | null> {
    const id = digest(secret);
    const s = await this.db.session.findUnique({ where: { id } });
    if (!s) return null;
    const now = Date.now();
    if (s.expiresAt.getTime() <= now) {
      await this.db.session.deleteMany({ where: { id } });
      return null;
    }
    const u = await this.userById(s.userId);
    if (!u) return null;
    if (now - s.lastSeenAt.getTime() > TOUCH_EVERY_MS) await this.db.session.update({ where: { id }, data: { lastSeenAt: new Date(now) } });
    return { userId: u.id, username: u.username, role: u.role, mustChangePassword: u.mustChangePassword, sessionId: id };
  }

  async endSession(secret: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id: digest(secret) } });
  }

  /** After a password change: every other session of that user ends. */
  async endOtherSessions(userId: number, keepSessionId: string): Promise<void> {
    await this.db.session.deleteMany({ where: { userId, id: { not: keepSessionId } } });
  }

  async purgeExpired(): Promise<void> {
    await this.db.session.deleteMany({ where: { expiresAt: { lt: new Date() } } });
  }

  /** The token is returned once, here; only its digest and a short hint are kept. */
  async createViewerToken(name: string): Promise<{ id: number; token: string }> {
    const token = `cwv_${newSecret()}`;
    const row = await this.db.viewerToken.create({ data: { name, tokenHash: digest(token), hint: `${token.slice(0, 8)}…`, createdAt: new Date() } });
    return { id: row.id, token };
  }

  async listViewerTokens(): Promise<ViewerTokenInfo[]> {
    const rows = await this.db.viewerToken.findMany({ orderBy: { id: 'asc' } });
    return rows.map((r) => ({
      id: r.id, name: r.name, hint: r.hint, createdAt: r.createdAt.getTime(),
      lastUsedAt: r.lastUsedAt?.getTime() ?? null, revokedAt: r.revokedAt?.getTime() ?? null,
    }));
  }

  async revokeViewerToken(id: number): Promise<boolean> {
    const r = await this.db.viewerToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date() } });
    return r.count > 0;
  }

  async viewerTokenActive(id: number): Promise<boolean> {
    const row = await this.db.viewerToken.findUnique({ where: { id } });
    return row !== null && row.revokedAt === null;
  }

  /** The token's id when it is valid (exists, not revoked), else null. */
  async viewerToken(token: string): Promise<number | null> {
    if (!token.startsWith('cwv_') || token.length > 100) return null;
    const row = await this.db.viewerToken.findUnique({ where: { tokenHash: digest(token) } });
    if (!row || row.revokedAt) return null;
    const now = Date.now();
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
      await this.db.viewerToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
    }
    return row.id;
  }
}
