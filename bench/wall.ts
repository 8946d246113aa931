// npx tsx bench/wall.ts: the NOC wall against a simulated 32-node cluster (the simulator in this process, the
// server as `npm start` runs it). Prints figures, asserts nothing.
//  - wall page in headless Chromium at 1920×1080: frames per second (requestAnimationFrame over 10 s), renderer
//    main-thread script time, JS heap after a forced GC and DOM nodes at the start and after WALL_MINUTES (default 2)
//  - WebSocket fan-out: WALL_CLIENTS (default 200) clients on /api/live; sim.setLinkDown → the delta carrying the
//    link_down event at the first and at the last client
// Env: WALL_MINUTES, WALL_NODES (32), WALL_CLIENTS (200), CHROMIUM_PATH. Needs a production build (npx next build).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import WebSocket from 'ws';
import { startDemoCluster } from '../sim/index';
import { startServer } from '../tests/helpers/server';
import { applyMessage, type LiveData } from '../lib/live/apply';
import type { LiveMessage } from '../lib/live/messages';

const MINUTES = Number(process.env.WALL_MINUTES ?? 2);
const NODES = Number(process.env.WALL_NODES ?? 32);
const CLIENTS = Number(process.env.WALL_CLIENTS ?? 200);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const mib = (b: number) => (b / 2 ** 20).toFixed(1);

async function until(what: string, ok: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

function fps(page: Page, ms = 10_000): Promise<number> {
  // a string, not a function: tsx would wrap named functions in a helper the page does not have
  return page.evaluate(`new Promise((resolve) => {
    let frames = 0;
    const t0 = performance.now();
    const tick = () => {
      frames++;
      const dt = performance.now() - t0;
      if (dt < ${ms}) requestAnimationFrame(tick);
      else resolve((frames / dt) * 1000);
    };
    requestAnimationFrame(tick);
  })`) as Promise<number>;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics: m } = (await cdp.send('Performance.getMetrics')) as { metrics: Array<{ name: string; value: number }> };
  return Object.fromEntries(m.map((x) => [x.name, x.value]));
}

async function heap(cdp: CDPSession): Promise<{ used: number; total: number }> {
  await cdp.send('HeapProfiler.collectGarbage');
  const h = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  return { used: h.usedSize, total: h.totalSize };
}

/** fps, script time and heap over one 10 s window */
async function sample(page: Page, cdp: CDPSession, label: string) {
  const m0 = await metrics(cdp);
  const t0 = performance.now();
  const f = await fps(page);
  const m1 = await metrics(cdp);
  const secs = (performance.now() - t0) / 1000;
  const h = await heap(cdp);
  const script = (m1.ScriptDuration - m0.ScriptDuration) / secs;
  const layout = (m1.LayoutDuration + m1.RecalcStyleDuration - m0.LayoutDuration - m0.RecalcStyleDuration) / secs;
  const wall = await page.getAttribute('[data-testid="wall"]', 'data-status');
  const stale = (await page.getAttribute('[data-testid="wall"]', 'data-stale')) === 'true' ? ' STALE' : '';
  console.log(`  ${label.padEnd(14)} ${wall}${stale} fps ${f.toFixed(1).padStart(5)}  script ${(script * 100).toFixed(1)} %  layout+style ${(layout * 100).toFixed(1)} %  ` +
    `JS heap ${mib(h.used)} MiB (of ${mib(h.total)})  DOM nodes ${m1.Nodes}  listeners ${m1.JSEventListeners}`);
  return { fps: f, heap: h.used, nodes: m1.Nodes };
}

async function fanOut(url: string, sim: Awaited<ReturnType<typeof startDemoCluster>>): Promise<void> {
  const wsUrl = url.replace(/^http/, 'ws') + '/api/live';
  const got: number[] = [];
  let armed = false;
  const clients: WebSocket[] = [];
  let snapshots = 0;
  let steadyBytes = 0;
  let wholeBytes = 0;
  let live: LiveData = { clusters: [], events: [] };
  for (let i = 0; i < CLIENTS; i++) {
    const ws = new WebSocket(wsUrl, { perMessageDeflate: false });
    ws.on('error', (e) => console.log(`  client ${i}: ${e.message}`));
    let seen = false;
    ws.on('message', (data: Buffer) => {
      const at = performance.now();
      if (i === 0) {
        steadyBytes += data.length;
        const m = JSON.parse(String(data)) as LiveMessage;
        live = applyMessage(live, m);
        // what the same delta weighed when it carried whole node views (before NodePatch)
        if (m.type === 'delta') {
          const names = new Set([...m.nodes.map((n) => n.node.name), ...m.patches.map((p) => p.name)]);
          const whole = live.clusters.flatMap((c) => c.nodes.filter((n) => names.has(n.name)).map((n) => ({ cluster: c.name, node: n })));
          wholeBytes += JSON.stringify({ ...m, nodes: whole, patches: [] }).length;
        } else wholeBytes += data.length;
      }
      if (data.subarray(0, 20).includes('"snapshot"')) snapshots++;
      else if (armed && !seen && data.includes('"link_down"') && data.includes('"pve5"')) {
        seen = true;
        got.push(at);
      }
    });
    clients.push(ws);
  }
  await until(`${CLIENTS} snapshots`, () => snapshots >= CLIENTS, 60_000);
  steadyBytes = 0;
  wholeBytes = 0;
  const s0 = performance.now();
  await sleep(5000);
  const secs = (performance.now() - s0) / 1000;
  console.log(`  live traffic per client, steady: ${(steadyBytes / secs / 1024).toFixed(0)} KiB/s; ` +
    `the same as whole node views: ${(wholeBytes / secs / 1024).toFixed(0)} KiB/s (ratio ${(steadyBytes / wholeBytes).toFixed(2)})`);
  armed = true;
  const t0 = performance.now();
  sim.setLinkDown('pve5', 0, true);
  await until('every client to get the link_down delta', () => got.length >= CLIENTS, 30_000).catch((e) => console.log(`  ${e.message}: ${got.length}`));
  got.sort((a, b) => a - b);
  const at = (q: number) => got[Math.min(got.length - 1, Math.floor(q * got.length))] - t0;
  console.log(`  ${CLIENTS} clients: setLinkDown → first client ${at(0).toFixed(0)} ms, median ${at(0.5).toFixed(0)} ms, ` +
    `last ${at(1).toFixed(0)} ms; spread first → last ${(got[got.length - 1] - got[0]).toFixed(1)} ms`);
  for (const ws of clients) ws.terminate();
  sim.setLinkDown('pve5', 0, false);
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cw-bench-wall-'));
  console.log(`== wall: ${NODES}-node simulated cluster, Chromium 1920×1080, ${MINUTES} min soak, ${CLIENTS} WebSocket clients`);
  const sim = await startDemoCluster({ dir: join(dir, 'sim'), nodes: NODES, scenario: false, seed: 11 });
  const cfg = join(dir, 'corowatch.yaml');
  writeFileSync(cfg, `${sim.configYaml()}auth: none\n`);
  const server = await startServer({ COROWATCH_CONFIG: cfg, DATABASE_URL: `file:${join(dir, 'db.sqlite')}` });
  let stopping = false;
  server.proc.on('exit', (code, signal) => {
    if (!stopping) console.log(`  !! server exited (${code ?? signal}) during the run; its last output:\n${server.output().slice(-3000)}`);
  });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--enable-precise-memory-info'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`${server.url}/wall`);
    const t0 = Date.now();
    await until('the wall to show OK', async () => (await page.getAttribute('[data-testid="wall-state"]', 'data-state').catch(() => null)) === 'ok', 180_000);
    console.log(`  cluster OK on the wall ${((Date.now() - t0) / 1000).toFixed(1)} s after load`);
    await sleep(5000);
    const start = await sample(page, cdp, 'start');
    await page.screenshot({ path: join(dir, 'wall-32.png') });
    for (let m = 1; m <= MINUTES; m++) {
      await sleep(Math.max(0, 60_000 - 12_000));
      await sample(page, cdp, `after ${m} min`);
    }
    const end = await sample(page, cdp, 'end');
    console.log(`  heap growth ${mib(end.heap - start.heap)} MiB over ${MINUTES} min; DOM nodes ${start.nodes} → ${end.nodes}`);
    await fanOut(server.url, sim);
    console.log(`  screenshot: ${join(dir, 'wall-32.png')}`);
  } finally {
    stopping = true;
    await browser.close();
    await server.stop();
    await sim.close();
    if (process.env.WALL_KEEP !== '1') for (const f of ['sim', 'db.sqlite', 'db.sqlite-wal', 'db.sqlite-shm']) rmSync(join(dir, f), { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (e) => {
  console.error(e);
  process.exit(1);
});
