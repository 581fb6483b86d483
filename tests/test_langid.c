/* test_langid.c -- Italian, English, or unsure (langid.c). */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "voce.h"

static void check_row(char **f, const char *where, void *ctx)
{
    const voce_analyzer *a = ctx;
    double conf;
    const char *got = voce_lang_detect(a, f[0], strlen(f[0]), &conf);
    if (strcmp(got, f[1]) != 0)
        fail_msg("%s: '%s' identified as %s, expected %s", where, f[0], got, f[1]);
    assert_true(conf >= 0 && conf <= 1);
    if (strcmp(got, "und") == 0)
        assert_true(conf == 0);
}

static void every_row_of_the_table_is_identified(void **state)
{
    (void)state;
    voce_analyzer *a;
    voce_error err;
    assert_int_equal(voce_analyzer_load(&a, VOCE_LEXICONS, &err), VOCE_OK);
    assert_true(test_each_row("langid.tsv", 2, check_row, a) >= 30);
    voce_analyzer_free(a);
}

static void a_missing_stopword_list_names_the_file(void **state)
{
    (void)state;
    voce_analyzer *a = (voce_analyzer *)1;
    voce_error err;
    assert_int_equal(voce_analyzer_load(&a, VOCE_TEST_DATA "/no-such-dir", &err), VOCE_ERR_IO);
    assert_null(a);
    assert_non_null(strstr(err.where, "no-such-dir/it/stopwords.tsv"));
    assert_string_equal(err.msg, "No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_of_the_table_is_identified),
        cmocka_unit_test(a_missing_stopword_list_names_the_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
