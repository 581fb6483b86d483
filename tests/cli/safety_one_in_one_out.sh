# One record in, one record out, in order, whatever goes wrong with a
# record: in text, TSV, CSV and JSONL, with NUL bytes, invalid UTF-8, a
# missing text field, an extra field, blank lines, a quote that never
# closes, broken JSON, a JSON array, a null text, a text past
# --max-record-bytes. For each format: how many records in and out, and
# the key of each record out (its id, or its text), in order. What each
# record comes out as is in the other hostile_* cases.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
classify() { voce classify --lexicon-only --max-record-bytes 40 "$@" 2>/dev/null; }
count() { # FORMAT RECORDS-IN OUT-FILE
    echo "$1: $2 records in, $(($(wc -l <"$3") - ${4:-0})) out"
}

printf 'uno #1\n\ntre \000 #3\nquattro \377 #4\n%s #5\n\nsette #7' \
    "$(printf 'lungo%.0s' 1 2 3 4 5 6 7 8 9 10 11 12)" >"$tmp/in.txt"
classify "$tmp/in.txt" >"$tmp/out"
count text 7 "$tmp/out"
cut -f4 "$tmp/out" | sed 's/.*\(#[0-9]\)$/\1/; s/^$/(empty)/'

printf 'id\ttext\n1\tuno\n2\n3\ttre\textra\n\n5\tcinque \000\n6\t%s\n7\tsette \377\n' \
    "$(printf 'lungo%.0s' 1 2 3 4 5 6 7 8 9 10 11 12)" >"$tmp/in.tsv"
classify "$tmp/in.tsv" >"$tmp/out"
count tsv 7 "$tmp/out" 1
sed 1d "$tmp/out" | cut -f1 | sed 's/^$/(empty)/'

printf 'id,text\n1,uno\n2,"due, con virgola"\n3\n4,"a capo\ndentro"\n5,cinque \000\n6,"sei ""doppie"""\n7,"mai chiusa\n8,otto\n' \
    >"$tmp/in.csv"
classify "$tmp/in.csv" >"$tmp/out"
count csv 8 "$tmp/out" 2 # the header, and a line end inside quotes
python3 -c '
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))[1:]
for r in rows: print(r[0].split(",")[0].strip("\"") or "(empty)")' "$tmp/out"

cat >"$tmp/in.jsonl" <<'JSON'
{"id":1,"text":"uno"}
{"id":2,"text":"due"
[3]

{"id":5}
{"id":6,"text":null}
{"id":7,"text":"sette \u00e8 \ud83d\ude00"}
{"id":8,"text":"otto \x"}
{"text":"nove","id":9,"altro":{"a":[1,2,{"b":null}]}}
JSON
classify "$tmp/in.jsonl" >"$tmp/out"
count jsonl 9 "$tmp/out"
python3 -c '
import json, sys
for line in open(sys.argv[1]):
    print(json.loads(line).get("id") or "(empty)")' "$tmp/out"
