#!/usr/bin/env bash
# scaleout.sh - scale-out of N containers over the lab's 3 hosts through the platform's REST API,
# call to all ready, next to raw docker-java create+start of the same containers in the same run.
#
# Usage: bench/scaleout.sh [N=30]      (brings the lab up, builds, starts a platform of its own)
# JAVA_OPTS: the platform's JVM options (default as run.sh's); BENCH_PLATFORM_JAVA_OPTS: more of them
# (e.g. a JFR recording to profile it);
# BENCH_ROUNDS: scale-out/scale-in rounds on the same platform (2: the first cold, then warm)
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(lab/up.sh 2>/dev/null)"
mvn -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl bench,webapp -am >/dev/null
work=$(mktemp -d)
cp webapp/target/ecloud.jar "$work/"
port=$(( 20000 + RANDOM % 20000 ))
access=$(( 20000 + RANDOM % 20000 ))
ECLOUD_DATA_DIR="$work/data" SERVER_PORT=$port ECLOUD_ADMIN_PASSWORD=bench \
ECLOUD_CONTAINER_ACCESS_ADDRESS=$ECLOUD_LAB_SHIM_IP ECLOUD_CONTAINER_ACCESS_PORT=$access \
ECLOUD_DOCKER_NETWORK=$ECLOUD_LAB_NETWORK ECLOUD_MAX_SHARE_PER_SWITCH=1.0 ECLOUD_IP_POOL=10.211.5.0-10.211.5.250 \
ECLOUD_GRANTS_ADMIN_USER=ecloud ECLOUD_GRANTS_ADMIN_PASSWORD=ecloud \
ECLOUD_VIP_SOCKET=$ECLOUD_LAB_HAPROXY_SOCKET ECLOUD_VIP_DEFINITIONS=$ECLOUD_LAB_HAPROXY_VIPS \
ECLOUD_VIP_RELOAD="$ECLOUD_LAB_HAPROXY_CTL reload" \
  java ${JAVA_OPTS:--Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1} ${BENCH_PLATFORM_JAVA_OPTS:-} -jar "$work/ecloud.jar" > "$work/platform.log" 2>&1 &
pid=$!
trap 'rc=$?; kill -TERM $pid 2>/dev/null; wait $pid 2>/dev/null || true; cp "$work/platform.log" "${TMPDIR:-/tmp}/ecloud-bench-scaleout.log" 2>/dev/null || true; rm -rf "$work"; exit $rc' EXIT
# the platform's log stays in ${TMPDIR:-/tmp}/ecloud-bench-scaleout.log
for _ in $(seq 1 240); do curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break; sleep 0.5; done
java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.elasticcloud.bench.ScaleOutBench \
  "http://127.0.0.1:$port" bench "${1:-30}" || { grep -E 'ERROR|ECP-|Exception' "$work/platform.log" | tail -30 >&2; exit 1; }
