# -j 4 (and -j 0, one thread per core) writes output byte-identical to -j 1, in
# input order, over several batches of records: 6000 CSV records (some quoted over
# two lines) and 6000 JSONL records.
# Under valgrind (VOCE_TEST_QUICK=1), 600 records: threads still, one batch.
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
n=6000
[ "${VOCE_TEST_QUICK:-}" = 1 ] && n=600
awk -v dir="$tmp" -v n=$n 'BEGIN {
    split("Il pacco non è mai arrivato|Consegna velocissima, corriere gentilissimo|" \
          "Charged twice, I will cancel my subscription|Great app but the login fails|" \
          "Prezzi onesti, ci tornerò|ho chiamato cinque volte, nessuno risponde mai", t, "|")
    csv = dir "/big.csv"; jsonl = dir "/big.jsonl"
    print "id,text,n" >csv
    for (i = 1; i <= n; i++) {
        s = t[i % 6 + 1]
        if (i % 7 == 0)
            print "r" i ",\"" s ",\n\"\"" t[(i + 3) % 6 + 1] "\"\"\"," i >csv
        else
            print "r" i ",\"" s "\"," i >csv
        printf "{\"id\": %d, \"text\": \"%s\", \"n\": [%d]}\n", i, s, i % 5 >jsonl
    }
}'
for f in big.csv big.jsonl; do
    voce classify --lexicon-only -j 1 "$tmp/$f" >"$tmp/one" || echo "-j 1 failed"
    voce classify --lexicon-only -j 4 "$tmp/$f" >"$tmp/four" || echo "-j 4 failed"
    voce classify --lexicon-only -j 0 <"$tmp/$f" >"$tmp/all" || echo "-j 0 failed"
    [ "$(wc -l <"$tmp/$f")" = "$(wc -l <"$tmp/one")" ] && echo "$f: as many lines out as in"
    cmp -s "$tmp/one" "$tmp/four" && echo "$f: -j 4 output identical to -j 1"
    cmp -s "$tmp/one" "$tmp/all" && echo "$f: -j 0 output identical to -j 1"
done
