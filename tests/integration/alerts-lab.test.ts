// Alerts end to end on the real corosync lab: link0 of pve3 goes down (ip link down in its namespace) and a local
// webhook receiver gets exactly one "firing" for it (the four directions that see it are one incident,
// lib/alerts/grouping.ts), then exactly one "resolved" when the link is back. The receiver fails the first request (500): the dispatcher retries and still delivers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@/lib/config/load';
import { Runtime } from '@/lib/runtime/runtime';
import type { EventRecord } from '@/lib/analyze/views';
import { LAB_CONFIG, knetSettled, lab, labDescribe, until } from '../helpers/lab';
import { Receiver, sleep } from '../alerts/helpers';

let rt: Runtime;
let hook: Receiver;

interface Msg {
  status: 'firing' | 'resolved' | 'test';
  event: EventRecord;
}
const msgs = () => hook.received.map((r) => r.json as Msg);

labDescribe('alerts on the real lab', () => {
  beforeAll(async () => {
    hook = await new Receiver().start('/hooks/T0KEN-lab');
    await lab('up', '3');
    const alerts = [
      'alerts:',
      '  retry: { attempts: 5, baseMs: 200 }',
      '  targets:',
      `    - { name: hook, type: webhook, url: "${hook.url}" }`,
      '  rules:',
      '    - { kinds: [link_down], minSeverity: warning, debounceMs: 500, targets: [hook] }',
    ].join('\n');
    const cfg = parseConfig(`${readFileSync(LAB_CONFIG, 'utf8')}${alerts}\n`, LAB_CONFIG);
    rt = await Runtime.start(cfg, { databaseUrl: `file:${join(mkdtempSync(join(tmpdir(), 'cw-alerts-lab-')), 'db.sqlite')}` });
    await until('all healthy with known active links', () => rt.snapshot().clusters[0].nodes.every((n) =>
      n.reachable && n.corosync === 'up' && n.links.length === 4 && n.links.every((l) => l.connected && l.active !== null)), 30_000);
    await knetSettled(); // so link-down is seen in ~1.5 s
  }, 120_000);

  afterAll(async () => {
    await rt?.stop();
    await hook?.close();
    await lab('down');
  }, 60_000);

  it('pve3 link0 down: exactly one firing (retried after a 500); link up: exactly one resolved', async () => {
    expect(hook.attempts).toBe(0); // a quiet lab sends nothing
    hook.statuses.push(500);
    const t0 = Date.now();
    await lab('fault', 'link-down', 'pve3', '0');
    const firing = await until('firing for pve3 link0', () => msgs().find((m) => m.status === 'firing'), 15_000);
    console.log(`[alerts-lab] link0 of pve3 down → firing at the receiver after ${Date.now() - t0} ms: ${firing.event.message}`);
    expect(firing.event).toMatchObject({ cluster: 'lab', kind: 'link_down', link: 0, endedAt: null });
    expect([firing.event.node, firing.event.peer]).toContain('pve3');
    expect(hook.attempts).toBeGreaterThan(hook.received.length); // the first attempt was answered 500

    await sleep(3000); // the link stays down; every observer has seen it by now: still one message
    expect(msgs()).toHaveLength(1);

    const t1 = Date.now();
    await lab('fault', 'link-up', 'pve3', '0');
    const resolved = await until('resolved', () => msgs().find((m) => m.status === 'resolved'), 15_000);
    console.log(`[alerts-lab] link0 of pve3 up → resolved after ${Date.now() - t1} ms: ${resolved.event.message}`);
    expect(resolved.event).toMatchObject({ id: firing.event.id, cluster: 'lab', kind: 'link_down', link: 0, node: 'pve3', peer: null });
    expect(resolved.event.endedAt).not.toBeNull();
    // one incident, seen from every end: pve1 and pve2 lose pve3's link0, pve3 loses both peers on it
    expect(((resolved.event.details as { paths: string[] }).paths).sort()).toEqual(['pve1→pve3', 'pve2→pve3', 'pve3→pve1', 'pve3→pve2']);
    await sleep(2000);
    expect(msgs().map((m) => m.status)).toEqual(['firing', 'resolved']);
    const outcomes = rt.alerts.recentOutcomes();
    expect(outcomes.filter((o) => o.ok)).toHaveLength(2);
    expect(outcomes.filter((o) => o.attempts > 1)).toEqual([expect.objectContaining({ ok: true, attempts: 2, status: 'firing' })]);
  }, 60_000);
});
