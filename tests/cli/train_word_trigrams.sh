# --word-ngrams 3 builds word trigrams (until session 13 it was accepted and
# recorded, but only bigrams were built): the meta says so with
# 'word_trigrams 1', explain names three-word features, and a meta of before
# (word_ngrams 3 without that line) is used as the bigram model it was.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
{
    printf 'id\tlabel\ttext\n'
    i=0
    for f in alpha beta gamma delta epsilon zeta eta theta iota kappa; do
        i=$((i + 1)); printf '%d\tfound\txx yy zz %s\n' "$i" "$f"
        i=$((i + 1)); printf '%d\tother\tqq %s ww vv\n' "$i" "$f"
    done
} >train.tsv
train() {
    voce train --lang en --C 1 --folds 2 --hash-bits 16 --lexicon-features no --idf no \
        --no-char-ngrams --base-model none "$@" train.tsv >/dev/null
}
train --word-ngrams 3 -o tri && train -o bi || exit 1
for m in tri bi; do
    echo "$m: $(grep -E '^word_(ngrams|trigrams) ' "$m.meta" | tr '\n' ' ')"
done
three_word_features() {
    voce explain --models none --lang en -m "$1" "xx yy zz" |
        grep -cE 'feature +[-+][0-9.]+ +w:[^ |]+ [^ |]+ [^ |]+'
}
echo "three-word features explained, trigram model: $(three_word_features tri)"
echo "three-word features explained, bigram model: $(three_word_features bi)"
grep -v '^word_trigrams ' tri.meta >old.meta
echo "three-word features explained, meta of before: $(three_word_features old)"
