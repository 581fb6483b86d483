/* calibrate.h -- turning SVM decision values into probabilities.
 *
 * Platt scaling fitted on held-out decision values (the cross-validation
 * folds of training), and pairwise coupling to combine the binary
 * probabilities of a one-vs-one multi-class SVM into one distribution;
 * temperature scaling for scores that are log-probabilities in name only. */
#ifndef VOCE_CALIBRATE_H
#define VOCE_CALIBRATE_H

#include <stdbool.h>
#include <stddef.h>

/* Fit P(positive | d) = 1 / (1 + exp(A d + B)) to decision values 'dec'
 * with labels 'positive' (Platt 1999, with the Newton method and target
 * smoothing of Lin, Lin and Weng 2007). */
void voce_sigmoid_fit(const double *dec, const bool *positive, size_t n, double *A, double *B);

double voce_sigmoid(double dec, double A, double B);

/* Combine pairwise probabilities r[i*k+j] = P(i | i or j) into class
 * probabilities p[0..k) (Wu, Lin and Weng 2004, method 2). */
void voce_couple(int k, const double *r, double *p);

/* The temperature T that makes softmax(scores / T) the best distribution
 * of n examples' classes 'gold' (the least log-loss, Guo et al. 2017):
 * 'scores' is n x k, each row's best 0. T is searched from 0.01 to 100. */
double voce_temperature_fit(const double *scores, const int *gold, size_t n, size_t k);

#endif
