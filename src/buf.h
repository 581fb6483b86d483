/* buf.h -- a growable byte buffer, always NUL-terminated. */
#ifndef VOCE_BUF_H
#define VOCE_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct voce_buf {
    char *data; /* NUL-terminated once anything was added; NULL before */
    size_t len, cap;
} voce_buf;

#define VOCE_BUF_INIT {NULL, 0, 0}

void voce_buf_init(voce_buf *b);
void voce_buf_release(voce_buf *b);
void voce_buf_reset(voce_buf *b); /* empty, keeping the memory */
void voce_buf_grow(voce_buf *b, size_t extra);
void voce_buf_add(voce_buf *b, const void *data, size_t len);
void voce_buf_addc(voce_buf *b, char c);
void voce_buf_adds(voce_buf *b, const char *s);
void voce_buf_addf(voce_buf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
/* The contents as a string ("" when empty). */
const char *voce_buf_str(const voce_buf *b);

#endif
