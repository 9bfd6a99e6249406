#!/usr/bin/env bash
# Builds Go tools from their modules through a small wrapper module (the proxy here answers
# 403 for version lists, so `go install tool@v` cannot work; lima-notes.md §0), into a cache
# outside the repo keyed by name and version. A rerun with the output present costs nothing.
#
# usage: buildGoTool.sh NAME MODULE VERSION OUT_DIR 'pkg=binary[:cgo]' … [-- LDFLAGS]
set -euo pipefail
name=$1 module=$2 version=$3 out=$4
shift 4
targets=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do targets+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
ldflags="-s -w ${*:-}"

all_built=true
for t in "${targets[@]}"; do
  bin=${t#*=}; bin=${bin%%:*}
  [ -x "$out/$bin" ] || all_built=false
done
if $all_built; then echo "$name $version: cached in $out"; exit 0; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gowrap-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
go mod init "wrapper/$name" >/dev/null 2>&1
export GOFLAGS=-mod=mod GOSUMDB=${GOSUMDB:-off}
go get "$module@$version" >/dev/null
{
  echo '//go:build tools'
  echo 'package wrapper'
  echo 'import ('
  for t in "${targets[@]}"; do echo "  _ \"${t%%=*}\""; done
  echo ')'
} > tools.go
# -e: tidy also resolves the tools' test-only imports, some of which the mirror lacks
# (nerdctl's tigron); those are not built, so their errors are noise.
go mod tidy -e >/dev/null 2>&1
mkdir -p "$out"
for t in "${targets[@]}"; do
  pkg=${t%%=*} rest=${t#*=}
  bin=${rest%%:*} cgo=0
  [ "$rest" != "$bin" ] && cgo=${rest#*:}
  start=$(date +%s)
  CGO_ENABLED=$cgo go build -trimpath -ldflags "$ldflags" -o "$out/$bin.tmp" "$pkg"
  mv "$out/$bin.tmp" "$out/$bin"
  echo "$name $version: built $bin in $(( $(date +%s) - start ))s ($(du -m "$out/$bin" | cut -f1) MB)"
done
grep -E "^$module " go.sum | head -n 2 > "$out/module.sum" || true
