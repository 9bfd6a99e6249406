#!/usr/bin/env bash
# Builds the Kubernetes multicall binary (scripts/deps/kubernetes/main.go) from upstream's
# k8s.io/kubernetes module: a wrapper module that requires it and points each of its
# staging modules (`k8s.io/api => ./staging/...` in its go.mod, absent from the module zip)
# at the published v0.<minor>.<patch> (lima-notes.md §0). Cached in OUT_DIR by version.
# Each component's name is a hard link to the one binary, so OUT_DIR has the same files an
# official release has (the release path installs those instead).
#
# Every module the wrapper fetches is checked against resources/go-sums/kubernetes.sum
# (goSums.bash); RD_GO_SUM_UPDATE=1 rewrites it after a version bump.
#
# usage: buildKubernetes.sh VERSION OUT_DIR      (VERSION like v1.34.4)
set -euo pipefail
version=$1 out=$2
here=$(cd "$(dirname "$0")" && pwd)
gosum_name=kubernetes
gosum_file=${GO_SUM_FILE:-$here/../../resources/go-sums/kubernetes.sum}
gosum_update=${GO_SUM_UPDATE:-${RD_GO_SUM_UPDATE:-}}
# shellcheck source=scripts/deps/goSums.bash
. "$here/goSums.bash"
components=(kube-apiserver kube-controller-manager kube-scheduler kubelet kube-proxy kubectl)
link_components() {
  for c in "${components[@]}"; do ln -f "$out/rd-kubernetes" "$out/$c"; done
}
if [ -x "$out/rd-kubernetes" ] && [ "$gosum_update" != 1 ]; then
  link_components
  echo "kubernetes $version: cached in $out"
  exit 0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/gowrap-kubernetes.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"
export GOFLAGS=-mod=mod GOSUMDB=${GOSUMDB:-off}
go mod init wrapper/kubernetes >/dev/null 2>&1
gosum_seed
dir=$(go mod download -json "k8s.io/kubernetes@$version" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
staging=v0.${version#v1.}
# Every staging module the upstream go.mod replaces, pinned to its published release.
sed -n 's#^\s*\(k8s.io/[a-z0-9-]*\) => ./staging/.*#\1#p' "$dir/go.mod" | while read -r mod; do
  go mod edit -replace="$mod=$mod@$staging"
done
go mod edit -require="k8s.io/kubernetes@$version"
cp "$here/kubernetes/main.go" .
gosum_tidy
gosum_settle
# Read-only from here: the build loads nothing whose hash is not in go.sum.
export GOFLAGS=-mod=readonly
if [ -x "$out/rd-kubernetes" ]; then echo "kubernetes $version: outputs cached in $out, sums written"; exit 0; fi
mkdir -p "$out"
start=$(date +%s)
CGO_ENABLED=0 go build -trimpath -tags providerless \
  -ldflags "-s -w -X k8s.io/component-base/version.gitVersion=$version -X k8s.io/client-go/pkg/version.gitVersion=$version" \
  -o "$out/rd-kubernetes.tmp" .
mv "$out/rd-kubernetes.tmp" "$out/rd-kubernetes"
link_components
echo "kubernetes $version: built rd-kubernetes in $(( $(date +%s) - start ))s ($(du -m "$out/rd-kubernetes" | cut -f1) MB)"
grep -E '^k8s.io/kubernetes ' go.sum | head -n 2 > "$out/module.sum" || true
