/* error.c -- status sentences and the voce_error filler.
 *
 * The library reports; it never prints. Callers turn a voce_error into a
 * message of their own (the CLI prefixes "voce <cmd>: "). */
#include "error.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *voce_strerror(voce_status st)
{
    switch (st) {
    case VOCE_OK: return "success";
    case VOCE_ERR_IO: return "input/output error";
    case VOCE_ERR_PARSE: return "malformed data";
    case VOCE_ERR_REGEX: return "regular expression error";
    case VOCE_ERR_MODEL: return "model does not fit";
    case VOCE_ERR_INVALID: return "invalid argument";
    }
    return "unknown error";
}

const char *voce_version(void)
{
    return VOCE_VERSION;
}

static void fill(voce_error *err, voce_status st, const char *where, const char *fmt,
                 va_list ap)
{
    err->status = st;
    err->sys_errno = 0;
    snprintf(err->where, sizeof err->where, "%s", where ? where : "");
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
}

voce_status voce_error_set(voce_error *err, voce_status st, const char *where,
                           const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        fill(err, st, where, fmt, ap);
        va_end(ap);
    }
    return st;
}

voce_status voce_error_at(voce_error *err, voce_status st, const char *path, size_t line,
                          const char *fmt, ...)
{
    if (err) {
        char where[sizeof err->where];
        snprintf(where, sizeof where, "%s:%zu", path, line);
        va_list ap;
        va_start(ap, fmt);
        fill(err, st, where, fmt, ap);
        va_end(ap);
    }
    return st;
}

voce_status voce_error_sys(voce_error *err, const char *where)
{
    int saved = errno;
    if (err) {
        voce_error_set(err, VOCE_ERR_IO, where, "%s", strerror(saved));
        err->sys_errno = saved;
    }
    return VOCE_ERR_IO;
}
