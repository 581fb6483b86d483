/* test_prefilter.c -- the literals a pattern needs, and whether its
 * matches stay within a sentence (prefilter.c). A wrong answer would
 * silently switch a rule off, so besides the tables of patterns the last
 * tests check soundness on every shipped rule: over the scorer tables and
 * the corpus, no rule that matches a text may be left out of its
 * candidates, and voce_rules_match (which, on a long text, runs a confined
 * rule only on the sentences holding its literals) must find what every
 * rule run on the whole text finds. Long texts are made by joining corpus
 * texts. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "prefilter.h"
#include "regex.h"
#include "rules.h"
#include "voce.h"

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 'want': the needs sorted and joined by ',' ("" for none). */
static void expect(const char *pattern, const char *want)
{
    voce_literals l = {NULL, 0, 0};
    bool found = voce_prefilter_needs(pattern, &l, NULL);
    if (l.n)
        qsort(l.s, l.n, sizeof *l.s, by_string);
    voce_buf got = VOCE_BUF_INIT;
    voce_buf_add(&got, "", 0);
    for (size_t i = 0; i < l.n; i++) {
        if (i)
            voce_buf_addc(&got, ',');
        voce_buf_adds(&got, l.s[i]);
    }
    if (strcmp(got.data, want) != 0 || found != (*want != '\0'))
        fail_msg("'%s': got '%s' (%s), expected '%s'", pattern, got.data,
                 found ? "filtered" : "always runs", want);
    voce_buf_release(&got);
    voce_literals_release(&l);
}

static void words_are_needed(void **state)
{
    (void)state;
    expect("\\bnon funziona\\b", "non funziona");
    expect("charged twice", "charged twice");
    expect("\\bmai (?:\\w+ ){0,2}arrivat[oaie]\\b", "arrivata,arrivate,arrivati,arrivato");
    expect("\\bhow (?:do|can) i\\b", "how can i,how do i");
    expect("\\.com\\b", ".com");
    expect("\\?", "?");
    expect("\\?\\s*$", "?");
    expect("perch\xc3\xa9 no", "perch\xc3\xa9 no");
    expect("caf[e\xc3\xa9]", "cafe,caf\xc3\xa9");
    expect("x[a-c]y", "xay,xby,xcy");
}

static void alternatives_unite(void **state)
{
    (void)state;
    expect("cancel|refund", "cancel,refund");
    expect("(?:addebitat|pagat)[oaie]",
           "addebitata,addebitate,addebitati,addebitato,pagata,pagate,pagati,pagato");
    expect("\\bvorrei\\b|\\bvolevo\\b", "volevo,vorrei");
    /* Too many combinations (36): the most selective part is kept. */
    expect("(?:a|b|c|d|e|f)(?:g|h|i|j|k|l)(?:xyzw)", "gxyzw,hxyzw,ixyzw,jxyzw,kxyzw,lxyzw");
    /* A branch that needs nothing makes the whole need nothing. */
    expect("refund|\\w+", "");
    expect("a|", "");
}

static void optional_and_repeated(void **state)
{
    (void)state;
    expect("colou?r", "color,colour");
    expect("goods?", "good,goods");
    expect("abcx*", "abc");
    expect("abcx+", "abc"); /* "abcx" would do too: x+ is not exact */
    expect("abcdx{0,3}", "abcd");
    expect("abcdx{1,3}", "abcd");
    expect("(?:molto )?bello", "bello,molto bello");
    expect("(?:xyz)*", "");
    expect("(?:molto)+ bello", " bello");
    expect("(?:very|really)+ good", " good"); /* the longer literal wins */
    expect("x{2}yz", "yz"); /* a repeat is needs ("x"), not exact: "yz" is better */
    expect("ab.cde", "cde"); /* both parts are needed: the longer is kept */
}

static void lookaround_and_anchors_need_nothing_themselves(void **state)
{
    (void)state;
    expect("\\bmai piu\\b(?! problemi)", "mai piu");
    expect("(?<!non )buono", "buono");
    expect("^(?:come|quando)\\b", "come,quando");
    expect("(?=x)", "");
}

static void what_is_not_understood_always_runs(void **state)
{
    (void)state;
    expect("(?i)refund", "");
    expect("\\x{e9}t\\xe9", "");
    expect("(a)\\1", "");
    expect("(unbalanced", "");
    expect("unbalanced)", "");
    expect("[abc", "");
    expect("\\Qa.b\\E", "");
    expect("[^abc]", "");
    expect("[\\w]", "");
    expect("abc{", "abc{");   /* a '{' that is no quantifier is itself */
    expect("(?:x){", "x{");
    expect("a{,2}bcd", "bcd");
}

static void expect_confined(const char *pattern, bool want)
{
    voce_literals l = {0};
    bool confined = !want;
    voce_prefilter_needs(pattern, &l, &confined);
    voce_literals_release(&l);
    if (confined != want)
        fail_msg("'%s': confined %d, expected %d", pattern, confined, want);
}

static void matches_that_stay_within_a_sentence(void **state)
{
    (void)state;
    expect_confined("\\bnon (?:\\w+(?:' ?| )){0,2}rinnov(?:o|ero)\\b", true);
    expect_confined("\\bcosta\\b[^.!?]{0,60}euro", true); /* the class excludes every break */
    expect_confined("\\bmai piu\\b(?! (?:problemi|senza))", true);
    expect_confined("(?<=\\. )grazie", true);       /* look-arounds may look past a break */
    expect_confined("\\bok\\s+grazie\\n", true);  /* white space is no break */
    expect_confined("[a-z]+ [0-9,]+ euro", true);
    expect_confined("ciao.", false);                /* '.' matches a break */
    expect_confined("\\?", false);
    expect_confined("wow!", false);
    expect_confined("[.,;] ma", false);
    expect_confined("[^.!]{0,60}\\bquando", false); /* '?' is not excluded */
    expect_confined("[^,]+", false);
    expect_confined("a\\Wb", false);
    expect_confined("a\\Sb", false);
    expect_confined("x[ -~]y", false);               /* a range holding '.' */
    expect_confined("\\p{P}", false);
    expect_confined("(?i)ok", false);                /* not understood */
    expect_confined("(ok", false);
}

static void scanner_marks_candidates(void **state)
{
    (void)state;
    voce_prefilter *p = voce_prefilter_new();
    assert_true(voce_prefilter_add(p, "\\brefund\\b", NULL));   /* 0 */
    assert_false(voce_prefilter_add(p, "\\w+", NULL));           /* 1: always */
    assert_true(voce_prefilter_add(p, "\\?", NULL));             /* 2: a short literal */
    assert_true(voce_prefilter_add(p, "ok|fine|refund", NULL)); /* 3 */
    voce_prefilter_finish(p);
    assert_int_equal(voce_prefilter_words(p), 1);
    uint64_t c;
    voce_prefilter_scan(p, "i want a refund", 15, &c);
    assert_int_equal(c, 0x1 | 0x2 | 0x8);
    voce_prefilter_scan(p, "why?", 4, &c);
    assert_int_equal(c, 0x2 | 0x4);
    voce_prefilter_scan(p, "ok", 2, &c);
    assert_int_equal(c, 0x2 | 0x8);
    voce_prefilter_scan(p, "", 0, &c);
    assert_int_equal(c, 0x2);
    /* By segment, "a refund" | " ok" | " fine" (the breaks '.' and '?' at
     * 8 and 12): each holds its own literals; the '?', a break, is in the
     * whole text's set and in no segment's. */
    const char *text = "a refund. ok? fine";
    uint32_t end[] = {8, 12, 18};
    uint64_t seg[3];
    voce_prefilter_scan_segments(p, text, strlen(text), end, 3, &c, seg);
    assert_int_equal(c, 0x1 | 0x2 | 0x4 | 0x8);
    assert_int_equal(seg[0], 0x1 | 0x2 | 0x8);
    assert_int_equal(seg[1], 0x2 | 0x8);
    assert_int_equal(seg[2], 0x2 | 0x8);
    voce_prefilter_free(p);
}

/* ---- Soundness on the shipped rules -------------------------------------------- */

typedef struct soundness {
    voce_classifier *classifier;
    voce_doc *doc;
    const voce_rules *rules;
    voce_regex_scratch *scratch;
    size_t texts, long_texts, matches, skipped_runs, runs, lost, differ;
    voce_rule_hit *hits;
    size_t hits_cap;
    char joined[8192]; /* corpus texts joined into a long one */
    size_t joined_len, njoined;
} soundness;

static void check_text(soundness *s, const char *text)
{
    voce_result r;
    voce_classify(s->classifier, s->doc, text, strlen(text), &r);
    const char *folded = s->doc->folded.data;
    size_t len = s->doc->folded.len;
    uint64_t cand[64];
    assert_true(voce_prefilter_words(s->rules->filter) <= 64);
    voce_prefilter_scan(s->rules->filter, folded, len, cand);
    s->texts++;
    s->long_texts += len >= 400;
    size_t nhits = 0, h = 0;
    voce_rules_match(s->rules, folded, len, s->scratch, &s->hits, &nhits, &s->hits_cap);
    for (size_t i = 0; i < s->rules->n; i++) {
        bool candidate = cand[i / 64] >> (i % 64) & 1;
        voce_regex_match m;
        int rc = voce_regex_find(s->rules->rule[i].re, folded, len, 0, s->scratch, &m);
        s->runs++;
        s->skipped_runs += !candidate;
        if (rc > 0) {
            s->matches++;
            if (!candidate) {
                s->lost++;
                print_error("rule %s (line %zu) matches but was filtered out: %s\n",
                            s->rules->rule[i].name, s->rules->rule[i].line, folded);
            }
        }
        /* voce_rules_match lists its hits in rule order. */
        bool listed = h < nhits && s->hits[h].rule == i;
        if (listed != (rc > 0) ||
            (listed && (s->hits[h].start != m.start || s->hits[h].end != m.end))) {
            s->differ++;
            print_error("rule %s (line %zu): the whole text %s at %zu, voce_rules_match %s at "
                        "%u: %s\n",
                        s->rules->rule[i].name, s->rules->rule[i].line,
                        rc > 0 ? "matches" : "does not match", rc > 0 ? m.start : 0,
                        listed ? "matches" : "does not match", listed ? s->hits[h].start : 0,
                        folded);
        }
        h += listed;
    }
}

/* Join texts into long ones, each ending its sentence differently (or
 * not at all), and check each long text too. */
static void check_joined(soundness *s, const char *text)
{
    static const char *const glue[] = {". ", "! ", "? ", " ", "\n", ", ", "... ", "?! "};
    size_t n = strlen(text);
    if (n + 4 >= sizeof s->joined)
        return; /* long enough alone */
    if (s->joined_len + n + 4 >= sizeof s->joined)
        s->joined_len = 0;
    const char *g = s->joined_len ? glue[s->njoined++ % (sizeof glue / sizeof *glue)] : "";
    memcpy(s->joined + s->joined_len, g, strlen(g));
    s->joined_len += strlen(g);
    memcpy(s->joined + s->joined_len, text, n);
    s->joined_len += n;
    s->joined[s->joined_len] = '\0';
    if (s->joined_len >= 1500) {
        check_text(s, s->joined);
        s->joined_len = 0;
    }
}

static void scorer_row(char **fields, const char *where, void *ctx)
{
    (void)where;
    check_text(ctx, fields[0]);
}

/* The column 'name' of line 'line' (tabs cut into NULs), or NULL. */
static char *column(char *line, int col)
{
    char *field = line;
    for (int i = 0; i < col && field; i++) {
        field = strchr(field, '\t');
        field = field ? field + 1 : NULL;
    }
    if (field)
        field[strcspn(field, "\t")] = '\0';
    return field;
}

/* The "text" column of a corpus TSV, or every line of a file without one. */
static void corpus_texts(soundness *s, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        fail_msg("cannot read %s", path);
    char line[16384];
    int text_col = -1;
    bool header = true;
    while (fgets(line, sizeof line, fp)) {
        line[strcspn(line, "\r\n")] = '\0';
        if (header) {
            header = false;
            char copy[sizeof line];
            memcpy(copy, line, sizeof copy);
            for (int col = 0; column(strcpy(copy, line), col); col++)
                if (strcmp(column(strcpy(copy, line), col), "text") == 0)
                    text_col = col;
            if (text_col >= 0)
                continue;
        }
        char *text = text_col < 0 ? line : column(line, text_col);
        if (text) {
            check_text(s, text);
            check_joined(s, text);
        }
    }
    fclose(fp);
}

static void every_matching_rule_is_a_candidate(const char *lang)
{
    voce_options opt = {.lexicon_dir = VOCE_LEXICONS, .lang = lang, .lexicon_only = true};
    voce_error err;
    soundness s = {0};
    if (voce_classifier_load(&s.classifier, &opt, &err) != VOCE_OK)
        fail_msg("%s: %s", err.where, err.msg);
    char path[4096];
    snprintf(path, sizeof path, "%s/%s/rules.tsv", VOCE_LEXICONS, lang);
    voce_rules *rules;
    if (voce_rules_load(&rules, path, &err) != VOCE_OK)
        fail_msg("%s: %s", err.where, err.msg);
    s.rules = rules;
    s.doc = voce_doc_new();
    s.scratch = voce_regex_scratch_new();
    char table[64];
    snprintf(table, sizeof table, "scorer_%s.tsv", lang);
    test_each_row(table, 2, scorer_row, &s);
    for (int i = 0; i < 2; i++) {
        snprintf(path, sizeof path, "%s/../corpus/%s/%s.tsv", VOCE_LEXICONS, lang,
                 i ? "dev" : "test");
        corpus_texts(&s, path);
    }
    const char *extra = getenv("VOCE_PREFILTER_TEXTS"); /* more texts, one per line */
    if (extra)
        corpus_texts(&s, extra);
    print_message("%s: %zu texts (%zu long), %zu rule matches, %zu of %zu rule runs skipped "
                  "(%.1f%%), %zu lost, %zu differ\n",
                  lang, s.texts, s.long_texts, s.matches, s.skipped_runs, s.runs,
                  100.0 * (double)s.skipped_runs / (double)(s.runs ? s.runs : 1), s.lost,
                  s.differ);
    assert_true(s.texts > 500);
    assert_true(s.long_texts > 100);
    assert_true(s.matches > 200);
    assert_int_equal(s.lost, 0);
    assert_int_equal(s.differ, 0);
    free(s.hits);
    voce_regex_scratch_free(s.scratch);
    voce_doc_free(s.doc);
    voce_rules_free(rules);
    voce_classifier_free(s.classifier);
}

static void sound_on_italian_rules(void **state)
{
    (void)state;
    every_matching_rule_is_a_candidate("it");
}

static void sound_on_english_rules(void **state)
{
    (void)state;
    every_matching_rule_is_a_candidate("en");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(words_are_needed),
        cmocka_unit_test(alternatives_unite),
        cmocka_unit_test(optional_and_repeated),
        cmocka_unit_test(lookaround_and_anchors_need_nothing_themselves),
        cmocka_unit_test(what_is_not_understood_always_runs),
        cmocka_unit_test(matches_that_stay_within_a_sentence),
        cmocka_unit_test(scanner_marks_candidates),
        cmocka_unit_test(sound_on_italian_rules),
        cmocka_unit_test(sound_on_english_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
