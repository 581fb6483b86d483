# Bad values of the survey options are usage errors (exit 2), and so is a
# column that is not there (the message lists the columns).
voce themes --scale stars ../data/themes-survey.csv
echo "exit $?"
voce themes --models . --score-column Voto ../data/themes-survey.csv
echo "exit $?"
voce themes -k 0 ../data/themes-survey.csv 2>&1 | head -1
voce themes --assign -o text ../data/themes-survey.csv 2>&1 | head -1
voce report --period year ../data/themes-survey.csv 2>&1 | head -1
voce report -o report.pdf ../data/themes-survey.csv 2>&1 | head -1
