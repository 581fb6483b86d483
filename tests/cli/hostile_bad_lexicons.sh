# Lexicons and rules that cannot be used stop voce with one message naming
# the file and the line (and the column, for a pattern) and exit status 3,
# never a crash: a rule whose regex does not compile, a rule weight out of
# range, a lexicon line with a missing column, a score that is not a
# number, a file cut in the middle of a character, a file of binary
# garbage, a missing file, a bad placeholder pattern (one that does not compile,
# one that does not open with a look-behind). An empty lexicon file
# is merely empty. Each broken file is written whole, so the line numbers
# do not move when the shipped lexicons grow.
set -u
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp -r ../../lexicons "$tmp/pristine"
cd "$tmp" || exit 1
echo "il pacco non è mai arrivato" >in.txt
try() { # WHAT FILE CONTENT: FILE of a fresh copy of the lexicons holds CONTENT
    rm -rf lex
    cp -r pristine lex
    if [ "$3" = MISSING ]; then rm "lex/$2"; else printf "$3" >"lex/$2"; fi
    echo "$1:"
    voce classify --lexicon-only --lexicons lex in.txt >/dev/null
    echo "exit status $?"
}
try "a regex that does not compile" it/rules.tsv \
    '# name\teffect\tweight\tpattern\nok\tsentiment\t-1\t\\bpessim[oa]\\b\nbroken\tsentiment\t-1\t\\b(?:non funziona\n'
try "a rule weight out of range" en/rules.tsv 'odd\tsentiment\t-9\tawful\n'
try "a lexicon line with a missing column" it/polarity.tsv \
    '# term\tscore\npessimo\t-3\norribile\nottimo\t3\n'
try "a score that is not a number" it/polarity.tsv 'pessimo\t-3\norribile\tmolto\n'
try "a file cut inside a character" it/negators.tsv 'non\tneg\nperch\303'
try "binary garbage" en/intensifiers.tsv '\000\001\002\377\376garbage\n'
try "a missing file" it/contrast.tsv MISSING
try "a placeholder pattern that does not compile" placeholders.tsv \
    'url\t(?<!\\w)(?:https?://|www\\.)\\S+\nmoney\t(?<!\\w)(?:€|\\$) ?(\\d+\n'
try "a placeholder pattern without a look-behind" placeholders.tsv \
    'url\t(?<!\\w)(?:https?://|www\\.)\\S+\nmoney\t\\d+ ?euro\n'
try "a stopword line with two columns" en/stopwords.tsv 'the\nand\tor\n'
try "an empty lexicon file" it/churn.tsv ''
