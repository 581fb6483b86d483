/* svm.h -- support vector machines: libsvm to train, our own code to predict.
 *
 * The only part of voce that talks to libsvm. Training is libsvm's C-SVC;
 * the model file is libsvm's own format, untouched, so svm-predict and
 * other tools can read it. Loading parses that file here (a truncated or
 * corrupted file is an error with its line, never a crash), and a linear
 * model is folded into one dense weight vector per binary problem, so a
 * prediction costs one pass over the document's features instead of one
 * kernel evaluation per support vector. */
#ifndef VOCE_SVM_H
#define VOCE_SVM_H

#include <stddef.h>
#include <stdint.h>

#include "featurize.h"
#include "voce.h"

typedef enum voce_kernel { VOCE_KERNEL_LINEAR, VOCE_KERNEL_RBF } voce_kernel;

/* Who solves the training problem. libsvm's SMO is the default; for a
 * large corpus our dual coordinate descent (the algorithm of liblinear,
 * Hsieh et al. 2008) solves the same linear SVM in a fraction of the time,
 * with one difference: its bias is regularised like a weight. Both write
 * the same libsvm model files. */
typedef enum voce_solver { VOCE_SOLVER_LIBSVM, VOCE_SOLVER_DCD } voce_solver;

typedef struct voce_svm_params {
    voce_kernel kernel;
    voce_solver solver;        /* DCD: linear kernel only */
    uint64_t seed;             /* DCD visits examples in a seeded random order */
    double C;
    double gamma;              /* RBF only; 0 means 1 / number of features */
    const double *class_weight; /* per class (0..k-1), or NULL */
    double cache_mb;
    double eps;
    bool verbose;              /* libsvm's progress to stderr */
} voce_svm_params;

/* Training data: vectors x[0..n) with classes y[i] in 0..k-1. With a
 * linear kernel, 'gram' may hold the dot products of a larger set of
 * vectors (row-major, gram_n x gram_n) and index[i] the row of x[i] in it:
 * libsvm then reads kernel values instead of computing them, so that
 * cross-validation over a grid of C computes each dot product once. */
typedef struct voce_svm_problem {
    size_t n;
    const voce_vec *x;
    const int *y;
    int k;
    const double *gram;
    size_t gram_n;
    const size_t *index;
} voce_svm_problem;

/* The dot products of x[0..n) with each other, for voce_svm_problem.gram. */
double *voce_svm_gram(const voce_vec *x, size_t n, uint32_t dim);

typedef struct voce_svm voce_svm;

/* Train; 'dim' is the highest feature index (featurize.c). */
voce_status voce_svm_train(voce_svm **out, const voce_svm_problem *p,
                           const voce_svm_params *params, uint32_t dim, voce_error *err);

/* Write the trained model in libsvm's format to 'path' (not atomic: the
 * caller writes to a temporary name and renames). */
voce_status voce_svm_save(const voce_svm *m, const char *path, voce_error *err);

/* Read a libsvm model file; features beyond 'dim' are an error. */
voce_status voce_svm_load(voce_svm **out, const char *path, uint32_t dim, voce_error *err);

/* The voce_hash of the bytes of the file 'm' was read from (0 for an SVM
 * trained, not read): what a model's generation is made of. */
uint64_t voce_svm_file_hash(const voce_svm *m);

void voce_svm_free(voce_svm *m);

/* How many classes, and the class (0..k-1) of the model's i-th class in
 * libsvm's order. */
int voce_svm_nclasses(const voce_svm *m);
int voce_svm_class(const voce_svm *m, int i);
size_t voce_svm_nsv(const voce_svm *m);

/* Decision values of every binary problem (libsvm's pair order: (0,1),
 * (0,2), ..., (1,2), ... over the model's class order) into 'dec', which
 * holds k*(k-1)/2 values; returns the class (0..k-1) that wins the vote. */
int voce_svm_decide(const voce_svm *m, const voce_vec *x, double *dec);

/* For a linear model, the weight of feature 'idx' in binary problem
 * 'pair' (0 for a two-class model); 0 for RBF. */
double voce_svm_weight(const voce_svm *m, size_t pair, uint32_t idx);

/* What a caller computing linear decision values itself needs: whether the
 * kernel is linear, the highest feature index, each pair's intercept, and
 * the vote over given decision values (as voce_svm_decide returns it). */
bool voce_svm_is_linear(const voce_svm *m);
const float *voce_svm_weights(const voce_svm *m, size_t pair); /* [0..dim], linear only */
/* Free a linear model's weights once a caller has copied them (voce_model
 * fuses them): after this, voce_svm_decide and the weight accessors must
 * not be called. */
void voce_svm_drop_weights(voce_svm *m);
uint32_t voce_svm_dim(const voce_svm *m);
double voce_svm_rho(const voce_svm *m, size_t pair);
int voce_svm_vote(const voce_svm *m, const double *dec);

#endif
