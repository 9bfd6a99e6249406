#!/usr/bin/env bash
# VM start-up benchmark; prints figures, asserts nothing. In one run on this machine:
#   floor: the same guest image booted by plain QEMU (same accelerator, CPUs, memory, direct
#          kernel boot, Lima's units masked) until systemd reports docker.service started;
#   cold:  `rdctl start` with no VM yet (image cached) until `docker ps` answers through
#          ~/.rd/docker.sock;
#   warm:  the same after stopping the VM (instance and disk exist);
#   docker run --rm round trip through the forwarded socket vs inside the VM.
# Runs as an ordinary user (as root it re-runs itself as $RD_TEST_USER, default rdtest).
set -euo pipefail
here=$(cd "$(dirname "$0")/../.." && pwd)
if [ "$(id -u)" -eq 0 ]; then
  user=${RD_TEST_USER:-rdtest}
  id "$user" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$user"
  exec runuser -u "$user" -- env PATH=/usr/bin:/bin bash "$0" "$@"
fi
guest=$here/resources/linux/guest
rdctl=$here/resources/linux/bin/rdctl
now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

export HOME
HOME=$(mktemp -d /tmp/rdbench.XXXXXX)
export RD_API_PORT=0 PATH="$HOME/.rd/bin:$PATH"
work=$(mktemp -d /tmp/rdbench-work.XXXXXX)
cleanup() { "$rdctl" shutdown >/dev/null 2>&1 || true; sleep 2; pkill -u "$(id -u)" -f "$work/disk" 2>/dev/null || true; rm -rf "$HOME" "$work"; }
trap cleanup EXIT

# Same CPUs and memory as the app's defaults on this machine (what lima.yaml gets).
cpus=$("$rdctl" list-settings 2>/dev/null | sed -n 's/.*"numberCPUs": *\([0-9]*\).*/\1/p' || true)
cpus=${cpus:-2}
echo "== floor: plain QEMU, TCG, $cpus CPUs, 4 GiB"
qemu-img create -q -f qcow2 -F qcow2 -b "$guest/disk.qcow2" "$work/disk.qcow2"
start=$(now)
qemu-system-x86_64 -machine q35,vmport=off -accel tcg,thread=multi,tb-size=512 -cpu max -smp "$cpus" -m 4096 \
  -display none -no-reboot -serial file:"$work/serial.log" -monitor none \
  -kernel "$guest/vmlinuz" -initrd "$guest/initrd.img" \
  -append "root=/dev/vda rw console=ttyS0 net.ifnames=0 apparmor=0 systemd.mask=lima-init.service systemd.mask=lima-boot.service systemd.mask=serial-getty@ttyS0.service" \
  -drive file="$work/disk.qcow2",if=virtio,format=qcow2 -netdev user,id=n0 -device virtio-net-pci,netdev=n0 </dev/null &
qemu=$!
# systemd colours unit names on the console, so match around the escape codes; the serial
# getty is masked because systemd stops printing status lines once a getty owns the console.
deadline=$(( $(date +%s) + 600 ))
until grep -aqE 'Started .*docker\.service' "$work/serial.log" 2>/dev/null; do
  [ "$(date +%s)" -lt "$deadline" ] || { echo "floor: no docker.service in 600 s" >&2; exit 1; }
  sleep 0.2
done
floor=$(since "$start")
kill "$qemu"; wait "$qemu" 2>/dev/null || true
echo "floor: docker.service started after ${floor}s"

wait_docker() { until docker -H "unix://$HOME/.rd/docker.sock" ps >/dev/null 2>&1; do sleep 0.5; done; }
echo "== cold: no VM yet"
start=$(now)
"$rdctl" start --no-modal-dialogs --container-engine.name=moby --kubernetes.enabled=false >/dev/null 2>&1
until [ -S "$HOME/.rd/docker.sock" ]; do sleep 0.5; done
wait_docker
cold=$(since "$start")
echo "cold: docker ps answered after ${cold}s"

state() { "$rdctl" api /v1/backend_state 2>/dev/null | sed -n 's/.*"vmState":"\([A-Z]*\)".*/\1/p'; }
until [ "$(state)" = DISABLED ]; do sleep 0.5; done
"$rdctl" api -X PUT /v1/backend_state --body '{"vmState":"STOPPED"}' >/dev/null
until [ "$(state)" = STOPPED ]; do sleep 0.5; done
echo "== warm: VM exists, stopped"
start=$(now)
"$rdctl" api -X PUT /v1/backend_state --body '{"vmState":"STARTED"}' >/dev/null
sleep 1
wait_docker
warm=$(since "$start")
echo "warm: docker ps answered after ${warm}s"

echo "== docker run --rm round trip (median of 5)"
mkdir -p "$work/rootfs/bin" && cp /bin/busybox "$work/rootfs/bin/" && ln -s busybox "$work/rootfs/bin/true"
tar -C "$work/rootfs" -c . | docker -H "unix://$HOME/.rd/docker.sock" import - bench/bb >/dev/null
host=$(for i in 1 2 3 4 5; do s=$(now); docker -H "unix://$HOME/.rd/docker.sock" run --rm bench/bb /bin/true; since "$s"; echo; done | median)
vm=$(cd "$HOME" && "$rdctl" shell sh -c 'for i in 1 2 3 4 5; do s=$(date +%s.%N); docker run --rm bench/bb /bin/true; e=$(date +%s.%N); echo "$e - $s" | bc 2>/dev/null || awk -v a=$s -v b=$e "BEGIN{print b-a}"; done' | median)

echo
echo "floor ${floor}s | cold ${cold}s ($(awk -v a="$cold" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')x floor; target 2x) | warm ${warm}s ($(awk -v a="$warm" -v b="$floor" 'BEGIN { printf "%.2f", a / b }')x floor; target 1.5x)"
echo "docker run --rm: ${host}s through ~/.rd/docker.sock, ${vm}s inside the VM"
