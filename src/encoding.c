/* encoding.c -- input encodings, converted to UTF-8 as the input streams in.
 *
 * Feedback exports come from spreadsheets, survey tools and old CRMs: UTF-8
 * with or without a BOM, UTF-16 from Excel's "Unicode text", Windows-1252
 * from anything Windows-made in Italy. Detection is deliberately simple and
 * predictable: a BOM decides; without one, a NUL in every other byte
 * means UTF-16 (little or big endian, by where the NULs are), the first
 * 64 KiB being valid UTF-8 means UTF-8 (or nearly valid: more good multi-byte characters than
 * bad bytes), anything else means Windows-1252 (a superset of Latin-1 for
 * text). Later invalid bytes in a UTF-8 file are repaired per
 * record by voce_encoding_repair(), not here. Splitting into lines and
 * records is record.c's job. */
#define _POSIX_C_SOURCE 200809L
#include "encoding.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "error.h"
#include "mem.h"
#include "utf8.h"

enum { CHUNK = 64 * 1024 };

/* The byte that marks undecodable input for voce_encoding_repair(). */
#define UNDECODABLE '\xFF'

static const struct {
    const char *name;
    voce_encoding enc;
} encoding_names[] = {
    {"auto", VOCE_ENC_AUTO},        {"utf-8", VOCE_ENC_UTF8},
    {"utf8", VOCE_ENC_UTF8},        {"windows-1252", VOCE_ENC_CP1252},
    {"cp1252", VOCE_ENC_CP1252},    {"latin-1", VOCE_ENC_LATIN1},
    {"latin1", VOCE_ENC_LATIN1},    {"iso-8859-1", VOCE_ENC_LATIN1},
    {"utf-16le", VOCE_ENC_UTF16LE}, {"utf-16be", VOCE_ENC_UTF16BE},
};

static bool ascii_case_equal(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        unsigned char x = (unsigned char)*a, y = (unsigned char)*b;
        if (x >= 'A' && x <= 'Z')
            x += 32;
        if (y >= 'A' && y <= 'Z')
            y += 32;
        if (x != y)
            return false;
    }
    return *a == *b;
}

bool voce_encoding_parse(const char *name, voce_encoding *out)
{
    if (!name) {
        *out = VOCE_ENC_AUTO;
        return true;
    }
    for (size_t i = 0; i < sizeof encoding_names / sizeof encoding_names[0]; i++) {
        if (ascii_case_equal(name, encoding_names[i].name)) {
            *out = encoding_names[i].enc;
            return true;
        }
    }
    return false;
}

const char *voce_encoding_name(voce_encoding e)
{
    switch (e) {
    case VOCE_ENC_AUTO: return "auto";
    case VOCE_ENC_UTF8: return "utf-8";
    case VOCE_ENC_CP1252: return "windows-1252";
    case VOCE_ENC_LATIN1: return "latin-1";
    case VOCE_ENC_UTF16LE: return "utf-16le";
    case VOCE_ENC_UTF16BE: return "utf-16be";
    }
    return "unknown";
}

/* Windows-1252 0x80..0x9F. The five bytes Windows leaves undefined map to
 * the C1 controls of the same value, as browsers do. */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
};

/* Read once into d->in, at most up to 'want' bytes in all. read(2) rather
 * than fread: on a pipe it returns what has arrived, so a line tailed into
 * voce is seen at once instead of when 64 KiB have gathered. */
static size_t read_once(voce_decoder *d, size_t want)
{
    d->in = voce_xgrow(d->in, &d->in_cap, want, 1);
    while (!d->eof && d->in_len < want) {
        ssize_t n = read(d->fd, d->in + d->in_len, want - d->in_len);
        if (n > 0) {
            d->in_len += (size_t)n;
            return (size_t)n;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            d->read_errno = errno;
        d->eof = true;
    }
    return 0;
}

/* Read the start of the input for detection: up to 'want' bytes, but stop
 * as soon as a whole line is in (a pipe may not have more yet). */
static void read_start(voce_decoder *d, size_t want)
{
    while (!d->eof && d->in_len < want) {
        size_t before = d->in_len;
        if (read_once(d, want) == 0)
            break;
        if (memchr(d->in + before, '\n', d->in_len - before) ||
            memchr(d->in + before, '\r', d->in_len - before))
            break;
    }
}

static void drop_raw(voce_decoder *d, size_t n)
{
    memmove(d->in, d->in + n, d->in_len - n);
    d->in_len -= n;
}

static void put_cp(voce_buf *out, int32_t cp)
{
    voce_utf8_append(out, cp);
}

/* Convert what d->in holds; keep an incomplete UTF-16 unit or surrogate
 * pair for the next chunk unless the input has ended. */
static void convert(voce_decoder *d)
{
    const unsigned char *in = d->in;
    size_t n = d->in_len, i = 0;
    voce_buf *out = &d->out;
    switch (d->enc) {
    case VOCE_ENC_AUTO:
    case VOCE_ENC_UTF8:
        voce_buf_add(out, in, n);
        i = n;
        break;
    case VOCE_ENC_LATIN1:
    case VOCE_ENC_CP1252:
        voce_buf_grow(out, n);
        for (; i < n; i++) {
            unsigned char c = in[i];
            if (c < 0x80)
                voce_buf_addc(out, (char)c);
            else if (c < 0xA0 && d->enc == VOCE_ENC_CP1252)
                put_cp(out, cp1252_high[c - 0x80]);
            else
                put_cp(out, c);
        }
        break;
    case VOCE_ENC_UTF16LE:
    case VOCE_ENC_UTF16BE: {
        bool le = d->enc == VOCE_ENC_UTF16LE;
        voce_buf_grow(out, n + n / 2);
        while (i + 2 <= n) {
            uint32_t u =
                le ? (uint32_t)(in[i] | in[i + 1] << 8) : (uint32_t)(in[i] << 8 | in[i + 1]);
            if (u >= 0xD800 && u <= 0xDBFF) {
                if (i + 4 > n && !d->eof)
                    break; /* the low half is in the next chunk */
                uint32_t lo = 0;
                if (i + 4 <= n)
                    lo = le ? (uint32_t)(in[i + 2] | in[i + 3] << 8)
                            : (uint32_t)(in[i + 2] << 8 | in[i + 3]);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    put_cp(out, (int32_t)(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00)));
                    i += 4;
                    continue;
                }
                voce_buf_addc(out, UNDECODABLE);
            } else if (u >= 0xDC00 && u <= 0xDFFF) {
                voce_buf_addc(out, UNDECODABLE);
            } else {
                put_cp(out, (int32_t)u);
            }
            i += 2;
        }
        if (d->eof && i < n) { /* an odd byte at the very end */
            voce_buf_addc(out, UNDECODABLE);
            i = n;
        }
        break;
    }
    }
    drop_raw(d, i);
}

/* Whether s[0..n) reads as UTF-8: no invalid sequence, or more valid
 * multi-byte characters than invalid bytes (a UTF-8 file with a stray
 * Windows-1252 byte stays UTF-8, and the byte is repaired in its record).
 * A sequence cut short at the end does not count when more input follows. */
static bool sample_is_utf8(const unsigned char *s, size_t n, bool complete)
{
    if (!complete) {
        size_t back = 0;
        while (back < 3 && back < n && (s[n - 1 - back] & 0xC0) == 0x80)
            back++;
        if (back < n) {
            unsigned char lead = s[n - 1 - back];
            size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
            if (need > back + 1)
                n -= back + 1;
        }
    }
    size_t good = 0, bad = 0, i = 0;
    while (i < n) {
        if (s[i] < 0x80) {
            i++;
            continue;
        }
        bool invalid = false;
        int32_t cp;
        i += voce_utf8_decode((const char *)s + i, n - i, &cp, &invalid);
        if (invalid)
            bad++;
        else
            good++;
    }
    return bad == 0 || good > bad;
}

/* UTF-16 without a BOM: Latin-script text puts a NUL in every other byte.
 * Mostly NUL odd bytes and hardly any NUL even ones is UTF-16LE; the
 * reverse is UTF-16BE; anything else is neither (VOCE_ENC_AUTO). */
static voce_encoding sniff_utf16(const unsigned char *s, size_t n)
{
    size_t pairs = n / 2, even = 0, odd = 0;
    for (size_t i = 0; i + 1 < n; i += 2) {
        even += s[i] == 0;
        odd += s[i + 1] == 0;
    }
    if (pairs < 2)
        return VOCE_ENC_AUTO;
    if (odd * 10 >= pairs * 7 && even * 10 < pairs)
        return VOCE_ENC_UTF16LE;
    if (even * 10 >= pairs * 7 && odd * 10 < pairs)
        return VOCE_ENC_UTF16BE;
    return VOCE_ENC_AUTO;
}

static bool starts_with(const voce_decoder *d, const char *bom, size_t len)
{
    return d->in_len >= len && memcmp(d->in, bom, len) == 0;
}

/* Settle the encoding from the first bytes and drop a matching BOM. */
static void detect(voce_decoder *d)
{
    static const char utf8_bom[] = "\xEF\xBB\xBF", le_bom[] = "\xFF\xFE", be_bom[] = "\xFE\xFF";
    switch (d->enc) {
    case VOCE_ENC_AUTO:
        if ((d->bom = starts_with(d, utf8_bom, 3))) {
            d->enc = VOCE_ENC_UTF8;
            drop_raw(d, 3);
        } else if ((d->bom = starts_with(d, le_bom, 2))) {
            d->enc = VOCE_ENC_UTF16LE;
            drop_raw(d, 2);
        } else if ((d->bom = starts_with(d, be_bom, 2))) {
            d->enc = VOCE_ENC_UTF16BE;
            drop_raw(d, 2);
        } else if (sniff_utf16(d->in, d->in_len) != VOCE_ENC_AUTO) {
            d->enc = sniff_utf16(d->in, d->in_len);
        } else {
            d->enc = sample_is_utf8(d->in, d->in_len, d->eof) ? VOCE_ENC_UTF8 : VOCE_ENC_CP1252;
        }
        break;
    case VOCE_ENC_UTF8:
        if ((d->bom = starts_with(d, utf8_bom, 3)))
            drop_raw(d, 3);
        break;
    case VOCE_ENC_UTF16LE:
        if ((d->bom = starts_with(d, le_bom, 2)))
            drop_raw(d, 2);
        break;
    case VOCE_ENC_UTF16BE:
        if ((d->bom = starts_with(d, be_bom, 2)))
            drop_raw(d, 2);
        break;
    case VOCE_ENC_CP1252:
    case VOCE_ENC_LATIN1: break;
    }
}

voce_status voce_decoder_init(voce_decoder *d, FILE *fp, voce_encoding enc, const char *name,
                              voce_error *err)
{
    memset(d, 0, sizeof *d);
    d->fd = fileno(fp);
    d->enc = enc;
    voce_buf_init(&d->out);
    read_start(d, VOCE_ENCODING_SNIFF);
    if (d->read_errno) {
        int e = d->read_errno;
        voce_decoder_release(d);
        voce_error_set(err, VOCE_ERR_IO, name, "cannot read: %s", strerror(e));
        if (err)
            err->sys_errno = e;
        return VOCE_ERR_IO;
    }
    detect(d);
    convert(d);
    return VOCE_OK;
}

void voce_decoder_release(voce_decoder *d)
{
    free(d->in);
    voce_buf_release(&d->out);
    d->in = NULL;
    d->in_len = d->in_cap = 0;
    d->out_pos = 0;
}

size_t voce_decoder_fill(voce_decoder *d, size_t want)
{
    if (d->out_pos) {
        size_t left = d->out.len - d->out_pos;
        memmove(d->out.data, d->out.data + d->out_pos, left);
        d->out.len = left;
        d->out.data[left] = '\0';
        d->out_pos = 0;
    }
    while (d->out.len < want && !(d->eof && d->in_len == 0)) {
        read_once(d, d->in_len + CHUNK);
        size_t before = d->out.len;
        convert(d);
        if (d->out.len > before)
            break; /* what one read gave: do not wait on a pipe for more */
    }
    return d->out.len;
}

const char *voce_decoder_data(const voce_decoder *d, size_t *len)
{
    *len = d->out.len - d->out_pos;
    return d->out.data ? d->out.data + d->out_pos : "";
}

void voce_decoder_consume(voce_decoder *d, size_t n)
{
    d->out_pos += n;
}

const char *voce_encoding_repair(const char *s, size_t *len, voce_buf *scratch, unsigned *repairs)
{
    size_t n = *len;
    bool has_nul = memchr(s, '\0', n) != NULL;
    if (!has_nul && voce_utf8_is_valid(s, n))
        return s;
    voce_buf_reset(scratch);
    voce_buf_grow(scratch, n + 16);
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0) {
            *repairs |= VOCE_REPAIR_NUL;
            i++;
            continue;
        }
        if (c < 0x80) {
            voce_buf_addc(scratch, (char)c);
            i++;
            continue;
        }
        bool bad = false;
        int32_t cp;
        size_t used = voce_utf8_decode(s + i, n - i, &cp, &bad);
        if (bad) {
            *repairs |= VOCE_REPAIR_INVALID_UTF8;
            put_cp(scratch, VOCE_REPLACEMENT);
        } else {
            voce_buf_add(scratch, s + i, used);
        }
        i += used;
    }
    voce_buf_add(scratch, "", 0);
    *len = scratch->len;
    return scratch->data;
}
