/* test_regex.c -- compiling, matching and the backtracking limit (regex.c). */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

#include "regex.h"

static void a_bad_pattern_names_its_column(void **state)
{
    (void)state;
    voce_regex *re = (voce_regex *)1;
    voce_error err;
    assert_int_equal(voce_regex_compile(&re, "ab(c", 0, "rules.tsv:7", &err), VOCE_ERR_REGEX);
    assert_null(re);
    assert_string_equal(err.where, "rules.tsv:7:5");
    assert_non_null(strstr(err.msg, "missing closing parenthesis"));
}

static void matches_report_offsets_and_marks(void **state)
{
    (void)state;
    voce_regex *re;
    assert_int_equal(voce_regex_compile(&re, "(*MARK:money)\\d+ ?€|(*MARK:word)\\bcaro\\b",
                                        VOCE_RE_CASELESS, NULL, NULL),
                     VOCE_OK);
    voce_regex_scratch *sc = voce_regex_scratch_new();
    voce_regex_match m;
    const char *s = "Troppo CARO: 30 €";
    assert_int_equal(voce_regex_find(re, s, strlen(s), 0, sc, &m), 1);
    assert_int_equal(m.start, 7);
    assert_int_equal(m.end, 11);
    assert_string_equal(m.mark, "word");
    assert_int_equal(voce_regex_find(re, s, strlen(s), m.end, sc, &m), 1);
    assert_string_equal(m.mark, "money");
    assert_int_equal(m.end, strlen(s));
    assert_int_equal(voce_regex_find(re, s, strlen(s), m.end, sc, &m), 0);
    voce_regex_scratch_free(sc);
    voce_regex_free(re);
}

static void catastrophic_backtracking_hits_the_limit(void **state)
{
    (void)state;
    voce_regex *re;
    assert_int_equal(voce_regex_compile(&re, "(a+)+$", 0, NULL, NULL), VOCE_OK);
    size_t len = 5000;
    char *s = malloc(len + 2);
    memset(s, 'a', len);
    s[len] = '!';
    s[len + 1] = '\0';
    voce_regex_scratch *sc = voce_regex_scratch_new();
    voce_regex_match m;
    assert_int_equal(voce_regex_find(re, s, len + 1, 0, sc, &m), -1);
    voce_regex_scratch_free(sc);
    voce_regex_free(re);
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_bad_pattern_names_its_column),
        cmocka_unit_test(matches_report_offsets_and_marks),
        cmocka_unit_test(catastrophic_backtracking_hits_the_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
