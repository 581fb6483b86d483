# --cv-repeats R: each C (and each configuration) is cross-validated on R
# draws of folds and chosen by the mean. The first draw is the folds of
# --seed, so its figures are those of a single draw; R 1 is the default,
# byte for byte. The labels are noisy on purpose (one record in five says
# the opposite of its words), so the draws disagree.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
{
    printf 'id\tsentiment\ttopics\ttext\n'
    i=0
    for good in ottimo gentile veloce; do
        for bad in lento caro rotto; do
            for extra in oggi ieri sempre mai; do
                i=$((i + 1))
                pos=positive neg=negative
                [ $((i % 5)) = 0 ] && pos=negative neg=positive
                printf 'p%s\t%s\tservice\t%s e %s\n' "$i" "$pos" "$good" "$extra"
                printf 'n%s\t%s\tprice\t%s e %s\n' "$i" "$neg" "$bad" "$extra"
            done
        done
    done
} >noisy.tsv
train() {
    voce train --lang it --hash-bits 10 --no-char-ngrams --base-model none \
        --lexicon-features no "$@" noisy.tsv
}
train -o one >/dev/null
train --cv-repeats 1 -o one_again >/dev/null
sed 's/one_again\./one./' one_again.meta | cmp -s - one.meta && echo "R 1 is the default"
grep -c '^cv_repeats' one.meta
train -v --cv-repeats 3 -o three 2>three.log >/dev/null
grep '^cv_repeats' three.meta
grep -c '^cv_repeated_macro_f1 0\.[0-9]\{4\}$' three.meta
# Each C's first-draw figure is the single draw's: the same folds.
train -v -o single 2>single.log >/dev/null
first() { sed -n 's/^.*\(C=[0-9.]*\): cross-validated macro-F1 \([0-9.]*\).*$/\1 \2/p' "$1"; }
first three.log >three.first
first single.log >single.first
[ -s single.first ] && cmp -s three.first single.first && echo "first draw as a single draw"
grep -c 'over 3 draws' three.log
# The other draws are other folds: for some C their mean is not the first's.
sed -n 's/^.*C=.*macro-F1 \([0-9.]*\), \([0-9.]*\) over 3 draws.*$/\1 \2/p' three.log |
    awk '$1 != $2 { n++ } END { print "C values where the draws disagree:", (n > 0 ? "some" : "none") }'
# The chosen line names the mean the meta keeps.
mean=$(sed -n 's/^cv_repeated_macro_f1 //p' three.meta)
grep -q "chosen: .*, $mean over 3 draws)" three.log && echo "the meta keeps the chosen mean"
# Deterministic, and read back: the model classifies.
train --cv-repeats 3 -o again >/dev/null
sed 's/again\./three./' again.meta | cmp -s - three.meta && echo "deterministic"
echo "ottimo e oggi" | voce classify -m three -f text | cut -f 1
# Topics: each label's C by the mean of the draws.
train --task topic --label-column topics -v --cv-repeats 2 -o topics 2>topics.log >/dev/null
grep '^cv_repeats' topics.meta
grep -c "topic '[a-z]*': C=[0-9.]*, cross-validated F1 [0-9.]*, [0-9.]* over 2 draws" topics.log
# Refused: too many draws, and draws of folds that cannot differ.
train --cv-repeats 21 -o bad
echo "exit $?"
train --cv-repeats 3 --fold-order file -o bad
echo "exit $?"
# A damaged value is refused on reading, and the message says why.
sed 's/^cv_repeats 3$/cv_repeats three/' three.meta >edited.meta
echo "oggi" | voce classify -m edited -f text
echo "exit $?"
