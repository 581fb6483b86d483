/* test_nps.c -- NPS and CSAT arithmetic (nps.c): counts, scores and
 * margins of error with answers worked out by hand, the edges (no
 * detractors, one respondent, no answer at all, scores outside the
 * scale), reading scores, and telling the scale of a column. */
#include "testutil.h"

#include <math.h>
#include <string.h>

#include "voce.h"

/* |a - b| <= eps, saying both numbers when not. */
#define assert_double_equal(a, b, eps) assert_near((a), (b), (eps), #a, __LINE__)

static void assert_near(double a, double b, double eps, const char *what, int line)
{
    if (!(fabs(a - b) <= eps))
        fail_msg("line %d: %s is %.10g, expected %.10g", line, what, a, b);
}

static voce_nps_summary tally(voce_scale scale, const int *scores, size_t n)
{
    voce_nps t;
    voce_nps_init(&t, scale);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(voce_nps_add(&t, scores[i], NULL), VOCE_OK);
    voce_nps_summary s;
    voce_nps_summarize(&t, &s);
    return s;
}

static void nps_is_promoters_minus_detractors_with_its_margin(void **state)
{
    (void)state;
    /* 5 promoters, 3 passives, 2 detractors out of 10. */
    static const int scores[] = {9, 10, 10, 9, 9, 7, 8, 8, 6, 0};
    voce_nps_summary s = tally(VOCE_SCALE_NPS, scores, 10);
    assert_int_equal(s.n, 10);
    assert_int_equal(s.promoters, 5);
    assert_int_equal(s.passives, 3);
    assert_int_equal(s.detractors, 2);
    assert_double_equal(s.promoters_pct, 50.0, 1e-9);
    assert_double_equal(s.passives_pct, 30.0, 1e-9);
    assert_double_equal(s.detractors_pct, 20.0, 1e-9);
    assert_double_equal(s.score, 30.0, 1e-9);
    /* Var(X) = 0.5 + 0.2 - 0.3^2 = 0.61; MoE = 1.96 * sqrt(0.61 / 10) * 100 */
    assert_double_equal(s.moe, 196.0 * sqrt(0.061), 1e-9);
    assert_double_equal(s.moe, 48.4084, 1e-3);
}

static void every_score_of_the_scale_lands_in_its_group(void **state)
{
    (void)state;
    for (int v = 0; v <= 10; v++)
        assert_int_equal(voce_nps_class(VOCE_SCALE_NPS, v), v >= 9 ? 1 : v >= 7 ? 0 : -1);
    for (int v = 1; v <= 5; v++)
        assert_int_equal(voce_nps_class(VOCE_SCALE_CSAT, v), v >= 4 ? 1 : v == 3 ? 0 : -1);
    assert_int_equal(voce_nps_class(VOCE_SCALE_NPS, 11), -2);
    assert_int_equal(voce_nps_class(VOCE_SCALE_NPS, -1), -2);
    assert_int_equal(voce_nps_class(VOCE_SCALE_CSAT, 0), -2);
    assert_int_equal(voce_nps_class(VOCE_SCALE_CSAT, 6), -2);
}

static void no_detractors_and_all_promoters_is_100_with_no_margin(void **state)
{
    (void)state;
    static const int scores[] = {9, 10, 10, 9};
    voce_nps_summary s = tally(VOCE_SCALE_NPS, scores, 4);
    assert_int_equal(s.detractors, 0);
    assert_double_equal(s.score, 100.0, 1e-9);
    assert_double_equal(s.moe, 0.0, 1e-12);
    /* No detractors but passives: NPS 50, and a margin. */
    static const int mixed[] = {9, 10, 7, 8};
    s = tally(VOCE_SCALE_NPS, mixed, 4);
    assert_double_equal(s.score, 50.0, 1e-9);
    /* Var = 0.5 + 0 - 0.25 = 0.25; MoE = 1.96 * sqrt(0.25 / 4) * 100 = 49 */
    assert_double_equal(s.moe, 49.0, 1e-9);
}

static void a_single_respondent_is_the_whole_score(void **state)
{
    (void)state;
    static const int one[] = {3};
    voce_nps_summary s = tally(VOCE_SCALE_NPS, one, 1);
    assert_int_equal(s.n, 1);
    assert_double_equal(s.score, -100.0, 1e-9);
    assert_double_equal(s.moe, 0.0, 1e-12); /* documented: one answer has no spread */
    static const int passive[] = {7};
    s = tally(VOCE_SCALE_NPS, passive, 1);
    assert_double_equal(s.score, 0.0, 1e-12);
}

static void no_answer_at_all_is_all_zero(void **state)
{
    (void)state;
    voce_nps_summary s = tally(VOCE_SCALE_NPS, NULL, 0);
    assert_int_equal(s.n, 0);
    assert_double_equal(s.score, 0.0, 0);
    assert_double_equal(s.moe, 0.0, 0);
    assert_double_equal(s.promoters_pct, 0.0, 0);
}

static void scores_outside_the_scale_are_refused_and_not_counted(void **state)
{
    (void)state;
    voce_nps t;
    voce_error err;
    voce_nps_init(&t, VOCE_SCALE_NPS);
    assert_int_equal(voce_nps_add(&t, 11, &err), VOCE_ERR_INVALID);
    assert_string_equal(err.msg, "score 11 is outside the NPS scale 0-10");
    assert_int_equal(voce_nps_add(&t, -1, &err), VOCE_ERR_INVALID);
    assert_int_equal(voce_nps_add(&t, 10, &err), VOCE_OK);
    voce_nps_summary s;
    voce_nps_summarize(&t, &s);
    assert_int_equal(s.n, 1);
    voce_nps_init(&t, VOCE_SCALE_CSAT);
    assert_int_equal(voce_nps_add(&t, 0, &err), VOCE_ERR_INVALID);
    assert_string_equal(err.msg, "score 0 is outside the CSAT scale 1-5");
    assert_int_equal(voce_nps_add(&t, 6, NULL), VOCE_ERR_INVALID);
    voce_nps_summarize(&t, &s);
    assert_int_equal(s.n, 0);
}

static void csat_is_the_share_satisfied_with_a_proportion_margin(void **state)
{
    (void)state;
    /* 6 satisfied (4-5), 2 neutral, 2 dissatisfied out of 10. */
    static const int scores[] = {5, 5, 4, 4, 4, 5, 3, 3, 2, 1};
    voce_nps_summary s = tally(VOCE_SCALE_CSAT, scores, 10);
    assert_int_equal(s.promoters, 6);
    assert_int_equal(s.passives, 2);
    assert_int_equal(s.detractors, 2);
    assert_double_equal(s.score, 60.0, 1e-9);
    assert_double_equal(s.moe, 196.0 * sqrt(0.6 * 0.4 / 10), 1e-9);
}

static void the_change_between_periods_has_the_margin_of_a_difference(void **state)
{
    (void)state;
    static const int a[] = {9, 10, 7, 8};                    /* NPS 50, se = 0.25 */
    static const int b[] = {9, 10, 10, 9, 9, 7, 8, 8, 6, 0}; /* se = sqrt(0.061) */
    voce_nps_summary sa = tally(VOCE_SCALE_NPS, a, 4), sb = tally(VOCE_SCALE_NPS, b, 10);
    double moe = voce_nps_change_moe(&sa, &sb);
    assert_double_equal(moe, 196.0 * sqrt(0.0625 + 0.061), 1e-9);
    assert_double_equal(moe, sqrt(sa.moe * sa.moe + sb.moe * sb.moe), 1e-9);
}

static void scores_are_read_as_whole_numbers_only(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        bool ok;
        int value;
    } cases[] = {
        {"7", true, 7},    {" 10 ", true, 10},    {"7.0", true, 7}, {"7,0", true, 7},
        {"0", true, 0},    {"-1", true, -1},      {"+3", true, 3},  {"", false, 0},
        {"n/a", false, 0}, {"7.5", false, 0},     {"7a", false, 0}, {"-", false, 0},
        {"7.", false, 0},  {"1000000", false, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int v = -99;
        bool ok = voce_score_parse(cases[i].text, strlen(cases[i].text), &v);
        if (ok != cases[i].ok)
            fail_msg("'%s': expected %s", cases[i].text, cases[i].ok ? "a score" : "no score");
        if (ok)
            assert_int_equal(v, cases[i].value);
    }
}

static void the_scale_comes_from_the_column_name_then_the_values(void **state)
{
    (void)state;
    static const int low[] = {1, 2, 5, 4}, high[] = {3, 7}, zero[] = {0, 1};
    assert_int_equal(voce_scale_from_name("How likely are you to recommend us? (0-10)"),
                     VOCE_SCALE_NPS);
    assert_int_equal(voce_scale_from_name("NPS"), VOCE_SCALE_NPS);
    assert_int_equal(voce_scale_from_name("Quanto ci consiglieresti?"), VOCE_SCALE_NPS);
    assert_int_equal(voce_scale_from_name("CSAT (1-5)"), VOCE_SCALE_CSAT);
    assert_int_equal(voce_scale_from_name("Voto"), VOCE_SCALE_AUTO);
    assert_int_equal(voce_scale_detect("Voto", low, 4), VOCE_SCALE_CSAT);
    assert_int_equal(voce_scale_detect("Voto", high, 2), VOCE_SCALE_NPS);
    assert_int_equal(voce_scale_detect("Voto", zero, 2), VOCE_SCALE_NPS);
    assert_int_equal(voce_scale_detect("NPS", low, 4), VOCE_SCALE_NPS); /* the name wins */
    assert_int_equal(voce_scale_parse("csat"), VOCE_SCALE_CSAT);
    assert_int_equal(voce_scale_parse("stars"), VOCE_SCALE_AUTO);
    assert_string_equal(voce_scale_name(VOCE_SCALE_NPS), "nps");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(nps_is_promoters_minus_detractors_with_its_margin),
        cmocka_unit_test(every_score_of_the_scale_lands_in_its_group),
        cmocka_unit_test(no_detractors_and_all_promoters_is_100_with_no_margin),
        cmocka_unit_test(a_single_respondent_is_the_whole_score),
        cmocka_unit_test(no_answer_at_all_is_all_zero),
        cmocka_unit_test(scores_outside_the_scale_are_refused_and_not_counted),
        cmocka_unit_test(csat_is_the_share_satisfied_with_a_proportion_margin),
        cmocka_unit_test(the_change_between_periods_has_the_margin_of_a_difference),
        cmocka_unit_test(scores_are_read_as_whole_numbers_only),
        cmocka_unit_test(the_scale_comes_from_the_column_name_then_the_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
