#!/usr/bin/env bash
# docker-engines.sh - N private Docker engines (Debian docker.io 20.10, API 1.41), one per
# simulated host dN (d1, d2, ...), side by side on this machine, loopback/unix sockets only.
#
# Usage: lab/docker-engines.sh start [N]|stop [N ...]|status|env
#   start [N]  start engines d1..dN (N default ${ECLOUD_LAB_ENGINES:-3}, max 15) that are not
#              running yet, and wait (<= 60 s each) until each answers GET /_ping with OK.
#              Engines already running are left alone (idempotent).
#   stop [N ...]  stop every lab engine found, or only dN ... (by its own pidfile: SIGTERM,
#              wait <= 40 s, SIGKILL), then leftovers of that engine only: processes in its
#              cgroup /lab-dN, containerd-shims and containerd talking to its exec root's
#              containerd socket, mounts under its exec/data roots.
#   status     one line per engine: running/stopped and whether it answers _ping.
#   env        `export ECLOUD_LAB_DOCKER_N=unix:///run/ecloud-lab/dN/docker.sock` for each
#              running engine that answers (use: eval "$(lab/docker-engines.sh env)").
#
# Per engine dN:
#   socket   unix:///run/ecloud-lab/dN/docker.sock     (root:docker 0660)
#   pidfile  /run/ecloud-lab/dN/docker.pid
#   exec     /run/ecloud-lab/dN/exec  (dockerd's own containerd lives here: no --containerd,
#            so each engine supervises its own containerd; its socket is exec/containerd/)
#   data     $LAB_DIR/docker/dN/data, log $LAB_DIR/docker/dN.log, config $LAB_DIR/docker/dN/daemon.json
#   identity own trust key $LAB_DIR/docker/dN/key.json (daemon.json "deprecated-key-path"; the default
#            /etc/docker/key.json would give every engine the same `docker info` ID) and
#            engine label ecloud.lab.host=dN (`docker info` Name is the machine's hostname
#            on every engine)
#   cgroups  /lab-dN (cgroupfs driver), so each host's containers are easy to find and count
#   pool     --default-address-pool base=10.211.(16*N).0/20,size=24 (16 /24 networks per
#            engine: d1 10.211.16.0/20, d2 10.211.32.0/20, ... d15 10.211.240.0/20).
#            10.211.0.0/16 collides with nothing here (eth0 is 192.0.2.0/24; Docker's built-in
#            pools are 172.17-31.0.0/16 and 192.168.0.0/16; the OpenStack reference lab uses
#            10.10.0.0/24). 10.211.0.0/20 is deliberately left to no engine: it is free for a
#            shared segment: lab/network.sh puts the lab0 macvlan network `labnet` there.
#            Override the first two octets with ECLOUD_LAB_POOL_PREFIX (default 10.211).
#   flags    --bridge=none --iptables=false --ip6tables=false --ip-masq=false
#            --ip-forward=false --userland-proxy=false: the engines never touch the
#            machine's iptables, forwarding or docker0.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

POOL_PREFIX=$LAB_PREFIX   # lib.sh: ${ECLOUD_LAB_POOL_PREFIX:-10.211}
MAX_ENGINES=15
declare -A LAUNCHED=()

e_exec() { echo "$LAB_RUN/d$1/exec"; }
e_sock() { echo "$LAB_RUN/d$1/docker.sock"; }
e_pidf() { echo "$LAB_RUN/d$1/docker.pid"; }
e_dir()  { echo "$LAB_DIR/docker/d$1"; }
e_log()  { echo "$LAB_DIR/docker/d$1.log"; }
e_pool() { echo "$POOL_PREFIX.$((16 * $1)).0/20"; }
e_pid()  { lab_pid_ours "$(e_pidf "$1")" "--pidfile $(e_pidf "$1")"; }
e_ping() { [ "$(curl -fsS -m 2 --unix-socket "$(e_sock "$1")" http://localhost/_ping 2>/dev/null)" = OK ]; }

# numbers of all engines that have state (run dir or data dir), sorted
known_engines() {
  local d
  for d in "$LAB_RUN"/d[0-9]* "$LAB_DIR"/docker/d[0-9]*; do
    [ -d "$d" ] && basename "$d" | sed 's/^d//'
  done | grep -E '^[0-9]+$' | sort -nu || true
}

launch() {   # start dockerd for engine $1 in the background (no wait)
  local n=$1 dir exec
  dir=$(e_dir "$n"); exec=$(e_exec "$n")
  mkdir -p "$dir/data" "$exec"
  # the trust key path is settable only in daemon.json in 20.10 (no CLI flag)
  printf '{\n  "deprecated-key-path": "%s"\n}\n' "$dir/key.json" > "$dir/daemon.json"
  rm -f "$(e_pidf "$n")" "$(e_sock "$n")"     # stale: e_pid said it is not ours/alive
  echo "==== $(date -Is) start d$n" >> "$(e_log "$n")"
  setsid nohup dockerd \
    --config-file "$dir/daemon.json" \
    -H "unix://$(e_sock "$n")" \
    --data-root "$dir/data" \
    --exec-root "$exec" \
    --pidfile "$(e_pidf "$n")" \
    --label "ecloud.lab.host=d$n" \
    --bridge=none --iptables=false --ip6tables=false --ip-masq=false \
    --ip-forward=false --userland-proxy=false \
    --default-address-pool "base=$(e_pool "$n"),size=24" \
    --exec-opt native.cgroupdriver=cgroupfs --cgroup-parent="/lab-d$n" \
    </dev/null >>"$(e_log "$n")" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  LAUNCHED[$n]=$!   # setsid/nohup exec in place: this is dockerd's PID
}

do_start() {
  local n=${1:-$LAB_ENGINES} i k t0 pid pending=()
  [[ $n =~ ^[0-9]+$ ]] && ((n >= 1 && n <= MAX_ENGINES)) || lab_die "engines: N must be 1..$MAX_ENGINES"
  command -v dockerd >/dev/null || lab_die "dockerd not found: run lab/install.sh"
  t0=$(lab_now_ms)
  for ((i = 1; i <= n; i++)); do
    if pid=$(e_pid "$i"); then
      lab_log "engines: d$i already running (pid $pid)"
    else
      launch "$i"; pending+=("$i")
    fi
  done
  for i in "${pending[@]}" $(seq 1 "$n"); do   # new ones first, then check all
    for ((k = 0; k < 600; k++)); do            # <= 60 s
      e_ping "$i" && break
      [ -z "${LAUNCHED[$i]:-}" ] || lab_alive "${LAUNCHED[$i]}" || break   # dockerd exited: fail now
      sleep 0.1
    done
    e_ping "$i" || { tail -20 "$(e_log "$i")" >&2; lab_die "engines: d$i not answering (log $(e_log "$i"))"; }
  done
  ((${#pending[@]} == 0)) || lab_log "engines: started $(printf "d%s " "${pending[@]}")ready in $(( $(lab_now_ms) - t0 )) ms"
  do_status
}

# pids whose command line contains $1 (exact substring), excluding ourselves
pids_with() {
  local p c
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = $$ ] && continue
    c=$(lab_cmdline "$p"); [ -n "$c" ] || continue
    case "$c" in *"$1"*) lab_alive "$p" && echo "$p" ;; esac
  done
}

stop_one() {
  local n=$1 pid exec sock p cg mp left
  exec=$(e_exec "$n"); sock=$exec/containerd/containerd.sock
  if pid=$(e_pid "$n"); then lab_stop_pid "$pid" 40 || true; fi
  # leftovers, only ours: container processes in our cgroup /lab-dN ...
  left=$(cat /sys/fs/cgroup/pids/lab-d"$n"/cgroup.procs /sys/fs/cgroup/pids/lab-d"$n"/*/cgroup.procs 2>/dev/null | sort -u || true)
  for p in $left; do lab_log "engines: d$n: killing leftover container process $p"; kill -KILL "$p" 2>/dev/null || true; done
  # ... shims and containerd bound to our exec root's containerd socket
  for p in $(pids_with "-address $sock") $(pids_with "$exec/containerd/containerd.toml"); do
    lab_log "engines: d$n: stopping leftover $(lab_cmdline "$p" | cut -c1-60) (pid $p)"
    lab_stop_pid "$p" 10 || true
  done
  # ... mounts under our exec/data roots (deepest first)
  for mp in $(awk -v a="$exec/" -v b="$(e_dir "$n")/" 'index($5, a) == 1 || index($5, b) == 1 {print $5}' /proc/self/mountinfo | sort -r); do
    umount -l "$mp" 2>/dev/null || true
  done
  # empty cgroups /lab-dN (rmdir fails harmlessly on a busy one)
  for cg in /sys/fs/cgroup/*/lab-d"$n"; do
    [ -d "$cg" ] || continue
    find "$cg" -mindepth 1 -depth -type d -exec rmdir {} \; 2>/dev/null || true
    rmdir "$cg" 2>/dev/null || true
  done
  rm -f "$(e_pidf "$n")" "$(e_sock "$n")"
}

do_stop() {
  local n pid pids=() all
  all=$(known_engines)
  if (($#)); then   # only the engines named
    for n in "$@"; do [[ $n =~ ^[0-9]+$ ]] || lab_die "engines: stop: not an engine number: $n"; done
    all=$(printf '%s\n' "$@" | sort -nu)
  fi
  [ -n "$all" ] || { lab_log "engines: none"; return 0; }
  # SIGTERM all daemons first so they shut down in parallel, then clean up one by one
  for n in $all; do
    if pid=$(e_pid "$n"); then
      lab_log "engines: stopping d$n (pid $pid)"; kill -TERM "$pid" 2>/dev/null || true; pids+=("d$n")
    fi
  done
  for n in $all; do stop_one "$n"; done
  lab_log "engines: stopped; were running: ${pids[*]:-none}"
}

do_status() {
  local n pid any=0 ok=0
  for n in $(known_engines); do
    any=1
    if pid=$(e_pid "$n"); then
      if e_ping "$n"; then ok=1; a=yes; else a=no; fi
      echo "d$n: running pid=$pid answers=$a sock=unix://$(e_sock "$n") pool=$(e_pool "$n") data=$(e_dir "$n")/data"
    else
      echo "d$n: stopped"
    fi
  done
  ((any)) || echo "engines: none"
  ((ok)) || return 3
}

do_env() {
  local n
  for n in $(known_engines); do
    e_pid "$n" >/dev/null && e_ping "$n" && echo "export ECLOUD_LAB_DOCKER_$n=unix://$(e_sock "$n")"
  done
  return 0
}

case "${1:-}" in
  start)  lab_lock engines; do_start "${2:-}" ;;
  stop)   lab_lock engines; shift; do_stop "$@" ;;
  status) do_status ;;
  env)    do_env ;;
  *) lab_usage "$0"; exit 2 ;;
esac
