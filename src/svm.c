/* svm.c -- the one owner of libsvm. */
#define _POSIX_C_SOURCE 200809L
#include "svm.h"

#include <dlfcn.h>
#include <errno.h>
#include <libsvm/svm.h>
#include <pthread.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mem.h"
#include "number.h"
#include "tsvfile.h"

struct voce_svm {
    voce_kernel kernel;
    double gamma;
    int k;          /* classes */
    int *label;     /* label[i]: our class of libsvm's i-th class */
    int *nsv;       /* support vectors per class */
    size_t l;       /* support vectors in all */
    double *rho;    /* k*(k-1)/2 */
    uint32_t dim;
    float *w;       /* linear: pairs x (dim + 1) folded weights */
    /* RBF: the support vectors themselves and their coefficients */
    voce_vec *sv;
    double *coef;   /* (k-1) x l */
    struct svm_model *trained; /* after voce_svm_train, for saving */
    struct svm_problem prob;   /* its training data, which libsvm's model points into */
    struct svm_node *nodes;
    uint64_t file_hash; /* voce_hash of the file it was read from */
};

/* ---- libsvm, opened on first use --------------------------------------------------
 *
 * Only training calls into libsvm (prediction uses the folded weights, and
 * models are read by this file's own parser). libsvm is C++, so linking it
 * would map libstdc++ into every classifying process for nothing: about 1 MB
 * of a budget of 10. It is opened with dlopen instead, once, by its soname. */

struct libsvm_api {
    struct svm_model *(*train)(const struct svm_problem *, const struct svm_parameter *);
    const char *(*check_parameter)(const struct svm_problem *, const struct svm_parameter *);
    int (*save_model)(const char *, const struct svm_model *);
    void (*free_and_destroy_model)(struct svm_model **);
    void (*set_print_string_function)(void (*)(const char *));
};

static struct libsvm_api libsvm_api;
static char libsvm_failure[512];
static pthread_once_t libsvm_once = PTHREAD_ONCE_INIT;

/* dlsym returns an object pointer; POSIX guarantees it converts to a function
 * pointer, which memcpy says without a cast ISO C frowns upon. */
static bool libsvm_symbol(void *lib, const char *name, void *fn, size_t size)
{
    void *sym = dlsym(lib, name);
    if (!sym) {
        snprintf(libsvm_failure, sizeof libsvm_failure, "%s lacks %s", VOCE_LIBSVM_SONAME, name);
        return false;
    }
    memcpy(fn, &sym, size);
    return true;
}

#define LIBSVM_SYMBOL(lib, field, name) \
    libsvm_symbol(lib, name, &libsvm_api.field, sizeof libsvm_api.field)

static void libsvm_open(void)
{
    void *lib = dlopen(VOCE_LIBSVM_SONAME, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        const char *why = dlerror();
        snprintf(libsvm_failure, sizeof libsvm_failure, "%s", why ? why : VOCE_LIBSVM_SONAME);
        return;
    }
    if (!(LIBSVM_SYMBOL(lib, train, "svm_train") &&
          LIBSVM_SYMBOL(lib, check_parameter, "svm_check_parameter") &&
          LIBSVM_SYMBOL(lib, save_model, "svm_save_model") &&
          LIBSVM_SYMBOL(lib, free_and_destroy_model, "svm_free_and_destroy_model") &&
          LIBSVM_SYMBOL(lib, set_print_string_function, "svm_set_print_string_function"))) {
        memset(&libsvm_api, 0, sizeof libsvm_api);
        dlclose(lib);
    }
    /* Otherwise kept open for the life of the process: models hold its memory. */
}

/* libsvm's functions, or NULL with err saying why and what to install. */
static const struct libsvm_api *libsvm(voce_error *err)
{
    pthread_once(&libsvm_once, libsvm_open);
    if (libsvm_api.train)
        return &libsvm_api;
    voce_error_set(err, VOCE_ERR_IO, NULL,
                   "training with libsvm needs %s, which cannot be opened (%s); "
                   "install it (apt-get install libsvm3), or use --solver dcd",
                   VOCE_LIBSVM_SONAME, libsvm_failure);
    return NULL;
}

static void quiet(const char *s)
{
    (void)s;
}

static void to_stderr(const char *s)
{
    fputs(s, stderr);
}

static size_t npairs(int k)
{
    return (size_t)k * (size_t)(k - 1) / 2;
}

/* Fold linear support vectors into one weight vector per pair. */
static void fold(voce_svm *m)
{
    size_t pairs = npairs(m->k);
    m->w = voce_xcalloc(pairs * (m->dim + 1), sizeof *m->w);
    size_t *start = voce_xmalloc((size_t)m->k * sizeof *start);
    start[0] = 0;
    for (int i = 1; i < m->k; i++)
        start[i] = start[i - 1] + (size_t)m->nsv[i - 1];
    size_t p = 0;
    for (int i = 0; i < m->k; i++) {
        for (int j = i + 1; j < m->k; j++, p++) {
            float *w = m->w + p * (m->dim + 1);
            /* libsvm: class i's SVs use coef[j-1], class j's use coef[i]. */
            for (size_t s = start[i]; s < start[i] + (size_t)m->nsv[i]; s++) {
                double c = m->coef[(size_t)(j - 1) * m->l + s];
                for (size_t f = 0; f < m->sv[s].n; f++)
                    w[m->sv[s].idx[f]] += (float)(c * m->sv[s].val[f]);
            }
            for (size_t s = start[j]; s < start[j] + (size_t)m->nsv[j]; s++) {
                double c = m->coef[(size_t)i * m->l + s];
                for (size_t f = 0; f < m->sv[s].n; f++)
                    w[m->sv[s].idx[f]] += (float)(c * m->sv[s].val[f]);
            }
        }
    }
    free(start);
    /* The support vectors are no longer needed. */
    for (size_t s = 0; s < m->l; s++)
        voce_vec_release(&m->sv[s]);
    free(m->sv);
    m->sv = NULL;
    free(m->coef);
    m->coef = NULL;
}

/* Copy what prediction needs out of a libsvm model. */
static void adopt(voce_svm *m, const struct svm_model *sm)
{
    m->k = sm->nr_class;
    m->l = (size_t)sm->l;
    m->gamma = sm->param.gamma;
    m->label = voce_xmalloc((size_t)m->k * sizeof *m->label);
    m->nsv = voce_xmalloc((size_t)m->k * sizeof *m->nsv);
    for (int i = 0; i < m->k; i++) {
        m->label[i] = sm->label[i];
        m->nsv[i] = sm->nSV[i];
    }
    m->rho = voce_xmalloc(npairs(m->k) * sizeof *m->rho);
    memcpy(m->rho, sm->rho, npairs(m->k) * sizeof *m->rho);
    m->sv = voce_xcalloc(m->l ? m->l : 1, sizeof *m->sv);
    m->coef = voce_xmalloc((size_t)(m->k - 1) * (m->l ? m->l : 1) * sizeof *m->coef);
    for (size_t s = 0; s < m->l; s++) {
        for (int c = 0; c < m->k - 1; c++)
            m->coef[(size_t)c * m->l + s] = sm->sv_coef[c][s];
        voce_vec *v = &m->sv[s];
        for (const struct svm_node *nd = sm->SV[s]; nd->index != -1; nd++) {
            size_t cap = v->cap;
            v->idx = voce_xgrow(v->idx, &cap, v->n + 1, sizeof *v->idx);
            v->val = voce_xgrow(v->val, &v->cap, v->n + 1, sizeof *v->val);
            v->idx[v->n] = (uint32_t)nd->index;
            v->val[v->n++] = (float)nd->value;
        }
    }
    if (m->kernel == VOCE_KERNEL_LINEAR)
        fold(m);
}

/* ---- Dual coordinate descent (linear kernel) ------------------------------------- */

static uint64_t next_random(uint64_t *s)
{
    uint64_t z = (*s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Solve min_w 1/2 |w|^2 + sum_i C_i max(0, 1 - y_i (w.x_i + b)) in its
 * dual, one coordinate at a time; the bias b is an extra feature of value
 * 1, so it is regularised too. 'w' has dim + 2 entries (w[dim + 1] = b). */
static void dcd_solve(const voce_vec *const *x, const signed char *y, const double *upper,
                      size_t n, uint32_t dim, double eps, uint64_t seed, double *w)
{
    double *alpha = voce_xcalloc(n ? n : 1, sizeof *alpha);
    double *qd = voce_xmalloc((n ? n : 1) * sizeof *qd);
    size_t *order = voce_xmalloc((n ? n : 1) * sizeof *order);
    for (size_t i = 0; i < n; i++) {
        double q = 1; /* the bias feature */
        for (size_t f = 0; f < x[i]->n; f++)
            q += (double)x[i]->val[f] * x[i]->val[f];
        qd[i] = q;
        order[i] = i;
    }
    memset(w, 0, (dim + 2) * sizeof *w);
    for (int iter = 0; iter < 1000; iter++) {
        for (size_t i = n; i > 1; i--) {
            size_t j = (size_t)(next_random(&seed) % i);
            size_t t = order[i - 1];
            order[i - 1] = order[j];
            order[j] = t;
        }
        double pg_max = -INFINITY, pg_min = INFINITY;
        for (size_t k = 0; k < n; k++) {
            size_t i = order[k];
            const voce_vec *xi = x[i];
            double g = w[dim + 1];
            for (size_t f = 0; f < xi->n; f++)
                g += w[xi->idx[f]] * xi->val[f];
            g = y[i] * g - 1;
            double pg = g;
            if (alpha[i] == 0)
                pg = g < 0 ? g : 0;
            else if (alpha[i] == upper[i])
                pg = g > 0 ? g : 0;
            if (pg > pg_max)
                pg_max = pg;
            if (pg < pg_min)
                pg_min = pg;
            if (fabs(pg) > 1e-12) {
                double old = alpha[i];
                alpha[i] = fmin(fmax(old - g / qd[i], 0), upper[i]);
                double delta = (alpha[i] - old) * y[i];
                for (size_t f = 0; f < xi->n; f++)
                    w[xi->idx[f]] += delta * xi->val[f];
                w[dim + 1] += delta;
            }
        }
        if (pg_max - pg_min <= eps)
            break;
    }
    free(alpha);
    free(qd);
    free(order);
}

/* Train one-vs-one with DCD, straight into folded weights. */
static voce_status dcd_train(voce_svm *m, const voce_svm_problem *p, const voce_svm_params *params,
                             uint32_t dim)
{
    int present[256], k = 0;
    for (int c = 0; c < p->k; c++) {
        bool has = false;
        for (size_t i = 0; i < p->n && !has; i++)
            has = p->y[i] == c;
        if (has)
            present[k++] = c;
    }
    size_t pairs = npairs(k);
    m->k = k;
    m->label = voce_xmalloc((size_t)k * sizeof *m->label);
    m->nsv = voce_xcalloc((size_t)k, sizeof *m->nsv);
    for (int i = 0; i < k; i++) {
        m->label[i] = present[i];
        m->nsv[i] = k - 1 - i;
    }
    m->l = pairs;
    m->rho = voce_xmalloc((pairs ? pairs : 1) * sizeof *m->rho);
    m->w = voce_xcalloc(pairs * (dim + 1), sizeof *m->w);
    const voce_vec **x = voce_xmalloc((p->n ? p->n : 1) * sizeof *x);
    signed char *y = voce_xmalloc(p->n ? p->n : 1);
    double *upper = voce_xmalloc((p->n ? p->n : 1) * sizeof *upper);
    double *w = voce_xmalloc((dim + 2) * sizeof *w);
    size_t pr = 0;
    for (int a = 0; a < k; a++) {
        for (int b = a + 1; b < k; b++, pr++) {
            size_t n = 0;
            for (size_t i = 0; i < p->n; i++) {
                int c = p->y[i];
                if (c != present[a] && c != present[b])
                    continue;
                x[n] = &p->x[i];
                y[n] = c == present[a] ? 1 : -1;
                upper[n++] = params->C * (params->class_weight ? params->class_weight[c] : 1);
            }
            dcd_solve(x, y, upper, n, dim, params->eps > 0 ? params->eps : 0.1,
                      params->seed + pr, w);
            float *wp = m->w + pr * (dim + 1);
            for (uint32_t f = 1; f <= dim; f++)
                wp[f] = (float)w[f];
            m->rho[pr] = -w[dim + 1];
        }
    }
    free(x);
    free(y);
    free(upper);
    free(w);
    return VOCE_OK;
}

double *voce_svm_gram(const voce_vec *x, size_t n, uint32_t dim)
{
    double *g = voce_xmalloc((n ? n * n : 1) * sizeof *g);
    float *dense = voce_xcalloc((size_t)dim + 1, sizeof *dense);
    for (size_t i = 0; i < n; i++) {
        for (size_t f = 0; f < x[i].n; f++)
            dense[x[i].idx[f]] = x[i].val[f];
        for (size_t j = i; j < n; j++) {
            double s = 0;
            for (size_t f = 0; f < x[j].n; f++)
                s += (double)dense[x[j].idx[f]] * x[j].val[f];
            g[i * n + j] = g[j * n + i] = s;
        }
        for (size_t f = 0; f < x[i].n; f++)
            dense[x[i].idx[f]] = 0;
    }
    free(dense);
    return g;
}

voce_status voce_svm_train(voce_svm **out, const voce_svm_problem *p,
                           const voce_svm_params *params, uint32_t dim, voce_error *err)
{
    *out = NULL;
    voce_svm *m = voce_xcalloc(1, sizeof *m);
    m->kernel = params->kernel;
    m->dim = dim;
    if (params->solver == VOCE_SOLVER_DCD) {
        if (params->kernel != VOCE_KERNEL_LINEAR) {
            free(m);
            return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                                  "the dcd solver trains linear models only");
        }
        voce_status st = dcd_train(m, p, params, dim);
        *out = m;
        return st;
    }
    const struct libsvm_api *svm = libsvm(err);
    if (!svm) {
        free(m);
        return VOCE_ERR_IO;
    }
    svm->set_print_string_function(params->verbose ? to_stderr : quiet);
    bool precomputed = p->gram && params->kernel == VOCE_KERNEL_LINEAR;
    size_t total = 0;
    for (size_t i = 0; i < p->n; i++)
        total += (precomputed ? p->n + 1 : p->x[i].n) + 1;
    m->nodes = voce_xmalloc(total * sizeof *m->nodes);
    m->prob.l = (int)p->n;
    m->prob.y = voce_xmalloc(p->n * sizeof *m->prob.y);
    m->prob.x = voce_xmalloc(p->n * sizeof *m->prob.x);
    struct svm_node *nd = m->nodes;
    for (size_t i = 0; i < p->n; i++) {
        m->prob.y[i] = p->y[i];
        m->prob.x[i] = nd;
        if (precomputed) {
            /* libsvm's precomputed format: 0:serial, then j:K(i, j). */
            const double *row = p->gram + p->index[i] * p->gram_n;
            *nd++ = (struct svm_node){0, (double)(i + 1)};
            for (size_t j = 0; j < p->n; j++)
                *nd++ = (struct svm_node){(int)(j + 1), row[p->index[j]]};
        } else {
            for (size_t f = 0; f < p->x[i].n; f++)
                *nd++ = (struct svm_node){(int)p->x[i].idx[f], p->x[i].val[f]};
        }
        *nd++ = (struct svm_node){-1, 0};
    }
    struct svm_parameter sp = {0};
    sp.svm_type = C_SVC;
    sp.kernel_type = params->kernel == VOCE_KERNEL_RBF ? RBF : precomputed ? PRECOMPUTED : LINEAR;
    sp.gamma = params->gamma > 0 ? params->gamma : 1.0 / dim;
    sp.cache_size = params->cache_mb > 0 ? params->cache_mb : 200;
    sp.eps = params->eps > 0 ? params->eps : 0.001;
    sp.C = params->C;
    sp.shrinking = 1;
    int *wl = NULL;
    double *wv = NULL;
    if (params->class_weight) {
        wl = voce_xmalloc((size_t)p->k * sizeof *wl);
        wv = voce_xmalloc((size_t)p->k * sizeof *wv);
        for (int c = 0; c < p->k; c++) {
            wl[c] = c;
            wv[c] = params->class_weight[c];
        }
        sp.nr_weight = p->k;
        sp.weight_label = wl;
        sp.weight = wv;
    }
    const char *bad = svm->check_parameter(&m->prob, &sp);
    if (bad) {
        free(wl);
        free(wv);
        voce_svm_free(m);
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "libsvm: %s", bad);
    }
    m->trained = svm->train(&m->prob, &sp);
    free(wl);
    free(wv);
    m->trained->param.weight = NULL; /* freed above; libsvm keeps a copy of the pointers */
    m->trained->param.weight_label = NULL;
    m->trained->param.nr_weight = 0;
    if (precomputed) {
        /* The support vectors are rows of dot products: give them back
         * their features, so folding sees the linear model it is. */
        struct svm_model *sm = m->trained;
        size_t sv_total = 0;
        for (int sv = 0; sv < sm->l; sv++)
            sv_total += p->x[sm->sv_indices[sv] - 1].n + 1;
        struct svm_node *sv_nd = voce_xmalloc((sv_total ? sv_total : 1) * sizeof *sv_nd);
        free(m->nodes); /* the rows of dot products the SVs pointed into */
        m->nodes = sv_nd;
        for (int sv = 0; sv < sm->l; sv++) {
            const voce_vec *v = &p->x[sm->sv_indices[sv] - 1];
            sm->SV[sv] = sv_nd;
            for (size_t f = 0; f < v->n; f++)
                *sv_nd++ = (struct svm_node){(int)v->idx[f], v->val[f]};
            *sv_nd++ = (struct svm_node){-1, 0};
        }
        sm->param.kernel_type = LINEAR;
    }
    adopt(m, m->trained);
    *out = m;
    return VOCE_OK;
}

/* A linear model is written folded, in libsvm's format: one "support
 * vector" per class pair holding that pair's weights, in the first class
 * of the pair, with coefficient 1 for that pair and 0 for the others, so
 * libsvm's own svm-predict computes exactly w.x - rho. Smaller than the
 * support vectors whenever they outnumber the weights, and faster to load.
 * Weights are floats written with %.9g: they read back bit for bit. */
static voce_status save_folded(const voce_svm *m, const char *path, voce_error *err)
{
    FILE *fp = fopen(path, "w");
    if (!fp)
        return voce_error_sys(err, path);
    size_t pairs = npairs(m->k);
    fprintf(fp, "svm_type c_svc\nkernel_type linear\nnr_class %d\ntotal_sv %zu\nrho", m->k,
            pairs);
    for (size_t p = 0; p < pairs; p++)
        fprintf(fp, " %.17g", m->rho[p]);
    fputs("\nlabel", fp);
    for (int i = 0; i < m->k; i++)
        fprintf(fp, " %d", m->label[i]);
    fputs("\nnr_sv", fp);
    for (int i = 0; i < m->k; i++)
        fprintf(fp, " %d", m->k - 1 - i);
    fputs("\nSV\n", fp);
    size_t p = 0;
    for (int a = 0; a < m->k; a++) {
        for (int b = a + 1; b < m->k; b++, p++) {
            for (int c = 0; c < m->k - 1; c++)
                fprintf(fp, "%s ", c == b - 1 ? "1" : "0");
            const float *w = m->w + p * (m->dim + 1);
            for (uint32_t f = 1; f <= m->dim; f++)
                if (w[f] != 0)
                    fprintf(fp, "%u:%.9g ", f, (double)w[f]);
            fputc('\n', fp);
        }
    }
    bool bad = ferror(fp) != 0;
    if (fclose(fp) != 0 || bad)
        return voce_error_sys(err, path);
    return VOCE_OK;
}

voce_status voce_svm_save(const voce_svm *m, const char *path, voce_error *err)
{
    if (m->kernel == VOCE_KERNEL_LINEAR)
        return save_folded(m, path, err);
    if (!m->trained)
        return voce_error_set(err, VOCE_ERR_INVALID, path, "only a freshly trained model is saved");
    errno = 0;
    if (libsvm_api.save_model(path, m->trained) != 0)
        return errno ? voce_error_sys(err, path)
                     : voce_error_set(err, VOCE_ERR_IO, path, "cannot write the model");
    return VOCE_OK;
}

/* ---- Loading libsvm's text format ---------------------------------------------- */

typedef struct model_reader {
    const char *path;
    char *data; /* the whole file, NUL-terminated; lines are cut in place */
    size_t len, pos;
    size_t line;
    char *buf; /* the line last read, without its newline */
    voce_error *err;
    bool line_complete; /* the last line read ended with a newline */
} model_reader;

static voce_status bad(model_reader *r, const char *what)
{
    return voce_error_at(r->err, VOCE_ERR_MODEL, r->path, r->line,
                         "%s (the model file is damaged: train it again)", what);
}

static bool next_line(model_reader *r)
{
    if (r->pos >= r->len)
        return false;
    char *line = r->data + r->pos;
    char *nl = memchr(line, '\n', r->len - r->pos);
    size_t n = nl ? (size_t)(nl - line) : r->len - r->pos;
    r->pos += n + (nl != NULL);
    r->line++;
    r->line_complete = nl != NULL;
    line[n] = '\0'; /* the newline, or the NUL after the file */
    r->buf = line;
    return true;
}

/* Parse 'count' numbers from 's' into out (ints if 'ints' is set). */
static bool numbers(const char *s, size_t count, double *out)
{
    char tmp[64];
    for (size_t i = 0; i < count; i++) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " ");
        if (n == 0 || n >= sizeof tmp)
            return false;
        memcpy(tmp, s, n);
        tmp[n] = '\0';
        if (voce_parse_double(tmp, &out[i]) != 0)
            return false;
        s += n;
    }
    while (*s == ' ')
        s++;
    return *s == '\0';
}

static voce_status read_header(model_reader *r, voce_svm *m)
{
    bool have_type = false, have_kernel = false;
    size_t total_sv = 0;
    for (;;) {
        if (!next_line(r))
            return bad(r, "the file ends before its support vectors");
        char *key = r->buf, *val = strchr(r->buf, ' ');
        if (strcmp(key, "SV") == 0)
            break;
        if (!val)
            return bad(r, "expected 'key value'");
        *val++ = '\0';
        if (strcmp(key, "svm_type") == 0) {
            if (strcmp(val, "c_svc") != 0)
                return bad(r, "only c_svc models are supported");
            have_type = true;
        } else if (strcmp(key, "kernel_type") == 0) {
            if (strcmp(val, "linear") == 0)
                m->kernel = VOCE_KERNEL_LINEAR;
            else if (strcmp(val, "rbf") == 0)
                m->kernel = VOCE_KERNEL_RBF;
            else
                return bad(r, "only linear and rbf kernels are supported");
            have_kernel = true;
        } else if (strcmp(key, "gamma") == 0) {
            if (!numbers(val, 1, &m->gamma))
                return bad(r, "bad gamma");
        } else if (strcmp(key, "nr_class") == 0) {
            double v;
            if (!numbers(val, 1, &v) || v < 2 || v > 256)
                return bad(r, "bad nr_class");
            if (m->k) /* rho, label and nr_sv may be sized by the first one */
                return bad(r, "nr_class given twice");
            m->k = (int)v;
        } else if (strcmp(key, "total_sv") == 0) {
            double v;
            if (!numbers(val, 1, &v) || v < 0 || v > 1e8)
                return bad(r, "bad total_sv");
            total_sv = (size_t)v;
        } else if (strcmp(key, "rho") == 0 || strcmp(key, "label") == 0 ||
                   strcmp(key, "nr_sv") == 0) {
            if (m->k == 0)
                return bad(r, "nr_class must come first");
            size_t count = strcmp(key, "rho") == 0 ? npairs(m->k) : (size_t)m->k;
            double *v = voce_xmalloc(count * sizeof *v);
            if (!numbers(val, count, v)) {
                free(v);
                return bad(r, "wrong number of values");
            }
            if (key[0] == 'r') {
                free(m->rho);
                m->rho = v;
                continue;
            }
            for (size_t i = 0; i < count; i++) {
                /* Labels are class numbers, counts are counts: anything not a
                 * whole number of a sane size is damage (and would overflow). */
                if (v[i] != floor(v[i]) || v[i] < -1 || v[i] > 1e8) {
                    free(v);
                    return bad(r, "a label or a count is not a whole number in range");
                }
            }
            int **dst = key[0] == 'l' ? &m->label : &m->nsv;
            free(*dst);
            *dst = voce_xmalloc(count * sizeof **dst);
            for (size_t i = 0; i < count; i++)
                (*dst)[i] = (int)v[i];
            free(v);
        }
        /* degree, coef0, probA, probB: not needed to predict */
    }
    if (!have_type || !have_kernel || !m->k || !m->rho || !m->label || !m->nsv)
        return bad(r, "the header lacks svm_type, kernel_type, nr_class, rho, label or nr_sv");
    size_t sum = 0;
    for (int i = 0; i < m->k; i++) {
        if (m->nsv[i] < 0)
            return bad(r, "negative nr_sv");
        sum += (size_t)m->nsv[i];
    }
    if (sum != total_sv)
        return bad(r, "nr_sv does not add up to total_sv");
    /* Memory is allocated from these numbers: hold them to what the file
     * can be (a support vector is a line of k-1 coefficients of 2 bytes at
     * least) and to what prediction can fold (a dense row of weights per
     * class pair: 1 GiB at most), so a damaged file cannot ask for more. */
    if (total_sv * (size_t)(m->k - 1) > r->len / 2)
        return bad(r, "total_sv is more than the file holds");
    if (m->kernel == VOCE_KERNEL_LINEAR && npairs(m->k) * ((size_t)m->dim + 1) > (1u << 28))
        return bad(r, "too many classes for this many features (over 1 GiB of weights)");
    m->l = total_sv;
    return VOCE_OK;
}

/* Add support vector 's' (class 'cls', its k-1 coefficients in 'coef') to
 * the weight vector of every pair it takes part in, as fold() does; the
 * additions to each weight come in the order of s, so the sums are the
 * same. */
static void fold_one(voce_svm *m, int cls, const double *coef, const voce_vec *sv)
{
    for (int o = 0; o < m->k; o++) {
        if (o == cls)
            continue;
        int i = cls < o ? cls : o, j = cls < o ? o : cls;
        size_t p = (size_t)i * (size_t)(2 * m->k - i - 1) / 2 + (size_t)(j - i - 1);
        /* libsvm: class i's SVs use coef[j-1], class j's use coef[i]. */
        double c = cls == i ? coef[j - 1] : coef[i];
        float *w = m->w + p * (m->dim + 1);
        for (size_t f = 0; f < sv->n; f++)
            w[sv->idx[f]] += (float)(c * sv->val[f]);
    }
}

/* Read the support vectors. A linear model's are folded into weights as
 * they come (fold_one), so they are never all in memory. */
static voce_status read_vectors(model_reader *r, voce_svm *m)
{
    bool linear = m->kernel == VOCE_KERNEL_LINEAR;
    double *line_coef = voce_xmalloc((size_t)(m->k > 1 ? m->k - 1 : 1) * sizeof *line_coef);
    voce_vec scratch;
    voce_vec_init(&scratch);
    if (linear) {
        m->w = voce_xcalloc(npairs(m->k) * (m->dim + 1), sizeof *m->w);
    } else {
        m->sv = voce_xcalloc(m->l ? m->l : 1, sizeof *m->sv);
        m->coef = voce_xmalloc((size_t)(m->k - 1) * (m->l ? m->l : 1) * sizeof *m->coef);
    }
    voce_status st = VOCE_OK;
    int cls = 0;
    size_t class_end = m->k ? (size_t)m->nsv[0] : 0;
    for (size_t s = 0; s < m->l && st == VOCE_OK; s++) {
        while (s >= class_end && cls + 1 < m->k)
            class_end += (size_t)m->nsv[++cls];
        if (!next_line(r)) {
            st = bad(r, "the file ends before its last support vector");
            break;
        }
        /* libsvm ends every line: one without an end was cut short. */
        if (!r->line_complete) {
            st = bad(r, "the file ends in the middle of a support vector");
            break;
        }
        char *p = r->buf;
        for (int c = 0; c < m->k - 1; c++) {
            char *end;
            errno = 0;
            double v = voce_strtod(p, &end); /* libsvm writes %.17g in the C locale */
            if (end == p || errno || !isfinite(v)) {
                st = bad(r, "bad coefficient");
                break;
            }
            line_coef[c] = v;
            if (!linear)
                m->coef[(size_t)c * m->l + s] = v;
            p = end;
        }
        voce_vec *vec = linear ? &scratch : &m->sv[s];
        vec->n = 0;
        uint32_t last = 0;
        while (*p && st == VOCE_OK) {
            while (*p == ' ')
                p++;
            if (!*p)
                break;
            char *end;
            unsigned long idx = voce_strtou32(p, &end);
            if (end == p || *end != ':' || idx == 0 || idx > m->dim || idx <= last) {
                st = bad(r, "bad feature index (not increasing, or outside this model's range)");
                break;
            }
            p = end + 1;
            double v = voce_strtod(p, &end);
            if (end == p || !isfinite(v)) {
                st = bad(r, "bad feature value");
                break;
            }
            p = end;
            if (vec->n == vec->cap) {
                size_t cap = vec->cap;
                vec->idx = voce_xgrow(vec->idx, &cap, vec->n + 1, sizeof *vec->idx);
                vec->val = voce_xgrow(vec->val, &vec->cap, vec->n + 1, sizeof *vec->val);
            }
            vec->idx[vec->n] = (uint32_t)idx;
            vec->val[vec->n++] = (float)v;
            last = (uint32_t)idx;
        }
        if (st == VOCE_OK && linear)
            fold_one(m, cls, line_coef, vec);
    }
    voce_vec_release(&scratch);
    free(line_coef);
    return st;
}

voce_status voce_svm_load(voce_svm **out, const char *path, uint32_t dim, voce_error *err)
{
    *out = NULL;
    model_reader r = {.path = path, .err = err};
    voce_svm *m = voce_xcalloc(1, sizeof *m);
    m->dim = dim;
    voce_status st = voce_file_read(path, &r.data, &r.len, &m->file_hash, err);
    if (st == VOCE_OK)
        st = read_header(&r, m);
    if (st == VOCE_OK)
        st = read_vectors(&r, m);
    free(r.data);
    if (st != VOCE_OK) {
        voce_svm_free(m);
        return st;
    }
    *out = m;
    return VOCE_OK;
}

uint64_t voce_svm_file_hash(const voce_svm *m)
{
    return m->file_hash;
}

void voce_svm_free(voce_svm *m)
{
    if (!m)
        return;
    if (m->trained)
        libsvm_api.free_and_destroy_model(&m->trained);
    free(m->prob.x);
    free(m->prob.y);
    free(m->nodes);
    if (m->sv)
        for (size_t s = 0; s < m->l; s++)
            voce_vec_release(&m->sv[s]);
    free(m->sv);
    free(m->coef);
    free(m->w);
    free(m->label);
    free(m->nsv);
    free(m->rho);
    free(m);
}

int voce_svm_nclasses(const voce_svm *m)
{
    return m->k;
}

int voce_svm_class(const voce_svm *m, int i)
{
    return m->label[i];
}

size_t voce_svm_nsv(const voce_svm *m)
{
    return m->l;
}

static double rbf(const voce_svm *m, const voce_vec *a, const voce_vec *b)
{
    double d = 0;
    size_t i = 0, j = 0;
    while (i < a->n || j < b->n) {
        if (j == b->n || (i < a->n && a->idx[i] < b->idx[j])) {
            d += (double)a->val[i] * a->val[i];
            i++;
        } else if (i == a->n || b->idx[j] < a->idx[i]) {
            d += (double)b->val[j] * b->val[j];
            j++;
        } else {
            double t = (double)a->val[i] - b->val[j];
            d += t * t;
            i++;
            j++;
        }
    }
    return exp(-m->gamma * d);
}

int voce_svm_decide(const voce_svm *m, const voce_vec *x, double *dec)
{
    size_t pairs = npairs(m->k);
    if (m->kernel == VOCE_KERNEL_LINEAR) {
        for (size_t p = 0; p < pairs; p++) {
            const float *w = m->w + p * (m->dim + 1);
            double s = 0;
            for (size_t f = 0; f < x->n; f++)
                if (x->idx[f] <= m->dim)
                    s += (double)w[x->idx[f]] * x->val[f];
            dec[p] = s - m->rho[p];
        }
    } else {
        double *kv = voce_xmalloc((m->l ? m->l : 1) * sizeof *kv);
        for (size_t s = 0; s < m->l; s++)
            kv[s] = rbf(m, x, &m->sv[s]);
        size_t start[256];
        start[0] = 0;
        for (int i = 1; i < m->k; i++)
            start[i] = start[i - 1] + (size_t)m->nsv[i - 1];
        size_t p = 0;
        for (int i = 0; i < m->k; i++) {
            for (int j = i + 1; j < m->k; j++, p++) {
                double s = 0;
                for (size_t t = start[i]; t < start[i] + (size_t)m->nsv[i]; t++)
                    s += m->coef[(size_t)(j - 1) * m->l + t] * kv[t];
                for (size_t t = start[j]; t < start[j] + (size_t)m->nsv[j]; t++)
                    s += m->coef[(size_t)i * m->l + t] * kv[t];
                dec[p] = s - m->rho[p];
            }
        }
        free(kv);
    }
    return voce_svm_vote(m, dec);
}

bool voce_svm_is_linear(const voce_svm *m)
{
    return m->kernel == VOCE_KERNEL_LINEAR;
}

const float *voce_svm_weights(const voce_svm *m, size_t pair)
{
    return m->kernel == VOCE_KERNEL_LINEAR ? m->w + pair * (m->dim + 1) : NULL;
}

void voce_svm_drop_weights(voce_svm *m)
{
    free(m->w);
    m->w = NULL;
}

uint32_t voce_svm_dim(const voce_svm *m)
{
    return m->dim;
}

double voce_svm_rho(const voce_svm *m, size_t pair)
{
    return m->rho[pair];
}

int voce_svm_vote(const voce_svm *m, const double *dec)
{
    int votes[256] = {0};
    size_t p = 0;
    for (int i = 0; i < m->k; i++)
        for (int j = i + 1; j < m->k; j++, p++)
            votes[dec[p] > 0 ? i : j]++;
    int best = 0;
    for (int i = 1; i < m->k; i++)
        if (votes[i] > votes[best])
            best = i;
    return m->label[best];
}

double voce_svm_weight(const voce_svm *m, size_t pair, uint32_t idx)
{
    if (m->kernel != VOCE_KERNEL_LINEAR || pair >= npairs(m->k) || idx > m->dim)
        return 0;
    return m->w[pair * (m->dim + 1) + idx];
}
