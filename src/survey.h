/* survey.h -- the inside of voce_survey, for the report writers.
 *
 * survey.c reads records and counts; report_*.c only print what it
 * counted, so every format shows the same numbers. */
#ifndef VOCE_SURVEY_H
#define VOCE_SURVEY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voce.h"

enum { VOCE_SURVEY_MAX_TOPICS = 64, VOCE_NO_DAY = INT32_MIN };

/* A theme is rising or falling when its share of the grouped comments in
 * the later half of the period differs from the earlier half by more than
 * a two-proportion z-test allows at 95% (|z| >= 1.96); with fewer than
 * TREND_MIN comments in a half, there is no trend. */
#define VOCE_TREND_MIN 5
/* A change between two periods is tested against its margin of error only
 * when both have this many answers: below, the normal approximation behind
 * the margin says little (one answer has a margin of 0). */
#define VOCE_CHANGE_MIN 20
/* A driver is over-represented among detractors from this lift on. */
#define VOCE_DRIVER_LIFT 1.5

/* What is known of one record. */
typedef struct survey_rec {
    int8_t sentiment; /* -1, 0, 1 */
    int8_t score;     /* the answer, or -1 */
    int8_t cls;       /* 1 promoter, 0 passive, -1 detractor, -2 no answer */
    bool grouped;     /* one of the records whose comments make themes */
    int32_t day;      /* VOCE_NO_DAY without a date */
    uint64_t topics;  /* bit t: survey.topic[t] */
    long comment;     /* its comment number in the themes, -1 for an empty text */
} survey_rec;

/* Counts over a slice of the records: all, one topic, one period. */
typedef struct survey_counts {
    size_t n;
    size_t sentiment[3]; /* negative, neutral, positive */
    voce_nps nps;
    voce_nps_summary sum; /* of nps, once finished */
} survey_counts;

typedef struct survey_period {
    int32_t start;
    char name[16];
    survey_counts c;
    bool has_change;   /* the previous period has answers and so has this one */
    double change;     /* the score minus the previous period's */
    double change_moe; /* voce_nps_change_moe() */
    bool testable;     /* both periods have VOCE_CHANGE_MIN answers */
} survey_period;

/* A topic or theme: how often the unhappy and the happy mention it. */
typedef struct survey_driver {
    bool is_theme;
    size_t index; /* topic or theme number */
    const char *name;
    size_t unhappy, happy;
    double unhappy_pct, happy_pct; /* of all unhappy, of all happy */
    double lift;                   /* unhappy_pct / happy_pct; NaN when happy is 0 */
} survey_driver;

/* What survey.c adds to a theme. */
typedef struct survey_theme {
    size_t count;
    double pct;          /* of the grouped records, in % */
    size_t top_topic[2]; /* up to 2 topics held by >= 25% of its comments */
    double top_topic_pct[2];
    size_t ntop;
    bool has_trend;
    size_t early_n, late_n; /* grouped dated records in each half */
    double early_pct, late_pct;
    int trend; /* 1 rising, -1 falling, 0 steady */
} survey_theme;

struct voce_survey {
    const voce_classifier *c;
    voce_doc *doc;
    voce_survey_options opt;
    char *source, *title, *score_column, *date_column;
    voce_scale forced_scale; /* from --scale or the column's name */
    voce_themes *themes;

    survey_rec *recs;
    size_t nrecs, recs_cap;
    char *topic[VOCE_SURVEY_MAX_TOPICS];
    size_t ntopics;

    /* once finished */
    bool finished;
    voce_scale scale; /* AUTO: no record had a score */
    survey_counts all;
    survey_counts topics[VOCE_SURVEY_MAX_TOPICS];
    size_t topic_order[VOCE_SURVEY_MAX_TOPICS]; /* by records, most first */
    survey_period *periods;
    size_t nperiods;
    voce_period period;
    int32_t first_day, last_day, mid_day;
    size_t dated;
    size_t answered, no_answer;
    size_t ngrouped, no_comment; /* grouped records; those with an empty text */
    size_t unhappy, happy;
    const char *unhappy_name, *happy_name; /* "detractors"/"promoters", or by sentiment */
    survey_theme *theme;                   /* per theme of voce_survey_themes() */
    survey_driver *drivers;
    size_t ndrivers;
};

/* How the records to group were chosen, in words: "detractors (NPS 0-6)". */
const char *voce_survey_selection(const voce_survey *s);

#endif
