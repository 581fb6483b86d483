# A failed write (a full disk) exits 4 with a message, for every output format.
voce classify --lexicon-only ../data/format-survey.csv >/dev/full
echo "exit $?" >&2
voce classify --lexicon-only -o jsonl ../data/format-comments.txt >/dev/full
echo "exit $?" >&2
voce classify --lexicon-only ../data/format-comments.txt >/dev/full
