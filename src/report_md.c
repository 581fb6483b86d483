/* report_md.c -- the report in Markdown, for terminals, tickets and wikis.
 *
 * The same sections as the HTML page, as tables: the score with its
 * margin of error, the findings, the themes with quotes, the drivers,
 * sentiment, topics, periods, and how the numbers were made. Every user
 * string goes through voce_report_md_str() so that no comment can break
 * a table or smuggle in markup. */
#include "report.h"

#include <math.h>
#include <string.h>

#include "period.h"
#include "themes.h"

enum { QUOTE_CHARS = 240, BAR = 20 };

static void md(voce_buf *b, const char *s)
{
    voce_report_md_str(b, s, strlen(s));
}

static void pct(voce_buf *b, double v)
{
    voce_report_num(b, v, 1, "-");
    voce_buf_addc(b, '%');
}

/* A bar of BAR blocks for a share in 0..100. */
static void bar(voce_buf *b, double share)
{
    int n = (int)lround(share / 100.0 * BAR);
    for (int i = 0; i < BAR; i++)
        voce_buf_adds(b, i < n ? "\xe2\x96\x88" : "\xc2\xb7"); /* full block, middle dot */
}

static void score_cell(voce_buf *b, const voce_survey *s, const voce_nps_summary *sum)
{
    if (!sum->n) {
        voce_buf_adds(b, "-");
        return;
    }
    if (s->scale == VOCE_SCALE_CSAT)
        pct(b, sum->score);
    else
        voce_report_num(b, sum->score, 1, "-");
    voce_buf_adds(b, " \xc2\xb1");
    voce_report_num(b, sum->moe, 1, "-");
}

static void header(const voce_survey *s, voce_buf *b)
{
    voce_buf_adds(b, "# ");
    md(b, s->opt.title);
    voce_buf_adds(b, "\n\n");
    voce_buf_addf(b, "%zu records", s->nrecs);
    if (s->opt.source) {
        voce_buf_adds(b, " from `");
        for (const char *p = s->opt.source; *p; p++)
            if (*p != '`')
                voce_buf_addc(b, *p);
        voce_buf_adds(b, "`");
    }
    if (s->dated) {
        char a[16], z[16];
        voce_period_name(VOCE_PERIOD_DAY, s->first_day, a, sizeof a);
        voce_period_name(VOCE_PERIOD_DAY, s->last_day, z, sizeof z);
        voce_buf_addf(b, ", %s to %s", a, z);
    }
    voce_buf_addf(b, ". Written by voce %s.\n\n", voce_version());
}

static void findings(const voce_survey *s, voce_buf *b)
{
    voce_buf f = VOCE_BUF_INIT;
    voce_report_findings(s, &f);
    if (!f.len) {
        voce_buf_release(&f);
        return;
    }
    voce_buf_adds(b, "## In short\n\n");
    for (const char *p = f.data; *p;) {
        size_t n = strcspn(p, "\n");
        voce_buf_adds(b, "- ");
        voce_report_md_str(b, p, n);
        voce_buf_addc(b, '\n');
        p += n + (p[n] == '\n');
    }
    voce_buf_addc(b, '\n');
    voce_buf_release(&f);
}

static void score(const voce_survey *s, voce_buf *b)
{
    if (s->scale == VOCE_SCALE_AUTO)
        return;
    const voce_nps_summary *sum = &s->all.sum;
    bool csat = s->scale == VOCE_SCALE_CSAT;
    voce_buf_addf(b, "## %s: ", csat ? "CSAT" : "NPS");
    score_cell(b, s, sum);
    voce_buf_adds(b, "\n\nFrom the column \"");
    md(b, s->opt.score_column ? s->opt.score_column : "?");
    voce_buf_addf(b, "\" (%s scale, %zu %s", voce_report_scale_range(s->scale), sum->n,
                  sum->n == 1 ? "answer" : "answers");
    if (s->no_answer)
        voce_buf_addf(b, "; %zu without an answer", s->no_answer);
    voce_buf_adds(b, ").\n\n| | answers | share | |\n|---|---:|---:|---|\n");
    const char *names[3][2] = {{"promoters (9-10)", "satisfied (4-5)"},
                               {"passives (7-8)", "neutral (3)"},
                               {"detractors (0-6)", "dissatisfied (1-2)"}};
    size_t counts[3] = {sum->promoters, sum->passives, sum->detractors};
    double pcts[3] = {sum->promoters_pct, sum->passives_pct, sum->detractors_pct};
    for (int i = 0; i < 3; i++) {
        voce_buf_addf(b, "| %s | %zu | ", names[i][csat], counts[i]);
        pct(b, pcts[i]);
        voce_buf_adds(b, " | ");
        bar(b, pcts[i]);
        voce_buf_adds(b, " |\n");
    }
    voce_buf_addc(b, '\n');
    if (sum->n < 30)
        voce_buf_addf(b, "With %zu answers the margin of error is only a rough guide.\n\n", sum->n);
}

static void themes(const voce_survey *s, voce_buf *b)
{
    const voce_themes *th = s->themes;
    size_t n = voce_themes_count(th);
    voce_buf_addf(b, "## %s\n\n", voce_report_themes_title(s));
    voce_buf_addf(b, "Themes of the %s: %zu records, %zu with a comment. ",
                  voce_survey_selection(s), s->ngrouped, s->ngrouped - s->no_comment);
    voce_buf method = VOCE_BUF_INIT;
    voce_report_method(s, true, &method);
    md(b, voce_buf_str(&method));
    voce_buf_release(&method);
    voce_buf_adds(b, ".\n\n");
    if (!s->ngrouped)
        return;
    voce_buf_adds(b, "| # | theme | count | share | topics | trend |\n"
                     "|---:|---|---:|---:|---|---|\n");
    for (size_t i = 0; i < n; i++) {
        const voce_theme *t = voce_themes_get(th, i);
        const survey_theme *st = &s->theme[i];
        if (t->other)
            voce_buf_adds(b, "| - | *other* | ");
        else {
            voce_buf_addf(b, "| %zu | **", i + 1);
            md(b, t->label);
            voce_buf_adds(b, "** | ");
        }
        voce_buf_addf(b, "%zu | ", st->count);
        pct(b, st->pct);
        voce_buf_adds(b, " | ");
        for (size_t k = 0; k < st->ntop; k++) {
            if (k)
                voce_buf_adds(b, ", ");
            md(b, s->topic[st->top_topic[k]]);
            voce_buf_addc(b, ' ');
            voce_report_num(b, st->top_topic_pct[k], 0, "");
            voce_buf_addc(b, '%');
        }
        voce_buf_adds(b, " | ");
        if (st->has_trend) {
            voce_buf_adds(b, voce_report_trend_word(st));
            voce_buf_adds(b, " (");
            pct(b, st->early_pct);
            voce_buf_adds(b, " \xe2\x86\x92 ");
            pct(b, st->late_pct);
            voce_buf_addc(b, ')');
        }
        voce_buf_adds(b, " |\n");
    }
    if (s->no_comment) {
        voce_buf_addf(b, "| - | *(no comment)* | %zu | ", s->no_comment);
        pct(b, 100.0 * (double)s->no_comment / (double)s->ngrouped);
        voce_buf_adds(b, " | | |\n");
    }
    voce_buf_addc(b, '\n');
    voce_buf quote = VOCE_BUF_INIT;
    for (size_t i = 0; i < n; i++) {
        const voce_theme *t = voce_themes_get(th, i);
        if (!t->nquotes)
            continue;
        if (t->other)
            voce_buf_adds(b, "**other**\n\n");
        else {
            voce_buf_addf(b, "**%zu. ", i + 1);
            md(b, t->label);
            voce_buf_adds(b, "**\n\n");
        }
        for (size_t q = 0; q < t->nquotes; q++) {
            size_t len;
            const char *text = voce_themes_text(th, t->quotes[q], &len);
            voce_report_shorten(text, len, QUOTE_CHARS, &quote);
            voce_buf_adds(b, "> ");
            md(b, quote.data);
            voce_buf_adds(b, q + 1 < t->nquotes ? "\n>\n" : "\n\n");
        }
    }
    voce_buf_release(&quote);
}

static void drivers(const voce_survey *s, voce_buf *b)
{
    if (!s->ndrivers || !s->unhappy || !s->happy)
        return;
    voce_buf_addf(b, "## Drivers: what %s mention more than %s\n\n", s->unhappy_name,
                  s->happy_name);
    voce_buf_addf(b,
                  "Share of the %zu %s and of the %zu %s who mention each topic or theme; "
                  "lift is the ratio of the two (bold: %s or more).\n\n",
                  s->unhappy, s->unhappy_name, s->happy, s->happy_name, "1.5");
    voce_buf_addf(b, "| topic or theme | kind | %s | %s | lift |\n|---|---|---:|---:|---:|\n",
                  s->unhappy_name, s->happy_name);
    for (size_t i = 0; i < s->ndrivers; i++) {
        const survey_driver *d = &s->drivers[i];
        bool over = d->unhappy && (isnan(d->lift) || d->lift >= VOCE_DRIVER_LIFT);
        voce_buf_adds(b, "| ");
        if (over)
            voce_buf_adds(b, "**");
        md(b, d->name);
        if (over)
            voce_buf_adds(b, "**");
        voce_buf_addf(b, " | %s | %zu (", d->is_theme ? "theme" : "topic", d->unhappy);
        pct(b, d->unhappy_pct);
        voce_buf_addf(b, ") | %zu (", d->happy);
        pct(b, d->happy_pct);
        voce_buf_adds(b, ") | ");
        if (isnan(d->lift))
            voce_buf_addf(b, "only %s", s->unhappy_name);
        else
            voce_report_num(b, d->lift, 2, "-");
        voce_buf_adds(b, " |\n");
    }
    voce_buf_addc(b, '\n');
}

static void sentiment(const voce_survey *s, voce_buf *b)
{
    static const char *const names[] = {"negative", "neutral", "positive"};
    voce_buf_adds(b, "## Sentiment of the comments\n\n| sentiment | comments | share | |\n"
                     "|---|---:|---:|---|\n");
    for (int i = 2; i >= 0; i--) {
        double p = s->nrecs ? 100.0 * (double)s->all.sentiment[i] / (double)s->nrecs : 0;
        voce_buf_addf(b, "| %s | %zu | ", names[i], s->all.sentiment[i]);
        pct(b, p);
        voce_buf_adds(b, " | ");
        bar(b, p);
        voce_buf_adds(b, " |\n");
    }
    voce_buf_addc(b, '\n');
    if (!s->ntopics)
        return;
    bool scored = s->scale != VOCE_SCALE_AUTO;
    voce_buf_addf(b,
                  "## Topics\n\n| topic | records | negative | neutral | positive |%s\n"
                  "|---|---:|---:|---:|---:|%s\n",
                  scored ? (s->scale == VOCE_SCALE_CSAT ? " CSAT |" : " NPS |") : "",
                  scored ? "---:|" : "");
    for (size_t k = 0; k < s->ntopics; k++) {
        size_t t = s->topic_order[k];
        const survey_counts *c = &s->topics[t];
        voce_buf_adds(b, "| ");
        md(b, s->topic[t]);
        voce_buf_addf(b, " | %zu", c->n);
        for (int i = 0; i < 3; i++) {
            voce_buf_addf(b, " | %zu (", c->sentiment[i]);
            pct(b, c->n ? 100.0 * (double)c->sentiment[i] / (double)c->n : 0);
            voce_buf_addc(b, ')');
        }
        if (scored) {
            voce_buf_adds(b, " | ");
            score_cell(b, s, &c->sum);
        }
        voce_buf_adds(b, " |\n");
    }
    voce_buf_addc(b, '\n');
}

static void periods(const voce_survey *s, voce_buf *b)
{
    if (!s->nperiods)
        return;
    bool scored = s->scale != VOCE_SCALE_AUTO;
    voce_buf_addf(b, "## Over time, by %s\n\nFrom the column \"", voce_period_label(s->period));
    md(b, s->opt.date_column ? s->opt.date_column : "?");
    voce_buf_addf(b, "\" (%zu dated records).", s->dated);
    if (scored)
        voce_buf_addf(b,
                      " A change counts when it is larger than its margin of error, "
                      "1.96 \xc3\x97 \xe2\x88\x9a(se\xe2\x82\x81\xc2\xb2 + "
                      "se\xe2\x82\x82\xc2\xb2), tested when both periods have %d "
                      "answers or more.",
                      VOCE_CHANGE_MIN);
    voce_buf_addf(b,
                  "\n\n| period | records | negative | positive |%s\n"
                  "|---|---:|---:|---:|%s\n",
                  scored ? " score | change |" : "", scored ? "---:|---|" : "");
    for (size_t p = 0; p < s->nperiods; p++) {
        const survey_period *pe = &s->periods[p];
        voce_buf_addf(b, "| %s | %zu | ", pe->name, pe->c.n);
        pct(b, pe->c.n ? 100.0 * (double)pe->c.sentiment[0] / (double)pe->c.n : 0);
        voce_buf_adds(b, " | ");
        pct(b, pe->c.n ? 100.0 * (double)pe->c.sentiment[2] / (double)pe->c.n : 0);
        if (scored) {
            voce_buf_adds(b, " | ");
            score_cell(b, s, &pe->c.sum);
            voce_buf_adds(b, " | ");
            if (pe->has_change) {
                voce_report_signed(b, pe->change, 1);
                if (pe->testable) {
                    voce_buf_adds(b, fabs(pe->change) > pe->change_moe ? " (beyond \xc2\xb1"
                                                                       : " (within \xc2\xb1");
                    voce_report_num(b, pe->change_moe, 1, "-");
                    voce_buf_addc(b, ')');
                } else {
                    voce_buf_adds(b, " (too few answers to tell)");
                }
            }
        }
        voce_buf_adds(b, " |\n");
    }
    voce_buf_addc(b, '\n');
}

static void method(const voce_survey *s, voce_buf *b)
{
    voce_buf_adds(b, "## How these numbers are made\n\n");
    if (s->scale == VOCE_SCALE_NPS)
        voce_buf_adds(b, "- **NPS** = % promoters (9-10) \xe2\x88\x92 % detractors (0-6), from "
                         "\xe2\x88\x92"
                         "100 to 100. Its 95% margin of error is 1.96 \xc3\x97 "
                         "\xe2\x88\x9a((p_pro + p_det \xe2\x88\x92 (p_pro \xe2\x88\x92 "
                         "p_det)\xc2\xb2) / n) \xc3\x97 100 points.\n");
    if (s->scale == VOCE_SCALE_CSAT)
        voce_buf_adds(b, "- **CSAT** = % of answers 4-5 on a 1-5 scale. Its 95% margin of "
                         "error is 1.96 \xc3\x97 \xe2\x88\x9a(p (1 \xe2\x88\x92 p) / n) "
                         "\xc3\x97 100 points.\n");
    voce_buf_adds(b, "- **Sentiment and topics** are voce's reading of each comment.\n"
                     "- **Themes** group comments by the words they share (TF-IDF of stemmed "
                     "content words, spherical k-means, k chosen by silhouette); labels are "
                     "the phrases most typical of each theme, as customers wrote them. "
                     "Small groups and outliers are *other*.\n");
    if (s->dated)
        voce_buf_adds(b, "- **Trend**: a theme's share in the later half of the dates against "
                         "the earlier half; rising or falling when a two-proportion z-test "
                         "says so at 95%, steady otherwise.\n");
    voce_buf_adds(b, "- **Lift** = share among the unhappy \xc3\xb7 share among the happy.\n");
}

void voce_report_markdown(const voce_survey *s, voce_buf *b)
{
    header(s, b);
    findings(s, b);
    score(s, b);
    themes(s, b);
    drivers(s, b);
    sentiment(s, b);
    periods(s, b);
    method(s, b);
}
