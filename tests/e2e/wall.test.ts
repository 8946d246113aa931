// The NOC wall in Chromium against the demo simulator (3 nodes behind real SSH, no scenario faults): both screen
// sizes without scrollbars, OK → DEGRADED on a link fault within 3 s, STALE when the server stops, live again
// by itself when it returns on the same port.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDemoCluster, type DemoCluster } from '@/sim/index';
import { openDatabase } from '@/lib/store/db';
import { startServer, type ServerHandle } from '../helpers/server';
import { ARTIFACTS, e2eDescribe, launch } from '../helpers/browser';

const dir = mkdtempSync(join(tmpdir(), 'cw-wall-'));
let sim: DemoCluster;
let server: ServerHandle;
let browser: Browser;
let env: Record<string, string>;

const state = (p: Page) => p.getAttribute('[data-testid="wall-state"]', 'data-state', { timeout: 1000 }).catch(() => null);
const noScroll = (p: Page) => p.evaluate(() => ({
  sh: document.documentElement.scrollHeight, sw: document.documentElement.scrollWidth, h: innerHeight, w: innerWidth,
}));

async function wallAt(width: number, height: number): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height } });
  await page.goto(`${server.url}/wall`);
  await expect.poll(() => state(page), { timeout: 30_000, interval: 250 }).toBe('ok');
  return page;
}

/** 15 minutes of stored probe RTTs up to now, so the wall's sparklines start from history (/api/series). */
async function seedHistory(dbUrl: string, names: string[]): Promise<void> {
  const db = await openDatabase(dbUrl);
  const end = Date.now() - 2000;
  const rows = [];
  for (const node of names) {
    for (const peer of names) {
      if (node === peer) continue;
      for (const link of [0, 1]) {
        for (let t = end - 15 * 60_000; t < end; t += 5000) {
          const i = (t - end) / 5000;
          const spike = node === 'pve1' && peer === 'pve3' && link === 1 && Math.abs(i + 60) < 3 ? 900 : 0;
          const rtt = Math.round(110 + link * 25 + 30 * Math.sin(i / 9 + names.indexOf(peer)) + spike);
          rows.push({ ts: new Date(t), cluster: 'demo', node, peer, link, connected: true, active: link === 0, rttAvgUs: rtt, rttMinUs: rtt - 20, rttMaxUs: rtt + 40, rttCount: 5, rttLost: 0 });
        }
      }
    }
  }
  await db.linkSample.createMany({ data: rows });
  await db.$disconnect();
}

e2eDescribe('NOC wall', () => {
  beforeAll(async () => {
    sim = await startDemoCluster({ dir: join(dir, 'sim'), nodes: 3, scenario: false, seed: 7 });
    const cfg = join(dir, 'corowatch.yaml');
    writeFileSync(cfg, `${sim.configYaml()}auth: none\n`); // access control: tests/e2e/access.test.ts
    env = { COROWATCH_CONFIG: cfg, DATABASE_URL: `file:${join(dir, 'db.sqlite')}` };
    await seedHistory(env.DATABASE_URL, sim.nodes.map((n) => n.name));
    server = await startServer(env);
    browser = await launch();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await sim?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('fills 1920×1080 and 3840×2160 without scrollbars, cluster OK, matrix, sparklines, clock', async () => {
    for (const [w, h, file] of [[1920, 1080, 'wall-1080.png'], [3840, 2160, 'wall-2160.png']] as const) {
      const page = await wallAt(w, h);
      // the sparklines: history from /api/series, then live
      await expect.poll(() => page.locator('.spark-avg:not(.spark-dot)[d*="L"]').count(), { timeout: 20_000 }).toBe(12);
      const m = await noScroll(page);
      expect(m.sh).toBeLessThanOrEqual(m.h);
      expect(m.sw).toBeLessThanOrEqual(m.w);
      expect(await page.locator('[data-testid="wall-matrix-demo"] .wm-chip[data-state="up"]').count()).toBe(12);
      expect(await page.locator('[data-testid="wall-stale"]').count()).toBe(0);
      expect(await page.textContent('[data-testid="wall-clock"]')).toMatch(/^\d\d:\d\d:\d\d$/);
      expect(await page.textContent('[data-testid="wall-state"]')).toContain('OK');
      // readable across a room: the state is at least 9 % of the screen height
      const fs = await page.$eval('[data-testid="wall-state"]', (el) => parseFloat(getComputedStyle(el).fontSize));
      expect(fs).toBeGreaterThan(h * 0.09);
      await page.screenshot({ path: join(ARTIFACTS, file) });
      await page.close();
    }
  }, 90_000);

  it('turns DEGRADED within 3 s of a link fault, OK again when it returns', async () => {
    const page = await wallAt(1920, 1080);
    const t0 = Date.now();
    sim.setLinkDown('pve3', 0, true);
    await expect.poll(() => state(page), { timeout: 3000, interval: 50 }).toBe('degraded');
    const ms = Date.now() - t0;
    console.log(`[wall] link fault → DEGRADED on the wall in ${ms} ms`);
    expect(await page.textContent('[data-testid="wall-state"]')).toContain('DEGRADED');
    await expect.poll(() => page.locator('.wm-chip[data-state="down"]').count(), { timeout: 5000 }).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.inc').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'wall-degraded.png') });
    sim.setLinkDown('pve3', 0, false);
    await expect.poll(() => state(page), { timeout: 30_000, interval: 250 }).toBe('ok');
    await page.close();
  }, 60_000);

  it('shows STALE when the server stops and goes live again by itself when it returns', async () => {
    const page = await wallAt(1920, 1080);
    const port = server.port;
    await server.stop();
    await page.locator('[data-testid="wall-stale"]').waitFor({ timeout: 10_000 });
    const big = await page.$eval('.wall-banner-big', (el) => ({ fs: parseFloat(getComputedStyle(el).fontSize), text: el.textContent }));
    expect(big.text).toContain('STALE');
    expect(big.fs).toBeGreaterThan(1080 * 0.15);
    await page.screenshot({ path: join(ARTIFACTS, 'wall-stale.png') });
    server = await startServer(env, port);
    await page.locator('[data-testid="wall-stale"]').waitFor({ state: 'detached', timeout: 20_000 });
    expect(await page.getAttribute('[data-testid="wall"]', 'data-status')).toBe('live');
    await expect.poll(() => state(page), { timeout: 30_000, interval: 250 }).toBe('ok');
    await page.close();
  }, 90_000);
});
