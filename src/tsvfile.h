/* tsvfile.h -- reading voce's own data files (lexicons, profiles, meta).
 *
 * These are small UTF-8 files of TAB-separated columns with '#' comments and
 * blank lines; the whole file is read into memory and walked line by line,
 * with the line number kept for error messages. Not for user input files
 * (see record readers for those). */
#ifndef VOCE_TSVFILE_H
#define VOCE_TSVFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "voce.h"

enum { VOCE_TSV_MAX_FIELDS = 16 };

typedef struct voce_tsvfile {
    char *path;
    char *data; /* the file, modified in place (TABs and newlines become NUL) */
    size_t len, pos;
    size_t line; /* 1-based number of the line last returned */
    char *field[VOCE_TSV_MAX_FIELDS];
    size_t nfields;
    uint64_t hash; /* voce_hash of the file's bytes as read, for checksums */
    bool complete; /* empty, or its last line ends with a newline (as voce writes them) */
} voce_tsvfile;

/* Read the whole of file 'path' into *data (NUL-terminated, freed by the
 * caller), its length into *len and, unless 'hash' is NULL, the voce_hash
 * of its bytes into *hash. */
voce_status voce_file_read(const char *path, char **data, size_t *len, uint64_t *hash,
                           voce_error *err);

/* Open and read 'path'. */
voce_status voce_tsvfile_open(voce_tsvfile *t, const char *path, voce_error *err);
void voce_tsvfile_close(voce_tsvfile *t);

/* Advance to the next line that is neither blank nor a comment, splitting
 * it into t->field[0..nfields). Returns 1 on a line, 0 at the end, or -1
 * with 'err' filled if the line is not valid UTF-8 or has too many fields. */
int voce_tsvfile_next(voce_tsvfile *t, voce_error *err);

/* Fill 'err' with "path:line: <msg>" for the current line; returns 'st'. */
voce_status voce_tsvfile_error(const voce_tsvfile *t, voce_error *err, voce_status st,
                               const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* Parse a double written in the C locale ("0.5", never "0,5"). Returns 0 on
 * success, -1 if 's' is not entirely a number. */
int voce_parse_double(const char *s, double *out);

#endif
