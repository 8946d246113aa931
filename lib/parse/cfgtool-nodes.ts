// `corosync-cfgtool -n` (corosync 3.1+):
//   Local node ID 1, transport knet
//   nodeid: 2 reachable
//      LINK: 0 udp (10.77.10.1->10.77.10.2) enabled connected mtu: 1397
// A link without the word "connected" is down. No node lines at all (e.g. when inquorate) is valid.
import type { CfgtoolNodes, ParseResult } from './types';
import { describeOutput, fail, guard, ok, completeLines } from './text';

type Node = CfgtoolNodes['nodes'][number];

const LOCAL = /^Local node ID (\d+)\b/;
const NODE = /^nodeid:?\s+(\d+)(?:\s+(\S+))?\s*$/;
const LINK = /^LINK:\s*(\d+)(?:\s+([a-z]+))?(?:\s+\(([^()]*)\))?((?:\s+[a-z]+)*)(?:\s+mtu:\s*(\d+))?\s*$/;

export function parseCfgtoolNodes(text: string): ParseResult<CfgtoolNodes> {
  return guard('corosync-cfgtool -n', text, parse);
}

function parse(text: string): ParseResult<CfgtoolNodes> {
  let localNodeId: number | null = null;
  const nodes: Node[] = [];

  for (const rawLine of completeLines(text)) {
    const line = rawLine.trim();
    let m: RegExpExecArray | null;
    if (localNodeId === null) {
      if ((m = LOCAL.exec(line))) localNodeId = Number(m[1]);
    } else if ((m = NODE.exec(line))) {
      nodes.push({ nodeId: Number(m[1]), reachable: m[2] === 'reachable', links: [] });
    } else if (nodes.length > 0 && (m = LINK.exec(line))) {
      const flags = m[4].trim().split(/\s+/);
      const [localAddr, remoteAddr] = splitAddrs(m[3]);
      nodes[nodes.length - 1].links.push({
        link: Number(m[1]),
        proto: m[2] ?? null,
        localAddr,
        remoteAddr,
        enabled: flags.includes('enabled'),
        connected: flags.includes('connected'),
        mtu: m[5] === undefined ? null : Number(m[5]),
      });
    }
  }

  if (localNodeId === null) {
    return fail(`corosync-cfgtool -n: expected a 'Local node ID <n>' line; ${describeOutput(text)}`);
  }
  return ok({ localNodeId, nodes });
}

function splitAddrs(pair: string | undefined): [string | null, string | null] {
  if (pair === undefined) return [null, null];
  const i = pair.indexOf('->');
  if (i < 0) return [pair.trim() || null, null];
  return [pair.slice(0, i).trim() || null, pair.slice(i + 2).trim() || null];
}
