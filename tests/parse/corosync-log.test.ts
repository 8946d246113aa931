import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../../lib/parse/corosync-log';
import type { LogEvent } from '../../lib/parse/types';
import { fixture, fixtureFiles } from './helpers';

const NOW = new Date(2026, 10, 23, 2, 0, 0); // the lab ran on Nov 23 2026; its log file has local times
const event = (line: string) => parseLogLine(line, NOW)?.event ?? null;
const lab = (time: string, level: string, subsys: string, message: string) =>
  `Nov 23 ${time} [20163] pve1 corosync ${level.padEnd(7)} [${subsys.padEnd(6)}] ${message}`;
const lines = (file: string) => fixture(file).split('\n').filter((l) => l !== '');

const LOG_FILES = [...fixtureFiles('corosync-3.1.7', /\.log$/), ...fixtureFiles('journald', /\.log$/)];

describe('parseLogLine, lab log file format', () => {
  it('splits timestamp, subsystem and message', () => {
    expect(parseLogLine(lab('01:12:01.757', 'info', 'KNET', 'link: host: 3 link: 0 is down'), NOW)).toEqual({
      ts: new Date(2026, 10, 23, 1, 12, 1, 757).getTime(),
      subsystem: 'KNET',
      message: 'link: host: 3 link: 0 is down',
      event: { kind: 'link_down', host: 3, link: 0 },
    });
  });

  const cases: Array<[string, string, LogEvent]> = [
    ['KNET', 'rx: host: 2 link: 1 is up', { kind: 'link_up', host: 2, link: 1 }],
    ['KNET', 'link: host: 3 link: 0 is up', { kind: 'link_up', host: 3, link: 0 }],
    ['KNET', 'host: host: 3 (passive) best link: 1 (pri: 1)', { kind: 'best_link', host: 3, link: 1, pri: 1, mode: 'passive' }],
    ['KNET', 'host: host: 4 (active) best link: 0 (pri: 20)', { kind: 'best_link', host: 4, link: 0, pri: 20, mode: 'active' }],
    ['KNET', 'host: host: 2 has no active links', { kind: 'no_active_links', host: 2 }],
    ['KNET', 'pmtud: Global data MTU changed to: 1397', { kind: 'mtu_changed', mtu: 1397, host: null, link: null }],
    [
      'KNET',
      'pmtud: PMTUD link change for host: 2 link: 0 from 469 to 1397',
      { kind: 'mtu_changed', mtu: 1397, host: 2, link: 0 },
    ],
    ['TOTEM', 'Token has not been received in 2737 ms ', { kind: 'token_not_received', ms: 2737 }],
    [
      'TOTEM',
      'A processor failed, forming new configuration: token timed out (3650ms), waiting 4380ms for consensus.',
      { kind: 'token_timeout', tokenMs: 3650, consensusMs: 4380 },
    ],
    ['TOTEM', 'A processor failed, forming new configuration.', { kind: 'token_timeout', tokenMs: null, consensusMs: null }],
    ['TOTEM', 'Retransmit List: 1a 1b 1c ', { kind: 'retransmit', detail: '1a 1b 1c' }],
    ['TOTEM', 'A new membership (1.9) was formed. Members joined: 2 3', { kind: 'membership', ringId: '1.9', joined: [2, 3], left: [] }],
    ['TOTEM', 'A new membership (1.11) was formed. Members left: 3', { kind: 'membership', ringId: '1.11', joined: [], left: [3] }],
    [
      'TOTEM',
      'A new membership (1.d) was formed. Members joined: 2 left: 3',
      { kind: 'membership', ringId: '1.d', joined: [2], left: [3] },
    ],
    ['TOTEM', 'A new membership (1.d) was formed. Members', { kind: 'membership', ringId: '1.d', joined: [], left: [] }],
    ['QUORUM', 'Members[2]: 1 2', { kind: 'quorum_members', members: [1, 2] }],
    ['QUORUM', 'This node is within the non-primary component and will NOT provide any services.', { kind: 'quorum_lost' }],
    ['QUORUM', 'This node is within the primary component and will provide service.', { kind: 'quorum_regained' }],
    [
      'MAIN',
      'Corosync main process was not scheduled (@1795396366377) for 3214.4956 ms (threshold is 2920.0000 ms). Consider token timeout increase.',
      { kind: 'not_scheduled', ms: 3214.4956, thresholdMs: 2920 },
    ],
    [
      'MAIN',
      'Corosync main process was not scheduled for 1830.2261 ms (threshold is 1320.0000 ms). Consider token timeout increase.',
      { kind: 'not_scheduled', ms: 1830.2261, thresholdMs: 1320 },
    ],
  ];
  it.each(cases)('[%s] %s', (subsys, message, expected) => {
    expect(event(lab('01:12:46.377', 'notice', subsys, message))).toEqual(expected);
  });

  it('gives no event for other messages, including the look-alike "Sync members[3]"', () => {
    for (const message of [
      'Sync members[3]: 1 2 3',
      'Sync joined[2]: 2 3',
      'link: Resetting MTU for link 0 because host 3 joined',
      'Completed service synchronization, ready to provide service.',
      'Retransmit List 3',
      'host: host: 2 has 2 active links',
    ]) {
      expect(event(lab('01:12:46.377', 'notice', 'QUORUM', message)), message).toBeNull();
    }
  });
});

describe('parseLogLine, journald formats', () => {
  it('reads -o short-iso-precise with its zone offset', () => {
    const line = '2026-11-23T01:12:01.757123+01:00 pve1 corosync[20163]:   [KNET  ] link: host: 3 link: 0 is down';
    expect(parseLogLine(line, NOW)).toEqual({
      ts: Date.UTC(2026, 10, 23, 0, 12, 1, 757),
      subsystem: 'KNET',
      message: 'link: host: 3 link: 0 is down',
      event: { kind: 'link_down', host: 3, link: 0 },
    });
  });

  it('reads -o short (whole seconds, local time)', () => {
    const parsed = parseLogLine('Nov 23 01:12:01 pve1 corosync[20163]:   [KNET  ] rx: host: 3 link: 0 is up', NOW);
    expect(parsed?.ts).toBe(new Date(2026, 10, 23, 1, 12, 1).getTime());
    expect(parsed?.event).toEqual({ kind: 'link_up', host: 3, link: 0 });
  });

  it('puts a yearless December line read in January into the previous year', () => {
    const line = 'Dec 31 23:59:58 pve1 corosync[1]:   [TOTEM ] Token has not been received in 2737 ms ';
    expect(parseLogLine(line, new Date(2027, 0, 1, 0, 0, 5))?.ts).toBe(new Date(2026, 11, 31, 23, 59, 58).getTime());
    expect(parseLogLine(line, new Date(2026, 11, 31, 23, 59, 59))?.ts).toBe(new Date(2026, 11, 31, 23, 59, 58).getTime());
  });

  it('keeps the line but gives ts null when the timestamp is not recognisable', () => {
    const parsed = parseLogLine('июл 17 18:12:21 pmx5 corosync[1528]:   [KNET  ] host: host: 2 has no active links', NOW);
    expect(parsed).toEqual({
      ts: null,
      subsystem: 'KNET',
      message: 'host: host: 2 has no active links',
      event: { kind: 'no_active_links', host: 2 },
    });
  });

  it('returns null for lines without a [SUBSYS] message part', () => {
    for (const line of [
      '',
      'garbage',
      '-- Boot 1b2c3d4e5f60718293a4b5c6d7e8f901 --',
      'Nov 23 01:12:01 pve1 kernel: [   12.345678] bond0: (slave eno1): link status definitely down',
      'Nov 23 01:12:01 pve1 pmxcfs[1234]: [dcdb] notice: data verification successful',
      '\u0000\u0001',
    ]) {
      expect(parseLogLine(line, NOW), line).toBeNull();
    }
  });
});

describe('parseLogLine on the fixture logs', () => {
  it('parses every line of every fixture log, with a timestamp and subsystem', () => {
    expect(LOG_FILES.length).toBe(26); // 24 lab logs (3 of them empty) + 2 journald views
    for (const file of LOG_FILES) {
      for (const line of lines(file)) {
        const parsed = parseLogLine(line, NOW);
        if (line.startsWith('-- ')) expect(parsed).toBeNull();
        else expect(parsed?.ts, `${file}: ${line}`).toEqual(expect.any(Number));
      }
    }
  });

  it('finds the events of pve1’s whole scenario log (counts checked with grep)', () => {
    const counts: Record<string, number> = {};
    let last = 0;
    for (const line of lines('corosync-3.1.7/pve1.corosync_full.log')) {
      const parsed = parseLogLine(line, NOW)!;
      expect(parsed.ts!).toBeGreaterThanOrEqual(last);
      last = parsed.ts!;
      if (parsed.event) counts[parsed.event.kind] = (counts[parsed.event.kind] ?? 0) + 1;
    }
    expect(counts).toEqual({
      link_down: 9,
      link_up: 13,
      best_link: 34,
      no_active_links: 18,
      mtu_changed: 11, // 7 global + 4 per-link PMTUD changes
      token_not_received: 3,
      token_timeout: 3,
      membership: 8,
      quorum_members: 8,
      quorum_lost: 1,
      quorum_regained: 2,
    });
  });

  it('sees the pause of pve2 from pve2’s own log', () => {
    const events = lines('corosync-3.1.7/pve2.corosync_pause3000.log').map((l) => event(l));
    expect(events).toContainEqual({ kind: 'not_scheduled', ms: 3214.4956, thresholdMs: 2920 });
    expect(events.filter((e) => e?.kind === 'link_down')).toHaveLength(4);
  });

  it('reads the journald variants of the inquorate log the same as the log file', () => {
    const file = lines('corosync-3.1.7/pve1.corosync_inquorate.log').map((l) => parseLogLine(l, NOW)!);
    for (const name of ['journald/pve1.short-iso-precise.log', 'journald/pve1.short.log']) {
      const parsed = lines(name)
        .map((l) => parseLogLine(l, NOW))
        .filter((p) => p !== null);
      expect(parsed.slice(0, file.length).map((p) => [p.subsystem, p.message, p.event])).toEqual(
        file.map((p) => [p.subsystem, p.message, p.event]),
      );
      expect(parsed.slice(file.length).map((p) => p.event?.kind)).toEqual([
        'retransmit',
        'not_scheduled',
        'link_up',
        'quorum_regained',
      ]);
    }
    const iso = parseLogLine(lines('journald/pve1.short-iso-precise.log')[1], NOW);
    expect(iso?.ts).toBe(Date.UTC(2026, 10, 23, 1, 13, 12, 389));
  });
});
