/* io_jsonl.c -- JSON Lines: one JSON object per line.
 *
 * A small scanner of our own, enough for one object per line: strings with
 * every escape (\uXXXX surrogate pairs included), numbers, true, false,
 * null (read as an empty field), and nested arrays and objects, which are
 * checked and kept as their JSON text. The columns are the keys of the
 * first object; every later object is matched to them by key, so key order
 * may change from line to line. A line that is not an object, or is
 * blank, is an error record: one line in, one result out. Writing JSONL
 * passes the object through and inserts the new members before its final
 * '}' (record.c). */
#include "record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "mem.h"
#include "utf8.h"

enum { MAX_DEPTH = 512 };

typedef struct jscan {
    const char *s;
    size_t n, i;
    const char *what; /* the error, once there is one */
    size_t at;        /* where it is */
    char buf[96];
    unsigned *repairs;
} jscan;

static bool fail_at(jscan *p, size_t at, const char *what)
{
    p->what = what;
    p->at = at;
    return false;
}

/* "expected X", saying what came instead. */
static bool expected(jscan *p, const char *what)
{
    if (p->i >= p->n) {
        snprintf(p->buf, sizeof p->buf, "expected %s, got the end of the line", what);
    } else {
        unsigned char c = (unsigned char)p->s[p->i];
        if (c >= 0x20 && c < 0x7f)
            snprintf(p->buf, sizeof p->buf, "expected %s, got '%c'", what, c);
        else
            snprintf(p->buf, sizeof p->buf, "expected %s", what);
    }
    return fail_at(p, p->i, p->buf);
}

static void skip_ws(jscan *p)
{
    while (p->i < p->n) {
        char c = p->s[p->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            return;
        p->i++;
    }
}

static int hex4(const char *s, size_t n)
{
    if (n < 4)
        return -1;
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char c = s[k];
        int d = c >= '0' && c <= '9'   ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                       : -1;
        if (d < 0)
            return -1;
        v = v * 16 + d;
    }
    return v;
}

static void put_cp(voce_buf *out, int32_t cp)
{
    voce_utf8_append(out, cp);
}

/* A \uXXXX escape (p->i after the 'u'), with its low surrogate if any. */
static bool unicode_escape(jscan *p, voce_buf *out)
{
    size_t start = p->i - 2;
    int u = hex4(p->s + p->i, p->n - p->i);
    if (u < 0)
        return fail_at(p, start, "invalid \\u escape (4 hex digits expected)");
    p->i += 4;
    int32_t cp = u;
    if (u >= 0xD800 && u <= 0xDBFF && p->i + 6 <= p->n && p->s[p->i] == '\\' &&
        p->s[p->i + 1] == 'u') {
        int lo = hex4(p->s + p->i + 2, p->n - p->i - 2);
        if (lo >= 0xDC00 && lo <= 0xDFFF) {
            cp = 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00);
            p->i += 6;
        }
    }
    if (cp >= 0xD800 && cp <= 0xDFFF) { /* half a pair */
        *p->repairs |= VOCE_REPAIR_INVALID_UTF8;
        cp = VOCE_REPLACEMENT;
    }
    if (cp == 0) {
        *p->repairs |= VOCE_REPAIR_NUL;
        return true;
    }
    if (out)
        put_cp(out, cp);
    return true;
}

/* A string at p->i (on its quote), unescaped into 'out' (may be NULL). */
static bool scan_string(jscan *p, voce_buf *out)
{
    size_t start = p->i++;
    for (;;) {
        size_t run = p->i;
        while (p->i < p->n && p->s[p->i] != '"' && p->s[p->i] != '\\')
            p->i++;
        if (out)
            voce_buf_add(out, p->s + run, p->i - run);
        if (p->i >= p->n)
            return fail_at(p, start, "unterminated string");
        if (p->s[p->i++] == '"')
            return true;
        if (p->i >= p->n)
            return fail_at(p, p->i - 1, "unterminated string");
        char e = p->s[p->i++], c;
        switch (e) {
        case '"': c = '"'; break;
        case '\\': c = '\\'; break;
        case '/': c = '/'; break;
        case 'b': c = '\b'; break;
        case 'f': c = '\f'; break;
        case 'n': c = '\n'; break;
        case 'r': c = '\r'; break;
        case 't': c = '\t'; break;
        case 'u':
            if (!unicode_escape(p, out))
                return false;
            continue;
        default: return fail_at(p, p->i - 2, "invalid escape in a string");
        }
        if (out)
            voce_buf_addc(out, c);
    }
}

static bool is_digit(const jscan *p)
{
    return p->i < p->n && p->s[p->i] >= '0' && p->s[p->i] <= '9';
}

static bool scan_number(jscan *p)
{
    size_t start = p->i;
    if (p->s[p->i] == '-')
        p->i++;
    if (!is_digit(p))
        return fail_at(p, start, "invalid number");
    if (p->s[p->i] == '0')
        p->i++;
    else
        while (is_digit(p))
            p->i++;
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (!is_digit(p))
            return fail_at(p, start, "invalid number");
        while (is_digit(p))
            p->i++;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (!is_digit(p))
            return fail_at(p, start, "invalid number");
        while (is_digit(p))
            p->i++;
    }
    return true;
}

static bool scan_value(jscan *p, int depth);

/* An array or object at p->i, checked and skipped. */
static bool scan_container(jscan *p, int depth)
{
    if (depth > MAX_DEPTH)
        return fail_at(p, p->i, "nested more than 512 levels deep");
    bool object = p->s[p->i] == '{';
    char close = object ? '}' : ']';
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == close) {
        p->i++;
        return true;
    }
    for (;;) {
        if (object) {
            if (p->i >= p->n || p->s[p->i] != '"')
                return expected(p, "a key in quotes");
            if (!scan_string(p, NULL))
                return false;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                return expected(p, "':' after the key");
            p->i++;
            skip_ws(p);
        }
        if (!scan_value(p, depth + 1))
            return false;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            skip_ws(p);
            continue;
        }
        if (p->i < p->n && p->s[p->i] == close) {
            p->i++;
            return true;
        }
        return expected(p, object ? "',' or '}'" : "',' or ']'");
    }
}

static bool scan_literal(jscan *p, const char *word)
{
    size_t len = strlen(word);
    if (p->n - p->i < len || memcmp(p->s + p->i, word, len) != 0)
        return expected(p, "a value");
    p->i += len;
    return true;
}

static bool scan_value(jscan *p, int depth)
{
    if (p->i >= p->n)
        return expected(p, "a value");
    switch (p->s[p->i]) {
    case '"': return scan_string(p, NULL);
    case '{':
    case '[': return scan_container(p, depth);
    case 't': return scan_literal(p, "true");
    case 'f': return scan_literal(p, "false");
    case 'n': return scan_literal(p, "null");
    default:
        if (p->s[p->i] == '-' || is_digit(p))
            return scan_number(p);
        return expected(p, "a value");
    }
}

/* The column holding 'key' (exact, as JSON keys are), trying 'hint' first
 * since objects usually list their keys in the same order. */
static size_t key_column(const voce_reader *r, const char *key, size_t len, size_t hint)
{
    if (hint < r->ncolumns && strlen(r->columns[hint]) == len &&
        memcmp(r->columns[hint], key, len) == 0)
        return hint;
    for (size_t c = 0; c < r->ncolumns; c++)
        if (strlen(r->columns[c]) == len && memcmp(r->columns[c], key, len) == 0)
            return c;
    return VOCE_NO_COLUMN;
}

/* Keys collected from the first object, to become the columns. */
typedef struct keylist {
    char **names;
    size_t n, cap;
} keylist;

static void keylist_add(keylist *k, const char *s, size_t len)
{
    for (size_t i = 0; i < k->n; i++)
        if (strlen(k->names[i]) == len && memcmp(k->names[i], s, len) == 0)
            return;
    k->names = voce_xgrow(k->names, &k->cap, k->n + 1, sizeof *k->names);
    k->names[k->n++] = voce_xstrndup(s, len);
}

static void keylist_free(keylist *k)
{
    for (size_t i = 0; i < k->n; i++)
        free(k->names[i]);
    free(k->names);
}

/* Parse the object that p->s must be. Its values go to r->fields by
 * column; or, with 'keys', only its keys are collected. */
static bool parse_object(jscan *p, voce_reader *r, keylist *keys)
{
    skip_ws(p);
    if (p->i >= p->n || p->s[p->i] != '{')
        return expected(p, "an object '{'");
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == '}') {
        p->i++;
    } else {
        for (size_t ordinal = 0;; ordinal++) {
            if (p->i >= p->n || p->s[p->i] != '"')
                return expected(p, "a key in quotes");
            voce_buf_reset(&r->scratch);
            voce_buf_add(&r->scratch, "", 0);
            if (!scan_string(p, &r->scratch))
                return false;
            skip_ws(p);
            if (p->i >= p->n || p->s[p->i] != ':')
                return expected(p, "':' after the key");
            p->i++;
            skip_ws(p);
            size_t col = VOCE_NO_COLUMN;
            if (keys)
                keylist_add(keys, r->scratch.data, r->scratch.len);
            else
                col = key_column(r, r->scratch.data, r->scratch.len, ordinal);
            voce_fields *f = &r->fields;
            voce_fields_open(f);
            size_t start = p->i;
            bool is_null = false;
            if (p->i < p->n && p->s[p->i] == '"') {
                if (!scan_string(p, col != VOCE_NO_COLUMN ? &f->vals : NULL))
                    return false;
            } else {
                if (!scan_value(p, 1))
                    return false;
                is_null = p->i - start == 4 && memcmp(p->s + start, "null", 4) == 0;
                /* null is no value: an empty field (a CSV cell, a score
                 * not given), not the word "null". */
                if (col != VOCE_NO_COLUMN && !is_null)
                    voce_buf_add(&f->vals, p->s + start, p->i - start);
            }
            if (col != VOCE_NO_COLUMN) {
                voce_fields_close_at(f, col);
                if (col == r->text_col)
                    r->text_null = is_null;
            }
            skip_ws(p);
            if (p->i < p->n && p->s[p->i] == ',') {
                p->i++;
                skip_ws(p);
                continue;
            }
            if (p->i < p->n && p->s[p->i] == '}') {
                p->i++;
                break;
            }
            return expected(p, "',' or '}'");
        }
    }
    skip_ws(p);
    if (p->i < p->n)
        return expected(p, "the end of the line after the object");
    return true;
}

/* The 1-based character column of byte 'at' in s. */
static size_t char_column(const char *s, size_t at)
{
    size_t col = 1;
    for (size_t i = 0; i < at; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            col++;
    return col;
}

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return false;
    return true;
}

/* Whether a column option names a key of its own, rather than a number
 * or a key the first object already has. */
static bool names_new_key(const voce_reader *r, const char *want)
{
    return want && strspn(want, "0123456789 ") != strlen(want) &&
           voce_reader_find_column(r, want) == VOCE_NO_COLUMN;
}

voce_status voce_jsonl_open(voce_reader *r, const char *want_text, const char *want_id,
                            voce_error *err)
{
    /* Read ahead to the first object for its keys, then give it all back. */
    voce_buf peek = VOCE_BUF_INIT, fixed = VOCE_BUF_INIT;
    keylist keys = {NULL, 0, 0};
    voce_status st = VOCE_OK;
    bool found = false, any = false;
    size_t lines = 0;
    while (lines < VOCE_JSONL_PEEK_LINES && !found) {
        size_t before = peek.len;
        int got = voce_reader_getline(r, &peek, r->max_record - peek.len);
        if (got == VOCE_LINE_ERROR) {
            voce_reader_read_failed(r, err);
            st = VOCE_ERR_IO;
            goto out;
        }
        if (got == VOCE_LINE_LONG) {
            st = voce_error_at(err, VOCE_ERR_PARSE, r->name, r->line,
                               "no JSON object found before a line longer than %zu bytes",
                               r->max_record);
            goto out;
        }
        if (got == VOCE_LINE_EOF)
            break;
        const char *s = peek.data + before;
        size_t n = peek.len - before;
        n -= voce_reader_eol_len(r, s, n);
        unsigned repairs = 0;
        s = voce_encoding_repair(s, &n, &fixed, &repairs);
        if (blank(s, n))
            continue; /* blank lines do not count: peek is bounded by max_record */
        lines++;
        size_t k = strspn(s, " \t");
        if (!any && k < n && s[k] == '[') {
            st = voce_error_at(err, VOCE_ERR_PARSE, r->name, r->line,
                               "a JSON array, not JSON Lines (one object per line); "
                               "convert it with: jq -c '.[]'");
            goto out;
        }
        any = true;
        jscan p = {s, n, 0, NULL, 0, {0}, &repairs};
        keylist_free(&keys);
        keys = (keylist){NULL, 0, 0};
        voce_fields_reset(&r->fields);
        if (parse_object(&p, r, &keys)) {
            found = true;
            r->header_line = r->line;
        }
    }
    if (any && !found) {
        st = voce_error_at(err, VOCE_ERR_PARSE, r->name, 1,
                           "no JSON object on one line in the first %d lines; JSON Lines "
                           "needs one object per line (jq -c makes them)",
                           VOCE_JSONL_PEEK_LINES);
        goto out;
    }
    voce_reader_unread(r, peek.data ? peek.data : "", peek.len, 0);
    voce_reader_set_columns(r, keys.names, keys.n);
    keys = (keylist){NULL, 0, 0};
    /* A key asked for by name is looked up in every object, even when the
     * first one lacks it. */
    const char *want[2] = {want_text, want_id};
    for (int i = 0; i < 2 && found; i++) {
        if (names_new_key(r, want[i])) {
            r->columns = voce_xrealloc(r->columns, (r->ncolumns + 1) * sizeof *r->columns);
            r->columns[r->ncolumns++] = voce_xstrdup(want[i]);
        }
    }
out:
    voce_fields_reset(&r->fields);
    keylist_free(&keys);
    voce_buf_release(&peek);
    voce_buf_release(&fixed);
    return st;
}

int voce_jsonl_next(voce_reader *r, voce_error *err)
{
    int st = voce_reader_read_line_record(r, err);
    if (st != 1)
        return st;
    if (blank(r->view, r->view_len))
        return voce_reader_fail(r, err, VOCE_ERR_PARSE, r->rec_line,
                                "blank line where a JSON object was expected");
    voce_fields_set_missing(&r->fields, r->ncolumns);
    jscan p = {r->view, r->view_len, 0, NULL, 0, {0}, &r->repairs};
    if (!parse_object(&p, r, NULL))
        return voce_reader_fail(r, err, VOCE_ERR_PARSE, r->rec_line,
                                "invalid JSON at column %zu: %s", char_column(r->view, p.at),
                                p.what);
    if (r->text_col >= r->fields.n || r->fields.span[r->text_col].off == VOCE_MISSING)
        return voce_reader_fail(r, err, VOCE_ERR_PARSE, r->rec_line,
                                "no \"%s\" key for the text in this object",
                                r->text_col < r->ncolumns ? r->columns[r->text_col] : "text");
    return 1;
}

void voce_json_put_string(voce_buf *out, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    voce_buf_grow(out, n + 2);
    voce_buf_addc(out, '"');
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        voce_buf_add(out, s + run, i - run);
        run = i + 1;
        voce_buf_addc(out, '\\');
        switch (c) {
        case '"': voce_buf_addc(out, '"'); break;
        case '\\': voce_buf_addc(out, '\\'); break;
        case '\n': voce_buf_addc(out, 'n'); break;
        case '\r': voce_buf_addc(out, 'r'); break;
        case '\t': voce_buf_addc(out, 't'); break;
        case '\b': voce_buf_addc(out, 'b'); break;
        case '\f': voce_buf_addc(out, 'f'); break;
        default:
            voce_buf_adds(out, "u00");
            voce_buf_addc(out, hex[c >> 4]);
            voce_buf_addc(out, hex[c & 15]);
        }
    }
    voce_buf_add(out, s + run, n - run);
    voce_buf_addc(out, '"');
}

bool voce_jsonl_is_object(const char *s, size_t n)
{
    unsigned repairs = 0;
    jscan p = {s, n, 0, NULL, 0, {0}, &repairs};
    skip_ws(&p);
    if (p.i >= n || s[p.i] != '{' || !scan_value(&p, 1))
        return false;
    skip_ws(&p);
    return p.i == n;
}

bool voce_jsonl_insert_point(const char *s, size_t n, size_t *at, bool *empty)
{
    size_t start = 0;
    while (start < n && (s[start] == ' ' || s[start] == '\t'))
        start++;
    while (n > start && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    if (n < start + 2 || s[start] != '{' || s[n - 1] != '}')
        return false;
    *at = n - 1;
    size_t k = n - 1;
    while (k > start &&
           (s[k - 1] == ' ' || s[k - 1] == '\t' || s[k - 1] == '\r' || s[k - 1] == '\n'))
        k--;
    *empty = k - 1 == start;
    return true;
}
