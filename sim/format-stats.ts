// `corosync-cmapctl -m stats` as corosync 3.1.7 prints it: every stats.* key sorted, "key (type) = value".
import { byteSort } from './formats';
import { LINK_KEYS, type CmapType } from './knet';
import type { SimNode } from './node';

const U64_MAX = '18446744073709551615';

const SRP_TYPES: Record<string, CmapType> = {
  avg_backlog_calc: 'u32', avg_token_workload: 'u32', continuous_gather: 'u32', continuous_sendmsg_failures: 'u32',
  firewall_enabled_or_nic_failure: 'u8', mtt_rx_token: 'u32',
};

const IPCS_KEYS: ReadonlyArray<readonly [string, CmapType]> = [
  ['dispatched', 'u64'], ['flow_control', 'u32'], ['flow_control_count', 'u64'], ['invalid_request', 'u64'],
  ['overload', 'u64'], ['procname', 'str'], ['queued', 'u32'], ['queueing', 'i32'], ['recv_retries', 'u64'],
  ['requests', 'u64'], ['responses', 'u64'], ['send_retries', 'u64'], ['sent', 'u32'],
];

/** Renders the stats map of node `n`; `jitter` gives the few values that move between two reads. */
export function cmapStats(n: SimNode, jitter: () => number): string {
  const lines = new Map<string, string>();
  const put = (key: string, type: CmapType, value: number | string) => lines.set(key, `${key} (${type}) = ${value}`);

  // the cmapctl process reading the map is itself an IPC connection
  n.ipcs.closed += 6;
  n.ipcs.pid += 7;
  put('stats.ipcs.global.active', 'u64', 1);
  put('stats.ipcs.global.closed', 'u64', n.ipcs.closed);
  const conn = `stats.ipcs.service0.${n.ipcs.pid}.${n.ipcs.ptr}`;
  const ipcsVals: Record<string, number | string> = { procname: 'corosync-cmapct', requests: 27, responses: 28 };
  for (const [k, t] of IPCS_KEYS) put(`${conn}.${k}`, t, ipcsVals[k] ?? 0);

  let txPackets = 0;
  let rxPackets = 0;
  for (const [id, links] of n.links) {
    links.forEach((l, li) => {
      const v = l.values();
      if (id !== n.id) {
        txPackets += v.tx_total_packets; // the loopback link is not encrypted
        rxPackets += v.rx_total_packets;
      }
      for (const [k, t] of LINK_KEYS) put(`stats.knet.node${id}.link${li}.${k}`, t, v[k]);
    });
  }
  const c = n.crypt;
  const handle: Record<string, number | string> = {
    rx_compress_time_ave: 0, rx_compress_time_max: 0, rx_compress_time_min: U64_MAX, rx_compressed_original_bytes: 0,
    rx_compressed_packets: 0, rx_compressed_size_bytes: 0, rx_crypt_packets: rxPackets,
    rx_crypt_time_ave: Math.round(c.rxAve * (1 + 0.02 * jitter())), rx_crypt_time_max: c.rxMax, rx_crypt_time_min: c.rxMin,
    tx_compress_time_ave: 0, tx_compress_time_max: 0, tx_compress_time_min: U64_MAX, tx_compressed_original_bytes: 0,
    tx_compressed_packets: 0, tx_compressed_size_bytes: 0, tx_crypt_byte_overhead: txPackets * 27,
    tx_crypt_packets: txPackets, tx_crypt_time_ave: Math.round(c.txAve * (1 + 0.02 * jitter())),
    tx_crypt_time_max: c.txMax, tx_crypt_time_min: c.txMin, tx_uncompressed_packets: 0,
  };
  for (const [k, v] of Object.entries(handle)) put(`stats.knet.handle.${k}`, 'u64', v);

  put('stats.pg.msg_queue_avail', 'u32', 0);
  put('stats.pg.msg_reserved', 'u32', 2);
  const srp = { ...n.srp };
  if (n.members.length > 1) {
    srp.mtt_rx_token = Math.round(100 + 15 * jitter());
    srp.time_since_token_last_received = Math.round(Math.abs(350 + 330 * jitter()));
  }
  for (const [k, v] of Object.entries(srp)) put(`stats.srp.${k}`, SRP_TYPES[k] ?? 'u64', v);

  return byteSort([...lines.keys()]).map((k) => `${lines.get(k)}\n`).join('');
}
