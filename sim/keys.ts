// Key material for the simulated cluster: one ed25519 host key per node and one client key, kept in the demo
// directory so known_hosts (and, when the ports are still free, corowatch.yaml) stay valid across runs.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ssh2, { type ParsedKey } from 'ssh2';

const { utils } = ssh2; // ssh2 is CommonJS: named imports of `utils` fail under Node's ESM loader

export interface KeyPair {
  privateKey: string; // OpenSSH format
  publicLine: string; // "ssh-ed25519 AAAA... comment"
  parsed: ParsedKey; // public key, for comparisons
}

function parse(data: string): ParsedKey {
  const k = utils.parseKey(data);
  if (k instanceof Error) throw k;
  return Array.isArray(k) ? (k[0] as ParsedKey) : k;
}

function writePrivate(path: string, text: string): void {
  writeFileSync(path, text, { mode: 0o600 });
  chmodSync(path, 0o600); // writeFileSync keeps the mode of an existing file
}

/** Loads the ed25519 private key at `path` (rewriting `<path>.pub` from it), or generates and writes a fresh pair. */
export function loadOrCreateKey(path: string, comment: string): KeyPair {
  if (existsSync(path)) {
    try {
      const privateKey = readFileSync(path, 'utf8');
      const priv = parse(privateKey);
      if (priv.type !== 'ssh-ed25519' || !priv.isPrivateKey()) throw new Error('not an ed25519 private key');
      const publicLine = `ssh-ed25519 ${priv.getPublicSSH().toString('base64')} ${comment}`;
      chmodSync(path, 0o600);
      writeFileSync(`${path}.pub`, `${publicLine}\n`);
      return { privateKey, publicLine, parsed: parse(publicLine) };
    } catch {
      // unreadable, encrypted or another key type: regenerate below
    }
  }
  // ssh2's generator drops a leading zero byte of the public key (about 1 key in 400), which leaves both halves
  // unparseable: generate again until the pair reads back
  for (let attempt = 0; ; attempt++) {
    const kp = utils.generateKeyPairSync('ed25519', { comment });
    let parsed: ParsedKey;
    try {
      parsed = parse(kp.public);
      parse(kp.private);
    } catch (e) {
      if (attempt < 20) continue;
      throw e;
    }
    writePrivate(path, kp.private);
    writeFileSync(`${path}.pub`, `${kp.public.trim()}\n`);
    return { privateKey: kp.private, publicLine: kp.public.trim(), parsed };
  }
}

export function ensureDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

export const hostKeyPath = (dir: string, node: string) => join(dir, `ssh_host_ed25519_key.${node}`);
export const clientKeyPath = (dir: string) => join(dir, 'id_ed25519');
export const knownHostsPath = (dir: string) => join(dir, 'known_hosts');

/** "ssh-ed25519 AAAA..." without the comment: the form known_hosts stores. */
export function keyTypeAndBlob(publicLine: string): string {
  const [type, blob] = publicLine.split(/\s+/);
  return `${type} ${blob}`;
}

/** Ports that an earlier run's known_hosts gave each host key, so a restarted demo can keep its ports. */
export function previousPorts(dir: string): Map<string, number> {
  const out = new Map<string, number>();
  const file = knownHostsPath(dir);
  if (!existsSync(file)) return out;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^\[127\.0\.0\.1\]:(\d+) (\S+ \S+)/.exec(line.trim());
    if (m) out.set(m[2], Number(m[1]));
  }
  return out;
}

export function writeKnownHosts(dir: string, entries: Array<{ host: string; port: number; publicLine: string }>): string {
  const file = knownHostsPath(dir);
  const text = entries.map((e) => `[${e.host}]:${e.port} ${keyTypeAndBlob(e.publicLine)}\n`).join('');
  writeFileSync(file, text);
  return file;
}
