/* test_redact.c -- masking personal data (redact.c) with lexicons/redact.tsv.
 *
 * Texts and what they become are in tests/data/redact.tsv: e-mails with
 * +tags, IBANs with spaces, cards with dashes and the Luhn check, codici
 * fiscali with omocodia letters, Italian and English phones, and what must
 * stay (order numbers, dates, prices). The tests here cover the rest: the
 * buffer contract, errors in the data file, records as read in each
 * format, and hostile input. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "voce.h"

static voce_redactor *shipped;

static int load_shipped(void **state)
{
    (void)state;
    voce_error err;
    if (voce_redactor_load(&shipped, VOCE_LEXICONS, &err) != VOCE_OK) {
        fprintf(stderr, "%s: %s\n", err.where, err.msg);
        return -1;
    }
    return 0;
}

static int free_shipped(void **state)
{
    (void)state;
    voce_redactor_free(shipped);
    return 0;
}

/* The redacted text, in a static buffer. */
static const char *redacted(const char *text, size_t len, size_t *found)
{
    static char buf[1 << 16];
    size_t need = voce_redact(shipped, text, len, buf, sizeof buf, found);
    assert_true(need < sizeof buf);
    assert_int_equal(strlen(buf), need);
    return buf;
}

/* Write 'data' to a temporary file; the caller unlinks it. */
static const char *temp_file(const char *data)
{
    static char path[64];
    static unsigned counter;
    snprintf(path, sizeof path, "redact-tmp-%ld-%u", (long)getpid(), counter++);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, strlen(data), fp), strlen(data));
    assert_int_equal(fclose(fp), 0);
    return path;
}

/* Read the first record of 'data' as 'format' and redact it in place. */
static const char *redacted_record(voce_format format, const char *data, size_t *found)
{
    static char buf[4096];
    const char *path = temp_file(data);
    voce_reader_options opt = {.format = format};
    voce_reader *r;
    voce_error err;
    assert_int_equal(voce_reader_open(&r, path, &opt, &err), VOCE_OK);
    voce_record rec;
    assert_int_equal(voce_reader_next(r, &rec, &err), 1);
    size_t need = voce_redact_record(shipped, r, &rec, buf, sizeof buf, found);
    assert_true(need < sizeof buf);
    voce_reader_close(r);
    unlink(path);
    return buf;
}

/* ---- Texts -------------------------------------------------------------- */

static void check_row(char **f, const char *where, void *ctx)
{
    (void)ctx;
    voce_buf in = VOCE_BUF_INIT, want = VOCE_BUF_INIT;
    test_unescape(f[0], &in);
    test_unescape(f[1], &want);
    const char *got = redacted(in.data, in.len, NULL);
    if (strcmp(got, want.data) != 0)
        fail_msg("%s: '%s' became '%s', expected '%s'", where, f[0], got, f[1]);
    voce_buf_release(&in);
    voce_buf_release(&want);
}

static void texts_are_redacted_as_the_table_says(void **state)
{
    (void)state;
    assert_true(test_each_row("redact.tsv", 2, check_row, NULL) > 50);
}

static void found_counts_the_items_replaced(void **state)
{
    (void)state;
    size_t found = 99;
    const char *s = "a@b.it, 3471234567 e ordine n. 12345678";
    assert_string_equal(redacted(s, strlen(s), &found), "[EMAIL], [PHONE] e ordine n. 12345678");
    assert_int_equal(found, 2);
    assert_string_equal(redacted("", 0, &found), "");
    assert_int_equal(found, 0);
}

static void a_small_buffer_gets_a_cut_result_and_the_length_needed(void **state)
{
    (void)state;
    const char *s = "mail a@b.it now";
    char buf[8];
    assert_int_equal(voce_redact(shipped, s, strlen(s), buf, sizeof buf, NULL),
                     strlen("mail [EMAIL] now"));
    assert_string_equal(buf, "mail [E");
    assert_int_equal(voce_redact(shipped, s, strlen(s), NULL, 0, NULL), 16);
}

static void only_len_bytes_are_read(void **state)
{
    (void)state;
    const char *s = "3471234567 and a@b.it";
    assert_string_equal(redacted(s, 10, NULL), "[PHONE]");
    assert_string_equal(redacted(s, 9, NULL), "347123456");
}

/* ---- The data file ----------------------------------------------------- */

static const char *temp_lexicons(const char *redact_tsv)
{
    static char dir[64];
    snprintf(dir, sizeof dir, "redact-lex-%ld", (long)getpid());
    char path[128];
    snprintf(path, sizeof path, "mkdir -p %s", dir);
    assert_int_equal(system(path), 0);
    snprintf(path, sizeof path, "%s/redact.tsv", dir);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(redact_tsv, fp);
    assert_int_equal(fclose(fp), 0);
    return dir;
}

static void remove_lexicons(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void a_bad_pattern_names_its_line_and_column(void **state)
{
    (void)state;
    const char *dir = temp_lexicons("# name placeholder pattern\n"
                                    "email\t[EMAIL]\t\\w+@\\w+\n"
                                    "phone\t[PHONE]\t\\d+(\n");
    voce_redactor *r = (voce_redactor *)1;
    voce_error err;
    assert_int_equal(voce_redactor_load(&r, dir, &err), VOCE_ERR_REGEX);
    assert_null(r);
    char want[128];
    snprintf(want, sizeof want, "%s/redact.tsv:3:5", dir);
    assert_string_equal(err.where, want);
    remove_lexicons(dir);
}

static void a_row_without_its_three_columns_is_refused(void **state)
{
    (void)state;
    const char *dir = temp_lexicons("email\t\\w+@\\w+\n");
    voce_redactor *r;
    voce_error err;
    assert_int_equal(voce_redactor_load(&r, dir, &err), VOCE_ERR_PARSE);
    assert_string_equal(err.msg, "expected 3 columns, got 2");
    remove_lexicons(dir);
}

static void a_missing_file_is_an_io_error(void **state)
{
    (void)state;
    voce_redactor *r;
    voce_error err;
    assert_int_equal(voce_redactor_load(&r, "/nonexistent", &err), VOCE_ERR_IO);
    assert_null(r);
}

static void placeholders_come_from_the_file(void **state)
{
    (void)state;
    const char *dir = temp_lexicons("ticket\t<T>\tT-\\d+\n");
    voce_redactor *r;
    assert_int_equal(voce_redactor_load(&r, dir, NULL), VOCE_OK);
    char buf[64];
    voce_redact(r, "see T-123, T-9", 14, buf, sizeof buf, NULL);
    assert_string_equal(buf, "see <T>, <T>");
    voce_redactor_free(r);
    remove_lexicons(dir);
}

/* ---- Records as read ----------------------------------------------------- */

static void a_csv_text_cell_is_redacted_and_requoted_alone(void **state)
{
    (void)state;
    size_t found;
    const char *csv = "id,text,email\n"
                      "3471234567,\"Chiamate il 347 123 4567, \"\"subito\"\"\",x@y.it\n";
    assert_string_equal(redacted_record(VOCE_FORMAT_CSV, csv, &found),
                        "3471234567,\"Chiamate il [PHONE], \"\"subito\"\"\",x@y.it");
    assert_int_equal(found, 1);
}

static void a_csv_record_without_personal_data_keeps_its_quotes(void **state)
{
    (void)state;
    size_t found;
    const char *csv = "\"id\";\"testo\"\n\"7\";\"tutto ok\"\n";
    assert_string_equal(redacted_record(VOCE_FORMAT_CSV, csv, &found), "\"7\";\"tutto ok\"");
    assert_int_equal(found, 0);
}

static void a_multiline_csv_cell_is_found_past_its_newline(void **state)
{
    (void)state;
    const char *csv = "text,n\n\"riga uno, a@b.it\nriga due\",5\n";
    assert_string_equal(redacted_record(VOCE_FORMAT_CSV, csv, NULL),
                        "\"riga uno, [EMAIL]\nriga due\",5");
}

static void a_tsv_text_column_is_redacted_alone(void **state)
{
    (void)state;
    const char *tsv = "id\ttext\tphone\n3471234567\tcall 3471234567\t3471234567\n";
    assert_string_equal(redacted_record(VOCE_FORMAT_TSV, tsv, NULL),
                        "3471234567\tcall [PHONE]\t3471234567");
}

static void a_json_text_value_is_redacted_and_reescaped(void **state)
{
    (void)state;
    size_t found;
    const char *jsonl = "{\"id\": 3471234567, \"body\": \"tel\\n3471234567 \\u00e8 mio\", "
                        "\"tags\": [\"a@b.it\"], \"n\": null}\n";
    assert_string_equal(redacted_record(VOCE_FORMAT_JSONL, jsonl, &found),
                        "{\"id\": 3471234567, \"body\": \"tel\\n[PHONE] è mio\", "
                        "\"tags\": [\"a@b.it\"], \"n\": null}");
    assert_int_equal(found, 1);
}

static void a_json_record_without_personal_data_is_kept_byte_for_byte(void **state)
{
    (void)state;
    const char *jsonl = "{ \"text\" : \"ciao \\u00e8 \\\"ok\\\"\" ,\"x\":{\"y\":[1,2]} }\n";
    assert_string_equal(redacted_record(VOCE_FORMAT_JSONL, jsonl, NULL),
                        "{ \"text\" : \"ciao \\u00e8 \\\"ok\\\"\" ,\"x\":{\"y\":[1,2]} }");
}

static void a_json_text_holding_an_object_has_its_strings_redacted(void **state)
{
    (void)state;
    const char *jsonl =
        "{\"text\": {\"a\": \"a@b.it\", \"b\": [\"3471234567\"]}, \"c\": \"a@b.it\"}\n";
    assert_string_equal(
        redacted_record(VOCE_FORMAT_JSONL, jsonl, NULL),
        "{\"text\": {\"a\": \"[EMAIL]\", \"b\": [\"[PHONE]\"]}, \"c\": \"a@b.it\"}");
}

static void a_record_whose_fields_are_unknown_is_redacted_whole(void **state)
{
    (void)state;
    char buf[128];
    voce_record rec = {.raw = "{\"text\": \"a@b.it\", broken 3471234567", .text = ""};
    rec.raw_len = strlen(rec.raw);
    voce_redact_record(shipped, NULL, &rec, buf, sizeof buf, NULL);
    assert_string_equal(buf, "{\"text\": \"[EMAIL]\", broken [PHONE]");
}

/* ---- Hostile input ------------------------------------------------------- */

static void long_runs_of_digits_and_separators_finish_quickly(void **state)
{
    (void)state;
    static const char *const pieces[] = {"4111 ", "3", "+39 ", "a@", "IT60 ", "0-", "(5"};
    /* 1 MiB each; 64 KiB under valgrind (VOCE_TEST_QUICK=1). */
    const char *quick = getenv("VOCE_TEST_QUICK");
    size_t len = quick && strcmp(quick, "1") == 0 ? 1 << 16 : 1 << 20;
    char *s = malloc(len + 1);
    char *out = malloc(4 * len);
    assert_non_null(s);
    assert_non_null(out);
    for (size_t p = 0; p < sizeof pieces / sizeof *pieces; p++) {
        size_t k = strlen(pieces[p]);
        for (size_t i = 0; i < len; i++)
            s[i] = pieces[p][i % k];
        s[len] = '\0';
        clock_t start = clock();
        size_t need = voce_redact(shipped, s, len, out, 4 * len, NULL);
        assert_true(need < 4 * len);
        double secs = (double)(clock() - start) / CLOCKS_PER_SEC;
        if (secs > 20)
            fail_msg("'%s' repeated took %.1f s", pieces[p], secs);
    }
    free(s);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(texts_are_redacted_as_the_table_says),
        cmocka_unit_test(found_counts_the_items_replaced),
        cmocka_unit_test(a_small_buffer_gets_a_cut_result_and_the_length_needed),
        cmocka_unit_test(only_len_bytes_are_read),
        cmocka_unit_test(a_bad_pattern_names_its_line_and_column),
        cmocka_unit_test(a_row_without_its_three_columns_is_refused),
        cmocka_unit_test(a_missing_file_is_an_io_error),
        cmocka_unit_test(placeholders_come_from_the_file),
        cmocka_unit_test(a_csv_text_cell_is_redacted_and_requoted_alone),
        cmocka_unit_test(a_csv_record_without_personal_data_keeps_its_quotes),
        cmocka_unit_test(a_multiline_csv_cell_is_found_past_its_newline),
        cmocka_unit_test(a_tsv_text_column_is_redacted_alone),
        cmocka_unit_test(a_json_text_value_is_redacted_and_reescaped),
        cmocka_unit_test(a_json_record_without_personal_data_is_kept_byte_for_byte),
        cmocka_unit_test(a_json_text_holding_an_object_has_its_strings_redacted),
        cmocka_unit_test(a_record_whose_fields_are_unknown_is_redacted_whole),
        cmocka_unit_test(long_runs_of_digits_and_separators_finish_quickly),
    };
    return cmocka_run_group_tests(tests, load_shipped, free_shipped);
}
