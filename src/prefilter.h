/* prefilter.h -- which rules can possibly match a text, without running them.
 *
 * Every rule names words: "\bmai (?:\w+ ){0,2}arrivat[oaie]" cannot match a
 * text without "mai " and one of "arrivato", "arrivata", "arrivati",
 * "arrivate"; "cancel|refund" not without "cancel" or "refund". For each
 * pattern the analysis finds such a set of literals, one of which every
 * match contains (the pattern's "needs"). One pass over a text then finds
 * which of all the rules' literals it holds, and only the rules with one
 * present run: most texts wake a handful of a few hundred rules.
 *
 * The analysis is conservative. It reads the usual syntax (literals,
 * escapes, classes, groups, alternation, quantifiers, lookaround) and
 * gives up, so the rule always runs, on anything it does not understand:
 * a wrong set would silently switch a rule off. test_prefilter.c checks
 * soundness on every shipped rule against real texts. */
#ifndef VOCE_PREFILTER_H
#define VOCE_PREFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A set of literals (NUL-terminated strings). */
typedef struct voce_literals {
    char **s;
    size_t n, cap;
} voce_literals;

void voce_literals_release(voce_literals *l);

/* Whether byte c ends a segment of a text: where sentences end. (Not the
 * newline: rules skip whole phrases with [^.!?]{0,60}, which a newline
 * inside would make unconfined.) */
static inline bool voce_segment_break(unsigned c)
{
    return c == '.' || c == '!' || c == '?';
}

/* The needs of 'pattern' into 'out' (emptied first): true if found, false
 * if the pattern can match without any literal (or was not understood).
 * And, when 'confined' is not NULL, whether no match of it can hold a
 * segment break (what its look-arounds look at aside): then every match
 * lies within one segment, and on a long text the pattern need only run
 * on the segments holding its needs (false when not understood). */
bool voce_prefilter_needs(const char *pattern, voce_literals *out, bool *confined);

/* A scanner for many patterns' needs: add the patterns with ids
 * 0, 1, 2 ... in order, then scan texts. Read-only once built, so one
 * scanner serves every thread. */
typedef struct voce_prefilter voce_prefilter;

voce_prefilter *voce_prefilter_new(void);
void voce_prefilter_free(voce_prefilter *p);

/* Add the pattern with the next id; returns whether it is filtered (false:
 * it is a candidate for every text), and sets *confined (if not NULL) as
 * voce_prefilter_needs does. */
bool voce_prefilter_add(voce_prefilter *p, const char *pattern, bool *confined);

/* Build the index after the last add (before the first scan). */
void voce_prefilter_finish(voce_prefilter *p);

/* The number of 64-bit words a candidate set of this scanner takes. */
size_t voce_prefilter_words(const voce_prefilter *p);

/* Set bit i of 'candidates' (voce_prefilter_words() words) for each
 * pattern i that may match 'text'. */
void voce_prefilter_scan(const voce_prefilter *p, const char *text, size_t len,
                         uint64_t *candidates);

/* voce_prefilter_scan, and in the same pass the candidates of each
 * segment of the text alone: segment k ends at byte end[k] (its break, or
 * len for the last) and begins after end[k - 1]; per_segment holds nseg
 * sets of voce_prefilter_words() words. */
void voce_prefilter_scan_segments(const voce_prefilter *p, const char *text, size_t len,
                                  const uint32_t *end, size_t nseg, uint64_t *candidates,
                                  uint64_t *per_segment);

#endif
