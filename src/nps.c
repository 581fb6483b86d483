/* nps.c -- Net Promoter Score and CSAT: counting answers, the score and its
 * margin of error.
 *
 * NPS asks "how likely are you to recommend us?" on 0-10: promoters answer
 * 9-10, passives 7-8, detractors 0-6, and NPS = %promoters - %detractors,
 * from -100 to 100. Each answer is a draw of X = +1 (promoter), 0, or -1
 * (detractor), so NPS/100 is the mean of X and its standard error is
 * sqrt(Var(X) / n) with Var(X) = p_pro + p_det - (p_pro - p_det)^2: the
 * margin of error at 95% is 1.96 times that, in NPS points.
 *
 * CSAT asks for 1-5: satisfied customers answer 4-5 (counted here as
 * "promoters"), 3 is neutral, 1-2 dissatisfied ("detractors"); CSAT is the
 * percentage satisfied, with the margin 1.96 * sqrt(p (1 - p) / n).
 *
 * Reading a score from text and guessing the scale of a column live here
 * too; grouping answers by topic or period is survey.c's. */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "voce.h"

#define Z95 1.96

const char *voce_scale_name(voce_scale s)
{
    switch (s) {
    case VOCE_SCALE_NPS: return "nps";
    case VOCE_SCALE_CSAT: return "csat";
    default: return "auto";
    }
}

voce_scale voce_scale_parse(const char *name)
{
    if (strcmp(name, "nps") == 0)
        return VOCE_SCALE_NPS;
    if (strcmp(name, "csat") == 0)
        return VOCE_SCALE_CSAT;
    return VOCE_SCALE_AUTO;
}

bool voce_score_parse(const char *s, size_t len, int *score)
{
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len == 0 || len > 6)
        return false;
    /* A whole number, possibly written "7.0" or "7,0" by a spreadsheet. */
    size_t i = 0;
    bool minus = s[0] == '-';
    if (s[0] == '-' || s[0] == '+')
        i++;
    if (i == len || !isdigit((unsigned char)s[i]))
        return false;
    int v = 0;
    for (; i < len && isdigit((unsigned char)s[i]); i++)
        v = v * 10 + (s[i] - '0');
    if (i < len && (s[i] == '.' || s[i] == ',')) {
        i++;
        if (i == len)
            return false;
        for (; i < len && s[i] == '0'; i++)
            ;
    }
    if (i != len)
        return false;
    *score = minus ? -v : v;
    return true;
}

static void scale_range(voce_scale scale, int *lo, int *hi)
{
    *lo = scale == VOCE_SCALE_CSAT ? 1 : 0;
    *hi = scale == VOCE_SCALE_CSAT ? 5 : 10;
}

int voce_nps_class(voce_scale scale, int score)
{
    int lo, hi;
    scale_range(scale, &lo, &hi);
    if (score < lo || score > hi)
        return -2;
    if (scale == VOCE_SCALE_CSAT)
        return score >= 4 ? 1 : score == 3 ? 0 : -1;
    return score >= 9 ? 1 : score >= 7 ? 0 : -1;
}

void voce_nps_init(voce_nps *t, voce_scale scale)
{
    t->scale = scale == VOCE_SCALE_CSAT ? VOCE_SCALE_CSAT : VOCE_SCALE_NPS;
    t->promoters = t->passives = t->detractors = 0;
}

voce_status voce_nps_add(voce_nps *t, int score, voce_error *err)
{
    switch (voce_nps_class(t->scale, score)) {
    case 1: t->promoters++; return VOCE_OK;
    case 0: t->passives++; return VOCE_OK;
    case -1: t->detractors++; return VOCE_OK;
    }
    int lo, hi;
    scale_range(t->scale, &lo, &hi);
    return voce_error_set(err, VOCE_ERR_INVALID, NULL, "score %d is outside the %s scale %d-%d",
                          score, t->scale == VOCE_SCALE_CSAT ? "CSAT" : "NPS", lo, hi);
}

/* The standard error of the score as a fraction: of the mean of X in
 * {-1, 0, 1} for NPS, of the proportion satisfied for CSAT. */
static double std_error(const voce_nps_summary *s)
{
    if (s->n == 0)
        return 0;
    double n = (double)s->n;
    double pro = (double)s->promoters / n, det = (double)s->detractors / n;
    double var =
        s->scale == VOCE_SCALE_CSAT ? pro * (1 - pro) : pro + det - (pro - det) * (pro - det);
    return sqrt(var > 0 ? var / n : 0);
}

void voce_nps_summarize(const voce_nps *t, voce_nps_summary *out)
{
    memset(out, 0, sizeof *out);
    out->scale = t->scale;
    out->promoters = t->promoters;
    out->passives = t->passives;
    out->detractors = t->detractors;
    out->n = t->promoters + t->passives + t->detractors;
    if (out->n == 0)
        return;
    double n = (double)out->n;
    out->promoters_pct = 100.0 * (double)t->promoters / n;
    out->passives_pct = 100.0 * (double)t->passives / n;
    out->detractors_pct = 100.0 * (double)t->detractors / n;
    out->score =
        t->scale == VOCE_SCALE_CSAT ? out->promoters_pct : out->promoters_pct - out->detractors_pct;
    out->moe = 100.0 * Z95 * std_error(out);
}

double voce_nps_change_moe(const voce_nps_summary *a, const voce_nps_summary *b)
{
    double sa = std_error(a), sb = std_error(b);
    return 100.0 * Z95 * sqrt(sa * sa + sb * sb);
}

/* Whether 'hay' holds 'needle', ignoring ASCII case. */
static bool has_word(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (; *hay; hay++) {
        size_t i = 0;
        while (i < n && hay[i] && tolower((unsigned char)hay[i]) == needle[i])
            i++;
        if (i == n)
            return true;
    }
    return false;
}

voce_scale voce_scale_from_name(const char *column)
{
    static const char *const nps[] = {"0-10", "0 - 10",    "0/10",      "0 a 10",     "0 to 10",
                                      "nps",  "recommend", "raccomand", "consiglier", "consiglia"};
    static const char *const csat[] = {"1-5", "1 - 5", "1/5", "1 a 5", "1 to 5", "csat"};
    if (!column)
        return VOCE_SCALE_AUTO;
    for (size_t i = 0; i < sizeof nps / sizeof *nps; i++)
        if (has_word(column, nps[i]))
            return VOCE_SCALE_NPS;
    for (size_t i = 0; i < sizeof csat / sizeof *csat; i++)
        if (has_word(column, csat[i]))
            return VOCE_SCALE_CSAT;
    return VOCE_SCALE_AUTO;
}

voce_scale voce_scale_detect(const char *column, const int *scores, size_t n)
{
    voce_scale named = voce_scale_from_name(column);
    if (named != VOCE_SCALE_AUTO)
        return named;
    for (size_t i = 0; i < n; i++)
        if (scores[i] == 0 || scores[i] > 5)
            return VOCE_SCALE_NPS;
    return n ? VOCE_SCALE_CSAT : VOCE_SCALE_NPS;
}
