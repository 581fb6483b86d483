/* io_tsv.c -- TAB-separated values: a header line, no quoting.
 *
 * What voce writes and what 'cut' and 'awk' read, so a pipeline of voce
 * commands passes TSV along. A field can hold anything but a TAB or a line
 * end: the writer turns those into spaces. A line with fewer or more
 * fields than the header is still a record, unless it lacks the text. */
#include "record.h"

#include <string.h>

#include "mem.h"

static void split(voce_reader *r)
{
    const char *s = r->view;
    size_t n = r->view_len;
    for (;;) {
        const char *tab = memchr(s, '\t', n);
        size_t len = tab ? (size_t)(tab - s) : n;
        voce_fields_add(&r->fields, s, len);
        if (!tab)
            return;
        s += len + 1;
        n -= len + 1;
    }
}

static bool view_is_blank(const voce_reader *r)
{
    for (size_t i = 0; i < r->view_len; i++)
        if (r->view[i] != ' ')
            return false;
    return true;
}

/* The status of an error voce_reader_read_line_record reported. */
static voce_status open_failed(const voce_reader *r)
{
    return r->ended ? VOCE_ERR_IO : VOCE_ERR_PARSE;
}

voce_status voce_tsv_open(voce_reader *r, voce_error *err)
{
    int st;
    if (r->no_header) {
        /* The first record says how many columns there are; it is then
         * given back, to be read again as data. */
        st = voce_reader_read_line_record(r, err);
        if (st < 0)
            return open_failed(r);
        size_t n = 0;
        if (st == 1) {
            split(r);
            n = r->fields.n;
            voce_reader_unread(r, r->raw.data, r->raw.len, r->rec_line - 1);
        }
        voce_fields_reset(&r->fields);
        voce_buf_reset(&r->raw);
        voce_reader_number_columns(r, n);
        return VOCE_OK;
    }
    do {
        voce_buf_reset(&r->raw);
        if ((st = voce_reader_read_line_record(r, err)) < 0)
            return open_failed(r);
    } while (st == 1 && view_is_blank(r));
    if (st == 0)
        return VOCE_OK;
    r->header_line = r->rec_line;
    split(r);
    char **names = voce_xcalloc(r->fields.n, sizeof *names);
    for (size_t i = 0; i < r->fields.n; i++)
        names[i] =
            voce_xstrndup(r->fields.vals.data + r->fields.span[i].off, r->fields.span[i].len);
    voce_reader_set_columns(r, names, r->fields.n);
    voce_fields_reset(&r->fields);
    voce_buf_reset(&r->raw);
    return VOCE_OK;
}

int voce_tsv_next(voce_reader *r, voce_error *err)
{
    int st = voce_reader_read_line_record(r, err);
    if (st != 1)
        return st;
    split(r);
    return voce_reader_check_text(r, err);
}

void voce_tsv_put(voce_buf *out, const char *s, size_t n)
{
    voce_buf_grow(out, n);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\r' && i + 1 < n && s[i + 1] == '\n')
            i++; /* CRLF: one space */
        if (c == '\t' || c == '\r' || c == '\n')
            c = ' ';
        voce_buf_addc(out, c);
    }
}
