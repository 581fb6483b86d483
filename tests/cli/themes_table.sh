# The themes of the detractors of a small NPS survey, as a table: the score and
# date columns are found by their names; a score of 11 is reported with its
# file and line and left out (exit 1); a detractor without a comment is counted.
# --models . : no model, voce's lexicons alone (so that retraining changes nothing).
voce themes --models . ../data/themes-survey.csv
