# Every format passes through unchanged: TSV (a record lacking a field too),
# JSONL (members, order and escapes as written), plain text, and inputs that are
# converted on the way (Windows-1252 ';' CSV, UTF-16), written in UTF-8.
for f in format-tickets.tsv format-app-reviews.jsonl format-comments.txt \
         format-excel-it.csv format-utf16le.txt; do
    echo "== $f"
    voce filter --lexicon-only --sentiment negative "../data/$f"
done
