/* featurize.c -- from a scored text to an L2-normalised sparse vector.
 *
 * Layout of the vector (1-based, as libsvm wants):
 *   1 .. VOCE_DENSE           fixed slots: the lexicon scorer's aggregates
 *   VOCE_DENSE+1 .. +2^bits   hashed features: word n-grams ("w:", with a
 *                             "!" mark inside negation scopes), character
 *                             n-grams ("c:"), lexicon terms by strength
 *                             ("p:"), rules ("r:"), topics ("t:"), flags,
 *                             and the length bucket.
 * Each block is normalised on its own and weighted (config.h), then the
 * whole vector is normalised, so long and short texts compare. Values of
 * hashed features are sublinear counts, 1 + log(count). */
#include "featurize.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "doc.h"
#include "hmap.h"
#include "mem.h"

enum {
    D_SCORE = 1, D_RAW, D_POS_MASS, D_NEG_MASS, D_STRONGEST, D_LAST_CLAUSE, D_RULE_SUM, D_DAMP,
    D_N_POS, D_N_NEG, D_N_NEGATED, D_N_INTENS, D_EXCLAIM, D_QUESTION, D_CAPS, D_ELONG,
    D_EMOJI, D_CHURN, D_FLAG_QUESTION, D_FLAG_REQUEST, D_FLAG_SARCASM, D_NO_CUES,
    D_BIAS, /* a constant 1: the SVM's own intercept is rho, but this helps the lexicon block */
    VOCE_DENSE = D_BIAS
};

void voce_features_defaults(voce_features_config *fc)
{
    fc->hash_bits = VOCE_HASH_BITS_DEFAULT;
    fc->seed = VOCE_HASH_SEED_DEFAULT;
    fc->word_ngrams = VOCE_WORD_NGRAMS_DEFAULT;
    fc->char_min = VOCE_CHAR_MIN_DEFAULT;
    fc->char_max = VOCE_CHAR_MAX_DEFAULT;
    fc->lexicon = true;
}

bool voce_features_check(const voce_features_config *fc, char *msg, size_t size)
{
    if (fc->hash_bits < 10 || fc->hash_bits > 24)
        snprintf(msg, size, "hash bits must be from 10 to 24, got %u", fc->hash_bits);
    else if (fc->word_ngrams < 1 || fc->word_ngrams > 3)
        snprintf(msg, size, "word n-grams must be 1, 2 or 3, got %u", fc->word_ngrams);
    else if (fc->char_max && (fc->char_min < 1 || fc->char_min > fc->char_max ||
                              fc->char_max > 8))
        snprintf(msg, size, "character n-grams must be a range within 1..8, got %u-%u",
                 fc->char_min, fc->char_max);
    else
        return true;
    return false;
}

void voce_vec_init(voce_vec *v)
{
    v->idx = NULL;
    v->val = NULL;
    v->n = v->cap = 0;
}

void voce_vec_release(voce_vec *v)
{
    free(v->idx);
    free(v->val);
    voce_vec_init(v);
}

uint32_t voce_features_dim(const voce_features_config *fc)
{
    return VOCE_DENSE + (1u << fc->hash_bits);
}

/* The building state; in naming mode it only records the names of the
 * features landing in one bucket. */
typedef struct builder {
    const voce_features_config *fc;
    voce_vec *v;
    uint32_t mask;
    size_t block_start;
    uint32_t name_idx; /* naming mode when not 0 */
    voce_buf *names;
} builder;

static void push(builder *b, uint32_t idx, float val)
{
    voce_vec *v = b->v;
    if (v->n == v->cap) {
        size_t cap = v->cap;
        v->idx = voce_xgrow(v->idx, &cap, v->n + 1, sizeof *v->idx);
        v->val = voce_xgrow(v->val, &v->cap, v->n + 1, sizeof *v->val);
    }
    v->idx[v->n] = idx;
    v->val[v->n++] = val;
}

static uint32_t bucket(const builder *b, uint64_t h)
{
    return VOCE_DENSE + 1 + (uint32_t)(h & b->mask);
}

/* A hashed feature named prefix+text (the name is only built when asked). */
static void hashed(builder *b, uint64_t h, const char *prefix, const char *text, size_t len)
{
    uint32_t idx = bucket(b, h);
    if (b->name_idx) {
        if (idx == b->name_idx) {
            if (b->names->len)
                voce_buf_addc(b->names, '|');
            voce_buf_adds(b->names, prefix);
            voce_buf_add(b->names, text, len);
        }
        return;
    }
    push(b, idx, 1.0f);
}

static uint64_t hash_str(const builder *b, const char *prefix, const char *s, size_t len)
{
    uint64_t h = voce_hash(prefix, strlen(prefix), b->fc->seed);
    return voce_hash(s, len, h);
}

/* Sort the entries from block_start on, merge duplicates into sublinear
 * counts, normalise the block to 'weight'. */
static int by_index(const void *x, const void *y)
{
    uint32_t a = *(const uint32_t *)x, c = *(const uint32_t *)y;
    return a < c ? -1 : a > c;
}

static int by_u64(const void *x, const void *y)
{
    uint64_t a = *(const uint64_t *)x, c = *(const uint64_t *)y;
    return a < c ? -1 : a > c;
}

static void finish_block(builder *b, double weight, bool counts)
{
    voce_vec *v = b->v;
    size_t s = b->block_start, n = v->n - s;
    if (n == 0)
        return;
    if (counts) {
        /* Indices only matter here: all values are 1. Sort them, then
         * turn runs into 1 + log(run). */
        qsort(v->idx + s, n, sizeof *v->idx, by_index);
        size_t w = s;
        for (size_t r = s; r < v->n;) {
            size_t e = r;
            while (e < v->n && v->idx[e] == v->idx[r])
                e++;
            v->idx[w] = v->idx[r];
            v->val[w++] = (float)(1.0 + log((double)(e - r)));
            r = e;
        }
        v->n = w;
    }
    double norm = 0;
    for (size_t i = s; i < v->n; i++)
        norm += (double)v->val[i] * v->val[i];
    if (norm > 0) {
        double f = weight / sqrt(norm);
        for (size_t i = s; i < v->n; i++)
            v->val[i] = (float)(v->val[i] * f);
    }
    b->block_start = v->n;
}

static void word_block(builder *b, const voce_doc *d)
{
    size_t n = d->tokens.n;
    uint64_t prev = 0;
    bool have_prev = false;
    for (size_t i = 0; i < n; i++) {
        const char *k = d->key[i];
        size_t len = d->key_len[i];
        const char *prefix = d->negated[i] ? "w!" : "w:";
        uint64_t h = hash_str(b, prefix, k, len);
        hashed(b, h, prefix, k, len);
        if (b->fc->word_ngrams >= 2 && have_prev) {
            uint64_t hb = voce_hash(&h, sizeof h, prev ^ 0x62696772616dULL);
            if (b->name_idx) {
                if (bucket(b, hb) == b->name_idx) {
                    if (b->names->len)
                        voce_buf_addc(b->names, '|');
                    voce_buf_addf(b->names, "w:%s %.*s", d->key[i - 1], (int)len, k);
                }
            } else {
                push(b, bucket(b, hb), 1.0f);
            }
        }
        prev = h;
        have_prev = true;
    }
}

/* Character n-grams within each word, with word boundaries marked. */
static void char_block(builder *b, const voce_doc *d)
{
    char buf[72];
    for (size_t i = 0; i < d->tokens.n; i++) {
        if (d->tokens.tok[i].type != VOCE_TOK_WORD)
            continue;
        size_t len = d->key_len[i];
        if (len + 2 > sizeof buf)
            continue;
        buf[0] = ' ';
        memcpy(buf + 1, d->key[i], len);
        buf[len + 1] = ' ';
        size_t total = len + 2;
        for (size_t g = b->fc->char_min; g <= b->fc->char_max && g <= total; g++)
            for (size_t at = 0; at + g <= total; at++)
                hashed(b, hash_str(b, "c:", buf + at, g), "c:", buf + at, g);
    }
}

static void dense(builder *b, uint32_t slot, double v)
{
    if (v != 0 && !b->name_idx)
        push(b, slot, (float)v);
}

/* Squash a count or a mass into (-1, 1) so no slot dominates. */
static double sq(double x)
{
    return x / (1 + fabs(x));
}

static void lexicon_block(builder *b, const voce_doc *d)
{
    const voce_lexscore *L = &d->lex;
    dense(b, D_SCORE, L->score);
    dense(b, D_RAW, sq(L->raw / 4));
    dense(b, D_POS_MASS, sq(L->pos_mass / 4));
    dense(b, D_NEG_MASS, sq(L->neg_mass / 4));
    dense(b, D_STRONGEST, L->strongest / 4);
    dense(b, D_LAST_CLAUSE, sq(L->last_clause / 4));
    dense(b, D_RULE_SUM, sq(L->rule_sum / 4));
    dense(b, D_DAMP, L->damp);
    dense(b, D_N_POS, sq(L->n_pos));
    dense(b, D_N_NEG, sq(L->n_neg));
    dense(b, D_N_NEGATED, sq(L->n_negated));
    dense(b, D_N_INTENS, sq(L->n_intensified));
    dense(b, D_EXCLAIM, sq(L->n_exclaim));
    dense(b, D_QUESTION, sq(L->n_question));
    dense(b, D_CAPS, sq(L->n_caps));
    dense(b, D_ELONG, sq(L->n_elongated));
    dense(b, D_EMOJI, sq(L->n_emoji));
    dense(b, D_CHURN, L->churn / 3.0);
    dense(b, D_FLAG_QUESTION, (L->flags & VOCE_FLAG_QUESTION) != 0);
    dense(b, D_FLAG_REQUEST, (L->flags & VOCE_FLAG_REQUEST) != 0);
    dense(b, D_FLAG_SARCASM, (L->flags & VOCE_FLAG_SARCASM) != 0);
    dense(b, D_NO_CUES, L->n_pos + L->n_neg == 0);
    dense(b, D_BIAS, 1);
    /* Cues by name: terms by strength and sign, rules and topics by name. */
    for (size_t k = 0; k < d->ncues; k++) {
        const voce_cue *c = &d->cues[k];
        char tag[32];
        switch (c->kind) {
        case VOCE_CUE_TERM: {
            int s = (int)lround(c->weight);
            if (s == 0)
                continue;
            snprintf(tag, sizeof tag, "%+d", s < -6 ? -6 : s > 6 ? 6 : s);
            hashed(b, hash_str(b, "p:", tag, strlen(tag)), "p:", tag, strlen(tag));
            break;
        }
        case VOCE_CUE_RULE:
        case VOCE_CUE_TOPIC: {
            const char *prefix = c->kind == VOCE_CUE_RULE ? "r:" : "t:";
            hashed(b, hash_str(b, prefix, c->name, strlen(c->name)), prefix, c->name,
                   strlen(c->name));
            break;
        }
        default:
            break;
        }
    }
    /* The length of the text, as a bucket of its token count. */
    static const char *const lengths[] = {"0", "1", "2-3", "4-7", "8-15", "16-31", "32+"};
    size_t n = d->tokens.n, bucket_no = 0;
    while (bucket_no < 6 && n >= (1u << bucket_no))
        bucket_no++;
    const char *len = lengths[bucket_no];
    hashed(b, hash_str(b, "n:", len, strlen(len)), "n:", len, strlen(len));
}

void voce_features_build(const voce_features_config *fc, voce_doc *d, voce_vec *out)
{
    builder b = {fc, out, (1u << fc->hash_bits) - 1, 0, 0, NULL};
    out->n = 0;
    word_block(&b, d);
    finish_block(&b, VOCE_WORD_BLOCK, true);
    if (fc->char_max) {
        char_block(&b, d);
        finish_block(&b, VOCE_CHAR_BLOCK, true);
    }
    if (fc->lexicon) {
        size_t dense_start = out->n;
        lexicon_block(&b, d);
        /* Dense slots come first in index order and are unique; the hashed
         * cue features after them may repeat. */
        size_t ndense = 0;
        while (dense_start + ndense < out->n && out->idx[dense_start + ndense] <= VOCE_DENSE)
            ndense++;
        b.block_start = dense_start + ndense;
        finish_block(&b, 1.0, true);
        b.block_start = dense_start;
        finish_block(&b, VOCE_LEXICON_BLOCK, false);
    }
    /* Blocks overlap in index space: sort all, add up duplicates, then
     * normalise the whole vector. */
    size_t n = out->n;
    uint64_t *pairs = voce_xmalloc(n * sizeof *pairs);
    for (size_t i = 0; i < n; i++) {
        float f = out->val[i];
        uint32_t bits;
        memcpy(&bits, &f, sizeof bits);
        pairs[i] = (uint64_t)out->idx[i] << 32 | bits;
    }
    qsort(pairs, n, sizeof *pairs, by_u64);
    size_t w = 0;
    double norm = 0;
    for (size_t i = 0; i < n; i++) {
        uint32_t idx = (uint32_t)(pairs[i] >> 32), bits = (uint32_t)pairs[i];
        float f;
        memcpy(&f, &bits, sizeof f);
        if (w && out->idx[w - 1] == idx) {
            out->val[w - 1] += f;
        } else {
            out->idx[w] = idx;
            out->val[w++] = f;
        }
    }
    free(pairs);
    out->n = w;
    for (size_t i = 0; i < w; i++)
        norm += (double)out->val[i] * out->val[i];
    if (norm > 0) {
        double f = 1 / sqrt(norm);
        for (size_t i = 0; i < w; i++)
            out->val[i] = (float)(out->val[i] * f);
    }
}

void voce_features_name(const voce_features_config *fc, voce_doc *d, uint32_t idx,
                        voce_buf *out)
{
    static const char *const dense_names[VOCE_DENSE + 1] = {
        "", "lexicon score", "lexicon raw score", "positive mass", "negative mass",
        "strongest cue", "last clause", "rule sum", "neutral damping", "positive cues",
        "negative cues", "negated cues", "intensified cues", "exclamation marks",
        "question marks", "capitals", "elongations", "emoji", "churn", "question flag",
        "request flag", "sarcasm flag", "no polar cue", "bias",
    };
    if (idx >= 1 && idx <= VOCE_DENSE) {
        voce_buf_adds(out, dense_names[idx]);
        return;
    }
    voce_vec scratch;
    voce_vec_init(&scratch);
    builder b = {fc, &scratch, (1u << fc->hash_bits) - 1, 0, idx, out};
    word_block(&b, d);
    if (fc->char_max)
        char_block(&b, d);
    if (fc->lexicon)
        lexicon_block(&b, d);
    voce_vec_release(&scratch);
}

uint32_t voce_features_dense(void)
{
    return VOCE_DENSE;
}

void voce_vec_apply_idf(voce_vec *v, const float *idf)
{
    double norm = 0;
    size_t w = 0;
    for (size_t i = 0; i < v->n; i++) {
        float val = v->val[i];
        if (v->idx[i] > VOCE_DENSE)
            val *= idf[v->idx[i]];
        if (val == 0)
            continue;
        v->idx[w] = v->idx[i];
        v->val[w++] = val;
        norm += (double)val * val;
    }
    v->n = w;
    if (norm > 0) {
        double f = 1 / sqrt(norm);
        for (size_t i = 0; i < w; i++)
            v->val[i] = (float)(v->val[i] * f);
    }
}
