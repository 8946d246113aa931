import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase } from '@/lib/store/db';
import { readMigrations } from '@/lib/store/migrate';

describe('migrations', () => {
  it('applies prisma/migrations once and records them like prisma migrate deploy', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'cw-')), 'db.sqlite');
    const url = `file:${file}`;
    const db1 = await openDatabase(url);
    await db1.$disconnect();
    const db2 = await openDatabase(url); // second start: nothing reapplied
    await db2.$disconnect();
    const raw = new Database(file, { readonly: true });
    const rows = raw.prepare('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations').all() as any[];
    const files = readMigrations(join(process.cwd(), 'prisma/migrations'));
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((m) => m.name));
    expect(rows[0].checksum).toBe(files[0].checksum);
    expect(rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0].finished_at).not.toBeNull();
    expect(rows[0].applied_steps_count).toBe(1);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name").all().map((r: any) => r.name);
    expect(tables).toEqual(expect.arrayContaining(['Event', 'LinkSample', 'NodeSample', '_prisma_migrations']));
    raw.close();
  });
});
