/* eval.c -- how good predictions are: accuracy, precision, recall, F1,
 * confusion, calibration.
 *
 * Labels are discovered as they come. Macro-F1 is averaged over the gold
 * classes (the classes present in the gold labels), the convention of the
 * figures in ../shared/benchmarks/peers.md: a predicted label that is not a
 * gold class only costs precision of nothing and recall of the true class. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "eval.h"
#include "mem.h"
#include "voce.h"

enum { MAX_LABELS = 128, ECE_BINS = 10 };

struct voce_metrics {
    bool multilabel;
    char *label[MAX_LABELS];
    size_t nlabels;
    bool gold_class[MAX_LABELS];
    size_t confusion[MAX_LABELS][MAX_LABELS]; /* [gold][pred], single-label */
    size_t tp[MAX_LABELS], fp[MAX_LABELS], fn[MAX_LABELS];
    size_t n, correct;
    size_t bin_n[ECE_BINS], bin_correct[ECE_BINS];
    double bin_conf[ECE_BINS];
    bool have_conf;
};

voce_metrics *voce_metrics_new(bool multilabel)
{
    voce_metrics *m = voce_xcalloc(1, sizeof *m);
    m->multilabel = multilabel;
    return m;
}

void voce_metrics_free(voce_metrics *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nlabels; i++)
        free(m->label[i]);
    free(m);
}

static int label_id(voce_metrics *m, const char *s, size_t len)
{
    for (size_t i = 0; i < m->nlabels; i++)
        if (strlen(m->label[i]) == len && memcmp(m->label[i], s, len) == 0)
            return (int)i;
    if (m->nlabels == MAX_LABELS)
        return -1;
    m->label[m->nlabels] = voce_xstrndup(s, len);
    return (int)m->nlabels++;
}

/* The label ids of a '|'-separated set into 'ids'; returns how many. */
static size_t label_set(voce_metrics *m, const char *s, int *ids)
{
    size_t n = 0;
    while (*s) {
        size_t len = strcspn(s, "|");
        if (len) {
            int id = label_id(m, s, len);
            bool dup = false;
            for (size_t i = 0; i < n; i++)
                dup |= ids[i] == id;
            if (id >= 0 && !dup)
                ids[n++] = id;
        }
        s += len + (s[len] == '|');
    }
    return n;
}

void voce_metrics_add(voce_metrics *m, const char *gold, const char *pred, double confidence)
{
    m->n++;
    if (m->multilabel) {
        int g[MAX_LABELS], p[MAX_LABELS];
        size_t ng = label_set(m, gold, g), np = label_set(m, pred, p);
        bool exact = ng == np;
        for (size_t i = 0; i < ng; i++) {
            m->gold_class[g[i]] = true;
            bool hit = false;
            for (size_t j = 0; j < np; j++)
                hit |= p[j] == g[i];
            hit ? m->tp[g[i]]++ : m->fn[g[i]]++;
            exact &= hit;
        }
        for (size_t j = 0; j < np; j++) {
            bool hit = false;
            for (size_t i = 0; i < ng; i++)
                hit |= p[j] == g[i];
            if (!hit)
                m->fp[p[j]]++;
        }
        m->correct += exact;
        return;
    }
    int g = label_id(m, gold, strlen(gold)), p = label_id(m, pred, strlen(pred));
    if (g < 0 || p < 0)
        return;
    m->gold_class[g] = true;
    m->confusion[g][p]++;
    if (g == p) {
        m->tp[g]++;
        m->correct++;
    } else {
        m->fn[g]++;
        m->fp[p]++;
    }
    if (confidence >= 0) {
        m->have_conf = true;
        int bin = (int)(confidence * ECE_BINS);
        bin = bin < 0 ? 0 : bin >= ECE_BINS ? ECE_BINS - 1 : bin;
        m->bin_n[bin]++;
        m->bin_correct[bin] += g == p;
        m->bin_conf[bin] += confidence;
    }
}

void voce_metrics_take(voce_metrics *dst, voce_metrics *src)
{
    for (size_t i = 0; i < dst->nlabels; i++)
        free(dst->label[i]);
    *dst = *src;
    src->nlabels = 0;
    bool multilabel = src->multilabel;
    memset(src, 0, sizeof *src);
    src->multilabel = multilabel;
}

size_t voce_metrics_count(const voce_metrics *m)
{
    return m->n;
}

double voce_metrics_accuracy(const voce_metrics *m)
{
    return m->n ? (double)m->correct / (double)m->n : 0;
}

static double f1(size_t tp, size_t fp, size_t fn)
{
    return tp ? 2.0 * tp / (2.0 * tp + fp + fn) : 0;
}

double voce_metrics_macro_f1(const voce_metrics *m)
{
    double sum = 0;
    size_t n = 0;
    for (size_t i = 0; i < m->nlabels; i++) {
        if (!m->gold_class[i])
            continue;
        sum += f1(m->tp[i], m->fp[i], m->fn[i]);
        n++;
    }
    return n ? sum / (double)n : 0;
}

double voce_metrics_micro_f1(const voce_metrics *m)
{
    size_t tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < m->nlabels; i++) {
        tp += m->tp[i];
        fp += m->fp[i];
        fn += m->fn[i];
    }
    return f1(tp, fp, fn);
}

double voce_metrics_ece(const voce_metrics *m)
{
    if (!m->have_conf || !m->n)
        return -1;
    double ece = 0;
    size_t total = 0;
    for (int b = 0; b < ECE_BINS; b++)
        total += m->bin_n[b];
    for (int b = 0; b < ECE_BINS; b++) {
        if (!m->bin_n[b])
            continue;
        double acc = (double)m->bin_correct[b] / (double)m->bin_n[b];
        double conf = m->bin_conf[b] / (double)m->bin_n[b];
        ece += (double)m->bin_n[b] / (double)total * fabs(acc - conf);
    }
    return ece;
}

/* Labels in name order, for stable output. */
static void sorted_labels(const voce_metrics *m, size_t *order)
{
    for (size_t i = 0; i < m->nlabels; i++)
        order[i] = i;
    for (size_t i = 1; i < m->nlabels; i++)
        for (size_t j = i; j > 0 && strcmp(m->label[order[j - 1]], m->label[order[j]]) > 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

static void json_string(FILE *out, const char *s)
{
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        if ((unsigned char)*s < 0x20)
            fprintf(out, "\\u%04x", *s);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

void voce_metrics_print(const voce_metrics *m, FILE *out, bool json)
{
    size_t order[MAX_LABELS];
    sorted_labels(m, order);
    double ece = voce_metrics_ece(m);
    if (json) {
        fprintf(out, "{\"records\":%zu,\"accuracy\":%.4f,\"macro_f1\":%.4f,\"micro_f1\":%.4f",
                m->n, voce_metrics_accuracy(m), voce_metrics_macro_f1(m),
                voce_metrics_micro_f1(m));
        if (ece >= 0)
            fprintf(out, ",\"ece\":%.4f", ece);
        fputs(",\"classes\":{", out);
        for (size_t k = 0; k < m->nlabels; k++) {
            size_t i = order[k];
            size_t tp = m->tp[i], fp = m->fp[i], fn = m->fn[i];
            fputs(k ? "," : "", out);
            json_string(out, m->label[i]);
            fprintf(out, ":{\"precision\":%.4f,\"recall\":%.4f,\"f1\":%.4f,\"support\":%zu}",
                    tp + fp ? (double)tp / (double)(tp + fp) : 0,
                    tp + fn ? (double)tp / (double)(tp + fn) : 0, f1(tp, fp, fn), tp + fn);
        }
        fputc('}', out);
        if (!m->multilabel) {
            fputs(",\"confusion\":{", out);
            for (size_t a = 0; a < m->nlabels; a++) {
                fputs(a ? "," : "", out);
                json_string(out, m->label[order[a]]);
                fputs(":{", out);
                for (size_t b = 0; b < m->nlabels; b++) {
                    fputs(b ? "," : "", out);
                    json_string(out, m->label[order[b]]);
                    fprintf(out, ":%zu", m->confusion[order[a]][order[b]]);
                }
                fputc('}', out);
            }
            fputc('}', out);
        }
        fputs("}\n", out);
        return;
    }
    fprintf(out, "records   %zu\n", m->n);
    fprintf(out, "%s  %.4f\n", m->multilabel ? "exact set" : "accuracy ", voce_metrics_accuracy(m));
    fprintf(out, "macro-F1  %.4f   (over the gold classes)\n", voce_metrics_macro_f1(m));
    if (m->multilabel)
        fprintf(out, "micro-F1  %.4f\n", voce_metrics_micro_f1(m));
    if (ece >= 0)
        fprintf(out, "ECE       %.4f   (expected calibration error, 10 bins)\n", ece);
    fprintf(out, "\n%-24s %9s %9s %9s %9s\n", "class", "precision", "recall", "F1", "support");
    for (size_t k = 0; k < m->nlabels; k++) {
        size_t i = order[k];
        size_t tp = m->tp[i], fp = m->fp[i], fn = m->fn[i];
        fprintf(out, "%-24s %9.4f %9.4f %9.4f %9zu\n", m->label[i],
                tp + fp ? (double)tp / (double)(tp + fp) : 0,
                tp + fn ? (double)tp / (double)(tp + fn) : 0, f1(tp, fp, fn), tp + fn);
    }
    if (m->multilabel)
        return;
    fprintf(out, "\nconfusion (rows: gold, columns: predicted)\n%-14s", "");
    for (size_t b = 0; b < m->nlabels; b++)
        fprintf(out, " %10.10s", m->label[order[b]]);
    fputc('\n', out);
    for (size_t a = 0; a < m->nlabels; a++) {
        fprintf(out, "%-14.14s", m->label[order[a]]);
        for (size_t b = 0; b < m->nlabels; b++)
            fprintf(out, " %10zu", m->confusion[order[a]][order[b]]);
        fputc('\n', out);
    }
}
