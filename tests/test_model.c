/* test_model.c -- a model built on a base model (model.c, featurize.c): how
 * its meta records where the base is (relative to the model's directory
 * when named relative and sharing more than the root, absolute when named
 * absolute or sharing only the root), and where the
 * base model's probabilities go in a vector (after the hashed features,
 * so the vector stays sorted, and nowhere when there is no base); how the
 * character weight, the opening-mention feature and separators shape a
 * vector; how PARENT#CHILD labels are split into parts, how the parts
 * weigh, and how a temperature is fitted to their scores. */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "calibrate.h"
#include "config.h"
#include "featurize.h"
#include "model.h"

static char root[64];

static int make_tree(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/voce-test-model-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    char path[128];
    const char *dirs[] = {"a", "a/sub", "b"};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
        if (mkdir(path, 0700) != 0)
            return -1;
    }
    return 0;
}

static int remove_tree(void **state)
{
    (void)state;
    char path[128];
    const char *dirs[] = {"a/sub", "a", "b", ""};
    for (size_t i = 0; i < sizeof dirs / sizeof *dirs; i++) {
        snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
        rmdir(path);
    }
    return 0;
}

/* The path a model saved as <name> records for base <base>, both named
 * relative to the tree's root (the current directory). */
static void expect_base_path(const char *name, const char *base, const char *want)
{
    char here[4096];
    assert_non_null(getcwd(here, sizeof here));
    assert_int_equal(chdir(root), 0);
    voce_error err;
    char *got = voce_model_base_path(name, base, &err);
    assert_int_equal(chdir(here), 0);
    if (!got)
        fail_msg("%s on %s: %s", name, base, err.msg);
    if (strcmp(got, want) != 0)
        fail_msg("%s on %s: got '%s', expected '%s'", name, base, got, want);
    free(got);
}

static void a_base_is_named_relative_to_the_model_directory(void **state)
{
    (void)state;
    expect_base_path("a/mine", "a/it-sentiment", "it-sentiment");
    expect_base_path("a/mine", "a/sub/it-sentiment", "sub/it-sentiment");
    expect_base_path("a/sub/mine", "a/it-sentiment", "../it-sentiment");
    expect_base_path("a/sub/mine", "b/it-sentiment", "../../b/it-sentiment");
    /* Through a ".." the directories still resolve to the same place. */
    expect_base_path("b/../a/mine", "a/./it-sentiment", "it-sentiment");
}

static void a_base_named_absolute_or_sharing_only_the_root_stays_absolute(void **state)
{
    (void)state;
    char n[160], b[160], want[4200];
    snprintf(n, sizeof n, "%s/a/mine", root);
    voce_error err;
    char *got = voce_model_base_path(n, "/usr/it-sentiment", &err);
    assert_non_null(got);
    assert_string_equal(got, "/usr/it-sentiment");
    free(got);
    /* Named absolute, in the model's own directory: absolute, resolved. */
    snprintf(b, sizeof b, "%s/a/../a/it-sentiment", root);
    char *dir = realpath(root, NULL);
    assert_non_null(dir);
    snprintf(want, sizeof want, "%s/a/it-sentiment", dir);
    free(dir);
    got = voce_model_base_path(n, b, &err);
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

static void a_directory_that_does_not_exist_is_an_error(void **state)
{
    (void)state;
    char n[160];
    snprintf(n, sizeof n, "%s/nowhere/mine", root);
    voce_error err;
    assert_null(voce_model_base_path(n, "/usr/it-sentiment", &err));
    assert_int_equal(err.status, VOCE_ERR_IO);
}

static void base_probabilities_go_after_the_hashed_features(void **state)
{
    (void)state;
    voce_features_config fc;
    voce_features_defaults(&fc);
    fc.hash_bits = 10;
    uint32_t hashed_dim = voce_features_dim(&fc);
    fc.base_labels = 3;
    assert_int_equal(voce_features_dim(&fc), hashed_dim + 3);
    voce_vec v;
    voce_vec_init(&v);
    const double p[] = {0.7, 0.0, 0.3};
    voce_vec_append_base(&v, &fc, p);
    /* A zero probability is not stored: a sparse vector holds no zeros. */
    assert_int_equal(v.n, 2);
    assert_int_equal(v.idx[0], hashed_dim + 1);
    assert_int_equal(v.idx[1], hashed_dim + 3);
    assert_true(v.val[0] == (float)(0.7 * VOCE_BASE_BLOCK));
    assert_int_equal(voce_features_base_label(&fc, v.idx[0]), 0);
    assert_int_equal(voce_features_base_label(&fc, v.idx[1]), 2);
    assert_int_equal(voce_features_base_label(&fc, hashed_dim), -1);
    assert_int_equal(voce_features_base_label(&fc, hashed_dim + 4), -1);
    fc.base_labels = 0; /* no base model: no slots, nothing appended */
    voce_vec_append_base(&v, &fc, p);
    assert_int_equal(v.n, 2);
    assert_int_equal(voce_features_base_label(&fc, hashed_dim + 1), -1);
    voce_vec_release(&v);
}

/* The squared norm, in 'v', of the indices that 'only' has: how much of
 * the whole the word block keeps once the character block joins it. */
static double share_of(const voce_vec *v, const voce_vec *only)
{
    double sum = 0;
    for (size_t i = 0, j = 0; i < v->n && j < only->n;) {
        if (v->idx[i] < only->idx[j]) {
            i++;
        } else if (v->idx[i] > only->idx[j]) {
            j++;
        } else {
            sum += (double)v->val[i] * v->val[i];
            i++;
            j++;
        }
    }
    return sum;
}

/* A classifier of the shipped lexicons alone, to analyse texts with. */
static voce_classifier *lexicon_only(void)
{
    voce_options opt = {.lexicon_dir = VOCE_LEXICONS, .lexicon_only = true};
    voce_classifier *c;
    voce_error err;
    assert_int_equal(voce_classifier_load(&c, &opt, &err), VOCE_OK);
    return c;
}

/* --char-weight W: the character block's norm is W against the word
 * block's 1 before the whole vector is normalised, so the word features
 * keep 1 / (1 + W^2) of the squared norm. */
static void the_character_weight_sets_the_blocks_shares(void **state)
{
    (void)state;
    voce_classifier *c = lexicon_only();
    voce_doc *d = voce_doc_new();
    const char *text = "consegna rapidissima, imballaggio curato";
    voce_result r;
    voce_classify(c, d, text, strlen(text), &r);
    voce_features_config fc;
    voce_features_defaults(&fc);
    assert_true(fc.char_weight == (float)VOCE_CHAR_BLOCK);
    fc.lexicon = false;
    fc.hash_bits = 20; /* words and characters apart: no shared bucket here */
    voce_vec words, both;
    voce_vec_init(&words);
    voce_vec_init(&both);
    unsigned char_max = fc.char_max;
    fc.char_max = 0;
    voce_features_build(&fc, d, VOCE_VEC_SORTED, &words);
    fc.char_max = char_max;
    const float weights[] = {(float)VOCE_CHAR_BLOCK, 1.0f, 2.5f};
    for (size_t k = 0; k < sizeof weights / sizeof *weights; k++) {
        fc.char_weight = weights[k];
        voce_features_build(&fc, d, VOCE_VEC_SORTED, &both);
        double w = weights[k];
        assert_true(both.n > words.n);
        double share = share_of(&both, &words), want = 1 / (1 + w * w);
        if (fabs(share - want) > 1e-5)
            fail_msg("char weight %g: the words keep %.6f of the norm, not %.6f", w, share, want);
    }
    char msg[160];
    fc.char_weight = 0;
    assert_false(voce_features_check(&fc, msg, sizeof msg));
    assert_non_null(strstr(msg, "weight"));
    voce_vec_release(&words);
    voce_vec_release(&both);
    voce_doc_free(d);
    voce_classifier_free(c);
}

static int by_index(const void *a, const void *b)
{
    uint32_t x = ((const uint32_t *)a)[0], y = ((const uint32_t *)b)[0];
    return (x > y) - (x < y);
}

/* The vector of the text in 'd' built in any order holds what the sorted
 * one holds, index for index, each index once. */
static void assert_same_features(const voce_features_config *fc, voce_doc *d)
{
    voce_vec sorted, any;
    voce_vec_init(&sorted);
    voce_vec_init(&any);
    voce_features_build(fc, d, VOCE_VEC_SORTED, &sorted);
    voce_features_build(fc, d, VOCE_VEC_ANY_ORDER, &any);
    assert_int_equal(any.n, sorted.n);
    struct {
        uint32_t idx;
        float val;
    } *pairs = calloc(any.n ? any.n : 1, sizeof *pairs);
    assert_non_null(pairs);
    for (size_t i = 0; i < any.n; i++) {
        pairs[i].idx = any.idx[i];
        pairs[i].val = any.val[i];
    }
    qsort(pairs, any.n, sizeof *pairs, by_index);
    for (size_t i = 0; i < sorted.n; i++) {
        if (i > 0)
            assert_true(sorted.idx[i - 1] < sorted.idx[i]);
        assert_int_equal(pairs[i].idx, sorted.idx[i]);
        /* the norms are summed in different orders: equal to rounding */
        if (fabsf(pairs[i].val - sorted.val[i]) > 1e-6f * fabsf(sorted.val[i]))
            fail_msg("index %u: %.9g in any order, %.9g sorted", sorted.idx[i],
                     (double)pairs[i].val, (double)sorted.val[i]);
    }
    free(pairs);
    voce_vec_release(&sorted);
    voce_vec_release(&any);
}

/* Classifying builds vectors in any order (a fused model's dot product
 * does not care), training in libsvm's: the same features either way.
 * With 64 buckets the words, character n-grams and lexicon cues share
 * buckets, so the blocks' runs overlap and must be merged; a text of more
 * distinct features than the merge's 16-bit places takes the sorted way. */
static void a_vector_in_any_order_holds_the_sorted_ones_features(void **state)
{
    (void)state;
    voce_classifier *c = lexicon_only();
    voce_doc *d = voce_doc_new();
    voce_features_config fc;
    voce_features_defaults(&fc);
    const char *text = "Consegna rapidissima, ma l'assistenza non mi ha mai richiamato: pessima! "
                       "Il corriere era gentile e il prodotto ottimo.";
    voce_result r;
    voce_classify(c, d, text, strlen(text), &r);
    fc.hash_bits = 6;
    assert_same_features(&fc, d);
    fc.hash_bits = 18;
    assert_same_features(&fc, d);

    voce_buf big = VOCE_BUF_INIT;
    uint64_t x = 88172645463325252ull; /* xorshift: made-up words */
    for (int w = 0; w < 12000; w++) {
        for (int k = 0; k < 8; k++) {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            voce_buf_addc(&big, (char)('a' + x % 26));
        }
        voce_buf_addc(&big, ' ');
    }
    voce_classify(c, d, big.data, big.len, &r);
    fc.hash_bits = 20;
    voce_vec v;
    voce_vec_init(&v);
    voce_features_build(&fc, d, VOCE_VEC_SORTED, &v);
    assert_true(v.n > UINT16_MAX);
    voce_vec_release(&v);
    assert_same_features(&fc, d);
    voce_buf_release(&big);
    voce_doc_free(d);
    voce_classifier_free(c);
}

/* The vector of 'text' under 'fc', into 'v' (with the whole analysis). */
static void vector_of(voce_classifier *c, voce_doc *d, const voce_features_config *fc,
                      const char *text, voce_vec *v)
{
    voce_result r;
    voce_classify(c, d, text, strlen(text), &r);
    voce_features_build(fc, d, VOCE_VEC_SORTED, v);
}

/* Whether an index of 'v' is named 'name' (among the names of its bucket). */
static bool has_feature(const voce_features_config *fc, voce_doc *d, const voce_vec *v,
                        const char *name)
{
    voce_buf names = VOCE_BUF_INIT;
    bool found = false;
    for (size_t i = 0; i < v->n && !found; i++) {
        voce_buf_reset(&names);
        voce_features_name(fc, d, v->idx[i], &names);
        found = names.len && strstr(names.data, name) != NULL;
    }
    voce_buf_release(&names);
    return found;
}

static bool same_vector(const voce_vec *a, const voce_vec *b)
{
    if (a->n != b->n)
        return false;
    for (size_t i = 0; i < a->n; i++)
        if (a->idx[i] != b->idx[i] || a->val[i] != b->val[i])
            return false;
    return true;
}

/* Without final_separator (voce train --no-final-separator, as the shipped
 * models are trained) the separators (". , ; :") that end a text are no
 * word features: a final period changes nothing, a separator within the
 * text stays a feature. With it (the default, and models whose meta lacks
 * the setting) the final one is a feature too. */
static void a_final_separator_can_be_left_out(void **state)
{
    (void)state;
    voce_classifier *c = lexicon_only();
    voce_doc *d = voce_doc_new();
    voce_features_config fc;
    voce_features_defaults(&fc);
    assert_true(fc.final_separator);
    fc.final_separator = false;
    fc.hash_bits = 20;
    voce_vec a, b;
    voce_vec_init(&a);
    voce_vec_init(&b);
    vector_of(c, d, &fc, "Nothing special, average.", &a);
    vector_of(c, d, &fc, "Nothing special, average", &b);
    assert_true(same_vector(&a, &b));
    /* "," "special ," ", average" against "special average" */
    vector_of(c, d, &fc, "Nothing special average", &b);
    assert_int_equal(a.n, b.n + 2);
    vector_of(c, d, &fc, "Average.;", &a);
    vector_of(c, d, &fc, "Average", &b);
    assert_true(same_vector(&a, &b));
    fc.final_separator = true;
    vector_of(c, d, &fc, "Average.", &a);
    assert_false(same_vector(&a, &b));
    assert_true(has_feature(&fc, d, &a, "w:."));
    voce_vec_release(&a);
    voce_vec_release(&b);
    voce_doc_free(d);
    voce_classifier_free(c);
}

/* The vectors of 'text' with the opening-mention feature on and off: how
 * many more indices it adds, and whether one of them is named "w:^@". */
static size_t opening_mention_extra(voce_classifier *c, voce_doc *d, const char *text, bool *named)
{
    voce_result r;
    voce_classify(c, d, text, strlen(text), &r);
    voce_features_config fc;
    voce_features_defaults(&fc);
    fc.hash_bits = 20;
    voce_vec on, off;
    voce_vec_init(&on);
    voce_vec_init(&off);
    assert_true(fc.opening_mention);
    voce_features_build(&fc, d, VOCE_VEC_SORTED, &on);
    fc.opening_mention = false;
    voce_features_build(&fc, d, VOCE_VEC_SORTED, &off);
    fc.opening_mention = true;
    *named = has_feature(&fc, d, &on, "w:^@");
    size_t extra = on.n - off.n;
    voce_vec_release(&on);
    voce_vec_release(&off);
    return extra;
}

/* A text that opens with an @mention (a reply, on social media) gets one
 * feature more, "w:^@"; a mention further on does not. */
static void a_text_opening_with_a_mention_is_marked(void **state)
{
    (void)state;
    voce_classifier *c = lexicon_only();
    voce_doc *d = voce_doc_new();
    bool named;
    assert_int_equal(opening_mention_extra(c, d, "@acme_help my parcel never came", &named), 1);
    assert_true(named);
    assert_int_equal(opening_mention_extra(c, d, "my parcel never came @acme_help", &named), 0);
    assert_false(named);
    voce_doc_free(d);
    voce_classifier_free(c);
}

/* A model's labels with their parts: 'labels' is a NULL-terminated list. */
static voce_model *with_labels(const char **labels)
{
    voce_model *m = calloc(1, sizeof *m);
    assert_non_null(m);
    while (labels[m->nlabels])
        m->nlabels++;
    m->labels = calloc(m->nlabels, sizeof *m->labels);
    assert_non_null(m->labels);
    for (size_t i = 0; i < m->nlabels; i++)
        m->labels[i] = strdup(labels[i]);
    return m;
}

/* Labels written PARENT#CHILD have parts: each parent ("LAPTOP#") and
 * child ("#QUALITY") once, in order of first use, with each label's two
 * indices. Labels of another shape, or parts that no two labels share
 * (they would be the labels again), have none. */
static void parent_child_labels_have_parts(void **state)
{
    (void)state;
    voce_model *m =
        with_labels((const char *[]){"LAPTOP#QUALITY", "LAPTOP#PRICE", "BATTERY#QUALITY", NULL});
    assert_true(voce_model_find_parts(m));
    assert_int_equal(m->nparts, 4);
    const char *want[] = {"LAPTOP#", "#QUALITY", "#PRICE", "BATTERY#"};
    for (size_t i = 0; i < 4; i++)
        assert_string_equal(m->parts[i], want[i]);
    assert_int_equal(m->parent[0], 0);
    assert_int_equal(m->child[0], 1);
    assert_int_equal(m->parent[1], 0);
    assert_int_equal(m->child[1], 2);
    assert_int_equal(m->parent[2], 3);
    assert_int_equal(m->child[2], 1);
    voce_model_free(m);
    const char **without[] = {
        (const char *[]){"billing", "delivery", NULL}, /* no '#' */
        (const char *[]){"A#B", "delivery", NULL},     /* not all */
        (const char *[]){"A#B#C", "A#D", NULL},        /* two '#' */
        (const char *[]){"#B", "#C", NULL},            /* no parent */
        (const char *[]){"A#", "A#C", NULL},           /* no child */
        (const char *[]){"A#B", "C#D", NULL},          /* nothing shared */
    };
    for (size_t i = 0; i < sizeof without / sizeof *without; i++) {
        m = with_labels(without[i]);
        assert_false(voce_model_find_parts(m));
        assert_int_equal(m->nparts, 0);
        assert_null(m->parts);
        voce_model_free(m);
    }
}

/* A label scores log p(label) + weight * (log p(parent) + log p(child)):
 * a label its own SVM doubts wins when its parts are sure, and the scores
 * divided by the temperature become a distribution. */
static void parts_can_outvote_a_labels_own_svm(void **state)
{
    (void)state;
    /* Parts A#, #X, #Y, B#. */
    voce_model *m = with_labels((const char *[]){"A#X", "A#Y", "B#X", NULL});
    assert_true(voce_model_find_parts(m));
    m->part_weight = 1;
    m->part_temperature = 1;
    const double pp[] = {0.9, 0.2, 0.8, 0.1};
    double p[] = {0.3, 0.4, 0.3}, scores[3];
    assert_int_equal(voce_model_weigh_parts(m, p, pp, scores), 1);
    /* A#Y: 0.4 * 0.9 * 0.8 = 0.288; A#X: 0.3 * 0.9 * 0.2 = 0.054; B#X: 0.3 * 0.1 * 0.2 */
    double total = 0.288 + 0.054 + 0.006;
    assert_true(fabs(p[1] - 0.288 / total) < 1e-9);
    assert_true(fabs(p[0] - 0.054 / total) < 1e-9);
    assert_true(fabs(p[2] - 0.006 / total) < 1e-9);
    assert_true(fabs(scores[1]) < 1e-12);
    assert_true(fabs(scores[0] - log(0.054 / 0.288)) < 1e-9);
    /* At temperature 2, the square roots of the same products. */
    m->part_temperature = 2;
    double t[] = {0.3, 0.4, 0.3};
    assert_int_equal(voce_model_weigh_parts(m, t, pp, NULL), 1);
    total = sqrt(0.288) + sqrt(0.054) + sqrt(0.006);
    assert_true(fabs(t[1] - sqrt(0.288) / total) < 1e-9);
    /* The labels' own SVMs sure of A#X, the parts of A#Y: the weight decides. */
    const double sure[] = {0.9, 0.3, 0.9, 0.1};
    double q[] = {0.9, 0.1, 0.1};
    assert_int_equal(voce_model_weigh_parts(m, q, sure, NULL), 0);
    m->part_weight = 4;
    double r[] = {0.9, 0.1, 0.1};
    assert_int_equal(voce_model_weigh_parts(m, r, sure, NULL), 1);
    voce_model_free(m);
}

/* Temperature scaling: scores that are too sure get a temperature above
 * 1, scores that are too timid one below, and scores that are already
 * right about 1. */
static void a_temperature_tempers_scores_as_sure_as_they_are_right(void **state)
{
    (void)state;
    /* Two classes, each example's score of the other class -s: with
     * softmax, p(best) = 1 / (1 + e^-s). Of 10 examples, 8 have their best
     * class right: the best temperature makes p(best) 0.8, s / T = log 4. */
    double scores[20];
    int gold[10];
    for (size_t i = 0; i < 10; i++) {
        scores[2 * i] = 0;
        scores[2 * i + 1] = -6;
        gold[i] = i < 8 ? 0 : 1;
    }
    double T = voce_temperature_fit(scores, gold, 10, 2);
    assert_true(fabs(T - 6 / log(4.0)) < 1e-3);
    for (size_t i = 0; i < 10; i++)
        scores[2 * i + 1] = -0.5;
    T = voce_temperature_fit(scores, gold, 10, 2);
    assert_true(fabs(T - 0.5 / log(4.0)) < 1e-3);
    assert_true(T < 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_base_is_named_relative_to_the_model_directory),
        cmocka_unit_test(a_base_named_absolute_or_sharing_only_the_root_stays_absolute),
        cmocka_unit_test(a_directory_that_does_not_exist_is_an_error),
        cmocka_unit_test(base_probabilities_go_after_the_hashed_features),
        cmocka_unit_test(the_character_weight_sets_the_blocks_shares),
        cmocka_unit_test(a_vector_in_any_order_holds_the_sorted_ones_features),
        cmocka_unit_test(a_text_opening_with_a_mention_is_marked),
        cmocka_unit_test(a_final_separator_can_be_left_out),
        cmocka_unit_test(parent_child_labels_have_parts),
        cmocka_unit_test(parts_can_outvote_a_labels_own_svm),
        cmocka_unit_test(a_temperature_tempers_scores_as_sure_as_they_are_right),
    };
    return cmocka_run_group_tests(tests, make_tree, remove_tree);
}
