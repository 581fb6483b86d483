/* fuzz_analyze.c -- the normaliser and tokeniser: voce_analyze() on any bytes.
 *
 * The first byte chooses the language (identified, forced "it", forced
 * "en"); the rest is the text. Checks what voce.h promises about tokens:
 * offsets inside the input and in order, NUL-terminated texts of the length
 * given, a known type, and a language among it, en, und. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "voce.h"

static voce_analyzer *analyzer;
static voce_doc *doc;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    voce_error err;
    if (voce_analyzer_load(&analyzer, VOCE_LEXICONS, &err) != VOCE_OK)
        fuzz_fail("cannot load the analyzer: %s: %s", err.where, err.msg);
    doc = voce_doc_new();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const langs[] = {NULL, "it", "en"};
    if (size == 0)
        return 0;
    const char *lang = langs[data[0] % 3];
    /* A copy of exactly the text's size, so reading past it is caught. */
    size_t len = size - 1;
    char *text = malloc(len ? len : 1);
    memcpy(text, data + 1, len);
    voce_analyze(analyzer, text, len, lang, doc);

    size_t n;
    const voce_token *tok = voce_doc_tokens(doc, &n);
    uint32_t prev_start = 0;
    for (size_t i = 0; i < n; i++) {
        const voce_token *t = &tok[i];
        FUZZ_CHECK(t->text != NULL);
        FUZZ_CHECK(strlen(t->text) == t->len);
        FUZZ_CHECK(t->start <= t->end && t->end <= len);
        FUZZ_CHECK(t->start >= prev_start);
        FUZZ_CHECK(t->type < VOCE_TOK_TYPE_COUNT);
        prev_start = t->start;
        char buf[64];
        size_t need = voce_token_describe(t, buf, sizeof buf);
        FUZZ_CHECK(strlen(buf) == (need < sizeof buf ? need : sizeof buf - 1));
    }
    const char *got = voce_doc_lang(doc);
    FUZZ_CHECK(strcmp(got, "it") == 0 || strcmp(got, "en") == 0 || strcmp(got, "und") == 0);
    if (lang)
        FUZZ_CHECK(strcmp(got, lang) == 0);
    FUZZ_CHECK(voce_doc_invalid_bytes(doc) <= len);

    double conf = -1;
    const char *detected = voce_lang_detect(analyzer, text, len, &conf);
    FUZZ_CHECK(detected != NULL && conf >= 0 && conf <= 1);
    free(text);
    return 0;
}
