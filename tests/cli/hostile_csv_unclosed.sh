# A CSV of 100,000 lines whose line 3 opens a quote it never closes: the
# error names line 3 (the quote runs past 10,000 lines), that record is
# written without a verdict, and every record before and after it is read
# and written, in order. (tools/stress does it with 1 million lines.)
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=100000
[ "${VOCE_TEST_QUICK:-}" = 1 ] && n=12000
awk -v n=$n 'BEGIN {
    print "id,text"
    for (i = 2; i <= n; i++)
        if (i == 3) print i ",\"ottimo, ma la virgoletta non si chiude"
        else print i ",record " i " buono"
}' >"$tmp/in.csv"
voce classify --lexicon-only <"$tmp/in.csv" >"$tmp/out"
echo "exit status $?"
[ "$(wc -l <"$tmp/out")" -eq $n ] && echo "one line out per line in"
sed -n 3p "$tmp/out"
awk -F, 'NR > 1 && NR != 3 && ($1 != NR || $2 != "record " NR " buono") { bad++ }
         END { print bad + 0 " records out of place" }' "$tmp/out"
