// Alerts end to end against the simulated cluster (real SSH on 127.0.0.1): a link-down on pve3 reaches a local
// webhook receiver as exactly one "firing" (its four observed directions are one incident), and one "resolved" when
// the link is back; a receiver that
// fails the first request still gets the message.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '@/sim/index';
import { loadConfigFile } from '@/lib/config/load';
import { Runtime } from '@/lib/runtime/runtime';
import { setRuntime } from '@/lib/runtime/global';
import { POST } from '@/app/api/alerts/test/route';
import type { EventRecord } from '@/lib/analyze/views';
import { until } from '../helpers/lab';
import { Receiver, sleep } from '../alerts/helpers';

let sim: DemoCluster;
let rt: Runtime;
let hook: Receiver;
const dir = mkdtempSync(join(tmpdir(), 'cw-alerts-'));

interface Msg {
  status: 'firing' | 'resolved' | 'test';
  event: EventRecord;
  corowatch: { url: string | null };
}
const msgs = () => hook.received.map((r) => r.json as Msg);

describe('alerts against the simulated cluster', () => {
  beforeAll(async () => {
    hook = await new Receiver().start('/hooks/T0KEN-abc');
    sim = await startDemoCluster({ dir, scenario: false });
    const alerts = [
      'alerts:',
      '  url: http://corowatch.test',
      '  retry: { attempts: 5, baseMs: 200 }',
      '  targets:',
      `    - { name: hook, type: webhook, url: "${hook.url}" }`,
      '  rules:',
      '    - { kinds: [link_down], minSeverity: warning, debounceMs: 1000, targets: [hook] }',
    ].join('\n');
    writeFileSync(join(dir, 'corowatch.yaml'), sim.configYaml({ pollIntervalMs: 500 }) + alerts + '\n');
    rt = await Runtime.start(loadConfigFile(join(dir, 'corowatch.yaml')), { databaseUrl: `file:${join(dir, 'db.sqlite')}` });
    await until('all healthy', () => rt.snapshot().clusters[0].nodes.every((n) => n.reachable && n.corosync === 'up' && n.links.every((l) => l.connected)), 15_000);
  }, 30_000);

  afterAll(async () => {
    await rt?.stop();
    await sim?.close();
    await hook?.close();
  });

  it('pve3 link0 down: exactly one firing for the incident, then exactly one resolved when it is back', async () => {
    hook.statuses.push(500); // the receiver fails the first request: retried and still delivered
    sim.setLinkDown('pve3', 0, true);
    const firing = await until('firing for pve3 link0', () => msgs().find((m) => m.status === 'firing'), 20_000);
    expect(firing.event).toMatchObject({ kind: 'link_down', cluster: 'demo', link: 0, endedAt: null });
    expect([firing.event.node, firing.event.peer]).toContain('pve3');
    expect(firing.corowatch.url).toBe('http://corowatch.test');
    expect(hook.attempts).toBeGreaterThan(hook.received.length); // the first attempt was answered 500
    // the incident's first event was open for at least the debounce when it was announced
    const stored = (await rt.events({ kind: ['link_down'] })).find((e) => e.id === firing.event.id)!;
    expect(stored.endedAt).toBeNull();

    await sleep(3000); // the link stays down: nothing is repeated, and the other observers join the same incident
    expect(msgs()).toHaveLength(1);

    sim.setLinkDown('pve3', 0, false);
    const resolved = await until('resolved', () => msgs().find((m) => m.status === 'resolved'), 20_000);
    expect(resolved.event).toMatchObject({ id: firing.event.id, node: 'pve3', peer: null });
    expect(resolved.event.endedAt).not.toBeNull();
    expect(((resolved.event.details as { paths: string[] }).paths).sort()).toEqual(['pve1→pve3', 'pve2→pve3', 'pve3→pve1', 'pve3→pve2']);
    await sleep(2000);
    expect(msgs().map((m) => m.status)).toEqual(['firing', 'resolved']);
    const outcomes = rt.alerts.recentOutcomes();
    expect(outcomes.find((o) => o.eventId === firing.event.id && o.status === 'firing')).toMatchObject({ ok: true });
    expect(outcomes.some((o) => o.attempts > 1 && o.ok)).toBe(true);
  }, 60_000);

  it('test button: every target gets a test message; the answer holds names and outcomes only', async () => {
    hook.statuses.push(503);
    const results = await rt.alerts.test();
    expect(results).toEqual([{ target: 'hook', ok: true }]);
    expect(msgs().at(-1)!.status).toBe('test');
    expect(JSON.stringify(rt.alerts.describe())).not.toContain('T0KEN');
  }, 20_000);

  it('POST /api/alerts/test answers {results:[{target, ok}]} and 404 for an unknown target, never the URL', async () => {
    setRuntime(rt);
    try {
      const before = hook.received.length;
      const res = await POST(new Request('http://localhost/api/alerts/test?target=hook', { method: 'POST' }));
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(JSON.parse(text)).toEqual({ results: [{ target: 'hook', ok: true }] });
      expect(text).not.toContain('T0KEN');
      expect(hook.received.length).toBe(before + 1);
      const missing = await POST(new Request('http://localhost/api/alerts/test?target=nope', { method: 'POST' }));
      expect(missing.status).toBe(404);
    } finally {
      setRuntime(undefined);
    }
  }, 20_000);
});
