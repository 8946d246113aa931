// SSH faults against the simulated cluster (real SSH on 127.0.0.1): garbage output and a vanished sshd.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemoCluster, type DemoCluster } from '@/sim/index';
import { loadConfigFile } from '@/lib/config/load';
import { Runtime } from '@/lib/runtime/runtime';
import { until } from '../helpers/lab';

let sim: DemoCluster;
let rt: Runtime;
const dir = mkdtempSync(join(tmpdir(), 'cw-demo-'));
const node = (name: string) => rt.snapshot().clusters[0].nodes.find((n) => n.name === name)!;

describe('collectors against the simulated cluster', () => {
  beforeAll(async () => {
    sim = await startDemoCluster({ dir, scenario: false });
    writeFileSync(join(dir, 'corowatch.yaml'), sim.configYaml({ pollIntervalMs: 500 }));
    rt = await Runtime.start(loadConfigFile(join(dir, 'corowatch.yaml')), { databaseUrl: `file:${join(dir, 'db.sqlite')}` });
    await until('all healthy', () => rt.snapshot().clusters[0].nodes.every((n) => n.reachable && n.corosync === 'up' && n.links.every((l) => l.connected)), 15_000);
  }, 30_000);

  afterAll(async () => {
    await rt?.stop();
    await sim?.close();
  });

  it('a node that prints garbage gets a parse_error and is not shown healthy, while the others keep updating', async () => {
    sim.setGarbage('pve2', true);
    await until('parse error on pve2', () => node('pve2').errors.length > 0, 5000);
    const v = node('pve2');
    expect(v.corosync).toBe('unknown');
    expect(v.links.every((l) => l.connected === null)).toBe(true);
    expect(v.errors[0].probe).toBe('script');
    const t1 = node('pve1').lastPollAt!;
    const t3 = node('pve3').lastPollAt!;
    await until('others polled again', () => node('pve1').lastPollAt! > t1 && node('pve3').lastPollAt! > t3, 3000);
    expect(node('pve1').links.every((l) => l.connected)).toBe(true);
    const ev = await until('parse_error stored', async () => (await rt.events({ kind: ['parse_error'] })).find((e) => e.node === 'pve2'), 3000);
    expect(ev.endedAt).toBeNull();
    expect(ev.message).toMatch(/^pve2 script: unexpected output/);

    sim.setGarbage('pve2', false);
    await until('pve2 healthy again', () => node('pve2').errors.length === 0 && node('pve2').links.every((l) => l.connected), 5000);
    await until('parse_error ended', async () => (await rt.events({ kind: ['parse_error'] })).every((e) => e.endedAt !== null), 3000);
  }, 20_000);

  it('a node whose SSH server goes away is unknown, then reconnects on its own', async () => {
    await sim.stopSsh('pve3');
    await until('pve3 unknown', () => !node('pve3').reachable && node('pve3').links.every((l) => l.connected === null), 5000);
    expect(node('pve3').sshError).toMatch(/ECONNREFUSED|connection lost/);
    await sim.startSsh('pve3');
    await until('pve3 back', () => node('pve3').reachable && node('pve3').links.every((l) => l.connected), 20_000);
    const evs = (await rt.events({ kind: ['node_unreachable', 'node_reachable'] })).filter((e) => e.node === 'pve3');
    expect(evs.map((e) => e.kind).sort()).toEqual(['node_reachable', 'node_unreachable']);
    expect(evs.find((e) => e.kind === 'node_reachable')!.message).toBe('pve3 reachable again');
  }, 30_000);
});
