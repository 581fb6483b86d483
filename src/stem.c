/* stem.c -- light suffix-stripping stemmers (see stem.h).
 *
 * Italian: the longest of a list of inflectional and derivational endings
 * (-amento, -azione, -ato, -ito, -are, -mente, ...), else a final vowel;
 * "ch"/"gh" lose the h they only had for the vowel ("pacchi" -> "pacc").
 * English: plural -s/-es/-ies, -ed/-ing with a doubled consonant undone,
 * -ly, then a final -e, so that "charge", "charged" and "charging" meet.
 * A stem keeps at least MIN_STEM bytes; shorter words are left alone. */
#include "stem.h"

#include <stdbool.h>
#include <string.h>

enum { MIN_STEM = 3 };

static bool ends_with(const char *w, size_t len, const char *suffix, size_t *slen)
{
    size_t n = strlen(suffix);
    *slen = n;
    return len >= n && memcmp(w + len - n, suffix, n) == 0;
}

static bool is_vowel(char c)
{
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
}

/* Longest first, so "-amento" wins over "-o". */
static const char *const it_suffixes[] = {
    "amento", "amenti", "imento", "imenti", "azione", "azioni", "issimo", "issima",
    "issimi", "issime", "atore",  "atori",  "atrice", "atrici", "mente",  "avano",
    "ando",   "endo",   "ione",   "ioni",   "ato",    "ata",    "ati",    "ate",
    "ito",    "ita",    "iti",    "ite",    "uto",    "uta",    "uti",    "ute",
    "are",    "ere",    "ire",    "ava",    "ano",    "ono",
};

static size_t stem_it(char *w, size_t len)
{
    size_t n;
    for (size_t i = 0; i < sizeof it_suffixes / sizeof *it_suffixes; i++)
        if (ends_with(w, len, it_suffixes[i], &n) && len - n >= MIN_STEM)
            return len - n;
    if (len > MIN_STEM && is_vowel(w[len - 1]))
        len--;
    if (len > MIN_STEM && w[len - 1] == 'h' && (w[len - 2] == 'c' || w[len - 2] == 'g'))
        len--;
    return len;
}

static bool has_vowel(const char *w, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (is_vowel(w[i]) || w[i] == 'y')
            return true;
    return false;
}

static size_t stem_en(char *w, size_t len)
{
    size_t n;
    if (len <= MIN_STEM)
        return len;
    /* Plurals and third persons. */
    if (ends_with(w, len, "ies", &n) && len > 4) {
        len -= 2;
        w[len - 1] = 'y';
    } else if (ends_with(w, len, "sses", &n)) {
        len -= 2;
    } else if (w[len - 1] == 's' && w[len - 2] != 's' && w[len - 2] != 'u' && w[len - 2] != 'i' &&
               w[len - 2] != '\'') {
        len--;
    }
    /* Past and progressive forms: "charged", "charging", "shipped". */
    if ((ends_with(w, len, "ing", &n) || ends_with(w, len, "ed", &n)) && len - n >= MIN_STEM &&
        has_vowel(w, len - n)) {
        len -= n;
        char c = w[len - 1];
        if (c == w[len - 2] && !is_vowel(c) && c != 'l' && c != 's' && c != 'z')
            len--;
    }
    if (ends_with(w, len, "ly", &n) && len - n >= 4)
        len -= n;
    if (len > MIN_STEM && w[len - 1] == 'e')
        len--;
    if (len > MIN_STEM && w[len - 1] == 'y')
        w[len - 1] = 'i';
    return len;
}

size_t voce_stem(const char *lang, char *w, size_t len)
{
    if (strcmp(lang, "it") == 0)
        return stem_it(w, len);
    if (strcmp(lang, "en") == 0)
        return stem_en(w, len);
    return len;
}
