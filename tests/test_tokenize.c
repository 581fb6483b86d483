/* test_tokenize.c -- tokens, types, flags and offsets (tokenize.c, via the
 * public voce_analyze()). Most cases are rows of data/tokenize.tsv. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "voce.h"

static voce_analyzer *analyzer;
static voce_doc *doc;

static int setup(void **state)
{
    (void)state;
    voce_error err;
    if (voce_analyzer_load(&analyzer, VOCE_LEXICONS, &err) != VOCE_OK) {
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
        return -1;
    }
    doc = voce_doc_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    voce_doc_free(doc);
    voce_analyzer_free(analyzer);
    return 0;
}

/* The tokens of the last analysis as "text/type+flags ..."; with offsets
 * (TEXT/TYPE@S-E...) when 'offsets' is set. */
static void render(voce_buf *out, bool offsets)
{
    voce_buf_reset(out);
    voce_buf_add(out, "", 0);
    size_t n;
    const voce_token *t = voce_doc_tokens(doc, &n);
    for (size_t i = 0; i < n; i++) {
        char d[512];
        voce_token_describe(&t[i], d, sizeof d);
        if (!offsets) {
            char *at = strrchr(d, '@'); /* the last '@': a mention's text has one too */
            char *rest = at + strcspn(at, "+");
            memmove(at, rest, strlen(rest) + 1);
        }
        if (i)
            voce_buf_addc(out, ' ');
        voce_buf_adds(out, d);
    }
}

/* Whether an expected row gives offsets: an '@' followed by a digit. */
static bool has_offsets(const char *expected)
{
    for (const char *p = strchr(expected, '@'); p; p = strchr(p + 1, '@'))
        if (p[1] >= '0' && p[1] <= '9')
            return true;
    return false;
}

static void check_row(char **f, const char *where, void *ctx)
{
    (void)ctx;
    voce_buf input = VOCE_BUF_INIT, got = VOCE_BUF_INIT;
    test_unescape(f[1], &input);
    const char *lang = strcmp(f[0], "auto") == 0 ? NULL : f[0];
    voce_analyze(analyzer, input.data, input.len, lang, doc);
    render(&got, has_offsets(f[2]));
    if (strcmp(got.data, f[2]) != 0)
        fail_msg("%s: for '%s'\n  expected: %s\n  got:      %s", where, f[1], f[2], got.data);
    voce_buf_release(&input);
    voce_buf_release(&got);
}

static void every_row_of_the_table_tokenizes_as_expected(void **state)
{
    (void)state;
    size_t rows = test_each_row("tokenize.tsv", 3, check_row, NULL);
    assert_true(rows >= 60);
}

static void offsets_point_back_into_the_original_bytes(void **state)
{
    (void)state;
    /* A BOM, a typographic apostrophe (3 bytes), CRLF and a composed accent. */
    const char text[] = "\xEF\xBB\xBFL\xE2\x80\x99" "app  e\xCC\x80 KO\r\nok";
    voce_analyze(analyzer, text, sizeof text - 1, "it", doc);
    size_t n;
    const voce_token *t = voce_doc_tokens(doc, &n);
    assert_int_equal(n, 5);
    assert_string_equal(t[0].text, "l'");
    assert_int_equal(t[0].start, 3);
    assert_int_equal(t[0].end, 7);
    assert_string_equal(t[1].text, "app");
    assert_int_equal(t[1].start, 7);
    assert_int_equal(t[1].end, 10);
    assert_string_equal(t[2].text, "\xC3\xA8"); /* è, composed */
    assert_int_equal(t[2].start, 12);
    assert_int_equal(t[2].end, 15);
    assert_string_equal(t[4].text, "ok");
    assert_int_equal(t[4].end, sizeof text - 1);
}

static void invalid_utf8_is_replaced_and_counted(void **state)
{
    (void)state;
    const char text[] = "ok \xFF\xFE ciao \xC0\xAF fine"; /* stray bytes and an overlong '/' */
    voce_analyze(analyzer, text, sizeof text - 1, NULL, doc);
    assert_int_equal(voce_doc_invalid_bytes(doc), 4);
    size_t n;
    const voce_token *t = voce_doc_tokens(doc, &n);
    assert_int_equal(n, 5);
    assert_true(t[1].flags & VOCE_TF_REPLACED);
    assert_string_equal(t[2].text, "ciao");
}

static void nul_bytes_separate_words_and_never_truncate(void **state)
{
    (void)state;
    const char text[] = "prima\0dopo\0\0fine";
    voce_analyze(analyzer, text, sizeof text - 1, "it", doc);
    size_t n;
    const voce_token *t = voce_doc_tokens(doc, &n);
    assert_int_equal(n, 3);
    assert_string_equal(t[2].text, "fine");
    assert_int_equal(t[2].end, sizeof text - 1);
}

static void empty_and_blank_texts_have_no_tokens(void **state)
{
    (void)state;
    size_t n;
    voce_analyze(analyzer, "", 0, NULL, doc);
    voce_doc_tokens(doc, &n);
    assert_int_equal(n, 0);
    assert_string_equal(voce_doc_lang(doc), "und");
    voce_analyze(analyzer, " \t\r\n\xE2\x80\x8B ", 8, NULL, doc);
    voce_doc_tokens(doc, &n);
    assert_int_equal(n, 0);
}

static void a_megabyte_line_is_tokenized_whole(void **state)
{
    (void)state;
    size_t len = 1 << 20;
    char *text = malloc(len);
    assert_non_null(text);
    for (size_t i = 0; i < len; i++)
        text[i] = "ottimo servizio, "[i % 17];
    voce_analyze(analyzer, text, len, NULL, doc);
    size_t n;
    const voce_token *t = voce_doc_tokens(doc, &n);
    /* 2^20 = 17 * 61680 + 16: whole repeats of 3 tokens, then "ottimo servizio,". */
    assert_int_equal(n, 61680 * 3 + 3);
    assert_string_equal(voce_doc_lang(doc), "it");
    assert_int_equal(t[n - 1].end, len);
    free(text);
}

static void a_hundred_thousand_bangs_are_one_token(void **state)
{
    (void)state;
    size_t len = 100000;
    char *text = malloc(len + 5);
    assert_non_null(text);
    memcpy(text, "no", 2);
    memset(text + 2, '!', len);
    voce_analyze(analyzer, text, len + 2, "it", doc);
    size_t n;
    const voce_token *t = voce_doc_tokens(doc, &n);
    assert_int_equal(n, 2);
    assert_int_equal(t[1].repeat, len);
    free(text);
}

static void laughter_and_emoji_runs_stay_linear(void **state)
{
    (void)state;
    voce_buf b = VOCE_BUF_INIT;
    for (int i = 0; i < 50000; i++)
        voce_buf_adds(&b, "ah");
    voce_buf_addc(&b, ' ');
    for (int i = 0; i < 10000; i++)
        voce_buf_adds(&b, "\xF0\x9F\x98\xA1"); /* 😡 */
    voce_analyze(analyzer, b.data, b.len, NULL, doc);
    size_t n;
    voce_doc_tokens(doc, &n);
    assert_int_equal(n, 1 + 10000);
    voce_buf_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_of_the_table_tokenizes_as_expected),
        cmocka_unit_test(offsets_point_back_into_the_original_bytes),
        cmocka_unit_test(invalid_utf8_is_replaced_and_counted),
        cmocka_unit_test(nul_bytes_separate_words_and_never_truncate),
        cmocka_unit_test(empty_and_blank_texts_have_no_tokens),
        cmocka_unit_test(a_megabyte_line_is_tokenized_whole),
        cmocka_unit_test(a_hundred_thousand_bangs_are_one_token),
        cmocka_unit_test(laughter_and_emoji_runs_stay_linear),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
