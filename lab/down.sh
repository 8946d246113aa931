#!/usr/bin/env bash
# lab/down.sh [--purge] -- tear down the lab that lab/up.sh built.
# Kills only the daemons whose pids are recorded under lab/state/nodes/*/ (and the SSH session
# processes those sshd's spawned), removes their /dev/shm files, deletes the namespaces and host
# veth listed in lab/state/lab.env. Safe to run twice and when nothing is up.
# Keeps lab/state/ keys (client key, host keys, authkey, known_hosts) and the last run's per-node
# logs so a re-up is fast and a failure can be inspected; --purge removes lab/state/ entirely.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PURGE=0
case "${1:-}" in
  "") ;;
  --purge) PURGE=1 ;;
  *) die "usage: lab/down.sh [--purge]" ;;
esac
require_root
T0=$(now)

if ! lab_is_up; then
  log "no lab is up (no lab/state/lab.env); nothing to tear down"
  if ((PURGE)); then rm -rf "$STATE_DIR"; log "removed $STATE_DIR"; fi
  exit 0
fi

killed=()
for ((i = 1; i <= LAB_N; i++)); do
  node="pve$i"
  d=$(node_dir "$node")
  for kind in sshd corosync; do
    pid=$(recorded_pid "$node" "$kind")
    [[ -n $pid ]] || continue
    if pid_is "$node" "$kind" "$pid"; then
      victims=("$pid")
      if [[ $kind == sshd ]]; then
        for c in $(descendants_of "$pid"); do victims+=("$c"); done
      fi
      kill -KILL "${victims[@]}" 2>/dev/null || true
      log "$node: killed $kind pid ${victims[*]}"
      killed+=("${victims[@]}")
    fi
    # blackbox/IPC files: only of a corosync we killed or of a pid no process has any more
    if [[ $kind == corosync ]] && { [[ ! -e /proc/$pid ]] || [[ " ${killed[*]} " == *" $pid "* ]]; }; then
      remove_shm_files "$pid"
    fi
    rm -f "$d/$kind.pid"
  done
done

for pid in ${killed[@]+"${killed[@]}"}; do
  wait_gone "$pid" 10 || log "WARNING: pid $pid still alive after SIGKILL"
done

# processes we did not start but that still live in a lab namespace: report, do not kill
for ns in $LAB_NAMESPACES; do
  [[ -e /run/netns/$ns ]] || continue
  others=$(ip netns pids "$ns" 2>/dev/null | tr '\n' ' ' || true)
  [[ -z ${others// /} ]] || log "WARNING: namespace $ns still has processes not started by the lab: $others(not killed)"
done

if ip link show "$LAB_HOST_VETH" >/dev/null 2>&1; then
  ip link del "$LAB_HOST_VETH"
  log "deleted host veth $LAB_HOST_VETH"
fi
for ns in $LAB_NAMESPACES; do
  if [[ -e /run/netns/$ns ]]; then
    ip netns del "$ns"
    log "deleted network namespace $ns"
  fi
done

rm -f "$LAB_ENV" "$STATE_DIR/corowatch.yaml" "$STATE_DIR/corowatch-open.yaml"
if ((PURGE)); then rm -rf "$STATE_DIR"; log "removed $STATE_DIR"; fi
log "lab is down ($(elapsed "$T0") s)"
