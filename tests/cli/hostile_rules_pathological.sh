# Text made to make rules and the tokeniser work hard: 100,000 '!', "ah" x
# 50,000, 10,000 emoji (with skin tones), 1 MB of "a " (no punctuation:
# once quadratic) and "non " x 50,000 (every word a negator). Each is one
# record, classified in bounded time (PCRE2 match limits; no quadratic
# scan), and written whole.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$tmp" <<'PY'
import sys
d = sys.argv[1]
texts = ["!" * 100000, "ah" * 50000, "😀" * 5000 + "👍🏽" * 5000, "a " * 500000, "non " * 50000]
for i, t in enumerate(texts, 1):
    open("%s/%d.txt" % (d, i), "w").write(t + "\n")
PY
limit=60
[ "${VOCE_TEST_QUICK:-}" = 1 ] && limit=900
for i in 1 2 3 4 5; do
    timeout $limit voce classify --lexicon-only --max-record-bytes 2000000 <"$tmp/$i.txt" \
        >"$tmp/out"
    status=$?
    [ $status = 124 ] && echo "record $i: not classified in ${limit}s"
    echo "record $i: exit status $status, $(wc -l <"$tmp/out") line out," \
        "$(cut -f4 "$tmp/out" | cmp -s - "$tmp/$i.txt" && echo whole || echo damaged)"
done
