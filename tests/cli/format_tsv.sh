# TSV in, TSV out: every field kept, voce's fields appended under their names;
# a record lacking its last field gets an empty cell, so columns stay aligned.
voce classify --lexicon-only ../data/format-tickets.tsv
