// Live connections are checked again: an expired session or a token revoked behind the gate's back (another
// corowatch on the same database, say) loses its WebSocket at the next check.
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebSocket } from 'ws';
import { openDatabase } from '@/lib/store/db';
import { AuthStore } from '@/lib/auth/auth-store';
import { AccessGate } from '@/lib/auth/gate';
import { digest } from '@/lib/auth/secrets';

const fakeSocket = () => ({ close: vi.fn(), once: vi.fn() }) as unknown as WebSocket & { close: ReturnType<typeof vi.fn> };

describe('re-checking live connections', () => {
  it('closes the sockets of expired sessions and revoked tokens, and only those', async () => {
    const db = await openDatabase(`file:${join(mkdtempSync(join(tmpdir(), 'cw-recheck-')), 'db.sqlite')}`);
    const store = new AuthStore(db);
    await store.ensureAdmin('a-long-password-1');
    const admin = (await store.userByName('admin'))!;
    const gate = new AccessGate(store, { sessionHours: 1, secureCookies: 'auto' });
    const fresh = await store.createSession(admin.id, 1);
    const stale = await store.createSession(admin.id, 1);
    const kept = await store.createViewerToken('kept');
    const gone = await store.createViewerToken('gone');
    const sockets = { fresh: fakeSocket(), stale: fakeSocket(), kept: fakeSocket(), gone: fakeSocket() };
    gate.track(sockets.fresh, { kind: 'admin', user: (await store.session(fresh))!, secret: fresh });
    gate.track(sockets.stale, { kind: 'admin', user: (await store.session(stale))!, secret: stale });
    gate.track(sockets.kept, { kind: 'viewer', tokenId: kept.id });
    gate.track(sockets.gone, { kind: 'viewer', tokenId: gone.id });

    expect(await gate.recheck()).toBe(0);
    await db.session.update({ where: { id: digest(stale) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await store.revokeViewerToken(gone.id); // not through the gate
    expect(await gate.recheck()).toBe(2);
    expect(sockets.stale.close).toHaveBeenCalledWith(4401, expect.any(String));
    expect(sockets.gone.close).toHaveBeenCalledWith(4401, expect.any(String));
    expect(sockets.fresh.close).not.toHaveBeenCalled();
    expect(sockets.kept.close).not.toHaveBeenCalled();
    expect(await gate.recheck()).toBe(0); // closed ones are forgotten
    await db.$disconnect();
  });
});
