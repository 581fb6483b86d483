# Usage errors exit 2 with a message (the usage follows on stderr, not shown here).
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
try() {
    voce filter "$@" </dev/null >"$tmp/out" 2>"$tmp/err"
    echo "voce filter $*: exit $?: $(head -n 1 "$tmp/err")"
    if [ -s "$tmp/out" ]; then echo "  unexpected output"; fi
}
try
try --lexicon-only
try --min-confidence 2
try --min-confidence 0,5
try --sentiment ''
try --sentiment negative,
try --topic 'billing|price'
try -c -q --churn-risk
try --churn-risk --bogus
try --churn-risk --lang fr
try --churn-risk -f xml
