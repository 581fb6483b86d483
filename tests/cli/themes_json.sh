# --json and -o jsonl: the same themes for tools, one object or one a line.
voce themes --models . --json --date-column none ../data/themes-survey.csv 2>/dev/null
voce themes --models . -o jsonl --date-column none ../data/themes-survey.csv 2>/dev/null
