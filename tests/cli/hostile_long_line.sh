# A 10 MB line is one record: classified by its first MiB (--max-record-bytes'
# default) with a warning, written out whole, in bounded time, and the line
# after it is read as usual. (tools/stress feeds a 100 MB line.)
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
size=10000000
[ "${VOCE_TEST_QUICK:-}" = 1 ] && size=2000000
{ head -c $size /dev/zero | tr '\0' x; echo; echo "ottimo"; } >"$tmp/in.txt"
timeout 120 voce classify --lexicon-only <"$tmp/in.txt" >"$tmp/out"
echo "exit status $?"
echo "lines out: $(wc -l <"$tmp/out")"
[ "$(sed -n 1p "$tmp/out" | cut -f4 | wc -c)" -eq $((size + 1)) ] && echo "the long text is out whole"
sed -n 2p "$tmp/out" | cut -f4
