# lib.sh - helpers shared by the lab scripts (sourced, not executed).
#
# Usage: . "$(dirname "$0")/lib.sh"
#
# Defines LAB_DIR (persistent state, ${ECLOUD_LAB_DIR:-/var/tmp/ecloud-lab}) and
# LAB_RUN (short runtime paths for sockets, /run/ecloud-lab), logging helpers and
# pidfile checks. A pidfile is trusted only if its PID is alive AND that process's
# command line contains a marker that only our own process has (its data dir or
# socket path), so a stale pidfile whose PID was reused is never acted upon.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
LAB_DIR=${ECLOUD_LAB_DIR:-/var/tmp/ecloud-lab}
LAB_RUN=${ECLOUD_LAB_RUN:-/run/ecloud-lab}

lab_log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
lab_die() { lab_log "ERROR: $*"; exit 1; }

# lab_usage SCRIPT: print the script's header comment (its documentation) to stderr.
lab_usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$1" >&2; }

# lab_lock NAME: serialise concurrent runs of the same script (waits up to 180 s).
# Holds fd 9 until the script exits: daemons must be started with `9>&-`.
lab_lock() {
  mkdir -p "$LAB_DIR"
  exec 9>"$LAB_DIR/.$1.lock"
  flock -w 180 9 || lab_die "$1: another run holds $LAB_DIR/.$1.lock"
}

# lab_now_ms: milliseconds since the epoch (for timings).
lab_now_ms() { date +%s%3N; }

# lab_cmdline PID: the process's command line with NULs turned into spaces ("" if gone).
lab_cmdline() { { tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null || true; }

# lab_alive PID: the process exists and is not a zombie (PID 1 here may reap late).
lab_alive() {
  local st
  st=$(sed -n 's/^[0-9]* (.*) \([A-Za-z]\) .*/\1/p' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$st" ] && [ "$st" != Z ] && [ "$st" != X ]
}

# lab_pid_ours PIDFILE MARKER: print the PID and succeed if PIDFILE names a live process
# whose command line contains MARKER.
lab_pid_ours() {
  local pidfile=$1 marker=$2 pid
  [ -s "$pidfile" ] || return 1
  pid=$(tr -dc '0-9' < "$pidfile")
  [ -n "$pid" ] && lab_alive "$pid" || return 1
  case "$(lab_cmdline "$pid")" in *"$marker"*) echo "$pid" ;; *) return 1 ;; esac
}

# lab_stop_pid PID TIMEOUT_S: SIGTERM, wait up to TIMEOUT_S, then SIGKILL and wait 5 s more.
lab_stop_pid() {
  local pid=$1 timeout=$2 i
  kill -TERM "$pid" 2>/dev/null || return 0
  for ((i = 0; i < timeout * 10; i++)); do
    lab_alive "$pid" || return 0
    sleep 0.1
  done
  lab_log "pid $pid still alive after ${timeout}s: SIGKILL"
  kill -KILL "$pid" 2>/dev/null || return 0
  for ((i = 0; i < 50; i++)); do
    lab_alive "$pid" || return 0
    sleep 0.1
  done
  lab_log "pid $pid did not die"; return 1
}
