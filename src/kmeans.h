/* kmeans.h -- spherical k-means over sparse unit rows, and the silhouette.
 *
 * For themes.c: rows are L2-normalised sparse vectors, similarity is the
 * cosine (a dot product), centres are dense unit vectors. Everything random
 * comes from one seed, so a run is reproducible to the bit on one machine. */
#ifndef VOCE_KMEANS_H
#define VOCE_KMEANS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sparse rows sorted by column: row i is [start[i], start[i + 1]). */
typedef struct voce_rows {
    size_t *start;
    uint32_t *col;
    float *val;
    size_t dim; /* columns */
} voce_rows;

void voce_rows_release(voce_rows *X);

/* Row 'r' times the dense vector 'v'; two rows' dot product. */
double voce_rows_dot_dense(const voce_rows *X, size_t r, const double *v);
double voce_rows_dot(const voce_rows *X, size_t a, size_t b);
bool voce_rows_empty(const voce_rows *X, size_t r);

/* v += f * row r. */
void voce_rows_add(const voce_rows *X, size_t r, double *v, double f);

/* Scale v[0..dim) to length 1 (a zero vector stays zero). */
void voce_normalise(double *v, size_t dim);

/* A clustering of m rows into k clusters. */
typedef struct voce_clustering {
    int32_t *label;   /* per row of the set */
    double *centre;   /* k * dim, unit vectors */
    double *sim;      /* per row: cosine to its centre */
    double objective; /* the sum of sim */
} voce_clustering;

/* Room for m rows and k centres of 'dim'. */
void voce_clustering_init(voce_clustering *cl, size_t m, unsigned k, size_t dim);
void voce_clustering_release(voce_clustering *cl);

/* Spherical k-means of X's rows[0..m) into k clusters: k-means++ seeding
 * (cosine distance) from 'seed', Lloyd iterations until no row moves (at
 * most 100), the best objective of 'restarts' runs into 'best' (made with
 * voce_clustering_init for at least m rows and k centres). */
void voce_kmeans(const voce_rows *X, const size_t *rows, size_t m, unsigned k, uint64_t seed,
                 unsigned restarts, voce_clustering *best);

/* 'want' of rows[0..m), drawn without replacement with 'seed', in
 * increasing order; the caller frees it. */
size_t *voce_sample_rows(const size_t *rows, size_t m, size_t want, uint64_t seed);

/* The mean silhouette of s sampled rows: dist[i * s + j] is the distance
 * between sample rows i and j, label[pos[i]] the cluster of sample row i.
 * A row alone in its cluster scores 0. */
double voce_silhouette(const float *dist, size_t s, const size_t *pos, const int32_t *label,
                       unsigned k);

#endif
