/* prefilter.c -- required literals of a pattern (see prefilter.h). */
#include "prefilter.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Whether 'p' has a '|' outside every group and class. */
static bool top_level_alternation(const char *p)
{
    int depth = 0;
    bool in_class = false;
    for (; *p; p++) {
        if (*p == '\\') {
            if (!p[1])
                return true;
            p++;
        } else if (in_class) {
            in_class = *p != ']';
        } else if (*p == '[') {
            in_class = true;
            if (p[1] == ']' || (p[1] == '^' && p[2] == ']'))
                p += p[1] == ']' ? 1 : 2;
        } else if (*p == '(') {
            depth++;
        } else if (*p == ')') {
            depth--;
        } else if (*p == '|' && depth == 0) {
            return true;
        }
    }
    return in_class || depth != 0;
}

/* Skip a character class or a group starting at p; NULL if unbalanced. */
static const char *skip_atom(const char *p)
{
    if (*p == '[') {
        p++;
        if (*p == '^')
            p++;
        if (*p == ']')
            p++;
        while (*p && *p != ']') {
            if (*p == '\\' && p[1])
                p++;
            p++;
        }
        return *p ? p + 1 : NULL;
    }
    int depth = 0;
    for (; *p; p++) {
        if (*p == '\\' && p[1]) {
            p++;
        } else if (*p == '[') {
            p = skip_atom(p);
            if (!p)
                return NULL;
            p--;
        } else if (*p == '(') {
            depth++;
        } else if (*p == ')' && --depth == 0) {
            return p + 1;
        }
    }
    return NULL;
}

/* Skip a quantifier at p, if any; *optional tells whether it allows zero. */
static const char *skip_quantifier(const char *p, bool *optional)
{
    *optional = false;
    if (*p == '?' || *p == '*') {
        *optional = true;
        p++;
    } else if (*p == '+') {
        p++;
    } else if (*p == '{') {
        const char *end = strchr(p, '}');
        if (!end)
            return p + 1; /* a literal '{': step over it (returning p would loop) */
        *optional = atoi(p + 1) == 0;
        p = end + 1;
    } else {
        return p;
    }
    if (*p == '?' || *p == '+')
        p++; /* lazy or possessive */
    return p;
}

size_t voce_prefilter_literal(const char *pattern, char *out, size_t size)
{
    if (size == 0)
        return 0;
    out[0] = '\0';
    if (size < 4 || top_level_alternation(pattern))
        return 0;
    char run[256];
    size_t n = 0, best = 0;
#define FLUSH()                                                                               \
    do {                                                                                      \
        if (n > best && n < size) {                                                           \
            memcpy(out, run, n);                                                              \
            out[n] = '\0';                                                                    \
            best = n;                                                                         \
        }                                                                                     \
        n = 0;                                                                                \
    } while (0)
    const char *p = pattern;
    while (*p) {
        char c;
        if (*p == '\\') {
            if (!p[1] || (p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') ||
                (p[1] >= '0' && p[1] <= '9')) {
                FLUSH(); /* \b \w \d \1 ...: not a literal */
                p += p[1] ? 2 : 1;
                continue;
            }
            c = p[1];
            p += 2;
        } else if (*p == '[' || *p == '(') {
            FLUSH();
            if (!(p = skip_atom(p))) {
                out[0] = '\0';
                return 0;
            }
            bool optional;
            p = skip_quantifier(p, &optional);
            continue;
        } else if (*p == '.' || *p == '^' || *p == '$') {
            FLUSH();
            p++;
            continue;
        } else if (*p == '?' || *p == '*' || *p == '+' || *p == '{') {
            bool optional;
            p = skip_quantifier(p, &optional);
            if (optional && n)
                n--; /* the quantified character may be absent */
            FLUSH();
            continue;
        } else {
            c = *p++;
        }
        if ((unsigned char)c >= 0x80) {
            FLUSH(); /* keep to ASCII: a quantifier could apply to half a character */
            continue;
        }
        if (n + 1 < sizeof run)
            run[n++] = c;
    }
    FLUSH();
#undef FLUSH
    if (best < 3) {
        out[0] = '\0';
        return 0;
    }
    return best;
}
