# --min-df: with TF-IDF, features seen in fewer than N training texts get no
# weight. The meta records it, explain shows the word seen once gone, a bad
# value in a meta or on the command line is refused, and by default
# cross-validation tries no IDF and IDF only (min df 2 is not among its choices).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
{
    printf 'id\tlabel\ttext\n'
    i=0
    for w in "great service thanks" "lovely staff" "excellent quick delivery" "really great" \
             "very helpful staff"; do
        for k in 1 2 3; do i=$((i + 1)); printf '%d\tpositive\t%s\n' "$i" "$w"; done
    done
    for w in "awful service" "terrible staff" "late delivery again" "really awful" \
             "very rude staff"; do
        for k in 1 2 3; do i=$((i + 1)); printf '%d\tnegative\t%s\n' "$i" "$w"; done
    done
    printf '99\tpositive\tsuperlative zygomorphic experience\n'
} >train.tsv
train() {
    voce train --lang en --C 1 --folds 2 --hash-bits 12 --lexicon-features no "$@" train.tsv
}
train --idf yes --min-df 1 -o keep >/dev/null && train --idf yes --min-df 2 -o drop >/dev/null ||
    exit 1
for m in keep drop; do
    echo "$m: $(grep -c '^idf_min_df ' "$m.meta") idf_min_df line(s) $(grep '^idf_min_df ' "$m.meta")"
    echo "$m: features of the word seen once:" \
        "$(voce explain --models none --lang en -m "$m" "zygomorphic staff" | grep -c 'w:zygomorphic')"
done
echo "with --idf no:"
train --idf no --min-df 2 -o bad
echo "exit $?"
sed 's/^idf_min_df 2$/idf_min_df 1/' drop.meta >one.meta
echo "a meta with idf_min_df 1:"
voce classify --models none --lang en -m one train.tsv >/dev/null
echo "exit $?"
echo "the weighings cross-validation tries by default:"
train -v -o auto 2>&1 >/dev/null | sed -n 's/.*\] without lexicon features, \(.*\):$/\1/p'
