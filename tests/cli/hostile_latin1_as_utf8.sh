# A Latin-1 file: detected and converted when nothing is claimed; claimed as
# UTF-8 with --encoding utf-8, its accented letters become U+FFFD with one
# warning per line, and every record is still written; read as Latin-1
# when that is claimed.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for enc in auto utf-8 latin-1; do
    echo "--encoding $enc:"
    printf 'perch\351 \350 cos\354 caro\ncaff\350 buono\nplain ascii\n' |
        voce classify --lexicon-only --encoding $enc >"$tmp/out"
    echo "exit status $?"
    cut -f4 "$tmp/out"
done
