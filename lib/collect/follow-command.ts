// The long-lived exec that follows corosync's log. The configured command runs in the background and the
// script waits on its own stdin: when the SSH channel or connection goes away, stdin reaches EOF and the
// follower is killed, so nothing is left running on the node (no pty needed, so output stays byte-exact).
export const DEFAULT_LOG_COMMAND = 'journalctl -u corosync -f -n 0 -o short-iso-precise';

// The log command comes from the admin's config file, never from a browser, and is still restricted to
// words without shell syntax so it cannot chain other commands.
export const SAFE_COMMAND = /^[A-Za-z0-9 _./=:,@+-]+$/;

export function followCommand(logCommand: string): string {
  if (!SAFE_COMMAND.test(logCommand)) throw new Error(`unsafe log command: ${JSON.stringify(logCommand)}`);
  return `exec 2>&1; ${logCommand} & p=$!; trap 'kill $p 2>/dev/null' EXIT HUP TERM; cat >/dev/null`;
}
