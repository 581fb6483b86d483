# The lexicons and models are read on several threads (parallel.c), yet the
# output and the error are those of reading them one after another: the
# same bytes with -j 1 and without; with several files damaged, the first
# in the order analyzer, lexicons (it, en), models (it-sentiment, it-topic,
# en-sentiment, en-topic, then -m) is the one named, every time.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r ../../models "$tmp/models"
cp -r ../../lexicons "$tmp/lexicons"
printf 'il pacco non è mai arrivato\nthe support team was great\n' >"$tmp/in.txt"
cd "$tmp" || exit 1
voce classify --models models in.txt >default.out || exit 1
voce classify --models models -j 1 in.txt >one.out || exit 1
cmp default.out one.out && echo "the same output with -j 1 and without"
# Damage it-topic's first SVM and en-sentiment's SVM, then it-sentiment's.
damage() {
    svm=$(sed -n "s/^svm $2 //p" "models/$1.meta" | head -n 1)
    head -c 2000 "models/$svm" >"models/$svm.cut" && mv "models/$svm.cut" "models/$svm"
}
damage it-topic billing
damage en-sentiment -
try() {
    for run in 1 2 3 4 5 6; do
        voce classify --models models "$@" in.txt 2>&1 >/dev/null | sed "s|$tmp/||"
    done | sort | uniq -c | sed 's/^ *//'
}
echo "it-topic and en-sentiment damaged:"
try
damage it-sentiment -
echo "it-sentiment too:"
try
echo "and the Italian rules:"
printf 'broken\tline\n' >>lexicons/it/rules.tsv
try --lexicons lexicons
