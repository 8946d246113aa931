// `corosync-cfgtool -s`. Two layouts exist (see tests/fixtures):
//   3.1.5+: "Local node ID 1, transport knet" / "LINK ID 0 udp" / "\t\tnodeid:          2:\tconnected"
//   3.0.x:  "Printing link status." / "Local node ID 1" / "LINK ID 0" / "\t\tnodeid  2:\tlink enabled:1\tlink connected:1"
import type { CfgtoolStatus, ParseResult } from './types';
import { describeOutput, fail, guard, ok, completeLines } from './text';

type Link = CfgtoolStatus['links'][number];
type Peer = Link['peers'][number];

const LOCAL = /^Local node ID (\d+)(?:, transport (\S+))?\s*$/;
const LINK = /^LINK ID (\d+)(?: (\S+))?\s*$/;
const ADDR = /^addr\s*= (.*)$/;
const PEER = /^nodeid:?\s+(\d+):\s*(.*)$/;
const OLD_FLAGS = /^link enabled:([01])\s+link connected:([01])\s*$/;

export function parseCfgtoolStatus(text: string): ParseResult<CfgtoolStatus> {
  return guard('corosync-cfgtool -s', text, parse);
}

function parse(text: string): ParseResult<CfgtoolStatus> {
  let localNodeId: number | null = null;
  let transport: string | null = null;
  const links: Link[] = [];

  for (const rawLine of completeLines(text)) {
    const line = rawLine.trim();
    let m: RegExpExecArray | null;
    if ((m = LOCAL.exec(line))) {
      localNodeId = Number(m[1]);
      transport = m[2] ?? null;
    } else if ((m = LINK.exec(line))) {
      links.push({ link: Number(m[1]), proto: m[2] ?? null, addr: null, peers: [] });
    } else if (links.length > 0 && (m = ADDR.exec(line))) {
      links[links.length - 1].addr = m[1].trim() || null;
    } else if (links.length > 0 && localNodeId !== null && (m = PEER.exec(line))) {
      links[links.length - 1].peers.push(peer(Number(m[1]), m[2].trim(), localNodeId));
    }
  }

  if (localNodeId === null) {
    return fail(`corosync-cfgtool -s: expected a 'Local node ID <n>' line; ${describeOutput(text)}`);
  }
  return ok({ localNodeId, transport, links });
}

function peer(nodeId: number, raw: string, localNodeId: number): Peer {
  const old = OLD_FLAGS.exec(raw);
  if (old) {
    // 3.0 prints flags for the local node too; the contract keeps them null there.
    const local = nodeId === localNodeId;
    return {
      nodeId,
      local,
      enabled: local ? null : old[1] === '1',
      connected: local ? null : old[2] === '1',
      raw,
    };
  }
  const local = raw === 'localhost' || nodeId === localNodeId;
  // 3.1 prints only "connected"/"disconnected": whether the link is enabled is not shown.
  const connected = raw === 'connected' ? true : raw === 'disconnected' ? false : null;
  return { nodeId, local, enabled: null, connected: local ? null : connected, raw };
}
