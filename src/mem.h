/* mem.h -- allocation that aborts on exhaustion, and a bump arena.
 *
 * Running out of memory is not an error a user can fix, so voce_x* print
 * one line and abort; every error path left is about input. */
#ifndef VOCE_MEM_H
#define VOCE_MEM_H

#include <stddef.h>

void *voce_xmalloc(size_t n);
void *voce_xcalloc(size_t count, size_t size);
void *voce_xrealloc(void *p, size_t n);
char *voce_xstrdup(const char *s);
char *voce_xstrndup(const char *s, size_t n);

/* Grow an array so it holds at least 'need' elements of 'size' bytes. */
void *voce_xgrow(void *p, size_t *cap, size_t need, size_t size);

/* A bump allocator for strings loaded from data files: many small
 * allocations, all freed together. */
typedef struct voce_arena_block voce_arena_block;
typedef struct voce_arena {
    voce_arena_block *head;
    size_t used, cap;
} voce_arena;

void voce_arena_init(voce_arena *a);
void voce_arena_release(voce_arena *a);
void *voce_arena_alloc(voce_arena *a, size_t n);
char *voce_arena_strndup(voce_arena *a, const char *s, size_t n);

#endif
