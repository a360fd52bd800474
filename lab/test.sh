#!/usr/bin/env bash
# test.sh - the whole test suite: installs what is missing, brings the lab up (a private MariaDB,
# 3 Docker engines on one L2 segment, images, registry, HAProxy, Keystone + Neutron + Cinder), then
# runs `mvn verify` on every module against it.
#
# Usage: lab/test.sh [extra maven arguments]
# The lab stays up afterwards (lab/down.sh stops it); a second run reuses it.
set -euo pipefail
cd "$(dirname "$0")/.."
# every line up.sh prints is an export: the lab's addresses for the tests
eval "$(lab/up.sh)"
exec mvn -B -ntp verify "$@"
