// Browser tests on a seeded database: a temporary directory with the database and a corowatch.yaml whose nodes cannot
// be reached, so everything the server shows comes from the rows the test wrote.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Db } from '@/lib/store/db';

/** the cluster the config names and the seeded rows belong to */
export const CLUSTER = 'lab';

export interface SeedSetup {
  dir: string;
  dbUrl: string;
  configFile: string;
  /** what startServer needs to use this config and database */
  env: { COROWATCH_CONFIG: string; DATABASE_URL: string };
  /** writes configFile: cluster "lab" with `nodes` at 127.0.0.1 port 9 (nothing answers), auth: none */
  writeConfig(): void;
}

export function seedSetup(prefix: string, nodes: string[]): SeedSetup {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const dbUrl = `file:${join(dir, 'db.sqlite')}`;
  const configFile = join(dir, 'corowatch.yaml');
  const writeConfig = () => {
    const list = nodes.map((n) => `      - { name: ${n}, host: 127.0.0.1, port: 9, user: root, identityFile: ${join(dir, 'id_missing')} }`).join('\n');
    writeFileSync(configFile, `knownHosts: ${join(dir, 'known_hosts')}\nauth: none\nclusters:\n  - name: ${CLUSTER}\n    nodes:\n${list}\n`);
  };
  return { dir, dbUrl, configFile, env: { COROWATCH_CONFIG: configFile, DATABASE_URL: dbUrl }, writeConfig };
}

/** An Event row of cluster "lab"; times in epoch ms, details stored as JSON. */
export function eventRow(
  id: string, kind: string, severity: string, node: string | null, peer: string | null, link: number | null, message: string,
  startedAt: number, endedAt: number | null, details?: unknown,
) {
  return {
    id, kind, severity, cluster: CLUSTER, node, peer, link, message, startedAt: new Date(startedAt),
    endedAt: endedAt === null ? null : new Date(endedAt), details: details === undefined ? null : JSON.stringify(details),
  };
}

/** Opens (and migrates) the database, writes the samples the test's own way, then the events, and closes it. */
export async function seedDatabase(dbUrl: string, writeSamples: (db: Db) => Promise<void>, events: ReturnType<typeof eventRow>[]): Promise<void> {
  const db = await openDatabase(dbUrl);
  try {
    await writeSamples(db);
    await db.event.createMany({ data: events });
  } finally {
    await db.$disconnect();
  }
}
