import { z } from 'zod';

// The `alerts:` block of corowatch.yaml. Secrets (webhook URLs with tokens, SMTP passwords, ntfy tokens) come
// either from the file or from the environment (`urlEnv`, `passwordEnv`, `tokenEnv`); they are resolved when the
// dispatcher starts and never leave the server (lib/alerts/dispatcher.ts `describe()` lists names and types only).

const name = z.string().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only');
const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name');
const httpUrl = z.string().regex(/^https?:\/\/\S+$/, 'must be an http:// or https:// URL');
const SEVERITIES = ['info', 'warning', 'critical'] as const;

/** A target whose URL may carry a token: give `url` or `urlEnv` (the name of an environment variable). */
const withUrl = { url: httpUrl.optional(), urlEnv: envName.optional() };
const urlGiven = (t: { url?: string; urlEnv?: string }, ctx: z.RefinementCtx) => {
  if (!t.url === !t.urlEnv) ctx.addIssue({ code: 'custom', path: ['url'], message: 'give exactly one of url or urlEnv' });
};

export const webhookTargetSchema = z
  .object({
    name,
    type: z.literal('webhook'),
    ...withUrl,
    /** extra request headers (e.g. Authorization); treated as secrets */
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, 'must be a header name'), z.string()).optional(),
  })
  .strict()
  .superRefine(urlGiven);

export const slackTargetSchema = z
  .object({
    name,
    type: z.literal('slack'), // Slack or Mattermost incoming webhook
    ...withUrl,
    channel: z.string().min(1).optional(),
    username: z.string().min(1).optional(),
  })
  .strict()
  .superRefine(urlGiven);

export const ntfyTargetSchema = z
  .object({
    name,
    type: z.literal('ntfy'),
    ...withUrl, // the topic URL, e.g. https://ntfy.sh/corowatch-alerts
    token: z.string().min(1).optional(),
    tokenEnv: envName.optional(),
  })
  .strict()
  .superRefine(urlGiven);

export const smtpTargetSchema = z
  .object({
    name,
    type: z.literal('smtp'),
    host: z.string().min(1).regex(/^[A-Za-z0-9._:-]+$/, 'must be a host name or IP address'),
    /** default 465 with tls: implicit, 587 with starttls, 25 with none */
    port: z.number().int().min(1).max(65535).optional(),
    /** implicit: TLS from the first byte (465); starttls: upgrade after EHLO, required; none: plain text */
    tls: z.enum(['implicit', 'starttls', 'none']).default('starttls'),
    /** accept a certificate that does not verify (self-signed relay); off by default */
    tlsInsecure: z.boolean().default(false),
    user: z.string().min(1).optional(),
    password: z.string().min(1).optional(),
    passwordEnv: envName.optional(),
    from: z.string().min(3).regex(/^[^\s<>]+@[^\s<>]+$/, 'must be an e-mail address'),
    to: z.array(z.string().min(3).regex(/^[^\s<>]+@[^\s<>]+$/, 'must be an e-mail address')).min(1),
    /** name announced in EHLO (default: corowatch) */
    helo: z.string().regex(/^[A-Za-z0-9.-]+$/).default('corowatch'),
    timeoutMs: z.number().int().min(100).max(120_000).default(15_000),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.password && t.passwordEnv) ctx.addIssue({ code: 'custom', path: ['password'], message: 'give at most one of password or passwordEnv' });
    if ((t.password || t.passwordEnv) && !t.user) ctx.addIssue({ code: 'custom', path: ['user'], message: 'required with a password' });
  });

export const targetSchema = z.discriminatedUnion('type', [webhookTargetSchema, slackTargetSchema, ntfyTargetSchema, smtpTargetSchema]);

export const ruleSchema = z
  .object({
    name: name.optional(),
    /** event kinds (link_down, quorum_lost, …) or '*' for every kind */
    kinds: z.union([z.literal('*'), z.array(z.string().min(1)).min(1)]).default('*'),
    minSeverity: z.enum(SEVERITIES).default('warning'),
    /** only these clusters; all when absent */
    clusters: z.array(z.string().min(1)).min(1).optional(),
    /** an incident must still be open this long before "firing" is sent; one that ends sooner sends nothing */
    debounceMs: z.number().int().min(0).max(3_600_000).default(10_000),
    /** hysteresis: wait this long before "resolved"; if the same condition comes back meanwhile, it continues the incident */
    resolveHoldMs: z.number().int().min(0).max(3_600_000).default(0),
    /** also send instant events (link_up, jitter_spike, …): once, no resolved */
    instants: z.boolean().default(false),
    targets: z.array(name).min(1),
  })
  .strict();

export const alertsSchema = z
  .object({
    /** corowatch's own address, for links in messages (e.g. https://corowatch.example) */
    url: httpUrl.optional(),
    targets: z.array(targetSchema).default([]),
    rules: z.array(ruleSchema).default([]),
    /** delivery attempts per message, with exponential backoff baseMs, 2·baseMs, 4·baseMs, … */
    retry: z
      .object({ attempts: z.number().int().min(1).max(20).default(5), baseMs: z.number().int().min(1).max(600_000).default(1000) })
      .strict()
      .default({ attempts: 5, baseMs: 1000 }),
    /** messages waiting per target; when full, the oldest is dropped (and logged) */
    queueSize: z.number().int().min(1).max(100_000).default(500),
    /** timeout of one HTTP delivery attempt */
    timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
  })
  .strict()
  .superRefine((a, ctx) => {
    const names = new Set<string>();
    a.targets.forEach((t, i) => {
      if (names.has(t.name)) ctx.addIssue({ code: 'custom', path: ['targets', i, 'name'], message: `duplicate target name "${t.name}"` });
      names.add(t.name);
    });
    a.rules.forEach((r, i) =>
      r.targets.forEach((t, j) => {
        if (!names.has(t)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'targets', j], message: `no target named "${t}"` });
      }),
    );
  });

export type AlertsConfig = z.infer<typeof alertsSchema>;
export type AlertTarget = z.infer<typeof targetSchema>;
export type AlertRule = z.infer<typeof ruleSchema>;
export type SmtpTarget = z.infer<typeof smtpTargetSchema>;
