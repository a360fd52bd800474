#!/usr/bin/env bash
# metrics.sh - the metrics store on the embedded QuestDB: (a) ingestion of agents' reports through
# the platform's own code (JSON -> AgentReportReader -> MetricsStore.write) against QuestDB's raw
# WalWriter, (b) the hourly maximum over 24 h for 10,000 containers through the port against plain
# SQL on the rollup. In-process, alternating, ratios to the raw baseline (docs/benchmarks.md).
#
# Usage: bench/metrics.sh [REPORTS=400] [CONTAINERS=10000] [ROUNDS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl bench -am >/dev/null
exec java -Xmx2g -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.elasticcloud.bench.MetricsStoreBench \
  "${1:-400}" "${2:-10000}" "${3:-3}"
