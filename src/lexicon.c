/* lexicon.c -- loading and looking up one language's lexicon.
 *
 * Every term of every file goes into one table keyed by its folded form
 * (lower case, no accents: utf8.c's lookup key), with its tokens joined by
 * single spaces, so "perché" and "perche'" meet and "non funziona" is one
 * key. Matching is longest-first: phrase_start records, for each first
 * token and each first two, the longest phrase that begins with them, so a
 * text token that starts no phrase costs one lookup. Topic cues have a
 * table of their own, since a topic cue may sit inside a polar phrase. Strings live in the
 * lexicon's arena; after loading, nothing is written: lookups are safe
 * from many threads. */
#include "lexicon.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "tsvfile.h"
#include "utf8.h"

/* The folded key of a term as written in a file: each space-separated
 * token folded, joined by one space. Returns the number of tokens, or 0 if
 * the term is empty or too long a phrase. */
static size_t term_key(const char *term, voce_buf *key)
{
    voce_buf_reset(key);
    voce_buf_add(key, "", 0);
    size_t ntok = 0;
    const char *p = term;
    while (*p) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        size_t n = strcspn(p, " ");
        if (ntok)
            voce_buf_addc(key, ' ');
        voce_utf8_fold_key(p, n, key);
        ntok++;
        p += n;
    }
    return ntok <= VOCE_MAX_PHRASE ? ntok : 0;
}

/* Keep in 'start' the longest term (of 'ntok' tokens so far) that begins
 * with the first 'prefix' bytes of 'key'. */
static void keep_longest(voce_hmap *start, const char *key, size_t prefix, size_t ntok)
{
    uint32_t longest = 0;
    voce_hmap_get(start, key, prefix, &longest);
    if (ntok > longest)
        voce_hmap_put(start, key, prefix, (uint32_t)ntok);
}

/* Record the term 'key' of 'ntok' tokens in 'start': under its first token
 * and, for a phrase, under its first two, so that a text word that starts
 * phrases ("non", "the") costs one more lookup, not one a phrase length,
 * when the next word continues none of them. */
static void note_start(voce_hmap *start, const char *key, size_t ntok)
{
    size_t first = strcspn(key, " ");
    keep_longest(start, key, first, ntok);
    if (ntok > 1)
        keep_longest(start, key, first + 1 + strcspn(key + first + 1, " "), ntok);
}

/* Find or add the term 'text' and return it. */
static voce_term *term_for(voce_lexicon *lex, const char *text, size_t ntok, const voce_buf *key)
{
    uint32_t idx;
    if (voce_hmap_get(&lex->term_index, key->data, key->len, &idx))
        return &lex->terms[idx];
    lex->terms = voce_xgrow(lex->terms, &lex->terms_cap, lex->nterms + 1, sizeof *lex->terms);
    idx = (uint32_t)lex->nterms++;
    voce_term *t = &lex->terms[idx];
    memset(t, 0, sizeof *t);
    t->text = voce_arena_strndup(&lex->arena, text, strlen(text));
    t->ntokens = (uint8_t)ntok;
    voce_hmap_put(&lex->term_index, key->data, key->len, idx);
    note_start(&lex->phrase_start, key->data, ntok);
    return t;
}

/* What one file contributes: how many columns, and how to apply a row. */
typedef voce_status (*row_fn)(voce_lexicon *lex, voce_tsvfile *f, voce_term *t, voce_error *err);

static voce_status parse_number(voce_tsvfile *f, size_t col, double lo, double hi, bool integer,
                                double *out, voce_error *err)
{
    double v = 0;
    if (voce_parse_double(f->field[col], &v) != 0 || v < lo || v > hi ||
        (integer && v != (double)(long)v))
        return voce_tsvfile_error(f, err, VOCE_ERR_PARSE,
                                  "column %zu: expected %s from %g to %g, got '%s'", col + 1,
                                  integer ? "an integer" : "a number", lo, hi, f->field[col]);
    *out = v;
    return VOCE_OK;
}

static voce_status row_polarity(voce_lexicon *lex, voce_tsvfile *f, voce_term *t, voce_error *err)
{
    (void)lex;
    double v = 0;
    voce_status st = parse_number(f, 1, -4, 4, true, &v, err);
    if (st == VOCE_OK && v == 0)
        return voce_tsvfile_error(f, err, VOCE_ERR_PARSE, "a polarity score cannot be 0");
    t->polarity = (float)v;
    t->has_polarity = true;
    return st;
}

static voce_status row_emoji(voce_lexicon *lex, voce_tsvfile *f, voce_term *t, voce_error *err)
{
    (void)lex;
    double v = 0;
    voce_status st = parse_number(f, 1, -4, 4, true, &v, err);
    t->polarity = (float)v;
    t->has_polarity = true;
    return st;
}

static voce_status row_negator(voce_lexicon *lex, voce_tsvfile *f, voce_term *t, voce_error *err)
{
    (void)lex;
    const char *kind = f->field[1];
    if (strcmp(kind, "neg") == 0)
        t->negation = VOCE_NEG_OPEN;
    else if (strcmp(kind, "post") == 0)
        t->negation = VOCE_NEG_POST;
    else if (strcmp(kind, "or") == 0)
        t->negation = VOCE_NEG_OR;
    else if (strcmp(kind, "none") == 0)
        t->negation = VOCE_NEG_NONE; /* matched whole, so its negator opens nothing */
    else if (strcmp(kind, "end") == 0)
        return voce_tsvfile_error(f, err, VOCE_ERR_PARSE,
                                  "negator kind 'end' is gone: a negation now ends at the first "
                                  "polar word it negates, so delete this row");
    else
        return voce_tsvfile_error(f, err, VOCE_ERR_PARSE,
                                  "unknown negator kind '%s' (expected one of: neg, post, or, none)",
                                  kind);
    return VOCE_OK;
}

static voce_status row_intensifier(voce_lexicon *lex, voce_tsvfile *f, voce_term *t,
                                   voce_error *err)
{
    (void)lex;
    double v = 0;
    voce_status st = parse_number(f, 1, -1, 3, false, &v, err);
    if (st == VOCE_OK && v == 0)
        return voce_tsvfile_error(f, err, VOCE_ERR_PARSE, "an intensity factor cannot be 0");
    t->intensity = (float)v;
    return st;
}

static voce_status row_contrast(voce_lexicon *lex, voce_tsvfile *f, voce_term *t, voce_error *err)
{
    (void)lex;
    double before = 0, after = 0;
    voce_status st = parse_number(f, 1, 0, 3, false, &before, err);
    if (st == VOCE_OK)
        st = parse_number(f, 2, 0, 3, false, &after, err);
    t->contrast_before = (float)before;
    t->contrast_after = (float)after;
    return st;
}

static voce_status row_churn(voce_lexicon *lex, voce_tsvfile *f, voce_term *t, voce_error *err)
{
    (void)lex;
    double v = 0;
    voce_status st = parse_number(f, 1, 1, 3, true, &v, err);
    t->churn = (uint8_t)v;
    return st;
}

static voce_status load_file(voce_lexicon *lex, const char *path, size_t ncols, row_fn row,
                             voce_buf *key, voce_error *err)
{
    voce_tsvfile f;
    voce_status st = voce_tsvfile_open(&f, path, err);
    if (st != VOCE_OK)
        return st;
    lex->checksum = voce_hash(&f.hash, sizeof f.hash, lex->checksum);
    int r;
    while ((r = voce_tsvfile_next(&f, err)) == 1) {
        if (f.nfields != ncols) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE, "expected %zu columns, got %zu",
                                    ncols, f.nfields);
            break;
        }
        size_t ntok = term_key(f.field[0], key);
        if (ntok == 0) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE,
                                    "empty term, or a phrase of more than %d tokens",
                                    VOCE_MAX_PHRASE);
            break;
        }
        if ((st = row(lex, &f, term_for(lex, f.field[0], ntok, key), err)) != VOCE_OK)
            break;
    }
    if (r < 0)
        st = VOCE_ERR_PARSE;
    voce_tsvfile_close(&f);
    return st;
}

static voce_status load_topics(voce_lexicon *lex, const char *path, voce_buf *key,
                               voce_error *err)
{
    voce_tsvfile f;
    voce_status st = voce_tsvfile_open(&f, path, err);
    if (st != VOCE_OK)
        return st;
    lex->checksum = voce_hash(&f.hash, sizeof f.hash, lex->checksum);
    int r;
    while ((r = voce_tsvfile_next(&f, err)) == 1) {
        if (f.nfields != 2) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE, "expected 2 columns, got %zu",
                                    f.nfields);
            break;
        }
        int topic = voce_lexicon_topic(lex, f.field[1]);
        if (topic < 0) {
            if (lex->ntopics == VOCE_MAX_TOPICS) {
                st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE, "more than %d topics",
                                        VOCE_MAX_TOPICS);
                break;
            }
            topic = (int)lex->ntopics;
            lex->topics[lex->ntopics++] =
                voce_arena_strndup(&lex->arena, f.field[1], strlen(f.field[1]));
        }
        size_t ntok = term_key(f.field[0], key);
        if (ntok == 0) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE,
                                    "empty term, or a phrase of more than %d tokens",
                                    VOCE_MAX_PHRASE);
            break;
        }
        voce_hmap_put(&lex->topic_index, key->data, key->len, (uint32_t)topic);
        note_start(&lex->topic_start, key->data, ntok);
    }
    if (r < 0)
        st = VOCE_ERR_PARSE;
    voce_tsvfile_close(&f);
    return st;
}

/* Whether the token of 'key' at [at, at + len) is a negator. */
static bool is_negator_at(const voce_lexicon *lex, const char *key, size_t at, size_t len)
{
    uint32_t idx;
    return voce_hmap_get(&lex->term_index, key + at, len, &idx) &&
           lex->terms[idx].negation == VOCE_NEG_OPEN;
}

/* A phrase whose first token is a negator carries its own negation:
 * "non funziona", "nessun problema", "not bad". One with a negator further
 * in ("did not arrive") is marked too: it gives way, as those do, to a
 * longer phrase starting after its negator ("did not arrive late"). */
static void mark_self_negated(voce_lexicon *lex)
{
    voce_buf key = VOCE_BUF_INIT;
    for (size_t i = 0; i < lex->nterms; i++) {
        voce_term *t = &lex->terms[i];
        if (t->ntokens < 2)
            continue;
        term_key(t->text, &key);
        size_t first = strcspn(key.data, " ");
        t->self_negated = is_negator_at(lex, key.data, 0, first);
        /* The tokens between the first and the last. */
        size_t at = first + 1, last = (size_t)(strrchr(key.data, ' ') - key.data);
        for (uint8_t k = 1; !t->self_negated && at < last; k++) {
            size_t len = strcspn(key.data + at, " ");
            if (is_negator_at(lex, key.data, at, len)) {
                t->negator_inside = k;
                break;
            }
            at += len + 1;
        }
    }
    voce_buf_release(&key);
}

voce_status voce_lexicon_load(voce_lexicon **out, const char *lexicon_dir, const char *lang,
                              voce_error *err)
{
    static const struct {
        const char *file;
        size_t ncols;
        row_fn row;
    } files[] = {
        {"polarity.tsv", 2, row_polarity},   {"negators.tsv", 2, row_negator},
        {"intensifiers.tsv", 2, row_intensifier}, {"contrast.tsv", 3, row_contrast},
        {"churn.tsv", 2, row_churn},
    };
    *out = NULL;
    voce_lexicon *lex = voce_xcalloc(1, sizeof *lex);
    snprintf(lex->lang, sizeof lex->lang, "%s", lang);
    voce_hmap_init(&lex->term_index);
    voce_hmap_init(&lex->phrase_start);
    voce_hmap_init(&lex->topic_index);
    voce_hmap_init(&lex->topic_start);
    voce_arena_init(&lex->arena);
    voce_buf key = VOCE_BUF_INIT;
    char path[4096];
    voce_status st = VOCE_OK;
    for (size_t i = 0; i < sizeof files / sizeof *files && st == VOCE_OK; i++) {
        snprintf(path, sizeof path, "%s/%s/%s", lexicon_dir, lang, files[i].file);
        st = load_file(lex, path, files[i].ncols, files[i].row, &key, err);
    }
    if (st == VOCE_OK) {
        snprintf(path, sizeof path, "%s/emoji.tsv", lexicon_dir);
        st = load_file(lex, path, 3, row_emoji, &key, err);
    }
    if (st == VOCE_OK) {
        snprintf(path, sizeof path, "%s/%s/topics.tsv", lexicon_dir, lang);
        st = load_topics(lex, path, &key, err);
    }
    voce_buf_release(&key);
    if (st != VOCE_OK) {
        voce_lexicon_free(lex);
        return st;
    }
    mark_self_negated(lex);
    *out = lex;
    return VOCE_OK;
}

void voce_lexicon_free(voce_lexicon *lex)
{
    if (!lex)
        return;
    free(lex->terms);
    voce_hmap_release(&lex->term_index);
    voce_hmap_release(&lex->phrase_start);
    voce_hmap_release(&lex->topic_index);
    voce_hmap_release(&lex->topic_start);
    voce_arena_release(&lex->arena);
    free(lex);
}

/* Longest match of keys[0..n) in 'index', trying at most what 'start'
 * says a phrase from keys[0] can cover. */
static bool longest(const voce_hmap *index, const voce_hmap *start, const char *const *keys,
                    const size_t *lens, size_t n, size_t *len, uint32_t *value)
{
    uint32_t most;
    uint64_t h0 = voce_hash(keys[0], lens[0], 0); /* for both maps */
    if (!voce_hmap_get_hashed(start, keys[0], lens[0], h0, &most))
        return false;
    if (most > n)
        most = (uint32_t)n;
    if (most > VOCE_MAX_PHRASE)
        most = VOCE_MAX_PHRASE; /* no term is longer (loading refuses them) */
    /* The phrase of the first 'most' keys, built once: the phrase of the
     * first k is its first end[k] bytes. Once two are in, the phrases that
     * begin with those two say how far to go, if anywhere. */
    char buf[512];
    size_t end[VOCE_MAX_PHRASE + 1] = {0}, at = 0, fit = 0;
    for (size_t i = 0; i < most && at + lens[i] + 1 < sizeof buf; i++) {
        if (i)
            buf[at++] = ' ';
        memcpy(buf + at, keys[i], lens[i]);
        at += lens[i];
        end[++fit] = at;
        if (fit == 2) {
            uint32_t most2;
            if (!voce_hmap_get(start, buf, end[2], &most2)) {
                fit = 1; /* no phrase begins with these two: the first alone */
                break;
            }
            if (most2 < most)
                most = most2;
        }
    }
    for (size_t k = fit; k > 1; k--) {
        if (voce_hmap_get(index, buf, end[k], value)) {
            *len = k;
            return true;
        }
    }
    if (voce_hmap_get_hashed(index, keys[0], lens[0], h0, value)) {
        *len = 1;
        return true;
    }
    return false;
}

const voce_term *voce_lexicon_match(const voce_lexicon *lex, const char *const *keys,
                                    const size_t *key_lens, size_t n, size_t *len)
{
    uint32_t idx;
    if (n == 0 || !longest(&lex->term_index, &lex->phrase_start, keys, key_lens, n, len, &idx))
        return NULL;
    return &lex->terms[idx];
}

int voce_lexicon_match_topic(const voce_lexicon *lex, const char *const *keys,
                             const size_t *key_lens, size_t n, size_t *len)
{
    uint32_t topic;
    if (n == 0 || !longest(&lex->topic_index, &lex->topic_start, keys, key_lens, n, len, &topic))
        return -1;
    return (int)topic;
}

bool voce_lexicon_has(const voce_lexicon *lex, const char *term)
{
    voce_buf key = VOCE_BUF_INIT;
    size_t ntok = term_key(term, &key);
    bool found = ntok && voce_hmap_get(&lex->term_index, key.data, key.len, NULL);
    voce_buf_release(&key);
    return found;
}

int voce_lexicon_topic(const voce_lexicon *lex, const char *name)
{
    for (size_t i = 0; i < lex->ntopics; i++)
        if (strcmp(lex->topics[i], name) == 0)
            return (int)i;
    return -1;
}
