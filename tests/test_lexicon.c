/* test_lexicon.c -- loading lexicons and rules, and the errors a user who
 * edits them sees (lexicon.c, rules.c). Each test writes the files it
 * needs into a fresh temporary directory. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lexicon.h"
#include "rules.h"

static char dir[64];

static void put(const char *name, const char *content)
{
    char path[256];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(content, fp);
    fclose(fp);
}

/* (Re)write a small valid Italian lexicon into 'dir'. */
static void write_lexicon(void)
{
    put("it/polarity.tsv", "# term\tscore\nmai arrivato\t-3\nnon funziona\t-3\n"
                           "non funziona per niente\t-4\nottimo\t3\nperché\t-1\npessimo\t-3\n");
    put("it/negators.tsv", "# term\tkind\naffatto\tpost\nnon\tneg\no\tor\n");
    put("it/intensifiers.tsv", "# term\tfactor\nmolto\t1.5\npoco\t-0.6\nun po'\t0.6\n");
    put("it/contrast.tsv", "# term\tbefore\tafter\nma\t0.5\t1.5\n");
    put("it/churn.tsv", "# term\tweight\ndisdico\t3\n");
    put("it/topics.tsv", "# term\ttopic\nbolletta\tbilling\ncorriere\tdelivery\n"
                         "servizio clienti\tsupport\n");
    put("emoji.tsv", "# emoji\tscore\tname\n:)\t2\tsmile\n\xF0\x9F\x93\xA6\t0\tpackage\n");
}

static int make_lexicon(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/voce-test-lexicon-XXXXXX");
    if (!mkdtemp(dir))
        return -1;
    char sub[128];
    snprintf(sub, sizeof sub, "%s/it", dir);
    if (mkdir(sub, 0700) != 0)
        return -1;
    write_lexicon();
    return 0;
}

static int remove_lexicon(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static void a_valid_lexicon_loads_every_file(void **state)
{
    (void)state;
    voce_lexicon *lex;
    voce_error err;
    assert_int_equal(voce_lexicon_load(&lex, dir, "it", &err), VOCE_OK);
    assert_true(voce_lexicon_has(lex, "pessimo"));
    assert_true(voce_lexicon_has(lex, "perche"));       /* accents folded */
    assert_true(voce_lexicon_has(lex, "PERCHÉ"));
    assert_true(voce_lexicon_has(lex, "non funziona")); /* a phrase */
    assert_true(voce_lexicon_has(lex, "un po'"));
    assert_true(voce_lexicon_has(lex, ":)"));
    assert_false(voce_lexicon_has(lex, "bolletta")); /* topics have their own table */
    assert_int_equal(voce_lexicon_topic(lex, "support"), 2);
    assert_true(lex->checksum != 0);
    voce_lexicon_free(lex);
}

static void the_longest_phrase_wins_and_knows_its_own_negation(void **state)
{
    (void)state;
    voce_lexicon *lex;
    assert_int_equal(voce_lexicon_load(&lex, dir, "it", NULL), VOCE_OK);
    const char *keys[] = {"non", "funziona", "bene"};
    size_t lens[] = {3, 8, 4}, len;
    const voce_term *t = voce_lexicon_match(lex, keys, lens, 3, &len);
    assert_non_null(t);
    assert_int_equal(len, 2);
    assert_true(t->polarity == -3);
    assert_true(t->self_negated);
    t = voce_lexicon_match(lex, keys, lens, 1, &len); /* the phrase cannot fit */
    assert_non_null(t);
    assert_int_equal(t->negation, VOCE_NEG_OPEN);
    const char *topic_keys[] = {"servizio", "clienti"};
    size_t topic_lens[] = {8, 7};
    assert_int_equal(voce_lexicon_match_topic(lex, topic_keys, topic_lens, 2, &len), 2);
    assert_int_equal(len, 2);
    voce_lexicon_free(lex);
}

/* The match at keys[0] of the words of 'text' (tokens split at spaces):
 * its length in tokens, 0 for none. */
static size_t match_len(const voce_lexicon *lex, const char *text)
{
    char copy[128];
    const char *keys[8];
    size_t lens[8], n = 0, len = 0;
    snprintf(copy, sizeof copy, "%s", text);
    for (char *w = strtok(copy, " "); w && n < 8; w = strtok(NULL, " ")) {
        keys[n] = w;
        lens[n++] = strlen(w);
    }
    return voce_lexicon_match(lex, keys, lens, n, &len) ? len : 0;
}

/* Phrases are looked up from their first two words: a pair no phrase
 * begins with leaves the first word alone, whatever follows. */
static void phrases_are_found_through_their_first_two_words(void **state)
{
    (void)state;
    voce_lexicon *lex;
    assert_int_equal(voce_lexicon_load(&lex, dir, "it", NULL), VOCE_OK);
    assert_int_equal(match_len(lex, "non funziona per niente"), 4);
    assert_int_equal(match_len(lex, "non funziona per niente oggi"), 4);
    assert_int_equal(match_len(lex, "non funziona per"), 2);
    assert_int_equal(match_len(lex, "non funziona"), 2);
    assert_int_equal(match_len(lex, "non funzionava per niente"), 1); /* "non" */
    assert_int_equal(match_len(lex, "non va"), 1);
    assert_int_equal(match_len(lex, "mai arrivato"), 2);
    assert_int_equal(match_len(lex, "mai visto"), 0);
    assert_int_equal(match_len(lex, "funziona per niente"), 0);
    voce_lexicon_free(lex);
}

static void expect_error(const char *file, const char *content, const char *where,
                         const char *msg)
{
    put(file, content);
    voce_lexicon *lex = (voce_lexicon *)1;
    voce_error err;
    assert_int_equal(voce_lexicon_load(&lex, dir, "it", &err), VOCE_ERR_PARSE);
    assert_null(lex);
    char want[256];
    snprintf(want, sizeof want, "%s/%s", dir, where);
    assert_string_equal(err.where, want);
    assert_string_equal(err.msg, msg);
    write_lexicon(); /* restore for the next case */
}

static void each_kind_of_bad_line_is_reported_with_its_place(void **state)
{
    (void)state;
    expect_error("it/polarity.tsv", "# term\tscore\nbuono\t2\npessimo\n", "it/polarity.tsv:3",
                 "expected 2 columns, got 1");
    expect_error("it/polarity.tsv", "# term\tscore\nbuono\tmolto\n", "it/polarity.tsv:2",
                 "column 2: expected an integer from -4 to 4, got 'molto'");
    expect_error("it/polarity.tsv", "# term\tscore\nbuono\t0\n", "it/polarity.tsv:2",
                 "a polarity score cannot be 0");
    expect_error("it/polarity.tsv", "# term\tscore\nbuono\t2.5\n", "it/polarity.tsv:2",
                 "column 2: expected an integer from -4 to 4, got '2.5'");
    expect_error("it/negators.tsv", "# term\tkind\nnon\tnope\n", "it/negators.tsv:2",
                 "unknown negator kind 'nope' (expected one of: neg, post, or, none)");
    expect_error("it/negators.tsv", "# term\tkind\ne\tend\nnon\tneg\n", "it/negators.tsv:2",
                 "negator kind 'end' is gone: a negation now ends at the first polar word it "
                 "negates, so delete this row");
    expect_error("it/intensifiers.tsv", "# term\tfactor\nmolto\t1,5\n", "it/intensifiers.tsv:2",
                 "column 2: expected a number from -1 to 3, got '1,5'");
    expect_error("it/contrast.tsv", "# c\nma\t0.5\n", "it/contrast.tsv:2",
                 "expected 3 columns, got 2");
    expect_error("it/churn.tsv", "# c\ndisdico\t9\n", "it/churn.tsv:2",
                 "column 2: expected an integer from 1 to 3, got '9'");
    expect_error("it/topics.tsv", "# c\n\tbilling\n", "it/topics.tsv:2",
                 "empty term, or a phrase of more than 8 tokens");
    expect_error("emoji.tsv", "# c\n:)\t2\n", "emoji.tsv:2", "expected 3 columns, got 2");
    expect_error("it/polarity.tsv", "# c\nperch\xE9\t1\n", "it/polarity.tsv:2", "invalid UTF-8");
}

static void a_missing_file_is_named(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/it/churn.tsv", dir);
    unlink(path);
    voce_lexicon *lex;
    voce_error err;
    assert_int_equal(voce_lexicon_load(&lex, dir, "it", &err), VOCE_ERR_IO);
    assert_string_equal(err.where, path);
    write_lexicon();
}

static void rules_load_and_bad_rules_name_line_and_column(void **state)
{
    (void)state;
    char path[256];
    snprintf(path, sizeof path, "%s/it/rules.tsv", dir);
    put("it/rules.tsv", "# name\teffect\tweight\tpattern\n"
                        "doppio\tsentiment\t-2\t\\baddebitat[oaie] due volte\\b\n"
                        "domanda\tflag:question\t1\t\\?\\s*$\n"
                        "fattura\ttopic:billing\t1\t\\bfattur[ae]\\b\n");
    voce_rules *r;
    voce_error err;
    assert_int_equal(voce_rules_load(&r, path, &err), VOCE_OK);
    assert_int_equal(r->n, 3);
    assert_int_equal(r->rule[1].effect, VOCE_RULE_FLAG);
    assert_int_equal(r->rule[1].flag, VOCE_FLAG_QUESTION);
    assert_string_equal(r->rule[2].topic, "billing");
    voce_regex_scratch *sc = voce_regex_scratch_new();
    voce_rule_hit *hits = NULL;
    size_t nhits = 0, cap = 0;
    const char *text = "mi avete addebitato due volte la fattura?";
    assert_int_equal(voce_rules_match(r, text, strlen(text), sc, &hits, &nhits, &cap), 0);
    assert_int_equal(nhits, 3);
    assert_int_equal(hits[0].start, 9);
    free(hits);
    voce_regex_scratch_free(sc);
    voce_rules_free(r);

    put("it/rules.tsv", "# name\teffect\tweight\tpattern\nrotto\tsentiment\t-2\tab(c\n");
    assert_int_equal(voce_rules_load(&r, path, &err), VOCE_ERR_REGEX);
    char want[300];
    snprintf(want, sizeof want, "%s:2:5", path);
    assert_string_equal(err.where, want);
    assert_non_null(strstr(err.msg, "missing closing parenthesis"));

    put("it/rules.tsv", "# c\na\tflag:bogus\t1\tx\n");
    assert_int_equal(voce_rules_load(&r, path, &err), VOCE_ERR_PARSE);
    assert_non_null(strstr(err.msg, "unknown effect 'flag:bogus'"));
    put("it/rules.tsv", "# c\na\tsentiment\t1\tx\na\tsentiment\t1\ty\n");
    assert_int_equal(voce_rules_load(&r, path, &err), VOCE_ERR_PARSE);
    assert_string_equal(err.msg, "rule 'a' already defined on line 2");
    put("it/rules.tsv", "# c\na\tneutral\t2\tx\n");
    assert_int_equal(voce_rules_load(&r, path, &err), VOCE_ERR_PARSE);
    assert_string_equal(err.msg, "a neutral weight must be in 0..1, got 2");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_valid_lexicon_loads_every_file),
        cmocka_unit_test(the_longest_phrase_wins_and_knows_its_own_negation),
        cmocka_unit_test(phrases_are_found_through_their_first_two_words),
        cmocka_unit_test(each_kind_of_bad_line_is_reported_with_its_place),
        cmocka_unit_test(a_missing_file_is_named),
        cmocka_unit_test(rules_load_and_bad_rules_name_line_and_column),
    };
    return cmocka_run_group_tests(tests, make_lexicon, remove_lexicon);
}
