import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import { configSchema, type CorowatchConfig } from './schema';

export class ConfigError extends Error {}

function describeIssues(file: string, issues: z.core.$ZodIssue[]): string {
  const lines = issues.map((i) => `  ${i.path.length ? i.path.join('.') : '(top level)'}: ${i.message}`);
  return `invalid config ${file}:\n${lines.join('\n')}`;
}

/** Parses and validates config text; relative paths are resolved against the config file's directory. */
export function parseConfig(text: string, file = 'corowatch.yaml'): CorowatchConfig {
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (e) {
    throw new ConfigError(`invalid config ${file}: not valid YAML: ${(e as Error).message}`);
  }
  const result = configSchema.safeParse(raw);
  if (!result.success) throw new ConfigError(describeIssues(file, result.error.issues));
  const base = dirname(resolve(file));
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(base, p));
  const cfg = result.data;
  return {
    ...cfg,
    knownHosts: abs(cfg.knownHosts),
    clusters: cfg.clusters.map((c) => ({ ...c, nodes: c.nodes.map((n) => ({ ...n, identityFile: abs(n.identityFile) })) })),
  };
}

export function loadConfigFile(file: string): CorowatchConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read config ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseConfig(text, file);
}
