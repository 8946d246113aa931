# shellcheck shell=bash
# Shared helpers for lab/up.sh, lab/fault.sh and lab/down.sh. Source it; do not run it.
#
# Layout (see lab/README.md): one network namespace per node (pve1..pveN), one namespace
# "pvelab-br" holding the bridges mgmt/link0/link1, a host-side veth "pvelab-host" with
# 10.77.1.254/24 on the mgmt bridge. Every daemon of a node is started as
#   ip netns exec pveN unshare --mount --uts -- lab/node-init.sh ...
# and node-init.sh execs the daemon, so the recorded pid is the daemon's.

LAB_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
STATE_DIR="$LAB_DIR/state"
NODES_DIR="$STATE_DIR/nodes"
LAB_ENV="$STATE_DIR/lab.env"

BR_NS="pvelab-br"
HOST_VETH="pvelab-host"
HOST_ADDR="10.77.1.254/24"
MGMT_NET="10.77.1"
LINK0_NET="10.77.10"
LINK1_NET="10.77.20"
CLUSTER_NAME="lab"

# ---------------------------------------------------------------- output

now() { date +%s.%N; }

# log MESSAGE...: one line on stdout, prefixed with a unix timestamp (date +%s.%N)
log() { printf '%s %s\n' "$(now)" "$*"; }

die() { printf '%s ERROR: %s\n' "$(now)" "$*" >&2; exit 1; }

# elapsed START: seconds since START (a `now` value), 3 decimals
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }

# ---------------------------------------------------------------- checks

require_root() {
  [[ $(id -u) -eq 0 ]] || die "must run as root (network namespaces, bind mounts)"
}

require_tools() {
  local t missing=()
  for t in ip unshare setsid corosync corosync-keygen corosync-quorumtool corosync-cfgtool \
           /usr/sbin/sshd ssh ssh-keygen; do
    command -v "$t" >/dev/null 2>&1 || missing+=("$t")
  done
  ((${#missing[@]} == 0)) || die "missing: ${missing[*]} (Debian: apt-get install -y corosync openssh-server iproute2)"
}

# node_name ARG: accepts "pve3" or "3", prints "pve3"; dies if the node is not part of the lab
node_name() {
  local arg=$1 n
  if [[ $arg =~ ^pve([0-9]+)$ ]]; then n=${BASH_REMATCH[1]}
  elif [[ $arg =~ ^[0-9]+$ ]]; then n=$arg
  else die "bad node '$arg' (expected pveN or N)"; fi
  lab_is_up || die "no lab is up (run lab/up.sh)"
  ((n >= 1 && n <= LAB_N)) || die "node pve$n is not in this lab (1..$LAB_N)"
  echo "pve$n"
}

node_id() { echo "${1#pve}"; }
node_dir() { echo "$NODES_DIR/$1"; }

# ---------------------------------------------------------------- lab.env (what up.sh created)

# lab_is_up: true when lab/state/lab.env exists; loads LAB_N / LAB_NAMESPACES / LAB_HOST_VETH
lab_is_up() {
  [[ -f $LAB_ENV ]] || return 1
  # shellcheck disable=SC1090
  source "$LAB_ENV"
  return 0
}

# ---------------------------------------------------------------- processes

# pid_alive PID: the process exists and is not a zombie
pid_alive() {
  local st
  [[ -n ${1:-} && -r /proc/$1/status ]] || return 1
  st=$(awk '/^State:/ { print $2 }' "/proc/$1/status" 2>/dev/null) || return 1
  [[ -n $st && $st != Z && $st != X ]]
}

# pid_is NODE KIND PID: PID is a live KIND (corosync|sshd) process in NODE's network namespace.
# Guards against killing a recycled pid.
pid_is() {
  local node=$1 kind=$2 pid=$3 comm
  pid_alive "$pid" || return 1
  comm=$(cat "/proc/$pid/comm" 2>/dev/null) || return 1
  [[ $comm == "$kind" ]] || return 1
  # must live in the node's network namespace (after a reboot /run/netns/pveN is gone and a
  # stale pid file matches nothing)
  [[ -e /run/netns/$node ]] || return 1
  [[ $(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null) == "$(stat -L -c %i "/run/netns/$node" 2>/dev/null)" ]]
}

# recorded_pid NODE KIND: the pid recorded in lab/state/nodes/NODE/KIND.pid (empty if none)
recorded_pid() {
  local f; f="$(node_dir "$1")/$2.pid"
  [[ -f $f ]] && cat "$f" || true
}

# live_pid NODE KIND: the recorded pid if it is still that daemon, else empty
live_pid() {
  local pid; pid=$(recorded_pid "$1" "$2")
  if [[ -n $pid ]] && pid_is "$1" "$2" "$pid"; then echo "$pid"; fi
}

# wait_gone PID TIMEOUT_S: wait until PID is reaped (no /proc entry) or at least not a zombie.
# Killed daemons are zombies for a moment until the machine's init reaps them.
wait_gone() {
  local pid=$1 timeout=${2:-10} t0; t0=$(now)
  while [[ -e /proc/$pid ]]; do
    if awk -v a="$t0" -v b="$(now)" -v t="$timeout" 'BEGIN { exit !(b - a > t) }'; then
      pid_alive "$pid" && return 1   # still running
      return 0                       # zombie nobody reaps: dead enough
    fi
    sleep 0.05
  done
}

# remove_shm_files PID: blackbox and IPC files corosync PID left in /dev/shm (shared by all nodes)
remove_shm_files() {
  local pid=$1
  # libqb 2 keeps per-connection IPC in directories qb-<server pid>-<client pid>-<fd>-<random>
  rm -rf /dev/shm/qb-corosync-"$pid"-blackbox-* /dev/shm/qb-"$pid"-*
}

# start_in_node NODE KIND CMD...: start CMD as the node's KIND daemon in its own namespaces,
# record its pid in lab/state/nodes/NODE/KIND.pid and wait until it has exec'd CMD.
start_in_node() {
  local node=$1 kind=$2; shift 2
  local d; d=$(node_dir "$node")
  local pidfile="$d/$kind.pid" pid="" i
  rm -f "$pidfile"
  # setsid: own session, no controlling terminal; all fds redirected so callers (e.g. node's
  # child_process) never wait on a pipe a daemon inherited.
  setsid ip netns exec "$node" unshare --mount --uts -- \
    "$LAB_DIR/node-init.sh" "$node" "$d" "$pidfile" "$@" </dev/null >>"$d/$kind.out" 2>&1 &
  for ((i = 0; i < 200; i++)); do
    [[ -s $pidfile ]] && pid=$(cat "$pidfile")
    if [[ -n $pid ]] && [[ $(cat "/proc/$pid/comm" 2>/dev/null) == "$kind" ]]; then
      echo "$pid"; return 0
    fi
    sleep 0.025
  done
  echo "--- $d/$kind.out:" >&2; tail -n 20 "$d/$kind.out" >&2 || true
  die "$node: $kind did not start"
}

start_corosync() { start_in_node "$1" corosync /usr/sbin/corosync -f; }

start_sshd() {
  local node=$1 pid
  pid=$(start_in_node "$node" sshd /usr/sbin/sshd -D -e -f "$(node_dir "$node")/sshd_config")
  wait_tcp "$MGMT_NET.$(node_id "$node")" 22 10 || die "$node: sshd does not accept connections on port 22"
  echo "$pid"
}

# wait_tcp HOST PORT TIMEOUT_S: until a TCP connect from the host succeeds
wait_tcp() {
  local host=$1 port=$2 timeout=$3 t0; t0=$(now)
  until timeout 1 bash -c "exec 3<>/dev/tcp/$host/$port" 2>/dev/null; do
    awk -v a="$t0" -v b="$(now)" -v t="$timeout" 'BEGIN { exit !(b - a > t) }' && return 1
    sleep 0.05
  done
}

# kill_recorded NODE KIND SIGNAL: signal the recorded daemon (only if it still is that daemon),
# wait until it is gone; prints the pid it killed (empty if none was running)
kill_recorded() {
  local node=$1 kind=$2 sig=$3 pid
  pid=$(live_pid "$node" "$kind")
  if [[ -n $pid ]]; then
    kill "-$sig" "$pid" 2>/dev/null || true
    [[ $sig == STOP ]] || kill -CONT "$pid" 2>/dev/null || true
    wait_gone "$pid" 10 || { kill -KILL "$pid" 2>/dev/null || true; wait_gone "$pid" 5 || true; }
  fi
  echo "$pid"
}

# children_of PID: pids whose parent is PID
children_of() {
  local p
  for p in /proc/[0-9]*; do
    [[ $(awk '{ print $4 }' "$p/stat" 2>/dev/null) == "$1" ]] && echo "${p#/proc/}"
  done
  return 0
}

# ---------------------------------------------------------------- ssh

lab_ssh() { # lab_ssh NODE CMD...: run CMD on NODE through its sshd, as the monitor would
  local node=$1; shift
  ssh -i "$STATE_DIR/id_ed25519" -o UserKnownHostsFile="$STATE_DIR/known_hosts" \
      -o StrictHostKeyChecking=yes -o BatchMode=yes -o ConnectTimeout=5 -o LogLevel=ERROR \
      "root@$MGMT_NET.$(node_id "$node")" "$@"
}

# descendants_of PID: all processes below PID (the sessions an sshd spawned)
descendants_of() {
  local c
  for c in $(children_of "$1"); do
    echo "$c"
    descendants_of "$c"
  done
}
