/* buf.c -- growable byte buffer (the strbuf/sds idea). */
#include "buf.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void voce_buf_init(voce_buf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void voce_buf_release(voce_buf *b)
{
    free(b->data);
    voce_buf_init(b);
}

void voce_buf_reset(voce_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void voce_buf_grow(voce_buf *b, size_t extra)
{
    b->data = voce_xgrow(b->data, &b->cap, b->len + extra + 1, 1);
}

void voce_buf_adds(voce_buf *b, const char *s)
{
    voce_buf_add(b, s, strlen(s));
}

void voce_buf_addf(voce_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    voce_buf_grow(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *voce_buf_str(const voce_buf *b)
{
    return b->data ? b->data : "";
}
