#!/usr/bin/env bash
# install.sh - install the Debian packages the Elastic Cloud lab needs, only if missing.
#
# Usage: lab/install.sh
#
# Packages: docker.io docker-registry mariadb-server mariadb-client busybox-static haproxy iproute2 curl,
# chromium and chromium-driver (the monitoring pages' browser tests),
# and the build tools when their commands are missing (openjdk-17-jdk-headless, maven).
# Checks each with dpkg-query first; when all are installed it is a fast no-op and never
# touches apt. Otherwise runs `apt-get update` once and installs only the missing ones
# (non-interactive, no recommends). A policy-rc.d is NOT installed here: on this machine
# (no systemd) the packages' init scripts do not start services anyway; the lab starts its
# own private daemons (lab/mariadb.sh, lab/docker-engines.sh).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

PKGS=(docker.io docker-registry mariadb-server mariadb-client busybox-static haproxy iproute2 curl
      chromium chromium-driver)

missing=()
for p in "${PKGS[@]}"; do
  st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
  [ "$st" = installed ] || missing+=("$p")
done
# the JDK and Maven may come from elsewhere (a tarball, SDKMAN): look for the commands
command -v javac >/dev/null 2>&1 || missing+=(openjdk-17-jdk-headless)
command -v mvn >/dev/null 2>&1 || missing+=(maven)

if [ ${#missing[@]} -eq 0 ]; then
  lab_log "install: all present (${PKGS[*]})"
  exit 0
fi

[ "$(id -u)" = 0 ] || lab_die "install: must run as root to install: ${missing[*]}"
lab_log "install: missing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# no package's init script may start its daemon (dockerd, mariadbd, the registry on port 5000,
# haproxy) during the install: the lab starts its own, on loopback
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\n# temporary, lab/install.sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
# another apt/dpkg run holds the lock: wait for it (bounded) instead of failing
apt_opts=(-o DPkg::Lock::Timeout=600 -y -q)
apt-get "${apt_opts[@]}" update
apt-get "${apt_opts[@]}" install --no-install-recommends "${missing[@]}"
lab_log "install: done"
