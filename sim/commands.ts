// Exec requests on a simulated node: the exact probe script, the ping script, the log follower wrapper, and nothing else.
import type { ServerChannel } from 'ssh2';
import { MARK, PROBE_SCRIPT } from '../lib/collect/probe-script';
import { SAFE_COMMAND, followCommand } from '../lib/collect/follow-command';
import { PING_SCRIPT } from '../lib/collect/ping-script';
import { pingExec } from './ping';
import { renderLog, type LogStyle } from './node-log';
import { runTool, type ToolName } from './tools';
import type { SimCluster } from './cluster-state';
import type { SimNode } from './node';

const SECTIONS: ToolName[] = ['clock', 'cfgtool_s', 'cfgtool_n', 'cmap_stats', 'cmap_nodelist', 'quorumtool_s'];

/** What PROBE_SCRIPT prints on this node (no /proc/net/bonding here, so no bond:<if> sections). */
export function probeOutput(cluster: SimCluster, n: SimNode, now: number): string {
  if (n.garbage) return garbage(cluster, n);
  let out = '';
  for (const s of SECTIONS) {
    const r = runTool(cluster, n, s, now);
    out += `${MARK} begin ${s}\n${r.text}${MARK} end ${s} rc=${r.rc}\n`;
  }
  return `${out}${MARK} done\n`;
}

function garbage(cluster: SimCluster, n: SimNode): string {
  const r = cluster.rng;
  const lines = [
    `Last login: ${new Date().toUTCString()} from 10.0.0.${r.int(2, 250)}`,
    `-bash: warning: setlocale: LC_ALL: cannot change locale (${r.pick(['de_DE.UTF-8', 'fr_FR.UTF-8', 'xx_YY'])})`,
    `${n.name}: ${r.pick(['kernel: nf_conntrack: table full, dropping packet', 'systemd[1]: Started Session 4242 of user root.', 'pvestatd[1044]: status update time (5.123 seconds)'])}`,
    Array.from({ length: 6 }, () => r.int(0, 0xffffffff).toString(16).padStart(8, '0')).join(' '),
  ];
  return `${lines.join('\n')}\n`;
}

const [FOLLOW_PRE, FOLLOW_POST] = followCommand('@@CMD@@').split('@@CMD@@');

/** The log command inside a followCommand() wrapper, or null when `command` is not one. */
export function followedCommand(command: string): string | null {
  if (!command.startsWith(FOLLOW_PRE) || !command.endsWith(FOLLOW_POST)) return null;
  const inner = command.slice(FOLLOW_PRE.length, command.length - FOLLOW_POST.length);
  return inner && SAFE_COMMAND.test(inner) ? inner : null;
}

/** tail and journalctl both print 10 old lines unless told otherwise with -n. */
function initialLines(cmd: string): number {
  const m = /(?:^|\s)(?:-n\s*|--lines=)(\d+)(?:\s|$)/.exec(cmd);
  return m ? Number(m[1]) : 10;
}

export function handleExec(cluster: SimCluster, n: SimNode, command: string, ch: ServerChannel): void {
  if (command === PROBE_SCRIPT) {
    ch.write(probeOutput(cluster, n, Date.now()));
    ch.exit(0);
    ch.end();
    return;
  }
  if (command === PING_SCRIPT) {
    pingExec(cluster, n, ch);
    return;
  }
  const inner = followedCommand(command);
  if (inner !== null) {
    follow(n, inner, ch);
    return;
  }
  const word = command.trim().split(/\s+/)[0] ?? '';
  ch.stderr.write(`sh: 1: ${word}: not found\n`);
  ch.exit(127);
  ch.end();
}

/** Streams the node's corosync log until the client sends EOF (the wrapper's `cat` ends) or closes the channel. */
function follow(n: SimNode, inner: string, ch: ServerChannel): void {
  const style: LogStyle = /^journalctl\b/.test(inner) ? 'journal' : 'file';
  let open = true;
  for (const r of n.log.tail(initialLines(inner))) ch.write(`${renderLog(r, style)}\n`);
  const unsubscribe = n.log.subscribe((r) => {
    if (open) ch.write(`${renderLog(r, style)}\n`);
  });
  const finish = (sendExit: boolean) => {
    if (!open) return;
    open = false;
    unsubscribe();
    if (sendExit) {
      ch.exit(0);
      ch.end();
    }
  };
  ch.on('data', () => {}); // stdin is drained like `cat >/dev/null`
  ch.on('end', () => finish(true));
  ch.on('close', () => finish(false));
  ch.on('error', () => finish(false));
}
