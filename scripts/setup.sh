#!/usr/bin/env bash
# Installs what building, running and testing need on a fresh Debian machine:
# system packages (as root, or through sudo), node modules, the built app, and the VM's
# dependencies (Lima, nerdctl, buildkit, docker CLI, Kubernetes and its add-ons built from
# their Go modules; the add-ons' container images; the guest image built from Debian
# packages) cached in ~/.cache/rd-build.
# Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "$0")/.."

# `setup.sh test` also installs what the test suites need.
# QEMU runs the VM; Lima's host agent needs ssh, and sftp-server for reverse-sshfs mounts;
# mmdebstrap and e2fsprogs build the guest image; gcc and libc6-dev build kine (cgo, SQLite)
# and the static pause binary; busybox-static is the busybox of the Kubernetes add-on images
# (and of the suites' images made with `docker import`).
APT_PACKAGES=(qemu-system-x86 qemu-utils openssh-client openssh-sftp-server mmdebstrap e2fsprogs gcc libc6-dev busybox-static)
# The suites: bats, shellcheck (lint), and Debian's Chromium for the GUI tests (Playwright's own browser
# download is not reachable).
if [ "${1:-run}" = test ]; then APT_PACKAGES+=(bats curl chromium shellcheck); fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    echo "setup: '$*' needs root; run it as root or install sudo" >&2; return 1
  fi
}

missing=()
for pkg in "${APT_PACKAGES[@]+"${APT_PACKAGES[@]}"}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Install from the lock file, only when it changed since the last install. Not `npm ci`:
# the registry mirror here lacks other platforms' optional binaries (@swc/core-darwin-*…),
# so the lock file cannot list them and npm ci refuses it; `npm install --no-save` installs
# the locked versions and leaves the lock file as it is.
stamp=node_modules/.package-lock.sha
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "setup: npm install (locked versions)"
  # Electron's and Playwright's downloads are not reachable: the app runs headless and the
  # GUI tests use Debian's Chromium.
  ELECTRON_SKIP_BINARY_DOWNLOAD=1 PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install --no-save --no-audit --no-fund --loglevel=error
  echo "$want" > "$stamp"
fi

npm run --silent build

command -v go >/dev/null || { echo "setup: Go is needed to build Lima and the other VM tools (Debian: apt-get install golang, or go.dev/dl)" >&2; exit 1; }
node dist/tools/deps.js
