# The user's dotfiles are never clobbered: a ~/.bashrc and ~/.docker/config.json that are
# symlinks into a dotfiles folder stay links through PATH management, the docker context,
# switching to manual and factory reset; the changes land in the files they point to, and
# those files end up holding the user's bytes exactly. Runs on the mock backend.
load ../../helpers/app
bats_require_minimum_version 1.5.0

BLOCK_START='### MANAGED BY RANCHER DESKTOP START (DO NOT EDIT)'

setup() {
  make_home
  DOTFILES=$HOME/dotfiles
  mkdir -p "$DOTFILES" "$HOME/.docker"
  # A trailing blank line and quotes: bytes a careless rewrite would lose.
  printf '# my bashrc\nalias ll="ls -l"\n\n' > "$DOTFILES/bashrc"
  # As the docker CLI writes it: tab indentation, no final newline.
  printf '{\n\t"auths": {\n\t\t"example.test": {\n\t\t\t"auth": "dXNlcjpwYXNz"\n\t\t}\n\t}\n}' > "$DOTFILES/docker-config.json"
  chmod 0600 "$DOTFILES/docker-config.json"
  cp "$DOTFILES/bashrc" "$BATS_TEST_TMPDIR/bashrc.orig"
  cp "$DOTFILES/docker-config.json" "$BATS_TEST_TMPDIR/docker-config.orig"
  ln -s "$DOTFILES/bashrc" "$HOME/.bashrc"
  ln -s ../dotfiles/docker-config.json "$HOME/.docker/config.json"
}

teardown() {
  rdctl shutdown >/dev/null 2>&1 || true
}

# Waits (5 s at most) until a command succeeds.
eventually() {
  local i
  for i in $(seq 1 50); do
    "$@" && return 0
    sleep 0.1
  done
  "$@"
}

links_are_still_links() {
  [ -L "$HOME/.bashrc" ]
  [ "$(readlink "$HOME/.bashrc")" = "$DOTFILES/bashrc" ]
  [ -L "$HOME/.docker/config.json" ]
  [ "$(readlink "$HOME/.docker/config.json")" = ../dotfiles/docker-config.json ]
}

# Starts on the mock with rcfiles and moby, and checks the changes went into the targets.
start_and_check_targets() {
  start_app --application.path-management-strategy=rcfiles --container-engine.name=moby --kubernetes.enabled=false --wait
  eventually grep -q '"currentContext": "rancher-desktop"' "$DOTFILES/docker-config.json"
  links_are_still_links
  grep -qF "$BLOCK_START" "$DOTFILES/bashrc"
  grep -qF "export PATH=\"$HOME/.rd/bin:\$PATH\"" "$DOTFILES/bashrc"
  grep -q example.test "$DOTFILES/docker-config.json"
  [ "$(stat -c %a "$DOTFILES/docker-config.json")" = 600 ]
  # No login file existed, so the app created .bash_profile: a regular file holding only the block.
  [ ! -L "$HOME/.bash_profile" ]
  grep -qF "$BLOCK_START" "$HOME/.bash_profile"
  # Nothing was left beside the targets or the links (temporary files, replaced links).
  [ "$(find "$DOTFILES" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')" = 'bashrc docker-config.json ' ]
}

factory_reset_and_wait() {
  run rdctl reset --factory
  [ "$status" -eq 0 ]
  [ ! -e "$CONFIG_DIR" ]
}

@test 'manual takes the block out of the linked .bashrc and deletes the .bash_profile it created; factory reset gives config.json back' {
  start_and_check_targets
  run rdctl set --application.path-management-strategy=manual
  [ "$status" -eq 0 ]
  eventually cmp "$BATS_TEST_TMPDIR/bashrc.orig" "$DOTFILES/bashrc"
  links_are_still_links
  [ ! -e "$HOME/.bash_profile" ]
  [ ! -e "$HOME/.zshrc" ]

  factory_reset_and_wait
  links_are_still_links
  cmp "$BATS_TEST_TMPDIR/bashrc.orig" "$DOTFILES/bashrc"
  cmp "$BATS_TEST_TMPDIR/docker-config.orig" "$DOTFILES/docker-config.json"
  [ "$(stat -c %a "$DOTFILES/docker-config.json")" = 600 ]
}

@test 'factory reset with the block still in place gives every linked file back byte for byte' {
  start_and_check_targets
  factory_reset_and_wait
  links_are_still_links
  cmp "$BATS_TEST_TMPDIR/bashrc.orig" "$DOTFILES/bashrc"
  cmp "$BATS_TEST_TMPDIR/docker-config.orig" "$DOTFILES/docker-config.json"
  [ ! -e "$HOME/.bash_profile" ]
  [ "$(find "$DOTFILES" -mindepth 1 -maxdepth 1 -printf '%f\n' | sort | tr '\n' ' ')" = 'bashrc docker-config.json ' ]
}
