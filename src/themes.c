/* themes.c -- recurring themes in complaints: unsupervised, deterministic.
 *
 * Each comment becomes a TF-IDF vector of its stemmed content words: the
 * words of stopwords.tsv and generic.tsv of both languages, negators,
 * intensifiers and contrast markers, and words under three letters unless
 * written in capitals, are left out. A word needs to appear in two grouped
 * comments (one below 20 comments) to count. Weights are (1 + ln tf) * idf
 * with idf = ln((1 + n) / (1 + df)) + 1, and vectors are L2-normalised.
 *
 * Spherical k-means (kmeans.c: cosine similarity, k-means++ seeding from
 * a fixed seed, VOCE_THEMES_RESTARTS restarts, the tightest kept) groups
 * them for each k in 2..min(K_MAX, n / 6), and k is the smallest whose mean
 * silhouette (cosine distance) is within 3% of the best one. Italian and
 * English comments share no words: when both languages have a tenth of the
 * comments, each is grouped apart. Clusters too small, and comments unlike
 * the rest of their cluster, go to a visible "other" theme.
 *
 * Labels are phrases, not stems: every comment also records its content
 * word n-grams (up to three content words, with at most three function
 * words between two of them and no punctuation: "rimborso non è mai
 * arrivato"), with where they were written. A theme's label is made of the
 * n-grams most over-represented in it
 * compared with the other comments, p_in * ln(p_in / p_out), a longer
 * n-gram replacing a shorter one it contains when most of its comments
 * share it, and each is printed in the form customers wrote most often. */
#include "themes.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "classifier.h" /* voce_lang_index */
#include "doc.h"
#include "hmap.h"
#include "kmeans.h"
#include "langid.h"
#include "mem.h"
#include "stem.h"
#include "tsvfile.h"
#include "utf8.h"

enum { MAX_GAP = 3, MAX_NGRAM = 3, NO_THEME = -1 };

/* One recorded term occurrence: a word or an n-gram. */
typedef struct occ {
    uint32_t term;
    uint32_t start, end; /* bytes of the comment's text */
} occ;

typedef struct comment {
    size_t occ_start, nocc;
    size_t text_off, text_len;
    bool group;
    int lang; /* index in voce_lang_names, or VOCE_LANG_COUNT: none known */
} comment;

struct voce_themes {
    unsigned k_opt, k_max_opt;
    uint64_t seed;
    voce_hmap stop;
    voce_hmap vocab;     /* term key -> term id */
    uint8_t *term_n;     /* words in the term */
    uint32_t *term_part; /* MAX_NGRAM unigram ids per term */
    size_t nterms, terms_cap;
    comment *docs;
    size_t ndocs, docs_cap;
    occ *occs;
    size_t nocc, occ_cap;
    voce_buf texts;
    voce_buf key;

    /* the results of voce_themes_run() */
    int32_t *assign;
    float *sim;
    voce_theme *themes;
    size_t nthemes;
    unsigned k, k_min, k_max;
    unsigned k_of_lang[VOCE_LANG_COUNT]; /* all 0 unless languages were grouped apart */
    double silhouette;
    double sil_of_k[VOCE_THEMES_K_MAX_LIMIT + 1]; /* NaN where not measured */
    double sil_of_lang_k[VOCE_LANG_COUNT][VOCE_THEMES_K_MAX_LIMIT + 1]; /* languages apart */
    voce_arena arena;
};

/* ---- Loading the words that never make a theme ---------------------------- */

static voce_status load_words(voce_themes *t, const char *path, voce_error *err)
{
    voce_tsvfile f;
    voce_status st = voce_tsvfile_open(&f, path, err);
    if (st != VOCE_OK)
        return st;
    int r;
    while ((r = voce_tsvfile_next(&f, err)) == 1) {
        const char *term = f.field[0];
        if (strchr(term, ' '))
            continue; /* phrases never match one token */
        voce_buf_reset(&t->key);
        voce_utf8_fold_key(term, strlen(term), &t->key);
        voce_hmap_put(&t->stop, t->key.data, t->key.len, 1);
    }
    voce_tsvfile_close(&f);
    return r < 0 ? VOCE_ERR_PARSE : VOCE_OK;
}

voce_status voce_themes_new(voce_themes **out, const voce_themes_options *opt, voce_error *err)
{
    static const char *const files[] = {"stopwords", "generic", "negators", "intensifiers",
                                        "contrast"};
    *out = NULL;
    voce_themes *t = voce_xcalloc(1, sizeof *t);
    t->k_opt = opt->k;
    t->k_max_opt = opt->k_max;
    t->seed = opt->seed ? opt->seed : VOCE_THEMES_SEED_DEFAULT;
    voce_hmap_init(&t->stop);
    voce_hmap_init(&t->vocab);
    voce_arena_init(&t->arena);
    voce_status st = VOCE_OK;
    for (int li = 0; li < VOCE_LANG_COUNT && st == VOCE_OK; li++)
        for (size_t f = 0; f < sizeof files / sizeof *files && st == VOCE_OK; f++) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s/%s.tsv", opt->lexicon_dir ? opt->lexicon_dir : ".",
                     voce_lang_names[li], files[f]);
            st = load_words(t, path, err);
        }
    if (st != VOCE_OK) {
        voce_themes_free(t);
        return st;
    }
    *out = t;
    return VOCE_OK;
}

void voce_themes_free(voce_themes *t)
{
    if (!t)
        return;
    voce_hmap_release(&t->stop);
    voce_hmap_release(&t->vocab);
    free(t->term_n);
    free(t->term_part);
    free(t->docs);
    free(t->occs);
    voce_buf_release(&t->texts);
    voce_buf_release(&t->key);
    free(t->assign);
    free(t->sim);
    free(t->themes);
    voce_arena_release(&t->arena);
    free(t);
}

/* ---- Reading a comment's terms ------------------------------------------- */

static uint32_t intern(voce_themes *t, const char *key, size_t len, unsigned n,
                       const uint32_t *parts)
{
    uint32_t id;
    if (voce_hmap_get(&t->vocab, key, len, &id))
        return id;
    id = (uint32_t)t->nterms;
    if (t->nterms == t->terms_cap) {
        size_t cap = t->terms_cap;
        t->term_n = voce_xgrow(t->term_n, &cap, t->nterms + 1, sizeof *t->term_n);
        t->term_part = voce_xgrow(t->term_part, &t->terms_cap, t->nterms + 1,
                                  MAX_NGRAM * sizeof *t->term_part);
    }
    t->term_n[id] = (uint8_t)n;
    /* A word is its own only part; unused slots repeat the first part. */
    for (unsigned i = 0; i < MAX_NGRAM; i++)
        t->term_part[id * MAX_NGRAM + i] = n <= 1 ? id : parts[i < n ? i : 0];
    t->nterms++;
    voce_hmap_put(&t->vocab, key, len, id);
    return id;
}

static void add_occ(voce_themes *t, uint32_t term, uint32_t start, uint32_t end)
{
    if (t->nocc == t->occ_cap)
        t->occs = voce_xgrow(t->occs, &t->occ_cap, t->nocc + 1, sizeof *t->occs);
    t->occs[t->nocc++] = (occ){term, start, end};
}

/* An n-gram's key: a byte for n, then the ids of its words (a word's key
 * is its stem, which never holds a control character). */
static uint32_t intern_ngram(voce_themes *t, const uint32_t *parts, unsigned n)
{
    char key[1 + MAX_NGRAM * sizeof(uint32_t)];
    key[0] = (char)n;
    memcpy(key + 1, parts, n * sizeof *parts);
    return intern(t, key, 1 + n * sizeof *parts, n, parts);
}

static size_t code_points(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

static bool is_function_word(const voce_themes *t, const char *key, size_t len,
                             const voce_token *tok)
{
    /* Italian elision ("dell'", "quell'") and English contractions ("i'd",
     * "we're") are function words; "po'" too. */
    if (len == 0 || memchr(key, '\'', len))
        return true;
    if (voce_hmap_get(&t->stop, key, len, NULL))
        return true;
    if (code_points(key, len) < 3 && !(tok->flags & VOCE_TF_ALLCAPS))
        return true;
    size_t digits = 0;
    for (size_t i = 0; i < len; i++)
        digits += key[i] >= '0' && key[i] <= '9';
    return digits == len;
}

size_t voce_themes_add(voce_themes *t, const voce_doc *d, const char *text, size_t len, bool group)
{
    if (t->ndocs == t->docs_cap)
        t->docs = voce_xgrow(t->docs, &t->docs_cap, t->ndocs + 1, sizeof *t->docs);
    comment *c = &t->docs[t->ndocs];
    c->group = group;
    int li = d->lang ? voce_lang_index(d->lang) : -1;
    c->lang = li >= 0 ? li : VOCE_LANG_COUNT;
    c->text_off = t->texts.len;
    c->text_len = len;
    voce_buf_add(&t->texts, text, len);
    voce_buf_addc(&t->texts, '\0'); /* so that each text is a C string too */
    c->occ_start = t->nocc;

    /* The last content words of the current run, for n-grams. */
    uint32_t chain[MAX_NGRAM - 1], chain_start[MAX_NGRAM - 1];
    unsigned nchain = 0, gap = 0;
    for (size_t i = 0; i < d->tokens.n; i++) {
        const voce_token *tok = &d->tokens.tok[i];
        if (tok->type != VOCE_TOK_WORD || (i > 0 && d->clause[i] != d->clause[i - 1])) {
            nchain = gap = 0;
            if (tok->type != VOCE_TOK_WORD)
                continue;
        }
        const char *key = d->key[i];
        size_t klen = d->key_len[i];
        if (is_function_word(t, key, klen, tok)) {
            if (++gap > MAX_GAP)
                nchain = 0;
            continue;
        }
        voce_buf_reset(&t->key);
        voce_buf_add(&t->key, key, klen);
        size_t slen = voce_stem(d->lang, t->key.data, t->key.len);
        uint32_t id = intern(t, t->key.data, slen, 1, NULL);
        add_occ(t, id, tok->start, tok->end);
        uint32_t parts[MAX_NGRAM];
        for (unsigned n = 1; n <= nchain; n++) {
            /* the n-gram of the last n chained words and this one */
            for (unsigned p = 0; p < n; p++)
                parts[p] = chain[nchain - n + p];
            parts[n] = id;
            bool repeated = false;
            for (unsigned p = 0; p < n; p++)
                repeated |= parts[p] == id;
            if (!repeated)
                add_occ(t, intern_ngram(t, parts, n + 1), chain_start[nchain - n], tok->end);
        }
        if (nchain == MAX_NGRAM - 1) {
            memmove(chain, chain + 1, (MAX_NGRAM - 2) * sizeof *chain);
            memmove(chain_start, chain_start + 1, (MAX_NGRAM - 2) * sizeof *chain_start);
            nchain--;
        }
        chain[nchain] = id;
        chain_start[nchain++] = tok->start;
        gap = 0;
    }
    c->nocc = t->nocc - c->occ_start;
    return t->ndocs++;
}

void voce_themes_set_group(voce_themes *t, size_t i, bool group)
{
    if (i < t->ndocs)
        t->docs[i].group = group;
}

/* ---- Vectors ------------------------------------------------------------------ */

static int by_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The TF-IDF rows of every comment over the words of the grouped ones. */
static void build_matrix(const voce_themes *t, size_t ngroup, voce_rows *X)
{
    uint32_t *df = voce_xcalloc(t->nterms + 1, sizeof *df);
    uint32_t *seen = voce_xcalloc(t->nterms + 1, sizeof *seen);
    for (size_t i = 0; i < t->ndocs; i++) {
        if (!t->docs[i].group)
            continue;
        const occ *o = t->occs + t->docs[i].occ_start;
        for (size_t j = 0; j < t->docs[i].nocc; j++)
            if (t->term_n[o[j].term] == 1 && seen[o[j].term] != i + 1) {
                seen[o[j].term] = (uint32_t)(i + 1);
                df[o[j].term]++;
            }
    }
    uint32_t min_df = ngroup >= 20 ? 2 : 1;
    int32_t *feature = voce_xmalloc((t->nterms + 1) * sizeof *feature);
    double *idf = voce_xmalloc((t->nterms + 1) * sizeof *idf);
    size_t dim = 0;
    for (size_t id = 0; id < t->nterms; id++) {
        feature[id] = t->term_n[id] == 1 && df[id] >= min_df ? (int32_t)dim++ : -1;
        idf[id] = log((1.0 + (double)ngroup) / (1.0 + df[id])) + 1.0;
    }
    X->dim = dim;
    X->start = voce_xmalloc((t->ndocs + 1) * sizeof *X->start);
    X->col = NULL;
    X->val = NULL;
    size_t cap = 0, n = 0;
    uint32_t *ids = NULL;
    size_t ids_cap = 0;
    for (size_t i = 0; i < t->ndocs; i++) {
        X->start[i] = n;
        const occ *o = t->occs + t->docs[i].occ_start;
        size_t m = 0;
        for (size_t j = 0; j < t->docs[i].nocc; j++)
            if (feature[o[j].term] >= 0) {
                ids = voce_xgrow(ids, &ids_cap, m + 1, sizeof *ids);
                ids[m++] = o[j].term;
            }
        if (m)
            qsort(ids, m, sizeof *ids, by_u32);
        /* Features are numbered in term order, so the row comes out sorted. */
        size_t row = n;
        double norm = 0;
        for (size_t j = 0; j < m;) {
            size_t e = j;
            while (e < m && ids[e] == ids[j])
                e++;
            if (n == cap) {
                size_t col_cap = cap;
                X->col = voce_xgrow(X->col, &col_cap, n + 1, sizeof *X->col);
                X->val = voce_xgrow(X->val, &cap, n + 1, sizeof *X->val);
            }
            double w = (1.0 + log((double)(e - j))) * idf[ids[j]];
            X->col[n] = (uint32_t)feature[ids[j]];
            X->val[n++] = (float)w;
            norm += w * w;
            j = e;
        }
        for (size_t q = row; q < n; q++)
            X->val[q] = (float)(X->val[q] / sqrt(norm));
    }
    X->start[t->ndocs] = n;
    free(ids);
    free(df);
    free(seen);
    free(feature);
    free(idf);
}

/* ---- Choosing k --------------------------------------------------------------------- */

static unsigned choose_k(voce_themes *t, const voce_rows *X, const size_t *rows, size_t m,
                         unsigned k_min, unsigned k_max, double *score)
{
    size_t s = m < VOCE_THEMES_SILHOUETTE_SAMPLE ? m : VOCE_THEMES_SILHOUETTE_SAMPLE;
    size_t *sample = voce_sample_rows(rows, m, s, t->seed);
    /* positions of the sample rows within rows[] (both are sorted) */
    size_t *pos = voce_xmalloc((s ? s : 1) * sizeof *pos);
    for (size_t i = 0, j = 0; i < s; i++) {
        while (rows[j] != sample[i])
            j++;
        pos[i] = j;
    }
    float *dist = voce_xmalloc((s * s + 1) * sizeof *dist);
    for (size_t i = 0; i < s; i++) {
        dist[i * s + i] = 0;
        for (size_t j = i + 1; j < s; j++) {
            double sim = voce_rows_dot(X, sample[i], sample[j]);
            dist[i * s + j] = dist[j * s + i] = (float)(1 - sim);
        }
    }
    double best = -2;
    voce_clustering cl;
    voce_clustering_init(&cl, m, k_max, X->dim);
    for (unsigned k = k_min; k <= k_max; k++) {
        voce_kmeans(X, rows, m, k, t->seed, VOCE_THEMES_RESTARTS, &cl);
        t->sil_of_k[k] = voce_silhouette(dist, s, pos, cl.label, k);
        if (t->sil_of_k[k] > best)
            best = t->sil_of_k[k];
    }
    voce_clustering_release(&cl);
    /* The fewest themes that do nearly as well as the best: splitting a
     * theme in two seldom costs silhouette, and never helps a reader. */
    unsigned best_k = k_min;
    while (best_k < k_max && t->sil_of_k[best_k] < VOCE_THEMES_NEARLY * best)
        best_k++;
    best = t->sil_of_k[best_k];
    free(dist);
    free(pos);
    free(sample);
    *score = best;
    return best_k;
}

/* ---- Labels: distinctive phrases in the customers' words ------------------------ */

/* Whether every word of term 'a' is a word of term 'b'. */
static bool contained(const voce_themes *t, uint32_t a, uint32_t b)
{
    for (unsigned i = 0; i < t->term_n[a]; i++) {
        bool found = false;
        for (unsigned j = 0; j < t->term_n[b]; j++)
            found |= t->term_part[a * MAX_NGRAM + i] == t->term_part[b * MAX_NGRAM + j];
        if (!found)
            return false;
    }
    return true;
}

static bool overlaps(const voce_themes *t, uint32_t a, uint32_t b)
{
    for (unsigned i = 0; i < t->term_n[a]; i++)
        for (unsigned j = 0; j < t->term_n[b]; j++)
            if (t->term_part[a * MAX_NGRAM + i] == t->term_part[b * MAX_NGRAM + j])
                return true;
    return false;
}

/* s[0..len) lower-cased, with every run of white space one space. */
static void surface_of(const char *s, size_t len, voce_buf *out)
{
    voce_buf_reset(out);
    bool space = false;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        i += voce_utf8_decode(s + i, len - i, &cp, NULL);
        if (voce_utf8_is_space(cp) || cp == '\n' || cp == '\r' || cp == '\t') {
            space = true;
            continue;
        }
        if (space && out->len)
            voce_buf_addc(out, ' ');
        space = false;
        voce_utf8_append(out, voce_utf8_lower(cp));
    }
    voce_buf_add(out, "", 0);
}

typedef struct variant {
    char *text;
    size_t count;
} variant;

/* The form of 'term' written most often in the comments of theme 'th'
 * (ties: the shorter, then the first in byte order), in the arena. */
static const char *most_written(voce_themes *t, int32_t th, uint32_t term)
{
    variant *v = NULL;
    size_t nv = 0, cap = 0;
    voce_buf form = VOCE_BUF_INIT;
    for (size_t i = 0; i < t->ndocs; i++) {
        if (t->assign[i] != th || !t->docs[i].group)
            continue;
        const occ *o = t->occs + t->docs[i].occ_start;
        const char *text = t->texts.data + t->docs[i].text_off;
        for (size_t j = 0; j < t->docs[i].nocc; j++) {
            if (o[j].term != term)
                continue;
            surface_of(text + o[j].start, o[j].end - o[j].start, &form);
            size_t k = 0;
            while (k < nv && strcmp(v[k].text, form.data) != 0)
                k++;
            if (k == nv) {
                v = voce_xgrow(v, &cap, nv + 1, sizeof *v);
                v[nv++] = (variant){voce_xstrdup(form.data), 0};
            }
            v[k].count++;
        }
    }
    size_t best = 0;
    for (size_t k = 1; k < nv; k++) {
        size_t lk = strlen(v[k].text), lb = strlen(v[best].text);
        if (v[k].count > v[best].count ||
            (v[k].count == v[best].count &&
             (lk < lb || (lk == lb && strcmp(v[k].text, v[best].text) < 0))))
            best = k;
    }
    const char *s =
        voce_arena_strndup(&t->arena, nv ? v[best].text : "", nv ? strlen(v[best].text) : 0);
    for (size_t k = 0; k < nv; k++)
        free(v[k].text);
    free(v);
    voce_buf_release(&form);
    return s;
}

typedef struct candidate {
    uint32_t term;
    uint32_t df_in;
    double score;
} candidate;

static int by_score(const void *a, const void *b)
{
    const candidate *x = a, *y = b;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    return x->term < y->term ? -1 : x->term > y->term;
}

/* The phrases of theme 'th' of 'n_in' comments, out of 'n_all' grouped. */
static void label_theme(voce_themes *t, int32_t th, size_t n_in, size_t n_all,
                        const uint32_t *df_all, uint32_t *df_in, uint32_t *stamp)
{
    candidate *cand = NULL;
    size_t ncand = 0, cap = 0;
    for (size_t i = 0; i < t->ndocs; i++) {
        if (t->assign[i] != th || !t->docs[i].group)
            continue;
        const occ *o = t->occs + t->docs[i].occ_start;
        for (size_t j = 0; j < t->docs[i].nocc; j++) {
            uint32_t id = o[j].term;
            if (stamp[id] == i + 1)
                continue;
            stamp[id] = (uint32_t)(i + 1);
            if (df_in[id]++ == 0) {
                cand = voce_xgrow(cand, &cap, ncand + 1, sizeof *cand);
                cand[ncand++].term = id;
            }
        }
    }
    double n_out = (double)(n_all - n_in);
    for (size_t c = 0; c < ncand; c++) {
        uint32_t id = cand[c].term;
        double p_in = (double)df_in[id] / (double)n_in;
        double p_out = ((double)(df_all[id] - df_in[id]) + 0.5) / (n_out + 1);
        cand[c].df_in = df_in[id];
        cand[c].score = p_in * log(p_in / p_out);
    }
    qsort(cand, ncand, sizeof *cand, by_score);
    /* A phrase names a theme when enough of its comments share it, and
     * the second and third phrases only when they are nearly as telling
     * as the first. */
    uint32_t min_in = (uint32_t)ceil(VOCE_THEMES_PHRASE_SHARE * (double)n_in);
    if (min_in < 2)
        min_in = n_in < 2 ? 1 : 2;
    uint32_t picked[VOCE_THEMES_PHRASES];
    size_t npicked = 0;
    double top_score = 0;
    for (int pass = 0; pass < 2 && npicked == 0; pass++) {
        /* A second pass, for a theme whose comments share no phrase:
         * its single most distinctive one. */
        uint32_t floor_in = pass ? 1 : min_in;
        for (size_t c = 0; c < ncand && npicked < VOCE_THEMES_PHRASES; c++) {
            if (cand[c].df_in < floor_in || cand[c].score <= 0)
                continue;
            /* A longer phrase holding this one, shared by most of its
             * comments, reads better: "rimborso mai arrivato" for "rimborso". */
            size_t best = c;
            for (size_t d = 0; d < ncand; d++) {
                uint32_t a = cand[d].term, b = cand[best].term;
                if (t->term_n[a] <= t->term_n[cand[c].term] || !contained(t, cand[c].term, a) ||
                    cand[d].df_in < floor_in || 10 * cand[d].df_in < 6 * cand[c].df_in)
                    continue;
                if (best == c || t->term_n[a] > t->term_n[b] ||
                    (t->term_n[a] == t->term_n[b] && cand[d].df_in > cand[best].df_in))
                    best = d;
            }
            bool clash = npicked && cand[c].score < VOCE_THEMES_PHRASE_RATIO * top_score;
            for (size_t p = 0; p < npicked; p++)
                clash |= overlaps(t, picked[p], cand[best].term);
            if (!npicked)
                top_score = cand[c].score;
            if (!clash)
                picked[npicked++] = cand[best].term;
            if (pass)
                break;
        }
    }
    for (size_t c = 0; c < ncand; c++)
        df_in[cand[c].term] = 0;
    free(cand);

    voce_theme *theme = &t->themes[th];
    const char **phrases = voce_arena_alloc(&t->arena, (npicked ? npicked : 1) * sizeof *phrases);
    voce_buf label = VOCE_BUF_INIT;
    for (size_t p = 0; p < npicked; p++) {
        phrases[p] = most_written(t, th, picked[p]);
        if (p)
            voce_buf_adds(&label, ", ");
        voce_buf_adds(&label, phrases[p]);
    }
    if (!npicked)
        voce_buf_adds(&label, "(mixed)");
    theme->phrases = phrases;
    theme->nphrases = npicked;
    theme->label = voce_arena_strndup(&t->arena, label.data, label.len);
    voce_buf_release(&label);
}

/* Two themes never share a label: a repeated one gets " (2)", " (3)"... */
static void unique_labels(voce_themes *t)
{
    for (size_t i = 1; i < t->nthemes; i++) {
        unsigned dup = 1;
        for (size_t j = 0; j < i; j++)
            if (strcmp(t->themes[i].label, t->themes[j].label) == 0)
                dup++;
        if (dup > 1) {
            char buf[1024];
            snprintf(buf, sizeof buf, "%s (%u)", t->themes[i].label, dup);
            t->themes[i].label = voce_arena_strndup(&t->arena, buf, strlen(buf));
        }
    }
}

/* ---- Quotes --------------------------------------------------------------------------- */

static bool blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

static bool same_text(const voce_themes *t, size_t a, size_t b)
{
    return t->docs[a].text_len == t->docs[b].text_len &&
           memcmp(t->texts.data + t->docs[a].text_off, t->texts.data + t->docs[b].text_off,
                  t->docs[a].text_len) == 0;
}

/* Up to VOCE_THEMES_QUOTES comments of theme 'th': the closest to its
 * centre (for "other", the first ones), never the same text twice. */
static void pick_quotes(voce_themes *t, int32_t th, bool by_similarity)
{
    size_t *q = voce_arena_alloc(&t->arena, VOCE_THEMES_QUOTES * sizeof *q);
    size_t nq = 0;
    while (nq < VOCE_THEMES_QUOTES) {
        size_t best = t->ndocs;
        for (size_t i = 0; i < t->ndocs; i++) {
            if (t->assign[i] != th || !t->docs[i].group ||
                blank(t->texts.data + t->docs[i].text_off, t->docs[i].text_len))
                continue;
            bool taken = false;
            for (size_t j = 0; j < nq; j++)
                taken |= q[j] == i || same_text(t, q[j], i);
            if (taken)
                continue;
            if (best == t->ndocs || (by_similarity && t->sim[i] > t->sim[best]))
                best = i;
            if (!by_similarity)
                break;
        }
        if (best == t->ndocs)
            break;
        q[nq++] = best;
    }
    t->themes[th].quotes = q;
    t->themes[th].nquotes = nq;
}

/* ---- Running it all ------------------------------------------------------------------- */

typedef struct ranked {
    int32_t cluster;
    size_t size, first;
} ranked;

static int by_rank(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->size != y->size)
        return x->size > y->size ? -1 : 1;
    return x->first < y->first ? -1 : x->first > y->first;
}

/* From cluster labels over rows[0..m) to themes: outliers and small
 * clusters to "other", themes ordered by size, centres recomputed, every
 * comment not grouped placed in the theme it is close to, if any. */
static void make_themes(voce_themes *t, const voce_rows *X, const size_t *rows, size_t m,
                        int32_t *label, unsigned k)
{
    size_t min_size = (size_t)ceil(VOCE_THEMES_MIN_SHARE * (double)m);
    if (min_size < 2)
        min_size = 2;
    if (k == 1)
        min_size = 1;
    ranked *rank = voce_xcalloc(k, sizeof *rank);
    for (unsigned c = 0; c < k; c++) {
        rank[c].cluster = (int32_t)c;
        rank[c].first = SIZE_MAX;
    }
    /* A comment is an outlier when it is not like the rest of its cluster:
     * the cosine to the sum of the others (leave-one-out, so that a
     * comment alone, or sharing no word with the others, scores 0). */
    size_t dim = X->dim;
    double *sum = voce_xcalloc((size_t)k * dim + 1, sizeof *sum);
    double *sum2 = voce_xcalloc(k, sizeof *sum2);
    for (size_t i = 0; i < m; i++)
        voce_rows_add(X, rows[i], sum + (size_t)label[i] * dim, 1);
    for (unsigned c = 0; c < k; c++)
        for (size_t j = 0; j < dim; j++)
            sum2[c] += sum[(size_t)c * dim + j] * sum[(size_t)c * dim + j];
    for (size_t i = 0; i < m; i++) {
        double self = 0;
        for (size_t j = X->start[rows[i]]; j < X->start[rows[i] + 1]; j++)
            self += (double)X->val[j] * X->val[j];
        double d = voce_rows_dot_dense(X, rows[i], sum + (size_t)label[i] * dim) - self;
        double rest = sum2[label[i]] - 2 * (d + self) + self;
        double loo = rest > 1e-12 ? d / sqrt(rest) : 0;
        if (voce_rows_empty(X, rows[i]) || loo < VOCE_THEMES_MIN_SIMILARITY)
            label[i] = NO_THEME;
    }
    free(sum);
    free(sum2);
    for (size_t i = 0; i < m; i++) {
        if (label[i] == NO_THEME)
            continue;
        rank[label[i]].size++;
        if (rank[label[i]].first == SIZE_MAX)
            rank[label[i]].first = i;
    }
    qsort(rank, k, sizeof *rank, by_rank);
    int32_t *theme_of = voce_xmalloc(k * sizeof *theme_of);
    size_t nreal = 0;
    for (unsigned r = 0; r < k; r++)
        theme_of[rank[r].cluster] = rank[r].size >= min_size ? (int32_t)nreal++ : NO_THEME;
    size_t nother = 0;
    for (size_t i = 0; i < m; i++) {
        int32_t th = label[i] == NO_THEME ? NO_THEME : theme_of[label[i]];
        t->assign[rows[i]] = th == NO_THEME ? (int32_t)nreal : th;
        nother += th == NO_THEME;
    }
    t->nthemes = nreal + (nother > 0);
    t->themes = voce_xcalloc(t->nthemes ? t->nthemes : 1, sizeof *t->themes);

    /* Centres of the real themes, and every comment's similarity. */
    double *centre = voce_xcalloc(nreal * dim + 1, sizeof *centre);
    for (size_t i = 0; i < m; i++)
        if ((size_t)t->assign[rows[i]] < nreal)
            voce_rows_add(X, rows[i], centre + (size_t)t->assign[rows[i]] * dim, 1);
    for (size_t c = 0; c < nreal; c++)
        voce_normalise(centre + c * dim, dim);
    for (size_t i = 0; i < t->ndocs; i++) {
        if (t->docs[i].group) {
            size_t th = (size_t)t->assign[i];
            t->sim[i] = th < nreal ? (float)voce_rows_dot_dense(X, i, centre + th * dim) : 0;
            t->themes[th].size++;
            continue;
        }
        int32_t best = NO_THEME;
        double best_sim = VOCE_THEMES_MIN_SIMILARITY;
        for (size_t c = 0; c < nreal; c++) {
            double s = voce_rows_dot_dense(X, i, centre + c * dim);
            if (s >= best_sim && (best == NO_THEME || s > best_sim)) {
                best_sim = s;
                best = (int32_t)c;
            }
        }
        t->assign[i] = best;
        t->sim[i] = best == NO_THEME ? 0 : (float)best_sim;
    }
    if (nother) {
        t->themes[nreal].other = true;
        t->themes[nreal].label = "other";
    }
    free(centre);
    free(theme_of);
    free(rank);
}

static void name_themes(voce_themes *t, size_t m)
{
    uint32_t *df_all = voce_xcalloc(t->nterms + 1, sizeof *df_all);
    uint32_t *df_in = voce_xcalloc(t->nterms + 1, sizeof *df_in);
    uint32_t *stamp = voce_xcalloc(t->nterms + 1, sizeof *stamp);
    for (size_t i = 0; i < t->ndocs; i++) {
        if (!t->docs[i].group)
            continue;
        const occ *o = t->occs + t->docs[i].occ_start;
        for (size_t j = 0; j < t->docs[i].nocc; j++)
            if (stamp[o[j].term] != i + 1) {
                stamp[o[j].term] = (uint32_t)(i + 1);
                df_all[o[j].term]++;
            }
    }
    for (size_t th = 0; th < t->nthemes; th++) {
        memset(stamp, 0, (t->nterms + 1) * sizeof *stamp);
        if (!t->themes[th].other)
            label_theme(t, (int32_t)th, t->themes[th].size, m, df_all, df_in, stamp);
        pick_quotes(t, (int32_t)th, !t->themes[th].other);
    }
    unique_labels(t);
    free(df_all);
    free(df_in);
    free(stamp);
}

static void clear_results(voce_themes *t)
{
    free(t->assign);
    free(t->sim);
    free(t->themes);
    t->assign = NULL;
    t->sim = NULL;
    t->themes = NULL;
    t->nthemes = 0;
    t->k = t->k_min = t->k_max = 0;
    memset(t->k_of_lang, 0, sizeof t->k_of_lang);
    t->silhouette = NAN;
    for (unsigned k = 0; k <= VOCE_THEMES_K_MAX_LIMIT; k++) {
        t->sil_of_k[k] = NAN;
        for (int li = 0; li < VOCE_LANG_COUNT; li++)
            t->sil_of_lang_k[li][k] = NAN;
    }
    voce_arena_release(&t->arena);
}

/* Cluster rows[0..m) (sorted) into label[0..m), 0..k-1, and return k:
 * 'k_given' if not 0, one cluster below VOCE_THEMES_MIN_DOCS, else the k
 * of 2..k_max that choose_k picks (*k_min, *k_max and *silhouette say
 * how; NaN when k was not chosen). */
static unsigned cluster_rows(voce_themes *t, const voce_rows *X, const size_t *rows, size_t m,
                             unsigned k_given, double share, int32_t *label, unsigned *k_min,
                             unsigned *k_max, double *silhouette)
{
    unsigned k;
    *silhouette = NAN;
    if (k_given) {
        k = k_given < m ? k_given : (unsigned)m;
        *k_min = *k_max = k;
    } else if (m < VOCE_THEMES_MIN_DOCS) {
        k = *k_min = *k_max = 1;
    } else {
        unsigned top = t->k_max_opt ? t->k_max_opt : VOCE_THEMES_K_MAX;
        if (top > VOCE_THEMES_K_MAX_LIMIT)
            top = VOCE_THEMES_K_MAX_LIMIT;
        if (share < 1) /* a language's share of the themes, as of the comments */
            top = (unsigned)ceil(share * top);
        unsigned root = (unsigned)(m / VOCE_THEMES_PER_THEME);
        if (root < top)
            top = root;
        if (top < 2)
            top = 2;
        *k_min = 2;
        *k_max = top;
        if (m > VOCE_THEMES_SELECT_SAMPLE) {
            size_t *sel = voce_sample_rows(rows, m, VOCE_THEMES_SELECT_SAMPLE, t->seed);
            k = choose_k(t, X, sel, VOCE_THEMES_SELECT_SAMPLE, 2, top, silhouette);
            free(sel);
        } else {
            k = choose_k(t, X, rows, m, 2, top, silhouette);
        }
    }
    voce_clustering cl;
    voce_clustering_init(&cl, m, k, X->dim);
    voce_kmeans(X, rows, m, k, t->seed, k == 1 ? 1 : VOCE_THEMES_RESTARTS, &cl);
    memcpy(label, cl.label, m * sizeof *label);
    voce_clustering_release(&cl);
    return k;
}

/* Cluster each language's rows apart (group_of: the language each
 * comment's language is grouped with), numbering the clusters of all in
 * one series into label[0..m); t->k and the rest become sums, the
 * silhouette a mean weighted by comments. */
static void cluster_each_language(voce_themes *t, const voce_rows *X, const size_t *rows, size_t m,
                                  const int *group_of, int32_t *label)
{
    size_t in_group[VOCE_LANG_COUNT] = {0};
    for (size_t i = 0; i < m; i++)
        in_group[group_of[t->docs[rows[i]].lang]]++;
    size_t *sub = voce_xmalloc(m * sizeof *sub);
    int32_t *sub_label = voce_xmalloc(m * sizeof *sub_label);
    double sil_sum = 0, sil_weight = 0;
    for (int g = 0; g < VOCE_LANG_COUNT; g++) {
        size_t n = 0;
        for (size_t i = 0; i < m; i++)
            if (group_of[t->docs[rows[i]].lang] == g)
                sub[n++] = rows[i];
        if (n == 0)
            continue;
        /* A given k is shared by size, at least one a language, the last
         * taking what is left, so that the themes add up to it. */
        unsigned given = 0;
        if (t->k_opt) {
            unsigned left = t->k_opt - t->k, later = 0;
            for (int h = g + 1; h < VOCE_LANG_COUNT; h++)
                later += in_group[h] > 0;
            double share = (double)t->k_opt * (double)n / (double)m;
            given = later == 0 ? left : share < 1 ? 1 : (unsigned)lround(share);
            if (given + later > left)
                given = left - later;
        }
        unsigned k_min, k_max;
        double sil;
        unsigned k = cluster_rows(t, X, sub, n, given, (double)n / (double)m, sub_label, &k_min,
                                  &k_max, &sil);
        for (unsigned j = 0; j <= VOCE_THEMES_K_MAX_LIMIT; j++) { /* this language's */
            t->sil_of_lang_k[g][j] = t->sil_of_k[j];
            t->sil_of_k[j] = NAN;
        }
        for (size_t i = 0, j = 0; i < m; i++)
            if (group_of[t->docs[rows[i]].lang] == g)
                label[i] = (int32_t)t->k + sub_label[j++];
        t->k += k;
        t->k_min += k_min;
        t->k_max += k_max;
        t->k_of_lang[g] = k;
        if (!isnan(sil)) {
            sil_sum += sil * (double)n;
            sil_weight += (double)n;
        }
    }
    t->silhouette = sil_weight > 0 ? sil_sum / sil_weight : NAN;
    free(sub);
    free(sub_label);
}

void voce_themes_run(voce_themes *t)
{
    clear_results(t);
    t->assign = voce_xmalloc((t->ndocs ? t->ndocs : 1) * sizeof *t->assign);
    t->sim = voce_xcalloc(t->ndocs ? t->ndocs : 1, sizeof *t->sim);
    size_t *rows = voce_xmalloc((t->ndocs ? t->ndocs : 1) * sizeof *rows);
    size_t m = 0, in_lang[VOCE_LANG_COUNT + 1] = {0};
    for (size_t i = 0; i < t->ndocs; i++) {
        t->assign[i] = NO_THEME;
        if (t->docs[i].group) {
            rows[m++] = i;
            in_lang[t->docs[i].lang]++;
        }
    }
    if (m == 0) {
        free(rows);
        return;
    }
    voce_rows X;
    build_matrix(t, m, &X);
    int32_t *label = voce_xmalloc(m * sizeof *label);
    /* Comments in two languages share no words, so k-means cannot compare
     * them: a cluster that mixes them is held together by nothing. When
     * two languages or more each have VOCE_THEMES_LANG_SHARE of the
     * comments (and VOCE_THEMES_MIN_DOCS), each is grouped apart (k chosen
     * for each, or a given k shared by size), and the themes are ranked
     * together. The comments of other languages, or of none identified,
     * go with the largest language: few, they mostly end in "other". */
    int group_of[VOCE_LANG_COUNT + 1], largest = 0;
    size_t groups = 0;
    for (int li = 0; li < VOCE_LANG_COUNT; li++) {
        bool major = in_lang[li] >= VOCE_THEMES_MIN_DOCS &&
                     (double)in_lang[li] >= VOCE_THEMES_LANG_SHARE * (double)m;
        group_of[li] = major ? li : -1;
        groups += major;
        if (in_lang[li] > in_lang[largest])
            largest = li;
    }
    /* A given k smaller than the languages cannot give each its own. */
    if (groups < 2 || (t->k_opt && t->k_opt < groups)) {
        t->k =
            cluster_rows(t, &X, rows, m, t->k_opt, 1, label, &t->k_min, &t->k_max, &t->silhouette);
    } else {
        for (int li = 0; li <= VOCE_LANG_COUNT; li++)
            if (li == VOCE_LANG_COUNT || group_of[li] < 0)
                group_of[li] = largest;
        cluster_each_language(t, &X, rows, m, group_of, label);
    }
    make_themes(t, &X, rows, m, label, t->k);
    name_themes(t, m);
    free(label);
    voce_rows_release(&X);
    free(rows);
}

/* ---- Results ---------------------------------------------------------------------------- */

size_t voce_themes_count(const voce_themes *t)
{
    return t->nthemes;
}

const voce_theme *voce_themes_get(const voce_themes *t, size_t i)
{
    return i < t->nthemes ? &t->themes[i] : NULL;
}

long voce_themes_of(const voce_themes *t, size_t comment_no)
{
    return t->assign && comment_no < t->ndocs ? (long)t->assign[comment_no] : -1;
}

double voce_themes_similarity(const voce_themes *t, size_t i)
{
    return t->sim && i < t->ndocs ? t->sim[i] : 0;
}

size_t voce_themes_size(const voce_themes *t)
{
    return t->ndocs;
}

const char *voce_themes_text(const voce_themes *t, size_t comment_no, size_t *len)
{
    if (comment_no >= t->ndocs) {
        *len = 0;
        return "";
    }
    *len = t->docs[comment_no].text_len;
    return t->texts.data + t->docs[comment_no].text_off;
}

unsigned voce_themes_k_of(const voce_themes *t, const char *lang)
{
    int li = lang ? voce_lang_index(lang) : -1;
    return li >= 0 ? t->k_of_lang[li] : 0;
}

unsigned voce_themes_k(const voce_themes *t, unsigned *k_min, unsigned *k_max, double *silhouette)
{
    if (k_min)
        *k_min = t->k_min;
    if (k_max)
        *k_max = t->k_max;
    if (silhouette)
        *silhouette = t->silhouette;
    return t->k;
}

double voce_themes_silhouette(const voce_themes *t, unsigned k)
{
    return k <= VOCE_THEMES_K_MAX_LIMIT ? t->sil_of_k[k] : NAN;
}

double voce_themes_silhouette_of(const voce_themes *t, const char *lang, unsigned k)
{
    int li = lang ? voce_lang_index(lang) : -1;
    return li >= 0 && k <= VOCE_THEMES_K_MAX_LIMIT ? t->sil_of_lang_k[li][k] : NAN;
}
