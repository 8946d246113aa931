import type { CorowatchConfig } from '../config/schema';

// The query parameters GET /api/series and GET /api/history share: cluster, node and peer checked against the config,
// and from/to-style times. Every problem is one sentence for a 400.

export type Params = URLSearchParams | Record<string, string | undefined>;

/** A parameter's value; null when absent or empty. */
export function get(p: Params, name: string): string | null {
  const v = p instanceof URLSearchParams ? p.get(name) : p[name];
  return v === undefined || v === null || v === '' ? null : v;
}

/** Echoes a caller's value in an error without letting it grow the message. */
export const clip = (s: string) => s.slice(0, 40);

export function parseTimeParam(name: string, v: string): Date | string {
  const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  return Number.isNaN(d.getTime()) ? `${name}: not a time: "${clip(v)}" (use ISO 8601 or epoch milliseconds)` : d;
}

/** The named time parameters (ISO 8601 or epoch ms), null where left out; the first bad one is the error. */
export function parseTimeParams<K extends string>(p: Params, names: readonly K[]): Record<K, Date | null> | { error: string } {
  const times = {} as Record<K, Date | null>;
  for (const k of names) {
    const raw = get(p, k);
    if (raw === null) {
      times[k] = null;
      continue;
    }
    const d = parseTimeParam(k, raw);
    if (typeof d === 'string') return { error: d };
    times[k] = d;
  }
  return times;
}

export interface PairParams<Peer extends string | null> {
  /** the cluster's name as configured */
  cluster: string;
  /** its nodes' names */
  names: string[];
  node: string;
  peer: Peer;
}

/**
 * cluster and node (required) and peer (required or optional), checked in this order: cluster given and known,
 * node given, peer given (when required), node known, peer known, node and peer differ.
 */
export function parsePairParams(p: Params, config: CorowatchConfig, peer: 'required'): PairParams<string> | { error: string };
export function parsePairParams(p: Params, config: CorowatchConfig, peer: 'optional'): PairParams<string | null> | { error: string };
export function parsePairParams(p: Params, config: CorowatchConfig, peerMode: 'required' | 'optional'): PairParams<string | null> | { error: string } {
  const clusterName = get(p, 'cluster');
  if (!clusterName) return { error: 'cluster: required' };
  const cluster = config.clusters.find((c) => c.name === clusterName);
  if (!cluster) return { error: `unknown cluster "${clip(clusterName)}"` };
  const names = cluster.nodes.map((n) => n.name);
  const node = get(p, 'node');
  const peer = get(p, 'peer');
  if (!node) return { error: 'node: required' };
  if (!peer && peerMode === 'required') return { error: 'peer: required' };
  if (!names.includes(node)) return { error: `unknown node "${clip(node)}" in cluster ${cluster.name}` };
  if (peer !== null && !names.includes(peer)) return { error: `unknown peer "${clip(peer)}" in cluster ${cluster.name}` };
  if (node === peer) return { error: 'node and peer must differ' };
  return { cluster: cluster.name, names, node, peer };
}
