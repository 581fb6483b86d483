/* period.h -- dates as day numbers, and the periods reports group them by.
 *
 * Exports write dates in many ways; voce reads the common ones into a day
 * number (days since 1970-01-01) and ignores the time of day. */
#ifndef VOCE_PERIOD_H
#define VOCE_PERIOD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voce.h"

/* voce_date_parse() is in voce.h. */

/* Day number <-> civil date (proleptic Gregorian). */
int32_t voce_days_from_civil(int y, int m, int d);
void voce_civil_from_days(int32_t day, int *y, int *m, int *d);

/* The first day of the period of 'p' holding 'day' (weeks start on
 * Monday, as ISO 8601 weeks do). */
int32_t voce_period_start(voce_period p, int32_t day);

/* The period's name: "2025-03-07", "2025-W10", "2025-03", "2025-Q1". */
void voce_period_name(voce_period p, int32_t day, char *buf, size_t size);

/* The period to use for dates from 'first' to 'last': the finest of
 * day, week, month and quarter that gives at most 'max_periods' periods,
 * else quarter. */
voce_period voce_period_choose(int32_t first, int32_t last, unsigned max_periods);

#endif
