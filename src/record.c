/* record.c -- records in and out: the reader's front and the writer.
 *
 * Reading goes file -> decoder (encoding.c, chunks converted to UTF-8) ->
 * physical lines (here) -> records (io_<format>.c) -> voce_record (here).
 * Memory stays bounded: the decoder holds one chunk, a record holds at most
 * max_record_bytes, and the replay buffer (bytes given back to be read
 * again) never holds more than one record. Giving bytes back is how a CSV
 * record with an unclosed quote is resynchronised, and how the first lines
 * are peeked at when opening, on a pipe as well as on a file.
 *
 * This file also decides what a file is: its format (from the extension,
 * then from its first 64 KiB), its CSV delimiter, its line ends, and which
 * column holds the text. The writer passes records through untouched when
 * input and output formats agree and converts them from their fields when
 * they do not; the back-ends do the quoting. */
#include "record.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mem.h"
#include "utf8.h"

enum { CHUNK = 64 * 1024 };

/* ---- Formats ------------------------------------------------------------ */

const char *voce_format_name(voce_format f)
{
    switch (f) {
    case VOCE_FORMAT_AUTO: return "auto";
    case VOCE_FORMAT_TEXT: return "text";
    case VOCE_FORMAT_TSV: return "tsv";
    case VOCE_FORMAT_CSV: return "csv";
    case VOCE_FORMAT_JSONL: return "jsonl";
    }
    return "unknown";
}

static bool ascii_ieq(const char *a, size_t an, const char *b)
{
    size_t bn = strlen(b);
    if (an != bn)
        return false;
    for (size_t i = 0; i < an; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return false;
    }
    return true;
}

/* Format names, and the file extensions that imply them. */
static const struct {
    const char *name;
    voce_format format;
} format_names[] = {
    {"text", VOCE_FORMAT_TEXT},    {"txt", VOCE_FORMAT_TEXT},   {"tsv", VOCE_FORMAT_TSV},
    {"tab", VOCE_FORMAT_TSV},      {"csv", VOCE_FORMAT_CSV},    {"jsonl", VOCE_FORMAT_JSONL},
    {"ndjson", VOCE_FORMAT_JSONL}, {"json", VOCE_FORMAT_JSONL},
};

voce_format voce_format_parse(const char *name)
{
    if (!name)
        return VOCE_FORMAT_AUTO;
    for (size_t i = 0; i < sizeof format_names / sizeof format_names[0]; i++)
        if (ascii_ieq(name, strlen(name), format_names[i].name))
            return format_names[i].format;
    return VOCE_FORMAT_AUTO;
}

static voce_format format_from_extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? voce_format_parse(dot + 1) : VOCE_FORMAT_AUTO;
}

/* ---- Fields ------------------------------------------------------------- */

void voce_fields_init(voce_fields *f)
{
    memset(f, 0, sizeof *f);
    voce_buf_init(&f->vals);
}

void voce_fields_release(voce_fields *f)
{
    voce_buf_release(&f->vals);
    free(f->span);
    voce_fields_init(f);
}

void voce_fields_reset(voce_fields *f)
{
    voce_buf_reset(&f->vals);
    f->n = 0;
}

static voce_span *new_span(voce_fields *f)
{
    f->span = voce_xgrow(f->span, &f->cap, f->n + 1, sizeof *f->span);
    return &f->span[f->n++];
}

void voce_fields_set_missing(voce_fields *f, size_t n)
{
    f->span = voce_xgrow(f->span, &f->cap, n, sizeof *f->span);
    for (size_t i = 0; i < n; i++)
        f->span[i] = (voce_span){VOCE_MISSING, 0};
    f->n = n;
}

void voce_fields_add(voce_fields *f, const char *s, size_t len)
{
    voce_span *sp = new_span(f);
    sp->off = f->vals.len;
    sp->len = len;
    voce_buf_add(&f->vals, s, len);
    voce_buf_addc(&f->vals, '\0');
}

void voce_fields_open(voce_fields *f)
{
    f->open_at = f->vals.len;
}

void voce_fields_close_at(voce_fields *f, size_t index)
{
    f->span[index].off = f->open_at;
    f->span[index].len = f->vals.len - f->open_at;
    voce_buf_addc(&f->vals, '\0');
}

void voce_fields_close(voce_fields *f)
{
    new_span(f);
    voce_fields_close_at(f, f->n - 1);
}

/* ---- Physical lines ----------------------------------------------------- */

/* The unread bytes: the replay buffer first, then the decoder. Returns
 * false at the end of the input (or on a read error). */
static bool source(voce_reader *r, const char **p, size_t *n, bool *from_replay)
{
    if (r->replay_pos < r->replay.len) {
        *p = r->replay.data + r->replay_pos;
        *n = r->replay.len - r->replay_pos;
        *from_replay = true;
        return true;
    }
    if (r->replay.len) { /* all replayed: free the memory it held */
        voce_buf_release(&r->replay);
        r->replay_pos = 0;
    }
    *from_replay = false;
    *p = voce_decoder_data(&r->dec, n);
    if (*n == 0) {
        voce_decoder_fill(&r->dec, CHUNK);
        *p = voce_decoder_data(&r->dec, n);
    }
    return *n > 0;
}

static void consume(voce_reader *r, size_t n, bool from_replay)
{
    if (from_replay)
        r->replay_pos += n;
    else
        voce_decoder_consume(&r->dec, n);
}

int voce_reader_getline(voce_reader *r, voce_buf *out, size_t limit)
{
    size_t got = 0;
    bool any = false;
    for (;;) {
        const char *p;
        size_t n;
        bool from_replay;
        if (!source(r, &p, &n, &from_replay)) {
            if (r->dec.read_errno)
                return VOCE_LINE_ERROR;
            if (!any)
                return VOCE_LINE_EOF;
            r->line++;
            return VOCE_LINE_OK; /* the last line, without a line end */
        }
        const char *end = memchr(p, r->eol, n);
        size_t take = end ? (size_t)(end - p) + 1 : n;
        int st = end ? VOCE_LINE_OK : VOCE_LINE_EOF; /* EOF here: go on */
        if (take > limit - got) {
            take = limit - got;
            st = VOCE_LINE_LONG;
        }
        voce_buf_add(out, p, take);
        consume(r, take, from_replay);
        got += take;
        any = true;
        if (st != VOCE_LINE_EOF) {
            r->line++;
            return st;
        }
    }
}

void voce_reader_skip_line(voce_reader *r)
{
    const char *p;
    size_t n;
    bool from_replay;
    while (source(r, &p, &n, &from_replay)) {
        const char *end = memchr(p, r->eol, n);
        consume(r, end ? (size_t)(end - p) + 1 : n, from_replay);
        if (end)
            return;
    }
}

void voce_reader_unread(voce_reader *r, const char *s, size_t n, size_t line)
{
    voce_buf again = VOCE_BUF_INIT;
    voce_buf_add(&again, s, n);
    if (r->replay_pos < r->replay.len) /* what was given back earlier comes after */
        voce_buf_add(&again, r->replay.data + r->replay_pos, r->replay.len - r->replay_pos);
    voce_buf_release(&r->replay);
    r->replay = again;
    r->replay_pos = 0;
    r->line = line;
}

/* ---- Helpers for the back-ends ------------------------------------------ */

size_t voce_reader_eol_len(const voce_reader *r, const char *s, size_t n)
{
    if (n == 0)
        return 0;
    if (r->eol == '\r')
        return s[n - 1] == '\r';
    if (s[n - 1] == '\n')
        return (n >= 2 && s[n - 2] == '\r') ? 2 : 1;
    return s[n - 1] == '\r'; /* a CR just before the end of the input */
}

void voce_reader_settle(voce_reader *r)
{
    const char *s = r->raw.data ? r->raw.data : "";
    size_t n = r->raw.len - voce_reader_eol_len(r, s, r->raw.len);
    r->view = voce_encoding_repair(s, &n, &r->fixed, &r->repairs);
    r->view_len = n;
    r->has_view = true;
}

int voce_reader_fail(voce_reader *r, voce_error *err, voce_status st, size_t line, const char *fmt,
                     ...)
{
    if (err) {
        char msg[sizeof err->msg];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(msg, sizeof msg, fmt, ap);
        va_end(ap);
        voce_error_at(err, st, r->name, line, "%s", msg);
    }
    return -1;
}

/* A read error ends the input. */
int voce_reader_read_failed(voce_reader *r, voce_error *err)
{
    r->ended = true;
    int e = r->dec.read_errno;
    voce_reader_fail(r, err, VOCE_ERR_IO, r->line + 1, "cannot read: %s", strerror(e));
    if (err)
        err->sys_errno = e;
    return -1;
}

int voce_reader_read_line_record(voce_reader *r, voce_error *err)
{
    int st = voce_reader_getline(r, &r->raw, r->max_record);
    r->rec_line = r->line;
    switch (st) {
    case VOCE_LINE_EOF: return 0;
    case VOCE_LINE_ERROR: return voce_reader_read_failed(r, err);
    case VOCE_LINE_LONG:
        voce_reader_skip_line(r);
        voce_buf_reset(&r->raw);
        return voce_reader_fail(r, err, VOCE_ERR_PARSE, r->rec_line,
                                "record longer than %zu bytes (the limit)", r->max_record);
    }
    voce_reader_settle(r);
    return 1;
}

int voce_reader_check_text(voce_reader *r, voce_error *err)
{
    if (r->fields.n > r->text_col || r->view_len == 0)
        return 1;
    return voce_reader_fail(r, err, VOCE_ERR_PARSE, r->rec_line, "expected %zu columns, got %zu",
                            r->ncolumns, r->fields.n);
}

static void free_columns(voce_reader *r)
{
    for (size_t i = 0; i < r->ncolumns; i++)
        free(r->columns[i]);
    free(r->columns);
    r->columns = NULL;
    r->ncolumns = 0;
}

void voce_reader_set_columns(voce_reader *r, char **names, size_t n)
{
    free_columns(r);
    r->columns = names;
    r->ncolumns = n;
}

void voce_reader_number_columns(voce_reader *r, size_t n)
{
    char **names = voce_xcalloc(n ? n : 1, sizeof *names);
    for (size_t i = 0; i < n; i++) {
        char num[32];
        snprintf(num, sizeof num, "%zu", i + 1);
        names[i] = voce_xstrdup(num);
    }
    voce_reader_set_columns(r, names, n);
}

/* ---- Which column holds the text ---------------------------------------- */

/* Column names a text column goes by, in exports in Italian and English. */
static const char *const text_names[] = {
    "text",     "comment",  "comments",  "review",   "reviews",       "feedback",
    "message",  "messages", "body",      "content",  "verbatim",      "answer",
    "response", "testo",    "commento",  "commenti", "recensione",    "recensioni",
    "risposta", "risposte", "messaggio", "messaggi", "feedback_text",
};

/* Words that make a name a poor guess even when it holds a text word:
 * "answer_id", "Data risposta", "review score". */
static const char *const not_text_words[] = {
    "id",   "date", "data",  "time",   "ora",  "score",  "rating", "voto",   "punteggio",
    "type", "tipo", "count", "length", "code", "codice", "number", "numero",
};

static bool isalnum_ascii(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (ascii_ieq(s, n, list[i]))
            return true;
    return false;
}

#define IN_LIST(s, n, list) in_list(s, n, list, sizeof list / sizeof list[0])

static size_t trim(const char **s, size_t n)
{
    const char *p = *s;
    while (n) {
        int32_t cp;
        size_t k = voce_utf8_decode(p, n, &cp, NULL);
        if (!voce_utf8_is_space(cp) && cp != 0xFEFF)
            break;
        p += k;
        n -= k;
    }
    while (n) {
        size_t k = 1;
        while (k < n && k < 4 && ((unsigned char)p[n - k] & 0xC0) == 0x80)
            k++;
        int32_t cp;
        voce_utf8_decode(p + n - k, k, &cp, NULL);
        if (!voce_utf8_is_space(cp))
            break;
        n -= k;
    }
    *s = p;
    return n;
}

/* How well a column name says "text": 2 it is a text name, 1 it holds one
 * as a word ("Customer comments", "feedback_text", "reviewText"), else 0. */
static int text_name_rank(const char *name, size_t n)
{
    n = trim(&name, n);
    if (IN_LIST(name, n, text_names))
        return 2;
    bool found = false;
    size_t i = 0;
    while (i < n) {
        while (i < n && !((unsigned char)name[i] >= 0x80 || isalnum_ascii(name[i])))
            i++;
        size_t start = i;
        while (i < n && ((unsigned char)name[i] >= 0x80 || isalnum_ascii(name[i]))) {
            i++;
            /* camelCase: a capital after a small letter starts a word */
            if (i < n && name[i] >= 'A' && name[i] <= 'Z' && name[i - 1] >= 'a' &&
                name[i - 1] <= 'z')
                break;
        }
        if (i == start)
            continue;
        if (IN_LIST(name + start, i - start, not_text_words))
            return 0;
        if (IN_LIST(name + start, i - start, text_names))
            found = true;
    }
    return found ? 1 : 0;
}

/* The key a column name is compared by: trimmed and lower case, or with
 * accents removed as well ('fold'). */
static void name_key(const char *s, size_t n, bool fold, voce_buf *out)
{
    voce_buf_reset(out);
    voce_buf_add(out, "", 0);
    n = trim(&s, n);
    if (fold) {
        voce_utf8_fold_key(s, n, out);
        return;
    }
    size_t i = 0;
    while (i < n) {
        int32_t cp;
        i += voce_utf8_decode(s + i, n - i, &cp, NULL);
        voce_utf8_append(out, voce_utf8_lower(cp));
    }
}

/* A 1-based column number, or 0 if 's' is not one. */
static size_t column_number(const char *s)
{
    size_t n = strlen(s);
    n = trim(&s, n);
    if (n == 0 || n > 9)
        return 0;
    size_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (size_t)(s[i] - '0');
    }
    return v;
}

size_t voce_reader_find_column(const voce_reader *r, const char *want)
{
    voce_buf a = VOCE_BUF_INIT, b = VOCE_BUF_INIT;
    size_t found = VOCE_NO_COLUMN;
    for (int fold = 0; fold < 2 && found == VOCE_NO_COLUMN; fold++) {
        name_key(want, strlen(want), fold, &a);
        for (size_t i = 0; i < r->ncolumns && found == VOCE_NO_COLUMN; i++) {
            name_key(r->columns[i], strlen(r->columns[i]), fold, &b);
            if (a.len == b.len && memcmp(a.data, b.data, a.len) == 0)
                found = i;
        }
    }
    voce_buf_release(&a);
    voce_buf_release(&b);
    size_t num = column_number(want);
    if (found == VOCE_NO_COLUMN && num >= 1 && num <= r->ncolumns)
        found = num - 1;
    return found;
}

/* "id, testo, voto" for messages, shortened to fit. */
static void list_columns(const voce_reader *r, char *out, size_t size)
{
    voce_buf b = VOCE_BUF_INIT;
    for (size_t i = 0; i < r->ncolumns; i++) {
        if (b.len > 100) {
            voce_buf_adds(&b, ", ...");
            break;
        }
        voce_buf_adds(&b, i ? ", " : "");
        voce_buf_adds(&b, r->columns[i]);
    }
    snprintf(out, size, "%s", r->ncolumns ? voce_buf_str(&b) : "none");
    voce_buf_release(&b);
}

static voce_status column_error(voce_reader *r, voce_error *err, voce_status st, const char *what)
{
    char names[160];
    list_columns(r, names, sizeof names);
    return voce_error_at(err, st, r->name, r->header_line ? r->header_line : 1,
                         "%s (the columns are: %s)", what, names);
}

static voce_status choose_columns(voce_reader *r, const voce_reader_options *opt, voce_error *err)
{
    r->text_col = 0;
    r->id_col = VOCE_NO_COLUMN;
    if (r->ncolumns == 0) /* empty input: nothing to choose from, nothing to read */
        return VOCE_OK;
    char what[200];
    if (opt->text_column) {
        r->text_col = voce_reader_find_column(r, opt->text_column);
        if (r->text_col == VOCE_NO_COLUMN) {
            snprintf(what, sizeof what, "no column '%.100s' for the text", opt->text_column);
            return column_error(r, err, VOCE_ERR_PARSE, what);
        }
    } else {
        size_t best = VOCE_NO_COLUMN;
        int best_rank = 0;
        for (size_t i = 0; i < r->ncolumns; i++) {
            int rank = text_name_rank(r->columns[i], strlen(r->columns[i]));
            if (rank > best_rank) {
                best = i;
                best_rank = rank;
            }
        }
        if (best == VOCE_NO_COLUMN)
            return column_error(r, err, VOCE_ERR_PARSE,
                                "cannot tell which column holds the text; "
                                "use --text-column NAME|N");
        r->text_col = best;
    }
    if (opt->id_column) {
        r->id_col = voce_reader_find_column(r, opt->id_column);
        if (r->id_col == VOCE_NO_COLUMN) {
            snprintf(what, sizeof what, "no column '%.100s' for the id", opt->id_column);
            return column_error(r, err, VOCE_ERR_PARSE, what);
        }
    }
    return VOCE_OK;
}

/* ---- What the input is -------------------------------------------------- */

static bool is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* The offset of the first line of s[0..n) that is not blank. */
static size_t skip_blank_lines(const char *s, size_t n, char eol)
{
    size_t at = 0;
    while (at < n) {
        const char *end = memchr(s + at, eol, n - at);
        size_t len = end ? (size_t)(end - (s + at)) + 1 : n - at;
        if (!is_blank(s + at, len))
            break;
        at += len;
    }
    return at;
}

/* The separator among 'cands' that splits the first record of s[0..n)
 * into the most fields, counting outside quotes; ties go to the first. */
static char best_delimiter(const char *s, size_t n, char eol, const char *cands, size_t *fields)
{
    char best = cands[0];
    size_t most = 0;
    for (const char *c = cands; *c; c++) {
        size_t nf;
        bool complete;
        voce_csv_scan(s, n, *c, eol, &nf, &complete);
        if (nf > most) {
            most = nf;
            best = *c;
        }
    }
    *fields = most;
    return best;
}

/* Guess the format of an input whose name says nothing, from its start
 * s[0..n) ('whole' if that is all of it):
 *   - a first line starting with '{' (or '[') is JSONL;
 *   - Excel's "sep=;" line means CSV;
 *   - a TAB in the first line is TSV (voce's own output, in a pipeline);
 *   - CSV needs a first line of 2+ fields split by ',' ';' or '|' that
 *     looks like a header: one name is a text column name (or the one asked
 *     for), or the next 3+ records have as many fields as it has;
 *   - anything else is TEXT: a comment with commas stays one comment. */
static voce_format sniff_format(const voce_reader *r, const char *s, size_t n, bool whole,
                                const char *want_text, char *delim)
{
    size_t at = skip_blank_lines(s, n, r->eol);
    s += at;
    n -= at;
    if (n == 0)
        return VOCE_FORMAT_TEXT;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t'))
        i++;
    if (i < n && (s[i] == '{' || s[i] == '['))
        return VOCE_FORMAT_JSONL;
    const char *end = memchr(s, r->eol, n);
    size_t line = end ? (size_t)(end - s) : n;
    if (line && s[line - 1] == '\r')
        line--;
    if (line == 5 && memcmp(s, "sep=", 4) == 0) /* Excel's delimiter line */
        return VOCE_FORMAT_CSV;
    if (memchr(s, '\t', line))
        return VOCE_FORMAT_TSV;
    size_t nf;
    char d = best_delimiter(s, n, r->eol, ",;|", &nf);
    if (nf < 2)
        return VOCE_FORMAT_TEXT;
    *delim = d;

    bool complete;
    size_t used = voce_csv_scan(s, n, d, r->eol, &nf, &complete);
    voce_fields f;
    voce_fields_init(&f);
    voce_csv_split(s, used - voce_reader_eol_len(r, s, used), d, &f);
    bool named = false;
    for (size_t k = 0; k < f.n && !named; k++) {
        const char *name = f.vals.data + f.span[k].off;
        named = text_name_rank(name, f.span[k].len) > 0;
        if (want_text && !named) {
            voce_buf a = VOCE_BUF_INIT, b = VOCE_BUF_INIT;
            name_key(want_text, strlen(want_text), true, &a);
            name_key(name, f.span[k].len, true, &b);
            named = a.len == b.len && memcmp(a.data, b.data, a.len) == 0;
            voce_buf_release(&a);
            voce_buf_release(&b);
        }
    }
    voce_fields_release(&f);
    if (named)
        return VOCE_FORMAT_CSV;

    size_t same = 0;
    for (size_t pos = used; pos < n && same < 20;) {
        size_t rec_nf;
        size_t k = voce_csv_scan(s + pos, n - pos, d, r->eol, &rec_nf, &complete);
        if (!complete && !(whole && pos + k == n))
            break;
        if (!is_blank(s + pos, k)) {
            if (rec_nf != nf)
                return VOCE_FORMAT_TEXT;
            same++;
        }
        pos += k;
    }
    return same >= 3 ? VOCE_FORMAT_CSV : VOCE_FORMAT_TEXT;
}

/* Settle format, line ends and delimiter from the options, the name and
 * the decoded start of the input. */
static void detect(voce_reader *r, const char *path, const voce_reader_options *opt)
{
    size_t n;
    const char *s = voce_decoder_data(&r->dec, &n);
    bool whole = r->dec.eof && r->dec.in_len == 0;
    /* Files from old Macs end lines with a CR alone. */
    r->eol = (!memchr(s, '\n', n) && memchr(s, '\r', n)) ? '\r' : '\n';

    char sniffed = ',';
    r->format = opt->format;
    if (r->format == VOCE_FORMAT_AUTO && strcmp(path, "-") != 0)
        r->format = format_from_extension(path);
    if (r->format == VOCE_FORMAT_AUTO)
        r->format = sniff_format(r, s, n, whole, opt->text_column, &sniffed);

    if (r->format == VOCE_FORMAT_TSV) {
        r->delimiter = '\t';
    } else if (r->format == VOCE_FORMAT_CSV) {
        r->delimiter = opt->delimiter;
        r->delimiter_given = opt->delimiter != 0;
        if (!r->delimiter) {
            size_t at = r->no_header ? 0 : skip_blank_lines(s, n, r->eol);
            size_t nf;
            r->delimiter = best_delimiter(s + at, n - at, r->eol, ",;\t|", &nf);
        }
    }
}

/* ---- The reader --------------------------------------------------------- */

static voce_status check_options(const voce_reader_options *opt, voce_encoding *enc,
                                 voce_error *err)
{
    if (opt->format < VOCE_FORMAT_AUTO || opt->format > VOCE_FORMAT_JSONL)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "unknown input format %d",
                              (int)opt->format);
    if (!voce_encoding_parse(opt->encoding, enc))
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "unknown encoding '%.100s' (known: auto, utf-8, windows-1252, "
                              "latin-1, utf-16le, utf-16be)",
                              opt->encoding);
    char d = opt->delimiter;
    if (d && !voce_csv_delimiter_ok(d))
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "a quote or a line end cannot separate fields");
    const char *cols[2] = {opt->text_column, opt->id_column};
    for (int i = 0; i < 2; i++) {
        if (!cols[i])
            continue;
        const char *s = cols[i];
        size_t n = trim(&s, strlen(s));
        if (n == 0)
            return voce_error_set(err, VOCE_ERR_INVALID, NULL, "empty column name");
        if (strspn(s, "0") == n)
            return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                                  "column numbers start at 1, not '%s'", cols[i]);
    }
    return VOCE_OK;
}

voce_status voce_reader_open(voce_reader **out, const char *path, const voce_reader_options *opt,
                             voce_error *err)
{
    static const voce_reader_options defaults = {0};
    *out = NULL;
    if (!opt)
        opt = &defaults;
    if (!path)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "no input path");
    voce_encoding enc;
    voce_status st = check_options(opt, &enc, err);
    if (st != VOCE_OK)
        return st;
    bool is_stdin = strcmp(path, "-") == 0;
    FILE *fp = is_stdin ? stdin : fopen(path, "rb");
    if (!fp)
        return voce_error_sys(err, path);

    voce_reader *r = voce_xcalloc(1, sizeof *r);
    r->name = voce_xstrdup(is_stdin ? "<stdin>" : path);
    r->fp = fp;
    r->own_fp = !is_stdin;
    r->max_record = opt->max_record_bytes ? opt->max_record_bytes : VOCE_RECORD_MAX_DEFAULT;
    r->no_header = opt->no_header;
    voce_fields_init(&r->fields);
    r->id_col = VOCE_NO_COLUMN;
    if ((st = voce_decoder_init(&r->dec, fp, enc, r->name, err)) != VOCE_OK)
        goto fail;
    detect(r, path, opt);
    switch (r->format) {
    case VOCE_FORMAT_AUTO:
    case VOCE_FORMAT_TEXT: st = voce_text_open(r, err); break;
    case VOCE_FORMAT_TSV: st = voce_tsv_open(r, err); break;
    case VOCE_FORMAT_CSV: st = voce_csv_open(r, err); break;
    case VOCE_FORMAT_JSONL: st = voce_jsonl_open(r, opt->text_column, opt->id_column, err); break;
    }
    if (st != VOCE_OK || (st = choose_columns(r, opt, err)) != VOCE_OK)
        goto fail;
    *out = r;
    return VOCE_OK;
fail:
    voce_reader_close(r);
    return st;
}

/* Point 'rec' at the fields of the record just read. */
static void finish(voce_reader *r, voce_record *rec)
{
    voce_fields *f = &r->fields;
    size_t n = f->n > r->ncolumns ? f->n : r->ncolumns;
    if (n > r->fcap) {
        r->fptr = voce_xrealloc(r->fptr, n * sizeof *r->fptr);
        r->flen = voce_xrealloc(r->flen, n * sizeof *r->flen);
        r->fcap = n;
    }
    for (size_t i = 0; i < n; i++) {
        if (i < f->n && f->span[i].off != VOCE_MISSING) {
            r->fptr[i] = f->vals.data + f->span[i].off;
            r->flen[i] = f->span[i].len;
        } else {
            r->fptr[i] = "";
            r->flen[i] = 0;
        }
    }
    rec->nfields = f->n;
    rec->field = r->fptr;
    rec->field_len = r->flen;
    if (r->text_col < n && !r->text_null) {
        rec->text = r->fptr[r->text_col];
        rec->text_len = r->flen[r->text_col];
    }
    if (r->id_col != VOCE_NO_COLUMN && r->id_col < n) {
        rec->id = r->fptr[r->id_col];
        rec->id_len = r->flen[r->id_col];
    }
}

int voce_reader_next(voce_reader *r, voce_record *rec, voce_error *err)
{
    memset(rec, 0, sizeof *rec);
    rec->text = "";
    if (r->ended)
        return 0;
    voce_buf_reset(&r->raw);
    voce_fields_reset(&r->fields);
    r->has_view = false;
    r->view = NULL;
    r->view_len = 0;
    r->repairs = 0;
    r->text_null = false;
    int st = 0;
    switch (r->format) {
    case VOCE_FORMAT_AUTO:
    case VOCE_FORMAT_TEXT: st = voce_text_next(r, err); break;
    case VOCE_FORMAT_TSV: st = voce_tsv_next(r, err); break;
    case VOCE_FORMAT_CSV: st = voce_csv_next(r, err); break;
    case VOCE_FORMAT_JSONL: st = voce_jsonl_next(r, err); break;
    }
    if (st == 0)
        return 0;
    rec->line = r->rec_line;
    rec->repairs = r->repairs;
    if (r->has_view) {
        rec->raw = r->view;
        rec->raw_len = r->view_len;
    }
    if (st == 1)
        finish(r, rec);
    return st;
}

voce_format voce_reader_format(const voce_reader *r)
{
    return r->format;
}

char voce_reader_delimiter(const voce_reader *r)
{
    return r->delimiter;
}

const char *voce_reader_encoding(const voce_reader *r, bool *bom)
{
    if (bom)
        *bom = r->dec.bom;
    return voce_encoding_name(r->dec.enc);
}

size_t voce_reader_columns(const voce_reader *r, const char *const **names)
{
    if (names)
        *names = (const char *const *)r->columns;
    return r->ncolumns;
}

size_t voce_reader_text_column(const voce_reader *r)
{
    return r->text_col;
}

void voce_reader_close(voce_reader *r)
{
    if (!r)
        return;
    if (r->own_fp && r->fp)
        fclose(r->fp);
    voce_decoder_release(&r->dec);
    voce_buf_release(&r->replay);
    voce_buf_release(&r->raw);
    voce_buf_release(&r->fixed);
    voce_buf_release(&r->scratch);
    voce_fields_release(&r->fields);
    free_columns(r);
    free(r->fptr);
    free(r->flen);
    free(r->name);
    free(r);
}

/* ---- The writer --------------------------------------------------------- */

struct voce_writer {
    FILE *fp;
    voce_format format, in_format; /* format is never TEXT: that is written as TSV */
    char delim;
    char **in_cols;
    size_t n_in;
    char **extra;
    bool *extra_json;
    size_t n_extra;
    voce_buf out;
};

static char **copy_names(const char *const *names, size_t n)
{
    char **copy = voce_xcalloc(n ? n : 1, sizeof *copy);
    for (size_t i = 0; i < n; i++)
        copy[i] = voce_xstrdup(names[i] ? names[i] : "");
    return copy;
}

static void free_names(char **names, size_t n)
{
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

void voce_writer_free(voce_writer *w)
{
    if (!w)
        return;
    free_names(w->in_cols, w->n_in);
    free_names(w->extra, w->n_extra);
    free(w->extra_json);
    voce_buf_release(&w->out);
    free(w);
}

static voce_status flush_out(voce_writer *w, voce_error *err)
{
    if (w->out.len && fwrite(w->out.data, 1, w->out.len, w->fp) != w->out.len) {
        int e = errno ? errno : EIO;
        voce_error_set(err, VOCE_ERR_IO, NULL, "cannot write the output: %s", strerror(e));
        if (err)
            err->sys_errno = e;
        return VOCE_ERR_IO;
    }
    return VOCE_OK;
}

/* One TSV or CSV cell, with its separator unless it is the first. */
static void put_cell(voce_writer *w, bool first, const char *s, size_t n)
{
    if (!first)
        voce_buf_addc(&w->out, w->format == VOCE_FORMAT_TSV ? '\t' : w->delim);
    if (w->format == VOCE_FORMAT_TSV)
        voce_tsv_put(&w->out, s, n);
    else
        voce_csv_put(&w->out, s, n, w->delim);
}

voce_status voce_writer_open(voce_writer **out, FILE *fp, voce_format format, char delimiter,
                             voce_format in_format, const char *const *in_columns, size_t n_in,
                             const char *const *extra, const bool *extra_is_json, size_t n_extra,
                             voce_error *err)
{
    *out = NULL;
    if (!fp || format <= VOCE_FORMAT_AUTO || format > VOCE_FORMAT_JSONL)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "no output, or no output format");
    if (in_format <= VOCE_FORMAT_AUTO || in_format > VOCE_FORMAT_JSONL)
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "the input format is not known");
    if ((n_in && !in_columns) || (n_extra && !extra))
        return voce_error_set(err, VOCE_ERR_INVALID, NULL, "column names missing");
    if (!voce_csv_delimiter_ok(delimiter))
        return voce_error_set(err, VOCE_ERR_INVALID, NULL,
                              "a quote or a line end cannot separate fields");
    voce_writer *w = voce_xcalloc(1, sizeof *w);
    w->fp = fp;
    w->format = format == VOCE_FORMAT_TEXT ? VOCE_FORMAT_TSV : format;
    w->in_format = in_format;
    w->delim = format == VOCE_FORMAT_CSV && delimiter ? delimiter : ',';
    static const char *const text_column[] = {"text"};
    if (in_format == VOCE_FORMAT_TEXT && n_in == 0) {
        in_columns = text_column;
        n_in = 1;
    }
    w->in_cols = copy_names(in_columns, n_in);
    w->n_in = n_in;
    w->extra = copy_names(extra, n_extra);
    /* An appended column never takes the name of an input column: a JSON
     * object with two "lang" keys means nothing. It becomes "voce_lang". */
    for (size_t i = 0; i < n_extra; i++) {
        for (size_t j = 0; j < n_in; j++) {
            if (strcmp(w->extra[i], w->in_cols[j]) == 0) {
                size_t len = strlen(w->extra[i]);
                char *renamed = voce_xmalloc(len + 6);
                memcpy(renamed, "voce_", 5);
                memcpy(renamed + 5, w->extra[i], len + 1);
                free(w->extra[i]);
                w->extra[i] = renamed;
                break;
            }
        }
    }
    w->extra_json = voce_xcalloc(n_extra ? n_extra : 1, sizeof *w->extra_json);
    for (size_t i = 0; i < n_extra && extra_is_json; i++)
        w->extra_json[i] = extra_is_json[i];
    w->n_extra = n_extra;
    voce_buf_init(&w->out);

    if (w->format != VOCE_FORMAT_JSONL && n_in + n_extra > 0) {
        for (size_t i = 0; i < n_in; i++)
            put_cell(w, i == 0, w->in_cols[i], strlen(w->in_cols[i]));
        for (size_t i = 0; i < n_extra; i++)
            put_cell(w, n_in + i == 0, w->extra[i], strlen(w->extra[i]));
        voce_buf_addc(&w->out, '\n');
        voce_status st = flush_out(w, err);
        if (st != VOCE_OK) {
            voce_writer_free(w);
            return st;
        }
    }
    *out = w;
    return VOCE_OK;
}

static void put_json_extras(voce_writer *w, const char *const *extra, bool first)
{
    for (size_t i = 0; i < w->n_extra; i++) {
        if (!first || i)
            voce_buf_addc(&w->out, ',');
        voce_json_put_string(&w->out, w->extra[i], strlen(w->extra[i]));
        voce_buf_addc(&w->out, ':');
        const char *v = extra ? extra[i] : NULL;
        if (!v || (w->extra_json[i] && !*v))
            voce_buf_adds(&w->out, "null");
        else if (w->extra_json[i])
            voce_buf_adds(&w->out, v);
        else
            voce_json_put_string(&w->out, v, strlen(v));
    }
}

/* A record in another format than the output's: rebuilt from its fields,
 * all of them, and at least as many as there are input columns. */
static void convert_record(voce_writer *w, const voce_record *rec, const char *const *extra)
{
    size_t nf = rec->field ? rec->nfields : 0;
    size_t n = nf > w->n_in ? nf : w->n_in;
    if (w->format == VOCE_FORMAT_JSONL) {
        voce_buf_addc(&w->out, '{');
        for (size_t i = 0; i < n; i++) {
            if (i)
                voce_buf_addc(&w->out, ',');
            if (i < w->n_in) {
                voce_json_put_string(&w->out, w->in_cols[i], strlen(w->in_cols[i]));
            } else {
                char num[32];
                int k = snprintf(num, sizeof num, "%zu", i + 1);
                voce_json_put_string(&w->out, num, (size_t)k);
            }
            voce_buf_addc(&w->out, ':');
            if (i < nf)
                voce_json_put_string(&w->out, rec->field[i], rec->field_len[i]);
            else
                voce_buf_adds(&w->out, "\"\"");
        }
        put_json_extras(w, extra, n == 0);
        voce_buf_addc(&w->out, '}');
        return;
    }
    for (size_t i = 0; i < n; i++)
        put_cell(w, i == 0, i < nf ? rec->field[i] : "", i < nf ? rec->field_len[i] : 0);
    for (size_t i = 0; i < w->n_extra; i++) {
        const char *v = extra && extra[i] ? extra[i] : "";
        put_cell(w, n + i == 0, v, strlen(v));
    }
}

/* Whether rec->raw can go out as it came in. A record the reader could not
 * read (it has no fields) may hold an unclosed quote or broken JSON, which
 * would spoil the rest of the output for the next program: it passes only
 * if its raw text is still one well-formed record. */
static bool passes_through(const voce_writer *w, const voce_record *rec)
{
    if (w->format != w->in_format || !rec->raw)
        return false;
    bool read_ok = rec->field && rec->nfields > 0;
    switch (w->format) {
    case VOCE_FORMAT_CSV: return read_ok || voce_csv_is_record(rec->raw, rec->raw_len, w->delim);
    case VOCE_FORMAT_JSONL: return read_ok || voce_jsonl_is_object(rec->raw, rec->raw_len);
    default: return true; /* TSV: one line, nothing to unbalance */
    }
}

voce_status voce_writer_write(voce_writer *w, const voce_record *rec, const char *const *extra,
                              voce_error *err)
{
    voce_buf_reset(&w->out);
    size_t nf = rec->field ? rec->nfields : 0;
    size_t at;
    bool empty;
    if (w->format == VOCE_FORMAT_JSONL && !nf && rec->raw && rec->raw_len &&
        !passes_through(w, rec)) {
        /* A line that is not a JSON object: kept whole, as a string, so the
         * output stays valid JSONL and nothing of the input is lost. */
        voce_buf_adds(&w->out, "{\"voce_unreadable\":");
        voce_json_put_string(&w->out, rec->raw, rec->raw_len);
        put_json_extras(w, extra, false);
        voce_buf_addc(&w->out, '}');
    } else if (passes_through(w, rec) && w->format == VOCE_FORMAT_JSONL &&
               voce_jsonl_insert_point(rec->raw, rec->raw_len, &at, &empty)) {
        voce_buf_add(&w->out, rec->raw, at);
        put_json_extras(w, extra, empty);
        voce_buf_add(&w->out, rec->raw + at, rec->raw_len - at);
    } else if (passes_through(w, rec) && w->format != VOCE_FORMAT_JSONL) {
        /* Untouched, with empty cells for fields the record lacks so that
         * the extra columns stay under their names. */
        voce_buf_add(&w->out, rec->raw, rec->raw_len);
        char sep = w->format == VOCE_FORMAT_TSV ? '\t' : w->delim;
        for (size_t i = nf ? nf : 1; i < w->n_in; i++)
            voce_buf_addc(&w->out, sep);
        for (size_t i = 0; i < w->n_extra; i++) {
            const char *v = extra && extra[i] ? extra[i] : "";
            put_cell(w, false, v, strlen(v));
        }
    } else if (w->format == VOCE_FORMAT_CSV && w->in_format == VOCE_FORMAT_CSV && rec->raw &&
               nf == 0) {
        /* Unreadable CSV: its text kept whole, quoted, in the first cell. */
        voce_record one = *rec;
        const char *field[1] = {rec->raw};
        size_t len[1] = {rec->raw_len};
        one.field = field;
        one.field_len = len;
        one.nfields = 1;
        convert_record(w, &one, extra);
    } else {
        convert_record(w, rec, extra);
    }
    voce_buf_addc(&w->out, '\n');
    return flush_out(w, err);
}
