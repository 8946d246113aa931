import { readFileSync } from 'node:fs';
import { Client, type ClientChannel } from 'ssh2';
import type { ExecResult, StreamHandle, Transport, TransportState } from './transport';
import { checkHostKey, fingerprint, parseKnownHosts } from './known-hosts';

export interface SshTarget {
  host: string;
  port: number;
  user: string;
  identityFile: string;
  knownHostsFile: string;
}

export interface SshOptions {
  readyTimeoutMs?: number;
  keepaliveMs?: number;
  backoffMinMs?: number;
  backoffMaxMs?: number;
}

/** One persistent SSH connection to one node, reconnecting with capped exponential backoff. */
export class SshTransport implements Transport {
  state: TransportState = 'connecting';
  error: string | null = null;
  presentedHostKey: Buffer | null = null;
  private client: Client | null = null;
  private listeners: Array<(s: TransportState, e: string | null) => void> = [];
  private attempt = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private channels = new Set<ClientChannel>();
  private readonly opt: Required<SshOptions>;

  constructor(private readonly target: SshTarget, opts: SshOptions = {}) {
    this.opt = { readyTimeoutMs: 8000, keepaliveMs: 3000, backoffMinMs: 1000, backoffMaxMs: 10_000, ...opts };
  }

  onStateChange(listener: (s: TransportState, e: string | null) => void): void {
    this.listeners.push(listener);
  }

  start(): void {
    if (!this.client && !this.closed) this.connect();
  }

  private setState(state: TransportState, error: string | null): void {
    if (state === this.state && error === this.error) return;
    this.state = state;
    this.error = error;
    for (const l of this.listeners) l(state, error);
  }

  private connect(): void {
    const { host, port, user, identityFile, knownHostsFile } = this.target;
    let privateKey: Buffer;
    let knownHosts;
    try {
      privateKey = readFileSync(identityFile);
    } catch (e) {
      return this.fail('down', `cannot read identity file ${identityFile}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    try {
      knownHosts = parseKnownHosts(readFileSync(knownHostsFile, 'utf8'));
    } catch (e) {
      return this.fail('down', `cannot read known_hosts ${knownHostsFile}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    let keyProblem: { state: TransportState; message: string } | null = null;
    const client = new Client();
    this.client = client;
    client.on('ready', () => {
      this.attempt = 0;
      this.setState('up', null);
    });
    client.on('error', (err: Error & { level?: string }) => {
      if (keyProblem) return;
      const msg = err.level === 'client-authentication' ? `authentication failed for ${user}@${host}` : err.message;
      this.error = msg;
    });
    client.on('close', () => {
      for (const ch of this.channels) ch.destroy();
      this.channels.clear();
      if (this.client === client) this.client = null;
      if (this.closed) return;
      if (keyProblem) this.fail(keyProblem.state, keyProblem.message);
      else this.fail('down', this.error && this.state !== 'up' ? this.error : 'connection lost');
    });
    try {
      client.connect({
        host,
        port,
        username: user,
        privateKey,
        readyTimeout: this.opt.readyTimeoutMs,
        keepaliveInterval: this.opt.keepaliveMs,
        keepaliveCountMax: 3,
        hostVerifier: (key: Buffer) => {
          const verdict = checkHostKey(knownHosts, host, port, key);
          this.presentedHostKey = verdict === 'unknown' ? Buffer.from(key) : null;
          if (verdict === 'match') return true;
          const fp = fingerprint(key);
          keyProblem =
            verdict === 'unknown'
              ? { state: 'hostkey-unknown', message: `host key ${fp} of ${host}:${port} is not in known_hosts; verify it and add it` }
              : { state: 'hostkey-mismatch', message: `HOST KEY MISMATCH for ${host}:${port}: presented ${fp}, which known_hosts does not list (${verdict}); not connecting` };
          return false;
        },
      });
    } catch (e) {
      this.client = null;
      this.fail('down', (e as Error).message);
    }
  }

  private fail(state: TransportState, error: string): void {
    this.client = null;
    this.setState(state, error);
    if (this.closed) return;
    const delay = Math.min(this.opt.backoffMaxMs, this.opt.backoffMinMs * 2 ** this.attempt++);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect();
    }, delay * (0.8 + Math.random() * 0.4));
  }

  reconnectNow(): void {
    if (this.closed || this.client) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.attempt = 0;
    this.connect();
  }

  private openChannel(command: string): Promise<ClientChannel> {
    return new Promise((resolve, reject) => {
      const client = this.client;
      if (!client || this.state !== 'up') return reject(new Error(`not connected (${this.error ?? this.state})`));
      client.exec(command, (err, ch) => {
        if (err) return reject(err);
        this.channels.add(ch);
        ch.on('close', () => this.channels.delete(ch));
        resolve(ch);
      });
    });
  }

  async exec(command: string, timeoutMs: number): Promise<ExecResult> {
    const ch = await this.openChannel(command);
    return new Promise((resolve, reject) => {
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let code: number | null = null;
      const timer = setTimeout(() => {
        ch.close();
        reject(new Error(`command timed out after ${timeoutMs} ms`));
      }, timeoutMs);
      ch.on('data', (d: Buffer) => out.push(d));
      ch.stderr.on('data', (d: Buffer) => err.push(d));
      ch.on('exit', (c: number | null) => (code = c));
      ch.on('close', () => {
        clearTimeout(timer);
        resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code });
      });
    });
  }

  stream(command: string, onLine: (line: string) => void, onEnd: (reason: string) => void): StreamHandle {
    let ch: ClientChannel | null = null;
    let stopped = false;
    let ended = false;
    const end = (reason: string) => {
      if (!ended) {
        ended = true;
        onEnd(reason);
      }
    };
    this.openChannel(command).then(
      (c) => {
        ch = c;
        if (stopped) return c.close();
        let partial = '';
        c.on('data', (d: Buffer) => {
          const parts = (partial + d.toString('utf8')).split('\n');
          partial = parts.pop() ?? '';
          for (const line of parts) onLine(line.replace(/\r$/, ''));
        });
        c.stderr.on('data', () => {});
        c.on('close', () => end('stream closed'));
      },
      (e: Error) => end(e.message),
    );
    return {
      close: () => {
        stopped = true;
        ch?.end();
        ch?.close();
      },
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    const client = this.client;
    this.client = null;
    if (client) {
      await new Promise<void>((resolve) => {
        client.once('close', () => resolve());
        client.end();
        setTimeout(resolve, 1000).unref();
      });
    }
  }
}
