# A model that cannot be written is refused before training, not after it:
# the message names the directory and the exit status is 4 (I/O).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'label\ttext\npositive\tottimo\nnegative\tpessimo\n' >"$tmp/train.tsv"
voce train --lang it -o "$tmp/missing/model" "$tmp/train.tsv" 2>"$tmp/err"
echo "exit $?"
sed "s|$tmp|TMP|g" "$tmp/err"
