// The storage tests run on every backend corowatch supports: SQLite always, PostgreSQL when a server is at hand.
//
// PostgreSQL: COROWATCH_TEST_PG_URL (a server the tests may create and drop databases on), else a throwaway cluster
// of Debian's `postgresql` (/usr/lib/postgresql/<version>/bin) started in a temporary directory, once per test file,
// as the `postgres` user when run as root (postgres refuses root), listening on 127.0.0.1 on a free port. Each
// fresh() creates a database; at the end of the file they are dropped (with the cluster, if it was started here).
// Without PostgreSQL the PostgreSQL runs are skipped, unless COROWATCH_REQUIRE_PG=1 (CI), where they fail.
import { afterAll } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Db } from '@/lib/store/db';
import { pgUnavailable, startPostgres, type PgServer } from './pg-cluster';

export type BackendName = 'sqlite' | 'postgres';

export interface Backend {
  name: BackendName;
  /** a new empty database with corowatch's migrations applied */
  fresh(prefix?: string): Promise<{ db: Db; url: string }>;
}

const REQUIRE_PG = process.env.COROWATCH_REQUIRE_PG === '1';

let server: Promise<PgServer> | null = null;
const created: string[] = [];

async function adminQuery(sql: string): Promise<void> {
  const s = await server!;
  const c = new pg.Client({ connectionString: s.admin });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

let counter = 0;

const sqlite: Backend = {
  name: 'sqlite',
  async fresh(prefix = 'cw-') {
    const url = `file:${join(mkdtempSync(join(tmpdir(), prefix)), 'db.sqlite')}`;
    return { db: await openDatabase(url), url };
  },
};

const postgres: Backend = {
  name: 'postgres',
  async fresh(prefix = 'cw-') {
    server ??= startPostgres();
    const s = await server;
    const name = `${prefix.replace(/[^a-z0-9]+/gi, '_').replace(/_+$/, '')}_${process.pid}_${++counter}`.toLowerCase();
    await adminQuery(`CREATE DATABASE "${name}"`);
    created.push(name);
    const url = s.urlFor(name);
    return { db: await openDatabase(url), url };
  },
};

afterAll(async () => {
  if (!server) return;
  const s = await server;
  // drop what this file created (connections still open are ended with FORCE), then the cluster if it is ours
  for (const name of created.splice(0)) await adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`).catch(() => undefined);
  s.stop();
  server = null;
});

/** The backends to run the storage tests on: SQLite, and PostgreSQL when available (required with COROWATCH_REQUIRE_PG=1). */
export function backends(): Backend[] {
  const why = pgUnavailable();
  if (why && REQUIRE_PG) throw new Error(`COROWATCH_REQUIRE_PG=1 but PostgreSQL cannot be used: ${why}`);
  if (why) console.warn(`[tests] PostgreSQL runs skipped: ${why}`);
  return why ? [sqlite] : [sqlite, postgres];
}
