#!/usr/bin/env bash
# down.sh - stop the whole Elastic Cloud lab (reverse of lab/up.sh); state is kept.
#
# Usage: lab/down.sh
#
# Steps: lab/docker-engines.sh stop (all lab engines, their containers go down with them),
# lab/network.sh stop (lab0-shim and lab0; only now, with no engine left, nothing uses
# labnet: removing lab0 under running containers would delete their interfaces),
# lab/registry.sh stop, lab/mariadb.sh stop. Only processes named in the lab's own pidfiles
# (and those engines' own containerd/shim/container leftovers) are touched. Data stays in
# $LAB_DIR (default /var/tmp/ecloud-lab: engines' images and networks, the registry's
# storage, MariaDB); remove that directory for a clean slate.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

t0=$(lab_now_ms)
rc=0
"$HERE/opentsdb.sh" stop || rc=$?
"$HERE/haproxy.sh" stop || rc=$?
"$HERE/docker-engines.sh" stop || rc=$?
"$HERE/network.sh" stop || rc=$?
"$HERE/registry.sh" stop || rc=$?
"$HERE/openstack.sh" stop || rc=$?    # before MariaDB, which holds its databases
"$HERE/mariadb.sh" stop || rc=$?
lab_log "down: done in $(( $(lab_now_ms) - t0 )) ms"
exit $rc
