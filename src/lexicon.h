/* lexicon.h -- one language's words and phrases: polarity, negation,
 * intensity, contrast, topics and churn, loaded from lexicons/<lang>/. */
#ifndef VOCE_LEXICON_H
#define VOCE_LEXICON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "hmap.h"
#include "mem.h"
#include "voce.h"

enum { VOCE_MAX_TOPICS = 32, VOCE_MAX_PHRASE = 8 };

typedef enum voce_negation {
    VOCE_NEG_NONE = 0,
    VOCE_NEG_OPEN, /* "non", "not": opens a negation scope */
    VOCE_NEG_POST, /* "affatto", "at all": confirms an open scope */
    VOCE_NEG_OR    /* "o", "or": carries a negation on to the next polar word */
} voce_negation;

/* Everything the lexicon knows about one term; a term may be listed in
 * several files ("poco" is an intensifier, "ma" a contrast marker). */
typedef struct voce_term {
    const char *text;       /* as written in the file (arena) */
    float polarity;         /* -4..4; meaningful when has_polarity */
    float intensity;        /* multiplier for the next polar word; 0 if none */
    float contrast_before;  /* weights around a contrast marker; 0 if none */
    float contrast_after;
    uint8_t negation;       /* a voce_negation */
    uint8_t churn;          /* 0 (none) .. 3 (explicit) */
    uint8_t ntokens;        /* tokens in the term */
    bool has_polarity;      /* emoji may score 0 and still be known */
    bool self_negated;      /* a phrase starting with a negator: "non funziona" */
    uint8_t negator_inside; /* where a phrase not self_negated holds a negator,
                             * after its first word and before its last: "did not
                             * arrive" 1; else 0 */
} voce_term;

typedef struct voce_lexicon {
    char lang[8];
    voce_term *terms;
    size_t nterms, terms_cap;
    voce_hmap term_index;   /* folded key -> index in terms */
    voce_hmap phrase_start; /* folded first token, and first two, -> the longest
                             * phrase length from them */
    voce_hmap topic_index;  /* folded key -> topic number */
    voce_hmap topic_start;
    const char *topics[VOCE_MAX_TOPICS];
    size_t ntopics;
    uint64_t checksum;      /* of every file read, in order: models record it */
    voce_arena arena;
} voce_lexicon;

/* Load lexicons/<lang>/{polarity,negators,intensifiers,contrast,topics,
 * churn}.tsv and lexicons/emoji.tsv from 'lexicon_dir'. A missing file is
 * an error, as is a malformed line (err->where is "file:line"). */
voce_status voce_lexicon_load(voce_lexicon **out, const char *lexicon_dir, const char *lang,
                              voce_error *err);
void voce_lexicon_free(voce_lexicon *lex);

/* The term matching the most tokens at 'keys[0..n)' (folded token texts),
 * or NULL; *len gets how many tokens it covers. */
const voce_term *voce_lexicon_match(const voce_lexicon *lex, const char *const *keys,
                                    const size_t *key_lens, size_t n, size_t *len);

/* The same for topic cues: returns a topic number, or -1. */
int voce_lexicon_match_topic(const voce_lexicon *lex, const char *const *keys,
                             const size_t *key_lens, size_t n, size_t *len);

/* Whether a single folded token is a known term (for tests and tools). */
bool voce_lexicon_has(const voce_lexicon *lex, const char *term);

/* Topic number of 'name', or -1. */
int voce_lexicon_topic(const voce_lexicon *lex, const char *name);

#endif
