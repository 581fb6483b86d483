# UTF-16 is detected and converted: with a BOM (Excel's "Unicode text",
# little and big endian) and without one (by where the NUL bytes are).
# Accents, the euro sign and an emoji (a surrogate pair) come out as UTF-8.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import sys
text = "testo\tvoto\nperché è così caro? 10€\t2\nbello 😀\t5\n"
d = sys.argv[1]
open(d + "/le-bom.tsv", "wb").write(b"\xff\xfe" + text.encode("utf-16-le"))
open(d + "/be-bom.tsv", "wb").write(b"\xfe\xff" + text.encode("utf-16-be"))
open(d + "/le.txt", "wb").write(text.encode("utf-16-le"))
open(d + "/be.txt", "wb").write(text.encode("utf-16-be"))
PY
for f in le-bom.tsv be-bom.tsv le.txt be.txt; do
    echo "$f:"
    voce classify --lexicon-only -f tsv <"$tmp/$f" >"$tmp/out"
    echo "exit status $?"
    cut -f1,2 "$tmp/out"
done
