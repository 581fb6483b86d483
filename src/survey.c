/* survey.c -- from records to everything a report says.
 *
 * Each record is classified as it is added (sentiment, topics), its score
 * and date read, and its text handed to a voce_themes. Nothing is decided
 * before voce_survey_finish(): only then is the scale known when it must
 * be guessed from the values, so only then can detractors be told apart.
 * Finishing picks the records to group (detractors; without scores the
 * negative comments; with 'all' everyone), runs the themes, and counts:
 * overall, by topic, by period, the themes' trends and the drivers. The
 * report writers (report_*.c) print these counts and compute nothing. */
#include "survey.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mem.h"
#include "period.h"
#include "themes.h"

const char *voce_period_label(voce_period p)
{
    static const char *const names[] = {"auto", "day", "week", "month", "quarter"};
    return (unsigned)p < sizeof names / sizeof *names ? names[p] : "auto";
}

int voce_period_parse(const char *name)
{
    for (int p = VOCE_PERIOD_AUTO; p <= VOCE_PERIOD_QUARTER; p++)
        if (strcmp(name, voce_period_label((voce_period)p)) == 0)
            return p;
    return -1;
}

static char *dup_or_null(const char *s)
{
    return s ? voce_xstrdup(s) : NULL;
}

voce_status voce_survey_new(voce_survey **out, const voce_classifier *c,
                            const voce_survey_options *opt, voce_error *err)
{
    *out = NULL;
    voce_survey *s = voce_xcalloc(1, sizeof *s);
    s->c = c;
    s->opt = *opt;
    s->source = dup_or_null(opt->source);
    s->title = voce_xstrdup(opt->title ? opt->title : "Customer feedback");
    s->score_column = dup_or_null(opt->score_column);
    s->date_column = dup_or_null(opt->date_column);
    s->opt.source = s->source;
    s->opt.title = s->title;
    s->opt.score_column = s->score_column;
    s->opt.date_column = s->date_column;
    s->forced_scale =
        opt->scale != VOCE_SCALE_AUTO ? opt->scale : voce_scale_from_name(opt->score_column);
    voce_status st = voce_themes_new(&s->themes, &opt->themes, err);
    if (st != VOCE_OK) {
        voce_survey_free(s);
        return st;
    }
    s->doc = voce_doc_new();
    *out = s;
    return VOCE_OK;
}

void voce_survey_free(voce_survey *s)
{
    if (!s)
        return;
    voce_doc_free(s->doc);
    voce_themes_free(s->themes);
    free(s->recs);
    for (size_t i = 0; i < s->ntopics; i++)
        free(s->topic[i]);
    free(s->periods);
    free(s->theme);
    free(s->drivers);
    free(s->source);
    free(s->title);
    free(s->score_column);
    free(s->date_column);
    free(s);
}

/* ---- Adding records ------------------------------------------------------------ */

static uint64_t topic_bits(voce_survey *s, const char *topics)
{
    uint64_t bits = 0;
    while (*topics) {
        size_t n = strcspn(topics, "|");
        size_t t = 0;
        while (t < s->ntopics && !(strlen(s->topic[t]) == n && memcmp(s->topic[t], topics, n) == 0))
            t++;
        if (t == s->ntopics && t < VOCE_SURVEY_MAX_TOPICS)
            s->topic[s->ntopics++] = voce_xstrndup(topics, n);
        if (t < VOCE_SURVEY_MAX_TOPICS)
            bits |= 1ull << t;
        topics += n + (topics[n] == '|');
    }
    return bits;
}

static bool is_blank(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
            return false;
    return true;
}

/* Show at most 40 bytes of a bad value in a message. */
static int shown(size_t len)
{
    return len > 40 ? 40 : (int)len;
}

voce_status voce_survey_add(voce_survey *s, const char *text, size_t len, const char *score,
                            size_t score_len, const char *date, size_t date_len, voce_error *err)
{
    if (s->nrecs == s->recs_cap)
        s->recs = voce_xgrow(s->recs, &s->recs_cap, s->nrecs + 1, sizeof *s->recs);
    survey_rec *r = &s->recs[s->nrecs++];
    voce_result res;
    voce_classify(s->c, s->doc, text, len, &res);
    r->sentiment = (int8_t)(strcmp(res.sentiment, "negative") == 0   ? -1
                            : strcmp(res.sentiment, "positive") == 0 ? 1
                                                                     : 0);
    r->topics = topic_bits(s, res.topics);
    r->comment =
        is_blank(text, len) ? -1 : (long)voce_themes_add(s->themes, s->doc, text, len, false);
    r->score = -1;
    r->cls = -2;
    r->grouped = false;
    r->day = VOCE_NO_DAY;
    voce_status st = VOCE_OK;
    if (score && !is_blank(score, score_len)) {
        int v;
        voce_scale scale = s->forced_scale;
        if (!voce_score_parse(score, score_len, &v))
            st = voce_error_set(err, VOCE_ERR_PARSE, NULL,
                                "score '%.*s' is not a whole number (answer left out)",
                                shown(score_len), score);
        else if (v < 0 || v > 10 || (scale != VOCE_SCALE_AUTO && voce_nps_class(scale, v) < -1))
            st = voce_error_set(err, VOCE_ERR_PARSE, NULL,
                                "score %d is outside the %s scale (answer left out)", v,
                                scale == VOCE_SCALE_CSAT ? "CSAT 1-5" : "NPS 0-10");
        else
            r->score = (int8_t)v;
    }
    if (date && !is_blank(date, date_len)) {
        int32_t day;
        if (voce_date_parse(date, date_len, &day))
            r->day = day;
        else if (st == VOCE_OK)
            st = voce_error_set(err, VOCE_ERR_PARSE, NULL,
                                "date '%.*s' not understood (expected 2025-03-07 or "
                                "07/03/2025; record kept without a date)",
                                shown(date_len), date);
    }
    return st;
}

/* ---- Finishing: who is unhappy, the themes, the counts ------------------------ */

static void decide_scale(voce_survey *s)
{
    int *scores = voce_xmalloc((s->nrecs ? s->nrecs : 1) * sizeof *scores);
    size_t n = 0;
    for (size_t i = 0; i < s->nrecs; i++)
        if (s->recs[i].score >= 0)
            scores[n++] = s->recs[i].score;
    s->answered = n;
    s->no_answer = s->nrecs - n;
    if (n == 0)
        s->scale = VOCE_SCALE_AUTO;
    else if (s->forced_scale != VOCE_SCALE_AUTO)
        s->scale = s->forced_scale;
    else
        s->scale = voce_scale_detect(s->opt.score_column, scores, n);
    free(scores);
    for (size_t i = 0; i < s->nrecs; i++)
        if (s->recs[i].score >= 0 && s->scale != VOCE_SCALE_AUTO)
            s->recs[i].cls = (int8_t)voce_nps_class(s->scale, s->recs[i].score);
}

static bool is_unhappy(const voce_survey *s, const survey_rec *r)
{
    return s->scale != VOCE_SCALE_AUTO ? r->cls == -1 : r->sentiment < 0;
}

static bool is_happy(const voce_survey *s, const survey_rec *r)
{
    return s->scale != VOCE_SCALE_AUTO ? r->cls == 1 : r->sentiment > 0;
}

static void count(survey_counts *c, const survey_rec *r, voce_scale scale)
{
    c->n++;
    c->sentiment[r->sentiment + 1]++;
    if (r->cls >= -1)
        voce_nps_add(&c->nps, r->score, NULL);
    (void)scale;
}

static void counts_init(survey_counts *c, voce_scale scale)
{
    memset(c, 0, sizeof *c);
    voce_nps_init(&c->nps, scale);
}

static int by_day(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

static void count_periods(voce_survey *s)
{
    s->first_day = INT32_MAX;
    s->last_day = INT32_MIN;
    for (size_t i = 0; i < s->nrecs; i++) {
        int32_t d = s->recs[i].day;
        if (d == VOCE_NO_DAY)
            continue;
        s->dated++;
        if (d < s->first_day)
            s->first_day = d;
        if (d > s->last_day)
            s->last_day = d;
    }
    if (!s->dated)
        return;
    s->mid_day = s->first_day + (s->last_day - s->first_day) / 2;
    s->period = s->opt.period != VOCE_PERIOD_AUTO
                    ? s->opt.period
                    : voce_period_choose(s->first_day, s->last_day, 12);
    /* The distinct period starts, in order. */
    int32_t *starts = voce_xmalloc(s->dated * sizeof *starts);
    size_t n = 0;
    for (size_t i = 0; i < s->nrecs; i++)
        if (s->recs[i].day != VOCE_NO_DAY)
            starts[n++] = voce_period_start(s->period, s->recs[i].day);
    qsort(starts, n, sizeof *starts, by_day);
    s->periods = voce_xcalloc(n, sizeof *s->periods);
    for (size_t i = 0; i < n; i++) {
        if (s->nperiods && s->periods[s->nperiods - 1].start == starts[i])
            continue;
        survey_period *p = &s->periods[s->nperiods++];
        p->start = starts[i];
        voce_period_name(s->period, starts[i], p->name, sizeof p->name);
        counts_init(&p->c, s->scale);
    }
    free(starts);
    for (size_t i = 0; i < s->nrecs; i++) {
        if (s->recs[i].day == VOCE_NO_DAY)
            continue;
        int32_t st = voce_period_start(s->period, s->recs[i].day);
        size_t lo = 0, hi = s->nperiods;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (s->periods[mid].start <= st)
                lo = mid;
            else
                hi = mid;
        }
        count(&s->periods[lo].c, &s->recs[i], s->scale);
    }
    for (size_t p = 0; p < s->nperiods; p++) {
        survey_period *cur = &s->periods[p];
        voce_nps_summarize(&cur->c.nps, &cur->c.sum);
        if (p == 0 || s->scale == VOCE_SCALE_AUTO)
            continue;
        const survey_period *prev = &s->periods[p - 1];
        if (!prev->c.sum.n || !cur->c.sum.n)
            continue;
        cur->has_change = true;
        cur->change = cur->c.sum.score - prev->c.sum.score;
        cur->change_moe = voce_nps_change_moe(&prev->c.sum, &cur->c.sum);
        cur->testable = prev->c.sum.n >= VOCE_CHANGE_MIN && cur->c.sum.n >= VOCE_CHANGE_MIN;
    }
}

/* Each theme's size, share, main topics and trend. */
static void describe_themes(voce_survey *s)
{
    size_t nthemes = voce_themes_count(s->themes);
    s->theme = voce_xcalloc(nthemes ? nthemes : 1, sizeof *s->theme);
    size_t early = 0, late = 0;
    for (size_t i = 0; i < s->nrecs; i++) {
        const survey_rec *r = &s->recs[i];
        if (!r->grouped || r->day == VOCE_NO_DAY)
            continue;
        *(r->day <= s->mid_day ? &early : &late) += 1;
    }
    for (size_t th = 0; th < nthemes; th++) {
        survey_theme *st = &s->theme[th];
        size_t topic_count[VOCE_SURVEY_MAX_TOPICS] = {0};
        size_t x_early = 0, x_late = 0;
        for (size_t i = 0; i < s->nrecs; i++) {
            const survey_rec *r = &s->recs[i];
            if (!r->grouped || r->comment < 0 ||
                voce_themes_of(s->themes, (size_t)r->comment) != (long)th)
                continue;
            st->count++;
            for (size_t t = 0; t < s->ntopics; t++)
                topic_count[t] += (r->topics >> t) & 1;
            if (r->day != VOCE_NO_DAY)
                *(r->day <= s->mid_day ? &x_early : &x_late) += 1;
        }
        st->pct = s->ngrouped ? 100.0 * (double)st->count / (double)s->ngrouped : 0;
        /* the two most frequent topics held by a quarter of its comments */
        for (size_t slot = 0; slot < 2; slot++) {
            size_t best = s->ntopics;
            for (size_t t = 0; t < s->ntopics; t++) {
                bool used = false;
                for (size_t u = 0; u < st->ntop; u++)
                    used |= st->top_topic[u] == t;
                if (!used && (best == s->ntopics || topic_count[t] > topic_count[best]))
                    best = t;
            }
            if (best == s->ntopics || !st->count || 4 * topic_count[best] < st->count ||
                !topic_count[best])
                break;
            st->top_topic[st->ntop] = best;
            st->top_topic_pct[st->ntop++] = 100.0 * (double)topic_count[best] / (double)st->count;
        }
        st->early_n = early;
        st->late_n = late;
        if (early >= VOCE_TREND_MIN && late >= VOCE_TREND_MIN) {
            double p1 = (double)x_early / (double)early, p2 = (double)x_late / (double)late;
            double p = (double)(x_early + x_late) / (double)(early + late);
            double se = sqrt(p * (1 - p) * (1.0 / (double)early + 1.0 / (double)late));
            double z = se > 0 ? (p2 - p1) / se : 0;
            st->has_trend = true;
            st->early_pct = 100 * p1;
            st->late_pct = 100 * p2;
            st->trend = z >= 1.96 ? 1 : z <= -1.96 ? -1 : 0;
        }
    }
}

static void add_driver(voce_survey *s, bool is_theme, size_t index, const char *name,
                       size_t unhappy, size_t happy)
{
    survey_driver *d = &s->drivers[s->ndrivers++];
    d->is_theme = is_theme;
    d->index = index;
    d->name = name;
    d->unhappy = unhappy;
    d->happy = happy;
    d->unhappy_pct = s->unhappy ? 100.0 * (double)unhappy / (double)s->unhappy : 0;
    d->happy_pct = s->happy ? 100.0 * (double)happy / (double)s->happy : 0;
    d->lift = happy && s->happy ? d->unhappy_pct / d->happy_pct : NAN;
}

/* Most over-represented first: by how many points more of the unhappy
 * than of the happy mention it, then by unhappy mentions. */
static int by_excess(const void *a, const void *b)
{
    const survey_driver *x = a, *y = b;
    double ex = x->unhappy_pct - x->happy_pct, ey = y->unhappy_pct - y->happy_pct;
    if (ex != ey)
        return ex > ey ? -1 : 1;
    if (x->unhappy != y->unhappy)
        return x->unhappy > y->unhappy ? -1 : 1;
    if (x->is_theme != y->is_theme)
        return x->is_theme ? 1 : -1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Topics and themes, as mentioned by the unhappy and by the happy. */
static void find_drivers(voce_survey *s)
{
    size_t nthemes = voce_themes_count(s->themes);
    s->drivers = voce_xcalloc(s->ntopics + nthemes + 1, sizeof *s->drivers);
    for (size_t t = 0; t < s->ntopics; t++) {
        size_t u = 0, h = 0;
        for (size_t i = 0; i < s->nrecs; i++) {
            if (!((s->recs[i].topics >> t) & 1))
                continue;
            u += is_unhappy(s, &s->recs[i]);
            h += is_happy(s, &s->recs[i]);
        }
        if (u || h)
            add_driver(s, false, t, s->topic[t], u, h);
    }
    for (size_t th = 0; th < nthemes; th++) {
        const voce_theme *theme = voce_themes_get(s->themes, th);
        if (theme->other)
            continue;
        size_t u = 0, h = 0;
        for (size_t i = 0; i < s->nrecs; i++) {
            const survey_rec *r = &s->recs[i];
            if (r->comment < 0 || voce_themes_of(s->themes, (size_t)r->comment) != (long)th)
                continue;
            u += is_unhappy(s, r);
            h += is_happy(s, r);
        }
        add_driver(s, true, th, theme->label, u, h);
    }
    qsort(s->drivers, s->ndrivers, sizeof *s->drivers, by_excess);
}

void voce_survey_finish(voce_survey *s)
{
    if (s->finished)
        return;
    s->finished = true;
    decide_scale(s);
    bool scored = s->scale != VOCE_SCALE_AUTO;
    s->unhappy_name = scored ? "detractors" : "negative comments";
    s->happy_name = scored ? "promoters" : "positive comments";
    if (scored && s->scale == VOCE_SCALE_CSAT) {
        s->unhappy_name = "dissatisfied customers";
        s->happy_name = "satisfied customers";
    }
    counts_init(&s->all, s->scale);
    for (size_t t = 0; t < s->ntopics; t++)
        counts_init(&s->topics[t], s->scale);
    for (size_t i = 0; i < s->nrecs; i++) {
        survey_rec *r = &s->recs[i];
        r->grouped = s->opt.all || is_unhappy(s, r);
        s->unhappy += is_unhappy(s, r);
        s->happy += is_happy(s, r);
        if (r->grouped) {
            s->ngrouped++;
            if (r->comment < 0)
                s->no_comment++;
            else
                voce_themes_set_group(s->themes, (size_t)r->comment, true);
        }
        count(&s->all, r, s->scale);
        for (size_t t = 0; t < s->ntopics; t++)
            if ((r->topics >> t) & 1)
                count(&s->topics[t], r, s->scale);
    }
    voce_nps_summarize(&s->all.nps, &s->all.sum);
    for (size_t t = 0; t < s->ntopics; t++) {
        voce_nps_summarize(&s->topics[t].nps, &s->topics[t].sum);
        /* insertion sort: most records first, then first seen */
        size_t at = t;
        while (at > 0 && s->topics[s->topic_order[at - 1]].n < s->topics[t].n) {
            s->topic_order[at] = s->topic_order[at - 1];
            at--;
        }
        s->topic_order[at] = t;
    }
    voce_themes_run(s->themes);
    count_periods(s);
    describe_themes(s);
    find_drivers(s);
}

/* ---- Results ------------------------------------------------------------------- */

voce_scale voce_survey_scale(const voce_survey *s)
{
    return s->scale;
}

void voce_survey_nps(const voce_survey *s, voce_nps_summary *out)
{
    *out = s->all.sum;
}

const voce_themes *voce_survey_themes(const voce_survey *s)
{
    return s->themes;
}

const char *voce_survey_theme_label(const voce_survey *s, size_t i)
{
    if (i >= s->nrecs || !s->recs[i].grouped)
        return "";
    if (s->recs[i].comment < 0)
        return "(no comment)";
    long th = voce_themes_of(s->themes, (size_t)s->recs[i].comment);
    const voce_theme *theme = th >= 0 ? voce_themes_get(s->themes, (size_t)th) : NULL;
    return theme ? theme->label : "";
}

const char *voce_survey_selection(const voce_survey *s)
{
    if (s->opt.all)
        return "every comment";
    switch (s->scale) {
    case VOCE_SCALE_NPS: return "detractors (NPS 0-6)";
    case VOCE_SCALE_CSAT: return "dissatisfied customers (CSAT 1-2)";
    default: return "negative comments (voce's sentiment; no score column)";
    }
}
