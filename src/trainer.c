/* trainer.c -- from labelled texts to a saved, calibrated model.
 *
 * Examples are featurised as they arrive (the texts are not kept). At the
 * end: stratified k-fold cross-validation chooses C from a small grid by
 * macro-F1 (sentiment) or F1 (each topic), averaged over several draws of
 * the folds with --cv-repeats (make_draws); the held-out decision values of
 * the chosen C calibrate the probabilities (Platt scaling, combined by
 * pairwise coupling for more than two classes) and give the reported
 * figures, with the expected calibration error measured cross-fitted (the
 * sigmoids applied to a fold were fitted on the other folds); then one SVM
 * is trained on every example and the model saved atomically. Everything
 * random comes from one seeded generator: the same data and options give a
 * byte-identical model. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate.h"
#include "classifier.h"
#include "config.h"
#include "doc.h"
#include "error.h"
#include "eval.h"
#include "featurize.h"
#include "lexscore.h"
#include "mem.h"
#include "model.h"
#include "svm.h"

enum { MAX_CLASSES = VOCE_MODEL_MAX_LABELS, MAX_TOPICS = 64 };

static const double c_grid[] = {0.03, 0.1, 0.3, 1, 3};

/* The g-th value of C to try: the user's --C ('fixed', when positive) alone,
 * else the grid's; false when done. */
static bool c_to_try(double fixed, size_t g, double *C)
{
    if (fixed > 0) {
        *C = fixed;
        return g == 0;
    }
    if (g >= sizeof c_grid / sizeof *c_grid)
        return false;
    *C = c_grid[g];
    return true;
}

struct voce_trainer {
    const voce_classifier *c;
    voce_train_options opt;
    int lang;
    voce_task task;
    voce_features_config fc;
    voce_doc *doc;
    voce_vec *x;        /* the vectors under fc */
    voce_vec *x_plain;  /* with lexicon features "auto": the vectors without them */
    voce_features_config fc_plain;
    bool try_plain;
    /* With opt.char_weight_auto: the same sets with the character n-grams
     * weighing VOCE_CHAR_WEIGHT_ALT (x_alt, and x_plain_alt if try_plain). */
    voce_vec *x_alt, *x_plain_alt;
    voce_features_config fc_alt, fc_plain_alt;
    bool try_char;
    size_t n, cap;
    int *y;             /* sentiment: class index */
    uint64_t *sets;     /* topic: bit i set when the example has label i */
    char *labels[MAX_CLASSES];
    size_t nlabels;
    uint64_t checksum;  /* of texts and labels, for the model's record */
    voce_solver solver; /* decided when training starts */
    double *gram;       /* libsvm, linear: every dot product, computed once */
    voce_model *base;   /* opt.base_model, loaded */
    uint64_t base_checksum;
    double *base_p;      /* its probabilities, base->nlabels per example */
    uint64_t *text_hash; /* of each example (voce_model_text_hash) */
};

static uint64_t splitmix(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void progress(const voce_trainer *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void progress(const voce_trainer *t, const char *fmt, ...)
{
    if (!t->opt.progress)
        return;
    char line[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    t->opt.progress(t->opt.progress_ctx, line);
}

/* One value of C tried: the first draw's figure, and with several draws
 * their mean, which chooses. */
static void progress_c(const voce_trainer *t, double C, double first, double mean, const char *what)
{
    if (t->opt.cv_repeats > 1)
        progress(t, "C=%g: cross-validated macro-F1 %.4f, %.4f over %u draws%s", C, first, mean,
                 t->opt.cv_repeats, what);
    else
        progress(t, "C=%g: cross-validated macro-F1 %.4f%s", C, first, what);
}

/* Whether folds follow the input's order (--fold-order file). */
static bool folds_in_file_order(const voce_trainer *t)
{
    return t->opt.fold_order && strcmp(t->opt.fold_order, "file") == 0;
}

voce_status voce_trainer_new(voce_trainer **out, const voce_classifier *c,
                             const voce_train_options *opt, voce_error *err)
{
    *out = NULL;
    const char *task = opt->task ? opt->task : "sentiment";
    if (strcmp(task, "sentiment") != 0 && strcmp(task, "topic") != 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "unknown task '%s' (expected sentiment or topic)", task);
    int lang = opt->lang ? voce_lang_index(opt->lang) : -1;
    if (lang < 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "a model needs its language: it or en (got '%s')",
                              opt->lang ? opt->lang : "none");
    if (opt->kernel && strcmp(opt->kernel, "linear") != 0 && strcmp(opt->kernel, "rbf") != 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "unknown kernel '%s' (expected linear or rbf)", opt->kernel);
    if (opt->multiclass && strcmp(opt->multiclass, "ovo") != 0 &&
        strcmp(opt->multiclass, "ovr") != 0 && strcmp(opt->multiclass, "auto") != 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "unknown multiclass scheme '%s' (expected ovo, ovr or auto)",
                              opt->multiclass);
    if (opt->label_parts && strcmp(opt->label_parts, "no") != 0 &&
        strcmp(opt->label_parts, "auto") != 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "label parts must be auto or no, not '%s'", opt->label_parts);
    if (opt->solver && strcmp(opt->solver, "libsvm") != 0 && strcmp(opt->solver, "dcd") != 0 &&
        strcmp(opt->solver, "auto") != 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "unknown solver '%s' (expected libsvm, dcd or auto)", opt->solver);
    if (opt->solver && strcmp(opt->solver, "dcd") == 0 && opt->kernel &&
        strcmp(opt->kernel, "rbf") == 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "the dcd solver trains linear models only");
    if (opt->fold_order && strcmp(opt->fold_order, "shuffled") != 0 &&
        strcmp(opt->fold_order, "file") != 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "unknown fold order '%s' (expected shuffled or file)",
                              opt->fold_order);
    voce_trainer *t = voce_xcalloc(1, sizeof *t);
    t->c = c;
    t->opt = *opt;
    if (!t->opt.folds)
        t->opt.folds = 5;
    if (!t->opt.seed)
        t->opt.seed = 42;
    if (!t->opt.min_examples)
        t->opt.min_examples = 10;
    t->lang = lang;
    t->task = task[0] == 't' ? VOCE_TASK_TOPIC : VOCE_TASK_SENTIMENT;
    voce_features_defaults(&t->fc);
    if (opt->hash_bits)
        t->fc.hash_bits = opt->hash_bits;
    if (opt->word_ngrams)
        t->fc.word_ngrams = opt->word_ngrams;
    if (opt->char_max) {
        t->fc.char_min = opt->char_min ? opt->char_min : 1;
        t->fc.char_max = opt->char_max;
    }
    if (opt->no_char_ngrams)
        t->fc.char_min = t->fc.char_max = 0;
    if (opt->no_char_mentions || !t->fc.char_max)
        t->fc.char_mentions = false;
    if (opt->no_final_separator)
        t->fc.final_separator = false;
    if (opt->char_weight)
        t->fc.char_weight = (float)opt->char_weight;
    const char *lf = opt->lexicon_features ? opt->lexicon_features : "auto";
    if (strcmp(lf, "yes") != 0 && strcmp(lf, "no") != 0 && strcmp(lf, "auto") != 0) {
        free(t);
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "lexicon features must be yes, no or auto, not '%s'", lf);
    }
    const char *idf = opt->idf ? opt->idf : "auto";
    if (strcmp(idf, "yes") != 0 && strcmp(idf, "no") != 0 && strcmp(idf, "auto") != 0) {
        free(t);
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "idf must be yes, no or auto, not '%s'",
                              idf);
    }
    if (opt->min_df > 1000 || (opt->min_df > 1 && strcmp(idf, "no") == 0)) {
        free(t);
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "%s",
                              opt->min_df > 1000
                                  ? "min df must be from 1 to 1000"
                                  : "min df needs idf weighing (idf yes or auto), not idf no");
    }
    t->fc.lexicon = strcmp(lf, "no") != 0;
    t->try_plain = strcmp(lf, "auto") == 0;
    t->fc_plain = t->fc;
    t->fc_plain.lexicon = false;
    t->try_char =
        opt->char_weight_auto && t->fc.char_max && t->fc.char_weight != (float)VOCE_CHAR_WEIGHT_ALT;
    t->fc_alt = t->fc;
    t->fc_alt.char_weight = (float)VOCE_CHAR_WEIGHT_ALT;
    t->fc_plain_alt = t->fc_plain;
    t->fc_plain_alt.char_weight = (float)VOCE_CHAR_WEIGHT_ALT;
    char msg[160];
    if (t->opt.folds < 2 || t->opt.folds > 20) {
        free(t);
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "folds must be from 2 to 20");
    }
    if (!t->opt.cv_repeats)
        t->opt.cv_repeats = 1;
    if (t->opt.cv_repeats > 20 || (t->opt.cv_repeats > 1 && folds_in_file_order(t))) {
        const char *why = t->opt.cv_repeats > 20 ? "cv repeats must be from 1 to 20"
                                                 : "cv repeats need shuffled folds: folds in "
                                                   "file order are the same at every draw";
        free(t);
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "%s", why);
    }
    if (!voce_features_check(&t->fc, msg, sizeof msg)) {
        free(t);
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "%s", msg);
    }
    if (opt->base_model) {
        voce_status st = voce_model_load_base(&t->base, opt->base_model, voce_lang_names[lang],
                                              c->lex[lang]->checksum, c->rules[lang]->checksum,
                                              &t->base_checksum, err);
        if (st != VOCE_OK) {
            free(t);
            return st;
        }
    }
    t->doc = voce_doc_new();
    *out = t;
    return VOCE_OK;
}

void voce_trainer_free(voce_trainer *t)
{
    if (!t)
        return;
    voce_vec *sets[] = {t->x, t->x_plain, t->x_alt, t->x_plain_alt};
    for (size_t k = 0; k < sizeof sets / sizeof *sets; k++) {
        for (size_t i = 0; sets[k] && i < t->n; i++)
            voce_vec_release(&sets[k][i]);
        free(sets[k]);
    }
    free(t->y);
    free(t->sets);
    for (size_t i = 0; i < t->nlabels; i++)
        free(t->labels[i]);
    voce_doc_free(t->doc);
    voce_model_free(t->base);
    free(t->base_p);
    free(t->text_hash);
    free(t);
}

static int label_index(voce_trainer *t, const char *s, size_t len, voce_error *err)
{
    for (size_t i = 0; i < t->nlabels; i++)
        if (strlen(t->labels[i]) == len && memcmp(t->labels[i], s, len) == 0)
            return (int)i;
    size_t max = t->task == VOCE_TASK_TOPIC ? MAX_TOPICS : MAX_CLASSES;
    if (t->nlabels == max) {
        voce_error_set(err, VOCE_ERR_INVALID, NULL, "more than %zu different labels", max);
        return -1;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)s[i] < ' ' || s[i] == 0x7f) {
            voce_error_set(err, VOCE_ERR_INVALID, NULL, "label '%.*s' has a control character",
                           (int)len, s);
            return -1;
        }
    }
    t->labels[t->nlabels] = voce_xstrndup(s, len);
    return (int)t->nlabels++;
}

/* The vector of the example being added (t->doc) under 'fc', appended to
 * 'set', grown first when full (every set has t->cap slots until the
 * example is counted). */
static void add_vector(const voce_trainer *t, voce_vec **set, const voce_features_config *fc)
{
    if (t->n == t->cap) {
        size_t cap = t->cap;
        *set = voce_xgrow(*set, &cap, t->n + 1, sizeof **set);
    }
    voce_vec_init(&(*set)[t->n]);
    voce_features_build(fc, t->doc, VOCE_VEC_SORTED, &(*set)[t->n]);
}

voce_status voce_trainer_add(voce_trainer *t, const char *text, size_t len, const char *labels,
                             voce_error *err)
{
    size_t llen = strlen(labels);
    while (llen && (labels[llen - 1] == ' ' || labels[llen - 1] == '\r'))
        llen--;
    if (llen == 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "empty label");
    uint64_t set = 0;
    int y = -1;
    if (t->task == VOCE_TASK_SENTIMENT) {
        if ((y = label_index(t, labels, llen, err)) < 0)
            return VOCE_ERR_INVALID;
    } else {
        /* "billing:negative|delivery": the labels without their polarity. */
        for (size_t at = 0; at < llen;) {
            size_t n = strcspn(labels + at, "|");
            if (n > llen - at)
                n = llen - at;
            size_t name = n;
            const char *colon = memchr(labels + at, ':', n);
            if (colon)
                name = (size_t)(colon - (labels + at));
            if (name) {
                int i = label_index(t, labels + at, name, err);
                if (i < 0)
                    return VOCE_ERR_INVALID;
                set |= 1ull << i;
            }
            at += n + 1;
        }
    }
    int lang = t->lang;
    voce_analyze(t->c->analyzer, text, len, voce_lang_names[lang], t->doc);
    voce_lexscore_run(t->c->lex[lang], t->c->rules[lang], text, len, t->doc);
    add_vector(t, &t->x, &t->fc);
    if (t->try_plain)
        add_vector(t, &t->x_plain, &t->fc_plain);
    if (t->try_char)
        add_vector(t, &t->x_alt, &t->fc_alt);
    if (t->try_char && t->try_plain)
        add_vector(t, &t->x_plain_alt, &t->fc_plain_alt);
    if (t->n == t->cap) {
        size_t cap = t->cap;
        if (t->task == VOCE_TASK_SENTIMENT)
            t->y = voce_xgrow(t->y, &cap, t->n + 1, sizeof *t->y);
        else
            t->sets = voce_xgrow(t->sets, &cap, t->n + 1, sizeof *t->sets);
        t->text_hash = voce_xrealloc(t->text_hash, cap * sizeof *t->text_hash);
        t->cap = cap;
    }
    t->text_hash[t->n] = voce_model_text_hash(t->doc);
    if (t->base) { /* kept aside: whether to use them is known at the end */
        size_t k = t->base->nlabels, cap = t->n * k;
        double dec[VOCE_MODEL_MAX_DEC];
        t->base_p = voce_xgrow(t->base_p, &cap, (t->n + 1) * k, sizeof *t->base_p);
        voce_model_vector(t->base, t->doc, &t->doc->base_vec);
        voce_model_predict(t->base, &t->doc->base_vec, t->base_p + t->n * k, dec);
    }
    if (t->task == VOCE_TASK_SENTIMENT)
        t->y[t->n] = y;
    else
        t->sets[t->n] = set;
    t->checksum = voce_hash(text, len, t->checksum);
    t->checksum = voce_hash(labels, llen, t->checksum);
    t->n++;
    return VOCE_OK;
}

/* ---- Cross-validation ---------------------------------------------------------- */

/* Stratified folds: each class's examples shuffled, then dealt round-robin;
 * or, in file order, cut into contiguous blocks (the first fifth of each
 * class's examples in the first fold, and so on: scikit-learn's
 * StratifiedKFold without shuffling). Shuffled folds reward what texts of
 * one period share (a news story, a product's name); blocked folds
 * measure what carries over to texts of a period not seen. */
static void make_folds(const voce_trainer *t, const int *cls, int k, uint64_t seed, int *fold)
{
    uint64_t s = seed;
    size_t *idx = voce_xmalloc((t->n ? t->n : 1) * sizeof *idx);
    int deal = 0;
    for (int c = 0; c < k; c++) {
        size_t m = 0;
        for (size_t i = 0; i < t->n; i++)
            if (cls[i] == c)
                idx[m++] = i;
        if (folds_in_file_order(t)) {
            for (size_t i = 0; i < m; i++)
                fold[idx[i]] = (int)(i * t->opt.folds / m);
            continue;
        }
        for (size_t i = m; i > 1; i--) {
            size_t j = (size_t)(splitmix(&s) % i);
            size_t tmp = idx[i - 1];
            idx[i - 1] = idx[j];
            idx[j] = tmp;
        }
        for (size_t i = 0; i < m; i++)
            fold[idx[i]] = deal++ % (int)t->opt.folds;
    }
    free(idx);
}

/* The folds of every draw (--cv-repeats), n per draw: the first with the
 * seed, so that one draw gives the folds it always did; the others each
 * with a seed of its own. C and the configuration are chosen by the mean
 * over the draws (one draw's folds put each example beside a few others:
 * a choice made on 0.003 of macro-F1 can be that draw's luck); the
 * calibration and the reported figures come from the first. */
static int *make_draws(const voce_trainer *t, const int *cls, int k)
{
    int *fold = voce_xmalloc(t->n * t->opt.cv_repeats * sizeof *fold);
    for (unsigned r = 0; r < t->opt.cv_repeats; r++)
        make_folds(t, cls, k, t->opt.seed + r * 0x9e3779b97f4a7c15ull, fold + r * t->n);
    return fold;
}

/* The score configurations are compared by: the model's cross-validated
 * macro-F1, moved by how much the mean over all draws at the chosen C
 * ('mean') differs from the first draw's ('first'). */
static void set_repeated(const voce_trainer *t, voce_model *m, double first, double mean)
{
    m->cv_repeats = t->opt.cv_repeats;
    m->cv_repeated_macro_f1 =
        t->opt.cv_repeats > 1 ? m->cv_macro_f1 + (mean - first) : m->cv_macro_f1;
}

/* Train on every example whose fold is not 'skip' (-1: all), classes from
 * 'y' (k classes), with balanced weights unless switched off. *out is NULL
 * when those examples hold a single class. */
static voce_status train_svm(const voce_trainer *t, const int *y, int k, const int *fold,
                             int skip, double C, voce_svm **out, voce_error *err)
{
    size_t n = 0;
    voce_vec *x = voce_xmalloc((t->n ? t->n : 1) * sizeof *x);
    int *yy = voce_xmalloc((t->n ? t->n : 1) * sizeof *yy);
    size_t *index = voce_xmalloc((t->n ? t->n : 1) * sizeof *index);
    size_t count[MAX_CLASSES] = {0};
    for (size_t i = 0; i < t->n; i++) {
        if (skip >= 0 && fold[i] == skip)
            continue;
        x[n] = t->x[i];
        index[n] = i;
        yy[n++] = y[i];
        count[y[i]]++;
    }
    double weight[MAX_CLASSES];
    int present = 0;
    for (int c = 0; c < k; c++)
        present += count[c] > 0;
    for (int c = 0; c < k; c++)
        weight[c] = count[c] ? (double)n / ((double)present * (double)count[c]) : 1;
    voce_svm_params params = {
        .kernel = t->opt.kernel && strcmp(t->opt.kernel, "rbf") == 0 ? VOCE_KERNEL_RBF
                                                                      : VOCE_KERNEL_LINEAR,
        .solver = t->solver,
        .seed = t->opt.seed,
        .C = C,
        .gamma = t->opt.gamma,
        .class_weight = t->opt.no_class_weights ? NULL : weight,
        .verbose = t->opt.verbose,
    };
    voce_svm_problem p = {n, x, yy, k, t->gram, t->n, index};
    voce_status st = VOCE_OK;
    *out = NULL; /* one class only (a fold without a rare class): nothing to learn */
    if (present >= 2)
        st = voce_svm_train(out, &p, &params, voce_features_dim(&t->fc), err);
    free(x);
    free(yy);
    free(index);
    return st;
}

/* A temporary model wrapping one SVM, to reuse voce_model_decision: for
 * one-vs-rest, the decision towards class 1 (has the label). */
static double oriented(const voce_trainer *t, voce_svm *s, bool ovr, const double *dec, size_t a,
                       size_t b)
{
    voce_model m = {.task = t->task, .nlabels = t->nlabels, .ovr = ovr, .svm = &s, .nsvm = 1};
    return voce_model_decision(&m, dec, 0, a, b);
}

/* Out-of-fold decision values for every example at C: one-vs-one, one per
 * class pair (NAN where a fold's SVM lacks a class); one-vs-rest (ovr, y
 * binary), one towards class 1. */
static voce_status held_out(const voce_trainer *t, const int *y, int k, bool ovr, const int *fold,
                            double C, size_t npairs, double *dec_out, int *vote_out,
                            voce_error *err)
{
    double *dec = voce_xmalloc((size_t)k * (size_t)k * sizeof *dec);
    voce_status st = VOCE_OK;
    for (int f = 0; f < (int)t->opt.folds && st == VOCE_OK; f++) {
        voce_svm *s;
        if ((st = train_svm(t, y, k, fold, f, C, &s, err)) != VOCE_OK)
            break;
        for (size_t i = 0; i < t->n; i++) {
            if (fold[i] != f)
                continue;
            if (!s) {
                vote_out[i] = -1;
                for (size_t q = 0; q < npairs; q++)
                    dec_out[i * npairs + q] = NAN;
                continue;
            }
            vote_out[i] = voce_svm_decide(s, &t->x[i], dec);
            if (ovr) {
                dec_out[i] = oriented(t, s, true, dec, 0, 0);
                continue;
            }
            for (size_t a = 0; a < (size_t)k; a++)
                for (size_t b = a + 1; b < (size_t)k; b++)
                    dec_out[i * npairs + voce_model_pair((size_t)k, a, b)] =
                        oriented(t, s, false, dec, a, b);
        }
        voce_svm_free(s);
    }
    free(dec);
    return st;
}

static double macro_f1(const int *gold, const int *pred, size_t n, int k)
{
    double sum = 0;
    int classes = 0;
    for (int c = 0; c < k; c++) {
        size_t tp = 0, fp = 0, fn = 0;
        for (size_t i = 0; i < n; i++) {
            tp += gold[i] == c && pred[i] == c;
            fp += gold[i] != c && pred[i] == c;
            fn += gold[i] == c && pred[i] != c;
        }
        if (tp + fn == 0)
            continue;
        classes++;
        sum += tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
    }
    return classes ? sum / classes : 0;
}

/* Fit the sigmoid of pair/label 'p' on examples of folds other than 'skip'. */
static void fit_pair(const voce_trainer *t, const int *y, const int *fold, int skip,
                     const double *dec, size_t npairs, size_t p, size_t a, size_t b, double *A,
                     double *B)
{
    double *d = voce_xmalloc((t->n ? t->n : 1) * sizeof *d);
    bool *pos = voce_xmalloc((t->n ? t->n : 1) * sizeof *pos);
    size_t m = 0;
    for (size_t i = 0; i < t->n; i++) {
        if ((skip >= 0 && fold[i] == skip) || isnan(dec[i * npairs + p]))
            continue;
        if (t->task == VOCE_TASK_SENTIMENT && y[i] != (int)a && y[i] != (int)b)
            continue;
        d[m] = dec[i * npairs + p];
        pos[m++] = y[i] == (int)a;
    }
    voce_sigmoid_fit(d, pos, m, A, B);
    free(d);
    free(pos);
}

/* Class probabilities of example i from its held-out decisions. */
static void probabilities(size_t k, const double *dec, const double *A, const double *B,
                          double *p)
{
    double r[VOCE_MODEL_MAX_OVO * VOCE_MODEL_MAX_OVO];
    for (size_t a = 0; a < k; a++) {
        r[a * k + a] = 0;
        for (size_t b = a + 1; b < k; b++) {
            size_t pr = voce_model_pair(k, a, b);
            double q = isnan(dec[pr]) ? 0.5 : voce_sigmoid(dec[pr], A[pr], B[pr]);
            q = fmin(fmax(q, 1e-7), 1 - 1e-7);
            r[a * k + b] = q;
            r[b * k + a] = 1 - q;
        }
    }
    if (k == 2) {
        p[0] = r[1];
        p[1] = 1 - r[1];
    } else {
        voce_couple((int)k, r, p);
    }
}

static voce_status finish_sentiment(voce_trainer *t, voce_model *m, voce_metrics *cv,
                                    voce_error *err)
{
    int k = (int)t->nlabels;
    size_t npairs = (size_t)k * (size_t)(k - 1) / 2;
    if (k < 2)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "all examples have the same label: nothing to learn");
    int *fold = make_draws(t, t->y, k);
    double *dec = voce_xmalloc(t->n * npairs * sizeof *dec);
    double *best_dec = voce_xmalloc(t->n * npairs * sizeof *best_dec);
    int *vote = voce_xmalloc(t->n * sizeof *vote), *best_vote = voce_xmalloc(t->n * sizeof *vote);
    double best_mean = -1, best_f1 = -1, best_c = t->opt.C;
    voce_status st = VOCE_OK;
    double C;
    for (size_t g = 0; st == VOCE_OK && c_to_try(t->opt.C, g, &C); g++) {
        /* The other draws first: the first's decisions stay in dec. */
        double f1 = 0, mean = 0;
        for (unsigned r = t->opt.cv_repeats; r-- > 0 && st == VOCE_OK;) {
            st = held_out(t, t->y, k, false, fold + r * t->n, C, npairs, dec, vote, err);
            f1 = macro_f1(t->y, vote, t->n, k);
            mean += f1 / t->opt.cv_repeats;
        }
        if (st != VOCE_OK)
            break;
        progress_c(t, C, f1, mean, "");
        if (mean > best_mean) {
            best_mean = mean;
            best_f1 = f1;
            best_c = C;
            memcpy(best_dec, dec, t->n * npairs * sizeof *dec);
            memcpy(best_vote, vote, t->n * sizeof *vote);
        }
    }
    m->C = best_c;
    m->cal_a = voce_xmalloc(npairs * sizeof *m->cal_a);
    m->cal_b = voce_xmalloc(npairs * sizeof *m->cal_b);
    m->ncal = npairs;
    if (st == VOCE_OK) {
        /* Cross-fitted probabilities for the reported figures... */
        double *A = voce_xmalloc(npairs * sizeof *A), *B = voce_xmalloc(npairs * sizeof *B);
        double p[MAX_CLASSES];
        voce_metrics *own = cv ? cv : voce_metrics_new(false);
        for (int f = 0; f < (int)t->opt.folds; f++) {
            for (size_t a = 0; a < (size_t)k; a++)
                for (size_t b = a + 1; b < (size_t)k; b++) {
                    size_t pr = voce_model_pair((size_t)k, a, b);
                    fit_pair(t, t->y, fold, f, best_dec, npairs, pr, a, b, &A[pr], &B[pr]);
                }
            for (size_t i = 0; i < t->n; i++) {
                if (fold[i] != f)
                    continue;
                probabilities((size_t)k, best_dec + i * npairs, A, B, p);
                voce_metrics_add(own, t->labels[t->y[i]], t->labels[best_vote[i]],
                                 p[best_vote[i]]);
            }
        }
        m->cv_accuracy = voce_metrics_accuracy(own);
        m->cv_macro_f1 = voce_metrics_macro_f1(own);
        m->cv_ece = voce_metrics_ece(own);
        set_repeated(t, m, best_f1, best_mean);
        if (!cv)
            voce_metrics_free(own);
        free(A);
        free(B);
        /* ...and the model's calibration from every held-out value. */
        for (size_t a = 0; a < (size_t)k; a++)
            for (size_t b = a + 1; b < (size_t)k; b++) {
                size_t pr = voce_model_pair((size_t)k, a, b);
                fit_pair(t, t->y, fold, -1, best_dec, npairs, pr, a, b, &m->cal_a[pr],
                         &m->cal_b[pr]);
            }
        progress(t, "training on all %zu examples with C=%g", t->n, best_c);
        m->svm = voce_xcalloc(1, sizeof *m->svm);
        if ((st = train_svm(t, t->y, k, fold, -1, best_c, &m->svm[0], err)) == VOCE_OK)
            m->nsvm = 1;
    }
    free(fold);
    free(dec);
    free(best_dec);
    free(vote);
    free(best_vote);
    return st;
}

/* Label parts being tried (voce_model part_weight): the model with its
 * parts, weight and temperature, the held-out decisions of each part
 * (n x m->nparts), and where to put each example's scores (n x k), if
 * anywhere. */
typedef struct parts_try {
    const voce_model *m;
    const double *dec;
    double *scores;
} parts_try;

/* 1 for the examples of one-vs-rest SVM 'l' of 'm', else 0: label l, or
 * beyond the labels, part l - nlabels. */
static void ovr_members(const voce_trainer *t, const voce_model *m, size_t l, int *y)
{
    size_t q = l - m->nlabels;
    for (size_t i = 0; i < t->n; i++)
        y[i] =
            l < m->nlabels ? t->y[i] == (int)l : m->parent[t->y[i]] == q || m->child[t->y[i]] == q;
}

/* The cross-fitted labels of one-vs-rest held-out decisions 'dec' (n x k):
 * for each fold, a sigmoid per class fitted on the other folds, and each
 * held-out example labelled by its most probable class, as the model will
 * label texts (weighed by its parts when 'parts' is given). Adds them to
 * 'into' when given; returns their macro-F1. */
static double ovr_crossfit(const voce_trainer *t, const double *dec, const int *fold, size_t k,
                           const parts_try *parts, int *y, int *pred, voce_metrics *into)
{
    size_t n = t->n, np = parts ? parts->m->nparts : 0;
    double *A = voce_xmalloc((k + np) * sizeof *A), *B = voce_xmalloc((k + np) * sizeof *B);
    double *p = voce_xmalloc(k * sizeof *p), *pp = voce_xmalloc((np + 1) * sizeof *pp);
    for (int f = 0; f < (int)t->opt.folds; f++) {
        for (size_t l = 0; l < k; l++) {
            for (size_t i = 0; i < n; i++)
                y[i] = t->y[i] == (int)l;
            fit_pair(t, y, fold, f, dec, k, l, 1, 0, &A[l], &B[l]);
        }
        for (size_t q = 0; q < np; q++) {
            ovr_members(t, parts->m, k + q, y);
            fit_pair(t, y, fold, f, parts->dec, np, q, 1, 0, &A[k + q], &B[k + q]);
        }
        for (size_t i = 0; i < n; i++) {
            if (fold[i] != f)
                continue;
            double sum = 0, best_p = -1;
            size_t b = 0;
            for (size_t l = 0; l < k; l++) {
                p[l] = isinf(dec[i * k + l]) ? 0 : voce_sigmoid(dec[i * k + l], A[l], B[l]);
                sum += p[l];
                if (p[l] > best_p) {
                    best_p = p[l];
                    b = l;
                }
            }
            if (np) {
                for (size_t q = 0; q < np; q++) {
                    double d = parts->dec[i * np + q];
                    pp[q] = isinf(d) ? 0 : voce_sigmoid(d, A[k + q], B[k + q]);
                }
                b = (size_t)voce_model_weigh_parts(parts->m, p, pp,
                                                   parts->scores ? parts->scores + i * k : NULL);
                best_p = p[b];
                sum = 1;
            }
            pred[i] = (int)b;
            if (into)
                voce_metrics_add(into, t->labels[t->y[i]], t->labels[b],
                                 sum > 0 ? best_p / sum : 0);
        }
    }
    free(A);
    free(B);
    free(p);
    free(pp);
    return macro_f1(t->y, pred, n, (int)k);
}

/* With labels written PARENT#CHILD (voce_model_find_parts): the held-out
 * decisions of a one-vs-rest SVM per part at C, and the weight of the parts
 * that cross-validates best, if it beats 'f1', the labels' alone. Sets
 * m->part_weight, and *part_dec (n x m->nparts) when the parts are kept. */
static voce_status try_parts(voce_trainer *t, voce_model *m, const double *dec, const int *fold,
                             double C, double f1, double **part_dec, voce_error *err)
{
    static const double weights[] = {1, 2, 4, 8};
    *part_dec = NULL;
    if ((t->opt.label_parts && strcmp(t->opt.label_parts, "no") == 0) || !voce_model_find_parts(m))
        return VOCE_OK;
    size_t n = t->n, np = m->nparts, k = t->nlabels;
    int *y = voce_xmalloc(n * sizeof *y), *vote = voce_xmalloc(n * sizeof *vote);
    int *pred = voce_xmalloc(n * sizeof *pred);
    double *one = voce_xmalloc(n * sizeof *one), *pd = voce_xmalloc(n * np * sizeof *pd);
    voce_status st = VOCE_OK;
    for (size_t q = 0; q < np && st == VOCE_OK; q++) {
        ovr_members(t, m, k + q, y);
        st = held_out(t, y, 2, true, fold, C, 1, one, vote, err);
        for (size_t i = 0; i < n; i++)
            pd[i * np + q] = isnan(one[i]) ? -INFINITY : one[i];
    }
    double best = 0;
    parts_try parts = {m, pd, NULL};
    m->part_temperature = 1;
    for (size_t w = 0; w < sizeof weights / sizeof *weights && st == VOCE_OK; w++) {
        m->part_weight = weights[w];
        double f = ovr_crossfit(t, dec, fold, k, &parts, y, pred, NULL);
        progress(t,
                 "with the labels' %zu parts (PARENT#CHILD) weighing %g: "
                 "cross-validated macro-F1 %.4f",
                 np, weights[w], f);
        if (f > f1) {
            f1 = f;
            best = weights[w];
        }
    }
    m->part_weight = best;
    if (st == VOCE_OK && best > 0) {
        /* A score sums 1 + 2 weight log-probabilities: too sure a
         * distribution until tempered. */
        parts.scores = voce_xmalloc(n * k * sizeof *parts.scores);
        ovr_crossfit(t, dec, fold, k, &parts, y, pred, NULL);
        m->part_temperature = voce_temperature_fit(parts.scores, t->y, n, k);
        free(parts.scores);
    }
    free(y);
    free(vote);
    free(pred);
    free(one);
    if (st == VOCE_OK && best > 0) {
        *part_dec = pd;
        return VOCE_OK;
    }
    free(pd);
    voce_model_drop_parts(m);
    return st;
}

/* One-vs-rest for a single-label task: one binary SVM per class, and the
 * label the most probable class after calibration. One C for all, chosen
 * by the cross-validated macro-F1 of that same rule (ovr_crossfit), so the
 * choice is made on what the model will do. Better than one-vs-one when
 * there are many classes, some with few examples. */
static voce_status finish_ovr(voce_trainer *t, voce_model *m, voce_metrics *cv, voce_error *err)
{
    size_t k = t->nlabels, n = t->n;
    int *fold = make_draws(t, t->y, (int)k), *y = voce_xmalloc(n * sizeof *y);
    int *vote = voce_xmalloc(n * sizeof *vote), *pred = voce_xmalloc(n * sizeof *pred);
    double *one = voce_xmalloc(n * sizeof *one);
    double *dec = voce_xmalloc(n * k * sizeof *dec), *best_dec = voce_xmalloc(n * k * sizeof *dec);
    double best_mean = -1, best_f1 = -1, best_c = t->opt.C;
    voce_status st = VOCE_OK;
    double C;
    for (size_t g = 0; st == VOCE_OK && c_to_try(t->opt.C, g, &C); g++) {
        /* The other draws first: the first's decisions stay in dec. */
        double f1 = 0, mean = 0;
        for (unsigned r = t->opt.cv_repeats; r-- > 0 && st == VOCE_OK;) {
            const int *draw = fold + r * n;
            for (size_t l = 0; l < k && st == VOCE_OK; l++) {
                for (size_t i = 0; i < n; i++)
                    y[i] = t->y[i] == (int)l;
                st = held_out(t, y, 2, true, draw, C, 1, one, vote, err);
                for (size_t i = 0; i < n; i++)
                    dec[i * k + l] = isnan(one[i]) ? -INFINITY : one[i];
            }
            if (st == VOCE_OK) {
                f1 = ovr_crossfit(t, dec, draw, k, NULL, y, pred, NULL);
                mean += f1 / t->opt.cv_repeats;
            }
        }
        if (st != VOCE_OK)
            break;
        progress_c(t, C, f1, mean, " (one-vs-rest)");
        if (mean > best_mean) {
            best_mean = mean;
            best_f1 = f1;
            best_c = C;
            memcpy(best_dec, dec, n * k * sizeof *dec);
        }
    }
    m->C = best_c;
    double *part_dec = NULL;
    if (st == VOCE_OK)
        st = try_parts(t, m, best_dec, fold, best_c, best_f1, &part_dec, err);
    size_t np = m->nparts;
    m->cal_a = voce_xcalloc(k + np, sizeof *m->cal_a);
    m->cal_b = voce_xcalloc(k + np, sizeof *m->cal_b);
    m->ncal = k + np;
    m->svm = voce_xcalloc(k + np, sizeof *m->svm);
    if (st == VOCE_OK) {
        /* The model's calibration: sigmoids fitted on every fold. */
        for (size_t l = 0; l < k + np; l++) {
            ovr_members(t, m, l, y);
            if (l < k)
                fit_pair(t, y, fold, -1, best_dec, k, l, 1, 0, &m->cal_a[l], &m->cal_b[l]);
            else
                fit_pair(t, y, fold, -1, part_dec, np, l - k, 1, 0, &m->cal_a[l], &m->cal_b[l]);
        }
        parts_try parts = {m, part_dec, NULL};
        voce_metrics *own = cv ? cv : voce_metrics_new(false);
        ovr_crossfit(t, best_dec, fold, k, np ? &parts : NULL, y, pred, own);
        m->cv_accuracy = voce_metrics_accuracy(own);
        m->cv_macro_f1 = voce_metrics_macro_f1(own);
        m->cv_ece = voce_metrics_ece(own);
        set_repeated(t, m, best_f1, best_mean);
        if (!cv)
            voce_metrics_free(own);
        progress(t, "training %zu one-vs-rest SVMs on all %zu examples with C=%g", k + np, n,
                 best_c);
        for (size_t l = 0; l < k + np && st == VOCE_OK; l++) {
            ovr_members(t, m, l, y);
            if ((st = train_svm(t, y, 2, fold, -1, best_c, &m->svm[l], err)) == VOCE_OK)
                m->nsvm++;
        }
    }
    free(part_dec);
    free(fold);
    free(y);
    free(vote);
    free(pred);
    free(one);
    free(dec);
    free(best_dec);
    return st;
}

/* Each example's gold and cross-fitted topics ('pred', a bit per label)
 * into 'into'. */
static void add_topic_sets(const voce_trainer *t, const size_t *order, size_t nkeep,
                           const uint64_t *pred, voce_metrics *into)
{
    voce_buf g = VOCE_BUF_INIT, p = VOCE_BUF_INIT;
    for (size_t i = 0; i < t->n; i++) {
        voce_buf_reset(&g);
        voce_buf_reset(&p);
        voce_buf_add(&g, "", 0);
        voce_buf_add(&p, "", 0);
        for (size_t l = 0; l < nkeep; l++) {
            size_t li = order[l];
            if ((t->sets[i] >> li) & 1)
                voce_buf_addf(&g, "%s%s", g.len ? "|" : "", t->labels[li]);
            if ((pred[i] >> li) & 1)
                voce_buf_addf(&p, "%s%s", p.len ? "|" : "", t->labels[li]);
        }
        voce_metrics_add(into, g.data, p.data, -1);
    }
    voce_buf_release(&g);
    voce_buf_release(&p);
}

/* F1 of the held-out decisions 'dec' towards label 'y'. */
static double binary_f1(const int *y, const double *dec, size_t n)
{
    size_t tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < n; i++) {
        bool said = dec[i] > 0;
        tp += said && y[i];
        fp += said && !y[i];
        fn += !said && y[i];
    }
    return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
}

static voce_status finish_topic(voce_trainer *t, voce_model *m, voce_metrics *cv,
                                voce_error *err)
{
    /* Labels with enough examples, in name order. */
    size_t order[MAX_TOPICS], nkeep = 0;
    for (size_t i = 0; i < t->nlabels; i++) {
        size_t count = 0;
        for (size_t j = 0; j < t->n; j++)
            count += (t->sets[j] >> i) & 1;
        if (count >= t->opt.min_examples && count < t->n)
            order[nkeep++] = i;
        else
            progress(t, "label '%s': %zu examples, no classifier", t->labels[i], count);
    }
    for (size_t i = 1; i < nkeep; i++)
        for (size_t j = i; j > 0 && strcmp(t->labels[order[j - 1]], t->labels[order[j]]) > 0; j--) {
            size_t tmp = order[j];
            order[j] = order[j - 1];
            order[j - 1] = tmp;
        }
    if (nkeep == 0)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "no label has %zu or more examples (and some without it)",
                              t->opt.min_examples);
    m->labels = voce_xcalloc(nkeep, sizeof *m->labels);
    m->svm = voce_xcalloc(nkeep, sizeof *m->svm);
    m->cal_a = voce_xcalloc(nkeep, sizeof *m->cal_a);
    m->cal_b = voce_xcalloc(nkeep, sizeof *m->cal_b);
    m->ncal = nkeep;
    size_t n = t->n, draws = t->opt.cv_repeats;
    int *y = voce_xmalloc(n * sizeof *y), *fold = NULL;
    int *vote = voce_xmalloc(n * sizeof *vote);
    double *dec = voce_xmalloc(n * draws * sizeof *dec);
    double *best_dec = voce_xmalloc(n * draws * sizeof *dec);
    /* Cross-fitted predictions of every kept label in each draw, for the
     * figures. */
    uint64_t *pred = voce_xcalloc(n * draws, sizeof *pred);
    voce_status st = VOCE_OK;
    for (size_t l = 0; l < nkeep && st == VOCE_OK; l++) {
        size_t li = order[l];
        m->labels[l] = voce_xstrdup(t->labels[li]);
        for (size_t i = 0; i < n; i++)
            y[i] = (int)((t->sets[i] >> li) & 1);
        free(fold);
        fold = make_draws(t, y, 2);
        double best_mean = -1, best_f1 = -1, best_c = t->opt.C;
        double C;
        for (size_t g = 0; st == VOCE_OK && c_to_try(t->opt.C, g, &C); g++) {
            double f1 = 0, mean = 0;
            for (size_t r = draws; r-- > 0 && st == VOCE_OK;) {
                st = held_out(t, y, 2, true, fold + r * n, C, 1, dec + r * n, vote, err);
                f1 = binary_f1(y, dec + r * n, n);
                mean += f1 / (double)draws;
            }
            if (st != VOCE_OK)
                break;
            if (mean > best_mean) {
                best_mean = mean;
                best_f1 = f1;
                best_c = C;
                memcpy(best_dec, dec, n * draws * sizeof *dec);
            }
        }
        if (st != VOCE_OK)
            break;
        if (draws > 1)
            progress(t, "topic '%s': C=%g, cross-validated F1 %.4f, %.4f over %zu draws",
                     m->labels[l], best_c, best_f1, best_mean, draws);
        else
            progress(t, "topic '%s': C=%g, cross-validated F1 %.4f", m->labels[l], best_c, best_f1);
        for (size_t r = 0; r < draws; r++) {
            const int *draw = fold + r * n;
            for (int f = 0; f < (int)t->opt.folds; f++) {
                double A, B;
                fit_pair(t, y, draw, f, best_dec + r * n, 1, 0, 1, 0, &A, &B);
                for (size_t i = 0; i < n; i++)
                    if (draw[i] == f && voce_sigmoid(best_dec[r * n + i], A, B) >= 0.5)
                        pred[r * n + i] |= 1ull << li;
            }
        }
        fit_pair(t, y, fold, -1, best_dec, 1, 0, 1, 0, &m->cal_a[l], &m->cal_b[l]);
        if ((st = train_svm(t, y, 2, fold, -1, best_c, &m->svm[l], err)) == VOCE_OK)
            m->nsvm++;
        if (l == 0)
            m->C = best_c;
        else if (best_c != m->C)
            m->C = -1; /* chosen per label: see the progress lines */
    }
    m->nlabels = nkeep;
    if (st == VOCE_OK) {
        voce_metrics *own = cv ? cv : voce_metrics_new(true);
        add_topic_sets(t, order, nkeep, pred, own);
        m->cv_accuracy = voce_metrics_accuracy(own);
        m->cv_macro_f1 = voce_metrics_macro_f1(own);
        m->cv_ece = -1;
        if (!cv)
            voce_metrics_free(own);
        double mean = m->cv_macro_f1 / (double)draws;
        for (size_t r = 1; r < draws; r++) {
            voce_metrics *other = voce_metrics_new(true);
            add_topic_sets(t, order, nkeep, pred + r * n, other);
            mean += voce_metrics_macro_f1(other) / (double)draws;
            voce_metrics_free(other);
        }
        set_repeated(t, m, m->cv_macro_f1, mean);
    }
    free(y);
    free(fold);
    free(vote);
    free(dec);
    free(best_dec);
    free(pred);
    return st;
}

/* Inverse document frequencies of the hashed features of t->x, smoothed as
 * ln((1 + n) / (1 + df)) + 1; 0 for a feature in fewer than min_df training
 * texts (at least: none has it), so it weighs nothing at prediction either.
 * t->x is replaced by weighed copies; *plain gets the unweighed vectors back
 * for restore_vectors(). */
static float *fit_idf(voce_trainer *t, unsigned min_df, voce_vec **plain)
{
    uint32_t dim = voce_features_dim(&t->fc), dense = voce_features_dense();
    uint32_t *df = voce_xcalloc((size_t)dim + 1, sizeof *df);
    for (size_t i = 0; i < t->n; i++)
        for (size_t f = 0; f < t->x[i].n; f++)
            df[t->x[i].idx[f]]++;
    float *idf = voce_xcalloc((size_t)dim + 1, sizeof *idf);
    uint32_t hashed = dim - t->fc.base_labels;
    for (uint32_t j = dense + 1; j <= hashed; j++)
        if (df[j] >= min_df) /* min_df >= 1: a feature no text has stays 0 */
            idf[j] = (float)(log((1.0 + (double)t->n) / (1.0 + df[j])) + 1.0);
    for (uint32_t j = hashed + 1; j <= dim; j++)
        idf[j] = 1; /* a base model's probabilities keep their values */
    free(df);
    voce_vec *x = voce_xmalloc((t->n ? t->n : 1) * sizeof *x);
    for (size_t i = 0; i < t->n; i++) {
        x[i].n = x[i].cap = t->x[i].n;
        x[i].idx = voce_xmalloc((x[i].n ? x[i].n : 1) * sizeof *x[i].idx);
        x[i].val = voce_xmalloc((x[i].n ? x[i].n : 1) * sizeof *x[i].val);
        memcpy(x[i].idx, t->x[i].idx, x[i].n * sizeof *x[i].idx);
        memcpy(x[i].val, t->x[i].val, x[i].n * sizeof *x[i].val);
        voce_vec_apply_idf(&x[i], idf);
    }
    *plain = t->x;
    t->x = x;
    return idf;
}

/* How the features are weighed, for progress lines. */
static const char *idf_name(unsigned min_df, char buf[48])
{
    if (!min_df)
        return "without idf";
    if (min_df == 1)
        return "with idf";
    snprintf(buf, 48, "with idf, min df %u", min_df);
    return buf;
}

static void restore_vectors(voce_trainer *t, voce_vec *plain)
{
    for (size_t i = 0; i < t->n; i++)
        voce_vec_release(&t->x[i]);
    free(t->x);
    t->x = plain;
}

/* Whether a label set is a sentiment one: positive and negative in it. */
static bool polar_labels(const voce_trainer *t)
{
    bool pos = false, neg = false;
    for (size_t i = 0; i < t->nlabels; i++) {
        pos |= strcmp(t->labels[i], "positive") == 0;
        neg |= strcmp(t->labels[i], "negative") == 0;
    }
    return pos && neg;
}

/* Append the base model's probabilities to the vectors of 'fc'. */
static void append_base(voce_trainer *t, voce_vec *x, voce_features_config *fc)
{
    size_t k = t->base->nlabels;
    fc->base_labels = (unsigned)k;
    for (size_t i = 0; i < t->n; i++)
        voce_vec_append_base(&x[i], fc, t->base_p + i * k);
}

/* Let the base model go, saying why. */
static void drop_base(voce_trainer *t, const char *why)
{
    progress(t, "base model not used: %s", why);
    voce_model_free(t->base);
    t->base = NULL;
}

/* With opt.base_model. A base model trained on these texts is refused, or
 * in opt.base_if_polar mode let go. Otherwise, in that mode, *offer says
 * whether cross-validation is to try it (the labels are sentiment ones);
 * else its probabilities are appended to every vector now. */
static voce_status use_base(voce_trainer *t, bool *offer, voce_error *err)
{
    *offer = false;
    if (!t->base)
        return VOCE_OK;
    /* A base model is only as good on new texts as its cross-validation
     * says; on its own training texts it is better than that, and a model
     * trained on them would lean on it more than it deserves. */
    size_t both;
    voce_status st = voce_model_count_seen(t->base, t->text_hash, t->n, &both, err);
    if (st != VOCE_OK && t->opt.base_if_polar) { /* offered, not asked for: go without */
        drop_base(t, "its training texts cannot be read");
        return VOCE_OK;
    }
    if (st != VOCE_OK)
        return st;
    /* More than 5%: a few short answers ("ok", "tutto perfetto") recur in
     * any two corpora and say nothing of a leak. */
    if (both * 20 > t->n) {
        char why[160];
        snprintf(why, sizeof why, "it was trained on %zu of these %zu texts", both, t->n);
        if (!t->opt.base_if_polar)
            return voce_error_set(err, VOCE_ERR_INVALID, t->opt.base_model,
                                  "not a base for these records: %s (choose a base model "
                                  "trained on other texts, or none)",
                                  why);
        drop_base(t, why);
        return VOCE_OK;
    }
    if (t->opt.base_if_polar) {
        if (t->task == VOCE_TASK_SENTIMENT && polar_labels(t))
            *offer = true;
        else
            drop_base(t, "the labels are not positive, negative...");
        return VOCE_OK;
    }
    append_base(t, t->x, &t->fc);
    if (t->try_plain)
        append_base(t, t->x_plain, &t->fc_plain);
    if (t->try_char)
        append_base(t, t->x_alt, &t->fc_alt);
    if (t->try_char && t->try_plain)
        append_base(t, t->x_plain_alt, &t->fc_plain_alt);
    progress(t, "base model: its %zu probabilities are features", t->base->nlabels);
    return VOCE_OK;
}

static voce_status finish_config(voce_trainer *t, unsigned min_df, voce_model **out,
                                 voce_metrics *cv, voce_error *err);

/* Exchange two vector sets and their configurations. */
static void swap_sets(voce_vec **xa, voce_features_config *fa, voce_vec **xb,
                      voce_features_config *fb)
{
    voce_vec *x = *xa;
    *xa = *xb;
    *xb = x;
    voce_features_config fc = *fa;
    *fa = *fb;
    *fb = fc;
}

/* Make the vectors with lexicon features the current ones if they are not,
 * or those without if they are (with lexicon features "auto"). The other
 * character weight's sets follow, so that x_alt stays x's twin. */
static void swap_lexicon_sets(voce_trainer *t)
{
    swap_sets(&t->x, &t->fc, &t->x_plain, &t->fc_plain);
    swap_sets(&t->x_alt, &t->fc_alt, &t->x_plain_alt, &t->fc_plain_alt);
}

/* Cross-validate the weighing of '*best' again on the current vectors (changed
 * by the caller), and make the result *best if it does better: *kept says
 * whether it did. */
static voce_status retry_best(voce_trainer *t, voce_model **best, voce_metrics *cv, bool *kept,
                              voce_error *err)
{
    voce_metrics *own = voce_metrics_new(t->task == VOCE_TASK_TOPIC);
    voce_model *m;
    voce_status st = finish_config(t, (*best)->idf ? (*best)->idf_min_df : 0, &m, own, err);
    *kept = st == VOCE_OK && m->cv_repeated_macro_f1 > (*best)->cv_repeated_macro_f1;
    if (*kept) {
        voce_model_free(*best);
        *best = m;
        if (cv)
            voce_metrics_take(cv, own);
    } else if (st == VOCE_OK) {
        voce_model_free(m);
    }
    voce_metrics_free(own);
    return st;
}

/* Make the vectors with the other character weight the current ones (with
 * opt.char_weight_auto), both with and without lexicon features. */
static void swap_char_sets(voce_trainer *t)
{
    swap_sets(&t->x, &t->fc, &t->x_alt, &t->fc_alt);
    swap_sets(&t->x_plain, &t->fc_plain, &t->x_plain_alt, &t->fc_plain_alt);
}

/* Cross-validate the chosen configuration '*best' again with the other
 * character weight, and keep whichever does better; the current vectors
 * are then those of the one kept. */
static voce_status try_char(voce_trainer *t, voce_model **best, voce_metrics *cv, voce_error *err)
{
    if ((*best)->fc.lexicon != t->fc.lexicon) /* the chosen vectors */
        swap_lexicon_sets(t);
    swap_char_sets(t);
    progress(t, "the same with character n-grams weighing %g:", (double)t->fc.char_weight);
    bool kept;
    voce_status st = retry_best(t, best, cv, &kept, err);
    if (!kept)
        swap_char_sets(t);
    return st;
}

/* Cross-validate the chosen configuration '*best' again with the base
 * model's probabilities as features, and keep whichever does better. */
static voce_status try_base(voce_trainer *t, voce_model **best, voce_metrics *cv, voce_error *err)
{
    if ((*best)->fc.lexicon != t->fc.lexicon) /* the chosen vectors */
        swap_lexicon_sets(t);
    append_base(t, t->x, &t->fc);
    progress(t, "the same with the base model's %zu probabilities:", t->base->nlabels);
    bool kept;
    return retry_best(t, best, cv, &kept, err);
}

/* Cross-validate, calibrate and train one model on the current vectors
 * (t->x under t->fc) into *out. */
static voce_status finish_config(voce_trainer *t, unsigned min_df, voce_model **out,
                                 voce_metrics *cv, voce_error *err)
{
    voce_vec *plain = NULL;
    float *idf = min_df ? fit_idf(t, min_df, &plain) : NULL;
    bool linear = !(t->opt.kernel && strcmp(t->opt.kernel, "rbf") == 0);
    if (t->solver == VOCE_SOLVER_LIBSVM && linear &&
        (double)t->n * (double)t->n * sizeof(double) <= VOCE_GRAM_MAX_BYTES) {
        /* Every training of the grid and the folds needs dot products of
         * the same vectors: compute them once. */
        t->gram = voce_svm_gram(t->x, t->n, voce_features_dim(&t->fc));
        progress(t, "dot products computed");
    }
    voce_model *m = voce_xcalloc(1, sizeof *m);
    m->task = t->task;
    m->solver = t->solver;
    snprintf(m->lang, sizeof m->lang, "%s", voce_lang_names[t->lang]);
    m->fc = t->fc;
    m->idf = idf;
    m->idf_min_df = idf ? min_df : 0;
    m->lexicon_checksum = t->c->lex[t->lang]->checksum;
    m->rules_checksum = t->c->rules[t->lang]->checksum;
    m->lexicon_scorer = VOCE_LEXICON_SCORER;
    m->kernel = linear ? VOCE_KERNEL_LINEAR : VOCE_KERNEL_RBF;
    m->gamma = t->opt.gamma;
    m->class_weights = !t->opt.no_class_weights;
    m->seed = t->opt.seed;
    m->train_records = t->n;
    m->train_checksum = t->checksum;
    m->folds = t->opt.folds;
    m->folds_in_file_order = folds_in_file_order(t);
    voce_status st;
    if (t->task == VOCE_TASK_SENTIMENT) {
        m->labels = voce_xcalloc(t->nlabels, sizeof *m->labels);
        for (size_t i = 0; i < t->nlabels; i++)
            m->labels[i] = voce_xstrdup(t->labels[i]);
        m->nlabels = t->nlabels;
        const char *mc = t->opt.multiclass ? t->opt.multiclass : "auto";
        m->ovr = strcmp(mc, "ovr") == 0 || t->nlabels > VOCE_MODEL_MAX_OVO ||
                 (strcmp(mc, "auto") == 0 && t->nlabels > 4);
        st = m->ovr ? finish_ovr(t, m, cv, err) : finish_sentiment(t, m, cv, err);
    } else {
        m->ovr = true;
        st = finish_topic(t, m, cv, err);
    }
    free(t->gram);
    t->gram = NULL;
    if (plain)
        restore_vectors(t, plain);
    if (st != VOCE_OK) {
        voce_model_free(m);
        m = NULL;
    }
    *out = m;
    return st;
}

voce_status voce_trainer_finish(voce_trainer *t, const char *name, voce_metrics *cv,
                                voce_error *err)
{
    if (t->n < 2 * (size_t)t->opt.folds)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "%zu examples are too few for %u-fold cross-validation", t->n,
                              t->opt.folds);
    bool dcd = t->opt.solver ? strcmp(t->opt.solver, "dcd") == 0 : false;
    if (!t->opt.solver || strcmp(t->opt.solver, "auto") == 0)
        dcd = t->n >= VOCE_DCD_FROM && !(t->opt.kernel && strcmp(t->opt.kernel, "rbf") == 0);
    t->solver = dcd ? VOCE_SOLVER_DCD : VOCE_SOLVER_LIBSVM;
    progress(t, "%zu examples: training with %s", t->n, dcd ? "dcd" : "libsvm");
    bool offer_base;
    voce_status st = use_base(t, &offer_base, err);
    if (st != VOCE_OK)
        return st;
    /* One model per feature set to try; cross-validation picks one. */
    voce_model *best = NULL;
    const char *idf_opt = t->opt.idf ? t->opt.idf : "auto";
    bool idf_auto = strcmp(idf_opt, "auto") == 0, idf_yes = strcmp(idf_opt, "yes") == 0;
    for (int plain = 0; plain <= (t->try_plain ? 1 : 0) && st == VOCE_OK; plain++) {
        if (plain) /* train on the vectors without lexicon features */
            swap_lexicon_sets(t);
        /* The weighings to try: 0 none, else TF-IDF without the features of
         * fewer than that many training texts. */
        unsigned weighing[2], nw = 0;
        if (idf_auto || !idf_yes)
            weighing[nw++] = 0;
        if (idf_auto || idf_yes)
            weighing[nw++] = t->opt.min_df ? t->opt.min_df : 1;
        for (unsigned w = 0; w < nw && st == VOCE_OK; w++) {
            voce_metrics *own = voce_metrics_new(t->task == VOCE_TASK_TOPIC);
            voce_model *m;
            char how[48];
            progress(t, "%s lexicon features, %s:", t->fc.lexicon ? "with" : "without",
                     idf_name(weighing[w], how));
            st = finish_config(t, weighing[w], &m, own, err);
            if (st == VOCE_OK && (!best || m->cv_repeated_macro_f1 > best->cv_repeated_macro_f1)) {
                voce_model_free(best);
                best = m;
                if (cv)
                    voce_metrics_take(cv, own);
            } else if (st == VOCE_OK) {
                voce_model_free(m);
            }
            voce_metrics_free(own);
        }
    }
    if (st == VOCE_OK && best && t->try_char)
        st = try_char(t, &best, cv, err);
    if (st == VOCE_OK && best && offer_base)
        st = try_base(t, &best, cv, err);
    char how[48], weight[48] = "", parts[48] = "", draws[64] = "";
    if (best && (t->try_char || best->fc.char_weight != (float)VOCE_CHAR_BLOCK))
        snprintf(weight, sizeof weight, ", character n-grams weighing %g",
                 (double)best->fc.char_weight);
    if (best && best->nparts)
        snprintf(parts, sizeof parts, ", the labels' parts weighing %g", best->part_weight);
    if (best && best->cv_repeats > 1)
        snprintf(draws, sizeof draws, ", %.4f over %zu draws", best->cv_repeated_macro_f1,
                 best->cv_repeats);
    if (best)
        progress(t, "chosen: %s lexicon features, %s%s%s%s (cross-validated macro-F1 %.4f%s)",
                 best->fc.lexicon ? "with" : "without",
                 idf_name(best->idf ? best->idf_min_df : 0, how), weight, parts,
                 best->fc.base_labels ? ", with the base model" : "", best->cv_macro_f1, draws);
    if (st == VOCE_OK && best)
        voce_model_keep_texts(best, t->text_hash, t->n);
    if (st == VOCE_OK && best && best->fc.base_labels) {
        best->base_checksum = t->base_checksum;
        if (!(best->base_path = voce_model_base_path(name, t->opt.base_model, err)))
            st = VOCE_ERR_IO;
    }
    if (st == VOCE_OK)
        st = voce_model_save(best, name, err);
    voce_model_free(best);
    return st;
}

