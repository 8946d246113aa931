// npx tsx bench/history-30d.ts [--days 30] [--nodes 16]: issue 4, "Measure": a 30-day chart of one link at 1-minute
// resolution on a database holding 30 days of a 16-node cluster — query time and time to render.
// Fills a temporary SQLite database (corowatch's migrations) with 30 days × 1440 minutes of LinkRollup1m rows for every
// observer → peer pair × 2 links (and the matching LinkRollup1h rows, which the page's automatic step uses for 30 days),
// sets the rollup watermarks so the history API reads them as rolled up, then times:
//  1. loadHistory (the function /api/history calls) for pve1 → pve2 and pve2 → pve1 link0, 30 days at step 1m;
//     GET /api/history on server.ts (production build) for the same, time to first byte and total;
//  2. the /history page in Chromium for that link: the 30-day range (the page picks the step itself: 1h for 30 days)
//     and the longest range the page shows at 1 minute (14 days), from navigation start until the chart's lines are drawn.
// Prints figures and ratios; asserts nothing.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../lib/store/db';
import { WATERMARK_SQL } from '../lib/store/rollup-sql';
import { sqliteDialect } from '../lib/store/dialect';
import { configSchema } from '../lib/config/schema';
import { parseHistoryQuery } from '../lib/runtime/history-query';
import { loadHistory } from '../lib/runtime/history-load';
import { startServer, type ServerHandle } from '../tests/helpers/server';
import { launch } from '../tests/helpers/browser';
import type { Browser } from 'playwright-core';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const DAYS = arg('days', 30);
const NODES = Array.from({ length: arg('nodes', 16) }, (_, i) => `pve${i + 1}`);
const M = 60_000;
const H = 3600_000;
const D = 24 * H;
const END = Math.floor(Date.now() / H) * H; // data up to the last full hour
const START = END - DAYS * D;
const MINUTES = DAYS * 1440;
const CLUSTER = 'big';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (ms: number) => `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const mb = (b: number) => `${(b / 1e6).toFixed(0)} MB`;

function rng(seed: number) {
  return () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
}

const dir = mkdtempSync(join(tmpdir(), 'cw-bench-h30-'));
const dbFile = join(dir, 'db.sqlite');
const dbUrl = `file:${dbFile}`;
const configFile = join(dir, 'corowatch.yaml');

const COLS = ['cluster', 'node', 'peer', 'link', 'bucket', 'samples', 'downSamples', 'rttCount', 'rttLost', 'rttMinUs', 'rttMeanUs', 'rttMaxUs',
  'rttP95Us', 'knetN', 'knetMinUs', 'knetMeanUs', 'knetMaxUs', 'knetP95Us', 'winN', 'winMinUs', 'winMeanUs', 'winMaxUs', 'winP95Us'];
const insertSql = (table: string) => `INSERT INTO "${table}" (${COLS.map((c) => `"${c}"`).join(', ')}) VALUES (${COLS.map(() => '?').join(', ')})`;

interface Acc { min: number; max: number; sum: number; means: number[] }

async function fill(): Promise<{ rows1m: number; rows1h: number; ms: number }> {
  const prisma = await openDatabase(dbUrl); // migrations
  await prisma.$disconnect();
  const db = new Database(dbFile);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -1000000');
  const ins1m = db.prepare(insertSql('LinkRollup1m'));
  const ins1h = db.prepare(insertSql('LinkRollup1h'));
  const series: Array<{ node: string; peer: string; link: number; base: number; rand: () => number; acc: Acc }> = [];
  let seed = 7;
  for (const node of NODES) for (const peer of NODES) {
    if (node === peer) continue;
    for (const link of [0, 1]) series.push({ node, peer, link, base: 170 + link * 25 + (seed % 30), rand: rng(seed++ * 7919), acc: { min: 1e9, max: 0, sum: 0, means: [] } });
  }
  const started = performance.now();
  let rows1m = 0;
  let rows1h = 0;
  const CHUNK_MIN = 120; // minutes per transaction: 120 × 480 = 57 600 rows
  const row = (node: string, peer: string, link: number, bucket: number | string, samples: number, min: number, mean: number, max: number, p95: number) => {
    const r = Math.round;
    return [CLUSTER, node, peer, link, bucket, samples, 0, samples * 5, 0, min, mean, max, p95,
      samples, r(mean * 0.9), mean + 15, r(max * 0.95), r(p95 + 10), samples, min + 5, mean + 8, max, p95 + 5];
  };
  const chunk = db.transaction((m0: number, m1: number) => {
    for (let m = m0; m < m1; m++) {
      const t = START + m * M;
      const bucket = sqliteDialect.tsParam(t);
      const hourEnd = (m + 1) % 60 === 0;
      for (const s of series) {
        // mean ~200 µs with noise and a daily swing; occasional spikes (about 1 minute in 500)
        const daily = 15 * Math.sin((2 * Math.PI * (t % D)) / D);
        const spike = s.rand() < 0.002 ? 500 + s.rand() * 4000 : 0;
        const mean = Math.round((s.base + daily + (s.rand() - 0.5) * 30 + spike) * 10) / 10;
        const min = Math.round(mean - 25 - s.rand() * 15);
        const max = Math.round(mean + 60 + s.rand() * 250 + spike * 0.5);
        const p95 = Math.round(mean + 20 + s.rand() * 30);
        ins1m.run(row(s.node, s.peer, s.link, bucket, 60, min, mean, max, p95));
        rows1m++;
        const a = s.acc;
        a.min = Math.min(a.min, min);
        a.max = Math.max(a.max, max);
        a.sum += mean;
        a.means.push(mean);
        if (hourEnd) {
          a.means.sort((x, y) => x - y);
          const hMean = Math.round((a.sum / a.means.length) * 10) / 10;
          ins1h.run(row(s.node, s.peer, s.link, sqliteDialect.tsParam(t - 59 * M), 3600, a.min, hMean, a.max, Math.round(a.means[Math.floor(a.means.length * 0.95)])));
          rows1h++;
          s.acc = { min: 1e9, max: 0, sum: 0, means: [] };
        }
      }
    }
  });
  for (let m = 0; m < MINUTES; m += CHUNK_MIN) {
    chunk(m, Math.min(MINUTES, m + CHUNK_MIN));
    if ((m / CHUNK_MIN) % 36 === 35) process.stdout.write(`  filled ${((m + CHUNK_MIN) / 1440).toFixed(0)} of ${DAYS} days (${((performance.now() - started) / 1000).toFixed(0)} s)\n`);
  }
  const now = sqliteDialect.tsParam(Date.now());
  db.prepare(WATERMARK_SQL).run('1m', sqliteDialect.tsParam(END), now);
  db.prepare(WATERMARK_SQL).run('1h', sqliteDialect.tsParam(END), now);
  // a handful of events around the link and elsewhere
  const ev = db.prepare('INSERT INTO "Event" ("id", "kind", "severity", "cluster", "node", "peer", "link", "message", "startedAt", "endedAt") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const rand = rng(99);
  for (let i = 0; i < 12; i++) {
    const s = START + Math.floor(rand() * (END - START - H));
    const [node, peer] = i % 3 === 0 ? ['pve1', 'pve2'] : i % 3 === 1 ? ['pve2', 'pve1'] : [NODES[2 + (i % (NODES.length - 2))], 'pve1'];
    const link = i % 2;
    ev.run(`ev-${i}`, 'link_down', 'warning', CLUSTER, node, peer, link, `${node} → ${peer} link${link} down`, sqliteDialect.tsParam(s), sqliteDialect.tsParam(s + 2 * M + Math.floor(rand() * 10 * M)));
  }
  db.pragma('journal_mode = WAL');
  db.close();
  return { rows1m, rows1h, ms: performance.now() - started };
}

function writeConfig(): void {
  const nodes = NODES.map((n) => `      - { name: ${n}, host: 127.0.0.1, port: 9, user: root, identityFile: ${join(dir, 'id_missing')} }`).join('\n');
  writeFileSync(join(dir, 'known_hosts'), '');
  writeFileSync(configFile,
    `knownHosts: ${join(dir, 'known_hosts')}\nauth: none\nretention:\n  minuteDays: 90\n  hourDays: 730\nclusters:\n  - name: ${CLUSTER}\n    nodes:\n${nodes}\n`);
}

async function main() {
  if (!existsSync('.next/BUILD_ID')) throw new Error('no production build: run `npx next build` first');
  console.log(`history-30d: ${DAYS} days × 1440 minutes, ${NODES.length} nodes, ${NODES.length * (NODES.length - 1) * 2} series, temp ${dir}`);
  const f = await fill();
  const size = statSync(dbFile).size;
  console.log(`fill: ${f.rows1m.toLocaleString('en')} LinkRollup1m + ${f.rows1h.toLocaleString('en')} LinkRollup1h rows in ${(f.ms / 1000).toFixed(1)} s ` +
    `(${Math.round(f.rows1m / (f.ms / 1000)).toLocaleString('en')} rows/s); database ${mb(size)} (${(size / f.rows1m).toFixed(0)} B per minute row incl. 1h)`);

  // 1a. the query path /api/history uses, in process
  writeConfig();
  const config = configSchema.parse({
    knownHosts: join(dir, 'known_hosts'), retention: { minuteDays: 90, hourDays: 730 },
    clusters: [{ name: CLUSTER, nodes: NODES.map((name) => ({ name, host: '127.0.0.1', port: 9, user: 'root', identityFile: join(dir, 'id_missing') })) }],
  });
  const db = await openDatabase(dbUrl);
  const from = START;
  const to = END - 1;
  const times: number[] = [];
  let points = 0;
  let seriesN = 0;
  let eventsN = 0;
  for (const node of ['pve1', 'pve2']) {
    const q = parseHistoryQuery({ cluster: CLUSTER, node, peer: node === 'pve1' ? 'pve2' : 'pve1', link: '0', from: String(from), to: String(to), step: '1m' }, config, END);
    if ('error' in q) throw new Error(q.error);
  }
  for (let run = 0; run < 5; run++) {
    const t0 = performance.now();
    points = 0;
    seriesN = 0;
    eventsN = 0;
    for (const node of ['pve1', 'pve2']) { // the page asks once per direction
      const q = parseHistoryQuery({ cluster: CLUSTER, node, peer: node === 'pve1' ? 'pve2' : 'pve1', link: '0', from: String(from), to: String(to), step: '1m' }, config, END);
      if ('error' in q) throw new Error(q.error);
      const r = await loadHistory(db, config, q);
      seriesN += r.series.length;
      points += r.series.reduce((a, s) => a + s.points.length, 0);
      eventsN += r.events.length;
    }
    times.push(performance.now() - t0);
  }
  await db.$disconnect();
  const qMed = median(times);
  console.log(`query (loadHistory, pve1→pve2 + pve2→pve1 link0, ${DAYS} d, step 1m, 5 runs): min ${fmt(Math.min(...times))}, median ${fmt(qMed)}; ` +
    `${seriesN} series, ${points.toLocaleString('en')} points (${(points / Math.max(1, seriesN)).toFixed(0)} per series), ${eventsN} events; ` +
    `${(qMed / points * 1000).toFixed(2)} µs per point`);

  let server: ServerHandle | undefined;
  let browser: Browser | undefined;
  try {
    const t0 = performance.now();
    server = await startServer({ COROWATCH_CONFIG: configFile, DATABASE_URL: dbUrl });
    console.log(`server: started in ${fmt(performance.now() - t0)}`);

    // 1b. over HTTP, as the page asks (one request per direction), step 1m asked explicitly
    const http: Array<{ ttfb: number; total: number; bytes: number }> = [];
    for (let run = 0; run < 5; run++) {
      for (const [node, peer] of [['pve1', 'pve2'], ['pve2', 'pve1']]) {
        const qs = new URLSearchParams({ cluster: CLUSTER, node, peer, link: '0', from: String(from), to: String(to), step: '1m' });
        const s = performance.now();
        const r = await fetch(`${server.url}/api/history?${qs}`);
        const ttfb = performance.now() - s;
        const body = await r.arrayBuffer();
        const total = performance.now() - s;
        if (!r.ok) throw new Error(`HTTP ${r.status}: ${new TextDecoder().decode(body)}`);
        http.push({ ttfb, total, bytes: body.byteLength });
      }
    }
    const ttfb = median(http.map((h) => h.ttfb));
    const total = median(http.map((h) => h.total));
    console.log(`HTTP GET /api/history (one direction, ${DAYS} d, step 1m, 10 requests): time to first byte median ${fmt(ttfb)} (min ${fmt(Math.min(...http.map((h) => h.ttfb)))}), ` +
      `total median ${fmt(total)} (min ${fmt(Math.min(...http.map((h) => h.total)))}), body ${(http[0].bytes / 1e6).toFixed(2)} MB; ` +
      `total ÷ in-process query (per direction) ${(total / (qMed / 2)).toFixed(1)}×`);

    // 2. the page in Chromium
    browser = await launch();
    const sel = `s=${CLUSTER}/pve1/pve2/0&s=${CLUSTER}/pve2/pve1/0`;
    const views = [
      { name: `${DAYS} days (page's own step)`, path: `/history?from=${from}&to=${to}&${sel}` },
      { name: '14 days (longest the page shows at 1m)', path: `/history?from=${END - 14 * D}&to=${to}&${sel}` },
    ];
    const renders: Record<string, number> = {};
    for (const v of views) {
      const ms: number[] = [];
      let heap = 0;
      let step = '';
      let paths = 0;
      let pathChars = 0;
      for (let run = 0; run < 3; run++) {
        const ctx = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
        const page = await ctx.newPage();
        const errors: string[] = [];
        page.on('pageerror', (e) => errors.push(e.message));
        await page.goto(`${server.url}${v.path}`, { waitUntil: 'commit' });
        await page.locator('[data-testid="history-chart"] .recharts-line-curve').first().waitFor({ timeout: 120_000 });
        // from navigation start (the page's own clock) until the chart's lines are in the DOM, after the next frame
        const t = await page.evaluate(() => new Promise<number>((res) => requestAnimationFrame(() => res(performance.now()))));
        ms.push(t);
        step = (await page.locator('[data-testid="range-status"]').getAttribute('data-step')) ?? '';
        paths = await page.locator('[data-testid="history-chart"] .recharts-line-curve').count();
        pathChars = await page.locator('[data-testid="history-chart"] path').evaluateAll((els) => els.reduce((a, e) => a + (e.getAttribute('d')?.length ?? 0), 0));
        const cdp = await ctx.newCDPSession(page);
        await cdp.send('HeapProfiler.collectGarbage');
        const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
        heap = h.usedSize;
        if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
        await ctx.close();
      }
      renders[v.name] = median(ms);
      console.log(`render ${v.name}: step ${step}, median ${fmt(median(ms))} (runs ${ms.map((x) => x.toFixed(0)).join(', ')} ms), ` +
        `${paths} line paths, ${(pathChars / 1e6).toFixed(2)} M chars of SVG path data, JS heap after render (after GC) ${mb(heap)}`);
    }
    const r30 = renders[views[0].name];
    const r14 = renders[views[1].name];
    console.log(`ratios: render ${DAYS} d (page's step) ÷ in-process query ${DAYS} d at 1m ${(r30 / qMed).toFixed(1)}×; render 14 d at 1m ÷ render ${DAYS} d ${(r14 / r30).toFixed(1)}×`);
  } finally {
    await browser?.close();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  rmSync(dir, { recursive: true, force: true });
  process.exit(1);
});
