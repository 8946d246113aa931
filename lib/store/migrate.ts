import { createHash, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

// Applies prisma/migrations/<name>/migration.sql in name order and records each in `_prisma_migrations`
// the way `prisma migrate deploy` does (checksum = sha256 of the file), because Prisma's schema engine cannot
// be installed everywhere corowatch runs. A user who has the engine can run the Prisma CLI on the same files.

export interface MigrationDriver {
  /** runs several statements (a migration file) */
  execScript(sql: string): Promise<void>;
  query<T>(sql: string, params?: unknown[]): Promise<T[]>;
  run(sql: string, params?: unknown[]): Promise<void>;
  /** SQL for the bookkeeping table in this dialect */
  bookkeepingDdl: string;
  placeholder(i: number): string;
  now(): unknown;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir: string): Migration[] {
  if (!existsSync(dir)) throw new Error(`migrations directory not found: ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export async function applyMigrations(driver: MigrationDriver, migrations: Migration[]): Promise<string[]> {
  await driver.execScript(driver.bookkeepingDdl);
  const p = driver.placeholder;
  const done = await driver.query<{ migration_name: string; checksum: string; finished_at: unknown; rolled_back_at: unknown }>(
    'SELECT migration_name, checksum, finished_at, rolled_back_at FROM _prisma_migrations',
  );
  const applied: string[] = [];
  for (const m of migrations) {
    const rows = done.filter((r) => r.migration_name === m.name && r.rolled_back_at == null);
    if (rows.some((r) => r.finished_at == null)) {
      throw new Error(`migration ${m.name} failed earlier and was not resolved; fix the database, then mark it rolled back`);
    }
    if (rows.length > 0) {
      if (rows[0].checksum !== m.checksum) console.warn(`[corowatch] migration ${m.name} was modified after it was applied`);
      continue;
    }
    const id = randomUUID();
    await driver.run(
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, started_at, applied_steps_count) VALUES (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, 0)`,
      [id, m.checksum, m.name, driver.now()],
    );
    try {
      await driver.execScript(m.sql);
    } catch (e) {
      await driver.run(`UPDATE _prisma_migrations SET logs = ${p(1)} WHERE id = ${p(2)}`, [String((e as Error).message), id]);
      throw new Error(`migration ${m.name} failed: ${(e as Error).message}`);
    }
    await driver.run(
      `UPDATE _prisma_migrations SET finished_at = ${p(1)}, applied_steps_count = 1 WHERE id = ${p(2)}`,
      [driver.now(), id],
    );
    applied.push(m.name);
  }
  return applied;
}
