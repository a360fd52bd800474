#!/usr/bin/env bash
# agent.sh - the host agent's cost on a host with many containers, against the slow way in the same
# run: N small containers on lab engine d1, then ROUNDS collection rounds of
#   1. the agent (agent/target/ecloud-agent.jar: one container list a round, inspect once per
#      container, everything else from /proc and cgroup files), shipping to a local sink,
#   2. the same agent counting connections from the tcp/tcp6 tables (--connections=tables), and
#   3. the baseline (bench DockerStatsBaselineBench: one container list and one Docker stats call
#      per container a round, 16 at a time, through the platform's ContainerRuntime.stats),
# each in its own JVM with the same options, after a quiet period that shows the engine's own cost.
# Prints each one's CPU per round (after the first), RSS, and the engine's (dockerd + containerd +
# shims of d1) CPU per round while it ran. Removes the containers at the end.
#
# Usage: flock /work/lab.lock bench/agent.sh [N=100] [ROUNDS=6] [INTERVAL_S=10]
# Environment: MVN_ARGS (extra maven arguments, e.g. -o -Dmaven.repo.local=...), JAVA_OPTS
# (default -Xmx48m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1, as lab/agents.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
. lab/lib.sh
N=${1:-100}; ROUNDS=${2:-6}; INTERVAL=${3:-10}
JAVA_OPTS=${JAVA_OPTS:--Xmx48m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
SOCK=$LAB_RUN/d1/docker.sock
ENDPOINT=unix://$SOCK
LABEL=org.elasticcloud.bench=agent
OUT=$(mktemp -d /tmp/agent-bench.XXXXXX)
log() { printf '[bench] %s\n' "$*" >&2; }

curl -sf -m 3 --unix-socket "$SOCK" http://localhost/_ping >/dev/null || { log "engine d1 does not answer (lab/up.sh)"; exit 1; }
# shellcheck disable=SC2086
mvn -B -q -ntp ${MVN_ARGS:-} -DskipTests install -pl agent,bench -am >/dev/null
# shellcheck disable=SC2086
mvn -B -q -ntp ${MVN_ARGS:-} dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -pl bench >/dev/null

cleanup() {
  local ids
  ids=$(lab_dk 1 ps -aq --filter "label=$LABEL" || true)
  [ -z "$ids" ] || { log "removing $(echo "$ids" | wc -l) container(s)"; echo "$ids" | xargs -r -n 20 "$LAB_DOCKER" -H "$ENDPOINT" rm -f >/dev/null; }
  [ -z "${SINK_PID:-}" ] || kill "$SINK_PID" 2>/dev/null || true
}
trap cleanup EXIT

log "starting $N containers on d1 (ecloud/os:1, sleep, 16 MB, no network)"
t0=$(lab_now_ms)
seq 1 "$N" | xargs -P 4 -I{} "$LAB_DOCKER" -H "$ENDPOINT" run -d --name "agent-bench-{}" --label "$LABEL" \
  -m 16m --network none ecloud/os:1 sh -c 'while :; do sleep 5; done' >/dev/null
log "started in $(( $(lab_now_ms) - t0 )) ms; $(lab_dk 1 ps -q | wc -l) running on d1"

# the engine's processes: dockerd, its containerd, and the shims bound to that containerd
engine_pids() {
  local exec=$LAB_RUN/d1/exec p c
  cat "$LAB_RUN/d1/docker.pid"
  for p in /proc/[0-9]*; do
    c=$(lab_cmdline "${p#/proc/}")
    case "$c" in *"$exec/containerd/containerd.toml"*|*"-address $exec/containerd/containerd.sock"*) echo "${p#/proc/}" ;; esac
  done
}
# CPU ticks (utime + stime) of the given pids, summed
ticks() { local t=0 p s; for p in "$@"; do s=$(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0); t=$((t + s)); done; echo "$t"; }
HZ=$(getconf CLK_TCK)

# a sink for the agent's reports (answers 202 as the platform does)
python3 - "$OUT/sink.port" <<'PY' &
import http.server, json, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        n = len(json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))["points"])
        out = json.dumps({"accepted": n, "rejected": 0, "problems": []}).encode()
        self.send_response(202); self.send_header("Content-Length", str(len(out))); self.end_headers(); self.wfile.write(out)
    def log_message(self, *a): pass
s = http.server.ThreadingHTTPServer(("127.0.0.1", 0), H)
open(sys.argv[1], "w").write(str(s.server_address[1]))
s.serve_forever()
PY
SINK_PID=$!
for _ in $(seq 1 50); do [ -s "$OUT/sink.port" ] && break; sleep 0.1; done

run_measured() {   # name command...: runs it, prints the engine's CPU ms per round during it
  local name=$1; shift
  local pids before after
  mapfile -t pids < <(engine_pids)
  before=$(ticks "${pids[@]}")
  "$@" > "$OUT/$name.log" 2>&1
  after=$(ticks "${pids[@]}")
  echo "$(( (after - before) * 1000 / HZ / ROUNDS ))"
}

run_agent() {   # name connections: one agent run; sets line, first_ms, later_ms, engine_ms
  local name=$1
  log "agent ($name): $ROUNDS rounds every ${INTERVAL}s"
  # shellcheck disable=SC2086
  engine_ms=$(run_measured "$name" env ECLOUD_AGENT_LOG_LEVEL=DEBUG java $JAVA_OPTS -jar agent/target/ecloud-agent.jar \
    --host=d1 --docker="$ENDPOINT" --interval="${INTERVAL}s" --rounds="$ROUNDS" --connections="$2" \
    --platform="http://127.0.0.1:$(cat "$OUT/sink.port")" --kernel-log="$OUT/none.log")
  line=$(grep 'ECP-AGENT-009' "$OUT/$name.log" | sed 's/.*ECP-AGENT-009 //')
  first_ms=$(sed -n 's/.*ECP-AGENT-100 round 1: .* in \([0-9]*\) ms.*/\1/p' "$OUT/$name.log" | head -1)
  later_ms=$(sed -n 's/.*ECP-AGENT-10[01] round [0-9]*: .* in \([0-9]*\) ms.*/\1/p' "$OUT/$name.log" | tail -n +2 |
    awk '{ s += $1; n++ } END { if (n) printf "%.0f", s / n; else print "?" }')
  printf '  %-9s %s\n            wall per round: first (inspects) %s ms, then %s ms; engine CPU per round while it ran: %s ms\n' \
    "$name" "$line" "$first_ms" "$later_ms" "$engine_ms" >> "$OUT/summary"
}
: > "$OUT/summary"
log "engine alone: $((ROUNDS * INTERVAL)) s with nothing polling it"
idle_ms=$(run_measured idle sleep $((ROUNDS * INTERVAL)))
printf '  %-9s engine CPU per %ss with nothing polling it: %s ms\n' "idle" "$INTERVAL" "$idle_ms" >> "$OUT/summary"
run_agent agent snmp
run_agent tables tables

log "baseline: $ROUNDS rounds every ${INTERVAL}s"
# shellcheck disable=SC2086
base_engine=$(run_measured baseline java $JAVA_OPTS -cp "bench/target/classes:$(cat bench/target/classpath.txt)" \
  org.elasticcloud.bench.DockerStatsBaselineBench "$ENDPOINT" "$ROUNDS" "$INTERVAL" 16)
base_line=$(grep '^BASELINE' "$OUT/baseline.log" | sed 's/^BASELINE //')

base_engine=${base_engine:-?}
printf '  %-9s %s\n            engine CPU per round while it ran: %s ms\n' baseline "$base_line" "$base_engine" >> "$OUT/summary"
echo
echo "  $N containers on d1, $ROUNDS rounds every ${INTERVAL}s, JAVA_OPTS: $JAVA_OPTS"
cat "$OUT/summary"
echo "  logs: $OUT"
