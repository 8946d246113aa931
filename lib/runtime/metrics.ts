import { Counter, Gauge, Registry } from 'prom-client';
import type { ClusterView, NodeView } from '../analyze/views';
import { clusterState } from '../analyze/cluster-state';

// GET /metrics: a private prom-client registry built from the snapshot at scrape time, so nothing accumulates
// between scrapes and the numbers are exactly what the overview shows. Unknown values (null, or stale because the
// node is not answering) are left out, never reported as 0. Quorum metrics use ha_cluster_exporter's names.
//
// Labels: cluster, node (the observing node), peer, link; knet's counters are the node's own running totals.

export interface MetricsInput {
  clusters: ClusterView[];
  websocketClients?: number;
  droppedClients?: number;
  storePending?: number;
}

export const METRICS_CONTENT_TYPE = Registry.PROMETHEUS_CONTENT_TYPE; // text/plain; version=0.0.4; charset=utf-8

const LINK = ['cluster', 'node', 'peer', 'link'] as const;
const NODE = ['cluster', 'node'] as const;
const bool = (b: boolean) => (b ? 1 : 0);
const live = (n: NodeView) => n.reachable && n.corosync === 'up';

export function buildMetrics(input: MetricsInput): Registry {
  const reg = new Registry();
  const r = [reg];
  const g = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Gauge<L>({ name, help, labelNames, registers: r });
  const c = <L extends string>(name: string, help: string, labelNames: readonly L[]) => new Counter<L>({ name, help, labelNames, registers: r });

  const connected = g('corosync_knet_link_connected', 'knet link connected (1) or down (0), as seen by the observing node', LINK);
  const active = g('corosync_knet_link_active', 'whether this knet link carries the traffic to the peer', LINK);
  const latency = g('corosync_knet_link_latency_seconds', "knet's own running average latency (latency_ave)", LINK);
  const rtt = g('corosync_knet_link_rtt_seconds', "mean round trip of corowatch's probe pings over this link in the last poll", LINK);
  const downs = c('corosync_knet_link_down_total', "times knet saw this link go down (down_count)", LINK);
  const rx = c('corosync_knet_link_rx_bytes_total', 'bytes received on this link (knet rx_total_bytes)', LINK);
  const tx = c('corosync_knet_link_tx_bytes_total', 'bytes sent on this link (knet tx_total_bytes)', LINK);
  const quorate = g('ha_cluster_corosync_quorate', 'whether the observing node is in a quorate partition', NODE);
  const votes = g('ha_cluster_corosync_quorum_votes', 'quorum votes as corosync-quorumtool reports them', [...NODE, 'type'] as const);
  const ringErrors = g('ha_cluster_corosync_ring_errors', 'knet links on which the observing node has at least one peer disconnected', NODE);
  const memberVotes = g('ha_cluster_corosync_member_votes', 'votes of each member of the observing node\'s partition', [...NODE, 'member', 'node_id'] as const);
  const slaveUp = g('corowatch_bond_slave_up', 'bond slave MII status up (1) or down (0)', [...NODE, 'bond', 'slave'] as const);
  const sshUp = g('corowatch_node_ssh_up', "corowatch's SSH connection to the node works", NODE);
  const corosyncUp = g('corowatch_node_corosync_up', "the node's corosync answers (1) or is down/unresponsive (0)", NODE);
  const pollS = g('corowatch_poll_duration_seconds', 'duration of the last probe of the node', NODE);
  const state = g('corowatch_cluster_state', 'the wall\'s verdict per cluster: 1 for the current state', ['cluster', 'state'] as const);

  for (const cl of input.clusters) {
    const level = clusterState(cl).level;
    for (const s of ['ok', 'degraded', 'failed']) state.set({ cluster: cl.name, state: s }, bool(s === level));
    for (const n of cl.nodes) {
      const nl = { cluster: cl.name, node: n.name };
      sshUp.set(nl, bool(n.reachable));
      if (!n.reachable) continue;
      if (n.corosync !== 'unknown') corosyncUp.set(nl, bool(n.corosync === 'up'));
      if (n.pollMs !== null) pollS.set(nl, n.pollMs / 1000);
      for (const b of n.bonds) {
        for (const s of b.slaves) if (s.miiStatus !== null) slaveUp.set({ ...nl, bond: b.name, slave: s.name }, bool(s.miiStatus === 'up'));
      }
      if (!live(n)) continue;
      if (n.quorate !== null) quorate.set(nl, bool(n.quorate));
      const v: Array<[string, number | null | undefined]> = [
        ['expected_votes', n.expectedVotes], ['highest_expected', n.highestExpected], ['total_votes', n.totalVotes], ['quorum', n.quorumVotes],
      ];
      for (const [type, x] of v) if (x != null) votes.set({ ...nl, type }, x);
      for (const m of n.members) memberVotes.set({ ...nl, member: m.name ?? `node${m.nodeId}`, node_id: String(m.nodeId) }, m.votes);
      const faulty = new Set(n.links.filter((l) => l.connected === false).map((l) => l.link));
      if (n.links.length) ringErrors.set(nl, faulty.size);
      for (const l of n.links) {
        const ll = { ...nl, peer: l.peer, link: String(l.link) };
        if (l.connected !== null) connected.set(ll, bool(l.connected));
        if (l.active !== null) active.set(ll, bool(l.active));
        if (l.latencyUs !== null) latency.set(ll, l.latencyUs / 1e6);
        if (l.rttUs !== null) rtt.set(ll, l.rttUs / 1e6);
        if (l.downCount != null) downs.inc(ll, l.downCount);
        if (l.rxBytes != null) rx.inc(ll, l.rxBytes);
        if (l.txBytes != null) tx.inc(ll, l.txBytes);
      }
    }
  }
  // label-less metrics start at 0 in prom-client: only created when the value is known
  const { websocketClients: ws, droppedClients: dropped, storePending: rows } = input;
  if (ws !== undefined) g('corowatch_websocket_clients', 'browsers connected to /api/live', []).set(ws);
  if (dropped !== undefined) c('corowatch_websocket_dropped_clients_total', 'live clients dropped for not keeping up', []).inc(dropped);
  if (rows !== undefined) g('corowatch_store_pending_rows', 'rows waiting to be written to the database', []).set(rows);
  return reg;
}
