#!/usr/bin/env bash
# migration.sh - a host running N containers dies; time to detection and to all N serving again
# elsewhere with their IPs, next to creating the same N from scratch, in the same run.
#
# Usage: bench/migration.sh [N=30]     (brings the lab up, builds, starts a platform of its own)
#
# The dying host is a private Docker engine (d9, core's PrivateDockerEngine, without live-restore)
# with the packaged agent; d1-d3 of the lab take its containers. Detection settings are the
# platform's defaults unless ECLOUD_HOSTS_* / ECLOUD_AGENT_ZK_SESSION_TIMEOUT say otherwise.
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(lab/up.sh 2>/dev/null)"
mvn -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -pl bench,webapp,agent -am >/dev/null
work=$(mktemp -d)
cp webapp/target/ecloud.jar agent/target/ecloud-agent.jar "$work/"
port=$(( 20000 + RANDOM % 20000 ))
access=$(( 20000 + RANDOM % 20000 ))
zk=$(( 20000 + RANDOM % 20000 ))
ECLOUD_DATA_DIR="$work/data" SERVER_PORT=$port ECLOUD_ADMIN_PASSWORD=bench ECLOUD_ZK_EMBEDDED_PORT=$zk \
ECLOUD_CONTAINER_ACCESS_ADDRESS=$ECLOUD_LAB_SHIM_IP ECLOUD_CONTAINER_ACCESS_PORT=$access \
ECLOUD_DOCKER_NETWORK=$ECLOUD_LAB_NETWORK ECLOUD_MAX_SHARE_PER_SWITCH=1.0 ECLOUD_MAX_SHARE_PER_HOST=1.0 \
ECLOUD_IP_POOL=10.211.6.0-10.211.6.250 \
ECLOUD_GRANTS_ADMIN_USER=ecloud ECLOUD_GRANTS_ADMIN_PASSWORD=ecloud \
ECLOUD_VIP_SOCKET=$ECLOUD_LAB_HAPROXY_SOCKET ECLOUD_VIP_DEFINITIONS=$ECLOUD_LAB_HAPROXY_VIPS \
ECLOUD_VIP_RELOAD="$ECLOUD_LAB_HAPROXY_CTL reload" \
  java ${JAVA_OPTS:--Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} ${BENCH_PLATFORM_JAVA_OPTS:-} -jar "$work/ecloud.jar" > "$work/platform.log" 2>&1 &
pid=$!
trap 'rc=$?; kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; rm -rf "$work"; exit $rc' EXIT
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break; sleep 0.5; done
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.elasticcloud.bench.MigrationBench \
  "http://127.0.0.1:$port" bench "${1:-30}" "127.0.0.1:$zk" "$work/ecloud-agent.jar" \
  || { grep -E 'ERROR|ECP-|Exception' "$work/platform.log" | tail -40 >&2; exit 1; }
