/* fuzz_lexicon.c -- the lexicon loaders: every TSV of lexicons/<lang>/,
 * emoji.tsv, stopwords.tsv and placeholders.tsv, through voce_classifier_load().
 *
 * At start the target copies a few lines of every shipped file into a
 * lexicon directory of its own. The first byte of an input chooses one of
 * those files, which the rest of the input replaces. A file that loads is
 * then used: the input itself is classified, so fuzzed terms and patterns
 * meet text that holds them. A file that does not load must say where
 * ("file:line") and what is wrong. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"
#include "voce.h"

static const char *const files[] = {
    "it/polarity.tsv",  "it/negators.tsv", "it/intensifiers.tsv", "it/contrast.tsv",
    "it/churn.tsv",     "it/topics.tsv",   "it/stopwords.tsv",    "emoji.tsv",
    "placeholders.tsv", "en/polarity.tsv", "en/negators.tsv",     "en/topics.tsv",
};
enum { NFILES = sizeof files / sizeof *files };

static char lexdir[4096];
static char *original[NFILES];
static size_t original_len[NFILES];
static voce_doc *doc;

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fuzz_fail("cannot open %s", path);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, fp);
    fclose(fp);
    return buf;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    snprintf(lexdir, sizeof lexdir, "%s", fuzz_path("lexicons"));
    mkdir(lexdir, 0755);
    fuzz_small_lexicons(lexdir, 40);
    for (size_t i = 0; i < NFILES; i++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/%s", lexdir, files[i]);
        original[i] = slurp(path, &original_len[i]);
    }
    doc = voce_doc_new();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    size_t which = data[0] % NFILES;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s", lexdir, files[which]);
    fuzz_write(path, data + 1, size - 1);

    voce_options opt = {.lexicon_dir = lexdir, .lexicon_only = true};
    voce_error err;
    memset(&err, 0, sizeof err);
    voce_classifier *c;
    voce_status st = voce_classifier_load(&c, &opt, &err);
    if (st != VOCE_OK) {
        FUZZ_CHECK(c == NULL);
        FUZZ_CHECK(err.msg[0] != '\0');
        /* A file that is there but wrong names itself and the line. */
        if (err.status != VOCE_ERR_IO)
            FUZZ_CHECK(strstr(err.where, ".tsv:") != NULL);
    } else {
        size_t len = size - 1 < 512 ? size - 1 : 512;
        voce_result res;
        voce_classify(c, doc, (const char *)data + 1, len, &res);
        FUZZ_CHECK(res.score >= -1 && res.score <= 1);
        voce_classify(c, doc, "non è affatto male, ma il pacco è arrivato tardi :(", 51, &res);
        voce_classifier_free(c);
    }
    fuzz_write(path, original[which], original_len[which]);
    return 0;
}
