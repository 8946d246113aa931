import { describe, expect, it } from 'vitest';
import { parseCmapStats } from '../../lib/parse/cmap-stats';
import type { KnetLinkStats } from '../../lib/parse/types';
import { GARBAGE, checkTruncation, fixture, fixtureFiles, valueOf } from './helpers';

const links = (path: string) => valueOf(parseCmapStats(fixture(path))).links;
const find = (all: KnetLinkStats[], nodeId: number, link: number) =>
  all.find((l) => l.nodeId === nodeId && l.link === link)!;

describe('parseCmapStats', () => {
  it('makes one entry per node × link from the stats.knet.node<ID>.link<N> keys only', () => {
    const all = links('corosync-3.1.7/pve1.cmapctl_m_stats.txt');
    // the local node (1) has only knet's loopback link 0
    expect(all.map((l) => [l.nodeId, l.link])).toEqual([
      [1, 0],
      [2, 0],
      [2, 1],
      [3, 0],
      [3, 1],
    ]);
    // every key of the fixture's node2.link0 block, and nothing from stats.knet.handle or stats.ipcs
    expect(Object.keys(find(all, 2, 0).counters)).toHaveLength(39);
    expect(find(all, 2, 0).counters.tx_pmtu_packets).toBe(2);
  });

  it('reads a peer link exactly', () => {
    const { counters, ...fields } = find(links('corosync-3.1.7/pve1.cmapctl_m_stats.txt'), 2, 0);
    expect(fields).toEqual({
      nodeId: 2,
      link: 0,
      enabled: true,
      connected: true,
      mtu: 1397,
      latencyAveUs: 222,
      latencyMinUs: 216,
      latencyMaxUs: 281,
      latencySamples: 11,
      downCount: 1,
      upCount: 1,
      rxPongPackets: 11,
      txDataPackets: 97,
      rxDataPackets: 25,
      rxTotalBytes: 6205,
      txTotalBytes: 18992,
    });
    expect(counters.rx_total_packets).toBe(50);
  });

  it('gives null latencies for the local node’s loopback link, which has no samples', () => {
    const local = find(links('corosync-3.1.7/pve1.cmapctl_m_stats.txt'), 1, 0);
    expect(local.counters.latency_min).toBe(4294967295);
    expect(local.counters.latency_ave).toBe(0);
    expect([local.latencyMinUs, local.latencyAveUs, local.latencyMaxUs, local.latencySamples]).toEqual([null, null, null, 0]);
    expect(local.mtu).toBe(65535);
  });

  it('shows pve3 link 0 disconnected with a second down count after the cut', () => {
    const l = find(links('corosync-3.1.7/pve1.cmapctl_m_stats_link0down.txt'), 3, 0);
    expect([l.enabled, l.connected, l.downCount, l.upCount]).toEqual([true, false, 2, 1]);
  });

  it('shows the latency rise of a paused peer (values from the lab timings.txt)', () => {
    const before = find(links('corosync-3.1.7/pve1.cmapctl_m_stats_prepause3000.txt'), 2, 0);
    const after = find(links('corosync-3.1.7/pve1.cmapctl_m_stats_pause3000.txt'), 2, 0);
    expect([before.latencyAveUs, before.latencyMaxUs, before.latencySamples, before.downCount]).toEqual([14375, 19574, 56, 1]);
    expect([after.latencyAveUs, after.latencyMaxUs, after.latencySamples, after.downCount]).toEqual([44872, 51808, 67, 2]);
    const pause = find(links('corosync-3.1.7/pve1.cmapctl_m_stats_pause.txt'), 2, 0);
    expect([pause.latencyAveUs, pause.latencyMaxUs, pause.latencySamples]).toEqual([16081, 19574, 50]);
  });

  it('accepts cmap output without knet link keys as no links', () => {
    expect(parseCmapStats('stats.ipcs.global.active (u64) = 1\n')).toEqual({ ok: true, value: { links: [] } });
  });

  it('reports corosync’s cmap error and garbage as errors naming the expected lines', () => {
    expect(parseCmapStats(fixture('corosync-3.1.7/pve3.cmapctl_m_stats_corosync_down.txt'))).toEqual({
      ok: false,
      error:
        "corosync-cmapctl -m stats: expected 'key (type) = value' lines; " +
        'output was: Failed to initialize the cmap API. Error CS_ERR_LIBRARY',
    });
    for (const text of GARBAGE) {
      const result = parseCmapStats(text);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain("expected 'key (type) = value' lines");
    }
  });

  it('is consistent at every cut point of every fixture', () => {
    const files = fixtureFiles('corosync-3.1.7', /cmapctl_m_stats(?!.*corosync_down)/);
    expect(files.length).toBe(10);
    for (const file of files) checkTruncation(parseCmapStats, fixture(file));
  });
});
