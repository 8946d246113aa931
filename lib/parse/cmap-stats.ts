// `corosync-cmapctl -m stats`: only stats.knet.node<ID>.link<N>.<key> lines become links.
import type { CmapStats, KnetLinkStats, ParseResult } from './types';
import { parseCmapLines } from './cmap-lines';
import { describeOutput, fail, guard, ok } from './text';

const LINK_KEY = /^stats\.knet\.node(\d+)\.link(\d+)\.([a-z0-9_]+)$/;
const NO_SAMPLE = 4294967295; // knet's UINT32_MAX initial latency_min

export function parseCmapStats(text: string): ParseResult<CmapStats> {
  return guard('corosync-cmapctl -m stats', text, parse);
}

function parse(text: string): ParseResult<CmapStats> {
  const entries = parseCmapLines(text);
  if (entries.length === 0) {
    return fail(`corosync-cmapctl -m stats: expected 'key (type) = value' lines; ${describeOutput(text)}`);
  }

  const byLink = new Map<string, { nodeId: number; link: number; counters: Record<string, number> }>();
  for (const { key, value } of entries) {
    const m = LINK_KEY.exec(key);
    if (!m || !/^\d+$/.test(value.trim())) continue;
    const id = `${m[1]}/${m[2]}`;
    let entry = byLink.get(id);
    if (!entry) {
      entry = { nodeId: Number(m[1]), link: Number(m[2]), counters: {} };
      byLink.set(id, entry);
    }
    entry.counters[m[3]] = Number(value.trim());
  }

  const links = [...byLink.values()]
    .map(({ nodeId, link, counters }) => toLinkStats(nodeId, link, counters))
    .sort((a, b) => a.nodeId - b.nodeId || a.link - b.link);
  return ok({ links });
}

function toLinkStats(nodeId: number, link: number, counters: Record<string, number>): KnetLinkStats {
  const n = (k: string): number | null => (k in counters ? counters[k] : null);
  const flag = (k: string): boolean | null => (k in counters ? counters[k] !== 0 : null);
  const samples = n('latency_samples');
  // Without a sample count (0, or the key not read) knet's initial 0 cannot be told from a measurement.
  const noSamples = samples === null || samples === 0;
  const min = n('latency_min');
  return {
    nodeId,
    link,
    enabled: flag('enabled'),
    connected: flag('connected'),
    mtu: n('mtu'),
    latencyAveUs: noSamples ? null : n('latency_ave'),
    latencyMinUs: min === NO_SAMPLE ? null : min,
    latencyMaxUs: noSamples ? null : n('latency_max'),
    latencySamples: samples,
    downCount: n('down_count'),
    upCount: n('up_count'),
    rxPongPackets: n('rx_pong_packets'),
    txDataPackets: n('tx_data_packets'),
    rxDataPackets: n('rx_data_packets'),
    rxTotalBytes: n('rx_total_bytes'),
    txTotalBytes: n('tx_total_bytes'),
    counters,
  };
}
