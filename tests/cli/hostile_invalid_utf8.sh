# Invalid and overlong UTF-8 becomes U+FFFD, with one warning per record
# naming its line, and every record is still classified and written: a lone
# continuation byte, 0xFF, a sequence cut short, overlong '/' in 2, 3 and 4
# bytes, a UTF-16 surrogate, a code point past U+10FFFF, a 5-byte form, and
# a sequence cut at the very end of the input. First claimed as UTF-8; then
# detected, in a file that is UTF-8 but for a few bad bytes.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'a\200b\nc\377d\ne\303 f\nover\300\257long\nover\340\200\257long3\nover\360\200\200\257long4\nsurr\355\240\200ogate\nbig\364\220\200\200\nfive\370\210\200\200\200\nvalid caff\303\250\ncut at the end \342\202' |
    voce classify --lexicon-only --encoding utf-8 >"$tmp/out"
echo "exit status $?"
cut -f4 "$tmp/out"
printf 'perch\303\251 \303\250 cos\303\254\ncaff\303\250 \303\250 buono\nun byte \377 sbagliato\npi\303\271 \303\250 meglio\n' |
    voce classify --lexicon-only >"$tmp/out"
echo "exit status $?"
cut -f4 "$tmp/out"
