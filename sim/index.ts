// Demo cluster: a simulated N-node Proxmox corosync 3.1.7 cluster behind real SSH servers on 127.0.0.1.
import { resolve } from 'node:path';
import { SimCluster, TICK_MS } from './cluster-state';
import { handleExec } from './commands';
import { clientKeyPath, ensureDir, hostKeyPath, keyTypeAndBlob, loadOrCreateKey, previousPorts, writeKnownHosts } from './keys';
import { Scenario } from './scenario';
import { NodeSshServer } from './ssh-server';

export interface DemoClusterOptions {
  dir: string;
  nodes?: number;
  clusterName?: string;
  scenario?: boolean; // default true
  seed?: number;
  faultEveryMs?: number;
  /** first scenario link failure after this many ms (default min(40 s, faultEveryMs)) */
  firstFaultMs?: number;
  /** length of a scenario link failure (default min(20 s, 60 % of faultEveryMs)) */
  faultDurationMs?: number;
}

export interface DemoCluster {
  knownHostsPath: string;
  identityFile: string;
  nodes: Array<{ name: string; host: string; port: number; user: string }>;
  configYaml(opts?: { pollIntervalMs?: number }): string;
  /** manual fault, like `ip link set linkX down` on that node */
  setLinkDown(node: string, link: number, down: boolean): void;
  /** that node's probe answers garbage (non-corosync text) instead */
  setGarbage(node: string, on: boolean): void;
  /** close/reopen that node's SSH server on the same port, dropping live connections */
  stopSsh(node: string): Promise<void>;
  startSsh(node: string): Promise<void>;
  /** extra: stop corosync on a node, gracefully (`corosync-cfgtool -H --force`, default) or like kill -9 */
  stopCorosync(node: string, opts?: { graceful?: boolean }): void;
  /** extra: start corosync again on a stopped node (new pid, fresh knet counters, rejoins) */
  startCorosync(node: string): void;
  /** extra: a few seconds of elevated RTT on every path of that node's link */
  jitterSpike(node: string, link: number, opts?: { durationMs?: number; extraUs?: number }): void;
  /** SSH connections, authentication attempts and execs seen by that node's server */
  sshStats(node: string): { connections: number; authAttempts: number; execs: number };
  close(): Promise<void>;
}

const HOST = '127.0.0.1';
const USER = 'root';
const LOG_COMMAND = 'tail -F -n 0 /var/log/corosync/corosync.log';

const yamlStr = (s: string) => (/^[A-Za-z0-9_./-]+$/.test(s) ? s : JSON.stringify(s));

export async function startDemoCluster(opts: DemoClusterOptions): Promise<DemoCluster> {
  const dir = resolve(opts.dir);
  ensureDir(dir);
  const count = opts.nodes ?? 3;
  if (!Number.isInteger(count) || count < 1 || count > 64) throw new Error(`nodes must be 1..64, got ${count}`);
  const clusterName = opts.clusterName ?? 'demo';
  const sim = new SimCluster({ nodes: count, seed: opts.seed ?? Math.floor(Math.random() * 2 ** 31) });
  const client = loadOrCreateKey(clientKeyPath(dir), 'corowatch-demo');
  const oldPorts = previousPorts(dir);

  const servers = new Map<string, NodeSshServer>();
  const entries: Array<{ host: string; port: number; publicLine: string }> = [];
  try {
    for (const n of sim.nodes) {
      const hk = loadOrCreateKey(hostKeyPath(dir, n.name), `root@${n.name}`);
      const srv = new NodeSshServer({ hostKey: hk.privateKey, clientKey: client.parsed, user: USER, onExec: (cmd, ch) => handleExec(sim, n, cmd, ch) });
      servers.set(n.name, srv);
      const wanted = oldPorts.get(keyTypeAndBlob(hk.publicLine)) ?? 0;
      const port = await srv.start(wanted).catch(() => srv.start(0));
      entries.push({ host: HOST, port, publicLine: hk.publicLine });
    }
  } catch (e) {
    await Promise.all([...servers.values()].map((s) => s.stop()));
    throw e;
  }
  const knownHostsPath = writeKnownHosts(dir, entries);
  const identityFile = clientKeyPath(dir);

  const scenario = opts.scenario === false ? null : new Scenario(sim, Date.now(), { faultEveryMs: opts.faultEveryMs, firstFaultMs: opts.firstFaultMs, faultDurationMs: opts.faultDurationMs });
  const timer = setInterval(() => {
    const now = Date.now();
    scenario?.tick(now);
    sim.tick(now);
  }, TICK_MS);
  timer.unref();

  const server = (name: string) => {
    const s = servers.get(name);
    if (!s) throw new Error(`no such node: ${name}`);
    return s;
  };
  const nodes = sim.nodes.map((n) => ({ name: n.name, host: HOST, port: server(n.name).port, user: USER }));

  return {
    knownHostsPath,
    identityFile,
    nodes,
    configYaml({ pollIntervalMs = 1000 } = {}) {
      const lines = [
        `knownHosts: ${yamlStr(knownHostsPath)}`,
        'clusters:',
        `  - name: ${yamlStr(clusterName)}`,
        `    pollIntervalMs: ${pollIntervalMs}`,
        `    logCommand: ${LOG_COMMAND}`,
        '    nodes:',
        ...nodes.map((n) => `      - { name: ${n.name}, host: ${n.host}, port: ${n.port}, user: ${n.user}, identityFile: ${yamlStr(identityFile)} }`),
      ];
      return `${lines.join('\n')}\n`;
    },
    sshStats: (node) => ({ ...server(node).stats }),
    setLinkDown: (node, link, down) => sim.setIfaceDown(node, link, down, 'manual'),
    setGarbage: (node, on) => {
      sim.node(node).garbage = on;
    },
    stopSsh: (node) => server(node).stop(),
    startSsh: async (node) => {
      const s = server(node);
      await s.start(s.port);
    },
    stopCorosync: (node, o) => sim.stopNode(Date.now(), sim.node(node), o?.graceful !== false),
    startCorosync: (node) => sim.startNode(Date.now(), sim.node(node)),
    jitterSpike: (node, link, o) => sim.addJitter(node, link, Date.now(), o?.durationMs ?? 4000, o?.extraUs ?? 12000),
    async close() {
      clearInterval(timer);
      scenario?.stop();
      await Promise.all([...servers.values()].map((s) => s.stop()));
    },
  };
}
