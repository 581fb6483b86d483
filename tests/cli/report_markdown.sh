# The report in Markdown on standard output: NPS with its margin of error, the
# themes with quotes, drivers, sentiment, topics, periods, and the formulas.
voce report --models . ../data/themes-survey.csv
