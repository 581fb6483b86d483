/* calibrate.c -- Platt scaling, pairwise coupling and temperature scaling. */
#include "calibrate.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* log(1 + exp(-|f|)) + the rest, written to never overflow. */
static double loss(double f, double t)
{
    return f >= 0 ? t * f + log1p(exp(-f)) : (t - 1) * f + log1p(exp(f));
}

void voce_sigmoid_fit(const double *dec, const bool *positive, size_t n, double *A, double *B)
{
    double prior1 = 0, prior0 = 0;
    for (size_t i = 0; i < n; i++)
        positive[i] ? prior1++ : prior0++;
    /* Smoothed targets keep the fit finite on separable data. */
    double hi = (prior1 + 1) / (prior1 + 2), lo = 1 / (prior0 + 2);
    double a = 0, b = log((prior0 + 1) / (prior1 + 1));
    double fval = 0;
    for (size_t i = 0; i < n; i++)
        fval += loss(dec[i] * a + b, positive[i] ? hi : lo);
    for (int iter = 0; iter < 100; iter++) {
        double h11 = 1e-12, h22 = 1e-12, h21 = 0, g1 = 0, g2 = 0;
        for (size_t i = 0; i < n; i++) {
            double f = dec[i] * a + b, p, q;
            if (f >= 0) {
                p = exp(-f) / (1 + exp(-f));
                q = 1 / (1 + exp(-f));
            } else {
                p = 1 / (1 + exp(f));
                q = exp(f) / (1 + exp(f));
            }
            double d2 = p * q, d1 = (positive[i] ? hi : lo) - p;
            h11 += dec[i] * dec[i] * d2;
            h22 += d2;
            h21 += dec[i] * d2;
            g1 += dec[i] * d1;
            g2 += d1;
        }
        if (fabs(g1) < 1e-5 && fabs(g2) < 1e-5)
            break;
        double det = h11 * h22 - h21 * h21;
        double da = -(h22 * g1 - h21 * g2) / det, db = -(-h21 * g1 + h11 * g2) / det;
        double gd = g1 * da + g2 * db, step = 1;
        while (step >= 1e-10) {
            double na = a + step * da, nb = b + step * db, nf = 0;
            for (size_t i = 0; i < n; i++)
                nf += loss(dec[i] * na + nb, positive[i] ? hi : lo);
            if (nf < fval + 0.0001 * step * gd) {
                a = na;
                b = nb;
                fval = nf;
                break;
            }
            step /= 2;
        }
        if (step < 1e-10)
            break;
    }
    *A = a;
    *B = b;
}

double voce_sigmoid(double dec, double A, double B)
{
    double f = dec * A + B;
    return f >= 0 ? exp(-f) / (1 + exp(-f)) : 1 / (1 + exp(f));
}

void voce_couple(int k, const double *r, double *p)
{
    size_t kk = (size_t)k;
    /* On the stack for the few classes of a one-vs-one model: this runs
     * for every text classified. */
    double Q_small[16 * 16], Qp_small[16];
    bool small = kk <= 16;
    double *Q = small ? Q_small : voce_xmalloc(kk * kk * sizeof *Q);
    double *Qp = small ? Qp_small : voce_xmalloc(kk * sizeof *Qp);
    memset(Q, 0, kk * kk * sizeof *Q);
    for (int t = 0; t < k; t++) {
        p[t] = 1.0 / k;
        for (int j = 0; j < k; j++) {
            if (j == t)
                continue;
            Q[t * kk + t] += r[j * kk + t] * r[j * kk + t];
            Q[t * kk + j] = -r[j * kk + t] * r[t * kk + j];
        }
    }
    double eps = 0.005 / k;
    int max_iter = k > 100 ? k : 100;
    for (int iter = 0; iter < max_iter; iter++) {
        double pQp = 0;
        for (int t = 0; t < k; t++) {
            Qp[t] = 0;
            for (int j = 0; j < k; j++)
                Qp[t] += Q[t * kk + j] * p[j];
            pQp += p[t] * Qp[t];
        }
        double max_error = 0;
        for (int t = 0; t < k; t++)
            if (fabs(Qp[t] - pQp) > max_error)
                max_error = fabs(Qp[t] - pQp);
        if (max_error < eps)
            break;
        for (int t = 0; t < k; t++) {
            double diff = (-Qp[t] + pQp) / Q[t * kk + t];
            p[t] += diff;
            pQp = (pQp + diff * (diff * Q[t * kk + t] + 2 * Qp[t])) / (1 + diff) / (1 + diff);
            for (int j = 0; j < k; j++) {
                Qp[j] = (Qp[j] + diff * Q[t * kk + j]) / (1 + diff);
                p[j] /= 1 + diff;
            }
        }
    }
    if (!small) {
        free(Q);
        free(Qp);
    }
}

/* The log-loss of softmax(scores / T) over the n examples. */
static double temperature_loss(const double *scores, const int *gold, size_t n, size_t k, double T)
{
    double total = 0;
    for (size_t i = 0; i < n; i++) {
        const double *s = scores + i * k;
        double sum = 0;
        for (size_t l = 0; l < k; l++)
            sum += exp(s[l] / T); /* each row's best is 0: no overflow */
        total += log(sum) - s[gold[i]] / T;
    }
    return total;
}

double voce_temperature_fit(const double *scores, const int *gold, size_t n, size_t k)
{
    /* The loss is convex in 1/T, so it has one minimum along log T: a
     * golden-section search finds it. */
    const double phi = (sqrt(5.0) - 1) / 2;
    double lo = log(0.01), hi = log(100.0);
    double a = hi - phi * (hi - lo), b = lo + phi * (hi - lo);
    double fa = temperature_loss(scores, gold, n, k, exp(a));
    double fb = temperature_loss(scores, gold, n, k, exp(b));
    for (int it = 0; it < 60; it++) {
        if (fa <= fb) {
            hi = b;
            b = a;
            fb = fa;
            a = hi - phi * (hi - lo);
            fa = temperature_loss(scores, gold, n, k, exp(a));
        } else {
            lo = a;
            a = b;
            fa = fb;
            b = lo + phi * (hi - lo);
            fb = temperature_loss(scores, gold, n, k, exp(b));
        }
    }
    return exp((lo + hi) / 2);
}
