# 'voce classify ... | head' stops quietly, with -j too: SIGPIPE keeps its default.
yes "il pacco non è mai arrivato" | head -n 100000 | voce classify --lexicon-only | head -n 1
yes "ottimo servizio" | head -n 100000 | voce classify --lexicon-only -j 4 -o jsonl | head -n 1
