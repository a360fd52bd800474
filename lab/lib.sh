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

# ---- Lab constants: every lab script uses these; `lab/up.sh` prints them as ECLOUD_LAB_*
# ---- lines for the Java tests. Override the first two octets with ECLOUD_LAB_POOL_PREFIX.
LAB_PREFIX=${ECLOUD_LAB_POOL_PREFIX:-10.211}
LAB_ENGINES=${ECLOUD_LAB_ENGINES:-3}            # default number of engines d1..dN (tests need 3 hosts)
LAB_BRIDGE=lab0                                 # the one L2 segment: a Linux bridge with no ports
LAB_SHIM=lab0-shim                              # the host's leg on it (macvlan, mode bridge)
LAB_SUBNET=$LAB_PREFIX.0.0/20                   # the segment's subnet (engine pools start at .16.0)
LAB_GATEWAY=$LAB_PREFIX.0.1                     # nobody answers it: the segment is not routed
LAB_SHIM_IP=$LAB_PREFIX.0.2                     # host address on the shim (/32 + a route for the /20)
LAB_IP_POOL=$LAB_PREFIX.1.0-$LAB_PREFIX.13.254  # platform container addresses (Neutron / platform IPAM)
LAB_VIP_RANGE=$LAB_PREFIX.14.0/24               # VIPs (HAProxy frontends, /32 on the shim)
LAB_DOCKER_IP_RANGE=$LAB_PREFIX.15.0/24         # what each engine's own IPAM may hand out on labnet
LAB_NETWORK=labnet                              # the macvlan Docker network on every engine
LAB_REGISTRY=127.0.0.1:5050                     # image registry (5000 is Keystone's)

# lab_mac_for_ip IP: the lab's MAC convention 02:ec:<the 4 address bytes in hex>
# (locally administered, unicast), e.g. 10.211.1.10 -> 02:ec:0a:d3:01:0a.
lab_mac_for_ip() { local IFS=.; set -- $1; printf '02:ec:%02x:%02x:%02x:%02x\n' "$1" "$2" "$3" "$4"; }
LAB_SHIM_MAC=$(lab_mac_for_ip "$LAB_SHIM_IP")   # fixed, so neighbours' ARP caches survive a re-create

# The docker client for the lab engines (Debian docker.io 20.10, API 1.41): /usr/bin/docker
# (20.10) if present, else `docker` on PATH. /usr/local/bin/docker, first on PATH here, is a
# 28.x client that refuses a 1.41 engine unless DOCKER_API_VERSION pins the version.
export DOCKER_API_VERSION=1.41
if [ -x /usr/bin/docker ]; then LAB_DOCKER=/usr/bin/docker; else LAB_DOCKER=$(command -v docker || echo docker); fi
export DOCKER_BUILDKIT=0                       # the classic builder: 20.10's BuildKit is not set up here

# lab_engines: one "N unix:///run/ecloud-lab/dN/docker.sock" line per running lab engine that answers.
lab_engines() {
  "$(dirname "${BASH_SOURCE[0]}")/docker-engines.sh" env |
    sed -n 's/^export ECLOUD_LAB_DOCKER_\([0-9]*\)=\(.*\)$/\1 \2/p'
}

# lab_dk N ARGS...: run the docker client against engine dN.
lab_dk() { local n=$1; shift; "$LAB_DOCKER" -H "unix://$LAB_RUN/d$n/docker.sock" "$@"; }

# lab_api N PATH: GET the Engine API of dN (e.g. /images/ecloud/os:1/json); fails on HTTP
# errors. About 10 ms against ~70-200 ms for a docker CLI call: use it for reads on fast paths.
lab_api() { curl -sf -m 10 --unix-socket "$LAB_RUN/d$1/docker.sock" "http://localhost/v1.41$2"; }
