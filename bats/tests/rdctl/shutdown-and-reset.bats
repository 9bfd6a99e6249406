# Shutdown and factory reset through rdctl, against a really running app.
load ../../helpers/app
bats_require_minimum_version 1.5.0

setup() {
  make_home
}

@test 'shutdown stops the app and leaves no process behind' {
  start_app --wait
  pid=$(app_pid)
  kill -0 "$pid"
  run rdctl shutdown
  [ "$status" -eq 0 ]
  [[ "$output" == *"Shutting down."* ]]
  run ! kill -0 "$pid"
  run ! pgrep -u "$(id -u)" -f "$HOME"
}

@test 'reset --factory removes exactly what Rancher Desktop lists' {
  start_app --wait
  mkdir -p "$HOME/.docker/contexts/meta/other" "$APP_HOME/snapshots/s1"
  echo '{}' > "$HOME/.docker/contexts/meta/other/meta.json"
  echo '{}' > "$APP_HOME/snapshots/s1/metadata.json"
  printf 'alias ll=ls\n### MANAGED BY RANCHER DESKTOP START (DO NOT EDIT)\nexport PATH="$HOME/.rd/bin:$PATH"\n### MANAGED BY RANCHER DESKTOP END (DO NOT EDIT)\n' > "$HOME/.bashrc"
  pid=$(app_pid)
  run rdctl reset --factory
  [ "$status" -eq 0 ]
  run ! kill -0 "$pid"
  [ ! -e "$HOME/.rd" ]
  [ ! -e "$CONFIG_DIR" ]
  [ ! -e "$APP_HOME/rd-engine.json" ]
  [ ! -e "$APP_HOME/logs" ]
  [ -e "$APP_HOME/snapshots/s1/metadata.json" ]
  [ -e "$HOME/.docker/contexts/meta/other/meta.json" ]
  [ "$(cat "$HOME/.bashrc")" = 'alias ll=ls' ]
}

@test 'PUT /v1/factory_reset from the API does the same' {
  start_app --wait
  pid=$(app_pid)
  run rdctl api -X PUT /v1/factory_reset -b '{"keepSystemImages":true}'
  [ "$status" -eq 0 ]
  [ "$output" = 'Doing a full factory reset....' ]
  for i in $(seq 1 50); do [ ! -e "$CONFIG_DIR" ] && break; sleep 0.2; done
  run ! kill -0 "$pid"
  [ ! -e "$CONFIG_DIR" ]
  [ ! -e "$HOME/.rd" ]
}
