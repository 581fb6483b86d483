/* model.c -- reading, writing and applying a trained model.
 *
 * The meta file is line-oriented 'key value...' text, numbers in the C
 * locale (%.17g for doubles, so a model reads back bit for bit). Every key
 * is known; an unknown one, a missing one or a bad value is an error naming
 * the line, so a damaged or foreign file is refused rather than half-read. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "model.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "calibrate.h"
#include "config.h"
#include "doc.h"
#include "error.h"
#include "hmap.h"
#include "mem.h"
#include "number.h"
#include "tsvfile.h"

enum { VOCE_FUSED_UNROLL = 16 }; /* outputs given their own unrolled code */

static bool hex_of(const char *s, uint64_t *out);
static voce_status load_retrying(voce_model **out, const char *name, bool as_base, voce_error *err);

size_t voce_model_pair(size_t k, size_t a, size_t b)
{
    /* Pairs (0,1) (0,2) .. (0,k-1) (1,2) ..: those before row a, then b. */
    return a * k - a * (a + 1) / 2 + (b - a - 1);
}

void voce_model_free(voce_model *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nlabels; i++)
        free(m->labels[i]);
    free(m->labels);
    voce_model_drop_parts(m);
    for (size_t i = 0; i < m->nsvm; i++)
        voce_svm_free(m->svm[i]);
    free(m->svm);
    free(m->cal_a);
    free(m->cal_b);
    free(m->idf);
    free(m->fused);
    free(m->fused_rho);
    voce_model_free(m->base);
    free(m->base_path);
    free(m->texts);
    free(m->texts_path);
    free(m);
}

/* ---- Label parts ------------------------------------------------------------- */

/* The index of part 'name' (len bytes) among the n in 'parts', added if new;
 * *shared is set when it was there already. */
static uint16_t part_of(char **parts, size_t *n, const char *name, size_t len, bool *shared)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen(parts[i]) == len && memcmp(parts[i], name, len) == 0) {
            *shared = true;
            return (uint16_t)i;
        }
    parts[*n] = voce_xmalloc(len + 1);
    memcpy(parts[*n], name, len);
    parts[*n][len] = '\0';
    return (uint16_t)(*n)++;
}

bool voce_model_find_parts(voce_model *m)
{
    size_t k = m->nlabels;
    m->parts = voce_xcalloc(2 * k + 1, sizeof *m->parts);
    m->parent = voce_xcalloc(k + 1, sizeof *m->parent);
    m->child = voce_xcalloc(k + 1, sizeof *m->child);
    m->nparts = 0;
    bool ok = k > 0, shared = false;
    for (size_t l = 0; l < k && ok; l++) {
        const char *label = m->labels[l], *sep = strchr(label, '#');
        ok = sep && sep > label && sep[1] && !strchr(sep + 1, '#');
        if (ok) {
            m->parent[l] = part_of(m->parts, &m->nparts, label, (size_t)(sep - label) + 1, &shared);
            m->child[l] = part_of(m->parts, &m->nparts, sep, strlen(sep), &shared);
        }
    }
    if (!ok || !shared)
        voce_model_drop_parts(m);
    return ok && shared;
}

void voce_model_drop_parts(voce_model *m)
{
    for (size_t i = 0; i < m->nparts; i++)
        free(m->parts[i]);
    free(m->parts);
    free(m->parent);
    free(m->child);
    m->parts = NULL;
    m->parent = m->child = NULL;
    m->nparts = 0;
    m->part_weight = m->part_temperature = 0;
}

int voce_model_weigh_parts(const voce_model *m, double *p, const double *pp, double *scores)
{
    /* A probability of 0 (an SVM without examples in a fold) still ranks. */
    const double floor = 1e-12;
    size_t k = m->nlabels;
    double top = -INFINITY, sum = 0;
    int best = 0;
    for (size_t l = 0; l < k; l++) {
        p[l] = log(fmax(p[l], floor)) + m->part_weight * (log(fmax(pp[m->parent[l]], floor)) +
                                                          log(fmax(pp[m->child[l]], floor)));
        if (p[l] > top) {
            top = p[l];
            best = (int)l;
        }
    }
    for (size_t l = 0; l < k; l++) {
        if (scores)
            scores[l] = p[l] - top;
        sum += p[l] = exp((p[l] - top) / m->part_temperature);
    }
    for (size_t l = 0; l < k; l++)
        p[l] /= sum;
    return best;
}

/* Build m->fused from the SVMs, when all are linear over the same space. */
static void fuse(voce_model *m)
{
    size_t outputs = 0;
    uint32_t dim = m->nsvm ? voce_svm_dim(m->svm[0]) : 0;
    for (size_t i = 0; i < m->nsvm; i++) {
        int k = voce_svm_nclasses(m->svm[i]);
        if (!voce_svm_is_linear(m->svm[i]) || voce_svm_dim(m->svm[i]) != dim)
            return;
        outputs += (size_t)k * (size_t)(k - 1) / 2;
    }
    if (outputs == 0 || outputs > VOCE_MODEL_MAX_DEC)
        return;
    m->fused = voce_xcalloc(((size_t)dim + 1) * outputs, sizeof *m->fused);
    m->fused_rho = voce_xcalloc(outputs, sizeof *m->fused_rho);
    size_t o = 0;
    for (size_t i = 0; i < m->nsvm; i++) {
        int k = voce_svm_nclasses(m->svm[i]);
        for (size_t pr = 0; pr < (size_t)k * (size_t)(k - 1) / 2; pr++, o++) {
            m->fused_rho[o] = voce_svm_rho(m->svm[i], pr);
            const float *w = voce_svm_weights(m->svm[i], pr);
            for (uint32_t f = 1; f <= dim; f++)
                m->fused[(size_t)f * outputs + o] = w[f];
        }
    }
    m->outputs = outputs;
    m->fused_dim = dim;
    /* The fused copy is the only one prediction reads: halve the memory. */
    for (size_t i = 0; i < m->nsvm; i++)
        voce_svm_drop_weights(m->svm[i]);
}

double voce_model_weight(const voce_model *m, size_t svm, size_t pair, uint32_t idx)
{
    if (!m->fused)
        return voce_svm_weight(m->svm[svm], pair, idx);
    if (idx > m->fused_dim)
        return 0;
    /* Outputs are numbered SVM by SVM, pair by pair. */
    size_t o = pair;
    for (size_t i = 0; i < svm; i++) {
        size_t k = (size_t)voce_svm_nclasses(m->svm[i]);
        o += k * (k - 1) / 2;
    }
    return m->fused[(size_t)idx * m->outputs + o];
}

/* The sums of fused_decide for outputs first..first+n-1 (n at most
 * VOCE_FUSED_UNROLL) into out. Inlined with n a constant (below), the
 * compiler keeps the sums in registers and vectorises the row: several
 * times fewer instructions than a loop over any n. */
static inline void fused_sums(const voce_model *m, const voce_vec *x, size_t first, size_t n,
                              double *out)
{
    double acc[VOCE_FUSED_UNROLL] = {0};
    for (size_t f = 0; f < x->n; f++) {
        if (x->idx[f] > m->fused_dim)
            continue;
        const float *w = m->fused + (size_t)x->idx[f] * m->outputs + first;
        double v = x->val[f];
        for (size_t o = 0; o < n; o++)
            acc[o] += (double)w[o] * v;
    }
    for (size_t o = 0; o < n; o++)
        out[o] = acc[o];
}

/* Every decision value of a fused model into out[0..outputs), summed in
 * the order voce_svm_decide sums them, so the values are the same for the
 * same vector. (Classifying builds vectors in any order, vector_order
 * below: the products are added in another order, equal to rounding.)
 * Built twice where GCC can, for AVX2 (four sums an instruction) and for
 * any x86-64 (two), the one to run chosen when the program starts. Lanes
 * are outputs, so each sum adds the same products in the same order
 * either way, and without FMA (not in the "avx2" target, and contraction
 * is off in ISO C) the values are the same to the bit. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) &&       \
    !defined(__SANITIZE_THREAD__) /* ThreadSanitizer cannot run an ifunc resolver */
__attribute__((target_clones("avx2", "default")))
#endif
static void fused_decide(const voce_model *m, const voce_vec *x, double *out)
{
    size_t n = m->outputs;
    switch (n) {
#define CASE(k) case k: fused_sums(m, x, 0, k, out); break;
        CASE(1) CASE(2) CASE(3) CASE(4) CASE(5) CASE(6) CASE(7) CASE(8)
        CASE(9) CASE(10) CASE(11) CASE(12) CASE(13) CASE(14) CASE(15) CASE(16)
#undef CASE
    default: /* 16 outputs at a time */
        for (size_t first = 0; first < n; first += VOCE_FUSED_UNROLL) {
            size_t left = n - first;
            fused_sums(m, x, first, left < VOCE_FUSED_UNROLL ? left : VOCE_FUSED_UNROLL,
                       out + first);
        }
    }
    for (size_t o = 0; o < n; o++)
        out[o] -= m->fused_rho[o];
}

/* The order m's vectors need: a fused model's dot product takes any. */
static voce_vec_order vector_order(const voce_model *m)
{
    return m->fused ? VOCE_VEC_ANY_ORDER : VOCE_VEC_SORTED;
}

void voce_model_vector(const voce_model *m, voce_doc *d, voce_vec *out)
{
    double p[VOCE_MODEL_MAX_LABELS], dec[VOCE_MODEL_MAX_DEC];
    if (m->base) { /* first: it builds its own vector from d->raw */
        voce_model_vector(m->base, d, &d->base_vec);
        voce_model_predict(m->base, &d->base_vec, p, dec);
    }
    voce_vec_order order = vector_order(m);
    if (d->raw_scored != d->scored || !voce_features_same(&d->raw_fc, &m->fc) ||
        (order == VOCE_VEC_SORTED && d->raw_order != VOCE_VEC_SORTED)) {
        voce_features_build(&m->fc, d, order, &d->raw);
        d->raw_fc = m->fc;
        d->raw_scored = d->scored;
        d->raw_order = order;
    }
    voce_vec_copy(out, &d->raw);
    if (m->base)
        voce_vec_append_base(out, &m->fc, p);
    if (m->idf)
        voce_vec_apply_idf(out, m->idf);
}

void voce_model_span_vector(const voce_model *m, voce_doc *d, size_t first, size_t end,
                            const voce_lexscore *lex, voce_vec *out)
{
    double p[VOCE_MODEL_MAX_LABELS], dec[VOCE_MODEL_MAX_DEC];
    if (m->base) {
        voce_model_span_vector(m->base, d, first, end, lex, &d->base_vec);
        voce_model_predict(m->base, &d->base_vec, p, dec);
    }
    voce_features_build_span(&m->fc, d, first, end, lex, vector_order(m), out);
    if (m->base)
        voce_vec_append_base(out, &m->fc, p);
    if (m->idf)
        voce_vec_apply_idf(out, m->idf);
}

/* ---- Prediction ------------------------------------------------------------- */

double voce_model_decision(const voce_model *m, const double *dec, size_t svm, size_t a,
                           size_t b)
{
    const voce_svm *s = m->svm[svm];
    int k = voce_svm_nclasses(s);
    if (m->ovr) {
        /* Binary: classes 1 (has the label) and 0. */
        if (k != 2)
            return NAN;
        return voce_svm_class(s, 0) == 1 ? dec[0] : -dec[0];
    }
    /* Find where classes a and b sit in this SVM's own order. */
    int ia = -1, ib = -1;
    for (int i = 0; i < k; i++) {
        if (voce_svm_class(s, i) == (int)a)
            ia = i;
        if (voce_svm_class(s, i) == (int)b)
            ib = i;
    }
    if (ia < 0 || ib < 0)
        return NAN;
    if (ia < ib)
        return dec[voce_model_pair((size_t)k, (size_t)ia, (size_t)ib)];
    return -dec[voce_model_pair((size_t)k, (size_t)ib, (size_t)ia)];
}

int voce_model_predict(const voce_model *m, const voce_vec *x, double *p, double *dec)
{
    double all[VOCE_MODEL_MAX_DEC];
    if (m->fused)
        fused_decide(m, x, all);
    if (m->ovr) {
        double sum = 0, pp[2 * VOCE_MODEL_MAX_LABELS];
        for (size_t i = 0; i < m->nsvm; i++) {
            if (m->fused)
                dec[0] = all[i]; /* one-vs-rest SVMs have one pair each */
            else
                voce_svm_decide(m->svm[i], x, dec);
            double d = voce_model_decision(m, dec, i, 0, 0);
            double q = isnan(d) ? 0 : voce_sigmoid(d, m->cal_a[i], m->cal_b[i]);
            if (i >= m->nlabels) { /* a part */
                pp[i - m->nlabels] = q;
                continue;
            }
            p[i] = q;
            sum += p[i];
        }
        if (m->task == VOCE_TASK_TOPIC)
            return -1;
        if (m->nparts)
            return voce_model_weigh_parts(m, p, pp, NULL);
        /* One label per text: the most probable, the others' share of it. */
        int best = 0;
        for (size_t i = 0; i < m->nlabels; i++) {
            if (p[i] > p[best])
                best = (int)i;
        }
        for (size_t i = 0; i < m->nlabels; i++)
            p[i] = sum > 0 ? p[i] / sum : 1.0 / (double)m->nlabels;
        return best;
    }
    size_t k = m->nlabels;
    int vote;
    if (m->fused) {
        memcpy(dec, all, m->outputs * sizeof *dec);
        vote = voce_svm_vote(m->svm[0], dec);
    } else {
        vote = voce_svm_decide(m->svm[0], x, dec);
    }
    if (k == 2) {
        double d = voce_model_decision(m, dec, 0, 0, 1);
        p[0] = voce_sigmoid(d, m->cal_a[0], m->cal_b[0]);
        p[1] = 1 - p[0];
    } else {
        double r[16 * 16];
        for (size_t a = 0; a < k; a++) {
            r[a * k + a] = 0;
            for (size_t b = a + 1; b < k; b++) {
                size_t pr = voce_model_pair(k, a, b);
                double d = voce_model_decision(m, dec, 0, a, b);
                double q = isnan(d) ? 0.5 : voce_sigmoid(d, m->cal_a[pr], m->cal_b[pr]);
                q = fmin(fmax(q, 1e-7), 1 - 1e-7);
                r[a * k + b] = q;
                r[b * k + a] = 1 - q;
            }
        }
        voce_couple((int)k, r, p);
    }
    /* The label is the SVM's vote, as libsvm decides; the probabilities
     * say how sure that is. Where they disagree, the vote wins: it is the
     * decision the cross-validation measured. */
    (void)vote;
    int best = 0;
    for (size_t i = 1; i < k; i++)
        if (p[i] > p[best])
            best = (int)i;
    return vote >= 0 && (size_t)vote < k ? vote : best;
}

/* ---- The meta file -------------------------------------------------------------- */

static const char *task_name(voce_task t)
{
    return t == VOCE_TASK_TOPIC ? "topic" : "sentiment";
}

static const char *kernel_name(voce_kernel k)
{
    return k == VOCE_KERNEL_RBF ? "rbf" : "linear";
}

/* The file of SVM 'i' of model NAME in generation 'gen'. Labels may hold
 * any character, so one-vs-rest files are numbered, not named. */
static void svm_path(const voce_model *m, const char *name, size_t i, voce_buf *out)
{
    voce_buf_reset(out);
    if (m->ovr)
        voce_buf_addf(out, "%s.%s.%zu.model", name, m->generation, i + 1);
    else
        voce_buf_addf(out, "%s.%s.model", name, m->generation);
}

/* Labels are written with %XX for a space, '%' and control characters,
 * so a meta line stays a list of words. */
static void add_label(voce_buf *b, const char *label)
{
    for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
        if (*p <= ' ' || *p == '%' || *p == 0x7f)
            voce_buf_addf(b, "%%%02X", *p);
        else
            voce_buf_addc(b, (char)*p);
    }
}

static char *decode_label(const char *s)
{
    char *out = voce_xmalloc(strlen(s) + 1), *o = out;
    for (; *s; s++) {
        unsigned v;
        if (*s == '%' && sscanf(s + 1, "%2x", &v) == 1 && isxdigit((unsigned char)s[1]) &&
            isxdigit((unsigned char)s[2])) {
            *o++ = (char)v;
            s += 2;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
    return out;
}

/* Only the last path component of 'path' (meta files name their SVM files
 * relative to themselves, so a model directory can move). */
static const char *base_name(const char *path)
{
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static void write_meta(const voce_model *m, const char *name, voce_buf *b)
{
    voce_buf_adds(b, "# voce model: written by 'voce train', read by 'voce classify -m'.\n"
                     "# The SVMs are libsvm model files beside this one (names below).\n");
    voce_buf_addf(b, "format %d\n", VOCE_MODEL_FORMAT);
    voce_buf_addf(b, "voce_version %s\n", VOCE_VERSION);
    voce_buf_addf(b, "task %s\n", task_name(m->task));
    voce_buf_addf(b, "lang %s\n", m->lang);
    voce_buf_adds(b, "labels");
    for (size_t i = 0; i < m->nlabels; i++) {
        voce_buf_addc(b, ' ');
        add_label(b, m->labels[i]);
    }
    voce_buf_addc(b, '\n');
    voce_buf_addf(b, "multiclass %s\n", m->ovr ? "ovr" : "ovo");
    if (m->nparts)
        voce_buf_addf(b, "label_parts %.17g\nlabel_parts_temperature %.17g\n", m->part_weight,
                      m->part_temperature);
    voce_buf_addf(b, "hash_bits %u\n", m->fc.hash_bits);
    voce_buf_addf(b, "hash_seed %" PRIu64 "\n", m->fc.seed);
    voce_buf_addf(b, "word_ngrams %u\n", m->fc.word_ngrams);
    if (m->fc.word_ngrams >= 3) /* trigrams really built: see load_once */
        voce_buf_addf(b, "word_trigrams 1\n");
    voce_buf_addf(b, "char_ngrams %u-%u\n", m->fc.char_min, m->fc.char_max);
    voce_buf_addf(b, "char_mentions %d\n", m->fc.char_mentions ? 1 : 0);
    voce_buf_addf(b, "opening_mention %d\n", m->fc.opening_mention ? 1 : 0);
    voce_buf_addf(b, "final_separator %d\n", m->fc.final_separator ? 1 : 0);
    /* Only when not the default, so that models trained without
     * --char-weight stay as they were, byte for byte. */
    if (m->fc.char_weight != (float)VOCE_CHAR_BLOCK)
        voce_buf_addf(b, "char_weight %.9g\n", (double)m->fc.char_weight);
    voce_buf_addf(b, "lexicon_features %d\n", m->fc.lexicon ? 1 : 0);
    if (m->base_path) {
        voce_buf_adds(b, "base_model ");
        add_label(b, m->base_path);
        voce_buf_addf(b, "\nbase_checksum %016" PRIx64 "\n", m->base_checksum);
    }
    if (m->idf && m->idf_min_df > 1)
        voce_buf_addf(b, "idf_min_df %u\n", m->idf_min_df);
    voce_buf_addf(b, "lexicon_checksum %016" PRIx64 "\n", m->lexicon_checksum);
    voce_buf_addf(b, "rules_checksum %016" PRIx64 "\n", m->rules_checksum);
    voce_buf_addf(b, "lexicon_scorer %u\n", m->lexicon_scorer);
    voce_buf_addf(b, "kernel %s\n", kernel_name(m->kernel));
    voce_buf_addf(b, "solver %s\n", m->solver == VOCE_SOLVER_DCD ? "dcd" : "libsvm");
    voce_buf_addf(b, "C %.17g\n", m->C);
    voce_buf_addf(b, "gamma %.17g\n", m->gamma);
    voce_buf_addf(b, "class_weights %s\n", m->class_weights ? "balanced" : "none");
    voce_buf_addf(b, "seed %" PRIu64 "\n", m->seed);
    voce_buf_addf(b, "train_records %zu\n", m->train_records);
    voce_buf_addf(b, "train_checksum %016" PRIx64 "\n", m->train_checksum);
    voce_buf_addf(b, "cv_folds %zu\n", m->folds);
    if (m->folds_in_file_order) /* only then: models of before it stay as they were */
        voce_buf_adds(b, "cv_fold_order file\n");
    voce_buf_addf(b, "cv_accuracy %.4f\n", m->cv_accuracy);
    voce_buf_addf(b, "cv_macro_f1 %.4f\n", m->cv_macro_f1);
    voce_buf_addf(b, "cv_ece %.4f\n", m->cv_ece);
    if (m->cv_repeats > 1) /* only then: models of before it stay as they were */
        voce_buf_addf(b, "cv_repeats %zu\ncv_repeated_macro_f1 %.4f\n", m->cv_repeats,
                      m->cv_repeated_macro_f1);
    voce_buf_addf(b, "generation %s\n", m->generation);
    voce_buf path = VOCE_BUF_INIT;
    if (m->idf) {
        voce_buf_reset(&path);
        voce_buf_addf(&path, "%s.%s.idf", name, m->generation);
        voce_buf_addf(b, "idf %s\n", base_name(path.data));
    }
    if (m->texts) {
        voce_buf_reset(&path);
        voce_buf_addf(&path, "%s.%s.texts", name, m->generation);
        voce_buf_addf(b, "texts %s\n", base_name(path.data));
    }
    for (size_t i = 0; i < m->nsvm; i++) {
        svm_path(m, name, i, &path);
        voce_buf_adds(b, "svm ");
        if (m->ovr)
            add_label(b, i < m->nlabels ? m->labels[i] : m->parts[i - m->nlabels]);
        else
            voce_buf_addc(b, '-');
        voce_buf_addf(b, " %s\n", base_name(path.data));
    }
    voce_buf_release(&path);
    for (size_t i = 0; i < m->ncal; i++)
        voce_buf_addf(b, "calibration %zu %.17g %.17g\n", i, m->cal_a[i], m->cal_b[i]);
}

/* Write 'data' to 'path' through a temporary file, fsync'd and renamed. */
static voce_status write_atomic(const char *path, const void *data, size_t len, voce_error *err)
{
    voce_buf tmp = VOCE_BUF_INIT;
    voce_buf_addf(&tmp, "%s.tmp.%ld", path, (long)getpid());
    voce_status st = VOCE_OK;
    int fd = open(tmp.data, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        st = voce_error_sys(err, tmp.data);
        goto out;
    }
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t n = write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            st = voce_error_sys(err, tmp.data);
            break;
        }
        p += n;
        left -= (size_t)n;
    }
    if (st == VOCE_OK && fsync(fd) != 0)
        st = voce_error_sys(err, tmp.data);
    if (close(fd) != 0 && st == VOCE_OK)
        st = voce_error_sys(err, tmp.data);
    if (st == VOCE_OK && rename(tmp.data, path) != 0)
        st = voce_error_sys(err, path);
    if (st != VOCE_OK)
        unlink(tmp.data);
out:
    voce_buf_release(&tmp);
    return st;
}

/* The IDF weights: one "index weight" line per feature seen in training. */
static voce_status save_idf(const voce_model *m, const char *path, voce_error *err)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return voce_error_sys(err, path);
    fputs("# voce idf: feature index, weight (features absent here weigh 0)\n", fp);
    uint32_t dim = voce_features_dim(&m->fc);
    for (uint32_t i = 1; i <= dim; i++)
        if (m->idf[i] != 0)
            fprintf(fp, "%u %.9g\n", i, (double)m->idf[i]);
    bool bad = ferror(fp) != 0;
    if (fclose(fp) != 0 || bad)
        return voce_error_sys(err, path);
    return VOCE_OK;
}

/* The training texts' hashes: one hexadecimal hash a line, sorted. */
static voce_status save_texts(const voce_model *m, const char *path, voce_error *err)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return voce_error_sys(err, path);
    fputs("# voce training texts: a hash of each (to tell a base model's own texts)\n", fp);
    for (size_t i = 0; i < m->ntexts; i++)
        fprintf(fp, "%016" PRIx64 "\n", m->texts[i]);
    bool bad = ferror(fp) != 0;
    if (fclose(fp) != 0 || bad)
        return voce_error_sys(err, path);
    return VOCE_OK;
}

static int compare_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* The hashes of the texts loaded model 'm' was trained on, sorted, into
 * *out (freed by the caller) and *n; none (NULL, 0) for a model of before
 * they were kept. */
static voce_status read_texts(const voce_model *m, uint64_t **out, size_t *n, voce_error *err)
{
    *out = NULL;
    *n = 0;
    if (!m->texts_path)
        return VOCE_OK;
    voce_tsvfile f;
    voce_status st = voce_tsvfile_open(&f, m->texts_path, err);
    if (st != VOCE_OK)
        return st;
    size_t cap = 0;
    int r;
    while ((r = voce_tsvfile_next(&f, err)) == 1) {
        uint64_t h;
        if (f.nfields != 1 || strlen(f.field[0]) != 16 || !hex_of(f.field[0], &h)) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_MODEL, "expected a 16-digit hash");
            break;
        }
        *out = voce_xgrow(*out, &cap, *n + 1, sizeof **out);
        (*out)[(*n)++] = h;
    }
    if (r < 0)
        st = VOCE_ERR_MODEL;
    voce_tsvfile_close(&f);
    if (st != VOCE_OK) {
        free(*out);
        *out = NULL;
        *n = 0;
        return st;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, compare_u64);
    return VOCE_OK;
}

voce_status voce_model_count_seen(const voce_model *m, const uint64_t *hashes, size_t n,
                                  size_t *seen, voce_error *err)
{
    uint64_t *texts;
    size_t ntexts;
    *seen = 0;
    voce_status st = read_texts(m, &texts, &ntexts, err);
    for (size_t i = 0; st == VOCE_OK && ntexts && i < n; i++)
        *seen += bsearch(&hashes[i], texts, ntexts, sizeof *texts, compare_u64) != NULL;
    free(texts);
    return st;
}

void voce_model_keep_texts(voce_model *m, const uint64_t *hashes, size_t n)
{
    free(m->texts);
    m->texts = voce_xmalloc((n ? n : 1) * sizeof *m->texts);
    memcpy(m->texts, hashes, n * sizeof *m->texts);
    qsort(m->texts, n, sizeof *m->texts, compare_u64);
    size_t w = 0; /* each once */
    for (size_t i = 0; i < n; i++)
        if (w == 0 || m->texts[w - 1] != m->texts[i])
            m->texts[w++] = m->texts[i];
    m->ntexts = w;
}

uint64_t voce_model_text_hash(const voce_doc *d)
{
    return voce_hash(d->folded.data, d->folded.len, 0x74657874u /* "text" */);
}

static voce_status load_idf(voce_model *m, const char *path, uint64_t *hash, voce_error *err)
{
    voce_tsvfile f;
    voce_status st = voce_tsvfile_open(&f, path, err);
    if (st != VOCE_OK)
        return st;
    *hash = f.hash;
    uint32_t dim = voce_features_dim(&m->fc);
    m->idf = voce_xcalloc((size_t)dim + 1, sizeof *m->idf);
    if (!f.complete) { /* cut short: its last weight may have lost digits */
        st = voce_error_set(err, VOCE_ERR_MODEL, path,
                            "the file ends in the middle of a line (the model file is damaged: "
                            "train it again)");
        voce_tsvfile_close(&f);
        return st;
    }
    int r;
    while ((r = voce_tsvfile_next(&f, err)) == 1) {
        char *p = f.field[0], *end;
        while (*p == ' ')
            p++;
        unsigned long idx = voce_strtou32(p, &end);
        bool ok = end != p && *end == ' ';
        double w = 0;
        if (ok) {
            for (p = end; *p == ' ';)
                p++;
            w = voce_strtod(p, &end);
            ok = end != p;
            while (*end == ' ')
                end++;
            ok = ok && *end == '\0';
        }
        if (f.nfields != 1 || !ok || idx == 0 || idx > dim || !isfinite(w)) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_MODEL,
                                    "expected 'index weight' with index 1..%u", dim);
            break;
        }
        m->idf[idx] = (float)w;
    }
    if (r < 0)
        st = VOCE_ERR_MODEL;
    voce_tsvfile_close(&f);
    return st;
}

static voce_status fsync_file(const char *path, voce_error *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return voce_error_sys(err, path);
    int rc = fsync(fd);
    close(fd);
    return rc == 0 ? VOCE_OK : voce_error_sys(err, path);
}

/* The generation: a hash of the SVM files' contents, so the same training
 * gives the same file names and the same bytes. Each file's hash is added
 * to the running hash 'h' in turn (add_file); the generation is its top
 * half, in hexadecimal (name_generation). */
static uint64_t add_file(uint64_t h, uint64_t file_hash)
{
    return voce_hash(&file_hash, sizeof file_hash, h);
}

static void name_generation(char *out, size_t size, uint64_t h)
{
    snprintf(out, size, "%08" PRIx64, h >> 32);
}

static voce_status hash_file(const char *path, uint64_t *h, voce_error *err)
{
    char *data;
    size_t len;
    uint64_t file_hash;
    voce_status st = voce_file_read(path, &data, &len, &file_hash, err);
    if (st == VOCE_OK) {
        free(data);
        *h = add_file(*h, file_hash);
    }
    return st;
}

/* The SVM files named by an existing NAME.meta, to remove once replaced. */
static void old_files(const char *name, voce_buf *list)
{
    voce_buf meta = VOCE_BUF_INIT;
    voce_buf_addf(&meta, "%s.meta", name);
    voce_tsvfile f;
    if (voce_tsvfile_open(&f, meta.data, NULL) == VOCE_OK) {
        while (voce_tsvfile_next(&f, NULL) == 1) {
            char *line = f.field[0];
            if (strncmp(line, "svm ", 4) != 0 && strncmp(line, "idf ", 4) != 0 &&
                strncmp(line, "texts ", 6) != 0)
                continue;
            const char *file = strrchr(line, ' ') + 1;
            voce_buf_add(list, file, strlen(file) + 1);
        }
        voce_tsvfile_close(&f);
    }
    voce_buf_release(&meta);
}

/* The directory part of NAME, with a trailing slash, or "". */
static void dir_of(const char *name, voce_buf *out)
{
    const char *s = strrchr(name, '/');
    voce_buf_reset(out);
    voce_buf_add(out, name, s ? (size_t)(s - name + 1) : 0);
}

/* Remove what an interrupted save of model NAME left: its temporary files
 * ("NAME.<what>.tmp.<pid>") whose process is gone. A save still running
 * in another process keeps its files. */
static void remove_stale_temporaries(const char *name)
{
    voce_buf dir = VOCE_BUF_INIT, path = VOCE_BUF_INIT;
    dir_of(name, &dir);
    const char *base = name + dir.len;
    size_t base_len = strlen(base);
    DIR *d = opendir(dir.len ? dir.data : ".");
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        const char *tmp = strstr(e->d_name, ".tmp.");
        if (strncmp(e->d_name, base, base_len) != 0 || e->d_name[base_len] != '.' || !tmp)
            continue;
        char *end;
        long pid = strtol(tmp + 5, &end, 10);
        if (*end || pid <= 0)
            continue;
        if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
            continue; /* its process lives (or may: EPERM) */
        voce_buf_reset(&path);
        voce_buf_addf(&path, "%s%s", dir.data ? dir.data : "", e->d_name);
        unlink(path.data);
    }
    if (d)
        closedir(d);
    voce_buf_release(&path);
    voce_buf_release(&dir);
}

/* Make the renames in the directory of model NAME durable: a crash after
 * the meta's rename must not leave a meta whose SVM files' names were
 * lost. Filesystems that cannot sync a directory are let be. */
static voce_status fsync_dir(const char *name, voce_error *err)
{
    voce_buf dir = VOCE_BUF_INIT;
    dir_of(name, &dir);
    const char *path = dir.len ? dir.data : ".";
    voce_status st = VOCE_OK;
    int fd = open(path, O_RDONLY | O_DIRECTORY);
    if (fd < 0 || (fsync(fd) != 0 && errno != EINVAL && errno != EROFS))
        st = voce_error_sys(err, path);
    if (fd >= 0)
        close(fd);
    voce_buf_release(&dir);
    return st;
}

voce_status voce_model_save(voce_model *m, const char *name, voce_error *err)
{
    voce_status st = VOCE_OK;
    voce_buf tmp = VOCE_BUF_INIT, path = VOCE_BUF_INIT, meta = VOCE_BUF_INIT,
             old = VOCE_BUF_INIT, dir = VOCE_BUF_INIT;
    remove_stale_temporaries(name);
    /* 1. Each SVM to a temporary file; their contents name the generation. */
    uint64_t h = 0;
    size_t n = m->nsvm;
    char **tmps = voce_xcalloc(n, sizeof *tmps);
    for (size_t i = 0; i < n && st == VOCE_OK; i++) {
        voce_buf_reset(&tmp);
        voce_buf_addf(&tmp, "%s.svm%zu.tmp.%ld", name, i, (long)getpid());
        tmps[i] = voce_xstrdup(tmp.data);
        if ((st = voce_svm_save(m->svm[i], tmps[i], err)) == VOCE_OK &&
            (st = fsync_file(tmps[i], err)) == VOCE_OK)
            st = hash_file(tmps[i], &h, err);
    }
    char *idf_tmp = NULL;
    if (m->idf && st == VOCE_OK) {
        voce_buf_reset(&tmp);
        voce_buf_addf(&tmp, "%s.idf.tmp.%ld", name, (long)getpid());
        idf_tmp = voce_xstrdup(tmp.data);
        if ((st = save_idf(m, idf_tmp, err)) == VOCE_OK &&
            (st = fsync_file(idf_tmp, err)) == VOCE_OK)
            st = hash_file(idf_tmp, &h, err);
    }
    char *texts_tmp = NULL;
    if (m->texts && st == VOCE_OK) {
        voce_buf_reset(&tmp);
        voce_buf_addf(&tmp, "%s.texts.tmp.%ld", name, (long)getpid());
        texts_tmp = voce_xstrdup(tmp.data);
        if ((st = save_texts(m, texts_tmp, err)) == VOCE_OK &&
            (st = fsync_file(texts_tmp, err)) == VOCE_OK)
            st = hash_file(texts_tmp, &h, err);
    }
    name_generation(m->generation, sizeof m->generation, h);
    /* 2. Rename them to their generation's names. */
    for (size_t i = 0; i < n && st == VOCE_OK; i++) {
        svm_path(m, name, i, &path);
        if (rename(tmps[i], path.data) != 0)
            st = voce_error_sys(err, path.data);
    }
    if (idf_tmp && st == VOCE_OK) {
        voce_buf_reset(&path);
        voce_buf_addf(&path, "%s.%s.idf", name, m->generation);
        if (rename(idf_tmp, path.data) != 0)
            st = voce_error_sys(err, path.data);
    }
    if (texts_tmp && st == VOCE_OK) {
        voce_buf_reset(&path);
        voce_buf_addf(&path, "%s.%s.texts", name, m->generation);
        if (rename(texts_tmp, path.data) != 0)
            st = voce_error_sys(err, path.data);
    }
    if (st == VOCE_OK)
        st = fsync_dir(name, err);
    /* 3. The meta: the commit point. */
    old_files(name, &old);
    if (st == VOCE_OK) {
        write_meta(m, name, &meta);
        voce_buf_reset(&path);
        voce_buf_addf(&path, "%s.meta", name);
        st = write_atomic(path.data, meta.data, meta.len, err);
        if (st == VOCE_OK)
            st = fsync_dir(name, err);
    }
    /* 4. The replaced model's files, unless this model reuses them. */
    if (st == VOCE_OK) {
        dir_of(name, &dir);
        for (size_t at = 0; at < old.len; at += strlen(old.data + at) + 1) {
            const char *file = old.data + at;
            bool reused = strstr(meta.data, file) != NULL;
            if (!reused) {
                voce_buf_reset(&path);
                voce_buf_addf(&path, "%s%s", dir.data ? dir.data : "", file);
                unlink(path.data);
            }
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (st != VOCE_OK && tmps[i])
            unlink(tmps[i]);
        free(tmps[i]);
    }
    free(tmps);
    if (idf_tmp && st != VOCE_OK)
        unlink(idf_tmp);
    free(idf_tmp);
    if (texts_tmp && st != VOCE_OK)
        unlink(texts_tmp);
    free(texts_tmp);
    voce_buf_release(&tmp);
    voce_buf_release(&path);
    voce_buf_release(&meta);
    voce_buf_release(&old);
    voce_buf_release(&dir);
    return st;
}

/* ---- Loading ------------------------------------------------------------------------ */

typedef struct meta_reader {
    voce_tsvfile f;
    voce_error *err;
    char *words[80];
    size_t nwords;
    bool word_trigrams; /* the meta says its trigrams were built */
} meta_reader;

static voce_status meta_bad(meta_reader *r, const char *fmt, const char *arg)
{
    char msg[320];
    snprintf(msg, sizeof msg, fmt, arg);
    return voce_tsvfile_error(&r->f, r->err, VOCE_ERR_MODEL, "%s", msg);
}

static bool split_words(meta_reader *r, char *line)
{
    r->nwords = 0;
    char *save; /* strtok_r: strtok's hidden state would be shared by threads */
    for (char *w = strtok_r(line, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        if (r->nwords == sizeof r->words / sizeof *r->words)
            return false;
        r->words[r->nwords++] = w;
    }
    return r->nwords > 0;
}

static bool uint_of(const char *s, uint64_t max, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (*s == '-' || end == s || *end || errno || v > max)
        return false;
    *out = v;
    return true;
}

static bool hex_of(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 16);
    if (end == s || *end || errno)
        return false;
    *out = v;
    return true;
}

/* One meta line. */
static voce_status meta_line(meta_reader *r, voce_model *m, voce_buf *files, bool *seen_format,
                             char *idf_file)
{
    char **w = r->words;
    const char *key = w[0];
    size_t nv = r->nwords - 1;
    uint64_t u = 0;
    double d = 0;
    if (strcmp(key, "format") == 0) {
        if (nv != 1 || !uint_of(w[1], 1000, &u))
            return meta_bad(r, "bad format line%s", "");
        if (u != VOCE_MODEL_FORMAT)
            return meta_bad(r, "model format %s is not supported by this voce (train it again)",
                            w[1]);
        *seen_format = true;
        return VOCE_OK;
    }
    if (!*seen_format)
        return meta_bad(r, "not a voce model: the first line must be 'format N'%s", "");
    if (strcmp(key, "labels") == 0) {
        if (nv < 1 || nv > VOCE_MODEL_MAX_LABELS)
            return meta_bad(r, "a model has 1 to 128 labels%s", "");
        if (m->labels)
            return meta_bad(r, "labels given twice%s", "");
        m->labels = voce_xcalloc(nv, sizeof *m->labels);
        for (size_t i = 0; i < nv; i++)
            m->labels[i] = decode_label(w[1 + i]);
        m->nlabels = nv;
        return VOCE_OK;
    }
    if (strcmp(key, "base_model") == 0) {
        if (nv != 1 || m->base_path)
            return meta_bad(r, "expected one 'base_model PATH'%s", "");
        m->base_path = decode_label(w[1]);
        return VOCE_OK;
    }
    if (strcmp(key, "idf") == 0) {
        if (nv != 1 || strchr(w[1], '/') || idf_file[0])
            return meta_bad(r, "expected one 'idf FILE'%s", "");
        snprintf(idf_file, 256, "%s", w[1]);
        return VOCE_OK;
    }
    if (strcmp(key, "texts") == 0) {
        if (nv != 1 || strchr(w[1], '/') || m->texts_path)
            return meta_bad(r, "expected one 'texts FILE'%s", "");
        m->texts_path = voce_xstrdup(w[1]); /* made a path once the directory is known */
        return VOCE_OK;
    }
    if (strcmp(key, "svm") == 0) {
        if (nv != 2 || strchr(w[2], '/'))
            return meta_bad(r, "expected 'svm LABEL FILE'%s", "");
        voce_buf_add(files, w[1], strlen(w[1]) + 1);
        voce_buf_add(files, w[2], strlen(w[2]) + 1);
        return VOCE_OK;
    }
    if (strcmp(key, "calibration") == 0) {
        double a, b;
        if (nv != 3 || !uint_of(w[1], 4096, &u) || u != m->ncal ||
            voce_parse_double(w[2], &a) || voce_parse_double(w[3], &b))
            return meta_bad(r, "expected 'calibration N A B' in order%s", "");
        size_t cap = m->ncal;
        m->cal_a = voce_xgrow(m->cal_a, &cap, m->ncal + 1, sizeof *m->cal_a);
        cap = m->ncal;
        m->cal_b = voce_xgrow(m->cal_b, &cap, m->ncal + 1, sizeof *m->cal_b);
        m->cal_a[m->ncal] = a;
        m->cal_b[m->ncal++] = b;
        return VOCE_OK;
    }
    if (nv != 1)
        return meta_bad(r, "expected one value after '%s'", key);
    const char *v = w[1];
    bool ok = true;
    const char *want = NULL; /* what a good value looks like, for the message */
    if (strcmp(key, "voce_version") == 0 || strcmp(key, "generation") == 0) {
        if (key[0] == 'g')
            snprintf(m->generation, sizeof m->generation, "%s", v);
    } else if (strcmp(key, "task") == 0) {
        want = "sentiment or topic";
        ok = strcmp(v, "sentiment") == 0 || strcmp(v, "topic") == 0;
        m->task = v[0] == 't' ? VOCE_TASK_TOPIC : VOCE_TASK_SENTIMENT;
    } else if (strcmp(key, "lang") == 0) {
        want = "a language code such as it or en";
        ok = strlen(v) < sizeof m->lang;
        snprintf(m->lang, sizeof m->lang, "%s", v);
    } else if (strcmp(key, "hash_bits") == 0) {
        want = "a whole number up to 24";
        ok = uint_of(v, 24, &u);
        m->fc.hash_bits = (unsigned)u;
    } else if (strcmp(key, "hash_seed") == 0) {
        want = "a whole number";
        ok = uint_of(v, UINT64_MAX, &m->fc.seed);
    } else if (strcmp(key, "word_ngrams") == 0) {
        want = "1, 2 or 3";
        ok = uint_of(v, 3, &u);
        m->fc.word_ngrams = (unsigned)u;
    } else if (strcmp(key, "word_trigrams") == 0) {
        want = "1";
        ok = uint_of(v, 1, &u) && u == 1;
        r->word_trigrams = ok;
    } else if (strcmp(key, "char_ngrams") == 0) {
        want = "a range such as 3-5";
        ok = sscanf(v, "%u-%u", &m->fc.char_min, &m->fc.char_max) == 2;
    } else if (strcmp(key, "char_weight") == 0) {
        /* absent: the default weight, which every model had before it */
        char *end;
        double weight = voce_strtod(v, &end);
        want = "a number above 0, at most 10";
        ok = end != v && *end == '\0' && weight > 0 && weight <= 10;
        m->fc.char_weight = (float)weight;
    } else if (strcmp(key, "opening_mention") == 0) {
        /* absent from models of before it: no such feature */
        want = "0 or 1";
        ok = uint_of(v, 1, &u);
        m->fc.opening_mention = u == 1;
    } else if (strcmp(key, "final_separator") == 0) {
        /* absent from models of before it: separators were word features */
        want = "0 or 1";
        ok = uint_of(v, 1, &u);
        m->fc.final_separator = u == 1;
    } else if (strcmp(key, "char_mentions") == 0) {
        /* absent from models of before it: words only, as they were built */
        want = "0 or 1";
        ok = uint_of(v, 1, &u);
        m->fc.char_mentions = u == 1;
    } else if (strcmp(key, "idf_min_df") == 0) {
        want = "a whole number from 2 to 1000";
        ok = uint_of(v, 1000, &u) && u >= 2;
        m->idf_min_df = (unsigned)u;
    } else if (strcmp(key, "lexicon_features") == 0) {
        want = "0 or 1";
        ok = uint_of(v, 1, &u);
        m->fc.lexicon = u == 1;
    } else if (strcmp(key, "lexicon_checksum") == 0) {
        want = "16 hexadecimal digits";
        ok = hex_of(v, &m->lexicon_checksum);
    } else if (strcmp(key, "rules_checksum") == 0) {
        want = "16 hexadecimal digits";
        ok = hex_of(v, &m->rules_checksum);
    } else if (strcmp(key, "lexicon_scorer") == 0) {
        want = "a whole number from 1 to 1000";
        ok = uint_of(v, 1000, &u) && u >= 1;
        m->lexicon_scorer = (unsigned)u;
    } else if (strcmp(key, "base_checksum") == 0) {
        want = "16 hexadecimal digits";
        ok = hex_of(v, &m->base_checksum);
    } else if (strcmp(key, "train_checksum") == 0) {
        want = "16 hexadecimal digits";
        ok = hex_of(v, &m->train_checksum);
    } else if (strcmp(key, "kernel") == 0) {
        want = "linear or rbf";
        ok = strcmp(v, "linear") == 0 || strcmp(v, "rbf") == 0;
        m->kernel = v[0] == 'r' ? VOCE_KERNEL_RBF : VOCE_KERNEL_LINEAR;
    } else if (strcmp(key, "multiclass") == 0) {
        want = "ovo or ovr";
        ok = strcmp(v, "ovr") == 0 || strcmp(v, "ovo") == 0;
        m->ovr = v[1] == 'v' && v[2] == 'r';
    } else if (strcmp(key, "label_parts") == 0) {
        /* absent from models without parts, and from those of before them */
        want = "a weight above 0, at most 100";
        ok = voce_parse_double(v, &m->part_weight) == 0 && m->part_weight > 0 &&
             m->part_weight <= 100;
    } else if (strcmp(key, "label_parts_temperature") == 0) {
        want = "a number from 0.01 to 100";
        ok = voce_parse_double(v, &m->part_temperature) == 0 && m->part_temperature >= 0.01 &&
             m->part_temperature <= 100;
    } else if (strcmp(key, "solver") == 0) {
        want = "libsvm or dcd";
        ok = strcmp(v, "libsvm") == 0 || strcmp(v, "dcd") == 0;
        m->solver = v[0] == 'd' ? VOCE_SOLVER_DCD : VOCE_SOLVER_LIBSVM;
    } else if (strcmp(key, "C") == 0) {
        want = "a number";
        ok = voce_parse_double(v, &m->C) == 0;
    } else if (strcmp(key, "gamma") == 0) {
        want = "a number";
        ok = voce_parse_double(v, &m->gamma) == 0;
    } else if (strcmp(key, "class_weights") == 0) {
        want = "balanced or none";
        ok = strcmp(v, "balanced") == 0 || strcmp(v, "none") == 0;
        m->class_weights = v[0] == 'b';
    } else if (strcmp(key, "seed") == 0) {
        want = "a whole number";
        ok = uint_of(v, UINT64_MAX, &m->seed);
    } else if (strcmp(key, "train_records") == 0 || strcmp(key, "cv_folds") == 0 ||
               strcmp(key, "cv_repeats") == 0) {
        want = "a whole number";
        ok = uint_of(v, SIZE_MAX, &u);
        *(key[0] == 't'   ? &m->train_records
          : key[3] == 'f' ? &m->folds
                          : &m->cv_repeats) = (size_t)u;
    } else if (strcmp(key, "cv_fold_order") == 0) {
        /* absent: shuffled, as every model was before it */
        want = "file or shuffled";
        ok = strcmp(v, "file") == 0 || strcmp(v, "shuffled") == 0;
        m->folds_in_file_order = v[0] == 'f';
    } else if (strcmp(key, "cv_accuracy") == 0 || strcmp(key, "cv_macro_f1") == 0 ||
               strcmp(key, "cv_ece") == 0) {
        want = "a number";
        ok = voce_parse_double(v, &d) == 0;
        *(key[3] == 'a' ? &m->cv_accuracy : key[3] == 'm' ? &m->cv_macro_f1 : &m->cv_ece) = d;
    } else if (strcmp(key, "cv_repeated_macro_f1") == 0) {
        want = "a number";
        ok = voce_parse_double(v, &m->cv_repeated_macro_f1) == 0;
    } else {
        return meta_bad(r, "unknown key '%s'", key);
    }
    if (ok)
        return VOCE_OK;
    char msg[160];
    snprintf(msg, sizeof msg, "'%.40s' is not a value of '%s' (expected %s)", v, key,
             want ? want : "another value");
    return meta_bad(r, "%s: the file was edited or damaged; train the model again", msg);
}

/* An SVM file's classes must be the meta's labels (one-vs-one) or 0 and 1
 * (one-vs-rest): predicting would overrun voce_doc's scratch otherwise. */
static voce_status check_svm_classes(const voce_model *m, const voce_svm *svm, const char *path,
                                     voce_error *err)
{
    int k = voce_svm_nclasses(svm);
    size_t labels = m->ovr ? 2 : m->nlabels;
    if ((size_t)k > labels)
        return voce_error_set(err, VOCE_ERR_MODEL, path,
                              "%d classes, but the meta has %zu labels%s", k, m->nlabels,
                              m->ovr ? " (one-vs-rest: 2 classes a file)" : "");
    for (int c = 0; c < k; c++) {
        int cls = voce_svm_class(svm, c);
        if (cls < 0 || (size_t)cls >= labels)
            return voce_error_set(err, VOCE_ERR_MODEL, path,
                                  "class %d, but the meta has %zu labels (classes 0-%zu)", cls,
                                  labels, labels - 1);
    }
    return VOCE_OK;
}

/* The checksum of model NAME's meta: it names the SVM files by a hash of
 * their contents, so it stands for the whole model. */
static voce_status meta_checksum(const char *name, uint64_t *h, voce_error *err)
{
    voce_buf meta = VOCE_BUF_INIT;
    voce_buf_addf(&meta, "%s.meta", name);
    *h = 0;
    voce_status st = hash_file(meta.data, h, err);
    voce_buf_release(&meta);
    return st;
}

voce_status voce_model_load_base(voce_model **out, const char *name, const char *lang,
                                 uint64_t lexicon_checksum, uint64_t rules_checksum,
                                 uint64_t *checksum, voce_error *err)
{
    voce_model *b;
    voce_status st = load_retrying(&b, name, true, err);
    if (st != VOCE_OK)
        return st;
    st = meta_checksum(name, checksum, err);
    if (st == VOCE_OK && strcmp(b->lang, lang) != 0)
        st = voce_error_set(err, VOCE_ERR_MODEL, name,
                            "the base model is for '%s', the model for '%s'", b->lang, lang);
    else if (st == VOCE_OK &&
             (b->lexicon_checksum != lexicon_checksum || b->rules_checksum != rules_checksum))
        st = voce_error_set(err, VOCE_ERR_MODEL, name,
                            "the base model was trained with other lexicons or rules: train "
                            "it again (or choose another) with these");
    if (st != VOCE_OK) {
        voce_model_free(b);
        return st;
    }
    *out = b;
    return VOCE_OK;
}

/* Load the base model the meta 'meta' (of a model in directory 'dir')
 * names, and give its labels their slots. */
static voce_status load_base_of(voce_model *m, const char *meta, const char *dir, voce_error *err)
{
    voce_buf path = VOCE_BUF_INIT;
    if (m->base_path[0] != '/' && dir)
        voce_buf_adds(&path, dir);
    voce_buf_adds(&path, m->base_path);
    uint64_t checksum = 0;
    voce_status st = voce_model_load_base(&m->base, path.data, m->lang, m->lexicon_checksum,
                                          m->rules_checksum, &checksum, err);
    if (st == VOCE_OK && checksum != m->base_checksum) {
        st = voce_error_set(err, VOCE_ERR_MODEL, meta,
                            "its base model %s has changed since it was trained: train "
                            "it again",
                            path.data);
    } else if (st != VOCE_OK && err && err->sys_errno == ENOENT) {
        st = voce_error_set(err, VOCE_ERR_MODEL, meta,
                            "its base model %s is not there (moved or removed since this "
                            "model was trained?): put it back, or train this model again",
                            path.data);
    } else if (st != VOCE_OK && err) {
        /* Say which model needs it: the error names the base alone. */
        char what[sizeof err->where + sizeof err->msg + 4];
        snprintf(what, sizeof what, "%s: %s", err->where, err->msg);
        st = voce_error_set(err, st, meta, "its base model %s", what);
    }
    if (st == VOCE_OK)
        m->fc.base_labels = (unsigned)m->base->nlabels;
    voce_buf_release(&path);
    return st;
}

char *voce_model_base_path(const char *name, const char *base, voce_error *err)
{
    voce_buf dir = VOCE_BUF_INIT, bdir = VOCE_BUF_INIT, out = VOCE_BUF_INIT;
    dir_of(name, &dir);
    dir_of(base, &bdir);
    char *from = realpath(dir.len ? dir.data : ".", NULL);
    char *to = realpath(bdir.len ? bdir.data : ".", NULL);
    char *result = NULL;
    if (!from || !to) {
        voce_error_sys(err, !from ? (dir.len ? dir.data : ".") : bdir.data);
        goto done;
    }
    /* The directories' common prefix, whole components only. */
    size_t common = 0;
    for (size_t i = 0; from[i] && from[i] == to[i]; i++)
        if (from[i + 1] == '/' || from[i + 1] == '\0')
            if (to[i + 1] == '/' || to[i + 1] == '\0')
                common = i + 1;
    if (base[0] == '/' || common <= 1) { /* named absolute, or sharing only the root */
        voce_buf_addf(&out, "%s/%s", to, base + bdir.len);
    } else {
        for (const char *p = from + common; *p; p++)
            if (*p == '/')
                voce_buf_adds(&out, "../");
        if (to[common])
            voce_buf_addf(&out, "%s/", to + common + 1);
        voce_buf_adds(&out, base + bdir.len);
    }
    result = voce_xstrdup(out.data);
done:
    free(from);
    free(to);
    voce_buf_release(&dir);
    voce_buf_release(&bdir);
    voce_buf_release(&out);
    return result;
}

/* Set m->files_generation to the generation the files of loaded model 'm'
 * make, as voce_model_save makes it: the hashes of the SVM files in order,
 * then the IDF table's (NULL: none), then the training texts'. */
static voce_status hash_files(voce_model *m, const uint64_t *idf_hash, voce_error *err)
{
    uint64_t h = 0;
    for (size_t i = 0; i < m->nsvm; i++)
        h = add_file(h, voce_svm_file_hash(m->svm[i]));
    if (idf_hash)
        h = add_file(h, *idf_hash);
    if (m->texts_path) {
        voce_status st = hash_file(m->texts_path, &h, err);
        if (st != VOCE_OK)
            return st;
    }
    name_generation(m->files_generation, sizeof m->files_generation, h);
    return VOCE_OK;
}

bool voce_model_intact(const voce_model *m)
{
    return !m->generation[0] || strcmp(m->generation, m->files_generation) == 0;
}

voce_status voce_model_changed_error(const voce_model *m, const char *meta, const char *remedy,
                                     voce_error *err)
{
    return voce_error_set(err, VOCE_ERR_MODEL, meta,
                          "its files are not the ones it was saved with (generation %s, "
                          "they make %s): one was edited or damaged; %s",
                          m->generation, m->files_generation, remedy);
}

/* One attempt at reading NAME.meta and its SVM files. */
static voce_status load_once(voce_model **out, const char *name, bool as_base, voce_error *err)
{
    *out = NULL;
    voce_model *m = voce_xcalloc(1, sizeof *m);
    m->fc.char_weight = (float)VOCE_CHAR_BLOCK; /* a meta without char_weight */
    m->fc.final_separator = true;               /* a meta without final_separator */
    m->lexicon_scorer = 1;                      /* a meta without lexicon_scorer */
    voce_buf meta = VOCE_BUF_INIT, path = VOCE_BUF_INIT, files = VOCE_BUF_INIT,
             dir = VOCE_BUF_INIT;
    voce_buf_addf(&meta, "%s.meta", name);
    meta_reader r = {.err = err};
    voce_status st = voce_tsvfile_open(&r.f, meta.data, err);
    if (st != VOCE_OK)
        goto out;
    bool seen_format = false;
    int more = 0;
    char idf_file[256] = "";
    while (st == VOCE_OK && (more = voce_tsvfile_next(&r.f, err)) == 1) {
        if (r.f.nfields != 1 || !split_words(&r, r.f.field[0]))
            st = meta_bad(&r, "expected 'key value' without TABs%s", "");
        else
            st = meta_line(&r, m, &files, &seen_format, idf_file);
    }
    if (st == VOCE_OK && more < 0)
        st = VOCE_ERR_MODEL;
    /* Before session 13, 'word_ngrams 3' was accepted but only bigrams
     * were built; such a model is read as what it was trained on. */
    if (m->fc.word_ngrams >= 3 && !r.word_trigrams)
        m->fc.word_ngrams = 2;
    if (st == VOCE_OK && (!seen_format || !m->nlabels || !m->lang[0] || !files.len))
        st = voce_error_set(err, VOCE_ERR_MODEL, meta.data,
                            "incomplete model: format, lang, labels or svm is missing");
    char msg[160];
    if (st == VOCE_OK && !voce_features_check(&m->fc, msg, sizeof msg))
        st = voce_error_set(err, VOCE_ERR_MODEL, meta.data, "%s", msg);
    if (st == VOCE_OK && m->task == VOCE_TASK_TOPIC && !m->ovr)
        st = voce_error_set(err, VOCE_ERR_MODEL, meta.data, "a topic model must be one-vs-rest");
    if (st == VOCE_OK && !m->ovr && m->nlabels > VOCE_MODEL_MAX_OVO)
        st = voce_error_set(err, VOCE_ERR_MODEL, meta.data,
                            "a one-vs-one model has at most %d labels", VOCE_MODEL_MAX_OVO);
    if (st == VOCE_OK && (m->part_weight > 0) != (m->part_temperature > 0))
        st = voce_error_set(err, VOCE_ERR_MODEL, meta.data,
                            "label_parts and label_parts_temperature go together: the file "
                            "was edited or damaged; train the model again");
    if (st == VOCE_OK && m->part_weight > 0 &&
        (!m->ovr || m->task != VOCE_TASK_SENTIMENT || !voce_model_find_parts(m)))
        st = voce_error_set(err, VOCE_ERR_MODEL, meta.data,
                            "label_parts, but the labels are not PARENT#CHILD of a "
                            "one-vs-rest single-label model: the file was edited or "
                            "damaged; train the model again");
    size_t nsvm = m->ovr ? m->nlabels + m->nparts : 1;
    size_t want_cal = m->ovr ? nsvm : m->nlabels * (m->nlabels - 1) / 2;
    if (st == VOCE_OK && m->ncal != want_cal)
        st = voce_error_set(err, VOCE_ERR_MODEL, meta.data,
                            "expected %zu calibration lines, found %zu", want_cal, m->ncal);
    dir_of(name, &dir);
    if (m->texts_path) {
        voce_buf_reset(&path);
        voce_buf_addf(&path, "%s%s", dir.data ? dir.data : "", m->texts_path);
        free(m->texts_path);
        m->texts_path = voce_xstrdup(path.data);
    }
    if (st == VOCE_OK && m->base_path && as_base) /* before loading it: no chains, no loops */
        st = voce_error_set(err, VOCE_ERR_MODEL, meta.data,
                            "a base model cannot have a base model of its own");
    else if (st == VOCE_OK && m->base_path)
        st = load_base_of(m, meta.data, dir.data, err);
    /* The SVM files, found beside the meta. */
    uint32_t dim = voce_features_dim(&m->fc);
    uint64_t idf_hash = 0;
    if (st == VOCE_OK && idf_file[0]) {
        voce_buf_reset(&path);
        voce_buf_addf(&path, "%s%s", dir.data ? dir.data : "", idf_file);
        st = load_idf(m, path.data, &idf_hash, err);
    }
    for (size_t at = 0; st == VOCE_OK && at < files.len;) {
        const char *label = files.data + at;
        at += strlen(label) + 1;
        const char *file = files.data + at;
        at += strlen(file) + 1;
        char *decoded = decode_label(label);
        const char *want = m->nsvm < m->nlabels ? m->labels[m->nsvm]
                           : m->nsvm < nsvm     ? m->parts[m->nsvm - m->nlabels]
                                                : NULL;
        bool misplaced = m->ovr && (!want || strcmp(decoded, want) != 0);
        free(decoded);
        if (misplaced) {
            st = voce_error_set(err, VOCE_ERR_MODEL, meta.data,
                                "svm lines must follow the labels' order%s ('%s')",
                                m->nparts ? ", then the parts'" : "", label);
            break;
        }
        voce_buf_reset(&path);
        voce_buf_addf(&path, "%s%s", dir.data ? dir.data : "", file);
        size_t cap = m->nsvm;
        m->svm = voce_xgrow(m->svm, &cap, m->nsvm + 1, sizeof *m->svm);
        st = voce_svm_load(&m->svm[m->nsvm], path.data, dim, err);
        if (st == VOCE_OK)
            st = check_svm_classes(m, m->svm[m->nsvm++], path.data, err);
    }
    if (st == VOCE_OK && m->nsvm != nsvm)
        st = voce_error_set(err, VOCE_ERR_MODEL, meta.data, "expected %zu svm lines, found %zu",
                            nsvm, m->nsvm);
    if (st == VOCE_OK && m->generation[0])
        st = hash_files(m, idf_file[0] ? &idf_hash : NULL, err);
    if (st == VOCE_OK && as_base && !voce_model_intact(m))
        st =
            voce_model_changed_error(m, meta.data, "put it back as it was, or train it again", err);
    if (st == VOCE_OK)
        fuse(m);
out:
    if (r.f.data)
        voce_tsvfile_close(&r.f);
    voce_buf_release(&meta);
    voce_buf_release(&path);
    voce_buf_release(&files);
    voce_buf_release(&dir);
    if (st != VOCE_OK) {
        voce_model_free(m);
        return st;
    }
    *out = m;
    return VOCE_OK;
}

/* A model replaced while it is read: 'voce train' renames the new meta
 * into place, then removes the SVM files of the old one, which a reader of
 * the old meta may not have opened yet. When an SVM file cannot be read
 * and the meta is no longer the file it was, read the new model instead. */
static voce_status load_retrying(voce_model **out, const char *name, bool as_base, voce_error *err)
{
    voce_buf meta = VOCE_BUF_INIT;
    voce_buf_addf(&meta, "%s.meta", name);
    voce_status st;
    for (int attempt = 1;; attempt++) {
        struct stat before, after;
        bool had = stat(meta.data, &before) == 0;
        st = load_once(out, name, as_base, err);
        if (st != VOCE_ERR_IO || attempt == 5 || !had || stat(meta.data, &after) != 0 ||
            (after.st_ino == before.st_ino && after.st_dev == before.st_dev))
            break;
    }
    voce_buf_release(&meta);
    return st;
}

voce_status voce_model_load(voce_model **out, const char *name, voce_error *err)
{
    return load_retrying(out, name, false, err);
}
