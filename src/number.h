/* number.h -- decimal numbers read fast, and exactly as strtod reads them.
 *
 * Model files hold hundreds of thousands of weights written with 9 to 17
 * significant digits; strtod, which must handle any length, took 75% of
 * voce's start-up reading them. A number of up to 19 digits whose value
 * (digits as an integer, at most 2^53) times a power of ten within 10^±22
 * is computed with one exactly rounded multiplication or division, so the
 * result is the correctly rounded double strtod gives (Clinger's fast
 * path); anything else is handed to strtod. */
#ifndef VOCE_NUMBER_H
#define VOCE_NUMBER_H

/* As strtod(s, end) in the C locale, whatever the process's locale. */
double voce_strtod(const char *s, char **end);

/* A decimal unsigned integer at s (digits only, no sign or space): its
 * value, with *end after it (*end == s if none, or if over 2^32 - 1). */
unsigned long voce_strtou32(const char *s, char **end);

/* v with 4 decimals into out, exactly as snprintf(out, 32, "%.4f", v) in
 * the C locale writes it (voce prints every score and confidence so, and
 * snprintf was 5% of classifying a short review); returns the length. */
int voce_format_fixed4(double v, char out[32]);

#endif
