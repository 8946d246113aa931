// The one fixed, read-only script corowatch runs on a node per poll. Nothing configurable or user-supplied is
// ever interpolated into it. Each command's output is framed by marker lines so one exec returns everything:
//   @@corowatch begin <section>
//   ...output (stdout and stderr)...
//   @@corowatch end <section> rc=<exit code>
// Sections: clock (date +%s%N), cfgtool_s, cfgtool_n, cmap_stats, cmap_nodelist, quorumtool_s,
// bond:<ifname> for each /proc/net/bonding/* file; the script ends with "@@corowatch done".
export const MARK = '@@corowatch';

/** The knet counters corowatch uses; the other ~25 per link are dropped on the node (a 32-node cluster has
 * 62 peer links per node, so this is most of a poll's bytes). Lines not starting with "s" (errors) are kept.
 * A POSIX ERE that means the same in JavaScript. */
export const KNET_STATS_KEPT =
  '^([^s]|stats\\.knet\\.node[0-9]+\\.link[0-9]+\\.(connected|enabled|mtu|latency_ave|latency_max|latency_min|latency_samples|down_count|up_count|rx_pong_packets|rx_data_packets|tx_data_packets|rx_total_bytes|tx_total_bytes) )';

export const PROBE_SCRIPT = [
  'export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin',
  `m() { echo "${MARK} $*"; }`,
  // timeout: a stopped (SIGSTOP) corosync makes its tools block on IPC; never let one poll hang.
  'run() { n=$1; shift; m begin $n; timeout -k 1 2 "$@" 2>&1; m end $n rc=$?; }',
  'run clock date +%s%N',
  'run cfgtool_s corosync-cfgtool -s',
  'run cfgtool_n corosync-cfgtool -n',
  `run cmap_stats sh -c 'o=$(corosync-cmapctl -m stats stats.knet. 2>&1); rc=$?; printf "%s\\n" "$o" | grep -E "${KNET_STATS_KEPT}"; exit $rc'`,
  'run cmap_nodelist corosync-cmapctl -b nodelist',
  'run quorumtool_s corosync-quorumtool -s',
  'for f in /proc/net/bonding/*; do [ -r "$f" ] && run "bond:${f##*/}" cat "$f"; done',
  'm done',
].join('\n');

export const SECTION_NAMES = ['clock', 'cfgtool_s', 'cfgtool_n', 'cmap_stats', 'cmap_nodelist', 'quorumtool_s'] as const;
