# JSONL one-in-one-out: a blank line, broken JSON, an array instead of an object,
# deep nesting and a text that is not a string each still give one output
# object (without a verdict where there is none to give), with a warning.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
{
    echo '{"id": 1, "text": "ottimo servizio"}'
    echo ''
    echo '{"id": 2, "text": broken'
    echo '[1, 2, 3]'
    printf '{"id": 3, "deep": '; i=0; while [ $i -lt 200 ]; do printf '['; i=$((i + 1)); done
    i=0; while [ $i -lt 200 ]; do printf ']'; i=$((i + 1)); done; echo ', "text": "pessimo"}'
    echo '{"id": 4, "text": 42}'
    echo '{"id": 5, "text": "il pacco non è mai arrivato"}'
} >"$tmp/hostile.jsonl"
voce classify --lexicon-only "$tmp/hostile.jsonl" >"$tmp/out" 2>"$tmp/err"
status=$?
echo "lines in: $(wc -l <"$tmp/hostile.jsonl"), lines out: $(wc -l <"$tmp/out")"
cut -c1-200 "$tmp/out"
sed "s|$tmp/||" "$tmp/err" >&2
exit $status
