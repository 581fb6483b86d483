/* test_placeholders.c -- the analyzer tries the placeholder pattern only
 * around "hot" words (analyzer.c, find_placeholders). That must find
 * exactly what trying it everywhere finds: this test runs the plain,
 * unanchored search over the same clean texts (the tokenizer table, the
 * corpus, a list of placeholder-heavy lines, and $VOCE_PLACEHOLDER_TEXTS,
 * a file of one text per line, when set) and compares the spans. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "regex.h"
#include "tsvfile.h"
#include "voce.h"

typedef struct check {
    voce_analyzer *analyzer;
    voce_doc *doc;
    voce_regex *everywhere; /* the same alternation, unanchored */
    voce_regex_scratch *scratch;
    size_t texts, spans, wrong;
} check;

static voce_regex *unanchored_pattern(void)
{
    voce_tsvfile f;
    voce_error err;
    if (voce_tsvfile_open(&f, VOCE_LEXICONS "/placeholders.tsv", &err) != VOCE_OK)
        fail_msg("%s: %s", err.where, err.msg);
    voce_buf all = VOCE_BUF_INIT;
    while (voce_tsvfile_next(&f, &err) == 1)
        voce_buf_addf(&all, "%s(?:(*MARK:%s)%s)", all.len ? "|" : "", f.field[0], f.field[1]);
    voce_tsvfile_close(&f);
    voce_regex *re;
    if (voce_regex_compile(&re, all.data, VOCE_RE_CASELESS, "placeholders", &err) != VOCE_OK)
        fail_msg("%s: %s", err.where, err.msg);
    voce_buf_release(&all);
    return re;
}

static void check_text(check *c, const char *text)
{
    voce_analyze(c->analyzer, text, strlen(text), "it", c->doc);
    const char *s = voce_buf_str(&c->doc->clean.text);
    size_t len = c->doc->clean.text.len, from = 0, k = 0;
    c->texts++;
    voce_regex_match m;
    while (from < len && voce_regex_find(c->everywhere, s, len, from, c->scratch, &m) > 0) {
        if (m.end > m.start && m.mark) {
            const voce_span *got = k < c->doc->nspans ? &c->doc->spans[k] : NULL;
            if (!got || got->start != m.start || got->end != m.end) {
                c->wrong++;
                print_error("'%s': everywhere finds %s at %zu-%zu, the analyzer %s\n", s,
                            m.mark, m.start, m.end, got ? "another span" : "nothing");
                return;
            }
            k++;
            c->spans++;
        }
        from = m.end > m.start ? m.end : m.start + 1;
    }
    if (k != c->doc->nspans) {
        c->wrong++;
        print_error("'%s': the analyzer finds %zu spans, everywhere %zu\n", s,
                    c->doc->nspans, k);
    }
}

static void lines_of(check *c, const char *path, int column)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        fail_msg("cannot read %s", path);
    char line[16384];
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        char *field = line;
        for (int i = 0; i < column && field; i++) {
            field = strchr(field, '\t');
            field = field ? field + 1 : NULL;
        }
        if (!field || line[0] == '#')
            continue;
        field[strcspn(field, "\t")] = '\0';
        check_text(c, field);
    }
    fclose(fp);
}

static void hot_words_find_what_everywhere_finds(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "pagato € 12,50 ieri", "costa 12,50 € al mese", "sconto del 20 % e 5 percento",
        "ordine n. AB-1234 mai arrivato", "ordine AB1234X", "ticket #12345",
        "chiamate il +39 02 1234 5678 o (02) 123 4567", "consegna il 12 marzo 2024",
        "the 3rd of may", "see www.example.com/a?b=1, or https://x.it/y.", "info@negozio.it",
        "scrivete a mario.rossi+x@mail.example.co.uk!", "@TelcoHelp non risponde #fail",
        "#1 prodotto", "il 12/03/2024 e il 2024-03-12", "€ 5", "€  5", "$ 1.299,00",
        "WWW.EXAMPLE.COM", "voto 10/10", "a b c 1", "1 2 3 4 5 6 7 8 9 0", "x 12e", "àè 3€",
        "tel.0212345678", "ref. 99-AB-77 ok", "n. 12345", "case 00123456 closed",
        "rimborso 15 euro 😡 dopo 3 settimane", "",
    };
    check c = {0};
    voce_error err;
    if (voce_analyzer_load(&c.analyzer, VOCE_LEXICONS, &err) != VOCE_OK)
        fail_msg("%s: %s", err.where, err.msg);
    c.doc = voce_doc_new();
    c.everywhere = unanchored_pattern();
    c.scratch = voce_regex_scratch_new();
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++)
        check_text(&c, texts[i]);
    lines_of(&c, VOCE_TEST_DATA "/tokenize.tsv", 1);
    for (int lang = 0; lang < 2; lang++)
        for (int split = 0; split < 3; split++) {
            char path[4096];
            snprintf(path, sizeof path, VOCE_LEXICONS "/../corpus/%s/%s.tsv",
                     lang ? "en" : "it", split == 0 ? "train" : split == 1 ? "dev" : "test");
            lines_of(&c, path, 7);
        }
    const char *extra = getenv("VOCE_PLACEHOLDER_TEXTS");
    if (extra)
        lines_of(&c, extra, 0);
    print_message("%zu texts, %zu placeholders, %zu differ\n", c.texts, c.spans, c.wrong);
    assert_true(c.texts > 6000);
    assert_true(c.spans > 300);
    assert_int_equal(c.wrong, 0);
    voce_regex_scratch_free(c.scratch);
    voce_regex_free(c.everywhere);
    voce_doc_free(c.doc);
    voce_analyzer_free(c.analyzer);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hot_words_find_what_everywhere_finds),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
