// Shapes produced by the pure parsers in lib/parse. Latencies are microseconds, as knet reports them.

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

/** Output of `corosync-cfgtool -s` (3.1.5+ layout and the older 3.0 "link enabled:1 link connected:1" layout). */
export interface CfgtoolStatus {
  localNodeId: number;
  transport: string | null; // "knet" in 3.1.x; null when the layout does not say
  links: Array<{
    link: number;
    proto: string | null; // "udp", "sctp"
    addr: string | null; // local address of this link
    peers: Array<{
      nodeId: number;
      local: boolean;
      enabled: boolean | null;
      connected: boolean | null; // null for the local node
      raw: string; // status text as printed ("connected", "disconnected", "localhost", "link enabled:1 ...")
    }>;
  }>;
}

/** Output of `corosync-cfgtool -n`. Unreachable nodes are absent from it, as corosync prints them. */
export interface CfgtoolNodes {
  localNodeId: number;
  nodes: Array<{
    nodeId: number;
    reachable: boolean;
    links: Array<{
      link: number;
      proto: string | null;
      localAddr: string | null;
      remoteAddr: string | null;
      enabled: boolean;
      connected: boolean;
      mtu: number | null;
    }>;
  }>;
}

/** One peer × link from `corosync-cmapctl -m stats` keys stats.knet.node<ID>.link<N>.* */
export interface KnetLinkStats {
  nodeId: number;
  link: number;
  enabled: boolean | null;
  connected: boolean | null;
  mtu: number | null;
  latencyAveUs: number | null; // null when latency_samples is 0
  latencyMinUs: number | null; // null when knet has no sample (4294967295)
  latencyMaxUs: number | null;
  latencySamples: number | null;
  downCount: number | null;
  upCount: number | null;
  rxPongPackets: number | null;
  txDataPackets: number | null;
  rxDataPackets: number | null;
  rxTotalBytes: number | null;
  txTotalBytes: number | null;
  /** every stats.knet.node<ID>.link<N>.<key> value, keyed by <key> */
  counters: Record<string, number>;
}

export interface CmapStats {
  links: KnetLinkStats[];
}

/** `corosync-cmapctl -b nodelist` */
export interface Nodelist {
  nodes: Array<{ nodeId: number; name: string | null; ringAddrs: Record<number, string> }>;
}

/** `corosync-quorumtool -s`. Node ids may be printed in hex (0x00000001) with -H; both are accepted. */
export interface QuorumStatus {
  quorate: boolean;
  provider: string | null;
  nodes: number | null;
  nodeId: number | null;
  ringId: string | null;
  expectedVotes: number | null;
  highestExpected: number | null;
  totalVotes: number | null;
  quorum: number | null;
  activityBlocked: boolean;
  flags: string[];
  members: Array<{ nodeId: number; votes: number; qdevice: string | null; name: string | null; local: boolean }>;
  /** The quorum device row (node id 0) when one is registered. votes is its configured vote count; castingVote is
   * false when quorumtool shows it as "(votes N)", i.e. the device is not voting for this node. */
  qdevice?: { name: string; votes: number; castingVote: boolean } | null;
}

/** One `/proc/net/bonding/<name>` file. */
export interface BondStatus {
  name: string;
  mode: string; // as printed, e.g. "fault-tolerance (active-backup)", "IEEE 802.3ad Dynamic link aggregation"
  modeKey: 'active-backup' | '802.3ad' | 'balance-rr' | 'balance-xor' | 'broadcast' | 'balance-tlb' | 'balance-alb' | 'unknown';
  miiStatus: 'up' | 'down' | null;
  activeSlave: string | null;
  primarySlave: string | null;
  aggregatorId: number | null; // 802.3ad active aggregator, when printed
  slaves: Array<{
    name: string;
    miiStatus: 'up' | 'down' | null;
    speed: string | null;
    duplex: string | null;
    linkFailureCount: number | null;
    aggregatorId: number | null;
    actorChurnState: string | null;
    partnerChurnState: string | null;
    /** MII Status as printed; the kernel also shows "going down" / "going back" while up/downdelay runs. */
    miiStatusText?: string | null;
  }>;
}

/** A corosync/knet log line that means something to corowatch. */
export type LogEvent =
  | { kind: 'link_down'; host: number; link: number }
  | { kind: 'link_up'; host: number; link: number }
  | { kind: 'best_link'; host: number; link: number; pri: number; mode: string }
  | { kind: 'no_active_links'; host: number }
  | { kind: 'mtu_changed'; mtu: number; host: number | null; link: number | null }
  | { kind: 'token_not_received'; ms: number }
  | { kind: 'token_timeout'; tokenMs: number | null; consensusMs: number | null }
  | { kind: 'retransmit'; detail: string }
  | { kind: 'membership'; ringId: string; joined: number[]; left: number[] }
  | { kind: 'quorum_members'; members: number[] }
  | { kind: 'quorum_lost' }
  | { kind: 'quorum_regained' }
  | { kind: 'not_scheduled'; ms: number; thresholdMs: number | null };

export interface ParsedLogLine {
  /** ms since epoch. journald short-iso-precise carries a full date; the log file's "Nov 23 01:00:46.261" has no
   * year or zone: it is read as local time in the year of the `now` passed to the parser (Dec→Jan aware).
   * null when the line has no recognisable timestamp. */
  ts: number | null;
  subsystem: string; // KNET, TOTEM, QUORUM, MAIN
  message: string;
  event: LogEvent | null;
}
