/* report_text.c -- the themes as a table for a terminal ('voce themes').
 *
 * One line per theme (rank, label, count, share of the grouped records,
 * main topics, trend), its quotes under it, and "other" and "(no comment)"
 * last, so that every grouped record is counted somewhere. */
#include "report.h"

#include <string.h>

#include "themes.h"

/* Columns are counted in characters; labels longer than their column are
 * cut. */
enum { LABEL_WIDTH = 42, QUOTE_CHARS = 100 };

static size_t chars_of(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* 's' in exactly 'width' characters: padded, or cut with "...". */
static void cell(voce_buf *b, const char *s, size_t width)
{
    voce_buf cut = VOCE_BUF_INIT;
    voce_report_shorten(s, strlen(s), width, &cut);
    voce_buf_adds(b, cut.data);
    for (size_t n = chars_of(cut.data, cut.len); n < width; n++)
        voce_buf_addc(b, ' ');
    voce_buf_release(&cut);
}

static void right(voce_buf *b, const char *s, size_t width)
{
    for (size_t n = strlen(s); n < width; n++)
        voce_buf_addc(b, ' ');
    voce_buf_adds(b, s);
}

static void pct_cell(voce_buf *b, double pct)
{
    voce_buf p = VOCE_BUF_INIT;
    voce_report_num(&p, pct, 1, "-");
    voce_buf_addc(&p, '%');
    right(b, p.data, 6);
    voce_buf_release(&p);
}

static void topics_of(const voce_survey *s, const survey_theme *st, voce_buf *out)
{
    voce_buf_reset(out);
    for (size_t i = 0; i < st->ntop; i++) {
        if (i)
            voce_buf_adds(out, ", ");
        voce_buf_adds(out, s->topic[st->top_topic[i]]);
        voce_buf_addc(out, ' ');
        voce_report_num(out, st->top_topic_pct[i], 0, "");
        voce_buf_addc(out, '%');
    }
    voce_buf_add(out, "", 0);
}

static void trend_of(const survey_theme *st, voce_buf *out)
{
    voce_buf_reset(out);
    if (st->has_trend) {
        voce_buf_adds(out, voce_report_trend_word(st));
        voce_buf_addc(out, ' ');
        voce_report_num(out, st->early_pct, 1, "");
        voce_buf_adds(out, "% -> ");
        voce_report_num(out, st->late_pct, 1, "");
        voce_buf_addc(out, '%');
    }
    voce_buf_add(out, "", 0);
}

void voce_report_themes_text(const voce_survey *s, voce_buf *b)
{
    const voce_themes *th = s->themes;
    size_t nthemes = voce_themes_count(th);
    voce_buf_addf(b, "%s: %zu of %zu records, %zu with a comment\n", voce_survey_selection(s),
                  s->ngrouped, s->nrecs, s->ngrouped - s->no_comment);
    voce_buf_adds(b, "themes: ");
    voce_report_method(s, false, b);
    voce_buf_addf(
        b, ", seed %llu\n",
        (unsigned long long)(s->opt.themes.seed ? s->opt.themes.seed : VOCE_THEMES_SEED_DEFAULT));
    if (s->dated)
        voce_buf_adds(b, "trend: each theme's share in the later half of the dates against the "
                         "earlier half (two-proportion z-test, 95%)\n");
    if (s->ngrouped == 0)
        return;
    bool trends = s->dated > 0;
    voce_buf_addc(b, '\n');
    voce_buf_adds(b, "  #  ");
    cell(b, "theme", LABEL_WIDTH);
    voce_buf_adds(b, " count  share  ");
    if (trends) {
        cell(b, "topics", 24);
        voce_buf_adds(b, "  trend\n");
    } else {
        voce_buf_adds(b, "topics\n");
    }
    voce_buf topics = VOCE_BUF_INIT, trend = VOCE_BUF_INIT, quote = VOCE_BUF_INIT;
    for (size_t i = 0; i < nthemes; i++) {
        const voce_theme *t = voce_themes_get(th, i);
        const survey_theme *st = &s->theme[i];
        if (t->other)
            voce_buf_adds(b, "  -  ");
        else
            voce_buf_addf(b, "%3zu  ", i + 1);
        cell(b, t->label, LABEL_WIDTH);
        voce_buf_addf(b, " %5zu ", st->count);
        pct_cell(b, st->pct);
        topics_of(s, st, &topics);
        trend_of(st, &trend);
        voce_buf_adds(b, "  ");
        if (trends) {
            cell(b, topics.data, 24);
            voce_buf_adds(b, "  ");
            voce_buf_adds(b, trend.data);
        } else {
            voce_buf_adds(b, topics.data);
        }
        while (b->len && b->data[b->len - 1] == ' ')
            b->len--;
        voce_buf_addc(b, '\n');
        for (size_t q = 0; q < t->nquotes; q++) {
            size_t len;
            const char *text = voce_themes_text(th, t->quotes[q], &len);
            voce_report_shorten(text, len, QUOTE_CHARS, &quote);
            voce_buf_addf(b, "     \"%s\"\n", quote.data);
        }
    }
    if (s->no_comment) {
        voce_buf_adds(b, "  -  ");
        cell(b, "(no comment)", LABEL_WIDTH);
        voce_buf_addf(b, " %5zu ", s->no_comment);
        pct_cell(b, 100.0 * (double)s->no_comment / (double)s->ngrouped);
        voce_buf_addc(b, '\n');
    }
    voce_buf_release(&topics);
    voce_buf_release(&trend);
    voce_buf_release(&quote);
}
