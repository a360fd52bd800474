#!/usr/bin/env bash
# mariadb.sh - a private MariaDB server for the Elastic Cloud lab (loopback only).
#
# Usage: lab/mariadb.sh start|stop|status|url
#   start   initialise $LAB_DIR/mariadb/data on first use (mariadb-install-db), start
#           mariadbd --no-defaults in the background, wait (<= 60 s) until it answers
#           `mariadb-admin ping`, then idempotently create database `ecloud` and users
#           'ecloud'@'127.0.0.1' / 'ecloud'@'localhost' (password 'ecloud', ALL PRIVILEGES
#           ON *.* WITH GRANT OPTION). A no-op (apart from the idempotent SQL) if running.
#   stop    SIGTERM the PID in our pidfile, wait until it is gone (SIGKILL after 60 s).
#   status  print running/stopped (exit 0 running, 3 stopped).
#   url     print the JDBC URL: jdbc:mysql://127.0.0.1:PORT/ecloud?sendFractionalSeconds=false
#
# Environment: ECLOUD_LAB_DIR (default /var/tmp/ecloud-lab), ECLOUD_LAB_MYSQL_PORT (3307).
# Files: $LAB_DIR/mariadb/{data/,mysqld.sock,mysqld.pid,mysqld.log,tmp/}.
# Server settings: utf8mb4 / utf8mb4_unicode_ci, READ-COMMITTED (Camunda refuses
# REPEATABLE-READ), bound to 127.0.0.1 only. root@localhost authenticates by unix socket
# (OS user root), so admin commands use the socket and need no password.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

PORT=${ECLOUD_LAB_MYSQL_PORT:-3307}
M=$LAB_DIR/mariadb
DATA=$M/data
SOCK=$M/mysqld.sock
PIDF=$M/mysqld.pid
LOGF=$M/mysqld.log
URL="jdbc:mysql://127.0.0.1:$PORT/ecloud?sendFractionalSeconds=false"

admin() { mariadb-admin --no-defaults --socket="$SOCK" --user=root "$@"; }
sql()   { mariadb --no-defaults --socket="$SOCK" --user=root --batch --skip-column-names "$@"; }
running_pid() { lab_pid_ours "$PIDF" "--datadir=$DATA"; }

init_db() {
  [ -d "$DATA/mysql" ] && return 0
  lab_log "mariadb: initialising $DATA"
  rm -rf "$DATA.partial"; mkdir -p "$DATA.partial"
  mariadb-install-db --no-defaults --datadir="$DATA.partial" --user=root \
    --auth-root-authentication-method=socket --skip-test-db \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
    > "$M/install-db.log" 2>&1 || { cat "$M/install-db.log" >&2; lab_die "mariadb-install-db failed"; }
  mv "$DATA.partial" "$DATA"   # only a complete data dir gets the final name
}

provision() {
  sql <<'SQL'
CREATE DATABASE IF NOT EXISTS ecloud CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
-- anonymous users would shadow 'ecloud'@'%'-style logins made later by the tests
DELETE FROM mysql.global_priv WHERE User = '';
CREATE USER IF NOT EXISTS 'ecloud'@'127.0.0.1' IDENTIFIED BY 'ecloud';
CREATE USER IF NOT EXISTS 'ecloud'@'localhost' IDENTIFIED BY 'ecloud';
ALTER USER 'ecloud'@'127.0.0.1' IDENTIFIED BY 'ecloud';
ALTER USER 'ecloud'@'localhost' IDENTIFIED BY 'ecloud';
GRANT ALL PRIVILEGES ON *.* TO 'ecloud'@'127.0.0.1' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'ecloud'@'localhost' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
}

do_start() {
  local t0 pid i
  t0=$(lab_now_ms)
  mkdir -p "$M/tmp"
  if pid=$(running_pid); then
    lab_log "mariadb: already running (pid $pid)"
  else
    rm -f "$PIDF"
    # something else on our port (a server we did not start): refuse rather than fight
    if ss -Hltn "sport = :$PORT" | grep -q .; then
      lab_die "mariadb: port $PORT is already in use by another process"
    fi
    init_db
    rm -f "$SOCK" "$SOCK.lock"
    lab_log "mariadb: starting on 127.0.0.1:$PORT"
    setsid nohup mariadbd --no-defaults \
      --datadir="$DATA" --socket="$SOCK" --pid-file="$PIDF" --tmpdir="$M/tmp" \
      --port="$PORT" --bind-address=127.0.0.1 \
      --character-set-server=utf8mb4 --collation-server=utf8mb4_unicode_ci \
      --transaction-isolation=READ-COMMITTED --max-connections=500 \
      --user=root --log-error="$LOGF" \
      </dev/null >>"$M/mariadbd.out" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
    for ((i = 0; i < 600; i++)); do            # <= 60 s
      admin ping >/dev/null 2>&1 && break
      if ((i > 20)) && ! kill -0 $! 2>/dev/null; then
        tail -20 "$LOGF" >&2 || true; lab_die "mariadb: mariadbd exited during start"
      fi
      sleep 0.1
    done
    admin ping >/dev/null 2>&1 || { tail -20 "$LOGF" >&2 || true; lab_die "mariadb: not ready after 60 s"; }
    pid=$(running_pid) || lab_die "mariadb: answering but pidfile $PIDF is not ours"
    lab_log "mariadb: ready (pid $pid) in $(( $(lab_now_ms) - t0 )) ms"
  fi
  provision
  echo "$URL"
}

do_stop() {
  local pid i
  if pid=$(running_pid); then
    lab_log "mariadb: stopping pid $pid"
    lab_stop_pid "$pid" 60
    lab_log "mariadb: stopped"
  else
    lab_log "mariadb: not running"
  fi
  rm -f "$PIDF"
}

do_status() {
  local pid
  if pid=$(running_pid) && admin ping >/dev/null 2>&1; then
    echo "mariadb: running pid=$pid port=$PORT socket=$SOCK url=$URL"
  elif pid=$(running_pid); then
    echo "mariadb: starting/unresponsive pid=$pid"; return 3
  else
    echo "mariadb: stopped"; return 3
  fi
}

case "${1:-}" in
  start)  lab_lock mariadb; do_start ;;
  stop)   lab_lock mariadb; do_stop ;;
  status) do_status ;;
  url)    echo "$URL" ;;
  *) lab_usage "$0"; exit 2 ;;
esac
