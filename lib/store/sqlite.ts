import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import type { MigrationDriver } from './migrate';

export function sqlitePath(url: string): string {
  return url.replace(/^file:/, '');
}

const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`;

/** Opens the file once for migrations and pragmas; WAL persists in the file, so Prisma's connection gets it too. */
export function sqliteMigrationDriver(url: string): MigrationDriver & { close(): void } {
  const file = sqlitePath(url);
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  return {
    bookkeepingDdl: BOOKKEEPING,
    placeholder: () => '?',
    now: () => Date.now(),
    async execScript(sql) {
      db.exec(sql);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return db.prepare(sql).all(...params) as T[];
    },
    async run(sql, params = []) {
      db.prepare(sql).run(...params);
    },
    close: () => db.close(),
  };
}

export function sqliteAdapter(url: string) {
  // timeout = SQLite busy timeout in ms: a reader or the rollup job never makes a poll's write fail
  // times as epoch ms: 6–8 bytes instead of 29 of ISO text, in every row and index (lib/store/dialect.ts)
  return new PrismaBetterSqlite3({ url: sqlitePath(url), timeout: 5000 }, { timestampFormat: 'unixepoch-ms' });
}
