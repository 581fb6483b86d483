# The lexicons and models are read on several threads (parallel.c), yet the
# output and the error are those of reading them one after another: the
# same bytes with -j 1 and without; with several files damaged (cut short,
# which the readers catch even within a line), the first
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
try() {
    for run in 1 2 3 4 5 6; do
        # (the generation in a file's name changes with every retraining)
        voce classify --models models "$@" in.txt 2>&1 >/dev/null |
            sed -E "s|$tmp/||; s/\.[0-9a-f]{8}\./.<generation>./"
    done | sort | uniq -c | sed 's/^ *//'
}
# An IDF table cut in the middle of a line is refused too.
idf=$(sed -n 's/^idf //p' models/en-topic.meta)
cp "models/$idf" idf.good
head -c 3000 idf.good >"models/$idf"
echo "en-topic's IDF table cut short:"
try
cp idf.good "models/$idf"
# Damage it-topic's first SVM and en-sentiment's SVM, then it-sentiment's.
damage() {
    svm=$(sed -n "s/^svm $2 //p" "models/$1.meta" | head -n 1)
    head -c 2000 "models/$svm" >"models/$svm.cut" && mv "models/$svm.cut" "models/$svm"
}
damage it-topic billing
damage en-sentiment -
echo "it-topic and en-sentiment damaged:"
try
damage it-sentiment -
echo "it-sentiment too:"
try
echo "and the Italian rules:"
printf 'broken\tline\n' >>lexicons/it/rules.tsv
try --lexicons lexicons
