/* test_number.c -- voce_strtod must give strtod's double, bit for bit, and
 * stop where strtod stops; voce_format_fixed4 must write what "%.4f" writes
 * (number.c). */
#include "testutil.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"

static void same_as_strtod(const char *s)
{
    char *end_ours, *end_libc;
    double ours = voce_strtod(s, &end_ours);
    double libc = strtod(s, &end_libc);
    if (memcmp(&ours, &libc, sizeof ours) != 0 && !(isnan(ours) && isnan(libc)))
        fail_msg("'%s': voce_strtod %.17g, strtod %.17g", s, ours, libc);
    if (end_ours != end_libc)
        fail_msg("'%s': voce_strtod stops at %td, strtod at %td", s, end_ours - s,
                 end_libc - s);
}

static void edge_cases(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "0", "-0", "+0", "1", "-1", "0.5", ".5", "5.", "-.5", "1e5", "1E-5", "1e", "1e+",
        "1e-", "0.1", "0.2", "0.3", "1.7976931348623157e308", "4.9406564584124654e-324",
        "2.2250738585072014e-308", "123456789012345678", "1234567890123456789",
        "12345678901234567890", "9007199254740993", "9007199254740992", "0.00101418793",
        "-0.41863026327073077", "1.22342467 2:0.5", "3:0.25", "inf", "-infinity", "nan",
        "0x1p3", "0X10", " 1", "", "-", ".", "e5", "1e400", "1e-400", "1.5e22", "1.5e23",
        "1e-22", "1e-23", "00000000000000000001", "0.000000000000000000001", "1,5",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        same_as_strtod(cases[i]);
}

static void model_like_numbers(void **state)
{
    (void)state;
    /* Weights as voce and libsvm write them (%.9g, %.17g), and plain %g. */
    srand(7);
    char buf[64];
    for (int i = 0; i < 200000; i++) {
        double mag = pow(10.0, (rand() % 40) - 25);
        double v = ((double)rand() / RAND_MAX - 0.5) * mag;
        static const char *const formats[] = {"%.9g", "%.17g", "%g", "%.3f", "%.12e"};
        snprintf(buf, sizeof buf, formats[i % 5], v);
        same_as_strtod(buf);
    }
}

static void indices(void **state)
{
    (void)state;
    char *end;
    const char *s = "16384:0.5";
    assert_int_equal(voce_strtou32(s, &end), 16384);
    assert_ptr_equal(end, s + 5);
    s = "4294967295";
    assert_int_equal(voce_strtou32(s, &end), 4294967295ul);
    assert_ptr_equal(end, s + 10);
    s = "4294967296";
    voce_strtou32(s, &end);
    assert_ptr_equal(end, s); /* over 2^32 - 1: not a number */
    s = "-1";
    voce_strtou32(s, &end);
    assert_ptr_equal(end, s);
    s = "";
    voce_strtou32(s, &end);
    assert_ptr_equal(end, s);
}

static void same_as_printf(double v)
{
    char ours[32], libc[32];
    int n = voce_format_fixed4(v, ours);
    int k = snprintf(libc, sizeof libc, "%.4f", v);
    if (n != k || strcmp(ours, libc) != 0)
        fail_msg("%.17g: voce_format_fixed4 '%s' (%d), printf '%s' (%d)", v, ours, n, libc, k);
}

static void fixed4_as_printf(void **state)
{
    (void)state;
    static const double edge[] = {0.0, -0.0, 1.0, -1.0, 0.5, -0.5, 0.00005, -0.00005,
                                  0.00015, 0.00025, 0.12345, -0.12345, 0.99995, 0.999949999,
                                  1.00005, 9999.99995, 9999.9999, -9999.99994, 1e4, -1e4,
                                  123456.789, 1e300, -1e-300, 4.9e-324, HUGE_VAL, -HUGE_VAL,
                                  NAN};
    for (size_t i = 0; i < sizeof edge / sizeof *edge; i++)
        same_as_printf(edge[i]);
    /* Every 4-decimal value in [-2, 2], and each nudged either side of
     * it and of the tie above it: the neighbourhood where rounding can go
     * wrong. */
    for (int k = -20000; k <= 20000; k++) {
        double v = k / 1e4, tie = (k + 0.5) / 1e4;
        same_as_printf(v);
        same_as_printf(nextafter(v, 3));
        same_as_printf(nextafter(v, -3));
        same_as_printf(tie);
        same_as_printf(nextafter(tie, 3));
        same_as_printf(nextafter(tie, -3));
        same_as_printf(tie + 1e-12);
        same_as_printf(tie - 1e-12);
    }
    srand(7);
    for (int i = 0; i < 200000; i++) {
        double v = ((double)rand() / RAND_MAX * 2 - 1) * (i % 3 == 0 ? 20000 : 1.5);
        same_as_printf(v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edge_cases),
        cmocka_unit_test(model_like_numbers),
        cmocka_unit_test(indices),
        cmocka_unit_test(fixed4_as_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
