# --lang forces the language: Italian elision and accent repair are off for English.
printf "dell'app e' ok\n" | voce tokens --lang en -
