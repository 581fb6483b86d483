# A 10 MB line is one record: classified by its first MiB (--max-record-bytes'
# default) with a warning, written out whole, in bounded time, and the line
# after it is read as usual. (tools/stress feeds a 100 MB line.)
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
size=10000000 max=1048576 limit=120
# Under valgrind (VOCE_TEST_QUICK): 1 MB, of which 100 kB are classified.
[ "${VOCE_TEST_QUICK:-}" = 1 ] && size=1000000 max=100000 limit=900
{ head -c $size /dev/zero | tr '\0' x; echo; echo "ottimo"; } >"$tmp/in.txt"
timeout $limit voce classify --lexicon-only --max-record-bytes $max <"$tmp/in.txt" >"$tmp/out"
echo "exit status $?"
echo "lines out: $(wc -l <"$tmp/out")"
[ "$(sed -n 1p "$tmp/out" | cut -f4 | wc -c)" -eq $((size + 1)) ] && echo "the long text is out whole"
sed -n 2p "$tmp/out" | cut -f4
