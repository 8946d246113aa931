import { isAbsolute } from 'node:path';
import { clusterSchema, type ClusterConfig } from '../config/schema';
import { LOG_COMMAND_CHOICES } from '../collect/follow-command';
import type { Db } from '../store/db';

// Clusters an admin adds in the UI live in the database (ManagedCluster), validated by the same schema as
// corowatch.yaml. Clusters from corowatch.yaml cannot be changed here: the file stays the truth for them.

export type ValidationResult = { ok: true; cluster: ClusterConfig } | { ok: false; error: string };

export function validateManagedCluster(input: unknown, fileClusters: Set<string>): ValidationResult {
  const r = clusterSchema.safeParse(input);
  if (!r.success) {
    return { ok: false, error: r.error.issues.map((i) => `${i.path.join('.') || '(cluster)'}: ${i.message}`).join('; ') };
  }
  const c = r.data;
  if (fileClusters.has(c.name)) return { ok: false, error: `cluster "${c.name}" is defined in corowatch.yaml; change it there` };
  if (!(LOG_COMMAND_CHOICES as readonly string[]).includes(c.logCommand)) {
    return { ok: false, error: `logCommand: one of ${LOG_COMMAND_CHOICES.map((x) => `"${x}"`).join(' or ')} (other commands only in corowatch.yaml)` };
  }
  const relative = c.nodes.find((n) => !isAbsolute(n.identityFile));
  if (relative) return { ok: false, error: `nodes.${relative.name}.identityFile: must be an absolute path on the corowatch server` };
  return { ok: true, cluster: c };
}

export async function loadManagedClusters(db: Db, fileClusters: Set<string>): Promise<{ clusters: ClusterConfig[]; errors: string[] }> {
  const clusters: ClusterConfig[] = [];
  const errors: string[] = [];
  for (const row of await db.managedCluster.findMany({ orderBy: { name: 'asc' } })) {
    let spec: unknown;
    try {
      spec = JSON.parse(row.spec);
    } catch {
      errors.push(`managed cluster "${row.name}": stored spec is not JSON; not started`);
      continue;
    }
    const v = validateManagedCluster(spec, fileClusters);
    if (v.ok) clusters.push(v.cluster);
    else errors.push(`managed cluster "${row.name}": ${v.error}; not started`);
  }
  return { clusters, errors };
}

export async function saveManagedCluster(db: Db, c: ClusterConfig): Promise<void> {
  const spec = JSON.stringify(c);
  const now = new Date();
  await db.managedCluster.upsert({ where: { name: c.name }, create: { name: c.name, spec, createdAt: now, updatedAt: now }, update: { spec, updatedAt: now } });
}

export async function deleteManagedCluster(db: Db, name: string): Promise<boolean> {
  return (await db.managedCluster.deleteMany({ where: { name } })).count > 0;
}

export async function managedClusterNames(db: Db): Promise<Set<string>> {
  return new Set((await db.managedCluster.findMany({ select: { name: true } })).map((r) => r.name));
}
