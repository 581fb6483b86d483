# --fold-order file: each class's records go into folds in contiguous blocks
# of the input's order. Here every fifth of the file (a "period") has its own
# words for praise and blame, unseen elsewhere: shuffled folds always train
# on the held-out period's words and score high; folds in file order hold a
# whole period out and score near chance. The meta records the order only
# when it is not the default.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
{
    printf 'id\tsentiment\ttext\n'
    for period in "brillox grumdel" "fenwarp scolmid" "tivorne plurgat" \
        "mazzolen druvisk" "quorbil snevtag"; do
        set -- $period
        for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
            printf 'p%s\tpositive\toggi ho scritto %s\n' "$1$i" "$1"
            printf 'n%s\tnegative\toggi ho scritto %s\n' "$2$i" "$2"
        done
    done
} >drift.tsv
train() {
    voce train --lang it --C 1 --hash-bits 10 --no-char-ngrams --base-model none \
        --lexicon-features no --idf no "$@" drift.tsv
}
f1() { sed -n 's/^cv_macro_f1 //p' "$1.meta"; }
train -o shuffled >/dev/null
train --fold-order file -o blocked | head -n 1
awk -v s="$(f1 shuffled)" -v b="$(f1 blocked)" 'BEGIN {
    print "shuffled folds score above 0.9:", (s > 0.9 ? "yes" : "no (" s ")")
    print "folds in file order score below 0.7:", (b < 0.7 ? "yes" : "no (" b ")") }'
grep -c '^cv_fold_order' shuffled.meta
grep '^cv_fold_order' blocked.meta
# The same order again: the same model, byte for byte.
train --fold-order file -o again >/dev/null
sed 's/again\./blocked./' again.meta | cmp -s - blocked.meta && echo "deterministic"
# The meta line is read back: the model classifies.
echo "oggi ho scritto quorbil" | voce classify -m blocked -f text | cut -f 1
# A value the reader does not know is refused, and the message says why.
sed 's/^cv_fold_order file$/cv_fold_order later/' blocked.meta >edited.meta
echo "oggi" | voce classify -m edited -f text
echo "exit $?"
train --fold-order random -o bad
echo "exit $?"
