# voce eval finds the gold labels under the names voce train reads them from
# (a "label" column here), or where --label-column says; a file without them
# is an error with exit status 2 and no figures on stdout, since figures over
# part of the input would read as the whole.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'id\tlabel\ttext\n1\tpositive\tottimo servizio, consegna veloce\n2\tnegative\tpessimo, mai più\n3\tneutral\til pacco è arrivato martedì\n4\tnegative\tsono molto contento\n' >"$tmp/gold.tsv"
echo "== label column found by name"
voce eval --lexicon-only --lang it "$tmp/gold.tsv"
echo "exit $?"
echo "== --label-column by number, as JSON"
voce eval --lexicon-only --lang it --json --label-column 2 "$tmp/gold.tsv" | tr ',' '\n' | grep -E '"(records|accuracy)"'
echo "== no gold column"
cut -f1,3 "$tmp/gold.tsv" >"$tmp/nogold.tsv"
voce eval --lexicon-only --lang it "$tmp/nogold.tsv" >"$tmp/out" 2>"$tmp/err"
echo "exit $?, $(wc -c <"$tmp/out") bytes on stdout"
sed "s|$tmp|TMP|g" "$tmp/err"
