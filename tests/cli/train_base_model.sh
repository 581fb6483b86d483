# --base-model: a model built on another. The base model's probabilities of
# each text are features of the new one; the meta names the base by a path
# relative to itself and by its checksum. Moved together they still work;
# a base moved away or changed (its meta, or its SVM file), a base with a base of its own, a base of
# another language, a model as its own base: each refused with a message
# naming the model and exit status 3 (2 for the usage errors). A base model
# trained on the same texts is refused (its probabilities of them are too
# good). By default (auto) cross-validation decides whether a sentiment
# model builds on the shipped one; a model whose labels are not sentiment,
# or whose texts the shipped model saw, does not.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/base" "$tmp/out" "$tmp/models"
cp ../../models/it-sentiment.* "$tmp/base/"
cp ../../models/it-sentiment.* "$tmp/models/"
cp ../../models/en-sentiment.* "$tmp/"
# Texts no shipped model saw (the corpus test split), and texts they did.
head -n 121 ../../corpus/it/test.tsv >"$tmp/train.tsv"
head -n 121 safety_train.tsv >"$tmp/seen.tsv"
cd "$tmp" || exit 1
train() {
    voce train --lang it --C 1 --folds 2 --hash-bits 10 --no-char-ngrams "$@" >/dev/null
}
train --base-model base/it-sentiment train.tsv -o out/m1 || exit 1
echo "the meta names its base: $(grep '^base_model ' out/m1.meta)"
voce train --lang it --C 1 --folds 2 --hash-bits 10 --no-char-ngrams \
    --base-model base/it-sentiment train.tsv -o out/m2 | grep '^built on' || exit 1
sed 's/m2\./m1./' out/m2.meta | cmp -s - out/m1.meta && echo "trained twice: the same model"
echo "as JSON: $(voce train --lang it --C 1 --folds 2 --hash-bits 10 --no-char-ngrams --json \
    --base-model base/it-sentiment train.tsv -o out/m2 | grep -o '^{"model":.*,"records"')"
echo "consegna veloce ma assistenza pessima" >in.txt
echo "classified with it:"
voce classify --models none -m out/m1 in.txt | cut -f1,3
echo "exit status $?"
echo "explained, base features: $(voce explain --models none -m out/m1 "$(cat in.txt)" |
    grep -c 'feature .* base model: ')"
mkdir moved && mv base out moved/
echo "moved with its base:"
voce classify --models none -m moved/out/m1 in.txt >/dev/null
echo "exit status $?"
mv moved/base .
echo "its base moved away:"
voce classify --models none -m moved/out/m1 in.txt >/dev/null
echo "exit status $?"
mv base moved/
sed -i 's/^cv_folds 5$/cv_folds 4/' moved/base/it-sentiment.meta
echo "its base changed:"
voce classify --models none -m moved/out/m1 in.txt >/dev/null
echo "exit status $?"
cp models/it-sentiment.* moved/base/
echo "its base's SVM file edited (its meta as it was):"
svm=$(ls moved/base/it-sentiment.*.model)
cp "$svm" svm.orig
sed -i '$s/\(:-\{0,1\}0\.\)\([0-9]\)/\1\2\2/' "$svm"
voce classify --models none -m moved/out/m1 in.txt 2>err.txt >/dev/null
echo "exit status $?"
sed -E 's/[0-9a-f]{8}/<generation>/g' err.txt >&2 # generations change with each retraining
cp svm.orig "$svm"
echo "a base with a base:"
train --base-model moved/out/m1 train.tsv -o m3
echo "exit status $?"
echo "a base of another language:"
train --base-model en-sentiment train.tsv -o m4
echo "exit status $?"
echo "its own base:"
train --base-model models/it-sentiment train.tsv -o models/it-sentiment
echo "exit status $?"
echo "texts the base model was trained on:"
train --base-model models/it-sentiment seen.tsv -o m8
echo "exit status $?"
echo "auto, sentiment labels, shipped models in --models:"
train --models models -v train.tsv -o m5 2>&1 | sed -n 's/.*\] \(.*base model.*\)/\1/p'
echo "named by its absolute path: $(grep -c '^base_model /' m5.meta) line(s)"
echo "auto, texts the shipped model saw:"
train --models models -v seen.tsv -o m9 2>&1 | sed -n 's/.*\] \(.*base model.*\)/\1/p'
echo "meta: $(grep -c '^base_model ' m9.meta) base_model line(s)"
echo "auto, other labels:"
awk -F'\t' 'BEGIN { OFS = "\t" } NR > 1 { $4 = $4 == "negative" ? "complaint" : "other" } 1' \
    train.tsv >complaints.tsv
train --models models -v complaints.tsv -o m6 2>&1 | sed -n 's/.*\] \(.*base model.*\)/\1/p'
echo "meta: $(grep -c '^base_model ' m6.meta) base_model line(s)"
echo "none:"
voce train --lang it --C 1 --folds 2 --hash-bits 10 --no-char-ngrams --json --models models \
    --base-model none train.tsv -o m7 | grep -o '^{"model":.*,"records"'
echo "meta: $(grep -c '^base_model ' m7.meta) base_model line(s)"
