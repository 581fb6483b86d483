/* report_html.c -- the report as one self-contained HTML page.
 *
 * Everything is inline: the CSS, the charts as SVG (report_svg.c); no
 * script, no font, no image, nothing fetched from anywhere, so the page
 * can be mailed, archived or opened offline. It is written as polyglot
 * XHTML (every element closed, void ones self-closed) so that a plain
 * XML parser can check it. Every string that came from the data (titles,
 * file and column names, labels, quotes, topics) is HTML-escaped. */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "period.h"
#include "mem.h"
#include "themes.h"

enum { QUOTE_CHARS = 280, MAX_DRIVERS = 10 };

/* The page's style, in pieces (C limits one string literal's length). */
static const char *const css[] = {
    ":root{--neg:#d64545;--neu:#b9bfca;--pos:#2f9e6e;--ink:#1d2433;--muted:#667085;"
    "--line:#e4e7ec;--bg:#f4f5f7;--card:#fff;--accent:#3b5bdb}",
    "*{box-sizing:border-box}"
    "body{margin:0;background:var(--bg);color:var(--ink);font:15px/1.55 system-ui,"
    "-apple-system,'Segoe UI',Roboto,'Helvetica Neue',Arial,sans-serif}"
    "main{max-width:1040px;margin:0 auto;padding:36px 24px 48px}"
    "h1{font-size:30px;line-height:1.2;margin:0 0 6px;letter-spacing:-.5px}"
    "h2{font-size:19px;margin:0 0 2px}"
    "h3{font-size:13px;font-weight:600;text-transform:uppercase;letter-spacing:.6px;"
    "color:var(--muted);margin:0 0 10px}"
    "p{margin:6px 0}"
    ".sub{color:var(--muted);font-size:14px}"
    "code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#eceef2;"
    "padding:1px 5px;border-radius:4px}"
    ".cards{display:grid;grid-template-columns:repeat(3,1fr);gap:16px;margin:22px 0 16px}"
    ".cards.two{grid-template-columns:repeat(2,1fr)}"
    ".card{background:var(--card);border:1px solid var(--line);border-radius:14px;"
    "padding:20px 22px;margin:16px 0;box-shadow:0 1px 2px rgba(16,24,40,.04)}"
    ".cards .card{margin:0}"
    ".kpi{font-size:46px;font-weight:700;letter-spacing:-1.5px;line-height:1.05}"
    ".kpi small{font-size:17px;font-weight:500;letter-spacing:0;color:var(--muted)}"
    ".gauge{max-width:230px;margin:8px auto 0}"
    ".legend{display:flex;flex-wrap:wrap;gap:4px 14px;font-size:13px;color:var(--muted);"
    "margin-top:10px}"
    ".legend b{color:var(--ink);font-weight:600}"
    ".sw{display:inline-block;width:10px;height:10px;border-radius:3px;margin-right:6px;"
    "vertical-align:0}"
    ".sw.neg{background:var(--neg)}.sw.neu{background:var(--neu)}.sw.pos{background:var(--pos)}"
    ".split{margin-top:14px}"
    "ul.findings{margin:8px 0 0;padding-left:20px}ul.findings li{margin:4px 0}"
    "svg{display:block;width:100%;height:auto;overflow:visible}",
    "svg text{font-family:inherit}"
    ".neg{fill:var(--neg)}.neu{fill:var(--neu)}.pos{fill:var(--pos)}"
    ".bar{fill:var(--accent)}.bar-other{fill:#98a2b3}.track{fill:#eef0f3}"
    ".on-bar{fill:#fff;font-size:13px;font-weight:600}"
    ".axis{fill:var(--muted);font-size:12px}.lbl{fill:var(--ink);font-size:14px}"
    ".num{fill:var(--muted);font-size:13px}.small{fill:var(--muted);font-size:12px}"
    ".gl{stroke:var(--line);stroke-width:1}.zero{stroke:#98a2b3;stroke-width:1}"
    ".moe{stroke:#98a2b3;stroke-width:1.5}"
    ".trend{fill:none;stroke:var(--accent);stroke-width:2.5;stroke-linejoin:round}"
    ".dot{fill:var(--accent)}"
    ".gz-neg,.gz-mid,.gz-pos,.g-moe{fill:none;stroke-width:20}"
    ".val{fill:var(--ink);font-size:12px;font-weight:600;paint-order:stroke;stroke:#fff;"
    "stroke-width:3px}"
    ".gz-neg{stroke:#f3caca}.gz-mid{stroke:#f4e2b5}.gz-pos{stroke:#c6e6d4}"
    ".g-moe{stroke:var(--ink);stroke-opacity:.55;stroke-width:5;stroke-linecap:round}"
    ".g-needle{stroke:var(--ink);stroke-width:3.5;stroke-linecap:round}.g-hub{fill:var(--ink)}"
    ".theme{border-top:1px solid var(--line);padding:16px 0 14px}",
    ".theme.first{border-top:0;padding-top:8px}"
    ".head{display:flex;align-items:baseline;gap:10px}"
    ".rank{flex:none;display:inline-block;min-width:26px;height:26px;border-radius:13px;"
    "background:#eef2ff;color:#3b4a9c;font-weight:700;font-size:13px;text-align:center;"
    "line-height:26px}"
    ".rank.other{background:#eef0f3;color:var(--muted)}"
    ".label{font-weight:650;font-size:17px}"
    ".count{margin-left:auto;white-space:nowrap;font-variant-numeric:tabular-nums}"
    ".count b{font-size:17px}.count span{color:var(--muted);font-size:13px;margin-left:6px}"
    ".share{margin:8px 0 8px 36px}"
    ".meta{margin-left:36px;font-size:13px;color:var(--muted)}"
    ".chip{display:inline-block;background:#f0f1f4;color:#344054;border-radius:999px;"
    "padding:1px 10px;margin:0 6px 0 0;font-size:12px}"
    ".up{color:var(--neg);font-weight:600}.down{color:var(--pos);font-weight:600}"
    "blockquote{margin:8px 0 0 36px;padding:4px 0 4px 14px;border-left:3px solid #d0d5dd;"
    "color:#344054;font-size:14px}"
    "table{border-collapse:collapse;width:100%;font-size:14px;margin-top:12px}"
    "th{font-weight:600;color:var(--muted);font-size:12px;text-transform:uppercase;"
    "letter-spacing:.5px}"
    "th,td{text-align:left;padding:7px 8px;border-bottom:1px solid var(--line)}"
    "td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    ".sig{color:var(--neg);font-weight:600}.pos-sig{color:var(--pos);font-weight:600}"
    ".how li{margin:5px 0}"
    "footer{color:var(--muted);font-size:13px;margin:28px 2px 0}"
    "@media (max-width:780px){.cards,.cards.two{grid-template-columns:1fr}}"
    "@media print{body{background:#fff}.card{break-inside:avoid;box-shadow:none}}",
};

static void esc(voce_buf *b, const char *s)
{
    voce_report_html_str(b, s, strlen(s));
}

static void pct(voce_buf *b, double v)
{
    voce_report_num(b, v, 1, "-");
    voce_buf_addc(b, '%');
}

/* ---- Head and the three cards ------------------------------------------------------ */

static void head(const voce_survey *s, voce_buf *b)
{
    voce_buf_adds(b, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                     "lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                     "<meta name=\"viewport\" content=\"width=device-width, "
                     "initial-scale=1\"/>\n<meta name=\"generator\" content=\"voce ");
    esc(b, voce_version());
    voce_buf_adds(b, "\"/>\n<title>");
    esc(b, s->opt.title);
    voce_buf_adds(b, "</title>\n<style>");
    for (size_t i = 0; i < sizeof css / sizeof *css; i++)
        voce_buf_adds(b, css[i]);
    voce_buf_adds(b, "</style>\n</head>\n<body>\n<main>\n<header>\n<h1>");
    esc(b, s->opt.title);
    voce_buf_addf(b, "</h1>\n<p class=\"sub\">%zu records", s->nrecs);
    if (s->opt.source) {
        voce_buf_adds(b, " from <code>");
        esc(b, s->opt.source);
        voce_buf_adds(b, "</code>");
    }
    if (s->dated) {
        char a[16], z[16];
        voce_period_name(VOCE_PERIOD_DAY, s->first_day, a, sizeof a);
        voce_period_name(VOCE_PERIOD_DAY, s->last_day, z, sizeof z);
        voce_buf_addf(b, ", %s to %s", a, z);
    }
    voce_buf_adds(b, "</p>\n</header>\n");
}

static void legend_item(voce_buf *b, const char *cls, const char *name, size_t n, double p)
{
    voce_buf_addf(b, "<span><i class=\"sw %s\"></i>%s <b>%zu</b> (", cls, name, n);
    pct(b, p);
    voce_buf_adds(b, ")</span>");
}

static void score_card(const voce_survey *s, voce_buf *b)
{
    const voce_nps_summary *sum = &s->all.sum;
    bool csat = s->scale == VOCE_SCALE_CSAT;
    voce_buf_addf(b, "<div class=\"card\">\n<h3>%s</h3>\n<div class=\"kpi\">",
                  csat ? "CSAT" : "Net Promoter Score");
    if (sum->n) {
        voce_buf num = VOCE_BUF_INIT;
        voce_report_num(&num, sum->score, 1, "-");
        /* a real minus sign reads better in a headline */
        if (num.data[0] == '-')
            voce_buf_adds(b, "\xe2\x88\x92");
        voce_buf_adds(b, num.data + (num.data[0] == '-'));
        voce_buf_release(&num);
        if (csat)
            voce_buf_addc(b, '%');
        voce_buf_adds(b, " <small>\xc2\xb1");
        voce_report_num(b, sum->moe, 1, "-");
        voce_buf_adds(b, "</small>");
    } else {
        voce_buf_adds(b, "\xe2\x80\x93");
    }
    voce_buf_addf(b, "</div>\n<p class=\"sub\">%zu %s, 95%% margin of error", sum->n,
                  sum->n == 1 ? "answer" : "answers");
    if (sum->n && sum->n < 30)
        voce_buf_adds(b, " (few answers: a rough guide)");
    voce_buf_adds(b, "</p>\n<div class=\"gauge\">");
    if (csat) {
        static const double zones[] = {60, 80, 100};
        static const char *const cls[] = {"gz-neg", "gz-mid", "gz-pos"};
        voce_svg_gauge(b, sum->score, sum->moe, 0, 100, zones, cls, 3, "CSAT gauge");
    } else {
        static const double zones[] = {0, 50, 100};
        static const char *const cls[] = {"gz-neg", "gz-mid", "gz-pos"};
        voce_svg_gauge(b, sum->score, sum->moe, -100, 100, zones, cls, 3, "NPS gauge");
    }
    voce_buf_adds(b, "</div>\n</div>\n");
}

static void split_card(const voce_survey *s, voce_buf *b)
{
    const voce_nps_summary *sum = &s->all.sum;
    bool csat = s->scale == VOCE_SCALE_CSAT;
    voce_buf_addf(b, "<div class=\"card\">\n<h3>%s</h3>\n<div class=\"split\">",
                  "Answers by group");
    double p[3] = {sum->detractors_pct, sum->passives_pct, sum->promoters_pct};
    static const char *const cls[3] = {"neg", "neu", "pos"};
    voce_svg_split(b, p, cls, 3, "answers by group");
    voce_buf_adds(b, "</div>\n<div class=\"legend\">");
    legend_item(b, "pos", csat ? "satisfied 4-5" : "promoters 9-10", sum->promoters,
                sum->promoters_pct);
    legend_item(b, "neu", csat ? "neutral 3" : "passives 7-8", sum->passives, sum->passives_pct);
    legend_item(b, "neg", csat ? "dissatisfied 1-2" : "detractors 0-6", sum->detractors,
                sum->detractors_pct);
    voce_buf_adds(b, "</div>\n");
    if (!csat)
        voce_buf_adds(b, "<p class=\"sub\">NPS = % promoters \xe2\x88\x92 % detractors</p>\n");
    else
        voce_buf_adds(b, "<p class=\"sub\">CSAT = % answering 4 or 5</p>\n");
    voce_buf_adds(b, "</div>\n");
}

static void sentiment_card(const voce_survey *s, voce_buf *b, bool kpi)
{
    double n = s->nrecs ? (double)s->nrecs : 1;
    double p[3];
    for (int i = 0; i < 3; i++)
        p[i] = 100.0 * (double)s->all.sentiment[i] / n;
    voce_buf_adds(b, "<div class=\"card\">\n<h3>Sentiment of the comments</h3>\n");
    if (kpi) {
        voce_buf_adds(b, "<div class=\"kpi\">");
        voce_report_num(b, p[0], 1, "-");
        voce_buf_addf(b,
                      "%% <small>negative</small></div>\n<p class=\"sub\">of %zu comments, as "
                      "voce reads them</p>\n",
                      s->nrecs);
    }
    static const char *const cls[3] = {"neg", "neu", "pos"};
    voce_buf_adds(b, "<div class=\"split\">");
    voce_svg_split(b, p, cls, 3, "comments by sentiment");
    voce_buf_adds(b, "</div>\n<div class=\"legend\">");
    legend_item(b, "pos", "positive", s->all.sentiment[2], p[2]);
    legend_item(b, "neu", "neutral", s->all.sentiment[1], p[1]);
    legend_item(b, "neg", "negative", s->all.sentiment[0], p[0]);
    voce_buf_adds(b, "</div>\n");
    if (!kpi)
        voce_buf_adds(b, "<p class=\"sub\">as voce reads each comment</p>\n");
    voce_buf_adds(b, "</div>\n");
}

static void cards(const voce_survey *s, voce_buf *b)
{
    if (s->scale != VOCE_SCALE_AUTO) {
        voce_buf_adds(b, "<section class=\"cards\">\n");
        score_card(s, b);
        split_card(s, b);
        sentiment_card(s, b, false);
    } else {
        voce_buf_adds(b, "<section class=\"cards two\">\n");
        sentiment_card(s, b, true);
        voce_buf_adds(b, "<div class=\"card\">\n<h3>No score column</h3>\n<p>These records "
                         "have no NPS or CSAT answer, so this report reads the comments "
                         "alone: themes are those of the negative comments, and drivers "
                         "compare negative with positive comments.</p>\n<p class=\"sub\">Name "
                         "the score column with <code>--score-column</code>.</p>\n</div>\n");
    }
    voce_buf_adds(b, "</section>\n");
}

static void findings(const voce_survey *s, voce_buf *b)
{
    voce_buf f = VOCE_BUF_INIT;
    voce_report_findings(s, &f);
    if (f.len) {
        voce_buf_adds(b, "<section class=\"card\">\n<h2>In short</h2>\n<ul class=\"findings\">\n");
        for (const char *p = f.data; *p;) {
            size_t n = strcspn(p, "\n");
            voce_buf_adds(b, "<li>");
            voce_report_html_str(b, p, n);
            voce_buf_adds(b, "</li>\n");
            p += n + (p[n] == '\n');
        }
        voce_buf_adds(b, "</ul>\n</section>\n");
    }
    voce_buf_release(&f);
}

/* ---- Themes -------------------------------------------------------------------------- */

static void theme_block(const voce_survey *s, size_t i, voce_buf *b, voce_buf *quote)
{
    const voce_theme *t = voce_themes_get(s->themes, i);
    const survey_theme *st = &s->theme[i];
    voce_buf_addf(b, "<div class=\"theme%s\">\n<div class=\"head\">", i == 0 ? " first" : "");
    if (t->other)
        voce_buf_adds(b, "<span class=\"rank other\">\xe2\x80\x93</span>"
                         "<span class=\"label\">Other</span>");
    else {
        voce_buf_addf(b, "<span class=\"rank\">%zu</span><span class=\"label\">", i + 1);
        esc(b, t->label);
        voce_buf_adds(b, "</span>");
    }
    voce_buf_addf(b, "<span class=\"count\"><b>%zu</b><span>", st->count);
    pct(b, st->pct);
    voce_buf_adds(b, "</span></span></div>\n<div class=\"share\">");
    voce_svg_share(b, st->pct, t->other ? "bar-other" : "bar", "share of the grouped records");
    voce_buf_adds(b, "</div>\n<div class=\"meta\">");
    if (t->other)
        voce_buf_adds(b, "comments that share no recurring subject with enough others ");
    for (size_t k = 0; k < st->ntop; k++) {
        voce_buf_adds(b, "<span class=\"chip\">");
        esc(b, s->topic[st->top_topic[k]]);
        voce_buf_addc(b, ' ');
        voce_report_num(b, st->top_topic_pct[k], 0, "");
        voce_buf_adds(b, "%</span>");
    }
    if (st->has_trend) {
        const char *cls = st->trend > 0 ? "up" : st->trend < 0 ? "down" : "";
        voce_buf_addf(b, "<span class=\"%s\">%s %s</span> (", cls,
                      st->trend > 0   ? "\xe2\x96\xb2"
                      : st->trend < 0 ? "\xe2\x96\xbc"
                                      : "\xe2\x80\x93",
                      voce_report_trend_word(st));
        pct(b, st->early_pct);
        voce_buf_adds(b, " \xe2\x86\x92 ");
        pct(b, st->late_pct);
        voce_buf_adds(b, ")");
    }
    voce_buf_adds(b, "</div>\n");
    for (size_t q = 0; q < t->nquotes; q++) {
        size_t len;
        const char *text = voce_themes_text(s->themes, t->quotes[q], &len);
        voce_report_shorten(text, len, QUOTE_CHARS, quote);
        voce_buf_adds(b, "<blockquote>");
        esc(b, quote->data);
        voce_buf_adds(b, "</blockquote>\n");
    }
    voce_buf_adds(b, "</div>\n");
}

static void themes(const voce_survey *s, voce_buf *b)
{
    voce_buf_addf(b, "<section class=\"card\">\n<h2>%s</h2>\n<p class=\"sub\">",
                  voce_report_themes_title(s));
    voce_buf_addf(b, "Themes of the %s: %zu records, %zu with a comment. ",
                  voce_survey_selection(s), s->ngrouped, s->ngrouped - s->no_comment);
    voce_buf method = VOCE_BUF_INIT;
    voce_report_method(s, true, &method);
    esc(b, voce_buf_str(&method));
    voce_buf_release(&method);
    voce_buf_adds(b, ". Shares are of all the grouped records.</p>\n");
    voce_buf quote = VOCE_BUF_INIT;
    size_t n = voce_themes_count(s->themes);
    for (size_t i = 0; i < n; i++)
        theme_block(s, i, b, &quote);
    voce_buf_release(&quote);
    if (s->no_comment) {
        voce_buf_addf(b,
                      "<div class=\"theme%s\">\n<div class=\"head\"><span class=\"rank "
                      "other\">\xe2\x80\x93</span><span class=\"label\">No comment</span>"
                      "<span class=\"count\"><b>%zu</b><span>",
                      n ? "" : " first", s->no_comment);
        pct(b, 100.0 * (double)s->no_comment / (double)s->ngrouped);
        voce_buf_adds(b, "</span></span></div>\n</div>\n");
    }
    if (!s->ngrouped)
        voce_buf_adds(b, "<p>Nothing to group.</p>\n");
    voce_buf_adds(b, "</section>\n");
}

/* ---- Drivers ------------------------------------------------------------------------ */

static void drivers(const voce_survey *s, voce_buf *b)
{
    if (!s->ndrivers || !s->unhappy || !s->happy)
        return;
    size_t n = s->ndrivers < MAX_DRIVERS ? s->ndrivers : MAX_DRIVERS;
    const char *names[MAX_DRIVERS];
    const char *right[MAX_DRIVERS];
    double p[MAX_DRIVERS][2];
    char rbuf[MAX_DRIVERS][48];
    char nbuf[MAX_DRIVERS][160];
    for (size_t i = 0; i < n; i++) {
        const survey_driver *d = &s->drivers[i];
        voce_buf cut = VOCE_BUF_INIT;
        voce_report_shorten(d->name, strlen(d->name), d->is_theme ? 26 : 36, &cut);
        snprintf(nbuf[i], sizeof nbuf[i], "%s%s", cut.data, d->is_theme ? " (theme)" : "");
        voce_buf_release(&cut);
        names[i] = nbuf[i];
        p[i][0] = d->unhappy_pct;
        p[i][1] = d->happy_pct;
        voce_buf l = VOCE_BUF_INIT;
        if (isnan(d->lift))
            voce_buf_addf(&l, "only %s", s->unhappy_name);
        else {
            voce_buf_adds(&l, "lift ");
            voce_report_num(&l, d->lift, 1, "-");
            voce_buf_adds(&l, "\xc3\x97");
        }
        snprintf(rbuf[i], sizeof rbuf[i], "%s", voce_buf_str(&l));
        voce_buf_release(&l);
        right[i] = rbuf[i];
    }
    voce_buf_addf(b,
                  "<section class=\"card\">\n<h2>Drivers</h2>\n<p class=\"sub\">Topics and "
                  "themes that %zu %s mention more often than %zu %s: the share of each "
                  "group that mentions it, and the ratio of the two (lift).</p>\n",
                  s->unhappy, s->unhappy_name, s->happy, s->happy_name);
    voce_buf_adds(b, "<div class=\"legend\"><span><i class=\"sw neg\"></i>");
    esc(b, s->unhappy_name);
    voce_buf_adds(b, "</span><span><i class=\"sw pos\"></i>");
    esc(b, s->happy_name);
    voce_buf_adds(b, "</span></div>\n");
    voce_svg_pairs(b, names, (const double(*)[2])p, right, n, "drivers");
    voce_buf_adds(b, "</section>\n");
}

/* ---- Topics -------------------------------------------------------------------------- */

static void topics(const voce_survey *s, voce_buf *b)
{
    if (!s->ntopics)
        return;
    size_t n = s->ntopics;
    const char *names[VOCE_SURVEY_MAX_TOPICS];
    const char *right[VOCE_SURVEY_MAX_TOPICS];
    size_t counts[VOCE_SURVEY_MAX_TOPICS][3];
    char rbuf[VOCE_SURVEY_MAX_TOPICS][48];
    bool scored = s->scale != VOCE_SCALE_AUTO;
    for (size_t k = 0; k < n; k++) {
        size_t t = s->topic_order[k];
        const survey_counts *c = &s->topics[t];
        names[k] = s->topic[t];
        memcpy(counts[k], c->sentiment, sizeof counts[k]);
        rbuf[k][0] = '\0';
        if (scored && c->sum.n) {
            voce_buf r = VOCE_BUF_INIT;
            voce_buf_adds(&r, s->scale == VOCE_SCALE_CSAT ? "CSAT " : "NPS ");
            voce_report_num(&r, c->sum.score, 0, "-");
            voce_buf_adds(&r, " \xc2\xb1");
            voce_report_num(&r, c->sum.moe, 0, "-");
            snprintf(rbuf[k], sizeof rbuf[k], "%s", voce_buf_str(&r));
            voce_buf_release(&r);
        }
        right[k] = rbuf[k];
    }
    voce_buf_adds(b, "<section class=\"card\">\n<h2>Topics and sentiment</h2>\n<p class=\"sub\">"
                     "What the comments talk about, and how they feel about it");
    if (scored)
        voce_buf_addf(b, "; on the right, the %s of the customers who mention each topic",
                      voce_report_score_name(s->scale));
    voce_buf_adds(b, ".</p>\n<div class=\"legend\"><span><i class=\"sw neg\"></i>negative</span>"
                     "<span><i class=\"sw neu\"></i>neutral</span><span><i class=\"sw pos\">"
                     "</i>positive</span></div>\n");
    voce_svg_rows(b, names, (const size_t(*)[3])counts, right, n, "topics by sentiment");
    voce_buf_adds(b, "</section>\n");
}

/* ---- Periods --------------------------------------------------------------------------- */

static void periods(const voce_survey *s, voce_buf *b)
{
    if (!s->nperiods)
        return;
    size_t n = s->nperiods;
    bool scored = s->scale != VOCE_SCALE_AUTO;
    const char **names = voce_xmalloc(n * sizeof *names);
    double *score = voce_xmalloc(n * sizeof *score), *moe = voce_xmalloc(n * sizeof *moe);
    bool *has = voce_xmalloc(n * sizeof *has);
    size_t(*sent)[3] = voce_xmalloc(n * sizeof *sent);
    for (size_t p = 0; p < n; p++) {
        const survey_period *pe = &s->periods[p];
        names[p] = pe->name;
        score[p] = pe->c.sum.score;
        moe[p] = pe->c.sum.moe;
        has[p] = pe->c.sum.n > 0;
        memcpy(sent[p], pe->c.sentiment, sizeof sent[p]);
    }
    voce_buf_addf(b,
                  "<section class=\"card\">\n<h2>Over time</h2>\n<p class=\"sub\">By %s, from "
                  "the column <code>",
                  voce_period_label(s->period));
    esc(b, s->opt.date_column ? s->opt.date_column : "?");
    voce_buf_addf(b, "</code> (%zu dated records).", s->dated);
    if (scored)
        voce_buf_addf(b,
                      " Above: %s per period with its 95%% margin of error; below: the "
                      "sentiment of the comments.",
                      voce_report_score_name(s->scale));
    voce_buf_adds(b, "</p>\n");
    bool csat = s->scale == VOCE_SCALE_CSAT;
    voce_svg_periods(b, names, n, scored ? score : NULL, moe, has, csat ? 0 : -100, 100,
                     (const size_t(*)[3])sent, "over time");
    voce_buf_adds(b, "<table>\n<thead><tr><th>period</th><th class=\"n\">records</th>"
                     "<th class=\"n\">negative</th><th class=\"n\">positive</th>");
    if (scored)
        voce_buf_addf(b, "<th class=\"n\">%s</th><th class=\"n\">change</th>",
                      voce_report_score_name(s->scale));
    voce_buf_adds(b, "</tr></thead>\n<tbody>\n");
    for (size_t p = 0; p < n; p++) {
        const survey_period *pe = &s->periods[p];
        double cn = pe->c.n ? (double)pe->c.n : 1;
        voce_buf_addf(b, "<tr><td>%s</td><td class=\"n\">%zu</td><td class=\"n\">", pe->name,
                      pe->c.n);
        pct(b, 100.0 * (double)pe->c.sentiment[0] / cn);
        voce_buf_adds(b, "</td><td class=\"n\">");
        pct(b, 100.0 * (double)pe->c.sentiment[2] / cn);
        voce_buf_adds(b, "</td>");
        if (scored) {
            voce_buf_adds(b, "<td class=\"n\">");
            if (pe->c.sum.n) {
                voce_report_num(b, pe->c.sum.score, 1, "-");
                voce_buf_adds(b, " \xc2\xb1");
                voce_report_num(b, pe->c.sum.moe, 1, "-");
            }
            voce_buf_adds(b, "</td><td class=\"n\">");
            if (pe->has_change && !pe->testable) {
                voce_report_signed(b, pe->change, 1);
                voce_buf_adds(b, " (too few answers to tell)");
            } else if (pe->has_change) {
                bool sig = fabs(pe->change) > pe->change_moe;
                if (sig)
                    voce_buf_addf(b, "<span class=\"%s\">", pe->change > 0 ? "pos-sig" : "sig");
                voce_report_signed(b, pe->change, 1);
                voce_buf_adds(b, sig ? " (beyond \xc2\xb1" : " (within \xc2\xb1");
                voce_report_num(b, pe->change_moe, 1, "-");
                voce_buf_adds(b, sig ? ")</span>" : ")");
            }
            voce_buf_adds(b, "</td>");
        }
        voce_buf_adds(b, "</tr>\n");
    }
    voce_buf_adds(b, "</tbody>\n</table>\n</section>\n");
    free(names);
    free(score);
    free(moe);
    free(has);
    free(sent);
}

/* ---- How to read it --------------------------------------------------------------------- */

static void how(const voce_survey *s, voce_buf *b)
{
    voce_buf_adds(b, "<section class=\"card how\">\n<h2>How these numbers are made</h2>\n<ul>\n");
    if (s->scale == VOCE_SCALE_NPS)
        voce_buf_adds(b, "<li><b>NPS</b> = % promoters (9-10) \xe2\x88\x92 % detractors (0-6), "
                         "from \xe2\x88\x92"
                         "100 to 100. The 95% margin of error is 1.96 "
                         "\xc3\x97 \xe2\x88\x9a((p<sub>pro</sub> + p<sub>det</sub> \xe2\x88\x92 "
                         "(p<sub>pro</sub> \xe2\x88\x92 p<sub>det</sub>)\xc2\xb2) / n) \xc3\x97 "
                         "100 points: each answer counts +1, 0 or \xe2\x88\x92"
                         "1.</li>\n");
    if (s->scale == VOCE_SCALE_CSAT)
        voce_buf_adds(b, "<li><b>CSAT</b> = % of answers 4 or 5 on a 1-5 scale. The 95% margin "
                         "of error is 1.96 \xc3\x97 \xe2\x88\x9a(p (1 \xe2\x88\x92 p) / n) "
                         "\xc3\x97 100 points.</li>\n");
    if (s->scale != VOCE_SCALE_AUTO && s->nperiods)
        voce_buf_addf(b,
                      "<li>A change between two periods is beyond the margin of error when "
                      "it is larger than 1.96 \xc3\x97 \xe2\x88\x9a(se<sub>1</sub>\xc2\xb2 + "
                      "se<sub>2</sub>\xc2\xb2); it is only tested when both periods have "
                      "%d answers or more.</li>\n",
                      VOCE_CHANGE_MIN);
    voce_buf_adds(b, "<li><b>Sentiment</b> and <b>topics</b> are voce's reading of each "
                     "comment.</li>\n<li><b>Themes</b> group comments by the words they share: "
                     "TF-IDF of stemmed content words, spherical k-means with k chosen by "
                     "silhouette, a fixed seed (the same input gives the same themes). Labels "
                     "are the phrases most typical of each theme, as customers wrote them; "
                     "small groups and outliers go to <i>Other</i>.</li>\n");
    if (s->dated)
        voce_buf_adds(b, "<li><b>Trend</b> compares a theme's share in the later half of the "
                         "dates with the earlier half: rising or falling when a two-proportion "
                         "z-test says so at 95%, steady otherwise.</li>\n");
    voce_buf_adds(b, "<li><b>Lift</b> = share among the unhappy \xc3\xb7 share among the "
                     "happy; above 1.5 a topic or theme is over-represented among the "
                     "unhappy.</li>\n</ul>\n</section>\n");
}

void voce_report_html(const voce_survey *s, voce_buf *b)
{
    head(s, b);
    cards(s, b);
    findings(s, b);
    themes(s, b);
    drivers(s, b);
    topics(s, b);
    periods(s, b);
    how(s, b);
    voce_buf_addf(b,
                  "<footer>Written by voce %s. This page is self-contained: no script, no "
                  "font, nothing loaded from the network.</footer>\n</main>\n</body>\n"
                  "</html>\n",
                  voce_version());
}
