// The NOC wall in Chromium on the real corosync lab: link0 of pve3 goes down (redundancy lost) and the wall turns
// DEGRADED within 3 s of the fault command, OK again when the link is back.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseLogLine } from '@/lib/parse/corosync-log';
import { LAB_OPEN_CONFIG, knetSettled, LAB_STATE, lab } from '../helpers/lab';
import { startServer, type ServerHandle } from '../helpers/server';
import { ARTIFACTS, e2eDescribe, launch } from '../helpers/browser';

let server: ServerHandle;
let browser: Browser;
const env = {
  COROWATCH_CONFIG: LAB_OPEN_CONFIG,
  DATABASE_URL: `file:${join(mkdtempSync(join(tmpdir(), 'cw-wall-lab-')), 'db.sqlite')}`,
};

const state = (p: Page) => p.getAttribute('[data-testid="wall-state"]', 'data-state', { timeout: 1000 }).catch(() => null);

/** when the first node's knet logged "link: host: N link: 0 is down" (ms), for the report */
function knetDownAt(after: number): number | null {
  const t = ['pve1', 'pve2', 'pve3'].flatMap((n) => readFileSync(join(LAB_STATE, 'nodes', n, 'log', 'corosync.log'), 'utf8')
    .split('\n')
    .filter((l) => /link: host: \d+ link: 0 is down$/.test(l))
    .map((l) => parseLogLine(l, new Date())?.ts ?? 0)
    .filter((x) => x >= after - 10));
  return t.length ? Math.min(...t) : null;
}

e2eDescribe('NOC wall on the real lab', () => {
  beforeAll(async () => {
    await lab('up', '3');
    await knetSettled();
    server = await startServer(env);
    browser = await launch();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await lab('down');
  }, 60_000);

  it('link0 of pve3 down: DEGRADED within 3 s of the fault command, OK again when it is back', async () => {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    await page.goto(`${server.url}/wall`);
    await expect.poll(() => state(page), { timeout: 30_000, interval: 250 }).toBe('ok');
    expect(await page.locator('[data-testid="wall-matrix-lab"] .wm-chip[data-state="up"]').count()).toBe(12);

    const before = Date.now();
    await lab('fault', 'link-down', 'pve3', '0');
    const t0 = Date.now(); // the link is down now; knet notices it ~1.2–2 s later, corowatch within 1 s of that
    await expect.poll(() => state(page), { timeout: 3000, interval: 50 }).toBe('degraded');
    const seen = Date.now();
    expect(seen - t0).toBeLessThanOrEqual(3000);
    expect(await page.textContent('[data-testid="wall-state"]')).toContain('DEGRADED');
    await expect.poll(() => page.locator('.wm-chip[data-state="down"]').count(), { timeout: 3000 }).toBe(4);
    await expect.poll(() => page.locator('.inc').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, 'wall-lab-degraded.png') });
    const knet = knetDownAt(before); // read late: the log lines are in the files by now
    console.log(`[wall-lab] link0 of pve3 down → DEGRADED on the wall ${seen - t0} ms after the fault command` +
      (knet ? `, ${seen - knet} ms after knet's first log line (knet took ${knet - t0} ms)` : ', knet logged nothing'));

    const t1 = Date.now();
    await lab('fault', 'link-up', 'pve3', '0');
    await expect.poll(() => state(page), { timeout: 15_000, interval: 100 }).toBe('ok');
    console.log(`[wall-lab] link0 of pve3 up → OK on the wall after ${Date.now() - t1} ms`);
    expect(await page.locator('[data-testid="wall-matrix-lab"] .wm-chip[data-state="up"]').count()).toBe(12);
    await page.close();
  }, 90_000);
});
