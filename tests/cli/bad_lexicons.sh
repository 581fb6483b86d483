# An unusable lexicon directory exits 3, naming it.
voce tokens --lexicons /nonexistent reviews.txt
