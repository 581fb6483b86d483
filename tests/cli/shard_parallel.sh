# Sharding is exact. GNU parallel --pipe cuts the input at line ends into blocks,
# runs one voce per block and, with -k, writes their outputs in input order: the
# result equals one voce over the whole input, for plain text, for JSONL, and for
# TSV without a header (each block's header line of voce's columns taken off).
# The format is given with -f: a block must not be detected on its own.
# Skipped (exit 77, reported by ctest as skipped) without GNU parallel.
if ! parallel --version 2>/dev/null | grep -q '^GNU parallel'; then
    echo "shard_parallel: skipped: GNU parallel is not installed (apt-get install parallel)" >&2
    exit 77
fi
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
n=8000 block=32k
[ "${VOCE_TEST_QUICK:-}" = 1 ] && n=1200 block=8k
awk -v dir="$tmp" -v n=$n 'BEGIN {
    split("Il pacco non è mai arrivato|Consegna velocissima, corriere gentilissimo|" \
          "Charged twice, I will cancel my subscription|{not json, just braces}|" \
          "Prezzi onesti, ci tornerò|ho chiamato cinque volte, nessuno risponde mai|", t, "|")
    for (i = 1; i <= n; i++) {
        s = t[i % 7 + 1]
        print s >(dir "/in.txt")
        printf "{\"id\": %d, \"text\": \"%s\"}\n", i, s >(dir "/in.jsonl")
        printf "%d\t%s\n", i, s >(dir "/in.tsv")
    }
}'
shard() { parallel --will-cite --pipe -k --block $block "$@"; }

voce classify --lexicon-only -f text <"$tmp/in.txt" >"$tmp/one" 2>/dev/null
shard voce classify --lexicon-only -f text <"$tmp/in.txt" >"$tmp/sharded" 2>/dev/null
cmp -s "$tmp/one" "$tmp/sharded" && echo "text: sharded = unsharded"

voce classify --lexicon-only -f jsonl <"$tmp/in.jsonl" >"$tmp/one" 2>/dev/null
shard voce classify --lexicon-only -f jsonl <"$tmp/in.jsonl" >"$tmp/sharded" 2>/dev/null
cmp -s "$tmp/one" "$tmp/sharded" && echo "jsonl: sharded = unsharded"

tsv="voce classify --lexicon-only -f tsv --no-header --text-column 2"
$tsv <"$tmp/in.tsv" 2>/dev/null | tail -n +2 >"$tmp/one"
shard "$tsv 2>/dev/null | tail -n +2" <"$tmp/in.tsv" >"$tmp/sharded"
cmp -s "$tmp/one" "$tmp/sharded" && echo "tsv: sharded = unsharded"
exit 0
