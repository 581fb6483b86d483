# voce filter prints the matching records as they were read (a multi-line CSV
# record whole, its quotes as written), after the header line; exit 0.
voce filter --lexicon-only --sentiment negative ../data/format-survey.csv
