# A period that ends a text changes nothing: the shipped models leave a
# text's final ". , ; :" out of its features (config.h, FINAL_SEPARATOR), so
# each text below, and the same text with a final period, get the same
# language, sentiment, score, confidence and topics. Models of before called
# "Average." and "Va bene." negative, "Average" and "Va bene" neutral or
# positive: the corpus's short answers seldom end with a period and its long
# complaints often do. Prints each text's sentiment and topics once, and whether the
# two readings differ.
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
# Every column but the text: language, sentiment, score, confidence,
# topics, topic sentiments, churn risk.
voce classify --models ../../models -o tsv classify_final_period.txt | cut -f2- >"$tmp/plain"
sed 's/$/./' classify_final_period.txt |
    voce classify --models ../../models -o tsv | cut -f2- >"$tmp/period"
(echo text; cat classify_final_period.txt) | paste - "$tmp/plain" | cut -f1,3,6
if cmp -s "$tmp/plain" "$tmp/period"; then
    echo "the same with a final period"
else
    echo "different with a final period:"
    diff "$tmp/plain" "$tmp/period"
    exit 1
fi
