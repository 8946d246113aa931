// The fixed script of the one long-lived exec that measures RTT over every knet link of a node. It reads the
// peers' link addresses from the node's own corosync nodelist (nothing is interpolated from corowatch), starts
// one `ping -n -D -O -i 0.2` per peer and link, and tags each output line with "<peer nodeid> <link> ".
// OpenSSH allows ~10 channels per connection, so all pings share this one. When the channel or connection
// closes, stdin reaches EOF and `kill 0` ends the whole process group: nothing is left running on the node.
export const PING_INTERVAL_S = 0.2;

export const PING_SCRIPT = [
  'export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin',
  'trap "kill 0" EXIT HUP TERM',
  'pos=$(corosync-cmapctl -g nodelist.local_node_pos 2>/dev/null | sed -n "s/.* = //p")',
  '[ -n "$pos" ] || { echo "@@corowatch ping: cannot read nodelist.local_node_pos"; exit 1; }',
  'list=$(corosync-cmapctl -b nodelist.node. 2>/dev/null | sed -n "s/^nodelist\\.node\\.\\([0-9]*\\)\\.\\(nodeid\\|ring[0-9]_addr\\) ([a-z0-9]*) = \\(.*\\)$/\\1 \\2 \\3/p")',
  'printf "%s\\n" "$list" | { n=0; while read -r p key val; do',
  '  case "$key" in ring[0-9]_addr) ;; *) continue ;; esac',
  '  [ "$p" = "$pos" ] && continue',
  '  case "$val" in *[!A-Za-z0-9.:-]*) continue ;; esac',
  '  id=$(printf "%s\\n" "$list" | sed -n "s/^$p nodeid //p")',
  '  link=${key#ring}; link=${link%_addr}',
  // ping exits when the link has no route at start: keep one running per target
  `  ( while :; do ping -n -D -O -i ${PING_INTERVAL_S} "$val" 2>&1; sleep 1; done | while IFS= read -r l; do echo "$id $link $l"; done ) &`,
  '  n=$((n+1))',
  'done; echo "@@corowatch ping: $n targets"; }',
  'cat >/dev/null',
].join('\n');
