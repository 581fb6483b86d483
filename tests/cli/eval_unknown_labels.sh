# Gold labels the models never give ("pos" where they say "positive", a
# misspelt topic) would score 0 with no word of why: eval still prints its
# figures and exits 0, and warns on stderr with the labels it met and those
# the models give. Labels it knows draw no warning.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'label\ttext\npos\tottimo servizio\nneg\tpessimo, mai più\nnegative\til pacco non è mai arrivato\n' >"$tmp/short.tsv"
echo "== sentiments spelt otherwise"
voce eval --lexicon-only --lang it --json "$tmp/short.tsv" >"$tmp/out"
echo "exit $?"
tr ',' '\n' <"$tmp/out" | grep -E '"(records|accuracy)"'
printf 'topics\ttext\nbiling:negative\tla fattura è sbagliata\ndelivery:negativo\tconsegna lentissima\nsupport\tassistenza gentile\n' >"$tmp/topics.tsv"
echo "== a misspelt topic; a polarity in Italian"
voce eval --lexicon-only --lang it --task topic-polarity "$tmp/topics.tsv" >/dev/null
echo "exit $?"
echo "== known labels: no warning"
printf 'label\ttext\npositive\tottimo servizio\nnegative\tpessimo\n' >"$tmp/good.tsv"
voce eval --lexicon-only --lang it "$tmp/good.tsv" >/dev/null
echo "exit $?"
