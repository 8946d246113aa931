import { describe, expect, it } from 'vitest';
import { parseBonding } from '../../lib/parse/bonding';
import { GARBAGE, checkTruncation, fixture, fixtureFiles, valueOf } from './helpers';

// Fixtures follow the seq_printf formats of drivers/net/bonding/bond_procfs.c (see tests/fixtures/bonding/README.md).
const parse = (file: string) => valueOf(parseBonding('bond0', fixture(`bonding/${file}`)));
const slave = (name: string, over: Record<string, unknown> = {}) => ({
  name,
  miiStatus: 'up',
  speed: '1000 Mbps',
  duplex: 'full',
  linkFailureCount: 0,
  aggregatorId: null,
  actorChurnState: null,
  partnerChurnState: null,
  miiStatusText: 'up',
  ...over,
});

describe('parseBonding', () => {
  it('reads active-backup with the primary failed over to the backup', () => {
    expect(parse('active-backup.txt')).toEqual({
      name: 'bond0',
      mode: 'fault-tolerance (active-backup)',
      modeKey: 'active-backup',
      miiStatus: 'up',
      activeSlave: 'eno2',
      primarySlave: 'eno1',
      aggregatorId: null,
      slaves: [
        slave('eno1', { miiStatus: 'down', miiStatusText: 'down', speed: null, duplex: null, linkFailureCount: 1 }),
        slave('eno2'),
      ],
    });
  });

  it('reads 802.3ad with aggregator details and a churned slave in another aggregator', () => {
    const lacp = { speed: '10000 Mbps', actorChurnState: 'none', partnerChurnState: 'none', aggregatorId: 1 };
    expect(parse('802.3ad.txt')).toEqual({
      name: 'bond0',
      mode: 'IEEE 802.3ad Dynamic link aggregation',
      modeKey: '802.3ad',
      miiStatus: 'up',
      activeSlave: null,
      primarySlave: null,
      aggregatorId: 1,
      slaves: [
        slave('enp65s0f0', lacp),
        slave('enp65s0f1', {
          ...lacp,
          aggregatorId: 2,
          linkFailureCount: 2,
          actorChurnState: 'churned',
          partnerChurnState: 'churned',
        }),
      ],
    });
  });

  it('reads 802.3ad as an unprivileged reader sees it: no active aggregator block', () => {
    const bond = parse('802.3ad-unprivileged.txt');
    expect([bond.modeKey, bond.aggregatorId]).toEqual(['802.3ad', null]);
    expect(bond.slaves.map((s) => [s.name, s.miiStatus, s.aggregatorId, s.actorChurnState, s.partnerChurnState])).toEqual([
      ['eno1', 'up', 1, 'none', 'none'],
      ['eno2', 'down', 2, 'monitoring', 'monitoring'],
    ]);
  });

  it('reads "no active aggregator" and a slave without aggregator ("N/A")', () => {
    const text = fixture('bonding/802.3ad.txt')
      .replace(/Active Aggregator Info:\n(\t.*\n)+/, 'bond bond0 has no active aggregator\n')
      .replace('Aggregator ID: 2\n', 'Aggregator ID: N/A\n');
    const bond = valueOf(parseBonding('bond0', text));
    expect([bond.aggregatorId, bond.slaves.map((s) => s.aggregatorId)]).toEqual([null, [1, null]]);
  });

  it('reads balance-rr, balance-xor with ARP monitoring, and balance-alb with a slave in updelay', () => {
    const rr = parse('balance-rr.txt');
    expect([rr.mode, rr.modeKey, rr.activeSlave, rr.slaves.map((s) => s.name)]).toEqual([
      'load balancing (round-robin)',
      'balance-rr',
      null,
      ['ens18', 'ens19'],
    ]);
    const xor = parse('balance-xor-arp.txt');
    expect([xor.modeKey, xor.slaves[1]]).toEqual([
      'balance-xor',
      slave('eno2', { miiStatus: 'down', miiStatusText: 'down', linkFailureCount: 4 }),
    ]);
    const alb = parse('balance-alb.txt');
    expect([alb.modeKey, alb.activeSlave, alb.primarySlave]).toEqual(['balance-alb', 'eno1', null]);
    expect(alb.slaves[1]).toEqual(slave('eno2', { miiStatus: null, miiStatusText: 'going back', linkFailureCount: 1 }));
  });

  it('maps every kernel mode name, and an unknown one to "unknown"', () => {
    const modes: Record<string, string> = {
      'fault-tolerance (broadcast)': 'broadcast',
      'transmit load balancing': 'balance-tlb',
      'load balancing (xor)': 'balance-xor',
      'something new': 'unknown',
    };
    for (const [printed, key] of Object.entries(modes)) {
      expect(valueOf(parseBonding('bond1', `Bonding Mode: ${printed}\nMII Status: down\n`))).toMatchObject({
        name: 'bond1',
        mode: printed,
        modeKey: key,
        miiStatus: 'down',
        slaves: [],
      });
    }
  });

  it('returns an error naming the expected line for a missing file and garbage', () => {
    expect(parseBonding('bond9', 'cat: /proc/net/bonding/bond9: No such file or directory\n')).toEqual({
      ok: false,
      error:
        "/proc/net/bonding/bond9: expected a 'Bonding Mode:' line; " +
        'output was: cat: /proc/net/bonding/bond9: No such file or directory',
    });
    for (const text of GARBAGE) {
      const result = parseBonding('bond0', text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain("expected a 'Bonding Mode:' line");
    }
  });

  it('is consistent at every cut point of every fixture', () => {
    const files = fixtureFiles('bonding', /\.txt$/);
    expect(files.length).toBe(6);
    for (const file of files) checkTruncation((t) => parseBonding('bond0', t), fixture(file));
  });
});
