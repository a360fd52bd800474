#!/usr/bin/env bash
# images.sh - build the minimal OS image ecloud/os:1 offline and load it into lab engines.
#
# Usage: lab/images.sh [N ...]
#   N ...   engine numbers (1 = d1 ...); default: every running lab engine that answers.
#
# The image is a root filesystem made on this machine, no registry involved:
#   /bin/busybox (Debian busybox-static) plus a symlink for every applet at its usual
#   path (bin/, sbin/, usr/bin/, usr/sbin/ from `busybox --list-full`), /etc/passwd,
#   /etc/group (root, nobody), /tmp (1777), /root, /proc, /sys, /dev mount points.
#   It is tarred once to $LAB_DIR/images/ecloud-os-1.tar and `docker import`ed with
#   CMD ["/bin/sh"] and a PATH. Engines that already have ecloud/os:1 are skipped.
# After the import (or when it was present) each engine is checked with
#   docker run --rm --init ecloud/os:1 echo hello      (ECLOUD_LAB_IMAGE_CHECK=0 skips it)
# Note: `sh` as PID 1 ignores SIGTERM: run containers of this image with --init.
# Client: /usr/bin/docker (20.10, same as the engines) if present, else `docker` on PATH
# (28.x) with DOCKER_API_VERSION=1.41, since the engines speak API 1.41.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

IMAGE=ecloud/os:1
IMG_DIR=$LAB_DIR/images
TAR=$IMG_DIR/ecloud-os-1.tar
BUSYBOX=/bin/busybox
export DOCKER_API_VERSION=1.41
if [ -x /usr/bin/docker ]; then DOCKER=/usr/bin/docker; else DOCKER=$(command -v docker) || lab_die "no docker client"; fi

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

# running engines: "N unix://..." lines from docker-engines.sh env
engines() { "$HERE/docker-engines.sh" env | sed -n 's/^export ECLOUD_LAB_DOCKER_\([0-9]*\)=\(.*\)$/\1 \2/p'; }

load_one() {
  local n=$1 host=$2 t0 out
  if "$DOCKER" -H "$host" image inspect "$IMAGE" >/dev/null 2>&1; then
    lab_log "images: d$n already has $IMAGE"
  else
    build_tar
    t0=$(lab_now_ms)
    "$DOCKER" -H "$host" import \
      --change 'CMD ["/bin/sh"]' \
      --change 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' \
      --message "ecloud lab OS image (busybox-static)" \
      "$TAR" "$IMAGE" >/dev/null
    lab_log "images: d$n imported $IMAGE in $(( $(lab_now_ms) - t0 )) ms"
  fi
  if [ "${ECLOUD_LAB_IMAGE_CHECK:-1}" != 0 ]; then
    t0=$(lab_now_ms)
    # stdout only: the engine warns on stderr that IPv4 forwarding is off (intended here)
    out=$("$DOCKER" -H "$host" run --rm --init "$IMAGE" echo hello 2>"$IMG_DIR/check-d$n.err") || true
    [ "$out" = hello ] || lab_die "images: d$n: 'docker run --rm --init $IMAGE echo hello' gave: $out $(cat "$IMG_DIR/check-d$n.err")"
    lab_log "images: d$n run check OK ($(( $(lab_now_ms) - t0 )) ms)"
  fi
}

lab_lock images
declare -A HOSTS=()
while read -r n host; do [ -n "$n" ] && HOSTS[$n]=$host; done < <(engines)
targets=("$@")
((${#targets[@]})) || targets=($(printf '%s\n' "${!HOSTS[@]}" | sort -n))
((${#targets[@]})) || lab_die "images: no running lab engine (run lab/docker-engines.sh start)"
for n in "${targets[@]}"; do
  [ -n "${HOSTS[$n]:-}" ] || lab_die "images: engine d$n is not running"
  load_one "$n" "${HOSTS[$n]}"
done
