# The manual page and the bash completion name every command of the command
# table and every long option of each command's usage, so that neither can
# drift from the program silently. A failure lists what is missing where.
man=../../src/cli/voce.1
completion=../../src/cli/voce.bash-completion
status=0
say() { echo "$*"; status=1; }

commands=$(voce help | sed -n '/^commands:/,/^$/p' | awk 'NF >= 2 { print $1 }')
[ -n "$commands" ] || say "no commands in 'voce help'"

# roff writes a hyphen as \- : read the page with plain hyphens.
page=$(sed 's/\\-/-/g' "$man")

# The text of the page's section on one command, up to the next section.
section() {
    printf '%s\n' "$page" | awk -v head=".SS voce $1" '
        $0 == head { on = 1; next }
        /^\.S[SH] / { on = 0 }
        on'
}

# The long options of a usage text: all of the synopsis (the lines before
# "eg:"), and the first of each line of the option table; not the ones
# prose mentions in passing.
usage_options() {
    awk '/^ *eg:/ { synopsis = 0 }
         NR == 1 { synopsis = 1 }
         synopsis { print; next }
         /^ +(-[A-Za-z0-9], )?--[A-Za-z]/ { sub(/^ +(-[A-Za-z0-9], )?/, ""); print $1 }' |
        grep -o -- '--[A-Za-z][A-Za-z0-9-]*' | sort -u
}

# What the completion offers for the words given (the last one being completed).
complete_words() {
    bash -c '. "$0"; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _voce
             printf "%s\n" "${COMPREPLY[@]}"' "$completion" "$@"
}

offered=$(complete_words voce "")
for opt in -h --help --version; do
    printf '%s\n' "$page" | grep -q -- "$opt" || say "voce.1: no '$opt'"
    printf '%s\n' "$offered" | grep -qx -- "$opt" || say "completion: 'voce' does not offer '$opt'"
done

for cmd in $commands; do
    printf '%s\n' "$offered" | grep -qx "$cmd" || say "completion: 'voce' does not offer '$cmd'"
    text=$(section "$cmd")
    if [ -z "$text" ]; then
        say "voce.1: no section '.SS voce $cmd'"
        continue
    fi
    options=$(voce help "$cmd" | usage_options)
    cmd_offers=$(complete_words voce "$cmd" --)
    for opt in $options; do
        printf '%s\n' "$text" | grep -q -- "$opt\([^A-Za-z0-9-]\|$\)" ||
            say "voce.1: section 'voce $cmd' does not mention '$opt'"
        printf '%s\n' "$cmd_offers" | grep -qx -- "$opt" ||
            say "completion: 'voce $cmd' does not offer '$opt'"
    done
done

# The page's header names the version the program reports.
version=$(voce version | sed -n 's/^voce //p')
grep -q "^\.TH VOCE 1 .*\"voce $version\"" "$man" || say "voce.1: .TH does not say voce $version"

# groff, where installed, finds nothing to warn about.
if command -v groff >/dev/null 2>&1; then
    warnings=$(groff -man -ww -z "$man" 2>&1)
    [ -z "$warnings" ] || say "groff: $warnings"
fi

[ $status = 0 ] && echo "voce.1 and voce.bash-completion name every command and long option"
exit $status
