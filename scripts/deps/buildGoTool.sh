#!/usr/bin/env bash
# Builds Go tools from their modules through a small wrapper module (the proxy here answers
# 403 for version lists, so `go install tool@v` cannot work; lima-notes.md §0), into a cache
# outside the repo keyed by name and version. A rerun with the output present costs nothing.
#
# usage: buildGoTool.sh NAME MODULE VERSION OUT_DIR 'pkg=binary[:cgo]' … [-- LDFLAGS]
# env:   GO_SUM_FILE       the committed go.sum of the wrapper (default resources/go-sums/NAME.sum):
#                          every module the build fetches is checked against it, not only
#                          the tool's own, and a hash that differs or is missing fails
#        GO_SUM_UPDATE     1: (re)write GO_SUM_FILE from what the proxy serves now (after a
#                          version bump), running only the resolution steps when the
#                          outputs are cached; review the diff before committing it
#        GO_BUILD_TAGS     build tags (comma-separated) for every target
#        GO_COPY_REPLACES  1: copy the module's own replace and exclude lines (all but local
#                          `=> ./dir` ones, whose dirs are not in the module zip) into the
#                          wrapper, since a wrapper ignores the tool's go.mod directives
set -euo pipefail
name=$1 module=$2 version=$3 out=$4
shift 4
targets=()
while [ $# -gt 0 ] && [ "$1" != -- ]; do targets+=("$1"); shift; done
[ "${1:-}" = -- ] && shift
ldflags="-s -w ${*:-}"
tags=${GO_BUILD_TAGS:-}

here=$(cd "$(dirname "$0")" && pwd)
gosum_name=$name
gosum_file=${GO_SUM_FILE:-$here/../../resources/go-sums/$name.sum}
gosum_update=${GO_SUM_UPDATE:-}
# shellcheck source=scripts/deps/goSums.bash
. "$here/goSums.bash"

all_built=true
for t in "${targets[@]}"; do
  bin=${t#*=}; bin=${bin%%:*}
  [ -x "$out/$bin" ] || all_built=false
done
if $all_built && [ "$gosum_update" != 1 ]; then echo "$name $version: cached in $out"; exit 0; fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gowrap-$name.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
go mod init "wrapper/$name" >/dev/null 2>&1
export GOFLAGS=-mod=mod GOSUMDB=${GOSUMDB:-off}
gosum_seed
if [ "${GO_COPY_REPLACES:-}" = 1 ]; then
  gomod=$(go mod download -json "$module@$version" | sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p')
  # `go mod edit -json` prints the directives; node (which runs this script) turns them into
  # `go mod edit` flags.
  go mod edit -json "$gomod" | node -e '
    const m = JSON.parse(require("fs").readFileSync(0, "utf8"));
    const at = (p) => p.Version ? `${ p.Path }@${ p.Version }` : p.Path;
    for (const r of m.Replace ?? []) if (!/^[./]/.test(r.New.Path)) console.log(`-replace=${ at(r.Old) }=${ at(r.New) }`);
    for (const e of m.Exclude ?? []) console.log(`-exclude=${ at(e) }`);
  ' | while read -r flag; do go mod edit "$flag"; done
fi
go get "$module@$version" >/dev/null 2>get.log || { cat get.log >&2; gosum_refuse "go get failed (see above; a checksum mismatch means a hash differs from $gosum_file)"; }
{
  echo '//go:build tools'
  echo 'package wrapper'
  echo 'import ('
  for t in "${targets[@]}"; do echo "  _ \"${t%%=*}\""; done
  echo ')'
} > tools.go
gosum_tidy
gosum_settle
# Read-only from here: the build loads nothing whose hash is not in go.sum.
export GOFLAGS=-mod=readonly
go list -deps ${tags:+-tags "$tags"} "${targets[@]%%=*}" >/dev/null 2>list.log || { cat list.log >&2; gosum_refuse "the committed sums do not cover the build (see above)"; }
if $all_built; then echo "$name $version: outputs cached in $out, sums checked"; exit 0; fi
mkdir -p "$out"
for t in "${targets[@]}"; do
  pkg=${t%%=*} rest=${t#*=}
  bin=${rest%%:*} cgo=0
  [ "$rest" != "$bin" ] && cgo=${rest#*:}
  start=$(date +%s)
  CGO_ENABLED=$cgo go build -trimpath ${tags:+-tags "$tags"} -ldflags "$ldflags" -o "$out/$bin.tmp" "$pkg"
  mv "$out/$bin.tmp" "$out/$bin"
  echo "$name $version: built $bin in $(( $(date +%s) - start ))s ($(du -m "$out/$bin" | cut -f1) MB)"
done
grep -E "^$module " go.sum | head -n 2 > "$out/module.sum" || true
