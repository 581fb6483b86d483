# -o FILE: the format follows the extension; the JSON has the NPS of the API and
# the HTML is one self-contained page (no script, nothing fetched). --to forces
# the format. A file that cannot be written is exit 4, and nothing is left.
tmp=$(mktemp -d)
voce report --models . ../data/themes-survey.csv -o "$tmp/r.json" 2>/dev/null
echo "json: exit $?"
grep -o '"summary":{[^}]*}' "$tmp/r.json"
voce report --models . ../data/themes-survey.csv -o "$tmp/r.html" 2>/dev/null
echo "html: exit $?"
head -c 15 "$tmp/r.html"; echo
grep -c '<svg' "$tmp/r.html"
grep -c -e '<script' -e '<link' -e 'url(' "$tmp/r.html"
voce report --models . --to md ../data/themes-survey.csv -o "$tmp/r.txt" 2>/dev/null
head -1 "$tmp/r.txt"
voce report --models . ../data/themes-survey.csv -o "$tmp/no/such/dir/r.html" 2>&1 |
    sed "s|$tmp|TMP|"
ls "$tmp"
rm -rf "$tmp"
