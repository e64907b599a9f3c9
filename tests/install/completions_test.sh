#!/usr/bin/env bash
# ctest "completions": the bash and zsh completions offer what the CLI parses, read from its --help:
# the commands; for each command exactly its options and the global ones; the values of options with
# a fixed set; no option where a value is expected, and options again after a flag; PLAN files; the
# profiles of the AWS files. The zsh side runs real completion in a zsh under a pseudo-terminal.
# Usage: completions_test.sh DDBMV_BINARY COMPLETIONS_DIR
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
source "$here/cli_help.sh"
bin=$(realpath "$1")
dir=$(realpath "$2")
command -v zsh >/dev/null || { echo "FAIL: zsh is not installed (scripts/setup installs it)" >&2; exit 1; }
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# Files for PLAN, and AWS files for --profile, in an otherwise empty directory.
cd "$scratch"
mkdir migration && touch migration/plan.json other.json notes.txt
printf '[default]\nregion = us-east-1\n[profile dev]\nregion = eu-west-1\n' >aws-config
printf '[ci]\naws_access_key_id = x\n' >aws-credentials
export AWS_CONFIG_FILE=$scratch/aws-config AWS_SHARED_CREDENTIALS_FILE=$scratch/aws-credentials

# bash_complete WORD...: what _ddbmv offers for the command line WORD... (the last is being completed).
bash_complete() {
  bash --norc --noprofile -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
    COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; _ddbmv; printf "%s\n" "${COMPREPLY[@]}"' \
    _ "$dir/ddbmv.bash" "$@" | sed '/^$/d' | sort -u
}
lines() { printf '%s\n' "$@" | sed '/^$/d' | sort -u; }
expect_same() {  # WHAT EXPECTED ACTUAL
  [[ $2 == "$3" ]] && return
  fail "$1"
  diff <(echo "$2") <(echo "$3") | sed -n 's/^</    missing:/p; s/^>/    extra:  /p' >&2 || true
}

commands=$(cli_commands "$bin" | sort -u)
top=$(cli_options "$bin")
global=$(grep -vxF -- --version <<<"$top")  # after a command: --version is only ddbmv --version

# zsh: one session, every line at once (see zsh_complete.zsh); blocks end with <<<END>>>.
zsh_lines=("ddbmv " "ddbmv -" "ddbmv --output " "ddbmv --profile " "ddbmv status ")
for command in $commands; do
  zsh_lines+=("ddbmv $command -")
  for option in $(cli_value_options "$bin" "$command"); do
    [[ -n $(cli_choices "$bin" "$command" "$option") ]] && zsh_lines+=("ddbmv $command $option ")
  done
done
zsh_output=$(zsh "$here/zsh_complete.zsh" "$dir" "${zsh_lines[@]}") || fail "zsh completion did not run"
declare -A zsh_offers
index=0
block=
while IFS= read -r line; do
  if [[ $line == "<<<END>>>" ]]; then
    zsh_offers[${zsh_lines[index]}]=$(lines $block)
    block=
    index=$((index + 1))
  else
    block+=" $line"
  fi
done <<<"$zsh_output"
zsh_complete() { echo "${zsh_offers[$1]-<not run>}"; }

for shell in bash zsh; do
  if [[ $shell == bash ]]; then
    offers() { bash_complete "$@"; }
  else
    offers() { zsh_complete "$*"; }
  fi
  expect_same "$shell: 'ddbmv <TAB>' offers other than the commands" "$commands" "$(offers ddbmv '')"
  expect_same "$shell: 'ddbmv -<TAB>' offers other than ddbmv's options" "$top" "$(offers ddbmv -)"
  expect_same "$shell: 'ddbmv --output <TAB>'" "$(cli_choices "$bin" --output)" "$(offers ddbmv --output '')"
  expect_same "$shell: 'ddbmv --profile <TAB>' offers other than the AWS files' profiles" \
    "$(lines ci default dev)" "$(offers ddbmv --profile '')"
  plan_offers=$(offers ddbmv status '')
  grep -qx 'other.json' <<<"$plan_offers" && grep -qE '^migration/?$' <<<"$plan_offers" &&
    ! grep -q notes.txt <<<"$plan_offers" || fail "$shell: 'ddbmv status <TAB>' offers '$plan_offers', not DIR/ and *.json"
  for command in $commands; do
    expected=$(lines $(cli_options "$bin" "$command") $global)
    expect_same "$shell: 'ddbmv $command -<TAB>' offers other than the options ddbmv $command parses" \
      "$expected" "$(offers ddbmv "$command" -)"
    for option in $(cli_value_options "$bin" "$command"); do
      choices=$(cli_choices "$bin" "$command" "$option")
      [[ -z $choices ]] || expect_same "$shell: 'ddbmv $command $option <TAB>'" "$choices" "$(offers ddbmv "$command" "$option" '')"
    done
  done
done

# bash only (zsh's _arguments knows from each spec whether a value follows): an option where a value
# is expected is wrong, and after a flag the options come again.
for command in $commands; do
  values=$(cli_value_options "$bin" "$command")
  for option in $(cli_options "$bin" "$command"); do
    [[ $option == -h || $option == --help ]] && continue
    after=$(bash_complete ddbmv "$command" "$option" -)
    if grep -qxF -- "$option" <<<"$values"; then
      [[ -z $after ]] || fail "bash: 'ddbmv $command $option -<TAB>' offers options where $option's value goes"
    else
      grep -qx -- --help <<<"$after" || fail "bash: after the flag $option, 'ddbmv $command $option -<TAB>' offers no options"
    fi
  done
done
# Where PLAN goes, the value of an option is not taken for it, and after PLAN no file is offered: so
# the completion knows which options take a value.
for command in $commands; do
  cli_positionals "$bin" "$command" | grep -qx PLAN || continue
  values=$(cli_value_options "$bin" "$command")
  for option in $(cli_options "$bin" "$command"); do
    [[ $option == -h || $option == --help ]] && continue
    if grep -qxF -- "$option" <<<"$values"; then
      bash_complete ddbmv "$command" "$option" 1 '' | grep -qx other.json ||
        fail "bash: 'ddbmv $command $option 1 <TAB>' offers no PLAN: it took $option's value for the PLAN"
    else
      [[ -z $(bash_complete ddbmv "$command" "$option" other.json '') ]] ||
        fail "bash: 'ddbmv $command $option other.json <TAB>' offers a second PLAN: it took other.json for $option's value"
    fi
  done
done
expect_same "bash: 'ddbmv --output=<TAB>'" "$(cli_choices "$bin" --output)" "$(bash_complete ddbmv --output = '')"
expect_same "bash: 'ddbmv --region us-east-1 <TAB>' (a value is no command)" "$commands" \
  "$(bash_complete ddbmv --region us-east-1 '')"

if ((failures)); then
  echo "$failures completion check(s) failed" >&2
  exit 1
fi
echo "ok: bash and zsh complete $(wc -w <<<"$commands") commands and their options as ddbmv parses them"
