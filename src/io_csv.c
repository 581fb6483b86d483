/* io_csv.c -- comma-separated values as RFC 4180 and spreadsheets write them.
 *
 * A field may be quoted; a quoted field may hold the delimiter, doubled
 * quotes and line ends. A quote anywhere else is an ordinary character,
 * and so is what follows a closing quote before the next delimiter
 * ("abc"def is abcdef), as Excel and Python read them.
 *
 * A record is read in two passes. The first collects physical lines while
 * a small state machine says whether a quoted field is still open. The
 * second, on the record made valid UTF-8, splits and unquotes the fields.
 *
 * An unclosed quote must not swallow the rest of the file. A quoted field
 * that reaches the end of the input, runs past VOCE_CSV_MAX_LINES lines or
 * past max_record_bytes is an error at the line where its record starts;
 * the lines read after that one are given back (voce_reader_unread) and
 * read again as new records, so everything after the bad line survives. */
#include "record.h"

#include <string.h>

#include "mem.h"

enum csv_state {
    FIELD_START, /* nothing of the field read yet */
    UNQUOTED,    /* in an unquoted field, or after a closing quote */
    QUOTED,      /* inside quotes */
    QUOTE_SEEN   /* a quote inside quotes: doubled, or the closing one */
};

/* Advance the state machine over s[0..n), counting fields. Stops after a
 * line end outside quotes (*ended); returns the bytes it went over. */
static size_t step(enum csv_state *st, const char *s, size_t n, char delim, char eol,
                   size_t *nfields, bool *ended)
{
    *ended = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (*st == QUOTED) {
            const char *q = memchr(s + i, '"', n - i);
            if (!q)
                return n;
            i = (size_t)(q - s);
            *st = QUOTE_SEEN;
            continue;
        }
        if (*st == QUOTE_SEEN && c == '"') {
            *st = QUOTED;
            continue;
        }
        if (*st == FIELD_START && c == '"') {
            *st = QUOTED;
            continue;
        }
        if (c == delim) {
            *st = FIELD_START;
            (*nfields)++;
        } else if (c == eol) {
            *ended = true;
            return i + 1;
        } else {
            *st = UNQUOTED;
        }
    }
    return n;
}

size_t voce_csv_scan(const char *s, size_t n, char delim, char eol, size_t *nfields, bool *complete)
{
    enum csv_state st = FIELD_START;
    *nfields = 1;
    return step(&st, s, n, delim, eol, nfields, complete);
}

bool voce_csv_is_record(const char *s, size_t n, char delim)
{
    enum csv_state st = FIELD_START;
    size_t nf = 1;
    bool ended;
    size_t used = step(&st, s, n, delim, '\n', &nf, &ended);
    return used == n && !ended && st != QUOTED;
}

void voce_csv_split(const char *s, size_t n, char delim, voce_fields *out)
{
    size_t i = 0;
    for (;;) {
        voce_fields_open(out);
        if (i < n && s[i] == '"') {
            i++;
            for (;;) {
                const char *q = memchr(s + i, '"', n - i);
                size_t end = q ? (size_t)(q - s) : n;
                voce_buf_add(&out->vals, s + i, end - i);
                i = q ? end + 1 : n;
                if (!q || i >= n || s[i] != '"')
                    break;
                voce_buf_addc(&out->vals, '"');
                i++;
            }
        }
        const char *d = memchr(s + i, delim, n - i);
        size_t end = d ? (size_t)(d - s) : n;
        voce_buf_add(&out->vals, s + i, end - i);
        voce_fields_close(out);
        if (!d)
            return;
        i = end + 1;
    }
}

/* The record starting at r->rec_line cannot end: report it, keep its first
 * line as what was skipped, and give the lines after it back. */
static int unclosed(voce_reader *r, size_t first_len, const char *why, voce_error *err)
{
    voce_reader_unread(r, r->raw.data + first_len, r->raw.len - first_len, r->rec_line);
    r->raw.len = first_len;
    r->raw.data[first_len] = '\0';
    voce_reader_settle(r);
    return voce_reader_fail(r, err, VOCE_ERR_PARSE, r->rec_line,
                            "unclosed quote: the field runs %s (check the quotes on this line)",
                            why);
}

/* Read one record into r->raw and r->fields: 1, 0 at the end, -1. */
static int read_record(voce_reader *r, voce_error *err)
{
    int st = voce_reader_getline(r, &r->raw, r->max_record);
    r->rec_line = r->line;
    if (st == VOCE_LINE_EOF)
        return 0;
    if (st == VOCE_LINE_ERROR)
        return voce_reader_read_failed(r, err);
    if (st == VOCE_LINE_LONG) {
        voce_reader_skip_line(r);
        voce_buf_reset(&r->raw);
        return voce_reader_fail(r, err, VOCE_ERR_PARSE, r->rec_line,
                                "record longer than %zu bytes (the limit)", r->max_record);
    }
    size_t first_len = r->raw.len, lines = 1, nf = 1;
    enum csv_state state = FIELD_START;
    bool ended;
    step(&state, r->raw.data, r->raw.len, r->delimiter, r->eol, &nf, &ended);
    while (!ended && state == QUOTED) {
        char why[64];
        if (lines >= VOCE_CSV_MAX_LINES) {
            snprintf(why, sizeof why, "past %d lines", VOCE_CSV_MAX_LINES);
            return unclosed(r, first_len, why, err);
        }
        size_t before = r->raw.len;
        st = voce_reader_getline(r, &r->raw, r->max_record - r->raw.len);
        if (st == VOCE_LINE_ERROR)
            return voce_reader_read_failed(r, err);
        if (st == VOCE_LINE_EOF)
            return unclosed(r, first_len, "to the end of the input", err);
        if (st == VOCE_LINE_LONG) {
            snprintf(why, sizeof why, "past %zu bytes", r->max_record);
            return unclosed(r, first_len, why, err);
        }
        lines++;
        step(&state, r->raw.data + before, r->raw.len - before, r->delimiter, r->eol, &nf, &ended);
    }
    voce_reader_settle(r);
    voce_csv_split(r->view, r->view_len, r->delimiter, &r->fields);
    return 1;
}

static bool view_is_blank(const voce_reader *r)
{
    for (size_t i = 0; i < r->view_len; i++)
        if (r->view[i] != ' ')
            return false;
    return true;
}

voce_status voce_csv_open(voce_reader *r, voce_error *err)
{
    int st;
    if (r->no_header) {
        /* The first record says how many columns there are; it is then
         * given back, to be read again as data (errors included). */
        st = read_record(r, err);
        if (st < 0 && (r->ended || !r->has_view))
            return r->ended ? VOCE_ERR_IO : VOCE_ERR_PARSE;
        size_t n = 0;
        if (st != 0) {
            if (st < 0)
                voce_csv_split(r->view, r->view_len, r->delimiter, &r->fields);
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
        voce_fields_reset(&r->fields);
        if ((st = read_record(r, err)) < 0)
            return r->ended ? VOCE_ERR_IO : VOCE_ERR_PARSE;
        /* Excel's "sep=;" line names the delimiter; the header follows. A
         * "sep=" of a quote, a space or a line end is a line like another. */
        if (st == 1 && r->view_len == 5 && memcmp(r->view, "sep=", 4) == 0 && r->view[4] != ' ' &&
            voce_csv_delimiter_ok(r->view[4])) {
            if (!r->delimiter_given)
                r->delimiter = r->view[4];
            r->view_len = 0; /* read on */
        }
    } while (st == 1 && view_is_blank(r));
    if (st == 0)
        return VOCE_OK;
    r->header_line = r->rec_line;
    char **names = voce_xcalloc(r->fields.n, sizeof *names);
    for (size_t i = 0; i < r->fields.n; i++)
        names[i] =
            voce_xstrndup(r->fields.vals.data + r->fields.span[i].off, r->fields.span[i].len);
    voce_reader_set_columns(r, names, r->fields.n);
    voce_fields_reset(&r->fields);
    voce_buf_reset(&r->raw);
    return VOCE_OK;
}

int voce_csv_next(voce_reader *r, voce_error *err)
{
    int st = read_record(r, err);
    if (st != 1)
        return st;
    return voce_reader_check_text(r, err);
}

void voce_csv_put(voce_buf *out, const char *s, size_t n, char delim)
{
    bool quote = false;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == delim || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
    if (!quote) {
        voce_buf_add(out, s, n);
        return;
    }
    voce_buf_addc(out, '"');
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '"')
            voce_buf_addc(out, '"');
        voce_buf_addc(out, s[i]);
    }
    voce_buf_addc(out, '"');
}
