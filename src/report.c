/* report.c -- writing a survey out: format dispatch and the helpers every
 * format shares (numbers, escapes, quotes shortened, words for things). */
#include "report.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "langid.h"
#include "themes.h"
#include "utf8.h"

int voce_report_format_from_path(const char *path)
{
    static const struct {
        const char *ext;
        voce_report_format f;
    } exts[] = {{".html", VOCE_REPORT_HTML},   {".htm", VOCE_REPORT_HTML},
                {".md", VOCE_REPORT_MARKDOWN}, {".markdown", VOCE_REPORT_MARKDOWN},
                {".json", VOCE_REPORT_JSON},   {".jsonl", VOCE_REPORT_JSONL},
                {".txt", VOCE_REPORT_TEXT}};
    size_t n = strlen(path);
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
        size_t e = strlen(exts[i].ext);
        if (n > e) {
            bool same = true;
            for (size_t j = 0; j < e && same; j++) {
                char c = path[n - e + j];
                same = (c >= 'A' && c <= 'Z' ? c + 32 : c) == exts[i].ext[j];
            }
            if (same)
                return (int)exts[i].f;
        }
    }
    return -1;
}

static voce_status flush(const voce_buf *b, FILE *fp, voce_error *err)
{
    if (b->len && fwrite(b->data, 1, b->len, fp) != b->len)
        return voce_error_sys(err, "output");
    if (fflush(fp) != 0 || ferror(fp))
        return voce_error_sys(err, "output");
    return VOCE_OK;
}

voce_status voce_survey_write_themes(const voce_survey *s, FILE *fp, voce_report_format f,
                                     voce_error *err)
{
    voce_buf b = VOCE_BUF_INIT;
    switch (f) {
    case VOCE_REPORT_TEXT: voce_report_themes_text(s, &b); break;
    case VOCE_REPORT_JSON: voce_report_themes_json(s, &b, false); break;
    case VOCE_REPORT_JSONL: voce_report_themes_json(s, &b, true); break;
    default:
        voce_buf_release(&b);
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "themes are written as text, json or jsonl");
    }
    voce_status st = flush(&b, fp, err);
    voce_buf_release(&b);
    return st;
}

voce_status voce_survey_write_report(const voce_survey *s, FILE *fp, voce_report_format f,
                                     voce_error *err)
{
    voce_buf b = VOCE_BUF_INIT;
    switch (f) {
    case VOCE_REPORT_MARKDOWN: voce_report_markdown(s, &b); break;
    case VOCE_REPORT_HTML: voce_report_html(s, &b); break;
    case VOCE_REPORT_JSON: voce_report_json(s, &b); break;
    default:
        voce_buf_release(&b);
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "a report is written as html, md or json");
    }
    voce_status st = flush(&b, fp, err);
    voce_buf_release(&b);
    return st;
}

/* ---- Numbers ---------------------------------------------------------------- */

void voce_report_num(voce_buf *b, double v, int decimals, const char *nan_text)
{
    if (isnan(v) || isinf(v)) {
        voce_buf_adds(b, nan_text);
        return;
    }
    /* Round half away from zero at 'decimals', then print: -0.0 never. */
    double scale = pow(10, decimals);
    double r = round(v * scale) / scale;
    if (r == 0)
        r = 0;
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.*f", decimals, r);
    for (char *p = tmp; *p; p++)
        if (*p == ',')
            *p = '.'; /* a caller's locale must not change the report */
    voce_buf_adds(b, tmp);
}

void voce_report_signed(voce_buf *b, double v, int decimals)
{
    double scale = pow(10, decimals);
    if (round(v * scale) > 0)
        voce_buf_addc(b, '+');
    voce_report_num(b, v, decimals, "");
}

/* ---- Escapes ------------------------------------------------------------------- */

void voce_report_json_str(voce_buf *b, const char *s, size_t len)
{
    voce_buf_addc(b, '"');
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': voce_buf_adds(b, "\\\""); break;
        case '\\': voce_buf_adds(b, "\\\\"); break;
        case '\n': voce_buf_adds(b, "\\n"); break;
        case '\r': voce_buf_adds(b, "\\r"); break;
        case '\t': voce_buf_adds(b, "\\t"); break;
        default:
            if (c < 0x20)
                voce_buf_addf(b, "\\u%04x", c);
            else
                voce_buf_addc(b, (char)c);
        }
    }
    voce_buf_addc(b, '"');
}

void voce_report_html_str(voce_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': voce_buf_adds(b, "&amp;"); break;
        case '<': voce_buf_adds(b, "&lt;"); break;
        case '>': voce_buf_adds(b, "&gt;"); break;
        case '"': voce_buf_adds(b, "&quot;"); break;
        case '\'': voce_buf_adds(b, "&#39;"); break;
        default:
            /* control characters have no place in a page */
            voce_buf_addc(b, c < 0x20 && c != '\n' && c != '\t' ? ' ' : (char)c);
        }
    }
}

void voce_report_md_str(voce_buf *b, const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '\n' || c == '\r' || c == '\t')
            voce_buf_addc(b, ' ');
        else if (c == '|' || c == '*' || c == '`' || c == '<' || c == '>' || c == '[' || c == ']' ||
                 c == '\\')
            voce_buf_addf(b, "\\%c", c);
        else
            voce_buf_addc(b, c);
    }
}

void voce_report_shorten(const char *s, size_t len, size_t max, voce_buf *out)
{
    voce_buf_reset(out);
    size_t chars = 0, last_space = 0;
    bool space = false, cut = false;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = voce_utf8_decode(s + i, len - i, &cp, NULL);
        if (cp == ' ' || cp == '\n' || cp == '\r' || cp == '\t' || voce_utf8_is_space(cp)) {
            space = out->len > 0;
            i += n;
            continue;
        }
        if (chars + space >= max) {
            cut = true;
            break;
        }
        if (space) {
            last_space = out->len;
            voce_buf_addc(out, ' ');
            chars++;
            space = false;
        }
        voce_buf_add(out, s + i, n);
        chars++;
        i += n;
    }
    if (cut) {
        if (last_space > out->len / 2)
            out->len = last_space;
        voce_buf_add(out, "...", 3);
    }
    voce_buf_add(out, "", 0);
}

/* ---- Words --------------------------------------------------------------------- */

const char *voce_report_scale_range(voce_scale s)
{
    return s == VOCE_SCALE_CSAT ? "1-5" : "0-10";
}

const char *voce_report_score_name(voce_scale s)
{
    return s == VOCE_SCALE_CSAT ? "CSAT" : "NPS";
}

const char *voce_report_themes_title(const voce_survey *s)
{
    if (s->opt.all)
        return "What customers talk about";
    switch (s->scale) {
    case VOCE_SCALE_NPS: return "What detractors talk about";
    case VOCE_SCALE_CSAT: return "What dissatisfied customers talk about";
    default: return "What the negative comments are about";
    }
}

const char *voce_report_trend_word(const survey_theme *t)
{
    if (!t->has_trend)
        return "";
    return t->trend > 0 ? "rising" : t->trend < 0 ? "falling" : "steady";
}

void voce_report_method(const voce_survey *s, bool sentence, voce_buf *b)
{
    size_t first = b->len;
    unsigned k_min, k_max;
    double sil;
    unsigned k = voce_themes_k(s->themes, &k_min, &k_max, &sil);
    /* "it 5, en 3" when each language was grouped apart */
    char by_lang[64] = "";
    for (int li = 0, n = 0; li < VOCE_LANG_COUNT; li++) {
        unsigned kl = voce_themes_k_of(s->themes, voce_lang_names[li]);
        if (kl && n < 48)
            n += snprintf(by_lang + n, sizeof by_lang - (size_t)n, "%s%s %u", n ? ", " : "",
                          voce_lang_names[li], kl);
    }
    if (k == 0) {
        voce_buf_adds(b, "no comments to group");
    } else if (s->opt.themes.k) {
        voce_buf_addf(b, "spherical k-means, k=%u (given%s%s)", k, by_lang[0] ? "; " : "", by_lang);
    } else if (by_lang[0]) {
        voce_buf_addf(b,
                      "spherical k-means within each language (k=%u: %s), each k chosen by "
                      "silhouette (mean ",
                      k, by_lang);
        voce_report_num(b, sil, 4, "?");
        voce_buf_addc(b, ')');
    } else if (isnan(sil)) {
        voce_buf_addf(b, "too few comments to split (under %d): one theme", VOCE_THEMES_MIN_DOCS);
    } else {
        voce_buf_addf(b, "spherical k-means, k=%u chosen among %u..%u by silhouette ", k, k_min,
                      k_max);
        voce_report_num(b, sil, 4, "?");
    }
    if (sentence && b->data[first] >= 'a' && b->data[first] <= 'z')
        b->data[first] = (char)(b->data[first] - 'a' + 'A');
}

/* ---- Findings ------------------------------------------------------------------ */

const survey_driver *voce_report_top_driver(const voce_survey *s)
{
    const survey_driver *best = NULL;
    for (size_t i = 0; i < s->ndrivers; i++) {
        const survey_driver *d = &s->drivers[i];
        bool over = isnan(d->lift) || d->lift >= VOCE_DRIVER_LIFT;
        if (over && d->unhappy >= 3 && s->happy && !best)
            best = d; /* drivers are sorted, most over-represented first */
    }
    return best;
}

static void pct(voce_buf *b, double v)
{
    voce_report_num(b, v, 1, "-");
    voce_buf_addc(b, '%');
}

void voce_report_findings(const voce_survey *s, voce_buf *out)
{
    const voce_nps_summary *sum = &s->all.sum;
    if (s->scale == VOCE_SCALE_NPS && sum->n) {
        voce_buf_adds(out, "NPS is ");
        voce_report_num(out, sum->score, 1, "-");
        voce_buf_adds(out, " (margin of error ");
        voce_report_num(out, sum->moe, 1, "-");
        voce_buf_addf(out, " at 95%%) from %zu %s: ", sum->n, sum->n == 1 ? "answer" : "answers");
        pct(out, sum->promoters_pct);
        voce_buf_adds(out, " promoters, ");
        pct(out, sum->passives_pct);
        voce_buf_adds(out, " passives, ");
        pct(out, sum->detractors_pct);
        voce_buf_adds(out, " detractors.\n");
    } else if (s->scale == VOCE_SCALE_CSAT && sum->n) {
        voce_buf_adds(out, "CSAT is ");
        pct(out, sum->score);
        voce_buf_adds(out, " satisfied (margin of error ");
        voce_report_num(out, sum->moe, 1, "-");
        voce_buf_addf(out, " points at 95%%) from %zu %s; ", sum->n,
                      sum->n == 1 ? "answer" : "answers");
        pct(out, sum->detractors_pct);
        voce_buf_adds(out, " are dissatisfied (1-2).\n");
    } else if (s->nrecs) {
        voce_buf_addf(out, "No score column: of the %zu comments, ", s->nrecs);
        pct(out, 100.0 * (double)s->all.sentiment[2] / (double)s->nrecs);
        voce_buf_adds(out, " are positive and ");
        pct(out, 100.0 * (double)s->all.sentiment[0] / (double)s->nrecs);
        voce_buf_adds(out, " negative.\n");
    }
    size_t nthemes = voce_themes_count(s->themes);
    const voce_theme *first = nthemes ? voce_themes_get(s->themes, 0) : NULL;
    if (first && !first->other) {
        voce_buf_addf(out, "The largest theme among %s, \"%s\", gathers %zu of them (",
                      s->opt.all ? "the comments" : s->unhappy_name, first->label,
                      s->theme[0].count);
        pct(out, s->theme[0].pct);
        voce_buf_adds(out, ").\n");
    }
    const survey_driver *d = voce_report_top_driver(s);
    if (d) {
        voce_buf_addf(out, "%s\"%s\" is mentioned by ", d->is_theme ? "The theme " : "", d->name);
        pct(out, d->unhappy_pct);
        voce_buf_addf(out, " of %s but ", s->unhappy_name);
        if (d->happy) {
            pct(out, d->happy_pct);
            voce_buf_addf(out, " of %s (", s->happy_name);
            voce_report_num(out, d->lift, 1, "-");
            voce_buf_adds(out, " times as often).\n");
        } else {
            voce_buf_addf(out, "by none of the %s.\n", s->happy_name);
        }
    }
    for (size_t p = s->nperiods; p-- > 0;) {
        const survey_period *cur = &s->periods[p];
        if (!cur->has_change || !cur->testable)
            continue;
        const survey_period *prev = &s->periods[p - 1];
        voce_buf_addf(out, "%s went from ", voce_report_score_name(s->scale));
        voce_report_num(out, prev->c.sum.score, 1, "-");
        voce_buf_addf(out, " in %s to ", prev->name);
        voce_report_num(out, cur->c.sum.score, 1, "-");
        voce_buf_addf(out, " in %s (", cur->name);
        voce_report_signed(out, cur->change, 1);
        voce_buf_addf(out, "), %s the margin of error of the change (",
                      fabs(cur->change) > cur->change_moe ? "beyond" : "within");
        voce_report_num(out, cur->change_moe, 1, "-");
        voce_buf_adds(out, ").\n");
        break;
    }
    for (size_t i = 0; i < nthemes; i++) {
        const survey_theme *st = &s->theme[i];
        const voce_theme *t = voce_themes_get(s->themes, i);
        if (!st->has_trend || st->trend == 0 || t->other)
            continue;
        voce_buf_addf(out, "%s: \"%s\" went from ", st->trend > 0 ? "Rising" : "Falling", t->label);
        pct(out, st->early_pct);
        voce_buf_adds(out, " to ");
        pct(out, st->late_pct);
        voce_buf_addf(out, " of %s between the first and the second half of the dates.\n",
                      s->opt.all ? "the comments" : s->unhappy_name);
    }
}
