#!/usr/bin/env bats
# Kubernetes in the real VM, end to end, as an ordinary user: containerd first (images built
# with nerdctl in k8s.io), Services, DNS, port forwarding through the API, a volume that
# survives a VM restart; then moby (docker-built images in pods), resets, a component
# killed, disabling, and factory reset, with a kubeconfig of the user's own that must come
# through byte for byte. That ~/.kube/config is a symlink into a dotfiles folder: it must stay
# a link, the changes landing in (and leaving) the file it points to. The tests run in order
# and share one VM.

load ../helpers/vm.bash
bats_require_minimum_version 1.5.0

# The user's kubeconfig before the app ever ran: two contexts, the current one theirs.
USER_KUBECONFIG='apiVersion: v1
kind: Config
# my clusters
clusters:
- cluster:
    server: https://prod.example:443
  name: prod
- cluster: {server: "https://10.0.0.5:6443", insecure-skip-tls-verify: true}
  name: lab
contexts:
- context: {cluster: prod, user: me, namespace: payments}
  name: prod
- context:
    cluster: lab
    user: me
  name: lab
current-context: lab
users:
- name: me
  user:
    token: not-a-real-token
'

setup_file() {
  vm_make_home
  echo "$HOME" > "$BATS_FILE_TMPDIR/home"
  unset KUBECONFIG
  mkdir -p "$HOME/.kube" "$HOME/dotfiles"
  printf '%s' "$USER_KUBECONFIG" > "$HOME/dotfiles/kubeconfig"
  chmod 0644 "$HOME/dotfiles/kubeconfig"
  ln -s ../dotfiles/kubeconfig "$HOME/.kube/config"
  cp "$HOME/dotfiles/kubeconfig" "$BATS_FILE_TMPDIR/kubeconfig.orig"
  start_app --container-engine.name=containerd --kubernetes.enabled=true
  wait_for_vm_state STARTED 1200
}

setup() {
  HOME=$(cat "$BATS_FILE_TMPDIR/home")
  export HOME
  export RD_MOCK_BACKEND=0 PATH="$HOME/.rd/bin:$PATH"
  unset KUBECONFIG
  KUBE_TARGET=$HOME/dotfiles/kubeconfig
  APP_HOME=$HOME/.local/share/rancher-desktop
  # rdctl shell starts in the current folder when the VM mounts it (HOME is), as a user's would.
  cd "$HOME" || return 1
}

teardown_file() {
  HOME=$(cat "$BATS_FILE_TMPDIR/home")
  export HOME
  rdctl shutdown >/dev/null 2>&1 || true
  sleep 2
  pkill -u "$(id -u)" -f qemu-system || true
  rm -rf "$HOME"
}

k() { kubectl --context rancher-desktop "$@"; }

# The kubeconfig differs from the user's original only by added lines (our entries).
only_our_entries_added() {
  local removed
  removed=$(diff "$BATS_FILE_TMPDIR/kubeconfig.orig" "$HOME/.kube/config" | grep '^<' || true)
  echo "lines of the original that are gone: $removed"
  [ -z "$removed" ]
}

# ~/.kube/config is still the user's link into their dotfiles, and nothing was left beside the target.
kubeconfig_link_intact() {
  [ -L "$HOME/.kube/config" ]
  [ "$(readlink "$HOME/.kube/config")" = ../dotfiles/kubeconfig ]
  [ "$(find "$HOME/dotfiles" -mindepth 1 -maxdepth 1 -printf '%f ')" = 'kubeconfig ' ]
  [ "$(find "$HOME/.kube" -mindepth 1 -maxdepth 1 ! -name cache -printf '%f ')" = 'config ' ]
}

# The link is intact and its target holds our context with the client key, readable by the user only.
kubeconfig_holds_ours() {
  kubeconfig_link_intact
  [ "$(stat -c %a "$KUBE_TARGET")" = 600 ]
  run kubectl config get-contexts rancher-desktop --no-headers
  [ "$status" -eq 0 ]
  grep -q 'client-key-data:' "$KUBE_TARGET"
}

# A rootfs with busybox applets for a web server and a client (wget, nslookup).
make_web_rootfs() {
  local dir=$BATS_FILE_TMPDIR/webroot applet
  rm -rf "$dir"; mkdir -p "$dir/bin" "$dir/www" "$dir/data" "$(dirname "$2")"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in sh ls cat echo httpd sleep wget nslookup; do ln -s busybox "$dir/bin/$applet"; done
  echo "$1" > "$dir/www/index.html"
  tar -C "$dir" -c . > "$2"
}

qemu_pid() { cat "$APP_HOME/lima/0/qemu.pid"; }

@test 'the node is Ready and kubectl of the cluster minor version talks to it through the rancher-desktop context' {
  run k get nodes --no-headers
  [ "$status" -eq 0 ]
  [[ "$output" == *lima-rancher-desktop*Ready* ]]
  run k version -o json
  [[ "$output" == *'"gitVersion": "v1.34.4"'* ]]
  run helm version --short
  [ "$status" -eq 0 ]
  # The user had a current context: it stays theirs.
  run kubectl config current-context
  [ "$output" = lab ]
  only_our_entries_added
  grep -q 'name: rancher-desktop' "$HOME/.kube/config"
  kubeconfig_holds_ours
}

@test 'kubernetes.version was filled in with the version that runs' {
  run rdctl list-settings
  [[ "$output" == *'"version": "1.34.4"'* ]]
}

@test 'CoreDNS and local-path are up; the API server answers on kubernetes.port on the host' {
  k -n kube-system rollout status deployment/coredns --timeout=300s
  k -n kube-system rollout status deployment/local-path-provisioner --timeout=300s
  run k get storageclass local-path
  [ "$status" -eq 0 ]
  run curl -sk https://127.0.0.1:6443/version
  [[ "$output" == *v1.34.4* ]]
}

@test 'containerd: an image built with nerdctl -n k8s.io runs in a Deployment, behind a Service, forwarded through the API' {
  make_web_rootfs hello-from-k8s "$HOME/ctx/rootfs.tar"
  printf 'FROM scratch\nADD rootfs.tar /\nCMD ["httpd", "-f", "-p", "80", "-h", "/www"]\n' > "$HOME/ctx/Dockerfile"
  nerdctl --namespace k8s.io build -t rdtest/web:1 "$HOME/ctx"
  k create deployment web --image=rdtest/web:1
  k expose deployment web --port 80
  k rollout status deployment/web --timeout=300s
  run rdctl api -X POST /v1/port_forwarding --body '{"namespace":"default","service":"web","k8sPort":80,"hostPort":0}'
  [ "$status" -eq 0 ]
  port=$output
  [[ "$port" =~ ^[0-9]+$ ]]
  run curl_retry "http://127.0.0.1:$port/"
  [ "$output" = hello-from-k8s ]
  run rdctl api -X DELETE "/v1/port_forwarding?namespace=default&service=web&k8sPort=80"
  [ "$output" = 'Port forwarding successfully deleted' ]
  run curl -fsS --max-time 3 "http://127.0.0.1:$port/"
  [ "$status" -ne 0 ]
}

@test 'a pod resolves the Service by name through CoreDNS and reaches it on its ClusterIP' {
  k run client --image=rdtest/web:1 --restart=Never --command -- wget -qO- http://web.default.svc.cluster.local/
  for i in $(seq 1 120); do
    phase=$(k get pod client -o jsonpath='{.status.phase}')
    [ "$phase" = Succeeded ] || [ "$phase" = Failed ] && break
    sleep 1
  done
  run k logs client
  k delete pod client --wait=false
  [ "$output" = hello-from-k8s ]
}

@test 'a PersistentVolumeClaim binds through local-path and keeps its data across a VM restart' {
  cat > "$BATS_FILE_TMPDIR/pvc.yaml" <<'YAML'
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data}
spec:
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 10Mi}}
---
apiVersion: v1
kind: Pod
metadata: {name: writer}
spec:
  restartPolicy: Never
  containers:
  - name: w
    image: rdtest/web:1
    command: [sh, -c, "echo kept-across-restart > /data/file"]
    volumeMounts: [{name: d, mountPath: /data}]
  volumes: [{name: d, persistentVolumeClaim: {claimName: data}}]
YAML
  k apply -f "$BATS_FILE_TMPDIR/pvc.yaml"
  k wait --for=jsonpath='{.status.phase}'=Bound pvc/data --timeout=300s
  k wait --for=jsonpath='{.status.phase}'=Succeeded pod/writer --timeout=300s
  k delete pod writer
  rdctl api -X PUT /v1/backend_state --body '{"vmState":"STOPPED"}'
  wait_for_vm_state STOPPED 300
  rdctl api -X PUT /v1/backend_state --body '{"vmState":"STARTED"}'
  wait_for_vm_state STARTED 1200
  k run reader --image=rdtest/web:1 --restart=Never --overrides='{"spec":{"volumes":[{"name":"d","persistentVolumeClaim":{"claimName":"data"}}],"containers":[{"name":"reader","image":"rdtest/web:1","command":["cat","/data/file"],"volumeMounts":[{"name":"d","mountPath":"/data"}]}]}}'
  k wait --for=jsonpath='{.status.phase}'=Succeeded pod/reader --timeout=300s
  run k logs reader
  [ "$output" = kept-across-restart ]
}

@test 'moby: an image built with docker build runs in a pod, with nothing for the user to do' {
  rdctl set --container-engine.name=moby
  sleep 5
  wait_for_vm_state STARTED 1200
  make_web_rootfs hello-from-docker "$HOME/dctx/rootfs.tar"
  docker import "$HOME/dctx/rootfs.tar" rdtest/base:1
  printf 'FROM rdtest/base:1\nRUN echo built-by-docker > /www/index.html\n' > "$HOME/dctx/Dockerfile"
  docker build -t rdtest/docker-built:1 "$HOME/dctx"
  k run fromdocker --image=rdtest/docker-built:1 --image-pull-policy=Never --restart=Never --command -- cat /www/index.html
  k wait --for=jsonpath='{.status.phase}'=Succeeded pod/fromdocker --timeout=300s
  run k logs fromdocker
  [ "$output" = built-by-docker ]
}

@test 'a component that dies is restarted by its supervisor, and the log says so' {
  rdctl shell sudo pkill -x kube-scheduler
  for i in $(seq 1 90); do
    grep -q 'rd-k8s-scheduler exited and was restarted by systemd' "$APP_HOME/logs/lima.log" && break
    sleep 1
  done
  grep -q 'rd-k8s-scheduler exited and was restarted by systemd' "$APP_HOME/logs/lima.log"
  run rdctl shell systemctl is-active rd-k8s-scheduler
  [ "$output" = active ]
}

@test 'k8s_reset fast: the cluster data is gone, the VM and the images stay' {
  k create configmap marker --from-literal=a=b
  before=$(qemu_pid)
  run rdctl reset --k8s
  [ "$status" -eq 0 ]
  wait_for_vm_state STARTED 1200
  [ "$(qemu_pid)" = "$before" ]
  run k get configmap marker
  [ "$status" -ne 0 ]
  run k get pvc data
  [ "$status" -ne 0 ]
  run docker image inspect rdtest/docker-built:1
  [ "$status" -eq 0 ]
}

@test 'disabling Kubernetes keeps the VM running and the kubeconfig entries; enabling needs no new VM' {
  before=$(qemu_pid)
  rdctl set --kubernetes.enabled=false
  sleep 3
  wait_for_vm_state DISABLED 600
  [ "$(qemu_pid)" = "$before" ]
  # is-active exits 3 for a stopped unit, so rdctl shell adds "Error: exit status 3" (as RD's does).
  run rdctl shell systemctl is-active rd-k8s-apiserver
  [ "${lines[0]}" = inactive ]
  only_our_entries_added
  kubeconfig_holds_ours
  rdctl set --kubernetes.enabled=true
  sleep 3
  wait_for_vm_state STARTED 1200
  [ "$(qemu_pid)" = "$before" ]
  run k get nodes --no-headers
  [[ "$output" == *Ready* ]]
  kubeconfig_holds_ours
}

@test 'k8s_reset wipe: a new VM with a new cluster' {
  k create configmap marker2 --from-literal=a=b
  run rdctl reset --vm
  [ "$status" -eq 0 ]
  wait_for_vm_state STARTED 1500
  run k get configmap marker2
  [ "$status" -ne 0 ]
  run k get nodes --no-headers
  [[ "$output" == *Ready* ]]
  # The new cluster's credentials went into the same target.
  kubeconfig_holds_ours
  only_our_entries_added
}

@test 'factory reset gives the user their kubeconfig back byte for byte, still a link' {
  only_our_entries_added
  run rdctl reset --factory
  [ "$status" -eq 0 ]
  for i in $(seq 1 120); do
    [ -z "$(vm_processes)" ] && break
    sleep 1
  done
  kubeconfig_link_intact
  cmp "$BATS_FILE_TMPDIR/kubeconfig.orig" "$KUBE_TARGET"
  run ! grep -q rancher-desktop "$KUBE_TARGET"
}
