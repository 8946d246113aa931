import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { PrismaClient } from './generated/client';
import { applyMigrations, readMigrations } from './migrate';
import { sqliteAdapter, sqliteMigrationDriver } from './sqlite';

export type Db = PrismaClient;

export function defaultDatabaseUrl(cwd = process.cwd()): string {
  return `file:${resolve(cwd, 'data', 'corowatch.db')}`;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));

/** Applies pending migrations, then returns a Prisma client on the database named by the URL. */
export async function openDatabase(url: string, migrationsDir = MIGRATIONS_DIR): Promise<Db> {
  if (!url.startsWith('file:')) {
    throw new Error(`DATABASE_URL must be a SQLite file URL (file:...); got ${url.split(':')[0]}:`);
  }
  const driver = sqliteMigrationDriver(url);
  try {
    await applyMigrations(driver, readMigrations(migrationsDir));
    await driver.execScript('PRAGMA journal_mode = WAL');
  } finally {
    driver.close();
  }
  const prisma = new PrismaClient({ adapter: sqliteAdapter(url) });
  await prisma.$connect();
  // synchronous=NORMAL is safe with WAL and keeps one fsync per batch instead of per statement
  await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  return prisma;
}
