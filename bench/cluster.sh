#!/usr/bin/env bash
# cluster.sh - throughput of scale-out operations across applications with 1 platform node versus 2
# (each its own JVM and job executor; no-op cloud adapters, the real per-application lease in
# ZooKeeper) on the lab's MariaDB. Prints operations per second and the ratio.
#
# Usage: bench/cluster.sh [OPERATIONS=60] [APPLICATIONS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(lab/up.sh 2>/dev/null)"
mvn -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl bench -am >/dev/null
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.elasticcloud.bench.ClusterThroughputBench "${1:-60}" "${2:-10}"
