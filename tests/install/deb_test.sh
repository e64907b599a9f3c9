#!/usr/bin/env bash
# ctest "package": builds the .deb from BUILD_DIR (cpack -G DEB, into a scratch directory) and checks
# it without installing it: its control fields (name, the version ddbmv --version prints, architecture,
# maintainer, section, description, dependencies that are real packages of this system), its file list,
# and that the binary extracted from it runs and prints that version.
# Usage: deb_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

if ! (cd "$build" && cpack -G DEB -B "$work/out") >"$work/cpack.log" 2>&1; then
  cat "$work/cpack.log" >&2
  echo "FAIL: cpack -G DEB failed (its output is above)" >&2
  exit 1
fi
debs=("$work"/out/ddbmv_*.deb)
[[ ${#debs[@]} -eq 1 && -f ${debs[0]} ]] || { echo "FAIL: expected one ddbmv_*.deb, got: ${debs[*]}" >&2; exit 1; }
deb=${debs[0]}
echo "built $(basename "$deb")"

# The version: what the built binary prints, in its Debian form (1.2.0-3-gabc1234 -> 1.2.0+3.gabc1234).
printed=$("$build/ddbmv" --version)
version=${printed#ddbmv }
[[ $printed == "ddbmv $version" && -n $version ]] || fail "ddbmv --version printed '$printed'"
debian_version=$(sed 's/-/+/; s/-/./g' <<<"$version")

field() { dpkg-deb -f "$deb" "$1"; }
expect_field() {
  local actual
  actual=$(field "$1")
  [[ $actual == "$2" ]] || fail "control field $1 is '$actual', expected '$2'"
}
expect_field Package ddbmv
expect_field Version "$debian_version"
expect_field Architecture "$(dpkg --print-architecture)"
expect_field Section database
expect_field Priority optional
[[ $(field Maintainer) =~ ^[^\<]+\ \<[^@\>]+@[^\>]+\>$ ]] || fail "Maintainer '$(field Maintainer)' is not 'Name <email>'"
[[ $(field Description) == "rename Amazon DynamoDB tables safely"$'\n'" DynamoDB has no rename. "* ]] ||
  fail "Description is not its summary line followed by the long description: $(field Description)"
[[ -z $(field Homepage) ]] || fail "there is no homepage, yet the package names one: $(field Homepage)"
[[ $(dpkg-deb -I "$deb") == *"Installed-Size:"* ]] || fail "no Installed-Size in dpkg-deb -I"

# Dependencies: dpkg-shlibdeps's, one per library the binary links; each a package installed here
# (the binary runs here, so the packages that provide its libraries are installed).
depends=$(field Depends)
echo "Depends: $depends"
for needed in libc6 libstdc++6 libcurl4 libssl3 libfmt9; do
  [[ ", $depends," == *", $needed "* || ", $depends," == *", $needed,"* ]] || fail "Depends lacks $needed"
done
IFS=',' read -ra alternatives <<<"$depends"
for dependency in "${alternatives[@]}"; do
  name=$(awk '{print $1}' <<<"$dependency")
  [[ $(dpkg-query -W -f='${Status}' "$name" 2>/dev/null) == "install ok installed" ]] ||
    fail "dependency '$name' is not a package installed on this system"
done

# Files: exactly these, owned by root.
expected_files=(
  ./usr/bin/ddbmv
  ./usr/share/bash-completion/completions/ddbmv
  ./usr/share/doc/ddbmv/README.md
  ./usr/share/doc/ddbmv/live-writes.md
  ./usr/share/doc/ddbmv/rollback.md
  ./usr/share/man/man1/ddbmv.1.gz
  ./usr/share/zsh/vendor-completions/_ddbmv
)
listing=$(dpkg-deb -c "$deb")
actual_files=$(awk '$1 !~ /^d/ {print $6}' <<<"$listing" | sort)
if [[ $actual_files != "$(printf '%s\n' "${expected_files[@]}")" ]]; then
  fail "the package's files differ from the expected ones:"
  diff <(printf '%s\n' "${expected_files[@]}") <(echo "$actual_files") >&2 || true
fi
awk '$2 != "root/root" {print "FAIL: not owned by root/root: " $0; bad = 1} END {exit bad}' <<<"$listing" >&2 ||
  failures=$((failures + 1))
grep -Eq '^-rwxr-xr-x .* \./usr/bin/ddbmv$' <<<"$listing" || fail "usr/bin/ddbmv is not -rwxr-xr-x"

# Extracted, the binary runs and prints the same version; it was stripped; the man page renders.
dpkg-deb -x "$deb" "$work/root"
extracted=$("$work/root/usr/bin/ddbmv" --version) || fail "the extracted ddbmv --version failed"
[[ $extracted == "$printed" ]] || fail "the extracted ddbmv --version printed '$extracted', expected '$printed'"
[[ $(file -b "$work/root/usr/bin/ddbmv") == *ELF*", stripped"* ]] ||
  fail "usr/bin/ddbmv is not a stripped ELF: $(file -b "$work/root/usr/bin/ddbmv")"
page=$(MANWIDTH=80 man -l "$work/root/usr/share/man/man1/ddbmv.1.gz" 2>&1) || fail "man -l failed on the packaged page"
[[ $page == *"ddbmv - rename Amazon DynamoDB tables safely"* ]] || fail "the packaged man page does not render its NAME"
bash -c 'source "$1" && complete -p ddbmv' _ "$work/root/usr/share/bash-completion/completions/ddbmv" >/dev/null ||
  fail "the packaged bash completion does not register for ddbmv"

if ((failures)); then
  echo "$failures check(s) failed for $(basename "$deb")" >&2
  exit 1
fi
echo "ok: $(basename "$deb") (Version $debian_version)"
