# voce tokens on a file: one output line per input line, the empty line included.
voce tokens reviews.txt
