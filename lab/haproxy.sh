#!/usr/bin/env bash
# haproxy.sh - the lab's load balancer: HAProxy (Debian's `haproxy`, 2.6) run by us, not by
# systemd, holding the platform's VIPs (load-balancer virtual IPs) on the lab segment.
#
# Usage: lab/haproxy.sh start|stop|reload|status|env
#   start   idempotently: generate the configuration from the VIP definitions, put each VIP
#           address on lab0-shim, and start HAProxy (master-worker, in the background) if it
#           is not running; if it runs with another configuration, reload it. Waits until the
#           worker is up and the runtime socket exists.
#   reload  the same, but always reloads a running HAProxy (start if none): the platform's
#           adapter (HaproxyLoadBalancer) runs this after it changed the VIP definitions.
#           Reload = SIGUSR2 to the master, which re-executes itself; the new worker takes the
#           listening sockets over (-x); waits until the new worker exists.
#   stop    stop HAProxy (SIGTERM to the master, SIGKILL after 10 s) and remove the VIP
#           addresses from lab0-shim. The VIP definitions are kept.
#   status  one line for HAProxy (master and worker pids), one per VIP (address on the shim or
#           not); exit 3 if HAProxy is not running.
#   env     print what the tests and the adapter need, e.g.
#             export ECLOUD_LAB_HAPROXY_SOCKET=/run/ecloud-lab/haproxy/admin.sock
#             export ECLOUD_LAB_HAPROXY_VIPS=/var/tmp/ecloud-lab/haproxy/vips.conf
#             export ECLOUD_LAB_HAPROXY_CTL=/path/to/lab/haproxy.sh
#             export ECLOUD_LAB_HAPROXY_RELOAD='/path/to/lab/haproxy.sh reload'
#
# Files ($LAB_DIR/haproxy, LAB_DIR=${ECLOUD_LAB_DIR:-/var/tmp/ecloud-lab}):
#   vips.conf      the VIP definitions, one line per VIP, written by the platform's adapter:
#                    NAME ADDRESS PORT HEALTH_PATH INTERVAL_MS     e.g.
#                    web 10.211.14.10 80 /health 1000
#                  NAME [A-Za-z0-9][A-Za-z0-9_.-]{0,62}; ADDRESS inside the VIP range
#                  10.211.14.0/24 (.1-.254); '#' comments. Missing = no VIP.
#   members.state  the adapter's desired members (this script never reads it)
#   haproxy.cfg    GENERATED from vips.conf (checked with `haproxy -c` before it replaces the
#                  old one): global and defaults sections, then per VIP one frontend
#                  `vip_NAME` (bind ADDRESS:PORT) and one backend `vip_NAME` (balance
#                  roundrobin, `option httpchk GET HEALTH_PATH`, expect status 200) with NO
#                  servers: members are added and removed only through the runtime API
#                  (`add server vip_NAME/MEMBER IP:PORT check inter INTERVAL_MS downinter
#                  INTERVAL_MS/4 fall 2 rise 1`).
#                  A reload or restart loses those servers: the adapter re-applies them.
#   haproxy.pid    the master's pid;  haproxy.log  HAProxy's own messages (server UP/DOWN...)
# Sockets ($LAB_RUN/haproxy, LAB_RUN=${ECLOUD_LAB_RUN:-/run/ecloud-lab}):
#   admin.sock     the runtime API: `stats socket ... mode 600 level admin`
#   master.sock    the master CLI (`show proc`, `reload`)
# VIP addresses are added to lab0-shim as /32 (only inside the VIP range; lab/network.sh makes
# lab0-shim) before a reload, and those no longer defined are removed after it. Needs root.
# Touches only its own files, its own HAProxy (pidfile + config path in its command line) and
# /32 addresses of the VIP range on lab0-shim.
set -euo pipefail
shopt -s inherit_errexit
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

# lab/lib.sh of newer trees defines these; the defaults are the same values
LAB_PREFIX=${LAB_PREFIX:-${ECLOUD_LAB_POOL_PREFIX:-10.211}}
LAB_SHIM=${LAB_SHIM:-lab0-shim}
LAB_VIP_RANGE=${LAB_VIP_RANGE:-$LAB_PREFIX.14.0/24}
VIP_NET=${LAB_VIP_RANGE%.0/24}      # "10.211.14": the range is always a /24 here

HA_DIR=$LAB_DIR/haproxy
HA_RUN=$LAB_RUN/haproxy
VIPS=$HA_DIR/vips.conf
CFG=$HA_DIR/haproxy.cfg
PIDFILE=$HA_DIR/haproxy.pid
LOG=$HA_DIR/haproxy.log
SOCK=$HA_RUN/admin.sock
MSOCK=$HA_RUN/master.sock
HAPROXY=${ECLOUD_LAB_HAPROXY_BIN:-$(command -v haproxy || echo /usr/sbin/haproxy)}

master_pid() { lab_pid_ours "$PIDFILE" "-f $CFG"; }
workers() { ps -o pid= --ppid "$1" 2>/dev/null | tr -d ' ' || true; }

# read_vips: validated "NAME ADDRESS PORT PATH INTERVAL" lines of vips.conf (dies on a bad line)
read_vips() {
  local n=0 name addr port path inter extra o1 o2 o3 o4
  [ -f "$VIPS" ] || return 0
  declare -A seen=()
  while read -r name addr port path inter extra || [ -n "${name:-}" ]; do
    n=$((n + 1))
    case "${name:-}" in ''|'#'*) continue ;; esac
    [ -z "${extra:-}" ] && [ -n "${inter:-}" ] || lab_die "haproxy: $VIPS:$n: want 'NAME ADDRESS PORT PATH INTERVAL_MS'"
    [[ $name =~ ^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$ ]] || lab_die "haproxy: $VIPS:$n: bad VIP name '$name'"
    IFS=. read -r o1 o2 o3 o4 <<<"$addr"
    [[ $addr =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ ]] && [ "$o1.$o2.$o3" = "$VIP_NET" ] &&
      [ "$o4" -ge 1 ] && [ "$o4" -le 254 ] ||
      lab_die "haproxy: $VIPS:$n: VIP address '$addr' is not inside the VIP range $LAB_VIP_RANGE (.1-.254)"
    [[ $port =~ ^[0-9]{1,5}$ ]] && [ "$port" -ge 1 ] && [ "$port" -le 65535 ] || lab_die "haproxy: $VIPS:$n: bad port '$port'"
    [[ $path =~ ^/[A-Za-z0-9._~/?=\&%+-]*$ ]] || lab_die "haproxy: $VIPS:$n: bad health path '$path'"
    [[ $inter =~ ^[0-9]{1,7}$ ]] && [ "$inter" -ge 100 ] || lab_die "haproxy: $VIPS:$n: bad interval '$inter' (ms, >= 100)"
    [ -z "${seen[$name]:-}" ] || lab_die "haproxy: $VIPS:$n: VIP '$name' defined twice"
    [ -z "${seen[$addr:$port]:-}" ] || lab_die "haproxy: $VIPS:$n: $addr:$port already used by VIP '${seen[$addr:$port]}'"
    seen[$name]=1; seen[$addr:$port]=$name
    echo "$name $addr $port $path $inter"
  done < "$VIPS"
}

# generate: write haproxy.cfg from $DEFS (checked first); CHANGED=1 if it changed
generate() {
  local tmp=$CFG.new name addr port path inter
  CHANGED=""
  mkdir -p "$HA_DIR" "$HA_RUN"
  chmod 700 "$HA_RUN"
  {
    cat <<EOF
# haproxy.cfg - GENERATED by lab/haproxy.sh from $VIPS: do not edit (it is overwritten).
# Members (servers) are never written here: the platform adds them through the runtime API.
global
    stats socket $SOCK mode 600 level admin expose-fd listeners
    stats timeout 30s
    log stderr format raw local0 notice
    # an old worker still holding client connections after a reload ends at the latest then
    hard-stop-after 30s

defaults
    mode http
    log global
    option dontlognull
    # members see who called in X-Forwarded-For (the platform trusts it only from configured proxies)
    option forwardfor
    retries 2
    option redispatch 1
    timeout connect 2s
    timeout client 30s
    timeout server 30s
    timeout queue 5s
    # no 'timeout check': a check then times out after its server's 'inter'
EOF
    [ -z "$DEFS" ] || while read -r name addr port path inter; do
      cat <<EOF

# VIP $name: $addr:$port, health GET $path every $inter ms (servers come at run time, with 'check inter $inter')
frontend vip_$name
    bind $addr:$port
    default_backend vip_$name

backend vip_$name
    balance roundrobin
    option httpchk GET $path
    http-check expect status 200
EOF
    done <<<"$DEFS"
  } > "$tmp"
  "$HAPROXY" -c -q -f "$tmp" >"$HA_DIR/check.log" 2>&1 ||
    { cat "$HA_DIR/check.log" >&2; lab_die "haproxy: generated configuration $tmp is invalid"; }
  if [ -f "$CFG" ] && cmp -s "$tmp" "$CFG"; then rm -f "$tmp"; return 0; fi
  mv "$tmp" "$CFG"
  CHANGED=1
}

shim_vips() {   # VIP-range /32 addresses on the shim
  ip -4 -o addr show dev "$LAB_SHIM" 2>/dev/null |
    awk -v p="$VIP_NET." '{ split($4, a, "/"); if (index(a[1], p) == 1 && a[2] == 32) print a[1] }'
}

add_addresses() {
  local addr
  ip link show dev "$LAB_SHIM" >/dev/null 2>&1 || lab_die "haproxy: $LAB_SHIM is missing: run lab/network.sh start first"
  local have
  have=" $(shim_vips | tr '\n' ' ') "
  for addr in $(awk '{ print $2 }' <<<"$DEFS" | sort -u); do
    case "$have" in *" $addr "*) continue ;; esac
    ip addr add "$addr/32" dev "$LAB_SHIM"
    lab_log "haproxy: added VIP address $addr/32 to $LAB_SHIM"
  done
}

remove_addresses() {   # $1 = "all" or "stale"
  local addr want=" "
  [ "$1" = all ] || want=" $(awk '{ print $2 }' <<<"$DEFS" | tr '\n' ' ') "
  for addr in $(shim_vips); do
    case "$want" in *" $addr "*) continue ;; esac
    ip addr del "$addr/32" dev "$LAB_SHIM" 2>/dev/null || true
    lab_log "haproxy: removed VIP address $addr/32 from $LAB_SHIM"
  done
}

launch() {
  local t0 i pid w
  t0=$(lab_now_ms)
  rm -f "$SOCK" "$MSOCK"
  echo "==== $(date '+%F %T') start" >> "$LOG"
  # master-worker (-W) in the foreground of its own session, started from / (the master re-executes
  # itself on every reload in its start directory, which must outlive whatever checkout or test
  # directory started it), with no inherited descriptor (fd 9 is this script's lock; a caller's
  # lock file on fd 3-8 would otherwise stay held as long as HAProxy runs)
  (cd / && exec setsid "$HAPROXY" -W -S "$MSOCK,mode,600" -p "$PIDFILE" -f "$CFG" </dev/null >>"$LOG" 2>&1 \
    3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&-) &
  for ((i = 0; i < 100; i++)); do
    if pid=$(master_pid); then
      w=$(workers "$pid")
      [ -n "$w" ] && [ -S "$SOCK" ] && { lab_log "haproxy: started (master $pid, worker $w) in $(( $(lab_now_ms) - t0 )) ms"; return 0; }
    fi
    sleep 0.1
  done
  tail -20 "$LOG" >&2
  lab_die "haproxy: did not start within 10 s (log: $LOG)"
}

reload() {
  local pid=$1 t0 i old new w
  t0=$(lab_now_ms)
  old=$(workers "$pid" | tr '\n' ' ')
  echo "==== $(date '+%F %T') reload" >> "$LOG"
  kill -USR2 "$pid"
  for ((i = 0; i < 200; i++)); do
    new=""
    for w in $(workers "$pid"); do case " $old " in *" $w "*) ;; *) new=$w ;; esac; done
    [ -n "$new" ] && { lab_log "haproxy: reloaded (master $pid, new worker $new) in $(( $(lab_now_ms) - t0 )) ms"; return 0; }
    sleep 0.05
  done
  tail -20 "$LOG" >&2
  lab_die "haproxy: no new worker 10 s after the reload (log: $LOG)"
}

do_start() {   # $1 = force a reload when running
  local force=${1:-} pid
  [ "$(id -u)" = 0 ] || lab_die "haproxy: must run as root"
  [ -x "$HAPROXY" ] || lab_die "haproxy: $HAPROXY not found (lab/install.sh installs Debian's haproxy)"
  DEFS=$(read_vips)
  generate
  add_addresses
  if pid=$(master_pid); then
    if [ -n "$force" ] || [ -n "$CHANGED" ]; then reload "$pid"
    else lab_log "haproxy: running (master $pid), configuration unchanged"; fi
  else
    launch
  fi
  remove_addresses stale
}

do_stop() {
  local pid
  if pid=$(master_pid); then
    lab_stop_pid "$pid" 10
    lab_log "haproxy: stopped (master $pid)"
  else
    lab_log "haproxy: not running"
  fi
  rm -f "$SOCK" "$MSOCK"
  remove_addresses all
}

do_status() {
  local pid ok=0 name addr port path inter on have
  have=" $(shim_vips | tr '\n' ' ') "
  if pid=$(master_pid); then
    echo "haproxy: running (master $pid, workers $(workers "$pid" | tr '\n' ' '| sed 's/ $//')) socket $SOCK"
    ok=1
  else
    echo "haproxy: not running"
  fi
  while read -r name addr port path inter; do
    on=missing; case "$have" in *" $addr "*) on="on $LAB_SHIM" ;; esac
    echo "vip $name: $addr:$port (address $on), health GET $path every ${inter} ms"
  done < <(read_vips 2>/dev/null || true)
  ((ok)) || return 3
}

do_env() {
  echo "export ECLOUD_LAB_HAPROXY_SOCKET=$SOCK"
  echo "export ECLOUD_LAB_HAPROXY_MASTER_SOCKET=$MSOCK"
  echo "export ECLOUD_LAB_HAPROXY_CONFIG=$CFG"
  echo "export ECLOUD_LAB_HAPROXY_VIPS=$VIPS"
  echo "export ECLOUD_LAB_HAPROXY_CTL=$HERE/haproxy.sh"
  echo "export ECLOUD_LAB_HAPROXY_RELOAD='$HERE/haproxy.sh reload'"
  echo "export ECLOUD_LAB_VIP_RANGE=$LAB_VIP_RANGE"
}

case "${1:-}" in
  start)  lab_lock haproxy; do_start ;;
  reload) lab_lock haproxy; do_start force ;;
  stop)   lab_lock haproxy; do_stop ;;
  status) do_status ;;
  env)    do_env ;;
  *) lab_usage "$0"; exit 2 ;;
esac
