#!/usr/bin/env bash
# Builds the pod sandbox's `pause` process (scripts/deps/pause/pause.c) as a static binary,
# the one file of the pause image. install.ts keys OUT_DIR by a digest of the source.
#
# usage: buildPause.sh VERSION OUT_DIR      (VERSION like 3.10)
set -euo pipefail
version=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
if [ -x "$out/pause" ]; then echo "pause $version: cached in $out"; exit 0; fi
command -v gcc >/dev/null || { echo "pause: gcc is needed (Debian: apt-get install gcc libc6-dev)" >&2; exit 1; }
mkdir -p "$out"
start=$(date +%s)
gcc -static -Os -s -Wall -Wextra -Werror -DPAUSE_VERSION="\"$version\"" -o "$out/pause.tmp" "$here/pause/pause.c"
mv "$out/pause.tmp" "$out/pause"
echo "pause $version: built in $(( $(date +%s) - start ))s ($(du -k "$out/pause" | cut -f1) KB)"
