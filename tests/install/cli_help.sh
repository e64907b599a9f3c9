# Sourced by the install tests: what the CLI parses, read from its own --help (CLI11's layout: section
# headers "Options:", "Subcommands:" at column 0; an entry at column 2 as "-y,--yes TYPE:{a,b}"; its
# description after padding, or on the next line, indented further).

# cli_commands BIN: the commands `BIN --help` lists, one a line.
cli_commands() {
  "$1" --help | awk '/^[^ ]/ {section = tolower($0); next}
                     section == "subcommands:" && /^  [a-z]/ {print $1}'
}

# cli_option_lines BIN [COMMAND]: the entries of the Options section of `BIN [COMMAND] --help`.
cli_option_lines() {
  local bin=$1
  shift
  "$bin" "$@" --help | awk '/^[^ ]/ {section = tolower($0); next} section == "options:" && /^  -/'
}

# cli_options BIN [COMMAND]: each option name (-y and --yes apart), sorted, one a line.
cli_options() {
  cli_option_lines "$@" | awk '{n = split($1, names, ","); for (i = 1; i <= n; i++) print names[i]}' | sort -u
}

# cli_value_options BIN [COMMAND]: the names of the options that take a value (a type follows the
# names after one space), sorted, one a line.
cli_value_options() {
  cli_option_lines "$@" | awk '/^  -[^ ]+ [^ ]/ {n = split($1, names, ","); for (i = 1; i <= n; i++) print names[i]}' |
    sort -u
}

# cli_choices BIN [COMMAND] OPTION: the values OPTION accepts when the CLI checks them against a set
# ("--output TEXT:{text,json}"), sorted, one a line; nothing when any value goes.
cli_choices() {
  local option=${*: -1}
  cli_option_lines "${@:1:$#-1}" |
    awk -v option="$option" '{n = split($1, names, ","); for (i = 1; i <= n; i++) if (names[i] == option) print}' |
    sed -n 's/^[^{]*:{\([^}]*\)}.*$/\1/p' | tr ',' '\n' | sort -u
}

# cli_positionals BIN COMMAND: the names of the positional arguments of `BIN COMMAND --help`.
cli_positionals() {
  "$1" "$2" --help | awk '/^[^ ]/ {section = tolower($0); next} section == "positionals:" && /^  [^ ]/ {print $1}'
}
