# rdctl commands that need no running app.
load ../../helpers/app

setup() {
  make_home
}

@test 'version names the client version and the API version' {
  run rdctl version
  [ "$status" -eq 0 ]
  [[ "$output" =~ ^rdctl\ client\ version:\ [0-9]+\.[0-9]+\.[0-9]+,\ targeting\ server\ version:\ v1$ ]]
}

@test 'paths prints the Linux layout as JSON' {
  run rdctl paths
  [ "$status" -eq 0 ]
  node -e '
    const p = JSON.parse(process.argv[1]);
    const home = process.env.HOME;
    const want = { appHome: home + "/.local/share/rancher-desktop", config: home + "/.config/rancher-desktop", lima: home + "/.local/share/rancher-desktop/lima", integration: home + "/.rd/bin", altAppHome: home + "/.rd" };
    for (const [k, v] of Object.entries(want)) if (p[k] !== v) throw new Error(k + "=" + p[k]);
  ' "$output"
}

@test 'list-settings without a running app says the connection was refused' {
  run rdctl list-settings --port 1 --user u --password p
  [ "$status" -eq 1 ]
  [[ "$output" == *"connection refused"* ]]
}

@test 'a missing config file and no flags is an error about connection settings' {
  run rdctl list-settings
  [ "$status" -eq 1 ]
  [[ "$output" == *"insufficient connection settings"* ]]
}

@test 'create-profile writes a plist and a reg file' {
  run rdctl create-profile --output plist --body '{"version":19,"kubernetes":{"enabled":false}}'
  [ "$status" -eq 0 ]
  [[ "$output" == *"<key>enabled</key>"* ]]
  [[ "$output" == *"<false/>"* ]]
  run rdctl create-profile --output reg --hive hkcu --type locked --body '{"version":19,"kubernetes":{"enabled":false}}'
  [ "$status" -eq 0 ]
  [[ "$output" == *'[HKEY_CURRENT_USER\SOFTWARE\Policies\Rancher Desktop\Locked\kubernetes]'* ]]
  [[ "$output" == *'"enabled"=dword:00000000'* ]]
}

@test 'create-profile needs exactly one input and an output format' {
  run rdctl create-profile --output plist
  [ "$status" -eq 1 ]
  [[ "$output" == *"exactly one of"* ]]
  run rdctl create-profile --body '{}'
  [ "$status" -eq 1 ]
}

@test 'shell says the VM is not running' {
  run rdctl shell uname
  [ "$status" -eq 1 ]
  [[ "$output" == *"The Rancher Desktop VM needs to be running in order to execute 'rdctl shell'"* ]]
}

@test 'set rejects a flag of another OS' {
  run rdctl set --virtual-machine.type=vz
  [ "$status" -eq 1 ]
  [[ "$output" == *"option --virtual-machine.type is not available on Linux"* ]]
}

@test 'reset with no flag is an error' {
  run rdctl reset
  [ "$status" -eq 1 ]
  [[ "$output" == *"at least one of"* ]]
}
