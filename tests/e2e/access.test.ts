// Logging in, the admin page and a wall screen with a viewer link, in Chromium against the demo simulator with
// access control on: login redirect and back, a node's unknown host key accepted by clicking, a viewer link
// created in the UI and opened in a fresh browser, then revoked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDemoCluster, type DemoCluster } from '@/sim/index';
import { startServer, type ServerHandle } from '../helpers/server';
import { configWithoutHostKey } from '../helpers/auth';
import { ARTIFACTS, e2eDescribe, launch } from '../helpers/browser';

const PASSWORD = 'e2e-admin-pass-7';
const dir = mkdtempSync(join(tmpdir(), 'cw-e2e-access-'));
let sim: DemoCluster;
let server: ServerHandle;
let browser: Browser;
let admin: Page;

e2eDescribe(
  'access control in the browser',
  () => {
    beforeAll(async () => {
      sim = await startDemoCluster({ dir: join(dir, 'sim'), nodes: 3, scenario: false, seed: 11 });
      const { config } = configWithoutHostKey(sim, dir, 2);
      server = await startServer({ COROWATCH_CONFIG: config, DATABASE_URL: `file:${join(dir, 'db.sqlite')}`, COROWATCH_ADMIN_PASSWORD: PASSWORD });
      browser = await launch();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await sim?.close();
      rmSync(dir, { recursive: true, force: true });
    }, 30_000);

    it('sends a stranger to the login page and back where they wanted to go', async () => {
      admin = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await admin.goto(`${server.url}/events`);
      expect(new URL(admin.url()).pathname).toBe('/login');
      await admin.fill('input[name="password"]', 'not-the-password');
      await admin.click('button[type="submit"]');
      expect(await admin.locator('[data-testid="login-error"]').textContent()).toContain('wrong user name or password');
      await admin.screenshot({ path: join(ARTIFACTS, 'login.png') });
      await admin.fill('input[name="password"]', PASSWORD);
      await admin.click('button[type="submit"]');
      await admin.waitForURL(`${server.url}/events`);
      const cookies = await admin.context().cookies();
      expect(cookies.find((c) => c.name === 'corowatch_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      expect(await admin.evaluate(() => document.cookie)).not.toContain('corowatch_session');
    }, 30_000);

    it('shows an unknown host key on the admin page; accepting it connects the node', async () => {
      await admin.goto(`${server.url}/admin`);
      const row = admin.locator(`[data-hostkey="demo/${sim.nodes[2].name}"]`);
      await row.waitFor({ timeout: 15_000 });
      expect(await row.locator('[data-testid="fingerprint"]').textContent()).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
      expect(sim.sshStats(sim.nodes[2].name).authAttempts).toBe(0);
      await admin.screenshot({ path: join(ARTIFACTS, 'admin-hostkey.png'), fullPage: true });
      await row.locator('button').click();
      await admin.locator('[data-testid="hostkeys-none"]').waitFor({ timeout: 15_000 });
      await admin.goto(server.url);
      await expect.poll(() => admin.locator('[data-cell][data-state="up"]').count(), { timeout: 20_000 }).toBe(12);
    }, 60_000);

    it('adds a cluster in the admin form, which connects, and edits it keeping what the form does not show', async () => {
      await admin.goto(`${server.url}/admin`);
      await admin.click('text=Add a cluster');
      const form = admin.locator('[data-testid="cluster-form"]');
      await form.locator('label:has-text("Cluster name") input').fill('ui-added');
      await form.locator('label:has-text("log") select').selectOption('tail -F -n 0 /var/log/corosync/corosync.log');
      const n = sim.nodes[0];
      await form.locator('input[aria-label="node name"]').fill('only');
      await form.locator('input[aria-label="host"]').fill('127.0.0.1');
      await form.locator('input[aria-label="port"]').fill(String(n.port));
      await form.locator('input[aria-label="identity file"]').fill(sim.identityFile);
      await admin.click('text=Save and connect');
      await admin.locator('[data-admin-cluster="ui-added"]').waitFor({ timeout: 10_000 });
      expect(await admin.locator('[data-admin-cluster="ui-added"]').textContent()).toContain('this UI');
      const snap = async () => (await (await admin.request.get(`${server.url}/api/snapshot`)).json()) as { clusters: Array<{ name: string; pollIntervalMs: number; nodes: Array<{ reachable: boolean }> }> };
      await expect.poll(async () => (await snap()).clusters.find((c) => c.name === 'ui-added')?.nodes[0]?.reachable, { timeout: 15_000 }).toBe(true);

      await admin.locator('[data-admin-cluster="ui-added"] button:has-text("Edit")').click();
      expect(await form.locator('label:has-text("log") select').inputValue()).toBe('tail -F -n 0 /var/log/corosync/corosync.log');
      await form.locator('label:has-text("Poll interval") input').fill('2000');
      await admin.click('text=Save and connect');
      await expect.poll(async () => admin.locator('[data-admin-cluster="ui-added"]').textContent(), { timeout: 10_000 }).toContain('2000 ms');
      const clusters = (await (await admin.request.get(`${server.url}/api/admin/clusters`)).json()) as { clusters: Array<{ name: string; logCommand: string; pollIntervalMs: number }> };
      expect(clusters.clusters.find((c) => c.name === 'ui-added')).toMatchObject({ pollIntervalMs: 2000, logCommand: 'tail -F -n 0 /var/log/corosync/corosync.log' });
      await admin.screenshot({ path: join(ARTIFACTS, 'admin-clusters.png'), fullPage: true });
    }, 60_000);

    it('creates a viewer link that opens the wall in a fresh browser; revoking it locks the screen out', async () => {
      await admin.goto(`${server.url}/admin`);
      await admin.fill('[data-testid="tokens-panel"] input[name="name"]', 'NOC left');
      await admin.click('[data-testid="tokens-panel"] button[type="submit"]');
      const url = (await admin.locator('[data-testid="token-url"]').textContent())!;
      expect(url).toMatch(/\/wall\?token=cwv_/);
      await admin.screenshot({ path: join(ARTIFACTS, 'admin-tokens.png'), fullPage: true });

      const wallCtx = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
      const wall = await wallCtx.newPage();
      await wall.goto(url);
      expect(wall.url()).toBe(`${server.url}/wall`); // the token left the address bar
      await expect.poll(() => wall.getAttribute('[data-testid="wall-cluster-demo"] [data-testid="wall-state"]', 'data-state', { timeout: 1000 }).catch(() => null), { timeout: 30_000 }).toBe('ok');
      const adminPage = await wall.goto(`${server.url}/admin`);
      expect(adminPage?.status()).toBe(403);
      await wall.goto(`${server.url}/wall`);
      await wall.locator('[data-testid="wall-cluster-demo"] [data-testid="wall-state"]').waitFor();

      await admin.locator('[data-token="NOC left"] button').click();
      await admin.locator('[data-token="NOC left"] .state-bad').waitFor();
      await wall.locator('[data-testid="wall-stale"]').waitFor({ timeout: 15_000 });
      await wall.reload();
      expect(new URL(wall.url()).pathname).toBe('/login');
      await wallCtx.close();
    }, 90_000);
  },
  false,
);
