/* number.c -- see number.h. */
#define _GNU_SOURCE /* strtod_l, newlocale */
#include "number.h"

#include <locale.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

static locale_t c_locale;
static pthread_once_t c_locale_once = PTHREAD_ONCE_INIT;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

static double slow(const char *s, char **end)
{
    pthread_once(&c_locale_once, make_c_locale);
    return c_locale ? strtod_l(s, end, c_locale) : strtod(s, end);
}

double voce_strtod(const char *s, char **end)
{
    static const double pow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                   1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                   1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    const char *p = s;
    bool negative = *p == '-';
    if (*p == '-' || *p == '+')
        p++;
    /* Up to 19 digits fit a uint64_t; more (or inexact ones) go to strtod. */
    uint64_t mantissa = 0;
    const char *first = p;
    for (; (unsigned)(*p - '0') < 10; p++)
        mantissa = mantissa * 10 + (uint64_t)(*p - '0');
    int digits = (int)(p - first), exp10 = 0;
    if (*p == '.') {
        const char *frac = ++p;
        for (; (unsigned)(*p - '0') < 10; p++)
            mantissa = mantissa * 10 + (uint64_t)(*p - '0');
        exp10 = -(int)(p - frac);
        digits += (int)(p - frac);
    }
    bool inexact = digits > 19;
    /* No digits ("inf", "nan", " 1", ".") or hexadecimal: strtod's job. */
    if (digits == 0 || *p == 'x' || *p == 'X')
        return slow(s, end);
    if (*p == 'e' || *p == 'E') {
        const char *q = p + 1;
        bool eneg = *q == '-';
        if (*q == '-' || *q == '+')
            q++;
        if (*q >= '0' && *q <= '9') {
            int e = 0;
            for (; *q >= '0' && *q <= '9'; q++)
                e = e < 10000 ? e * 10 + (*q - '0') : e;
            exp10 += eneg ? -e : e;
            p = q;
        }
    }
    if (inexact || mantissa > (1ull << 53) || exp10 < -22 || exp10 > 22)
        return slow(s, end);
    double v = (double)mantissa;
    v = exp10 < 0 ? v / pow10[-exp10] : v * pow10[exp10];
    *end = (char *)p;
    return negative ? -v : v;
}

unsigned long voce_strtou32(const char *s, char **end)
{
    const char *p = s;
    uint64_t v = 0;
    for (; *p >= '0' && *p <= '9'; p++) {
        v = v * 10 + (uint64_t)(*p - '0');
        if (v > UINT32_MAX) {
            *end = (char *)s;
            return 0;
        }
    }
    *end = (char *)p;
    return (unsigned long)v;
}
