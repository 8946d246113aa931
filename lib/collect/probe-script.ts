// The one fixed, read-only script corowatch runs on a node per poll. Nothing configurable or user-supplied is
// ever interpolated into it. Each command's output is framed by marker lines so one exec returns everything:
//   @@corowatch begin <section>
//   ...output (stdout and stderr)...
//   @@corowatch end <section> rc=<exit code>
// Sections: clock (date +%s%N), cfgtool_s, cfgtool_n, cmap_stats, cmap_nodelist, quorumtool_s,
// bond:<ifname> for each /proc/net/bonding/* file; the script ends with "@@corowatch done".
export const MARK = '@@corowatch';

export const PROBE_SCRIPT = [
  'export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin',
  `m() { echo "${MARK} $*"; }`,
  // timeout: a stopped (SIGSTOP) corosync makes its tools block on IPC; never let one poll hang.
  'run() { n=$1; shift; m begin $n; timeout -k 1 2 "$@" 2>&1; m end $n rc=$?; }',
  'run clock date +%s%N',
  'run cfgtool_s corosync-cfgtool -s',
  'run cfgtool_n corosync-cfgtool -n',
  'run cmap_stats corosync-cmapctl -m stats stats.knet.',
  'run cmap_nodelist corosync-cmapctl -b nodelist',
  'run quorumtool_s corosync-quorumtool -s',
  'for f in /proc/net/bonding/*; do [ -r "$f" ] && run "bond:${f##*/}" cat "$f"; done',
  'm done',
].join('\n');

export const SECTION_NAMES = ['clock', 'cfgtool_s', 'cfgtool_n', 'cmap_stats', 'cmap_nodelist', 'quorumtool_s'] as const;
