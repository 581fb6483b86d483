# NUL bytes anywhere in a record are removed (with a warning naming the
# line), never end a record early, and never cost a record: in text, CSV
# (inside and outside quotes) and JSONL (raw, and as \u0000).
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'ciao\000mondo\n\000\000\000\nfine con NUL\000\n' | voce classify --lexicon-only >"$tmp/out"
echo "exit status $?"
cut -f4 "$tmp/out"
printf 'id,text\n1,"a\000b"\n2,c\000d\n' | voce classify --lexicon-only -f csv >"$tmp/out"
echo "exit status $?"
cut -d, -f1,2 "$tmp/out"
printf '{"id":1,"text":"x\\u0000y"}\n{"id":2,"text":"p\000q"}\n' |
    voce classify --lexicon-only -f jsonl >"$tmp/out"
echo "exit status $?"
sed 's/,"lang".*/}/' "$tmp/out"
