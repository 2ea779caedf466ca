#!/usr/bin/env bash
# Builds the base image of the trainer and operator images from Debian's packages alone, without a registry or a
# Docker daemon: mmdebstrap lays out Debian 12 (bookworm) with a Java 17 runtime and what the trainer loads (libgomp
# for the fused kernels, fonts for the loss curve), and docker-archive.sh wraps it as an image tarball.
#
#   base-image.sh OUT.tar      (nothing to do when OUT.tar was built from this same recipe)
#
# Needs root on Linux x86-64 (mmdebstrap --mode=root) and installs mmdebstrap when it is missing. Where it cannot
# build, it says so and steps aside, unless CI=true (then it fails): OUT.tar.properties tells the Maven build whether
# to build the images on the base (jib.skip).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -eq 1 ] || { echo "usage: base-image.sh OUT.tar" >&2; exit 2; }
out="$1"
mkdir -p "$(dirname "$out")"
images() { printf 'jib.skip=%s\n' "$1" > "$out.properties"; }

suite=bookworm
packages=openjdk-17-jre-headless,ca-certificates,libgomp1,fonts-dejavu-core
name=kubegpt-base:$suite
recipe="$suite $packages $name $(sha256sum "$0" "$here/docker-archive.sh" | cut -d' ' -f1 | tr '\n' ' ')"
if [ -f "$out" ] && [ "$(cat "$out.recipe" 2>/dev/null)" = "$recipe" ]; then
  images false
  echo "base image $out is up to date"
  exit 0
fi

if [ "$(id -u)" != 0 ] || [ "$(uname -sm)" != "Linux x86_64" ]; then
  echo "base-image.sh: building the images needs root on Linux x86-64 (mmdebstrap --mode=root); this is $(uname -sm)" \
    "as $(id -un)" >&2
  [ "${CI:-}" != true ] || exit 3
  echo "base-image.sh: skipping the images (and with them the real-node tier)" >&2
  images true
  exit 0
fi
if ! command -v mmdebstrap >/dev/null; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap) >/dev/null
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/kubegpt-base.XXXXXX")"
trap 'rm -rf "$work"' EXIT
start=$SECONDS
# documentation and translations are of no use in a container
mmdebstrap --quiet --variant=minbase --mode=root --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-include=/usr/share/locale/locale.alias' \
  "$suite" "$work/rootfs.tar"
java_home=/usr/lib/jvm/java-17-openjdk-amd64
"$here/docker-archive.sh" --env "JAVA_HOME=$java_home" --env "LANG=C.UTF-8" --workdir / "$work/rootfs.tar" "$name" "$out"
printf '%s' "$recipe" > "$out.recipe"
images false
echo "base image $out ($name, $(du -m "$out" | cut -f1) MB) built in $((SECONDS - start)) s"
