import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { fingerprint, knownHostsLine, keyType } from '../collect/known-hosts';
import type { Runtime } from './runtime';

// A node whose host key is not in known_hosts is refused during the key exchange, before authentication: corowatch
// never logs in to it or runs anything there. The key it presented is kept so an admin can compare its fingerprint
// with `ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub` on the node and accept it.

export interface PendingHostKey {
  cluster: string;
  node: string;
  host: string;
  port: number;
  keyType: string;
  fingerprint: string;
}

export function pendingHostKeys(rt: Runtime): PendingHostKey[] {
  const out: PendingHostKey[] = [];
  for (const col of rt.collectors) {
    const key = col.transport.presentedHostKey;
    if (!key || col.transport.state !== 'hostkey-unknown') continue;
    out.push({ cluster: col.cluster.name, node: col.node.name, host: col.node.host, port: col.node.port, keyType: keyType(key), fingerprint: fingerprint(key) });
  }
  return out;
}

export type AcceptResult = { ok: true; line: string } | { ok: false; status: number; error: string };

/**
 * Adds the key the node presented to known_hosts, but only if it is still the key the admin was shown (the
 * fingerprint must match), then connects at once.
 */
export function acceptHostKey(rt: Runtime, cluster: string, node: string, shownFingerprint: string): AcceptResult {
  const col = rt.collectors.find((c) => c.cluster.name === cluster && c.node.name === node);
  if (!col) return { ok: false, status: 404, error: 'no such node' };
  const key = col.transport.presentedHostKey;
  if (!key || col.transport.state !== 'hostkey-unknown') return { ok: false, status: 409, error: 'this node has no unaccepted host key waiting' };
  if (fingerprint(key) !== shownFingerprint) {
    return { ok: false, status: 409, error: 'the node now presents a different key than the one shown: review it again' };
  }
  const file = rt.config.knownHosts;
  const line = knownHostsLine(col.node.host, col.node.port, key);
  try {
    const before = existsSync(file) ? readFileSync(file, 'utf8') : '';
    appendFileSync(file, `${before && !before.endsWith('\n') ? '\n' : ''}${line}\n`, { mode: 0o600 });
  } catch (e) {
    return { ok: false, status: 500, error: `cannot write known_hosts ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
  console.log(`[corowatch] host key ${fingerprint(key)} of ${col.node.host}:${col.node.port} accepted by an admin (${cluster}/${node})`);
  for (const c of rt.collectors) if (c.node.host === col.node.host && c.node.port === col.node.port) c.transport.reconnectNow?.();
  return { ok: true, line };
}
