# One record in, one record out, in order, on hostile input: a BOM, CRLF, NUL
# bytes, invalid UTF-8, blank and white-space lines, a 1 MB line, 100k '!', a
# long 'ahahah', control characters, a lone CR. Every line gets its output line
# (the text itself is cut off here), repairs are warned about with file:line,
# and the run exits 1.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
{
    printf '\357\273\277Primo commento dopo un BOM, ottimo\r\n'
    printf 'riga con CRLF: pessimo servizio\r\n'
    printf 'un NUL\000nel mezzo, tutto bene\n'
    printf 'Latin-1 in UTF-8: perch\351 cos\354 caro?\n'
    printf '\n'
    printf '   \t  \n'
    head -c 1048576 /dev/zero | tr '\0' 'a'; printf '\n'
    head -c 100000 /dev/zero | tr '\0' '!'; printf '\n'
    i=0; while [ $i -lt 5000 ]; do printf 'ahah'; i=$((i + 1)); done; printf '\n'
    printf 'controlli \001\002\033[31m colorati\n'
    printf 'un CR\rda solo, il pacco non arriva\n'
    printf 'ultima riga senza a capo: consegna rapida'
} >"$tmp/hostile.txt"
voce classify --lexicon-only "$tmp/hostile.txt" >"$tmp/out" 2>"$tmp/err"
status=$?
echo "lines in: $(($(wc -l <"$tmp/hostile.txt") + 1)), lines out: $(wc -l <"$tmp/out")"
cut -f1-3 "$tmp/out"
sed "s|$tmp/||" "$tmp/err" >&2
exit $status
