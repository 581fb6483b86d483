# Errors: a missing file exits 4 (the other files are still read); a file with no
# text column to find exits 2; an unusable lexicon directory exits 3; a record that
# cannot be read is reported with file:line and skipped, the rest still filtered;
# a --sentiment or --topic name voce never gives exits 2.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
voce filter --lexicon-only --sentiment negative no-such-file.csv ../data/format-comments.txt
echo "missing file: exit $?"
printf 'a,b,c\n1,2,3\n4,5,6\n7,8,9\n' >"$tmp/numbers.csv"
voce filter --lexicon-only --sentiment negative "$tmp/numbers.csv" 2>&1 | sed "s|$tmp/||"
voce filter --lexicon-only --sentiment negative "$tmp/numbers.csv" 2>/dev/null
echo "no text column: exit $?"
voce filter --lexicons /nonexistent --sentiment negative ../data/format-comments.txt
echo "no lexicons: exit $?"
printf '%s\n' '{"text": "pessimo servizio"}' '{"text": broken' '{"text": "orribile, mai più"}' \
    >"$tmp/broken.jsonl"
voce filter --lexicon-only --sentiment negative "$tmp/broken.jsonl" 2>&1 | sed "s|$tmp/||"
# A sentiment or topic voce never gives is a typo, not a filter that matches
# nothing: exit 2, naming what there is (the lexicon scorer has no 'mixed'
# and no 'other'; the shipped models have both).
for crit in "--sentiment negativ" "--topic biling" "--topic delivery:negativ" \
            "--lexicon-only --sentiment mixed" "--lexicon-only --topic other"; do
    # shellcheck disable=SC2086 # the options are meant to split
    voce filter $crit -c ../data/format-comments.txt
    echo "$crit: exit $?"
done
voce filter --sentiment mixed,negative --topic other,delivery:negative -c ../data/format-comments.txt
echo "known names: exit $?"
