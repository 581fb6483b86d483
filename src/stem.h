/* stem.h -- light stemmers for Italian and English, for grouping words.
 *
 * Themes (themes.c) need "rimborso", "rimborsi" and "rimborsato" to count
 * as one word, and "charge", "charged", "charges" and "charging" too. These
 * stemmers strip inflection and a few common derivational suffixes from a
 * folded key (lower case, no accents: voce_utf8_fold_key), keeping at least
 * three letters of stem. They conflate more than a dictionary would and
 * never produce a readable word: themes print surface forms, never stems. */
#ifndef VOCE_STEM_H
#define VOCE_STEM_H

#include <stddef.h>

/* Stem the folded word w[0..len) in place for 'lang' ("it", "en"; any
 * other language is left as it is). Returns the new length (<= len). */
size_t voce_stem(const char *lang, char *w, size_t len);

#endif
