#!/usr/bin/env bash
# openstack.sh - a real, minimal OpenStack control plane for the Elastic Cloud lab: Debian 12's
# packages (OpenStack Zed) run as plain background processes, loopback only, no systemd.
#
# Usage: lab/openstack.sh start|stop|status|env|reset
#   start   install the Debian packages if missing, write configs, create the databases in
#           the lab MariaDB (lab/mariadb.sh start, if it is not running), db_sync + bootstrap
#           once (marker files in $LAB_DIR/openstack/state), start whatever is not running,
#           wait (bounded) until every service answers, then make sure the flat provider
#           network `labnet` (physnet `lab`, shared) and subnet `labnet-v4` (10.211.0.0/20,
#           gateway 10.211.0.1, pool 10.211.1.0-10.211.13.254, no DHCP; lab/lib.sh's
#           LAB_SUBNET, LAB_GATEWAY, LAB_IP_POOL when it defines them) exist. Idempotent:
#           with everything up it only checks. A service whose config changed is restarted.
#   stop    stop every process this script started (by pidfile, SIGTERM then SIGKILL),
#           keep data. MariaDB is left alone (lab/mariadb.sh owns it).
#   status  one line per service: running/stopped, whether it answers, its processes' PSS/RSS
#           (exit 0 if all run and answer, else 3).
#   env     print what tests eval (IDs cached by the last successful start):
#             export ECLOUD_LAB_OS_AUTH_URL=http://127.0.0.1:5000/v3
#             export ECLOUD_LAB_OS_USER=admin ECLOUD_LAB_OS_PASSWORD=adminpass ...
#             export ECLOUD_LAB_OS_NETWORK_ID=<labnet> ECLOUD_LAB_OS_SUBNET_ID=<labnet-v4>
#   reset   stop, drop the OpenStack databases (os_*) and their MariaDB user, delete
#           $LAB_DIR/openstack (configs, keys, RabbitMQ data, logs): the next start is clean.
#
# Services (all bound to 127.0.0.1):
#   keystone    :5000  uwsgi (master + 1 worker x 4 threads), fernet tokens; admin/adminpass, project
#                      admin, domain Default, region RegionOne
#   neutron     :9696  neutron-server, ML2 flat/vlan on physnet `lab`, no agents, fake://
#                      transport; the agentless mechanism driver lab/openstack/pylib binds every
#                      port (vif_type ovs, ACTIVE)
#   cinder-api  :8776  + cinder-scheduler + cinder-volume (cinder's FakeLoggingVolumeDriver,
#                      target_helper fake: no LVM/iSCSI), volume API v3 (microversions <= 3.70)
#   rabbitmq    :5672  (+ epmd :4369, Erlang dist :25672) for Cinder's RPC only
# Catalog: identity :5000/v3, network :9696, volumev3 + block-storage :8776/v3/%(project_id)s.
# Service users neutron/neutronpass and cinder/cinderpass (project service, roles admin+service).
# Clients: admin also has role `service` (project admin), so it may send its own token as
# X-Service-Token: since the OSSN-0092 fix Cinder deletes an attachment that has an
# instance_uuid and a connection only for such a service request (else it asks Nova: HTTP 500
# here). Cinder attachments need "OpenStack-API-Version: volume 3.27" (3.44 for os-complete,
# 3.54 for mode). Keystone (uwsgi) answers with Connection: close. Checks: lab/openstack-smoke.sh.
#
# Files: $LAB_DIR/openstack/{etc,log,run,state,keystone,neutron,cinder,rabbitmq,pylib,bin}
#        ($LAB_DIR = ${ECLOUD_LAB_DIR:-/var/tmp/ecloud-lab}); labnet.env holds the cached IDs.
# Databases os_keystone, os_neutron, os_cinder in the lab MariaDB (127.0.0.1:3307), user
# 'openstack'@'127.0.0.1'. Outside $LAB_DIR this script only installs packages (with a
# temporary /usr/sbin/policy-rc.d "exit 101" if none exists, so no package starts a daemon).
# Environment: ECLOUD_LAB_DIR, ECLOUD_LAB_MYSQL_PORT (3307), ECLOUD_LAB_OS_WAIT (s per wait, 180).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

OS=$LAB_DIR/openstack
ETC=$OS/etc LOG=$OS/log RUN=$OS/run STATE=$OS/state
PY=/usr/bin/python3                      # Debian's python: PATH may hold a pyenv one without the libs
MYSQL_PORT=${ECLOUD_LAB_MYSQL_PORT:-3307}
MYSQL_SOCK=$LAB_DIR/mariadb/mysqld.sock
DB_USER=openstack DB_PASS=openstackpass
DB="mysql+pymysql://$DB_USER:$DB_PASS@127.0.0.1:$MYSQL_PORT"
DBS=(os_keystone os_neutron os_cinder)
WAIT=${ECLOUD_LAB_OS_WAIT:-180}
KS_URL=http://127.0.0.1:5000
RMQ_URL="rabbit://openstack:rabbitpass@127.0.0.1:5672/"
# stop order; start order is the reverse
SERVICES=(cinder-volume cinder-scheduler cinder-api neutron keystone rabbitmq epmd)
# (cinder-volume is not installed: it pulls lvm2, qemu-utils, tgt; bin/cinder-volume runs the
# same code from python3-cinder. mariadb-*: lab/mariadb.sh needs them, usually from lab/install.sh)
PKGS=(keystone neutron-server cinder-api cinder-scheduler python3-cinder rabbitmq-server
      python3-pymysql python3-requests uwsgi-core uwsgi-plugin-python3 curl mariadb-server mariadb-client)
# daemons get a clean environment: no pyenv, no PYTHON* or proxy variables from the caller
CLEAN_ENV=(PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 LC_ALL=C.UTF-8)

T0=$(lab_now_ms)
log() { lab_log "openstack: $* (+$(( $(lab_now_ms) - T0 )) ms)"; }
sql() { mariadb --no-defaults --socket="$MYSQL_SOCK" --user=root --batch --skip-column-names "$@"; }

# ------------------------------------------------------------------ processes
marker() {           # a string only our own process of that service has in its command line
  case $1 in
    epmd)      echo "epmd -address 127.0.0.1" ;;
    rabbitmq)  echo "-home $OS/rabbitmq " ;;
    keystone)  echo "--ini $ETC/keystone/uwsgi.ini" ;;
    neutron)   echo "--config-file $ETC/neutron/neutron.conf" ;;
    cinder-*)  echo "$1 --config-file $ETC/cinder/cinder.conf" ;;
  esac
}
port_of() {
  case $1 in epmd) echo 4369 ;; rabbitmq) echo 5672 ;; keystone) echo 5000 ;; neutron) echo 9696 ;;
             cinder-api) echo 8776 ;; *) echo "" ;; esac
}
running() { lab_pid_ours "$RUN/$1.pid" "$(marker "$1")"; }

# alive_since_launch NAME: some process of the session launch started for NAME is still alive. Not
# running(): a service started through a wrapper script (rabbitmq-server) carries its marker only
# once the wrapper has exec'd the real program, and a check in between took it for dead.
alive_since_launch() {
  local pid
  pid=$(cat "$RUN/$1.pid" 2>/dev/null) || return 1
  [ -n "$pid" ] && [ -n "$(group_alive "$pid")" ]
}

# launch NAME [VAR=value...] CMD...: start in its own session (so its process group is ours
# alone), clean environment, output appended to log/NAME.out, PID in run/NAME.pid.
launch() {
  local n=$1 port pid; shift
  port=$(port_of "$n")
  if [ -n "$port" ] && ss -Hltn "sport = :$port" | grep -q .; then
    lab_die "openstack: port $port (for $n) is in use by a process this script did not start"
  fi
  setsid env -i "${CLEAN_ENV[@]}" "$@" </dev/null >>"$LOG/$n.out" 2>&1 3>&- 4>&- 5>&- 6>&- 7>&- 8>&- 9>&- &
  pid=$!
  echo "$pid" > "$RUN/$n.pid"
  log "started $n (pid $pid)"
}

# group_alive PGID: the live (non-zombie) members of the process group that launch() created
group_alive() {
  local q
  for q in $(pgrep -g "$1" 2>/dev/null); do lab_alive "$q" && echo "$q"; done
  return 0
}

# stop_svcs TIMEOUT_S NAME...: SIGTERM each running service, wait (<= TIMEOUT_S) until every
# member of their process groups is gone, then SIGKILL what is left of ours (members whose
# command line still carries the service's marker; helpers such as erl_child_setup die with them).
stop_svcs() {
  local t=$1 n pid q i left; shift
  local -A groups=()
  for n; do
    if pid=$(running "$n"); then
      log "stopping $n (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      groups[$pid]=$n
    fi
  done
  for ((i = 0; i < t * 10 && ${#groups[@]} > 0; i++)); do
    for pid in "${!groups[@]}"; do
      [ -n "$(group_alive "$pid")" ] || { rm -f "$RUN/${groups[$pid]}.pid"; unset "groups[$pid]"; }
    done
    [ ${#groups[@]} -eq 0 ] || sleep 0.1
  done
  for pid in "${!groups[@]}"; do
    n=${groups[$pid]}
    left=$(group_alive "$pid")
    lab_log "openstack: $n (pid $pid) still running after ${t}s: SIGKILL"
    for q in $left; do
      case "$(lab_cmdline "$q")" in *"$(marker "$n")"*) kill -KILL "$q" 2>/dev/null || true ;; esac
    done
    rm -f "$RUN/$n.pid"
  done
  for n; do running "$n" >/dev/null || rm -f "$RUN/$n.pid"; done
}

fail_with_log() {    # fail_with_log NAME MESSAGE
  local f
  for f in "$LOG/$1.out" "$LOG/$1.log"; do
    [ -s "$f" ] && { echo "--- tail $f" >&2; tail -25 "$f" >&2; }
  done
  lab_die "openstack: $2"
}

# wait_http NAME URL: poll until URL answers 2xx/3xx/401 (<= $WAIT s); fail early if NAME died.
wait_http() {
  local n=$1 url=$2 i code
  for ((i = 0; i < WAIT * 4; i++)); do
    code=$(curl --noproxy '*' -s -m 5 -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)
    case $code in 2??|3??|401) log "$n answers $url ($code)"; return 0 ;; esac
    if ((i % 4 == 0)) && ! alive_since_launch "$n"; then fail_with_log "$n" "$n exited during start"; fi
    sleep 0.25
  done
  fail_with_log "$n" "$n: no answer from $url after ${WAIT}s"
}

wait_port() {        # wait_port NAME PORT
  local n=$1 port=$2 i
  for ((i = 0; i < WAIT * 4; i++)); do
    ss -Hltn "sport = :$port" | grep -q . && { log "$n listens on :$port"; return 0; }
    if ((i % 4 == 0)) && ! alive_since_launch "$n"; then fail_with_log "$n" "$n exited during start"; fi
    sleep 0.25
  done
  fail_with_log "$n" "$n: nothing listens on :$port after ${WAIT}s"
}

# run_logged NAME CMD...: a *-manage tool, output to log/NAME.log; show its tail on failure.
run_logged() {
  local n=$1; shift
  if ! env -i "${CLEAN_ENV[@]}" "$@" >>"$LOG/$n.log" 2>&1; then
    echo "--- tail $LOG/$n.log" >&2; tail -30 "$LOG/$n.log" >&2
    lab_die "openstack: $n failed: $*"
  fi
}

# ------------------------------------------------------------------ 1. packages
install_packages() {
  local missing=() p st t policy=""
  for p in "${PKGS[@]}"; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$st" = installed ] || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" = 0 ] || lab_die "openstack: must run as root to install: ${missing[*]}"
  log "installing: ${missing[*]}"
  # no init script may start a (0.0.0.0-bound) daemon during the install
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\n# temporary, lab/openstack.sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d; policy=/usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  t=$(lab_now_ms)
  local apt=(apt-get -o DPkg::Lock::Timeout=600 -y -q --no-install-recommends
             -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
  if ! DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >>"$LOG/apt.log" 2>&1; then
    log "apt-get install failed (stale package lists? an interrupted dpkg?): apt-get update and retry"
    DEBIAN_FRONTEND=noninteractive dpkg --force-confdef --force-confold --configure -a >>"$LOG/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q update >>"$LOG/apt.log" 2>&1 || true
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" install "${missing[@]}" >>"$LOG/apt.log" 2>&1 \
      || { tail -30 "$LOG/apt.log" >&2; lab_die "openstack: apt-get install failed (see $LOG/apt.log)"; }
  fi
  if [ -n "$policy" ]; then rm -f "$policy"; trap - EXIT; fi
  log "packages installed in $(( $(lab_now_ms) - t )) ms ($(grep -c '^Setting up ' "$LOG/apt.log" || true) packages set up)"
}

# ------------------------------------------------------------------ 2. configs
# put SERVICE FILE < content: (re)write FILE only if its content differs, and then flag SERVICE
# for a restart (state/SERVICE.restart, kept until it has been restarted, even across a failed run)
put() {
  local svc=$1 f=$2 tmp s
  tmp=$(mktemp "$f.XXXXXX")
  cat > "$tmp"
  if cmp -s "$tmp" "$f"; then rm -f "$tmp"; return 0; fi
  mv -f "$tmp" "$f"
  case $svc in cinder) s="cinder-api cinder-scheduler cinder-volume" ;; *) s=$svc ;; esac
  for svc in $s; do touch "$STATE/$svc.restart"; done
}
copy() { put "$1" "$3" < "$2"; }       # copy SERVICE SRC DST

authtoken() {        # [keystone_authtoken] for service user $1
  cat <<EOF
[keystone_authtoken]
www_authenticate_uri = $KS_URL
auth_url = $KS_URL
auth_type = password
project_domain_name = Default
user_domain_name = Default
project_name = service
username = $1
password = ${1}pass
region_name = RegionOne
service_token_roles_required = true
EOF
}

write_configs() {
  mkdir -p "$ETC"/{keystone,neutron,cinder,rabbitmq} "$OS"/{pylib,bin,neutron,cinder} \
           "$LOG/rabbitmq" "$RUN"/locks "$OS/rabbitmq/mnesia"
  chmod 700 "$ETC"

  # --- Keystone
  put keystone "$ETC/keystone/keystone.conf" <<EOF
[DEFAULT]
log_dir = $LOG
log_file = keystone.log
[database]
connection = $DB/os_keystone?charset=utf8mb4
max_pool_size = 5
max_overflow = 10
[identity]
# cheap bcrypt for a lab: each password login (tests, service users) costs ~1 ms, not ~250 ms
password_hash_rounds = 4
[token]
provider = fernet
expiration = 14400
[fernet_tokens]
key_repository = $OS/keystone/fernet-keys
[fernet_receipts]
key_repository = $OS/keystone/fernet-keys
[credential]
key_repository = $OS/keystone/credential-keys
EOF
  # Debian's keystone-uwsgi.ini loads the apparmor plugin and starts 8x32 workers: our own.
  # `Connection: close`: uwsgi's http-socket has no keep-alive; without the header clients
  # that reuse connections (python-requests, okhttp) get resets.
  put keystone "$ETC/keystone/uwsgi.ini" <<EOF
[uwsgi]
plugins = python3
http-socket = 127.0.0.1:5000
wsgi-file = /usr/bin/keystone-wsgi-public
env = OS_KEYSTONE_CONFIG_DIR=$ETC/keystone
master = true
processes = 1
threads = 4
enable-threads = true
lazy-apps = true
die-on-term = true
no-orphans = true
buffer-size = 65535
add-header = Connection: close
chdir = $OS/keystone
logto = $LOG/keystone-uwsgi.log
EOF

  # --- Neutron (agentless ML2)
  local f m=ecloud_lab_fake_mech
  mkdir -p "$OS/pylib/$m" "$OS/pylib/$m-0.1.dist-info"
  for f in "$m/__init__.py" "$m-0.1.dist-info/METADATA" "$m-0.1.dist-info/entry_points.txt"; do
    copy neutron "$HERE/openstack/pylib/$f" "$OS/pylib/$f"
  done
  copy neutron /usr/share/neutron-common/api-paste.ini "$ETC/neutron/api-paste.ini"
  put neutron "$ETC/neutron/neutron.conf" <<EOF
[DEFAULT]
bind_host = 127.0.0.1
bind_port = 9696
core_plugin = ml2
service_plugins =
auth_strategy = keystone
api_paste_config = $ETC/neutron/api-paste.ini
# no agents: in-process oslo.messaging driver, no broker
transport_url = fake://
notify_nova_on_port_status_changes = false
notify_nova_on_port_data_changes = false
dhcp_agent_notification = false
# 0: the API runs in the main process; neutron still forks one rpc and one periodic worker
api_workers = 0
rpc_workers = 0
rpc_state_report_workers = 0
global_physnet_mtu = 1500
state_path = $OS/neutron
log_dir = $LOG
log_file = neutron.log
[database]
connection = $DB/os_neutron?charset=utf8mb4
max_pool_size = 5
max_overflow = 10
$(authtoken neutron)
[oslo_concurrency]
lock_path = $RUN/locks
EOF
  put neutron "$ETC/neutron/ml2_conf.ini" <<'EOF'
[ml2]
type_drivers = flat,vlan
tenant_network_types = vlan
mechanism_drivers = ecloud_fake
extension_drivers = port_security
[ml2_type_flat]
flat_networks = lab
[ml2_type_vlan]
network_vlan_ranges = lab:100:199
EOF

  # --- RabbitMQ (Cinder's RPC), loopback only, data in $OS/rabbitmq
  put rabbitmq "$ETC/rabbitmq/rabbitmq.conf" <<'EOF'
listeners.tcp.default = 127.0.0.1:5672
default_user = openstack
default_pass = rabbitpass
default_vhost = /
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
log.console = false
log.file.level = warning
EOF
  put rabbitmq "$ETC/rabbitmq/enabled_plugins" <<< '[].'
  put rabbitmq "$ETC/rabbitmq/rabbitmq-env.conf" < /dev/null

  # --- Cinder
  copy cinder /usr/share/cinder-common/api-paste.ini "$ETC/cinder/api-paste.ini"
  put cinder "$ETC/cinder/cinder.conf" <<EOF
[DEFAULT]
transport_url = $RMQ_URL
auth_strategy = keystone
my_ip = 127.0.0.1
# fixed name, so the volumes' host (ecloud-lab@fake#fake) survives a change of machine name
host = ecloud-lab
osapi_volume_listen = 127.0.0.1
osapi_volume_listen_port = 8776
osapi_volume_workers = 1
api_paste_config = $ETC/cinder/api-paste.ini
state_path = $OS/cinder
log_dir = $LOG
enabled_backends = fake
# the volume service reports its pools every 5 s (default 60). The scheduler asks for them once
# at its start, which is lost when cinder-volume is not listening yet; until the next report
# it knows no backend and volume creation fails with NoValidBackend
periodic_interval = 5
backend_stats_polling_interval = 5
[database]
connection = $DB/os_cinder?charset=utf8mb4
max_pool_size = 5
max_overflow = 10
$(authtoken cinder)
[oslo_concurrency]
lock_path = $RUN/locks
[fake]
# cinder's functional-test driver (in python3-cinder): logs calls, needs no LVM, loop device or iSCSI
volume_driver = cinder.tests.fake_driver.FakeLoggingVolumeDriver
volume_backend_name = fake
target_helper = fake
EOF
  # /usr/bin/cinder-volume is in package cinder-volume, which pulls lvm2, qemu-utils and tgt
  put cinder-volume "$OS/bin/cinder-volume" <<'EOF'
#!/usr/bin/python3
# cinder-volume from python3-cinder (lab/openstack.sh): the package cinder-volume is not installed
import sys
from cinder.cmd.volume import main
sys.exit(main())
EOF
  chmod 755 "$OS/bin/cinder-volume"
}

# ------------------------------------------------------------------ 3. database
db_provision() {
  local d
  for d in "${DBS[@]}"; do
    sql -e "CREATE DATABASE IF NOT EXISTS $d CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci"
  done
  sql <<SQL
CREATE USER IF NOT EXISTS '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
ALTER USER '$DB_USER'@'127.0.0.1' IDENTIFIED BY '$DB_PASS';
GRANT ALL PRIVILEGES ON \`os\\_%\`.* TO '$DB_USER'@'127.0.0.1';
SQL
}

# markers: state/NAME.done holds the package version it was made with; it counts only while the
# database still has tables (a dropped or re-initialised MariaDB invalidates it).
declare -A TABLES=()
load_table_counts() {
  local s c
  while read -r s c; do TABLES[$s]=$c; done < <(sql -e \
    "SELECT table_schema, COUNT(*) FROM information_schema.tables WHERE table_schema IN ('os_keystone','os_neutron','os_cinder') GROUP BY table_schema")
}
pkg_version() { dpkg-query -W -f='${Version}' "$1"; }
done_ok() {          # done_ok MARKER DATABASE VERSION
  [ "${TABLES[$2]:-0}" -gt 0 ] && [ -f "$STATE/$1.done" ] && [ "$(cat "$STATE/$1.done")" = "$3" ]
}
mark_done() { echo "$2" > "$STATE/$1.done"; }

keystone_db() {
  local v; v=$(pkg_version python3-keystone)
  local KM=(keystone-manage --config-file "$ETC/keystone/keystone.conf")
  if [ ! -f "$OS/keystone/fernet-keys/0" ]; then
    mkdir -p "$OS/keystone"
    run_logged keystone-manage "${KM[@]}" fernet_setup --keystone-user root --keystone-group root
    run_logged keystone-manage "${KM[@]}" credential_setup --keystone-user root --keystone-group root
  fi
  if ! done_ok keystone-db os_keystone "$v"; then
    rm -f "$STATE/keystone-bootstrap.done" "$STATE/keystone-setup.done"
    log "keystone db_sync"
    touch "$STATE/keystone.restart"      # a keystone still running on a dropped database
    run_logged keystone-manage "${KM[@]}" db_sync
    mark_done keystone-db "$v"
  fi
  if ! done_ok keystone-bootstrap os_keystone "$v"; then
    log "keystone bootstrap"
    run_logged keystone-manage "${KM[@]}" bootstrap --bootstrap-password adminpass \
      --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
      --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
      --bootstrap-admin-url "$KS_URL/v3" --bootstrap-internal-url "$KS_URL/v3" \
      --bootstrap-public-url "$KS_URL/v3"
    mark_done keystone-bootstrap "$v"
  fi
}
neutron_db() {
  local v; v=$(pkg_version python3-neutron)
  done_ok neutron-db os_neutron "$v" && return 0
  log "neutron db upgrade"
  touch "$STATE/neutron.restart"
  run_logged neutron-db-manage PYTHONPATH="$OS/pylib" neutron-db-manage \
    --config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/ml2_conf.ini" upgrade heads
  mark_done neutron-db "$v"
  log "neutron db done"
}
cinder_db() {
  local v; v=$(pkg_version python3-cinder)
  done_ok cinder-db os_cinder "$v" && return 0
  log "cinder db sync"
  touch "$STATE"/cinder-{api,scheduler,volume}.restart
  run_logged cinder-manage cinder-manage --config-file "$ETC/cinder/cinder.conf" db sync
  mark_done cinder-db "$v"
  log "cinder db done"
}

# ------------------------------------------------------------------ 4. services
# ensure NAME: restart it if its config changed, start it if not running
ensure() {
  local n=$1
  if running "$n" >/dev/null && [ -f "$STATE/$n.restart" ]; then
    log "$n: its configuration or database changed: restarting"; stop_svcs 60 "$n"
  fi
  if running "$n" >/dev/null; then rm -f "$STATE/$n.restart"; return 0; fi
  rm -f "$STATE/$n.restart"
  case $n in
    epmd)
      # rabbitmq would start its own epmd daemonised (no pidfile); ours stays in the foreground
      if ss -Hltn 'sport = :4369' | grep -q .; then log "epmd: port 4369 already served, using it"; return 0; fi
      launch epmd /usr/bin/epmd -address 127.0.0.1 -port 4369 ;;
    rabbitmq)
      # the upstream script (not /usr/sbin's wrapper, which switches to user rabbitmq); with
      # RUNNING_UNDER_SYSTEMD it execs the Erlang VM, so our PID is beam.smp itself
      launch rabbitmq HOME="$OS/rabbitmq" RUNNING_UNDER_SYSTEMD=true ERL_EPMD_ADDRESS=127.0.0.1 \
        RABBITMQ_NODENAME=rabbit@localhost RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=5672 \
        RABBITMQ_DIST_PORT=25672 RABBITMQ_CONF_ENV_FILE="$ETC/rabbitmq/rabbitmq-env.conf" \
        RABBITMQ_CONFIG_FILE="$ETC/rabbitmq/rabbitmq.conf" \
        RABBITMQ_ADVANCED_CONFIG_FILE="$ETC/rabbitmq/advanced.config" \
        RABBITMQ_ENABLED_PLUGINS_FILE="$ETC/rabbitmq/enabled_plugins" \
        RABBITMQ_MNESIA_BASE="$OS/rabbitmq/mnesia" RABBITMQ_LOG_BASE="$LOG/rabbitmq" \
        RABBITMQ_PID_FILE="$RUN/rabbitmq-beam.pid" \
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} +S 2:2 +A 8" \
        /usr/lib/rabbitmq/bin/rabbitmq-server ;;
    keystone)
      launch keystone /usr/bin/uwsgi --ini "$ETC/keystone/uwsgi.ini" ;;
    neutron)
      launch neutron PYTHONPATH="$OS/pylib" /usr/bin/python3 /usr/bin/neutron-server \
        --config-file "$ETC/neutron/neutron.conf" --config-file "$ETC/neutron/ml2_conf.ini" ;;
    cinder-api)
      launch cinder-api /usr/bin/python3 /usr/bin/cinder-api --config-file "$ETC/cinder/cinder.conf" ;;
    cinder-scheduler)
      launch cinder-scheduler /usr/bin/python3 /usr/bin/cinder-scheduler --config-file "$ETC/cinder/cinder.conf" ;;
    cinder-volume)
      launch cinder-volume /usr/bin/python3 "$OS/bin/cinder-volume" --config-file "$ETC/cinder/cinder.conf" ;;
  esac
}

write_env_cache() {  # write_env_cache NETWORK_ID SUBNET_ID
  cat > "$OS/labnet.env.tmp" <<EOF
export ECLOUD_LAB_OS_AUTH_URL=$KS_URL/v3
export ECLOUD_LAB_OS_USER=admin ECLOUD_LAB_OS_PASSWORD=adminpass ECLOUD_LAB_OS_PROJECT=admin ECLOUD_LAB_OS_DOMAIN=Default ECLOUD_LAB_OS_REGION=RegionOne
export ECLOUD_LAB_OS_NETWORK_ID=$1 ECLOUD_LAB_OS_SUBNET_ID=$2
EOF
  mv -f "$OS/labnet.env.tmp" "$OS/labnet.env"
}

do_start() {
  mkdir -p "$LOG" "$RUN" "$STATE"
  install_packages
  "$HERE/mariadb.sh" start >/dev/null
  log "mariadb ready"
  write_configs
  db_provision
  load_table_counts

  # the three schema migrations are independent: neutron's and cinder's run in the background
  # while keystone's runs (and keystone starts); RabbitMQ boots meanwhile too
  # (if this run fails, it still waits for them: a second run must not migrate concurrently)
  jn="" jc=""
  trap '[ -z "$jn$jc" ] || wait $jn $jc 2>/dev/null' EXIT
  if ! done_ok neutron-db os_neutron "$(pkg_version python3-neutron)"; then neutron_db & jn=$!; fi
  if ! done_ok cinder-db os_cinder "$(pkg_version python3-cinder)"; then cinder_db & jc=$!; fi
  ensure epmd
  running epmd >/dev/null && wait_port epmd 4369
  ensure rabbitmq
  keystone_db
  ensure keystone
  # neutron and cinder need keystone only when they serve requests: start them first
  if [ -n "$jn" ]; then wait "$jn" || { jn=""; lab_die "openstack: neutron db upgrade failed (see $LOG/neutron-db-manage.log)"; }; jn=""; fi
  ensure neutron
  wait_port rabbitmq 5672
  if [ -n "$jc" ]; then wait "$jc" || { jc=""; lab_die "openstack: cinder db sync failed (see $LOG/cinder-manage.log)"; }; jc=""; fi
  ensure cinder-volume
  ensure cinder-scheduler
  ensure cinder-api
  wait_http keystone "$KS_URL/v3"
  # redone when rest.py changes
  local ks_rev; ks_rev="$(pkg_version python3-keystone) $(md5sum < "$HERE/openstack/rest.py" | cut -c1-12)"
  if ! done_ok keystone-setup os_keystone "$ks_rev"; then
    log "keystone: users, projects, roles, catalog"
    "$PY" "$HERE/openstack/rest.py" keystone-setup || lab_die "openstack: keystone setup failed"
    mark_done keystone-setup "$ks_rev"
  fi
  wait_http neutron http://127.0.0.1:9696/
  # the segment's addresses: lab/lib.sh's constants when it defines them, else the defaults
  local ids net sub pool=${LAB_IP_POOL:-10.211.1.0-10.211.13.254}
  ids=$(LABNET_CIDR=${LAB_SUBNET:-10.211.0.0/20} LABNET_GATEWAY=${LAB_GATEWAY:-10.211.0.1} \
        LABNET_POOL_START=${pool%-*} LABNET_POOL_END=${pool#*-} "$PY" "$HERE/openstack/rest.py" labnet) \
    || lab_die "openstack: could not ensure labnet"
  read -r net sub <<< "$ids"
  if [ -z "$net" ] || [ -z "$sub" ]; then lab_die "openstack: rest.py labnet printed '$ids'"; fi
  write_env_cache "$net" "$sub"
  log "labnet ready: network $net subnet $sub"
  wait_http cinder-api http://127.0.0.1:8776/
  "$PY" "$HERE/openstack/rest.py" wait-cinder "$WAIT" || fail_with_log cinder-volume "cinder-volume is not up"
  log "cinder ready"
  log "started in $(( $(lab_now_ms) - T0 )) ms"
}

do_stop() {
  # the API services and their RPC peers together, then the broker, then epmd
  stop_svcs 60 cinder-volume cinder-scheduler cinder-api neutron keystone
  stop_svcs 60 rabbitmq
  stop_svcs 10 epmd
  rm -f "$RUN/rabbitmq-beam.pid"
  log "stopped"
}

# mem_of PID: MEM_LINE="procs=N pss=XMiB rss=YMiB" over the process group PID (our setsid group)
MEM_PSS=0 MEM_RSS=0 MEM_LINE=""
mem_of() {
  local q n=0 p=0 r=0 a b
  for q in $(pgrep -g "$1" 2>/dev/null); do
    read -r a b < <(awk '/^Pss:/ {p=$2} /^Rss:/ {r=$2} END {print p+0, r+0}' "/proc/$q/smaps_rollup" 2>/dev/null || echo 0 0)
    n=$((n + 1)) p=$((p + a)) r=$((r + b))
  done
  MEM_PSS=$((MEM_PSS + p)) MEM_RSS=$((MEM_RSS + r))
  MEM_LINE="procs=$n pss=$((p / 1024))MiB rss=$((r / 1024))MiB"
}

do_status() {
  local s pid url code rc=0
  for s in "${SERVICES[@]}"; do
    case $s in
      keystone) url=$KS_URL/v3 ;; neutron) url=http://127.0.0.1:9696/ ;;
      cinder-api) url=http://127.0.0.1:8776/ ;; *) url="" ;;
    esac
    if pid=$(running "$s"); then
      mem_of "$pid"; pid="$pid $MEM_LINE"
      if [ -n "$url" ]; then
        code=$(curl --noproxy '*' -s -m 5 -o /dev/null -w '%{http_code}' "$url" 2>/dev/null || true)
        case $code in 2??|3??|401) echo "$s: running pid=$pid $url answers $code" ;;
                      *) echo "$s: running pid=$pid $url does NOT answer ($code)"; rc=3 ;; esac
      elif [ -n "$(port_of "$s")" ]; then
        if ss -Hltn "sport = :$(port_of "$s")" | grep -q .; then echo "$s: running pid=$pid listening on 127.0.0.1:$(port_of "$s")"
        else echo "$s: running pid=$pid, NOT listening on :$(port_of "$s")"; rc=3; fi
      else
        echo "$s: running pid=$pid"
      fi
    elif [ "$s" = epmd ] && ss -Hltn 'sport = :4369' | grep -q .; then
      echo "epmd: not ours, but port 4369 is served"
    else
      echo "$s: stopped"; rc=3
    fi
  done
  echo "total: pss=$((MEM_PSS / 1024))MiB rss=$((MEM_RSS / 1024))MiB (MariaDB not included)"
  if [ -s "$OS/labnet.env" ]; then sed -n 's/^export \(ECLOUD_LAB_OS_NETWORK_ID.*\)/labnet: \1/p' "$OS/labnet.env"; fi
  return $rc
}

do_env() {
  [ -s "$OS/labnet.env" ] || lab_die "openstack: no $OS/labnet.env: run lab/openstack.sh start first"
  cat "$OS/labnet.env"
}

do_reset() {
  local d started_db=""
  do_stop
  if [ -S "$MYSQL_SOCK" ] && sql -e 'SELECT 1' >/dev/null 2>&1; then :; else
    "$HERE/mariadb.sh" start >/dev/null; started_db=1
  fi
  for d in "${DBS[@]}"; do sql -e "DROP DATABASE IF EXISTS $d"; done
  sql -e "DROP USER IF EXISTS '$DB_USER'@'127.0.0.1'"
  [ -z "$started_db" ] || "$HERE/mariadb.sh" stop
  rm -rf "$OS"
  log "reset: databases ${DBS[*]} dropped, $OS removed"
}

case "${1:-}" in
  start)  lab_lock openstack; do_start ;;
  stop)   lab_lock openstack; do_stop ;;
  status) do_status ;;
  env)    do_env ;;
  reset)  lab_lock openstack; do_reset ;;
  *) lab_usage "$0"; exit 2 ;;
esac
