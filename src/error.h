/* error.h -- filling a voce_error (see voce.h for the public side). */
#ifndef VOCE_ERROR_H
#define VOCE_ERROR_H

#include "voce.h"

/* Fill 'err' (if not NULL) and return 'st'. 'where' may be NULL. */
voce_status voce_error_set(voce_error *err, voce_status st, const char *where,
                           const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Like voce_error_set with VOCE_ERR_IO, taking the message from errno. */
voce_status voce_error_sys(voce_error *err, const char *where);

/* "path:line" into 'where'. */
voce_status voce_error_at(voce_error *err, voce_status st, const char *path, size_t line,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

#endif
