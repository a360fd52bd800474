#!/usr/bin/env bash
# network.sh - the lab's one L2 segment shared by all simulated hosts (Docker engines d1..dN).
#
# Usage: lab/network.sh start|stop [--force]|status
#   start   idempotently create (values from lab/lib.sh):
#             lab0       a Linux bridge with no ports, up (this kernel has no dummy/ipvlan links)
#             lab0-shim  macvlan on lab0, mode bridge, fixed MAC 02:ec:0a:d3:00:02, address
#                        10.211.0.2/32 and route `10.211.0.0/20 dev lab0-shim src 10.211.0.2`:
#                        macvlan children cannot talk to their parent, so the host reaches the
#                        containers only through this shim (an address on lab0 itself fails)
#             labnet     on every running lab engine: docker network create -d macvlan
#                        --subnet 10.211.0.0/20 --gateway 10.211.0.1 --ip-range 10.211.15.0/24
#                        -o parent=lab0 -o macvlan_mode=bridge labnet
#           A labnet whose driver/subnet/gateway/ip-range/parent/mode differ is re-created if
#           no container (running or not) on that engine is attached; otherwise start fails.
#           TRAP: an engine started while lab0 does not exist cannot restore its macvlan
#           networks (its log: "Could not create macvlan network for id ... from persistent
#           state"); labnet still shows, but container starts fail with 'network id "..." not
#           found', and `network rm` + `create` makes it worse (the driver keeps the stale entry,
#           which takes lab0 at the next start: "already using parent interface lab0"). So
#           lab0 must exist BEFORE the engines start (lab/up.sh: network, engines, network
#           again). If it happened anyway, start restarts that engine with an empty network
#           store (docker-engines.sh stop N; rm data/network/files/local-kv.db; start) when
#           it has no containers at all, and fails otherwise.
#           A wrong-kind lab0 is an error; a wrong-kind lab0-shim is re-created.
#   stop    remove lab0-shim and lab0 (the engines' labnet definitions are kept: they are
#           engine state and are checked again by `start`). Refused while a running container
#           of a running lab engine is attached to labnet: deleting lab0 deletes every macvlan
#           interface on it, so those containers would lose their network for good (until
#           restarted). lab/down.sh stops the engines first, so it never hits this. --force
#           removes them anyway.
#   status  one line for the bridge, the shim and labnet on each running engine; exit 3 if
#           anything is missing or wrong.
#
# Addresses on 10.211.0.0/20: .0.1 gateway (unanswered), .0.2 the shim (host), 10.211.1.0 -
# 10.211.13.254 platform containers (always run with explicit --ip and --mac-address: each
# engine has its own IPAM, which never hands out anything outside 10.211.15.0/24 here),
# 10.211.14.0/24 VIPs (HAProxy frontends; add them as /32 on lab0-shim), 10.211.15.0/24
# left to the engines' IPAM. Lab MACs: 02:ec:<IP bytes in hex> (lab_mac_for_ip in lib.sh).
# Needs root (ip link). Touches nothing but lab0, lab0-shim and the lab engines' labnet.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

WANT="macvlan|$LAB_SUBNET|$LAB_GATEWAY|$LAB_DOCKER_IP_RANGE|$LAB_BRIDGE|bridge"
FMT='{{.Driver}}|{{range .IPAM.Config}}{{.Subnet}}|{{.Gateway}}|{{.IPRange}}{{end}}|{{index .Options "parent"}}|{{index .Options "macvlan_mode"}}'

link_kind() { ip -d -o link show dev "$1" 2>/dev/null | grep -o -E '(bridge|macvlan mode [a-z]+) ' | head -1 | sed 's/ $//'; }
shim_ok() {
  local l
  l=$(ip -d -o link show dev "$LAB_SHIM" 2>/dev/null) || return 1
  case "$l" in *"$LAB_SHIM@$LAB_BRIDGE:"*"link/ether $LAB_SHIM_MAC "*"macvlan mode bridge "*) return 0 ;; esac
  return 1
}

ensure_bridge() {
  if ip link show dev "$LAB_BRIDGE" >/dev/null 2>&1; then
    [ "$(link_kind "$LAB_BRIDGE")" = bridge ] || lab_die "network: $LAB_BRIDGE exists but is not a bridge ($(link_kind "$LAB_BRIDGE"))"
  else
    ip link add "$LAB_BRIDGE" type bridge
    lab_log "network: created bridge $LAB_BRIDGE"
  fi
  ip link set "$LAB_BRIDGE" up
}

ensure_shim() {
  if ip link show dev "$LAB_SHIM" >/dev/null 2>&1 && ! shim_ok; then
    lab_log "network: $LAB_SHIM is not a bridge-mode macvlan on $LAB_BRIDGE with MAC $LAB_SHIM_MAC: re-creating"
    ip link del "$LAB_SHIM"
  fi
  if ! ip link show dev "$LAB_SHIM" >/dev/null 2>&1; then
    ip link add "$LAB_SHIM" link "$LAB_BRIDGE" address "$LAB_SHIM_MAC" type macvlan mode bridge
    lab_log "network: created $LAB_SHIM"
  fi
  ip link set "$LAB_SHIM" up
  ip -4 -o addr show dev "$LAB_SHIM" | grep -q " $LAB_SHIM_IP/32 " || ip addr replace "$LAB_SHIM_IP/32" dev "$LAB_SHIM"
  [ "$(ip -4 route show "$LAB_SUBNET" | head -1)" = "$LAB_SUBNET dev $LAB_SHIM scope link src $LAB_SHIM_IP " ] ||
    ip route replace "$LAB_SUBNET" dev "$LAB_SHIM" scope link src "$LAB_SHIM_IP"
}

# containers (any state) on engine $1 attached to labnet
net_users() { lab_dk "$1" ps -aq --filter "network=$LAB_NETWORK" 2>/dev/null || true; }

# polluted N: at its last start engine dN's macvlan driver could not restore a network from
# its own store ("Could not create macvlan network for id ... from persistent state" in the
# engine's log after the "==== ... start dN" line docker-engines.sh writes). It happens when
# the engine starts while lab0 does not exist: labnet still shows in `network ls`/`inspect`,
# but every container start on it fails with 'network id "..." not found'. Removing such a
# network does not remove it from the driver's store (the driver does not know it), and at
# the next start that stale entry takes lab0 first ("network dm-... is already using parent
# interface lab0"), so neither `network rm` + `create` nor a restart repairs it: reset_engine.
polluted() {
  [ -f "$LAB_DIR/docker/d$1.log" ] || return 1
  awk '/^==== .* start d[0-9]+$/ { found = 0; next }
       /Could not create macvlan network for id / { found = 1 }
       END { exit !found }' "$LAB_DIR/docker/d$1.log"
}

# reset_engine N WHY: restart engine dN with an empty network store (data/network/files/
# local-kv.db): it forgets every network it had (labnet is made again right after). Only when
# dN has no container at all (their endpoints would point to forgotten networks): otherwise
# it warns and returns 1.
reset_engine() {
  local n=$1 why=$2 c hi
  c=$(lab_dk "$n" ps -aq 2>/dev/null || true)
  if [ -n "$c" ]; then
    lab_log "network: WARNING d$n: $why; it has containers ($(echo $c)), so it is not reset: remove them (docker rm -f) and run lab/network.sh start again"
    return 1
  fi
  lab_log "network: d$n: $why: restarting it with an empty network store"
  hi=$(lab_engines | awk '{ print $1 }' | sort -n | tail -1)
  "$HERE/docker-engines.sh" stop "$n" >&2
  rm -f "$LAB_DIR/docker/d$n/data/network/files/local-kv.db"
  "$HERE/docker-engines.sh" start "$((hi > n ? hi : n))" >/dev/null
}

create_labnet() {
  lab_dk "$1" network create -d macvlan --subnet "$LAB_SUBNET" --gateway "$LAB_GATEWAY" \
    --ip-range "$LAB_DOCKER_IP_RANGE" -o parent="$LAB_BRIDGE" -o macvlan_mode=bridge \
    --label ecloud.lab=network "$LAB_NETWORK" 2>&1 >/dev/null
}

ensure_labnet() {
  local n=$1 have users err
  if polluted "$n"; then
    reset_engine "$n" "its macvlan driver could not restore a network at its last start (started while $LAB_BRIDGE did not exist?)" || true
  fi
  have=$(lab_dk "$n" network inspect -f "$FMT" "$LAB_NETWORK" 2>/dev/null || true)
  [ "$have" = "$WANT" ] && { OKS="${OKS}d$n "; return 0; }
  if [ -n "$have" ]; then
    users=$(net_users "$n")
    [ -z "$users" ] || lab_die "network: d$n: $LAB_NETWORK is '$have', want '$WANT', and containers use it: $(echo $users)"
    lab_log "network: d$n: $LAB_NETWORK is '$have', want '$WANT': re-creating"
    lab_dk "$n" network rm "$LAB_NETWORK" >/dev/null
  fi
  if ! err=$(create_labnet "$n"); then
    case "$err" in
      *"already using parent interface"*)
        reset_engine "$n" "another (stale) macvlan network holds $LAB_BRIDGE: $err" || lab_die "network: d$n: cannot create $LAB_NETWORK"
        err=$(create_labnet "$n") || lab_die "network: d$n: docker network create $LAB_NETWORK: $err" ;;
      *) lab_die "network: d$n: docker network create $LAB_NETWORK: $err" ;;
    esac
  fi
  lab_log "network: d$n: created $LAB_NETWORK"
  OKS="${OKS}d$n "
}

do_start() {
  local n host
  [ "$(id -u)" = 0 ] || lab_die "network: must run as root"
  ensure_bridge
  ensure_shim
  OKS=""
  while read -r n host; do [ -n "$n" ] && ensure_labnet "$n"; done < <(lab_engines)
  lab_log "network: up: $LAB_BRIDGE, $LAB_SHIM $LAB_SHIM_IP/32 (route $LAB_SUBNET), $LAB_NETWORK on ${OKS:-no engine}"
}

do_stop() {
  local force=${1:-} n host users busy=""
  if ! ip link show dev "$LAB_BRIDGE" >/dev/null 2>&1 && ! ip link show dev "$LAB_SHIM" >/dev/null 2>&1; then
    lab_log "network: $LAB_BRIDGE and $LAB_SHIM absent"; return 0
  fi
  while read -r n host; do
    [ -n "$n" ] || continue
    users=$(lab_dk "$n" ps -q --filter "network=$LAB_NETWORK" 2>/dev/null || true)
    [ -z "$users" ] || busy="$busy d$n:$(echo $users | tr ' ' ',')"
  done < <(lab_engines)
  if [ -n "$busy" ]; then
    [ "$force" = --force ] || lab_die "network: running containers use $LAB_NETWORK ($busy): stop them (or the engines) first, or use --force"
    lab_log "network: --force: removing $LAB_BRIDGE under running containers ($busy)"
  fi
  ip link del "$LAB_SHIM" 2>/dev/null || true     # takes its address and route with it
  ip link del "$LAB_BRIDGE" 2>/dev/null || true
  lab_log "network: removed $LAB_SHIM and $LAB_BRIDGE"
}

do_status() {
  local ok=1 n host have users
  if [ "$(link_kind "$LAB_BRIDGE")" = bridge ]; then
    echo "$LAB_BRIDGE: bridge $(ip -o link show dev "$LAB_BRIDGE" | grep -o 'state [A-Z]*')"
  else echo "$LAB_BRIDGE: missing"; ok=0; fi
  if shim_ok && ip -4 -o addr show dev "$LAB_SHIM" | grep -q " $LAB_SHIM_IP/32 " &&
     ip -4 route show "$LAB_SUBNET" | grep -q "dev $LAB_SHIM .*src $LAB_SHIM_IP"; then
    echo "$LAB_SHIM: $LAB_SHIM_IP/32 mac $LAB_SHIM_MAC route $LAB_SUBNET"
  else echo "$LAB_SHIM: missing or incomplete"; ok=0; fi
  while read -r n host; do
    [ -n "$n" ] || continue
    have=$(lab_dk "$n" network inspect -f "$FMT" "$LAB_NETWORK" 2>/dev/null || true)
    users=$(lab_dk "$n" ps -q --filter "network=$LAB_NETWORK" 2>/dev/null | wc -l)
    if [ "$have" != "$WANT" ]; then echo "d$n: $LAB_NETWORK ${have:-missing}"; ok=0
    elif polluted "$n"; then echo "d$n: $LAB_NETWORK BROKEN: the engine could not restore its macvlan networks (started before $LAB_BRIDGE existed?): lab/network.sh start"; ok=0
    else echo "d$n: $LAB_NETWORK ok ($users running containers)"; fi
  done < <(lab_engines)
  ((ok)) || return 3
}

case "${1:-}" in
  start)  lab_lock network; do_start ;;
  stop)   lab_lock network; do_stop "${2:-}" ;;
  status) do_status ;;
  *) lab_usage "$0"; exit 2 ;;
esac
