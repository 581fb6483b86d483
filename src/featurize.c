/* featurize.c -- from a scored text to an L2-normalised sparse vector.
 *
 * Layout of the vector (1-based, as libsvm wants):
 *   1 .. VOCE_DENSE           fixed slots: the lexicon scorer's aggregates
 *   VOCE_DENSE+1 .. +2^bits   hashed features: word n-grams ("w:", with a
 *                             "!" mark inside negation scopes; "w:^@" for a
 *                             text that opens with an @mention), character
 *                             n-grams ("c:"), lexicon terms by strength
 *                             ("p:"), rules ("r:"), topics ("t:"), flags,
 *                             and the length bucket.
 *   then base_labels slots    a base model's probabilities (voce train
 *                             --base-model), appended by the model.
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
    fc->char_mentions = VOCE_CHAR_MENTIONS_DEFAULT;
    fc->opening_mention = VOCE_OPENING_MENTION_DEFAULT;
    fc->final_separator = VOCE_FINAL_SEPARATOR_DEFAULT;
    fc->char_weight = (float)VOCE_CHAR_BLOCK;
    fc->lexicon = true;
    fc->base_labels = 0;
}

bool voce_features_same(const voce_features_config *a, const voce_features_config *b)
{
    return a->hash_bits == b->hash_bits && a->seed == b->seed && a->word_ngrams == b->word_ngrams &&
           a->char_min == b->char_min && a->char_max == b->char_max &&
           a->char_mentions == b->char_mentions && a->opening_mention == b->opening_mention &&
           a->final_separator == b->final_separator && a->char_weight == b->char_weight &&
           a->lexicon == b->lexicon;
}

/* The first index after the hashed ones. */
static uint32_t hashed_end(const voce_features_config *fc)
{
    return VOCE_DENSE + (1u << fc->hash_bits) + 1;
}

void voce_vec_append_base(voce_vec *v, const voce_features_config *fc, const double *p)
{
    size_t need = v->n + fc->base_labels;
    if (v->cap < need) {
        size_t cap = v->cap;
        v->idx = voce_xgrow(v->idx, &cap, need, sizeof *v->idx);
        v->val = voce_xgrow(v->val, &v->cap, need, sizeof *v->val);
    }
    for (unsigned i = 0; i < fc->base_labels; i++) {
        float val = (float)(p[i] * VOCE_BASE_BLOCK);
        if (val == 0)
            continue; /* a sparse vector holds no zeros */
        v->idx[v->n] = hashed_end(fc) + i;
        v->val[v->n++] = val;
    }
}

int voce_features_base_label(const voce_features_config *fc, uint32_t idx)
{
    uint32_t first = hashed_end(fc);
    return idx >= first && idx - first < fc->base_labels ? (int)(idx - first) : -1;
}

void voce_vec_copy(voce_vec *dst, const voce_vec *src)
{
    if (dst->cap < src->n) {
        size_t cap = dst->cap;
        dst->idx = voce_xgrow(dst->idx, &cap, src->n, sizeof *dst->idx);
        dst->val = voce_xgrow(dst->val, &dst->cap, src->n, sizeof *dst->val);
    }
    if (src->n) { /* an empty vector may have no arrays: memcpy(NULL) is undefined */
        memcpy(dst->idx, src->idx, src->n * sizeof *src->idx);
        memcpy(dst->val, src->val, src->n * sizeof *src->val);
    }
    dst->n = src->n;
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
    else if (!(fc->char_weight > 0 && fc->char_weight <= 10))
        snprintf(msg, size,
                 "the character n-grams' weight must be above 0 and at most 10, "
                 "got %g",
                 fc->char_weight);
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
    return VOCE_DENSE + (1u << fc->hash_bits) + fc->base_labels;
}

/* The building state; in naming mode it only records the names of the
 * features landing in one bucket. */
typedef struct builder {
    const voce_features_config *fc;
    voce_vec *v;
    /* What the vector is of: tokens [first, end) of the text in the doc,
     * the cues starting within their bytes, and their lexicon summary. */
    size_t first, end;
    uint32_t from, to;
    bool clause; /* a part of the text: its cues weigh what they say in it */
    const voce_lexscore *lex;
    uint32_t mask;
    size_t block_start;
    uint32_t name_idx; /* naming mode when not 0 */
    voce_buf *names;
    voce_feature_scratch *scratch;
    size_t runs[4]; /* where each finished block starts in v */
    size_t nruns;
    bool sorted; /* VOCE_VEC_SORTED asked: blocks sorted, runs merged in order */
    /* The hash of each prefix, the seed of the names after it: hashing
     * "c:" once rather than once per character n-gram (copied from the
     * scratch: through a pointer they would be read again for every
     * n-gram, since the vector written in between might alias them). */
    uint64_t seed[VOCE_FEATURE_PREFIXES];
} builder;

/* The kinds of hashed feature names, each by its prefix. */
enum prefix { P_WORD, P_WORD_NEGATED, P_CHAR, P_STRENGTH, P_RULE, P_TOPIC, P_LENGTH, NPREFIXES };
static const char *const prefix_text[NPREFIXES] = {"w:", "w!", "c:", "p:", "r:", "t:", "n:"};
_Static_assert((int)NPREFIXES == (int)VOCE_FEATURE_PREFIXES, "featurize.h counts the prefixes");

static uint64_t prefix_seed(const voce_features_config *fc, const char *prefix)
{
    return voce_hash(prefix, strlen(prefix), fc->seed);
}

/* Size the scratch's counters for vectors of 'dim' indices. */
static void scratch_fit(voce_feature_scratch *sc, uint32_t dim)
{
    if (sc->dim >= dim)
        return;
    free(sc->count);
    free(sc->bits);
    free(sc->summary);
    sc->count = voce_xcalloc(dim, sizeof *sc->count);
    sc->bits = voce_xcalloc((dim + 63) / 64, sizeof *sc->bits);
    sc->summary = voce_xcalloc((dim + 4095) / 4096, sizeof *sc->summary);
    sc->dim = dim;
    for (size_t k = 1; k < sizeof sc->sublinear / sizeof *sc->sublinear; k++)
        sc->sublinear[k] = (float)(1.0 + log((double)k));
}

static void builder_init(builder *b, const voce_features_config *fc, voce_vec *v,
                         voce_feature_scratch *scratch)
{
    memset(b, 0, sizeof *b);
    b->fc = fc;
    b->v = v;
    b->to = UINT32_MAX;
    b->mask = (1u << fc->hash_bits) - 1;
    b->scratch = scratch;
    if (!scratch->has_prefix_seeds || scratch->prefix_seeds_of != fc->seed) {
        for (size_t i = 0; i < NPREFIXES; i++)
            scratch->prefix_seeds[i] = prefix_seed(fc, prefix_text[i]);
        scratch->prefix_seeds_of = fc->seed;
        scratch->has_prefix_seeds = true;
    }
    memcpy(b->seed, scratch->prefix_seeds, sizeof b->seed);
    scratch_fit(scratch, voce_features_dim(fc) + 1);
}

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

/* A hashed feature's index, counted as it comes in the scratch's counter
 * of its bucket: only its first occurrence in the block is kept in v (its
 * value is set when the block is finished, from the count), so the block's
 * indices are distinct without a second pass. */
static void push_counted(builder *b, uint32_t idx)
{
    uint16_t *count = b->scratch->count;
    if (count[idx]++ == 0) {
        voce_vec *v = b->v;
        if (v->n == v->cap) {
            size_t cap = v->cap;
            v->idx = voce_xgrow(v->idx, &cap, v->n + 1, sizeof *v->idx);
            v->val = voce_xgrow(v->val, &v->cap, v->n + 1, sizeof *v->val);
        }
        v->idx[v->n++] = idx;
    } else if (count[idx] == UINT16_MAX) {
        count[idx]--; /* saturate: 1 + log(65534) is as good as more */
    }
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
    push_counted(b, idx);
}

/* The hashed feature named by prefix 'p' and 'text'. */
static void hashed_named(builder *b, enum prefix p, const char *text, size_t len)
{
    hashed(b, voce_hash(text, len, b->seed[p]), prefix_text[p], text, len);
}

/* Sort a few indices ascending (insertion sort). */
static void sort_few(uint32_t *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        uint32_t x = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > x; j--)
            a[j] = a[j - 1];
        a[j] = x;
    }
}

/* Sort n distinct indices ascending through a bit per bucket: set them,
 * then read them back in order. With few buckets (dim / 64 words at most
 * four times n) every word between the lowest and the highest is read;
 * with many, a second level, a bit per word saying which words hold any,
 * is set too and only those words are read. Either way one pass over the
 * indices and one over the set bits, cheaper than a radix sort's passes
 * for the hundreds of indices of a text. The bits are all 0 on return. */
static void sort_by_bits(uint32_t *a, size_t n, uint32_t dim, uint64_t *bits, uint64_t *summary)
{
    uint32_t lo = UINT32_MAX, hi = 0;
    if ((size_t)dim / 64 <= 4 * n) {
        for (size_t i = 0; i < n; i++) {
            bits[a[i] / 64] |= 1ull << (a[i] % 64);
            lo = a[i] < lo ? a[i] : lo;
            hi = a[i] > hi ? a[i] : hi;
        }
        size_t o = 0;
        for (uint32_t word = lo / 64; word <= hi / 64; word++) {
            uint64_t x = bits[word];
            bits[word] = 0;
            while (x) {
                a[o++] = word * 64 + (uint32_t)__builtin_ctzll(x);
                x &= x - 1;
            }
        }
        return;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t idx = a[i], word = idx / 64;
        bits[word] |= 1ull << (idx % 64);
        summary[word / 64] |= 1ull << (word % 64);
        lo = idx < lo ? idx : lo;
        hi = idx > hi ? idx : hi;
    }
    size_t o = 0;
    for (uint32_t sw = lo / 4096; sw <= hi / 4096; sw++) {
        uint64_t words = summary[sw];
        summary[sw] = 0;
        while (words) {
            uint32_t word = sw * 64 + (uint32_t)__builtin_ctzll(words);
            words &= words - 1;
            uint64_t x = bits[word];
            bits[word] = 0;
            while (x) {
                a[o++] = word * 64 + (uint32_t)__builtin_ctzll(x);
                x &= x - 1;
            }
        }
    }
}

/* 1 + log(count), the value of a feature seen 'count' times (small counts
 * from the scratch's table). */
static float sublinear(const voce_feature_scratch *sc, uint32_t count)
{
    if (count < sizeof sc->sublinear / sizeof *sc->sublinear)
        return sc->sublinear[count];
    return (float)(1.0 + log((double)count));
}

/* The block's distinct indices (push_counted kept each once and counted
 * it), sorted when the vector is to be, each valued by its count, the
 * counters zeroed again; returns the block's squared norm, summed in the
 * same pass. */
static double count_block(builder *b)
{
    voce_vec *v = b->v;
    voce_feature_scratch *sc = b->scratch;
    size_t s = b->block_start, n = v->n - s;
    uint16_t *count = sc->count;
    if (b->sorted) {
        if (n < 48)
            sort_few(v->idx + s, n);
        else
            sort_by_bits(v->idx + s, n, voce_features_dim(b->fc) + 1, sc->bits, sc->summary);
    }
    double norm = 0;
    for (size_t i = s; i < v->n; i++) {
        float x = sublinear(sc, count[v->idx[i]]);
        v->val[i] = x;
        norm += (double)x * x;
        count[v->idx[i]] = 0;
    }
    return norm;
}

/* Merge duplicates from block_start on into sublinear counts (when
 * 'counts'), normalise the block to 'weight'; the block is then a sorted
 * run of distinct indices. */
static void finish_block(builder *b, double weight, bool counts)
{
    voce_vec *v = b->v;
    size_t s = b->block_start, n = v->n - s;
    if (n == 0)
        return;
    b->runs[b->nruns++] = s;
    double norm = 0;
    if (counts) {
        norm = count_block(b);
    } else {
        for (size_t i = s; i < v->n; i++)
            norm += (double)v->val[i] * v->val[i];
    }
    if (norm > 0) {
        double f = weight / sqrt(norm);
        for (size_t i = s; i < v->n; i++)
            v->val[i] = (float)(v->val[i] * f);
    }
    b->block_start = v->n;
}

/* In naming mode: the name of the word n-gram of n words ending at token i
 * when its hash lands in the bucket being named. */
static void name_ngram(builder *b, uint64_t h, const voce_doc *d, size_t i, size_t n)
{
    if (bucket(b, h) != b->name_idx)
        return;
    if (b->names->len)
        voce_buf_addc(b->names, '|');
    voce_buf_adds(b->names, "w:");
    for (size_t k = i + 1 - n; k <= i; k++) {
        voce_buf_add(b->names, d->key[k], d->key_len[k]);
        if (k < i)
            voce_buf_addc(b->names, ' ');
    }
}

static bool is_separator(const voce_doc *d, size_t i)
{
    return d->tokens.tok[i].type == VOCE_TOK_PUNCT && d->key_len[i] == 1 &&
           strchr(".,;:", d->key[i][0]);
}

/* Where the span's word features end: before the separators that close it,
 * unless the configuration keeps them (config.h, VOCE_FINAL_SEPARATOR_DEFAULT). */
static size_t words_end(const builder *b, const voce_doc *d)
{
    size_t end = b->end;
    if (!b->fc->final_separator)
        while (end > b->first && is_separator(d, end - 1))
            end--;
    return end;
}

static void word_block(builder *b, const voce_doc *d)
{
    uint64_t prev = 0, prev2 = 0; /* the hashes of the last two words */
    size_t seen = 0;              /* words of the span so far */
    /* A text that opens with a handle is a reply to someone: the handle
     * itself is seldom seen twice, the position says it all. */
    if (b->fc->opening_mention && b->first == 0 && b->end > 0 &&
        d->tokens.tok[0].type == VOCE_TOK_MENTION)
        hashed_named(b, P_WORD, "^@", 2);
    for (size_t i = b->first, end = words_end(b, d); i < end; i++) {
        const char *k = d->key[i];
        size_t len = d->key_len[i];
        enum prefix p = d->negated[i] ? P_WORD_NEGATED : P_WORD;
        uint64_t h = voce_hash(k, len, b->seed[p]);
        hashed(b, h, prefix_text[p], k, len);
        uint64_t pair = 0;
        if (b->fc->word_ngrams >= 2 && seen >= 1) {
            pair = voce_hash(&h, sizeof h, prev ^ 0x62696772616dULL);
            if (b->name_idx)
                name_ngram(b, pair, d, i, 2);
            else
                push_counted(b, bucket(b, pair));
        }
        /* A trigram: the pair ending here, seeded by the word before it. */
        if (b->fc->word_ngrams >= 3 && seen >= 2) {
            uint64_t triple = voce_hash(&pair, sizeof pair, prev2 ^ 0x74726967726dULL);
            if (b->name_idx)
                name_ngram(b, triple, d, i, 3);
            else
                push_counted(b, bucket(b, triple));
        }
        prev2 = prev;
        prev = h;
        seen++;
    }
}

static void token_char_ngrams(builder *b, const voce_doc *d, size_t i)
{
    char buf[72 + 8]; /* 8 bytes of slack: n-grams are read a word at a time */
    size_t len = d->key_len[i];
    if (len + 2 > 72)
        return;
    buf[0] = ' ';
    memcpy(buf + 1, d->key[i], len);
    buf[len + 1] = ' ';
    size_t total = len + 2;
    memset(buf + total, 0, 8);
    for (size_t g = b->fc->char_min; g <= b->fc->char_max && g <= total; g++) {
        if (g >= 8 || b->name_idx) {
            for (size_t at = 0; at + g <= total; at++)
                hashed_named(b, P_CHAR, buf + at, g);
            continue;
        }
        uint64_t mask = (1ull << (8 * g)) - 1;
        for (size_t at = 0; at + g <= total; at++)
            push_counted(b, bucket(b, voce_hash_packed(voce_load_le(buf + at, 8) & mask, g,
                                                       b->seed[P_CHAR])));
    }
}

/* Character n-grams within each word. */
static void char_block(builder *b, const voce_doc *d)
{
    for (size_t i = b->first; i < b->end; i++)
        if (d->tokens.tok[i].type == VOCE_TOK_WORD)
            token_char_ngrams(b, d, i);
}

static void dense(builder *b, uint32_t slot, double v)
{
    if (v != 0 && !b->name_idx)
        push(b, slot, (float)v);
}

/* Character n-grams within each @mention handle, as within words, when the
 * configuration says so: "@fc_help" and "@fc_uk" share "@fc_", and the
 * handles say whom a message is addressed to. */
static void mention_char_block(builder *b, const voce_doc *d)
{
    if (!b->fc->char_mentions)
        return;
    for (size_t i = b->first; i < b->end; i++)
        if (d->tokens.tok[i].type == VOCE_TOK_MENTION)
            token_char_ngrams(b, d, i);
}

/* Squash a count or a mass into (-1, 1) so no slot dominates. */
static double sq(double x)
{
    return x / (1 + fabs(x));
}

static void lexicon_block(builder *b, const voce_doc *d)
{
    const voce_lexscore *L = b->lex;
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
        if (c->start < b->from || c->start >= b->to)
            continue;
        switch (c->kind) {
        case VOCE_CUE_TERM: {
            int s = (int)lround(b->clause ? c->own_weight : c->weight);
            if (s == 0)
                continue;
            /* "%+d" of the strength within -6..6, without a printf a cue */
            static const char *const tags[13] = {"-6", "-5", "-4", "-3", "-2", "-1", "+0",
                                                 "+1", "+2", "+3", "+4", "+5", "+6"};
            const char *tag = tags[(s < -6 ? -6 : s > 6 ? 6 : s) + 6];
            hashed_named(b, P_STRENGTH, tag, 2);
            break;
        }
        case VOCE_CUE_RULE:
        case VOCE_CUE_TOPIC: {
            hashed_named(b, c->kind == VOCE_CUE_RULE ? P_RULE : P_TOPIC, c->name, strlen(c->name));
            break;
        }
        default:
            break;
        }
    }
    /* The length of the text, as a bucket of its token count. */
    static const char *const lengths[] = {"0", "1", "2-3", "4-7", "8-15", "16-31", "32+"};
    size_t n = words_end(b, d) - b->first, bucket_no = 0;
    while (bucket_no < 6 && n >= (1u << bucket_no))
        bucket_no++;
    const char *len = lengths[bucket_no];
    hashed_named(b, P_LENGTH, len, strlen(len));
}

/* Merge the sorted runs of distinct indices the blocks left (they overlap
 * in index space), adding up the values of an index in several. Two runs
 * at a time, the first with the second, that with the third...: an index
 * in several runs is summed in run order, as one pass over all would; and
 * a two-way merge does a comparison an index, where comparing the heads
 * of all runs for each would do several. */
static void merge_runs(builder *b)
{
    voce_vec *v = b->v;
    voce_feature_scratch *sc = b->scratch;
    size_t n = v->n;
    if (b->nruns <= 1)
        return;
    size_t cap = sc->merged_cap;
    sc->merged_idx = voce_xgrow(sc->merged_idx, &cap, n, sizeof *sc->merged_idx);
    sc->merged_val = voce_xgrow(sc->merged_val, &sc->merged_cap, n, sizeof *sc->merged_val);
    /* The runs merged so far start at 'first' and end where run r begins;
     * each merge writes the scratch and copies back. */
    size_t first = b->runs[0];
    for (size_t r = 1; r < b->nruns; r++) {
        size_t i = first, iend = b->runs[r];
        size_t j = b->runs[r], jend = r + 1 < b->nruns ? b->runs[r + 1] : n;
        uint32_t *oi = sc->merged_idx;
        float *ov = sc->merged_val;
        size_t w = 0;
        while (i < iend && j < jend) {
            uint32_t x = v->idx[i], y = v->idx[j];
            if (x < y) {
                oi[w] = x;
                ov[w++] = v->val[i++];
            } else if (y < x) {
                oi[w] = y;
                ov[w++] = v->val[j++];
            } else {
                oi[w] = x;
                ov[w++] = v->val[i++] + v->val[j++];
            }
        }
        for (; i < iend; i++) {
            oi[w] = v->idx[i];
            ov[w++] = v->val[i];
        }
        for (; j < jend; j++) {
            oi[w] = v->idx[j];
            ov[w++] = v->val[j];
        }
        /* w <= jend - first: the merged runs fit where the two were, and
         * the runs after them are not touched. */
        memcpy(v->idx + first, oi, w * sizeof *oi);
        memcpy(v->val + first, ov, w * sizeof *ov);
        if (r + 1 < b->nruns) {
            /* Close the gap the duplicates left before the next run. */
            size_t gap = jend - (first + w);
            if (gap) {
                memmove(v->idx + first + w, v->idx + jend, (n - jend) * sizeof *v->idx);
                memmove(v->val + first + w, v->val + jend, (n - jend) * sizeof *v->val);
                for (size_t q = r + 1; q < b->nruns; q++)
                    b->runs[q] -= gap;
                n -= gap;
            }
        } else {
            n = first + w;
        }
    }
    v->n = n;
}

/* The same for runs in any order: the first occurrence of an index keeps
 * its place and the later ones are added to it, in run order as above, so
 * the values are those merge_runs gives. The scratch's counters (all 0
 * between blocks) hold each index's place + 1 meanwhile, so the vector
 * must have fewer than UINT16_MAX entries. */
static void merge_any_order(builder *b)
{
    voce_vec *v = b->v;
    uint16_t *place = b->scratch->count;
    if (b->nruns <= 1)
        return;
    size_t w = 0;
    for (size_t i = 0; i < v->n; i++) {
        uint32_t idx = v->idx[i];
        if (place[idx]) {
            v->val[place[idx] - 1] += v->val[i];
            continue;
        }
        place[idx] = (uint16_t)(w + 1);
        v->idx[w] = idx;
        v->val[w++] = v->val[i];
    }
    for (size_t i = 0; i < w; i++)
        place[v->idx[i]] = 0;
    v->n = w;
}

void voce_features_build(const voce_features_config *fc, voce_doc *d, voce_vec_order order,
                         voce_vec *out)
{
    voce_features_build_span(fc, d, 0, d->tokens.n, &d->lex, order, out);
}

void voce_features_build_span(const voce_features_config *fc, voce_doc *d, size_t first, size_t end,
                              const voce_lexscore *lex, voce_vec_order order, voce_vec *out)
{
    builder b;
    builder_init(&b, fc, out, &d->features);
    b.sorted = order == VOCE_VEC_SORTED;
    b.first = first;
    b.end = end;
    b.lex = lex;
    if (first > 0 || end < d->tokens.n) {
        b.clause = true;
        b.from = first < end ? d->tokens.tok[first].start : 0;
        b.to = first < end ? d->tokens.tok[end - 1].end : 0;
    }
    out->n = 0;
    word_block(&b, d);
    finish_block(&b, VOCE_WORD_BLOCK, true);
    if (fc->char_max) {
        char_block(&b, d);
        mention_char_block(&b, d);
        finish_block(&b, fc->char_weight, true);
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
        size_t nruns = b.nruns;
        finish_block(&b, 1.0, true);
        b.nruns = nruns; /* the run is the whole lexicon block, next */
        b.block_start = dense_start;
        finish_block(&b, VOCE_LEXICON_BLOCK, false);
    }
    if (b.sorted) {
        merge_runs(&b);
    } else if (out->n >= UINT16_MAX) {
        /* More than merge_any_order can place (a text of some 20,000
         * words): build it again, sorted. */
        voce_features_build_span(fc, d, first, end, lex, VOCE_VEC_SORTED, out);
        return;
    } else {
        merge_any_order(&b);
    }
    double norm = 0;
    for (size_t i = 0; i < out->n; i++)
        norm += (double)out->val[i] * out->val[i];
    if (norm > 0) {
        double f = 1 / sqrt(norm);
        for (size_t i = 0; i < out->n; i++)
            out->val[i] = (float)(out->val[i] * f);
    }
}

void voce_feature_scratch_release(voce_feature_scratch *sc)
{
    free(sc->count);
    free(sc->bits);
    free(sc->summary);
    free(sc->merged_idx);
    free(sc->merged_val);
    memset(sc, 0, sizeof *sc);
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
    builder b;
    builder_init(&b, fc, &scratch, &d->features);
    b.end = d->tokens.n;
    b.lex = &d->lex;
    b.name_idx = idx;
    b.names = out;
    word_block(&b, d);
    if (fc->char_max) {
        char_block(&b, d);
        mention_char_block(&b, d);
    }
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
