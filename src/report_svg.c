/* report_svg.c -- the charts of the HTML report, as inline SVG.
 *
 * Small, dependency-free drawing: a gauge, stacked bars, paired bars and
 * a chart over periods. Each chart scales with its container (a viewBox,
 * width 100%), takes its colours from CSS classes of the page, and writes
 * every piece of text through the HTML escape. Coordinates are written
 * with one decimal, independently of the locale. */
#include "report.h"

#include <math.h>
#include <string.h>

static void n1(voce_buf *b, double v)
{
    voce_report_num(b, v, 1, "0");
}

static void text(voce_buf *b, double x, double y, const char *anchor, const char *cls,
                 const char *s)
{
    voce_buf_adds(b, "<text x=\"");
    n1(b, x);
    voce_buf_adds(b, "\" y=\"");
    n1(b, y);
    voce_buf_addf(b, "\" text-anchor=\"%s\" class=\"%s\">", anchor, cls);
    voce_report_html_str(b, s, strlen(s));
    voce_buf_adds(b, "</text>");
}

static void rect(voce_buf *b, double x, double y, double w, double h, const char *cls)
{
    if (w <= 0 || h <= 0)
        return;
    voce_buf_adds(b, "<rect x=\"");
    n1(b, x);
    voce_buf_adds(b, "\" y=\"");
    n1(b, y);
    voce_buf_adds(b, "\" width=\"");
    n1(b, w);
    voce_buf_adds(b, "\" height=\"");
    n1(b, h);
    voce_buf_addf(b, "\" class=\"%s\"/>", cls);
}

static void line(voce_buf *b, double x1, double y1, double x2, double y2, const char *cls)
{
    voce_buf_adds(b, "<line x1=\"");
    n1(b, x1);
    voce_buf_adds(b, "\" y1=\"");
    n1(b, y1);
    voce_buf_adds(b, "\" x2=\"");
    n1(b, x2);
    voce_buf_adds(b, "\" y2=\"");
    n1(b, y2);
    voce_buf_addf(b, "\" class=\"%s\"/>", cls);
}

static void open_svg(voce_buf *b, int w, int h, const char *label)
{
    voce_buf_addf(b,
                  "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" "
                  "role=\"img\" aria-label=\"",
                  w, h);
    voce_report_html_str(b, label, strlen(label));
    voce_buf_adds(b, "\">");
}

static void pct_label(char *buf, size_t size, double v)
{
    voce_buf t = VOCE_BUF_INIT;
    voce_report_num(&t, v, 0, "");
    snprintf(buf, size, "%s%%", voce_buf_str(&t));
    voce_buf_release(&t);
}

/* ---- Gauge ----------------------------------------------------------------------- */

/* The point at value 'v' of a half circle from lo (left) to hi (right). */
static void gauge_point(double v, double lo, double hi, double cx, double cy, double r, double *x,
                        double *y)
{
    double f = (v - lo) / (hi - lo);
    f = f < 0 ? 0 : f > 1 ? 1 : f;
    double a = 3.14159265358979323846 * (1 - f);
    *x = cx + r * cos(a);
    *y = cy - r * sin(a);
}

static void arc(voce_buf *b, double from, double to, double lo, double hi, double cx, double cy,
                double r, const char *cls)
{
    double x1, y1, x2, y2;
    gauge_point(from, lo, hi, cx, cy, r, &x1, &y1);
    gauge_point(to, lo, hi, cx, cy, r, &x2, &y2);
    voce_buf_adds(b, "<path d=\"M");
    n1(b, x1);
    voce_buf_addc(b, ' ');
    n1(b, y1);
    voce_buf_adds(b, " A");
    n1(b, r);
    voce_buf_addc(b, ' ');
    n1(b, r);
    voce_buf_adds(b, " 0 0 1 ");
    n1(b, x2);
    voce_buf_addc(b, ' ');
    n1(b, y2);
    voce_buf_addf(b, "\" class=\"%s\"/>", cls);
}

void voce_svg_gauge(voce_buf *b, double value, double moe, double lo, double hi,
                    const double *zones, const char *const *zone_cls, size_t nzones,
                    const char *label)
{
    const double cx = 120, cy = 124, r = 92;
    open_svg(b, 240, 146, label);
    double from = lo;
    for (size_t i = 0; i < nzones; i++) {
        arc(b, from, zones[i], lo, hi, cx, cy, r, zone_cls[i]);
        from = zones[i];
    }
    /* the margin of error, as a thin arc just outside the zones */
    double a = value - moe < lo ? lo : value - moe, z = value + moe > hi ? hi : value + moe;
    if (z > a)
        arc(b, a, z, lo, hi, cx, cy, r + 15, "g-moe");
    double x, y;
    gauge_point(value, lo, hi, cx, cy, r - 24, &x, &y);
    line(b, cx, cy, x, y, "g-needle");
    voce_buf_adds(b, "<circle cx=\"120\" cy=\"124\" r=\"6\" class=\"g-hub\"/>");
    char lo_s[16], hi_s[16];
    snprintf(lo_s, sizeof lo_s, "%g", lo);
    snprintf(hi_s, sizeof hi_s, "%g", hi);
    text(b, cx - r, cy + 18, "middle", "axis", lo_s);
    text(b, cx + r, cy + 18, "middle", "axis", hi_s);
    if (lo < 0 && hi > 0) {
        double x0, y0;
        gauge_point(0, lo, hi, cx, cy, r + 15, &x0, &y0);
        text(b, x0, y0 - 12, "middle", "axis", "0");
    }
    voce_buf_adds(b, "</svg>");
}

/* ---- Stacked bar ----------------------------------------------------------------- */

void voce_svg_split(voce_buf *b, const double *pct, const char *const *cls, size_t n,
                    const char *label)
{
    const double w = 300, h = 26;
    open_svg(b, (int)w, (int)h, label);
    double x = 0;
    for (size_t i = 0; i < n; i++) {
        double seg = w * pct[i] / 100.0;
        rect(b, x, 0, seg, h, cls[i]);
        if (seg >= 34) {
            char t[16];
            pct_label(t, sizeof t, pct[i]);
            text(b, x + seg / 2, h / 2 + 4.5, "middle", "on-bar", t);
        }
        x += seg;
    }
    voce_buf_adds(b, "</svg>");
}

/* ---- One bar of a share ------------------------------------------------------------ */

void voce_svg_share(voce_buf *b, double pct, const char *cls, const char *label)
{
    const double w = 600, h = 12;
    open_svg(b, (int)w, (int)h, label);
    rect(b, 0, 0, w, h, "track");
    rect(b, 0, 0, w * (pct > 100 ? 100 : pct) / 100.0, h, cls);
    voce_buf_adds(b, "</svg>");
}

/* ---- Rows of stacked bars (topics x sentiment) ---------------------------------------- */

void voce_svg_rows(voce_buf *b, const char *const *names, const size_t (*counts)[3],
                   const char *const *right, size_t n, const char *label)
{
    static const char *const cls[3] = {"neg", "neu", "pos"};
    const double w = 900, row = 30, left = 150, bar_w = 560, pad = 8;
    double h = row * (double)n + 4;
    size_t max = 1;
    for (size_t i = 0; i < n; i++) {
        size_t t = counts[i][0] + counts[i][1] + counts[i][2];
        if (t > max)
            max = t;
    }
    open_svg(b, (int)w, (int)h, label);
    for (size_t i = 0; i < n; i++) {
        double y = row * (double)i + 2;
        text(b, left - 10, y + row / 2 + 4, "end", "lbl", names[i]);
        double x = left;
        size_t total = counts[i][0] + counts[i][1] + counts[i][2];
        for (int k = 0; k < 3; k++) {
            double seg = bar_w * (double)counts[i][k] / (double)max;
            rect(b, x, y + pad / 2, seg, row - pad, cls[k]);
            if (seg >= 26) {
                char t[24];
                snprintf(t, sizeof t, "%zu", counts[i][k]);
                text(b, x + seg / 2, y + row / 2 + 4, "middle", "on-bar", t);
            }
            x += seg;
        }
        char t[32];
        snprintf(t, sizeof t, "%zu", total);
        text(b, x + 6, y + row / 2 + 4, "start", "num", t);
        if (right && right[i])
            text(b, w - 4, y + row / 2 + 4, "end", "num", right[i]);
    }
    voce_buf_adds(b, "</svg>");
}

/* ---- Paired bars (drivers) --------------------------------------------------------------- */

void voce_svg_pairs(voce_buf *b, const char *const *names, const double (*pct)[2],
                    const char *const *right, size_t n, const char *label)
{
    const double w = 900, row = 40, left = 260, bar_w = 480;
    double h = row * (double)n + 4;
    double max = 1;
    for (size_t i = 0; i < n; i++)
        for (int k = 0; k < 2; k++)
            if (pct[i][k] > max)
                max = pct[i][k];
    open_svg(b, (int)w, (int)h, label);
    for (size_t i = 0; i < n; i++) {
        double y = row * (double)i + 2;
        voce_buf cut = VOCE_BUF_INIT;
        voce_report_shorten(names[i], strlen(names[i]), 36, &cut);
        text(b, left - 10, y + row / 2 + 4, "end", "lbl", cut.data);
        voce_buf_release(&cut);
        for (int k = 0; k < 2; k++) {
            double by = y + 6 + k * 14, bw = bar_w * pct[i][k] / max;
            rect(b, left, by, bw < 1 && pct[i][k] > 0 ? 1 : bw, 11, k ? "pos" : "neg");
            char t[16];
            pct_label(t, sizeof t, pct[i][k]);
            text(b, left + bw + 6, by + 10, "start", "small", t);
        }
        if (right && right[i])
            text(b, w - 4, y + row / 2 + 4, "end", "num", right[i]);
    }
    voce_buf_adds(b, "</svg>");
}

/* ---- Over periods ------------------------------------------------------------------------ */

void voce_svg_periods(voce_buf *b, const char *const *names, size_t n, const double *score,
                      const double *moe, const bool *has, double lo, double hi,
                      const size_t (*sentiment)[3], const char *label)
{
    const double w = 900, top = 18, left = 48, right = 16;
    const double score_h = score ? 180 : 0, gap = score ? 34 : 0, sent_h = 90, bottom = 30;
    double h = top + score_h + gap + sent_h + bottom;
    double step = (w - left - right) / (double)(n ? n : 1);
    open_svg(b, (int)w, (int)h, label);
    if (score) {
        /* The score: grid, margins of error, the line, the points. */
        for (int t = 0; t <= 4; t++) {
            double v = lo + (hi - lo) * t / 4.0, y = top + score_h * (1 - t / 4.0);
            line(b, left, y, w - right, y, v == 0 ? "zero" : "gl");
            char s[16];
            snprintf(s, sizeof s, "%g", v);
            text(b, left - 8, y + 4, "end", "axis", s);
        }
        voce_buf path = VOCE_BUF_INIT;
        for (size_t i = 0; i < n; i++) {
            if (!has[i])
                continue;
            double x = left + step * ((double)i + 0.5);
            double y = top + score_h * (hi - score[i]) / (hi - lo);
            double y1 = top + score_h * (hi - fmin(hi, score[i] + moe[i])) / (hi - lo);
            double y2 = top + score_h * (hi - fmax(lo, score[i] - moe[i])) / (hi - lo);
            line(b, x, y1, x, y2, "moe");
            line(b, x - 5, y1, x + 5, y1, "moe");
            line(b, x - 5, y2, x + 5, y2, "moe");
            voce_buf_adds(&path, path.len ? " L" : "M");
            n1(&path, x);
            voce_buf_addc(&path, ' ');
            n1(&path, y);
        }
        if (path.len) {
            voce_buf_adds(b, "<path d=\"");
            voce_buf_adds(b, path.data);
            voce_buf_adds(b, "\" class=\"trend\"/>");
        }
        voce_buf_release(&path);
        for (size_t i = 0; i < n; i++) {
            if (!has[i])
                continue;
            double x = left + step * ((double)i + 0.5);
            double y = top + score_h * (hi - score[i]) / (hi - lo);
            voce_buf_adds(b, "<circle cx=\"");
            n1(b, x);
            voce_buf_adds(b, "\" cy=\"");
            n1(b, y);
            voce_buf_adds(b, "\" r=\"4.5\" class=\"dot\"/>");
            voce_buf v = VOCE_BUF_INIT;
            voce_report_num(&v, score[i], 0, "");
            text(b, x + 10, y + 4, "start", "val", voce_buf_str(&v));
            voce_buf_release(&v);
        }
    }
    /* Sentiment: one 100% column per period. */
    static const char *const cls[3] = {"neg", "neu", "pos"};
    double sy = top + score_h + gap;
    text(b, left - 8, sy + 8, "end", "axis", "100%");
    text(b, left - 8, sy + sent_h, "end", "axis", "0%");
    for (size_t i = 0; i < n; i++) {
        size_t total = sentiment[i][0] + sentiment[i][1] + sentiment[i][2];
        double x = left + step * (double)i + step * 0.2, cw = step * 0.6, y = sy + sent_h;
        for (int k = 0; k < 3 && total; k++) {
            double seg = sent_h * (double)sentiment[i][k] / (double)total;
            rect(b, x, y - seg, cw, seg, cls[k]);
            y -= seg;
        }
        text(b, left + step * ((double)i + 0.5), sy + sent_h + 18, "middle", "axis", names[i]);
    }
    voce_buf_adds(b, "</svg>");
}
