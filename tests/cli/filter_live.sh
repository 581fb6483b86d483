# Records stream through: with --line-buffered a match is written while the input
# is still open, as 'tail -f log | voce filter' needs. (It waits up to 10 s.)
tmp=$(mktemp -d) && trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/in"
voce filter --lexicon-only --line-buffered --sentiment negative <"$tmp/in" >"$tmp/out" &
exec 3>"$tmp/in"
echo "ottimo servizio" >&3
echo "il pacco non è mai arrivato, pessimo" >&3
i=0
while [ ! -s "$tmp/out" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
echo "while the input is open:"
cat "$tmp/out"
echo "orribile, non funziona" >&3
exec 3>&-
wait
echo "after it is closed:"
cat "$tmp/out"
