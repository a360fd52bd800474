#!/usr/bin/env bash
# registry.sh - a private image registry for the lab (Debian docker-registry 2.8, loopback only).
#
# Usage: lab/registry.sh start|stop|status|url
#   start   install the Debian package docker-registry if missing (apt-get, like
#           lab/install.sh), write its own config, start `docker-registry serve` in the
#           background and wait (<= 30 s) until GET /v2/ answers 200. A no-op if running.
#           Fails if 127.0.0.1:5050 is taken by a process that is not ours.
#   stop    SIGTERM the PID in our pidfile, wait until it is gone (SIGKILL after 20 s).
#   status  running/stopped and whether /v2/ answers, plus the repositories it holds
#           (exit 0 running and answering, 3 otherwise).
#   url     print 127.0.0.1:5050 (the prefix for image names: 127.0.0.1:5050/ecloud/os:1).
#
# Address 127.0.0.1:5050 (NOT 5000: Keystone uses it), plain HTTP, no authentication, deletes
# enabled. The lab engines push and pull it without any daemon setting: Docker treats
# 127.0.0.0/8 as an insecure registry by default (`docker info`: Insecure Registries).
# Containers cannot reach it (it is on the host's loopback): only the engines pull from it.
# Files: $LAB_DIR/registry/{config.yml,data/,registry.log}, pidfile /run/ecloud-lab/registry.pid.
# The package's own service (/etc/init.d/docker-registry, port 5000) is never started here.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

R=$LAB_DIR/registry
CONF=$R/config.yml
DATA=$R/data
LOGF=$R/registry.log
PIDF=$LAB_RUN/registry.pid
ADDR=$LAB_REGISTRY
BIN=/usr/bin/docker-registry

running_pid() { lab_pid_ours "$PIDF" "$CONF"; }
answers() { [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "http://$ADDR/v2/" 2>/dev/null)" = 200 ]; }

install_pkg() {
  [ -x "$BIN" ] && return 0
  [ "$(id -u)" = 0 ] || lab_die "registry: docker-registry missing and not root"
  lab_log "registry: installing docker-registry"
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 -y -q install --no-install-recommends docker-registry >&2 ||
    { apt-get -o DPkg::Lock::Timeout=600 -y -q update >&2 &&
      apt-get -o DPkg::Lock::Timeout=600 -y -q install --no-install-recommends docker-registry >&2; }
  [ -x "$BIN" ] || lab_die "registry: $BIN still missing after install"
}

write_config() {
  mkdir -p "$DATA" "$LAB_RUN"
  cat > "$CONF.tmp" <<EOF
# written by lab/registry.sh - the lab's image registry
version: 0.1
log:
  level: info
  accesslog:
    disabled: true
  fields:
    service: ecloud-lab-registry
storage:
  filesystem:
    rootdirectory: $DATA
  delete:
    enabled: true
  cache:
    blobdescriptor: inmemory
http:
  addr: $ADDR
  headers:
    X-Content-Type-Options: [nosniff]
health:
  storagedriver:
    enabled: true
    interval: 10s
    threshold: 3
EOF
  mv "$CONF.tmp" "$CONF"
}

do_start() {
  local pid k t0
  if pid=$(running_pid); then
    answers || lab_die "registry: running (pid $pid) but http://$ADDR/v2/ does not answer (log $LOGF)"
    lab_log "registry: already running (pid $pid)"; return 0
  fi
  if answers || ss -Hltn "sport = :${ADDR##*:}" 2>/dev/null | grep -q .; then
    lab_die "registry: $ADDR is in use by a process that is not ours: $(ss -Hltnp "sport = :${ADDR##*:}" | head -1)"
  fi
  install_pkg
  write_config
  t0=$(lab_now_ms)
  echo "==== $(date -Is) start" >> "$LOGF"
  setsid nohup "$BIN" serve "$CONF" </dev/null >>"$LOGF" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  pid=$!
  echo "$pid" > "$PIDF"
  for ((k = 0; k < 300; k++)); do
    answers && break
    lab_alive "$pid" || break
    sleep 0.1
  done
  answers || { tail -20 "$LOGF" >&2; lab_die "registry: not answering on $ADDR (log $LOGF)"; }
  lab_log "registry: started on $ADDR (pid $pid) in $(( $(lab_now_ms) - t0 )) ms"
}

do_stop() {
  local pid
  if pid=$(running_pid); then
    lab_log "registry: stopping (pid $pid)"
    lab_stop_pid "$pid" 20
  else
    lab_log "registry: not running"
  fi
  rm -f "$PIDF"
}

do_status() {
  local pid
  if pid=$(running_pid); then
    if answers; then
      echo "registry: running pid=$pid addr=$ADDR answers=yes data=$DATA"
      echo "registry: repositories: $(curl -s -m 2 "http://$ADDR/v2/_catalog" | sed -n 's/.*"repositories":\[\(.*\)\].*/\1/p' | tr -d '"')"
      return 0
    fi
    echo "registry: running pid=$pid addr=$ADDR answers=no"
  else
    echo "registry: stopped"
  fi
  return 3
}

case "${1:-}" in
  start)  lab_lock registry; do_start ;;
  stop)   lab_lock registry; do_stop ;;
  status) do_status ;;
  url)    echo "$ADDR" ;;
  *) lab_usage "$0"; exit 2 ;;
esac
