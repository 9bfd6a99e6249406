# Sourced by the Go build scripts: every module a wrapper module fetches is checked against
# a committed go.sum (resources/go-sums/NAME.sum), not only the tool's own hash.
# shellcheck disable=SC2154 # the caller sets gosum_name, gosum_file and gosum_update
# Set before sourcing: gosum_name (tool name), gosum_file (the committed file) and
# gosum_update (1: rewrite the file from what the proxy serves now, after a version bump).

gosum_refuse() {
  echo "$gosum_name: $1 (a module on the proxy changed, or the tool's dependencies did: if you bumped its version, regenerate $gosum_file with RD_GO_SUM_UPDATE=1 node dist/tools/deps.js $gosum_name, review and commit it)" >&2
  exit 1
}

# In the wrapper, before the first download: go then refuses a module whose hash differs.
gosum_seed() {
  [ "$gosum_update" = 1 ] && return 0
  [ -s "$gosum_file" ] || gosum_refuse "no committed go.sum at $gosum_file"
  cp "$gosum_file" go.sum
}

# `go mod tidy -e`: -e lets it pass over the tools' test-only imports that the mirror lacks
# (nerdctl's tigron; those are not built), but a hash that differs from go.sum still stops
# it, and that must be said, not swallowed.
gosum_tidy() {
  go mod tidy -e >tidy.log 2>&1 || { tail -n 20 tidy.log >&2; gosum_refuse "go mod tidy failed (see above; a checksum mismatch means a hash differs from $gosum_file)"; }
}

# After gosum_tidy: writes the committed file, or refuses any hash it lacks (tidy may
# have added one) and puts the committed file back as the wrapper's go.sum.
gosum_settle() {
  if [ "$gosum_update" = 1 ]; then
    mkdir -p "$(dirname "$gosum_file")"
    cp go.sum "$gosum_file"
    echo "$gosum_name: wrote $gosum_file ($(wc -l < go.sum) lines)"
    return 0
  fi
  local unknown
  unknown=$(grep -vxF -f "$gosum_file" go.sum || true)
  [ -z "$unknown" ] || gosum_refuse "these module hashes are not in $gosum_file:"$'\n'"$unknown"
  cp "$gosum_file" go.sum
}
