/* rules.c -- loading rules.tsv and running its rules over a text.
 *
 * Each pattern is compiled on its own (UTF, UCP, JIT) so that a
 * bad one is reported with its line and column, and so that each hit can be
 * explained by name; a rule runs only on texts holding one of the literals
 * it needs (prefilter.c), and on a long text, if no match of it can hold a
 * sentence break, only on the sentences holding them. Matching runs under
 * regex.c's match limit: a rule that hits it counts as not matching and is
 * reported to the caller. */
#include "rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mem.h"
#include "prefilter.h"
#include "tsvfile.h"

static const struct {
    const char *name;
    unsigned flag;
} flags[] = {
    {"churn_risk", VOCE_FLAG_CHURN},
    {"question", VOCE_FLAG_QUESTION},
    {"request", VOCE_FLAG_REQUEST},
    {"sarcasm", VOCE_FLAG_SARCASM},
};

unsigned voce_rules_flag(const char *name)
{
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (strcmp(flags[i].name, name) == 0)
            return flags[i].flag;
    return 0;
}

const char *voce_rules_flag_name(unsigned flag)
{
    for (size_t i = 0; i < sizeof flags / sizeof *flags; i++)
        if (flags[i].flag == flag)
            return flags[i].name;
    return "?";
}

/* Fill the effect fields of 'rule' from columns 2 and 3 of the line. */
static voce_status parse_effect(voce_tsvfile *f, voce_rule *rule, voce_error *err)
{
    const char *effect = f->field[1];
    double w;
    if (voce_parse_double(f->field[2], &w) != 0)
        return voce_tsvfile_error(f, err, VOCE_ERR_PARSE, "weight '%s' is not a number",
                                  f->field[2]);
    rule->weight = (float)w;
    if (strcmp(effect, "sentiment") == 0) {
        rule->effect = VOCE_RULE_SENTIMENT;
        if (w < -4 || w > 4)
            return voce_tsvfile_error(f, err, VOCE_ERR_PARSE,
                                      "a sentiment weight must be in -4..4, got %g", w);
        return VOCE_OK;
    }
    if (w < 0 || w > 4)
        return voce_tsvfile_error(f, err, VOCE_ERR_PARSE, "weight must be in 0..4, got %g", w);
    if (strcmp(effect, "neutral") == 0) {
        rule->effect = VOCE_RULE_NEUTRAL;
        if (w > 1)
            return voce_tsvfile_error(f, err, VOCE_ERR_PARSE,
                                      "a neutral weight must be in 0..1, got %g", w);
    } else if (strncmp(effect, "topic:", 6) == 0 && effect[6]) {
        rule->effect = VOCE_RULE_TOPIC;
    } else if (strncmp(effect, "flag:", 5) == 0 && voce_rules_flag(effect + 5)) {
        rule->effect = VOCE_RULE_FLAG;
        rule->flag = voce_rules_flag(effect + 5);
    } else {
        return voce_tsvfile_error(f, err, VOCE_ERR_PARSE,
                                  "unknown effect '%s' (expected sentiment, neutral, topic:NAME "
                                  "or flag:churn_risk|question|request|sarcasm)",
                                  effect);
    }
    return VOCE_OK;
}

voce_status voce_rules_load(voce_rules **out, const char *path, voce_error *err)
{
    *out = NULL;
    voce_tsvfile f;
    voce_status st = voce_tsvfile_open(&f, path, err);
    if (st != VOCE_OK)
        return st;
    voce_rules *r = voce_xcalloc(1, sizeof *r);
    r->path = voce_xstrdup(path);
    r->checksum = f.hash;
    r->filter = voce_prefilter_new();
    size_t cap = 0;
    int more;
    while ((more = voce_tsvfile_next(&f, err)) == 1) {
        if (f.nfields != 4) {
            st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE, "expected 4 columns, got %zu",
                                    f.nfields);
            break;
        }
        for (size_t i = 0; i < r->n; i++) {
            if (strcmp(r->rule[i].name, f.field[0]) == 0) {
                st = voce_tsvfile_error(&f, err, VOCE_ERR_PARSE,
                                        "rule '%s' already defined on line %zu", f.field[0],
                                        r->rule[i].line);
                break;
            }
        }
        if (st != VOCE_OK)
            break;
        r->rule = voce_xgrow(r->rule, &cap, r->n + 1, sizeof *r->rule);
        voce_rule *rule = &r->rule[r->n];
        memset(rule, 0, sizeof *rule);
        rule->line = f.line;
        if ((st = parse_effect(&f, rule, err)) != VOCE_OK)
            break;
        char where[4200];
        snprintf(where, sizeof where, "%s:%zu", path, f.line);
        /* Rules match folded text, which is lower case: no caseless
         * matching needed, and the JIT code is faster without it. */
        bool confined;
        rule->filtered = voce_prefilter_add(r->filter, f.field[3], &confined);
        rule->confined = rule->filtered && confined;
        if ((st = voce_regex_compile(&rule->re, f.field[3],
                                     rule->confined ? VOCE_RE_OFFSET_LIMIT : 0, where, err)) !=
            VOCE_OK)
            break;
        rule->name = voce_xstrdup(f.field[0]);
        r->nconfined += rule->confined;
        if (rule->effect == VOCE_RULE_TOPIC)
            rule->topic = voce_xstrdup(f.field[1] + 6);
        r->n++;
    }
    if (more < 0)
        st = VOCE_ERR_PARSE;
    voce_tsvfile_close(&f);
    if (st != VOCE_OK) {
        voce_rules_free(r);
        return st;
    }
    voce_prefilter_finish(r->filter);
    *out = r;
    return VOCE_OK;
}

void voce_rules_free(voce_rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free((char *)r->rule[i].name);
        free((char *)r->rule[i].topic);
        voce_regex_free(r->rule[i].re);
    }
    free(r->rule);
    voce_prefilter_free(r->filter);
    free(r->path);
    free(r);
}

/* A long text's sentences: segment k is text[end[k - 1] + 1, end[k]) (the
 * first starts at 0), end[k] being where its break is (or the text's end).
 * Its candidates are those of the prefilter on it alone. */
typedef struct segments {
    size_t n;
    uint32_t *end;
    uint64_t *candidates; /* n x words */
} segments;

/* Below this a text is one scan: cutting it would cost more than it saves. */
enum { SEGMENTS_FROM_BYTES = 400 };

/* Cut 'text' at its breaks and fill 'candidates' (the whole text's) and
 * each segment's in one scan; false, having done neither, if it has no
 * break. */
static bool cut_segments(const voce_rules *r, const char *text, size_t len, size_t words,
                         uint64_t *candidates, segments *sg)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += voce_segment_break((unsigned char)text[i]);
    if (n < 2)
        return false;
    sg->end = voce_xmalloc(n * sizeof *sg->end);
    sg->candidates = voce_xmalloc(n * words * sizeof *sg->candidates);
    sg->n = 0;
    for (size_t i = 0; i < len; i++)
        if (voce_segment_break((unsigned char)text[i]))
            sg->end[sg->n++] = (uint32_t)i;
    sg->end[sg->n++] = (uint32_t)len;
    voce_prefilter_scan_segments(r->filter, text, len, sg->end, sg->n, candidates,
                                 sg->candidates);
    return true;
}

/* The first match of a confined rule: the one in the first segment that
 * holds its literals and a match. No match holds a break, so every match
 * lies in one segment, and holds the literals the segment must then hold;
 * a match may start on the break ending its segment only if empty. */
static int find_in_segments(const voce_rule *rule, size_t i, const segments *sg, size_t words,
                            const char *text, size_t len, voce_regex_scratch *sc,
                            voce_regex_match *m)
{
    for (size_t k = 0; k < sg->n; k++) {
        if (!(sg->candidates[k * words + i / 64] >> (i % 64) & 1))
            continue;
        size_t start = k ? sg->end[k - 1] + 1 : 0;
        int rc = voce_regex_find_before(rule->re, text, len, start, sg->end[k], sc, m);
        if (rc != 0)
            return rc;
    }
    return 0;
}

size_t voce_rules_match(const voce_rules *r, const char *text, size_t len,
                        voce_regex_scratch *sc, voce_rule_hit **hits, size_t *nhits,
                        size_t *cap)
{
    size_t limited = 0;
    uint64_t small[16], *candidates = small;
    size_t words = voce_prefilter_words(r->filter);
    if (words > sizeof small / sizeof *small)
        candidates = voce_xmalloc(words * sizeof *candidates);
    /* On a long text most rules are candidates, and each would scan all of
     * it: a rule that stays within a sentence runs only on the sentences
     * holding its literals. */
    segments sg = {0};
    bool cut = r->nconfined && len >= SEGMENTS_FROM_BYTES &&
               cut_segments(r, text, len, words, candidates, &sg);
    if (!cut)
        voce_prefilter_scan(r->filter, text, len, candidates);
    /* The candidates in rule order, a set bit at a time. */
    for (size_t w = 0; w < words; w++) {
        for (uint64_t bits = candidates[w]; bits; bits &= bits - 1) {
            size_t i = w * 64 + (size_t)__builtin_ctzll(bits);
            const voce_rule *rule = &r->rule[i];
            voce_regex_match m;
            int rc = cut && rule->confined
                         ? find_in_segments(rule, i, &sg, words, text, len, sc, &m)
                         : voce_regex_find(rule->re, text, len, 0, sc, &m);
            if (rc < 0)
                limited++;
            if (rc <= 0)
                continue;
            *hits = voce_xgrow(*hits, cap, *nhits + 1, sizeof **hits);
            (*hits)[(*nhits)++] =
                (voce_rule_hit){(uint32_t)i, (uint32_t)m.start, (uint32_t)m.end, false};
        }
    }
    if (candidates != small)
        free(candidates);
    if (cut) {
        free(sg.end);
        free(sg.candidates);
    }
    return limited;
}
