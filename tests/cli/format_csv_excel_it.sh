# Excel on an Italian Windows: ';' separators, Windows-1252 (the header's "Città"
# too), CRLF, a ';' inside quotes. Detected without options, written as UTF-8
# with the input's ';'; forcing --delimiter and --encoding gives the same.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
voce classify --lexicon-only ../data/format-excel-it.csv | tee "$tmp/detected"
voce classify --lexicon-only -f csv --delimiter ';' --encoding windows-1252 \
    <../data/format-excel-it.csv | cmp -s - "$tmp/detected" &&
    echo "== forced --delimiter and --encoding: the same output"
