#!/usr/bin/env bash
# Runs shellcheck over every shell file of the repo: the bats suites and helpers, the scripts, the
# guest's files. Its bats checks matter most: a `! cmd` that is not a test's last line never
# fails the test (SC2314), which is how checks that could not fail got in before.
set -euo pipefail
cd "$(dirname "$0")/../.."
if ! command -v shellcheck >/dev/null; then
  echo "shellcheck is not installed (Debian: apt-get install shellcheck; 'scripts/setup.sh test' installs it)" >&2
  exit 1
fi
files=()
while IFS= read -r -d '' file; do
  case "$file" in
    *.sh|*.bash|*.bats) files+=("$file") ;;
    *) head -n 1 "$file" 2>/dev/null | grep -qE '^#!.*\b(ba)?sh\b' && files+=("$file") ;;
  esac
done < <(git ls-files -z --cached --others --exclude-standard)
shellcheck --severity=warning "${files[@]}"
