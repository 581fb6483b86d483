/* mem.c -- aborting allocators and the string arena. */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t n)
{
    fprintf(stderr, "voce: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *voce_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        out_of_memory(n);
    return p;
}

void *voce_xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p)
        out_of_memory(count * size);
    return p;
}

void *voce_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        out_of_memory(n);
    return q;
}

char *voce_xstrndup(const char *s, size_t n)
{
    char *d = voce_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *voce_xstrdup(const char *s)
{
    return voce_xstrndup(s, strlen(s));
}

void *voce_xgrow(void *p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return p;
    size_t n = *cap ? *cap : 16;
    while (n < need) {
        if (n > ((size_t)-1) / 2 / size)
            out_of_memory(need * size);
        n *= 2;
    }
    *cap = n;
    return voce_xrealloc(p, n * size);
}

struct voce_arena_block {
    voce_arena_block *next;
    max_align_t align[]; /* the block's memory follows */
};

enum { ARENA_BLOCK = 64 * 1024 };

void voce_arena_init(voce_arena *a)
{
    a->head = NULL;
    a->used = a->cap = 0;
}

void voce_arena_release(voce_arena *a)
{
    voce_arena_block *b = a->head;
    while (b) {
        voce_arena_block *next = b->next;
        free(b);
        b = next;
    }
    voce_arena_init(a);
}

void *voce_arena_alloc(voce_arena *a, size_t n)
{
    size_t align = sizeof(max_align_t);
    n = (n + align - 1) / align * align;
    if (!a->head || a->used + n > a->cap) {
        size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
        voce_arena_block *b = voce_xmalloc(sizeof *b + cap);
        b->next = a->head;
        a->head = b;
        a->used = 0;
        a->cap = cap;
    }
    void *p = (char *)a->head->align + a->used;
    a->used += n;
    return p;
}

char *voce_arena_strndup(voce_arena *a, const char *s, size_t n)
{
    char *d = voce_arena_alloc(a, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}
