#!/usr/bin/env bash
# images.sh - build the lab's three image layers offline, put them on lab engines and push
# them to the lab registry (idempotent: what is already in place is skipped).
#
# Usage: lab/images.sh [N ...]
#   N ...   engine numbers (1 = d1 ...) to put the images on; default: every running lab
#           engine that answers. The images are always built on the lowest-numbered running
#           engine (the "build engine", normally d1), so every engine gets identical image IDs.
#
# Images (each also tagged 127.0.0.1:5050/ecloud/NAME:1, the lab registry, lab/registry.sh):
#   ecloud/os:1          the OS layer: a root filesystem made on this machine, /bin/busybox
#                        (Debian busybox-static) plus a symlink for every applet at its usual
#                        path (bin/, sbin/, usr/bin/, usr/sbin/ from `busybox --list-full`),
#                        /etc/passwd, /etc/group (root, nobody), /tmp (1777), /root, /proc, /sys,
#                        /dev mount points; tarred once to $LAB_DIR/images/ecloud-os-1.tar and
#                        `docker import`ed with CMD ["/bin/sh"] and a PATH.
#   ecloud/base:1        FROM os: /opt/ecloud/bin (fetch-config, announce-ip); lab/images/base/
#   ecloud/sample-app:1  FROM base: the sample application (HTTP 8080); lab/images/sample-app/
# base and sample-app are `docker build`s (classic builder, COPY only, so no network needed)
# labelled ecloud.lab.src=<sha256 of the build context + parent image ID>: they are rebuilt
# only when their sources or their parent changed.
# Steps: 1. build engine: import/build what is missing or stale, tag the registry names;
#        2. registry (if it answers): push each image whose manifest there is missing or names
#           another image ID; 3. every other target engine: for each image whose ID differs
#           from the build engine's, `docker pull` it from the registry and tag ecloud/NAME:1
#           (registry down: `docker save | docker load` from the build engine instead).
# After an engine received anything new it is checked with
#   docker run --rm --init ecloud/os:1 echo hello
# (ECLOUD_LAB_IMAGE_CHECK=0 never, =always on every run).
# Note: `sh` as PID 1 ignores SIGTERM: run ecloud/os and ecloud/base containers with --init
# (ecloud/sample-app traps SIGTERM itself, but the platform runs everything with --init).
# Client: /usr/bin/docker (20.10, same as the engines) if present, else `docker` on PATH
# (28.x) with DOCKER_API_VERSION=1.41 (lib.sh), since the engines speak API 1.41.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

IMAGES=(os base sample-app)           # in build order: each is FROM the previous one
SRC_DIR=$HERE/images
IMG_DIR=$LAB_DIR/images
TAR=$IMG_DIR/ecloud-os-1.tar
BUSYBOX=/bin/busybox
REG=$LAB_REGISTRY
CHECK=${ECLOUD_LAB_IMAGE_CHECK:-1}

build_tar() {
  [ -s "$TAR" ] && return 0
  [ -x "$BUSYBOX" ] && "$BUSYBOX" --list-full >/dev/null 2>&1 || lab_die "$BUSYBOX (busybox-static) missing: run lab/install.sh"
  local root=$IMG_DIR/rootfs.tmp applet n=0
  lab_log "images: building root filesystem"
  rm -rf "$root"; mkdir -p "$IMG_DIR"
  mkdir -p "$root"/{bin,sbin,usr/bin,usr/sbin,etc,root,proc,sys,dev,var,run,home}
  install -d -m 1777 "$root/tmp" "$root/var/tmp"
  cp "$BUSYBOX" "$root/bin/busybox"
  while read -r applet; do
    [ -n "$applet" ] && [ "$applet" != bin/busybox ] || continue
    mkdir -p "$root/$(dirname "$applet")"
    ln -sfn /bin/busybox "$root/$applet"; n=$((n + 1))
  done < <("$BUSYBOX" --list-full)
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' > "$root/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' > "$root/etc/group"
  printf 'root:*::0:::::\nnobody:*::0:::::\n' > "$root/etc/shadow"; chmod 600 "$root/etc/shadow"
  printf 'hosts: files dns\n' > "$root/etc/nsswitch.conf"
  tar --numeric-owner --owner=0 --group=0 -C "$root" -cf "$TAR.tmp" .
  mv "$TAR.tmp" "$TAR"; rm -rf "$root"
  lab_log "images: $TAR ($n applets, $(du -k "$TAR" | cut -f1) KiB)"
}

# reads go to the Engine API (lab_api, ~10 ms) rather than the docker CLI (~70-200 ms here)
img_id() {
  local j
  j=$(lab_api "$1" "/images/$2/json" 2>/dev/null) || return 0
  [[ $j =~ ^\{\"Id\":\"(sha256:[0-9a-f]{64})\" ]] && echo "${BASH_REMATCH[1]}"
  return 0
}
img_src() {
  local j
  j=$(lab_api "$1" "/images/$2/json" 2>/dev/null) || return 0
  [[ $j =~ \"ecloud\.lab\.src\":\"([0-9a-f]*)\" ]] && echo "${BASH_REMATCH[1]}"
  return 0
}
parent_of() { case "$1" in base) echo os ;; sample-app) echo base ;; esac; }

# ctx_hash NAME PARENT_ID: what the build of NAME depends on (file names, modes, contents, parent)
ctx_hash() {
  (cd "$SRC_DIR/$1" && find . -type f -printf '%p %m\n' | LC_ALL=C sort &&
    find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum && echo "parent $2") |
    sha256sum | cut -c1-32
}

# build engine: make ecloud/NAME:1 current; sets changed=1 if it changed anything
build_one() {
  local b=$1 name=$2 img=ecloud/$2:1 t0 pid hash
  t0=$(lab_now_ms)
  if [ "$name" = os ]; then
    [ -n "$(img_id "$b" "$img")" ] && return 0
    build_tar
    lab_dk "$b" import \
      --change 'CMD ["/bin/sh"]' \
      --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
      --message "ecloud lab OS image (busybox-static)" \
      "$TAR" "$img" >/dev/null
    lab_log "images: d$b imported $img in $(( $(lab_now_ms) - t0 )) ms"
  else
    pid=$(img_id "$b" "ecloud/$(parent_of "$name"):1")
    hash=$(ctx_hash "$name" "$pid")
    [ "$(img_src "$b" "$img")" = "$hash" ] && return 0
    lab_dk "$b" build -q -t "$img" --label "ecloud.lab.src=$hash" "$SRC_DIR/$name" >"$IMG_DIR/build-$name.log" 2>&1 ||
      { cat "$IMG_DIR/build-$name.log" >&2; lab_die "images: d$b: docker build of $img failed"; }
    lab_log "images: d$b built $img in $(( $(lab_now_ms) - t0 )) ms"
  fi
  changed=1
}

registry_up() { [ "$(curl -s -o /dev/null -w '%{http_code}' -m 2 "http://$REG/v2/" 2>/dev/null)" = 200 ]; }

# the image ID (config digest) that the registry's NAME:1 manifest names ("" if none)
reg_id() {
  curl -s -m 5 -H 'Accept: application/vnd.docker.distribution.manifest.v2+json' \
    "http://$REG/v2/ecloud/$1/manifests/1" 2>/dev/null |
    tr -d ' \n' | sed -n 's/.*"config":{[^}]*"digest":"\(sha256:[0-9a-f]*\)".*/\1/p'
}

# tag ecloud/NAME:1 and the registry name on engine $1 (cheap no-op if already so)
tag_both() {
  local n=$1 name=$2
  [ "$(img_id "$n" "$REG/ecloud/$name:1")" = "$(img_id "$n" "ecloud/$name:1")" ] && return 0
  lab_dk "$n" tag "ecloud/$name:1" "$REG/ecloud/$name:1"
}

check_engine() {
  local n=$1 t0 out
  t0=$(lab_now_ms)
  # stdout only: the engine warns on stderr that IPv4 forwarding is off (intended here)
  out=$(lab_dk "$n" run --rm --init ecloud/os:1 echo hello 2>"$IMG_DIR/check-d$n.err") || true
  [ "$out" = hello ] || lab_die "images: d$n: 'docker run --rm --init ecloud/os:1 echo hello' gave: $out $(cat "$IMG_DIR/check-d$n.err")"
  lab_log "images: d$n run check OK ($(( $(lab_now_ms) - t0 )) ms)"
}

lab_lock images
mkdir -p "$IMG_DIR"
declare -A HOSTS=()
while read -r n host; do [ -n "$n" ] && HOSTS[$n]=$host; done < <(lab_engines)
running=($(printf '%s\n' "${!HOSTS[@]}" | sort -n))
((${#running[@]})) || lab_die "images: no running lab engine (run lab/docker-engines.sh start)"
targets=("$@")
((${#targets[@]})) || targets=("${running[@]}")
for n in "${targets[@]}"; do [ -n "${HOSTS[$n]:-}" ] || lab_die "images: engine d$n is not running"; done
B=${running[0]}

# 1. build engine
declare -A ID=()
changed=""
for name in "${IMAGES[@]}"; do
  build_one "$B" "$name"
  ID[$name]=$(img_id "$B" "ecloud/$name:1")
  tag_both "$B" "$name"
done

# 2. registry
reg=0
if registry_up; then
  reg=1
  for name in "${IMAGES[@]}"; do
    [ "$(reg_id "$name")" = "${ID[$name]}" ] && continue
    t0=$(lab_now_ms)
    lab_dk "$B" push "$REG/ecloud/$name:1" >"$IMG_DIR/push-$name.log" 2>&1 ||
      { cat "$IMG_DIR/push-$name.log" >&2; lab_die "images: push of $REG/ecloud/$name:1 failed"; }
    [ "$(reg_id "$name")" = "${ID[$name]}" ] || lab_die "images: registry's $REG/ecloud/$name:1 is not ${ID[$name]} after the push"
    lab_log "images: pushed $REG/ecloud/$name:1 in $(( $(lab_now_ms) - t0 )) ms"
  done
else
  lab_log "images: WARNING registry $REG not answering (lab/registry.sh start): not pushing; copying with docker save|load"
fi

# 3. the other engines
for n in "${targets[@]}"; do
  got=""
  [ "$n" = "$B" ] && got=$changed
  if [ "$n" != "$B" ]; then
    for name in "${IMAGES[@]}"; do
      [ "$(img_id "$n" "ecloud/$name:1")" = "${ID[$name]}" ] && { tag_both "$n" "$name"; continue; }
      t0=$(lab_now_ms)
      if ((reg)); then
        lab_dk "$n" pull -q "$REG/ecloud/$name:1" >"$IMG_DIR/pull-d$n-$name.log" 2>&1 ||
          { cat "$IMG_DIR/pull-d$n-$name.log" >&2; lab_die "images: d$n: pull of $REG/ecloud/$name:1 failed"; }
        lab_dk "$n" tag "$REG/ecloud/$name:1" "ecloud/$name:1"
        how=pulled
      else
        lab_dk "$B" save "ecloud/$name:1" | lab_dk "$n" load -q >/dev/null
        tag_both "$n" "$name"
        how=loaded
      fi
      [ "$(img_id "$n" "ecloud/$name:1")" = "${ID[$name]}" ] || lab_die "images: d$n: ecloud/$name:1 is not ${ID[$name]} after the $how"
      lab_log "images: d$n $how ecloud/$name:1 in $(( $(lab_now_ms) - t0 )) ms"
      got=1
    done
  fi
  if [ "$CHECK" = always ] || { [ "$CHECK" != 0 ] && [ -n "$got" ]; }; then check_engine "$n"; fi
done
lab_log "images: $(for name in "${IMAGES[@]}"; do printf 'ecloud/%s:1=%s ' "$name" "${ID[$name]:7:12}"; done)on d$(echo "${targets[@]}" | sed 's/ /,d/g')$( ((reg)) && echo " and $REG")"
