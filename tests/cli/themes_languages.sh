# Italian and English complaints share no words, so each language is grouped
# apart (k chosen for each) and ranked together: no theme mixes the two, and
# the method line says how many themes each language got.
# --models . : no model, voce's lexicons alone (so that retraining changes nothing).
grep -v '^#' ../data/themes-comments.tsv | cut -f2 | voce themes --all -f text --models .
