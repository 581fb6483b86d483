/* featurize.h -- a text as a sparse vector for the SVM.
 *
 * Hashed word n-grams (with negation marking) and character n-grams over
 * the folded tokens, plus the lexicon scorer's aggregates, rule hits,
 * emphasis, emoji and length. Deterministic: a fixed hash with a seed that
 * every model records, so a model can refuse vectors built differently. */
#ifndef VOCE_FEATURIZE_H
#define VOCE_FEATURIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "voce.h"

typedef struct voce_lexscore voce_lexscore; /* doc.h */

/* How vectors are built; saved in every model's meta. */
typedef struct voce_features_config {
    unsigned hash_bits;   /* hashed features live in 2^hash_bits buckets */
    uint64_t seed;        /* of the hash */
    unsigned word_ngrams; /* 1: unigrams, 2: uni+bigrams */
    unsigned char_min;    /* character n-grams within words, char_min..char_max; */
    unsigned char_max;    /* 0 for none */
    bool char_mentions;   /* character n-grams of @mention handles too (models
                           * whose meta lacks the field: words only) */
    bool opening_mention; /* the word feature "^@" for a text that opens with
                           * an @mention (models whose meta lacks it: none) */
    bool final_separator; /* the ". , ; :" that end a text as word features
                           * and in its length (models whose meta lacks it:
                           * yes); without, "Average." is "Average" */
    float char_weight;    /* the character block's norm before the final
                           * normalisation (the word block's is 1) */
    bool lexicon;         /* the lexicon scorer's aggregates and cues */
    unsigned base_labels; /* slots after the hashed ones for a base model's
                           * probabilities, one per label (model.h); 0: none */
} voce_features_config;

/* Whether two configurations build the same vectors (the base model's
 * slots aside: voce_features_build leaves them empty). */
bool voce_features_same(const voce_features_config *a, const voce_features_config *b);

/* The defaults (config.h). */
void voce_features_defaults(voce_features_config *fc);

/* Whether 'fc' makes sense; if not, a message in 'msg'. */
bool voce_features_check(const voce_features_config *fc, char *msg, size_t size);

/* A sparse vector: indices 1-based, each once; strictly increasing
 * (libsvm's order) unless built in any order (below). */
typedef struct voce_vec {
    uint32_t *idx;
    float *val;
    size_t n, cap;
} voce_vec;

/* The order a vector's indices are built in. Training and kernels need
 * libsvm's; a fused linear model (model.c) takes each index as it comes,
 * and sorting was an eighth of classifying a short review. */
typedef enum { VOCE_VEC_SORTED, VOCE_VEC_ANY_ORDER } voce_vec_order;

void voce_vec_init(voce_vec *v);
void voce_vec_release(voce_vec *v);

/* A copy of 'src' in 'dst' (grown as needed). */
void voce_vec_copy(voce_vec *dst, const voce_vec *src);

/* How many kinds of hashed feature names there are (featurize.c). */
enum { VOCE_FEATURE_PREFIXES = 7 };

/* What building a vector reuses from text to text (one per voce_doc):
 * a counter per bucket, and room to sort and merge. */
typedef struct voce_feature_scratch {
    uint16_t *count;
    uint64_t *bits;    /* a bit per bucket, for sorting (all 0 between uses) */
    uint64_t *summary; /* a bit per word of 'bits' that has any set (likewise) */
    float sublinear[64]; /* 1 + log(k) */
    /* The hash seeds of the feature names' prefixes ("w:", "c:"...: see
     * featurize.c) under the hash seed 'prefix_seeds_of', computed once
     * rather than per text. */
    bool has_prefix_seeds;
    uint64_t prefix_seeds_of;
    uint64_t prefix_seeds[VOCE_FEATURE_PREFIXES];
    uint32_t dim;
    uint32_t *merged_idx;
    float *merged_val;
    size_t merged_cap;
} voce_feature_scratch;

void voce_feature_scratch_release(voce_feature_scratch *sc);

/* The number of the highest index a vector can have under 'fc'. */
uint32_t voce_features_dim(const voce_features_config *fc);

/* Build the vector of the text last scored into 'd' (voce_lexscore_run),
 * with d's scratch, in 'order'. The vector is L2-normalised; its values
 * are the same in either order (its norm is summed in its own order, so
 * they may differ in the last bit). */
void voce_features_build(const voce_features_config *fc, voce_doc *d, voce_vec_order order,
                         voce_vec *out);

/* The same for tokens [first, end) of that text alone, as if they were a
 * text of their own: their words and n-grams, the cues that start within
 * them, and 'lex', their summary (voce_lexscore_span). For one clause's
 * sentiment without analysing the clause again. */
void voce_features_build_span(const voce_features_config *fc, voce_doc *d, size_t first, size_t end,
                              const voce_lexscore *lex, voce_vec_order order, voce_vec *out);

/* Weigh the hashed features of 'v' by 'idf' (indexed like the vector, 0
 * for a feature never seen in training) and normalise it again. The fixed
 * lexicon slots keep their values. */
void voce_vec_apply_idf(voce_vec *v, const float *idf);

/* The number of fixed (lexicon) slots at the start of every vector. */
uint32_t voce_features_dense(void);

/* Append a base model's probabilities p[0..fc->base_labels) to 'v', in the
 * slots after the hashed ones (so 'v' stays sorted), each weighed by
 * VOCE_BASE_BLOCK (their IDF, when the model has one, is 1). */
void voce_vec_append_base(voce_vec *v, const voce_features_config *fc, const double *p);

/* The base model label whose slot is 'idx', or -1 if 'idx' is not one. */
int voce_features_base_label(const voce_features_config *fc, uint32_t idx);

/* The readable names of the features of the text in 'd' that land in
 * bucket 'idx' (for explanations; slow): appended to 'out' joined by '|'. */
void voce_features_name(const voce_features_config *fc, voce_doc *d, uint32_t idx,
                        voce_buf *out);

#endif
