#!/usr/bin/env bash
# startup.sh - start-up time and memory of the platform on its embedded defaults (H2, in-process
# ZooKeeper), next to a bare Spring Boot web app (bench/BaselineWebApp) started the same way in
# the same run. Time is from `java` to the first healthy /actuator/health; RSS is read then.
#
# Usage: bench/startup.sh [RUNS]     (default 3; builds the jars if missing)
# Environment: JAVA_OPTS (default the same as run.sh: -Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
JAVA_OPTS=${JAVA_OPTS:--Xmx768m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
[ -f webapp/target/ecloud.jar ] && [ -f bench/target/baseline.jar ] || mvn -B -q -ntp -DskipTests package
work=$(mktemp -d)
cp webapp/target/ecloud.jar bench/target/baseline.jar "$work/"

measure() { # NAME JAR PORT -> prints "ms rss_mb"
  local name=$1 jar=$2 port=$3 pid t0 ms rss
  rm -rf "$work/data"
  t0=$(date +%s%3N)
  # shellcheck disable=SC2086
  ECLOUD_DATA_DIR="$work/data" ECLOUD_ADMIN_PASSWORD=bench-only SERVER_PORT=$port \
    java $JAVA_OPTS -jar "$work/$jar" > "$work/$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    curl -sf "http://127.0.0.1:$port/actuator/health" >/dev/null 2>&1 && break
    kill -0 $pid 2>/dev/null || { echo "$name died; see $work/$name.log" >&2; exit 1; }
    sleep 0.05
  done
  ms=$(( $(date +%s%3N) - t0 ))
  rss=$(( $(awk '/VmRSS/ {print $2}' /proc/$pid/status) / 1024 ))
  kill -TERM $pid; wait $pid 2>/dev/null || true
  echo "$ms $rss"
}

port=$(( 20000 + RANDOM % 20000 ))
declare -a pt pr bt br
for i in $(seq 1 "$RUNS"); do
  read -r ms rss < <(measure baseline baseline.jar $port); bt+=("$ms"); br+=("$rss")
  read -r ms rss < <(measure platform ecloud.jar $port); pt+=("$ms"); pr+=("$rss")
  echo "run $i: baseline ${bt[-1]} ms ${br[-1]} MB | platform ${pt[-1]} ms ${pr[-1]} MB" >&2
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
mbt=$(median "${bt[@]}"); mbr=$(median "${br[@]}"); mpt=$(median "${pt[@]}"); mpr=$(median "${pr[@]}")
echo
echo "start-up to healthy, median of $RUNS (JAVA_OPTS=$JAVA_OPTS, $(nproc) cores)"
printf '%-28s %10s %10s\n' "" "time ms" "RSS MB"
printf '%-28s %10s %10s\n' "baseline (bare Spring Boot)" "$mbt" "$mbr"
printf '%-28s %10s %10s\n' "platform (H2, in-process ZK)" "$mpt" "$mpr"
awk -v a="$mpt" -v b="$mbt" -v c="$mpr" -v d="$mbr" 'BEGIN { printf "%-28s %9.2fx %9.2fx\n", "ratio platform/baseline", a/b, c/d }'
rm -rf "$work"
