/* test_buf.c -- the growable buffer (buf.c). */
#include "testutil.h"

#include <string.h>

#include "buf.h"

static void appends_grow_and_stay_terminated(void **state)
{
    (void)state;
    voce_buf b = VOCE_BUF_INIT;
    assert_string_equal(voce_buf_str(&b), "");
    for (int i = 0; i < 1000; i++)
        voce_buf_addf(&b, "%d,", i % 10);
    assert_int_equal(b.len, 2000);
    assert_int_equal(b.data[b.len], '\0');
    voce_buf_reset(&b);
    assert_int_equal(b.len, 0);
    assert_string_equal(voce_buf_str(&b), "");
    voce_buf_add(&b, "a\0b", 3);
    assert_int_equal(b.len, 3);
    assert_memory_equal(b.data, "a\0b", 4);
    voce_buf_release(&b);
    assert_null(b.data);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(appends_grow_and_stay_terminated),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
