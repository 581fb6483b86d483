# One loaded classifier shared by threads: 'voce classify -j 4' over 3000
# records (600 under valgrind), with a sentiment and a topic model, writes
# exactly what -j 1 writes. (Under 'tools/check --tsan' this case is also
# the data race test.)
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/none"
voce train --lang it --C 1 --folds 2 -o "$tmp/s" safety_train.tsv >/dev/null || exit 1
voce train --lang it --task topic --C 1 --folds 2 -o "$tmp/t" safety_train.tsv >/dev/null ||
    exit 1
copies=10
[ "${VOCE_TEST_QUICK:-}" = 1 ] && copies=2
i=0
while [ $i -lt $copies ]; do
    tail -n 300 safety_train.tsv | cut -f4
    i=$((i + 1))
done >"$tmp/in.txt"
classify() {
    voce classify --models "$tmp/none" -m "$tmp/s" --topic-model "$tmp/t" --explain "$@" \
        "$tmp/in.txt"
}
classify -j 1 >"$tmp/one" || exit 1
classify -j 4 >"$tmp/four" || exit 1
[ "$(wc -l <"$tmp/four")" -eq $((copies * 300)) ] || { echo "a record is missing"; exit 1; }
cmp "$tmp/one" "$tmp/four" && echo "-j 4 writes what -j 1 writes, record for record"
