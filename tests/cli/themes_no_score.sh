# Plain text has no score: the comments voce finds negative are grouped, and with
# --assign each line comes back as theme<TAB>text. -k forces the number of themes.
printf '%s\n' "Il rimborso non è mai arrivato" "rimborso mai arrivato, vergogna" \
    "addebito doppio sulla carta, pessimo" "ancora un addebito doppio, pessimo servizio" \
    "ottimo servizio" "rimborso mai arrivato, pessimi" "addebito doppio, che schifo" \
    "bravi" "il rimborso non arriva mai, pessimo" "addebito doppio anche oggi, pessimo" |
    voce themes --models . --assign -k 2
