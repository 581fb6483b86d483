/* doc.h -- what one thread keeps while it reads one text (voce_doc).
 *
 * Every stage of the pipeline writes its results here and reuses the
 * buffers from text to text, so steady-state classification allocates
 * nothing. analyzer.c fills the first block, lexscore.c the second,
 * featurize.c and classifier.c the rest. */
#ifndef VOCE_DOC_H
#define VOCE_DOC_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "featurize.h"
#include "model.h"
#include "normalize.h"
#include "regex.h"
#include "rules.h"
#include "tokenize.h"
#include "voce.h"

/* The lexicon scorer's summary of a text: its score and the aggregates
 * the SVM uses as features. */
typedef struct voce_lexscore {
    double raw;         /* sum of contributions, before squashing */
    double score;       /* raw squashed into [-1, 1] */
    double pos_mass;    /* sum of positive contributions */
    double neg_mass;    /* sum of negative contributions (<= 0) */
    double strongest;   /* the contribution of largest magnitude */
    double last_clause; /* the sum of the last clause that had any */
    double rule_sum;    /* what sentiment rules added */
    double damp;        /* how much neutral rules pulled towards 0 (0..1) */
    int n_pos, n_neg, n_negated, n_intensified;
    int n_exclaim, n_question, n_caps, n_elongated, n_emoji;
    int churn;          /* strongest churn cue, 0..3 */
    unsigned flags;     /* VOCE_FLAG_* */
    uint32_t topics;    /* topic cue bits, by lexicon topic number */
} voce_lexscore;

struct voce_doc {
    /* analyzer.c */
    voce_clean clean;
    voce_buf blanked; /* clean text with placeholders blanked, for langid */
    voce_tokens tokens;
    voce_span *spans;
    size_t nspans, spans_cap;
    voce_regex_scratch *scratch;
    const char *lang;
    int lang_lean; /* langid's leaning when 'lang' is "und": a language index, or -1 */
    size_t regex_limit_hits;

    /* lexscore.c */
    voce_buf keys;         /* folded token texts, NUL-separated */
    const char **key;      /* key[i]: folded text of token i */
    size_t *key_len;
    size_t key_cap;
    uint8_t *negated;      /* negated[i]: token i lies in a negation scope */
    uint16_t *clause;      /* clause[i]: the clause token i belongs to */
    size_t tok_cap;
    voce_buf folded;       /* the text rules see */
    uint32_t *folded_src;  /* folded byte -> original offset */
    size_t folded_src_cap;
    voce_rule_hit *rule_hits;
    size_t nrule_hits, rule_hits_cap;
    voce_cue *cues;
    size_t ncues, cues_cap;
    voce_lexscore lex;
    uint64_t scored;       /* texts scored so far: what the features are of */

    /* classifier.c: model scratch and the strings a voce_result points to */
    voce_vec vec;          /* the sentiment model's vector of the text */
    voce_vec topic_vec;    /* the topic model's */
    /* The vector before any model's IDF, shared by the models of a text
     * that build it alike: of text number 'raw_scored', under 'raw_fc',
     * in 'raw_order'. */
    voce_vec raw;
    voce_features_config raw_fc;
    uint64_t raw_scored;
    voce_vec_order raw_order;
    voce_feature_scratch features;
    double prob[VOCE_MODEL_MAX_LABELS], dec[VOCE_MODEL_MAX_DEC];
    voce_vec clause_vec;   /* the sentiment model's vector of one clause */
    voce_vec base_vec;     /* a base model's vector (model.h) */
    uint8_t *marker;       /* marker[i]: token i is part of a contrast marker */
    size_t marker_cap;
    /* Clauses of this text already classified (topics often share one), by
     * their tokens [first, end). */
    struct voce_clause_score {
        uint32_t first, end;
        double score;
    } clause_scores[8];
    size_t nclause_scores;
    const voce_model *used;        /* the sentiment model of the last text, or NULL */
    int used_label;
    voce_buf feature_names;        /* names of explained features (voce_explain_features) */
    voce_topic_score topic_scores[VOCE_MODEL_MAX_LABELS]; /* voce_doc_topic_scores */
    size_t ntopic_scores;
    voce_buf out_topics, out_topic_sentiments, out_flags;
};

#endif
