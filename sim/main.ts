// CLI: npx tsx sim/main.ts --dir data/demo [--nodes 3] [--seed 42] [--no-scenario] [--fault-every-ms 180000]
// Starts the demo cluster, writes <dir>/corowatch.yaml and runs until SIGINT/SIGTERM.
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoCluster } from './index';

const { values } = parseArgs({
  options: {
    dir: { type: 'string', default: 'data/demo' },
    nodes: { type: 'string', default: '3' },
    seed: { type: 'string' },
    'cluster-name': { type: 'string', default: 'demo' },
    'no-scenario': { type: 'boolean', default: false },
    'fault-every-ms': { type: 'string' },
    'poll-interval-ms': { type: 'string', default: '1000' },
  },
});

const num = (s: string | undefined) => (s === undefined ? undefined : Number(s));
const dir = resolve(values.dir!);
const demo = await startDemoCluster({
  dir,
  nodes: num(values.nodes),
  seed: num(values.seed),
  clusterName: values['cluster-name'],
  scenario: !values['no-scenario'],
  faultEveryMs: num(values['fault-every-ms']),
});
const configPath = join(dir, 'corowatch.yaml');
writeFileSync(configPath, demo.configYaml({ pollIntervalMs: num(values['poll-interval-ms']) }));
for (const n of demo.nodes) console.log(`${n.name}: ssh -i ${demo.identityFile} -o UserKnownHostsFile=${demo.knownHostsPath} -p ${n.port} ${n.user}@${n.host}`);
console.log(`config: ${configPath}`);

let closing = false;
const shutdown = () => {
  if (closing) return;
  closing = true;
  demo.close().then(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
