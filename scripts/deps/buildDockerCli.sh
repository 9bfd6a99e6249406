#!/usr/bin/env bash
# Builds the docker CLI, whose repository has no go.mod (its dependencies live in
# vendor.mod/vendor.sum, and vendor/ is not in the module zip): download the module, use
# vendor.mod as go.mod, build ./cmd/docker (lima-notes.md §0). Cached outside the repo.
# Its vendor.sum comes inside the module zip, whose hash the manifest pins, so building it
# read-only checks every module against hashes we pinned, without a file of our own.
#
# usage: buildDockerCli.sh VERSION OUT_DIR      (VERSION like 28.5.2)
set -euo pipefail
version=$1 out=$2
if [ -x "$out/docker" ] && [ -s "$out/module.sum" ]; then echo "docker-cli $version: cached in $out"; exit 0; fi
export GOFLAGS=-mod=mod GOSUMDB=off CGO_ENABLED=0
work=$(mktemp -d "${TMPDIR:-/tmp}/docker-cli.XXXXXX")
trap 'chmod -R u+w "$work"; rm -rf "$work"' EXIT
info=$(go mod download -json "github.com/docker/cli@v$version+incompatible")
dir=$(echo "$info" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
sum=$(echo "$info" | sed -n 's/^[[:space:]]*"Sum": "\(.*\)",$/\1/p')
cp -r "$dir/." "$work/src" 2>/dev/null || cp -r "$dir" "$work/src"
chmod -R u+w "$work/src"
cd "$work/src"
cp vendor.mod go.mod
cp vendor.sum go.sum
export GOFLAGS=-mod=readonly
mkdir -p "$out"
start=$(date +%s)
go build -trimpath -ldflags "-s -w -X github.com/docker/cli/cli/version.Version=$version" -o "$out/docker.tmp" ./cmd/docker
mv "$out/docker.tmp" "$out/docker"
echo "github.com/docker/cli v$version+incompatible $sum" > "$out/module.sum"
echo "docker-cli $version: built in $(( $(date +%s) - start ))s ($(du -m "$out/docker" | cut -f1) MB)"
