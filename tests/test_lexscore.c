/* test_lexscore.c -- the lexicon scorer (lexscore.c, through voce_classify
 * with the shipped lexicons): negation scopes, negative concord, contrast,
 * intensifiers, emphasis, emoji, rules, per-topic sentiment, and the table
 * of tricky sentences in data/scorer_<lang>.tsv; and the summary of a span
 * of a scored text (voce_lexscore_span), what per-topic sentiment reads. */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "classifier.h"
#include "doc.h"
#include "lexscore.h"
#include "voce.h"

static voce_classifier *classifier;
static voce_doc *doc;

static int setup(void **state)
{
    (void)state;
    voce_options opt = {.lexicon_dir = VOCE_LEXICONS};
    voce_error err;
    if (voce_classifier_load(&classifier, &opt, &err) != VOCE_OK) {
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
    voce_classifier_free(classifier);
    return 0;
}

static voce_result classify(const char *text)
{
    voce_result r;
    voce_classify(classifier, doc, text, strlen(text), &r);
    return r;
}

/* The first cue of 'kind' whose covered text is 'covers'. */
static const voce_cue *cue_over(const char *text, voce_cue_kind kind, const char *covers)
{
    size_t n;
    const voce_cue *c = voce_doc_cues(doc, &n);
    for (size_t i = 0; i < n; i++)
        if (c[i].kind == kind && c[i].end - c[i].start == strlen(covers) &&
            memcmp(text + c[i].start, covers, strlen(covers)) == 0)
            return &c[i];
    fail_msg("no cue over '%s' in '%s'", covers, text);
    return NULL;
}

struct table {
    const char *lang;
    size_t wrong;
};

static void check_row(char **f, const char *where, void *ctx)
{
    struct table *t = ctx;
    voce_result r = classify(f[0]);
    if (strcmp(r.sentiment, f[1]) != 0) {
        printf("  %s: '%s' scored %s (%.3f), expected %s\n", where, f[0], r.sentiment, r.score,
               f[1]);
        t->wrong++;
    }
}

static void every_tricky_italian_sentence_gets_its_polarity(void **state)
{
    (void)state;
    struct table t = {"it", 0};
    assert_true(test_each_row("scorer_it.tsv", 2, check_row, &t) >= 100);
    assert_int_equal(t.wrong, 0);
}

static void every_tricky_english_sentence_gets_its_polarity(void **state)
{
    (void)state;
    struct table t = {"en", 0};
    assert_true(test_each_row("scorer_en.tsv", 2, check_row, &t) >= 100);
    assert_int_equal(t.wrong, 0);
}

static void negation_turns_one_polar_word_and_what_or_joins_to_it(void **state)
{
    (void)state;
    const char *text = "Non mi è piaciuto e il servizio è pessimo";
    voce_result r = classify(text);
    assert_string_equal(r.sentiment, "negative");
    const voce_cue *liked = cue_over(text, VOCE_CUE_TERM, "piaciuto");
    assert_true(liked->mods & VOCE_MOD_NEGATED);
    assert_true(liked->weight < 0);
    const voce_cue *bad = cue_over(text, VOCE_CUE_TERM, "pessimo");
    assert_false(bad->mods & VOCE_MOD_NEGATED);
    assert_true(bad->weight < 0);

    text = "Non è lento, è ottimo";
    classify(text);
    assert_true(cue_over(text, VOCE_CUE_TERM, "lento")->mods & VOCE_MOD_NEGATED);
    assert_false(cue_over(text, VOCE_CUE_TERM, "ottimo")->mods & VOCE_MOD_NEGATED);

    /* The scope ends at the word it negated: the noise is not praised. */
    text = "We didn't enjoy the noisy room";
    assert_string_equal(classify(text).sentiment, "negative");
    assert_true(cue_over(text, VOCE_CUE_TERM, "enjoy")->mods & VOCE_MOD_NEGATED);
    const voce_cue *noisy = cue_over(text, VOCE_CUE_TERM, "noisy");
    assert_false(noisy->mods & VOCE_MOD_NEGATED);
    assert_true(noisy->weight < 0);

    /* ... unless "or" (Italian "o", "né") carries it to the next word. */
    text = "The room was not clean or comfortable";
    classify(text);
    assert_true(cue_over(text, VOCE_CUE_TERM, "clean")->mods & VOCE_MOD_NEGATED);
    assert_true(cue_over(text, VOCE_CUE_TERM, "comfortable")->mods & VOCE_MOD_NEGATED);
    text = "Non è buono né economico";
    classify(text);
    assert_true(cue_over(text, VOCE_CUE_TERM, "economico")->mods & VOCE_MOD_NEGATED);
}

static void negated_negatives_are_mildly_positive(void **state)
{
    (void)state;
    const char *text = "non è affatto lento";
    voce_result r = classify(text);
    assert_string_equal(r.sentiment, "positive");
    const voce_cue *slow = cue_over(text, VOCE_CUE_TERM, "lento");
    assert_true(slow->mods & VOCE_MOD_NEGATED);
    assert_true(slow->weight > 0);
    assert_string_equal(classify("The app is not bad at all").sentiment, "positive");
}

static void italian_negative_concord_is_one_negation(void **state)
{
    (void)state;
    assert_string_equal(classify("Non ho avuto nessun problema").sentiment, "positive");
    assert_string_equal(classify("Il pacco non è mai arrivato").sentiment, "negative");
}

static void the_clause_after_a_contrast_marker_weighs_more(void **state)
{
    (void)state;
    const char *text = "consegna veloce ma assistenza pessima";
    voce_result r = classify(text);
    assert_string_equal(r.sentiment, "negative");
    const voce_cue *fast = cue_over(text, VOCE_CUE_TERM, "veloce");
    assert_true(fast->mods & VOCE_MOD_CONTRAST);
    /* ... for the whole text; in its own clause it keeps its full weight */
    assert_true(fast->weight > 0 && fast->own_weight > fast->weight);
    const voce_cue *bad = cue_over(text, VOCE_CUE_TERM, "pessima");
    assert_true(bad->own_weight < 0 && bad->own_weight > bad->weight);
    cue_over(text, VOCE_CUE_CONTRAST, "ma");
    assert_string_equal(r.topic_sentiments, "delivery:positive|support:negative");
    assert_string_equal(classify("Pricey but worth every penny").sentiment, "positive");
}

static void downtoners_soften_and_poco_turns(void **state)
{
    (void)state;
    const char *text = "personale poco cortese";
    voce_result r = classify(text);
    assert_string_equal(r.sentiment, "negative");
    assert_true(cue_over(text, VOCE_CUE_TERM, "cortese")->mods & VOCE_MOD_INTENSIFIED);
    double strong = fabs(classify("very slow").score);
    double soft = fabs(classify("slightly slow").score);
    assert_true(strong > soft);
}

static void capitals_elongation_and_bangs_add_emphasis(void **state)
{
    (void)state;
    double plain = classify("servizio pessimo").score;
    double caps = classify("servizio PESSIMO").score;
    double bangs = classify("servizio pessimo!!!").score;
    assert_true(caps < plain);
    assert_true(bangs < plain);
    assert_true(classify("bellissimooo").score > classify("bellissimo").score);
}

static void emoji_and_emoticons_carry_polarity(void **state)
{
    (void)state;
    assert_string_equal(classify("consegna ok 👍").sentiment, "positive");
    assert_string_equal(classify("ancora niente 😡😡").sentiment, "negative");
    assert_string_equal(classify("arrived today :(").sentiment, "negative");
    assert_string_equal(classify("👍🏽").sentiment, "positive"); /* skin tone stripped */
    /* An emoji is never negated: a scope that has found no polar word
     * ends before it (these were positive, then negative). */
    const char *text = "non ho ancora il rimborso 😡";
    assert_string_equal(classify(text).sentiment, "negative");
    const voce_cue *angry = cue_over(text, VOCE_CUE_TERM, "😡");
    assert_false(angry->mods & VOCE_MOD_NEGATED);
    assert_true(angry->weight < 0);
    text = "niente coda in posta 👍";
    assert_string_equal(classify(text).sentiment, "positive");
    assert_false(cue_over(text, VOCE_CUE_TERM, "👍")->mods & VOCE_MOD_NEGATED);
    text = "no word from the courier 😡";
    assert_string_equal(classify(text).sentiment, "negative");
}

static void questions_and_requests_are_neutral(void **state)
{
    (void)state;
    voce_result r = classify("Come posso cambiare l'indirizzo di consegna?");
    assert_string_equal(r.sentiment, "neutral");
    assert_non_null(strstr(r.flags, "question"));
    assert_string_equal(classify("How do I update my payment details?").sentiment, "neutral");
}

static void rules_catch_faults_sarcasm_and_churn(void **state)
{
    (void)state;
    voce_result r = classify("Mi avete addebitato due volte la bolletta");
    assert_string_equal(r.sentiment, "negative");
    assert_non_null(strstr(r.topics, "billing"));
    r = classify("Great, another week of waiting. Thanks for nothing.");
    assert_string_equal(r.sentiment, "negative");
    assert_non_null(strstr(r.flags, "sarcasm"));
    r = classify("Aumentate le tariffe di nuovo: disdico e passo alla concorrenza");
    assert_true(r.churn_risk);
    assert_string_equal(r.sentiment, "negative");
}

/* A rule over a term of its own sign adds only what it has beyond the
 * term: "nobody called me back" is one complaint, not two. */
static void a_rule_over_a_term_of_its_sign_counts_once(void **state)
{
    (void)state;
    const char *text = "nobody called me back";
    voce_result alone = classify(text);
    const voce_cue *term = cue_over(text, VOCE_CUE_TERM, "nobody called");
    const voce_cue *rule = cue_over(text, VOCE_CUE_RULE, "nobody called");
    assert_true(term->weight < 0);
    assert_true(rule->weight == 0);
    assert_true(rule->mods & VOCE_MOD_OVERLAP);
    assert_true(doc->lex.raw == term->weight);
    assert_string_equal(alone.sentiment, "negative");

    /* A rule stronger than the term keeps the difference: -2 and -2.5 make -2.5. */
    text = "charged after i cancelled";
    classify(text);
    term = cue_over(text, VOCE_CUE_TERM, "charged after i cancelled");
    rule = cue_over(text, VOCE_CUE_RULE, "charged after i cancelled");
    assert_true(term->weight < 0 && rule->weight < 0);
    assert_true(fabs(term->weight + rule->weight - -2.5) < 1e-9);
    assert_true(rule->mods & VOCE_MOD_OVERLAP);

    /* Only terms of the rule's sign count: the rule fixed_my_problem (+1.5)
     * over "sorted" (+1) and "problem" (-1) keeps +0.5, not +1.5 or 0. */
    text = "Sorted my problem in one call";
    classify(text);
    rule = cue_over(text, VOCE_CUE_RULE, "Sorted my problem");
    assert_true(fabs(rule->weight - 0.5) < 1e-9);
    assert_true(cue_over(text, VOCE_CUE_TERM, "problem")->weight < 0);
}

/* A sentiment rule inside a negation scope is negated as a word there
 * would be, then counts once with the negated term it overlaps; a rule
 * that holds its own negator is not negated again (negative concord). */
static void a_negated_rule_turns_like_a_word(void **state)
{
    (void)state;
    const char *text = "I was not charged twice";
    voce_result r = classify(text);
    const voce_cue *term = cue_over(text, VOCE_CUE_TERM, "charged twice");
    const voce_cue *rule = cue_over(text, VOCE_CUE_RULE, "charged twice");
    assert_true(term->weight > 0 && (term->mods & VOCE_MOD_NEGATED));
    assert_true(rule->mods & VOCE_MOD_NEGATED);
    assert_true(rule->weight >= 0);
    assert_string_equal(r.sentiment, "positive");

    /* A phrase with its own negation negates the rule it reaches into. */
    text = "it's not the worst service ever";
    r = classify(text);
    rule = cue_over(text, VOCE_CUE_RULE, "worst service ever");
    assert_true(rule->mods & VOCE_MOD_NEGATED);
    assert_true(rule->weight >= 0);
    assert_string_equal(r.sentiment, "positive");

    /* "non ... nessuno" is one negation: the rule keeps its sign. */
    text = "non c'è nessuno che risponde";
    r = classify(text);
    rule = cue_over(text, VOCE_CUE_RULE, "nessuno che risponde");
    assert_false(rule->mods & VOCE_MOD_NEGATED);
    assert_true(rule->weight < 0);
    assert_string_equal(r.sentiment, "negative");

    /* Outside a scope nothing changes. */
    text = "they charged me twice";
    r = classify(text);
    assert_false(cue_over(text, VOCE_CUE_RULE, "charged me twice")->mods & VOCE_MOD_NEGATED);
    assert_string_equal(r.sentiment, "negative");
}

/* In 'text', the negator's scope 'scope' turns the longer phrase 'phrase'
 * positive, and the text with it. */
static void expect_turned(const char *text, const char *scope, const char *phrase)
{
    voce_result r = classify(text);
    const voce_cue *term = cue_over(text, VOCE_CUE_TERM, phrase);
    assert_true(term->weight > 0 && (term->mods & VOCE_MOD_NEGATED));
    cue_over(text, VOCE_CUE_NEGATOR, scope);
    assert_string_equal(r.sentiment, "positive");
}

/* In 'text', the phrase with its negation keeps its own (negative) polarity. */
static void expect_own(const char *text, const char *phrase)
{
    voce_result r = classify(text);
    assert_true(cue_over(text, VOCE_CUE_TERM, phrase)->weight < 0);
    assert_string_equal(r.sentiment, "negative");
}

/* A phrase with its own negation gives way to a longer polar phrase that
 * starts inside it: what "non è arrivato rotto" denies is the damage. */
static void a_negated_phrase_gives_way_to_a_longer_one(void **state)
{
    (void)state;
    expect_turned("il pacco non è arrivato rotto", "non è arrivato rotto", "arrivato rotto");
    expect_own("il pacco non è arrivato", "non è arrivato");
    expect_turned("it didn't arrive late", "didn't arrive late", "arrive late");
    /* The same with the negator inside the phrase ("did not arrive"):
     * the words before it are read alone. */
    expect_turned("the parcel did not arrive late", "not arrive late", "arrive late");
    expect_own("the parcel did not arrive", "did not arrive");
}

/* What the lexicon scorer can say, for checking a user's filter: three
 * sentiments, and the topics of both languages' topics.tsv, each once. */
static void the_lexicon_scorer_lists_what_it_can_give(void **state)
{
    (void)state;
    assert_string_equal(voce_classifier_labels(classifier, false), "positive|negative|neutral");
    const char *topics = voce_classifier_labels(classifier, true);
    assert_non_null(strstr(topics, "billing"));
    assert_non_null(strstr(topics, "website_app"));
    assert_null(strstr(topics, "other"));
    assert_null(strstr(strstr(topics, "billing") + 1, "billing"));
}

/* A short text langid cannot tell takes the language whose lexicon knows
 * more of its polar words, when langid leaned that way: "Prezzo onesto,
 * personale scortese" is Italian. "ok", which only the Italian lexicon
 * scores but both languages write, stays unknown: nothing leaned. */
static void the_lexicons_tell_the_language_of_a_short_text(void **state)
{
    (void)state;
    assert_string_equal(classify("Prezzo onesto, personale scortese").lang, "it");
    assert_string_equal(classify("Great service").lang, "en");
    assert_string_equal(classify("ok").lang, "und");
    assert_string_equal(classify("okay").lang, "und");
}

static void empty_and_hostile_texts_are_neutral_and_fast(void **state)
{
    (void)state;
    voce_result r = classify("");
    assert_string_equal(r.sentiment, "neutral");
    assert_true(r.score == 0);
    char bangs[100001];
    memset(bangs, '!', sizeof bangs - 1);
    bangs[sizeof bangs - 1] = '\0';
    assert_string_equal(classify(bangs).sentiment, "neutral");
    static char laugh[100001];
    for (size_t i = 0; i < sizeof laugh - 1; i++)
        laugh[i] = "ah"[i % 2];
    laugh[sizeof laugh - 1] = '\0';
    classify(laugh); /* must return, under the rules' match limit */
}

/* The rules read a folded copy of the text, and map what they match back
 * to the original bytes. Capitals that grow a byte when folded (U+023A, two
 * bytes, is U+2C65, three) lengthen that copy: a rule after them still
 * matches, and its cue still covers its own words. */
static void a_rule_after_letters_that_grow_when_folded_covers_its_words(void **state)
{
    (void)state;
    char text[512] = "";
    for (int i = 0; i < 60; i++)
        strcat(text, "\xC8\xBA");
    strcat(text, " Mi avete addebitato due volte la bolletta");
    voce_result r = classify(text);
    assert_string_equal(r.sentiment, "negative");
    assert_non_null(strstr(r.topics, "billing"));
    size_t n;
    const voce_cue *c = voce_doc_cues(doc, &n);
    bool ruled = false;
    for (size_t i = 0; i < n; i++) {
        if (c[i].kind != VOCE_CUE_RULE)
            continue;
        ruled = true;
        assert_true(c[i].start >= 121 && c[i].end <= strlen(text));
    }
    assert_true(ruled);
}

/* The index of the first token starting at or after byte 'at'. */
static size_t token_from(size_t at)
{
    size_t i = 0;
    while (i < doc->tokens.n && doc->tokens.tok[i].start < at)
        i++;
    return i;
}

static voce_lexscore span(const char *lang, size_t first, size_t end)
{
    voce_lexscore L;
    voce_lexscore_span(doc, classifier->rules[voce_lang_index(lang)], first, end, &L);
    return L;
}

/* A text of one clause, without contrast or sarcasm, spans to itself: the
 * summary from its cues is the one the scorer made. */
static void a_whole_one_clause_text_spans_to_its_own_summary(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "it", "prodotto davvero ottimo!!", "it", "non funziona per niente",
        "it", "SERVIZIO PESSIMO", "it", "voglio disdire il contratto",
        "en", "The delivery was not great at all", "en", "absolutely loved it 😍",
        "en", "how do I change my billing address?",
    };
    for (size_t t = 0; t < sizeof texts / sizeof *texts; t += 2) {
        const char *text = texts[t + 1];
        classify(text);
        voce_lexscore L = span(texts[t], 0, doc->tokens.n), *D = &doc->lex;
        if (fabs(L.score - D->score) > 1e-12 || fabs(L.raw - D->raw) > 1e-12 ||
            L.pos_mass != D->pos_mass || L.neg_mass != D->neg_mass ||
            L.strongest != D->strongest || L.last_clause != D->last_clause ||
            L.rule_sum != D->rule_sum || L.damp != D->damp || L.n_pos != D->n_pos ||
            L.n_neg != D->n_neg || L.n_negated != D->n_negated ||
            L.n_intensified != D->n_intensified || L.n_exclaim != D->n_exclaim ||
            L.n_question != D->n_question || L.n_caps != D->n_caps ||
            L.n_emoji != D->n_emoji || L.churn != D->churn || L.flags != D->flags)
            fail_msg("'%s': span score %g (%d+, %d-, flags %x, churn %d), text %g (%d+, %d-, "
                     "flags %x, churn %d)", text, L.score, L.n_pos, L.n_neg, L.flags, L.churn,
                     D->score, D->n_pos, D->n_neg, D->flags, D->churn);
    }
}

/* A clause of a longer text is summed from its own cues and marks only. */
static void a_clause_spans_to_its_own_cues(void **state)
{
    (void)state;
    const char *text = "consegna veloce, ma assistenza pessima!";
    classify(text);
    size_t comma = token_from(strlen("consegna veloce"));
    size_t ma = token_from(strlen("consegna veloce, "));
    voce_lexscore first = span("it", 0, comma), second = span("it", ma + 1, doc->tokens.n);
    assert_int_equal(first.n_pos, 1);
    assert_int_equal(first.n_neg, 0);
    assert_int_equal(first.n_exclaim, 0);
    assert_true(first.score > 0);
    assert_int_equal(second.n_pos, 0);
    assert_int_equal(second.n_neg, 1);
    assert_int_equal(second.n_exclaim, 1);
    assert_true(second.score < 0);
    /* The empty span says nothing. */
    voce_lexscore none = span("it", 2, 2);
    assert_true(none.score == 0 && none.n_pos == 0 && none.n_neg == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_tricky_italian_sentence_gets_its_polarity),
        cmocka_unit_test(every_tricky_english_sentence_gets_its_polarity),
        cmocka_unit_test(negation_turns_one_polar_word_and_what_or_joins_to_it),
        cmocka_unit_test(negated_negatives_are_mildly_positive),
        cmocka_unit_test(italian_negative_concord_is_one_negation),
        cmocka_unit_test(the_clause_after_a_contrast_marker_weighs_more),
        cmocka_unit_test(downtoners_soften_and_poco_turns),
        cmocka_unit_test(capitals_elongation_and_bangs_add_emphasis),
        cmocka_unit_test(emoji_and_emoticons_carry_polarity),
        cmocka_unit_test(questions_and_requests_are_neutral),
        cmocka_unit_test(rules_catch_faults_sarcasm_and_churn),
        cmocka_unit_test(a_rule_over_a_term_of_its_sign_counts_once),
        cmocka_unit_test(a_negated_rule_turns_like_a_word),
        cmocka_unit_test(a_negated_phrase_gives_way_to_a_longer_one),
        cmocka_unit_test(the_lexicon_scorer_lists_what_it_can_give),
        cmocka_unit_test(the_lexicons_tell_the_language_of_a_short_text),
        cmocka_unit_test(empty_and_hostile_texts_are_neutral_and_fast),
        cmocka_unit_test(a_rule_after_letters_that_grow_when_folded_covers_its_words),
        cmocka_unit_test(a_whole_one_clause_text_spans_to_its_own_summary),
        cmocka_unit_test(a_clause_spans_to_its_own_cues),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
