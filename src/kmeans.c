/* kmeans.c -- spherical k-means and the silhouette (see kmeans.h).
 *
 * Spherical k-means is k-means on the unit sphere: a row joins the centre
 * it has the largest cosine with, and a centre is the normalised sum of its
 * rows, which suits TF-IDF vectors of texts of any length. Seeding is
 * k-means++ with the cosine distance 1 - cos; an empty cluster takes the
 * row least like its own centre. The random numbers are splitmix64's. */
#include "kmeans.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* ---- A small deterministic random generator (splitmix64) ---------------- */

static uint64_t next_random(uint64_t *state)
{
    uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static double uniform(uint64_t *state)
{
    return (double)(next_random(state) >> 11) * 0x1.0p-53;
}

void voce_rows_release(voce_rows *X)
{
    free(X->start);
    free(X->col);
    free(X->val);
}

double voce_rows_dot_dense(const voce_rows *X, size_t r, const double *c)
{
    double s = 0;
    for (size_t j = X->start[r]; j < X->start[r + 1]; j++)
        s += X->val[j] * c[X->col[j]];
    return s;
}

double voce_rows_dot(const voce_rows *X, size_t a, size_t b)
{
    size_t i = X->start[a], ie = X->start[a + 1], j = X->start[b], je = X->start[b + 1];
    double s = 0;
    while (i < ie && j < je) {
        if (X->col[i] < X->col[j])
            i++;
        else if (X->col[i] > X->col[j])
            j++;
        else
            s += (double)X->val[i++] * X->val[j++];
    }
    return s;
}

bool voce_rows_empty(const voce_rows *X, size_t r)
{
    return X->start[r] == X->start[r + 1];
}

/* ---- Spherical k-means ---------------------------------------------------------- */

void voce_normalise(double *v, size_t dim)
{
    double n = 0;
    for (size_t i = 0; i < dim; i++)
        n += v[i] * v[i];
    if (n > 0) {
        n = 1 / sqrt(n);
        for (size_t i = 0; i < dim; i++)
            v[i] *= n;
    }
}

void voce_rows_add(const voce_rows *X, size_t r, double *v, double f)
{
    for (size_t j = X->start[r]; j < X->start[r + 1]; j++)
        v[X->col[j]] += f * X->val[j];
}

/* k-means++ seeding with cosine distance: each next centre is a row drawn
 * with probability proportional to its squared distance to the nearest
 * centre so far. */
static void seed_centres(const voce_rows *X, const size_t *rows, size_t m, unsigned k,
                         uint64_t *rng, double *centre, double *dist)
{
    size_t dim = X->dim;
    memset(centre, 0, k * dim * sizeof *centre);
    size_t first = (size_t)(next_random(rng) % m);
    for (size_t i = 0; i < m && voce_rows_empty(X, rows[first]); i++)
        first = (first + 1) % m;
    voce_rows_add(X, rows[first], centre, 1);
    for (size_t i = 0; i < m; i++)
        dist[i] = 1 - voce_rows_dot_dense(X, rows[i], centre);
    for (unsigned c = 1; c < k; c++) {
        double total = 0;
        for (size_t i = 0; i < m; i++)
            total += dist[i] > 0 ? dist[i] * dist[i] : 0;
        size_t pick = 0;
        if (total > 0) {
            double r = uniform(rng) * total;
            for (pick = 0; pick + 1 < m; pick++) {
                double w = dist[pick] > 0 ? dist[pick] * dist[pick] : 0;
                if (r < w)
                    break;
                r -= w;
            }
        } else {
            pick = c % m;
        }
        double *cc = centre + (size_t)c * dim;
        voce_rows_add(X, rows[pick], cc, 1);
        for (size_t i = 0; i < m; i++) {
            double d = 1 - voce_rows_dot_dense(X, rows[i], cc);
            if (d < dist[i])
                dist[i] = d;
        }
    }
}

/* Assign every row to its most similar centre; returns how many moved. */
static size_t assign_rows(const voce_rows *X, const size_t *rows, size_t m, unsigned k,
                          voce_clustering *cl)
{
    size_t moved = 0;
    cl->objective = 0;
    for (size_t i = 0; i < m; i++) {
        int32_t best = 0;
        double best_sim = -2;
        for (unsigned c = 0; c < k; c++) {
            double s = voce_rows_dot_dense(X, rows[i], cl->centre + (size_t)c * X->dim);
            if (s > best_sim) {
                best_sim = s;
                best = (int32_t)c;
            }
        }
        moved += cl->label[i] != best;
        cl->label[i] = best;
        cl->sim[i] = best_sim;
        cl->objective += best_sim;
    }
    return moved;
}

/* The centres as the normalised sums of their rows. An empty cluster takes
 * the row least like its own centre, from a cluster that can spare it. */
static void update_centres(const voce_rows *X, const size_t *rows, size_t m, unsigned k,
                           voce_clustering *cl, size_t *count)
{
    size_t dim = X->dim;
    memset(cl->centre, 0, k * dim * sizeof *cl->centre);
    memset(count, 0, k * sizeof *count);
    for (size_t i = 0; i < m; i++) {
        voce_rows_add(X, rows[i], cl->centre + (size_t)cl->label[i] * dim, 1);
        count[cl->label[i]]++;
    }
    for (unsigned c = 0; c < k; c++) {
        if (count[c])
            continue;
        size_t worst = m;
        for (size_t i = 0; i < m; i++)
            if (count[cl->label[i]] > 1 && (worst == m || cl->sim[i] < cl->sim[worst]))
                worst = i;
        if (worst == m)
            continue;
        voce_rows_add(X, rows[worst], cl->centre + (size_t)cl->label[worst] * dim, -1);
        count[cl->label[worst]]--;
        cl->label[worst] = (int32_t)c;
        cl->sim[worst] = 1;
        voce_rows_add(X, rows[worst], cl->centre + (size_t)c * dim, 1);
        count[c] = 1;
    }
    for (unsigned c = 0; c < k; c++)
        voce_normalise(cl->centre + (size_t)c * dim, dim);
}

void voce_clustering_init(voce_clustering *cl, size_t m, unsigned k, size_t dim)
{
    cl->label = voce_xmalloc((m ? m : 1) * sizeof *cl->label);
    cl->sim = voce_xmalloc((m ? m : 1) * sizeof *cl->sim);
    cl->centre = voce_xmalloc(((size_t)k * dim + 1) * sizeof *cl->centre);
    cl->objective = -1;
}

void voce_clustering_release(voce_clustering *cl)
{
    free(cl->label);
    free(cl->sim);
    free(cl->centre);
}

/* The best of 'restarts' runs of spherical k-means over X's rows[0..m). */
void voce_kmeans(const voce_rows *X, const size_t *rows, size_t m, unsigned k, uint64_t seed,
                 unsigned restarts, voce_clustering *best)
{
    voce_clustering cl;
    voce_clustering_init(&cl, m, k, X->dim);
    size_t *count = voce_xmalloc(k * sizeof *count);
    uint64_t rng = seed ^ ((uint64_t)k << 32);
    best->objective = -1;
    for (unsigned r = 0; r < restarts; r++) {
        seed_centres(X, rows, m, k, &rng, cl.centre, cl.sim);
        for (size_t i = 0; i < m; i++)
            cl.label[i] = -1;
        for (int it = 0; it < 100; it++) {
            if (assign_rows(X, rows, m, k, &cl) == 0 && it > 0)
                break;
            update_centres(X, rows, m, k, &cl, count);
        }
        if (cl.objective > best->objective + 1e-9) {
            memcpy(best->label, cl.label, m * sizeof *cl.label);
            memcpy(best->sim, cl.sim, m * sizeof *cl.sim);
            memcpy(best->centre, cl.centre, (size_t)k * X->dim * sizeof *cl.centre);
            best->objective = cl.objective;
        }
    }
    free(count);
    voce_clustering_release(&cl);
}

/* ---- Samples and the silhouette ------------------------------------------------------ */

static int by_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* 'want' of rows[0..m), drawn without replacement, in their original order. */
size_t *voce_sample_rows(const size_t *rows, size_t m, size_t want, uint64_t seed)
{
    size_t *copy = voce_xmalloc((m ? m : 1) * sizeof *copy);
    memcpy(copy, rows, m * sizeof *copy);
    uint64_t rng = seed ^ 0x73616d706c65ull;
    for (size_t i = 0; i < want && i < m; i++) {
        size_t j = i + (size_t)(next_random(&rng) % (m - i));
        size_t tmp = copy[i];
        copy[i] = copy[j];
        copy[j] = tmp;
    }
    qsort(copy, want < m ? want : m, sizeof *copy, by_size);
    return copy;
}

/* The mean silhouette of the labels of the sample 'pos' (positions in the
 * clustered set) with cosine distances 'dist' between sample rows. */
double voce_silhouette(const float *dist, size_t s, const size_t *pos, const int32_t *label,
                       unsigned k)
{
    double *sum = voce_xmalloc(k * sizeof *sum);
    size_t *count = voce_xcalloc(k, sizeof *count);
    for (size_t i = 0; i < s; i++)
        count[label[pos[i]]]++;
    double total = 0;
    for (size_t i = 0; i < s; i++) {
        int32_t own = label[pos[i]];
        if (count[own] <= 1)
            continue; /* a lone point scores 0 */
        memset(sum, 0, k * sizeof *sum);
        for (size_t j = 0; j < s; j++)
            if (j != i)
                sum[label[pos[j]]] += dist[i * s + j];
        double a = sum[own] / (double)(count[own] - 1), b = INFINITY;
        for (unsigned c = 0; c < k; c++)
            if ((int32_t)c != own && count[c] && sum[c] / (double)count[c] < b)
                b = sum[c] / (double)count[c];
        if (isinf(b))
            continue;
        double mx = a > b ? a : b;
        total += mx > 0 ? (b - a) / mx : 0;
    }
    free(sum);
    free(count);
    return s ? total / (double)s : 0;
}

/* Cluster rows[0..m) for each candidate k and keep the k whose clustering
 * has the best silhouette. Returns k; *score gets its silhouette. */
