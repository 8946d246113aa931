// One corosync log line, in the corosync log file format or as journald prints it:
//   Nov 23 01:12:01.757 [20163] pve1 corosync info    [KNET  ] link: host: 3 link: 0 is down
//   2026-11-23T01:12:01.757123+01:00 pve1 corosync[20163]:   [KNET  ] link: host: 3 link: 0 is down
//   Nov 23 01:12:01 pve1 corosync[20163]:   [KNET  ] link: host: 3 link: 0 is down
import type { LogEvent, ParsedLogLine } from './types';

const SUBSYS = /\[([A-Z][A-Z0-9_]*) *\] ?(.*)$/;
const ISO_TS = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?(Z|[+-]\d{2}:?\d{2})?(?=\s)/;
const SYSLOG_TS = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?=\s)/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function parseLogLine(line: string, now: Date = new Date()): ParsedLogLine | null {
  if (typeof line !== 'string') return null;
  const text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const m = SUBSYS.exec(text);
  if (!m) return null;
  const message = m[2].trimEnd();
  return { ts: parseTimestamp(text, now), subsystem: m[1], message, event: eventOf(message) };
}

const PATTERNS: Array<[RegExp, (m: RegExpExecArray) => LogEvent]> = [
  // The "link:"/"rx:" prefix is knet's log subsystem, which differs between knet versions.
  [/^\w+: host: (\d+) link: (\d+) is down$/, (m) => ({ kind: 'link_down', host: +m[1], link: +m[2] })],
  [/^\w+: host: (\d+) link: (\d+) is up$/, (m) => ({ kind: 'link_up', host: +m[1], link: +m[2] })],
  [
    /^\w+: host: (\d+) \((\w+)\) best link: (\d+) \(pri: (\d+)\)$/,
    (m) => ({ kind: 'best_link', host: +m[1], mode: m[2], link: +m[3], pri: +m[4] }),
  ],
  [/^\w+: host: (\d+) has no active links$/, (m) => ({ kind: 'no_active_links', host: +m[1] })],
  [/^\w+: Global data MTU changed to: (\d+)$/, (m) => ({ kind: 'mtu_changed', mtu: +m[1], host: null, link: null })],
  [
    /^\w+: PMTUD link change for host: (\d+) link: (\d+) from \d+ to (\d+)$/,
    (m) => ({ kind: 'mtu_changed', mtu: +m[3], host: +m[1], link: +m[2] }),
  ],
  [/^Token has not been received in (\d+(?:\.\d+)?) ms$/, (m) => ({ kind: 'token_not_received', ms: +m[1] })],
  [
    // corosync < 3.1 ends the sentence after "configuration."
    /^A processor failed, forming new configuration(?:: token timed out \((\d+)ms\), waiting (\d+)ms for consensus)?\.$/,
    (m) => ({ kind: 'token_timeout', tokenMs: num(m[1]), consensusMs: num(m[2]) }),
  ],
  [/^Retransmit List: ?(.*)$/, (m) => ({ kind: 'retransmit', detail: m[1].trim() })],
  [
    /^A new membership \(([^)]*)\) was formed\. Members(?: joined:((?: \d+)+))?(?: left:((?: \d+)+))?$/,
    (m) => ({ kind: 'membership', ringId: m[1], joined: ids(m[2]), left: ids(m[3]) }),
  ],
  [/^Members\[\d+\]:((?: \d+)*)$/, (m) => ({ kind: 'quorum_members', members: ids(m[1]) })],
  [/^This node is within the non-primary component and will NOT provide any services\.$/, () => ({ kind: 'quorum_lost' })],
  [/^This node is within the primary component and will provide service\.$/, () => ({ kind: 'quorum_regained' })],
  [
    // corosync < 3.1 prints no "(@<timestamp>)"
    /^Corosync main process was not scheduled(?: \(@\d+\))? for (\d+(?:\.\d+)?) ms(?: \(threshold is (\d+(?:\.\d+)?) ms\))?/,
    (m) => ({ kind: 'not_scheduled', ms: +m[1], thresholdMs: num(m[2]) }),
  ],
];

function eventOf(message: string): LogEvent | null {
  for (const [re, build] of PATTERNS) {
    const m = re.exec(message);
    if (m) return build(m);
  }
  return null;
}

const num = (s: string | undefined): number | null => (s === undefined ? null : Number(s));
const ids = (s: string | undefined): number[] => (s ? s.trim().split(/\s+/).map(Number) : []);

function parseTimestamp(text: string, now: Date): number | null {
  const iso = ISO_TS.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
    if (!zone) return validTime(new Date(+y, +mo - 1, +d, +h, +mi, +s, ms).getTime());
    const utc = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
    if (zone === 'Z') return validTime(utc);
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    return validTime(utc - sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000);
  }
  const sys = SYSLOG_TS.exec(text);
  if (!sys) return null;
  const month = MONTHS.indexOf(sys[1]);
  if (month < 0) return null;
  const [, , d, h, mi, s, frac] = sys;
  const ms = frac ? Number(frac.slice(0, 3).padEnd(3, '0')) : 0;
  const nowMs = now.getTime();
  if (Number.isNaN(nowMs)) return null;
  // No year in the line: take the one of now-1..now+1 that puts it closest to now (a Dec 31 line read on Jan 1).
  let best: number | null = null;
  for (const year of [now.getFullYear() - 1, now.getFullYear(), now.getFullYear() + 1]) {
    const t = new Date(year, month, +d, +h, +mi, +s, ms).getTime();
    if (best === null || Math.abs(t - nowMs) < Math.abs(best - nowMs)) best = t;
  }
  return validTime(best);
}

function validTime(t: number | null): number | null {
  return t === null || Number.isNaN(t) ? null : t;
}
