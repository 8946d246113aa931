// Alerts end to end on the real corosync lab: link0 of pve3 goes down (ip link down in its namespace) and a local
// webhook receiver gets exactly one "firing" per link_down incident, then exactly one "resolved" each when the
// link is back. The receiver fails the first request (500): the dispatcher retries and still delivers.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig } from '@/lib/config/load';
import { Runtime } from '@/lib/runtime/runtime';
import type { EventRecord } from '@/lib/analyze/views';
import { LAB_CONFIG, lab, labDescribe, until } from '../helpers/lab';
import { Receiver, sleep } from '../alerts/helpers';

let rt: Runtime;
let hook: Receiver;

interface Msg {
  status: 'firing' | 'resolved' | 'test';
  event: EventRecord;
}
const msgs = () => hook.received.map((r) => r.json as Msg);
const isPair = (e: EventRecord) => e.kind === 'link_down' && e.node === 'pve1' && e.peer === 'pve3' && e.link === 0;

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
    await sleep(12_000); // knet's pong timeout settles, so link-down is seen in ~1.5 s (lab/README.md)
  }, 120_000);

  afterAll(async () => {
    await rt?.stop();
    await hook?.close();
    await lab('down');
  }, 60_000);

  it('pve3 link0 down: one firing per link_down incident (retried after a 500); link up: one resolved each', async () => {
    expect(hook.attempts).toBe(0); // a quiet lab sends nothing
    hook.statuses.push(500);
    const t0 = Date.now();
    await lab('fault', 'link-down', 'pve3', '0');
    const firing = await until('firing for pve1 → pve3 link0', () => msgs().find((m) => m.status === 'firing' && isPair(m.event)), 15_000);
    console.log(`[alerts-lab] link0 of pve3 down → firing for pve1 → pve3 at the receiver after ${Date.now() - t0} ms`);
    expect(firing.event).toMatchObject({ cluster: 'lab', node: 'pve1', peer: 'pve3', link: 0, endedAt: null });
    // every observer of the link: pve1 and pve2 see pve3's link0 down, pve3 sees it down to both peers
    const pairs = ['pve1>pve3', 'pve2>pve3', 'pve3>pve1', 'pve3>pve2'];
    await until('a firing for every direction', () => pairs.every((p) => msgs().some((m) => m.status === 'firing' && `${m.event.node}>${m.event.peer}` === p)), 5000);
    expect(hook.attempts).toBeGreaterThan(hook.received.length); // the first attempt was answered 500

    await sleep(3000); // the link stays down: nothing is repeated
    const firings = msgs().filter((m) => m.status === 'firing');
    expect(firings.every((m) => m.event.kind === 'link_down' && m.event.link === 0 && m.event.cluster === 'lab')).toBe(true);
    expect(firings.map((m) => `${m.event.node}>${m.event.peer}`).sort()).toEqual(pairs);
    const ids = firings.map((m) => m.event.id);
    expect(new Set(ids).size).toBe(ids.length); // one firing per incident

    const t1 = Date.now();
    await lab('fault', 'link-up', 'pve3', '0');
    const resolved = await until('resolved for pve1 → pve3 link0', () => msgs().find((m) => m.status === 'resolved' && m.event.id === firing.event.id), 15_000);
    console.log(`[alerts-lab] link0 of pve3 up → resolved for pve1 → pve3 after ${Date.now() - t1} ms`);
    expect(resolved.event.endedAt).not.toBeNull();
    await until('every incident resolved', () => ids.every((id) => msgs().some((m) => m.status === 'resolved' && m.event.id === id)), 15_000);
    await sleep(2000);
    expect(msgs().filter((m) => isPair(m.event)).map((m) => m.status)).toEqual(['firing', 'resolved']);
    for (const id of ids) expect(msgs().filter((m) => m.event.id === id).map((m) => m.status)).toEqual(['firing', 'resolved']);
    expect(msgs()).toHaveLength(8);
    const outcomes = rt.alerts.recentOutcomes();
    expect(outcomes.filter((o) => o.ok)).toHaveLength(8);
    expect(outcomes.filter((o) => o.attempts > 1)).toEqual([expect.objectContaining({ ok: true, attempts: 2, status: 'firing' })]);
  }, 60_000);
});
