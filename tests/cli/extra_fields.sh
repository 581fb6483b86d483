# A row with more fields than the header keeps them all (nothing of the input
# is lost), and voce says so: file:line, and exit status 1, because on that
# line voce's columns no longer sit under their names. Fewer fields are
# padded, so voce's columns stay in place.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'id\ttext\tstars\n1\tservizio ottimo, consegna veloce\t5\textra\n2\tpessimo\n3\tnormale\t3\n' \
    >"$tmp/in.tsv"
voce classify --lexicon-only "$tmp/in.tsv" >"$tmp/out" 2>"$tmp/err"
echo "exit $?"
cut -f1-5 "$tmp/out"
sed "s|$tmp|TMP|g" "$tmp/err"
