# Helpers for the VM end-to-end suite: a real VM through Lima, run by the ordinary user the
# tests run as. HOME is short (Lima's sockets live under it and Unix socket paths are
# limited to ~100 bytes) and lives under /tmp, so the VM mounts it like a real home.

load "$(dirname "${BASH_SOURCE[0]}")/app.bash"

vm_make_home() {
  TEST_HOME=$(mktemp -d /tmp/rdvm.XXXXXX)
  export HOME=$TEST_HOME
  unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME DOCKER_HOST DOCKER_CONTEXT
  export RD_MOCK_BACKEND=0 RD_API_PORT=${RD_API_PORT:-0}
  export PATH="$HOME/.rd/bin:$PATH"
  APP_HOME=$HOME/.local/share/rancher-desktop
  CONFIG_DIR=$HOME/.config/rancher-desktop
  LIMA_HOME=$APP_HOME/lima
}

# Waits (up to $2 seconds, default 600: a TCG boot takes minutes) for the backend state.
wait_for_vm_state() {
  local want=$1 limit=${2:-600} i state
  for i in $(seq 1 "$limit"); do
    state=$(rdctl api /v1/backend_state 2>/dev/null | sed -n 's/.*"vmState":"\([A-Z]*\)".*/\1/p')
    [ "$state" = "$want" ] && return 0
    if [ "$state" = ERROR ] && [ "$want" != ERROR ]; then
      echo "backend went to ERROR; the app's last entries in lima.log (an error quotes logs of its own):" >&2
      grep -E '^[0-9]{4}-[0-9]{2}-[0-9]{2}T' "$APP_HOME/logs/lima.log" | tail -n 15 >&2
      echo "lima.log's last lines:" >&2
      tail -n 30 "$APP_HOME/logs/lima.log" >&2
      return 1
    fi
    sleep 1
  done
  echo "backend did not reach $want in ${limit}s (last: $state)" >&2
  tail -n 30 "$APP_HOME/logs/lima.log" >&2
  return 1
}

# Processes of this user that belong to the VM (qemu, limactl host agent, its ssh).
# Matched by process name, not command line: bats' own processes carry the test's
# name, which mentions qemu and limactl.
vm_processes() {
  # (pgrep refuses name patterns longer than 15 characters, the kernel's comm length.)
  pgrep -u "$(id -u)" -a -x 'qemu-system-.*' || true
  pgrep -u "$(id -u)" -a -x limactl || true
  pgrep -u "$(id -u)" -a -x ssh | grep lima || true
}

qemu_count() {
  pgrep -u "$(id -u)" -c qemu-system || true
}

# A tiny rootfs (static busybox + a web page) for images made without a registry.
make_rootfs_tar() {
  local dir=$BATS_FILE_TMPDIR/rootfs applet
  mkdir -p "$(dirname "$2")"
  rm -rf "$dir"
  mkdir -p "$dir/bin" "$dir/www"
  cp /bin/busybox "$dir/bin/busybox"
  for applet in sh ls cat echo httpd sleep; do ln -s busybox "$dir/bin/$applet"; done
  echo "$1" > "$dir/www/index.html"
  tar -C "$dir" -c . > "$2"
}

# GET a URL on the host, retrying while Lima sets up the forward.
curl_retry() {
  local i
  for i in $(seq 1 30); do
    curl -fsS --max-time 5 "$1" 2>/dev/null && return 0
    sleep 1
  done
  return 1
}
