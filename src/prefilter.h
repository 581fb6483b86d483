/* prefilter.h -- the literal text a regular expression cannot match without.
 *
 * Most rules name words: "\bmai (?:\w+ ){0,2}arrivat[oaie]" cannot match a
 * text without "mai " and "arrivat". Looking for one such literal with
 * memmem() costs a fraction of running the pattern, so a rule whose literal
 * is absent is skipped. The analysis is conservative: it only reads the
 * pattern's top level (no alternation there), takes runs of plain
 * characters that no quantifier can make optional, and gives up (returns
 * no literal, so the rule always runs) on anything it does not understand. */
#ifndef VOCE_PREFILTER_H
#define VOCE_PREFILTER_H

#include <stddef.h>

/* The longest required literal of 'pattern' (at least 3 bytes) into
 * out[0..size), NUL-terminated; returns its length, or 0 if none. */
size_t voce_prefilter_literal(const char *pattern, char *out, size_t size);

#endif
