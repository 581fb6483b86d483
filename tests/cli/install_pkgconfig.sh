# 'cmake --install' into a fresh prefix gives voce, libvoce.a, voce.h, voce.pc,
# the manual page, the bash completion and the data; the installed voce finds
# its data without VOCE_DATA_DIR; a C program built with
# 'pkg-config --cflags --libs voce' classifies and redacts with the installed
# lexicons. The build is the one whose voce is first on PATH.
voce=$(readlink -f "$(command -v voce)")
build=$(cd "$(dirname "$voce")/.." && pwd)
if [ ! -f "$build/cmake_install.cmake" ]; then
    echo "install_pkgconfig: no CMake build around $voce" >&2
    exit 1
fi
prefix=$(mktemp -d "${TMPDIR:-/tmp}/voce-install.XXXXXX")
trap 'rm -rf "$prefix"' EXIT

if ! log=$(cmake --install "$build" --prefix "$prefix" 2>&1); then
    printf '%s\n' "$log" >&2
    exit 1
fi

echo "== installed"
for f in bin/voce include/voce.h share/man/man1/voce.1 \
         share/bash-completion/completions/voce share/voce/lexicons/placeholders.tsv \
         share/voce/lexicons/redact.tsv; do
    [ -f "$prefix/$f" ] && echo "$f" || echo "missing: $f"
done
for f in libvoce.a pkgconfig/voce.pc; do
    set -- "$prefix"/lib*/$f "$prefix"/lib/*/$f
    found=
    for p in "$@"; do [ -f "$p" ] && found=$p; done
    [ -n "$found" ] && echo "lib/$f" || echo "missing: lib/$f"
done
[ -d "$prefix/share/voce/models" ] && echo "share/voce/models/"
bash -n "$prefix/share/bash-completion/completions/voce" && echo "completion parses"

echo "== the installed voce, without VOCE_DATA_DIR"
"$prefix/bin/voce" version | sed "s|$prefix|PREFIX|"
echo "Il pacco non è mai arrivato, scrivetemi a mario.rossi@example.com" |
    "$prefix/bin/voce" filter --lexicon-only --redact --sentiment negative

echo "== a program built with pkg-config"
pcdir=$(dirname "$(find "$prefix" -name voce.pc)")
export PKG_CONFIG_PATH="$pcdir"
# A sanitizer build's libvoce.a needs its runtime in the program too.
flags=
case $(sed -n 's/^CMAKE_BUILD_TYPE:[A-Z]*=//p' "$build/CMakeCache.txt") in
Asan) flags="-fsanitize=address,undefined" ;;
Tsan) flags="-fsanitize=thread" ;;
esac
cc=$(sed -n 's/^CMAKE_C_COMPILER:[A-Z]*=//p' "$build/CMakeCache.txt")
echo "pkg-config --modversion voce: $(pkg-config --modversion voce)"
cat >"$prefix/embed.c" <<'EOF'
#include <stdio.h>
#include <string.h>

#include <voce.h>

int main(void)
{
    voce_options opt = {.lexicon_dir = LEXICONS, .lexicon_only = true};
    voce_classifier *c;
    voce_error err;
    if (voce_classifier_load(&c, &opt, &err) != VOCE_OK) {
        fprintf(stderr, "embed: %s: %s\n", err.where, err.msg);
        return 3;
    }
    voce_doc *d = voce_doc_new();
    const char *text = "Consegna velocissima, corriere gentilissimo!";
    voce_result r;
    voce_classify(c, d, text, strlen(text), &r);
    printf("%s %s %s\n", r.lang, r.sentiment, r.topics);

    voce_redactor *red;
    if (voce_redactor_load(&red, LEXICONS, &err) != VOCE_OK) {
        fprintf(stderr, "embed: %s: %s\n", err.where, err.msg);
        return 3;
    }
    const char *pii = "IBAN IT60 X054 2811 1010 0000 0123 456, tel. +39 347 123 4567";
    char buf[128];
    voce_redact(red, pii, strlen(pii), buf, sizeof buf, NULL);
    printf("%s\n", buf);
    voce_redactor_free(red);
    voce_doc_free(d);
    voce_classifier_free(c);
    return 0;
}
EOF
# shellcheck disable=SC2046
if ! "${cc:-cc}" -std=c11 $flags -DLEXICONS="\"$(pkg-config --variable=lexicondir voce)\"" \
        -o "$prefix/embed" "$prefix/embed.c" $(pkg-config --cflags --libs voce); then
    echo "the program does not build" >&2
    exit 1
fi
"$prefix/embed"
