// A throwaway PostgreSQL cluster (Debian's `postgresql`: /usr/lib/postgresql/<version>/bin) in a temporary directory,
// run as the `postgres` user when we are root (postgres refuses root), on 127.0.0.1 and a free port, trust auth.
// Used by the storage tests (tests/helpers/databases.ts) and bench/ingest.ts. No vitest in here.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgServer {
  /** admin URL (database postgres) */
  admin: string;
  urlFor(db: string): string;
  stop(): void;
}

export function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const versions = readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  const v = versions.find((x) => existsSync(join(root, x, 'bin', 'initdb')) && existsSync(join(root, x, 'bin', 'pg_ctl')));
  return v ? join(root, v, 'bin') : null;
}

export function postgresUser(): { uid: number; gid: number } | null {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return null;
  }
}

/** Why PostgreSQL cannot be used here, or null when it can. */
export function pgUnavailable(): string | null {
  if (process.env.COROWATCH_TEST_PG_URL) return null;
  if (!pgBinDir()) return 'no PostgreSQL server binaries (/usr/lib/postgresql/*/bin; Debian package postgresql)';
  if (process.getuid?.() === 0 && !postgresUser()) return 'running as root and there is no postgres user to run the server as';
  return null;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** COROWATCH_TEST_PG_URL's server, or a new throwaway cluster. */
export async function startPostgres(): Promise<PgServer> {
  const external = process.env.COROWATCH_TEST_PG_URL;
  if (external) {
    return {
      admin: external,
      urlFor: (name) => {
        const x = new URL(external);
        x.pathname = `/${name}`;
        return x.toString();
      },
      stop: () => undefined,
    };
  }
  const bin = pgBinDir()!;
  const dir = mkdtempSync(join(tmpdir(), 'cw-pg-'));
  const asRoot = process.getuid?.() === 0;
  const user = asRoot ? postgresUser()! : null;
  if (user) chownSync(dir, user.uid, user.gid);
  const run = (cmd: string, args: string[]) =>
    execFileSync(asRoot ? 'runuser' : cmd, asRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { stdio: 'pipe', cwd: dir, timeout: 60_000 });
  const data = join(dir, 'data');
  run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
  const port = await freePort();
  const opts = `-k ${dir} -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
  run(join(bin, 'pg_ctl'), ['-D', data, '-l', join(dir, 'log'), '-w', '-t', '60', '-o', opts, 'start']);
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      run(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } catch {
      /* already gone */
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  const base = `postgresql://postgres@127.0.0.1:${port}`;
  return { admin: `${base}/postgres`, urlFor: (name) => `${base}/${name}`, stop };
}
