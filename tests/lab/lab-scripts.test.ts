// Integration test of lab/up.sh, lab/fault.sh and lab/down.sh: builds a real 3-node corosync/knet
// cluster in network namespaces, talks to it over SSH like the monitor does, injects a link fault
// and tears everything down. Needs root and Debian's corosync + openssh-server.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');
const LAB = join(ROOT, 'lab');
const STATE = join(LAB, 'state');
const N = 3;
const NODES = Array.from({ length: N }, (_, i) => `pve${i + 1}`);
const LOG = '/var/log/corosync/corosync.log';

function skipReason(): string | null {
  if (process.platform !== 'linux') return 'the lab needs Linux network namespaces';
  if (process.getuid?.() !== 0) return 'the lab needs root (network namespaces, bind mounts)';
  if (!existsSync('/usr/sbin/corosync')) {
    return 'corosync is not installed (apt-get install -y corosync openssh-server iproute2)';
  }
  return null;
}
const reason = skipReason();
const suite = reason ? describe.skip : describe;

function ssh(node: string, command: string, timeoutMs = 15_000) {
  const host = `10.77.1.${node.replace('pve', '')}`;
  return run(
    'ssh',
    [
      '-i', join(STATE, 'id_ed25519'),
      '-o', `UserKnownHostsFile=${join(STATE, 'known_hosts')}`,
      '-o', 'StrictHostKeyChecking=yes',
      '-o', 'BatchMode=yes',
      '-o', 'ConnectTimeout=5',
      '-o', 'LogLevel=ERROR',
      `root@${host}`,
      command,
    ],
    { timeout: timeoutMs },
  );
}

function lab(script: string, args: string[], timeoutMs = 120_000) {
  return run('bash', [join(LAB, script), ...args], { cwd: ROOT, timeout: timeoutMs });
}

/** Poll pve1's corosync.log (via ssh) from byte `offset` until every pattern has appeared. */
async function waitForLog(offset: number, patterns: string[], timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let text = '';
  while (Date.now() < deadline) {
    text = (await ssh('pve1', `tail -c +${offset + 1} ${LOG}`)).stdout;
    if (patterns.every((p) => text.includes(p))) return text;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`pve1 log did not show ${JSON.stringify(patterns)} within ${timeoutMs} ms:\n${text}`);
}

async function logSize(): Promise<number> {
  return Number((await ssh('pve1', `stat -c %s ${LOG}`)).stdout.trim());
}

function recordedPids(): number[] {
  const dir = join(STATE, 'nodes');
  if (!existsSync(dir)) return [];
  const pids: number[] = [];
  for (const node of readdirSync(dir)) {
    for (const kind of ['corosync', 'sshd']) {
      const f = join(dir, node, `${kind}.pid`);
      if (existsSync(f)) pids.push(Number(readFileSync(f, 'utf8').trim()));
    }
  }
  return pids;
}

/** true if PID exists and is not a zombie */
function alive(pid: number): boolean {
  try {
    const state = /^State:\s+(\S)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return state !== undefined && state !== 'Z' && state !== 'X';
  } catch {
    return false;
  }
}

suite(`lab scripts (real corosync cluster)${reason ? ` -- skipped: ${reason}` : ''}`, () => {
  beforeAll(async () => {
    await lab('up.sh', [String(N)]);
  }, 180_000);

  afterAll(async () => {
    const pids = recordedPids();
    await lab('down.sh', []);
    const { stdout } = await run('ip', ['netns', 'list']);
    const names = stdout.split('\n').map((l) => l.split(' ')[0]);
    for (const ns of [...NODES, 'pvelab-br']) expect(names).not.toContain(ns);
    // killed daemons may be zombies for ~2 s until init reaps them; alive() ignores zombies
    for (const pid of pids) expect(alive(pid), `pid ${pid} still alive after down.sh`).toBe(false);
    expect(existsSync(join(STATE, 'lab.env'))).toBe(false);
  }, 60_000);

  it('writes corowatch.yaml, known_hosts and the client key', () => {
    const yaml = readFileSync(join(STATE, 'corowatch.yaml'), 'utf8');
    expect(yaml).toContain(`knownHosts: ${join(STATE, 'known_hosts')}`);
    expect(yaml).toContain('logCommand: tail -F -n 0 /var/log/corosync/corosync.log');
    for (const [i, node] of NODES.entries()) {
      expect(yaml).toContain(
        `- { name: ${node}, host: 10.77.1.${i + 1}, port: 22, user: root, identityFile: ${join(STATE, 'id_ed25519')} }`,
      );
    }
    const knownHosts = readFileSync(join(STATE, 'known_hosts'), 'utf8');
    for (let i = 1; i <= N; i++) expect(knownHosts).toMatch(new RegExp(`^10\\.77\\.1\\.${i} ssh-ed25519 `, 'm'));
  });

  it.each(NODES)('%s answers corosync-cfgtool -s over ssh with every peer connected', async (node) => {
    const { stdout } = await ssh(node, 'hostname; corosync-cfgtool -s');
    const [hostname] = stdout.split('\n');
    expect(hostname).toBe(node);
    expect(stdout).toContain(`Local node ID ${node.replace('pve', '')}, transport knet`);
    expect(stdout).toContain('LINK ID 0 udp');
    expect(stdout).toContain('LINK ID 1 udp');
    const statuses = [...stdout.matchAll(/nodeid:\s+(\d+):\s+(\S+)/g)].map((m) => m[2]);
    expect(statuses).toHaveLength(2 * N); // N entries per link
    for (const s of statuses) expect(['connected', 'localhost']).toContain(s);
  });

  it('link-down pve3 0 shows up in pve1 log, link-up brings link 0 back', async () => {
    // knet detects a dead link after ~1.2-2 s once settled, up to ~6 s within ~10 s of the link
    // (re)coming up (pong timeout backoff); wait generously
    let offset = await logSize();
    await lab('fault.sh', ['link-down', 'pve3', '0']);
    await waitForLog(offset, ['link: host: 3 link: 0 is down', 'host: 3 (passive) best link: 1'], 15_000);
    const { stdout } = await ssh('pve1', 'corosync-quorumtool -s');
    expect(stdout).toMatch(/^Quorate:\s+Yes/m); // link 1 still carries the cluster

    offset = await logSize();
    await lab('fault.sh', ['link-up', 'pve3', '0']);
    await waitForLog(offset, ['host: 3 link: 0 is up', 'host: 3 (passive) best link: 0'], 15_000);
  }, 60_000);
});
