// The SQLite schema (prisma/schema.prisma) and the PostgreSQL one (prisma/postgres/schema.prisma) must stay in step:
// the same models (and enums/views/types, if any) with the same fields, types and attributes, apart from @db.* native
// types and the datasource/generator blocks; and the two migration directories must hold the same migrations.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
const SQLITE = join(ROOT, 'prisma', 'schema.prisma');
const POSTGRES = join(ROOT, 'prisma', 'postgres', 'schema.prisma');

/** A line without its // or /// comment (a // inside a "string" stays). */
function stripComment(line: string): string {
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"' && line[i - 1] !== '\\') quoted = !quoted;
    else if (!quoted && line.startsWith('//', i)) return line.slice(0, i);
  }
  return line;
}

/** "@id @default(autoincrement()) @db.Text" → ['@id', '@default(autoincrement())']: @db.* left out, whitespace outside strings dropped. */
function attributes(text: string): string[] {
  const found: string[] = [];
  let i = text.indexOf('@');
  while (i >= 0) {
    let j = i + 1;
    while (j < text.length && /[\w.@]/.test(text[j])) j++;
    if (text[j] === '(') {
      let depth = 0;
      let quoted = false;
      for (; j < text.length; j++) {
        if (text[j] === '"' && text[j - 1] !== '\\') quoted = !quoted;
        else if (!quoted && text[j] === '(') depth++;
        else if (!quoted && text[j] === ')' && --depth === 0) break;
      }
      j++;
    }
    found.push(text.slice(i, j).replace(/\s+(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ''));
    i = text.indexOf('@', j);
  }
  return found.filter((a) => !a.startsWith('@db.'));
}

interface Block {
  /** field (or enum value) → its type ('' for an enum value) */
  types: Record<string, string>;
  /** field → its attributes, and '@@' → the block's own, each sorted */
  attrs: Record<string, string[]>;
}

/** The model, enum, view and type blocks of a schema, keyed "model User"; datasource and generator are left out. */
function parseSchema(text: string): Record<string, Block> {
  const blocks: Record<string, Block> = {};
  let current: Block | null = null;
  for (const raw of text.split('\n')) {
    const line = stripComment(raw).trim();
    if (!line) continue;
    const open = /^(model|enum|view|type)\s+(\w+)\s*\{$/.exec(line);
    if (open) blocks[`${open[1]} ${open[2]}`] = current = { types: {}, attrs: { '@@': [] } };
    else if (/^(datasource|generator)\s+\w+\s*\{$/.test(line)) current = null;
    else if (line === '}') current = null;
    else if (current && line.startsWith('@@')) current.attrs['@@'].push(...attributes(line));
    else if (current) {
      const m = /^(\w+)\s*([^@\s]*)(.*)$/.exec(line);
      const name = m ? m[1] : line; // an unexpected line still takes part in the comparison
      current.types[name] = m ? m[2] : '';
      current.attrs[name] = m ? attributes(m[3]) : [];
    }
  }
  for (const b of Object.values(blocks)) for (const k of Object.keys(b.attrs)) b.attrs[k].sort();
  return blocks;
}

const types = (s: Record<string, Block>) => Object.fromEntries(Object.entries(s).map(([k, b]) => [k, b.types]));
const attrs = (s: Record<string, Block>) => Object.fromEntries(Object.entries(s).map(([k, b]) => [k, b.attrs]));
const migrations = (dir: string) =>
  readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();

describe('SQLite and PostgreSQL schemas', () => {
  const sqliteText = readFileSync(SQLITE, 'utf8');
  const sqlite = parseSchema(sqliteText);
  const postgres = parseSchema(readFileSync(POSTGRES, 'utf8'));

  it('declare the same models with the same field names and types', () => {
    expect(Object.keys(sqlite).filter((k) => k.startsWith('model ')).length).toBeGreaterThan(0);
    expect(types(postgres)).toEqual(types(sqlite));
  });

  it('give the fields and models the same attributes, apart from @db.* native types', () => {
    expect(attrs(postgres)).toEqual(attrs(sqlite));
  });

  it('the comparison notices a field missing from either side', () => {
    const [block, { types: fields }] = Object.entries(sqlite).find(([k]) => k.startsWith('model '))!;
    const field = Object.keys(fields)[0];
    const lines = sqliteText.split('\n');
    const start = lines.findIndex((l) => l.trim().startsWith(`${block} `) || l.trim().startsWith(`${block}{`));
    const at = lines.findIndex((l, i) => i > start && new RegExp(`^\\s*${field}\\s`).test(l));
    expect(at).toBeGreaterThan(start);
    const without = parseSchema(lines.filter((_, i) => i !== at).join('\n'));
    expect(Object.keys(without[block].types)).not.toContain(field);
    expect(types(without)).not.toEqual(types(postgres));
    expect(types(postgres)).not.toEqual(types(without));
  });

  it('have the same migrations, by name', () => {
    const lite = migrations(join(ROOT, 'prisma', 'migrations'));
    expect(lite.length).toBeGreaterThan(0);
    expect(migrations(join(ROOT, 'prisma', 'postgres', 'migrations'))).toEqual(lite);
  });
});
