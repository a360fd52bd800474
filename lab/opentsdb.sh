#!/usr/bin/env bash
# opentsdb.sh - a real OpenTSDB 2.4.1 TSD on an HBase 2.6.4 mini-cluster, for the lab (loopback only).
#
# Usage: lab/opentsdb.sh start|stop|status|env
#   start   resolve the two classpaths (lab/opentsdb/pom.xml, profiles hbase and tsd; cached in
#           $LAB_DIR/opentsdb/cp until the pom changes or a jar is gone), compile the launcher
#           lab/opentsdb/src/LabHBase.java (cached), start the HBase JVM (HBaseTestingUtility
#           mini-cluster: ZooKeeper, master, one region server, data on the local file system, no
#           HDFS, no region splits; creates tables tsdb, tsdb-uid, tsdb-tree, tsdb-meta and writes
#           the ZooKeeper port), then the TSD JVM
#           (net.opentsdb.tools.TSDMain) on 127.0.0.1:PORT, and wait until /api/version answers.
#           Idempotent: a running pair that answers is kept; a TSD without its HBase is killed
#           and both start afresh. The mini-cluster's data is thrown away at every HBase start.
#   stop    SIGKILL the TSD (it ignores SIGTERM) and the HBase JVM by their PIDs (the data is
#           throw-away, so no graceful shutdown is needed) and wait until both are gone.
#   status  print running/stopped (exit 0 running, 3 stopped).
#   env     print `export ECLOUD_LAB_OPENTSDB_URL=http://127.0.0.1:PORT`.
#
# Environment: ECLOUD_LAB_DIR (default /var/tmp/ecloud-lab), ECLOUD_LAB_OPENTSDB_PORT (4242),
# ECLOUD_LAB_MAVEN_REPO (a Maven local repository for the first resolution; default: Maven's own,
# ~/.m2/repository; Maven runs online, from Maven Central, only when the cached classpaths are stale),
# ECLOUD_LAB_OPENTSDB_HBASE_HEAP (1g), ECLOUD_LAB_OPENTSDB_TSD_HEAP (512m).
# Files: $LAB_DIR/opentsdb/{cp/,classes/,conf/,hbase/ (data, zk.port),tsd/,hbase.log,tsd.log,*.pid}.
# Measured here (2 cores shared with other builds): first resolution ≈25-45 s (≈200 MB into the
# Maven repository); start with cached classpaths 12 s at load 8 (HBase ≈7 s, TSD <1 s), 36 s at
# load 22; RSS HBase ≈0.4-0.5 GB, TSD ≈0.15 GB (heaps capped at 1 GB and 512 MB).
# The two JVMs never share a classpath, and neither is on the platform's: OpenTSDB's dependencies
# (asynchbase, ZooKeeper 3.4, Netty 3, Jackson 2.9) clash with Spring Boot's.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

PORT=${ECLOUD_LAB_OPENTSDB_PORT:-4242}
URL=http://127.0.0.1:$PORT
PROJ=$HERE/opentsdb
M=$LAB_DIR/opentsdb
HBASE_HEAP=${ECLOUD_LAB_OPENTSDB_HBASE_HEAP:-1g}
TSD_HEAP=${ECLOUD_LAB_OPENTSDB_TSD_HEAP:-512m}
HBASE_MARK="-Decloud.lab.opentsdb=hbase:$M"
TSD_MARK="-Decloud.lab.opentsdb=tsd:$M"
# Java 17: Hadoop, HBase, asynchbase and Netty reach into the JDK
JAVA_OPENS=(--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/jdk.internal.misc=ALL-UNNAMED --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED
  --add-opens=java.base/sun.security.x509=ALL-UNNAMED --add-opens=java.base/sun.net.dns=ALL-UNNAMED
  --add-opens=java.base/sun.net.util=ALL-UNNAMED -Dio.netty.tryReflectionSetAccessible=true)

hbase_pid() { lab_pid_ours "$M/hbase.pid" "$HBASE_MARK"; }
tsd_pid()   { lab_pid_ours "$M/tsd.pid" "$TSD_MARK"; }
answers()   { curl -sf -m 5 "$URL/api/version" >/dev/null 2>&1; }

# classpaths: $M/cp/{hbase,tsd}.cp, rebuilt when the pom changed or a listed jar is missing.
classpaths() {
  local key f ok=1 t0 repo=()
  key=$(sha256sum "$PROJ/pom.xml" | cut -c1-16)
  mkdir -p "$M/cp"
  if [ "$(cat "$M/cp/key" 2>/dev/null)" = "$key" ]; then
    for f in hbase tsd; do
      [ -s "$M/cp/$f.cp" ] || { ok=0; break; }
      while IFS= read -r jar; do [ -f "$jar" ] || { ok=0; break; }; done < <(tr ':' '\n' < "$M/cp/$f.cp")
    done
    ((ok)) && return 0
  fi
  t0=$(lab_now_ms)
  [ -n "${ECLOUD_LAB_MAVEN_REPO:-}" ] && repo=("-Dmaven.repo.local=$ECLOUD_LAB_MAVEN_REPO")
  lab_log "opentsdb: resolving the HBase and TSD classpaths (Maven Central)"
  for f in hbase tsd; do
    mvn -B -q "${repo[@]}" -f "$PROJ/pom.xml" -P "$f" dependency:build-classpath \
      -Dmdep.outputFile="$M/cp/$f.cp.tmp" > "$M/cp/$f.mvn.log" 2>&1 \
      || { tail -30 "$M/cp/$f.mvn.log" >&2; lab_die "opentsdb: cannot resolve the $f classpath"; }
    mv "$M/cp/$f.cp.tmp" "$M/cp/$f.cp"
  done
  echo "$key" > "$M/cp/key"
  lab_log "opentsdb: classpaths resolved in $(( $(lab_now_ms) - t0 )) ms"
}

# compile the launcher (cached by the source's and the classpath's checksums)
launcher() {
  local key
  key=$(cat "$PROJ/src/LabHBase.java" "$M/cp/hbase.cp" | sha256sum | cut -c1-16)
  [ "$(cat "$M/classes/key" 2>/dev/null)" = "$key" ] && [ -f "$M/classes/LabHBase.class" ] && return 0
  rm -rf "$M/classes"; mkdir -p "$M/classes"
  javac -nowarn -d "$M/classes" -cp "$(cat "$M/cp/hbase.cp")" "$PROJ/src/LabHBase.java" \
    || lab_die "opentsdb: cannot compile LabHBase.java"
  echo "$key" > "$M/classes/key"
}

write_conf() {
  mkdir -p "$M/conf" "$M/tsd/static" "$M/tsd/cache"
  cat > "$M/conf/log4j.properties" <<'EOF'
log4j.rootLogger=WARN,console
log4j.appender.console=org.apache.log4j.ConsoleAppender
log4j.appender.console.layout=org.apache.log4j.PatternLayout
log4j.appender.console.layout.ConversionPattern=%d{HH:mm:ss.SSS} %-5p [%t] %c{1}: %m%n
# noisy at WARN and harmless in a single-JVM mini-cluster
log4j.logger.org.apache.hadoop.util.NativeCodeLoader=ERROR
log4j.logger.org.apache.hadoop.metrics2=ERROR
log4j.logger.org.apache.hadoop.hbase.metrics=ERROR
EOF
  cat > "$M/conf/logback.xml" <<'EOF'
<configuration>
  <appender name="STDOUT" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [%thread] %logger{0}: %msg%n</pattern></encoder>
  </appender>
  <logger name="QueryLog" level="OFF"/>
  <!-- one line per connection and per request at INFO -->
  <logger name="net.opentsdb.tsd.ConnectionManager" level="WARN"/>
  <logger name="net.opentsdb.tsd.HttpQuery" level="WARN"/>
  <logger name="org.apache.zookeeper" level="WARN"/>
  <logger name="org.hbase.async" level="WARN"/>
  <root level="INFO"><appender-ref ref="STDOUT"/></root>
</configuration>
EOF
}

tsd_conf() {
  cat > "$M/conf/opentsdb.conf" <<EOF
# written by lab/opentsdb.sh at every TSD start
tsd.network.bind = 127.0.0.1
tsd.network.port = $PORT
tsd.http.staticroot = $M/tsd/static
tsd.http.cachedir = $M/tsd/cache
tsd.storage.hbase.zk_quorum = 127.0.0.1:$1
tsd.storage.hbase.zk_basedir = /hbase
tsd.core.auto_create_metrics = true
# a point written again for the same series and instant replaces the earlier one
tsd.storage.fix_duplicates = true
# batches of a few thousand points per /api/put
tsd.http.request.enable_chunked = true
tsd.http.request.max_chunk = 16777216
EOF
}

kill9() { # kill9 NAME PID: SIGKILL and wait (<= 10 s) until it is gone
  local i
  kill -KILL "$2" 2>/dev/null || return 0
  for ((i = 0; i < 100; i++)); do lab_alive "$2" || return 0; sleep 0.1; done
  lab_die "opentsdb: $1 pid $2 did not die"
}

start_hbase() {
  local t0 pid i
  t0=$(lab_now_ms)
  rm -rf "$M/hbase"; mkdir -p "$M/hbase"
  lab_log "opentsdb: starting the HBase mini-cluster (heap $HBASE_HEAP)"
  setsid nohup java -Xms256m -Xmx"$HBASE_HEAP" "${JAVA_OPENS[@]}" "$HBASE_MARK" \
    -Djava.net.preferIPv4Stack=true -Dlog4j.configuration="file:$M/conf/log4j.properties" \
    -cp "$M/classes:$(cat "$M/cp/hbase.cp")" LabHBase "$M/hbase" \
    </dev/null >"$M/hbase.log" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  pid=$!
  echo "$pid" > "$M/hbase.pid"
  for ((i = 0; i < 1800; i++)); do            # <= 180 s
    [ -s "$M/hbase/zk.port" ] && break
    lab_alive "$pid" || { tail -30 "$M/hbase.log" >&2; lab_die "opentsdb: the HBase JVM exited during start"; }
    sleep 0.1
  done
  [ -s "$M/hbase/zk.port" ] || { tail -30 "$M/hbase.log" >&2; kill9 hbase "$pid"; lab_die "opentsdb: HBase not ready after 180 s"; }
  hbase_pid >/dev/null || lab_die "opentsdb: HBase pidfile $M/hbase.pid is not ours"
  lab_log "opentsdb: HBase ready (pid $pid, ZooKeeper 127.0.0.1:$(cat "$M/hbase/zk.port")) in $(( $(lab_now_ms) - t0 )) ms"
}

start_tsd() {
  local t0 pid i
  t0=$(lab_now_ms)
  tsd_conf "$(cat "$M/hbase/zk.port")"
  lab_log "opentsdb: starting the TSD on $URL (heap $TSD_HEAP)"
  setsid nohup java -Xms128m -Xmx"$TSD_HEAP" "${JAVA_OPENS[@]}" "$TSD_MARK" \
    -Dlogback.configurationFile="$M/conf/logback.xml" \
    -cp "$(cat "$M/cp/tsd.cp")" net.opentsdb.tools.TSDMain --config="$M/conf/opentsdb.conf" \
    </dev/null >"$M/tsd.log" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  pid=$!
  echo "$pid" > "$M/tsd.pid"
  for ((i = 0; i < 1200; i++)); do            # <= 120 s
    answers && break
    lab_alive "$pid" || { tail -30 "$M/tsd.log" >&2; lab_die "opentsdb: the TSD exited during start"; }
    sleep 0.1
  done
  answers || { tail -30 "$M/tsd.log" >&2; kill9 tsd "$pid"; lab_die "opentsdb: TSD not answering after 120 s"; }
  tsd_pid >/dev/null || lab_die "opentsdb: TSD pidfile $M/tsd.pid is not ours"
  lab_log "opentsdb: TSD ready (pid $pid) in $(( $(lab_now_ms) - t0 )) ms"
}

do_start() {
  local t0 hp tp
  t0=$(lab_now_ms)
  if hp=$(hbase_pid) && tp=$(tsd_pid) && answers; then
    lab_log "opentsdb: already running (HBase pid $hp, TSD pid $tp) on $URL"
    return 0
  fi
  mkdir -p "$M"
  if ! hbase_pid >/dev/null || [ ! -s "$M/hbase/zk.port" ]; then
    # a TSD without its HBase (or a half-started HBase) is of no use: start both afresh
    if tp=$(tsd_pid); then kill9 tsd "$tp"; fi
    if hp=$(hbase_pid); then kill9 hbase "$hp"; fi
    rm -f "$M/tsd.pid" "$M/hbase.pid"
  elif tp=$(tsd_pid); then
    lab_log "opentsdb: TSD pid $tp does not answer: restarting it"
    kill9 tsd "$tp"; rm -f "$M/tsd.pid"
  fi
  if ss -Hltn "sport = :$PORT" | grep -q .; then
    lab_die "opentsdb: port $PORT is already in use by another process"
  fi
  classpaths
  launcher
  write_conf
  hbase_pid >/dev/null || start_hbase
  start_tsd
  lab_log "opentsdb: ready on $URL in $(( $(lab_now_ms) - t0 )) ms"
}

do_stop() {
  local pid
  if pid=$(tsd_pid); then lab_log "opentsdb: killing TSD pid $pid"; kill9 tsd "$pid"; fi
  if pid=$(hbase_pid); then lab_log "opentsdb: killing HBase pid $pid"; kill9 hbase "$pid"; fi
  rm -f "$M/tsd.pid" "$M/hbase.pid"
  lab_log "opentsdb: stopped"
}

do_status() {
  local hp tp
  if hp=$(hbase_pid) && tp=$(tsd_pid) && answers; then
    echo "opentsdb: running url=$URL tsd-pid=$tp hbase-pid=$hp zookeeper=127.0.0.1:$(cat "$M/hbase/zk.port" 2>/dev/null)"
  elif hbase_pid >/dev/null || tsd_pid >/dev/null; then
    echo "opentsdb: starting/unresponsive (hbase-pid=$(hbase_pid || echo -) tsd-pid=$(tsd_pid || echo -))"; return 3
  else
    echo "opentsdb: stopped"; return 3
  fi
}

case "${1:-}" in
  start)  lab_lock opentsdb; do_start ;;
  stop)   lab_lock opentsdb; do_stop ;;
  status) do_status ;;
  env)    echo "export ECLOUD_LAB_OPENTSDB_URL=$URL" ;;
  *) lab_usage "$0"; exit 2 ;;
esac
