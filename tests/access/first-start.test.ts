// First start without COROWATCH_ADMIN_PASSWORD: a one-time password is printed once and must be changed before
// anything else works; `auth: none` must be said explicitly and opens everything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '@/sim/index';
import { startServer, type ServerHandle } from '../helpers/server';
import { login } from '../helpers/auth';

const dir = mkdtempSync(join(tmpdir(), 'cw-first-'));
let sim: DemoCluster;
let server: ServerHandle | undefined;

describe('first start and the initial password', () => {
  beforeAll(async () => {
    sim = await startDemoCluster({ dir: join(dir, 'sim'), nodes: 2, scenario: false, seed: 5 });
    writeFileSync(join(dir, 'corowatch.yaml'), sim.configYaml());
    writeFileSync(join(dir, 'open.yaml'), `${sim.configYaml()}auth: none\n`);
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('prints a one-time password once, which only opens the password change', async () => {
    const env = { COROWATCH_CONFIG: join(dir, 'corowatch.yaml'), DATABASE_URL: `file:${join(dir, 'db.sqlite')}`, COROWATCH_ADMIN_PASSWORD: '' };
    server = await startServer(env);
    const printed = /one-time password (\S+)/.exec(server.output())?.[1];
    expect(printed).toMatch(/^[A-Za-z0-9_-]{20}$/);
    const s = await login(server.url, 'admin', printed!);
    const h = { cookie: s.cookie, Origin: server.url, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' };
    expect((await fetch(`${server.url}/api/snapshot`, { headers: h })).status).toBe(403);
    const page = await fetch(`${server.url}/`, { headers: { ...h, Accept: 'text/html' }, redirect: 'manual' });
    expect(page.headers.get('location')).toBe('/account/password');
    expect((await fetch(`${server.url}/account/password`, { headers: h })).status).toBe(200);

    const change = (current: string, next: string) => fetch(`${server!.url}/api/auth/password`, { method: 'POST', headers: h, body: JSON.stringify({ current, next }) });
    expect(await (await change('wrong-password', 'a-new-secret-1')).json()).toEqual({ error: 'the current password is wrong' });
    expect((await (await change(printed!, 'short')).json()).error).toMatch(/at least 10/);
    expect((await change(printed!, 'a-new-secret-1')).status).toBe(200);
    expect((await fetch(`${server.url}/api/snapshot`, { headers: h })).status).toBe(200);
    await expect(login(server.url, 'admin', printed!)).rejects.toThrow(/401/);

    await server.stop();
    server = await startServer(env, server.port);
    expect(server.output()).not.toMatch(/one-time password/); // once: the account exists now
    await login(server.url, 'admin', 'a-new-secret-1');
    const db = readFileSync(join(dir, 'db.sqlite'));
    expect(db.includes(Buffer.from('a-new-secret-1'))).toBe(false);
    expect(db.includes(Buffer.from(printed!))).toBe(false);
    await server.stop();
    server = undefined;
  }, 90_000);

  it('opens everything only with an explicit `auth: none`, and says so at start', async () => {
    server = await startServer({ COROWATCH_CONFIG: join(dir, 'open.yaml'), DATABASE_URL: `file:${join(dir, 'open.sqlite')}` });
    expect(server.output()).toMatch(/auth: none: access control is OFF/);
    expect((await fetch(`${server.url}/api/snapshot`)).status).toBe(200);
    expect((await fetch(`${server.url}/admin`)).status).toBe(200);
    // still no state change from another site
    const cross = await fetch(`${server.url}/api/alerts/test`, { method: 'POST', headers: { Origin: 'http://evil.example' } });
    expect(cross.status).toBe(403);
  }, 60_000);
});
