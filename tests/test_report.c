/* test_report.c -- surveys and their reports (survey.c, period.c,
 * report*.c) on the fixture data/themes-survey.csv: 20 answers to an NPS
 * survey, one with a score of 11, one without a comment, one comment
 * holding HTML.
 *
 * The numbers of every format must be the ones of the NPS API; the JSON
 * report must hold the themes object of 'voce themes --json' byte for
 * byte; the HTML page must be well-formed, self-contained and escaped. It
 * is also checked with xmllint, and opened in headless Chromium for a
 * screenshot, when they are installed (the test says so and skips when
 * they are not: tools/install-deps installs neither). */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "period.h"
#include "report.h"
#include "voce.h"

static voce_classifier *classifier;

static int setup(void **state)
{
    (void)state;
    voce_options opt = {.lexicon_dir = VOCE_LEXICONS, .lexicon_only = true};
    voce_error err;
    if (voce_classifier_load(&classifier, &opt, &err) != VOCE_OK) {
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    voce_classifier_free(classifier);
    return 0;
}

/* ---- Helpers ----------------------------------------------------------------- */

/* The fixture read into a finished survey; 'warnings' counts the records
 * whose score or date was refused. */
static voce_survey *survey_of(const char *name, const char *score_col, const char *date_col,
                              voce_scale scale, size_t *warnings, voce_error *last)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", VOCE_TEST_DATA, name);
    voce_reader_options ro = {0};
    voce_reader *r;
    voce_error err;
    if (voce_reader_open(&r, path, &ro, &err) != VOCE_OK)
        fail_msg("%s: %s", err.where, err.msg);
    const char *const *cols;
    size_t ncols = voce_reader_columns(r, &cols);
    long sc = -1, dc = -1;
    for (size_t i = 0; i < ncols; i++) {
        if (score_col && strcmp(cols[i], score_col) == 0)
            sc = (long)i;
        if (date_col && strcmp(cols[i], date_col) == 0)
            dc = (long)i;
    }
    voce_survey_options so = {.source = name,
                              .has_score = sc >= 0,
                              .score_column = score_col,
                              .scale = scale,
                              .date_column = date_col};
    so.themes.lexicon_dir = VOCE_LEXICONS;
    voce_survey *s;
    assert_int_equal(voce_survey_new(&s, classifier, &so, &err), VOCE_OK);
    voce_record rec;
    *warnings = 0;
    while (voce_reader_next(r, &rec, &err) > 0) {
        const char *score = sc >= 0 ? rec.field[sc] : NULL;
        const char *date = dc >= 0 ? rec.field[dc] : NULL;
        if (voce_survey_add(s, rec.text, rec.text_len, score, score ? rec.field_len[sc] : 0, date,
                            date ? rec.field_len[dc] : 0, &err) != VOCE_OK) {
            (*warnings)++;
            if (last)
                *last = err;
        }
    }
    voce_reader_close(r);
    voce_survey_finish(s);
    return s;
}

static voce_survey *fixture(void)
{
    size_t warnings;
    return survey_of("themes-survey.csv", "NPS (0-10)", "Data", VOCE_SCALE_AUTO, &warnings, NULL);
}

/* What a writer wrote, as a string to free. */
static char *written(const voce_survey *s, voce_report_format f, bool themes)
{
    FILE *fp = tmpfile();
    assert_non_null(fp);
    voce_error err;
    voce_status st = themes ? voce_survey_write_themes(s, fp, f, &err)
                            : voce_survey_write_report(s, fp, f, &err);
    assert_int_equal(st, VOCE_OK);
    long n = ftell(fp);
    assert_true(n > 0);
    rewind(fp);
    char *text = malloc((size_t)n + 1);
    assert_int_equal(fread(text, 1, (size_t)n, fp), (size_t)n);
    text[n] = '\0';
    fclose(fp);
    return text;
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("'%s' not found in the output", needle);
}

/* ---- Numbers ----------------------------------------------------------------------- */

static void the_survey_counts_what_the_nps_api_counts(void **state)
{
    (void)state;
    size_t warnings;
    voce_error last;
    voce_survey *s =
        survey_of("themes-survey.csv", "NPS (0-10)", "Data", VOCE_SCALE_AUTO, &warnings, &last);
    assert_int_equal(warnings, 1);
    assert_string_equal(last.msg, "score 11 is outside the NPS 0-10 scale (answer left out)");
    /* The fixture's valid scores, by hand: 5 promoters, 3 passives, 11 detractors. */
    static const int scores[] = {10, 9, 2, 0, 6, 8, 7, 3, 10, 5, 1, 9, 4, 2, 10, 6, 0, 8, 3};
    voce_nps t;
    voce_nps_init(&t, VOCE_SCALE_NPS);
    for (size_t i = 0; i < sizeof scores / sizeof *scores; i++)
        voce_nps_add(&t, scores[i], NULL);
    voce_nps_summary want, got;
    voce_nps_summarize(&t, &want);
    voce_survey_nps(s, &got);
    assert_int_equal(voce_survey_scale(s), VOCE_SCALE_NPS);
    assert_int_equal(got.n, 19);
    assert_int_equal(got.promoters, 5);
    assert_int_equal(got.detractors, 11);
    assert_true(got.score == want.score && got.moe == want.moe);
    assert_true(fabs(got.score - (5.0 - 11.0) / 19.0 * 100) < 1e-9);

    /* Every format writes these numbers, rounded the same way. */
    char value[32], moe[32];
    snprintf(value, sizeof value, "%.1f", want.score);
    snprintf(moe, sizeof moe, "%.1f", want.moe);
    char *json = written(s, VOCE_REPORT_JSON, false);
    char *md = written(s, VOCE_REPORT_MARKDOWN, false);
    char *html = written(s, VOCE_REPORT_HTML, false);
    char expect[256];
    snprintf(expect, sizeof expect,
             "\"summary\":{\"n\":19,\"promoters\":5,\"passives\":3,\"detractors\":11,"
             "\"promoters_pct\":26.3,\"passives_pct\":15.8,\"detractors_pct\":57.9,"
             "\"value\":%s,\"moe\":%s}",
             value, moe);
    assert_contains(json, expect);
    snprintf(expect, sizeof expect, "## NPS: %s \xc2\xb1%s", value, moe);
    assert_contains(md, expect);
    snprintf(expect, sizeof expect, "\xe2\x88\x92%s <small>\xc2\xb1%s</small>", value + 1, moe);
    assert_contains(html, expect);
    free(json);
    free(md);
    free(html);
    voce_survey_free(s);
}

static void the_report_holds_the_themes_of_voce_themes_byte_for_byte(void **state)
{
    (void)state;
    voce_survey *s = fixture();
    char *themes = written(s, VOCE_REPORT_JSON, true);
    char *json = written(s, VOCE_REPORT_JSON, false);
    size_t tn = strlen(themes), jn = strlen(json);
    assert_true(tn > 2 && themes[tn - 1] == '\n');
    themes[tn - 1] = '\0'; /* the report has "}\n" after the object */
    char *at = strstr(json, "\"themes\":{\"selection\"");
    assert_non_null(at);
    at += strlen("\"themes\":");
    assert_int_equal(strlen(at), tn - 1 + 2);
    assert_memory_equal(at, themes, tn - 1);
    assert_string_equal(json + jn - 2, "}\n");
    /* And the text table counts the same: 11 detractors, 10 with a comment. */
    char *table = written(s, VOCE_REPORT_TEXT, true);
    assert_contains(table, "detractors (NPS 0-6): 11 of 20 records, 10 with a comment");
    assert_contains(themes, "\"grouped\":11,\"with_comment\":10,\"no_comment\":1");
    free(table);
    free(themes);
    free(json);
    voce_survey_free(s);
}

static void every_record_gets_its_theme_or_nothing(void **state)
{
    (void)state;
    voce_survey *s = fixture();
    /* Records (0-based): 0 is a promoter, 2 a detractor, 15 a detractor
     * without a comment, 16 had a score of 11 (no answer). */
    assert_string_equal(voce_survey_theme_label(s, 0), "");
    assert_true(strlen(voce_survey_theme_label(s, 2)) > 0);
    assert_string_equal(voce_survey_theme_label(s, 15), "(no comment)");
    assert_string_equal(voce_survey_theme_label(s, 16), "");
    assert_string_equal(voce_survey_theme_label(s, 99), "");
    /* The two refund complaints share a theme; the double charges another. */
    assert_string_equal(voce_survey_theme_label(s, 2), voce_survey_theme_label(s, 3));
    assert_string_equal(voce_survey_theme_label(s, 4), voce_survey_theme_label(s, 7));
    assert_string_not_equal(voce_survey_theme_label(s, 2), voce_survey_theme_label(s, 4));
    voce_survey_free(s);
}

static void without_a_score_the_negative_comments_are_grouped(void **state)
{
    (void)state;
    size_t warnings;
    voce_survey *s = survey_of("themes-survey.csv", NULL, NULL, VOCE_SCALE_AUTO, &warnings, NULL);
    assert_int_equal(warnings, 0);
    assert_int_equal(voce_survey_scale(s), VOCE_SCALE_AUTO);
    char *json = written(s, VOCE_REPORT_JSON, false);
    assert_contains(json, "\"score\":null");
    assert_contains(json, "\"periods\":null");
    assert_contains(json, "\"selection\":\"negative comments");
    assert_contains(json, "\"unhappy\":\"negative comments\"");
    char *html = written(s, VOCE_REPORT_HTML, false);
    assert_contains(html, "No score column");
    free(json);
    free(html);
    voce_survey_free(s);
}

static void a_csat_column_reads_as_csat(void **state)
{
    (void)state;
    voce_survey_options so = {.has_score = true, .score_column = "Voto"};
    so.themes.lexicon_dir = VOCE_LEXICONS;
    voce_survey *s;
    assert_int_equal(voce_survey_new(&s, classifier, &so, NULL), VOCE_OK);
    static const char *const scores[] = {"5", "4", "4", "3", "1", "2", "5"};
    for (size_t i = 0; i < 7; i++)
        assert_int_equal(voce_survey_add(s, "ok", 2, scores[i], 1, NULL, 0, NULL), VOCE_OK);
    voce_survey_finish(s);
    voce_nps_summary sum;
    voce_survey_nps(s, &sum);
    assert_int_equal(voce_survey_scale(s), VOCE_SCALE_CSAT);
    assert_int_equal(sum.promoters, 4);
    assert_int_equal(sum.detractors, 2);
    assert_true(fabs(sum.score - 400.0 / 7) < 1e-9);
    char *md = written(s, VOCE_REPORT_MARKDOWN, false);
    assert_contains(md, "## CSAT: 57.1% \xc2\xb1");
    assert_contains(md, "dissatisfied (1-2)");
    free(md);
    voce_survey_free(s);
    /* A forced CSAT scale refuses a 7. */
    so.scale = VOCE_SCALE_CSAT;
    assert_int_equal(voce_survey_new(&s, classifier, &so, NULL), VOCE_OK);
    voce_error err;
    assert_int_equal(voce_survey_add(s, "ok", 2, "7", 1, NULL, 0, &err), VOCE_ERR_PARSE);
    assert_string_equal(err.msg, "score 7 is outside the CSAT 1-5 scale (answer left out)");
    assert_int_equal(voce_survey_add(s, "ok", 2, "n/a", 3, "ieri", 4, &err), VOCE_ERR_PARSE);
    assert_string_equal(err.msg, "score 'n/a' is not a whole number (answer left out)");
    voce_survey_free(s);
}

/* ---- Dates and periods ---------------------------------------------------------------- */

static void dates_are_read_in_the_usual_shapes(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        int y, m, d; /* 0: not a date */
    } cases[] = {
        {"2025-03-07", 2025, 3, 7},
        {"2025-03-07 21:34:13", 2025, 3, 7},
        {"2026-10-11T07:58:19Z", 2026, 10, 11},
        {"2025/03/07", 2025, 3, 7},
        {"07/03/2025", 2025, 3, 7},
        {"03/27/2025", 2025, 3, 27},
        {"7.3.2025", 2025, 3, 7},
        {"29/02/2024", 2024, 2, 29},
        {" 2025-03-07", 2025, 3, 7},
        {"2025-02-30", 0, 0, 0},
        {"2025-13-01", 0, 0, 0},
        {"29/02/2025", 0, 0, 0},
        {"tomorrow", 0, 0, 0},
        {"20250307", 0, 0, 0},
        {"2025-03-07x", 0, 0, 0},
        {"", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        int32_t day = 0;
        bool ok = voce_date_parse(cases[i].text, strlen(cases[i].text), &day);
        if (ok != (cases[i].y != 0))
            fail_msg("'%s': expected %s", cases[i].text, cases[i].y ? "a date" : "no date");
        if (ok)
            assert_int_equal(day, voce_days_from_civil(cases[i].y, cases[i].m, cases[i].d));
    }
    assert_int_equal(voce_days_from_civil(1970, 1, 1), 0);
    int y, m, d;
    voce_civil_from_days(voce_days_from_civil(2000, 2, 29), &y, &m, &d);
    assert_true(y == 2000 && m == 2 && d == 29);
}

static void periods_have_iso_names(void **state)
{
    (void)state;
    static const struct {
        int y, m, d;
        voce_period p;
        const char *name;
    } cases[] = {
        {2021, 1, 3, VOCE_PERIOD_WEEK, "2020-W53"},     {2021, 1, 4, VOCE_PERIOD_WEEK, "2021-W01"},
        {2024, 12, 30, VOCE_PERIOD_WEEK, "2025-W01"},   {2025, 3, 7, VOCE_PERIOD_MONTH, "2025-03"},
        {2025, 12, 31, VOCE_PERIOD_QUARTER, "2025-Q4"}, {2025, 3, 7, VOCE_PERIOD_DAY, "2025-03-07"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char name[16];
        voce_period_name(cases[i].p, voce_days_from_civil(cases[i].y, cases[i].m, cases[i].d), name,
                         sizeof name);
        assert_string_equal(name, cases[i].name);
    }
    int32_t jan1 = voce_days_from_civil(2025, 1, 1);
    assert_int_equal(voce_period_choose(jan1, jan1 + 9, 12), VOCE_PERIOD_DAY);
    assert_int_equal(voce_period_choose(jan1, jan1 + 60, 12), VOCE_PERIOD_WEEK);
    assert_int_equal(voce_period_choose(jan1, jan1 + 200, 12), VOCE_PERIOD_MONTH);
    assert_int_equal(voce_period_choose(jan1, jan1 + 700, 12), VOCE_PERIOD_QUARTER);
    assert_int_equal(voce_period_start(VOCE_PERIOD_WEEK, jan1), jan1 - 2); /* a Wednesday */
    assert_int_equal(voce_period_parse("week"), VOCE_PERIOD_WEEK);
    assert_int_equal(voce_period_parse("year"), -1);
}

static void periods_of_the_fixture_and_their_changes(void **state)
{
    (void)state;
    voce_survey *s = fixture();
    char *json = written(s, VOCE_REPORT_JSON, false);
    /* 2025-01-06 .. 2025-02-18: 44 days, so weeks. */
    assert_contains(json, "\"period\":\"week\",\"dated\":20,\"first\":\"2025-01-06\","
                          "\"last\":\"2025-02-18\"");
    assert_contains(json, "{\"period\":\"2025-W02\",\"records\":5,");
    assert_contains(json, "\"change\":null,\"change_moe\":null,\"significant\":null}");
    free(json);
    voce_survey_free(s);
}

/* ---- The HTML page ------------------------------------------------------------------------- */

/* Whether every element is closed in order (void elements written
 * self-closed), outside <style>; returns a message or NULL. */
static const char *unbalanced(const char *html)
{
    static char msg[256];
    char stack[64][32];
    size_t depth = 0;
    for (const char *p = html; (p = strchr(p, '<'));) {
        if (strncmp(p, "<!DOCTYPE", 9) == 0 || strncmp(p, "<!--", 4) == 0) {
            p = strchr(p, '>');
            if (!p)
                return "unclosed declaration";
            continue;
        }
        bool closing = p[1] == '/';
        const char *name = p + 1 + closing;
        size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789");
        if (n == 0 || n >= 32) {
            snprintf(msg, sizeof msg, "a bare '<' at '%.20s'", p);
            return msg;
        }
        const char *end = strchr(name, '>');
        if (!end)
            return "unclosed tag";
        if (closing) {
            if (depth == 0 || strlen(stack[depth - 1]) != n || strncmp(stack[depth - 1], name, n)) {
                snprintf(msg, sizeof msg, "</%.*s> closes <%s>", (int)n, name,
                         depth ? stack[depth - 1] : "nothing");
                return msg;
            }
            depth--;
        } else if (end[-1] != '/') {
            if (depth == 64)
                return "too deep";
            memcpy(stack[depth], name, n);
            stack[depth++][n] = '\0';
            if (n == 5 && strncmp(name, "style", 5) == 0) {
                end = strstr(end, "</style>");
                if (!end)
                    return "unclosed style";
                p = end;
                continue;
            }
        }
        p = end + 1;
    }
    if (depth) {
        snprintf(msg, sizeof msg, "<%s> never closed", stack[depth - 1]);
        return msg;
    }
    return NULL;
}

static void the_html_page_is_well_formed_and_self_contained(void **state)
{
    (void)state;
    voce_survey *s = fixture();
    char *html = written(s, VOCE_REPORT_HTML, false);
    const char *why = unbalanced(html);
    if (why)
        fail_msg("not well-formed: %s", why);
    assert_true(strncmp(html, "<!DOCTYPE html>", 15) == 0);
    /* Nothing that runs or loads: no script, link, image, frame, import, url(). */
    static const char *const banned[] = {"<script", "<link", "<img", "<iframe",
                                         "@import", "url(",  "src=", "href="};
    for (size_t i = 0; i < sizeof banned / sizeof *banned; i++)
        if (strstr(html, banned[i]))
            fail_msg("the page holds '%s'", banned[i]);
    /* The only addresses are XML namespaces, never fetched. */
    for (const char *p = html; (p = strstr(p, "http")); p++)
        assert_true(strncmp(p - 7, "xmlns=\"", 7) == 0);
    /* The comment with HTML in it is shown, escaped. */
    assert_contains(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co");
    assert_contains(html, "<svg");
    free(html);
    voce_survey_free(s);
}

static void escapes_keep_user_text_inert(void **state)
{
    (void)state;
    voce_buf b = VOCE_BUF_INIT;
    const char *evil = "<b a='1'>\"&\x01\n|*";
    voce_report_html_str(&b, evil, strlen(evil));
    assert_string_equal(voce_buf_str(&b), "&lt;b a=&#39;1&#39;&gt;&quot;&amp; \n|*");
    voce_buf_reset(&b);
    voce_report_json_str(&b, evil, strlen(evil));
    assert_string_equal(voce_buf_str(&b), "\"<b a='1'>\\\"&\\u0001\\n|*\"");
    voce_buf_reset(&b);
    voce_report_md_str(&b, evil, strlen(evil));
    assert_string_equal(voce_buf_str(&b), "\\<b a='1'\\>\"&\x01 \\|\\*");
    voce_buf_release(&b);
}

/* Run a shell command quietly; whether it exited 0. */
static bool run(const char *cmd)
{
    char full[8192 + 32];
    snprintf(full, sizeof full, "%s >/dev/null 2>&1", cmd);
    return system(full) == 0;
}

static char *write_page(void)
{
    voce_survey *s = fixture();
    char *html = written(s, VOCE_REPORT_HTML, false);
    voce_survey_free(s);
    static char path[64];
    snprintf(path, sizeof path, "report-test-%ld.html", (long)getpid());
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(html, fp);
    fclose(fp);
    free(html);
    return path;
}

static void xmllint_finds_the_page_well_formed(void **state)
{
    (void)state;
    if (!run("command -v xmllint")) {
        printf("      xmllint is not installed: check skipped\n");
        skip();
    }
    char *path = write_page();
    char cmd[256];
    snprintf(cmd, sizeof cmd, "xmllint --noout %s", path);
    bool ok = run(cmd);
    remove(path);
    assert_true(ok);
}

static void chromium_draws_the_page(void **state)
{
    (void)state;
    const char *browser = run("command -v chromium")           ? "chromium"
                          : run("command -v chromium-browser") ? "chromium-browser"
                                                               : NULL;
    if (!browser) {
        printf("      chromium is not installed: screenshot check skipped\n");
        skip();
    }
    char *path = write_page();
    char dir[64], png[128], cmd[8192], abs[1024];
    snprintf(dir, sizeof dir, "report-test-profile-%ld", (long)getpid());
    snprintf(png, sizeof png, "report-test-%ld.png", (long)getpid());
    assert_non_null(getcwd(abs, sizeof abs));
    snprintf(cmd, sizeof cmd,
             "HOME=%s/%s timeout 120 %s --headless --no-sandbox --disable-gpu "
             "--hide-scrollbars --user-data-dir=%s/%s --window-size=1200,2400 "
             "--screenshot=%s/%s file://%s/%s",
             abs, dir, browser, abs, dir, abs, png, abs, path);
    run(cmd);
    FILE *fp = fopen(png, "rb");
    long size = 0;
    unsigned char magic[8] = {0};
    if (fp) {
        assert_int_equal(fread(magic, 1, 8, fp), 8);
        fseek(fp, 0, SEEK_END);
        size = ftell(fp);
        fclose(fp);
    }
    snprintf(cmd, sizeof cmd, "rm -rf %s %s %s", dir, png, path);
    run(cmd);
    if (!fp)
        fail_msg("%s wrote no screenshot", browser);
    assert_memory_equal(magic, "\x89PNG\r\n\x1a\n", 8);
    /* A blank page of this size compresses to a few kilobytes; charts,
     * text and colour take far more. */
    assert_true(size > 40000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_survey_counts_what_the_nps_api_counts),
        cmocka_unit_test(the_report_holds_the_themes_of_voce_themes_byte_for_byte),
        cmocka_unit_test(every_record_gets_its_theme_or_nothing),
        cmocka_unit_test(without_a_score_the_negative_comments_are_grouped),
        cmocka_unit_test(a_csat_column_reads_as_csat),
        cmocka_unit_test(dates_are_read_in_the_usual_shapes),
        cmocka_unit_test(periods_have_iso_names),
        cmocka_unit_test(periods_of_the_fixture_and_their_changes),
        cmocka_unit_test(the_html_page_is_well_formed_and_self_contained),
        cmocka_unit_test(escapes_keep_user_text_inert),
        cmocka_unit_test(xmllint_finds_the_page_well_formed),
        cmocka_unit_test(chromium_draws_the_page),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
