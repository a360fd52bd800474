#!/usr/bin/env bash
# up.sh - bring the whole Elastic Cloud lab up (idempotent; parts already up are kept).
#
# Usage: lab/up.sh [N]        N = number of Docker engines (default ${ECLOUD_LAB_ENGINES:-2})
#
# Steps: lab/install.sh, lab/mariadb.sh start, lab/docker-engines.sh start [N], lab/images.sh.
# At the end prints what tests need, e.g.:
#   export ECLOUD_LAB_JDBC_URL=jdbc:mysql://127.0.0.1:3307/ecloud?sendFractionalSeconds=false
#   export ECLOUD_LAB_DOCKER_1=unix:///run/ecloud-lab/d1/docker.sock
# so `eval "$(lab/up.sh 2>/dev/null)"` sets them in the calling shell. Stop with lab/down.sh.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

t0=$(lab_now_ms)
step() { local s; s=$(lab_now_ms); "$@" >&2; lab_log "up: $(basename "$1")${2:+ $2} done in $(( $(lab_now_ms) - s )) ms"; }
step "$HERE/install.sh"
step "$HERE/mariadb.sh" start
step "$HERE/docker-engines.sh" start "${1:-}"
step "$HERE/images.sh"
lab_log "up: lab ready in $(( $(lab_now_ms) - t0 )) ms"
echo "export ECLOUD_LAB_JDBC_URL='$("$HERE/mariadb.sh" url)'"
"$HERE/docker-engines.sh" env
