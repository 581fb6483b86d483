/* test_hmap.c -- the string map and the fixed hash (hmap.c). */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "hmap.h"

static void values_survive_growth(void **state)
{
    (void)state;
    voce_hmap m;
    voce_hmap_init(&m);
    char key[32];
    for (uint32_t i = 0; i < 10000; i++) {
        int n = snprintf(key, sizeof key, "key-%u", i);
        assert_true(voce_hmap_put(&m, key, (size_t)n, i));
    }
    assert_int_equal(m.count, 10000);
    for (uint32_t i = 0; i < 10000; i++) {
        int n = snprintf(key, sizeof key, "key-%u", i);
        uint32_t v;
        assert_true(voce_hmap_get(&m, key, (size_t)n, &v));
        assert_int_equal(v, i);
    }
    assert_false(voce_hmap_get(&m, "key-10000", 9, NULL));
    assert_false(voce_hmap_put(&m, "key-7", 5, 99)); /* replaces */
    uint32_t v;
    assert_true(voce_hmap_get(&m, "key-7", 5, &v));
    assert_int_equal(v, 99);
    voce_hmap_release(&m);
}

static void keys_may_hold_any_bytes(void **state)
{
    (void)state;
    voce_hmap m;
    voce_hmap_init(&m);
    assert_false(voce_hmap_get(&m, "x", 1, NULL)); /* empty map */
    assert_true(voce_hmap_put(&m, "a\0b", 3, 1));
    assert_true(voce_hmap_put(&m, "a", 1, 2));
    assert_true(voce_hmap_put(&m, "", 0, 3));
    uint32_t v;
    assert_true(voce_hmap_get(&m, "a\0b", 3, &v));
    assert_int_equal(v, 1);
    assert_true(voce_hmap_get(&m, "", 0, &v));
    assert_int_equal(v, 3);
    voce_hmap_release(&m);
}

static void the_hash_never_changes(void **state)
{
    (void)state;
    /* Saved models depend on these values: a change here breaks them. */
    assert_true(voce_hash("", 0, 0) == voce_hash("", 0, 0));
    assert_true(voce_hash("pessimo", 7, 0) != voce_hash("pessimo", 7, 1));
    assert_true(voce_hash("pessimo", 7, 42) == 0x59fed4f9d7be37d0ULL);
    assert_true(voce_hash("servizio clienti", 16, 42) == 0x0088159f87f31992ULL);
}

/* The hash's definition a byte at a time, as it was first written. */
static uint64_t hash_by_bytes(const unsigned char *p, size_t len, uint64_t seed)
{
    uint64_t h = seed ^ (len * 0x9e3779b97f4a7c15ULL);
    for (; len >= 8; p += 8, len -= 8) {
        uint64_t w = 0;
        for (int i = 0; i < 8; i++)
            w |= (uint64_t)p[i] << (8 * i);
        h = voce_hash_mix(h ^ w) * 0x9e3779b97f4a7c15ULL;
    }
    uint64_t w = 0;
    for (size_t i = 0; i < len; i++)
        w |= (uint64_t)p[i] << (8 * i);
    return voce_hash_mix(h ^ w ^ 0x2545f4914f6cdd1dULL);
}

/* voce_hash reads a key a word at a time and its tail in overlapping
 * loads: the same value as the definition, for every length and byte (high
 * bytes too), and voce_hash_packed's for a key packed into a word. */
static void the_hash_is_its_definition_at_every_length(void **state)
{
    (void)state;
    unsigned char buf[40];
    for (size_t i = 0; i < sizeof buf; i++)
        buf[i] = (unsigned char)(i * 37 + 0x85);
    for (size_t off = 0; off < 3; off++) {
        for (size_t len = 0; len + off <= sizeof buf; len++) {
            uint64_t want = hash_by_bytes(buf + off, len, 7);
            if (voce_hash(buf + off, len, 7) != want)
                fail_msg("length %zu at offset %zu", len, off);
            if (len < 8) {
                uint64_t w = 0;
                for (size_t i = 0; i < len; i++)
                    w |= (uint64_t)buf[off + i] << (8 * i);
                assert_true(voce_hash_packed(w, len, 7) == want);
            }
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_survive_growth),
        cmocka_unit_test(keys_may_hold_any_bytes),
        cmocka_unit_test(the_hash_never_changes),
        cmocka_unit_test(the_hash_is_its_definition_at_every_length),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
