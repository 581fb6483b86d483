# 100,000 empty lines give 100,000 records out, one per line, each neutral
# with confidence 0 and no topic, with a model loaded too (voce.h: an empty
# text is neutral with confidence 0). (tools/stress feeds 10 million.)
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/none"
n=100000
[ "${VOCE_TEST_QUICK:-}" = 1 ] && n=2000
voce train --lang it --C 1 --folds 2 --hash-bits 12 -o "$tmp/m" safety_train.tsv >/dev/null ||
    exit 1
yes '' | head -n $n >"$tmp/in.txt"
voce classify --models "$tmp/none" -m "$tmp/m" --lang it <"$tmp/in.txt" >"$tmp/out" \
    2>"$tmp/err"
echo "exit status $?"
sed "s/^voce classify: warning: $n /voce classify: warning: N /" "$tmp/err" >&2
[ "$(wc -l <"$tmp/out")" -eq $n ] && echo "one line out per line in"
grep -q "^voce classify: warning: $n records with an empty text in all$" "$tmp/err" && echo "one warning line per empty record (10) and a count"
sort "$tmp/out" | uniq -c | sed "s/^ *$n /N x /" | cat -A
