#!/usr/bin/env bash
# Wraps a root file system into a one-layer docker-archive (what `docker save` writes, what
# `ctr images import`, `podman load` and Jib's `tar://` base image read), without docker.
#
#   docker-archive.sh [options] ROOTFS NAME:TAG OUT.tar
#     ROOTFS             a directory, or a tar of one (.tar, .tar.gz/.tgz, .tar.xz, .tar.zst), e.g. mmdebstrap's
#     --env KEY=VALUE    repeatable; PATH defaults to the usual Debian PATH unless given
#     --entrypoint JSON  e.g. '["/pause"]'        --cmd JSON   e.g. '["-c","echo hi"]'
#     --user USER        e.g. 1000 or 65535:65535 --workdir DIR
#
# Source it to get the same as a function: docker_archive [options] ROOTFS NAME:TAG OUT.tar

docker_archive() (
  set -euo pipefail
  json_str() {
    local s=$1
    s=${s//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\n'/\\n}; s=${s//$'\t'/\\t}; s=${s//$'\r'/\\r}
    printf '"%s"' "$s"
  }
  local envs=() entrypoint=null cmd=null user="" workdir=""
  while (($#)); do
    case $1 in
      --env) envs+=("$2"); shift 2 ;;
      --entrypoint) entrypoint=$2; shift 2 ;;
      --cmd) cmd=$2; shift 2 ;;
      --user) user=$2; shift 2 ;;
      --workdir) workdir=$2; shift 2 ;;
      --) shift; break ;;
      -*) echo "docker-archive: unknown option $1" >&2; return 2 ;;
      *) break ;;
    esac
  done
  if (($# != 3)); then
    echo "usage: docker-archive.sh [--env K=V]... [--entrypoint JSON] [--cmd JSON] [--user U] [--workdir D] ROOTFS NAME:TAG OUT.tar" >&2
    return 2
  fi
  local rootfs=$1 ref=$2 out=$3
  [[ ${ref##*/} == *:* ]] || ref+=":latest"
  local e has_path=""
  for e in "${envs[@]}"; do if [[ $e == PATH=* ]]; then has_path=1; fi; done
  [[ $has_path ]] || envs=("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin" "${envs[@]}")

  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  local layer=$work/layer.tar
  if [[ -d $rootfs ]]; then
    tar --numeric-owner --sort=name -C "$rootfs" -cf "$layer" .
  else
    case $rootfs in
      *.tar) ln -s "$(realpath "$rootfs")" "$layer" ;; # no copy of a big tar: tar -h below follows the link
      *.tar.gz | *.tgz) gzip -dc "$rootfs" >"$layer" ;;
      *.tar.xz) xz -dc "$rootfs" >"$layer" ;;
      *.tar.zst) zstd -qdc "$rootfs" >"$layer" ;;
      *) echo "docker-archive: $rootfs is neither a directory nor a tar" >&2; return 2 ;;
    esac
  fi
  local diff_id created env_json=""
  diff_id=$(sha256sum "$layer" | cut -d' ' -f1)
  created=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(date +%s)}" +%Y-%m-%dT%H:%M:%SZ)
  for e in "${envs[@]}"; do env_json+="${env_json:+,}$(json_str "$e")"; done

  printf '{"architecture":"amd64","os":"linux","created":"%s","config":{"Env":[%s],"Entrypoint":%s,"Cmd":%s,"User":%s,"WorkingDir":%s},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]},"history":[{"created":"%s","created_by":"tools/images/docker-archive.sh"}]}' \
    "$created" "$env_json" "$entrypoint" "$cmd" "$(json_str "$user")" "$(json_str "$workdir")" "$diff_id" "$created" \
    >"$work/config.json"
  local config_id
  config_id=$(sha256sum "$work/config.json" | cut -d' ' -f1)
  mkdir "$work/$diff_id"
  mv "$layer" "$work/$diff_id/layer.tar"
  mv "$work/config.json" "$work/$config_id.json"
  printf '[{"Config":"%s.json","RepoTags":[%s],"Layers":["%s/layer.tar"]}]\n' "$config_id" "$(json_str "$ref")" "$diff_id" \
    >"$work/manifest.json"
  tar --dereference -C "$work" -cf "$out.tmp" manifest.json "$config_id.json" "$diff_id/layer.tar"
  mv "$out.tmp" "$out"
)

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  docker_archive "$@"
fi
