# Readers never see a half-written model: three loops of 'voce classify'
# run while 'voce train' replaces the model they read, again and again, from
# two training sets in turn. A topic model is one file per topic, so a
# reader takes a while to open them all: the time a replacement has to get
# in the way. Every read must succeed, quietly, with the output of one
# model or the other.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/none"
head -n 151 safety_train.tsv >"$tmp/a.tsv"
{ head -n 1 safety_train.tsv; tail -n 150 safety_train.tsv; } >"$tmp/b.tsv"
tail -n 20 safety_train.tsv | cut -f4 >"$tmp/in.txt"
train() {
    voce train --task topic --lang it --min-examples 3 --C 1 --folds 2 --hash-bits 12 \
        -o "$tmp/$1" "$tmp/$2.tsv" >/dev/null
}
classify() { voce classify --models "$tmp/none" --topic-model "$tmp/$1" "$tmp/in.txt"; }
train ref_a a && train ref_b b && train m a || exit 1
classify ref_a >"$tmp/out_a" && classify ref_b >"$tmp/out_b" || exit 1
cmp -s "$tmp/out_a" "$tmp/out_b" && { echo "the two models classify alike: no test"; exit 1; }

replacements=12
[ "${VOCE_TEST_QUICK:-}" = 1 ] && replacements=4 # under valgrind
(
    i=0
    while [ $i -lt $replacements ]; do
        train m b && train m a || echo "train failed" >>"$tmp/failures"
        i=$((i + 2))
    done
    touch "$tmp/done"
) &
writer=$!
reader() {
    n=0
    while [ ! -e "$tmp/done" ]; do
        n=$((n + 1))
        if ! classify m >"$tmp/out.$1" 2>"$tmp/err.$1"; then
            { echo "reader $1, read $n: exit status $?"; cat "$tmp/err.$1"; } >>"$tmp/failures"
        elif [ -s "$tmp/err.$1" ]; then
            { echo "reader $1, read $n: messages"; cat "$tmp/err.$1"; } >>"$tmp/failures"
        elif ! cmp -s "$tmp/out.$1" "$tmp/out_a" && ! cmp -s "$tmp/out.$1" "$tmp/out_b"; then
            echo "reader $1, read $n: output of neither model" >>"$tmp/failures"
        fi
    done
    echo "$n" >"$tmp/reads.$1"
}
reader 1 &
r1=$!
reader 2 &
r2=$!
reader 3 &
r3=$!
wait $writer $r1 $r2 $r3
if [ -s "$tmp/failures" ]; then
    cat "$tmp/failures"
    exit 1
fi
reads=$(($(cat "$tmp/reads.1") + $(cat "$tmp/reads.2") + $(cat "$tmp/reads.3")))
[ "$reads" -ge 6 ] || { echo "only $reads reads during the replacements: no test"; exit 1; }
echo "a topic model replaced again and again: every concurrent read whole"
