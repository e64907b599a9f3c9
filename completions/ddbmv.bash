# bash completion for ddbmv: its commands, their options, and the values some options take.
# Installed as share/bash-completion/completions/ddbmv. tests/install/completions_test.sh checks it
# offers exactly the options each command parses (ddbmv COMMAND --help). Needs only bash's own
# compgen, not the bash-completion package's helpers.

# The profiles of the shared AWS files: [profile NAME] and [default] in config, [NAME] in credentials.
_ddbmv_profiles() {
  local config=${AWS_CONFIG_FILE:-$HOME/.aws/config}
  local credentials=${AWS_SHARED_CREDENTIALS_FILE:-$HOME/.aws/credentials}
  {
    [[ -r $config ]] && sed -n 's/^[[:space:]]*\[\(profile[[:space:]]\{1,\}\)\{0,1\}\([^]]*\)\][[:space:]]*$/\2/p' "$config"
    [[ -r $credentials ]] && sed -n 's/^[[:space:]]*\[\([^]]*\)\][[:space:]]*$/\1/p' "$credentials"
  } 2>/dev/null | sort -u
}

_ddbmv() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=
  ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
  # bash splits --option=value at '=': complete the value of the option before it.
  if [[ $cur == = ]]; then
    cur=
  elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
    prev=${COMP_WORDS[COMP_CWORD - 2]}
  fi

  local global="--profile --region --endpoint-url --output --debug --no-progress --help -h"
  local selection="--prefix --pattern --count --concurrency"
  local commands="discover plan apply status rollback decommission"
  # Options followed by a value (the word after one is not a command or a positional argument).
  local with_value="--profile --region --endpoint-url --output --prefix --pattern --concurrency --rename
    --rename-file --critical --inventory --out --until --segments --max-write-rate --test-events
    --live-quiet --drain --after"

  case $prev in
    --output) mapfile -t COMPREPLY < <(compgen -W "text json" -- "$cur"); return ;;
    --until) mapfile -t COMPREPLY < <(compgen -W "prepare create copy cutover validate" -- "$cur"); return ;;
    --profile) mapfile -t COMPREPLY < <(compgen -W "$(_ddbmv_profiles)" -- "$cur"); return ;;
    --rename-file | --inventory) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur"); return ;;
    --out | --test-events) compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur"); return ;;
    --region | --endpoint-url | --prefix | --pattern | --concurrency | --rename | --critical | --segments | \
      --max-write-rate | --live-quiet | --drain | --after)
      COMPREPLY=(); return ;;
  esac

  # The command: the first word that is neither an option nor an option's value.
  local i word command= positionals=0
  for ((i = 1; i < COMP_CWORD; i++)); do
    word=${COMP_WORDS[i]}
    if [[ $word == = ]]; then
      ((i++))
    elif [[ $word == -* ]]; then
      [[ " ${with_value//$'\n'/ } " == *" $word "* && ${COMP_WORDS[i + 1]} != = ]] && ((i++))
    elif [[ -z $command ]]; then
      command=$word
    else
      ((positionals++))
    fi
  done

  local options
  case $command in
    "")
      if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$global --version" -- "$cur")
      else
        mapfile -t COMPREPLY < <(compgen -W "$commands" -- "$cur")
      fi
      return ;;
    discover) options="$selection" ;;
    plan) options="$selection --rename --rename-file --critical --inventory --out --force" ;;
    apply) options="--yes -y --until --segments --max-write-rate --test-events --publish-aliases --no-live --live-quiet" ;;
    status) options="" ;;
    rollback) options="--delete-new-tables --drain" ;;
    decommission) options="--after --dry-run" ;;
    *) COMPREPLY=(); return ;;
  esac
  if [[ $cur == -* ]]; then
    mapfile -t COMPREPLY < <(compgen -W "$options $global" -- "$cur")
  elif [[ $command == @(apply|status|rollback|decommission) ]] && ((positionals == 0)); then
    # PLAN: DIR/plan.json or DIR.
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -d -- "$cur"; compgen -f -X '!*.json' -- "$cur")
  else
    COMPREPLY=()  # table names: ddbmv does not call AWS to complete
  fi
}

complete -F _ddbmv ddbmv
