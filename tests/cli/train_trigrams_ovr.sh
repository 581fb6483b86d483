# A sentiment-task model trained one-vs-rest (more than 4 classes, or
# --multiclass ovr: categories) is built with word trigrams; one trained
# one-vs-one, or given --word-ngrams, is not. Each text here is phrases
# "pI mid sJ end" in an order of the text's own: every class has the same words
# and word pairs, and only the phrases (trigrams) tell the classes apart.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp" || exit 1
corpus() { # corpus CLASSES
    printf 'id\tlabel\ttext\n'
    awk -v k="$1" 'BEGIN {
        for (c = 0; c < k; c++)
            for (e = 0; e < 12; e++) {
                text = ""
                for (i = 0; i < k; i++) { # the phrases in an order of its own
                    p = (i * (1 + e % (k - 1)) + e) % k
                    text = text sprintf("p%s mid s%s end ", substr("abcde", p + 1, 1),
                                        substr("abcde", (p + c) % k + 1, 1))
                }
                printf "%d\tclass%d\t%s\n", c * 12 + e, c, text
            }
    }'
}
corpus 5 >five.tsv
corpus 3 >three.tsv
train() { # train CORPUS NAME [OPTIONS]
    corpus=$1 name=$2
    shift 2
    voce train --lang en --C 1 --folds 3 --hash-bits 16 --lexicon-features no --idf no \
        --no-char-ngrams --base-model none -o "$name" "$@" "$corpus" >/dev/null || exit 1
    echo "$name: $(grep -E '^(multiclass|word_ngrams|cv_macro_f1) ' "$name.meta" | tr '\n' ' ')"
}
train five.tsv five
train five.tsv five-pairs --word-ngrams 2
train three.tsv three
train three.tsv three-ovr --multiclass ovr
