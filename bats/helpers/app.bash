# Helpers for CLI end-to-end tests: each test file gets its own HOME and a really running
# headless app (mock backend unless RD_MOCK_BACKEND=0), started through `rdctl start`.

REPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
RDCTL="$REPO_ROOT/resources/linux/bin/rdctl"

# A fresh HOME with XDG dirs under it, so nothing touches the real user's files.
make_home() {
  TEST_HOME=$(mktemp -d "${BATS_FILE_TMPDIR:-/tmp}/home.XXXXXX")
  export HOME=$TEST_HOME
  unset XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME
  export RD_MOCK_BACKEND=${RD_MOCK_BACKEND:-1} RD_API_PORT=${RD_API_PORT:-0} RD_MOCK_BACKEND_DELAY_MS=${RD_MOCK_BACKEND_DELAY_MS:-50}
  APP_HOME=$HOME/.local/share/rancher-desktop
  CONFIG_DIR=$HOME/.config/rancher-desktop
}

rdctl() {
  "$RDCTL" "$@"
}

app_pid() {
  sed -n 's/.*"pid": *\([0-9]*\).*/\1/p' "$APP_HOME/rd-engine.json" 2>/dev/null
}

# Starts the app with rdctl and waits for its backend; extra arguments go to rdctl start.
start_app() {
  rdctl start --no-modal-dialogs "$@" >"$BATS_FILE_TMPDIR/start.out" 2>&1 || return 1
  local i
  for i in $(seq 1 100); do
    [ -s "$APP_HOME/rd-engine.json" ] && rdctl list-settings >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "the app did not come up; its log:" >&2
  cat "$APP_HOME/logs/background.log" >&2 2>/dev/null
  return 1
}

wait_for_state() {
  local want=$1 i
  for i in $(seq 1 100); do
    rdctl api /v1/backend_state 2>/dev/null | grep -q "\"vmState\":\"$want\"" && return 0
    sleep 0.2
  done
  return 1
}

# Shuts the app down and fails if its process is still there afterwards.
stop_app() {
  local pid
  pid=$(app_pid)
  rdctl shutdown >/dev/null 2>&1 || true
  [ -z "$pid" ] || ! kill -0 "$pid" 2>/dev/null
}
