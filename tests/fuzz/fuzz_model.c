/* fuzz_model.c -- the model loader: a .meta file and the files it names
 * (libsvm models, TF-IDF weights), through voce_model_load(), and one
 * libsvm file on its own through voce_svm_load().
 *
 * An input is the meta, then each file after a line "--- svm": m.model,
 * m1.model, m2.model, m3.model, then m.idf. A model
 * that loads is used to predict, with the scratch sizes the classifier
 * gives (voce_doc), so a model promising more classes than it can hold is
 * caught. A model that does not load must say where and what. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "featurize.h"
#include "fuzz_util.h"
#include "model.h"
#include "svm.h"

enum { MAX_LABELS = 64, MAX_PAIRS = 64 * 63 / 2 }; /* as in doc.h */

static const char *const svm_names[] = {"m.model", "m1.model", "m2.model", "m3.model", "m.idf"};
enum { NFILES = sizeof svm_names / sizeof *svm_names };

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    fuzz_dir();
    return 0;
}

/* A vector of the features 1, 3, 7, ... below 'dim', and the last ones. */
static void test_vector(uint32_t dim, voce_vec *v)
{
    voce_vec_init(v);
    size_t cap = 64;
    v->idx = malloc(cap * sizeof *v->idx);
    v->val = malloc(cap * sizeof *v->val);
    v->cap = cap;
    for (uint32_t i = 1; i <= dim && v->n < cap; i = 2 * i + 1) {
        v->idx[v->n] = i;
        v->val[v->n++] = 0.25f;
    }
    if (v->n < cap && (v->n == 0 || v->idx[v->n - 1] < dim)) {
        v->idx[v->n] = dim;
        v->val[v->n++] = 0.5f;
    }
}

static void predict(const voce_model *m)
{
    FUZZ_CHECK(m->nlabels >= 1 && m->nlabels <= MAX_LABELS);
    FUZZ_CHECK(m->nsvm >= 1);
    double *prob = malloc(MAX_LABELS * sizeof *prob);
    double *dec = malloc(MAX_PAIRS * sizeof *dec);
    voce_vec v;
    test_vector(voce_features_dim(&m->fc), &v);
    int best = voce_model_predict(m, &v, prob, dec);
    if (m->task == VOCE_TASK_SENTIMENT)
        FUZZ_CHECK(best >= 0 && (size_t)best < m->nlabels);
    voce_vec_release(&v);
    free(prob);
    free(dec);
}

static void load_svm_alone(void)
{
    voce_svm *s;
    voce_error err;
    uint32_t dim = 4096 + 64;
    if (voce_svm_load(&s, fuzz_path(svm_names[0]), dim, &err) != VOCE_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        return;
    }
    int k = voce_svm_nclasses(s);
    FUZZ_CHECK(k >= 2);
    double *dec = malloc((size_t)k * (size_t)(k - 1) / 2 * sizeof *dec);
    voce_vec v;
    test_vector(dim, &v);
    int cls = voce_svm_decide(s, &v, dec);
    int found = 0;
    for (int i = 0; i < k; i++)
        found |= voce_svm_class(s, i) == cls;
    FUZZ_CHECK(found);
    voce_vec_release(&v);
    free(dec);
    voce_svm_free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *part[NFILES + 1];
    size_t len[NFILES + 1];
    size_t n = fuzz_split(data, size, "\n--- svm\n", part, len, NFILES + 1);
    fuzz_write(fuzz_path("m.meta"), part[0], len[0]);
    for (size_t i = 0; i < NFILES; i++) {
        if (i + 1 < n)
            fuzz_write(fuzz_path(svm_names[i]), part[i + 1], len[i + 1]);
        else
            unlink(fuzz_path(svm_names[i]));
    }
    char name[4200];
    snprintf(name, sizeof name, "%s", fuzz_path("m"));
    voce_model *m;
    voce_error err;
    memset(&err, 0, sizeof err);
    if (voce_model_load(&m, name, &err) == VOCE_OK) {
        predict(m);
        voce_model_free(m);
    } else {
        FUZZ_CHECK(m == NULL);
        FUZZ_CHECK(err.msg[0] != '\0' && err.where[0] != '\0');
    }
    if (n > 1)
        load_svm_alone();
    return 0;
}
