#!/usr/bin/env bash
# containers.sh - create+start of N containers over 3 lab hosts: raw docker-java (baseline) against
# the platform's ports (ContainerRuntime; and local IPAM + volumes + ContainerRuntime), same run.
#
# Usage: bench/containers.sh [N=50] [ROUNDS=3]     (brings the lab up first)
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(lab/up.sh 2>/dev/null)"
mvn -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl bench -am >/dev/null
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.elasticcloud.bench.ContainerCreateBench "${1:-50}" "${2:-3}"
