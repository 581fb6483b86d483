# A text's final separator (". , ; :") is a feature by default, and none with
# --no-final-separator (as the shipped models are trained): the model's meta
# records the choice, classify honours what the meta says, and a meta of
# before the field (no 'final_separator' line) is used as it was built, with
# the separator.
# The training texts come twice, labelled "plain" without a final period and
# "dotted" with one: only a model that sees the period can tell them apart.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
{
    printf 'id\tlabel\ttext\n'
    i=0
    for w in "my order is late" "the parcel never came" "thanks for the quick reply" \
             "can you check my account" "the app crashes again" "where is my refund" \
             "the driver was kind" "my bill is wrong" "great value" "no signal at home"; do
        i=$((i + 1))
        printf '%d\tplain\t%s\n' "$i" "$w"
        i=$((i + 1))
        printf '%d\tdotted\t%s.\n' "$i" "$w"
    done
} >train.tsv
train() {
    voce train --lang en --C 10 --folds 2 --hash-bits 12 --lexicon-features no --idf no \
        "$@" train.tsv >/dev/null
}
train --no-final-separator -o without && train -o with || exit 1
for m in without with; do
    echo "$m: $(grep '^final_separator ' "$m.meta")"
done
printf 'the parcel never came\nthe parcel never came.\nthe parcel never came;\n' >in.txt
classify() {
    voce classify --models none --lang en -o tsv -m "$1" in.txt | cut -f 1,3
}
echo "without (the period is not seen):"
classify without
echo "with:"
classify with
# A model of before the field: with the final separator.
grep -v '^final_separator ' with.meta >old.meta
[ "$(classify old)" = "$(classify with)" ] && echo "old meta: with the final separator, as before"
