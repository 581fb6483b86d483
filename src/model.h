/* model.h -- a trained voce model: what it predicts, how its vectors are
 * built, its SVMs and their calibration, and how it was trained.
 *
 * On disk a model NAME is NAME.meta (our 'key value' lines) and one libsvm
 * file per SVM, NAME.<generation>.model (sentiment) or
 * NAME.<generation>.<label>.model (topics). The meta is written last and
 * renamed into place: it is the commit point, so a reader sees the old
 * model or the new one, never a mix, and an interrupted training leaves
 * the previous model intact. */
#ifndef VOCE_MODEL_H
#define VOCE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "featurize.h"
#include "svm.h"
#include "voce.h"

#define VOCE_MODEL_FORMAT 1

/* The lexicon scorer's version, recorded in each model ('lexicon_scorer N').
 * A change to lexscore.c that changes what the scorer gives for the same
 * lexicons and rules changes the features a model was trained on, which no
 * checksum of the lexicon files sees: bump this, and models of the scorer
 * before are refused (or, with --force, used with a warning).
 *   1  a sentiment rule and a lexicon term over the same words both counted
 *   2  they count once, at the stronger weight (models without the line: 1)
 *   3  a sentiment rule inside a negation scope is negated like a word
 *   4  a self-negated phrase gives way to a longer polar phrase that starts
 *      inside it ("non è arrivato rotto": "non" negates "arrivato rotto")
 *   5  so does a phrase with a negator further in, to a longer phrase that
 *      starts after it ("did not arrive late": "not" negates "arrive late")
 *   6  an emoji or emoticon ends a negation scope, unnegated ("nessuna
 *      risposta 😡" stays angry) */
#define VOCE_LEXICON_SCORER 6

typedef enum voce_task { VOCE_TASK_SENTIMENT, VOCE_TASK_TOPIC } voce_task;

typedef struct voce_model {
    voce_task task;
    char lang[8];
    voce_features_config fc;
    float *idf;          /* NULL, or a weight per feature index (TF-IDF) */
    unsigned idf_min_df; /* the IDF is 0 for features in fewer training texts */
    uint64_t lexicon_checksum, rules_checksum;
    unsigned lexicon_scorer; /* VOCE_LEXICON_SCORER when it was trained */
    char **labels;       /* class names (sentiment) or topic names (topic) */
    size_t nlabels;
    /* One binary SVM per label (one-vs-rest): always for topics, and for a
     * single-label task with many classes; otherwise one one-vs-one SVM. */
    bool ovr;
    voce_svm **svm;
    size_t nsvm;
    /* Label parts (single-label, one-vs-rest): labels written PARENT#CHILD,
     * as SemEval's aspect categories ("LAPTOP#QUALITY"), also get one SVM
     * per parent and per child, after the labels' own in 'svm' and named
     * "LAPTOP#" and "#QUALITY", so that a label with few examples borrows
     * those of its parts. A label scores log p(label) + part_weight *
     * (log p(parent) + log p(child)); cross-validation chooses the weight,
     * 0 when the parts do not help (then nparts is 0 too). The scores
     * divided by the temperature (fitted on the held-out folds) give the
     * labels' probabilities: a weight above 1 makes them overconfident. */
    double part_weight, part_temperature;
    char **parts;
    size_t nparts;
    uint16_t *parent, *child; /* per label: its parts' index in 'parts' */
    /* Calibration: one-vs-one, one sigmoid per class pair (a < b, row-major
     * over a, b); one-vs-rest, one per label, then one per part. */
    double *cal_a, *cal_b;
    size_t ncal;
    /* How it was trained, for the record and for 'voce eval'. */
    voce_kernel kernel;
    voce_solver solver;
    double C, gamma;
    bool class_weights;
    uint64_t seed, train_checksum;
    size_t train_records, folds;
    bool folds_in_file_order; /* --fold-order file (else shuffled) */
    double cv_accuracy, cv_macro_f1, cv_ece; /* of the first draw of folds */
    /* With --cv-repeats R above 1: the macro-F1 averaged over R draws of
     * folds, by which C and the configuration were chosen (else 1 and
     * cv_macro_f1). */
    size_t cv_repeats;
    double cv_repeated_macro_f1;
    char generation[17];
    /* The generation the files read at load make (voce_model_save's hash
     * of their bytes): another than 'generation' when one of them was
     * edited or damaged since it was saved. */
    char files_generation[17];
    /* Every linear decision value of the model at once: row i holds the
     * weights of feature i for each of 'outputs' binary problems (the
     * pairs of the one-vs-one SVM, or each one-vs-rest SVM), so a
     * prediction is one pass over the text's features. Built at load;
     * NULL for RBF models, which go SVM by SVM. */
    float *fused;
    double *fused_rho;
    size_t outputs;
    uint32_t fused_dim;
    /* A base model (voce train --base-model): its probabilities of a text
     * are features of this one (fc.base_labels slots). Named in the meta
     * by its path, relative to this model's directory unless absolute,
     * and by the checksum of its meta, which names its SVM files' contents:
     * a base model changed since is refused, as other lexicons are. */
    struct voce_model *base;
    char *base_path;
    uint64_t base_checksum;
    /* The hashes of the training texts (folded, as the rules see them),
     * NAME.<generation>.texts: so that a model trained on texts its base
     * model was trained on can be refused. Set by the trainer for saving
     * (voce_model_keep_texts); a loaded model has only the path: the file
     * is hashed at load (the generation) and read when asked
     * (voce_model_count_seen). */
    uint64_t *texts;
    size_t ntexts;
    char *texts_path;
} voce_model;

/* Read NAME.meta and the SVM files it names. */
voce_status voce_model_load(voce_model **out, const char *name, voce_error *err);

/* Whether the files of loaded model 'm' are the ones its meta was saved
 * with: they make the generation it names (a meta without one is taken at
 * its word). A base model that is not is refused at load. */
bool voce_model_intact(const voce_model *m);

/* Fill 'err' with "META: its files are not the ones it was saved with
 * ...; REMEDY" for model 'm', whose meta is META. */
voce_status voce_model_changed_error(const voce_model *m, const char *meta, const char *remedy,
                                     voce_error *err);

/* The weight of feature 'idx' in binary problem 'pair' of SVM 'svm' (a
 * linear model's; 0 for RBF). */
double voce_model_weight(const voce_model *m, size_t svm, size_t pair, uint32_t idx);

/* Write 'm' as NAME, atomically; 'svm' files are written from the trained
 * SVMs in m->svm. Removes the files of the model it replaces. */
voce_status voce_model_save(voce_model *m, const char *name, voce_error *err);

void voce_model_free(voce_model *m);

/* Build the vector of the text scored into 'd' as this model wants it. */
void voce_model_vector(const voce_model *m, voce_doc *d, voce_vec *out);

/* The same for tokens [first, end) of that text, as a text of their own,
 * with 'lex' their summary (voce_features_build_span). */
void voce_model_span_vector(const voce_model *m, voce_doc *d, size_t first, size_t end,
                            const voce_lexscore *lex, voce_vec *out);

/* Load NAME as the base model of a model of language 'lang' trained with
 * these lexicon and rules checksums: refused if it does not fit, or if it
 * has a base of its own. 'checksum' receives its meta's checksum. */
voce_status voce_model_load_base(voce_model **out, const char *name, const char *lang,
                                 uint64_t lexicon_checksum, uint64_t rules_checksum,
                                 uint64_t *checksum, voce_error *err);

/* Of the n texts hashed in 'hashes' (voce_model_text_hash), how many the
 * loaded model 'm' was trained on, into *seen (0 for a model of before the
 * hashes were kept). Fails if its file of hashes cannot be read. */
voce_status voce_model_count_seen(const voce_model *m, const uint64_t *hashes, size_t n,
                                  size_t *seen, voce_error *err);

/* Keep the hashes of the n training texts for saving, sorted, each once. */
void voce_model_keep_texts(voce_model *m, const uint64_t *hashes, size_t n);

/* The hash of a training text scored into 'd' (its folded form). */
uint64_t voce_model_text_hash(const voce_doc *d);

/* The path of model 'base' as a model saved as NAME should record it:
 * absolute (its directory resolved) when 'base' is, or when the two share
 * nothing but the root; else relative to NAME's directory, so that the
 * two can move together. Freed by the caller; NULL (with 'err') if either
 * directory cannot be resolved. */
char *voce_model_base_path(const char *name, const char *base, voce_error *err);

/* Find the parts of m's labels (see part_weight): true, with m->parts,
 * nparts, parent and child set, when every label is PARENT#CHILD (one '#',
 * text on both sides) and some part is shared by two labels or more. */
bool voce_model_find_parts(voce_model *m);

/* Forget m's parts: their names, indices, weight and temperature. */
void voce_model_drop_parts(voce_model *m);

/* Weigh the calibrated probabilities 'p' of m's labels by their parts'
 * 'pp' (see part_weight): 'p' becomes the distribution of the labels'
 * scores at m's temperature, and the best label is returned (the first of
 * equals). 'scores', when given, receives each label's score less the
 * best's. */
int voce_model_weigh_parts(const voce_model *m, double *p, const double *pp, double *scores);

/* Index of a class pair (a < b) among k classes. */
size_t voce_model_pair(size_t k, size_t a, size_t b);

/* Single-label: the class probabilities p[0..nlabels) of 'x'; returns the
 * chosen class. Topic: p[i] is the probability of label i; returns -1.
 * 'dec' is scratch of at least VOCE_MODEL_MAX_DEC doubles. */
enum { VOCE_MODEL_MAX_LABELS = 128, VOCE_MODEL_MAX_OVO = 16, VOCE_MODEL_MAX_DEC = 128 };
int voce_model_predict(const voce_model *m, const voce_vec *x, double *p, double *dec);

/* The decision value of 'x' for class pair (a, b), positive towards a
 * (one-vs-one), or for label a (one-vs-rest: b unused); NAN if that SVM
 * lacks a class. */
double voce_model_decision(const voce_model *m, const double *dec, size_t svm, size_t a,
                           size_t b);

#endif
