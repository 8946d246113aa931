import { describe, expect, it } from 'vitest';
import { buildMetrics, METRICS_CONTENT_TYPE } from '@/lib/runtime/metrics';
import type { ClusterView } from '@/lib/analyze/views';
import { bond, clusterView } from '../helpers/views';

// /metrics from a hand-made snapshot, parsed with a strict Prometheus text-format (0.0.4) parser.

interface Sample { name: string; labels: Record<string, string>; value: number }

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\["\\n])*)"\s*(,|$)/;

function parseProm(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  const helped = new Set<string>();
  expect(text.endsWith('\n')).toBe(true);
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      const m = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
      if (!m) throw new Error(`bad comment: ${line}`);
      if (!NAME.test(m[2])) throw new Error(`bad name: ${m[2]}`);
      if (m[1] === 'TYPE') {
        if (!['counter', 'gauge', 'histogram', 'summary', 'untyped'].includes(m[3])) throw new Error(`bad type: ${line}`);
        if (types.has(m[2])) throw new Error(`second TYPE for ${m[2]}`);
        types.set(m[2], m[3]);
      } else helped.add(m[2]);
      continue;
    }
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`bad sample line: ${line}`);
    const labels: Record<string, string> = {};
    let rest = m[2] ? m[2].slice(1, -1) : '';
    while (rest.length) {
      const l = LABEL.exec(rest);
      if (!l) throw new Error(`bad labels in: ${line}`);
      if (l[1] in labels) throw new Error(`duplicate label ${l[1]}: ${line}`);
      labels[l[1]] = l[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
      rest = rest.slice(l[0].length);
    }
    if (!/^([+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?|[+-]Inf|NaN)$/.test(m[3])) throw new Error(`bad value: ${line}`);
    if (!types.has(m[1]) || !helped.has(m[1])) throw new Error(`sample before its TYPE/HELP: ${line}`);
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  const seen = new Set<string>();
  for (const s of samples) {
    const key = `${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`;
    if (seen.has(key)) throw new Error(`duplicate series ${key}`);
    seen.add(key);
  }
  return { samples, types };
}

function snapshot(): ClusterView[] {
  const c = clusterView('lab', 3, 2);
  const [p1, p2, p3] = c.nodes;
  p1.links.forEach((l, i) => Object.assign(l, { latencyUs: 181 + i, rttUs: 143 + i, downCount: i, rxBytes: 123_456_789_012 + i, txBytes: 987_654_321 + i }));
  Object.assign(p1.links.find((l) => l.peer === 'pve3' && l.link === 0)!, { connected: false, active: false, rttUs: null, latencyUs: null });
  Object.assign(p1.links.find((l) => l.peer === 'pve3' && l.link === 1)!, { active: true });
  p1.bonds = [bond('bond0', [['eno1', 'up'], ['eno2', 'down'], ['eno3', null]])];
  p1.highestExpected = null; // not read: left out
  p1.pollMs = 213;
  // pve2: corosync answers nothing; its old link values must not be reported
  Object.assign(p2, { corosync: 'down', quorate: null });
  for (const l of p2.links) Object.assign(l, { connected: null, active: null });
  // pve3: unreachable
  Object.assign(p3, { reachable: false, ssh: 'down', corosync: 'unknown', quorate: null });
  return [c];
}

const find = (s: Sample[], name: string, labels: Record<string, string> = {}) =>
  s.filter((x) => x.name === name && Object.entries(labels).every(([k, v]) => x.labels[k] === v));

describe('GET /metrics text', () => {
  it('is valid Prometheus 0.0.4 text and every value matches the snapshot exactly', async () => {
    const clusters = snapshot();
    const reg = buildMetrics({ clusters, websocketClients: 7, droppedClients: 2, storePending: 31 });
    expect(METRICS_CONTENT_TYPE).toMatch(/^text\/plain; version=0\.0\.4/);
    const { samples, types } = parseProm(await reg.metrics());
    const p1 = clusters[0].nodes[0];
    const lab = { cluster: 'lab', node: 'pve1' };

    for (const l of p1.links) {
      const ll = { ...lab, peer: l.peer, link: String(l.link) };
      const one = (name: string) => find(samples, name, ll);
      expect(one('corosync_knet_link_connected').map((x) => x.value)).toEqual([l.connected ? 1 : 0]);
      expect(one('corosync_knet_link_active').map((x) => x.value)).toEqual([l.active ? 1 : 0]);
      expect(one('corosync_knet_link_latency_seconds').map((x) => x.value)).toEqual(l.latencyUs === null ? [] : [l.latencyUs / 1e6]);
      expect(one('corosync_knet_link_rtt_seconds').map((x) => x.value)).toEqual(l.rttUs === null ? [] : [l.rttUs / 1e6]);
      expect(one('corosync_knet_link_down_total').map((x) => x.value)).toEqual([l.downCount]);
      expect(one('corosync_knet_link_rx_bytes_total').map((x) => x.value)).toEqual([l.rxBytes]);
      expect(one('corosync_knet_link_tx_bytes_total').map((x) => x.value)).toEqual([l.txBytes]);
    }
    expect(find(samples, 'corosync_knet_link_connected')).toHaveLength(4); // only pve1 is live
    expect(find(samples, 'corosync_knet_link_latency_seconds')).toHaveLength(3);
    expect(find(samples, 'corosync_knet_link_latency_seconds', { ...lab, peer: 'pve2', link: '1' })[0].value).toBe(0.000182);

    expect(find(samples, 'ha_cluster_corosync_quorate')).toEqual([{ name: 'ha_cluster_corosync_quorate', labels: lab, value: 1 }]);
    const votes = Object.fromEntries(find(samples, 'ha_cluster_corosync_quorum_votes', lab).map((x) => [x.labels.type, x.value]));
    expect(votes).toEqual({ expected_votes: 3, total_votes: 3, quorum: 2 });
    expect(find(samples, 'ha_cluster_corosync_ring_errors')).toEqual([{ name: 'ha_cluster_corosync_ring_errors', labels: lab, value: 1 }]);
    expect(find(samples, 'ha_cluster_corosync_member_votes', lab).map((x) => [x.labels.member, x.labels.node_id, x.value]))
      .toEqual([['pve1', '1', 1], ['pve2', '2', 1], ['pve3', '3', 1]]);

    expect(find(samples, 'corowatch_bond_slave_up').map((x) => [x.labels.node, x.labels.bond, x.labels.slave, x.value]))
      .toEqual([['pve1', 'bond0', 'eno1', 1], ['pve1', 'bond0', 'eno2', 0]]); // eno3 unknown: left out
    expect(find(samples, 'corowatch_node_ssh_up').map((x) => [x.labels.node, x.value])).toEqual([['pve1', 1], ['pve2', 1], ['pve3', 0]]);
    expect(find(samples, 'corowatch_node_corosync_up').map((x) => [x.labels.node, x.value])).toEqual([['pve1', 1], ['pve2', 0]]);
    expect(find(samples, 'corowatch_poll_duration_seconds').map((x) => [x.labels.node, x.value])).toEqual([['pve1', 0.213], ['pve2', 0.18]]);
    expect(find(samples, 'corowatch_cluster_state').map((x) => [x.labels.state, x.value])).toEqual([['ok', 0], ['degraded', 1], ['failed', 0]]);
    expect(find(samples, 'corowatch_websocket_clients')[0].value).toBe(7);
    expect(find(samples, 'corowatch_websocket_dropped_clients_total')[0].value).toBe(2);
    expect(find(samples, 'corowatch_store_pending_rows')[0].value).toBe(31);

    expect(types.get('corosync_knet_link_down_total')).toBe('counter');
    expect(types.get('corosync_knet_link_rx_bytes_total')).toBe('counter');
    expect(types.get('corosync_knet_link_connected')).toBe('gauge');
    // nothing unknown became a 0: pve2 and pve3 have no link, quorum or vote samples at all
    for (const s of samples) if (s.labels.node === 'pve3') expect(s.name).toBe('corowatch_node_ssh_up');
    expect(samples.filter((s) => s.labels.node === 'pve2').map((s) => s.name).sort())
      .toEqual(['corowatch_node_corosync_up', 'corowatch_node_ssh_up', 'corowatch_poll_duration_seconds']);
  });

  it('leaves out what it was not given: no websocket or store lines, not zeros', async () => {
    const { samples } = parseProm(await buildMetrics({ clusters: [] }).metrics());
    expect(samples).toEqual([]);
  });

  it('escapes label values', async () => {
    const c = clusterView('we"ird\\name', 2, 1);
    const { samples } = parseProm(await buildMetrics({ clusters: [c] }).metrics());
    expect(find(samples, 'corowatch_node_ssh_up')[0].labels.cluster).toBe('we"ird\\name');
  });
});
