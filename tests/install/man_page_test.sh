#!/usr/bin/env bash
# ctest "man_page": ddbmv(1) renders without a warning (groff -ww, man -l), and it documents what the
# CLI parses, both ways: every command (in SYNOPSIS and as a subsection of COMMANDS) with each of its
# options, and every global option; and no option the CLI no longer has.
# Usage: man_page_test.sh DDBMV_BINARY MAN_PAGE
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/cli_help.sh"
bin=$1
page=$2
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

warnings=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
[[ -z $warnings ]] || fail "groff -man -ww warns: $warnings"
warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
[[ -z $warnings ]] || fail "man -l warns: $warnings"

# Plain text, as man shows it: sections at column 0, subsections at 3, option tags at 7.
text=$(groff -man -Tascii -P-cbou -rLL=200n -rHY=0 "$page" 2>/dev/null)
# section TITLE / subsection PREFIX: the lines under it, up to the next one of its level or above.
section() { awk -v title="$1" '/^[A-Z]/ {inside = ($0 == title); next} inside' <<<"$text"; }
subsection() { awk -v head="$1" '/^[A-Z]/ || /^   [^ ]/ {inside = (index($0, head) == 1); next} inside' <<<"$text"; }
# The options a section documents: the tags of its entries (column 7, starting with '-').
documented_options() { grep -E '^       -' | grep -oE '(^|[ ,])--?[a-z][a-z-]*' | tr -d ' ,' | sort -u; }
mentions() { grep -qE -- "(^|[^a-z-])$1([^a-z-]|\$)"; }

commands=$(cli_commands "$bin")
[[ -n $commands ]] || fail "'$bin --help' lists no command"
synopsis=$(section SYNOPSIS)
for command in $commands; do
  grep -qE "^ +ddbmv \[global-options\] $command( |$)" <<<"$synopsis" || fail "SYNOPSIS lacks 'ddbmv $command'"
  body=$(subsection "   ddbmv $command ")
  if ! grep -q "^   ddbmv $command\( \|$\)" <<<"$text"; then
    fail "COMMANDS has no subsection 'ddbmv $command'"
    continue
  fi
  parsed=$(cli_options "$bin" "$command" | grep -vxE -- '-h|--help' || true)
  for option in $parsed; do
    mentions "$option" <<<"$body" || fail "ddbmv $command parses $option; its man page subsection does not mention it"
    # SYNOPSIS shows the long names (-y is --yes).
    [[ $option != --* ]] || mentions "$option" <<<"$synopsis" || fail "ddbmv $command parses $option; SYNOPSIS does not show it"
  done
  for option in $(documented_options <<<"$body"); do
    grep -qxF -- "$option" <<<"$parsed" || fail "the man page documents 'ddbmv $command $option', which the CLI does not parse"
  done
done
for subsection_head in $(grep -oE '^   ddbmv [a-z-]+' <<<"$text" | awk '{print $2}'); do
  grep -qxF "$subsection_head" <<<"$commands" || fail "the man page documents 'ddbmv $subsection_head', which is no command"
done

globals=$(section "GLOBAL OPTIONS")
parsed=$(cli_options "$bin")
for option in $parsed; do
  mentions "$option" <<<"$globals" || fail "ddbmv parses the global option $option; GLOBAL OPTIONS does not document it"
done
for option in $(documented_options <<<"$globals"); do
  grep -qxF -- "$option" <<<"$parsed" || fail "GLOBAL OPTIONS documents $option, which ddbmv does not parse"
done
for heading in NAME SYNOPSIS DESCRIPTION "GLOBAL OPTIONS" COMMANDS "AWS SETTINGS" ENVIRONMENT "EXIT STATUS" FILES EXAMPLES; do
  grep -qx "$heading" <<<"$text" || fail "no section $heading"
done

if ((failures)); then
  echo "$failures check(s) of $page failed" >&2
  exit 1
fi
echo "ok: $page documents $(wc -w <<<"$commands") commands and their options, renders without warnings"
