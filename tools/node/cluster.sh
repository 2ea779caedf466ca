#!/usr/bin/env bash
# Starts and stops a real single-node Kubernetes 1.20.2 cluster on this Linux machine. See usage() below.
set -euo pipefail
umask 022

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
KUBE_TESTENV=${KUBE_TESTENV:-$(cd "$here/../.." && pwd)/../shared/k8s-testenv}
export KUBE_API_TEST_DIR=${KUBE_API_TEST_DIR:-$HOME/.kube-api-test}
BIN=$KUBE_API_TEST_DIR/k8s/1.20.2-linux-amd64
RUN=/run/kubegpt-node # containerd's state and sockets: unix socket paths must stay short
SOCK=$RUN/containerd.sock
POD_CIDR=10.244.0.0/24 GW=10.244.0.1 SVC_CIDR=10.96.0.0/12 SVC_IP=10.96.0.1
PAUSE_IMAGE=kubegpt.local/pause:1
PACKAGES=(containerd runc containernetworking-plugins dnsmasq-base iptables conntrack openssl curl gcc libc6-dev
  iproute2 procps util-linux xz-utils)
# what the kubelet, kube-proxy and we change on the host; down puts the old values back
SYSCTLS=(net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables
  net.ipv4.conf.all.route_localnet vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes)
# host folders that the kubelet, containerd and the CNI plugins insist on (their paths are fixed); removed by down
# when up created them
HOST_DIRS=(/var/lib/kubelet /var/lib/cni /var/log/pods /var/log/containers /run/containerd)
COMPONENTS=(feeder dnsmasq kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver containerd etcd)

usage() {
  cat <<EOF
usage: cluster.sh up [STATE_DIR]      start etcd, kube-apiserver, kube-controller-manager, kube-scheduler,
                                      containerd, kubelet (node "node1"), kube-proxy, cluster DNS; the last line
                                      printed is "export KUBECONFIG=STATE_DIR/admin.kubeconfig"
       cluster.sh env [STATE_DIR]     print that line again
       cluster.sh import TAR...       import docker-archive tarballs into containerd (pods: imagePullPolicy Never)
       cluster.sh down [STATE_DIR]    stop everything, undo mounts, links, iptables rules and sysctls, remove STATE_DIR
STATE_DIR defaults to /tmp/kubegpt-node; logs are in STATE_DIR/logs. Needs root, Linux x86-64, cgroup v1 and
\$KUBE_TESTENV (default <repo>/../shared/k8s-testenv); when one is missing, up exits 3, other failures exit 1.
Pods: 10.244.0.0/24 on bridge cni0; Services: 10.96.0.0/12; the API server: https://10.96.0.1 from pods.
Cluster DNS is dnsmasq on 10.244.0.1, fed each second from the API server (Services' ClusterIPs and pods'
hostname.subdomain names): it stands in for CoreDNS, which has no image here. The same loop provisions a hostPath
PersistentVolume (STATE_DIR/volumes/NS-CLAIM, mode 1777) for every pending claim (default StorageClass
"kubegpt-hostpath") and deletes it with the claim. Images come from tarballs only: there is no registry.
EOF
}

log() { printf '[cluster %3ds] %s\n' "$SECONDS" "$*" >&2; }
die() { log "$*"; exit 1; }
kc() { "$BIN/kubectl" --kubeconfig "$STATE/admin.kubeconfig" --cache-dir "$STATE/kubectl-cache" "$@"; }
alive() { [[ -f $STATE/pids/$1 ]] && grep -qsF "$STATE" "/proc/$(<"$STATE/pids/$1")/cmdline"; }

start() { # NAME CMD...: runs CMD in its own session, output to logs/NAME.log, PID to pids/NAME
  local name=$1; shift
  CURRENT=$name
  setsid "$@" </dev/null >"$STATE/logs/$name.log" 2>&1 &
  echo $! >"$STATE/pids/$name"
}

wait_until() { # SECONDS WHAT CMD...: polls CMD; gives up early when the component being started has exited
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@" >/dev/null 2>&1; do
    [[ ! -f $STATE/pids/$CURRENT ]] || alive "$CURRENT" || die "$CURRENT exited while waiting for $what"
    ((SECONDS < deadline)) || die "timed out waiting for $what"
    sleep 0.5
  done
}

node_ready() { [[ $(kc get node node1 -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}') == True ]]; }

dns_answers() ( # SERVER NAME IPV4: true when SERVER answers an A query for NAME with IPV4
  q='\x12\x34\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00'
  for label in ${2//./ }; do q+=$(printf '\\x%02x' "${#label}")$label; done
  exec 3<>"/dev/udp/$1/53"
  printf '%b' "$q"'\x00\x00\x01\x00\x01' | dd iflag=fullblock bs=512 count=1 status=none >&3 # one write: one datagram
  reply=$(timeout 2 dd bs=512 count=1 status=none <&3 | od -An -tu1 -v | tr -s ' \n' '  ')
  [[ "$reply " == *" 0 4 ${3//./ } "* ]]
)

prerequisites() {
  local missing=()
  [[ $(uname -sm) == "Linux x86_64" ]] || missing+=("Linux on x86-64 (this is $(uname -sm))")
  ((EUID == 0)) || missing+=("root")
  command -v apt-get >/dev/null || missing+=("Debian's apt-get")
  [[ -d /sys/fs/cgroup/memory ]] || missing+=("cgroup v1 (kubelet 1.20 predates cgroup v2)")
  [[ -x $KUBE_TESTENV/setup.sh ]] || missing+=("$KUBE_TESTENV/setup.sh (set KUBE_TESTENV)")
  if ((${#missing[@]})); then
    printf -v missing '%s, ' "${missing[@]}"
    echo "cluster.sh: cannot run a node here, missing: ${missing%, }" >&2
    exit 3
  fi
}

install_packages() {
  local missing=() p
  for p in "${PACKAGES[@]}"; do
    [[ $(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null) == installed ]] || missing+=("$p")
  done
  ((${#missing[@]} == 0)) && return
  log "installing ${missing[*]}"
  CURRENT=apt
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } \
    >"$STATE/logs/apt.log" 2>&1
}

make_pki() { # a CA, the API server's serving cert, its client cert for kubelets, the ServiceAccount key pair
  local d=$STATE/pki
  mkdir -p "$d"
  sign() { # NAME SUBJECT EXTENSIONS
    openssl req -newkey rsa:2048 -nodes -keyout "$d/$1.key" -subj "$2" -out "$d/$1.csr"
    openssl x509 -req -in "$d/$1.csr" -CA "$d/ca.crt" -CAkey "$d/ca.key" -CAcreateserial -days 3650 \
      -extfile <(printf '%s\n' "$3") -out "$d/$1.crt"
  }
  openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/ca.key" -out "$d/ca.crt" -days 3650 -subj /CN=kubegpt-node-ca
  sign apiserver /CN=kube-apiserver "subjectAltName=DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local,DNS:localhost,IP:$SVC_IP,IP:$HOST_IP,IP:127.0.0.1
extendedKeyUsage=serverAuth"
  sign kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" "extendedKeyUsage=clientAuth"
  openssl genrsa -out "$d/sa.key" 2048
  openssl rsa -in "$d/sa.key" -pubout -out "$d/sa.pub"
} 2>>"$STATE/logs/setup.log"

make_identities() { # static tokens: NAME USER GROUP; one kubeconfig per name
  local name user group token ca
  ca=$(base64 -w0 "$STATE/pki/ca.crt")
  while read -r name user group; do
    token=$(openssl rand -hex 24)
    echo "$token,$user,$user,\"$group\"" >>"$STATE/pki/tokens.csv"
    cat >"$STATE/$name.kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters: [{name: kubegpt-node, cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: "$ca"}}]
users: [{name: $user, user: {token: "$token"}}]
contexts: [{name: kubegpt-node, context: {cluster: kubegpt-node, user: $user, namespace: default}}]
current-context: kubegpt-node
EOF
  done <<EOF
admin admin system:masters
node1 system:node:node1 system:nodes
controller-manager system:kube-controller-manager -
scheduler system:kube-scheduler -
proxy system:kube-proxy -
EOF
  sed -i 's/,"-"$//' "$STATE/pki/tokens.csv"
}

write_configs() {
  local restrict_oom=false
  mkdir -p "$STATE/cni" "$STATE/dns" "$STATE/volumes" "$RUN"
  # This sandbox drops CAP_SYS_RESOURCE: not even root may set a negative oom_score_adj, which the kubelet asks
  # for (-998 for pod sandboxes, -997 for Guaranteed pods), and runc fails with "can't get final child's PID from
  # pipe". containerd's restrict_oom_score_adj clamps the value at containerd's own (0). A real node does not need it.
  (echo -1 >/proc/self/oom_score_adj) 2>/dev/null || restrict_oom=true
  cat >"$STATE/containerd.toml" <<EOF
version = 2
root = "$STATE/containerd"
state = "$RUN/containerd"
[grpc]
  address = "$SOCK"
[plugins."io.containerd.internal.v1.opt"]
  path = "$STATE/containerd-opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  restrict_oom_score_adj = $restrict_oom
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        Root = "$RUN/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$STATE/cni"
EOF
  # containerd's CRI plugin brings up each pod's lo with /usr/lib/cni/loopback itself
  cat >"$STATE/cni/10-kubegpt.conflist" <<EOF
{"cniVersion": "0.4.0", "name": "kubegpt-pods", "plugins": [
  {"type": "bridge", "bridge": "cni0", "isGateway": true, "ipMasq": true, "hairpinMode": true,
   "ipam": {"type": "host-local", "dataDir": "$STATE/cni-ipam", "routes": [{"dst": "0.0.0.0/0"}],
            "ranges": [[{"subnet": "$POD_CIDR", "gateway": "$GW"}]]}},
  {"type": "portmap", "capabilities": {"portMappings": true}}]}
EOF
  # cgroupsPerQOS off: the QoS cgroups need hugetlb, which is not mounted here. Image GC off: a collected image
  # cannot be pulled back without a registry.
  cat >"$STATE/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
cgroupDriver: cgroupfs
cgroupsPerQOS: false
enforceNodeAllocatable: []
failSwapOn: false
authentication: {anonymous: {enabled: false}, webhook: {enabled: true}, x509: {clientCAFile: "$STATE/pki/ca.crt"}}
authorization: {mode: Webhook}
clusterDomain: cluster.local
clusterDNS: ["$GW"]
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
volumePluginDir: "$STATE/kubelet/volume-plugins"
imageGCHighThresholdPercent: 100
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, nodefs.inodesFree: 1%, imagefs.available: 1%}
EOF
}

build_pause() {
  local d=$STATE/images/pause
  mkdir -p "$d/rootfs"
  gcc -static -Os -s -o "$d/rootfs/pause" "$here/pause.c"
  "$here/../images/docker-archive.sh" --entrypoint '["/pause"]' --user 65535:65535 "$d/rootfs" "$PAUSE_IMAGE" "$d.tar"
}

feed() { # the DNS feeder and volume provisioner loop (runs as "cluster.sh _feed STATE_DIR")
  set +e
  local tpl out kind a b c d e f
  # shellcheck disable=SC2016 # a Go template, not shell
  tpl='{{range .items}}{{$ns := .metadata.namespace}}
{{- if eq .kind "Service"}}{{if and .spec.clusterIP (ne .spec.clusterIP "None")}}H {{.spec.clusterIP}} {{.metadata.name}}.{{$ns}}.svc.cluster.local{{"\n"}}{{end}}
{{- else if eq .kind "Pod"}}{{if and .spec.hostname .spec.subdomain .status.podIP (ne .status.phase "Succeeded") (ne .status.phase "Failed")}}H {{.status.podIP}} {{.spec.hostname}}.{{.spec.subdomain}}.{{$ns}}.svc.cluster.local{{"\n"}}{{end}}
{{- else if eq .kind "PersistentVolumeClaim"}}{{if and (eq .status.phase "Pending") (not .spec.volumeName)}}C {{$ns}} {{.metadata.name}} {{.metadata.uid}} {{.spec.resources.requests.storage}} {{range .spec.accessModes}}{{.}},{{end}} {{or .spec.storageClassName "-"}}{{"\n"}}{{end}}
{{- else if eq .kind "PersistentVolume"}}{{if .spec.hostPath}}V {{.metadata.name}} {{.spec.hostPath.path}} {{.status.phase}} {{.spec.persistentVolumeReclaimPolicy}}{{"\n"}}{{end}}
{{- end}}{{end}}'
  while sleep 1; do
    out=$(kc get services,pods,persistentvolumeclaims,persistentvolumes -A -o go-template="$tpl") || continue
    grep '^H ' <<<"$out" | cut -d' ' -f2- | sort >"$STATE/dns/hosts.new"
    if ! cmp -s "$STATE/dns/hosts.new" "$STATE/dns/hosts"; then
      mv "$STATE/dns/hosts.new" "$STATE/dns/hosts" && kill -HUP "$(<"$STATE/pids/dnsmasq")"
    fi
    while read -r kind a b c d; do # V NAME PATH PHASE POLICY: delete released volumes of ours, then their folder
      [[ $kind == V && $c == Released && $d == Delete && $b == "$STATE/volumes/"* ]] || continue
      kc delete pv "$a" --wait=false && (($(grep -c " $b " <<<"$out") == 1)) && rm -rf "$b" && echo "deleted $a ($b)"
    done <<<"$out"
    while read -r kind a b c d e f; do # C NS NAME UID SIZE MODES CLASS: a volume for each pending claim
      [[ $kind == C ]] || continue
      mkdir -p "$STATE/volumes/$a-$b" && chmod 1777 "$STATE/volumes/$a-$b"
      [[ $f == - ]] && f=""
      kc create -f - <<EOF && echo "provisioned pvc-$c for $a/$b"
{"apiVersion": "v1", "kind": "PersistentVolume",
 "metadata": {"name": "pvc-$c", "annotations": {"pv.kubernetes.io/provisioned-by": "kubegpt.local/hostpath"}},
 "spec": {"capacity": {"storage": "$d"}, "accessModes": ["$(sed 's/,$//; s/,/","/g' <<<"$e")"], "storageClassName": "$f",
  "persistentVolumeReclaimPolicy": "Delete", "hostPath": {"path": "$STATE/volumes/$a-$b", "type": "Directory"},
  "claimRef": {"namespace": "$a", "name": "$b", "uid": "$c"}}}
EOF
    done <<<"$out"
  done
}

up() {
  prerequisites
  if [[ -e $STATE ]]; then
    [[ -f $STATE/.kubegpt-node ]] || die "$STATE exists and is not a cluster.sh state folder"
    for c in "${COMPONENTS[@]}"; do ! alive "$c" || die "a cluster is running in $STATE (cluster.sh down first)"; done
    cleanup # what a failed run left
  fi
  mkdir -p "$STATE/logs" "$STATE/pids"
  touch "$STATE/.kubegpt-node"
  CURRENT=setup
  trap 'exit 130' INT TERM
  trap 'failed $?' EXIT

  install_packages
  CURRENT=setup
  "$KUBE_TESTENV/setup.sh" "$KUBE_API_TEST_DIR" >"$STATE/logs/setup.log" 2>&1
  HOST_IP=$(ip -4 route get 1.1.1.1 2>/dev/null | sed -n 's/.* src \([0-9.]*\).*/\1/p')
  [[ $HOST_IP ]] || HOST_IP=$(ip -4 -o addr show dev eth0 | awk '{print $4}' | cut -d/ -f1 | head -n1)
  [[ $HOST_IP ]] || die "cannot find this machine's IPv4 address"
  for d in "${HOST_DIRS[@]}"; do [[ -e $d ]] || echo "$d"; done >"$STATE/created-dirs"
  for s in "${SYSCTLS[@]}"; do echo "$s=$(sysctl -n "$s" 2>/dev/null)"; done | grep -v '=$' >"$STATE/sysctl.saved" || true
  [[ -d /proc/sys/net/bridge ]] || modprobe br_netfilter
  sysctl -q -w net.ipv4.ip_forward=1 net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1
  make_pki
  make_identities
  write_configs
  build_pause

  start etcd etcd --name node1 --data-dir "$STATE/etcd" --listen-client-urls http://127.0.0.1:23790 \
    --advertise-client-urls http://127.0.0.1:23790 --listen-peer-urls http://127.0.0.1:23800 \
    --initial-advertise-peer-urls http://127.0.0.1:23800 --initial-cluster node1=http://127.0.0.1:23800
  start containerd containerd --config "$STATE/containerd.toml"
  wait_until 60 "containerd" ctr --address "$SOCK" version
  ctr --address "$SOCK" -n k8s.io images import "$STATE/images/pause.tar" >>"$STATE/logs/containerd.log"
  CURRENT=etcd
  wait_until 60 "etcd" curl -fsS http://127.0.0.1:23790/health

  start kube-apiserver "$BIN/kube-apiserver" --etcd-servers=http://127.0.0.1:23790 \
    --bind-address=0.0.0.0 --secure-port=6443 --advertise-address="$HOST_IP" \
    --tls-cert-file="$STATE/pki/apiserver.crt" --tls-private-key-file="$STATE/pki/apiserver.key" \
    --client-ca-file="$STATE/pki/ca.crt" --token-auth-file="$STATE/pki/tokens.csv" \
    --authorization-mode=Node,RBAC --enable-admission-plugins=NodeRestriction --allow-privileged=true \
    --service-cluster-ip-range="$SVC_CIDR" --service-account-key-file="$STATE/pki/sa.pub" \
    --service-account-signing-key-file="$STATE/pki/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --kubelet-preferred-address-types=InternalIP --kubelet-client-certificate="$STATE/pki/kubelet-client.crt" \
    --kubelet-client-key="$STATE/pki/kubelet-client.key"
  # the bridge exists before the first pod so that dnsmasq can bind its address
  ip link show cni0 >/dev/null 2>&1 || ip link add cni0 type bridge
  ip addr replace "$GW/24" dev cni0 && ip link set cni0 up
  : >"$STATE/dns/hosts"
  start dnsmasq dnsmasq --keep-in-foreground --conf-file=/dev/null --pid-file="$STATE/dns/dnsmasq.pid" \
    --log-facility=- --listen-address="$GW" --bind-interfaces --no-hosts --addn-hosts="$STATE/dns/hosts" \
    --local=/cluster.local/ --domain-needed --no-negcache
  CURRENT=kube-apiserver
  wait_until 90 "the API server" kc get --raw /readyz
  kc apply -f - >/dev/null <<EOF
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: kubegpt-hostpath, annotations: {storageclass.kubernetes.io/is-default-class: "true"}}
provisioner: kubegpt.local/hostpath
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF
  start kube-controller-manager "$BIN/kube-controller-manager" --kubeconfig="$STATE/controller-manager.kubeconfig" \
    --controllers='*' --use-service-account-credentials=true --leader-elect=false --port=0 \
    --bind-address=127.0.0.1 --service-account-private-key-file="$STATE/pki/sa.key" \
    --root-ca-file="$STATE/pki/ca.crt" --service-cluster-ip-range="$SVC_CIDR" \
    --flex-volume-plugin-dir="$STATE/kubelet/volume-plugins"
  start kube-scheduler "$BIN/kube-scheduler" --kubeconfig="$STATE/scheduler.kubeconfig" --leader-elect=false \
    --port=0 --bind-address=127.0.0.1
  start feeder "$here/cluster.sh" _feed "$STATE"
  start kubelet "$BIN/kubelet" --config="$STATE/kubelet.yaml" --kubeconfig="$STATE/node1.kubeconfig" \
    --container-runtime=remote --container-runtime-endpoint="unix://$SOCK" --hostname-override=node1 \
    --node-ip="$HOST_IP" --root-dir="$STATE/kubelet" --cert-dir="$STATE/kubelet/pki"
  start kube-proxy "$BIN/kube-proxy" --kubeconfig="$STATE/proxy.kubeconfig" --hostname-override=node1 \
    --cluster-cidr=10.244.0.0/16 --proxy-mode=iptables --conntrack-max-per-core=0 \
    --conntrack-tcp-timeout-established=0 --conntrack-tcp-timeout-close-wait=0 \
    --metrics-bind-address=127.0.0.1:10249 --healthz-bind-address=127.0.0.1:10256
  CURRENT=kubelet
  wait_until 120 "node1 to be Ready" node_ready
  CURRENT=kube-controller-manager
  wait_until 60 "the default ServiceAccount" kc -n default get serviceaccount default
  CURRENT=feeder
  wait_until 30 "cluster DNS" dns_answers "$GW" kubernetes.default.svc.cluster.local "$SVC_IP"
  for c in "${COMPONENTS[@]}"; do CURRENT=$c; alive "$c" || die "$c exited"; done
  trap - EXIT INT TERM
  log "up in ${SECONDS}s: node1 Ready, DNS on $GW, API server https://$HOST_IP:6443; kubectl: $BIN/kubectl"
  echo "export KUBECONFIG=$STATE/admin.kubeconfig"
}

failed() { # EXIT_CODE
  (($1 == 0)) && return
  trap - EXIT INT TERM
  log "up failed (exit $1) at $CURRENT; last lines of $STATE/logs/$CURRENT.log:"
  tail -n 25 "$STATE/logs/$CURRENT.log" >&2 2>/dev/null || true
  rm -rf "$STATE.failed-logs" && cp -r "$STATE/logs" "$STATE.failed-logs" 2>/dev/null &&
    log "all logs kept in $STATE.failed-logs"
  cleanup
  exit 1
}

stop() { # NAME...: SIGTERM to each one's process group, SIGKILL after 10 s (a zombie counts as gone)
  local c left=("$@") still
  for c in "$@"; do alive "$c" && kill -TERM -- "-$(<"$STATE/pids/$c")" 2>/dev/null; done
  for _ in {1..40}; do
    still=()
    for c in "${left[@]}"; do alive "$c" && still+=("$c"); done
    ((${#still[@]})) || return 0
    left=("${still[@]}")
    sleep 0.25
  done
  for c in "${left[@]}"; do kill -KILL -- "-$(<"$STATE/pids/$c")" 2>/dev/null; done
}

kill_tree() { # PID: SIGKILL it and all its descendants
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill -9 "$1" 2>/dev/null || true
}

cleanup() { # safe to run twice, and after a half-failed up
  local c id pid m t table dump
  set +e
  if [[ -d $STATE/pids ]]; then
    stop feeder dnsmasq kube-proxy kubelet kube-scheduler kube-controller-manager kube-apiserver
  fi
  if [[ -S $SOCK ]] && timeout 5 ctr --address "$SOCK" version >/dev/null 2>&1; then # the pods' containers
    for id in $(ctr --address "$SOCK" -n k8s.io tasks ls -q); do
      timeout 20 ctr --address "$SOCK" -n k8s.io tasks delete -f "$id" >/dev/null 2>&1
    done
    ctr --address "$SOCK" -n k8s.io containers ls -q | xargs -r ctr --address "$SOCK" -n k8s.io containers rm >/dev/null 2>&1
  fi
  for pid in $(pgrep -f "containerd-shim.*-address $SOCK"); do kill_tree "$pid"; done # whatever ctr left
  [[ -d $STATE/pids ]] && stop containerd etcd
  for _ in 1 2 3; do # mounts under STATE_DIR and RUN, deepest first (netns mounts included, which frees the veths)
    awk '{print $5}' /proc/self/mountinfo | grep -E "^($STATE|$RUN)(/|$)" | sort -r | while read -r m; do
      umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null
    done
  done
  for m in $(ip -o link show master cni0 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do ip link del "$m"; done
  ip link del cni0 2>/dev/null
  [[ -x $BIN/kube-proxy ]] && "$BIN/kube-proxy" --cleanup >/dev/null 2>&1
  for t in iptables ip6tables; do # the kubelet's KUBE-* chains and the CNI plugins' CNI-* (ipMasq, portmap)
    for table in filter nat mangle; do
      dump=$("$t-save" -t "$table" 2>/dev/null) || continue
      grep -qE 'KUBE-|CNI-' <<<"$dump" && grep -vE 'KUBE-|CNI-' <<<"$dump" | "$t-restore"
    done
  done
  [[ -f $STATE/sysctl.saved ]] && sysctl -q -p "$STATE/sysctl.saved" >/dev/null 2>&1
  find /sys/fs/cgroup/*/k8s.io -depth -type d -exec rmdir {} + 2>/dev/null # what runc left of the pods' cgroups
  rm -f /var/lib/cni/results/kubegpt-pods-* /var/lib/cni/results/cni-loopback-*
  [[ -f $STATE/created-dirs ]] && xargs -r rm -rf --one-file-system <"$STATE/created-dirs"
  if [[ -f $STATE/.kubegpt-node ]]; then rm -rf --one-file-system "$STATE"; fi
  rm -rf --one-file-system "$RUN"
  set -e
}

down() {
  ((EUID == 0)) || { echo "cluster.sh: down needs root" >&2; exit 3; }
  [[ ! -e $STATE || -f $STATE/.kubegpt-node ]] || die "$STATE is not a cluster.sh state folder"
  cleanup
  log "down: $STATE removed"
}

cmd=${1:-help}
[[ $cmd == import ]] || STATE=$(realpath -m "${2:-/tmp/kubegpt-node}")
case $cmd in
  up) up ;;
  down) down ;;
  env) echo "export KUBECONFIG=$STATE/admin.kubeconfig" ;;
  import)
    shift
    [[ -S $SOCK ]] || die "no cluster is running (no $SOCK)"
    for tar in "$@"; do ctr --address "$SOCK" -n k8s.io images import "$tar"; done ;;
  _feed) feed ;;
  help | -h | --help) usage ;;
  *) usage >&2; exit 2 ;;
esac
