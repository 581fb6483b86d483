/* encoding.h -- reading any supported encoding as a stream of UTF-8 bytes.
 *
 * A voce_decoder sits between a FILE and the record readers. It reads the
 * file in fixed chunks and converts them to UTF-8 as they come, so memory
 * does not depend on the file's size. It never validates UTF-8 input: bytes
 * pass through, and voce_encoding_repair() fixes one record at a time, so
 * that each repair is charged to the record holding it. Input that cannot
 * be decoded in another encoding (a lone UTF-16 surrogate) comes out as the
 * byte 0xFF, never valid in UTF-8, which the repair then turns into U+FFFD. */
#ifndef VOCE_ENCODING_H
#define VOCE_ENCODING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "voce.h"

typedef enum voce_encoding {
    VOCE_ENC_AUTO = 0, /* BOM, else UTF-8 if the first 64 KiB read as UTF-8, else
                        * Windows-1252 (see encoding.c) */
    VOCE_ENC_UTF8,
    VOCE_ENC_CP1252,
    VOCE_ENC_LATIN1,
    VOCE_ENC_UTF16LE,
    VOCE_ENC_UTF16BE
} voce_encoding;

/* How much of the input automatic detection looks at. */
enum { VOCE_ENCODING_SNIFF = 64 * 1024 };

/* Parse an encoding name, in any case: "auto", "utf-8" ("utf8"),
 * "windows-1252" ("cp1252"), "latin-1" ("latin1", "iso-8859-1"),
 * "utf-16le", "utf-16be". NULL is "auto". Returns false for anything else. */
bool voce_encoding_parse(const char *name, voce_encoding *out);

/* The canonical name of 'e' ("utf-8", "windows-1252", ...). */
const char *voce_encoding_name(voce_encoding e);

typedef struct voce_decoder {
    int fd;            /* read with read(2): see encoding.c */
    voce_encoding enc; /* never AUTO once voce_decoder_init succeeded */
    bool bom;          /* the input began with a byte-order mark (dropped) */
    unsigned char *in; /* raw bytes read but not yet converted */
    size_t in_len, in_cap;
    voce_buf out; /* converted bytes; the unread ones start at out_pos */
    size_t out_pos;
    bool eof;       /* the file has no more bytes */
    int read_errno; /* errno of a failed read, or 0 */
} voce_decoder;

/* Start decoding 'fp' (the caller keeps ownership of it) as 'enc'. The
 * file is read through its descriptor, so nothing may have been read from
 * 'fp' through stdio before. With VOCE_ENC_AUTO the first bytes decide:
 * VOCE_ENCODING_SNIFF of them, or on a pipe what has arrived once a line is
 * complete. A byte-order mark that agrees with the encoding is dropped.
 * Fails with VOCE_ERR_IO (where = 'name') if the first read fails. */
voce_status voce_decoder_init(voce_decoder *d, FILE *fp, voce_encoding enc, const char *name,
                              voce_error *err);
void voce_decoder_release(voce_decoder *d);

/* Convert more input: read until at least 'want' unread bytes are
 * available, the input is exhausted, or (on a pipe) one read returned what
 * there was. Returns the number of unread bytes. A read error ends the
 * input and sets d->read_errno. */
size_t voce_decoder_fill(voce_decoder *d, size_t want);

/* The unread converted bytes, and how many there are (without reading). */
const char *voce_decoder_data(const voce_decoder *d, size_t *len);

/* Mark 'n' unread bytes as read. */
void voce_decoder_consume(voce_decoder *d, size_t n);

/* Make s[0..*len) valid UTF-8 in place or through 'scratch': NUL bytes are
 * removed (VOCE_REPAIR_NUL) and every invalid byte becomes U+FFFD
 * (VOCE_REPAIR_INVALID_UTF8). Returns the repaired text, which is 's' when
 * nothing needed a repair, else scratch->data; *len and *repairs are
 * updated. */
const char *voce_encoding_repair(const char *s, size_t *len, voce_buf *scratch, unsigned *repairs);

#endif
