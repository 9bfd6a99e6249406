#!/usr/bin/env bash
# Sets up (node modules, build) and starts the app: the Electron GUI where Electron can run,
# otherwise the headless core. Run it as your ordinary user: the app refuses root.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" -eq 0 ]; then
  echo "Rancher Desktop must not be run as root. Run this as your ordinary user." >&2
  exit 1
fi
bash scripts/setup.sh run
exec node scripts/start.mjs "$@"
