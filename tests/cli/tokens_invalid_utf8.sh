# Invalid UTF-8 is replaced, warned about with file:line, and the run exits 1.
voce tokens latin1.txt
