# 'voce filter ... | head' stops quietly: SIGPIPE keeps its default.
yes "il pacco non è mai arrivato" | head -n 100000 |
    voce filter --lexicon-only --sentiment negative | head -n 1
