#!/usr/bin/env bash
# test.sh - the whole test suite: installs what is missing, brings the lab up (a private MariaDB,
# Docker engines, the OS image) and HAProxy (lab/haproxy.sh), then runs `mvn verify` on every
# module against it.
#
# Usage: lab/test.sh [extra maven arguments]
# The lab stays up afterwards (lab/down.sh stops it); a second run reuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(lab/up.sh)"
lab/haproxy.sh start >&2                 # the VIP load balancer (needs lab0-shim)
eval "$(lab/haproxy.sh env)"
export ECLOUD_LAB_JDBC_URL ECLOUD_LAB_DOCKER_1 ECLOUD_LAB_DOCKER_2
exec mvn -B -ntp verify "$@"
