# -o converts between formats; the input's fields come first, in order, then voce's.
for conv in "format-survey.csv jsonl" "format-app-reviews.jsonl csv" \
            "format-tickets.tsv csv" "format-excel-it.csv tsv" \
            "format-comments.txt jsonl" "format-utf16le.txt csv"; do
    set -- $conv
    echo "== $1 -o $2"
    voce classify --lexicon-only -o "$2" "../data/$1"
done
