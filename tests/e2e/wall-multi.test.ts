// Several clusters on one wall (two simulated clusters behind real SSH): side by side without scrollbars, each with
// its own state; ?rotate=1 shows one at a time and moves on by itself; /wall/<cluster> shows one.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startDemoCluster, type DemoCluster } from '@/sim/index';
import { startServer, type ServerHandle } from '../helpers/server';
import { ARTIFACTS, e2eDescribe, launch } from '../helpers/browser';

const dir = mkdtempSync(join(tmpdir(), 'cw-wall-multi-'));
let east: DemoCluster;
let west: DemoCluster;
let server: ServerHandle;
let browser: Browser;

const panelState = (p: Page, name: string) =>
  p.getAttribute(`[data-testid="wall-cluster-${name}"]`, 'data-state', { timeout: 1000 }).catch(() => null);
const shownClusters = (p: Page) =>
  p.$$eval('[data-testid^="wall-cluster-"]', (els) => els.map((e) => e.getAttribute('data-testid')!.replace('wall-cluster-', '')));

function clusterYaml(name: string, sim: DemoCluster): string {
  const nodes = sim.nodes.map((n) => `      - { name: ${n.name}, host: ${n.host}, port: ${n.port}, user: ${n.user}, identityFile: ${sim.identityFile} }`);
  return [`  - name: ${name}`, '    logCommand: tail -F -n 0 /var/log/corosync/corosync.log', '    nodes:', ...nodes].join('\n');
}

e2eDescribe(
  'NOC wall with several clusters',
  () => {
    beforeAll(async () => {
      east = await startDemoCluster({ dir: join(dir, 'east'), nodes: 3, scenario: false, seed: 21, clusterName: 'east' });
      west = await startDemoCluster({ dir: join(dir, 'west'), nodes: 2, scenario: false, seed: 22, clusterName: 'west' });
      writeFileSync(join(dir, 'known_hosts'), readFileSync(east.knownHostsPath, 'utf8') + readFileSync(west.knownHostsPath, 'utf8'));
      writeFileSync(join(dir, 'corowatch.yaml'), `knownHosts: ${join(dir, 'known_hosts')}\nauth: none\nclusters:\n${clusterYaml('east', east)}\n${clusterYaml('west', west)}\n`);
      server = await startServer({ COROWATCH_CONFIG: join(dir, 'corowatch.yaml'), DATABASE_URL: `file:${join(dir, 'db.sqlite')}` });
      browser = await launch();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await east?.close();
      await west?.close();
      rmSync(dir, { recursive: true, force: true });
    }, 30_000);

    it('shows both clusters side by side without scrollbars, each with its own state', async () => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${server.url}/wall`);
      await expect.poll(async () => [await panelState(page, 'east'), await panelState(page, 'west')].join(), { timeout: 30_000 }).toBe('ok,ok');
      expect(await shownClusters(page)).toEqual(['east', 'west']);
      const m = await page.evaluate(() => ({ sh: document.documentElement.scrollHeight, sw: document.documentElement.scrollWidth }));
      expect(m.sh).toBeLessThanOrEqual(1080);
      expect(m.sw).toBeLessThanOrEqual(1920);
      east.setLinkDown('pve2', 1, true);
      await expect.poll(() => panelState(page, 'east'), { timeout: 5000, interval: 100 }).toBe('degraded');
      expect(await panelState(page, 'west')).toBe('ok');
      await page.screenshot({ path: join(ARTIFACTS, 'wall-multi.png') });
      east.setLinkDown('pve2', 1, false);
      await expect.poll(() => panelState(page, 'east'), { timeout: 30_000 }).toBe('ok');
      await page.close();
    }, 90_000);

    it('rotates one cluster at a time with ?rotate=1, and shows one with /wall/<cluster>', async () => {
      const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
      await page.goto(`${server.url}/wall?rotate=1`);
      await expect.poll(() => shownClusters(page), { timeout: 30_000 }).toHaveLength(1);
      const first = (await shownClusters(page))[0];
      expect(await page.textContent('.wall-page')).toBe('1 / 2');
      await expect.poll(() => shownClusters(page), { timeout: 20_000, interval: 500 }).toEqual([first === 'east' ? 'west' : 'east']);
      await page.goto(`${server.url}/wall/west`);
      await expect.poll(() => panelState(page, 'west'), { timeout: 30_000 }).toBe('ok');
      expect(await shownClusters(page)).toEqual(['west']);
      await page.close();
    }, 90_000);
  },
  false,
);
