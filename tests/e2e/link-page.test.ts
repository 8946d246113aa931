// The link page and the event timeline in Chromium, on a seeded database: server.ts (production build) with a config
// whose nodes cannot be reached, so everything shown comes from the stored samples and events.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import type { ClusterView, EventRecord, LinkView, NodeView } from '@/lib/analyze/views';
import { LinkMatrix } from '@/components/LinkMatrix';
import { ROOT } from '../helpers/lab';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startServer, type ServerHandle } from '../helpers/server';
import { ARTIFACTS, e2eDescribe, launch } from '../helpers/browser';
import type { Db } from '@/lib/store/db';
import { eventRow as ev, seedDatabase, seedSetup } from '../helpers/seed';

const NODES = ['pve1', 'pve2', 'pve3'];
const setup = seedSetup('cw-linkpage-', NODES);

// a 10-minute series at 1 s that ended a few minutes ago
const T0 = Math.floor((Date.now() - 20 * 60_000) / 1000) * 1000;
const N = 600;
const DOWN = { from: T0 + 240_000, to: T0 + 330_000 }; // link0 between pve1 and pve3
const FAILOVER_AT = DOWN.from + 1200;
const FAILBACK_AT = DOWN.to + 4000;
const SPIKE_AT = T0 + 420_000; // link1 pve1 → pve3
const SPIKE_US = 6800;
const SMALL_SPIKE_AT = T0 + 120_000; // link0 pve1 → pve3
const SMALL_SPIKE_US = 2600;

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function samples() {
  const rand = rng(42);
  const rows = [];
  for (const a of NODES) {
    for (const b of NODES) {
      if (a === b) continue;
      const pair13 = (a === 'pve1' && b === 'pve3') || (a === 'pve3' && b === 'pve1');
      for (const link of [0, 1]) {
        let knetAve = 180;
        for (let i = 0; i < N; i++) {
          const t = T0 + i * 1000;
          const l0down = pair13 && t >= DOWN.from && t < DOWN.to;
          const onLink1 = pair13 && t >= FAILOVER_AT && t < FAILBACK_AT;
          const down = l0down && link === 0;
          const base = 140 + link * 35 + (b === 'pve3' ? 25 : 0) + Math.sin(i / 40) * 12;
          const min = base - 15 - rand() * 10;
          let avg = base + rand() * 20;
          let max = avg + 30 + rand() * 60 + (rand() < 0.03 ? 400 * rand() : 0);
          const spike = a === 'pve1' && b === 'pve3' && ((link === 1 && Math.abs(t - SPIKE_AT) <= 1000) || (link === 0 && t === SMALL_SPIKE_AT));
          if (spike) {
            const peak = link === 1 ? SPIKE_US : SMALL_SPIKE_US;
            max = t === SPIKE_AT || link === 0 ? peak : peak * 0.6;
            avg = avg + (max - avg) / 5;
          }
          const win = down ? null : avg + 20 + rand() * 15;
          if (win !== null) knetAve = knetAve * 0.9 + win * 0.1;
          rows.push({
            ts: new Date(t), cluster: 'lab', node: a, peer: b, link, enabled: true, connected: !down,
            active: pair13 ? (onLink1 ? link === 1 : link === 0) : link === 0, mtu: 1397,
            latencyAveUs: Math.round(knetAve), latencySamples: 2048 + i, knetWindowUs: win === null ? null : Math.round(win),
            rttMinUs: down ? null : Math.round(min), rttAvgUs: down ? null : Math.round(avg), rttMaxUs: down ? null : Math.round(max),
            rttCount: 5, rttLost: down ? 5 : 0,
          });
        }
      }
    }
  }
  return rows;
}

async function seed(): Promise<void> {
  const writeSamples = async (db: Db) => {
    await db.linkSample.createMany({ data: samples() });
  };
  await seedDatabase(setup.dbUrl, writeSamples, [
    ev('down-13', 'link_down', 'warning', 'pve1', 'pve3', 0, 'pve1 → pve3 link0 down', DOWN.from, DOWN.to),
    ev('down-31', 'link_down', 'warning', 'pve3', 'pve1', 0, 'pve3 → pve1 link0 down', DOWN.from + 300, DOWN.to + 200),
    ev('up-13', 'link_up', 'info', 'pve1', 'pve3', 0, 'pve1 → pve3 link0 up', DOWN.to, DOWN.to),
    ev('up-31', 'link_up', 'info', 'pve3', 'pve1', 0, 'pve3 → pve1 link0 up', DOWN.to + 200, DOWN.to + 200),
    ev('fo-13', 'failover', 'warning', 'pve1', 'pve3', 1, 'pve1 → pve3: link0 → link1', FAILOVER_AT, FAILBACK_AT, { from: 0, to: 1, source: 'log' }),
    ev('fo-31', 'failover', 'warning', 'pve3', 'pve1', 1, 'pve3 → pve1: link0 → link1', FAILOVER_AT + 400, FAILBACK_AT + 300, { from: 0, to: 1, source: 'log' }),
    ev('fb-13', 'failback', 'info', 'pve1', 'pve3', 0, 'pve1 → pve3: link1 → link0', FAILBACK_AT, FAILBACK_AT, { from: 1, to: 0, source: 'log', after: 'fo-13' }),
    ev('fb-31', 'failback', 'info', 'pve3', 'pve1', 0, 'pve3 → pve1: link1 → link0', FAILBACK_AT + 300, FAILBACK_AT + 300, { from: 1, to: 0, source: 'log', after: 'fo-31' }),
    ev('spike-13', 'jitter_spike', 'warning', 'pve1', 'pve3', 1, 'RTT spike to 6.80 ms (baseline 0.19 ms, 3 samples in 2.0 s)', SPIKE_AT - 1000, SPIKE_AT - 1000,
      { peakUs: SPIKE_US, baselineUs: 190, thresholdUs: 1190, samples: 3, endedAt: SPIKE_AT + 1000 }),
    ev('spike-13b', 'jitter_spike', 'info', 'pve1', 'pve3', 0, 'RTT spike to 2.60 ms (baseline 0.16 ms, 1 sample)', SMALL_SPIKE_AT, SMALL_SPIKE_AT,
      { peakUs: SMALL_SPIKE_US, baselineUs: 160, thresholdUs: 1160, samples: 1, endedAt: SMALL_SPIKE_AT }),
    ev('other-pair', 'link_down', 'warning', 'pve1', 'pve2', 1, 'pve1 → pve2 link1 down', T0 + 60_000, T0 + 70_000),
  ]);
}

// the overview's matrix, rendered as the page does: every cell links to its pair's charts, open events mark their cell
const linkView = (peer: string, link: number, connected: boolean | null, active: boolean | null): LinkView => ({
  peer, peerId: NODES.indexOf(peer) + 1, link, enabled: true, connected, active, mtu: 1397, latencyUs: connected ? 180 + link * 30 : null,
  latencyMinUs: 120, latencyMaxUs: 400, latencySamples: 2048, changedAt: 0,
  rttUs: connected ? 200 : null, rttMinUs: connected ? 150 : null, rttMaxUs: connected ? 260 : null, rttCount: 5, rttLost: connected ? 0 : 5,
  knetWindowUs: connected ? 190 : null,
}) as LinkView;
const nodeView = (name: string, links: LinkView[], reachable = true): NodeView => ({
  name, host: '127.0.0.1', nodeId: NODES.indexOf(name) + 1, reachable, ssh: reachable ? 'up' : 'down', sshError: null, corosync: reachable ? 'up' : 'unknown',
  corosyncError: null, quorate: true, ringId: '1.2c', totalVotes: 3, expectedVotes: 3, members: [], links, bonds: [], errors: [],
  lastPollAt: 0, pollMs: 40, clockOffsetMs: 0, logFollowing: true,
});
const matrixCluster: ClusterView = {
  name: 'lab', quorate: true, pollIntervalMs: 1000,
  nodes: [
    nodeView('pve1', [linkView('pve2', 0, true, true), linkView('pve2', 1, true, false), linkView('pve3', 0, false, false), linkView('pve3', 1, true, true)]),
    nodeView('pve2', [linkView('pve1', 0, true, true), linkView('pve1', 1, true, false)]),
    nodeView('pve3', [], false),
  ],
};
const openEvent = (id: string, kind: string, node: string, peer: string | null, link: number | null, endedAt: number | null = null): EventRecord => ({
  id, kind, severity: 'warning', cluster: 'lab', node, peer, link, message: `${node} → ${peer} link${link} ${kind}`, startedAt: T0, endedAt, details: null,
});
const matrixEvents = [
  openEvent('o1', 'link_down', 'pve1', 'pve3', 0),
  openEvent('o2', 'rtt_high', 'pve1', 'pve2', 1),
  openEvent('closed', 'link_down', 'pve2', 'pve1', 0, T0 + 1000),
  openEvent('node', 'node_unreachable', 'pve3', null, null),
  { ...openEvent('elsewhere', 'link_down', 'pve2', 'pve1', 1), cluster: 'other' },
];

describe('overview matrix cells', () => {
  it('link to /link/<cluster>/<observer>/<peer> and mark the links with an open event', () => {
    const html = renderToStaticMarkup(createElement(LinkMatrix, { cluster: matrixCluster, events: matrixEvents }));
    expect(html.match(/href="\/link\/lab\/pve1\/pve3"/g)).toHaveLength(2); // one per link of the pair
    expect(html).toContain('href="/link/lab/pve3/pve1"'); // an unknown cell links too
    const marked = [...html.matchAll(/data-cell="([^"]+)"[^>]*data-open-events="(\d+)"/g)].map((m) => `${m[1].replace('&gt;', '>')}=${m[2]}`);
    expect(marked.sort()).toEqual(['pve1>pve2#1=1', 'pve1>pve3#0=1']);
  });
});

let server: ServerHandle;
let browser: Browser;
let page: Page;

e2eDescribe('link page and event timeline', () => {
  beforeAll(async () => {
    setup.writeConfig();
    await seed();
    server = await startServer(setup.env);
    browser = await launch();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, 30_000);

  it('GET /api/series answers both directions, every link, and 400s with a message', async () => {
    const r = await fetch(`${server.url}/api/series?cluster=lab&node=pve1&peer=pve3&from=${T0}&to=${T0 + N * 1000}`);
    expect(r.status).toBe(200);
    const body = await r.json();
    expect(body.thresholds).toEqual({ rttWarnUs: 2000, rttCritUs: 5000 });
    expect(body.series.map((s: { observer: string; link: number }) => `${s.observer}#${s.link}`)).toEqual(['pve1#0', 'pve1#1', 'pve3#0', 'pve3#1']);
    expect(body.series[0].points).toHaveLength(N);
    expect(Object.keys(body.series[0].points[0]).sort()).toEqual(
      ['active', 'connected', 'knetUs', 'knetWindowUs', 'rttAvgUs', 'rttCount', 'rttLost', 'rttMaxUs', 'rttMinUs', 't'],
    );
    expect(body.events.map((e: { id: string }) => e.id)).toContain('fo-13');
    expect(body.events.map((e: { id: string }) => e.id)).not.toContain('other-pair');
    const bad = await fetch(`${server.url}/api/series?cluster=lab&node=pve1&peer=pve7`);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'unknown peer "pve7" in cluster lab' });
    const events = await (await fetch(`${server.url}/api/events?node=pve3&severity=warning&kind=failover,link_down`)).json();
    expect(events.events.map((e: { id: string }) => e.id).sort()).toEqual(['down-13', 'down-31', 'fo-13', 'fo-31']);
  });

  it('draws both directions on one time axis with the failover, the down time, the spike and the budgets', async () => {
    const from = T0 - 30_000;
    const to = T0 + N * 1000 + 30_000;
    await page.goto(`${server.url}/link/lab/pve1/pve3?from=${from}&to=${to}`);
    const charts = page.locator('[data-testid="link-chart"]');
    await expect.poll(() => charts.count(), { timeout: 15_000 }).toBe(4);
    expect(await page.locator('[data-testid="link-charts"]').getAttribute('data-from')).toBe(String(from));
    const c13l0 = page.locator('[data-series="pve1>pve3#0"]');
    const c13l1 = page.locator('[data-series="pve1>pve3#1"]');
    await c13l0.locator('.recharts-area-area').first().waitFor({ timeout: 10_000 });
    // the failover, labelled with its links, on both links' charts of that direction, and the failback
    await expect.poll(() => c13l0.locator('[data-testid="failover-marker"] text').textContent()).toBe('failover link0 → link1');
    expect(await c13l1.locator('[data-testid="failover-marker"] text').textContent()).toBe('failover link0 → link1');
    expect(await c13l0.locator('[data-testid="failback-marker"] text').textContent()).toBe('failback link1 → link0');
    // link0's down time shaded on link0 only, from the event and the samples (one merged area)
    expect(await c13l0.locator('[data-testid="down-area"]').count()).toBe(1);
    expect(await c13l1.locator('[data-testid="down-area"]').count()).toBe(0);
    const area = c13l0.locator('[data-testid="down-area"]');
    expect(Number(await area.getAttribute('data-from'))).toBe(DOWN.from);
    expect(Number(await area.getAttribute('data-to'))).toBe(DOWN.to);
    const box = (await area.locator('rect').boundingBox())!;
    expect(box.width).toBeGreaterThan(50); // 90 s of 11 min on a ~1300 px wide plot
    expect(await c13l0.textContent()).toContain('down 1 min 30 s');
    // the jitter spikes where they happened, with their peak
    expect(await c13l1.locator('[data-testid="jitter-marker"] text').textContent()).toBe('spike 6.8 ms');
    expect(await c13l0.locator('[data-testid="jitter-marker"] text').textContent()).toBe('spike 2.6 ms');
    // budgets
    expect(await c13l0.locator('[data-testid="budget-label"]').allTextContents()).toEqual(['2 ms', '5 ms']);
    // the other direction has its own failover
    expect(await page.locator('[data-series="pve3>pve1#0"] [data-testid="failover-marker"]').count()).toBe(1);
    // one shared x axis: the failover line sits at the same x in every chart of the direction
    const x0 = (await c13l0.locator('[data-testid="failover-marker"] rect').boundingBox())!.x;
    const x1 = (await c13l1.locator('[data-testid="failover-marker"] rect').boundingBox())!.x;
    expect(Math.abs(x0 - x1)).toBeLessThan(1);
    expect(await page.locator('[data-testid="range-status"]').getAttribute('data-live')).toBe('false');
    await page.screenshot({ path: join(ARTIFACTS, 'link-page.png'), fullPage: true });
    // hovering one chart shows the values at that moment, and the same moment on the other charts
    const plot = (await c13l0.locator('.recharts-cartesian-grid').boundingBox())!;
    await page.mouse.move(plot.x + plot.width * 0.25, plot.y + plot.height / 2);
    await c13l0.locator('.chart-tip').waitFor({ timeout: 5000 });
    expect(await c13l0.locator('.chart-tip').textContent()).toMatch(/probe min\/avg\/max \d\.\d\d ms \/ \d\.\d\d ms \/ \d\.\d\d ms/);
    await page.screenshot({ path: join(ARTIFACTS, 'link-page-tooltip.png'), clip: { x: 0, y: plot.y - 80, width: 1400, height: 420 } });
    await page.mouse.move(0, 0);
  }, 60_000);

  it('the live window refreshes itself and shows nothing newer than the data', async () => {
    await page.goto(`${server.url}/link/lab/pve1/pve3?range=1h`);
    await expect.poll(() => page.locator('[data-testid="link-chart"]').count(), { timeout: 15_000 }).toBe(4);
    expect(await page.locator('[data-testid="range-status"]').getAttribute('data-live')).toBe('true');
    const first = Number(await page.locator('[data-testid="link-charts"]').getAttribute('data-to'));
    await expect.poll(async () => Number(await page.locator('[data-testid="link-charts"]').getAttribute('data-to')), { timeout: 6000 }).toBeGreaterThan(first);
    expect(await page.locator('[data-testid="failover-marker"]').count()).toBeGreaterThanOrEqual(2);
    await page.screenshot({ path: join(ARTIFACTS, 'link-page-live-1h.png'), fullPage: true });
  }, 30_000);

  it('the overview matrix with links and open-event marks looks right', async () => {
    const html = renderToStaticMarkup(createElement(LinkMatrix, { cluster: matrixCluster, events: matrixEvents }));
    const css = readFileSync(join(ROOT, 'app', 'globals.css'), 'utf8');
    await page.setViewportSize({ width: 900, height: 300 });
    await page.setContent(`<html><head><style>${css}</style></head><body><main><section class="cluster">${html}</section></main></body></html>`);
    expect(await page.locator('a.cell-link .link-has-event').count()).toBe(2);
    await page.screenshot({ path: join(ARTIFACTS, 'overview-cells.png') });
    await page.setViewportSize({ width: 1400, height: 1000 });
    await page.goto(server.url);
    expect(await page.locator('[data-testid="nav-events"]').getAttribute('href')).toBe('/events');
  });

  it('the event timeline filters by kind and takes a click to the link chart at that moment', async () => {
    await page.goto(`${server.url}/events`);
    const rows = page.locator('[data-testid="event-row"]');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBeGreaterThanOrEqual(11);
    // newest first
    const starts = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-id')));
    expect(starts.indexOf('spike-13')).toBeLessThan(starts.indexOf('fo-13'));
    await page.screenshot({ path: join(ARTIFACTS, 'events-page.png'), fullPage: true });
    await page.selectOption('select[name="kind"]', 'failover');
    await page.waitForURL(/kind=failover/);
    await expect.poll(async () => [...new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))))]).toEqual(['failover']);
    expect(await rows.count()).toBe(2);
    await page.locator('[data-testid="event-row"][data-id="fo-13"] a[data-testid="event-link"]').click();
    await page.waitForURL(/\/link\/lab\/pve1\/pve3\?at=\d+/);
    const at = Number(new URL(page.url()).searchParams.get('at'));
    expect(at).toBe(FAILOVER_AT);
    const charts = page.locator('[data-testid="link-charts"]');
    await expect.poll(() => page.locator('[data-testid="link-chart"]').count(), { timeout: 15_000 }).toBe(4);
    const from = Number(await charts.getAttribute('data-from'));
    const to = Number(await charts.getAttribute('data-to'));
    expect(from).toBeLessThanOrEqual(at);
    expect(to).toBeGreaterThanOrEqual(at);
    expect(to - from).toBe(10 * 60_000);
    await expect.poll(() => page.locator('[data-series="pve1>pve3#0"] [data-testid="failover-marker"] text').textContent()).toBe('failover link0 → link1');
    await page.screenshot({ path: join(ARTIFACTS, 'link-page-at.png'), fullPage: true });
  }, 60_000);
});
