# Text made to make rules and the tokeniser work hard: 100,000 '!', "ah" x
# 50,000, 10,000 emoji (with skin tones), 1 MB of "a " (no punctuation:
# once quadratic) and "non " x 50,000 (every word a negator). Each is one
# record, classified in bounded time (PCRE2 match limits; no quadratic
# scan), and written whole.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# Under valgrind (VOCE_TEST_QUICK) a tenth of each.
python3 - "$tmp" "${VOCE_TEST_QUICK:-0}" <<'PY'
import sys
d, k = sys.argv[1], 10 if sys.argv[2] == "1" else 1
texts = ["!" * (100000 // k), "ah" * (50000 // k), "😀" * (5000 // k) + "👍🏽" * (5000 // k),
         "a " * (500000 // k), "non " * (50000 // k)]
for i, t in enumerate(texts, 1):
    open("%s/%d.txt" % (d, i), "w").write(t + "\n")
PY
limit=60
[ "${VOCE_TEST_QUICK:-}" = 1 ] && limit=600
for i in 1 2 3 4 5; do
    timeout $limit voce classify --lexicon-only --max-record-bytes 2000000 <"$tmp/$i.txt" \
        >"$tmp/out"
    status=$?
    [ $status = 124 ] && echo "record $i: not classified in ${limit}s"
    echo "record $i: exit status $status, $(wc -l <"$tmp/out") line out," \
        "$(cut -f4 "$tmp/out" | cmp -s - "$tmp/$i.txt" && echo whole || echo damaged)"
done
