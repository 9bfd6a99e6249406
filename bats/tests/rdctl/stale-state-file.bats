# rd-engine.json names the app's pid; a file left by a killed app or from before a reboot
# names a pid that may now be anyone's. rdctl must never signal such a process.
# shellcheck disable=SC2154 # run --separate-stderr sets $stderr
load ../../helpers/app
bats_require_minimum_version 1.5.0

setup() {
  make_home
  mkdir -p "$APP_HOME"
  SLEEP_PID=
}

teardown() {
  if [ -n "$SLEEP_PID" ]; then
    kill "$SLEEP_PID" 2>/dev/null || true
  fi
}

# A live process of this test that has nothing to do with the app, named in a stale file
# (a port where nothing listens: the app that wrote it is gone).
write_stale_file() {
  sleep 300 &
  SLEEP_PID=$!
  printf '{\n  "user": "user",\n  "password": "stale",\n  "port": 1,\n  "pid": %d\n}\n' "$SLEEP_PID" >"$APP_HOME/rd-engine.json"
}

@test 'shutdown with a stale rd-engine.json leaves the process that has its pid alone' {
  write_stale_file
  run --separate-stderr rdctl shutdown
  [ "$status" -eq 0 ]
  kill -0 "$SLEEP_PID"
  [ "$output" = '' ]
  [[ "$stderr" == *"Rancher Desktop is not running: $APP_HOME/rd-engine.json is left from an earlier run, and pid $SLEEP_PID is another process now"* ]]
  # The file is the app's, but rdctl only reports it: it is replaced at the next start.
  [ -e "$APP_HOME/rd-engine.json" ]
}

@test 'factory-reset with a stale rd-engine.json resets without killing the process that has its pid' {
  write_stale_file
  mkdir -p "$CONFIG_DIR"
  echo '{}' >"$CONFIG_DIR/settings.json"
  echo 'mine' >"$HOME/notes.txt"
  run --separate-stderr rdctl factory-reset
  [ "$status" -eq 0 ]
  kill -0 "$SLEEP_PID"
  [[ "$stderr" == *"Rancher Desktop is not running: "*"pid $SLEEP_PID is another process now"* ]]
  [ ! -e "$CONFIG_DIR" ]
  [ ! -e "$APP_HOME/rd-engine.json" ]
  [ "$(cat "$HOME/notes.txt")" = mine ]
}

@test 'reset --factory with a stale rd-engine.json does the same' {
  write_stale_file
  run --separate-stderr rdctl reset --factory
  [ "$status" -eq 0 ]
  kill -0 "$SLEEP_PID"
}

@test 'a look-alike of the app that started after the file was written is left alone' {
  # The app's entry as its command (argv[0]), but a process younger than the file: a pid
  # reused after a reboot by something that happens to look like the app.
  (exec -a "$REPO_ROOT/dist/app/headless.js" sleep 300) &
  SLEEP_PID=$!
  printf '{"user":"user","password":"stale","port":1,"pid":%d}\n' "$SLEEP_PID" >"$APP_HOME/rd-engine.json"
  touch -d '1 hour ago' "$APP_HOME/rd-engine.json"
  run --separate-stderr rdctl shutdown
  [ "$status" -eq 0 ]
  kill -0 "$SLEEP_PID"
  [[ "$stderr" == *"after the file was written"* ]]
}

@test 'after rdctl shutdown of a running app, rd-engine.json is gone' {
  start_app --wait
  pid=$(app_pid)
  [ -n "$pid" ]
  run rdctl shutdown
  [ "$status" -eq 0 ]
  [[ "$output" == *"Shutting down."* ]]
  run ! kill -0 "$pid"
  [ ! -e "$APP_HOME/rd-engine.json" ]
}

@test 'SIGTERM to a running app removes rd-engine.json as it exits' {
  start_app --wait
  pid=$(app_pid)
  kill -TERM "$pid"
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  run ! kill -0 "$pid"
  [ ! -e "$APP_HOME/rd-engine.json" ]
}
