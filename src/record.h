/* record.h -- what record.c shares with the format back-ends (io_*.c).
 *
 * record.c owns the reader (opening, encoding, detection, column choice,
 * physical lines) and the writer's front; each io_<format>.c knows how one
 * format splits a record into fields and how it writes one. Nothing here is
 * public: callers see voce_reader and voce_writer through voce.h only. */
#ifndef VOCE_RECORD_H
#define VOCE_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"
#include "encoding.h"
#include "voce.h"

enum {
    VOCE_RECORD_MAX_DEFAULT = 64 * 1024 * 1024, /* voce_reader_options.max_record_bytes */
    VOCE_CSV_MAX_LINES = 10000, /* a quoted field running longer is taken as unclosed */
    VOCE_JSONL_PEEK_LINES = 100 /* lines searched for the first object (its keys) */
};

/* Whether 'd' can separate CSV fields: a quote or a line end cannot (the
 * reader and the writer both refuse one). */
static inline bool voce_csv_delimiter_ok(char d)
{
    return d != '"' && d != '\n' && d != '\r';
}

#define VOCE_NO_COLUMN ((size_t)-1)
#define VOCE_MISSING ((size_t)-1) /* voce_span.off of a field the record lacks */

/* A field's bytes in voce_fields.vals. */
typedef struct voce_span {
    size_t off, len;
} voce_span;

/* The decoded fields of one record: bytes in 'vals', each field followed by
 * a NUL; 'span' says where each one is. */
typedef struct voce_fields {
    voce_buf vals;
    voce_span *span;
    size_t n, cap;
    size_t open_at; /* where the field being built starts in vals */
} voce_fields;

void voce_fields_init(voce_fields *f);
void voce_fields_release(voce_fields *f);
void voce_fields_reset(voce_fields *f);
/* Make room for 'n' fields, all missing; for back-ends that fill by column. */
void voce_fields_set_missing(voce_fields *f, size_t n);
/* Append a whole field. */
void voce_fields_add(voce_fields *f, const char *s, size_t len);
/* Build a field piece by piece: open it, voce_buf_add() to f->vals, then
 * close it as the next field, or at position 'index' (< f->n) for a
 * back-end that stores by column (JSONL). */
void voce_fields_open(voce_fields *f);
void voce_fields_close(voce_fields *f);
void voce_fields_close_at(voce_fields *f, size_t index);

struct voce_reader {
    char *name; /* the path, or "<stdin>": the 'file' of "file:line" */
    FILE *fp;
    bool own_fp;
    voce_decoder dec;
    voce_format format;
    char delimiter;       /* CSV: the separator; TSV: TAB; else 0 */
    bool delimiter_given; /* by the caller, rather than detected */
    char eol;             /* '\n', or '\r' for a file with old Mac line ends */
    size_t max_record;
    bool no_header;
    bool ended; /* a read error ended the input */

    /* Bytes given back to be read again before the rest of the input. */
    voce_buf replay;
    size_t replay_pos;
    size_t line; /* the number of the last physical line read */

    char **columns;
    size_t ncolumns;
    size_t header_line; /* where the column names come from, for messages */
    size_t text_col, id_col;

    /* The current record. */
    voce_buf raw;     /* its physical lines as read, line ends included */
    size_t rec_line;  /* the line it starts on */
    const char *view; /* raw made valid UTF-8, without its final line end */
    size_t view_len;
    bool has_view;
    voce_buf fixed; /* where 'view' lives when raw needed a repair */
    voce_fields fields;
    unsigned repairs;
    bool text_null;    /* JSONL: the text value is null */
    voce_buf scratch;  /* for the back-ends (JSON keys) */
    const char **fptr; /* what voce_record.field points to */
    size_t *flen;
    size_t fcap;
};

/* ---- Physical lines (record.c) ------------------------------------------ */

enum {
    VOCE_LINE_ERROR = -1, /* a read error; r->dec.read_errno says which */
    VOCE_LINE_EOF = 0,
    VOCE_LINE_OK = 1,  /* a whole line, its end included (none at the end of input) */
    VOCE_LINE_LONG = 2 /* 'limit' bytes of a longer line; the rest is still unread */
};

/* Append the next physical line to 'out', at most 'limit' bytes; counts
 * the line in r->line. */
int voce_reader_getline(voce_reader *r, voce_buf *out, size_t limit);

/* Discard the rest of a line that voce_reader_getline found too long. */
void voce_reader_skip_line(voce_reader *r);

/* Give s[0..n) back, to be read again before anything else; the first line
 * of it will be line 'line' + 1. */
void voce_reader_unread(voce_reader *r, const char *s, size_t n, size_t line);

/* ---- Helpers for the back-ends (record.c) ------------------------------ */

/* Read one physical line as the current record into r->raw, then settle
 * its view. Returns 1, 0 at the end, or -1 with 'err' filled (a read error,
 * or a line over r->max_record, which is skipped). */
int voce_reader_read_line_record(voce_reader *r, voce_error *err);

/* Compute r->view from r->raw: strip the final line end, repair encoding. */
void voce_reader_settle(voce_reader *r);

/* Length of the line end (LF, CRLF, or the CR of a CR file) that s[0..n)
 * finishes with. */
size_t voce_reader_eol_len(const voce_reader *r, const char *s, size_t n);

/* -1 with VOCE_ERR_IO for a read error, which ends the input. */
int voce_reader_read_failed(voce_reader *r, voce_error *err);

/* Fill 'err' for the current record: where = "file:line". Returns -1. */
int voce_reader_fail(voce_reader *r, voce_error *err, voce_status st, size_t line, const char *fmt,
                     ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* -1 with "expected N columns, got M" when the record lacks its text
 * field; a fully empty line is not lacking anything. Else 1. */
int voce_reader_check_text(voce_reader *r, voce_error *err);

/* The column 'want' names: a name in any case (then ignoring accents too),
 * else a 1-based number; VOCE_NO_COLUMN if none. */
size_t voce_reader_find_column(const voce_reader *r, const char *want);

/* Take over 'names' (n strings, allocated with voce_x*) as the columns. */
void voce_reader_set_columns(voce_reader *r, char **names, size_t n);
/* Columns "1".."n" for input without a header. */
void voce_reader_number_columns(voce_reader *r, size_t n);

/* ---- Back-ends (io_*.c) ------------------------------------------------ */

/* Read the header, or whatever gives the columns, at open. */
voce_status voce_text_open(voce_reader *r, voce_error *err);
voce_status voce_tsv_open(voce_reader *r, voce_error *err);
voce_status voce_csv_open(voce_reader *r, voce_error *err);
voce_status voce_jsonl_open(voce_reader *r, const char *want_text, const char *want_id,
                            voce_error *err);

/* Read the next record into r->raw, r->view and r->fields: 1, 0, -1. */
int voce_text_next(voce_reader *r, voce_error *err);
int voce_tsv_next(voce_reader *r, voce_error *err);
int voce_csv_next(voce_reader *r, voce_error *err);
int voce_jsonl_next(voce_reader *r, voce_error *err);

/* Scan one CSV record at the start of s[0..n) (in memory, for detection):
 * returns the bytes it takes, its line end included, and its number of
 * fields; *complete is false when the record runs past the end of s. */
size_t voce_csv_scan(const char *s, size_t n, char delim, char eol, size_t *nfields,
                     bool *complete);
/* Whether s[0..n) is exactly one CSV record, its quotes all closed. */
bool voce_csv_is_record(const char *s, size_t n, char delim);
/* Split one CSV record (no final line end) into fields, unquoting. */
void voce_csv_split(const char *s, size_t n, char delim, voce_fields *out);

/* Append a field for output. TSV: TAB, CR and LF become spaces (CRLF one
 * space). CSV: quoted when it holds the delimiter, a quote, CR or LF. JSON:
 * a string, quoted and escaped. */
void voce_tsv_put(voce_buf *out, const char *s, size_t n);
void voce_csv_put(voce_buf *out, const char *s, size_t n, char delim);
void voce_json_put_string(voce_buf *out, const char *s, size_t n);

/* Whether s[0..n) is one valid JSON object. */
bool voce_jsonl_is_object(const char *s, size_t n);

/* Where to insert members into the JSON object text s[0..n): the offset of
 * its final '}', and whether the object is empty. False when s does not
 * end with '}' (after white space). */
bool voce_jsonl_insert_point(const char *s, size_t n, size_t *at, bool *empty);

#endif
