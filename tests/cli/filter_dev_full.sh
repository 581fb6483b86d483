# A failed write (a full disk) exits 4 with a message, whatever matched.
voce filter --lexicon-only --sentiment negative ../data/format-survey.csv >/dev/full
echo "exit $?" >&2
voce filter --lexicon-only -c --sentiment negative ../data/format-survey.csv >/dev/full
