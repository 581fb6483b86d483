# --max-record-bytes N: a longer text is classified by its first N bytes
# (cut at a character boundary) with a warning naming the line, and the
# record is still written whole; shorter texts are untouched, even when a
# long one came before. A bad N is a usage error.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'perch\303\251 non arriva mai il pacco\nbreve\ncaff\303\250\n' |
    voce classify --lexicon-only --max-record-bytes 6 >"$tmp/out"
echo "exit status $?"
cut -f4 "$tmp/out"
printf 'id\ttext\n1\tun testo lungo, con virgole\n2\tcorto\n' |
    voce classify --lexicon-only --max-record-bytes 10 -f tsv >"$tmp/out"
echo "exit status $?"
cut -f1,2 "$tmp/out"
# Only the long record is reported, not the one that later reuses its slot
# in the next batch of records (once a spurious warning for line 257).
{ echo "questo testo supera il limite"; yes ok | head -n 300; } |
    voce classify --lexicon-only --max-record-bytes 6 >"$tmp/out"
echo "exit status $?, $(wc -l <"$tmp/out") records out"
for bad in 0 -5 10k; do
    voce classify --lexicon-only --max-record-bytes $bad </dev/null 2>&1 >/dev/null | head -n 1
done
