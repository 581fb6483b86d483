/* classifier.c -- voce_classify(): from raw text to a voce_result.
 *
 * Holds what is loaded once (the analyzer, and each language's lexicon and
 * rules) and runs the pipeline on one text: analyze -> lexicon scorer ->
 * label, topics, per-topic sentiment, churn and flags. A text whose
 * language is unsure is scored with each language's lexicon, and the one
 * that recognises more of it wins. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "doc.h"
#include "error.h"
#include "langid.h"
#include "lexicon.h"
#include "lexscore.h"
#include "mem.h"
#include "rules.h"
#include "voce.h"

struct voce_classifier {
    voce_analyzer *analyzer;
    voce_lexicon *lex[VOCE_LANG_COUNT];
    voce_rules *rules[VOCE_LANG_COUNT];
    const char *forced_lang; /* NULL, or a voce_lang_names entry */
};

voce_status voce_classifier_load(voce_classifier **out, const voce_options *opt,
                                 voce_error *err)
{
    *out = NULL;
    voce_classifier *c = voce_xcalloc(1, sizeof *c);
    voce_status st = voce_analyzer_load(&c->analyzer, opt->lexicon_dir, err);
    for (int i = 0; i < VOCE_LANG_COUNT && st == VOCE_OK; i++) {
        st = voce_lexicon_load(&c->lex[i], opt->lexicon_dir, voce_lang_names[i], err);
        if (st == VOCE_OK) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s/rules.tsv", opt->lexicon_dir, voce_lang_names[i]);
            st = voce_rules_load(&c->rules[i], path, err);
        }
        if (opt->lang && strcmp(opt->lang, voce_lang_names[i]) == 0)
            c->forced_lang = voce_lang_names[i];
    }
    if (st == VOCE_OK && opt->lang && !c->forced_lang)
        st = voce_error_set(err, VOCE_ERR_INVALID, NULL, "unknown language '%s' (known: it, en)",
                            opt->lang);
    if (st != VOCE_OK) {
        voce_classifier_free(c);
        return st;
    }
    *out = c;
    return VOCE_OK;
}

void voce_classifier_free(voce_classifier *c)
{
    if (!c)
        return;
    voce_analyzer_free(c->analyzer);
    for (int i = 0; i < VOCE_LANG_COUNT; i++) {
        voce_lexicon_free(c->lex[i]);
        voce_rules_free(c->rules[i]);
    }
    free(c);
}

static int lang_index(const char *lang)
{
    for (int i = 0; i < VOCE_LANG_COUNT; i++)
        if (strcmp(lang, voce_lang_names[i]) == 0)
            return i;
    return -1;
}

static const char *label_name(int label)
{
    return label > 0 ? "positive" : label < 0 ? "negative" : "neutral";
}

/* A topic's sentiment: what the clauses holding its cues say, or the
 * whole text's label when those clauses say nothing. */
static int topic_label(const voce_doc *d, const char *topic, int overall)
{
    double sum = 0;
    bool found = false;
    for (size_t k = 0; k < d->ncues; k++) {
        const voce_cue *t = &d->cues[k];
        if (t->kind != VOCE_CUE_TOPIC || strcmp(t->name, topic) != 0)
            continue;
        found = true;
        /* The clause of the cue: the clause of its first token. */
        size_t tk = 0;
        while (tk < d->tokens.n && d->tokens.tok[tk].end <= t->start)
            tk++;
        if (tk == d->tokens.n)
            continue;
        uint16_t clause = d->clause[tk];
        for (size_t j = 0; j < d->ncues; j++) {
            const voce_cue *w = &d->cues[j];
            if (w->weight == 0 || (w->kind != VOCE_CUE_TERM && w->kind != VOCE_CUE_RULE))
                continue;
            size_t wt = 0;
            while (wt < d->tokens.n && d->tokens.tok[wt].end <= w->start)
                wt++;
            if (wt < d->tokens.n && d->clause[wt] == clause)
                sum += w->weight;
        }
    }
    if (!found || sum == 0)
        return overall;
    return sum > 0 ? 1 : -1;
}

static void describe_topics(const voce_lexicon *lex, voce_doc *d, int overall)
{
    voce_buf_reset(&d->out_topics);
    voce_buf_reset(&d->out_topic_sentiments);
    voce_buf_add(&d->out_topics, "", 0);
    voce_buf_add(&d->out_topic_sentiments, "", 0);
    if (!lex)
        return;
    for (size_t t = 0; t < lex->ntopics; t++) {
        if (!(d->lex.topics & (1u << t)))
            continue;
        const char *name = lex->topics[t];
        if (d->out_topics.len) {
            voce_buf_addc(&d->out_topics, '|');
            voce_buf_addc(&d->out_topic_sentiments, '|');
        }
        voce_buf_adds(&d->out_topics, name);
        voce_buf_addf(&d->out_topic_sentiments, "%s:%s", name,
                      label_name(topic_label(d, name, overall)));
    }
}

static void describe_flags(voce_doc *d)
{
    voce_buf_reset(&d->out_flags);
    voce_buf_add(&d->out_flags, "", 0);
    for (unsigned bit = 1; bit <= VOCE_FLAG_SARCASM; bit <<= 1) {
        if (!(d->lex.flags & bit))
            continue;
        if (d->out_flags.len)
            voce_buf_addc(&d->out_flags, '|');
        voce_buf_adds(&d->out_flags, voce_rules_flag_name(bit));
    }
}

void voce_classify(const voce_classifier *c, voce_doc *d, const char *text, size_t len,
                   voce_result *out)
{
    voce_analyze(c->analyzer, text, len, c->forced_lang, d);
    int li = lang_index(d->lang);
    if (li < 0) {
        /* Unsure of the language: let each lexicon try, keep the one that
         * knows more of the text (the last one tried stays in 'd'). */
        int best = 0, best_cues = -1;
        for (int i = 0; i < VOCE_LANG_COUNT; i++) {
            voce_lexscore_run(c->lex[i], c->rules[i], text, len, d);
            int cues = d->lex.n_pos + d->lex.n_neg;
            if (cues > best_cues) {
                best = i;
                best_cues = cues;
            }
        }
        if (best != VOCE_LANG_COUNT - 1)
            voce_lexscore_run(c->lex[best], c->rules[best], text, len, d);
        li = best;
    } else {
        voce_lexscore_run(c->lex[li], c->rules[li], text, len, d);
    }
    double score = d->lex.score;
    int label = voce_lexscore_label(score);
    out->lang = d->lang;
    out->sentiment = label_name(label);
    out->score = score;
    /* A heuristic strength for the lexicon: how far the score is from the
     * neutral band, and for a neutral text whether anything polar was seen
     * at all. The SVM's confidence is calibrated; this one is not. */
    if (label != 0)
        out->confidence = 0.5 + 0.5 * fabs(score);
    else
        out->confidence = d->lex.n_pos + d->lex.n_neg == 0
                              ? 0.6
                              : 0.5 * (1 - fabs(score) / VOCE_NEUTRAL_BAND);
    out->method = "lexicon";
    describe_topics(c->lex[li], d, label);
    describe_flags(d);
    out->topics = d->out_topics.data;
    out->topic_sentiments = d->out_topic_sentiments.data;
    out->flags = d->out_flags.data;
    out->churn_risk = d->lex.flags & VOCE_FLAG_CHURN;
}
