#!/usr/bin/env bash
# Kubernetes start-up and memory benchmark; prints figures, asserts nothing. In one run:
#   on:  a warm VM start (VM and cluster already made once, a user Deployment in it) with
#        Kubernetes on: seconds from the start request to the engine answering (docker ps),
#        to the node Ready, and to the user's pod Running again;
#   off: the same VM's warm start with Kubernetes off, to the engine answering;
#   idle memory: the guest's memory in use (free's "used") after the cluster idled 60 s.
# Targets on a 2-core TCG machine: node Ready within 120 s of the engine; idle <= 1.5 GiB.
# Runs as an ordinary user (as root it re-runs itself as $RD_TEST_USER, default rdtest).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -eq 0 ]; then
  user=${RD_TEST_USER:-rdtest}
  id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
  exec runuser -u "$user" -- env PATH=/usr/bin:/bin bash "$0" "$@"
fi
rdctl=$here/resources/linux/bin/rdctl
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

export HOME
HOME=$(mktemp -d /tmp/rdk8sbench.XXXXXX)
export RD_API_PORT=0 PATH="$HOME/.rd/bin:$PATH"
cd "$HOME"  # rdctl shell starts in the current folder; HOME is mounted in the VM
cleanup() { "$rdctl" shutdown >/dev/null 2>&1 || true; sleep 2; rm -rf "$HOME"; }
trap cleanup EXIT
k() { "$HOME/.rd/bin/kubectl" --context rancher-desktop "$@"; }
state() { "$rdctl" api /v1/backend_state 2>/dev/null | sed -n 's/.*"vmState":"\([A-Z]*\)".*/\1/p'; }
wait_state() { until [ "$(state)" = "$1" ]; do [ "$(state)" != ERROR ] || { echo "backend in ERROR" >&2; exit 1; }; sleep 0.5; done; }
engine_ready() { docker -H "unix://$HOME/.rd/docker.sock" ps >/dev/null 2>&1; }
node_ready() { k get node lima-rancher-desktop -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null | grep -qx True; }
pod_running() { k get pods -l app=bench -o jsonpath='{.items[*].status.phase}' 2>/dev/null | grep -qw Running; }

echo "== preparing: first start with Kubernetes on (makes the VM and the cluster)"
start=$(now)
"$rdctl" start --no-modal-dialogs --container-engine.name=moby --kubernetes.enabled=true >/dev/null 2>&1
wait_state STARTED
echo "first start: STARTED after $(since "$start")s"
mkdir -p "$HOME/root/bin" && cp /bin/busybox "$HOME/root/bin/" && ln -s busybox "$HOME/root/bin/sleep"
tar -C "$HOME/root" -c . | docker -H "unix://$HOME/.rd/docker.sock" import - bench/sleeper:1 >/dev/null
k create deployment bench --image=bench/sleeper:1 -- sleep 100000 >/dev/null
until pod_running; do sleep 1; done

restart() {
  "$rdctl" api -X PUT /v1/backend_state --body '{"vmState":"STOPPED"}' >/dev/null
  wait_state STOPPED
  start=$(now)
  "$rdctl" api -X PUT /v1/backend_state --body '{"vmState":"STARTED"}' >/dev/null
}

echo "== on: warm start with Kubernetes on"
restart
sleep 1
until engine_ready; do sleep 0.5; done
engine_on=$(since "$start")
until node_ready; do sleep 0.5; done
node=$(since "$start")
until pod_running; do sleep 0.5; done
pod=$(since "$start")
wait_state STARTED
echo "engine ${engine_on}s, node Ready ${node}s, user pod Running ${pod}s"

echo "== idle memory: 60 s after the start"
sleep 60
used=$("$rdctl" shell free -m | awk '/^Mem:/ { print $3 }')
total=$("$rdctl" shell free -m | awk '/^Mem:/ { print $2 }')
echo "guest memory in use: ${used} MiB of ${total} MiB"

echo "== off: the same VM, warm start with Kubernetes off"
"$rdctl" set --kubernetes.enabled=false >/dev/null
sleep 2
wait_state DISABLED
restart
sleep 1
until engine_ready; do sleep 0.5; done
engine_off=$(since "$start")
wait_state DISABLED
echo "engine ${engine_off}s"

echo
echo "k8s on: engine ${engine_on}s | node Ready ${node}s ($(awk -v a="$node" -v b="$engine_on" 'BEGIN { printf "%.1f", a - b }')s after the engine; target <= 120s) | first user pod Running ${pod}s"
echo "k8s off: engine ${engine_off}s"
echo "idle guest memory with the cluster: ${used} MiB ($(awk -v a="$used" 'BEGIN { printf "%.2f", a / 1024 }') GiB; target <= 1.5 GiB)"
