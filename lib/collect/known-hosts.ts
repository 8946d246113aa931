import { createHash, createHmac } from 'node:crypto';

// OpenSSH known_hosts: "host1,[host2]:2222 ssh-ed25519 AAAA... comment", hashed "|1|salt|hash" names,
// and "@revoked"/"@cert-authority" markers.

export interface KnownHostEntry {
  patterns: string[];
  keyType: string;
  key: Buffer;
  marker: 'revoked' | 'cert-authority' | null;
}

export function parseKnownHosts(text: string): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const parts = line.split(/\s+/);
    let marker: KnownHostEntry['marker'] = null;
    if (parts[0] === '@revoked' || parts[0] === '@cert-authority') marker = parts.shift()!.slice(1) as KnownHostEntry['marker'];
    if (parts.length < 3) continue;
    entries.push({ patterns: parts[0].split(','), keyType: parts[1], key: Buffer.from(parts[2], 'base64'), marker });
  }
  return entries;
}

export function hostName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

function patternMatches(pattern: string, name: string): boolean {
  if (pattern.startsWith('|1|')) {
    const [, , salt, hash] = pattern.split('|');
    if (!salt || !hash) return false;
    return createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64') === hash;
  }
  if (pattern.startsWith('!')) return false;
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(name);
}

export function fingerprint(key: Buffer): string {
  return 'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '');
}

export type HostKeyVerdict = 'match' | 'mismatch' | 'unknown' | 'revoked';

export function checkHostKey(entries: KnownHostEntry[], host: string, port: number, key: Buffer): HostKeyVerdict {
  const name = hostName(host, port);
  const forHost = entries.filter((e) => e.marker !== 'cert-authority' && e.patterns.some((p) => patternMatches(p, name)));
  if (forHost.some((e) => e.marker === 'revoked' && e.key.equals(key))) return 'revoked';
  const plain = forHost.filter((e) => e.marker === null);
  if (plain.some((e) => e.key.equals(key))) return 'match';
  return plain.length > 0 ? 'mismatch' : 'unknown';
}

/** The key's algorithm name, from the SSH wire format (string type, then the key data). */
export function keyType(key: Buffer): string {
  if (key.length < 4) throw new Error('not an SSH public key');
  const n = key.readUInt32BE(0);
  if (n < 1 || n > 64 || key.length < 4 + n) throw new Error('not an SSH public key');
  const t = key.subarray(4, 4 + n).toString('latin1');
  if (!/^[a-z0-9@.-]+$/.test(t)) throw new Error('not an SSH public key');
  return t;
}

/** A known_hosts line for this host, port and key, as ssh-keyscan writes it. */
export function knownHostsLine(host: string, port: number, key: Buffer): string {
  return `${hostName(host, port)} ${keyType(key)} ${key.toString('base64')}`;
}
