/* redact.c -- masking personal data in the text voce writes out.
 *
 * What counts as personal data is data: lexicons/redact.tsv lists a name,
 * a placeholder and a PCRE2 pattern per row (e-mail, phone, IBAN, card,
 * codice fiscale). Each row is compiled once; a text is searched with every
 * row, matches that fail their check (Luhn for cards, mod 97 for IBANs) are
 * dropped, and of overlapping matches the earliest wins. Matching only
 * ever sees valid UTF-8: a text with invalid bytes is redacted run by run,
 * its bytes otherwise kept.
 *
 * A record is redacted where it stands: the text field inside the record as
 * read (a CSV cell, a TSV column, a JSON string) is replaced, quoted or
 * escaped as its format wants, and every other byte is kept, so a redacted
 * record still passes through a writer untouched. Reading the formats is
 * record.c's; this file only finds one field's bytes again. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "error.h"
#include "mem.h"
#include "record.h"
#include "regex.h"
#include "tsvfile.h"
#include "utf8.h"
#include "voce.h"

enum check { CHECK_NONE, CHECK_LUHN, CHECK_IBAN };

typedef struct entry {
    char *name, *placeholder; /* in the redactor's arena */
    size_t placeholder_len;
    voce_regex *re;
    enum check check;
} entry;

struct voce_redactor {
    entry *entries;
    size_t n, cap;
    voce_arena arena;
};

/* A match kept for replacement: [start, end) and the row that found it. */
typedef struct span {
    size_t start, end, row;
} span;

/* One call's working memory. */
typedef struct scratch {
    voce_regex_scratch *re;
    span *spans;
    size_t nspans, cap;
    voce_buf text, redacted; /* JSON strings: decoded, then redacted */
} scratch;

/* ---- Loading ------------------------------------------------------------ */

static enum check check_for(const char *name)
{
    if (strcmp(name, "card") == 0)
        return CHECK_LUHN;
    if (strcmp(name, "iban") == 0)
        return CHECK_IBAN;
    return CHECK_NONE;
}

static voce_status load_rows(voce_redactor *r, voce_tsvfile *f, voce_error *err)
{
    int got;
    while ((got = voce_tsvfile_next(f, err)) == 1) {
        if (f->nfields != 3)
            return voce_tsvfile_error(f, err, VOCE_ERR_PARSE, "expected 3 columns, got %zu",
                                      f->nfields);
        if (!*f->field[0] || !*f->field[1] || !*f->field[2])
            return voce_tsvfile_error(f, err, VOCE_ERR_PARSE, "empty name, placeholder or pattern");
        char where[sizeof err->where];
        snprintf(where, sizeof where, "%s:%zu", f->path, f->line);
        voce_regex *re;
        voce_status st = voce_regex_compile(&re, f->field[2], 0, where, err);
        if (st != VOCE_OK)
            return st;
        r->entries = voce_xgrow(r->entries, &r->cap, r->n + 1, sizeof *r->entries);
        entry *e = &r->entries[r->n++];
        e->name = voce_arena_strndup(&r->arena, f->field[0], strlen(f->field[0]));
        e->placeholder_len = strlen(f->field[1]);
        e->placeholder = voce_arena_strndup(&r->arena, f->field[1], e->placeholder_len);
        e->re = re;
        e->check = check_for(e->name);
    }
    return got < 0 ? VOCE_ERR_PARSE : VOCE_OK;
}

voce_status voce_redactor_load(voce_redactor **out, const char *lexicon_dir, voce_error *err)
{
    *out = NULL;
    char path[4096];
    snprintf(path, sizeof path, "%s/redact.tsv", lexicon_dir ? lexicon_dir : ".");
    voce_tsvfile f;
    voce_status st = voce_tsvfile_open(&f, path, err);
    if (st != VOCE_OK)
        return st;
    voce_redactor *r = voce_xcalloc(1, sizeof *r);
    voce_arena_init(&r->arena);
    st = load_rows(r, &f, err);
    voce_tsvfile_close(&f);
    if (st != VOCE_OK) {
        voce_redactor_free(r);
        return st;
    }
    *out = r;
    return VOCE_OK;
}

void voce_redactor_free(voce_redactor *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        voce_regex_free(r->entries[i].re);
    free(r->entries);
    voce_arena_release(&r->arena);
    free(r);
}

/* ---- Checks ------------------------------------------------------------- */

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The digits of s[0..n) pass the Luhn check, and there are 13 to 19. */
static bool luhn_ok(const char *s, size_t n)
{
    unsigned sum = 0, count = 0;
    for (size_t i = n; i-- > 0;) {
        if (!is_digit(s[i]))
            continue;
        unsigned d = (unsigned)(s[i] - '0');
        if (count++ % 2 == 1)
            d = d * 2 > 9 ? d * 2 - 9 : d * 2;
        sum += d;
    }
    return count >= 13 && count <= 19 && sum % 10 == 0;
}

/* s[0..n), spaces aside, is an IBAN: two letters, two digits, 11 to 30
 * letters or digits, and the mod-97 remainder of ISO 13616 is 1. */
static bool iban_ok(const char *s, size_t n)
{
    char code[40];
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == ' ')
            continue;
        if (!is_alnum(s[i]) || len == 34)
            return false;
        char c = s[i];
        code[len++] = c >= 'a' && c <= 'z' ? (char)(c - 32) : c;
    }
    if (len < 15 || is_digit(code[0]) || is_digit(code[1]) || !is_digit(code[2]) ||
        !is_digit(code[3]))
        return false;
    unsigned rem = 0;
    for (size_t k = 0; k < len; k++) {
        char c = code[(k + 4) % len]; /* the first four characters move to the end */
        if (is_digit(c))
            rem = (rem * 10 + (unsigned)(c - '0')) % 97;
        else
            rem = (rem * 100 + (unsigned)(c - 'A' + 10)) % 97;
    }
    return rem == 1;
}

static bool passes(enum check check, const char *s, size_t n)
{
    switch (check) {
    case CHECK_LUHN: return luhn_ok(s, n);
    case CHECK_IBAN: return iban_ok(s, n);
    case CHECK_NONE: break;
    }
    return true;
}

/* How much of the match s[0..n) to replace: all of it if it passes its
 * check, else the longest part that passes and ends where a space or a
 * dash separates groups; 0 if none does. */
static size_t accepted(enum check check, const char *s, size_t n)
{
    if (passes(check, s, n))
        return n;
    if (check == CHECK_NONE)
        return 0;
    for (size_t p = n - 1; p > 0; p--)
        if ((s[p] == ' ' || s[p] == '-') && is_alnum(s[p - 1]) && passes(check, s, p))
            return p;
    return 0;
}

/* ---- Redacting a text --------------------------------------------------- */

static size_t next_char(const char *s, size_t n, size_t at)
{
    at++;
    while (at < n && ((unsigned char)s[at] & 0xC0) == 0x80)
        at++;
    return at;
}

static void find_spans(const voce_redactor *r, const char *s, size_t n, scratch *sc)
{
    sc->nspans = 0;
    for (size_t row = 0; row < r->n; row++) {
        const entry *e = &r->entries[row];
        voce_regex_match m;
        size_t from = 0;
        /* A match limit hit (-1) ends this row's search: patterns are
         * written so that it does not happen. */
        while (from < n && voce_regex_find(e->re, s, n, from, sc->re, &m) == 1) {
            size_t len = m.end > m.start ? accepted(e->check, s + m.start, m.end - m.start) : 0;
            if (!len) {
                from = next_char(s, n, m.start);
                continue;
            }
            sc->spans = voce_xgrow(sc->spans, &sc->cap, sc->nspans + 1, sizeof *sc->spans);
            sc->spans[sc->nspans++] = (span){m.start, m.start + len, row};
            from = m.start + len;
        }
    }
}

static int by_start(const void *a, const void *b)
{
    const span *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return x->row < y->row ? -1 : x->row > y->row;
}

/* Append s[0..n), valid UTF-8, with its matches replaced. */
static void redact_valid(const voce_redactor *r, const char *s, size_t n, scratch *sc,
                         voce_buf *out, size_t *found)
{
    find_spans(r, s, n, sc);
    if (sc->nspans > 1)
        qsort(sc->spans, sc->nspans, sizeof *sc->spans, by_start);
    size_t at = 0;
    for (size_t i = 0; i < sc->nspans; i++) {
        const span *sp = &sc->spans[i];
        if (sp->start < at)
            continue; /* overlaps one already replaced */
        const entry *e = &r->entries[sp->row];
        voce_buf_add(out, s + at, sp->start - at);
        voce_buf_add(out, e->placeholder, e->placeholder_len);
        at = sp->end;
        (*found)++;
    }
    voce_buf_add(out, s + at, n - at);
}

/* Append s[0..n), any bytes, redacted: invalid UTF-8 is kept as it is and
 * the valid runs between are searched. */
static void redact_text(const voce_redactor *r, const char *s, size_t n, scratch *sc, voce_buf *out,
                        size_t *found)
{
    voce_buf_add(out, "", 0);
    if (voce_utf8_is_valid(s, n)) {
        redact_valid(r, s, n, sc, out, found);
        return;
    }
    size_t run = 0, i = 0;
    while (i < n) {
        int32_t cp;
        bool bad = false;
        size_t k = voce_utf8_decode(s + i, n - i, &cp, &bad);
        if (bad) {
            redact_valid(r, s + run, i - run, sc, out, found);
            voce_buf_add(out, s + i, k);
            run = i + k;
        }
        i += k;
    }
    redact_valid(r, s + run, n - run, sc, out, found);
}

static void scratch_init(scratch *sc)
{
    memset(sc, 0, sizeof *sc);
    sc->re = voce_regex_scratch_new();
    voce_buf_init(&sc->text);
    voce_buf_init(&sc->redacted);
}

static void scratch_release(scratch *sc)
{
    voce_regex_scratch_free(sc->re);
    free(sc->spans);
    voce_buf_release(&sc->text);
    voce_buf_release(&sc->redacted);
}

/* Copy 'b' into the caller's buf of 'size' bytes, as snprintf would. */
static size_t give(const voce_buf *b, char *buf, size_t size)
{
    if (size) {
        size_t k = b->len < size ? b->len : size - 1;
        if (k)
            memcpy(buf, b->data, k);
        buf[k] = '\0';
    }
    return b->len;
}

size_t voce_redact(const voce_redactor *r, const char *text, size_t len, char *buf, size_t size,
                   size_t *found)
{
    size_t count = 0;
    scratch sc;
    scratch_init(&sc);
    voce_buf out = VOCE_BUF_INIT;
    redact_text(r, text ? text : "", text ? len : 0, &sc, &out, &count);
    size_t need = give(&out, buf, size);
    voce_buf_release(&out);
    scratch_release(&sc);
    if (found)
        *found = count;
    return need;
}

/* ---- Finding the text field in a record as read ------------------------- */

/* The bytes [*a, *b) of field 'index' of the TSV line s[0..n). */
static bool tsv_field(const char *s, size_t n, size_t index, size_t *a, size_t *b)
{
    size_t start = 0;
    for (size_t field = 0;; field++) {
        const char *tab = memchr(s + start, '\t', n - start);
        size_t end = tab ? (size_t)(tab - s) : n;
        if (field == index) {
            *a = start;
            *b = end;
            return true;
        }
        if (!tab)
            return false;
        start = end + 1;
    }
}

/* The bytes [*a, *b) of field 'index' of the CSV record s[0..n), quotes
 * included, read as io_csv.c reads it: a quote opens a quoted part only at
 * the start of a field, and a doubled quote inside one is a quote. */
static bool csv_field(const char *s, size_t n, char delim, size_t index, size_t *a, size_t *b)
{
    enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_SEEN } st = FIELD_START;
    size_t field = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : delim;
        if (st == QUOTED) {
            if (c == '"')
                st = QUOTE_SEEN;
            if (i < n)
                continue;
        } else if (c == '"' && (st == FIELD_START || st == QUOTE_SEEN)) {
            st = QUOTED; /* an opening quote, or the second of a doubled one */
            continue;
        }
        if (c != delim && i < n) {
            st = UNQUOTED;
            continue;
        }
        if (field == index) {
            *a = start;
            *b = i;
            return true;
        }
        field++;
        start = i + 1;
        st = FIELD_START;
    }
    return false;
}

/* ---- JSON: the text key's string values ---------------------------------- */

typedef struct json {
    const char *s;
    size_t n, i;
    size_t copied; /* bytes of s already in 'out' */
    voce_buf *out;
    const voce_redactor *r;
    scratch *sc;
    const char *key; /* the text column's name */
    size_t *found;
} json;

static void skip_ws(json *j)
{
    while (j->i < j->n &&
           (j->s[j->i] == ' ' || j->s[j->i] == '\t' || j->s[j->i] == '\r' || j->s[j->i] == '\n'))
        j->i++;
}

static int hex4(const char *s)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int d = -1;
        if (is_digit(c))
            d = c - '0';
        else if (c >= 'a' && c <= 'f')
            d = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            d = c - 'A' + 10;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

/* Read the string at j->i (a quote) into 'out', unescaped; j->i ends past
 * its closing quote. False if it is not a well-formed JSON string. */
static bool read_string(json *j, voce_buf *out)
{
    voce_buf_reset(out);
    voce_buf_add(out, "", 0);
    const char *s = j->s;
    size_t i = j->i + 1;
    while (i < j->n && s[i] != '"') {
        if (s[i] != '\\') {
            size_t run = i;
            while (i < j->n && s[i] != '"' && s[i] != '\\')
                i++;
            voce_buf_add(out, s + run, i - run);
            continue;
        }
        if (i + 1 >= j->n)
            return false;
        char c = s[i + 1];
        i += 2;
        const char *simple = strchr("\"\\/bfnrt", c);
        if (simple && c) {
            static const char decoded[] = "\"\\/\b\f\n\r\t";
            voce_buf_addc(out, decoded[simple - "\"\\/bfnrt"]);
            continue;
        }
        if (c != 'u' || i + 4 > j->n)
            return false;
        int32_t cp = hex4(s + i);
        if (cp < 0)
            return false;
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && i + 6 <= j->n && s[i] == '\\' && s[i + 1] == 'u') {
            int lo = hex4(s + i + 2);
            if (lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                i += 6;
            }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF)
            cp = VOCE_REPLACEMENT; /* a lone surrogate */
        voce_utf8_append(out, cp);
    }
    if (i >= j->n)
        return false;
    j->i = i + 1;
    return true;
}

/* Replace s[a, j->i) by the JSON string of 'text', redacted, if that
 * finds anything. */
static void replace_with_redacted(json *j, size_t a, const char *text, size_t len)
{
    voce_buf *red = &j->sc->redacted;
    voce_buf_reset(red);
    size_t before = *j->found;
    redact_text(j->r, text, len, j->sc, red, j->found);
    if (*j->found == before)
        return;
    voce_buf_add(j->out, j->s + j->copied, a - j->copied);
    voce_json_put_string(j->out, red->data, red->len);
    j->copied = j->i;
}

static bool value(json *j, bool redact, int depth);

/* An object's members (j->i at '{'); 'top' checks keys against j->key. */
static bool object(json *j, bool redact, bool top, int depth)
{
    j->i++;
    skip_ws(j);
    if (j->i < j->n && j->s[j->i] == '}') {
        j->i++;
        return true;
    }
    for (;;) {
        skip_ws(j);
        if (j->i >= j->n || j->s[j->i] != '"' || !read_string(j, &j->sc->text))
            return false;
        bool is_text =
            top && strcmp(j->sc->text.data, j->key) == 0 && j->sc->text.len == strlen(j->key);
        skip_ws(j);
        if (j->i >= j->n || j->s[j->i] != ':')
            return false;
        j->i++;
        if (!value(j, redact || is_text, depth + 1))
            return false;
        skip_ws(j);
        if (j->i < j->n && j->s[j->i] == ',') {
            j->i++;
            continue;
        }
        if (j->i < j->n && j->s[j->i] == '}') {
            j->i++;
            return true;
        }
        return false;
    }
}

static bool array(json *j, bool redact, int depth)
{
    j->i++;
    skip_ws(j);
    if (j->i < j->n && j->s[j->i] == ']') {
        j->i++;
        return true;
    }
    for (;;) {
        if (!value(j, redact, depth + 1))
            return false;
        skip_ws(j);
        if (j->i < j->n && j->s[j->i] == ',') {
            j->i++;
            continue;
        }
        if (j->i < j->n && j->s[j->i] == ']') {
            j->i++;
            return true;
        }
        return false;
    }
}

/* A value at j->i. Under the text key ('redact'), strings are redacted,
 * and so is a bare number (it becomes a string only if it held a match). */
static bool value(json *j, bool redact, int depth)
{
    if (depth > 64)
        return false;
    skip_ws(j);
    if (j->i >= j->n)
        return false;
    size_t a = j->i;
    char c = j->s[a];
    if (c == '{')
        return object(j, redact, false, depth);
    if (c == '[')
        return array(j, redact, depth);
    if (c == '"') {
        if (!read_string(j, &j->sc->text))
            return false;
        if (redact)
            replace_with_redacted(j, a, j->sc->text.data, j->sc->text.len);
        return true;
    }
    while (j->i < j->n && strchr(",}] \t\r\n", j->s[j->i]) == NULL)
        j->i++;
    if (j->i == a)
        return false;
    if (redact)
        replace_with_redacted(j, a, j->s + a, j->i - a);
    return true;
}

/* Redact the text key's values in the JSON object s[0..n). False if s is
 * not one well-formed object (then nothing was appended). */
static bool redact_json(const voce_redactor *r, const char *s, size_t n, const char *key,
                        scratch *sc, voce_buf *out, size_t *found)
{
    size_t mark = out->len, before = *found;
    json j = {.s = s, .n = n, .out = out, .r = r, .sc = sc, .key = key, .found = found};
    skip_ws(&j);
    bool ok = j.i < n && s[j.i] == '{' && object(&j, false, true, 0);
    skip_ws(&j);
    if (!ok || j.i != n) {
        out->len = mark;
        voce_buf_add(out, "", 0);
        *found = before;
        return false;
    }
    voce_buf_add(out, s + j.copied, n - j.copied);
    return true;
}

/* ---- Redacting a record ------------------------------------------------- */

/* Append raw[0..a), then 'middle', then raw[b..n). */
static void splice(voce_buf *out, const char *raw, size_t n, size_t a, size_t b,
                   const voce_buf *middle)
{
    voce_buf_add(out, raw, a);
    voce_buf_add(out, middle->data ? middle->data : "", middle->len);
    voce_buf_add(out, raw + b, n - b);
}

static void redact_record(const voce_redactor *r, const voce_reader *rd, const voce_record *rec,
                          scratch *sc, voce_buf *out, size_t *found)
{
    const char *raw = rec->raw ? rec->raw : "";
    size_t n = rec->raw ? rec->raw_len : 0;
    voce_format format = rd ? voce_reader_format(rd) : VOCE_FORMAT_TEXT;
    size_t col = rd ? voce_reader_text_column(rd) : 0;
    bool readable = rec->field && rec->nfields > 0;
    size_t a, b;
    voce_buf *cell = &sc->redacted;
    voce_buf_reset(cell);
    voce_buf_add(cell, "", 0);
    switch (format) {
    case VOCE_FORMAT_TSV:
        if (!readable)
            break;
        if (tsv_field(raw, n, col, &a, &b)) {
            redact_text(r, raw + a, b - a, sc, cell, found);
            splice(out, raw, n, a, b, cell);
        } else {
            voce_buf_add(out, raw, n);
        }
        return;
    case VOCE_FORMAT_CSV:
        if (!readable)
            break;
        if (csv_field(raw, n, voce_reader_delimiter(rd), col, &a, &b)) {
            voce_buf red = VOCE_BUF_INIT;
            size_t before = *found;
            redact_text(r, rec->text, rec->text_len, sc, &red, found);
            if (*found > before) {
                voce_csv_put(cell, red.data, red.len, voce_reader_delimiter(rd));
                splice(out, raw, n, a, b, cell);
            } else {
                voce_buf_add(out, raw, n);
            }
            voce_buf_release(&red);
        } else {
            voce_buf_add(out, raw, n);
        }
        return;
    case VOCE_FORMAT_JSONL: {
        const char *const *names;
        size_t ncols = voce_reader_columns(rd, &names);
        if (col < ncols && redact_json(r, raw, n, names[col], sc, out, found))
            return;
        break;
    }
    default: break;
    }
    /* Plain text, or a record whose fields cannot be found: all of it. */
    redact_text(r, raw, n, sc, out, found);
}

size_t voce_redact_record(const voce_redactor *r, const voce_reader *rd, const voce_record *rec,
                          char *buf, size_t size, size_t *found)
{
    size_t count = 0;
    scratch sc;
    scratch_init(&sc);
    voce_buf out = VOCE_BUF_INIT;
    voce_buf_add(&out, "", 0);
    redact_record(r, rd, rec, &sc, &out, &count);
    size_t need = give(&out, buf, size);
    voce_buf_release(&out);
    scratch_release(&sc);
    if (found)
        *found = count;
    return need;
}
