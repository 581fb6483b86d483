/* test_prefilter.c -- the literal a pattern cannot match without
 * (prefilter.c). A wrong literal would silently switch a rule off, so the
 * cases lean to what must NOT be taken as required. */
#include "testutil.h"

#include <string.h>

#include "prefilter.h"

static void expect(const char *pattern, const char *literal)
{
    char out[48];
    size_t n = voce_prefilter_literal(pattern, out, sizeof out);
    if (strcmp(out, literal) != 0 || n != strlen(literal))
        fail_msg("'%s': got '%s', expected '%s'", pattern, out, literal);
}

static void plain_words_outside_groups_are_required(void **state)
{
    (void)state;
    expect("\\bmai (?:\\w+ ){0,2}arrivat[oaie]\\b", "arrivat");
    expect("\\bnon funziona\\b", "non funziona");
    expect("charged twice", "charged twice");
    expect("\\bhow (?:do|can) i\\b", "how ");
    expect("\\?\\s*$", "");
}

static void anything_optional_or_alternative_is_not(void **state)
{
    (void)state;
    expect("cancel|refund", "");           /* top-level alternation */
    expect("(?:addebitat|pagat)[oaie]", ""); /* only inside a group */
    expect("colou?r", "colo");              /* the u may be absent: "colo" is required */
    expect("goods?", "good");
    expect("abcx*", "abc");
    expect("abcdx{0,3}", "abcd");
    expect("abcdx{1,3}", "abcdx");
    expect("ab.cd", "");                    /* runs shorter than 3 */
    expect("perch\xc3\xa9 no", "perch");    /* non-ASCII ends a run */
    expect("\\.com\\b", ".com");
    expect("(unbalanced", "");
    expect("[abc", "");
    expect("abc{", "abc"); /* fuzzing found this hanging: a '{' with no '}' */
    expect("(?:x){", "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(plain_words_outside_groups_are_required),
        cmocka_unit_test(anything_optional_or_alternative_is_not),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
