# The text column: detected by name ("Commento / Comment"), or given by name in
# any case or by number; --id-column names a column; a column that does not
# exist is reported with the columns there are.
voce classify --lexicon-only -o tsv --text-column 'commento / comment' ../data/format-survey.csv |
    cut -f1,6-
voce classify --lexicon-only --text-column 3 --id-column id ../data/format-tickets.tsv | cut -f1,5-
voce classify --lexicon-only --text-column Feedback ../data/format-tickets.tsv
echo "exit $?"
