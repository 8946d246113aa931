import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ROOT } from './lab';

export interface Session {
  cookie: string;
  csrf: string;
}

/** Logs in over HTTP as a browser would; the cookies as a Cookie header and the CSRF token. */
export async function login(base: string, username: string, password: string): Promise<Session> {
  const r = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base },
    body: JSON.stringify({ username, password }),
  });
  if (r.status !== 200) throw new Error(`login failed: ${r.status} ${await r.text()}`);
  const cookies = r.headers.getSetCookie().map((c) => c.split(';')[0]);
  const csrf = cookies.find((c) => c.startsWith('corowatch_csrf='))!.slice('corowatch_csrf='.length);
  return { cookie: cookies.join('; '), csrf: decodeURIComponent(csrf) };
}

export interface AppRoute {
  path: string;
  kind: 'page' | 'api';
  methods: string[];
}

const SAMPLE: Record<string, string> = { cluster: 'demo', node: 'pve1', peer: 'pve2', id: '1', name: 'demo' };

/**
 * Every page and route handler under app/, with sample values for dynamic segments: a route added later is
 * covered by the access tests without anyone remembering to list it.
 */
export function appRoutes(): AppRoute[] {
  const appDir = join(ROOT, 'app');
  const out: AppRoute[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (name === 'page.tsx' || name === 'route.ts') {
        const segs = relative(appDir, dir).split(sep).filter((s) => s && !/^\(.*\)$/.test(s));
        const path = `/${segs.map((s) => s.replace(/^\[(\w+)\]$/, (_, k: string) => SAMPLE[k] ?? 'x')).join('/')}`;
        const methods = name === 'page.tsx' ? ['GET'] : [...readFileSync(p, 'utf8').matchAll(/export (?:async )?function (GET|POST|PUT|PATCH|DELETE)\b/g)].map((m) => m[1]);
        out.push({ path, kind: name === 'page.tsx' ? 'page' : 'api', methods });
      }
    }
  };
  walk(appDir);
  return out;
}

/**
 * corowatch.yaml for a demo cluster whose known_hosts lacks one node's key (that node must be refused until an
 * admin accepts it); returns the config path and the known_hosts line left out.
 */
export function configWithoutHostKey(sim: { knownHostsPath: string; configYaml(): string; nodes: Array<{ port: number }> }, dir: string, nodeIndex: number): { config: string; omitted: string } {
  const prefix = `[127.0.0.1]:${sim.nodes[nodeIndex].port} `;
  const lines = readFileSync(sim.knownHostsPath, 'utf8').split('\n').filter(Boolean);
  const kh = join(dir, 'known_hosts');
  writeFileSync(kh, `${lines.filter((l) => !l.startsWith(prefix)).join('\n')}\n`);
  const config = join(dir, 'corowatch.yaml');
  writeFileSync(config, sim.configYaml().replace(/^knownHosts: .*$/m, `knownHosts: ${kh}`));
  return { config, omitted: lines.find((l) => l.startsWith(prefix))! };
}
