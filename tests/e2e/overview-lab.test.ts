// The whole path in a browser: real corosync lab → SSH → server.ts → WebSocket → the overview page.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import Database from 'better-sqlite3';
import { LAB_OPEN_CONFIG, knetSettled, lab, until } from '../helpers/lab';
import { startServer, type ServerHandle } from '../helpers/server';
import { ARTIFACTS, e2eDescribe, launch } from '../helpers/browser';

let server: ServerHandle;
let browser: Browser;
let page: Page;
const dbUrl = `file:${join(mkdtempSync(join(tmpdir(), 'cw-e2e-')), 'db.sqlite')}`;
const env = { COROWATCH_CONFIG: LAB_OPEN_CONFIG, DATABASE_URL: dbUrl };

const cell = (p: Page, observer: string, peer: string, link: number) => p.locator(`[data-cell="${observer}>${peer}#${link}"]`);

e2eDescribe('overview page on the real lab', () => {
  beforeAll(async () => {
    await lab('up', '3');
    await knetSettled();
    server = await startServer(env);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await page.goto(server.url);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await lab('down');
  }, 60_000);

  it('shows the lab cluster live: quorate, every cell connected, one active link per pair', async () => {
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 15_000 });
    await expect.poll(() => page.locator('[data-cell][data-state="up"]').count(), { timeout: 15_000 }).toBe(12);
    await expect.poll(() => page.locator('[data-cell][data-active="true"]').count(), { timeout: 15_000 }).toBe(6);
    expect(await page.locator('[data-cluster="lab"] [data-testid="quorum"]').textContent()).toBe('quorate');
    await page.screenshot({ path: join(ARTIFACTS, 'overview-lab.png'), fullPage: true });
  }, 40_000);

  it('a link fault turns its cells to "down" within 3 s without a reload', async () => {
    const t0 = Date.now();
    await lab('fault', 'link-down', 'pve3', '0');
    await cell(page, 'pve1', 'pve3', 0).and(page.locator('[data-state="down"]')).waitFor({ timeout: 3000 - (Date.now() - t0) });
    const ms = Date.now() - t0;
    console.log(`[e2e] link0 of pve3 down → cell pve1>pve3#0 shows down after ${ms} ms`);
    await expect.poll(() => page.locator('[data-cell][data-state="down"]').count(), { timeout: 3000 }).toBe(4);
    expect(await cell(page, 'pve1', 'pve3', 1).getAttribute('data-active')).toBe('true');
    expect(await cell(page, 'pve1', 'pve3', 0).textContent()).toContain('down');
    await page.screenshot({ path: join(ARTIFACTS, 'overview-lab-link-down.png'), fullPage: true });
    await lab('fault', 'link-up', 'pve3', '0');
    await expect.poll(() => page.locator('[data-cell][data-state="up"]').count(), { timeout: 15_000 }).toBe(12);
  }, 40_000);

  it('after the fault, the link page shows the failover marker and the shaded link-down period', async () => {
    const link = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await link.goto(`${server.url}/link/lab/pve1/pve3`);
    const chart = link.locator('[data-testid="link-chart"][data-series="pve1>pve3#0"]');
    await chart.waitFor({ timeout: 15_000 });
    await expect.poll(() => chart.locator('[data-testid="failover-marker"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await chart.locator('[data-testid="failover-marker"]').first().textContent()).toContain('link0 → link1');
    await expect.poll(() => chart.locator('[data-testid="down-area"]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await link.screenshot({ path: join(ARTIFACTS, 'link-page-lab.png'), fullPage: true });
    await link.close();
  }, 40_000);

  it('says "reconnecting" while the server restarts, then is live again; nothing stored is lost', async () => {
    const before = await (await fetch(`${server.url}/api/events`)).json();
    expect(before.events.length).toBeGreaterThanOrEqual(8);
    const port = server.port;
    const stopAt = Date.now();
    expect(await server.stop()).toBe(0); // SIGTERM: flush and exit cleanly
    const db = new Database(dbUrl.slice('file:'.length), { readonly: true });
    const samples = db.prepare('SELECT COUNT(*) AS n, MAX(ts) AS last FROM LinkSample').get() as { n: number; last: number | string };
    const storedEvents = (db.prepare('SELECT COUNT(*) AS n FROM Event').get() as { n: number }).n;
    db.close();
    // the last poll before SIGTERM was written, not lost in the queue
    expect(stopAt - new Date(samples.last).getTime()).toBeLessThan(2500);
    expect(samples.n).toBeGreaterThan(24); // at least two polls of 3 nodes × 4 links
    expect(storedEvents).toBe(before.events.length);
    await page.locator('[data-testid="live-status"][data-status="reconnecting"]').waitFor({ timeout: 5000 });
    await page.screenshot({ path: join(ARTIFACTS, 'overview-lab-reconnecting.png'), fullPage: true });
    server = await startServer(env, port);
    await page.locator('[data-testid="live-status"][data-status="live"]').waitFor({ timeout: 20_000 });
    const after = await (await fetch(`${server.url}/api/events`)).json();
    const ids = new Set(after.events.map((e: { id: string }) => e.id));
    const db2 = new Database(dbUrl.slice('file:'.length), { readonly: true });
    expect((db2.prepare('SELECT COUNT(*) AS n FROM LinkSample').get() as { n: number }).n).toBeGreaterThanOrEqual(samples.n);
    db2.close();
    expect(before.events.every((e: { id: string }) => ids.has(e.id))).toBe(true);
    await until('cells up again', async () => (await page.locator('[data-cell][data-state="up"]').count()) === 12, 15_000);
  }, 90_000);
});
