# Criteria combine (all must hold); a list matches any of its items; a topic
# may ask for its sentiment (delivery:negative); -v prints
# what does not match; -c counts; each run's exit status follows grep's.
run() {
    echo "== voce filter $*"
    voce filter --lexicon-only "$@" ../data/format-survey.csv
    echo "exit $?"
}
run --sentiment negative --churn-risk
run --topic billing,website_app
run --topic delivery:negative,billing:positive
run --sentiment positive,neutral
run --min-confidence 0.95
run --sentiment negative --topic delivery --min-confidence 0.9
run -v --sentiment negative
run -c --sentiment negative
run -c -v --sentiment negative
run -c --topic staff
