/* buf.h -- a growable byte buffer, always NUL-terminated. */
#ifndef VOCE_BUF_H
#define VOCE_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <string.h>

typedef struct voce_buf {
    char *data; /* NUL-terminated once anything was added; NULL before */
    size_t len, cap;
} voce_buf;

#define VOCE_BUF_INIT {NULL, 0, 0}

void voce_buf_init(voce_buf *b);
void voce_buf_release(voce_buf *b);
void voce_buf_reset(voce_buf *b); /* empty, keeping the memory */
void voce_buf_grow(voce_buf *b, size_t extra);
void voce_buf_adds(voce_buf *b, const char *s);

/* Appending is inline: the tokenizer and the scorer append a few bytes at a
 * time, hundreds of times per text, and the room is nearly always there. */
static inline void voce_buf_add(voce_buf *b, const void *data, size_t len)
{
    if (b->len + len + 1 > b->cap)
        voce_buf_grow(b, len);
    if (len)
        memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
}

static inline void voce_buf_addc(voce_buf *b, char c)
{
    if (b->len + 2 > b->cap)
        voce_buf_grow(b, 1);
    b->data[b->len++] = c;
    b->data[b->len] = '\0';
}

void voce_buf_addf(voce_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The contents as a string ("" when empty). */
const char *voce_buf_str(const voce_buf *b);

#endif
