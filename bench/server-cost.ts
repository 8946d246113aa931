// What 1 Hz polling of a simulated N-node cluster costs corowatch's server process: SSH (crypto included), the
// probe, the log followers and the ping streams, parsing, the model, detectors and the store. The simulator runs in
// its own process so only corowatch is measured.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile } from '../lib/config/load';
import { Runtime } from '../lib/runtime/runtime';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function serverCost(nodes: number, measureMs = 30_000): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), `cw-bench-${nodes}-`));
  const sim = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, '..', 'sim', 'main.ts'), '--dir', dir, '--nodes', String(nodes), '--no-scenario'], { stdio: 'ignore' });
  try {
    const cfgFile = join(dir, 'corowatch.yaml');
    for (let i = 0; i < 600 && !existsSync(cfgFile); i++) await sleep(100);
    const rt = await Runtime.start(loadConfigFile(cfgFile), { databaseUrl: `file:${join(dir, 'db.sqlite')}` });
    let pingLines = 0;
    for (const c of rt.clusters) {
      const orig = c.pingLine.bind(c);
      c.pingLine = (n, l, t) => {
        pingLines++;
        orig(n, l, t);
      };
    }
    for (let i = 0; i < 300; i++) {
      if (rt.snapshot().clusters[0].nodes.every((n) => n.reachable && n.lastPollAt !== null)) break;
      await sleep(100);
    }
    await sleep(5000); // warm-up: JIT, first samples
    const samples0 = rt.writer.written.links;
    pingLines = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const heap0 = process.memoryUsage().rss;
    await sleep(measureMs);
    const cpu = process.cpuUsage(cpu0);
    const wall = performance.now() - t0;
    const out = {
      nodes,
      core_fraction: (cpu.user + cpu.system) / 1000 / wall,
      ping_lines_per_s: (pingLines / wall) * 1000,
      link_samples_per_s: ((rt.writer.written.links - samples0) / wall) * 1000,
      rss_mib: process.memoryUsage().rss / 2 ** 20,
      rss_growth_mib: (process.memoryUsage().rss - heap0) / 2 ** 20,
    };
    await rt.stop();
    return out;
  } finally {
    sim.kill('SIGTERM');
  }
}
