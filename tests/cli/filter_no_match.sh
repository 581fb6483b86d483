# No record matches: only the CSV header is printed, and the exit status is 1.
voce filter --lexicon-only --topic staff ../data/format-survey.csv
