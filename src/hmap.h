/* hmap.h -- an open-addressing map from byte strings to 32-bit values.
 *
 * Used for lexicons, language profiles and vocabularies: built once at load
 * time, then only read (safe to share between threads). Keys are copied
 * into the map. */
#ifndef VOCE_HMAP_H
#define VOCE_HMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "mem.h"

/* A fixed 64-bit hash of 'len' bytes with 'seed'. Stable across versions
 * and platforms: models record the seed and rely on it. */
uint64_t voce_hash(const void *data, size_t len, uint64_t seed);

/* The finaliser voce_hash ends with. */
static inline uint64_t voce_hash_mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/* The n <= 8 bytes at p as a little-endian number (byte i in bits
 * 8i..8i+7, the rest 0), whatever the host's order: what voce_hash and
 * voce_hash_packed read, and what a prefix compared in one word needs. */
static inline uint64_t voce_load_le(const void *p, size_t n)
{
    uint64_t w = 0;
    memcpy(&w, p, n);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w = n ? __builtin_bswap64(w) >> (64 - 8 * n) : 0;
#endif
    return w;
}

/* voce_hash of a string of len < 8 bytes given packed little-endian in
 * 'word' (byte i in bits 8i..8i+7, the rest 0): the same value, without
 * the call and the byte loop, for the many short n-grams of a text. */
static inline uint64_t voce_hash_packed(uint64_t word, size_t len, uint64_t seed)
{
    return voce_hash_mix(seed ^ (len * 0x9e3779b97f4a7c15ULL) ^ word ^ 0x2545f4914f6cdd1dULL);
}

/* 16 bytes: the lexicons' maps are most of voce's memory after the
 * models, so a key is an offset into one buffer, and only the low 32 bits
 * of its hash are kept (enough to place it in a table of up to 2^32 slots,
 * and to skip most comparisons). */
typedef struct voce_hmap_slot {
    uint32_t key;   /* offset in keys; 0 when empty (keys starts with one unused byte) */
    uint32_t len;
    uint32_t value;
    uint32_t hash;
} voce_hmap_slot;

typedef struct voce_hmap {
    voce_hmap_slot *slots;
    size_t cap, count; /* cap is a power of two */
    char *keys;        /* the keys, back to back */
    size_t keys_len, keys_cap;
} voce_hmap;

void voce_hmap_init(voce_hmap *m);
void voce_hmap_release(voce_hmap *m);

/* Insert or replace. Returns true if the key was new. */
bool voce_hmap_put(voce_hmap *m, const char *key, size_t len, uint32_t value);

/* Find 'key'; on success store its value in *value (if not NULL). */
bool voce_hmap_get(const voce_hmap *m, const char *key, size_t len, uint32_t *value);

/* The same with the key's hash already known (voce_hash(key, len, 0)), for
 * a key looked up in several maps. */
bool voce_hmap_get_hashed(const voce_hmap *m, const char *key, size_t len, uint64_t hash,
                          uint32_t *value);

#endif
