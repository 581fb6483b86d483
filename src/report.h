/* report.h -- writing a finished voce_survey: the pieces every format
 * shares, and one function per format.
 *
 * Writers append to a voce_buf; report.c writes the buffer out once, so a
 * failed write is one error. Every number is formatted by the helpers
 * here, so the same value reads the same in every format. */
#ifndef VOCE_REPORT_H
#define VOCE_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "survey.h"

/* Numbers: 'decimals' digits after a '.', whatever the locale. NaN is
 * written 'nan_text'. */
void voce_report_num(voce_buf *b, double v, int decimals, const char *nan_text);
/* A signed number: "+3.5", "-2.0", "0.0". */
void voce_report_signed(voce_buf *b, double v, int decimals);

/* Escapes. */
void voce_report_json_str(voce_buf *b, const char *s, size_t len);
void voce_report_html_str(voce_buf *b, const char *s, size_t len);
/* For Markdown tables: '|' and line breaks escaped, markup neutralised. */
void voce_report_md_str(voce_buf *b, const char *s, size_t len);

/* At most 'max' characters of s[0..len), white space runs as one space,
 * cut at a word boundary with "..." when longer. Written into 'out'. */
void voce_report_shorten(const char *s, size_t len, size_t max, voce_buf *out);

/* "0-10", "1-5" */
const char *voce_report_scale_range(voce_scale s);
/* "NPS", "CSAT" */
const char *voce_report_score_name(voce_scale s);
/* The title of the themes section: "What detractors talk about", ... */
const char *voce_report_themes_title(const voce_survey *s);
/* "rising", "falling", "steady" or "" (no trend). */
const char *voce_report_trend_word(const survey_theme *t);
/* "spherical k-means, k=5 chosen among 2..7 by silhouette 0.0412" and the
 * like; with 'sentence', its first letter a capital, to follow a full stop. */
void voce_report_method(const voce_survey *s, bool sentence, voce_buf *b);

/* The main findings, one sentence a line, plain text (writers escape
 * them): the score, the largest theme, the strongest driver, the last
 * change between periods, the rising themes. */
void voce_report_findings(const voce_survey *s, voce_buf *out);

/* The driver most over-represented among the unhappy (the first of the
 * sorted drivers with lift >= 1.5, or no happy mention, and 3 unhappy
 * mentions at least), or NULL. */
const survey_driver *voce_report_top_driver(const voce_survey *s);

/* Charts (report_svg.c), as inline SVG that scales to its container.
 * Colours come from the page's CSS classes (neg, neu, pos, ...). */
/* A half-circle gauge from lo to hi: coloured zones up to each zones[i],
 * the margin of error as a band around the needle at 'value'. */
void voce_svg_gauge(voce_buf *b, double value, double moe, double lo, double hi,
                    const double *zones, const char *const *zone_cls, size_t nzones,
                    const char *label);
/* One bar split into n shares (in %, adding up to 100). */
void voce_svg_split(voce_buf *b, const double *pct, const char *const *cls, size_t n,
                    const char *label);
/* One bar of a share in %, on a track. */
void voce_svg_share(voce_buf *b, double pct, const char *cls, const char *label);
/* A row per name: negative, neutral and positive counts stacked, lengths
 * relative to the largest row, and a text at the right end. */
void voce_svg_rows(voce_buf *b, const char *const *names, const size_t (*counts)[3],
                   const char *const *right, size_t n, const char *label);
/* A row per name: two bars (unhappy %, happy %) and a text at the right. */
void voce_svg_pairs(voce_buf *b, const char *const *names, const double (*pct)[2],
                    const char *const *right, size_t n, const char *label);
/* Periods: the score with its margins of error (if 'score' is not NULL;
 * only where has[i]) on lo..hi, and the sentiment of each period as a
 * 100% column. */
void voce_svg_periods(voce_buf *b, const char *const *names, size_t n, const double *score,
                      const double *moe, const bool *has, double lo, double hi,
                      const size_t (*sentiment)[3], const char *label);

/* The writers. */
void voce_report_themes_text(const voce_survey *s, voce_buf *b);
void voce_report_themes_json(const voce_survey *s, voce_buf *b, bool lines);
/* The "themes" object alone, as the report and 'voce themes --json' share it. */
void voce_report_themes_object(const voce_survey *s, voce_buf *b);
void voce_report_json(const voce_survey *s, voce_buf *b);
void voce_report_markdown(const voce_survey *s, voce_buf *b);
void voce_report_html(const voce_survey *s, voce_buf *b);

#endif
