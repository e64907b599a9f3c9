#!/usr/bin/env bash
# ctest "version": cmake/write_version.cmake, run against scratch git repositories, gives the version
# from the tag and commit (git describe --tags --always --dirty), the project version outside git,
# and the override when one is given.
# Usage: version_test.sh SOURCE_DIR
set -euo pipefail
script=$(cd "$1" && pwd)/cmake/write_version.cmake
template=$(cd "$1" && pwd)/cmake/version.cpp.in
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

# version_of DIR [OVERRIDE]: what write_version.cmake writes for a source tree at DIR.
version_of() {
  cmake -DSOURCE_DIR="$1" -DPROJECT_VERSION=0.1.0 -DVERSION_OVERRIDE="${2:-}" -DTEMPLATE="$template" \
    -DOUTPUT_CPP="$work/version.cpp" -DOUTPUT_TXT="$work/version.txt" -P "$script" >/dev/null
  cat "$work/version.txt"
}
expect() {
  if [[ $2 =~ ^$3$ ]]; then
    echo "ok: $1: $2"
  else
    echo "FAIL: $1: got '$2', expected /$3/" >&2
    failures=$((failures + 1))
  fi
}

repo=$work/repo
mkdir "$repo"
expect "outside git" "$(version_of "$repo")" '0\.1\.0'

git_() { git -C "$repo" -c user.name=t -c user.email=t@example.invalid "$@" >/dev/null; }
git_ init -q
echo a >"$repo/file"
git_ add file
git_ commit -qm one
commit=$(git -C "$repo" rev-parse --short HEAD)
expect "no tag: the project version and the commit" "$(version_of "$repo")" "0\\.1\\.0-g$commit"
echo b >"$repo/file"
expect "uncommitted change" "$(version_of "$repo")" "0\\.1\\.0-g$commit-dirty"
git_ commit -qam two
git_ tag v1.2.0
expect "on tag v1.2.0" "$(version_of "$repo")" '1\.2\.0'
echo c >"$repo/file"
git_ commit -qam three
commit=$(git -C "$repo" rev-parse --short HEAD)
expect "a commit after the tag" "$(version_of "$repo")" "1\\.2\\.0-1-g$commit"
expect "the override wins" "$(version_of "$repo" 2.0.0~rc1)" '2\.0\.0~rc1'
grep -q "return \"2.0.0~rc1\";" "$work/version.cpp" || { echo "FAIL: version.cpp lacks the version" >&2; failures=$((failures + 1)); }

((failures == 0))
