# -q prints nothing and answers with its exit status; it stops at the first match.
voce filter -q --lexicon-only --sentiment negative ../data/format-survey.csv
echo "match: exit $?"
voce filter -q --lexicon-only --topic staff ../data/format-survey.csv
echo "no match: exit $?"
yes "pessimo" | voce filter -q --lexicon-only --sentiment negative
echo "endless input, first record matches: exit $?"
