# A 1-5 column read as CSAT (its values say so): CSAT is the share of 4-5, and the
# dissatisfied (1-2) are grouped. A 7 with --scale csat is left out, with its line.
printf '%s\n' "Voto,Recensione" "5,ottimo" "4,buono" "2,addebito doppio sulla carta" \
    "1,addebito doppio, pessimo" "3,così così" "5,perfetto" >/tmp/voce-csat-$$.csv
voce report --models . --to json /tmp/voce-csat-$$.csv | grep -o '"summary":{[^}]*}' | head -1
printf '%s\n' "7,fuori scala" >>/tmp/voce-csat-$$.csv
voce report --models . --scale csat --to json /tmp/voce-csat-$$.csv 2>&1 >/dev/null |
    sed "s|/tmp/voce-csat-[0-9]*|FILE|"
rm -f /tmp/voce-csat-$$.csv
