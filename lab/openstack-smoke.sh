#!/usr/bin/env bash
# openstack-smoke.sh - check the lab OpenStack (lab/openstack.sh start) end to end with curl.
#
# Usage: lab/openstack-smoke.sh [IP]        IP on labnet for the test port (default 10.211.1.50)
#
# Keystone: a project-scoped admin token. Neutron (on labnet from `lab/openstack.sh env`): a
# port with fixed IP IP and binding:host_id host-a (bound: vif_type ovs, ACTIVE); moved to
# host-b (same id, MAC and IP); a second port with the same IP gets 409; delete gives 204,
# then GET gives 404. Cinder (microversion 3.54): a 1 GB volume becomes available; an
# attachment to a fake instance with a fake connector is created and completed (volume
# in-use, attached); the attachment is deleted (volume available) and the volume deleted (404).
# Leftovers of an earlier interrupted run (port/volume named openstack-smoke) are removed
# first. Prints one line per check and "openstack-smoke: N passed, M failed"; exit 1 on failure.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
IP=${1:-10.211.1.50}
NEUTRON=http://127.0.0.1:9696/v2.0
NAME=openstack-smoke
INSTANCE=5b3c1e4a-0000-4000-8000-00000000e1ab     # a fake instance UUID
PY=/usr/bin/python3
TMP=$(mktemp -d); trap 'rm -rf "$TMP"' EXIT
PASS=0 FAIL=0

ok()   { PASS=$((PASS + 1)); echo "ok   $*"; }
bad()  { FAIL=$((FAIL + 1)); echo "FAIL $*"; }
check() { local what=$1; shift; if "$@"; then ok "$what"; else bad "$what"; fi; }
finish() { echo "openstack-smoke: $PASS passed, $FAIL failed"; [ "$FAIL" -eq 0 ]; exit $?; }
# jget FILE EXPR: evaluate a Python expression over the JSON document d in FILE
jget() { "$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2]); print("" if v is None else v)' "$1" "$2" 2>/dev/null; }
# call METHOD URL [BODY]: response body in $TMP/out, HTTP status in $CODE
call() {
  local args=(--noproxy '*' -s -m 60 -o "$TMP/out" -w '%{http_code}' -X "$1" -H "X-Auth-Token: $TOKEN"
              -H 'Content-Type: application/json' -H "OpenStack-API-Version: volume 3.54")
  [ $# -ge 3 ] && args+=(-d "$3")
  [ -n "${SERVICE_TOKEN:-}" ] && args+=(-H "X-Service-Token: $SERVICE_TOKEN")
  CODE=$(curl "${args[@]}" "$2") || CODE=000
}

# ---------------------------------------------------------------- Keystone
eval "$("$HERE/openstack.sh" env)" || { bad "lab/openstack.sh env"; finish; }
CODE=$(curl --noproxy '*' -s -m 60 -D "$TMP/hdr" -o "$TMP/tok" -w '%{http_code}' -H 'Content-Type: application/json' -d "{
  \"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": {\"name\": \"$ECLOUD_LAB_OS_USER\",
    \"domain\": {\"name\": \"$ECLOUD_LAB_OS_DOMAIN\"}, \"password\": \"$ECLOUD_LAB_OS_PASSWORD\"}}},
  \"scope\": {\"project\": {\"name\": \"$ECLOUD_LAB_OS_PROJECT\", \"domain\": {\"name\": \"$ECLOUD_LAB_OS_DOMAIN\"}}}}}" \
  "$ECLOUD_LAB_OS_AUTH_URL/auth/tokens") || CODE=000
TOKEN=$(awk -F': ' 'tolower($1) == "x-subject-token" { print $2 }' "$TMP/hdr" 2>/dev/null | tr -d '\r')
if [ "$CODE" = 201 ] && [ -n "$TOKEN" ]; then ok "keystone token (201)"; else bad "keystone token: HTTP $CODE"; finish; fi
PROJECT=$(jget "$TMP/tok" 'd["token"]["project"]["id"]')
CINDER=$(jget "$TMP/tok" '[e["url"] for s in d["token"]["catalog"] if s["type"] == "volumev3" for e in s["endpoints"] if e["interface"] == "public"][0]')
check "catalog has network and volumev3 (cinder at $CINDER)" \
  test -n "$(jget "$TMP/tok" '[s for s in d["token"]["catalog"] if s["type"] == "network"][0]["type"]')" -a "$CINDER" = "http://127.0.0.1:8776/v3/$PROJECT"

# ---------------------------------------------------------------- Neutron
NET=$ECLOUD_LAB_OS_NETWORK_ID SUB=$ECLOUD_LAB_OS_SUBNET_ID
call GET "$NEUTRON/networks/$NET"
check "labnet is flat/lab and shared" test "$CODE" = 200 -a \
  "$(jget "$TMP/out" 'd["network"]["provider:network_type"], d["network"]["provider:physical_network"], d["network"]["shared"]')" = "('flat', 'lab', True)"
call GET "$NEUTRON/ports?network_id=$NET&name=$NAME"
for p in $(jget "$TMP/out" '" ".join(p["id"] for p in d["ports"])'); do call DELETE "$NEUTRON/ports/$p"; echo "     (removed leftover port $p)"; done

call POST "$NEUTRON/ports" "{\"port\": {\"name\": \"$NAME\", \"network_id\": \"$NET\",
  \"fixed_ips\": [{\"subnet_id\": \"$SUB\", \"ip_address\": \"$IP\"}], \"binding:host_id\": \"host-a\",
  \"device_owner\": \"compute:ecloud\", \"device_id\": \"$INSTANCE\"}}"
PORT=$(jget "$TMP/out" 'd["port"]["id"]')
MAC=$(jget "$TMP/out" 'd["port"]["mac_address"]')
if [ "$CODE" = 201 ] && [ -n "$PORT" ]; then ok "create port $IP on host-a (201): $PORT mac $MAC"
else bad "create port $IP: HTTP $CODE $(head -c 300 "$TMP/out")"; finish; fi
check "port bound on host-a: ip, host, vif_type ovs, ACTIVE" test \
  "$(jget "$TMP/out" 'd["port"]["fixed_ips"][0]["ip_address"], d["port"]["binding:host_id"], d["port"]["binding:vif_type"], d["port"]["status"]')" \
  = "('$IP', 'host-a', 'ovs', 'ACTIVE')"

call PUT "$NEUTRON/ports/$PORT" '{"port": {"binding:host_id": "host-b"}}'
check "move port to host-b (200): same id, MAC, IP; bound" test "$CODE" = 200 -a \
  "$(jget "$TMP/out" 'd["port"]["id"], d["port"]["mac_address"], d["port"]["fixed_ips"][0]["ip_address"], d["port"]["binding:host_id"], d["port"]["binding:vif_type"], d["port"]["status"]')" \
  = "('$PORT', '$MAC', '$IP', 'host-b', 'ovs', 'ACTIVE')"
call GET "$NEUTRON/ports/$PORT"
check "GET port shows host-b" test "$CODE" = 200 -a "$(jget "$TMP/out" 'd["port"]["binding:host_id"]')" = host-b

call POST "$NEUTRON/ports" "{\"port\": {\"name\": \"$NAME-dup\", \"network_id\": \"$NET\", \"fixed_ips\": [{\"ip_address\": \"$IP\"}]}}"
check "duplicate IP $IP refused (409 $(jget "$TMP/out" 'd["NeutronError"]["type"]'))" test "$CODE" = 409
[ "$CODE" = 201 ] && call DELETE "$NEUTRON/ports/$(jget "$TMP/out" 'd["port"]["id"]')"

call DELETE "$NEUTRON/ports/$PORT"
check "delete port (204)" test "$CODE" = 204
call GET "$NEUTRON/ports/$PORT"
check "deleted port is gone (404)" test "$CODE" = 404

# ---------------------------------------------------------------- Cinder
# wait_volume ID STATUS...: poll (<= 60 s) until the volume's status is one of STATUS (or error)
wait_volume() {
  local id=$1 i st; shift
  for ((i = 0; i < 120; i++)); do
    call GET "$CINDER/volumes/$id"
    [ "$CODE" = 404 ] && { VSTATUS=deleted; return; }
    st=$(jget "$TMP/out" 'd["volume"]["status"]')
    VSTATUS=$st
    for s in "$@" error error_deleting; do [ "$st" = "$s" ] && return; done
    sleep 0.5
  done
}
call GET "$CINDER/volumes?name=$NAME"
for v in $(jget "$TMP/out" '" ".join(v["id"] for v in d["volumes"])'); do
  call GET "$CINDER/attachments?volume_id=$v"
  for a in $(jget "$TMP/out" '" ".join(a["id"] for a in d["attachments"])'); do SERVICE_TOKEN=$TOKEN call DELETE "$CINDER/attachments/$a"; done
  call DELETE "$CINDER/volumes/$v"; echo "     (removed leftover volume $v)"; wait_volume "$v" deleted
done

call POST "$CINDER/volumes" "{\"volume\": {\"name\": \"$NAME\", \"size\": 1}}"
VOL=$(jget "$TMP/out" 'd["volume"]["id"]')
if [ "$CODE" = 202 ] && [ -n "$VOL" ]; then ok "create 1 GB volume (202): $VOL"
else bad "create volume: HTTP $CODE $(head -c 300 "$TMP/out")"; finish; fi
wait_volume "$VOL" available
check "volume available (status $VSTATUS)" test "$VSTATUS" = available

call POST "$CINDER/attachments" "{\"attachment\": {\"volume_uuid\": \"$VOL\", \"instance_uuid\": \"$INSTANCE\", \"mode\": \"rw\",
  \"connector\": {\"host\": \"host-a\", \"ip\": \"127.0.0.1\", \"initiator\": \"iqn.2024-01.lab.ecloud:host-a\",
                  \"platform\": \"x86_64\", \"os_type\": \"linux\", \"multipath\": false}}}"
ATT=$(jget "$TMP/out" 'd["attachment"]["id"]')
if [ "$CODE" = 200 ] && [ -n "$ATT" ]; then
  ok "create attachment (200): $ATT status $(jget "$TMP/out" 'd["attachment"]["status"]'), connection_info.driver_volume_type $(jget "$TMP/out" '(d["attachment"]["connection_info"] or {}).get("driver_volume_type")')"
else bad "create attachment: HTTP $CODE $(head -c 300 "$TMP/out")"; fi
if [ -n "$ATT" ]; then
  call POST "$CINDER/attachments/$ATT/action" '{"os-complete": {}}'
  check "complete attachment (204)" test "$CODE" = 204
  call GET "$CINDER/volumes/$VOL"
  check "volume in-use, attached to the instance" test \
    "$(jget "$TMP/out" 'd["volume"]["status"], d["volume"]["attachments"][0]["server_id"], d["volume"]["attachments"][0]["attachment_id"]')" \
    = "('in-use', '$INSTANCE', '$ATT')"
  # as a service request (X-Service-Token of a user with role `service`, here admin's own
  # token), like Nova: otherwise Cinder asks Nova whether the instance still uses the volume
  SERVICE_TOKEN=$TOKEN call DELETE "$CINDER/attachments/$ATT"
  check "delete attachment with X-Service-Token (200)" test "$CODE" = 200
  wait_volume "$VOL" available
  check "volume available again (status $VSTATUS)" test "$VSTATUS" = available
fi
call DELETE "$CINDER/volumes/$VOL"
check "delete volume (202)" test "$CODE" = 202
wait_volume "$VOL" deleted
check "volume gone (status $VSTATUS)" test "$VSTATUS" = deleted
finish
