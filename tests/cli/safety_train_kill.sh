# 'voce train' killed with SIGKILL at random moments leaves the model it
# was replacing intact: after each kill, 'voce classify -m' loads the model
# quietly and classifies exactly as the old model did (or as the new one,
# when the kill came after the new one was committed). Rounds alternate two
# training sets, so every round replaces a model that differs.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/none"
head -n 151 safety_train.tsv >"$tmp/a.tsv"
{ head -n 1 safety_train.tsv; tail -n 150 safety_train.tsv; } >"$tmp/b.tsv"
tail -n 40 safety_train.tsv | cut -f4 >"$tmp/in.txt"
train() { voce train --lang it --C 1 --folds 2 -o "$tmp/$1" "$tmp/$2.tsv" >/dev/null; }
classify() { voce classify --models "$tmp/none" -m "$tmp/$1" "$tmp/in.txt"; }
train ref_a a && train ref_b b || exit 1
classify ref_a >"$tmp/out_a" && classify ref_b >"$tmp/out_b" || exit 1
cmp -s "$tmp/out_a" "$tmp/out_b" && { echo "the two models classify alike: no test"; exit 1; }

# How long a training takes, in ms: kills land anywhere in 0..120% of it.
start=$(date +%s%N)
train m a || exit 1
ms=$((($(date +%s%N) - start) / 1000000))
rounds=10
[ "${VOCE_TEST_QUICK:-}" = 1 ] && rounds=3 # under valgrind
current=a
i=1
while [ $i -le $rounds ]; do
    next=$([ $current = a ] && echo b || echo a)
    delay=$(awk -v seed="$(date +%N)" -v ms="$ms" 'BEGIN { srand(seed); printf "%.3f", rand() * ms * 1.2 / 1000 }')
    # voce itself in the background (not a shell function, whose subshell
    # the kill would hit instead).
    voce train --lang it --C 1 --folds 2 -o "$tmp/m" "$tmp/$next.tsv" >/dev/null &
    pid=$!
    sleep "$delay"
    kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
    if ! classify m >"$tmp/out" 2>"$tmp/err" || [ -s "$tmp/err" ]; then
        echo "round $i (killed after ${delay}s): the model does not load"
        cat "$tmp/err"
        exit 1
    fi
    if cmp -s "$tmp/out" "$tmp/out_$current"; then
        :
    elif cmp -s "$tmp/out" "$tmp/out_$next"; then
        current=$next # the kill came after the commit
    else
        echo "round $i (killed after ${delay}s): the model classifies like neither model"
        exit 1
    fi
    i=$((i + 1))
done
echo "trainings killed at random moments: the model always loaded whole"
# The next training clears what killed ones left behind: the temporary
# files of dead processes (one made sure of here), not those of live ones.
sh -c 'exit 0' &
dead=$!
wait $dead
touch "$tmp/m.svm0.tmp.$dead" "$tmp/m.svm0.tmp.$$"
train m a || exit 1
[ -e "$tmp/m.svm0.tmp.$$" ] && echo "a live process's temporary file is kept"
rm -f "$tmp/m.svm0.tmp.$$"
left=$(ls "$tmp" | grep -c '^m\..*\.tmp\.')
echo "temporary files left after one more training: $left"
