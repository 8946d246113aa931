import { z } from 'zod';
import { SAFE_COMMAND, DEFAULT_LOG_COMMAND } from '../collect/follow-command';
import { alertsSchema } from '../alerts/schema';

const hostname = z
  .string()
  .min(1)
  .regex(/^[A-Za-z0-9._:-]+$/, 'must be a host name or IP address');

export const nodeSchema = z
  .object({
    name: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
    host: hostname,
    port: z.number().int().min(1).max(65535).default(22),
    user: z.string().min(1).regex(/^[a-z_][a-z0-9_.-]*$/i, 'must be a user name').default('root'),
    identityFile: z.string().min(1),
  })
  .strict();

export const thresholdsSchema = z
  .object({
    rttWarnMs: z.number().positive().default(2),
    rttCritMs: z.number().positive().default(5),
    jitterK: z.number().min(1).max(50).default(6),
    jitterFloorMs: z.number().min(0).default(1),
    flapCount: z.number().int().min(2).default(3),
    flapWindowMin: z.number().positive().default(10),
    lossWarnPct: z.number().min(0).max(100).default(5),
    lossCritPct: z.number().min(0).max(100).default(20),
  })
  .strict()
  .superRefine((t, ctx) => {
    if (t.rttWarnMs >= t.rttCritMs) ctx.addIssue({ code: 'custom', path: ['rttWarnMs'], message: 'must be below rttCritMs' });
    if (t.lossWarnPct >= t.lossCritPct) ctx.addIssue({ code: 'custom', path: ['lossWarnPct'], message: 'must be below lossCritPct' });
  });

export const clusterSchema = z
  .object({
    name: z.string().min(1).regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash and underscore only'),
    pollIntervalMs: z.number().int().min(200).max(60_000).default(1000),
    logCommand: z
      .string()
      .regex(SAFE_COMMAND, 'plain words only: no quotes, pipes, redirections or other shell syntax')
      .default(DEFAULT_LOG_COMMAND),
    nodes: z.array(nodeSchema).min(1),
    thresholds: thresholdsSchema.default(() => thresholdsSchema.parse({})),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.nodes.forEach((n, i) => {
      if (seen.has(n.name)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'name'], message: `duplicate node name "${n.name}"` });
      seen.add(n.name);
    });
  });

/** How long each kind of history is kept (lib/store/retention.ts). */
export const retentionSchema = z
  .object({
    rawHours: z.number().min(1).max(24 * 365).default(48),
    minuteDays: z.number().min(1).max(3650).default(90),
    hourDays: z.number().min(1).max(36500).default(730),
    eventDays: z.number().min(1).max(36500).default(730),
  })
  .strict()
  .superRefine((r, ctx) => {
    // the coarser resolution must outlive the finer one, or a range would show a hole between them
    if (r.minuteDays * 24 < r.rawHours) ctx.addIssue({ code: 'custom', path: ['minuteDays'], message: 'must cover at least rawHours' });
    if (r.hourDays < r.minuteDays) ctx.addIssue({ code: 'custom', path: ['hourDays'], message: 'must be at least minuteDays' });
  });

/**
 * `auth: none` turns access control off (only where the network itself is trusted); anything else means every
 * page, API route and the WebSocket need a login session or a viewer token (lib/auth/).
 */
export const authSchema = z.union([
  z.literal('none'),
  z
    .object({
      sessionHours: z.number().min(1).max(24 * 90).default(24 * 7),
      /** `auto`: Secure cookies when the request came over HTTPS (directly or X-Forwarded-Proto from a proxy) */
      secureCookies: z.union([z.literal('auto'), z.boolean()]).default('auto'),
    })
    .strict(),
]);

export const configSchema = z
  .object({
    knownHosts: z.string().min(1),
    /** may be empty: clusters can also be added by an admin in the UI (stored in the database) */
    clusters: z.array(clusterSchema).default([]),
    auth: authSchema.default(() => ({ sessionHours: 24 * 7, secureCookies: 'auto' as const })),
    retention: retentionSchema.default(() => retentionSchema.parse({})),
    /** alert rules and targets (lib/alerts/); none by default */
    alerts: alertsSchema.default(() => alertsSchema.parse({})),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.clusters.forEach((cl, i) => {
      if (seen.has(cl.name)) ctx.addIssue({ code: 'custom', path: ['clusters', i, 'name'], message: `duplicate cluster name "${cl.name}"` });
      seen.add(cl.name);
    });
  });

export type CorowatchConfig = z.infer<typeof configSchema>;
export type ClusterConfig = z.infer<typeof clusterSchema>;
export type NodeConfig = z.infer<typeof nodeSchema>;
export type RetentionConfig = z.infer<typeof retentionSchema>;
export type AuthConfig = z.infer<typeof authSchema>;
export type ThresholdsConfig = z.infer<typeof thresholdsSchema>;
