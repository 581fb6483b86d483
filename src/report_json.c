/* report_json.c -- the survey as JSON, for dashboards and tools.
 *
 * One object; every count, percentage and margin of the other formats is
 * in it, with the same rounding (one decimal for percentages and scores,
 * two for lifts, four for the silhouette). A value that does not exist
 * (a lift with no promoter, a score with no answer) is null. The "themes"
 * object is the one 'voce themes --json' prints, byte for byte. */
#include "report.h"

#include <math.h>
#include <string.h>

#include "langid.h"
#include "period.h"
#include "themes.h"

static void key(voce_buf *b, const char *k)
{
    voce_buf_addc(b, '"');
    voce_buf_adds(b, k);
    voce_buf_adds(b, "\":");
}

static void str(voce_buf *b, const char *k, const char *v)
{
    key(b, k);
    if (v)
        voce_report_json_str(b, v, strlen(v));
    else
        voce_buf_adds(b, "null");
}

static void num(voce_buf *b, const char *k, double v, int decimals)
{
    key(b, k);
    voce_report_num(b, v, decimals, "null");
}

static void count(voce_buf *b, const char *k, size_t v)
{
    key(b, k);
    voce_buf_addf(b, "%zu", v);
}

static void summary(voce_buf *b, const voce_nps_summary *s)
{
    voce_buf_addc(b, '{');
    count(b, "n", s->n);
    voce_buf_addc(b, ',');
    count(b, "promoters", s->promoters);
    voce_buf_addc(b, ',');
    count(b, "passives", s->passives);
    voce_buf_addc(b, ',');
    count(b, "detractors", s->detractors);
    voce_buf_addc(b, ',');
    num(b, "promoters_pct", s->n ? s->promoters_pct : NAN, 1);
    voce_buf_addc(b, ',');
    num(b, "passives_pct", s->n ? s->passives_pct : NAN, 1);
    voce_buf_addc(b, ',');
    num(b, "detractors_pct", s->n ? s->detractors_pct : NAN, 1);
    voce_buf_addc(b, ',');
    num(b, "value", s->n ? s->score : NAN, 1);
    voce_buf_addc(b, ',');
    num(b, "moe", s->n ? s->moe : NAN, 1);
    voce_buf_addc(b, '}');
}

static void sentiment(voce_buf *b, const survey_counts *c)
{
    static const char *const names[] = {"negative", "neutral", "positive"};
    for (int i = 0; i < 3; i++) {
        count(b, names[i], c->sentiment[i]);
        voce_buf_addc(b, ',');
    }
    for (int i = 0; i < 3; i++) {
        char k[32];
        snprintf(k, sizeof k, "%s_pct", names[i]);
        num(b, k, c->n ? 100.0 * (double)c->sentiment[i] / (double)c->n : NAN, 1);
        if (i < 2)
            voce_buf_addc(b, ',');
    }
}

/* ---- Themes --------------------------------------------------------------------- */

static void theme_item(const voce_survey *s, size_t i, voce_buf *b)
{
    const voce_theme *t = voce_themes_get(s->themes, i);
    const survey_theme *st = &s->theme[i];
    voce_buf_addc(b, '{');
    key(b, "rank");
    if (t->other)
        voce_buf_adds(b, "null");
    else
        voce_buf_addf(b, "%zu", i + 1);
    voce_buf_addc(b, ',');
    str(b, "kind", t->other ? "other" : "theme");
    voce_buf_addc(b, ',');
    str(b, "label", t->label);
    voce_buf_addc(b, ',');
    key(b, "phrases");
    voce_buf_addc(b, '[');
    for (size_t p = 0; p < t->nphrases; p++) {
        if (p)
            voce_buf_addc(b, ',');
        voce_report_json_str(b, t->phrases[p], strlen(t->phrases[p]));
    }
    voce_buf_adds(b, "],");
    count(b, "count", st->count);
    voce_buf_addc(b, ',');
    num(b, "share_pct", st->pct, 1);
    voce_buf_addc(b, ',');
    key(b, "topics");
    voce_buf_addc(b, '[');
    for (size_t k = 0; k < st->ntop; k++) {
        if (k)
            voce_buf_addc(b, ',');
        voce_buf_addc(b, '{');
        str(b, "topic", s->topic[st->top_topic[k]]);
        voce_buf_addc(b, ',');
        num(b, "pct", st->top_topic_pct[k], 1);
        voce_buf_addc(b, '}');
    }
    voce_buf_adds(b, "],");
    key(b, "trend");
    if (st->has_trend) {
        voce_buf_addc(b, '{');
        str(b, "direction", voce_report_trend_word(st));
        voce_buf_addc(b, ',');
        num(b, "earlier_pct", st->early_pct, 1);
        voce_buf_addc(b, ',');
        num(b, "later_pct", st->late_pct, 1);
        voce_buf_addc(b, '}');
    } else {
        voce_buf_adds(b, "null");
    }
    voce_buf_addc(b, ',');
    key(b, "quotes");
    voce_buf_addc(b, '[');
    for (size_t q = 0; q < t->nquotes; q++) {
        size_t len;
        const char *text = voce_themes_text(s->themes, t->quotes[q], &len);
        if (q)
            voce_buf_addc(b, ',');
        voce_report_json_str(b, text, len);
    }
    voce_buf_adds(b, "]}");
}

static void no_comment_item(const voce_survey *s, voce_buf *b)
{
    voce_buf_addc(b, '{');
    str(b, "rank", NULL);
    voce_buf_addc(b, ',');
    str(b, "kind", "no_comment");
    voce_buf_addc(b, ',');
    str(b, "label", "(no comment)");
    voce_buf_adds(b, ",\"phrases\":[],");
    count(b, "count", s->no_comment);
    voce_buf_addc(b, ',');
    num(b, "share_pct", 100.0 * (double)s->no_comment / (double)s->ngrouped, 1);
    voce_buf_adds(b, ",\"topics\":[],\"trend\":null,\"quotes\":[]}");
}

void voce_report_themes_object(const voce_survey *s, voce_buf *b)
{
    unsigned k_min, k_max;
    double sil;
    unsigned k = voce_themes_k(s->themes, &k_min, &k_max, &sil);
    voce_buf method = VOCE_BUF_INIT;
    voce_report_method(s, false, &method);
    voce_buf_addc(b, '{');
    str(b, "selection", voce_survey_selection(s));
    voce_buf_addc(b, ',');
    count(b, "records", s->nrecs);
    voce_buf_addc(b, ',');
    count(b, "grouped", s->ngrouped);
    voce_buf_addc(b, ',');
    count(b, "with_comment", s->ngrouped - s->no_comment);
    voce_buf_addc(b, ',');
    count(b, "no_comment", s->no_comment);
    voce_buf_addc(b, ',');
    str(b, "method", voce_buf_str(&method));
    voce_buf_addc(b, ',');
    voce_buf_addf(b, "\"k\":%u,\"k_min\":%u,\"k_max\":%u,", k, k_min, k_max);
    /* only with the languages grouped apart: the themes of each */
    bool apart = false;
    for (int li = 0; li < VOCE_LANG_COUNT; li++) {
        unsigned kl = voce_themes_k_of(s->themes, voce_lang_names[li]);
        if (!kl)
            continue;
        voce_buf_adds(b, apart ? "," : "\"k_by_language\":{");
        voce_buf_addf(b, "\"%s\":%u", voce_lang_names[li], kl);
        apart = true;
    }
    if (apart)
        voce_buf_adds(b, "},");
    num(b, "silhouette", sil, 4);
    voce_buf_addf(
        b, ",\"seed\":%llu,",
        (unsigned long long)(s->opt.themes.seed ? s->opt.themes.seed : VOCE_THEMES_SEED_DEFAULT));
    key(b, "items");
    voce_buf_addc(b, '[');
    size_t n = voce_themes_count(s->themes);
    for (size_t i = 0; i < n; i++) {
        if (i)
            voce_buf_addc(b, ',');
        theme_item(s, i, b);
    }
    if (s->no_comment) {
        if (n)
            voce_buf_addc(b, ',');
        no_comment_item(s, b);
    }
    voce_buf_adds(b, "]}");
    voce_buf_release(&method);
}

void voce_report_themes_json(const voce_survey *s, voce_buf *b, bool lines)
{
    if (!lines) {
        voce_report_themes_object(s, b);
        voce_buf_addc(b, '\n');
        return;
    }
    size_t n = voce_themes_count(s->themes);
    for (size_t i = 0; i < n; i++) {
        theme_item(s, i, b);
        voce_buf_addc(b, '\n');
    }
    if (s->no_comment) {
        no_comment_item(s, b);
        voce_buf_addc(b, '\n');
    }
}

/* ---- The report --------------------------------------------------------------------- */

static void day_name(voce_buf *b, const char *k, int32_t day)
{
    char name[16];
    voce_period_name(VOCE_PERIOD_DAY, day, name, sizeof name);
    str(b, k, name);
}

static void periods(const voce_survey *s, voce_buf *b)
{
    key(b, "periods");
    if (!s->dated) {
        voce_buf_adds(b, "null");
        return;
    }
    voce_buf_addc(b, '{');
    str(b, "column", s->opt.date_column);
    voce_buf_addc(b, ',');
    str(b, "period", voce_period_label(s->period));
    voce_buf_addc(b, ',');
    count(b, "dated", s->dated);
    voce_buf_addc(b, ',');
    day_name(b, "first", s->first_day);
    voce_buf_addc(b, ',');
    day_name(b, "last", s->last_day);
    voce_buf_addc(b, ',');
    key(b, "items");
    voce_buf_addc(b, '[');
    for (size_t p = 0; p < s->nperiods; p++) {
        const survey_period *pe = &s->periods[p];
        if (p)
            voce_buf_addc(b, ',');
        voce_buf_addc(b, '{');
        str(b, "period", pe->name);
        voce_buf_addc(b, ',');
        count(b, "records", pe->c.n);
        voce_buf_addc(b, ',');
        sentiment(b, &pe->c);
        voce_buf_addc(b, ',');
        key(b, "score");
        if (s->scale != VOCE_SCALE_AUTO)
            summary(b, &pe->c.sum);
        else
            voce_buf_adds(b, "null");
        voce_buf_addc(b, ',');
        num(b, "change", pe->has_change ? pe->change : NAN, 1);
        voce_buf_addc(b, ',');
        num(b, "change_moe", pe->has_change ? pe->change_moe : NAN, 1);
        voce_buf_addc(b, ',');
        key(b, "significant");
        voce_buf_adds(b, !pe->has_change || !pe->testable    ? "null"
                         : fabs(pe->change) > pe->change_moe ? "true"
                                                             : "false");
        voce_buf_addc(b, '}');
    }
    voce_buf_adds(b, "]}");
}

static void topics(const voce_survey *s, voce_buf *b)
{
    key(b, "topics");
    voce_buf_addc(b, '[');
    for (size_t t = 0; t < s->ntopics; t++) {
        const survey_counts *c = &s->topics[t];
        if (t)
            voce_buf_addc(b, ',');
        voce_buf_addc(b, '{');
        str(b, "topic", s->topic[t]);
        voce_buf_addc(b, ',');
        count(b, "records", c->n);
        voce_buf_addc(b, ',');
        num(b, "pct", s->nrecs ? 100.0 * (double)c->n / (double)s->nrecs : NAN, 1);
        voce_buf_addc(b, ',');
        sentiment(b, c);
        voce_buf_addc(b, ',');
        key(b, "score");
        if (s->scale != VOCE_SCALE_AUTO)
            summary(b, &c->sum);
        else
            voce_buf_adds(b, "null");
        voce_buf_addc(b, '}');
    }
    voce_buf_addc(b, ']');
}

static void drivers(const voce_survey *s, voce_buf *b)
{
    key(b, "drivers");
    voce_buf_addc(b, '{');
    str(b, "unhappy", s->unhappy_name);
    voce_buf_addc(b, ',');
    str(b, "happy", s->happy_name);
    voce_buf_addc(b, ',');
    count(b, "unhappy_n", s->unhappy);
    voce_buf_addc(b, ',');
    count(b, "happy_n", s->happy);
    voce_buf_addc(b, ',');
    key(b, "items");
    voce_buf_addc(b, '[');
    for (size_t i = 0; i < s->ndrivers; i++) {
        const survey_driver *d = &s->drivers[i];
        if (i)
            voce_buf_addc(b, ',');
        voce_buf_addc(b, '{');
        str(b, "kind", d->is_theme ? "theme" : "topic");
        voce_buf_addc(b, ',');
        str(b, "name", d->name);
        voce_buf_addc(b, ',');
        count(b, "unhappy", d->unhappy);
        voce_buf_addc(b, ',');
        num(b, "unhappy_pct", d->unhappy_pct, 1);
        voce_buf_addc(b, ',');
        count(b, "happy", d->happy);
        voce_buf_addc(b, ',');
        num(b, "happy_pct", d->happy_pct, 1);
        voce_buf_addc(b, ',');
        num(b, "lift", d->lift, 2);
        voce_buf_addc(b, ',');
        key(b, "over_represented");
        voce_buf_adds(b, d->unhappy && (isnan(d->lift) || d->lift >= VOCE_DRIVER_LIFT) ? "true"
                                                                                       : "false");
        voce_buf_addc(b, '}');
    }
    voce_buf_adds(b, "]}");
}

void voce_report_json(const voce_survey *s, voce_buf *b)
{
    voce_buf_addc(b, '{');
    str(b, "voce_version", voce_version());
    voce_buf_addc(b, ',');
    str(b, "title", s->opt.title);
    voce_buf_addc(b, ',');
    str(b, "source", s->opt.source);
    voce_buf_addc(b, ',');
    count(b, "records", s->nrecs);
    voce_buf_addc(b, ',');
    key(b, "score");
    if (s->scale != VOCE_SCALE_AUTO) {
        voce_buf_addc(b, '{');
        str(b, "column", s->opt.score_column);
        voce_buf_addc(b, ',');
        str(b, "scale", voce_scale_name(s->scale));
        voce_buf_addc(b, ',');
        str(b, "range", voce_report_scale_range(s->scale));
        voce_buf_addc(b, ',');
        count(b, "answered", s->answered);
        voce_buf_addc(b, ',');
        count(b, "no_answer", s->no_answer);
        voce_buf_addc(b, ',');
        key(b, "summary");
        summary(b, &s->all.sum);
        voce_buf_addc(b, '}');
    } else {
        voce_buf_adds(b, "null");
    }
    voce_buf_addc(b, ',');
    key(b, "sentiment");
    voce_buf_addc(b, '{');
    sentiment(b, &s->all);
    voce_buf_adds(b, "},");
    topics(s, b);
    voce_buf_addc(b, ',');
    periods(s, b);
    voce_buf_addc(b, ',');
    drivers(s, b);
    voce_buf_addc(b, ',');
    key(b, "themes");
    voce_report_themes_object(s, b);
    voce_buf_adds(b, "}\n");
}
