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

#include "classifier.h"
#include "config.h"
#include "doc.h"
#include "error.h"
#include "langid.h"
#include "lexicon.h"
#include "lexscore.h"
#include "mem.h"
#include "parallel.h"
#include "rules.h"
#include "voce.h"

/* Put model 'm' (read from NAME) in its slot after checking it fits: its
 * task, a known language, and the lexicons and rules it was trained with.
 * Takes 'm' either way. */
static voce_status fit_model(voce_classifier *c, voce_model *m, const char *name, voce_task task,
                             const voce_options *opt, voce_error *err)
{
    int li = voce_lang_index(m->lang);
    const char *what = task == VOCE_TASK_TOPIC ? "topic" : "sentiment";
    if (m->task != task || li < 0) {
        voce_model_free(m);
        return voce_error_set(err, VOCE_ERR_MODEL, name,
                              "not a %s model for a known language (it, en)", what);
    }
    if (!voce_model_intact(m)) {
        if (!opt->force) {
            voce_buf meta = VOCE_BUF_INIT;
            voce_buf_addf(&meta, "%s.meta", name);
            voce_model_changed_error(
                m, meta.data, "train the model again, or pass --force to use it anyway", err);
            voce_buf_release(&meta);
            voce_model_free(m);
            return VOCE_ERR_MODEL;
        }
        voce_buf_addf(&c->warnings, "%s: its files were edited or damaged (used anyway)\n", name);
    }
    if (m->lexicon_checksum != c->lex[li]->checksum ||
        m->rules_checksum != c->rules[li]->checksum) {
        if (!opt->force) {
            voce_model_free(m);
            return voce_error_set(err, VOCE_ERR_MODEL, name,
                                  "trained with other lexicons or rules than these: train it "
                                  "again, or pass --force to use it anyway");
        }
        voce_buf_addf(&c->warnings, "%s: trained with other lexicons or rules (used anyway)\n",
                      name);
    }
    if (m->fc.lexicon && m->lexicon_scorer != VOCE_LEXICON_SCORER) {
        if (!opt->force) {
            unsigned was = m->lexicon_scorer;
            voce_model_free(m);
            return voce_error_set(err, VOCE_ERR_MODEL, name,
                                  "trained with version %u of the lexicon scorer, and this voce "
                                  "has version %u, which weighs some texts differently: train "
                                  "it again, or pass --force to use it anyway",
                                  was, VOCE_LEXICON_SCORER);
        }
        voce_buf_addf(&c->warnings,
                      "%s: trained with another version of the lexicon scorer (used anyway)\n",
                      name);
    }
    voce_model **slot = task == VOCE_TASK_TOPIC ? &c->topic[li] : &c->sentiment[li];
    voce_model_free(*slot);
    *slot = m;
    return VOCE_OK;
}

/* What voce_classifier_load reads, as jobs for voce_parallel: the
 * analyzer, each language's lexicon and rules, then the models (the
 * defaults of model_dir, <lang>-sentiment and -topic where their meta is,
 * then the ones named), each into its own place with its own error. Which
 * failed first is decided afterwards, in this order, so the error is the
 * one loading them one after another would give. */
enum { MAX_MODEL_JOBS = 2 * VOCE_LANG_COUNT + 2 };
/* More threads would add malloc arenas (memory) more than speed: the
 * largest model alone is about a third of the work. */
enum { LOAD_THREADS = 4 };

typedef struct load_plan {
    voce_classifier *c;
    const voce_options *opt;
    size_t nmodels;
    struct model_job {
        char *name;
        voce_task task;
        voce_model *model;
    } models[MAX_MODEL_JOBS];
    voce_status status[1 + VOCE_LANG_COUNT + MAX_MODEL_JOBS];
    voce_error error[1 + VOCE_LANG_COUNT + MAX_MODEL_JOBS];
} load_plan;

static void add_model_job(load_plan *p, const char *name, voce_task task)
{
    struct model_job *j = &p->models[p->nmodels++];
    j->name = voce_xstrdup(name);
    j->task = task;
}

static void plan_models(load_plan *p)
{
    const voce_options *opt = p->opt;
    if (opt->lexicon_only)
        return;
    for (int i = 0; i < VOCE_LANG_COUNT && opt->model_dir; i++) {
        for (int t = 0; t < 2; t++) {
            char name[4096], meta[4200];
            snprintf(name, sizeof name, "%s/%s-%s", opt->model_dir, voce_lang_names[i],
                     t ? "topic" : "sentiment");
            snprintf(meta, sizeof meta, "%s.meta", name);
            FILE *fp = fopen(meta, "r");
            if (!fp)
                continue;
            fclose(fp);
            add_model_job(p, name, t ? VOCE_TASK_TOPIC : VOCE_TASK_SENTIMENT);
        }
    }
    if (opt->sentiment_model)
        add_model_job(p, opt->sentiment_model, VOCE_TASK_SENTIMENT);
    if (opt->topic_model)
        add_model_job(p, opt->topic_model, VOCE_TASK_TOPIC);
}

/* A job's status, its error copied into 'err' if it failed. */
static voce_status job_result(const load_plan *p, size_t job, voce_error *err)
{
    if (p->status[job] != VOCE_OK && err)
        *err = p->error[job];
    return p->status[job];
}

static void load_job(void *ctx, size_t order)
{
    load_plan *p = ctx;
    /* The models first: the biggest jobs, so that the threads end together. */
    size_t job = 1 + VOCE_LANG_COUNT + p->nmodels - 1 - order;
    voce_classifier *c = p->c;
    const char *dir = p->opt->lexicon_dir;
    voce_error *err = &p->error[job];
    if (job == 0) {
        p->status[job] = voce_analyzer_load(&c->analyzer, dir, err);
    } else if (job <= VOCE_LANG_COUNT) {
        int i = (int)job - 1;
        voce_status st = voce_lexicon_load(&c->lex[i], dir, voce_lang_names[i], err);
        if (st == VOCE_OK) {
            char path[4096];
            snprintf(path, sizeof path, "%s/%s/rules.tsv", dir, voce_lang_names[i]);
            st = voce_rules_load(&c->rules[i], path, err);
        }
        p->status[job] = st;
    } else {
        struct model_job *j = &p->models[job - 1 - VOCE_LANG_COUNT];
        p->status[job] = voce_model_load(&j->model, j->name, err);
    }
}

/* The sentence voce_classifier_describe gives for language li, written once
 * at load so that threads sharing the classifier only read it. */
static void describe(voce_classifier *c, int li)
{
    voce_buf *out = &c->describe[li];
    voce_buf_reset(out);
    voce_buf_add(out, "", 0);
    const voce_model *s = c->sentiment[li], *t = c->topic[li];
    if (s)
        voce_buf_addf(out, "sentiment: svm (%zu labels, %zu records, cv macro-F1 %.4f%s%s)",
                      s->nlabels, s->train_records, s->cv_macro_f1,
                      s->base ? ", built on " : "", s->base ? s->base_path : "");
    else
        voce_buf_adds(out, "sentiment: lexicon scorer (no model)");
    if (t)
        voce_buf_addf(out, "; topics: svm (%zu labels, cv macro-F1 %.4f)", t->nlabels,
                      t->cv_macro_f1);
    else
        voce_buf_adds(out, "; topics: lexicon cues (no model)");
}

/* Add 'name' to the '|'-separated list 'b' unless it is there. */
static void add_label(voce_buf *b, const char *name)
{
    size_t n = strlen(name);
    for (const char *p = voce_buf_str(b); *p;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        if (len == n && memcmp(p, name, n) == 0)
            return;
        if (!bar)
            break;
        p = bar + 1;
    }
    if (b->len)
        voce_buf_addc(b, '|');
    voce_buf_adds(b, name);
}

/* The lists voce_classifier_labels gives, made once at load. The lexicon
 * scorer's three sentiments are always among them: it decides for a text in
 * a language without a model. */
static void list_labels(voce_classifier *c)
{
    voce_buf *sent = &c->labels[0], *top = &c->labels[1];
    voce_buf_add(sent, "", 0);
    voce_buf_add(top, "", 0);
    add_label(sent, "positive");
    add_label(sent, "negative");
    add_label(sent, "neutral");
    for (int i = 0; i < VOCE_LANG_COUNT; i++) {
        for (size_t k = 0; c->sentiment[i] && k < c->sentiment[i]->nlabels; k++)
            add_label(sent, c->sentiment[i]->labels[k]);
        if (c->topic[i])
            for (size_t k = 0; k < c->topic[i]->nlabels; k++)
                add_label(top, c->topic[i]->labels[k]);
        else
            for (size_t k = 0; k < c->lex[i]->ntopics; k++)
                add_label(top, c->lex[i]->topics[k]);
    }
}

voce_status voce_classifier_load(voce_classifier **out, const voce_options *opt,
                                 voce_error *err)
{
    *out = NULL;
    voce_classifier *c = voce_xcalloc(1, sizeof *c);
    voce_buf_add(&c->warnings, "", 0);
    load_plan *p = voce_xcalloc(1, sizeof *p);
    p->c = c;
    p->opt = opt;
    plan_models(p);
    size_t njobs = 1 + VOCE_LANG_COUNT + p->nmodels;
    voce_parallel(njobs, opt->load_threads ? opt->load_threads : LOAD_THREADS, load_job, p);
    voce_status st = VOCE_OK;
    for (size_t job = 0; job <= VOCE_LANG_COUNT && st == VOCE_OK; job++)
        st = job_result(p, job, err);
    for (int i = 0; i < VOCE_LANG_COUNT; i++)
        if (opt->lang && strcmp(opt->lang, voce_lang_names[i]) == 0)
            c->forced_lang = voce_lang_names[i];
    if (st == VOCE_OK && opt->lang && !c->forced_lang)
        st = voce_error_set(err, VOCE_ERR_INVALID, NULL, "unknown language '%s' (known: it, en)",
                            opt->lang);
    for (size_t k = 0; k < p->nmodels; k++) {
        struct model_job *j = &p->models[k];
        if (st != VOCE_OK)
            voce_model_free(j->model); /* NULL when its loading failed */
        else if ((st = job_result(p, 1 + VOCE_LANG_COUNT + k, err)) == VOCE_OK)
            st = fit_model(c, j->model, j->name, j->task, opt, err);
        free(j->name);
    }
    free(p);
    if (st != VOCE_OK) {
        voce_classifier_free(c);
        return st;
    }
    for (int i = 0; i < VOCE_LANG_COUNT; i++)
        describe(c, i);
    list_labels(c);
    for (int i = 0; i < VOCE_LANG_COUNT; i++)
        for (size_t k = 0; c->topic[i] && k < c->topic[i]->nlabels; k++)
            c->topic_cue[i][k] = (int8_t)voce_lexicon_topic(c->lex[i], c->topic[i]->labels[k]);
    *out = c;
    return VOCE_OK;
}

const char *voce_classifier_warnings(const voce_classifier *c)
{
    return voce_buf_str(&c->warnings);
}

const char *voce_classifier_labels(const voce_classifier *c, bool topics)
{
    return voce_buf_str(&c->labels[topics]);
}

const char *voce_classifier_describe(const voce_classifier *c, const char *lang)
{
    int li = voce_lang_index(lang);
    return li < 0 ? "" : c->describe[li].data;
}

void voce_classifier_free(voce_classifier *c)
{
    if (!c)
        return;
    voce_analyzer_free(c->analyzer);
    for (int i = 0; i < VOCE_LANG_COUNT; i++) {
        voce_lexicon_free(c->lex[i]);
        voce_rules_free(c->rules[i]);
        voce_model_free(c->sentiment[i]);
        voce_model_free(c->topic[i]);
    }
    for (int i = 0; i < VOCE_LANG_COUNT; i++)
        voce_buf_release(&c->describe[i]);
    voce_buf_release(&c->labels[0]);
    voce_buf_release(&c->labels[1]);
    voce_buf_release(&c->warnings);
    free(c);
}

int voce_lang_index(const char *lang)
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

/* The token index of the first token ending after byte 'offset' (token
 * ends increase: a binary search, as long reviews have many cues). */
static size_t token_of(const voce_doc *d, uint32_t offset)
{
    size_t lo = 0, hi = d->tokens.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->tokens.tok[mid].end <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Which clauses hold a cue of 'topic': a bit per clause (the first 64). */
static uint64_t topic_clauses(const voce_doc *d, const char *topic)
{
    uint64_t bits = 0;
    for (size_t k = 0; k < d->ncues; k++) {
        const voce_cue *t = &d->cues[k];
        if (t->kind != VOCE_CUE_TOPIC || strcmp(t->name, topic) != 0)
            continue;
        size_t tk = token_of(d, t->start);
        if (tk < d->tokens.n && d->clause[tk] < 64)
            bits |= 1ull << d->clause[tk];
    }
    return bits;
}

/* Mark in d->marker the tokens that start inside a contrast marker ("ma",
 * "but"), which opens a clause but is not part of what the clause says. */
static void mark_contrast_tokens(voce_doc *d)
{
    d->marker = voce_xgrow(d->marker, &d->marker_cap, d->tokens.n + 1, sizeof *d->marker);
    memset(d->marker, 0, d->tokens.n);
    for (size_t k = 0; k < d->ncues; k++) {
        const voce_cue *c = &d->cues[k];
        if (c->kind != VOCE_CUE_CONTRAST)
            continue;
        for (size_t t = token_of(d, c->start);
             t < d->tokens.n && d->tokens.tok[t].start < c->end; t++)
            if (d->tokens.tok[t].start >= c->start)
                d->marker[t] = 1;
    }
}

static int label_sign(const char *label)
{
    return strcmp(label, "positive") == 0 ? 1 : strcmp(label, "negative") == 0 ? -1 : 0;
}

/* The sentiment score in [-1, 1] of a model's probabilities: how much more
 * likely the positive labels are than the negative ones; 'lexical' when the
 * model has no polar label (complaint / not_complaint). */
static double model_score(const voce_model *m, const double *prob, double lexical)
{
    double pos = 0, neg = 0;
    bool polar = false;
    for (size_t i = 0; i < m->nlabels; i++) {
        int s = label_sign(m->labels[i]);
        pos += s > 0 ? prob[i] : 0;
        neg += s < 0 ? prob[i] : 0;
        polar |= s != 0;
    }
    return polar ? pos - neg : lexical;
}

/* The sentiment score of tokens [first, end), a clause of the text in 'd',
 * classified as a text of its own by the language's sentiment model, from
 * the text's analysis (voce_lexscore_span) rather than by analysing the
 * clause again; remembered for the other topics of the same clause. */
static double clause_score(const voce_classifier *c, voce_doc *d, size_t first, size_t end,
                           int li)
{
    for (size_t i = 0; i < d->nclause_scores; i++)
        if (d->clause_scores[i].first == first && d->clause_scores[i].end == end)
            return d->clause_scores[i].score;
    const voce_model *sm = c->sentiment[li];
    voce_lexscore L;
    voce_lexscore_span(d, c->rules[li], first, end, &L);
    voce_model_span_vector(sm, d, first, end, &L, &d->clause_vec);
    double prob[VOCE_MODEL_MAX_LABELS], dec[VOCE_MODEL_MAX_DEC];
    voce_model_predict(sm, &d->clause_vec, prob, dec);
    double score = model_score(sm, prob, L.score);
    if (d->nclause_scores < sizeof d->clause_scores / sizeof *d->clause_scores)
        d->clause_scores[d->nclause_scores++] =
            (struct voce_clause_score){(uint32_t)first, (uint32_t)end, score};
    return score;
}

/* A topic's sentiment: what the clauses holding its cues say, or the whole
 * text's when they say nothing or the text is one clause. With a model,
 * each such clause is classified on its own; without, the lexicon's
 * contributions in them are added up. */
static int topic_label(const voce_classifier *c, voce_doc *d, int li, uint64_t clauses, int overall)
{
    uint16_t last = d->tokens.n ? d->clause[d->tokens.n - 1] : 0;
    if (!clauses || last == 0)
        return overall;
    double sum = 0;
    if (c->sentiment[li]) {
        mark_contrast_tokens(d);
        /* Clause numbers never decrease along the tokens: one pass finds
         * each clause's tokens. A clause is read from its first word (not
         * its contrast marker) to its last, and the "?" or "!" that closes
         * it: they say how it is meant, where a comma says nothing. */
        size_t n = d->tokens.n;
        for (size_t k = 0; k < n;) {
            uint16_t cl = d->clause[k];
            size_t first = k;
            while (k < n && d->clause[k] == cl)
                k++;
            if (cl >= 64 || !((clauses >> cl) & 1))
                continue;
            size_t end = k;
            while (first < end && (d->tokens.tok[first].type == VOCE_TOK_PUNCT || d->marker[first]))
                first++;
            while (end > first && d->tokens.tok[end - 1].type == VOCE_TOK_PUNCT)
                end--;
            if (end < k && (d->tokens.tok[end].text[0] == '?' || d->tokens.tok[end].text[0] == '!'))
                end++;
            if (first < end)
                sum += clause_score(c, d, first, end, li);
        }
    } else {
        for (size_t j = 0; j < d->ncues; j++) {
            const voce_cue *w = &d->cues[j];
            if (w->own_weight == 0 || (w->kind != VOCE_CUE_TERM && w->kind != VOCE_CUE_RULE))
                continue;
            size_t wt = token_of(d, w->start);
            if (wt < d->tokens.n && d->clause[wt] < 64 && ((clauses >> d->clause[wt]) & 1))
                sum += w->own_weight;
        }
    }
    if (fabs(sum) < VOCE_NEUTRAL_BAND)
        return overall;
    return sum > 0 ? 1 : -1;
}

static void add_topic(voce_doc *d, const char *name, int label)
{
    if (d->out_topics.len) {
        voce_buf_addc(&d->out_topics, '|');
        voce_buf_addc(&d->out_topic_sentiments, '|');
    }
    voce_buf_adds(&d->out_topics, name);
    voce_buf_adds(&d->out_topic_sentiments, name); /* not addf: a printf a topic shows */
    voce_buf_addc(&d->out_topic_sentiments, ':');
    voce_buf_adds(&d->out_topic_sentiments, label_name(label));
}

/* The clauses holding a word (the 64 first: a mask). */
static uint64_t word_clauses(const voce_doc *d)
{
    uint64_t bits = 0;
    for (size_t i = 0; i < d->tokens.n; i++)
        if (d->tokens.tok[i].type == VOCE_TOK_WORD && d->clause[i] < 64)
            bits |= 1ull << d->clause[i];
    return bits;
}

/* Add the topics found[0..n) with their sentiments. A topic takes the
 * sentiment of the clauses holding its cues; one without a cue (the model
 * found it in words the lexicon does not tie to it: "good account, poor
 * support") takes that of the clauses no other topic claims, when others
 * claim some; else, or without clauses, the text's. */
static void add_topics(const voce_classifier *c, voce_doc *d, int li, const char *const *found,
                       size_t n, int overall, bool clauses)
{
    uint64_t own[VOCE_MODEL_MAX_LABELS], claimed = 0;
    for (size_t k = 0; k < n; k++) {
        own[k] = clauses ? topic_clauses(d, found[k]) : 0;
        claimed |= own[k];
    }
    uint64_t spare = claimed ? word_clauses(d) & ~claimed : 0;
    for (size_t k = 0; k < n; k++)
        add_topic(d, found[k],
                  clauses ? topic_label(c, d, li, own[k] ? own[k] : spare, overall) : overall);
}

static void describe_topics(const voce_classifier *c, voce_doc *d, int li, int overall,
                            bool clauses)
{
    voce_buf_reset(&d->out_topics);
    voce_buf_reset(&d->out_topic_sentiments);
    d->nclause_scores = 0;
    d->ntopic_scores = 0;
    voce_buf_add(&d->out_topics, "", 0);
    voce_buf_add(&d->out_topic_sentiments, "", 0);
    if (d->tokens.n == 0)
        return; /* an empty text has no topic */
    const voce_model *tm = c->topic[li];
    if (tm) {
        voce_model_vector(tm, d, &d->topic_vec);
        voce_model_predict(tm, &d->topic_vec, d->prob, d->dec);
        /* Copy: classifying clauses below leaves d->prob alone, but keep
         * the decision independent of that. */
        double p[VOCE_MODEL_MAX_LABELS];
        memcpy(p, d->prob, tm->nlabels * sizeof *p);
        const char *found[VOCE_MODEL_MAX_LABELS];
        size_t n = 0;
        for (size_t i = 0; i < tm->nlabels; i++) {
            int cue = c->topic_cue[li][i];
            bool cued = cue >= 0 && (d->lex.topics & (1u << cue));
            double bar = cued ? VOCE_TOPIC_CUED : 0.5;
            d->topic_scores[i] = (voce_topic_score){tm->labels[i], p[i], bar};
            if (p[i] >= bar)
                found[n++] = tm->labels[i];
        }
        d->ntopic_scores = tm->nlabels;
        add_topics(c, d, li, found, n, overall, clauses);
        return;
    }
    const voce_lexicon *lex = c->lex[li];
    const char *found[VOCE_MAX_TOPICS];
    size_t n = 0;
    for (size_t t = 0; t < lex->ntopics; t++)
        if (d->lex.topics & (1u << t))
            found[n++] = lex->topics[t];
    add_topics(c, d, li, found, n, overall, clauses);
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

/* Score 'text' into 'd' with the right lexicon (of 'lang', else of the
 * language identified). Returns the language index used. */
static int score(const voce_classifier *c, voce_doc *d, const char *text, size_t len,
                 const char *lang)
{
    voce_analyze(c->analyzer, text, len, lang, d);
    int li = voce_lang_index(d->lang);
    if (li >= 0) {
        voce_lexscore_run(c->lex[li], c->rules[li], text, len, d);
        return li;
    }
    /* Unsure of the language: let each lexicon try and keep the one that
     * knows more of the text (the last one tried stays in 'd'). When it
     * knows strictly more polar words and langid leaned the same way, too
     * weakly to tell on its own, that is the text's language: "Prezzo
     * onesto, personale scortese" has no function word, but its endings
     * lean Italian and the Italian lexicon knows two of its words, the
     * English one none. Without the lean, a word one lexicon lists and the
     * other leaves out ("ok": Italian +1, English neutral) would name the
     * language of "Overall, it's ok." wrongly. On dev texts of under five
     * words (tools/accuracy.md): Italian identified 79.8% -> 88.5%,
     * English 65.9% -> 84.0%, none more wrong. */
    int best = 0, best_cues = -1, runner_up = -1;
    for (int i = 0; i < VOCE_LANG_COUNT; i++) {
        voce_lexscore_run(c->lex[i], c->rules[i], text, len, d);
        int cues = d->lex.n_pos + d->lex.n_neg;
        if (cues > best_cues) {
            runner_up = best_cues;
            best = i;
            best_cues = cues;
        } else if (cues > runner_up) {
            runner_up = cues;
        }
    }
    if (best != VOCE_LANG_COUNT - 1)
        voce_lexscore_run(c->lex[best], c->rules[best], text, len, d);
    if (best_cues > runner_up && d->lang_lean == best)
        d->lang = voce_lang_names[best];
    return best;
}

/* The sentiment of 'text' into 'out' (not its topics); returns the index
 * of the language whose lexicon and model were used. */
static int classify_text(const voce_classifier *c, voce_doc *d, const char *text, size_t len,
                         const char *lang, voce_result *out)
{
    int li = score(c, d, text, len, lang);
    const voce_model *sm = c->sentiment[li];
    d->used = NULL;
    out->lang = d->lang;
    if (sm) {
        voce_model_vector(sm, d, &d->vec);
        int best = voce_model_predict(sm, &d->vec, d->prob, d->dec);
        d->used = sm;
        d->used_label = best;
        out->sentiment = sm->labels[best];
        out->confidence = d->prob[best];
        out->method = "svm";
        out->score = model_score(sm, d->prob, d->lex.score);
    } else {
        int label = voce_lexscore_label(d->lex.score);
        out->sentiment = label_name(label);
        out->score = d->lex.score;
        /* A heuristic strength for the lexicon: how far the score is from
         * the neutral band, and for a neutral text whether anything polar
         * was seen at all. Unlike the SVM's, it is not calibrated. */
        if (label != 0)
            out->confidence = 0.5 + 0.5 * fabs(d->lex.score);
        else
            out->confidence = d->lex.n_pos + d->lex.n_neg == 0
                                  ? 0.6
                                  : 0.5 * (1 - fabs(d->lex.score) / VOCE_NEUTRAL_BAND);
        out->method = "lexicon";
    }
    out->churn_risk = d->lex.flags & VOCE_FLAG_CHURN;
    return li;
}

void voce_classify(const voce_classifier *c, voce_doc *d, const char *text, size_t len,
                   voce_result *out)
{
    int li = classify_text(c, d, text, len, c->forced_lang, out);
    if (d->tokens.n == 0) {
        /* Nothing to judge (voce.h): neutral with confidence 0, whatever a
         * model makes of an empty vector. */
        out->sentiment = "neutral";
        out->score = 0;
        out->confidence = 0;
        out->churn_risk = false;
    }
    int overall = label_sign(out->sentiment);
    describe_topics(c, d, li, overall, true);
    describe_flags(d);
    out->topics = d->out_topics.data;
    out->topic_sentiments = d->out_topic_sentiments.data;
    out->flags = d->out_flags.data;
}

/* The weight of feature 'idx' in one-vs-rest SVM 'i', towards its label. */
static double ovr_weight(const voce_model *m, size_t i, uint32_t idx)
{
    double w = voce_model_weight(m, i, 0, idx);
    return voce_svm_class(m->svm[i], 0) == 1 ? w : -w;
}

/* How much feature 'idx' pushes the decision towards class 'label': its
 * weight times its value, summed over the binary problems that involve the
 * label, each oriented towards it (with label parts, the parts' SVMs too,
 * at the parts' weight). */
static double push_towards(const voce_model *m, int label, uint32_t idx, double value)
{
    double s = 0;
    if (m->ovr) {
        s = ovr_weight(m, (size_t)label, idx);
        if (m->nparts)
            s += m->part_weight * (ovr_weight(m, m->nlabels + m->parent[label], idx) +
                                   ovr_weight(m, m->nlabels + m->child[label], idx));
        return s * value;
    }
    const voce_svm *svm = m->svm[0];
    int k = voce_svm_nclasses(svm), me = -1;
    for (int i = 0; i < k; i++)
        if (voce_svm_class(svm, i) == label)
            me = i;
    if (me < 0)
        return 0;
    for (int o = 0; o < k; o++) {
        if (o == me)
            continue;
        int a = me < o ? me : o, b = me < o ? o : me;
        double w = voce_model_weight(m, 0, voce_model_pair((size_t)k, (size_t)a, (size_t)b), idx);
        s += (me == a ? w : -w) * value;
    }
    return s;
}

typedef struct pushing_feature {
    uint32_t idx;
    double push;
} pushing_feature;

/* Whether a is listed before b: it pushes harder, or as hard with a lower
 * index (the vector's order is not fixed, so it cannot break the tie). */
static bool pushes_before(pushing_feature a, pushing_feature b)
{
    return a.push > b.push || (a.push == b.push && a.idx < b.idx);
}

size_t voce_doc_topic_scores(const voce_doc *d, const voce_topic_score **scores)
{
    *scores = d->topic_scores;
    return d->ntopic_scores;
}

void voce_explain_features(const voce_classifier *c, voce_doc *d, size_t max)
{
    (void)c;
    const voce_model *m = d->used;
    if (!m || max == 0)
        return;
    pushing_feature *top = voce_xcalloc(max, sizeof *top);
    size_t n = 0;
    for (size_t f = 0; f < d->vec.n; f++) {
        pushing_feature it = {d->vec.idx[f],
                              push_towards(m, d->used_label, d->vec.idx[f], d->vec.val[f])};
        if (it.push <= 0)
            continue;
        size_t at = n < max ? n++ : max;
        if (at == max) {
            if (!pushes_before(it, top[max - 1]))
                continue;
            at = max - 1;
        }
        while (at > 0 && pushes_before(it, top[at - 1])) {
            top[at] = top[at - 1];
            at--;
        }
        top[at] = it;
    }
    /* Names first (the buffer moves as it grows), then the cues. */
    voce_buf_reset(&d->feature_names);
    voce_buf name = VOCE_BUF_INIT;
    size_t *offset = voce_xmalloc((n ? n : 1) * sizeof *offset);
    for (size_t i = 0; i < n; i++) {
        voce_buf_reset(&name);
        int base = voce_features_base_label(&m->fc, top[i].idx);
        if (base >= 0)
            voce_buf_addf(&name, "base model: %s", m->base->labels[base]);
        else
            voce_features_name(&m->fc, d, top[i].idx, &name);
        offset[i] = d->feature_names.len;
        if (name.len)
            voce_buf_add(&d->feature_names, name.data, name.len);
        else
            voce_buf_addf(&d->feature_names, "#%u", top[i].idx);
        voce_buf_addc(&d->feature_names, '\0');
    }
    voce_buf_release(&name);
    for (size_t i = 0; i < n; i++) {
        d->cues = voce_xgrow(d->cues, &d->cues_cap, d->ncues + 1, sizeof *d->cues);
        d->cues[d->ncues++] = (voce_cue){.kind = VOCE_CUE_FEATURE,
                                         .name = d->feature_names.data + offset[i],
                                         .weight = top[i].push,
                                         .own_weight = top[i].push};
    }
    free(offset);
    free(top);
}
