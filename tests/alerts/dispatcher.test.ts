// Alert dispatcher: debounce, one firing and one resolved per incident, retries, filters, payload shapes, SMTP.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertDispatcher } from '@/lib/alerts/dispatcher';
import { alertsSchema } from '@/lib/alerts/schema';
import { parseConfig } from '@/lib/config/load';
import { ntfyRequest, slackPayload } from '@/lib/alerts/targets';
import { sendMail } from '@/lib/alerts/smtp';
import { Receiver, FakeSmtp, event, sleep, decodeBody, decodeSubject } from './helpers';
import { until } from '../helpers/lab';

const cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

async function receiver(): Promise<Receiver> {
  const r = await new Receiver().start();
  cleanup.push(() => r.close());
  return r;
}

function dispatcher(raw: unknown, env: Record<string, string | undefined> = {}): { d: AlertDispatcher; logs: string[] } {
  const logs: string[] = [];
  const d = new AlertDispatcher(alertsSchema.parse(raw), { env, log: (l) => logs.push(l) });
  cleanup.push(() => d.stop());
  return { d, logs };
}

const fast = { retry: { attempts: 5, baseMs: 20 } };

describe('alert dispatcher', () => {
  it('one link_down incident: exactly one firing after the debounce and one resolved when it ends', async () => {
    const r = await receiver();
    const { d } = dispatcher({ ...fast, targets: [{ name: 'hook', type: 'webhook', url: r.url }], rules: [{ kinds: ['link_down'], debounceMs: 150, targets: ['hook'] }] });
    const e = event();
    d.onEvents([e]);
    await sleep(80);
    expect(r.received).toHaveLength(0); // still within the debounce
    d.onEvents([{ ...e }]); // the same open event again (e.g. re-sent): no second incident
    await until('firing', () => r.received.length === 1, 2000);
    await sleep(200);
    expect(r.statusesOf()).toEqual(['firing']);
    d.onEvents([{ ...e, endedAt: Date.now() }]);
    await until('resolved', () => r.received.length === 2, 2000);
    d.onEvents([{ ...e, endedAt: Date.now() }]); // an ended event seen again sends nothing
    await sleep(150);
    expect(r.statusesOf()).toEqual(['firing', 'resolved']);
    const [firing, resolved] = r.received.map((x) => x.json as { status: string; event: { id: string; endedAt: number | null; kind: string }; corowatch: { url: string | null } });
    expect(firing.event).toMatchObject({ id: e.id, kind: 'link_down', endedAt: null });
    expect(resolved.event.id).toBe(e.id);
    expect(resolved.event.endedAt).not.toBeNull();
    expect(firing.corowatch).toEqual({ url: null });
    expect(r.received[0].headers['content-type']).toBe('application/json');
    expect(d.recentOutcomes().map((o) => [o.status, o.ok])).toEqual([['resolved', true], ['firing', true]]);
  });

  it('an incident that ends within the debounce sends nothing at all', async () => {
    const r = await receiver();
    const { d } = dispatcher({ ...fast, targets: [{ name: 'hook', type: 'webhook', url: r.url }], rules: [{ kinds: '*', debounceMs: 200, targets: ['hook'] }] });
    const e = event();
    d.onEvents([e]);
    await sleep(50);
    d.onEvents([{ ...e, endedAt: Date.now() }]);
    await sleep(400);
    expect(r.attempts).toBe(0);
  });

  it('the receiver answering 500 first: retried with backoff and delivered once', async () => {
    const r = await receiver();
    r.statuses.push(500, 503);
    const { d } = dispatcher({ retry: { attempts: 5, baseMs: 50 }, targets: [{ name: 'hook', type: 'webhook', url: r.url }], rules: [{ debounceMs: 0, targets: ['hook'] }] });
    const t0 = Date.now();
    d.onEvents([event()]);
    await until('delivered', () => r.received.length === 1, 3000);
    expect(r.attempts).toBe(3);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(50 + 100 - 10); // waited 50 ms, then 100 ms
    await sleep(200);
    expect(r.received).toHaveLength(1);
    expect(d.recentOutcomes()[0]).toMatchObject({ ok: true, attempts: 3, status: 'firing' });
  });

  it('gives up after the configured attempts and logs the failure without the secret URL', async () => {
    const r = await receiver();
    r.statuses.push(500, 500, 500);
    const { d, logs } = dispatcher({ retry: { attempts: 3, baseMs: 10 }, targets: [{ name: 'hook', type: 'webhook', urlEnv: 'HOOK_URL' }], rules: [{ debounceMs: 0, targets: ['hook'] }] }, { HOOK_URL: r.url });
    d.onEvents([event()]);
    await until('given up', () => d.recentOutcomes().length === 1, 3000);
    expect(r.attempts).toBe(3);
    expect(d.recentOutcomes()[0]).toMatchObject({ ok: false, attempts: 3, error: 'HTTP 500' });
    expect(logs.join('\n')).toMatch(/failed after 3 attempt/);
    expect(logs.join('\n')).not.toContain('SECRET-TOKEN');
  });

  it('a refused connection is reported without the URL or its token', async () => {
    const r = await receiver();
    const url = r.url;
    await r.close();
    cleanup.pop();
    const { d, logs } = dispatcher({ retry: { attempts: 2, baseMs: 10 }, targets: [{ name: 'hook', type: 'webhook', url }], rules: [{ debounceMs: 0, targets: ['hook'] }] });
    const res = await d.test();
    expect(res).toEqual([{ target: 'hook', ok: false, error: expect.any(String) }]);
    expect(JSON.stringify(res) + logs.join('\n') + JSON.stringify(d.describe())).not.toContain('SECRET-TOKEN');
    expect(JSON.stringify(d.describe())).not.toContain('127.0.0.1');
  });

  it('filters by kind, minimum severity and cluster; escalation starts the debounce of a rule that now matches', async () => {
    const r = await receiver();
    const { d } = dispatcher({
      ...fast,
      targets: [{ name: 'hook', type: 'webhook', url: r.url }],
      rules: [{ kinds: ['link_down', 'quorum_lost'], minSeverity: 'critical', clusters: ['prod'], debounceMs: 0, targets: ['hook'] }],
    });
    d.onEvents([event({ cluster: 'prod', severity: 'warning', link: 1 })]); // below minSeverity (another link: its own incident)
    d.onEvents([event({ cluster: 'lab', severity: 'critical' })]); // other cluster
    d.onEvents([event({ cluster: 'prod', severity: 'critical', kind: 'rtt_high' })]); // other kind
    await sleep(150);
    expect(r.attempts).toBe(0);
    const e = event({ cluster: 'prod', severity: 'warning' });
    d.onEvents([e]);
    d.onEvents([{ ...e, severity: 'critical', message: 'pve1 → pve3: no link left' }]); // escalates in place
    await until('firing', () => r.received.length === 1, 2000);
    expect((r.received[0].json as { event: { id: string; severity: string } }).event).toMatchObject({ id: e.id, severity: 'critical' });
    d.onEvents([{ ...e, severity: 'critical', endedAt: Date.now() }]);
    await until('resolved', () => r.received.length === 2, 2000);
    expect(r.statusesOf()).toEqual(['firing', 'resolved']);
  });

  it('instants are sent once, never resolved, and only by rules with instants: true', async () => {
    const r = await receiver();
    const r2 = await receiver();
    const { d } = dispatcher({
      ...fast,
      targets: [{ name: 'a', type: 'webhook', url: r.url }, { name: 'b', type: 'webhook', url: r2.url }],
      rules: [{ minSeverity: 'info', debounceMs: 0, targets: ['a'] }, { minSeverity: 'info', debounceMs: 0, instants: true, targets: ['b'] }],
    });
    const now = Date.now();
    d.onEvents([event({ kind: 'link_up', severity: 'info', startedAt: now, endedAt: now })]);
    await until('instant', () => r2.received.length === 1, 2000);
    await sleep(150);
    expect(r.attempts).toBe(0);
    expect(r2.statusesOf()).toEqual(['firing']);
  });

  it('two rules sending to the same target: still one firing and one resolved', async () => {
    const r = await receiver();
    const { d } = dispatcher({ ...fast, targets: [{ name: 'hook', type: 'webhook', url: r.url }], rules: [{ debounceMs: 0, targets: ['hook'] }, { kinds: ['link_down'], debounceMs: 50, targets: ['hook'] }] });
    const e = event();
    d.onEvents([e]);
    await sleep(200);
    d.onEvents([{ ...e, endedAt: Date.now() }]);
    await until('resolved', () => r.received.length === 2, 2000);
    await sleep(100);
    expect(r.statusesOf()).toEqual(['firing', 'resolved']);
  });

  it('hysteresis: the condition back within resolveHoldMs continues the incident (no resolved, no second firing)', async () => {
    const r = await receiver();
    const { d } = dispatcher({ ...fast, targets: [{ name: 'hook', type: 'webhook', url: r.url }], rules: [{ debounceMs: 0, resolveHoldMs: 300, targets: ['hook'] }] });
    const a = event();
    d.onEvents([a]);
    await until('firing', () => r.received.length === 1, 2000);
    d.onEvents([{ ...a, endedAt: Date.now() }]);
    await sleep(100);
    const b = event(); // same kind, cluster, node, peer, link
    d.onEvents([b]);
    await sleep(400);
    expect(r.statusesOf()).toEqual(['firing']);
    d.onEvents([{ ...b, endedAt: Date.now() }]);
    await until('resolved', () => r.received.length === 2, 2000);
    expect((r.received[1].json as { event: { id: string } }).event.id).toBe(b.id);
  });

  it('events open before a restart: older than the debounce count as announced and get only their resolved', async () => {
    const r = await receiver();
    const old = event({ startedAt: Date.now() - 60_000 });
    const d = new AlertDispatcher(alertsSchema.parse({ ...fast, targets: [{ name: 'hook', type: 'webhook', url: r.url }], rules: [{ debounceMs: 10_000, targets: ['hook'] }] }), { openEvents: [old], log: () => {} });
    cleanup.push(() => d.stop());
    d.onEvents([{ ...old, endedAt: Date.now() }]);
    await until('resolved', () => r.received.length === 1, 2000);
    expect(r.statusesOf()).toEqual(['resolved']);
  });

  it('sending never blocks the caller: onEvents returns at once while the receiver is slow', async () => {
    const r = await receiver();
    r.hang = true;
    const { d } = dispatcher({ ...fast, timeoutMs: 5000, targets: [{ name: 'hook', type: 'webhook', url: r.url }], rules: [{ debounceMs: 0, targets: ['hook'] }] });
    const t0 = performance.now();
    for (let i = 0; i < 200; i++) d.onEvents([event()]);
    expect(performance.now() - t0).toBeLessThan(200);
  });

  it('the queue is bounded: the oldest messages are dropped', async () => {
    const r = await receiver();
    r.hang = true;
    const { d, logs } = dispatcher({ ...fast, queueSize: 3, timeoutMs: 5000, targets: [{ name: 'hook', type: 'webhook', url: r.url }], rules: [{ debounceMs: 0, targets: ['hook'] }] });
    for (let i = 0; i < 10; i++) d.onEvents([event({ link: i })]); // ten links: ten incidents
    expect(d.describe().targets[0].queued).toBeLessThanOrEqual(4); // 3 waiting + 1 in flight
    expect(logs.filter((l) => /queue of hook is full/.test(l)).length).toBeGreaterThanOrEqual(6);
    expect(d.recentOutcomes().filter((o) => o.error === 'dropped: queue full').length).toBeGreaterThanOrEqual(6);
  });

  it('a slow receiver is given up after the timeout, and retried', async () => {
    const r = await receiver();
    r.hang = true;
    const { d, logs } = dispatcher({ retry: { attempts: 2, baseMs: 10 }, timeoutMs: 200, targets: [{ name: 'hook', type: 'webhook', url: r.url }] });
    expect(await d.test()).toEqual([{ target: 'hook', ok: false, error: 'POST failed: timeout after 200 ms' }]);
    expect(r.attempts).toBe(2);
    expect(logs.at(-1)).toBe('alert to hook (test message) failed after 2 attempt(s): POST failed: timeout after 200 ms');
  });

  it('test() sends status "test" to every target, or the named one', async () => {
    const r = await receiver();
    const r2 = await receiver();
    const { d } = dispatcher({ ...fast, targets: [{ name: 'a', type: 'webhook', url: r.url }, { name: 'b', type: 'slack', url: r2.url }] });
    expect(await d.test()).toEqual([{ target: 'a', ok: true }, { target: 'b', ok: true }]);
    expect(r.statusesOf()).toEqual(['test']);
    expect((r2.received[0].json as { text: string }).text).toMatch(/TEST/);
    expect(await d.test('b')).toEqual([{ target: 'b', ok: true }]);
    expect(r.received).toHaveLength(1);
  });
});

describe('payload shapes', () => {
  it('slack/mattermost: {text, attachments} with a colour per severity, resolved in green', async () => {
    const e = event({ severity: 'critical' });
    const p = slackPayload({ status: 'firing', event: e }, 'https://cw.example', { channel: '#ops' }) as { text: string; channel: string; attachments: Array<{ color: string; text: string }> };
    expect(p.text).toBe('[FIRING] critical link_down demo/pve1 → pve3 link0: pve1 → pve3 link0 down');
    expect(p.channel).toBe('#ops');
    expect(p.attachments[0].color).toBe('#d73a49');
    expect(p.attachments[0].text).toContain('https://cw.example/history?from=');
    const r = slackPayload({ status: 'resolved', event: { ...e, endedAt: e.startedAt + 90_000 } }, null) as { text: string; attachments: Array<{ color: string; text: string }> };
    expect(r.text).toMatch(/^\[RESOLVED\] link_down/);
    expect(r.attachments[0].color).toBe('#2ea043');
    expect(r.attachments[0].text).toContain('lasted 1m 30s');
  });

  it('slack target posts that JSON to the incoming webhook', async () => {
    const r = await receiver();
    const { d } = dispatcher({ ...fast, targets: [{ name: 'chat', type: 'slack', url: r.url, username: 'corowatch' }], rules: [{ debounceMs: 0, targets: ['chat'] }] });
    d.onEvents([event()]);
    await until('posted', () => r.received.length === 1, 2000);
    expect(r.received[0].json).toMatchObject({ username: 'corowatch', text: expect.stringMatching(/^\[FIRING\] warning link_down/), attachments: [{ color: '#dbab09' }] });
  });

  it('ntfy: Title/Priority/Tags headers (non-ASCII title RFC 2047 encoded), text body, bearer token', async () => {
    const req = ntfyRequest({ status: 'firing', event: event({ severity: 'critical' }) }, null);
    expect(req.headers.Priority).toBe('5');
    expect(req.headers.Tags).toBe('rotating_light,link_down');
    expect(req.headers.Title).toMatch(/^=\?UTF-8\?B\?/);
    const r = await receiver();
    const { d } = dispatcher({ ...fast, targets: [{ name: 'phone', type: 'ntfy', url: r.url, tokenEnv: 'NTFY_TOKEN' }], rules: [{ debounceMs: 0, targets: ['phone'] }] }, { NTFY_TOKEN: 'tk_abcdef' });
    const e = event();
    d.onEvents([e]);
    await until('posted', () => r.received.length === 1, 2000);
    const got = r.received[0];
    const title = /^=\?UTF-8\?B\?(.*)\?=$/.exec(String(got.headers.title))![1];
    expect(Buffer.from(title, 'base64').toString()).toBe('[FIRING] warning link_down demo/pve1 → pve3 link0: pve1 → pve3 link0 down');
    expect(got.headers.priority).toBe('4');
    expect(got.headers.tags).toBe('warning,link_down');
    expect(got.headers.authorization).toBe('Bearer tk_abcdef');
    expect(got.body.split('\n')[0]).toBe('pve1 → pve3 link0 down');
    d.onEvents([{ ...e, endedAt: Date.now() }]);
    await until('resolved', () => r.received.length === 2, 2000);
    expect(r.received[1].headers.tags).toBe('white_check_mark,link_down');
    expect(r.received[1].headers.priority).toBe('3');
  });

  it('a target whose environment variable is missing reports it (by name) and sends nothing', async () => {
    const { d, logs } = dispatcher({ ...fast, targets: [{ name: 'hook', type: 'webhook', urlEnv: 'NOT_SET_ANYWHERE' }] });
    expect(logs[0]).toBe('alert target hook: environment variable NOT_SET_ANYWHERE is not set');
    expect(d.describe().targets[0]).toEqual({ name: 'hook', type: 'webhook', problem: 'environment variable NOT_SET_ANYWHERE is not set', queued: 0 });
    expect((await d.test())[0]).toMatchObject({ ok: false, error: 'environment variable NOT_SET_ANYWHERE is not set' });
  });
});

describe('config', () => {
  const base = 'knownHosts: kh\nclusters:\n  - name: c\n    nodes: [{ name: n1, host: h, identityFile: id }]\n';

  it('existing configs stay valid: alerts defaults to no targets and no rules', () => {
    const c = parseConfig(base);
    expect(c.alerts).toMatchObject({ targets: [], rules: [], retry: { attempts: 5, baseMs: 1000 }, queueSize: 500 });
  });

  it('a full alerts block parses with defaults', () => {
    const c = parseConfig(
      base +
        `alerts:
  url: https://corowatch.example
  targets:
    - { name: hook, type: webhook, url: "https://hooks.example/abc" }
    - { name: chat, type: slack, urlEnv: SLACK_URL }
    - { name: phone, type: ntfy, url: https://ntfy.sh/cw }
    - { name: mail, type: smtp, host: smtp.example, user: cw, passwordEnv: SMTP_PASSWORD, from: cw@example.org, to: [ops@example.org] }
  rules:
    - { kinds: [link_down, quorum_lost], minSeverity: warning, targets: [hook, chat, mail] }
    - { kinds: '*', minSeverity: critical, clusters: [c], debounceMs: 0, targets: [phone] }
`,
    );
    expect(c.alerts.rules[0]).toMatchObject({ debounceMs: 10_000, resolveHoldMs: 0, instants: false });
    expect(c.alerts.targets[3]).toMatchObject({ type: 'smtp', tls: 'starttls', helo: 'corowatch' });
  });

  it('names the field of a wrong alerts block', () => {
    expect(() => parseConfig(base + 'alerts:\n  targets: [{ name: a, type: webhook }]\n  rules: [{ targets: [b] }]\n')).toThrow(
      /alerts\.targets\.0\.url: give exactly one of url or urlEnv[\s\S]*alerts\.rules\.0\.targets\.0: no target named "b"/,
    );
    expect(() => parseConfig(base + 'alerts:\n  targets: [{ name: a, type: pager, url: "http://x" }]\n')).toThrow(/alerts\.targets\.0/);
  });
});

describe('smtp', () => {
  const opts = { host: '127.0.0.1', tls: 'none' as const, from: 'corowatch@example.org', to: ['ops@example.org', 'noc@example.org'], timeoutMs: 3000 };

  it('EHLO, AUTH PLAIN, MAIL FROM, RCPT TO each, DATA with subject and body, QUIT', async () => {
    const s = await new FakeSmtp({ authMechs: ['LOGIN', 'PLAIN'] }).start();
    cleanup.push(() => s.close());
    await sendMail({ ...opts, port: s.port, user: 'cw', password: 'pa55word' }, { subject: '[FIRING] link_down', text: 'line one\n.dot line\nline three' });
    const sess = s.sessions[0];
    expect(sess.commands.map((c) => c.split(' ')[0])).toEqual(['EHLO', 'AUTH', 'MAIL', 'RCPT', 'RCPT', 'DATA', 'QUIT']);
    expect(sess.auth).toEqual({ user: 'cw', password: 'pa55word' });
    expect(sess.commands).toContain('MAIL FROM:<corowatch@example.org>');
    expect(sess.commands).toContain('RCPT TO:<noc@example.org>');
    const { headers, body } = decodeBody(sess.data);
    expect(decodeSubject(headers)).toBe('[FIRING] link_down');
    expect(headers).toMatch(/^To: ops@example.org, noc@example.org$/m);
    expect(body.trimEnd()).toBe('line one\r\n.dot line\r\nline three');
    expect(sess.data).toContain('\r\n..dot line\r\n'); // dot-stuffed on the wire
  });

  it('AUTH LOGIN when the server offers only LOGIN; no AUTH without a user', async () => {
    const s = await new FakeSmtp({ authMechs: ['LOGIN'] }).start();
    cleanup.push(() => s.close());
    await sendMail({ ...opts, port: s.port, user: 'cw', password: 'pw-login' }, { subject: 's', text: 't' });
    expect(s.sessions[0].auth).toEqual({ user: 'cw', password: 'pw-login' });
    expect(s.sessions[0].commands).toContain('AUTH LOGIN');
    await sendMail({ ...opts, port: s.port }, { subject: 's', text: 't' });
    expect(s.sessions[1].commands.some((c) => c.startsWith('AUTH'))).toBe(false);
  });

  it('a rejected login is an error that names the step, not the password', async () => {
    const s = await new FakeSmtp({ authMechs: ['PLAIN'], rejectAuth: true }).start();
    cleanup.push(() => s.close());
    const err = await sendMail({ ...opts, port: s.port, user: 'cw', password: 'hunter2-secret' }, { subject: 's', text: 't' }).catch((e: Error) => e);
    expect((err as Error).message).toBe('AUTH PLAIN: 535 5.7.8 authentication failed');
  });

  it('starttls is required when configured: refuses a server that does not offer it', async () => {
    const s = await new FakeSmtp({}).start();
    cleanup.push(() => s.close());
    await expect(sendMail({ ...opts, tls: 'starttls', port: s.port }, { subject: 's', text: 't' })).rejects.toThrow(/does not offer STARTTLS/);
  });

  const hasOpenssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!hasOpenssl)('STARTTLS upgrades the connection before AUTH (self-signed, tlsInsecure)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-smtp-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'k.pem'), '-out', join(dir, 'c.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const s = await new FakeSmtp({ authMechs: ['PLAIN'], tls: { key: readFileSync(join(dir, 'k.pem'), 'utf8'), cert: readFileSync(join(dir, 'c.pem'), 'utf8') } }).start();
    cleanup.push(() => s.close());
    await expect(sendMail({ ...opts, tls: 'starttls', port: s.port, user: 'cw', password: 'x1' }, { subject: 's', text: 't' })).rejects.toThrow(/TLS failed|self.signed|certificate/i);
    await sendMail({ ...opts, tls: 'starttls', tlsInsecure: true, port: s.port, user: 'cw', password: 'x2' }, { subject: 'over tls', text: 'body' });
    const sess = s.sessions[s.sessions.length - 1];
    expect(sess.tls).toBe(true);
    expect(sess.commands.map((c) => c.split(' ')[0])).toEqual(['EHLO', 'STARTTLS', 'EHLO', 'AUTH', 'MAIL', 'RCPT', 'RCPT', 'DATA', 'QUIT']);
    expect(decodeSubject(decodeBody(sess.data).headers)).toBe('over tls');
  });

  it('the smtp target sends firing and resolved mails with subject and body, password from the environment', async () => {
    const s = await new FakeSmtp({ authMechs: ['PLAIN'] }).start();
    cleanup.push(() => s.close());
    const { d } = dispatcher(
      { ...fast, targets: [{ name: 'mail', type: 'smtp', host: '127.0.0.1', port: s.port, tls: 'none', user: 'cw', passwordEnv: 'SMTP_PW', from: 'cw@example.org', to: ['ops@example.org'] }], rules: [{ debounceMs: 0, targets: ['mail'] }] },
      { SMTP_PW: 'from-env-pw' },
    );
    const e = event({ severity: 'critical' });
    d.onEvents([e]);
    await until('firing mail', () => s.sessions.length === 1 && s.sessions[0].commands.includes('QUIT'), 3000);
    d.onEvents([{ ...e, endedAt: Date.now() }]);
    await until('resolved mail', () => s.sessions.length === 2 && s.sessions[1].commands.includes('QUIT'), 3000);
    expect(s.sessions[0].auth).toEqual({ user: 'cw', password: 'from-env-pw' });
    const first = decodeBody(s.sessions[0].data);
    expect(decodeSubject(first.headers)).toBe('[FIRING] critical link_down demo/pve1 → pve3 link0: pve1 → pve3 link0 down');
    expect(first.body).toContain('pve1 → pve3 link0 down');
    expect(first.body).toContain('cluster: demo, node: pve1, peer: pve3, link: link0');
    expect(decodeSubject(decodeBody(s.sessions[1].data).headers)).toMatch(/^\[RESOLVED\] link_down/);
  });
});
