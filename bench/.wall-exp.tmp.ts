import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoCluster } from '/work/main/sim/index';
import { startServer } from '/work/main/tests/helpers/server';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FPS = `new Promise((resolve) => { let frames = 0; const t0 = performance.now(); const tick = () => { frames++; const dt = performance.now() - t0; if (dt < 8000) requestAnimationFrame(tick); else resolve((frames / dt) * 1000); }; requestAnimationFrame(tick); })`;
async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'cw-exp-'));
  const sim = await startDemoCluster({ dir: join(dir, 'sim'), nodes: 32, scenario: false, seed: 11 });
  const cfg = join(dir, 'c.yaml'); writeFileSync(cfg, sim.configYaml());
  const server = await startServer({ COROWATCH_CONFIG: cfg, DATABASE_URL: `file:${join(dir, 'db.sqlite')}` });
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.goto(`${server.url}/wall`);
  await sleep(8000);
  const variants: Array<[string, string]> = [['base', ''], ['no matrix', '.wm{display:none}'], ['no sparks', '.wp-sparks{display:none}'], ['no incidents+reasons', '.wp-incidents,.wp-reasons{display:none}'], ['contain', '.wm{contain:strict}.wm table{contain:layout style}'], ['base again', '']];
  for (const [name, css] of variants) {
    await page.evaluate(`(() => { let s = document.getElementById('exp'); if (!s) { s = document.createElement('style'); s.id = 'exp'; document.head.appendChild(s); } s.textContent = ${JSON.stringify(css)}; })()`);
    await sleep(1000);
    const m0 = Object.fromEntries(((await cdp.send('Performance.getMetrics')) as any).metrics.map((x: any) => [x.name, x.value]));
    const f = await page.evaluate(FPS) as number;
    const m1 = Object.fromEntries(((await cdp.send('Performance.getMetrics')) as any).metrics.map((x: any) => [x.name, x.value]));
    const d = (k: string) => ((m1[k] - m0[k]) / 8 * 100).toFixed(1);
    console.log(name.padEnd(22), 'fps', f.toFixed(1), 'script', d('ScriptDuration'), 'layout', d('LayoutDuration'), 'style', d('RecalcStyleDuration'), 'layouts', m1.LayoutCount - m0.LayoutCount, 'styles', m1.RecalcStyleCount - m0.RecalcStyleCount, 'task', d('TaskDuration'));
  }
  await browser.close(); await server.stop(); await sim.close();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
