#!/usr/bin/env bash
# up.sh - bring the whole Elastic Cloud lab up (idempotent; parts already up are kept).
#
# Usage: lab/up.sh [N]        N = number of Docker engines (default ${ECLOUD_LAB_ENGINES:-3})
#
# Steps: lab/install.sh, lab/mariadb.sh start, lab/network.sh start (lab0, lab0-shim: before
# the engines, whose macvlan driver cannot restore labnet without lab0), lab/docker-engines.sh
# start [N], lab/network.sh start again (labnet on every engine), lab/registry.sh start,
# lab/images.sh (ecloud/os:1, ecloud/base:1, ecloud/sample-app:1 on every engine + registry),
# lab/haproxy.sh start (the VIPs), lab/openstack.sh start (Keystone, Neutron, Cinder; skipped with ECLOUD_LAB_OPENSTACK=0),
# lab/opentsdb.sh start (OpenTSDB on HBase; skipped with ECLOUD_LAB_OPENTSDB=0).
# At the end prints what tests need (values from lab/lib.sh), e.g.:
#   export ECLOUD_LAB_JDBC_URL='jdbc:mysql://127.0.0.1:3307/ecloud?sendFractionalSeconds=false'
#   export ECLOUD_LAB_REGISTRY=127.0.0.1:5050
#   export ECLOUD_LAB_NETWORK=labnet
#   export ECLOUD_LAB_SUBNET=10.211.0.0/20
#   export ECLOUD_LAB_GATEWAY=10.211.0.1
#   export ECLOUD_LAB_SHIM_IP=10.211.0.2
#   export ECLOUD_LAB_IP_POOL=10.211.1.0-10.211.13.254
#   export ECLOUD_LAB_DOCKER_1=unix:///run/ecloud-lab/d1/docker.sock   (one per engine)
# so `eval "$(lab/up.sh 2>/dev/null)"` sets them in the calling shell. Stop with lab/down.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

t0=$(lab_now_ms)
# a failing step fails up.sh (set -e does not act inside a function called left of ||, as the
# openstack retry below calls it: the status is returned explicitly)
step() {
  local s rc=0; s=$(lab_now_ms)
  "$@" >&2 || rc=$?
  if ((rc == 0)); then lab_log "up: $(basename "$1")${2:+ $2} done in $(( $(lab_now_ms) - s )) ms"
  else lab_log "up: $(basename "$1")${2:+ $2} FAILED (exit $rc) after $(( $(lab_now_ms) - s )) ms"; fi
  return $rc
}
step "$HERE/install.sh"
step "$HERE/mariadb.sh" start
step "$HERE/network.sh" start            # lab0 first: engines restore labnet only if lab0 exists
step "$HERE/docker-engines.sh" start "${1:-}"
step "$HERE/network.sh" start            # labnet on engines started just now
step "$HERE/registry.sh" start
step "$HERE/images.sh"
step "$HERE/haproxy.sh" start            # the VIP load balancer (VIP addresses go on lab0-shim)
# Keystone + Neutron + Cinder; a RabbitMQ killed hard can fail its first start: one more try
[ "${ECLOUD_LAB_OPENSTACK:-1}" = 0 ] || step "$HERE/openstack.sh" start \
  || { lab_log "up: openstack did not start; trying once more"; step "$HERE/openstack.sh" start; }
# OpenTSDB 2.4 on an HBase mini-cluster (two JVMs): the shared metrics store's contract
[ "${ECLOUD_LAB_OPENTSDB:-1}" = 0 ] || step "$HERE/opentsdb.sh" start
lab_log "up: lab ready in $(( $(lab_now_ms) - t0 )) ms"
echo "export ECLOUD_LAB_JDBC_URL='$("$HERE/mariadb.sh" url)'"
echo "export ECLOUD_LAB_REGISTRY=$LAB_REGISTRY"
echo "export ECLOUD_LAB_NETWORK=$LAB_NETWORK"
echo "export ECLOUD_LAB_SUBNET=$LAB_SUBNET"
echo "export ECLOUD_LAB_GATEWAY=$LAB_GATEWAY"
echo "export ECLOUD_LAB_SHIM_IP=$LAB_SHIM_IP"
echo "export ECLOUD_LAB_IP_POOL=$LAB_IP_POOL"
"$HERE/docker-engines.sh" env
"$HERE/haproxy.sh" env
[ "${ECLOUD_LAB_OPENSTACK:-1}" = 0 ] || "$HERE/openstack.sh" env
[ "${ECLOUD_LAB_OPENTSDB:-1}" = 0 ] || "$HERE/opentsdb.sh" env
