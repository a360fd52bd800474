#!/usr/bin/env bash
# opentsdb.sh - ingest into a real OpenTSDB TSD (lab/opentsdb.sh): OpenTsdbMetricsStore's writes
# (sync, and without sync) against raw /api/put of the same points in the same run; two queries.
#
# Usage: bench/opentsdb.sh [CONTAINERS=1000] [ROUNDS=12] [BATCH=2000] [IN_FLIGHT=4]
set -euo pipefail
cd "$(dirname "$0")/.."
lab/opentsdb.sh start >&2
eval "$(lab/opentsdb.sh env)"
mvn -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl bench -am >/dev/null
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.elasticcloud.bench.OpenTsdbIngestBench \
  "${1:-1000}" "${2:-12}" "${3:-2000}" "${4:-4}"
