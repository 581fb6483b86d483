# --label-parts: labels written PARENT#CHILD (SemEval's ENTITY#ATTRIBUTE)
# also get a one-vs-rest SVM per parent and per child, when cross-validation
# says they help (auto, the default). The meta records their weight and
# temperature ('label_parts W', 'label_parts_temperature T') and names the part SVMs after the labels' own ("SCREEN#",
# "#PRICE"). KEYBOARD#PRICE has 2 examples of 58: its parts have 14 and 20.
# '--label-parts no' trains the labels alone; labels of another shape have no
# parts to try. A meta whose parts do not add up is refused (exit status 3),
# a bad option value too (exit status 2).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp train_label_parts.tsv "$tmp/train.tsv"
cd "$tmp" || exit 1
train() {
    voce train --lang en --C 1 --folds 3 --hash-bits 12 --no-char-ngrams --base-model none "$@"
}
train -v train.tsv -o parts 2>&1 | sed -n 's/.*\] chosen: .*\(the labels. parts weighing [0-9]*\).*/chosen: \1/p'
echo "auto: $(grep '^label_parts ' parts.meta), $(grep -c '^label_parts_temperature' parts.meta)" \
    "temperature line, $(grep -c '^svm' parts.meta) svm lines, of parts:" \
    $(sed -n 's/^svm \(#[^ ]*\|[^ ]*#\) .*/\1/p' parts.meta)
train --label-parts no train.tsv -o plain >/dev/null
echo "--label-parts no: $(grep -c '^label_parts' plain.meta) label_parts line(s)," \
    "$(grep -c '^svm' plain.meta) svm lines"
printf 'the keypad was a bargain\nthe keyboard deck cost too much\n' >in.txt
echo "with parts:"
voce classify --models none -m parts -f text in.txt | cut -f1,4
echo "exit status $?"
echo "without:"
voce classify --models none -m plain -f text in.txt | cut -f1,4
awk -F'\t' 'NR == 1 { print "sentiment\ttext"; next }
    { print ($1 ~ /QUALITY/ ? "negative" : "positive") "\t" $2 }' train.tsv >polar.tsv
echo "labels without parts: $(train -v polar.tsv -o polar 2>&1 | grep -c 'parts')" \
    "progress line(s) about parts, $(grep -c '^svm' polar.meta) svm line(s)"
# NAME EXPR: a copy of the model with parts, its meta through sed EXPR.
variant() {
    sed "$2" parts.meta | sed "s/ parts\./ $1./" >"$1.meta"
    for f in parts.*.model parts.*.texts; do cp "$f" "$1${f#parts}"; done
}
try() {
    echo "$1:"
    voce classify --models none -m "$2" in.txt >/dev/null
    echo "exit status $?"
}
variant zero 's/^label_parts .*/label_parts 0/'
try "a weight of 0" zero
variant untempered '/^label_parts_temperature /d'
try "the weight without its temperature" untempered
variant missing '/^svm #PRICE /d'
try "a part's svm line missing" missing
variant order '/^svm #PRICE /d; s/^\(svm SCREEN# .*\)$/svm #PRICE x.model\n\1/'
try "a part's svm line out of order" order
variant flat 's/^labels .*/labels a b c d e f g h i/'
try "labels without parts" flat
train --label-parts maybe train.tsv -o bad >/dev/null
echo "exit status $?"
