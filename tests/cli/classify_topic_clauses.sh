# Per-topic sentiment with the shipped models: each topic takes the sentiment
# of the clauses that mention it, cut at contrast markers and punctuation, so
# one text can be positive on one topic and negative on another. A question
# stays neutral on its topic even when it follows a clause about leaving.
# A clause before "però" or "but" says what it says: the contrast marker
# weighs it less for the whole text's verdict, not for its own topic.
voce classify --models ../../models -o tsv classify_topic_clauses.txt | cut -f1,3,6,7
