// Access control through the real server (server.ts, production build) against the demo simulator: every page,
// API route and the WebSocket refuse strangers; viewer tokens read but never change; CSRF; host keys; UI clusters;
// login throttling (last: it blocks this address for a while).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { startDemoCluster, type DemoCluster } from '@/sim/index';
import { fingerprint } from '@/lib/collect/known-hosts';
import { startServer, type ServerHandle } from '../helpers/server';
import { appRoutes, configWithoutHostKey, login, type Session } from '../helpers/auth';

const PASSWORD = 'test-admin-pass-42';
const dir = mkdtempSync(join(tmpdir(), 'cw-access-'));
let sim: DemoCluster;
let server: ServerHandle;
let admin: Session;
let env: Record<string, string>;
let hiddenNode: string;
let hiddenLine: string;

type Snap = { clusters: Array<{ name: string; nodes: Array<{ name: string; reachable: boolean | null; sshState?: string }> }> };

async function snapshot(headers: Record<string, string>): Promise<Snap> {
  const r = await fetch(`${server.url}/api/snapshot`, { headers });
  expect(r.status).toBe(200);
  return (await r.json()) as Snap;
}

const asAdmin = (extra: Record<string, string> = {}) => ({ cookie: admin.cookie, 'X-CSRF-Token': admin.csrf, Origin: server.url, ...extra });

function post(path: string, body: unknown, headers: Record<string, string>, method = 'POST') {
  return fetch(`${server.url}${path}`, { method, headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body), redirect: 'manual' });
}

/** Opens the live WebSocket; resolves with the first message or the HTTP status of the refusal. */
function openLive(headers: Record<string, string>, origin?: string): Promise<{ ws: WebSocket; first: string } | { status: number }> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/live`, { headers, origin });
    ws.once('message', (d) => resolve({ ws, first: d.toString() }));
    ws.once('unexpected-response', (_req, res) => resolve({ status: res.statusCode ?? 0 }));
    ws.once('error', () => resolve({ status: -1 }));
  });
}

describe('access control on the running server', () => {
  beforeAll(async () => {
    sim = await startDemoCluster({ dir: join(dir, 'sim'), nodes: 3, scenario: false, seed: 3 });
    hiddenNode = sim.nodes[2].name;
    const { config, omitted } = configWithoutHostKey(sim, dir, 2);
    hiddenLine = omitted;
    env = { COROWATCH_CONFIG: config, DATABASE_URL: `file:${join(dir, 'db.sqlite')}`, COROWATCH_ADMIN_PASSWORD: PASSWORD };
    server = await startServer(env);
    admin = await login(server.url, 'admin', PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('refuses every page, API route, /metrics and the WebSocket without a session or token', async () => {
    const routes = appRoutes();
    expect(routes.length).toBeGreaterThan(15);
    const open = new Set(['/login']);
    for (const r of routes) {
      for (const m of r.methods) {
        const res = await fetch(`${server.url}${r.path}`, { method: m, redirect: 'manual', headers: { Accept: r.kind === 'page' ? 'text/html' : 'application/json' } });
        if (open.has(r.path)) {
          expect(res.status, `${m} ${r.path}`).toBe(200);
        } else if (r.kind === 'page') {
          expect(res.status, `${m} ${r.path}`).toBe(302);
          expect(res.headers.get('location')).toBe(`/login?next=${encodeURIComponent(r.path)}`);
        } else {
          expect(res.status, `${m} ${r.path}`).toBe(401);
          expect(await res.text()).not.toContain('pve');
        }
      }
    }
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/api/snapshot`, { headers: { cookie: 'corowatch_session=forged' } })).status).toBe(401);
    expect(await openLive({})).toEqual({ status: 401 });
    expect(await openLive({ cookie: 'corowatch_viewer=cwv_forged' })).toEqual({ status: 401 });
  });

  it('lets an admin session see everything, the WebSocket only from its own origin', async () => {
    for (const r of appRoutes().filter((x) => x.kind === 'page' && x.path !== '/login')) {
      const res = await fetch(`${server.url}${r.path}`, { headers: { cookie: admin.cookie }, redirect: 'manual' });
      expect([200, 404], r.path).toContain(res.status); // 404: a sample value the page does not know
    }
    const live = await openLive({ cookie: admin.cookie }, server.url);
    expect('first' in live && JSON.parse(live.first).type).toBe('snapshot');
    if ('ws' in live) live.ws.close();
    expect(await openLive({ cookie: admin.cookie }, 'http://evil.example')).toEqual({ status: 403 });
  });

  it('refuses state changes without the CSRF token or from another origin', async () => {
    expect((await post('/api/admin/tokens', { name: 'x' }, { cookie: admin.cookie, Origin: server.url })).status).toBe(403);
    expect((await post('/api/admin/tokens', { name: 'x' }, { cookie: admin.cookie, 'X-CSRF-Token': 'wrong', Origin: server.url })).status).toBe(403);
    expect((await post('/api/admin/tokens', { name: 'x' }, asAdmin({ Origin: 'http://evil.example' }))).status).toBe(403);
    expect((await post('/api/alerts/test', {}, { cookie: admin.cookie })).status).toBe(403);
    const ok = await post('/api/admin/tokens', { name: 'csrf ok' }, asAdmin());
    expect(ok.status).toBe(201);
  });

  it('gives a viewer token read-only access: pages and live data yes, settings and changes never; revoking cuts it off', async () => {
    const created = await post('/api/admin/tokens', { name: 'NOC wall' }, asAdmin());
    const { id, token, wallPath } = (await created.json()) as { id: number; token: string; wallPath: string };
    expect(token).toMatch(/^cwv_/);
    const list = await (await fetch(`${server.url}/api/admin/tokens`, { headers: { cookie: admin.cookie } })).text();
    expect(list).toContain('NOC wall');
    expect(list).not.toContain(token); // shown once, never again
    expect(readFileSync(join(dir, 'db.sqlite')).includes(Buffer.from(token))).toBe(false);

    // the wall link: the token moves into an HTTP-only cookie and out of the URL
    const first = await fetch(`${server.url}${wallPath}`, { redirect: 'manual', headers: { Accept: 'text/html' } });
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe('/wall');
    const setCookie = first.headers.getSetCookie().join('\n');
    expect(setCookie).toMatch(/corowatch_viewer=cwv_[^;]+; Path=\/; SameSite=Lax; HttpOnly/);
    const viewer = { cookie: `corowatch_viewer=${token}` };
    const bearer = { Authorization: `Bearer ${token}` };
    for (const p of ['/', '/wall', '/events', '/history']) expect((await fetch(`${server.url}${p}`, { headers: viewer })).status, p).toBe(200);
    expect((await fetch(`${server.url}/metrics`, { headers: bearer })).status).toBe(200);
    expect((await snapshot(bearer)).clusters[0].name).toBe('demo');

    for (const r of appRoutes()) {
      for (const m of r.methods.filter((x) => x !== 'GET')) {
        const res = await fetch(`${server.url}${r.path}`, { method: m, headers: { ...viewer, 'Content-Type': 'application/json', Origin: server.url }, body: '{}' });
        expect(res.status, `${m} ${r.path}`).toBe(403);
      }
    }
    for (const p of ['/admin', '/alerts', '/account/password', '/api/admin/tokens', '/api/admin/hostkeys', '/api/admin/clusters']) {
      expect((await fetch(`${server.url}${p}`, { headers: bearer, redirect: 'manual' })).status, p).toBe(403);
    }
    expect((await fetch(`${server.url}/api/auth/password`, { method: 'POST', headers: { ...bearer, 'Content-Type': 'application/json' }, body: '{"current":"x","next":"yyyyyyyyyyyy"}' })).status).toBe(403);

    const live = await openLive(viewer);
    if (!('ws' in live)) throw new Error(`viewer WebSocket refused: ${JSON.stringify(live)}`);
    const closed = new Promise<number>((r) => live.ws.once('close', (code) => r(code)));
    expect((await post(`/api/admin/tokens/${id}`, {}, asAdmin(), 'DELETE')).status).toBe(200);
    expect(await closed).toBe(4401);
    expect((await fetch(`${server.url}/api/snapshot`, { headers: bearer })).status).toBe(401);
    expect((await fetch(`${server.url}${wallPath}`, { redirect: 'manual' })).status).toBe(401);
  });

  it('never logs in to a node whose host key is not accepted; accepting the shown fingerprint connects it', async () => {
    const hidden = () => snapshot({ cookie: admin.cookie }).then((s) => s.clusters[0].nodes.find((n) => n.name === hiddenNode)!);
    await expect.poll(async () => (await (await fetch(`${server.url}/api/admin/hostkeys`, { headers: { cookie: admin.cookie } })).json()).pending.length, { timeout: 15_000 }).toBe(1);
    const { pending } = (await (await fetch(`${server.url}/api/admin/hostkeys`, { headers: { cookie: admin.cookie } })).json()) as { pending: Array<{ node: string; fingerprint: string; keyType: string }> };
    const line = hiddenLine;
    expect(pending[0]).toMatchObject({ node: hiddenNode, keyType: 'ssh-ed25519', fingerprint: fingerprint(Buffer.from(line.split(' ')[2], 'base64')) });
    expect((await hidden()).reachable).not.toBe(true);
    const before = sim.sshStats(hiddenNode);
    expect(before.connections).toBeGreaterThan(0); // it was contacted (key exchange)…
    expect(before.authAttempts).toBe(0); // …but never authenticated to
    expect(before.execs).toBe(0);

    const wrong = await post('/api/admin/hostkeys', { cluster: 'demo', node: hiddenNode, fingerprint: 'SHA256:not-the-key' }, asAdmin());
    expect(wrong.status).toBe(409);
    expect(sim.sshStats(hiddenNode).authAttempts).toBe(0);
    const ok = await post('/api/admin/hostkeys', { cluster: 'demo', node: hiddenNode, fingerprint: pending[0].fingerprint }, asAdmin());
    expect(ok.status).toBe(200);
    await expect.poll(async () => (await hidden()).reachable, { timeout: 15_000 }).toBe(true);
    expect(sim.sshStats(hiddenNode).execs).toBeGreaterThan(0);
    expect(readFileSync(join(dir, 'known_hosts'), 'utf8')).toContain(line.split(' ').slice(0, 3).join(' '));
  });

  it('lets an admin add, edit and remove a cluster in the UI API; it survives a restart', async () => {
    const spec = (nodes: number) => ({
      name: 'second', pollIntervalMs: 1000,
      nodes: sim.nodes.slice(0, nodes).map((n) => ({ name: `s-${n.name}`, host: '127.0.0.1', port: n.port, user: 'root', identityFile: sim.identityFile })),
    });
    const bad = await post('/api/admin/clusters', { ...spec(1), nodes: [{ ...spec(1).nodes[0], identityFile: 'id_rsa' }] }, asAdmin());
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/identityFile: must be an absolute path/);
    const clash = await post('/api/admin/clusters', { ...spec(1), name: 'demo' }, asAdmin());
    expect(((await clash.json()) as { error: string }).error).toMatch(/defined in corowatch.yaml/);
    const inject = await post('/api/admin/clusters', { ...spec(1), logCommand: 'tail -F /var/log/x; rm -rf /' }, asAdmin());
    expect(inject.status).toBe(400);
    // plain words are still a command on every node: the UI may only pick from a fixed list
    const plain = await post('/api/admin/clusters', { ...spec(1), logCommand: 'rm -rf /var/log/corosync' }, asAdmin());
    expect(plain.status).toBe(400);
    expect(((await plain.json()) as { error: string }).error).toMatch(/^logCommand: one of/);

    expect((await post('/api/admin/clusters', spec(1), asAdmin())).status).toBe(200);
    const second = async () => (await snapshot({ cookie: admin.cookie })).clusters.find((c) => c.name === 'second');
    await expect.poll(async () => (await second())?.nodes.map((n) => n.reachable).join(), { timeout: 15_000 }).toBe('true');
    expect((await post('/api/admin/clusters', spec(2), asAdmin())).status).toBe(200); // edit: a second node
    await expect.poll(async () => (await second())?.nodes.map((n) => n.reachable).join(), { timeout: 15_000 }).toBe('true,true');

    await server.stop();
    server = await startServer(env, server.port);
    admin = await login(server.url, 'admin', PASSWORD);
    await expect.poll(async () => (await second())?.nodes.length, { timeout: 15_000 }).toBe(2);
    expect((await post('/api/admin/clusters/second', {}, asAdmin(), 'DELETE')).status).toBe(200);
    expect(await second()).toBeUndefined();
    expect((await post('/api/admin/clusters/demo', {}, asAdmin(), 'DELETE')).status).toBe(409);
  }, 90_000);

  it('logs out: the session is gone server-side', async () => {
    const s = await login(server.url, 'admin', PASSWORD);
    const out = await fetch(`${server.url}/api/auth/logout`, { method: 'POST', headers: { cookie: s.cookie, Origin: server.url } });
    expect(out.status).toBe(200);
    expect((await fetch(`${server.url}/api/snapshot`, { headers: { cookie: s.cookie } })).status).toBe(401);
    expect((await fetch(`${server.url}/api/snapshot`, { headers: { cookie: admin.cookie } })).status).toBe(200); // other sessions stay
  });

  it('slows down password guessing: after 5 failures even the right password must wait', async () => {
    const attempt = (password: string) =>
      fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ username: 'admin', password }) });
    for (let i = 0; i < 5; i++) expect((await attempt(`guess-${i}`)).status).toBe(401);
    const blocked = await attempt(PASSWORD);
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await attempt('guess-6')).status).toBe(401); // one more try after the wait…
    const longer = await attempt(PASSWORD);
    expect(longer.status).toBe(429); // …and the wait doubled
    expect(Number(longer.headers.get('retry-after'))).toBeGreaterThanOrEqual(2);
    expect(server.output()).not.toContain(PASSWORD);
    expect(server.output()).not.toContain('guess-');
  });
});
