import type { EventRecord } from '../analyze/views';
import type { AlertTarget } from './schema';
import { sendMail } from './smtp';

// Formats one alert for each kind of target and delivers it. Secrets are resolved here, once, when the dispatcher
// starts; error messages are passed through redact() so a URL token or password never reaches a log or a page.

export type AlertStatus = 'firing' | 'resolved' | 'test';

export interface AlertMessage {
  status: AlertStatus;
  event: EventRecord;
}

export interface Sender {
  name: string;
  type: AlertTarget['type'];
  /** delivers once; rejects on any failure (non-2xx, refused, timeout) */
  send(msg: AlertMessage): Promise<void>;
  /** values that must never appear in a log line or an API answer */
  secrets: string[];
  /** why the target cannot send (a missing environment variable); null when usable */
  problem: string | null;
}

export interface SenderContext {
  /** corowatch's public URL, for links */
  url: string | null;
  timeoutMs: number;
  env?: Record<string, string | undefined>;
}

export function redact(text: string, secrets: string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('***');
  return out;
}

export function testEvent(now = Date.now()): EventRecord {
  return {
    id: 'test', kind: 'test', severity: 'info', cluster: '-', node: null, peer: null, link: null,
    message: 'corowatch test message: this target works', startedAt: now, endedAt: now, details: null,
  };
}

function fmtDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  return `${Math.floor(m / 60)}h ${m % 60}m`;
}

export function subjectOf(e: EventRecord): string {
  if (!e.node) return e.cluster;
  if (!e.peer) return `${e.cluster}/${e.node}`;
  return `${e.cluster}/${e.node} → ${e.peer}${e.link !== null ? ` link${e.link}` : ''}`;
}

/** One line: "[FIRING] critical link_down demo/pve1 → pve3 link0: pve1 → pve3 link0 down". */
export function titleOf(m: AlertMessage): string {
  const e = m.event;
  if (m.status === 'test') return '[TEST] corowatch test message';
  const tag = m.status === 'firing' ? `[FIRING] ${e.severity}` : '[RESOLVED]';
  return `${tag} ${e.kind} ${subjectOf(e)}: ${e.message}`;
}

export function eventLink(e: EventRecord, base: string | null): string | null {
  if (!base || e.kind === 'test') return null;
  const b = base.replace(/\/+$/, '');
  const from = e.startedAt - 10 * 60_000;
  const to = (e.endedAt ?? Date.now()) + 10 * 60_000;
  return `${b}/history?from=${from}&to=${to}&ev=${encodeURIComponent(e.id)}`;
}

/** A few lines of plain text: what, where, since when, how long. */
export function bodyOf(m: AlertMessage, base: string | null): string {
  const e = m.event;
  if (m.status === 'test') return `${e.message}\nsent ${new Date(e.startedAt).toISOString()}${base ? `\n${base}` : ''}`;
  const lines = [
    e.message,
    `kind: ${e.kind}, severity: ${e.severity}`,
    `cluster: ${e.cluster}${e.node ? `, node: ${e.node}` : ''}${e.peer ? `, peer: ${e.peer}` : ''}${e.link !== null ? `, link: link${e.link}` : ''}`,
    `started: ${new Date(e.startedAt).toISOString()}`,
  ];
  if (e.endedAt !== null && e.endedAt !== e.startedAt) lines.push(`ended: ${new Date(e.endedAt).toISOString()} (lasted ${fmtDuration(e.endedAt - e.startedAt)})`);
  else if (e.endedAt === null) lines.push(`open for ${fmtDuration(Date.now() - e.startedAt)}`);
  const link = eventLink(e, base);
  if (link) lines.push(link);
  return lines.join('\n');
}

export function webhookPayload(m: AlertMessage, base: string | null): Record<string, unknown> {
  return { status: m.status, event: m.event, corowatch: { url: base } };
}

const COLOR = { critical: '#d73a49', warning: '#dbab09', info: '#6a737d' } as const;

export function slackPayload(m: AlertMessage, base: string | null, opts: { channel?: string; username?: string } = {}): Record<string, unknown> {
  const color = m.status === 'resolved' ? '#2ea043' : m.status === 'test' ? '#58a6ff' : COLOR[m.event.severity];
  return {
    ...(opts.channel ? { channel: opts.channel } : {}),
    ...(opts.username ? { username: opts.username } : {}),
    text: titleOf(m),
    attachments: [{ fallback: titleOf(m), color, text: bodyOf(m, base) }],
  };
}

/** ntfy headers are ASCII: anything else is sent as an RFC 2047 encoded word, which ntfy decodes. */
function headerValue(s: string): string {
  const clean = s.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${Buffer.from(clean, 'utf8').toString('base64')}?=`;
}

export function ntfyRequest(m: AlertMessage, base: string | null): { headers: Record<string, string>; body: string } {
  const e = m.event;
  const priority = m.status === 'test' ? '2' : m.status === 'resolved' ? '3' : e.severity === 'critical' ? '5' : e.severity === 'warning' ? '4' : '3';
  const tags = m.status === 'test' ? ['test_tube'] : m.status === 'resolved' ? ['white_check_mark', e.kind] : [e.severity === 'critical' ? 'rotating_light' : 'warning', e.kind];
  const headers: Record<string, string> = { Title: headerValue(titleOf(m)), Priority: priority, Tags: tags.join(','), 'Content-Type': 'text/plain; charset=utf-8' };
  const link = eventLink(e, base);
  if (link) headers.Click = link;
  return { headers, body: bodyOf(m, base) };
}

async function post(url: string, headers: Record<string, string>, body: string, timeoutMs: number): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    const err = e as Error & { cause?: { code?: string; message?: string } };
    const why = err.name === 'TimeoutError' ? `timeout after ${timeoutMs} ms` : (err.cause?.code ?? err.cause?.message ?? err.message);
    throw new Error(`POST failed: ${why}`);
  }
  await res.arrayBuffer().catch(() => undefined);
  if (res.status < 200 || res.status >= 300) throw new Error(`HTTP ${res.status}`);
}

/** Builds the sender of one configured target, reading its secrets from the config or the environment. */
export function createSender(t: AlertTarget, ctx: SenderContext): Sender {
  const env = ctx.env ?? process.env;
  const secrets: string[] = [];
  let problem: string | null = null;
  const fromEnv = (name: string | undefined): string | undefined => {
    if (!name) return undefined;
    const v = env[name];
    if (!v) problem = `environment variable ${name} is not set`;
    return v || undefined;
  };
  const base = ctx.url;
  const fail = async () => {
    throw new Error(problem ?? 'not configured');
  };

  if (t.type === 'smtp') {
    const password = t.password ?? fromEnv(t.passwordEnv);
    if (password) secrets.push(password, Buffer.from(password).toString('base64'));
    return {
      name: t.name, type: t.type, secrets, problem,
      send: problem
        ? fail
        : (m) =>
            sendMail(
              { host: t.host, port: t.port ?? 0, tls: t.tls, tlsInsecure: t.tlsInsecure, user: t.user, password, from: t.from, to: t.to, helo: t.helo, timeoutMs: t.timeoutMs },
              { subject: titleOf(m), text: bodyOf(m, base) },
            ),
    };
  }

  const url = t.url ?? fromEnv(t.urlEnv);
  if (url) {
    secrets.push(url);
    try {
      const u = new URL(url);
      if (u.pathname.length > 1) secrets.push(u.pathname); // tokens live in the path (Slack, Mattermost)
      if (u.search) secrets.push(u.search);
      if (u.password) secrets.push(u.password);
    } catch {
      problem = 'url is not a valid URL';
    }
  }
  if (t.type === 'webhook') {
    const headers = { 'Content-Type': 'application/json', 'User-Agent': 'corowatch', ...(t.headers ?? {}) };
    for (const v of Object.values(t.headers ?? {})) secrets.push(v);
    return {
      name: t.name, type: t.type, secrets, problem,
      send: problem || !url ? fail : (m) => post(url, headers, JSON.stringify(webhookPayload(m, base)), ctx.timeoutMs),
    };
  }
  if (t.type === 'slack') {
    return {
      name: t.name, type: t.type, secrets, problem,
      send: problem || !url ? fail : (m) => post(url, { 'Content-Type': 'application/json', 'User-Agent': 'corowatch' }, JSON.stringify(slackPayload(m, base, t)), ctx.timeoutMs),
    };
  }
  const token = t.token ?? fromEnv(t.tokenEnv);
  if (token) secrets.push(token);
  return {
    name: t.name, type: t.type, secrets, problem,
    send:
      problem || !url
        ? fail
        : (m) => {
            const r = ntfyRequest(m, base);
            return post(url, { ...r.headers, 'User-Agent': 'corowatch', ...(token ? { Authorization: `Bearer ${token}` } : {}) }, r.body, ctx.timeoutMs);
          },
  };
}
