import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfigFile } from '../config/load';
import type { CorowatchConfig } from '../config/schema';

export interface ConfigSource {
  config: CorowatchConfig;
  file: string;
  demo: { close(): Promise<void> } | null;
}

/**
 * COROWATCH_CONFIG, else ./corowatch.yaml, else demo mode: a simulated cluster behind real SSH on 127.0.0.1.
 * The simulator is only imported here, so nothing in the collectors knows it exists.
 */
export async function resolveConfig(cwd = process.cwd()): Promise<ConfigSource> {
  const explicit = process.env.COROWATCH_CONFIG;
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, 'corowatch.yaml');
  if (explicit || existsSync(file)) return { config: loadConfigFile(file), file, demo: null };
  const dir = resolve(cwd, 'data', 'demo');
  mkdirSync(dir, { recursive: true });
  const { startDemoCluster } = await import('../../sim/index');
  const demo = await startDemoCluster({ dir });
  const demoFile = resolve(dir, 'corowatch.yaml');
  writeFileSync(demoFile, demo.configYaml());
  return { config: loadConfigFile(demoFile), file: demoFile, demo };
}
