/* classifier.h -- the inside of voce_classifier, for the modules that
 * extend the pipeline (trainer.c) beyond what voce.h shows. */
#ifndef VOCE_CLASSIFIER_H
#define VOCE_CLASSIFIER_H

#include "buf.h"
#include "langid.h"
#include "lexicon.h"
#include "model.h"
#include "rules.h"
#include "voce.h"

struct voce_classifier {
    voce_analyzer *analyzer;
    voce_lexicon *lex[VOCE_LANG_COUNT];
    voce_rules *rules[VOCE_LANG_COUNT];
    voce_model *sentiment[VOCE_LANG_COUNT]; /* NULL: the lexicon scorer decides */
    voce_model *topic[VOCE_LANG_COUNT];     /* NULL: lexicon topic cues */
    const char *forced_lang;                /* NULL, or a voce_lang_names entry */
    voce_buf describe[VOCE_LANG_COUNT]; /* voce_classifier_describe, made at load */
    voce_buf warnings;
    voce_buf labels[2]; /* voce_classifier_labels: sentiments, topics; made at load */
    /* topic_cue[lang][i]: the lexicon's topic named as topic[lang]'s label i
     * (its bit in voce_lexscore.topics), or -1 */
    int8_t topic_cue[VOCE_LANG_COUNT][VOCE_MODEL_MAX_LABELS];
};

/* Index of 'lang' in voce_lang_names, or -1. */
int voce_lang_index(const char *lang);

#endif
