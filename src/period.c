/* period.c -- reading dates and naming periods (see period.h).
 *
 * Day numbers use Howard Hinnant's days_from_civil algorithm, exact over
 * the proleptic Gregorian calendar without any library time function, so
 * time zones and the process locale play no part. */
#include "period.h"

#include <ctype.h>
#include <stdio.h>

int32_t voce_days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + doe - 719468);
}

void voce_civil_from_days(int32_t day, int *y, int *m, int *d)
{
    int32_t z = day + 719468;
    int32_t era = (z >= 0 ? z : z - 146096) / 146097;
    int32_t doe = z - era * 146097;
    int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int32_t mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

static int days_in_month(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/* Read up to 'max' digits at s[*i]; returns the count read. */
static int digits(const char *s, size_t len, size_t *i, int max, int *v)
{
    int n = 0;
    *v = 0;
    while (*i < len && n < max && isdigit((unsigned char)s[*i])) {
        *v = *v * 10 + (s[*i] - '0');
        (*i)++;
        n++;
    }
    return n;
}

bool voce_date_parse(const char *s, size_t len, int32_t *day)
{
    size_t i = 0;
    while (i < len && isspace((unsigned char)s[i]))
        i++;
    int a, b, c, y, m, d;
    int na = digits(s, len, &i, 4, &a);
    if (na == 0 || i >= len || (s[i] != '-' && s[i] != '/' && s[i] != '.'))
        return false;
    char sep = s[i++];
    if (digits(s, len, &i, 2, &b) == 0 || i >= len || s[i] != sep)
        return false;
    i++;
    int nc = digits(s, len, &i, 4, &c);
    if (nc == 0)
        return false;
    if (i < len && isdigit((unsigned char)s[i]))
        return false;
    if (na == 4 && nc <= 2) { /* 2025-03-07 */
        y = a;
        m = b;
        d = c;
    } else if (na <= 2 && nc == 4) { /* 07/03/2025, or 03/27/2025 */
        y = c;
        if (a > 12 || b <= 12) {
            d = a;
            m = b;
        } else {
            m = a;
            d = b;
        }
    } else {
        return false;
    }
    if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return false;
    /* What follows must not make it something else: a time, a 'T', a
     * space, a zone, or nothing. */
    if (i < len && !(s[i] == 'T' || s[i] == 't' || isspace((unsigned char)s[i]) || s[i] == ','))
        return false;
    *day = voce_days_from_civil(y, m, d);
    return true;
}

/* 0 for Monday .. 6 for Sunday; day 0 (1970-01-01) was a Thursday. */
static int weekday(int32_t day)
{
    int w = (int)((day + 3) % 7);
    return w < 0 ? w + 7 : w;
}

int32_t voce_period_start(voce_period p, int32_t day)
{
    int y, m, d;
    switch (p) {
    case VOCE_PERIOD_WEEK: return day - weekday(day);
    case VOCE_PERIOD_MONTH:
        voce_civil_from_days(day, &y, &m, &d);
        return voce_days_from_civil(y, m, 1);
    case VOCE_PERIOD_QUARTER:
        voce_civil_from_days(day, &y, &m, &d);
        return voce_days_from_civil(y, (m - 1) / 3 * 3 + 1, 1);
    default: return day;
    }
}

void voce_period_name(voce_period p, int32_t day, char *buf, size_t size)
{
    int y, m, d;
    switch (p) {
    case VOCE_PERIOD_WEEK: {
        /* The ISO week belongs to the year of its Thursday. */
        int32_t thursday = day - weekday(day) + 3;
        voce_civil_from_days(thursday, &y, &m, &d);
        int32_t jan1 = voce_days_from_civil(y, 1, 1);
        snprintf(buf, size, "%04d-W%02d", y, (int)((thursday - jan1) / 7 + 1));
        return;
    }
    case VOCE_PERIOD_MONTH:
        voce_civil_from_days(day, &y, &m, &d);
        snprintf(buf, size, "%04d-%02d", y, m);
        return;
    case VOCE_PERIOD_QUARTER:
        voce_civil_from_days(day, &y, &m, &d);
        snprintf(buf, size, "%04d-Q%d", y, (m - 1) / 3 + 1);
        return;
    default:
        voce_civil_from_days(day, &y, &m, &d);
        snprintf(buf, size, "%04d-%02d-%02d", y, m, d);
        return;
    }
}

voce_period voce_period_choose(int32_t first, int32_t last, unsigned max_periods)
{
    static const voce_period order[] = {VOCE_PERIOD_DAY, VOCE_PERIOD_WEEK, VOCE_PERIOD_MONTH,
                                        VOCE_PERIOD_QUARTER};
    for (size_t i = 0; i < sizeof order / sizeof *order; i++) {
        unsigned count = 1;
        for (int32_t d = voce_period_start(order[i], first); count <= max_periods;) {
            /* The start of the next period: a day past the end of this one. */
            int32_t next = d + 1;
            while (voce_period_start(order[i], next) == d)
                next++;
            if (next > last)
                break;
            d = next;
            count++;
        }
        if (count <= max_periods)
            return order[i];
    }
    return VOCE_PERIOD_QUARTER;
}
