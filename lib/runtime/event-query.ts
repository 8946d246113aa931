import type { EventQuery } from '../store/queries';

// Validates /api/events parameters. Times are ISO 8601 or milliseconds since the epoch.

function parseTime(name: string, v: string | null): Date | undefined | string {
  if (v === null || v === '') return undefined;
  const d = /^\d+$/.test(v) ? new Date(Number(v)) : new Date(v);
  return Number.isNaN(d.getTime()) ? `${name}: not a time: "${v.slice(0, 40)}" (use ISO 8601 or epoch milliseconds)` : d;
}

export function parseEventQuery(params: URLSearchParams, clusters: string[]): EventQuery | { error: string } {
  const from = parseTime('from', params.get('from'));
  if (typeof from === 'string') return { error: from };
  const to = parseTime('to', params.get('to'));
  if (typeof to === 'string') return { error: to };
  if (from && to && from > to) return { error: 'from is after to' };
  const cluster = params.get('cluster') || undefined;
  if (cluster && !clusters.includes(cluster)) return { error: `unknown cluster "${cluster.slice(0, 40)}"` };
  const kind = params.get('kind')?.split(',').map((k) => k.trim()).filter(Boolean);
  if (kind?.some((k) => !/^[a-z_]{1,40}$/.test(k))) return { error: 'kind: comma-separated event kinds such as link_down,failover' };
  const limitRaw = params.get('limit');
  const limit = limitRaw === null ? undefined : Number(limitRaw);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 10_000)) return { error: 'limit: an integer from 1 to 10000' };
  return { from, to, cluster, kind, limit };
}
