/* langid.h -- is this text Italian, English, or too short to tell? */
#ifndef VOCE_LANGID_H
#define VOCE_LANGID_H

#include <stddef.h>

#include "hmap.h"
#include "voce.h"

/* The languages voce knows, in a fixed order. */
enum { VOCE_LANG_IT, VOCE_LANG_EN, VOCE_LANG_COUNT };
extern const char *const voce_lang_names[VOCE_LANG_COUNT];

typedef struct voce_langid {
    /* folded function word -> the languages listing it, a bit each (one
     * lookup a word, whatever the number of languages) */
    voce_hmap stopwords;
} voce_langid;

/* Load <lexicon_dir>/<lang>/stopwords.tsv for every known language. */
voce_status voce_langid_load(voce_langid *l, const char *lexicon_dir, voce_error *err);
void voce_langid_release(voce_langid *l);

/* The language of clean text (normalize.c), or "und"; 'confidence' (may be
 * NULL) gets a value in [0, 1]. 'lean' (may be NULL) gets the index of the
 * language with more votes, even when they were too few to tell, or -1
 * when none had more. */
const char *voce_langid_detect(const voce_langid *l, const char *text, size_t len,
                               double *confidence, int *lean);

#endif
