// What each command of the probe script prints on a simulated node.
import { CFG_DOWN, CMAP_DOWN, QUORUM_DOWN, cfgtoolN, cfgtoolS, clockNs, cmapNodelist, quorumtoolS, type LinkView, type ToolOutput } from './formats';
import { cmapStats } from './format-stats';
import type { SimCluster } from './cluster-state';
import type { SimNode } from './node';
import { KNET_STATS_KEPT } from '../lib/collect/probe-script';

const KEPT = new RegExp(KNET_STATS_KEPT);
// the probe script keeps only the stats.knet keys corowatch reads (grep -E on the node)
const keptStats = (text: string) => text.split('\n').filter((l) => KEPT.test(l)).map((l) => `${l}\n`).join('');

export type ToolName = 'clock' | 'cfgtool_s' | 'cfgtool_n' | 'cmap_stats' | 'cmap_nodelist' | 'quorumtool_s';

export function runTool(cluster: SimCluster, n: SimNode, tool: ToolName, now: number): ToolOutput {
  const infos = cluster.nodes.map((x) => x.info);
  const view = (peer: number, link: number): LinkView => {
    const l = n.links.get(peer)![link];
    return { connected: l.connected, mtu: l.mtu };
  };
  if (tool === 'clock') return { text: `${clockNs(n.clock(now))}\n`, rc: 0 };
  if (!n.running) {
    if (tool === 'quorumtool_s') return QUORUM_DOWN;
    if (tool === 'cmap_stats' || tool === 'cmap_nodelist') return CMAP_DOWN;
    return CFG_DOWN;
  }
  switch (tool) {
    case 'cfgtool_s':
      return { text: cfgtoolS(n.id, infos, view), rc: 0 };
    case 'cfgtool_n':
      return { text: cfgtoolN(n.id, infos, view), rc: 0 };
    case 'cmap_stats':
      return { text: keptStats(cmapStats(n, () => cluster.rng.gauss())), rc: 0 };
    case 'cmap_nodelist':
      return { text: cmapNodelist(n.id, infos), rc: 0 };
    case 'quorumtool_s':
      return quorumtoolS(
        { localId: n.id, ringId: n.ringId, members: n.members, expectedVotes: cluster.nodes.length, quorate: n.quorate, dateMs: n.clock(now) },
        infos,
      );
  }
}
