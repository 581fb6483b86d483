# Progress goes to stderr, only when asked here (stderr is not a terminal):
# --progress ends with a summary line, and stdout is the same as without it.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
yes "il pacco non è mai arrivato" | head -n 3000 >"$tmp/in.txt"
voce classify --lexicon-only "$tmp/in.txt" >"$tmp/quiet" 2>"$tmp/quiet.err"
voce classify --lexicon-only --progress "$tmp/in.txt" >"$tmp/out" 2>"$tmp/err"
echo "exit $?"
cmp -s "$tmp/quiet" "$tmp/out" && echo "stdout unchanged"
[ -s "$tmp/quiet.err" ] || echo "nothing on stderr without --progress"
tail -n 1 "$tmp/err" | sed 's/in [0-9.]* s, [0-9]*\/s$/in T s, R\/s/'
voce filter --lexicon-only --progress -c --sentiment negative "$tmp/in.txt" 2>"$tmp/err"
tail -n 1 "$tmp/err" | sed 's/in [0-9.]* s, [0-9]*\/s$/in T s, R\/s/'
