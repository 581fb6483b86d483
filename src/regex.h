/* regex.h -- compiled patterns with bounded matching.
 *
 * The only part of voce that talks to PCRE2. Patterns are compiled once
 * (UTF, UCP, JIT when available) and shared read-only between threads; each
 * thread matches with its own scratch. Every match runs under a match limit,
 * so no input can make a pattern backtrack for long: hitting the limit is
 * reported, not waited out. */
#ifndef VOCE_REGEX_H
#define VOCE_REGEX_H

#include <stddef.h>

#include "voce.h"

typedef struct voce_regex voce_regex;
typedef struct voce_regex_scratch voce_regex_scratch;

enum {
    VOCE_RE_CASELESS = 1u << 0,
    VOCE_RE_ANCHORED = 1u << 1, /* a match must start at the 'from' offset */
    VOCE_RE_NO_JIT = 1u << 2,   /* only checked, never run: skip the JIT compiler */
    VOCE_RE_OFFSET_LIMIT = 1u << 3, /* may be run by voce_regex_find_before */
};

/* The default cap on backtracking steps per match attempt. */
enum { VOCE_RE_MATCH_LIMIT = 200000 };

/* Compile 'pattern'. On error, err->where is "<where>:<column>" (column of
 * the offending character, 1-based) and err->msg is PCRE2's message. */
voce_status voce_regex_compile(voce_regex **out, const char *pattern, unsigned flags,
                               const char *where, voce_error *err);
void voce_regex_free(voce_regex *re);

voce_regex_scratch *voce_regex_scratch_new(void);
void voce_regex_scratch_free(voce_regex_scratch *sc);

typedef struct voce_regex_match {
    size_t start, end; /* byte offsets of the whole match */
    const char *mark;  /* the name of the last (*MARK:name) passed, or NULL */
} voce_regex_match;

/* Look for 're' in s[0..len) from byte 'from'. Returns 1 and fills 'm' on a
 * match, 0 if none, -1 if the match limit was hit (treat as no match, and
 * report it). */
int voce_regex_find(const voce_regex *re, const char *s, size_t len, size_t from,
                    voce_regex_scratch *sc, voce_regex_match *m);

/* As voce_regex_find, but only a match starting at or before byte
 * 'last_start' counts: the search gives up there, while look-arounds still
 * see all of s. The pattern must have been compiled with
 * VOCE_RE_OFFSET_LIMIT. */
int voce_regex_find_before(const voce_regex *re, const char *s, size_t len, size_t from,
                           size_t last_start, voce_regex_scratch *sc, voce_regex_match *m);

#endif
