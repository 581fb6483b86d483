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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_survive_growth),
        cmocka_unit_test(keys_may_hold_any_bytes),
        cmocka_unit_test(the_hash_never_changes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
