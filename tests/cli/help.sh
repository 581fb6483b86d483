# -h and 'help' print to stdout and exit 0.
voce -h && voce help tokens
