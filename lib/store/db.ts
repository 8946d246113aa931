import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { PrismaClient } from './generated/client';
import { PrismaClient as PgPrismaClient } from './generated-pg/client';
import { applyMigrations, readMigrations } from './migrate';
import { sqliteAdapter, sqliteMigrationDriver } from './sqlite';
import { postgresAdapter, postgresMigrationDriver } from './postgres';
import { dialectForUrl, setDialect } from './dialect';

/**
 * A Prisma client on corowatch's database. The SQLite and the PostgreSQL clients are generated from the same models
 * (prisma/schema.prisma, prisma/postgres/schema.prisma) and have the same model API; the SQLite client's type stands
 * for both. Raw SQL asks dialectOf(db) (lib/store/dialect.ts) for the few parts that differ.
 */
export type Db = PrismaClient;

export function defaultDatabaseUrl(cwd = process.cwd()): string {
  return `file:${resolve(cwd, 'data', 'corowatch.db')}`;
}

const MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/migrations', import.meta.url));
const PG_MIGRATIONS_DIR = fileURLToPath(new URL('../../prisma/postgres/migrations', import.meta.url));

/**
 * Applies pending migrations, then returns a Prisma client on the database named by the URL: SQLite for `file:` URLs,
 * PostgreSQL for `postgres://` and `postgresql://` URLs.
 */
export async function openDatabase(url: string, migrationsDir?: string): Promise<Db> {
  const dialect = dialectForUrl(url);
  if (dialect.name === 'postgres') {
    const driver = await postgresMigrationDriver(url);
    try {
      await applyMigrations(driver, readMigrations(migrationsDir ?? PG_MIGRATIONS_DIR));
    } finally {
      await driver.close();
    }
    const prisma = new PgPrismaClient({ adapter: postgresAdapter(url) }) as unknown as Db;
    await prisma.$connect();
    setDialect(prisma, dialect);
    return prisma;
  }
  const driver = sqliteMigrationDriver(url);
  try {
    await applyMigrations(driver, readMigrations(migrationsDir ?? MIGRATIONS_DIR));
    await driver.execScript('PRAGMA journal_mode = WAL');
  } finally {
    driver.close();
  }
  const prisma = new PrismaClient({ adapter: sqliteAdapter(url) });
  await prisma.$connect();
  // synchronous=NORMAL is safe with WAL and keeps one fsync per batch instead of per statement
  await prisma.$queryRawUnsafe('PRAGMA synchronous = NORMAL');
  setDialect(prisma, dialect);
  return prisma;
}
