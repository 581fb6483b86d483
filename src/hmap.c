/* hmap.c -- open addressing with linear probing, load factor <= 1/2.
 *
 * The hash is a small fixed mixer over 8-byte words (in the spirit of
 * wyhash/murmur finalisers), written out here so that its output never
 * changes with a library upgrade: feature indices in saved models depend
 * on it. */
#include "hmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define mix voce_hash_mix

/* The last n < 8 bytes of a key, byte i in bits 8i..8i+7 and the rest 0,
 * in two loads that overlap (the bytes they share are the same, so OR-ing
 * them is exact) rather than a loop a byte: most keys are words. */
static inline uint64_t load_tail(const unsigned char *p, size_t n)
{
    if (n >= 4)
        return voce_load_le(p, 4) | voce_load_le(p + n - 4, 4) << (8 * (n - 4));
    if (n >= 2)
        return voce_load_le(p, 2) | voce_load_le(p + n - 2, 2) << (8 * (n - 2));
    return n ? p[0] : 0;
}

uint64_t voce_hash(const void *data, size_t len, uint64_t seed)
{
    const unsigned char *p = data;
    uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL);
    while (len >= 8) {
        h = mix(h ^ voce_load_le(p, 8)) * 0x9e3779b97f4a7c15ULL;
        p += 8;
        len -= 8;
    }
    return mix(h ^ load_tail(p, len) ^ 0x2545f4914f6cdd1dULL);
}

void voce_hmap_init(voce_hmap *m)
{
    memset(m, 0, sizeof *m);
}

void voce_hmap_release(voce_hmap *m)
{
    free(m->slots);
    free(m->keys);
    memset(m, 0, sizeof *m);
}

static voce_hmap_slot *find(voce_hmap_slot *slots, size_t cap, const char *keys,
                            const char *key, size_t len, uint64_t h)
{
    size_t i = (size_t)h & (cap - 1);
    for (;;) {
        voce_hmap_slot *s = &slots[i];
        if (!s->key || (s->hash == (uint32_t)h && s->len == len &&
                        memcmp(keys + s->key, key, len) == 0))
            return s;
        i = (i + 1) & (cap - 1);
    }
}

static void rehash(voce_hmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    voce_hmap_slot *slots = voce_xcalloc(cap, sizeof *slots);
    for (size_t i = 0; i < m->cap; i++) {
        voce_hmap_slot *s = &m->slots[i];
        if (!s->key)
            continue;
        size_t at = s->hash & (cap - 1); /* cap <= 2^32: the low bits suffice */
        while (slots[at].key)
            at = (at + 1) & (cap - 1);
        slots[at] = *s;
    }
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
}

bool voce_hmap_put(voce_hmap *m, const char *key, size_t len, uint32_t value)
{
    if ((m->count + 1) * 2 > m->cap)
        rehash(m);
    uint64_t h = voce_hash(key, len, 0);
    voce_hmap_slot *s = find(m->slots, m->cap, m->keys, key, len, h);
    if (s->key) {
        s->value = value;
        return false;
    }
    if (m->keys_len + len + 2 > UINT32_MAX) {
        fprintf(stderr, "voce: over 4 GiB of keys in one map\n");
        abort(); /* as running out of memory: never with voce's data */
    }
    if (!m->keys_len)
        m->keys_len = 1; /* offset 0 means an empty slot: no key starts there */
    m->keys = voce_xgrow(m->keys, &m->keys_cap, m->keys_len + len + 1, 1);
    memcpy(m->keys + m->keys_len, key, len);
    m->keys[m->keys_len + len] = '\0';
    s->key = (uint32_t)m->keys_len;
    m->keys_len += len + 1;
    s->len = (uint32_t)len;
    s->hash = (uint32_t)h;
    s->value = value;
    m->count++;
    return true;
}

bool voce_hmap_get(const voce_hmap *m, const char *key, size_t len, uint32_t *value)
{
    return m->cap && voce_hmap_get_hashed(m, key, len, voce_hash(key, len, 0), value);
}

bool voce_hmap_get_hashed(const voce_hmap *m, const char *key, size_t len, uint64_t hash,
                          uint32_t *value)
{
    if (!m->cap)
        return false;
    voce_hmap_slot *s = find(m->slots, m->cap, m->keys, key, len, hash);
    if (!s->key)
        return false;
    if (value)
        *value = s->value;
    return true;
}
