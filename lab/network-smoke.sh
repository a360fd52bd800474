#!/usr/bin/env bash
# network-smoke.sh - end-to-end check of the lab network, the images and the sample app.
#
# Usage: lab/network-smoke.sh        (needs the lab up with >= 3 engines: lab/up.sh)
# Exits non-zero at the first failed check; prints the measured times.
#
#   1. a stand-in config center on the host: busybox httpd bound to 10.211.0.2:18888 only
#      (the shim), serving config.properties and, behind basic auth, secure/config.properties
#   2. ecloud/sample-app:1 on d1 as 10.211.1.10 / 02:ec:0a:d3:01:0a on labnet (--init,
#      APP=cap ENV=test GROUP=g1): from the host /health = OK, /config = the file,
#      /cgi-bin/info, /cgi-bin/hold?seconds=1 (>= 1 s), /cgi-bin/burn?seconds=2 (at once)
#   3. fetch-config with ECLOUD_CONFIG_AUTH (d1, 10.211.1.11): /health OK, /config = the secure
#      file; without it (d2, 10.211.1.12, one try): /health 503
#   4. a client container on d2 (10.211.1.20) fetches http://10.211.1.10:8080/health
#   5. move: remove the app on d1, run it on d3 with the same IP and MAC; time until the host
#      gets /health = OK; the d2 client again
#   6. move again to d1 with ANOTHER MAC: the app's gratuitous ARP (announce-ip) must fix the
#      host's neighbour entry (time until the host gets /health = OK)
# Everything it makes (containers labelled ecloud.lab.smoke=1, the config center) is removed
# at the end, also on failure or Ctrl-C, and at the start if an earlier run left anything.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

APP_IP=$LAB_PREFIX.1.10
AUTH_IP=$LAB_PREFIX.1.11
NOAUTH_IP=$LAB_PREFIX.1.12
CLI_IP=$LAB_PREFIX.1.20
CC_PORT=18888
CC_URL=http://$LAB_SHIM_IP:$CC_PORT
CC_DIR=$LAB_DIR/smoke/cc
CC_PIDF=$LAB_RUN/smoke-cc.pid
CC_MARK="-p $LAB_SHIM_IP:$CC_PORT -h $CC_DIR"
LABEL=ecloud.lab.smoke=1
ENGINES=(1 2 3)

step() { lab_log "smoke: $*"; }
fail() { lab_log "smoke: FAILED: $*"; exit 1; }
ms_since() { echo $(( $(lab_now_ms) - $1 )); }

cleanup() {
  local n ids pid
  for n in "${ENGINES[@]}"; do
    ids=$(lab_dk "$n" ps -aq --filter "label=$LABEL" 2>/dev/null || true)
    [ -z "$ids" ] || lab_dk "$n" rm -f $ids >/dev/null 2>&1 || true
  done
  if pid=$(lab_pid_ours "$CC_PIDF" "$CC_MARK"); then lab_stop_pid "$pid" 5 || true; fi
  rm -f "$CC_PIDF"
}

# http URL: "<status> <body>" from the host (3 s limit; status 000: no answer)
http() {
  local out
  out=$(curl -s -m 3 -w '\n%{http_code}' "$1" 2>/dev/null || true)
  printf '%s %s\n' "${out##*$'\n'}" "${out%$'\n'*}"
}
# code URL: the HTTP status only
code() { curl -s -o /dev/null -m 3 -w '%{http_code}' "$1" 2>/dev/null || true; }

# wait_ok URL MAX_MS: wait until URL answers 200 "OK" from the host; prints the ms it took
wait_ok() {
  local t0 body
  t0=$(lab_now_ms)
  while :; do
    body=$(curl -s -f -m 1 "$1" 2>/dev/null || true)
    [ "$body" = OK ] && { ms_since "$t0"; return 0; }
    (( $(ms_since "$t0") < $2 )) || return 1
    sleep 0.01
  done
}

# run_app ENGINE NAME IP MAC [docker run args...]: the sample app on labnet
run_app() {
  local n=$1 name=$2 ip=$3 mac=$4; shift 4
  lab_dk "$n" run -d --name "$name" --label "$LABEL" --network "$LAB_NETWORK" --ip "$ip" \
    --mac-address "$mac" --init "$@" ecloud/sample-app:1 2>/dev/null >/dev/null ||
    fail "d$n: docker run $name ($ip $mac) failed"
}

# client ENGINE URL: fetch URL from a throwaway container on labnet; prints the body
client() {
  lab_dk "$1" run --rm --label "$LABEL" --network "$LAB_NETWORK" --ip "$CLI_IP" \
    --mac-address "$(lab_mac_for_ip "$CLI_IP")" --init ecloud/os:1 \
    sh -c "timeout 10 wget -q -O - '$2'" 2>/dev/null || true
}

# ---- preconditions
lab_lock smoke
for n in "${ENGINES[@]}"; do
  lab_engines | grep -q "^$n " || fail "engine d$n is not running (lab/up.sh)"
  [ -n "$(lab_dk "$n" image ls -q ecloud/sample-app:1)" ] || fail "d$n has no ecloud/sample-app:1 (lab/images.sh)"
done
"$HERE/network.sh" status >/dev/null || fail "the lab network is not up (lab/network.sh start)"
trap cleanup EXIT
trap 'exit 130' INT TERM
cleanup

# ---- 1. config center on the shim address
T_ALL=$(lab_now_ms)
step "1. config center on $CC_URL"
mkdir -p "$CC_DIR/secure"
printf 'greeting=hello from the config center\napp.name=cap\nlimits.cpu=0.5\n' > "$CC_DIR/config.properties"
printf 'secret.key=s3cr3t-value\n' > "$CC_DIR/secure/config.properties"
printf '/secure:smoke:pa55word\n' > "$LAB_DIR/smoke/httpd.conf"
setsid busybox httpd -f $CC_MARK -c "$LAB_DIR/smoke/httpd.conf" </dev/null >"$LAB_DIR/smoke/cc.log" 2>&1 9>&- &
echo $! > "$CC_PIDF"
for _ in $(seq 50); do [ "$(code "$CC_URL/config.properties")" = 200 ] && break; sleep 0.1; done
[ "$(code "$CC_URL/config.properties")" = 200 ] || fail "config center does not answer on $CC_URL"
[ "$(code "$CC_URL/secure/config.properties")" = 401 ] || fail "config center: secure/ is not protected"
curl -s -m 2 "http://127.0.0.1:$CC_PORT/config.properties" >/dev/null 2>&1 && fail "config center answers on 127.0.0.1 (must bind $LAB_SHIM_IP only)"

# ---- 2. the app on d1
step "2. ecloud/sample-app:1 on d1 as $APP_IP"
t0=$(lab_now_ms)
run_app 1 smoke-app "$APP_IP" "$(lab_mac_for_ip "$APP_IP")" \
  -e "ECLOUD_CONFIG_URL=$CC_URL/config.properties" -e APP=cap -e ENV=test -e GROUP=g1
T_RUN=$(ms_since "$t0")
T_OK=$(wait_ok "http://$APP_IP:8080/health" 20000) || fail "no 200 OK from http://$APP_IP:8080/health within 20 s"
step "   docker run took $T_RUN ms; /health OK from the host $((T_RUN + T_OK)) ms after docker run began"
[ "$(http "http://$APP_IP:8080/health")" = "200 OK" ] || fail "/health: $(http "http://$APP_IP:8080/health")"
[ "$(curl -s -m 3 "http://$APP_IP:8080/config")" = "$(cat "$CC_DIR/config.properties")" ] || fail "/config differs from the config center's file"
info=$(curl -s -m 3 "http://$APP_IP:8080/cgi-bin/info")
for kv in "ip=$APP_IP" "mac=$(lab_mac_for_ip "$APP_IP")" app=cap env=test group=g1 config=present; do
  grep -qx "$kv" <<<"$info" || fail "/cgi-bin/info lacks $kv: $info"
done
t0=$(lab_now_ms)
[ "$(http "http://$APP_IP:8080/cgi-bin/hold?seconds=1")" = "200 held 1 s" ] || fail "/cgi-bin/hold?seconds=1"
T_HOLD=$(ms_since "$t0"); ((T_HOLD >= 1000 && T_HOLD < 3000)) || fail "hold?seconds=1 took $T_HOLD ms"
t0=$(lab_now_ms)
[ "$(http "http://$APP_IP:8080/cgi-bin/burn?seconds=2")" = "200 burning 1 cpu(s) for 2 s" ] || fail "/cgi-bin/burn?seconds=2"
T_BURN=$(ms_since "$t0"); ((T_BURN < 1000)) || fail "burn?seconds=2 took $T_BURN ms to answer"
sleep 0.3
lab_dk 1 top smoke-app -o pid,args | grep -q ecloud-burn || fail "no burner running after /cgi-bin/burn"
[ "$(code "http://$APP_IP:8080/cgi-bin/hold?seconds=x")" = 400 ] || fail "hold?seconds=x is not a 400"
step "   /health /config /cgi-bin/info OK; hold 1 s took $T_HOLD ms; burn answered in $T_BURN ms"

# ---- 3. with and without basic auth
step "3. fetch-config with ECLOUD_CONFIG_AUTH (d1 $AUTH_IP) and without (d2 $NOAUTH_IP)"
run_app 1 smoke-auth "$AUTH_IP" "$(lab_mac_for_ip "$AUTH_IP")" \
  -e "ECLOUD_CONFIG_URL=$CC_URL/secure/config.properties" -e "ECLOUD_CONFIG_AUTH=$(printf smoke:pa55word | base64)"
run_app 2 smoke-noauth "$NOAUTH_IP" "$(lab_mac_for_ip "$NOAUTH_IP")" \
  -e "ECLOUD_CONFIG_URL=$CC_URL/secure/config.properties" -e ECLOUD_CONFIG_TRIES=1
wait_ok "http://$AUTH_IP:8080/health" 20000 >/dev/null || fail "auth: /health of $AUTH_IP: $(http "http://$AUTH_IP:8080/health")"
[ "$(curl -s -m 3 "http://$AUTH_IP:8080/config")" = "$(cat "$CC_DIR/secure/config.properties")" ] || fail "auth: /config differs"
for _ in $(seq 100); do [ "$(code "http://$NOAUTH_IP:8080/health")" != 000 ] && break; sleep 0.1; done
[ "$(http "http://$NOAUTH_IP:8080/health")" = "503 NO CONFIG" ] || fail "no auth: /health is '$(http "http://$NOAUTH_IP:8080/health")', want 503"
[ "$(code "http://$NOAUTH_IP:8080/config")" = 404 ] || fail "no auth: /config is not a 404"
lab_dk 1 rm -f smoke-auth >/dev/null; lab_dk 2 rm -f smoke-noauth >/dev/null

# ---- 4. container to container across engines
step "4. client on d2 ($CLI_IP) -> http://$APP_IP:8080/health"
t0=$(lab_now_ms)
out=$(client 2 "http://$APP_IP:8080/health")
[ "$out" = OK ] || fail "client on d2 got '$out'"
T_CLI=$(ms_since "$t0")
step "   OK (docker run --rm of the client included: $T_CLI ms)"

# ---- 5. move d1 -> d3, same IP and MAC
step "5. move the app d1 -> d3 with the same IP and MAC"
t0=$(lab_now_ms)
lab_dk 1 rm -f smoke-app >/dev/null
T_RM=$(ms_since "$t0")
t1=$(lab_now_ms)
run_app 3 smoke-app "$APP_IP" "$(lab_mac_for_ip "$APP_IP")" \
  -e "ECLOUD_CONFIG_URL=$CC_URL/config.properties" -e APP=cap -e ENV=test -e GROUP=g1
T_RUN3=$(ms_since "$t1")
T_OK3=$(wait_ok "http://$APP_IP:8080/health" 60000) || fail "after the move no 200 OK from the host within 60 s"
grep -qx 'config=present' <<<"$(curl -s -m 3 "http://$APP_IP:8080/cgi-bin/info")" || fail "moved app has no config"
step "   rm on d1 $T_RM ms, docker run on d3 $T_RUN3 ms, /health OK from the host $T_OK3 ms after that ($(ms_since "$t0") ms after the rm began)"
step "   host neighbour entry: $(ip neigh show "$APP_IP" dev "$LAB_SHIM")"
out=$(client 2 "http://$APP_IP:8080/health")
[ "$out" = OK ] || fail "after the move the client on d2 got '$out'"
step "   client on d2 -> moved app: OK"

# ---- 6. move d3 -> d1 with another MAC: gratuitous ARP
NEW_MAC=02:ec:0a:d3:ff:0a
step "6. move the app d3 -> d1 with another MAC ($NEW_MAC): gratuitous ARP"
curl -s -m 2 -o /dev/null "http://$APP_IP:8080/health" || true     # a fresh neighbour entry
lab_dk 3 rm -f smoke-app >/dev/null
t1=$(lab_now_ms)
run_app 1 smoke-app "$APP_IP" "$NEW_MAC" \
  -e "ECLOUD_CONFIG_URL=$CC_URL/config.properties" -e APP=cap -e ENV=test -e GROUP=g1
T_RUN4=$(ms_since "$t1")
T_OK4=$(wait_ok "http://$APP_IP:8080/health" 60000) || fail "with a new MAC no 200 OK from the host within 60 s"
step "   docker run on d1 $T_RUN4 ms, /health OK from the host $T_OK4 ms after that; neighbour: $(ip neigh show "$APP_IP" dev "$LAB_SHIM")"
((T_OK4 < 5000)) || fail "with a new MAC the host needed $T_OK4 ms (stale ARP: announce-ip did not work)"
out=$(client 2 "http://$APP_IP:8080/health")
[ "$out" = OK ] || fail "new MAC: the client on d2 got '$out'"

step "all checks passed in $(ms_since "$T_ALL") ms"
echo "network-smoke: run $T_RUN ms, health after run $T_OK ms, hold1s $T_HOLD ms, burn $T_BURN ms, client $T_CLI ms, move(same MAC): rm $T_RM ms run $T_RUN3 ms health $T_OK3 ms, move(new MAC): run $T_RUN4 ms health $T_OK4 ms"
