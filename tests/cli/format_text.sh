# Plain text in: one TSV line out per line in (sentiment, score, topics, text),
# the empty line included; accents and emoji pass through.
voce classify --lexicon-only ../data/format-comments.txt
