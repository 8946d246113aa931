// The fixed script of the one long-lived exec that measures RTT over every knet link of a node. It reads the
// peers' link addresses from the node's own corosync nodelist (nothing is interpolated from corowatch), starts
// one `ping -n -D -O -i <interval>` per peer and link, and tags each output line with "<peer nodeid> <link> " (sed,
// not a shell read loop: a shell reads a pipe byte by byte, which cost the node several % of a core).
// OpenSSH allows ~10 channels per connection, so all pings share this one. When the channel or connection
// closes, stdin reaches EOF and `kill 0` ends the whole process group: nothing is left running on the node.
export const PING_INTERVAL_S = 0.2;

/**
 * Seconds between pings to each target, by the number of targets (peers × links): 5 per second on small clusters,
 * fewer on big ones, so neither the node nor corowatch handles more than ~50 replies per node per second
 * (a 32-node cluster with 2 links: 62 targets at 1/s). The script computes the same in shell.
 */
export function pingIntervalS(targets: number): number {
  return targets <= 8 ? PING_INTERVAL_S : targets <= 24 ? 0.5 : 1;
}

export const PING_SCRIPT = [
  'export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin',
  'trap "kill 0" EXIT HUP TERM',
  'pos=$(corosync-cmapctl -g nodelist.local_node_pos 2>/dev/null | sed -n "s/.* = //p")',
  '[ -n "$pos" ] || { echo "@@corowatch ping: cannot read nodelist.local_node_pos"; exit 1; }',
  'list=$(corosync-cmapctl -b nodelist.node. 2>/dev/null | sed -n "s/^nodelist\\.node\\.\\([0-9]*\\)\\.\\(nodeid\\|ring[0-9]_addr\\) ([a-z0-9]*) = \\(.*\\)$/\\1 \\2 \\3/p")',
  't=$(printf "%s\\n" "$list" | grep -v "^$pos " | grep -c " ring[0-9]_addr ")',
  'iv=0.2; [ "$t" -gt 8 ] && iv=0.5; [ "$t" -gt 24 ] && iv=1',
  'printf "%s\\n" "$list" | { n=0; while read -r p key val; do',
  '  case "$key" in ring[0-9]_addr) ;; *) continue ;; esac',
  '  [ "$p" = "$pos" ] && continue',
  '  case "$val" in *[!A-Za-z0-9.:-]*) continue ;; esac',
  '  id=$(printf "%s\\n" "$list" | sed -n "s/^$p nodeid //p")',
  '  case "$id" in ""|*[!0-9]*) continue ;; esac',
  '  link=${key#ring}; link=${link%_addr}',
  // ping exits when the link has no route at start: keep one running per target
  '  ( while :; do ping -n -D -O -i "$iv" "$val" 2>&1; sleep 1; done | sed -u "s/^/$id $link /" ) &',
  '  n=$((n+1))',
  'done; echo "@@corowatch ping: $n targets"; }',
  'cat >/dev/null',
].join('\n');
