import { splitSections } from '../parse/sections';
import { parseCfgtoolStatus } from '../parse/cfgtool-status';
import { parseCfgtoolNodes } from '../parse/cfgtool-nodes';
import { parseCmapStats } from '../parse/cmap-stats';
import { parseNodelist } from '../parse/nodelist';
import { parseQuorumtool } from '../parse/quorumtool';
import { parseBonding } from '../parse/bonding';
import type { BondStatus, KnetLinkStats, ParseResult, QuorumStatus } from '../parse/types';
import type { CorosyncState } from './views';

// Turns one probe's raw output into what the node reported, collecting per-section parse errors instead of
// failing the whole node: one unreadable section never hides the others.

export interface LinkReading {
  peerId: number;
  link: number;
  enabled: boolean | null;
  connected: boolean | null;
  mtu: number | null;
  stats: KnetLinkStats | null;
}

export interface ProbeReading {
  clockMs: number | null;
  corosync: CorosyncState;
  corosyncError: string | null;
  localNodeId: number | null;
  links: LinkReading[];
  names: Map<number, string>;
  quorum: QuorumStatus | null;
  bonds: BondStatus[];
  errors: Array<{ probe: string; error: string }>;
}

const NOT_RUNNING = /Could not initialize corosync configuration API|Failed to initialize the cmap API|Cannot initialize (CMAP|QUORUM|VOTEQUORUM) service|CS_ERR_LIBRARY/;
const TIMED_OUT = new Set([124, 137]);

function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim()) ?? '';
  return line.length > 80 ? line.slice(0, 80) + '…' : line;
}

export function interpretProbe(stdout: string): ProbeReading {
  const r: ProbeReading = {
    clockMs: null, corosync: 'unknown', corosyncError: null, localNodeId: null, links: [],
    names: new Map(), quorum: null, bonds: [], errors: [],
  };
  const { sections, complete } = splitSections(stdout);
  if (sections.size === 0) {
    r.errors.push({ probe: 'script', error: `unexpected output, no section markers (starts with "${firstLine(stdout)}")` });
    return r;
  }
  if (!complete) r.errors.push({ probe: 'script', error: 'output truncated' });

  const down: string[] = [];
  const unresponsive: string[] = [];
  function take<T>(name: string, parse: (text: string) => ParseResult<T>): T | null {
    const s = sections.get(name);
    if (!s) {
      if (complete) r.errors.push({ probe: name, error: 'section missing' });
      return null;
    }
    if (s.rc !== null && TIMED_OUT.has(s.rc)) {
      unresponsive.push(name);
      return null;
    }
    if (s.rc !== 0 && NOT_RUNNING.test(s.body)) {
      down.push(firstLine(s.body));
      return null;
    }
    if (/command not found|not found$/m.test(s.body) && s.rc === 127) {
      r.errors.push({ probe: name, error: firstLine(s.body) });
      return null;
    }
    const res = parse(s.body);
    if (!res.ok) {
      r.errors.push({ probe: name, error: res.error });
      return null;
    }
    return res.value;
  }

  const clock = sections.get('clock');
  if (clock && /^\d{10,}$/.test(clock.body.trim())) r.clockMs = Math.round(Number(clock.body.trim()) / 1e6);

  const status = take('cfgtool_s', parseCfgtoolStatus);
  const nodes = take('cfgtool_n', parseCfgtoolNodes);
  const stats = take('cmap_stats', parseCmapStats);
  const nodelist = take('cmap_nodelist', parseNodelist);
  // quorumtool exits 2 when the node is not quorate: that is an answer, not an error
  const qs = sections.get('quorumtool_s');
  if (qs && qs.rc === 2) qs.rc = 0;
  r.quorum = take('quorumtool_s', parseQuorumtool);
  for (const [name, s] of sections) {
    if (!name.startsWith('bond:')) continue;
    const res = parseBonding(name.slice(5), s.body);
    if (res.ok) r.bonds.push(res.value);
    else r.errors.push({ probe: name, error: res.error });
  }

  if (down.length > 0 && !status && !stats) {
    r.corosync = 'down';
    r.corosyncError = down[0];
  } else if (unresponsive.length > 0) {
    r.corosync = 'unresponsive';
    r.corosyncError = `timed out: ${unresponsive.join(', ')}`;
  } else if (status || nodes || stats) {
    r.corosync = 'up';
  }

  for (const n of nodelist?.nodes ?? []) if (n.name) r.names.set(n.nodeId, n.name);
  for (const m of r.quorum?.members ?? []) if (m.name && !r.names.has(m.nodeId)) r.names.set(m.nodeId, m.name);
  r.localNodeId = status?.localNodeId ?? nodes?.localNodeId ?? r.quorum?.nodeId ?? null;

  const key = (peer: number, link: number) => `${peer}/${link}`;
  const links = new Map<string, LinkReading>();
  const get = (peerId: number, link: number) => {
    let l = links.get(key(peerId, link));
    if (!l) links.set(key(peerId, link), (l = { peerId, link, enabled: null, connected: null, mtu: null, stats: null }));
    return l;
  };
  for (const l of status?.links ?? []) {
    for (const p of l.peers) {
      if (p.local) continue;
      const lr = get(p.nodeId, l.link);
      lr.connected = p.connected;
      lr.enabled = p.enabled;
    }
  }
  for (const n of nodes?.nodes ?? []) {
    for (const l of n.links) {
      const lr = get(n.nodeId, l.link);
      lr.enabled = l.enabled;
      lr.connected = l.connected;
      lr.mtu = l.mtu;
    }
  }
  for (const s of stats?.links ?? []) {
    if (s.nodeId === r.localNodeId) continue;
    // cmap also lists links that are configured on no interface; only keep ones corosync reports or that carry data
    if (!links.has(key(s.nodeId, s.link)) && !s.enabled) continue;
    const lr = get(s.nodeId, s.link);
    lr.stats = s;
    if (lr.connected === null) lr.connected = s.connected;
    if (lr.enabled === null) lr.enabled = s.enabled;
    if (lr.mtu === null) lr.mtu = s.mtu;
  }
  r.links = [...links.values()].sort((a, b) => a.peerId - b.peerId || a.link - b.link);
  return r;
}
