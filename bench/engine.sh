#!/usr/bin/env bash
# engine.sh - the process engine's own cost of a scale-out (every delegate a no-op), on H2 and on
# the lab's MariaDB: process instances per second.
#
# Usage: bench/engine.sh [INSTANCES=100]
set -euo pipefail
cd "$(dirname "$0")/.."
eval "$(lab/up.sh 2>/dev/null)"
mvn -B -q -ntp -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl bench -am >/dev/null
exec java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.elasticcloud.bench.EngineOverheadBench "${1:-100}"
