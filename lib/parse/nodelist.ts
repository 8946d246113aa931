// `corosync-cmapctl -b nodelist`: nodelist.node.<pos>.{nodeid,name,ring<N>_addr} keys.
import type { Nodelist, ParseResult } from './types';
import { parseCmapLines } from './cmap-lines';
import { describeOutput, fail, guard, ok, parseUint } from './text';

const NODE_KEY = /^nodelist\.node\.(\d+)\.([a-z0-9_]+)$/;
const RING_ADDR = /^ring(\d+)_addr$/;

export function parseNodelist(text: string): ParseResult<Nodelist> {
  return guard('corosync-cmapctl -b nodelist', text, parse);
}

function parse(text: string): ParseResult<Nodelist> {
  const entries = parseCmapLines(text);
  if (entries.length === 0) {
    return fail(`corosync-cmapctl -b nodelist: expected 'key (type) = value' lines; ${describeOutput(text)}`);
  }

  const byPos = new Map<number, { nodeId: number | null; name: string | null; ringAddrs: Record<number, string> }>();
  for (const { key, value } of entries) {
    const m = NODE_KEY.exec(key);
    if (!m) continue;
    const pos = Number(m[1]);
    let node = byPos.get(pos);
    if (!node) {
      node = { nodeId: null, name: null, ringAddrs: {} };
      byPos.set(pos, node);
    }
    const ring = RING_ADDR.exec(m[2]);
    if (m[2] === 'nodeid') node.nodeId = parseUint(value);
    else if (m[2] === 'name') node.name = value || null;
    else if (ring) node.ringAddrs[Number(ring[1])] = value;
  }

  // knet requires a nodeid per node; an entry without one (or cut off before it) cannot be identified.
  const nodes = [...byPos.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, n]) => (n.nodeId === null ? [] : [{ nodeId: n.nodeId, name: n.name, ringAddrs: n.ringAddrs }]));
  if (nodes.length === 0) {
    return fail(`corosync-cmapctl -b nodelist: expected nodelist.node.<n>.nodeid keys; ${describeOutput(text)}`);
  }
  return ok({ nodes });
}
