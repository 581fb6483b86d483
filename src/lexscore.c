/* lexscore.c -- sentiment from the lexicon and the rules, with reasons.
 *
 * Three passes over the analysed text:
 *   1. terms: longest-match lookup of each run of tokens between punctuation
 *      marks; a small state machine applies negation scopes (to the end of
 *      the clause, at most VOCE_NEGATION_SCOPE tokens, with Italian negative
 *      concord: "non ... mai" is one negation), intensifiers, emphasis;
 *   2. rules: rules.tsv over the folded text (sentiment, neutral cues,
 *      topics, flags); a sarcasm flag turns the positive terms;
 *   3. contrast: each contribution is weighed by the markers around it
 *      ("ma", "but": what comes before counts less, what follows more).
 * Every contribution becomes a voce_cue, so 'voce explain' can show why. */
#include "lexscore.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "doc.h"
#include "mem.h"
#include "utf8.h"

/* ---- Preparing keys and the folded text ----------------------------------- */

static void prepare_tokens(voce_doc *d)
{
    size_t n = d->tokens.n;
    voce_token *tok = d->tokens.tok;
    if (n > d->tok_cap) {
        size_t cap = d->tok_cap;
        d->negated = voce_xgrow(d->negated, &cap, n, sizeof *d->negated);
        cap = d->tok_cap;
        d->clause = voce_xgrow(d->clause, &cap, n, sizeof *d->clause);
        cap = d->tok_cap;
        d->key_len = voce_xgrow(d->key_len, &cap, n, sizeof *d->key_len);
        d->key = voce_xgrow(d->key, &d->tok_cap, n, sizeof *d->key);
    }
    if (n) { /* a doc that never held a token has no arrays: memset(NULL) is undefined */
        memset(d->negated, 0, n * sizeof *d->negated);
        memset(d->clause, 0, n * sizeof *d->clause);
    }
    voce_buf_reset(&d->keys);
    size_t *offset = d->key_len; /* holds offsets until the buffer stops moving */
    for (size_t i = 0; i < n; i++) {
        size_t at = d->keys.len;
        if (tok[i].type == VOCE_TOK_WORD)
            voce_utf8_fold_key(tok[i].text, tok[i].len, &d->keys);
        else
            voce_buf_add(&d->keys, tok[i].text, tok[i].len);
        offset[i] = at;
        voce_buf_addc(&d->keys, '\0');
    }
    /* A key runs to the next one's start, less its NUL (normalising made
     * every control character, NUL too, a separator: none is inside). */
    for (size_t i = 0; i < n; i++) {
        size_t end = i + 1 < n ? offset[i + 1] : d->keys.len;
        d->key[i] = d->keys.data + offset[i];
        d->key_len[i] = end - 1 - offset[i];
    }
}

/* The text rules match: clean text in lower case without accents, letters
 * repeated three or more times squeezed to one; with a map back to the
 * original offsets. */
static void fold_text(voce_doc *d)
{
    const char *s = voce_buf_str(&d->clean.text);
    size_t len = d->clean.text.len;
    voce_buf_reset(&d->folded);
    voce_buf_grow(&d->folded, len);
    d->folded_src = voce_xgrow(d->folded_src, &d->folded_src_cap, len + 1, sizeof *d->folded_src);
    int32_t prev = -1;
    int run = 0;
    size_t i = 0;
    while (i < len) {
        int32_t cp;
        size_t n = voce_utf8_decode(s + i, len - i, &cp, NULL);
        uint32_t from = d->clean.src[i];
        i += n;
        if (voce_utf8_is_mark(cp))
            continue;
        cp = voce_utf8_strip_marks(voce_utf8_lower(cp));
        run = cp == prev ? run + 1 : 1;
        prev = cp;
        if (run >= 3 && voce_utf8_is_letter(cp))
            continue;
        if (run == 2 && voce_utf8_is_letter(cp) && i < len) {
            /* Decide a pair once we know whether a third follows. */
            int32_t next;
            voce_utf8_decode(s + i, len - i, &next, NULL);
            if (voce_utf8_strip_marks(voce_utf8_lower(next)) == cp)
                continue;
        }
        size_t at = d->folded.len;
        if (cp < 0x80 && at < len) {
            /* Most of a text: one byte in, one out, and there is room
             * (both arrays hold len + 1 until a letter lengthens). */
            d->folded.data[at] = (char)cp;
            d->folded.len = at + 1;
            d->folded_src[at] = from;
            continue;
        }
        voce_utf8_append(&d->folded, cp);
        if (d->folded.len + 1 > d->folded_src_cap) /* folding may lengthen a letter */
            d->folded_src = voce_xgrow(d->folded_src, &d->folded_src_cap, d->folded.len + 1,
                                       sizeof *d->folded_src);
        for (size_t j = at; j < d->folded.len; j++)
            d->folded_src[j] = from;
    }
    d->folded.data[d->folded.len] = '\0'; /* grown above: never NULL */
    d->folded_src[d->folded.len] = d->clean.src[len];
}

/* ---- Cues ------------------------------------------------------------------ */

static voce_cue *add_cue(voce_doc *d, voce_cue_kind kind, const char *name, uint32_t start,
                         uint32_t end, double weight)
{
    d->cues = voce_xgrow(d->cues, &d->cues_cap, d->ncues + 1, sizeof *d->cues);
    voce_cue *c = &d->cues[d->ncues++];
    *c = (voce_cue){.kind = (uint8_t)kind,
                    .name = name,
                    .start = start,
                    .end = end,
                    .weight = weight,
                    .own_weight = weight};
    return c;
}

/* A cue's token position, kept beside it while scoring (for contrast). */
typedef struct contribution {
    size_t cue;    /* index in d->cues */
    size_t token;  /* first token */
    uint16_t clause;
    const voce_term *term; /* the term it scores, or NULL for a rule */
} contribution;

typedef struct marker {
    size_t token;
    uint16_t clause; /* the clause the marker opens */
    float before, after;
} marker;

/* Scoring state, on the stack of one call. */
typedef struct scorer {
    voce_doc *d;
    const voce_lexicon *lex;
    const char *text;
    size_t len;
    contribution *contrib;
    size_t ncontrib, contrib_cap;
    marker markers[16];
    size_t nmarkers;
    uint16_t clause;
    /* an open negation scope */
    bool neg_open, neg_reinforced;
    size_t neg_start, neg_cue;
    /* a scope that has just negated a word, until the token after it */
    bool neg_carry;
    size_t neg_carry_from;
    /* a pending intensifier */
    double intensity;
    size_t intensity_until;
    bool whole_caps;
} scorer;

static void close_negation(scorer *z, size_t last_token)
{
    if (!z->neg_open)
        return;
    z->d->cues[z->neg_cue].end = z->d->tokens.tok[last_token].end;
    z->neg_open = false;
}

static void new_clause(scorer *z, size_t token)
{
    close_negation(z, token ? token - 1 : 0);
    z->neg_carry = false;
    z->intensity = 1;
    if (z->clause < UINT16_MAX)
        z->clause++;
}

static bool is_clause_mark(const voce_token *t)
{
    return t->type == VOCE_TOK_PUNCT && t->len == 1 && strchr(".,;:!?()[]", t->text[0]);
}

/* What a negation scope makes of weight w: the factor a polar word
 * gets (a reinforced negation aside), and a negated sentiment rule too. */
static double negate(double w)
{
    return w * (w > 0 ? VOCE_NEGATE_POSITIVE : VOCE_NEGATE_NEGATIVE);
}

/* Score a polar term covering tokens [i, i + n). */
static void polar(scorer *z, const voce_term *term, size_t i, size_t n)
{
    voce_doc *d = z->d;
    const voce_token *t = &d->tokens.tok[i];
    double s = term->polarity;
    uint8_t mods = 0;
    if (z->intensity != 1 && i <= z->intensity_until) {
        s *= z->intensity;
        mods |= VOCE_MOD_INTENSIFIED;
        d->lex.n_intensified++;
        z->intensity = 1;
    }
    if (z->whole_caps) {
        if (t->flags & VOCE_TF_ALLCAPS)
            s *= 1 + (VOCE_CAPS_FACTOR - 1) / 2;
    } else if (t->flags & VOCE_TF_ALLCAPS) {
        s *= VOCE_CAPS_FACTOR;
        mods |= VOCE_MOD_EMPHASIS;
    }
    if (t->flags & VOCE_TF_ELONGATED) {
        s *= VOCE_ELONGATED_FACTOR;
        mods |= VOCE_MOD_EMPHASIS;
    }
    /* A phrase that carries its own negation ("nessun problema", "mai
     * arrivato") is not negated again by an open scope: Italian negative
     * concord ("non ho avuto nessun problema") is one negation. */
    if (z->neg_open && !term->self_negated) {
        if (i - z->neg_start <= VOCE_NEGATION_SCOPE) {
            s = z->neg_reinforced ? s * VOCE_NEGATE_REINFORCED : negate(s);
            mods |= VOCE_MOD_NEGATED;
            d->lex.n_negated++;
            /* A negation turns one polar word: "didn't enjoy the noisy
             * room" does not praise the noise. An "or" right after that
             * word carries it on ("not fast or reliable"). */
            close_negation(z, i + n - 1);
            z->neg_carry = true;
            z->neg_carry_from = i + n;
        } else {
            close_negation(z, i - 1);
        }
    }
    voce_cue *c = add_cue(d, VOCE_CUE_TERM, term->text, t->start, d->tokens.tok[i + n - 1].end, s);
    c->mods = mods;
    z->contrib = voce_xgrow(z->contrib, &z->contrib_cap, z->ncontrib + 1, sizeof *z->contrib);
    z->contrib[z->ncontrib++] = (contribution){d->ncues - 1, i, z->clause, term};
}

/* The single-token term for an elongated word whose squeezed form is not
 * known: "goood" squeezes to "god"; try "good", runs of two. */
static const voce_term *elongated_variant(const scorer *z, size_t i)
{
    const voce_token *t = &z->d->tokens.tok[i];
    voce_buf b = VOCE_BUF_INIT;
    voce_utf8_fold_key(z->text + t->start, t->end - t->start, &b);
    size_t w = 0;
    for (size_t r = 0; r < b.len; r++) {
        if (w >= 2 && b.data[r] == b.data[w - 1] && b.data[r] == b.data[w - 2])
            continue;
        b.data[w++] = b.data[r];
    }
    const char *key = b.data;
    size_t len, klen = w;
    const voce_term *term = w ? voce_lexicon_match(z->lex, &key, &klen, 1, &len) : NULL;
    voce_buf_release(&b);
    return term;
}

/* Count token t's marks into L: "!" and "?" (with their repeats), capitals,
 * elongation, emoji. */
static void tally_token(voce_lexscore *L, const voce_token *t)
{
    if (t->type == VOCE_TOK_PUNCT) {
        L->n_exclaim += t->text[0] == '!' ? (int)t->repeat : 0;
        L->n_question += t->text[0] == '?' ? (int)t->repeat : 0;
        return;
    }
    L->n_caps += (t->flags & VOCE_TF_ALLCAPS) != 0;
    L->n_elongated += (t->flags & VOCE_TF_ELONGATED) != 0;
    L->n_emoji += t->type == VOCE_TOK_EMOJI || t->type == VOCE_TOK_EMOTICON;
}

/* Whether the phrase with its own negation matched at tokens [i, i + len),
 * its negator at token 'neg', gives way to a polar phrase that starts
 * after the negator, inside it, and ends after it, up to token 'seg': "non
 * è arrivato" (-2) to "arrivato rotto" (-3) in "non è arrivato rotto", "mai
 * un problema" (+2) to "problema serio" in "mai un problema serio", "did
 * not arrive" (-3) to "arrive late" in "did not arrive late". The words up
 * to the negator are read alone, and the negator opens a scope that turns
 * the longer phrase: what is denied is the damage, not the arrival. */
static bool gives_way(const scorer *z, size_t i, size_t neg, size_t len, size_t seg)
{
    const voce_doc *d = z->d;
    for (size_t j = neg + 1; j < i + len; j++) {
        size_t n;
        const voce_term *t = voce_lexicon_match(z->lex, d->key + j, d->key_len + j, seg - j, &n);
        if (t && j + n > i + len && t->has_polarity && t->polarity != 0)
            return true;
    }
    return false;
}

/* Where a phrase starting at token i must end: at the next punctuation
 * mark (phrases never cross one), and within VOCE_MAX_PHRASE tokens (looking
 * further would make a text without punctuation quadratic). '*mark' keeps
 * the next mark found for an earlier i (SIZE_MAX at first), so a text is
 * scanned once, not a phrase's length at every token. */
static size_t phrase_end(const voce_doc *d, size_t i, size_t *mark)
{
    if (*mark == SIZE_MAX || *mark < i) {
        size_t m = i;
        while (m < d->tokens.n && d->tokens.tok[m].type != VOCE_TOK_PUNCT)
            m++;
        *mark = m;
    }
    return *mark - i < VOCE_MAX_PHRASE ? *mark : i + VOCE_MAX_PHRASE;
}

/* Pass 1: terms, negation, intensity, contrast markers, punctuation. */
static void score_terms(scorer *z)
{
    voce_doc *d = z->d;
    size_t n = d->tokens.n;
    const voce_token *tok = d->tokens.tok;
    size_t i = 0, mark = SIZE_MAX;
    while (i < n) {
        const voce_token *t = &tok[i];
        d->clause[i] = z->clause;
        tally_token(&d->lex, t);
        if (t->type == VOCE_TOK_PUNCT) {
            if (is_clause_mark(t))
                new_clause(z, i);
            i++;
            continue;
        }
        /* An emoji is the writer's tone, outside the sentence's syntax:
         * "nessuna risposta 😡" is angry, "nessuna attesa 👍" pleased, and
         * a scope that has not found its word ends before it. */
        if (t->type == VOCE_TOK_EMOJI || t->type == VOCE_TOK_EMOTICON) {
            close_negation(z, i ? i - 1 : 0);
            z->neg_carry = false;
        }
        size_t seg = phrase_end(d, i, &mark);
        size_t len = 1;
        const voce_term *term =
            z->lex ? voce_lexicon_match(z->lex, d->key + i, d->key_len + i, seg - i, &len) : NULL;
        if (!term && z->lex && (t->flags & VOCE_TF_ELONGATED))
            term = elongated_variant(z, i);
        if (term && (term->self_negated || term->negator_inside) &&
            gives_way(z, i, i + term->negator_inside, len, seg))
            term = voce_lexicon_match(z->lex, d->key + i, d->key_len + i, 1, &len);
        if (z->neg_open)
            for (size_t k = i; k < i + len; k++)
                d->negated[k] = 1;
        if (!term) {
            if (z->neg_open && i - z->neg_start > VOCE_NEGATION_SCOPE)
                close_negation(z, i - 1);
            i++;
            continue;
        }
        for (size_t k = i; k < i + len; k++)
            d->clause[k] = z->clause;
        if (term->contrast_before > 0 && z->nmarkers < sizeof z->markers / sizeof *z->markers) {
            new_clause(z, i);
            for (size_t k = i; k < i + len; k++)
                d->clause[k] = z->clause; /* the marker opens the clause that follows */
            z->markers[z->nmarkers++] = (marker){i, z->clause, term->contrast_before,
                                                 term->contrast_after};
            add_cue(d, VOCE_CUE_CONTRAST, term->text, t->start, tok[i + len - 1].end, 0);
        }
        if (term->negation == VOCE_NEG_OPEN) {
            if (z->neg_open) {
                z->neg_reinforced = true; /* "non ... mai", "non ... nessuno" */
            } else if (!term->has_polarity) {
                z->neg_open = true;
                z->neg_reinforced = false;
                z->neg_start = i + len - 1;
                z->neg_carry = false;
                add_cue(d, VOCE_CUE_NEGATOR, term->text, t->start, tok[i + len - 1].end, 0);
                z->neg_cue = d->ncues - 1;
            }
        } else if (term->negation == VOCE_NEG_POST && z->neg_open) {
            z->neg_reinforced = true;
        } else if (term->negation == VOCE_NEG_OR && z->neg_carry && !z->neg_open &&
                   i <= z->neg_carry_from + 1) {
            z->neg_open = true; /* the same negation, its cue and strength */
            z->neg_start = i + len - 1;
            z->neg_carry = false;
        }
        if (term->intensity != 0) {
            z->intensity = term->intensity;
            z->intensity_until = i + len - 1 + VOCE_INTENSIFIER_REACH;
        }
        if (term->churn) {
            if (term->churn > d->lex.churn)
                d->lex.churn = term->churn;
            d->lex.flags |= VOCE_FLAG_CHURN;
            add_cue(d, VOCE_CUE_TERM, term->text, t->start, tok[i + len - 1].end, 0);
        }
        if (term->has_polarity && term->polarity != 0)
            polar(z, term, i, len);
        i += len;
    }
    if (n)
        close_negation(z, n - 1);
}

/* The first token that starts at or after byte 'offset'. */
static size_t token_at(const voce_doc *d, uint32_t offset)
{
    size_t lo = 0, hi = d->tokens.n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (d->tokens.tok[mid].start < offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < d->tokens.n ? lo : (d->tokens.n ? d->tokens.n - 1 : 0);
}

/* The weight of sentiment rule r as hit h found it. */
static double rule_weight(const voce_rule *r, const voce_rule_hit *h)
{
    return h->negated ? negate(r->weight) : r->weight;
}

/* What rule r, hit as h, adds to the summary L: a sentiment weight, a
 * damping, a flag (a churn flag is a churn cue of strength 2). Topics are
 * the caller's: they need the lexicon. */
static void rule_effect(voce_lexscore *L, const voce_rule *r, const voce_rule_hit *h)
{
    if (r->effect == VOCE_RULE_SENTIMENT) {
        L->rule_sum += rule_weight(r, h);
    } else if (r->effect == VOCE_RULE_NEUTRAL) {
        if (r->weight > L->damp)
            L->damp = r->weight;
    } else if (r->effect == VOCE_RULE_FLAG) {
        L->flags |= r->flag;
        if (r->flag == VOCE_FLAG_CHURN && L->churn < 2)
            L->churn = 2;
    }
}

/* Whether the negator that opened the scope token 'first' lies in (the
 * word before the scope's first word) stands at most
 * VOCE_RULE_NEGATION_REACH words before it. A rule spans more than a word,
 * and the scope a lone polar word gets reaches too far for one: in "non
 * sapeva niente e mi ha fatto perdere tempo" the negation is spent on
 * "sapeva niente" before "mi ha fatto perdere" begins. */
static bool negator_near(const voce_doc *d, size_t first)
{
    size_t k = first;
    while (k > 0 && d->negated[k - 1])
        k--;
    return k > 0 && first - (k - 1) <= VOCE_RULE_NEGATION_REACH;
}

/* Whether the words a sentiment rule of weight w matched, bytes [start,
 * end) from token 'first' on, are negated as a polar word there would be:
 * "I was not charged twice" is no complaint about a double charge.
 * Negated too by a phrase that carries its own negation, of the other
 * sign, begun before the rule and reaching into it: "not the worst"
 * negates the rule for "worst service ever". Not when the match holds a
 * negator of its own: in "non c'è nessuno che risponde" the rule for
 * "nessuno risponde" carries its negation, and "non ... nessuno" is one
 * negation (negative concord). */
static bool rule_negated(const scorer *z, size_t first, uint32_t start, uint32_t end, double w)
{
    const voce_doc *d = z->d;
    if (!z->lex || first >= d->tokens.n)
        return false;
    bool negated = d->negated[first] && negator_near(d, first);
    for (size_t k = 0; k < z->ncontrib && !negated; k++) {
        const voce_cue *c = &d->cues[z->contrib[k].cue];
        const voce_term *t = z->contrib[k].term;
        negated = t && t->self_negated && c->start < start && c->end > start && c->weight * w < 0;
    }
    if (!negated)
        return false;
    for (size_t i = first; i < d->tokens.n && d->tokens.tok[i].start < end; i++) {
        size_t len;
        const voce_term *t = voce_lexicon_match(z->lex, d->key + i, d->key_len + i, 1, &len);
        if (t && (t->negation == VOCE_NEG_OPEN || t->negation == VOCE_NEG_POST))
            return false;
    }
    return true;
}

/* Pass 2: the rules. */
static void score_rules(scorer *z, const voce_rules *rules)
{
    voce_doc *d = z->d;
    fold_text(d);
    d->nrule_hits = 0;
    d->regex_limit_hits += voce_rules_match(rules, d->folded.data, d->folded.len, d->scratch,
                                            &d->rule_hits, &d->nrule_hits, &d->rule_hits_cap);
    for (size_t h = 0; h < d->nrule_hits; h++) {
        voce_rule_hit *hit = &d->rule_hits[h];
        const voce_rule *r = &rules->rule[hit->rule];
        uint32_t start = d->folded_src[hit->start];
        uint32_t end = d->folded_src[hit->end];
        size_t tk = token_at(d, start);
        hit->negated =
            r->effect == VOCE_RULE_SENTIMENT && rule_negated(z, tk, start, end, r->weight);
        rule_effect(&d->lex, r, hit);
        switch (r->effect) {
        case VOCE_RULE_SENTIMENT: {
            voce_cue *c = add_cue(d, VOCE_CUE_RULE, r->name, start, end, rule_weight(r, hit));
            if (hit->negated)
                c->mods |= VOCE_MOD_NEGATED;
            z->contrib = voce_xgrow(z->contrib, &z->contrib_cap, z->ncontrib + 1,
                                    sizeof *z->contrib);
            z->contrib[z->ncontrib++] =
                (contribution){d->ncues - 1, tk, d->tokens.n ? d->clause[tk] : 0, NULL};
            break;
        }
        case VOCE_RULE_NEUTRAL:
            add_cue(d, VOCE_CUE_RULE, r->name, start, end, 0);
            break;
        case VOCE_RULE_TOPIC: {
            int topic = z->lex ? voce_lexicon_topic(z->lex, r->topic) : -1;
            if (topic >= 0)
                d->lex.topics |= 1u << topic;
            add_cue(d, VOCE_CUE_TOPIC, r->topic, start, end, 0);
            break;
        }
        case VOCE_RULE_FLAG:
            add_cue(d, VOCE_CUE_RULE, r->name, start, end, 0);
            break;
        }
    }
}

/* Topic cues from topics.tsv, longest match between punctuation marks. */
static void find_topics(scorer *z)
{
    voce_doc *d = z->d;
    size_t n = d->tokens.n, mark = SIZE_MAX;
    for (size_t i = 0; i < n;) {
        size_t seg = phrase_end(d, i, &mark);
        size_t len = 1;
        int topic = voce_lexicon_match_topic(z->lex, d->key + i, d->key_len + i, seg - i, &len);
        if (topic >= 0) {
            d->lex.topics |= 1u << topic;
            add_cue(d, VOCE_CUE_TOPIC, z->lex->topics[topic], d->tokens.tok[i].start,
                    d->tokens.tok[i + len - 1].end, 0);
        }
        i += topic >= 0 ? len : 1;
    }
}

/* Add contribution 'w' to the masses, counts and strongest cue of 'L'. */
static void count_contribution(voce_lexscore *L, double w)
{
    if (w > 0) {
        L->pos_mass += w;
        L->n_pos++;
    } else if (w < 0) {
        L->neg_mass += w;
        L->n_neg++;
    }
    if (fabs(w) > fabs(L->strongest))
        L->strongest = w;
}

/* The score from what the words and the sentiment rules added: neutral
 * rules damp the words, exclamation marks push away from 0, and the raw
 * sum is squashed into (-1, 1). */
static void settle(voce_lexscore *L, double words, double rules)
{
    double raw = words * (1 - L->damp) + rules;
    if (raw != 0 && L->n_exclaim) {
        int bangs = L->n_exclaim < VOCE_EXCLAIM_MAX ? L->n_exclaim : VOCE_EXCLAIM_MAX;
        raw += (raw > 0 ? 1 : -1) * VOCE_EXCLAIM_BOOST * bangs;
    }
    L->raw = raw;
    L->score = raw / sqrt(raw * raw + VOCE_SQUASH_ALPHA);
}

/* A sentiment rule and a lexicon term often name the same words: the rule
 * nobody_called_back and the phrase "nobody called back" both match "nobody
 * called back". Counting both would make that complaint twice as strong as
 * one the lexicon alone knows. So a rule that overlaps terms of its own sign
 * adds only what it has beyond the strongest of them: the pair counts once,
 * at the stronger weight. Before contrast, which weighs both alike. */
static void merge_overlaps(scorer *z)
{
    voce_doc *d = z->d;
    for (size_t k = 0; k < z->ncontrib; k++) {
        voce_cue *rule = &d->cues[z->contrib[k].cue];
        if (rule->kind != VOCE_CUE_RULE || rule->weight == 0)
            continue;
        double strongest = 0;
        for (size_t t = 0; t < z->ncontrib; t++) {
            const voce_cue *term = &d->cues[z->contrib[t].cue];
            if (term->kind == VOCE_CUE_TERM && term->start < rule->end && rule->start < term->end &&
                term->weight * rule->weight > 0 && fabs(term->weight) > strongest)
                strongest = fabs(term->weight);
        }
        if (strongest == 0)
            continue;
        double beyond = fabs(rule->weight) - strongest;
        rule->weight = beyond > 0 ? copysign(beyond, rule->weight) : 0;
        rule->mods |= VOCE_MOD_OVERLAP;
    }
}

/* Pass 3: weigh contributions by the contrast markers around them, turn
 * positive cues under a sarcasm flag, and add everything up. */
static void total(scorer *z)
{
    voce_doc *d = z->d;
    voce_lexscore *L = &d->lex;
    bool sarcasm = L->flags & VOCE_FLAG_SARCASM;
    double words = 0, rules = 0;
    uint16_t last_clause = 0;
    for (size_t k = 0; k < z->ncontrib; k++) {
        contribution *c = &z->contrib[k];
        voce_cue *cue = &d->cues[c->cue];
        double w = cue->weight, own = w;
        for (size_t m = 0; m < z->nmarkers; m++) {
            const marker *mk = &z->markers[m];
            double f = c->token < mk->token ? mk->before
                       : (mk->after >= 1 || c->clause == mk->clause) ? mk->after
                                                                       : 1;
            if (f != 1) {
                w *= f;
                cue->mods |= VOCE_MOD_CONTRAST;
            }
        }
        if (sarcasm && w > 0 && cue->kind == VOCE_CUE_TERM) {
            w *= VOCE_SARCASM_FLIP;
            cue->mods |= VOCE_MOD_SARCASM;
        }
        if (sarcasm && own > 0 && cue->kind == VOCE_CUE_TERM)
            own *= VOCE_SARCASM_FLIP;
        cue->weight = w;
        cue->own_weight = own;
        if (cue->kind == VOCE_CUE_RULE)
            rules += w;
        else
            words += w;
        count_contribution(L, w);
        if (cue->kind == VOCE_CUE_TERM && c->clause > last_clause) {
            last_clause = c->clause;
            L->last_clause = 0;
        }
        if (cue->kind == VOCE_CUE_TERM && c->clause == last_clause)
            L->last_clause += w;
    }
    settle(L, words, rules);
}

static int by_start(const void *a, const void *b)
{
    const voce_cue *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->kind - y->kind;
}

void voce_lexscore_run(const voce_lexicon *lex, const voce_rules *rules, const char *text,
                   size_t len, voce_doc *d)
{
    memset(&d->lex, 0, sizeof d->lex);
    d->ncues = 0;
    d->scored++;
    prepare_tokens(d);
    scorer z = {.d = d, .lex = lex, .text = text, .len = len, .intensity = 1};
    size_t words = 0, caps = 0;
    for (size_t i = 0; i < d->tokens.n; i++) {
        if (d->tokens.tok[i].type == VOCE_TOK_WORD && d->tokens.tok[i].len > 1) {
            words++;
            caps += (d->tokens.tok[i].flags & VOCE_TF_ALLCAPS) != 0;
        }
    }
    /* Shouting the whole text says less about each word than one capital word. */
    z.whole_caps = words >= 3 && caps * 5 >= words * 4;
    score_terms(&z);
    if (rules)
        score_rules(&z, rules);
    merge_overlaps(&z);
    if (lex)
        find_topics(&z);
    total(&z);
    free(z.contrib);
    if (d->ncues > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(d->cues, d->ncues, sizeof *d->cues, by_start);
    /* A topic found both by a word and by a rule is one cue. */
    size_t w = 0;
    for (size_t r = 0; r < d->ncues; r++) {
        const voce_cue *c = &d->cues[r];
        if (w && c->kind == VOCE_CUE_TOPIC && d->cues[w - 1].kind == VOCE_CUE_TOPIC &&
            d->cues[w - 1].start == c->start && d->cues[w - 1].end == c->end &&
            strcmp(d->cues[w - 1].name, c->name) == 0)
            continue;
        d->cues[w++] = *c;
    }
    d->ncues = w;
}

void voce_lexscore_span(const voce_doc *d, const voce_rules *rules, size_t first, size_t end,
                        voce_lexscore *L)
{
    memset(L, 0, sizeof *L);
    if (first >= end)
        return;
    const voce_token *tok = d->tokens.tok;
    for (size_t i = first; i < end; i++)
        tally_token(L, &tok[i]);
    uint32_t from = tok[first].start, to = tok[end - 1].end;
    /* The rules that matched within the span: what they flag and damp. */
    for (size_t h = 0; rules && h < d->nrule_hits; h++) {
        uint32_t at = d->folded_src[d->rule_hits[h].start];
        if (at >= from && at < to)
            rule_effect(L, &rules->rule[d->rule_hits[h].rule], &d->rule_hits[h]);
    }
    /* The cues' weights in their own clause (voce_cue.own_weight). */
    double words = 0, rule_total = 0;
    for (size_t k = 0; k < d->ncues; k++) {
        const voce_cue *c = &d->cues[k];
        if (c->start < from || c->start >= to)
            continue;
        if (c->kind == VOCE_CUE_TERM && c->own_weight == 0) {
            /* A churn term ("disdetta"): its strength is the text's. */
            L->flags |= VOCE_FLAG_CHURN;
            L->churn = d->lex.churn > L->churn ? d->lex.churn : L->churn;
            continue;
        }
        if ((c->kind != VOCE_CUE_TERM && c->kind != VOCE_CUE_RULE) || c->own_weight == 0)
            continue;
        if (c->kind == VOCE_CUE_RULE) {
            rule_total += c->own_weight;
        } else {
            words += c->own_weight;
            L->n_negated += (c->mods & VOCE_MOD_NEGATED) != 0;
            L->n_intensified += (c->mods & VOCE_MOD_INTENSIFIED) != 0;
        }
        count_contribution(L, c->own_weight);
    }
    L->last_clause = words; /* a span within one clause */
    settle(L, words, rule_total);
}

int voce_lexscore_label(double score)
{
    return score >= VOCE_NEUTRAL_BAND ? 1 : score <= -VOCE_NEUTRAL_BAND ? -1 : 0;
}
