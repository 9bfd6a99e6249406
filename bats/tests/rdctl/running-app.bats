# rdctl against a really running app (headless, mock backend).
load ../../helpers/app
bats_require_minimum_version 1.5.0

setup_file() {
  make_home
  export HOME APP_HOME CONFIG_DIR
  start_app --kubernetes.enabled=false --wait
}

teardown_file() {
  stop_app
}

@test 'start launched the app with the given settings and waited for it' {
  run rdctl api /v1/backend_state
  [ "$status" -eq 0 ]
  [[ "$output" == *'"vmState":"DISABLED"'* ]]
  run rdctl list-settings
  [[ "$output" == *'"enabled": false'* ]]
}

@test 'the app linked rdctl into ~/.rd/bin' {
  [ -L "$HOME/.rd/bin/rdctl" ]
  run "$HOME/.rd/bin/rdctl" version
  [ "$status" -eq 0 ]
}

@test 'the app linked kubectl, docker and the docker CLI plugins into ~/.rd/bin' {
  run "$HOME/.rd/bin/kubectl" version --client
  [ "$status" -eq 0 ]
  [[ "$output" == *'Client Version: v1.34.4'* ]]
  [ -L "$HOME/.rd/bin/docker" ] && [ -L "$HOME/.rd/bin/docker-compose" ] && [ -L "$HOME/.rd/bin/docker-buildx" ]
  [ "$(readlink "$HOME/.docker/cli-plugins/docker-compose")" = "$HOME/.rd/bin/docker-compose" ]
}

@test 'list-settings prints settings version 19' {
  run rdctl list-settings
  [ "$status" -eq 0 ]
  [ "$(echo "$output" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).version))')" = 19 ]
}

@test 'set changes a value that list-settings then shows' {
  run rdctl set --application.theme=dark
  [ "$status" -eq 0 ]
  [ "$output" = 'Status: settings updated; no restart required.' ]
  run rdctl list-settings
  [[ "$output" == *'"theme": "dark"'* ]]
}

@test 'set with a bad enum value exits 1 and changes nothing' {
  before=$(cat "$CONFIG_DIR/settings.json")
  run rdctl set --container-engine.name=podman
  [ "$status" -eq 1 ]
  [[ "$output" == *"invalid value for option --container-engine.name: \"podman\"; must be 'containerd', 'docker', or 'moby'"* ]]
  [ "$(cat "$CONFIG_DIR/settings.json")" = "$before" ]
}

@test 'set with a value the server refuses shows its message' {
  run rdctl set --kubernetes.port=0
  [ "$status" -eq 1 ]
  [[ "$output" == *'Invalid value for "kubernetes.port": <0>'* ]]
}

@test 'set without flags is an error' {
  run rdctl set
  [ "$status" -eq 1 ]
  [[ "$output" == *"set command: no settings to change were given"* ]]
}

@test 'api GET and PUT print the body; errors split between stdout and stderr' {
  run rdctl api /v1/about
  [ "$status" -eq 0 ]
  [[ "$output" == "The API is currently at version 1"* ]]
  run rdctl api settings -X PUT -b '{"version":19,"application":{"locale":"fr"}}'
  [ "$status" -eq 0 ]
  [ "$output" = 'settings updated; no restart required' ]
  run --separate-stderr rdctl api /v1/nowhere
  [ "$status" -eq 1 ]
  [ "$output" = '{"message":"404 Not Found"}' ]
  # shellcheck disable=SC2154 # run --separate-stderr sets it
  [ "$stderr" = 'Unknown command: GET /v1/nowhere' ]
}

@test 'a restart-requiring change goes through STOPPING and comes back' {
  run rdctl set --container-engine.name=containerd
  [ "$status" -eq 0 ]
  [ "$output" = 'Status: reconfiguring Rancher Desktop to apply changes (this may take a while).' ]
  grep -q 'mock backend: DISABLED -> STOPPING' "$APP_HOME/logs/lima.log"
  wait_for_state DISABLED
}

@test 'start on a running app applies settings and waits' {
  run rdctl start --application.debug --wait
  [ "$status" -eq 0 ]
  run rdctl list-settings
  [[ "$output" == *'"debug": true'* ]]
}

@test 'a second app instance is refused' {
  run node "$REPO_ROOT/dist/app/headless.js"
  [ "$status" -eq 201 ]
  [[ "$output" == *"already running"* ]]
}

@test 'create-profile --from-settings uses the running settings' {
  run rdctl create-profile --output plist --from-settings
  [ "$status" -eq 0 ]
  [[ "$output" == *"<string>containerd</string>"* ]]
}
