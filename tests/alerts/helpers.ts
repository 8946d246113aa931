import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import type { EventRecord } from '@/lib/analyze/views';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  json: unknown;
}

/** A local HTTP receiver on 127.0.0.1; `statuses` are answered in order (then 200). */
export class Receiver {
  readonly received: Received[] = [];
  readonly statuses: number[] = [];
  attempts = 0;
  private server: Server;
  url = '';

  constructor() {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (d: string) => (body += d));
      req.on('end', () => {
        this.attempts++;
        if (this.hang) return;
        const status = this.statuses.shift() ?? 200;
        if (status >= 200 && status < 300) {
          let json: unknown = null;
          try {
            json = JSON.parse(body);
          } catch {
            /* ntfy sends text */
          }
          this.received.push({ path: req.url ?? '', headers: req.headers, body, json });
        }
        res.writeHead(status, { 'Content-Type': 'text/plain' }).end(status < 300 ? 'ok' : 'fail');
      });
    });
  }

  /** never answers: requests hang until the client gives up */
  hang = false;

  async start(path = '/hook/SECRET-TOKEN-123'): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${path}`;
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((r) => this.server.close(() => r()));
  }

  statusesOf(): string[] {
    return this.received.map((r) => (r.json as { status: string }).status);
  }
}

let seq = 0;
export function event(over: Partial<EventRecord> = {}): EventRecord {
  seq++;
  return {
    id: `ev-${seq}`, kind: 'link_down', severity: 'warning', cluster: 'demo', node: 'pve1', peer: 'pve3', link: 0,
    message: 'pve1 → pve3 link0 down', startedAt: Date.now(), endedAt: null, details: null, ...over,
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface SmtpSession {
  commands: string[];
  data: string;
  auth: { user: string; password: string } | null;
  tls: boolean;
}

/**
 * A tiny fake SMTP server: EHLO (advertising AUTH and, with a TLS context, STARTTLS), AUTH PLAIN/LOGIN,
 * MAIL, RCPT, DATA, QUIT. Records each session.
 */
export class FakeSmtp {
  readonly sessions: SmtpSession[] = [];
  port = 0;
  private server = createNetServer((s) => this.session(s));

  constructor(private readonly opts: { authMechs?: string[]; tls?: { key: string; cert: string }; rejectAuth?: boolean } = {}) {}

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  close(): Promise<void> {
    return new Promise((r) => this.server.close(() => r()));
  }

  private session(raw: Socket): void {
    const sess: SmtpSession = { commands: [], data: '', auth: null, tls: false };
    this.sessions.push(sess);
    let sock: Socket = raw;
    let buf = '';
    let mode: 'cmd' | 'data' | 'login-user' | 'login-pass' = 'cmd';
    let loginUser = '';
    const say = (l: string) => sock.write(`${l}\r\n`);
    const onData = (d: Buffer) => {
      buf += d.toString('utf8');
      let i: number;
      while ((i = buf.indexOf('\r\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 2);
        if (mode === 'data') {
          if (line === '.') {
            mode = 'cmd';
            say('250 2.0.0 queued');
          } else sess.data += `${line}\r\n`;
          continue;
        }
        if (mode === 'login-user') {
          loginUser = Buffer.from(line, 'base64').toString();
          mode = 'login-pass';
          say('334 UGFzc3dvcmQ6');
          continue;
        }
        if (mode === 'login-pass') {
          sess.auth = { user: loginUser, password: Buffer.from(line, 'base64').toString() };
          mode = 'cmd';
          say(this.opts.rejectAuth ? '535 5.7.8 authentication failed' : '235 2.7.0 ok');
          continue;
        }
        sess.commands.push(line);
        const verb = line.split(' ')[0].toUpperCase();
        if (verb === 'EHLO') {
          const caps = ['250-fake.smtp hello', '250-8BITMIME'];
          if (this.opts.tls && !sess.tls) caps.push('250-STARTTLS');
          if (this.opts.authMechs) caps.push(`250-AUTH ${this.opts.authMechs.join(' ')}`);
          caps.push('250 SIZE 1000000');
          sock.write(caps.map((c) => `${c}\r\n`).join(''));
        } else if (verb === 'STARTTLS' && this.opts.tls) {
          say('220 go ahead');
          sock.off('data', onData);
          const t = new TLSSocket(sock, { isServer: true, key: this.opts.tls.key, cert: this.opts.tls.cert });
          sess.tls = true;
          sock = t;
          t.on('data', onData);
          t.on('error', () => {});
        } else if (verb === 'AUTH') {
          const [, mech, arg] = line.split(' ');
          if (mech === 'PLAIN') {
            const [, user, password] = Buffer.from(arg, 'base64').toString().split('\0');
            sess.auth = { user, password };
            say(this.opts.rejectAuth ? '535 5.7.8 authentication failed' : '235 2.7.0 ok');
          } else if (mech === 'LOGIN') {
            mode = 'login-user';
            say('334 VXNlcm5hbWU6');
          } else say('504 unknown mechanism');
        } else if (verb === 'MAIL' || verb === 'RCPT') {
          say('250 2.1.0 ok');
        } else if (verb === 'DATA') {
          mode = 'data';
          say('354 end with .');
        } else if (verb === 'QUIT') {
          say('221 bye');
          sock.end();
        } else say('502 not implemented');
      }
    };
    raw.on('data', onData);
    raw.on('error', () => {});
    say('220 fake.smtp ESMTP');
  }
}

/** the decoded text body of a message as received after DATA (7bit or base64) */
export function decodeBody(data: string): { headers: string; body: string } {
  const unstuffed = data.replace(/^\.\./gm, '.');
  const i = unstuffed.indexOf('\r\n\r\n');
  const headers = unstuffed.slice(0, i);
  const raw = unstuffed.slice(i + 4);
  const body = /Content-Transfer-Encoding: base64/i.test(headers) ? Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8') : raw;
  return { headers, body };
}

export function decodeSubject(headers: string): string {
  const m = /^Subject: (.*)$/m.exec(headers)?.[1] ?? '';
  const enc = /^=\?UTF-8\?B\?(.*)\?=$/.exec(m);
  return enc ? Buffer.from(enc[1], 'base64').toString('utf8') : m;
}
