#!/usr/bin/env bash
# run.sh - set up and run Elastic Cloud on its embedded defaults, on a fresh Debian machine (root).
#
# Usage: ./run.sh            (foreground; Ctrl-C stops the platform, the lab stays up)
#
# Installs what is missing (JDK 17, Maven, Docker, ...), builds the platform if needed, starts the
# lab (Docker engines as simulated hosts on one L2 segment, images, registry, MariaDB), starts the platform on H2 and an in-process ZooKeeper
# under ECLOUD_DATA_DIR, registers the lab's engines as hosts on first start (each through
# RegisterHostProcess), and prints the URLs and the login.
#
# Environment: SERVER_PORT (8080), ECLOUD_DATA_DIR (/var/lib/ecloud), ECLOUD_ADMIN_USER (admin),
# ECLOUD_ADMIN_PASSWORD (generated on first start and kept in $ECLOUD_DATA_DIR/admin-password),
# ECLOUD_LAB_ENGINES (3), JAVA_OPTS (-Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(pwd)
export SERVER_PORT=${SERVER_PORT:-8080}
export ECLOUD_DATA_DIR=${ECLOUD_DATA_DIR:-/var/lib/ecloud}
export ECLOUD_ADMIN_USER=${ECLOUD_ADMIN_USER:-admin}
# C1 only (TieredStopAtLevel=1): on a small host C2 compiling the platform cost more CPU than the
# platform's own work, for no gain later (docs/adr/0017-scale-out-cpu.md)
JAVA_OPTS=${JAVA_OPTS:--Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
log() { printf '[run] %s\n' "$*" >&2; }

lab/install.sh
mkdir -p "$ECLOUD_DATA_DIR"
chmod 700 "$ECLOUD_DATA_DIR"

if [ -z "${ECLOUD_ADMIN_PASSWORD:-}" ]; then
  if [ ! -s "$ECLOUD_DATA_DIR/admin-password" ]; then
    (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$ECLOUD_DATA_DIR/admin-password")
  fi
  ECLOUD_ADMIN_PASSWORD=$(cat "$ECLOUD_DATA_DIR/admin-password")
fi
export ECLOUD_ADMIN_PASSWORD

jar=webapp/target/ecloud.jar
if [ ! -f "$jar" ] || [ -n "$(find pom.xml */pom.xml */src -newer "$jar" -print -quit 2>/dev/null)" ]; then
  log "building (mvn package, tests skipped: lab/test.sh runs them)"
  mvn -B -q -ntp -DskipTests package
fi
# run a copy: rebuilding a jar that a running JVM reads breaks it
cp "$jar" "$ECLOUD_DATA_DIR/ecloud.jar"

# the lab: Docker engines (simulated hosts) on one L2 segment, images, registry (OpenStack is not
# needed on the embedded defaults: addresses and volumes are kept locally)
eval "$(ECLOUD_LAB_OPENSTACK=0 ECLOUD_LAB_OPENTSDB=0 lab/up.sh "${ECLOUD_LAB_ENGINES:-3}")"
# containers read their configuration through a listener on their network (the lab's shim)
export ECLOUD_CONTAINER_ACCESS_ADDRESS=${ECLOUD_CONTAINER_ACCESS_ADDRESS:-$ECLOUD_LAB_SHIM_IP}
export ECLOUD_DOCKER_NETWORK=${ECLOUD_DOCKER_NETWORK:-$ECLOUD_LAB_NETWORK}
export ECLOUD_REGISTRY=${ECLOUD_REGISTRY:-$ECLOUD_LAB_REGISTRY}
# the lab's VIP load balancer, and its MariaDB standing in for the applications' database servers
export ECLOUD_VIP_SOCKET=${ECLOUD_VIP_SOCKET:-$ECLOUD_LAB_HAPROXY_SOCKET}
export ECLOUD_VIP_DEFINITIONS=${ECLOUD_VIP_DEFINITIONS:-$ECLOUD_LAB_HAPROXY_VIPS}
export ECLOUD_VIP_RELOAD=${ECLOUD_VIP_RELOAD:-$ECLOUD_LAB_HAPROXY_CTL reload}
export ECLOUD_GRANTS_ADMIN_USER=${ECLOUD_GRANTS_ADMIN_USER:-ecloud} ECLOUD_GRANTS_ADMIN_PASSWORD=${ECLOUD_GRANTS_ADMIN_PASSWORD:-ecloud}
# the embedded ZooKeeper on a known port, so the hosts' agents (lab/agents.sh) can register there
export ECLOUD_ZK_EMBEDDED_PORT=${ECLOUD_ZK_EMBEDDED_PORT:-2181}
# the lab's hosts hang off one switch: let a group use all of it
export ECLOUD_MAX_SHARE_PER_SWITCH=${ECLOUD_MAX_SHARE_PER_SWITCH:-1.0}

log "starting the platform on port $SERVER_PORT (log: $ECLOUD_DATA_DIR/ecloud.log)"
# shellcheck disable=SC2086
java $JAVA_OPTS -jar "$ECLOUD_DATA_DIR/ecloud.jar" > "$ECLOUD_DATA_DIR/ecloud.log" 2>&1 &
pid=$!
trap 'lab/agents.sh stop >/dev/null 2>&1 || true; log "stopping the platform (pid $pid)"; kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null; exit 0' INT TERM
base="http://127.0.0.1:$SERVER_PORT"
started=$(date +%s%3N)
for _ in $(seq 1 240); do
  curl -sf "$base/actuator/health" >/dev/null 2>&1 && break
  kill -0 $pid 2>/dev/null || { tail -40 "$ECLOUD_DATA_DIR/ecloud.log" >&2; log "the platform did not start"; exit 1; }
  sleep 0.5
done
curl -sf "$base/actuator/health" >/dev/null || { log "no healthy platform after 120 s"; exit 1; }
log "up in $(( $(date +%s%3N) - started )) ms (RSS $(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 )) MB)"

api() { curl -sf -u "$ECLOUD_ADMIN_USER:$ECLOUD_ADMIN_PASSWORD" -H 'Content-Type: application/json' "$@"; }
if [ "$(api "$base/api/datacenters")" = "[]" ]; then
  log "first start: registering the lab's engines as hosts"
  dc=$(api -d '{"name":"lab","location":"this machine"}' "$base/api/datacenters" | sed 's/.*"id":\([0-9]*\).*/\1/')
  sw=$(api -d "{\"datacenterId\":$dc,\"name\":\"lab-sw1\"}" "$base/api/switches" | sed 's/.*"id":\([0-9]*\).*/\1/')
  cores=$(nproc); mem=$(( $(awk '/MemTotal/ {print $2}' /proc/meminfo) / 1024 ))
  for var in $(compgen -v ECLOUD_LAB_DOCKER_); do
    n=${var#ECLOUD_LAB_DOCKER_}
    api -o /dev/null -d "{\"switchId\":$sw,\"name\":\"d$n\",\"cores\":$cores,\"memoryMb\":$mem,\"diskGb\":100,\"engineEndpoint\":\"${!var}\"}" \
      "$base/api/hosts" && log "host d$n: RegisterHostProcess started"
  done
fi

# one agent per lab engine (host dN): metrics every 10 s, hardware checks, membership in ZooKeeper
lab/agents.sh start || log "the agents did not start (see lab/agents.sh status); the platform runs without metrics"

cat <<TXT

  Elastic Cloud is running (pid $pid).
    Home page       $base/
    Monitoring      $base/monitoring
    Cockpit         $base/camunda/app/cockpit/default/
    Tasklist        $base/camunda/app/tasklist/default/
    REST API        $base/api        (OpenAPI: $base/swagger-ui/index.html)
    Engine REST     $base/engine-rest
    Login           $ECLOUD_ADMIN_USER / $ECLOUD_ADMIN_PASSWORD
    Data            $ECLOUD_DATA_DIR   (log: $ECLOUD_DATA_DIR/ecloud.log)
  Ctrl-C stops the platform and the agents; lab/down.sh stops the lab's engines.

TXT
wait $pid
