// Text formats of corosync 3.1.7's tools and log file, copied from the captures in
// tests/fixtures/corosync-3.1.7/. Pure functions: the cluster state hands in what each tool would see.

export interface SimNodeInfo {
  id: number; // corosync nodeid
  name: string; // pve1...
  addrs: string[]; // ring<link>_addr for each link
}

export interface LinkView {
  connected: boolean;
  mtu: number;
}

export interface QuorumView {
  localId: number;
  ringId: string; // "1.9"
  members: number[]; // ascending node ids in this node's membership
  expectedVotes: number;
  quorate: boolean;
  dateMs: number;
}

/** Output of a tool: what it prints (stdout and stderr merged, as the probe script does) and its exit status. */
export interface ToolOutput {
  text: string;
  rc: number;
}

export const CFG_DOWN: ToolOutput = { text: 'Could not initialize corosync configuration API error 2\n', rc: 1 };
export const CMAP_DOWN: ToolOutput = { text: 'Failed to initialize the cmap API. Error CS_ERR_LIBRARY\n', rc: 1 };
export const QUORUM_DOWN: ToolOutput = { text: 'Cannot initialize CMAP service\n', rc: 1 };

/** corosync-cfgtool -s */
export function cfgtoolS(localId: number, nodes: SimNodeInfo[], view: (peer: number, link: number) => LinkView): string {
  const local = nodes.find((n) => n.id === localId)!;
  let out = `Local node ID ${localId}, transport knet\n`;
  for (let link = 0; link < local.addrs.length; link++) {
    out += `LINK ID ${link} udp\n\taddr\t= ${local.addrs[link]}\n\tstatus:\n`;
    for (const n of [...nodes].sort((a, b) => a.id - b.id)) {
      const status = n.id === localId ? 'localhost' : view(n.id, link).connected ? 'connected' : 'disconnected';
      out += `\t\tnodeid: ${String(n.id).padStart(10)}:\t${status}\n`;
    }
  }
  return out;
}

/** corosync-cfgtool -n: only peers knet can reach on at least one link are listed. */
export function cfgtoolN(localId: number, nodes: SimNodeInfo[], view: (peer: number, link: number) => LinkView): string {
  const local = nodes.find((n) => n.id === localId)!;
  let out = `Local node ID ${localId}, transport knet\n`;
  for (const n of [...nodes].sort((a, b) => a.id - b.id)) {
    if (n.id === localId) continue;
    const links = local.addrs.map((_, link) => view(n.id, link));
    if (!links.some((l) => l.connected)) continue;
    out += `nodeid: ${n.id} reachable\n`;
    links.forEach((l, link) => {
      const state = l.connected ? 'enabled connected' : 'enabled';
      out += `   LINK: ${link} udp (${local.addrs[link]}->${n.addrs[link]}) ${state} mtu: ${l.mtu}\n`;
    });
    out += '\n';
  }
  return out;
}

/** cmap keys sort as byte strings (node.10 before node.2), like corosync's map iteration. */
export function byteSort(keys: string[]): string[] {
  return [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** corosync-cmapctl -b nodelist */
export function cmapNodelist(localId: number, nodes: SimNodeInfo[]): string {
  const lines = new Map<string, string>();
  const pos = nodes.findIndex((n) => n.id === localId);
  lines.set('nodelist.local_node_pos', `nodelist.local_node_pos (u32) = ${pos}`);
  nodes.forEach((n, i) => {
    const p = `nodelist.node.${i}`;
    lines.set(`${p}.name`, `${p}.name (str) = ${n.name}`);
    lines.set(`${p}.nodeid`, `${p}.nodeid (u32) = ${n.id}`);
    lines.set(`${p}.quorum_votes`, `${p}.quorum_votes (u32) = 1`);
    n.addrs.forEach((a, link) => lines.set(`${p}.ring${link}_addr`, `${p}.ring${link}_addr (str) = ${a}`));
  });
  return byteSort([...lines.keys()]).map((k) => `${lines.get(k)}\n`).join('');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');

/** ctime(3) without the newline, local time: "Mon Nov 23 01:11:58 2026" (day space-padded). */
export function ctime(ms: number): string {
  const d = new Date(ms);
  const t = `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`;
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${t} ${d.getFullYear()}`;
}

/** corosync-quorumtool -s; exits 2 when the node is not quorate. */
export function quorumtoolS(q: QuorumView, nodes: SimNodeInfo[]): ToolOutput {
  const quorum = Math.floor(q.expectedVotes / 2) + 1;
  const total = q.members.length;
  const lines = [
    'Quorum information',
    '------------------',
    `Date:             ${ctime(q.dateMs)}`,
    'Quorum provider:  corosync_votequorum',
    `Nodes:            ${q.members.length}`,
    `Node ID:          ${q.localId}`,
    `Ring ID:          ${q.ringId}`,
    `Quorate:          ${q.quorate ? 'Yes' : 'No'}`,
    '',
    'Votequorum information',
    '----------------------',
    `Expected votes:   ${q.expectedVotes}`,
    `Highest expected: ${q.expectedVotes}`,
    `Total votes:      ${total}`,
    `Quorum:           ${quorum} ${q.quorate ? ' ' : 'Activity blocked'}`,
    `Flags:            ${q.quorate ? 'Quorate ' : ''}`,
    '',
    'Membership information',
    '----------------------',
    '    Nodeid      Votes Name',
  ];
  for (const id of q.members) {
    const name = nodes.find((n) => n.id === id)?.name ?? '';
    lines.push(`${String(id).padStart(10)} ${String(1).padStart(10)} ${name}${id === q.localId ? ' (local)' : ''}`);
  }
  return { text: lines.map((l) => `${l}\n`).join(''), rc: q.quorate ? 0 : 2 };
}

export type LogLevel = 'notice' | 'info' | 'warning' | 'error' | 'debug';

/** libqb hires timestamp, local time: "Nov 23 01:12:01.757" (day zero-padded). */
export function logTimestamp(ms: number): string {
  const d = new Date(ms);
  const t = `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
  return `${MONTHS[d.getMonth()]} ${p2(d.getDate())} ${t}`;
}

/** A line of /var/log/corosync/corosync.log: "%t [%P] %H %N %7p [%6g] %b" (fields left-aligned, padded). */
export function logFileLine(ms: number, pid: number, host: string, level: LogLevel, subsys: string, msg: string): string {
  return `${logTimestamp(ms)} [${pid}] ${host} corosync ${level.padEnd(7)} [${subsys.padEnd(6)}] ${msg}`;
}

/** `journalctl -o short-iso-precise` rendering, as in tests/fixtures/journald (itself derived from the lab log, not a
 *  capture of a real journal; µs digits are 000 here). No "-- Journal begins ... --" header is printed. */
export function journalLine(ms: number, pid: number, host: string, subsys: string, msg: string): string {
  const d = new Date(ms);
  const off = -d.getTimezoneOffset();
  const sign = off >= 0 ? '+' : '-';
  const tz = `${sign}${p2(Math.floor(Math.abs(off) / 60))}:${p2(Math.abs(off) % 60)}`;
  const date = `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}`;
  const time = `${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}000`;
  return `${date}T${time}${tz} ${host} corosync[${pid}]:   [${subsys.padEnd(6)}] ${msg}`;
}

/** `date +%s%N` */
export function clockNs(ms: number): string {
  const whole = Math.floor(ms);
  const frac = Math.floor((ms - whole) * 1e6);
  return `${BigInt(whole) * 1_000_000n + BigInt(frac)}`;
}
