/* fuzz_classify.c -- the whole classify path: voce_classify() on any bytes,
 * with the shipped lexicons and rules.
 *
 * Two classifiers: the lexicon scorer alone, and one with small SVM models
 * (sentiment and topics, Italian and English) trained at start from the
 * first records of corpus/ (skipped if the corpus is not there). The first
 * byte of an input chooses the classifier and the language (identified,
 * "it", "en"); the rest is the text. Checks the promises of voce.h: a
 * verdict for every text, scores and confidences in range, cues inside the
 * text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "voce.h"

/* Records to train on: fewer under valgrind (tools/check --valgrind). */
static size_t train_records(void)
{
    const char *quick = getenv("VOCE_TEST_QUICK");
    return quick && strcmp(quick, "1") == 0 ? 60 : 300;
}

static voce_classifier *classifier[2][3]; /* [with models][lang] */
static voce_doc *doc;

static long column(voce_reader *r, const char *name)
{
    const char *const *cols;
    size_t n = voce_reader_columns(r, &cols);
    for (size_t i = 0; i < n; i++)
        if (strcmp(cols[i], name) == 0)
            return (long)i;
    return -1;
}

/* Train <fuzz_dir>/<lang>-<task> from the corpus; false if it cannot. */
static bool train(const voce_classifier *c, const char *lang, const char *task)
{
    char corpus[4096], name[4096];
    snprintf(corpus, sizeof corpus, "%s/corpus/%s/train.tsv", VOCE_SOURCE_DIR, lang);
    snprintf(name, sizeof name, "%s/%s-%s", fuzz_dir(), lang, task);
    voce_error err;
    voce_reader *r;
    if (voce_reader_open(&r, corpus, NULL, &err) != VOCE_OK)
        return false;
    bool topic = strcmp(task, "topic") == 0;
    long lc = column(r, topic ? "topics" : "sentiment");
    voce_train_options to = {.task = task, .lang = lang, .C = 1, .folds = 2};
    voce_trainer *t;
    if (lc < 0 || voce_trainer_new(&t, c, &to, &err) != VOCE_OK) {
        voce_reader_close(r);
        return false;
    }
    voce_record rec;
    size_t added = 0;
    int got;
    size_t want = train_records();
    while (added < want && (got = voce_reader_next(r, &rec, &err)) != 0) {
        if (got > 0 && rec.text_len && (size_t)lc < rec.nfields && rec.field_len[lc] &&
            voce_trainer_add(t, rec.text, rec.text_len, rec.field[lc], &err) == VOCE_OK)
            added++;
    }
    voce_reader_close(r);
    bool ok = voce_trainer_finish(t, name, NULL, &err) == VOCE_OK;
    if (!ok)
        fprintf(stderr, "fuzz_classify: cannot train %s: %s: %s\n", name, err.where, err.msg);
    voce_trainer_free(t);
    return ok;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static const char *const langs[] = {NULL, "it", "en"};
    voce_error err;
    for (int l = 0; l < 3; l++) {
        voce_options opt = {.lexicon_dir = VOCE_LEXICONS, .lang = langs[l], .lexicon_only = true};
        if (voce_classifier_load(&classifier[0][l], &opt, &err) != VOCE_OK)
            fuzz_fail("cannot load the lexicons: %s: %s", err.where, err.msg);
    }
    bool models = true;
    for (int l = 1; l < 3 && models; l++)
        models = train(classifier[0][0], langs[l], "sentiment") &&
                 train(classifier[0][0], langs[l], "topic");
    for (int l = 0; l < 3 && models; l++) {
        voce_options opt = {
            .lexicon_dir = VOCE_LEXICONS, .lang = langs[l], .model_dir = fuzz_dir()};
        if (voce_classifier_load(&classifier[1][l], &opt, &err) != VOCE_OK) {
            /* Saving and loading models is tested elsewhere: go on fuzzing. */
            fprintf(stderr, "fuzz_classify: cannot load the trained models: %s: %s\n", err.where,
                    err.msg);
            models = false;
            for (int k = 0; k < l; k++)
                voce_classifier_free(classifier[1][k]);
        }
    }
    if (!models) {
        fprintf(stderr, "fuzz_classify: no trained models: lexicon scorer only\n");
        for (int l = 0; l < 3; l++)
            classifier[1][l] = classifier[0][l];
    }
    doc = voce_doc_new();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    const voce_classifier *c = classifier[(data[0] >> 2) & 1][data[0] % 3];
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);
    memcpy(text, data + 1, len);
    voce_result res;
    memset(&res, 0, sizeof res);
    voce_classify(c, doc, text, len, &res);
    FUZZ_CHECK(res.lang && res.sentiment && res.method && res.topics && res.flags);
    FUZZ_CHECK(res.topic_sentiments);
    FUZZ_CHECK(res.score >= -1 && res.score <= 1);
    FUZZ_CHECK(res.confidence >= 0 && res.confidence <= 1);
    FUZZ_CHECK(strchr(res.topics, '\t') == NULL && strchr(res.topics, '\n') == NULL);
    size_t ncues;
    const voce_cue *cue = voce_doc_cues(doc, &ncues);
    for (size_t i = 0; i < ncues; i++) {
        FUZZ_CHECK(cue[i].kind <= VOCE_CUE_FEATURE);
        FUZZ_CHECK(cue[i].name != NULL);
        FUZZ_CHECK(cue[i].start <= cue[i].end && cue[i].end <= len);
    }
    free(text);
    return 0;
}
