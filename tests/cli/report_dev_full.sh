# A report that cannot be written to standard output (a full disk) exits 4.
voce report --models . ../data/themes-survey.csv >/dev/full 2>/dev/null
