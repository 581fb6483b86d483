# JSONL: every other member is kept as written and in its order (null, numbers,
# arrays, objects, \u escapes, a record with its keys in another order); voce's
# fields are added at the end of each object.
voce classify --lexicon-only ../data/format-app-reviews.jsonl
