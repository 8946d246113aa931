#!/usr/bin/env bash
# Per-node init. Runs as: ip netns exec pveN unshare --mount --uts -- node-init.sh NODE NODEDIR PIDFILE CMD...
# Inside the fresh mount + UTS namespaces it bind-mounts the node's own directories over the paths
# corosync hard-codes (/var/run/corosync.pid, /etc/corosync, ...), sets the hostname, records its
# own pid and execs CMD, so the recorded pid is the daemon's. /dev/shm stays shared on purpose:
# the corosync tools exchange data with the daemon through files there.
set -euo pipefail

node=$1 nodedir=$2 pidfile=$3
shift 3

# unshare --mount already makes the new namespace's mounts private; be explicit anyway so
# nothing below propagates back to the host.
mount --make-rprivate /
mount --bind "$nodedir/etc" /etc/corosync
mount --bind "$nodedir/lib" /var/lib/corosync
mount --bind "$nodedir/log" /var/log/corosync
mount --bind "$nodedir/run" /run          # /var/run -> /run on Debian
hostname "$node"

echo $$ >"$pidfile"
exec "$@"
