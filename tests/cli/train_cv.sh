# --cv K is --folds K: the same cross-validation, the same model (its meta
# differs only in the files' names), and the figures say how many folds.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head -n 81 ../../corpus/it/test.tsv >"$tmp/train.tsv"
cd "$tmp" || exit 1
train() {
    voce train --lang it --C 1 --hash-bits 10 --no-char-ngrams --base-model none "$@" train.tsv
}
train --cv 3 -o cv | head -n 1
train --folds 3 -o folds >/dev/null
sed 's/^\(texts\|svm -\) folds\./\1 cv./' folds.meta | cmp -s - cv.meta &&
    echo "--cv 3 and --folds 3: the same model"
grep '^cv_folds ' cv.meta
