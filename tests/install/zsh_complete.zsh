#!/usr/bin/env zsh
# zsh_complete.zsh FPATH_DIR LINE...: for each LINE, the candidates zsh's completion offers at its end
# (with FPATH_DIR first in fpath), one a line, each LINE's block ending with a line "<<<END>>>".
# Real completion: an interactive zsh under a pseudo-terminal (zsh/zpty) is sent LINE and a TAB; a
# compadd wrapper prints the candidates each completion function adds; then the line is cleared.
emulate -L zsh
zmodload zsh/zpty || exit 2
local dir=$1
shift
local setup=$(mktemp)
cat >$setup <<SETUP
PROMPT=
fpath=(${(q)dir} \$fpath)
autoload -U compinit && compinit -u -D
zstyle ':completion:*' list-grouped false
zstyle ':completion:*' insert-tab false
zstyle ':completion:*' menu no
marker() { print -r -- "<<<""MARK>>>" }
capture-complete() { compprefuncs=(marker); comppostfuncs=(marker); zle complete-word; zle kill-whole-line }
zle -N capture-complete
compadd() {
  if [[ \${@[1,(i)(-|--)]} == *-(O|A|D)\\ * ]]; then builtin compadd "\$@"; return; fi
  local -a __hits
  builtin compadd -A __hits "\$@"
  (( \$#__hits )) && print -rl -- "<<<""HIT>>>"\${^__hits}
  builtin compadd "\$@"
}
bindkey '^I' capture-complete
bindkey '^M' undefined-key
bindkey '^J' undefined-key
SETUP
TERM=dumb zpty z zsh -f -i
zpty -w z "source ${(q)setup}"
local line out chunk
for line in "$@"; do
  zpty -n -w z "$line"$'\t'
  out=
  integer deadline=$(( SECONDS + 10 ))
  while (( SECONDS < deadline )); do
    zpty -r -t z chunk || { sleep 0.02; continue; }
    out+=$chunk
    [[ $out == *"<<<MARK>>>"*"<<<MARK>>>"* ]] && break
  done
  if [[ $out != *"<<<MARK>>>"*"<<<MARK>>>"* ]]; then
    print -u2 "zsh_complete.zsh: no completion seen for '$line'"
    zpty -d z; rm -f $setup; exit 1
  fi
  print -rl -- ${${(M)${(f)out//$'\r'/}:#<<<HIT>>>*}#<<<HIT>>>} "<<<END>>>"
done
zpty -d z
rm -f $setup
