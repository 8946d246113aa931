// The long-lived exec that follows corosync's log. The configured command runs in the background and the
// script waits on its own stdin: when the SSH channel or connection goes away, stdin reaches EOF and the
// follower is killed, so nothing is left running on the node (no pty needed, so output stays byte-exact).
export const DEFAULT_LOG_COMMAND = 'journalctl -u corosync -f -n 0 -o short-iso-precise';
/**
 * What a cluster added in the web UI may follow: a fixed list, because the UI is reachable over the network and
 * nothing typed there may reach a node's shell (corowatch.yaml, written by whoever runs corowatch, may name others).
 */
export const LOG_COMMAND_CHOICES = [DEFAULT_LOG_COMMAND, 'tail -F -n 0 /var/log/corosync/corosync.log'] as const;

// The log command comes from the admin's config file, never from a browser, and is still restricted to
// words without shell syntax so it cannot chain other commands.
export const SAFE_COMMAND = /^[A-Za-z0-9 _./=:,@+-]+$/;

export function followCommand(logCommand: string): string {
  if (!SAFE_COMMAND.test(logCommand)) throw new Error(`unsafe log command: ${JSON.stringify(logCommand)}`);
  return `exec 2>&1; ${logCommand} & p=$!; trap 'kill $p 2>/dev/null' EXIT HUP TERM; cat >/dev/null`;
}
