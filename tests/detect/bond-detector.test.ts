import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BondDetector } from '@/lib/analyze/detect/bond-detector';
import type { Finding } from '@/lib/analyze/detect/types';
import { parseBonding } from '@/lib/parse/bonding';
import type { BondStatus } from '@/lib/parse/types';

const text = (f: string) => readFileSync(new URL(`../fixtures/bonding/${f}`, import.meta.url), 'utf8');
const bond = (name: string, t: string): BondStatus => {
  const r = parseBonding(name, t);
  if (!r.ok) throw new Error(r.error);
  return r.value;
};

// active-backup.txt: primary eno1 down (1 link failure), eno2 active. The states around it are the same file
// with the lines the kernel would print then.
const AB_FAILED = text('active-backup.txt');
const AB_HEALTHY = AB_FAILED.replace('Currently Active Slave: eno2', 'Currently Active Slave: eno1')
  .replace('MII Status: down', 'MII Status: up').replace('Link Failure Count: 1', 'Link Failure Count: 0');
const AB_GOING_BACK = AB_FAILED.replace('MII Status: down', 'MII Status: going back');
const AB_BACK = AB_HEALTHY.replace('Link Failure Count: 0', 'Link Failure Count: 1');
const AB_BOTH_DOWN = AB_FAILED.replace('Currently Active Slave: eno2', 'Currently Active Slave: None')
  .replace(/MII Status: up\nSpeed: 1000/, 'MII Status: down\nSpeed: 1000').replace('MII Status: up\nMII Polling', 'MII Status: down\nMII Polling')
  .replace('Link Failure Count: 0', 'Link Failure Count: 1');

// 802.3ad.txt: enp65s0f1 gets no LACPDUs (actor and partner churned).
const LACP_CHURNED = text('802.3ad.txt');
const LACP_CALM = LACP_CHURNED.replace('Actor Churn State: churned', 'Actor Churn State: none').replace('Partner Churn State: churned', 'Partner Churn State: none');
const LACP_MONITORING = LACP_CHURNED.replace('Actor Churn State: churned', 'Actor Churn State: monitoring').replace('Partner Churn State: churned', 'Partner Churn State: monitoring');

interface Step { t: number; bonds: BondStatus[] }
/** Polls every 2 s like the collector: push, then conditions. */
function run(steps: Step[], d = new BondDetector()) {
  const instants: Finding[] = [];
  const conditions: Array<{ t: number; kinds: string[] }> = [];
  for (const s of steps) {
    instants.push(...d.push(s.bonds, s.t));
    conditions.push({ t: s.t, kinds: d.conditions(s.t).map((c) => `${c.kind}:${c.sub}:${c.severity}`).sort() });
  }
  return { instants, conditions };
}
const seq = (texts: string[], name = 'bond0', from = 0) => texts.map((x, i) => ({ t: from + i * 2000, bonds: [bond(name, x)] }));

describe('BondDetector', () => {
  it('stays silent on a healthy bond polled for a while (and on its first snapshot)', () => {
    const { instants, conditions } = run(seq(Array(30).fill(AB_HEALTHY)));
    expect(instants).toEqual([]);
    expect(conditions.every((c) => c.kinds.length === 0)).toBe(true);
    expect(run(seq([LACP_CALM, LACP_MONITORING, LACP_CALM], 'bond1')).conditions.every((c) => c.kinds.length === 0)).toBe(true);
  });

  it('does not report a fault already present in the first snapshot as an instant, only as conditions', () => {
    const { instants, conditions } = run(seq([AB_FAILED]));
    expect(instants).toEqual([]);
    expect(conditions[0].kinds).toEqual(['bond_degraded:bond0:warning', 'bond_slave_down:bond0/eno1:warning']);
  });

  it('reports failover, link failures, slave down and degraded through a primary failure and its return', () => {
    const steps = seq([AB_HEALTHY, AB_HEALTHY, AB_FAILED, AB_FAILED, AB_GOING_BACK, AB_BACK, AB_BACK, AB_BACK, AB_BACK]);
    const { instants, conditions } = run(steps);
    expect(instants.map((f) => [f.kind, f.at, f.message])).toEqual([
      ['bond_failover', 4000, 'bond0: active slave eno1 → eno2'],
      ['bond_link_failures', 4000, 'bond0: slave eno1 link failures +1 (1 in all)'],
      ['bond_failover', 10_000, 'bond0: active slave eno2 → eno1'],
    ]);
    expect(instants[1].details).toEqual({ bond: 'bond0', slave: 'eno1', delta: 1, count: 1 });
    const at = (t: number) => conditions.find((c) => c.t === t)!.kinds;
    expect(at(2000)).toEqual([]);
    expect(at(4000)).toEqual(['bond_degraded:bond0:warning', 'bond_slave_down:bond0/eno1:warning']);
    expect(at(8000)).toEqual(['bond_degraded:bond0:warning', 'bond_slave_down:bond0/eno1:warning']); // going back: not used yet
    expect(at(12_000)).toEqual(['bond_degraded:bond0:warning', 'bond_slave_down:bond0/eno1:warning']); // held 5 s after up
    expect(at(16_000)).toEqual([]);
  });

  it('makes bond_degraded critical and reports "no active slave" when every slave is down', () => {
    const { instants, conditions } = run(seq([AB_FAILED, AB_BOTH_DOWN]));
    expect(instants.map((f) => [f.kind, f.severity])).toEqual([['bond_failover', 'critical'], ['bond_link_failures', 'warning']]);
    expect(conditions[1].kinds).toEqual([
      'bond_degraded:bond0:critical', 'bond_slave_down:bond0/eno1:warning', 'bond_slave_down:bond0/eno2:warning',
    ]);
  });

  it('holds a slave that bounces between polls as one bond_slave_down', () => {
    const { conditions } = run(seq([AB_HEALTHY, AB_FAILED, AB_BACK, AB_FAILED, AB_BACK, AB_FAILED, AB_BACK]));
    expect(conditions.slice(1).every((c) => c.kinds.includes('bond_slave_down:bond0/eno1:warning'))).toBe(true);
  });

  it('keeps lacp_churn while a slave is churned and drops it once none/monitoring again', () => {
    const { instants, conditions } = run(seq([LACP_CALM, LACP_MONITORING, LACP_CHURNED, LACP_CHURNED, LACP_MONITORING, LACP_CALM, LACP_CALM, LACP_CALM], 'bond1'));
    expect(instants).toEqual([]);
    const churn = conditions.map((c) => c.kinds.filter((k) => k.startsWith('lacp_churn')).length);
    expect(churn).toEqual([0, 0, 1, 1, 1, 1, 1, 0]); // on at 4 s, calm from 8 s, held 5 s: off at 14 s
    expect(conditions[2].kinds).toEqual(['lacp_churn:bond1/enp65s0f1:warning']);
  });

  it('forgets a bond that disappears and treats a lower failure count as a reset', () => {
    const d = new BondDetector();
    run(seq([AB_FAILED]), d);
    expect(d.push([], 2000)).toEqual([]);
    expect(d.conditions(2000)).toEqual([]);
    const lowered = bond('bond0', AB_HEALTHY);
    d.push([bond('bond0', AB_FAILED)], 4000);
    expect(d.push([lowered], 6000).map((f) => f.kind)).toEqual(['bond_failover']);
  });
});
