// /alerts in Chromium against the demo simulator: targets and rules listed without their secrets, the test button
// reports each target's outcome, and the delivery shows up under recent deliveries.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { startDemoCluster, type DemoCluster } from '@/sim/index';
import { startServer, type ServerHandle } from '../helpers/server';
import { ARTIFACTS, e2eDescribe, launch } from '../helpers/browser';
import { Receiver } from '../alerts/helpers';

const dir = mkdtempSync(join(tmpdir(), 'cw-alerts-page-'));
let sim: DemoCluster;
let server: ServerHandle;
let browser: Browser;
let hook: Receiver;

e2eDescribe(
  'alerts page',
  () => {
    beforeAll(async () => {
      hook = await new Receiver().start('/hooks/S3CRET-page-token');
      hook.statuses.push(500); // the first attempt fails: the outcome says 2 attempts
      sim = await startDemoCluster({ dir: join(dir, 'sim'), scenario: false });
      const cfg = join(dir, 'corowatch.yaml');
      const alerts = [
        'alerts:',
        '  retry: { attempts: 2, baseMs: 100 }',
        '  targets:',
        `    - { name: ops-hook, type: webhook, url: "${hook.url}" }`,
        '    - { name: chat, type: slack, urlEnv: CW_E2E_UNSET_SLACK_URL }',
        '    - { name: mail, type: smtp, host: 127.0.0.1, port: 9, tls: none, user: cw, password: "pw-S3CRET", from: cw@example.org, to: [noc@example.org], timeoutMs: 1000 }',
        '  rules:',
        '    - { name: links, kinds: [link_down, quorum_lost], debounceMs: 5000, targets: [ops-hook, mail] }',
        "    - { kinds: '*', minSeverity: critical, clusters: [demo], targets: [chat] }",
      ].join('\n');
      writeFileSync(cfg, `${sim.configYaml()}${alerts}\nauth: none\n`);
      server = await startServer({ COROWATCH_CONFIG: cfg, DATABASE_URL: `file:${join(dir, 'db.sqlite')}` });
      browser = await launch();
    }, 120_000);

    afterAll(async () => {
      await browser?.close();
      await server?.stop();
      await sim?.close();
      await hook?.close();
    });

    it('lists targets and rules, tests every target, shows the outcomes, and never shows a secret', async () => {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${server.url}/alerts`);
      const targets = await page.locator('[data-testid="alerts-targets"] tbody tr').allInnerTexts();
      expect(targets.map((t) => t.split('\t').slice(0, 2).join(' '))).toEqual(['ops-hook webhook', 'chat slack', 'mail smtp']);
      expect(targets[1]).toContain('environment variable CW_E2E_UNSET_SLACK_URL is not set');
      expect(await page.locator('[data-testid="alerts-rules"] tbody tr').count()).toBe(2);

      await page.click('[data-testid="alerts-test-all"]');
      const results = page.locator('[data-testid="alerts-test-results"] li');
      await expect.poll(() => results.count(), { timeout: 20_000 }).toBe(3);
      const texts = await results.allInnerTexts();
      expect(texts[0]).toBe('✓ ops-hook: delivered');
      expect(texts[1]).toMatch(/^✕ chat: failed \(environment variable CW_E2E_UNSET_SLACK_URL is not set\)/);
      expect(texts[2]).toMatch(/^✕ mail: failed \(cannot connect to 127\.0\.0\.1:9/);
      await expect.poll(() => page.locator('[data-testid="alerts-outcomes"] tbody tr').count(), { timeout: 10_000 }).toBe(3);
      expect(await page.locator('[data-testid="alerts-outcomes"]').innerText()).toContain('delivered (2 attempts)');
      expect(hook.received.map((r) => (r.json as { status: string }).status)).toEqual(['test']);

      const html = await page.content();
      expect(html).not.toContain('S3CRET');
      expect(html).not.toContain('/hooks/');
      await page.screenshot({ path: join(ARTIFACTS, 'alerts-page.png'), fullPage: true });
    }, 60_000);
  },
  false,
);
