/* rules.h -- regular-expression rules from lexicons/<lang>/rules.tsv.
 *
 * Rules catch what single words cannot: "addebitato due volte", questions
 * and requests, negated negatives, sarcasm, churn threats. They match the
 * folded text (lower case, no accents, elongations squeezed; see fold.h). */
#ifndef VOCE_RULES_H
#define VOCE_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "regex.h"
#include "voce.h"

typedef enum voce_rule_effect {
    VOCE_RULE_SENTIMENT, /* adds 'weight' to the score */
    VOCE_RULE_NEUTRAL,   /* a question or request without judgement: damps */
    VOCE_RULE_TOPIC,     /* a topic cue: 'topic' names it */
    VOCE_RULE_FLAG       /* reports 'flag' */
} voce_rule_effect;

enum {
    VOCE_FLAG_CHURN = 1u << 0,
    VOCE_FLAG_QUESTION = 1u << 1,
    VOCE_FLAG_REQUEST = 1u << 2,
    VOCE_FLAG_SARCASM = 1u << 3,
};

typedef struct voce_rule {
    const char *name;
    uint8_t effect;      /* a voce_rule_effect */
    unsigned flag;       /* VOCE_FLAG_* for VOCE_RULE_FLAG */
    const char *topic;   /* for VOCE_RULE_TOPIC */
    float weight;
    size_t line;         /* in rules.tsv, for messages */
    voce_regex *re;
    bool filtered;       /* runs only on texts holding one of its literals (prefilter.h) */
    bool confined;       /* filtered, and no match holds a sentence break: on a long
                          * text, runs only on the sentences holding its literals */
} voce_rule;

typedef struct voce_rules {
    voce_rule *rule;
    size_t n;
    struct voce_prefilter *filter; /* which rules may match a text */
    size_t nconfined;
    char *path;
    uint64_t checksum;
} voce_rules;

/* Load and compile 'path'. A bad line or pattern fails with err->where
 * "path:line" (or "path:line:column" for a pattern). */
voce_status voce_rules_load(voce_rules **out, const char *path, voce_error *err);
void voce_rules_free(voce_rules *r);

/* Flag bits from a flag name ("churn_risk", ...), or 0. */
unsigned voce_rules_flag(const char *name);
const char *voce_rules_flag_name(unsigned flag);

typedef struct voce_rule_hit {
    uint32_t rule;       /* index in voce_rules */
    uint32_t start, end; /* byte offsets in the folded text */
    bool negated;        /* a sentiment rule inside a negation scope (lexscore.c) */
} voce_rule_hit;

/* Run every rule over 'text' (each reports its first match only; a rule
 * that holds none of the literals it needs is not run at all), adding
 * hits to 'hits' (grown as needed). Returns how many rules hit the match
 * limit (they are treated as not matching). */
size_t voce_rules_match(const voce_rules *r, const char *text, size_t len,
                        voce_regex_scratch *sc, voce_rule_hit **hits, size_t *nhits,
                        size_t *cap);

#endif
