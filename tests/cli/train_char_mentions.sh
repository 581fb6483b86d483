# Character n-grams of @mention handles (the default) and --no-char-mentions:
# the model's meta records the choice, classify honours what the meta says,
# and a meta of before the field (no 'char_mentions' line) is used as it was
# built, with character n-grams of words only.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
{
    printf 'id\tlabel\ttext\n'
    i=0
    for label in acme:acme_help,acmecare,acme_uk zeta:zetasupport,zeta_travel,zetaair; do
        for h in $(echo "${label#*:}" | tr , ' '); do
            for w in "my order is late" "the parcel never came" "thanks for the quick reply" \
                     "can you check my account" "the app crashes again"; do
                i=$((i + 1))
                printf '%d\t%s\t@%s %s\n' "$i" "${label%%:*}" "$h" "$w"
            done
        done
    done
} >train.tsv
train() {
    voce train --lang en --C 1 --folds 2 --hash-bits 12 --lexicon-features no --idf no \
        "$@" train.tsv >/dev/null
}
train -o handles && train --no-char-mentions -o words && train --no-char-ngrams -o none ||
    exit 1
for m in handles words none; do
    echo "$m: $(grep -E '^char_(ngrams|mentions) ' "$m.meta" | tr '\n' ' ')"
done
printf '@acme_service where is my parcel\n@zeta_service where is my parcel\n' >in.txt
classify() {
    voce classify --models none --lang en -o tsv -m "$1" in.txt | cut -f 1,3
}
echo "handles (unseen handles, known pieces):"
classify handles
echo "words only (the handles are unknown words):"
classify words
# The same SVMs under the other setting: classify builds what the meta says.
sed 's/^char_mentions 1$/char_mentions 0/' handles.meta >handles-off.meta
[ "$(classify handles-off)" != "$(classify handles)" ] && echo "handles-off: the meta is honoured"
# A model of before the field: as if --no-char-mentions.
grep -v '^char_mentions ' words.meta >old.meta
[ "$(classify old)" = "$(classify words)" ] && echo "old meta: words only, as before"
echo "features of a handle in explain:"
voce explain --models none --lang en -m handles "@acme_service where is my parcel" |
    grep -c 'feature .* c:.*@'
