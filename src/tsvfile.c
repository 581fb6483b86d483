/* tsvfile.c -- line and column walking over voce's data files. */
#define _POSIX_C_SOURCE 200809L
#include "tsvfile.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "error.h"
#include "hmap.h"
#include "mem.h"
#include "number.h"
#include "utf8.h"

voce_status voce_file_read(const char *path, char **data, size_t *len, uint64_t *hash,
                           voce_error *err)
{
    *data = NULL;
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return voce_error_sys(err, path);
    voce_status st = VOCE_OK;
    size_t cap = 0;
    /* Sized from the start (a model's SVM file is megabytes: no copies as
     * it grows), with a byte to spare, so the read that finds the end
     * needs no more; a file that grows meanwhile is read whole anyway. */
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && sb.st_size > 0)
        *data = voce_xgrow(NULL, &cap, (size_t)sb.st_size + 2, 1);
    for (;;) {
        if (*len + 1 >= cap)
            *data = voce_xgrow(*data, &cap, *len + 65536 + 1, 1);
        size_t n = fread(*data + *len, 1, cap - *len - 1, fp);
        *len += n;
        if (n == 0)
            break;
    }
    if (ferror(fp))
        st = voce_error_sys(err, path);
    fclose(fp);
    if (st != VOCE_OK) {
        free(*data);
        *data = NULL;
        *len = 0;
        return st;
    }
    (*data)[*len] = '\0';
    if (hash)
        *hash = voce_hash(*data, *len, 0);
    return VOCE_OK;
}

voce_status voce_tsvfile_open(voce_tsvfile *t, const char *path, voce_error *err)
{
    memset(t, 0, sizeof *t);
    voce_status st = voce_file_read(path, &t->data, &t->len, &t->hash, err);
    if (st != VOCE_OK)
        return st;
    t->complete = t->len == 0 || t->data[t->len - 1] == '\n';
    t->path = voce_xstrdup(path);
    /* A BOM written by an editor is harmless: skip it. */
    if (t->len >= 3 && memcmp(t->data, "\xEF\xBB\xBF", 3) == 0)
        t->pos = 3;
    return VOCE_OK;
}

void voce_tsvfile_close(voce_tsvfile *t)
{
    free(t->data);
    free(t->path);
    memset(t, 0, sizeof *t);
}

voce_status voce_tsvfile_error(const voce_tsvfile *t, voce_error *err, voce_status st,
                               const char *fmt, ...)
{
    if (err) {
        char where[sizeof err->where];
        snprintf(where, sizeof where, "%s:%zu", t->path, t->line);
        char msg[sizeof err->msg];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        voce_error_set(err, st, where, "%s", msg);
    }
    return st;
}

int voce_tsvfile_next(voce_tsvfile *t, voce_error *err)
{
    while (t->pos < t->len) {
        char *line = t->data + t->pos;
        char *nl = memchr(line, '\n', t->len - t->pos);
        size_t n = nl ? (size_t)(nl - line) : t->len - t->pos;
        t->pos += n + (nl != NULL);
        t->line++;
        if (n && line[n - 1] == '\r')
            n--;
        line[n] = '\0';
        if (n == 0 || line[0] == '#')
            continue;
        if (!voce_utf8_is_valid(line, n)) {
            voce_tsvfile_error(t, err, VOCE_ERR_PARSE, "invalid UTF-8");
            return -1;
        }
        t->nfields = 0;
        char *f = line;
        for (;;) {
            if (t->nfields == VOCE_TSV_MAX_FIELDS) {
                voce_tsvfile_error(t, err, VOCE_ERR_PARSE, "more than %d columns",
                                   VOCE_TSV_MAX_FIELDS);
                return -1;
            }
            t->field[t->nfields++] = f;
            char *tab = strchr(f, '\t');
            if (!tab)
                break;
            *tab = '\0';
            f = tab + 1;
        }
        return 1;
    }
    return 0;
}

/* Numbers in data files are always written in the C locale; a program that
 * embeds voce may have called setlocale(), so voce_strtod reads them in the
 * C locale whatever the global one. */
int voce_parse_double(const char *s, double *out)
{
    if (!*s)
        return -1;
    char *end;
    errno = 0;
    double v = voce_strtod(s, &end);
    if (errno == ERANGE || *end != '\0' || end == s || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}
