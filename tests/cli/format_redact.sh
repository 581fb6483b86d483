# --redact masks e-mails, phones, card numbers, IBANs and codici fiscali in the
# text written out, in every format: a CSV text cell is re-quoted where it stands
# (the e-mail column is not the text and is kept), a JSON string is re-escaped,
# plain text and conversions carry the masked text. Order numbers, dates and
# prices stay. The verdict is the same as without --redact.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
echo "== csv"
voce classify --lexicon-only --redact ../data/format-pii.csv
echo "== csv -o jsonl"
voce classify --lexicon-only --redact -o jsonl ../data/format-pii.csv
echo "== jsonl"
printf '%s%s\n' '{"id": 7, "text": "scrivete a anna.b+reclami@example.it\nCF RSSMRA85T10A562S", ' \
    '"tel": "3471234567"}' | voce classify --lexicon-only --redact -f jsonl
echo "== text"
printf 'call me on +44 20 7946 0958, order #100234567 of 2024-03-12 cost £120.50\n' |
    voce classify --lexicon-only --redact
echo "== the verdict does not change"
voce classify --lexicon-only -o tsv ../data/format-pii.csv | cut -f4- >"$tmp/plain"
voce classify --lexicon-only --redact -o tsv ../data/format-pii.csv | cut -f4- >"$tmp/redacted"
cmp "$tmp/plain" "$tmp/redacted" && echo "same verdicts"
