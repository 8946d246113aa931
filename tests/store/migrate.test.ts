import { describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { openDatabase } from '@/lib/store/db';
import { readMigrations } from '@/lib/store/migrate';
import { backends } from '../helpers/databases';

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

describe('0005_epoch_ms on a database written by an earlier version', () => {
  it('turns ISO text times into epoch milliseconds that read back as the same instants', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cw-epoch-'));
    const old = join(dir, 'migrations');
    for (const m of readMigrations(join(process.cwd(), 'prisma/migrations')).filter((x) => x.name < '0005')) {
      mkdirSync(join(old, m.name), { recursive: true });
      writeFileSync(join(old, m.name, 'migration.sql'), m.sql);
    }
    const file = join(dir, 'db.sqlite');
    await (await openDatabase(`file:${file}`, old)).$disconnect();
    const raw = new Database(file);
    raw.prepare('INSERT INTO "LinkSample" ("ts","cluster","node","peer","link") VALUES (?, \'lab\', \'pve1\', \'pve2\', 0)').run('2026-11-23T01:52:17.250+00:00');
    raw.prepare('INSERT INTO "Event" ("id","kind","severity","cluster","message","startedAt","endedAt") VALUES (\'e1\', \'link_down\', \'warning\', \'lab\', \'m\', ?, NULL)').run('2026-01-02T03:04:05.006+00:00');
    raw.prepare('INSERT INTO "User" ("username","passwordHash","role") VALUES (\'a\', \'h\', \'admin\')').run(); // createdAt: CURRENT_TIMESTAMP text
    raw.close();

    const db = await openDatabase(`file:${file}`);
    expect((await db.linkSample.findFirst())!.ts.toISOString()).toBe('2026-11-23T01:52:17.250Z');
    const ev = (await db.event.findFirst())!;
    expect([ev.startedAt.toISOString(), ev.endedAt]).toEqual(['2026-01-02T03:04:05.006Z', null]);
    expect(Math.abs((await db.user.findFirst())!.createdAt.getTime() - Date.now())).toBeLessThan(60_000);
    await db.$disconnect();
    const check = new Database(file, { readonly: true });
    expect(check.prepare('SELECT typeof("ts") AS t FROM "LinkSample"').get()).toEqual({ t: 'integer' });
    expect(check.prepare('SELECT typeof("endedAt") AS t FROM "Event"').get()).toEqual({ t: 'null' });
    check.close();
  });
});

describe.each(backends().filter((b) => b.name === 'postgres'))('migrations on $name', (backend) => {
  it('applies prisma/postgres/migrations once and records them like prisma migrate deploy on PostgreSQL', async () => {
    const { db, url } = await backend.fresh('cw-migrate-');
    await db.$disconnect();
    await (await openDatabase(url)).$disconnect(); // second start: nothing reapplied
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      const rows = (await c.query('SELECT migration_name, checksum, finished_at, applied_steps_count FROM _prisma_migrations ORDER BY started_at, migration_name')).rows;
      const files = readMigrations(join(process.cwd(), 'prisma/postgres/migrations'));
      expect(rows.map((r) => r.migration_name)).toEqual(files.map((m) => m.name));
      expect(rows.map((r) => r.checksum)).toEqual(files.map((m) => m.checksum));
      expect(rows.every((r) => r.finished_at instanceof Date && r.applied_steps_count === 1)).toBe(true);
      // the bookkeeping table has the column types prisma migrate deploy gives it
      const cols = (await c.query(`SELECT column_name, data_type, character_maximum_length AS len, is_nullable FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`)).rows;
      expect(cols).toEqual([
        { column_name: 'id', data_type: 'character varying', len: 36, is_nullable: 'NO' },
        { column_name: 'checksum', data_type: 'character varying', len: 64, is_nullable: 'NO' },
        { column_name: 'finished_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES' },
        { column_name: 'migration_name', data_type: 'character varying', len: 255, is_nullable: 'NO' },
        { column_name: 'logs', data_type: 'text', len: null, is_nullable: 'YES' },
        { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'YES' },
        { column_name: 'started_at', data_type: 'timestamp with time zone', len: null, is_nullable: 'NO' },
        { column_name: 'applied_steps_count', data_type: 'integer', len: null, is_nullable: 'NO' },
      ]);
      const tables = (await c.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name`)).rows.map((r) => r.table_name);
      expect(tables).toEqual(['Event', 'LinkRollup1h', 'LinkRollup1m', 'LinkSample', 'ManagedCluster', 'NodeSample', 'RollupWatermark', 'Session', 'User', 'ViewerToken', '_prisma_migrations']);
      const ts = (await c.query(`SELECT data_type, datetime_precision FROM information_schema.columns WHERE table_name = 'LinkSample' AND column_name = 'ts'`)).rows;
      expect(ts).toEqual([{ data_type: 'timestamp without time zone', datetime_precision: 3 }]);
    } finally {
      await c.end();
    }
  });
});
