# --bom: Excel reads a CSV file without a byte-order mark as Windows-1252,
# so what it exported would come back with mangled accents. By default
# (auto) the output begins with a UTF-8 mark when the input came from Excel
# (Windows-1252, UTF-16, or a mark of its own) and stdout is a file: not
# into a pipe, not when appending to a file that has a beginning already,
# never before JSONL. yes and no decide regardless; filter and themes
# --assign do the same.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
bom=$(printf '\357\273\277')
starts() { # FILE: whether it begins with the mark
    if [ "$(head -c 3 "$1")" = "$bom" ]; then echo "a mark"; else echo "no mark"; fi
}
excel=../data/format-excel-it.csv   # Windows-1252, ';', CRLF
utf8=../data/format-tickets.tsv     # UTF-8 without a mark
run() { # NAME ARGS...: classify into a file, say how it begins
    name=$1
    shift
    voce classify --lexicon-only "$@" >"$tmp/out"
    rc=$?
    echo "$name: $(starts "$tmp/out"), exit status $rc"
}
run "Windows-1252 CSV into a file" "$excel"
run "UTF-8 TSV into a file" "$utf8"
{ printf '%s' "$bom"; cat "$utf8"; } >"$tmp/marked.tsv"
run "UTF-8 TSV with a mark into a file" "$tmp/marked.tsv"
run "UTF-16 text into a file" ../data/format-utf16le.txt
run "Windows-1252 CSV as JSONL" -o jsonl "$excel"
run "Windows-1252 CSV, --bom no" --bom no "$excel"
run "UTF-8 TSV, --bom yes" --bom yes "$utf8"
voce classify --lexicon-only "$excel" | head -c 3 >"$tmp/piped"
echo "Windows-1252 CSV into a pipe: $(starts "$tmp/piped")"
voce classify --lexicon-only --bom yes "$excel" | head -c 3 >"$tmp/piped"
echo "into a pipe, --bom yes: $(starts "$tmp/piped")"
voce classify --lexicon-only "$excel" >"$tmp/twice"
voce classify --lexicon-only "$excel" >>"$tmp/twice"
echo "appended: $(grep -c "$bom" "$tmp/twice") mark(s) in the file"
voce classify --lexicon-only "$excel" | cat >"$tmp/piped"
tail -c +4 "$tmp/twice" | head -c "$(wc -c <"$tmp/piped")" | cmp -s - "$tmp/piped" &&
    echo "after the mark: what a pipe gets"
voce filter --lexicon-only --sentiment negative "$excel" >"$tmp/filtered"
echo "filter, Windows-1252 CSV into a file: $(starts "$tmp/filtered")"
voce filter --lexicon-only --sentiment negative "$utf8" >"$tmp/filtered"
echo "filter, UTF-8 TSV into a file: $(starts "$tmp/filtered")"
voce filter --lexicon-only -c --sentiment negative "$excel" >"$tmp/count"
echo "filter -c: $(starts "$tmp/count")"
voce themes --assign "$excel" >"$tmp/themes"
echo "themes --assign, Windows-1252 CSV into a file: $(starts "$tmp/themes")"
voce themes --assign --bom no "$excel" >"$tmp/themes"
echo "themes --assign --bom no: $(starts "$tmp/themes")"
voce themes "$excel" >"$tmp/themes"
echo "themes, its summary: $(starts "$tmp/themes")"
voce classify --bom maybe "$excel" 2>"$tmp/err"
echo "--bom maybe: exit status $?: $(head -n 1 "$tmp/err")"
