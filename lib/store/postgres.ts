import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';
import type { MigrationDriver } from './migrate';

// The PostgreSQL side of lib/store/migrate.ts: the bookkeeping table exactly as `prisma migrate deploy` creates it on
// PostgreSQL, and the same advisory lock Prisma's schema engine takes, so two corowatch instances (or corowatch and
// the Prisma CLI) starting together do not apply a migration twice.

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

/** Prisma's migration advisory lock key */
const LOCK_KEY = 72707369;

export async function postgresMigrationDriver(url: string): Promise<MigrationDriver & { close(): Promise<void> }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('SET client_min_messages = warning');
    await client.query(`SELECT pg_advisory_lock(${LOCK_KEY})`);
  } catch (e) {
    await client.end();
    throw e;
  }
  return {
    bookkeepingDdl: BOOKKEEPING,
    placeholder: (i) => `$${i}`,
    now: () => new Date(),
    async execScript(sql) {
      // one simple-protocol query: the statements of a migration run as one implicit transaction
      await client.query(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await client.query(sql, params)).rows as T[];
    },
    async run(sql, params = []) {
      await client.query(sql, params);
    },
    async close() {
      try {
        await client.query(`SELECT pg_advisory_unlock(${LOCK_KEY})`);
      } finally {
        await client.end();
      }
    },
  };
}

export function postgresAdapter(url: string) {
  return new PrismaPg({ connectionString: url });
}
