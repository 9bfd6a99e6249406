#!/usr/bin/env bats
# The real VM, end to end, as an ordinary user: moby first (docker through ~/.rd/docker.sock
# and the rancher-desktop context), then a switch to containerd (nerdctl), then faults.
# The tests run in order and share one VM; each builds on the state the previous one left.

load ../../helpers/vm.bash
bats_require_minimum_version 1.5.0

setup_file() {
  vm_make_home
  echo "$HOME" > "$BATS_FILE_TMPDIR/home"
  # A context of the user's own must survive; it is not current, so ours becomes current.
  mkdir -p "$HOME/.docker"
  echo '{"auths":{"example.test":{"auth":"dXNlcjpwYXNz"}}}' > "$HOME/.docker/config.json"
  echo '# my own line' > "$HOME/.bashrc"
  mkdir -p "$HOME/.docker/cli-plugins"
  printf '#!/bin/sh\n' > "$HOME/.docker/cli-plugins/docker-mine"
  start_app --container-engine.name=moby --kubernetes.enabled=false
  wait_for_vm_state DISABLED
}

setup() {
  HOME=$(cat "$BATS_FILE_TMPDIR/home")
  export HOME
  vm_make_home_vars
}

vm_make_home_vars() {
  export RD_MOCK_BACKEND=0 PATH="$HOME/.rd/bin:$PATH"
  APP_HOME=$HOME/.local/share/rancher-desktop
  LIMA_HOME=$APP_HOME/lima
}

teardown_file() {
  HOME=$(cat "$BATS_FILE_TMPDIR/home")
  export HOME
  rdctl shutdown >/dev/null 2>&1 || true
  sleep 2
  pkill -u "$(id -u)" -f qemu-system || true
  rm -rf "$HOME"
}

@test 'moby: docker answers through the rancher-desktop context, user config kept' {
  run docker context show
  [ "$output" = rancher-desktop ]
  grep -q example.test "$HOME/.docker/config.json"
  grep -q '# my own line' "$HOME/.bashrc"
  grep -q "MANAGED BY RANCHER DESKTOP START" "$HOME/.bashrc"
  run docker version --format '{{.Server.Os}}'
  [ "$status" -eq 0 ]
  [ "$output" = linux ]
}

@test 'moby: docker import makes an image that docker run runs' {
  make_rootfs_tar hello-from-moby "$BATS_FILE_TMPDIR/bb.tar"
  docker import "$BATS_FILE_TMPDIR/bb.tar" rdtest/bb:1
  run docker run --rm rdtest/bb:1 echo hello
  [ "$status" -eq 0 ]
  [ "$output" = hello ]
}

@test 'moby: docker build from a Dockerfile' {
  mkdir -p "$HOME/ctx"
  printf 'FROM rdtest/bb:1\nRUN echo built-by-docker > /built.txt\nCMD ["cat", "/built.txt"]\n' > "$HOME/ctx/Dockerfile"
  docker build -t rdtest/built:1 "$HOME/ctx"
  run docker run --rm rdtest/built:1
  [ "$output" = built-by-docker ]
}

@test 'moby: -p 8080:80 answers on the host 127.0.0.1:8080' {
  docker run -d --name web -p 8080:80 rdtest/bb:1 httpd -f -p 80 -h /www
  run curl_retry http://127.0.0.1:8080/
  docker rm -f web
  [ "$output" = hello-from-moby ]
}

@test 'moby: docker compose and docker buildx work as plugins of the bundled docker CLI' {
  run docker buildx version
  [ "$status" -eq 0 ]
  [[ "$output" == *v0.38.2* ]]
  mkdir -p "$HOME/proj"
  printf 'services:\n  web:\n    image: rdtest/bb:1\n    command: httpd -f -p 80 -h /www\n    ports: ["8081:80"]\n' > "$HOME/proj/compose.yaml"
  (cd "$HOME/proj" && docker compose up -d)
  run curl_retry http://127.0.0.1:8081/
  (cd "$HOME/proj" && docker compose down)
  [ "$output" = hello-from-moby ]
}

@test 'moby: a folder under home is bind-mounted' {
  mkdir -p "$HOME/shared"
  echo from-the-host > "$HOME/shared/file.txt"
  run docker run --rm -v "$HOME/shared:/data" rdtest/bb:1 cat /data/file.txt
  [ "$output" = from-the-host ]
  docker run --rm -v "$HOME/shared:/data" rdtest/bb:1 sh -c 'echo from-the-vm > /data/back.txt'
  [ "$(cat "$HOME/shared/back.txt")" = from-the-vm ]
}

@test 'rdctl shell runs a command in the VM, in the current folder under home' {
  mkdir -p "$HOME/work" && cd "$HOME/work"
  run rdctl shell pwd
  [ "$status" -eq 0 ]
  [ "$output" = "$HOME/work" ]
  run rdctl shell uname -s
  [ "$status" -eq 0 ]
  [ "$output" = Linux ]
}

@test 'switching to containerd restarts into it; a second start meanwhile spawns no second VM' {
  rdctl set --container-engine.name=containerd
  wait_for_vm_state STARTING 60
  rdctl api -X PUT /v1/backend_state --body '{"vmState":"STARTED"}' || true
  rdctl api -X PUT /v1/backend_state --body '{"vmState":"STARTED"}' || true
  sleep 5
  [ "$(qemu_count)" -le 1 ]
  wait_for_vm_state DISABLED
  [ "$(qemu_count)" -eq 1 ]
  run rdctl shell sudo systemctl is-active docker
  [ "$output" != active ]
}

@test 'containerd: nerdctl builds an image from a rootfs and runs it' {
  make_rootfs_tar hello-from-containerd "$HOME/base/bb.tar"
  printf 'FROM scratch\nADD bb.tar /\n' > "$HOME/base/Dockerfile"
  nerdctl build -t rdtest/bb:1 "$HOME/base"
  run nerdctl run --rm rdtest/bb:1 echo hello
  [ "$output" = hello ]
}

@test 'containerd: nerdctl build FROM a local image' {
  printf 'FROM rdtest/bb:1\nRUN echo built-by-nerdctl > /built.txt\nCMD ["cat", "/built.txt"]\n' > "$HOME/ctx/Dockerfile"
  nerdctl build -t rdtest/built:1 "$HOME/ctx"
  run nerdctl run --rm rdtest/built:1
  [ "$output" = built-by-nerdctl ]
}

@test 'containerd: -p 8080:80 and a bind mount' {
  nerdctl run -d --name web -p 8080:80 rdtest/bb:1 httpd -f -p 80 -h /www
  run curl_retry http://127.0.0.1:8080/
  nerdctl rm -f web
  [ "$output" = hello-from-containerd ]
  run nerdctl run --rm -v "$HOME/shared:/data" rdtest/bb:1 cat /data/file.txt
  [ "$output" = from-the-host ]
}

@test 'QEMU killed from outside: ERROR within seconds, and a new start recovers' {
  pkill -KILL -u "$(id -u)" qemu-system
  wait_for_vm_state ERROR 15
  grep -q 'stopped unexpectedly' "$APP_HOME/logs/lima.log"
  rdctl api -X PUT /v1/backend_state --body '{"vmState":"STARTED"}'
  wait_for_vm_state DISABLED
  run nerdctl run --rm rdtest/bb:1 echo recovered
  [ "$output" = recovered ]
}

@test 'a start asked for while STOPPING is honoured: the VM stops, then starts again' {
  local log=$APP_HOME/logs/lima.log before i state
  before=$(wc -l < "$log")
  rdctl api -X PUT /v1/backend_state -b '{"vmState":"STOPPED"}'
  wait_for_vm_state STOPPING 30
  run rdctl api -X PUT /v1/backend_state -b '{"vmState":"STARTED"}'
  [ "$status" -eq 0 ]
  [ "$output" = 'received backend state' ]
  # The guest's shutdown takes a while under TCG; the start must follow it, not be dropped.
  for i in $(seq 1 180); do
    state=$(rdctl api /v1/backend_state | sed -n 's/.*"vmState":"\([A-Z]*\)".*/\1/p')
    [ "$state" != STOPPING ] && break
    sleep 1
  done
  for i in $(seq 1 15); do
    tail -n +"$((before + 1))" "$log" | grep -q 'state STOPPED -> STARTING' && break
    sleep 1
  done
  run tail -n +"$((before + 1))" "$log"
  [[ "$output" == *'state STOPPING -> STOPPED'*'state STOPPED -> STARTING'* ]]
  wait_for_vm_state DISABLED
  [ "$(qemu_count)" -eq 1 ]
  run nerdctl run --rm rdtest/bb:1 echo started-again
  [ "$output" = started-again ]
}

@test 'rdctl shutdown leaves no qemu, limactl or ssh process behind' {
  rdctl shutdown
  local i
  # limactl stop lets the guest shut down cleanly, which takes a while under TCG.
  for i in $(seq 1 90); do
    [ -z "$(vm_processes)" ] && break
    sleep 1
  done
  run vm_processes
  echo "left behind: $output"
  [ -z "$output" ]
}

@test 'factory reset removes the VM, the PATH block, the context and the plugin links, and nothing else' {
  rdctl reset --factory
  [ ! -e "$LIMA_HOME" ]
  run ! grep -q 'MANAGED BY RANCHER DESKTOP' "$HOME/.bashrc"
  grep -q '# my own line' "$HOME/.bashrc"
  grep -q example.test "$HOME/.docker/config.json"
  run ! grep -q currentContext "$HOME/.docker/config.json"
  [ ! -e "$HOME/.docker/cli-plugins/docker-compose" ] && [ ! -L "$HOME/.docker/cli-plugins/docker-compose" ]
  [ -f "$HOME/.docker/cli-plugins/docker-mine" ]
}
