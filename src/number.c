/* number.c -- see number.h. */
#define _GNU_SOURCE /* strtod_l, newlocale */
#include "number.h"

#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
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

/* v * 10^4 rounded as printf rounds the exact value of v: to nearest,
 * ties to even. For |v| < 10^4 the product's rounding error is below
 * 10^-8, so a fraction clear of one half by 10^-6 rounds the same way as
 * the exact value; the rare one near a tie (and any other v) goes to
 * snprintf. */
int voce_format_fixed4(double v, char out[32])
{
    double x = v * 1e4;
    if (!(fabs(v) < 1e4))
        return snprintf(out, 32, "%.4f", v);
    double f = floor(x), frac = x - f;
    if (fabs(frac - 0.5) < 1e-6)
        return snprintf(out, 32, "%.4f", v);
    long long n = (long long)f + (frac > 0.5);
    unsigned long long u = (unsigned long long)(n < 0 ? -n : n);
    char *p = out;
    if (signbit(v)) /* "-0.0000" too, as printf writes it */
        *p++ = '-';
    unsigned long long whole = u / 10000;
    unsigned frac4 = (unsigned)(u % 10000);
    char digits[24];
    int k = 0;
    do {
        digits[k++] = (char)('0' + whole % 10);
        whole /= 10;
    } while (whole);
    while (k)
        *p++ = digits[--k];
    *p++ = '.';
    p[0] = (char)('0' + frac4 / 1000);
    p[1] = (char)('0' + frac4 / 100 % 10);
    p[2] = (char)('0' + frac4 / 10 % 10);
    p[3] = (char)('0' + frac4 % 10);
    p[4] = '\0';
    return (int)(p + 4 - out);
}
