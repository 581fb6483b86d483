#!/bin/sh
# run.sh VOCE CASE -- run tests/cli/CASE.sh with VOCE first on PATH and compare
# its stdout, stderr and exit status with CASE.out, CASE.err and CASE.exit.
# Set VOCE_BLESS=1 to (re)write the expected files from what the case does.
set -u
voce=$1
case_path=$2
dir=$(dirname "$case_path")
name=$(basename "$case_path")
bindir=$(mktemp -d)
trap 'rm -rf "$bindir"' EXIT
ln -s "$voce" "$bindir/voce"
out=$bindir/out err=$bindir/err
cd "$dir" || exit 2
env -u VOCE_DATA_DIR LC_ALL=C PATH="$bindir:$PATH" sh "./$name.sh" >"$out" 2>"$err"
status=$?
if [ "${VOCE_BLESS:-}" = 1 ]; then
    cp "$out" "$name.out"; cp "$err" "$name.err"; echo "$status" >"$name.exit"
    exit 0
fi
fail=0
if ! cmp -s "$out" "$name.out"; then
    echo "stdout differs:"; diff "$name.out" "$out" | head -20; fail=1
fi
if ! cmp -s "$err" "$name.err"; then
    echo "stderr differs:"; diff "$name.err" "$err" | head -20; fail=1
fi
if [ "$status" != "$(cat "$name.exit")" ]; then
    echo "exit status $status, expected $(cat "$name.exit")"; fail=1
fi
exit $fail
