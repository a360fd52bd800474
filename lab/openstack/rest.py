#!/usr/bin/python3
"""REST steps of lab/openstack.sh (run with Debian's /usr/bin/python3: it has requests).

Usage: rest.py keystone-setup | wait-cinder SECONDS | labnet
  keystone-setup  idempotently create roles, project `service`, the service users (admin +
                  service roles in `service`), and the catalog entries for network and
                  volumev3/block-storage (identity is made by keystone-manage bootstrap).
  wait-cinder S   poll (<= S seconds) until cinder-volume is `up` and the scheduler knows a
                  pool: before that, volume creation ends in NoValidBackend.
  labnet          ensure the flat provider network `labnet` (physnet `lab`, shared) and its
                  subnet `labnet-v4`; print "NETWORK_ID SUBNET_ID".

Everything talks to 127.0.0.1 only; proxies from the environment are ignored.
"""
import os
import sys
import time

import requests

KS = "http://127.0.0.1:5000/v3"
NEUTRON = "http://127.0.0.1:9696/v2.0"
CINDER = "http://127.0.0.1:8776/v3"
REGION = "RegionOne"

# service users: name -> password (they authenticate keystonemiddleware in each service)
SERVICE_USERS = {"neutron": "neutronpass", "cinder": "cinderpass"}
# catalog: (service type, service name, URL)
# openstack4j resolves a service only if both its type and its name match (keystone, neutron,
# cinderv3: "block-storage" matches nothing there, it is for other clients). No trailing slash:
# Keystone answers a "/v3//users" with a 308 that clients do not follow for POST.
CATALOG = [
    ("identity", "keystone", "http://127.0.0.1:5000/v3"),
    ("network", "neutron", "http://127.0.0.1:9696"),
    ("volumev3", "cinderv3", "http://127.0.0.1:8776/v3/%(project_id)s"),
    ("block-storage", "cinder", "http://127.0.0.1:8776/v3/%(project_id)s"),
]

# addresses: from lab/openstack.sh (which takes them from lab/lib.sh when it defines them)
LABNET = {
    "name": "labnet", "physnet": "lab", "subnet": "labnet-v4",
    "cidr": os.environ.get("LABNET_CIDR", "10.211.0.0/20"),
    "gateway": os.environ.get("LABNET_GATEWAY", "10.211.0.1"),
    "pool": {"start": os.environ.get("LABNET_POOL_START", "10.211.1.0"),
             "end": os.environ.get("LABNET_POOL_END", "10.211.13.254")},
}

S = requests.Session()
S.trust_env = False            # never a proxy, never a netrc: loopback only


def die(msg):
    print("rest.py: " + msg, file=sys.stderr)
    sys.exit(1)


def check(r, what):
    if r.status_code >= 400:
        die(f"{what}: HTTP {r.status_code} {r.text[:500]}")
    return r


def token():
    body = {"auth": {
        "identity": {"methods": ["password"], "password": {"user": {
            "name": "admin", "domain": {"name": "Default"}, "password": "adminpass"}}},
        "scope": {"project": {"name": "admin", "domain": {"name": "Default"}}}}}
    r = check(S.post(KS + "/auth/tokens", json=body, timeout=30), "token")
    return r.headers["X-Subject-Token"], r.json()["token"]["project"]["id"]


def keystone_setup():
    tok, _ = token()
    h = {"X-Auth-Token": tok}

    def get_or_create(coll, key, query, body):
        r = check(S.get(f"{KS}/{coll}", params=query, headers=h, timeout=30), f"list {coll}")
        found = r.json()[coll]
        if found:
            return found[0]["id"]
        if body is None:
            die(f"{coll} {query} not found")
        r = check(S.post(f"{KS}/{coll}", json={key: body}, headers=h, timeout=30), f"create {coll}")
        return r.json()[key]["id"]

    roles = {n: get_or_create("roles", "role", {"name": n}, {"name": n})
             for n in ("admin", "member", "reader", "service")}
    service_project = get_or_create("projects", "project", {"name": "service", "domain_id": "default"},
                                    {"name": "service", "domain_id": "default",
                                     "description": "OpenStack service users"})
    for name, pw in SERVICE_USERS.items():
        uid = get_or_create("users", "user", {"name": name, "domain_id": "default"},
                            {"name": name, "password": pw, "domain_id": "default",
                             "default_project_id": service_project})
        for role in ("admin", "service"):
            check(S.put(f"{KS}/projects/{service_project}/users/{uid}/roles/{roles[role]}",
                        headers=h, timeout=30), f"grant {role} to {name}")
    # admin also gets role `service` in project admin, so that its own token is accepted as an
    # X-Service-Token: since the OSSN-0092 fix Cinder deletes an attachment that has an
    # instance_uuid and a connection only for a service request (otherwise it asks Nova, which
    # this lab does not have: EndpointNotFound, HTTP 500)
    admin_uid = get_or_create("users", "user", {"name": "admin", "domain_id": "default"}, None)
    admin_project = get_or_create("projects", "project", {"name": "admin", "domain_id": "default"}, None)
    check(S.put(f"{KS}/projects/{admin_project}/users/{admin_uid}/roles/{roles['service']}",
                headers=h, timeout=30), "grant service to admin")
    for typ, name, url in CATALOG:
        sid = get_or_create("services", "service", {"type": typ},
                            {"type": typ, "name": name, "enabled": True})
        for iface in ("public", "internal", "admin"):
            r = check(S.get(f"{KS}/endpoints", params={"service_id": sid, "interface": iface},
                            headers=h, timeout=30), "list endpoints")
            eps = r.json()["endpoints"]
            if eps and eps[0]["url"] == url and eps[0].get("region_id") == REGION:
                continue
            for ep in eps:   # wrong URL/region (an older layout): replace
                check(S.delete(f"{KS}/endpoints/{ep['id']}", headers=h, timeout=30), "delete endpoint")
            check(S.post(f"{KS}/endpoints", headers=h, timeout=30, json={"endpoint": {
                "service_id": sid, "interface": iface, "url": url, "region_id": REGION,
                "enabled": True}}), "create endpoint")


def wait_cinder(seconds):
    deadline = time.time() + seconds
    last = "no answer"
    tok = project = None
    while time.time() < deadline:
        try:
            if tok is None:
                tok, project = token()
            h = {"X-Auth-Token": tok}
            svcs = S.get(f"{CINDER}/{project}/os-services", params={"binary": "cinder-volume"},
                         headers=h, timeout=10)
            up = svcs.ok and any(s["state"] == "up" and s["status"] == "enabled"
                                 for s in svcs.json()["services"])
            pools = S.get(f"{CINDER}/{project}/scheduler-stats/get_pools", headers=h, timeout=10)
            npools = len(pools.json().get("pools", [])) if pools.ok else 0
            if up and npools:
                return
            last = f"cinder-volume up={up}, scheduler pools={npools}"
        except (requests.RequestException, ValueError, KeyError) as e:
            last = repr(e)
        time.sleep(1)
    die(f"cinder not ready after {seconds}s: {last}")


def labnet():
    tok, _ = token()
    h = {"X-Auth-Token": tok}
    L = LABNET
    nets = check(S.get(f"{NEUTRON}/networks", params={"name": L["name"]}, headers=h, timeout=30),
                 "list networks").json()["networks"]
    if len(nets) > 1:
        die(f"{len(nets)} networks are named {L['name']}: delete the extra ones")
    if nets:
        net = nets[0]
        if (net.get("provider:network_type"), net.get("provider:physical_network")) != ("flat", L["physnet"]):
            die(f"network {L['name']} ({net['id']}) exists but is not flat on physnet {L['physnet']}: "
                f"{net.get('provider:network_type')}/{net.get('provider:physical_network')}; delete it")
        if not net.get("shared"):
            check(S.put(f"{NEUTRON}/networks/{net['id']}", json={"network": {"shared": True}},
                        headers=h, timeout=30), "share labnet")
    else:
        net = check(S.post(f"{NEUTRON}/networks", headers=h, timeout=30, json={"network": {
            "name": L["name"], "shared": True, "admin_state_up": True,
            "provider:network_type": "flat", "provider:physical_network": L["physnet"],
            "description": "Elastic Cloud lab L2 segment (Docker macvlan on bridge lab0)"}}),
            "create labnet").json()["network"]
    subs = check(S.get(f"{NEUTRON}/subnets", params={"network_id": net["id"], "name": L["subnet"]},
                       headers=h, timeout=30), "list subnets").json()["subnets"]
    want = {"gateway_ip": L["gateway"], "enable_dhcp": False, "allocation_pools": [L["pool"]]}
    if subs:
        sub = subs[0]
        if sub["cidr"] != L["cidr"]:
            die(f"subnet {L['subnet']} ({sub['id']}) has cidr {sub['cidr']}, not {L['cidr']}; delete it")
        diff = {k: v for k, v in want.items() if sub.get(k) != v}
        if diff:
            check(S.put(f"{NEUTRON}/subnets/{sub['id']}", json={"subnet": diff}, headers=h, timeout=30),
                  "update labnet-v4")
    else:
        sub = check(S.post(f"{NEUTRON}/subnets", headers=h, timeout=30, json={"subnet": dict(
            want, name=L["subnet"], network_id=net["id"], ip_version=4, cidr=L["cidr"])}),
            "create labnet-v4").json()["subnet"]
    print(net["id"], sub["id"])


def main(argv):
    if len(argv) >= 2 and argv[1] == "keystone-setup":
        keystone_setup()
    elif len(argv) >= 3 and argv[1] == "wait-cinder":
        wait_cinder(int(argv[2]))
    elif len(argv) >= 2 and argv[1] == "labnet":
        labnet()
    else:
        die(__doc__)


if __name__ == "__main__":
    main(sys.argv)
