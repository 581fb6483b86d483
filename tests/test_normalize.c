/* test_normalize.c -- clean text and the offset map (normalize.c). */
#include "testutil.h"

#include <string.h>

#include "normalize.h"

static void check_row(char **f, const char *where, void *ctx)
{
    voce_clean *c = ctx;
    voce_buf in = VOCE_BUF_INIT, want = VOCE_BUF_INIT;
    test_unescape(f[0], &in);
    test_unescape(f[1], &want);
    voce_normalize(in.data, in.len, c);
    if (c->text.len != want.len || memcmp(c->text.data, want.data, want.len) != 0)
        fail_msg("%s: '%s' became '%s', expected '%s'", where, f[0], c->text.data, f[1]);
    voce_buf_release(&in);
    voce_buf_release(&want);
}

static void every_row_of_the_table_normalizes_as_expected(void **state)
{
    (void)state;
    voce_clean c;
    voce_clean_init(&c);
    assert_true(test_each_row("normalize.tsv", 2, check_row, &c) >= 20);
    voce_clean_release(&c);
}

static void every_clean_byte_maps_to_an_input_offset(void **state)
{
    (void)state;
    voce_clean c;
    voce_clean_init(&c);
    const char in[] = "A\xE2\x80\x99" "B  \xFF" "C";
    voce_normalize(in, sizeof in - 1, &c);
    assert_string_equal(c.text.data, "A'B \xEF\xBF\xBD" "C");
    const uint32_t want[] = {0, 1, 4, 5, 7, 7, 7, 8, 9};
    for (size_t i = 0; i <= c.text.len; i++)
        assert_int_equal(c.src[i], want[i]);
    assert_int_equal(c.invalid, 1);
    voce_clean_release(&c);
}

/* Most text takes a fast path, a run of printable ASCII at a time; the
 * last letter of a run that a combining mark follows does not, so that the
 * two compose, and each byte still maps to where it came from. */
static void a_run_of_ascii_maps_byte_by_byte_and_yields_to_a_mark(void **state)
{
    (void)state;
    voce_clean c;
    voce_clean_init(&c);
    const char in[] = "  caffe\xCC\x80   ok";
    voce_normalize(in, sizeof in - 1, &c);
    assert_string_equal(c.text.data, "caff\xC3\xA8 ok");
    const uint32_t want[] = {2, 3, 4, 5, 6, 6, 9, 12, 13, 14};
    for (size_t i = 0; i <= c.text.len; i++)
        assert_int_equal(c.src[i], want[i]);
    voce_clean_release(&c);
}

static void output_can_be_three_times_the_input(void **state)
{
    (void)state;
    /* Every invalid byte becomes a 3-byte U+FFFD. */
    char in[4096];
    memset(in, 0xFF, sizeof in);
    voce_clean c;
    voce_clean_init(&c);
    voce_normalize(in, sizeof in, &c);
    assert_int_equal(c.text.len, 3 * sizeof in);
    assert_int_equal(c.invalid, sizeof in);
    assert_int_equal(c.src[c.text.len - 1], sizeof in - 1);
    voce_clean_release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_row_of_the_table_normalizes_as_expected),
        cmocka_unit_test(every_clean_byte_maps_to_an_input_offset),
        cmocka_unit_test(a_run_of_ascii_maps_byte_by_byte_and_yields_to_a_mark),
        cmocka_unit_test(output_can_be_three_times_the_input),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
