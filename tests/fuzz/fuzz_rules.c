/* fuzz_rules.c -- the rules loader: rules.tsv compiled with PCRE2, then run.
 *
 * The input is a rules.tsv. A file that loads is matched against a few
 * texts, long ones included, under the match limit: a rule that explodes
 * must hit the limit (and be counted), never hang, and every rule must
 * give the hit it gives run alone on the whole text (the prefilter and its
 * sentence confinement, prefilter.c, are sound for any pattern). A file
 * that does not load must say where ("file:line", or "file:line:col" for
 * a pattern). */
#include <stdlib.h>
#include <string.h>

#include "fuzz_util.h"
#include "regex.h"
#include "rules.h"
#include "utf8.h"

static voce_regex_scratch *scratch;
static char *long_text;
static size_t long_len;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    scratch = voce_regex_scratch_new();
    /* What the rules see is folded text: lower case, no accents. */
    static const char piece[] = "ahahah!!! non e mai arrivato, addebitato due volte ";
    long_len = 40 * (sizeof piece - 1);
    long_text = malloc(long_len);
    for (size_t i = 0; i < 40; i++)
        memcpy(long_text + i * (sizeof piece - 1), piece, sizeof piece - 1);
    return 0;
}

static void run(const voce_rules *r, const char *text, size_t len)
{
    voce_rule_hit *hits = NULL;
    size_t nhits = 0, cap = 0;
    size_t limited = voce_rules_match(r, text, len, scratch, &hits, &nhits, &cap);
    FUZZ_CHECK(limited <= r->n && nhits <= r->n);
    for (size_t i = 0; i < nhits; i++) {
        FUZZ_CHECK(hits[i].rule < r->n);
        FUZZ_CHECK(hits[i].start <= hits[i].end && hits[i].end <= len);
        FUZZ_CHECK(i == 0 || hits[i - 1].rule < hits[i].rule);
    }
    /* The same first match as each rule run on the whole text: the
     * prefilter's literals and its sentence confinement must be sound for
     * any pattern (a rule that hit the match limit on either path aside). */
    size_t h = 0;
    for (size_t i = 0; i < r->n && limited == 0; i++) {
        voce_regex_match m;
        int rc = voce_regex_find(r->rule[i].re, text, len, 0, scratch, &m);
        bool listed = h < nhits && hits[h].rule == i;
        if (rc >= 0) {
            FUZZ_CHECK(listed == (rc > 0));
            FUZZ_CHECK(!listed || (hits[h].start == m.start && hits[h].end == m.end));
        }
        h += listed;
    }
    free(hits);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *path = fuzz_path("rules.tsv");
    fuzz_write(path, data, size);
    voce_rules *r;
    voce_error err;
    memset(&err, 0, sizeof err);
    if (voce_rules_load(&r, path, &err) != VOCE_OK) {
        FUZZ_CHECK(r == NULL);
        FUZZ_CHECK(err.msg[0] != '\0');
        FUZZ_CHECK(strncmp(err.where, path, strlen(path)) == 0 && err.where[strlen(path)] == ':');
        return 0;
    }
    for (size_t i = 0; i < r->n; i++) {
        FUZZ_CHECK(r->rule[i].name != NULL && r->rule[i].re != NULL);
        FUZZ_CHECK(r->rule[i].effect != VOCE_RULE_TOPIC || r->rule[i].topic != NULL);
    }
    static const char *const texts[] = {
        "",
        "non funziona",
        "il pacco non e mai arrivato!!! pessimo servizio",
        "would not recommend, charged twice and nobody answers?",
    };
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        run(r, texts[i], strlen(texts[i]));
    run(r, long_text, long_len);
    /* The file itself, where it is valid UTF-8 (rules see valid text only). */
    size_t n = size < 1024 ? size : 1024;
    while (n && ((unsigned char)data[n - 1] & 0xC0) == 0x80)
        n--;
    if (voce_utf8_is_valid((const char *)data, n))
        run(r, (const char *)data, n);
    voce_rules_free(r);
    return 0;
}
