# --char-weight W: the character n-grams' weight against the words' 1. A
# model records a weight other than the default (0.6) in its meta and is
# classified with it; a model trained without the option is as before (no
# line). auto cross-validates the chosen configuration again with weight 1
# and keeps the better, which the meta then records. A weight out of range is refused: by voce train with exit status
# 2, in a meta with a message naming the file and exit status 3.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n 81 ../../corpus/it/test.tsv >"$tmp/train.tsv"
cd "$tmp" || exit 1
train() {
    voce train --lang it --C 1 --folds 2 --hash-bits 12 --base-model none "$@" train.tsv >/dev/null
}
train -o plain && echo "default: $(grep -c '^char_weight' plain.meta) char_weight line(s)"
train --char-weight 1 -o even && echo "--char-weight 1: $(grep '^char_weight' even.meta)"
cmp -s plain.meta even.meta || echo "the two models differ"
echo "consegna veloce ma assistenza pessima" >in.txt
voce classify --models none -m even in.txt | cut -f1,3
echo "exit status $?"
sed 's/^char_weight 1$/char_weight 0/' even.meta >zero.meta
for f in even.*.model even.*.texts; do cp "$f" "zero${f#even}"; done
sed -i 's/ even\./ zero./' zero.meta
voce classify --models none -m zero in.txt
echo "exit status $?"
echo "--char-weight auto:"
voce train --lang it --C 1 --folds 2 --hash-bits 12 --base-model none --char-weight auto -v \
    train.tsv -o auto 2>&1 | sed -n 's/.*\] \(the same with character.*\)/\1/p; s/.*\] chosen: .*\(character n-grams weighing [0-9.]*\).*/chosen: \1/p'
echo "its meta: $(grep '^char_weight' auto.meta || echo 'no char_weight line (0.6)')"
echo "words only, auto has nothing to try: $(voce train --lang it --C 1 --folds 2 --hash-bits 12 \
    --base-model none --no-char-ngrams --char-weight auto -v train.tsv -o words 2>&1 |
    grep -c 'the same with character')"
train --char-weight -1 -o bad
echo "exit status $?"
train --char-weight 11 -o bad
echo "exit status $?"
