/* test_tsvfile.c -- reading voce's data files (tsvfile.c). */
#define _XOPEN_SOURCE 700 /* mkstemp */
#include "testutil.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hmap.h"
#include "tsvfile.h"

static void comments_and_blank_lines_are_skipped_and_lines_counted(void **state)
{
    (void)state;
    voce_tsvfile f;
    voce_error err;
    assert_int_equal(voce_tsvfile_open(&f, VOCE_TEST_DATA "/tsvfile-good.tsv", &err), VOCE_OK);
    assert_int_equal(voce_tsvfile_next(&f, &err), 1);
    assert_int_equal(f.line, 3);
    assert_int_equal(f.nfields, 2);
    assert_string_equal(f.field[0], "pessimo");
    assert_string_equal(f.field[1], "-3");
    assert_int_equal(voce_tsvfile_next(&f, &err), 1);
    assert_int_equal(f.line, 5);
    assert_string_equal(f.field[0], "non male"); /* CRLF line */
    assert_string_equal(f.field[1], "2");
    assert_int_equal(voce_tsvfile_next(&f, &err), 1);
    assert_int_equal(f.nfields, 3);
    assert_string_equal(f.field[1], "");
    assert_int_equal(voce_tsvfile_next(&f, &err), 0);
    voce_tsvfile_close(&f);
}

static void invalid_utf8_is_reported_with_its_line(void **state)
{
    (void)state;
    voce_tsvfile f;
    voce_error err;
    assert_int_equal(voce_tsvfile_open(&f, VOCE_TEST_DATA "/tsvfile-latin1.tsv", &err), VOCE_OK);
    assert_int_equal(voce_tsvfile_next(&f, &err), 1);
    assert_int_equal(voce_tsvfile_next(&f, &err), -1);
    assert_int_equal(err.status, VOCE_ERR_PARSE);
    assert_non_null(strstr(err.where, "tsvfile-latin1.tsv:3"));
    assert_string_equal(err.msg, "invalid UTF-8");
    voce_tsvfile_close(&f);
}

static void a_missing_file_is_an_io_error(void **state)
{
    (void)state;
    voce_tsvfile f;
    voce_error err;
    assert_int_equal(voce_tsvfile_open(&f, VOCE_TEST_DATA "/absent.tsv", &err), VOCE_ERR_IO);
    assert_int_equal(err.sys_errno, 2);
}

/* voce_file_read: the bytes as they are (no BOM skipped, no CR dropped),
 * NUL-terminated, and their hash, which model generations are made of. */
static void a_file_is_read_whole_with_its_hash(void **state)
{
    (void)state;
    char path[] = "/tmp/voce-test-file-read-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    static const char bytes[] = "\xEF\xBB\xBFuno\r\ndue\0tre";
    size_t n = sizeof bytes - 1;
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
    close(fd);
    char *data;
    size_t len;
    uint64_t hash;
    voce_error err;
    assert_int_equal(voce_file_read(path, &data, &len, &hash, &err), VOCE_OK);
    assert_int_equal(len, n);
    assert_memory_equal(data, bytes, n);
    assert_int_equal(data[len], '\0');
    assert_true(hash == voce_hash(bytes, n, 0));
    free(data);
    unlink(path);
    assert_int_equal(voce_file_read(path, &data, &len, NULL, &err), VOCE_ERR_IO);
    assert_null(data);
    assert_int_equal(len, 0);
}

static void numbers_parse_in_the_c_locale_only(void **state)
{
    (void)state;
    double v;
    assert_int_equal(voce_parse_double("0.5", &v), 0);
    assert_true(v == 0.5);
    assert_int_equal(voce_parse_double("-1e-3", &v), 0);
    assert_int_equal(voce_parse_double("0,5", &v), -1);
    assert_int_equal(voce_parse_double("", &v), -1);
    assert_int_equal(voce_parse_double("nan", &v), -1);
    assert_int_equal(voce_parse_double("1.5x", &v), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(comments_and_blank_lines_are_skipped_and_lines_counted),
        cmocka_unit_test(invalid_utf8_is_reported_with_its_line),
        cmocka_unit_test(a_missing_file_is_an_io_error),
        cmocka_unit_test(a_file_is_read_whole_with_its_hash),
        cmocka_unit_test(numbers_parse_in_the_c_locale_only),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
