# --assign: every record back, in order, with its theme appended (empty for the
# records not grouped, "(no comment)" for a detractor who wrote nothing).
voce themes --models . --assign --date-column none ../data/themes-survey.csv 2>/dev/null
