import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { randomUUID } from 'node:crypto';

// A minimal SMTP client (RFC 5321): EHLO, STARTTLS (RFC 3207), AUTH PLAIN/LOGIN (RFC 4954), MAIL FROM, RCPT TO,
// DATA, QUIT. Enough to hand one plain-text message to a relay; no pipelining, no attachments.

export interface SmtpOptions {
  host: string;
  port: number;
  tls: 'implicit' | 'starttls' | 'none';
  tlsInsecure?: boolean;
  user?: string;
  password?: string;
  from: string;
  to: string[];
  helo?: string;
  timeoutMs?: number;
}

export interface MailMessage {
  subject: string;
  text: string;
}

export class SmtpError extends Error {
  constructor(
    message: string,
    readonly code: number | null = null,
  ) {
    super(message);
  }
}

interface Reply {
  code: number;
  lines: string[];
}

/** Reads CRLF lines from a socket and assembles multi-line replies ("250-…" … "250 …"). */
class ReplyReader {
  private buf = '';
  private lines: string[] = [];
  private waiting: ((r: Reply | Error) => void) | null = null;
  private failed: Error | null = null;
  private readonly onData = (d: Buffer) => {
    this.buf += d.toString('utf8');
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      this.lines.push(this.buf.slice(0, i).replace(/\r$/, ''));
      this.buf = this.buf.slice(i + 1);
    }
    this.deliver();
  };
  private readonly onEnd = () => this.fail(new SmtpError('connection closed by the server'));
  private readonly onError = (e: Error) => this.fail(new SmtpError(`connection failed: ${(e as NodeJS.ErrnoException).code ?? e.message}`));

  constructor(private readonly sock: Socket) {
    sock.on('data', this.onData);
    sock.on('end', this.onEnd);
    sock.on('error', this.onError);
  }

  detach(): void {
    this.sock.off('data', this.onData);
    this.sock.off('end', this.onEnd);
    this.sock.off('error', this.onError);
  }

  private fail(e: Error): void {
    this.failed ??= e;
    this.deliver();
  }

  private deliver(): void {
    if (!this.waiting) return;
    const end = this.lines.findIndex((l) => /^\d{3}(?: |$)/.test(l));
    if (end >= 0) {
      const lines = this.lines.splice(0, end + 1);
      const w = this.waiting;
      this.waiting = null;
      w({ code: Number(lines[end].slice(0, 3)), lines: lines.map((l) => l.slice(4)) });
    } else if (this.failed) {
      const w = this.waiting;
      this.waiting = null;
      w(this.failed);
    }
  }

  read(): Promise<Reply> {
    return new Promise((resolve, reject) => {
      this.waiting = (r) => (r instanceof Error ? reject(r) : resolve(r));
      this.deliver();
    });
  }
}

function encodeHeader(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

/** The message as sent after DATA: headers, body, dot-stuffed, CRLF line ends (without the final "."). */
export function formatMessage(opts: Pick<SmtpOptions, 'from' | 'to'>, msg: MailMessage, now = new Date()): string {
  const domain = opts.from.split('@')[1] ?? 'corowatch';
  const ascii = /^[\x00-\x7f]*$/.test(msg.text);
  const body = ascii
    ? msg.text.replace(/\r?\n/g, '\r\n')
    : (Buffer.from(msg.text.replace(/\r?\n/g, '\r\n'), 'utf8').toString('base64').match(/.{1,76}/g) ?? []).join('\r\n');
  const headers = [
    `From: ${opts.from}`,
    `To: ${opts.to.join(', ')}`,
    `Subject: ${encodeHeader(msg.subject)}`,
    `Date: ${now.toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${randomUUID()}@${domain}>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    `Content-Transfer-Encoding: ${ascii ? '7bit' : 'base64'}`,
    'Auto-Submitted: auto-generated',
  ];
  const text = `${headers.join('\r\n')}\r\n\r\n${body}`;
  return text.replace(/^\./gm, '..');
}

function defaultPort(tls: SmtpOptions['tls']): number {
  return tls === 'implicit' ? 465 : tls === 'starttls' ? 587 : 25;
}

/** Sends one message; resolves when the server has accepted it (250 after DATA), rejects with SmtpError otherwise. */
export async function sendMail(opts: SmtpOptions, msg: MailMessage): Promise<void> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const port = opts.port || defaultPort(opts.tls);
  const helo = opts.helo ?? 'corowatch';
  const tlsOpts = { servername: /^[\d.:]+$/.test(opts.host) ? undefined : opts.host, rejectUnauthorized: !opts.tlsInsecure };

  let sock: Socket | TLSSocket = await new Promise<Socket>((resolve, reject) => {
    const s: Socket =
      opts.tls === 'implicit'
        ? tlsConnect({ host: opts.host, port, ...tlsOpts }, () => resolve(s))
        : netConnect({ host: opts.host, port }, () => resolve(s));
    s.once('error', (e) => reject(new SmtpError(`cannot connect to ${opts.host}:${port}: ${(e as NodeJS.ErrnoException).code ?? e.message}`)));
    s.setTimeout(timeoutMs, () => s.destroy(new Error('timeout')));
  });
  sock.on('error', () => {}); // reported through the reader
  let reader = new ReplyReader(sock);
  const timer = setTimeout(() => sock.destroy(new Error(`timeout after ${timeoutMs} ms`)), timeoutMs);

  const send = (line: string) => sock.write(`${line}\r\n`);
  const expect = async (what: string, ok: (code: number) => boolean): Promise<Reply> => {
    const r = await reader.read();
    if (!ok(r.code)) throw new SmtpError(`${what}: ${r.code} ${r.lines.join(' ').slice(0, 200)}`, r.code);
    return r;
  };
  const cmd = async (line: string, what: string, ok: (code: number) => boolean = (c) => c >= 200 && c < 300) => {
    send(line);
    return expect(what, ok);
  };

  try {
    await expect('greeting', (c) => c === 220);
    let ehlo = await cmd(`EHLO ${helo}`, 'EHLO');
    if (opts.tls === 'starttls') {
      if (!ehlo.lines.some((l) => /^STARTTLS\b/i.test(l))) throw new SmtpError('the server does not offer STARTTLS');
      await cmd('STARTTLS', 'STARTTLS', (c) => c === 220);
      reader.detach();
      const plain = sock;
      sock = await new Promise<TLSSocket>((resolve, reject) => {
        const t = tlsConnect({ socket: plain, ...tlsOpts }, () => resolve(t));
        t.once('error', (e) => reject(new SmtpError(`TLS failed: ${(e as NodeJS.ErrnoException).code ?? e.message}`)));
      });
      sock.on('error', () => {});
      reader = new ReplyReader(sock);
      ehlo = await cmd(`EHLO ${helo}`, 'EHLO after STARTTLS');
    }
    if (opts.user) {
      const authLine = ehlo.lines.find((l) => /^AUTH[ =]/i.test(l)) ?? '';
      const mechs = authLine.slice(5).toUpperCase().split(/\s+/);
      const password = opts.password ?? '';
      if (mechs.includes('PLAIN')) {
        const token = Buffer.from(`\0${opts.user}\0${password}`, 'utf8').toString('base64');
        await cmd(`AUTH PLAIN ${token}`, 'AUTH PLAIN', (c) => c === 235);
      } else if (mechs.includes('LOGIN')) {
        await cmd('AUTH LOGIN', 'AUTH LOGIN', (c) => c === 334);
        await cmd(Buffer.from(opts.user, 'utf8').toString('base64'), 'AUTH LOGIN user', (c) => c === 334);
        await cmd(Buffer.from(password, 'utf8').toString('base64'), 'AUTH LOGIN password', (c) => c === 235);
      } else {
        throw new SmtpError('the server offers neither AUTH PLAIN nor AUTH LOGIN');
      }
    }
    await cmd(`MAIL FROM:<${opts.from}>`, 'MAIL FROM');
    for (const to of opts.to) await cmd(`RCPT TO:<${to}>`, `RCPT TO ${to}`);
    await cmd('DATA', 'DATA', (c) => c === 354);
    sock.write(`${formatMessage(opts, msg)}\r\n.\r\n`);
    await expect('message', (c) => c >= 200 && c < 300);
    send('QUIT');
    await reader.read().catch(() => undefined);
  } finally {
    clearTimeout(timer);
    reader.detach();
    sock.destroy();
  }
}
