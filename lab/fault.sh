#!/usr/bin/env bash
# lab/fault.sh SUBCOMMAND NODE [ARG] -- inject a fault into the running lab. NODE is pveN or N.
#   link-down NODE LINK   ip -n NODE link set LINK down   (LINK: 0, 1, link0, link1 or mgmt)
#   link-up   NODE LINK   ip -n NODE link set LINK up
#   pause     NODE MS     SIGSTOP the node's corosync, sleep MS milliseconds, SIGCONT
#   kill      NODE        kill -9 the node's corosync, remove its /dev/shm blackbox, wait until reaped
#   start     NODE        start corosync again in the node's namespaces
#   sshd-stop  NODE       stop the node's sshd listener (open sessions stay, as with systemctl stop ssh)
#   sshd-kill  NODE       kill the node's sshd listener and every session it spawned (node unreachable)
#   sshd-start NODE       start the node's sshd again
# Every action is printed with a unix timestamp (date +%s.%N).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

usage() { sed -n '2,11s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2; exit 2; }

(($# >= 2)) || usage
cmd=$1
require_root
node=$(node_name "$2")

link_name() {
  case "$1" in
    0 | link0) echo link0 ;;
    1 | link1) echo link1 ;;
    mgmt) echo mgmt ;;
    *) die "bad link '$1' (0, 1, link0, link1 or mgmt)" ;;
  esac
}

case "$cmd" in
  link-down | link-up)
    (($# == 3)) || usage
    ifc=$(link_name "$3")
    state=${cmd#link-}
    ip -n "$node" link set "$ifc" "$state"
    log "$node: link $ifc $state"
    ;;

  pause)
    (($# == 3)) && [[ $3 =~ ^[0-9]+$ ]] || usage
    pid=$(live_pid "$node" corosync)
    [[ -n $pid ]] || die "$node: corosync is not running"
    trap 'kill -CONT "$pid" 2>/dev/null || true' EXIT INT TERM
    kill -STOP "$pid"
    log "$node: corosync pid $pid stopped (SIGSTOP) for $3 ms"
    sleep "$(awk -v ms="$3" 'BEGIN { printf "%.3f", ms / 1000 }')"
    kill -CONT "$pid" 2>/dev/null || die "$node: corosync pid $pid vanished during the pause"
    log "$node: corosync pid $pid continued (SIGCONT)"
    ;;

  kill)
    (($# == 2)) || usage
    pid=$(live_pid "$node" corosync)
    [[ -n $pid ]] || die "$node: corosync is not running"
    kill -KILL "$pid"
    log "$node: corosync pid $pid killed (SIGKILL)"
    remove_shm_files "$pid"
    wait_gone "$pid" 10 || die "$node: corosync pid $pid still alive after SIGKILL"
    rm -f "$(node_dir "$node")/corosync.pid"
    log "$node: corosync pid $pid gone, /dev/shm/qb-corosync-$pid-blackbox-* removed"
    ;;

  start)
    (($# == 2)) || usage
    pid=$(live_pid "$node" corosync)
    [[ -z $pid ]] || die "$node: corosync is already running (pid $pid)"
    pid=$(start_corosync "$node")
    log "$node: corosync started, pid $pid"
    ;;

  sshd-stop)
    (($# == 2)) || usage
    pid=$(kill_recorded "$node" sshd TERM)
    [[ -n $pid ]] || die "$node: sshd is not running"
    rm -f "$(node_dir "$node")/sshd.pid"
    log "$node: sshd pid $pid stopped (SIGTERM)"
    ;;

  sshd-kill)
    (($# == 2)) || usage
    pid=$(live_pid "$node" sshd)
    [[ -n $pid ]] || die "$node: sshd is not running"
    victims=("$pid" $(descendants_of "$pid"))
    kill -KILL "${victims[@]}" 2>/dev/null || true
    for v in "${victims[@]}"; do wait_gone "$v" 10 || true; done
    rm -f "$(node_dir "$node")/sshd.pid"
    log "$node: sshd and its sessions killed (pids ${victims[*]})"
    ;;

  sshd-start)
    (($# == 2)) || usage
    pid=$(live_pid "$node" sshd)
    [[ -z $pid ]] || die "$node: sshd is already running (pid $pid)"
    pid=$(start_sshd "$node")
    log "$node: sshd started, pid $pid, listening on $MGMT_NET.$(node_id "$node"):22"
    ;;

  *) usage ;;
esac
