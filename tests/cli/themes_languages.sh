# Italian and English complaints share no words, so each language is grouped
# apart (k chosen for each) and ranked together: no theme mixes the two, and
# the method line (and the JSON) says how many themes each language got.
# --models . : no model, voce's lexicons alone (so that retraining changes nothing).
grep -v '^#' ../data/themes-comments.tsv | cut -f2 | voce themes --all -f text --models .
# In JSON, the themes of each language.
grep -v '^#' ../data/themes-comments.tsv | cut -f2 | voce themes --all -f text --models . --json |
    grep -o '"k":[0-9]*,"k_min":[0-9]*,"k_max":[0-9]*,"k_by_language":{[^}]*}'
