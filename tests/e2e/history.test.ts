// The history page in Chromium on a seeded database (server.ts, production build; the configured nodes cannot be
// reached, so everything shown comes from the stored samples, their rollups and the events): from an event's
// incident link to its charts, changing the range, drag-to-zoom, CSV export, and a cluster's worst periods.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Db } from '@/lib/store/db';
import { StoreWriter } from '@/lib/store/writer';
import { startServer, type ServerHandle } from '../helpers/server';
import { ARTIFACTS, e2eDescribe, launch } from '../helpers/browser';
import { eventRow as ev, seedDatabase, seedSetup } from '../helpers/seed';

const NODES = ['pve1', 'pve2', 'pve3'];
const setup = seedSetup('cw-history-', NODES);
const M = 60_000;
const T0 = Math.floor((Date.now() - 3 * 3600_000) / 3600_000) * 3600_000 + 5 * M; // 40 minutes of samples, 2–3 h ago
const N = 40 * 60;
const DOWN = { from: T0 + 20 * M, to: T0 + 22 * M }; // link0 between pve1 and pve3
const WINDOW = { from: DOWN.from - 10 * M, to: DOWN.to + 10 * M }; // the incident view of the link_down event

/** through the StoreWriter, as the server writes them */
async function writeSamples(db: Db): Promise<void> {
  const w = new StoreWriter(db, 3600_000);
  let seedN = 11;
  const rand = () => ((seedN = (seedN * 16807) % 2147483647) / 2147483647);
  for (const a of NODES) for (const b of NODES) {
    if (a === b) continue;
    const pair13 = (a === 'pve1' && b === 'pve3') || (a === 'pve3' && b === 'pve1');
    const rows = [];
    for (const link of [0, 1]) {
      for (let i = 0; i < N; i++) {
        const t = T0 + i * 1000 + (a === 'pve2' ? 130 : a === 'pve3' ? 260 : 0);
        const down = pair13 && link === 0 && t >= DOWN.from && t < DOWN.to;
        const busy = pair13 && link === 1 && t >= DOWN.from && t < DOWN.to + 30_000; // carries the traffic, a little slower
        const avg = 150 + link * 40 + (b === 'pve3' ? 30 : 0) + Math.round(rand() * 40) + (busy ? 260 : 0);
        rows.push({
          ts: new Date(t), cluster: 'lab', node: a, peer: b, link, enabled: true, connected: !down, active: pair13 && t >= DOWN.from ? link === 1 : link === 0,
          latencyAveUs: avg + 15, knetWindowUs: down ? null : avg + 8, rttMinUs: down ? null : avg - 30, rttAvgUs: down ? null : avg,
          rttMaxUs: down ? null : avg + 50 + Math.round(rand() * 200), rttCount: down ? 0 : 5, rttLost: down ? 5 : 0,
        });
      }
    }
    w.addLinkSamples(rows);
    await w.flush();
  }
}

async function seed(): Promise<void> {
  await seedDatabase(setup.dbUrl, writeSamples, [
    ev('inc-13', 'link_down', 'warning', 'pve1', 'pve3', 0, 'pve1 → pve3 link0 down', DOWN.from, DOWN.to),
    ev('down-31', 'link_down', 'warning', 'pve3', 'pve1', 0, 'pve3 → pve1 link0 down', DOWN.from + 400, DOWN.to + 300),
    ev('fo-13', 'failover', 'warning', 'pve1', 'pve3', 1, 'pve1 → pve3: link0 → link1', DOWN.from + 1200, DOWN.to + 4000),
    ev('unreach-3', 'node_unreachable', 'critical', 'pve3', null, null, 'pve3 unreachable', DOWN.to + 6 * M, DOWN.to + 7 * M),
    ev('other-pair', 'link_down', 'warning', 'pve1', 'pve2', 1, 'pve1 → pve2 link1 down', DOWN.to + 3 * M, DOWN.to + 4 * M),
    ev('later', 'link_down', 'warning', 'pve1', 'pve3', 1, 'pve1 → pve3 link1 down', DOWN.to + 15 * M, DOWN.to + 16 * M),
  ]);
}

let server: ServerHandle;
let browser: Browser;
let page: Page;
const errors: string[] = [];

e2eDescribe('history page and incident review', () => {
  beforeAll(async () => {
    setup.writeConfig();
    await seed();
    server = await startServer(setup.env);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 1100 }, acceptDownloads: true });
    page.on('pageerror', (e) => errors.push(e.message));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 30_000);

  it('from an event on /events, the incident link opens the affected links around it with the other events of that window', async () => {
    await page.goto(`${server.url}/events`);
    const link = page.locator('[data-testid="event-row"][data-id="inc-13"] [data-testid="incident-link"]');
    await link.waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'events-incident-links.png'), clip: { x: 0, y: 0, width: 1400, height: 420 } });
    await link.click();
    await page.waitForURL(/\/history\?/);
    const url = new URL(page.url());
    expect(Number(url.searchParams.get('from'))).toBe(WINDOW.from);
    expect(Number(url.searchParams.get('to'))).toBe(WINDOW.to);
    expect(url.searchParams.getAll('s')).toEqual(['lab/pve1/pve3/*', 'lab/pve3/pve1/*']);
    expect(url.searchParams.get('ev')).toBe('inc-13');
    const chart = page.locator('[data-testid="history-chart"]');
    await chart.locator('.recharts-line-curve').first().waitFor({ timeout: 15_000 });
    expect(Number(await chart.getAttribute('data-from'))).toBe(WINDOW.from);
    expect(Number(await chart.getAttribute('data-to'))).toBe(WINDOW.to);
    expect(await page.locator('[data-testid="legend-line"]').allTextContents()).toEqual(
      ['pve1 → pve3 link0', 'pve1 → pve3 link1', 'pve3 → pve1 link0', 'pve3 → pve1 link1'].map((t) => ` ${t}`));
    expect(await page.locator('[data-testid="range-status"]').getAttribute('data-step')).toBe('raw');
    expect(await page.locator('[data-testid="resolution"]').textContent()).toContain('raw, every 1 s');
    const listed = await page.locator('[data-testid="history-events"] li').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(listed).toEqual(['inc-13', 'down-31', 'fo-13', 'unreach-3']); // the pair's and its nodes' events, oldest first
    expect(await page.locator('[data-testid="history-events"] li.ev-incident').getAttribute('data-id')).toBe('inc-13');
    expect(await chart.locator('.event-marker').count()).toBeGreaterThanOrEqual(4);
    await page.screenshot({ path: join(ARTIFACTS, 'history-incident.png'), fullPage: true });
  }, 60_000);

  it('exports exactly what is shown as CSV', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    expect(download.suggestedFilename()).toMatch(/^corowatch-lab-pve1-pve3-and-3-more-\d{8}T\d{6}Z-\d{8}T\d{6}Z-raw\.csv$/);
    const lines = readFileSync((await download.path())!, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('time,time_ms,cluster,observer,peer,link,step,samples,down_samples,rtt_min_us,rtt_mean_us,rtt_max_us,rtt_p95_us,loss,knet_latency_us,knet_window_us');
    const rows = lines.slice(1).map((l) => l.split(','));
    const perSeries = new Map<string, number>();
    for (const r of rows) perSeries.set(`${r[3]}>${r[4]}#${r[5]}`, (perSeries.get(`${r[3]}>${r[4]}#${r[5]}`) ?? 0) + 1);
    // every sample of the 22-minute window, nothing outside it
    const inWindow = (off: number) => Array.from({ length: N }, (_, i) => T0 + i * 1000 + off).filter((t) => t >= WINDOW.from && t <= WINDOW.to).length;
    expect(Object.fromEntries(perSeries)).toEqual({
      'pve1>pve3#0': inWindow(0), 'pve1>pve3#1': inWindow(0), 'pve3>pve1#0': inWindow(260), 'pve3>pve1#1': inWindow(260),
    });
    expect(rows.every((r) => Number(r[1]) >= WINDOW.from && Number(r[1]) <= WINDOW.to && r[2] === 'lab' && r[6] === 'raw')).toBe(true);
    const down = rows.filter((r) => r[3] === 'pve1' && r[5] === '0' && r[8] === '1');
    expect(down).toHaveLength(120); // the two minutes link0 was down, every one with loss 1 and no RTT
    expect(down.every((r) => r[13] === '1' && r[10] === '')).toBe(true);
    expect(new Date(rows[0][0]).getTime()).toBe(Number(rows[0][1]));
  }, 30_000);

  it('changes the range (the resolution follows), zooms by dragging, and goes back to live', async () => {
    await page.click('button[data-range="24h"]');
    await page.waitForURL(/range=24h/);
    const status = page.locator('[data-testid="range-status"]');
    await expect.poll(() => status.getAttribute('data-step'), { timeout: 15_000 }).toBe('1m');
    expect(await status.getAttribute('data-live')).toBe('true');
    expect(new URL(page.url()).searchParams.get('from')).toBeNull();
    const chart = page.locator('[data-testid="history-chart"]');
    await chart.locator('.recharts-line-curve').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'history-24h.png'), fullPage: true });

    // drag across the samples (2–3 h ago, near the right end of a 24 h axis)
    const plot = (await chart.locator('.recharts-cartesian-grid').first().boundingBox())!;
    const from24 = Number(await chart.getAttribute('data-from'));
    const to24 = Number(await chart.getAttribute('data-to'));
    const x = (t: number) => plot.x + ((t - from24) / (to24 - from24)) * plot.width;
    await page.mouse.move(x(T0 + 5 * M), plot.y + plot.height / 2);
    await page.mouse.down();
    await page.mouse.move(x(T0 + 20 * M), plot.y + plot.height / 2, { steps: 8 });
    await page.mouse.move(x(T0 + 35 * M), plot.y + plot.height / 2, { steps: 8 });
    await page.mouse.up();
    await page.waitForURL(/from=\d+&to=\d+/);
    const zf = Number(new URL(page.url()).searchParams.get('from'));
    const zt = Number(new URL(page.url()).searchParams.get('to'));
    expect(Math.abs(zf - (T0 + 5 * M))).toBeLessThan(4 * M); // a pixel of a 24 h axis is ~70 s
    expect(Math.abs(zt - (T0 + 35 * M))).toBeLessThan(4 * M);
    await expect.poll(() => status.getAttribute('data-step'), { timeout: 15_000 }).toBe('raw');
    expect(await status.getAttribute('data-live')).toBe('false');
    await chart.locator('.recharts-line-curve').first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(ARTIFACTS, 'history-zoomed.png'), fullPage: true });

    await page.click('[data-testid="back-to-live"]');
    await page.waitForURL((u) => !u.searchParams.has('from') && !u.searchParams.has('to'));
    await expect.poll(() => status.getAttribute('data-live')).toBe('true');
    expect(await page.locator('button[data-range="1h"]').getAttribute('class')).toBe('on'); // the smallest range holding the zoomed 30 min
    expect(errors).toEqual([]);
  }, 60_000);

  it("a cluster's page lists its worst hours per day, linked to their history", async () => {
    const url = `${server.url}/cluster/lab`;
    // the hourly rollup runs in the background a few seconds after start-up
    await expect.poll(async () => {
      await page.goto(url);
      return page.locator('[data-testid="worst-rtt"] li').count();
    }, { timeout: 30_000, interval: 2000 }).toBeGreaterThan(0);
    // the seeded incident's day and hour (UTC); the server adds its own node_unreachable events for the current hour
    const day = page.locator(`[data-testid="worst-day"][data-day="${new Date(T0).toISOString().slice(0, 10)}"]`);
    const top = day.locator('[data-testid="worst-events"] li').first();
    expect(await top.locator('a').textContent()).toBe(`${new Date(T0 - 5 * M).toISOString().slice(11, 16)}–${new Date(T0 + 55 * M).toISOString().slice(11, 16)}`);
    expect(await top.textContent()).toMatch(/6 events \(1 critical, 5 warning\)/);
    const href = (await top.locator('a').getAttribute('href'))!;
    expect(href).toMatch(/^\/history\?from=\d+&to=\d+&s=lab\/pve1\/pve3\/\*/);
    expect(await day.locator('[data-testid="worst-rtt"] li').first().textContent()).toMatch(/p95 0\.\d\d ms.*pve[13] → pve[13] link1/);
    await page.screenshot({ path: join(ARTIFACTS, 'cluster-worst.png'), fullPage: true });
    await top.locator('a').click();
    await page.waitForURL(/\/history\?from=/);
    await page.locator('[data-testid="history-chart"] .recharts-line-curve').first().waitFor({ timeout: 15_000 });
  }, 60_000);
});
