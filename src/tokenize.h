/* tokenize.h -- clean text to typed tokens with offsets into the input.
 *
 * Works on the output of normalize.c, after placeholders (URLs, money,
 * dates, ...) were located by analyzer.c. Language-specific decisions (Italian
 * elision and apostrophe-as-accent, English contractions) take the
 * document's language. */
#ifndef VOCE_TOKENIZE_H
#define VOCE_TOKENIZE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "normalize.h"
#include "voce.h"

/* A located placeholder, in clean-text byte offsets. 'type' is a
 * voce_token_type, or VOCE_SPAN_HASHTAG for a hashtag to split into words. */
typedef struct voce_span {
    uint32_t start, end;
    uint16_t type;
} voce_span;

#define VOCE_SPAN_HASHTAG VOCE_TOK_TYPE_COUNT

typedef struct voce_tokens {
    voce_token *tok;
    size_t n, cap;
    voce_buf text; /* the tokens' texts, each NUL-terminated */
} voce_tokens;

void voce_tokens_init(voce_tokens *t);
void voce_tokens_release(voce_tokens *t);

/* Tokenise clean text 'c' into 't' (replacing its contents). 'spans' are
 * sorted and do not overlap. 'lang' is "it", "en" or "und". */
void voce_tokenize(const voce_clean *c, const voce_span *spans, size_t nspans,
                   const char *lang, voce_tokens *t);

#endif
