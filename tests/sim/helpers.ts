// Shared helpers for the simulator tests: fixtures, probe output parsing, and a strict ssh2 client.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ssh2, { type Client as SshClient, type ClientChannel } from 'ssh2';
import { MARK } from '../../lib/collect/probe-script';

const { Client, utils } = ssh2;

export const FIXTURES = fileURLToPath(new URL('../fixtures/corosync-3.1.7/', import.meta.url));
export const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');

/** Drops the "Nov 23 01:12:01.757 [20163] " prefix so simulated and captured log lines compare. */
export const stripLogPrefix = (line: string) => line.replace(/^[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[\d+\] /, '');
export const LOG_LINE = /^[A-Z][a-z]{2} \d{2} \d{2}:\d{2}:\d{2}\.\d{3} \[\d+\] pve\d+ corosync (notice |info   |warning|error  |debug  ) \[[A-Z ]{6}\] \S/;

/** Masks the values of a quorumtool -s that differ between runs (date, ring id). */
export const maskQuorum = (text: string) =>
  text.replace(/^Date: .*$/m, 'Date: X').replace(/^Ring ID: .*$/m, 'Ring ID: X');

export interface Section {
  name: string;
  body: string;
  rc: number;
}

/** Splits probe output into sections, asserting the framing the real script produces. */
export function parseProbe(out: string): { sections: Section[]; done: boolean } {
  const sections: Section[] = [];
  const lines = out.split('\n');
  let i = 0;
  let done = false;
  while (i < lines.length) {
    const line = lines[i];
    if (line === `${MARK} done`) {
      done = true;
      if (lines.slice(i + 1).join('') !== '') throw new Error('output after done marker');
      break;
    }
    const b = new RegExp(`^${MARK} begin (\\S+)$`).exec(line);
    if (!b) throw new Error(`expected begin marker, got ${JSON.stringify(line)}`);
    const body: string[] = [];
    i++;
    let end: RegExpExecArray | null = null;
    for (; i < lines.length; i++) {
      end = new RegExp(`^${MARK} end ${b[1]} rc=(\\d+)$`).exec(lines[i]);
      if (end) break;
      body.push(lines[i]);
    }
    if (!end) throw new Error(`section ${b[1]} not closed`);
    sections.push({ name: b[1], body: body.map((l) => `${l}\n`).join(''), rc: Number(end[1]) });
    i++;
  }
  return { sections, done };
}

/** The known_hosts key for [host]:port, as the collectors would look it up. */
export function knownHostKey(knownHosts: string, host: string, port: number): Buffer | null {
  for (const line of readFileSync(knownHosts, 'utf8').split('\n')) {
    const [pattern, type, blob] = line.trim().split(/\s+/);
    if (pattern === `[${host}]:${port}` && type === 'ssh-ed25519') return Buffer.from(blob, 'base64');
  }
  return null;
}

export function connect(opts: { host: string; port: number; knownHosts: string; privateKey: string | Buffer; user?: string }): Promise<SshClient> {
  const expected = knownHostKey(opts.knownHosts, opts.host, opts.port);
  return new Promise((resolve, reject) => {
    const c = new Client();
    c.on('ready', () => resolve(c));
    c.on('error', reject);
    c.connect({
      host: opts.host,
      port: opts.port,
      username: opts.user ?? 'root',
      privateKey: opts.privateKey,
      readyTimeout: 5000,
      hostVerifier: (key: Buffer) => expected !== null && key.equals(expected),
    });
  });
}

export function exec(c: SshClient, command: string): Promise<{ stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, ch) => {
      if (err) return reject(err);
      let stdout = '';
      let stderr = '';
      let code: number | null = null;
      ch.on('data', (d: Buffer) => (stdout += d.toString()));
      ch.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      ch.on('exit', (c2: number | null) => (code = c2));
      ch.on('close', () => resolve({ stdout, stderr, code }));
    });
  });
}

export interface Follower {
  lines: string[];
  channel: ClientChannel;
  waitFor(pred: (lines: string[]) => boolean, timeoutMs: number): Promise<number>;
}

export function follow(c: SshClient, command: string): Promise<Follower> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, ch) => {
      if (err) return reject(err);
      const lines: string[] = [];
      let partial = '';
      ch.on('data', (d: Buffer) => {
        const parts = (partial + d.toString()).split('\n');
        partial = parts.pop()!;
        lines.push(...parts);
      });
      const waitFor = (pred: (l: string[]) => boolean, timeoutMs: number) =>
        new Promise<number>((res, rej) => {
          const t0 = Date.now();
          const iv = setInterval(() => {
            if (pred(lines)) {
              clearInterval(iv);
              res(Date.now() - t0);
            } else if (Date.now() - t0 > timeoutMs) {
              clearInterval(iv);
              rej(new Error(`timed out; got:\n${lines.join('\n')}`));
            }
          }, 20);
        });
      resolve({ lines, channel: ch, waitFor });
    });
  });
}

/** A valid key that no server accepts (ssh2's generator makes an unparseable one about 1 time in 400: skip those). */
export function otherKey(): string {
  for (;;) {
    const k = utils.generateKeyPairSync('ed25519').private;
    if (!(utils.parseKey(k) instanceof Error)) return k;
  }
}
