# One loaded classifier shared by threads: 'voce classify -j 4' over 3000
# records, with a sentiment and a topic model, writes exactly what -j 1
# writes. (Under 'tools/check --tsan' this case is also the data race test.)
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/none"
voce train --lang it --C 1 --folds 2 -o "$tmp/s" safety_train.tsv >/dev/null || exit 1
voce train --lang it --task topic --C 1 --folds 2 -o "$tmp/t" safety_train.tsv >/dev/null ||
    exit 1
for i in 1 2 3 4 5 6 7 8 9 10; do tail -n 300 safety_train.tsv | cut -f4; done >"$tmp/in.txt"
classify() {
    voce classify --models "$tmp/none" -m "$tmp/s" --topic-model "$tmp/t" --explain "$@" \
        "$tmp/in.txt"
}
classify -j 1 >"$tmp/one" || exit 1
classify -j 4 >"$tmp/four" || exit 1
[ "$(wc -l <"$tmp/four")" -eq 3000 ] || { echo "expected 3000 records out"; exit 1; }
cmp "$tmp/one" "$tmp/four" && echo "3000 records: -j 4 writes what -j 1 writes"
