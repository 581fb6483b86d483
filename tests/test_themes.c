/* test_themes.c -- theme discovery (themes.c, stem.c) on the fixture
 * data/themes-comments.tsv: four groups of complaints a reader would
 * tell apart (a refund never arrived, a double charge, an app crashing at
 * checkout, late parcels) and four loners. The themes must find the
 * groups, label them with the customers' words, put the loners in
 * "other", and be the same on every run. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stem.h"
#include "voce.h"

enum { MAX_COMMENTS = 64 };

static voce_classifier *classifier;
static voce_classifier *italian; /* every text read as Italian: one language */
static voce_doc *doc;

typedef struct fixture {
    char *group[MAX_COMMENTS];
    char *text[MAX_COMMENTS];
    size_t n;
} fixture;

static fixture fx;

static void read_row(char **f, const char *where, void *ctx)
{
    (void)where;
    fixture *x = ctx;
    assert_true(x->n < MAX_COMMENTS);
    x->group[x->n] = strdup(f[0]);
    x->text[x->n++] = strdup(f[1]);
}

static int setup(void **state)
{
    (void)state;
    voce_options opt = {.lexicon_dir = VOCE_LEXICONS, .lexicon_only = true};
    voce_error err;
    if (voce_classifier_load(&classifier, &opt, &err) != VOCE_OK) {
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
        return -1;
    }
    opt.lang = "it";
    if (voce_classifier_load(&italian, &opt, &err) != VOCE_OK) {
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
        return -1;
    }
    doc = voce_doc_new();
    test_each_row("themes-comments.tsv", 2, read_row, &fx);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    for (size_t i = 0; i < fx.n; i++) {
        free(fx.group[i]);
        free(fx.text[i]);
    }
    voce_doc_free(doc);
    voce_classifier_free(classifier);
    voce_classifier_free(italian);
    return 0;
}

/* Themes of the first 'n' fixture comments, all grouped, classified by 'c'. */
static voce_themes *themes_by(const voce_classifier *c, size_t n, unsigned k, uint64_t seed)
{
    voce_themes_options opt = {.lexicon_dir = VOCE_LEXICONS, .k = k, .seed = seed};
    voce_themes *t;
    voce_error err;
    if (voce_themes_new(&t, &opt, &err) != VOCE_OK)
        fail_msg("%s: %s", err.where, err.msg);
    for (size_t i = 0; i < n; i++) {
        voce_result r;
        voce_classify(c, doc, fx.text[i], strlen(fx.text[i]), &r);
        assert_int_equal(voce_themes_add(t, doc, fx.text[i], strlen(fx.text[i]), true), i);
    }
    voce_themes_run(t);
    return t;
}

/* The same, each text in the language identified (the fixture has Italian
 * and English complaints). */
static voce_themes *themes_of(size_t n, unsigned k, uint64_t seed)
{
    return themes_by(classifier, n, k, seed);
}

/* The theme most of 'group' went to, and how many went there. */
static long main_theme(const voce_themes *t, const char *group, size_t *count, size_t *total)
{
    size_t votes[64] = {0};
    *total = 0;
    for (size_t i = 0; i < fx.n; i++) {
        if (strcmp(fx.group[i], group) != 0)
            continue;
        long th = voce_themes_of(t, i);
        assert_true(th >= 0 && th < 64);
        votes[th]++;
        (*total)++;
    }
    long best = 0;
    for (long th = 1; th < 64; th++)
        if (votes[th] > votes[best])
            best = th;
    *count = votes[best];
    return best;
}

static void lower_ascii(char *s)
{
    for (; *s; s++)
        *s = (char)tolower((unsigned char)*s);
}

/* ---- Stems -------------------------------------------------------------------- */

static void check_stems(const char *lang, const char *const *words, size_t n)
{
    char first[64], w[64];
    snprintf(first, sizeof first, "%s", words[0]);
    first[voce_stem(lang, first, strlen(first))] = '\0';
    for (size_t i = 1; i < n; i++) {
        snprintf(w, sizeof w, "%s", words[i]);
        w[voce_stem(lang, w, strlen(w))] = '\0';
        if (strcmp(w, first) != 0)
            fail_msg("%s: '%s' stems to '%s', '%s' to '%s'", lang, words[0], first, words[i], w);
    }
}

static void inflections_of_a_word_share_a_stem(void **state)
{
    (void)state;
    static const char *const rimborso[] = {"rimborso", "rimborsi", "rimborsato", "rimborsare"};
    static const char *const arrivo[] = {"arrivato", "arrivata", "arrivati", "arrivo"};
    static const char *const pacco[] = {"pacco", "pacchi"};
    static const char *const charge[] = {"charge", "charged", "charges", "charging"};
    static const char *const ship[] = {"ship", "shipped", "shipping", "ships"};
    static const char *const refund[] = {"refund", "refunds", "refunded", "refunding"};
    static const char *const delivery[] = {"delivery", "deliveries"};
    check_stems("it", rimborso, 4);
    check_stems("it", arrivo, 4);
    check_stems("it", pacco, 2);
    check_stems("en", charge, 4);
    check_stems("en", ship, 4);
    check_stems("en", refund, 4);
    check_stems("en", delivery, 2);
    char w[] = "app";
    assert_int_equal(voce_stem("en", w, 3), 3); /* short words stay whole */
    char und[] = "rimborsi";
    assert_int_equal(voce_stem("und", und, 8), 8);
}

/* ---- Themes ----------------------------------------------------------------------- */

static void the_four_groups_become_four_themes(void **state)
{
    (void)state;
    voce_themes *t = themes_of(fx.n, 0, 0);
    static const char *const groups[] = {"rimborso", "addebito", "app", "delivery"};
    long seen[4];
    size_t real = 0;
    for (size_t i = 0; i < voce_themes_count(t); i++)
        real += !voce_themes_get(t, i)->other;
    assert_int_equal(real, 4);
    for (int g = 0; g < 4; g++) {
        size_t count, total;
        seen[g] = main_theme(t, groups[g], &count, &total);
        if (count * 4 < total * 3) /* 75% at least */
            fail_msg("group %s: only %zu of %zu in one theme", groups[g], count, total);
        assert_false(voce_themes_get(t, (size_t)seen[g])->other);
        for (int h = 0; h < g; h++)
            assert_true(seen[h] != seen[g]);
    }
    voce_themes_free(t);
}

static void labels_are_phrases_customers_wrote(void **state)
{
    (void)state;
    voce_themes *t = themes_of(fx.n, 0, 0);
    static const struct {
        const char *group, *word;
    } expect[] = {
        {"rimborso", "rimborso"}, {"addebito", "addebit"}, {"app", "app"}, {"delivery", "late"}};
    for (size_t e = 0; e < sizeof expect / sizeof *expect; e++) {
        size_t count, total;
        long th = main_theme(t, expect[e].group, &count, &total);
        const voce_theme *theme = voce_themes_get(t, (size_t)th);
        if (!strstr(theme->label, expect[e].word))
            fail_msg("theme of %s is labelled '%s'", expect[e].group, theme->label);
    }
    /* Every phrase appears, as written (but for case), in a comment of its theme. */
    for (size_t th = 0; th < voce_themes_count(t); th++) {
        const voce_theme *theme = voce_themes_get(t, th);
        assert_true(theme->nphrases <= 3);
        for (size_t p = 0; p < theme->nphrases; p++) {
            bool found = false;
            for (size_t i = 0; i < fx.n && !found; i++) {
                if (voce_themes_of(t, i) != (long)th)
                    continue;
                char low[512];
                snprintf(low, sizeof low, "%s", fx.text[i]);
                lower_ascii(low);
                found = strstr(low, theme->phrases[p]) != NULL;
            }
            if (!found)
                fail_msg("phrase '%s' of theme '%s' is in none of its comments", theme->phrases[p],
                         theme->label);
        }
    }
    voce_themes_free(t);
}

static void loners_go_to_a_visible_other_theme(void **state)
{
    (void)state;
    voce_themes *t = themes_of(fx.n, 0, 0);
    size_t n = voce_themes_count(t), sizes = 0;
    const voce_theme *last = voce_themes_get(t, n - 1);
    assert_true(last->other);
    assert_string_equal(last->label, "other");
    for (size_t i = 0; i < n; i++) {
        sizes += voce_themes_get(t, i)->size;
        if (i + 1 < n)
            assert_true(voce_themes_get(t, i)->size >= voce_themes_get(t, i + 1)->size ||
                        voce_themes_get(t, i + 1)->other);
    }
    assert_int_equal(sizes, fx.n); /* every comment is somewhere */
    for (size_t i = 0; i < fx.n; i++)
        if (strcmp(fx.group[i], "-") == 0)
            assert_int_equal(voce_themes_of(t, i), (long)(n - 1));
    voce_themes_free(t);
}

static void quotes_are_distinct_comments_of_their_theme(void **state)
{
    (void)state;
    voce_themes *t = themes_of(fx.n, 0, 0);
    for (size_t th = 0; th < voce_themes_count(t); th++) {
        const voce_theme *theme = voce_themes_get(t, th);
        assert_true(theme->nquotes >= 1 && theme->nquotes <= 3);
        for (size_t q = 0; q < theme->nquotes; q++) {
            assert_int_equal(voce_themes_of(t, theme->quotes[q]), (long)th);
            for (size_t r = 0; r < q; r++)
                assert_true(theme->quotes[q] != theme->quotes[r]);
        }
    }
    voce_themes_free(t);
}

static void the_same_input_gives_the_same_themes(void **state)
{
    (void)state;
    voce_themes *a = themes_of(fx.n, 0, 0), *b = themes_of(fx.n, 0, 0);
    voce_themes *c = themes_of(fx.n, 0, 7); /* another seed: the same groups here */
    assert_int_equal(voce_themes_count(a), voce_themes_count(b));
    for (size_t i = 0; i < fx.n; i++)
        assert_int_equal(voce_themes_of(a, i), voce_themes_of(b, i));
    for (size_t th = 0; th < voce_themes_count(a); th++)
        assert_string_equal(voce_themes_get(a, th)->label, voce_themes_get(b, th)->label);
    unsigned ka = voce_themes_k(a, NULL, NULL, NULL), kc = voce_themes_k(c, NULL, NULL, NULL);
    assert_int_equal(ka, kc);
    voce_themes_free(a);
    voce_themes_free(b);
    voce_themes_free(c);
}

/* In one language (every text read as Italian), k is the smallest of
 * 2..n/6 within 3% of the best silhouette, or the one given. */
static void k_is_chosen_by_silhouette_or_given(void **state)
{
    (void)state;
    voce_themes *t = themes_by(italian, fx.n, 0, 0);
    unsigned k_min, k_max;
    double sil;
    unsigned k = voce_themes_k(t, &k_min, &k_max, &sil);
    assert_int_equal(k_min, 2);
    assert_int_equal(k_max, fx.n / 6);
    assert_int_equal(voce_themes_k_of(t, "it"), 0); /* not grouped by language */
    /* the smallest k within 3% of the best silhouette */
    double best = -1;
    for (unsigned j = k_min; j <= k_max; j++)
        if (voce_themes_silhouette(t, j) > best)
            best = voce_themes_silhouette(t, j);
    for (unsigned j = k_min; j < k; j++)
        assert_true(voce_themes_silhouette(t, j) < 0.97 * best);
    assert_true(sil >= 0.97 * best);
    assert_true(voce_themes_silhouette(t, k) == sil);
    assert_true(voce_themes_silhouette(t, 1) != voce_themes_silhouette(t, 1)); /* not tried */
    voce_themes_free(t);

    t = themes_by(italian, fx.n, 2, 0);
    k = voce_themes_k(t, &k_min, &k_max, &sil);
    assert_int_equal(k, 2);
    assert_int_equal(k_min, 2);
    assert_true(sil != sil); /* NaN: not chosen */
    assert_true(voce_themes_count(t) <= 3);
    voce_themes_free(t);
}

/* Italian and English complaints share no words: each language is grouped
 * apart, k chosen for each, and no theme mixes them. */
static void each_language_is_grouped_apart(void **state)
{
    (void)state;
    size_t it = 0, en = 0;
    for (size_t i = 0; i < fx.n; i++) {
        voce_result r;
        voce_classify(classifier, doc, fx.text[i], strlen(fx.text[i]), &r);
        it += strcmp(r.lang, "it") == 0;
        en += strcmp(r.lang, "en") == 0;
    }
    assert_true(it >= 10 && en >= 10); /* the fixture has both */
    voce_themes *t = themes_of(fx.n, 0, 0);
    unsigned k_min, k_max;
    double sil;
    unsigned k = voce_themes_k(t, &k_min, &k_max, &sil);
    unsigned k_it = voce_themes_k_of(t, "it"), k_en = voce_themes_k_of(t, "en");
    assert_true(k_it >= 2 && k_en >= 2);
    assert_int_equal(k, k_it + k_en);
    assert_int_equal(k_min, 4); /* 2 for each */
    assert_true(sil > 0);
    assert_true(voce_themes_silhouette(t, 2) != voce_themes_silhouette(t, 2)); /* per language */
    /* each language's own, of which the one reported is a weighted mean */
    double sil_it = voce_themes_silhouette_of(t, "it", k_it);
    double sil_en = voce_themes_silhouette_of(t, "en", k_en);
    assert_true(sil_it == sil_it && sil_en == sil_en);
    assert_true(sil >= (sil_it < sil_en ? sil_it : sil_en) - 1e-12);
    assert_true(sil <= (sil_it > sil_en ? sil_it : sil_en) + 1e-12);
    assert_true(voce_themes_silhouette_of(t, "it", 1) != voce_themes_silhouette_of(t, "it", 1));
    for (size_t th = 0; th < voce_themes_count(t); th++) {
        if (voce_themes_get(t, th)->other)
            continue;
        size_t in_it = 0, in_en = 0;
        for (size_t i = 0; i < fx.n; i++) {
            if (voce_themes_of(t, i) != (long)th)
                continue;
            voce_result r;
            voce_classify(classifier, doc, fx.text[i], strlen(fx.text[i]), &r);
            in_it += strcmp(r.lang, "it") == 0;
            in_en += strcmp(r.lang, "en") == 0;
        }
        if (in_it && in_en)
            fail_msg("theme '%s' mixes %zu Italian and %zu English comments",
                     voce_themes_get(t, th)->label, in_it, in_en);
    }
    voce_themes_free(t);
    /* A given k is shared by size and adds up: 2 makes one theme a
     * language; 1 cannot be shared, so the languages are grouped together. */
    for (unsigned given = 2; given <= 7; given++) {
        t = themes_of(fx.n, given, 0);
        assert_int_equal(voce_themes_k(t, NULL, NULL, NULL), given);
        unsigned it_k = voce_themes_k_of(t, "it"), en_k = voce_themes_k_of(t, "en");
        assert_int_equal(it_k + en_k, given);
        assert_true(it_k >= 1 && en_k >= 1);
        if (given == 2)
            assert_true(it_k == 1 && en_k == 1);
        voce_themes_free(t);
    }
    t = themes_of(fx.n, 1, 0);
    assert_int_equal(voce_themes_k(t, NULL, NULL, NULL), 1);
    assert_int_equal(voce_themes_k_of(t, "it") + voce_themes_k_of(t, "en"), 0);
    voce_themes_free(t);
}

static void a_handful_of_comments_is_one_theme_and_none_is_none(void **state)
{
    (void)state;
    voce_themes *t = themes_of(5, 0, 0); /* five refund complaints */
    assert_int_equal(voce_themes_k(t, NULL, NULL, NULL), 1);
    assert_false(voce_themes_get(t, 0)->other);
    assert_non_null(strstr(voce_themes_get(t, 0)->label, "rimborso"));
    voce_themes_free(t);
    t = themes_of(0, 0, 0);
    assert_int_equal(voce_themes_count(t), 0);
    assert_null(voce_themes_get(t, 0));
    assert_int_equal(voce_themes_of(t, 0), -1);
    voce_themes_free(t);
}

static void comments_not_grouped_are_placed_near_their_theme(void **state)
{
    (void)state;
    voce_themes_options opt = {.lexicon_dir = VOCE_LEXICONS};
    voce_themes *t;
    assert_int_equal(voce_themes_new(&t, &opt, NULL), VOCE_OK);
    for (size_t i = 0; i < fx.n; i++) {
        voce_classify(classifier, doc, fx.text[i], strlen(fx.text[i]), &(voce_result){0});
        voce_themes_add(t, doc, fx.text[i], strlen(fx.text[i]), true);
    }
    static const char praise[] = "rimborso arrivato in due giorni, grazie";
    static const char elsewhere[] = "bellissimo negozio in centro";
    voce_classify(classifier, doc, praise, strlen(praise), &(voce_result){0});
    size_t p = voce_themes_add(t, doc, praise, strlen(praise), false);
    voce_classify(classifier, doc, elsewhere, strlen(elsewhere), &(voce_result){0});
    size_t e = voce_themes_add(t, doc, elsewhere, strlen(elsewhere), false);
    voce_themes_run(t);
    size_t count, total;
    assert_int_equal(voce_themes_of(t, p), main_theme(t, "rimborso", &count, &total));
    assert_int_equal(voce_themes_of(t, e), -1);
    size_t len;
    assert_string_equal(voce_themes_text(t, p, &len), praise);
    assert_int_equal(voce_themes_size(t), fx.n + 2);
    voce_themes_free(t);
}

static void a_missing_lexicon_directory_is_an_error(void **state)
{
    (void)state;
    voce_themes_options opt = {.lexicon_dir = "/nonexistent"};
    voce_themes *t = (voce_themes *)&opt;
    voce_error err;
    assert_int_equal(voce_themes_new(&t, &opt, &err), VOCE_ERR_IO);
    assert_null(t);
    assert_non_null(strstr(err.where, "/nonexistent/it/stopwords.tsv"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inflections_of_a_word_share_a_stem),
        cmocka_unit_test(the_four_groups_become_four_themes),
        cmocka_unit_test(labels_are_phrases_customers_wrote),
        cmocka_unit_test(loners_go_to_a_visible_other_theme),
        cmocka_unit_test(quotes_are_distinct_comments_of_their_theme),
        cmocka_unit_test(the_same_input_gives_the_same_themes),
        cmocka_unit_test(k_is_chosen_by_silhouette_or_given),
        cmocka_unit_test(each_language_is_grouped_apart),
        cmocka_unit_test(a_handful_of_comments_is_one_theme_and_none_is_none),
        cmocka_unit_test(comments_not_grouped_are_placed_near_their_theme),
        cmocka_unit_test(a_missing_lexicon_directory_is_an_error),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
