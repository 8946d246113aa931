import type { BondStatus } from '../parse/types';
import type { TransportState } from '../collect/transport';

// What the API, the live hub and the pages see. Plain JSON: no Maps, no class instances.

export type CorosyncState = 'up' | 'down' | 'unresponsive' | 'unknown';

export interface LinkView {
  peer: string;
  peerId: number;
  link: number;
  enabled: boolean | null;
  connected: boolean | null; // null: unknown (node unreachable, corosync down, not yet polled)
  active: boolean | null; // null: not known which link carries traffic
  mtu: number | null;
  latencyUs: number | null; // knet latency_ave
  latencyMinUs: number | null;
  latencyMaxUs: number | null;
  latencySamples: number | null;
  changedAt: number | null; // when `connected` last changed, ms
  /** corowatch's own ping over this link's addresses since the previous poll */
  rttUs: number | null;
  rttMinUs: number | null;
  rttMaxUs: number | null;
  rttCount: number;
  rttLost: number;
  /** mean RTT of the pings knet itself made since the previous poll, from its running average */
  knetWindowUs: number | null;
  /** knet's own counters (down_count, rx/tx_total_bytes); absent or null when not read */
  downCount?: number | null;
  rxBytes?: number | null;
  txBytes?: number | null;
}

export interface NodeView {
  name: string;
  host: string;
  nodeId: number | null;
  reachable: boolean; // corowatch's own SSH connection to the node works
  ssh: TransportState;
  sshError: string | null;
  corosync: CorosyncState;
  corosyncError: string | null;
  quorate: boolean | null;
  ringId: string | null;
  totalVotes: number | null;
  expectedVotes: number | null;
  /** quorumtool's "Highest expected" and "Quorum"; absent or null when not read */
  highestExpected?: number | null;
  quorumVotes?: number | null;
  members: Array<{ nodeId: number; name: string | null; votes: number }>;
  links: LinkView[];
  bonds: BondStatus[];
  errors: Array<{ probe: string; error: string }>;
  lastPollAt: number | null;
  pollMs: number | null;
  clockOffsetMs: number | null;
  logFollowing: boolean;
}

export interface ClusterView {
  name: string;
  quorate: boolean | null;
  pollIntervalMs: number;
  nodes: NodeView[];
}

export interface EventRecord {
  id: string;
  kind: string;
  severity: 'info' | 'warning' | 'critical';
  cluster: string;
  node: string | null;
  peer: string | null;
  link: number | null;
  message: string;
  startedAt: number;
  endedAt: number | null;
  details: Record<string, unknown> | null;
}

export function clusterQuorate(nodes: NodeView[]): boolean | null {
  const known = nodes.filter((n) => n.reachable && n.corosync === 'up' && n.quorate !== null);
  if (known.some((n) => n.quorate)) return true;
  return known.length > 0 ? false : null;
}
