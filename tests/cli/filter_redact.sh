# --redact masks personal data in the text of the records printed, where it
# stands; the other fields (here the e-mail column) are kept as read.
voce filter --lexicon-only --redact --min-confidence 0 ../data/format-pii.csv
printf '%s\n' '{"id": 1, "body": "pessimo, chiamatemi al 06 1234 5678", "phone": "06 1234 5678"}' |
    voce filter --lexicon-only --redact --sentiment negative
