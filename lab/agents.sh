#!/usr/bin/env bash
# agents.sh - one host agent (agent/target/ecloud-agent.jar) per running lab engine dN, named dN
# like the hosts run.sh registers, so the platform finds each engine's points and its member.
#
# Usage: lab/agents.sh start|stop|status|env
#   start   start an agent for every running lab engine that has none (idempotent), and wait
#           (<= 30 s each) for its first collection round in its log
#   stop    stop every lab agent (SIGTERM: it ships what it can and leaves ZooKeeper; SIGKILL
#           after 15 s)
#   status  one line per agent: running/stopped, pid, its log's last line
#   env     `export ECLOUD_LAB_AGENT_N=<log file>` for each running agent
#
# Per agent dN: a copy of the jar $LAB_DIR/agents/ecloud-agent.jar (rebuilding never breaks a
# running agent), pidfile $LAB_RUN/agents/dN.pid, log $LAB_DIR/agents/dN.log. All the agents run
# on this one machine, so their host metrics are this machine's; their containers are their
# engine's.
#
# Environment (read when starting; ECLOUD_AGENT_* settings pass through to the agents, see
# docs/agent.md):
#   ECLOUD_AGENT_PLATFORM   platform URL(s), comma-separated (default http://127.0.0.1:${SERVER_PORT:-8080})
#   ECLOUD_AGENT_USER       HTTP Basic user (default ${ECLOUD_ADMIN_USER:-admin})
#   ECLOUD_AGENT_PASSWORD   its password (default $ECLOUD_ADMIN_PASSWORD, else the file
#                           ${ECLOUD_DATA_DIR:-/var/lib/ecloud}/admin-password that run.sh keeps)
#   ECLOUD_AGENT_ZK_CONNECT ZooKeeper (default $ECLOUD_ZK_CONNECT, else 127.0.0.1:$ECLOUD_ZK_EMBEDDED_PORT
#                           when the platform's embedded ZooKeeper has a fixed port; none: the
#                           agents run unregistered and say so in their logs)
#   ECLOUD_AGENT_INTERVAL   collection interval (agent default 10s)
#   ECLOUD_AGENT_JAR        the jar to copy (default agent/target/ecloud-agent.jar of this checkout)
#   ECLOUD_AGENT_JAVA_OPTS  (default -Xmx48m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

A_DIR=$LAB_DIR/agents
A_RUN=$LAB_RUN/agents
A_JAR=$A_DIR/ecloud-agent.jar
a_pidf() { echo "$A_RUN/d$1.pid"; }
a_log()  { echo "$A_DIR/d$1.log"; }
# the marker only agent dN's command line has (the trailing space keeps d1 apart from d10)
a_pid()  { lab_pid_ours "$(a_pidf "$1")" "$A_JAR --host=d$1 "; }

# numbers of the agents that have a pidfile, sorted
known_agents() {
  local f
  for f in "$A_RUN"/d[0-9]*.pid; do
    [ -f "$f" ] && basename "$f" .pid | sed 's/^d//'
  done | sort -n || true
}

settings() {
  export ECLOUD_AGENT_PLATFORM=${ECLOUD_AGENT_PLATFORM:-http://127.0.0.1:${SERVER_PORT:-8080}}
  export ECLOUD_AGENT_USER=${ECLOUD_AGENT_USER:-${ECLOUD_ADMIN_USER:-admin}}
  if [ -z "${ECLOUD_AGENT_PASSWORD:-}" ]; then
    local pwfile=${ECLOUD_DATA_DIR:-/var/lib/ecloud}/admin-password
    if [ -n "${ECLOUD_ADMIN_PASSWORD:-}" ]; then ECLOUD_AGENT_PASSWORD=$ECLOUD_ADMIN_PASSWORD
    elif [ -s "$pwfile" ]; then ECLOUD_AGENT_PASSWORD=$(cat "$pwfile")
    else lab_log "agents: no ECLOUD_AGENT_PASSWORD, ECLOUD_ADMIN_PASSWORD or $pwfile: reports will be refused"
    fi
  fi
  export ECLOUD_AGENT_PASSWORD=${ECLOUD_AGENT_PASSWORD:-}
  if [ -z "${ECLOUD_AGENT_ZK_CONNECT:-}" ]; then
    if [ -n "${ECLOUD_ZK_CONNECT:-}" ]; then ECLOUD_AGENT_ZK_CONNECT=$ECLOUD_ZK_CONNECT
    elif [ "${ECLOUD_ZK_EMBEDDED_PORT:-0}" != 0 ]; then ECLOUD_AGENT_ZK_CONNECT=127.0.0.1:$ECLOUD_ZK_EMBEDDED_PORT
    fi
  fi
  export ECLOUD_AGENT_ZK_CONNECT=${ECLOUD_AGENT_ZK_CONNECT:-}
}

do_start() {
  local jar=${ECLOUD_AGENT_JAR:-$HERE/../agent/target/ecloud-agent.jar} opts n endpoint pid k started=()
  opts=${ECLOUD_AGENT_JAVA_OPTS:--Xmx48m -Xss512k -XX:+UseSerialGC -XX:TieredStopAtLevel=1}
  [ -f "$jar" ] || lab_die "agents: $jar not found: build it with mvn -pl agent -am package -DskipTests"
  settings
  mkdir -p "$A_DIR" "$A_RUN"
  local engines; engines=$(lab_engines)
  [ -n "$engines" ] || lab_die "agents: no lab engine answers (lab/docker-engines.sh start)"
  while read -r n endpoint; do
    if pid=$(a_pid "$n"); then lab_log "agents: d$n already running (pid $pid)"; continue; fi
    if [ ${#started[@]} = 0 ] && ! cmp -s "$jar" "$A_JAR"; then
      # replace the copy only while no agent runs from it
      [ -z "$(for m in $(known_agents); do a_pid "$m" || true; done)" ] && cp "$jar" "$A_JAR.tmp" && mv "$A_JAR.tmp" "$A_JAR"
    fi
    [ -f "$A_JAR" ] || cp "$jar" "$A_JAR"
    echo "==== $(date -Is) start d$n" >> "$(a_log "$n")"
    # shellcheck disable=SC2086
    setsid nohup java $opts -jar "$A_JAR" --host="d$n" --docker="$endpoint" \
      </dev/null >>"$(a_log "$n")" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
    echo $! > "$(a_pidf "$n")"
    started+=("$n")
  done <<< "$engines"
  for n in "${started[@]}"; do
    for ((k = 0; k < 300; k++)); do   # <= 30 s
      tail -n 50 "$(a_log "$n")" | grep -q 'ECP-AGENT-100 round 1:' && break
      a_pid "$n" >/dev/null || { tail -20 "$(a_log "$n")" >&2; lab_die "agents: d$n exited (log $(a_log "$n"))"; }
      sleep 0.1
    done
    tail -n 50 "$(a_log "$n")" | grep -q 'ECP-AGENT-100 round 1:' || lab_die "agents: d$n made no round in 30 s (log $(a_log "$n"))"
  done
  ((${#started[@]} == 0)) || lab_log "agents: started $(printf 'd%s ' "${started[@]}")(platform $ECLOUD_AGENT_PLATFORM, ZooKeeper ${ECLOUD_AGENT_ZK_CONNECT:-none})"
  do_status
}

do_stop() {
  local n pid any=0
  for n in $(known_agents); do
    if pid=$(a_pid "$n"); then
      lab_log "agents: stopping d$n (pid $pid)"; lab_stop_pid "$pid" 15 || true; any=1
    fi
    rm -f "$(a_pidf "$n")"
  done
  ((any)) || lab_log "agents: none running"
}

do_status() {
  local n pid any=0 ok=0
  for n in $(known_agents); do
    any=1
    if pid=$(a_pid "$n"); then
      ok=1; echo "d$n: running pid=$pid log=$(a_log "$n") last: $(tail -n 1 "$(a_log "$n")" 2>/dev/null | cut -c1-160)"
    else
      echo "d$n: stopped log=$(a_log "$n")"
    fi
  done
  ((any)) || echo "agents: none"
  ((ok)) || return 3
}

do_env() {
  local n
  for n in $(known_agents); do
    a_pid "$n" >/dev/null && echo "export ECLOUD_LAB_AGENT_$n=$(a_log "$n")"
  done
  return 0
}

case "${1:-}" in
  start)  lab_lock agents; do_start ;;
  stop)   lab_lock agents; do_stop ;;
  status) do_status ;;
  env)    do_env ;;
  *) lab_usage "$0"; exit 2 ;;
esac
