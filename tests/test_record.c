/* test_record.c -- reading and writing feedback exports (record.c, io_*.c,
 * encoding.c).
 *
 * Fixtures in tests/data (written once with python3; see each test):
 *   record-excel-it.csv    Excel in an Italian locale: Windows-1252, ';', CRLF
 *   record-utf16le.txt     UTF-16LE with a BOM, CRLF, an emoji outside the BMP
 *   record-bom-crlf.csv    UTF-8 with a BOM, CRLF, a CRLF inside quotes
 *   record-unclosed.csv    an unclosed quote at line 3 of 5
 *   record-nested.jsonl    nested values, escapes, a broken line, a missing key
 *   record-hostile.txt     12 lines of trouble (BOM, NUL, CR, invalid UTF-8...)
 *   record-hostile.jsonl   12 lines of trouble (blank, not JSON, deep nesting...)
 *   record-roundtrip.*     files that must come back byte for byte
 * Table-driven cases: record-csv.tsv, record-textcol.tsv, record-delimiter.tsv,
 * record-detect.tsv, record-writer.tsv. */
#define _POSIX_C_SOURCE 200809L
#include "testutil.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "voce.h"

/* ---- Helpers ------------------------------------------------------------ */

/* Write data to a file in the working directory (the build's tests/),
 * named with 'ext' so that format detection sees it. */
static const char *temp_file(const char *ext, const char *data, size_t len)
{
    static char path[64];
    static unsigned counter;
    snprintf(path, sizeof path, "record-tmp-%ld-%u.%s", (long)getpid(), counter++, ext);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(data, 1, len, fp), len);
    assert_int_equal(fclose(fp), 0);
    return path;
}

static voce_reader *open_ok(const char *path, const voce_reader_options *opt)
{
    voce_reader *r = NULL;
    voce_error err;
    if (voce_reader_open(&r, path, opt, &err) != VOCE_OK)
        fail_msg("%s: %s: %s", path, err.where, err.msg);
    return r;
}

static voce_reader *open_data(const char *name, const voce_reader_options *opt)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", VOCE_TEST_DATA, name);
    return open_ok(path, opt);
}

static void expect_record(voce_reader *r, voce_record *rec, size_t line, const char *text)
{
    voce_error err;
    int st = voce_reader_next(r, rec, &err);
    if (st != 1)
        fail_msg("expected a record at line %zu, got %d (%s: %s)", line, st,
                 st < 0 ? err.where : "", st < 0 ? err.msg : "end");
    assert_int_equal(rec->line, line);
    assert_int_equal(rec->text_len, strlen(text));
    assert_memory_equal(rec->text, text, rec->text_len);
    assert_int_equal(rec->text[rec->text_len], '\0');
}

/* An error record: returns its message, checks where it is. */
static const char *expect_error(voce_reader *r, voce_record *rec, const char *where_suffix)
{
    static voce_error err;
    assert_int_equal(voce_reader_next(r, rec, &err), -1);
    size_t n = strlen(err.where), k = strlen(where_suffix);
    if (n < k || strcmp(err.where + n - k, where_suffix) != 0)
        fail_msg("error at '%s', expected '...%s' (%s)", err.where, where_suffix, err.msg);
    return err.msg;
}

static void expect_end(voce_reader *r)
{
    voce_record rec;
    voce_error err;
    assert_int_equal(voce_reader_next(r, &rec, &err), 0);
    assert_int_equal(voce_reader_next(r, &rec, &err), 0);
}

/* Every result (record or error) until the end; fails on an I/O error. */
static size_t count_results(voce_reader *r)
{
    voce_record rec;
    voce_error err;
    size_t n = 0;
    int st;
    while ((st = voce_reader_next(r, &rec, &err)) != 0) {
        if (st < 0 && err.status == VOCE_ERR_IO)
            fail_msg("%s: %s", err.where, err.msg);
        if (st > 0)
            assert_true(rec.raw != NULL);
        n++;
    }
    return n;
}

static char *slurp(FILE *fp, size_t *len)
{
    fflush(fp);
    long size = ftell(fp);
    assert_true(size >= 0);
    rewind(fp);
    char *data = malloc((size_t)size + 1);
    assert_non_null(data);
    assert_int_equal(fread(data, 1, (size_t)size, fp), (size_t)size);
    data[size] = '\0';
    *len = (size_t)size;
    return data;
}

static const char *const extras[] = {"label", "score"};
static const bool extras_json[] = {false, true};
static const char *const values[] = {"neg", "0.5"};

/* Read all of 'r' and write it in 'format' with the two extras; returns
 * what was written (the caller frees it). Error records are written too
 * when 'all', as a command keeping one line out per record does. */
static char *convert_all(voce_reader *r, voce_format format, size_t n_extra, bool all, size_t *len)
{
    FILE *out = tmpfile();
    assert_non_null(out);
    const char *const *names;
    size_t n = voce_reader_columns(r, &names);
    voce_format in = voce_reader_format(r);
    char delim = in == VOCE_FORMAT_CSV ? voce_reader_delimiter(r) : 0;
    voce_writer *w;
    voce_error err;
    assert_int_equal(
        voce_writer_open(&w, out, format, delim, in, names, n, extras, extras_json, n_extra, &err),
        VOCE_OK);
    voce_record rec;
    int st;
    while ((st = voce_reader_next(r, &rec, &err)) != 0)
        if (st > 0 || all)
            assert_int_equal(voce_writer_write(w, &rec, values, &err), VOCE_OK);
    voce_writer_free(w);
    char *data = slurp(out, len);
    fclose(out);
    return data;
}

static char *convert(voce_reader *r, voce_format format, size_t n_extra, size_t *len)
{
    return convert_all(r, format, n_extra, false, len);
}

/* ---- Formats and detection ---------------------------------------------- */

static void format_names_go_both_ways(void **state)
{
    (void)state;
    voce_format all[] = {VOCE_FORMAT_TEXT, VOCE_FORMAT_TSV, VOCE_FORMAT_CSV, VOCE_FORMAT_JSONL};
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(voce_format_parse(voce_format_name(all[i])), all[i]);
    assert_int_equal(voce_format_parse("CSV"), VOCE_FORMAT_CSV);
    assert_int_equal(voce_format_parse("ndjson"), VOCE_FORMAT_JSONL);
    assert_int_equal(voce_format_parse("xlsx"), VOCE_FORMAT_AUTO);
    assert_int_equal(voce_format_parse(NULL), VOCE_FORMAT_AUTO);
}

static voce_format format_named(const char *name)
{
    voce_format f = voce_format_parse(name);
    if (f == VOCE_FORMAT_AUTO)
        fail_msg("unknown format '%s' in the table", name);
    return f;
}

static void detect_row(char **f, const char *where, void *ctx)
{
    (void)ctx;
    voce_buf content = VOCE_BUF_INIT;
    test_unescape(f[1], &content);
    const char *path = temp_file(f[0], content.data, content.len);
    voce_reader_options opt = {.text_column = "1"};
    voce_reader *r = NULL;
    voce_error err;
    if (voce_reader_open(&r, path, &opt, &err) != VOCE_OK)
        fail_msg("%s: %s: %s", where, err.where, err.msg);
    if (voce_reader_format(r) != format_named(f[2]))
        fail_msg("%s: detected %s, expected %s", where, voce_format_name(voce_reader_format(r)),
                 f[2]);
    voce_reader_close(r);
    remove(path);
    voce_buf_release(&content);
}

static void format_comes_from_the_extension_then_from_the_content(void **state)
{
    (void)state;
    assert_true(test_each_row("record-detect.tsv", 3, detect_row, NULL) >= 10);
}

static void delimiter_row(char **f, const char *where, void *ctx)
{
    (void)ctx;
    voce_buf content = VOCE_BUF_INIT;
    test_unescape(f[0], &content);
    voce_buf_adds(&content, "\n");
    const char *path = temp_file("csv", content.data, content.len);
    voce_reader_options opt = {.text_column = "1"};
    voce_reader *r = open_ok(path, &opt);
    char want = strcmp(f[1], "comma") == 0       ? ','
                : strcmp(f[1], "semicolon") == 0 ? ';'
                : strcmp(f[1], "tab") == 0       ? '\t'
                                                 : '|';
    if (voce_reader_delimiter(r) != want)
        fail_msg("%s: detected '%c', expected %s", where, voce_reader_delimiter(r), f[1]);
    voce_reader_close(r);
    remove(path);
    voce_buf_release(&content);
}

static void csv_delimiter_is_detected_from_the_header_line(void **state)
{
    (void)state;
    assert_true(test_each_row("record-delimiter.tsv", 2, delimiter_row, NULL) >= 6);
}

/* ---- CSV ---------------------------------------------------------------- */

static void csv_row(char **f, const char *where, void *ctx)
{
    (void)ctx;
    voce_buf content = VOCE_BUF_INIT, got = VOCE_BUF_INIT, want = VOCE_BUF_INIT;
    test_unescape(f[0], &content);
    test_unescape(f[1], &want);
    const char *path = temp_file("csv", content.data, content.len);
    voce_reader_options opt = {.no_header = true, .delimiter = ',', .text_column = "1"};
    voce_reader *r = open_ok(path, &opt);
    voce_record rec;
    voce_error err;
    if (voce_reader_next(r, &rec, &err) != 1)
        fail_msg("%s: no record (%s: %s)", where, err.where, err.msg);
    voce_buf_add(&got, "", 0);
    for (size_t i = 0; i < rec.nfields; i++) {
        voce_buf_addc(&got, '[');
        voce_buf_add(&got, rec.field[i], rec.field_len[i]);
        voce_buf_addc(&got, ']');
    }
    if (strcmp(got.data, want.data) != 0)
        fail_msg("%s: got %s, expected %s", where, got.data, want.data);
    if (voce_reader_next(r, &rec, &err) != 0)
        fail_msg("%s: more than one record", where);
    voce_reader_close(r);
    remove(path);
    voce_buf_release(&content);
    voce_buf_release(&got);
    voce_buf_release(&want);
}

static void csv_fields_are_unquoted_as_rfc_4180_says(void **state)
{
    (void)state;
    assert_true(test_each_row("record-csv.tsv", 2, csv_row, NULL) >= 10);
}

static void csv_with_a_bom_and_crlf_reads_like_plain_csv(void **state)
{
    (void)state;
    voce_reader *r = open_data("record-bom-crlf.csv", NULL);
    const char *const *names;
    assert_int_equal(voce_reader_columns(r, &names), 2);
    assert_string_equal(names[0], "id"); /* no BOM left in the first name */
    bool bom = false;
    assert_string_equal(voce_reader_encoding(r, &bom), "utf-8");
    assert_true(bom); /* dropped, but remembered for the output */
    voce_record rec;
    expect_record(r, &rec, 2, "ciao\r\nmondo");
    assert_int_equal(rec.raw_len, strlen("1,\"ciao\r\nmondo\""));
    expect_record(r, &rec, 4, "plain");
    assert_int_equal(rec.raw_len, 7); /* "2,plain" without its CRLF */
    expect_end(r);
    voce_reader_close(r);
}

static void excel_sep_line_names_the_delimiter(void **state)
{
    (void)state;
    static const char csv[] = "sep=;\r\nid;commento\r\n1;\"s\xC3\xAC, grazie\"\r\n";
    const char *path = temp_file("csv", csv, sizeof csv - 1);
    voce_reader *r = open_ok(path, NULL);
    assert_int_equal(voce_reader_delimiter(r), ';');
    voce_record rec;
    expect_record(r, &rec, 3, "s\xC3\xAC, grazie");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
}

static void excel_export_in_italian_windows_1252_is_decoded(void **state)
{
    (void)state;
    voce_reader *r = open_data("record-excel-it.csv", NULL);
    assert_int_equal(voce_reader_format(r), VOCE_FORMAT_CSV);
    assert_int_equal(voce_reader_delimiter(r), ';');
    assert_int_equal(voce_reader_text_column(r), 2); /* "Commento del cliente" */
    bool bom = true;
    assert_string_equal(voce_reader_encoding(r, &bom), "windows-1252");
    assert_false(bom);
    voce_record rec;
    expect_record(r, &rec, 2, "Perch\xC3\xA9 mi avete addebitato 10\xE2\x82\xAC in pi\xC3\xB9?");
    assert_int_equal(rec.repairs, 0);
    assert_int_equal(rec.nfields, 4);
    assert_string_equal(rec.field[3], "2");
    expect_record(r, &rec, 3, "Ottimo; consegna veloce");
    expect_record(r, &rec, 4, "Prima riga\r\nseconda riga, con l'accento: \xC3\xA8");
    expect_record(r, &rec, 6, "Non \xC3\xA8 arrivato \"niente\"");
    expect_end(r);
    voce_reader_close(r);
}

static void unclosed_quote_is_reported_at_its_line_and_reading_resumes_after_it(void **state)
{
    (void)state;
    voce_reader *r = open_data("record-unclosed.csv", NULL);
    voce_record rec;
    expect_record(r, &rec, 2, "fine, quoted");
    const char *msg = expect_error(r, &rec, "record-unclosed.csv:3");
    assert_non_null(strstr(msg, "unclosed quote"));
    assert_int_equal(rec.line, 3);
    assert_int_equal(rec.raw_len, strlen("2,\"never closed"));
    assert_memory_equal(rec.raw, "2,\"never closed", rec.raw_len);
    expect_record(r, &rec, 4, "after the bad line");
    expect_record(r, &rec, 5, "last one");
    expect_end(r);
    voce_reader_close(r);
}

static void unclosed_quote_gives_up_after_10000_lines(void **state)
{
    (void)state;
    voce_buf csv = VOCE_BUF_INIT;
    voce_buf_adds(&csv, "id,text\n1,\"opens and never closes\n");
    for (int i = 2; i <= 10500; i++)
        voce_buf_addf(&csv, "%d,plain\n", i);
    const char *path = temp_file("csv", csv.data, csv.len);
    voce_reader *r = open_ok(path, NULL);
    voce_record rec;
    const char *msg = expect_error(r, &rec, ":2");
    assert_non_null(strstr(msg, "10000 lines"));
    for (int i = 2; i <= 10500; i++)
        expect_record(r, &rec, (size_t)i + 1, "plain");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
    voce_buf_release(&csv);
}

static void unclosed_quote_gives_up_past_the_record_limit(void **state)
{
    (void)state;
    voce_buf csv = VOCE_BUF_INIT;
    voce_buf_adds(&csv, "id,text\n1,\"opens\n2,");
    for (int i = 0; i < 300; i++)
        voce_buf_addc(&csv, 'z'); /* a line that crosses the limit */
    voce_buf_adds(&csv, "\n3,\"closed\"\n");
    const char *path = temp_file("csv", csv.data, csv.len);
    voce_reader_options opt = {.max_record_bytes = 200};
    voce_reader *r = open_ok(path, &opt);
    voce_record rec;
    const char *msg = expect_error(r, &rec, ":2");
    assert_non_null(strstr(msg, "past 200 bytes"));
    /* Line 3 alone is over the limit too: skipped, not swallowed. */
    msg = expect_error(r, &rec, ":3");
    assert_non_null(strstr(msg, "longer than 200 bytes"));
    expect_record(r, &rec, 4, "closed");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
    voce_buf_release(&csv);
}

/* Feed 'data' to the reader through a pipe on standard input: nothing can
 * be read twice from a pipe, so resynchronising must work from memory. */
static void unclosed_quote_resyncs_on_a_pipe_too(void **state)
{
    (void)state;
    static const char data[] = "id,text\n1,\"o\"\"k\"\n2,\"never closed\n3,after\n4,last\n";
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        ssize_t n = write(fds[1], data, sizeof data - 1);
        _exit(n == (ssize_t)(sizeof data - 1) ? 0 : 1);
    }
    close(fds[1]);
    int saved = dup(0);
    assert_int_equal(dup2(fds[0], 0), 0);
    close(fds[0]);
    voce_reader_options opt = {.format = VOCE_FORMAT_CSV};
    voce_reader *r = open_ok("-", &opt);
    voce_record rec;
    expect_record(r, &rec, 2, "o\"k");
    expect_error(r, &rec, "<stdin>:3");
    expect_record(r, &rec, 4, "after");
    expect_record(r, &rec, 5, "last");
    expect_end(r);
    voce_reader_close(r);
    int status;
    waitpid(pid, &status, 0);
    assert_int_equal(status, 0);
    dup2(saved, 0);
    close(saved);
}

/* A record is returned as soon as its line has arrived: 'tail -f | voce'
 * must not wait for 64 KiB. The writer holds back each line until the
 * reader has returned the one before; an alarm turns a hang into a failure. */
static void records_arrive_as_soon_as_their_line_does(void **state)
{
    (void)state;
    static const char *const lines[] = {"id,text\n", "1,first\n", "2,second\n"};
    int data[2], go[2];
    assert_int_equal(pipe(data), 0);
    assert_int_equal(pipe(go), 0);
    fflush(stdout);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(data[0]);
        close(go[1]);
        for (int i = 0; i < 3; i++) {
            char c;
            size_t n = strlen(lines[i]);
            if ((i > 0 && read(go[0], &c, 1) != 1) || write(data[1], lines[i], n) != (ssize_t)n)
                _exit(1);
        }
        _exit(0);
    }
    close(data[1]);
    close(go[0]);
    int saved = dup(0);
    assert_int_equal(dup2(data[0], 0), 0);
    close(data[0]);
    alarm(10);
    voce_reader *r = open_ok("-", NULL); /* sees the header line alone */
    assert_int_equal(voce_reader_format(r), VOCE_FORMAT_CSV);
    voce_record rec;
    assert_int_equal(write(go[1], "g", 1), 1);
    expect_record(r, &rec, 2, "first");
    assert_int_equal(write(go[1], "g", 1), 1);
    close(go[1]);
    expect_record(r, &rec, 3, "second");
    expect_end(r);
    alarm(0);
    voce_reader_close(r);
    int status;
    waitpid(pid, &status, 0);
    assert_int_equal(status, 0);
    dup2(saved, 0);
    close(saved);
}

static void rows_with_missing_fields_are_kept_unless_the_text_is_missing(void **state)
{
    (void)state;
    static const char csv[] = "id,text,score\n1,short\n\n2\n3,long,4,extra\n";
    const char *path = temp_file("csv", csv, sizeof csv - 1);
    voce_reader *r = open_ok(path, NULL);
    voce_record rec;
    expect_record(r, &rec, 2, "short");
    assert_int_equal(rec.nfields, 2);
    assert_string_equal(rec.field[2], ""); /* padded up to the columns */
    expect_record(r, &rec, 3, "");         /* an empty line: empty fields */
    assert_string_equal(expect_error(r, &rec, ":4"), "expected 3 columns, got 1");
    assert_memory_equal(rec.raw, "2", 1);
    expect_record(r, &rec, 5, "long");
    assert_int_equal(rec.nfields, 4);
    assert_string_equal(rec.field[3], "extra");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
}

static void old_mac_line_ends_are_lines(void **state)
{
    (void)state;
    static const char csv[] = "id,text\r1,\"a\rb\"\r2,c\r";
    const char *path = temp_file("csv", csv, sizeof csv - 1);
    voce_reader *r = open_ok(path, NULL);
    voce_record rec;
    expect_record(r, &rec, 2, "a\rb");
    expect_record(r, &rec, 4, "c");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
}

/* ---- TSV and TEXT ------------------------------------------------------- */

static void tsv_splits_on_tabs_only_and_counts_columns(void **state)
{
    (void)state;
    static const char tsv[] = "id\ttesto\tvoto\n1\t\"quoted\", kept\t3\n2\n3\tno score\n";
    const char *path = temp_file("tsv", tsv, sizeof tsv - 1);
    voce_reader_options opt = {.id_column = "ID"};
    voce_reader *r = open_ok(path, &opt);
    assert_int_equal(voce_reader_delimiter(r), '\t');
    voce_record rec;
    expect_record(r, &rec, 2, "\"quoted\", kept");
    assert_string_equal(rec.id, "1");
    assert_string_equal(expect_error(r, &rec, ":3"), "expected 3 columns, got 1");
    expect_record(r, &rec, 4, "no score");
    assert_string_equal(rec.id, "3");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
}

static void input_without_a_header_has_numbered_columns(void **state)
{
    (void)state;
    static const char tsv[] = "a1\tfirst text\nb2\tsecond\n";
    const char *path = temp_file("tsv", tsv, sizeof tsv - 1);
    voce_reader_options opt = {.no_header = true, .text_column = "2", .id_column = "1"};
    voce_reader *r = open_ok(path, &opt);
    const char *const *names;
    assert_int_equal(voce_reader_columns(r, &names), 2);
    assert_string_equal(names[0], "1");
    assert_string_equal(names[1], "2");
    voce_record rec;
    expect_record(r, &rec, 1, "first text"); /* the first line is data */
    assert_string_equal(rec.id, "a1");
    expect_record(r, &rec, 2, "second");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
}

static void utf16le_with_a_bom_is_decoded(void **state)
{
    (void)state;
    voce_reader *r = open_data("record-utf16le.txt", NULL);
    assert_int_equal(voce_reader_format(r), VOCE_FORMAT_TEXT);
    bool bom = false;
    assert_string_equal(voce_reader_encoding(r, &bom), "utf-16le");
    assert_true(bom);
    voce_record rec;
    expect_record(r, &rec, 1, "Servizio pessimo, perch\xC3\xA9?");
    expect_record(r, &rec, 2, "Great service \xF0\x9F\x98\x80");
    expect_record(r, &rec, 3, "\xC3\x88 tutto ok");
    assert_int_equal(rec.repairs, 0);
    expect_end(r);
    voce_reader_close(r);
}

static void utf16be_is_decoded_when_named(void **state)
{
    (void)state;
    static const char data[] = "\0i\0d\0\t\0t\0e\0s\0t\0o\0\n\0\x31\0\t\0p\0i\0\xF9\0\n";
    const char *path = temp_file("tsv", data, sizeof data - 1);
    voce_reader_options opt = {.encoding = "UTF-16BE"};
    voce_reader *r = open_ok(path, &opt);
    voce_record rec;
    expect_record(r, &rec, 2, "pi\xC3\xB9");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
}

static void hostile_text_gives_one_result_per_line(void **state)
{
    (void)state;
    voce_reader *r = open_data("record-hostile.txt", NULL);
    voce_record rec;
    expect_record(r, &rec, 1, "line with a BOM before it");
    expect_record(r, &rec, 2, "crlf line");
    expect_record(r, &rec, 3, "");
    expect_record(r, &rec, 4, "nulinside");
    assert_int_equal(rec.repairs, VOCE_REPAIR_NUL);
    expect_record(r, &rec, 5, "caff\xC3\xA8 e perch\xC3\xA9 valid");
    assert_int_equal(rec.repairs, 0);
    expect_record(r, &rec, 6, "invalid \xEF\xBF\xBD byte");
    assert_int_equal(rec.repairs, VOCE_REPAIR_INVALID_UTF8);
    expect_record(r, &rec, 7, "lone\rcarriage return");
    assert_int_equal(count_results(r), 5);
    voce_reader_close(r);

    r = open_data("record-hostile.txt", NULL);
    assert_int_equal(count_results(r), 12);
    voce_reader_close(r);
}

static void a_1_mb_line_is_one_record(void **state)
{
    (void)state;
    size_t big = 1024 * 1024;
    char *data = malloc(big + 16);
    assert_non_null(data);
    memset(data, 'a', big);
    memcpy(data + big, "\nnext\n", 6);
    const char *path = temp_file("txt", data, big + 6);
    voce_reader *r = open_ok(path, NULL);
    voce_record rec;
    voce_error err;
    assert_int_equal(voce_reader_next(r, &rec, &err), 1);
    assert_int_equal(rec.text_len, big);
    expect_record(r, &rec, 2, "next");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
    free(data);
}

static void invalid_utf8_after_the_first_64_kib_is_repaired_and_flagged(void **state)
{
    (void)state;
    voce_buf data = VOCE_BUF_INIT;
    for (int i = 0; i < 3000; i++)
        voce_buf_adds(&data, "una riga in UTF-8: perch\xC3\xA9\n");
    voce_buf_adds(&data, "caff\xE8 latin-1\n");
    assert_true(data.len > 64 * 1024);
    const char *path = temp_file("txt", data.data, data.len);
    voce_reader *r = open_ok(path, NULL);
    voce_record rec;
    for (int i = 1; i <= 3000; i++)
        expect_record(r, &rec, (size_t)i, "una riga in UTF-8: perch\xC3\xA9");
    expect_record(r, &rec, 3001, "caff\xEF\xBF\xBD latin-1");
    assert_int_equal(rec.repairs, VOCE_REPAIR_INVALID_UTF8);
    expect_end(r);
    voce_reader_close(r);
    remove(path);
    voce_buf_release(&data);
}

static void a_line_over_the_record_limit_is_skipped_with_an_error(void **state)
{
    (void)state;
    voce_buf data = VOCE_BUF_INIT;
    voce_buf_adds(&data, "before\n");
    for (int i = 0; i < 5000; i++)
        voce_buf_addc(&data, 'x');
    voce_buf_adds(&data, "\nafter\n");
    const char *path = temp_file("txt", data.data, data.len);
    voce_reader_options opt = {.max_record_bytes = 1000};
    voce_reader *r = open_ok(path, &opt);
    voce_record rec;
    expect_record(r, &rec, 1, "before");
    assert_string_equal(expect_error(r, &rec, ":2"), "record longer than 1000 bytes (the limit)");
    expect_record(r, &rec, 3, "after");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
    voce_buf_release(&data);
}

/* ---- JSONL -------------------------------------------------------------- */

static void jsonl_values_escapes_and_broken_lines(void **state)
{
    (void)state;
    voce_reader_options opt = {.id_column = "id"};
    voce_reader *r = open_data("record-nested.jsonl", &opt);
    const char *const *names;
    assert_int_equal(voce_reader_columns(r, &names), 4);
    assert_string_equal(names[2], "tags");
    voce_record rec;
    expect_record(r, &rec, 1, "caff\xC3\xA8 \xF0\x9F\x98\x80 \"ok\"\n\ttab / \\");
    assert_string_equal(rec.id, "1");
    assert_string_equal(rec.field[2], "[\"a\", {\"b\": [1, 2.5e-3, null]}]");
    assert_string_equal(rec.field[3], "true");
    /* Keys in another order are found by name; an unknown key is ignored. */
    expect_record(r, &rec, 2, "keys in another order");
    assert_string_equal(rec.id, "x2");
    assert_string_equal(rec.field[2], ""); /* missing: empty */
    assert_string_equal(rec.field[3], "false");
    const char *msg = expect_error(r, &rec, "record-nested.jsonl:3");
    assert_string_equal(msg, "invalid JSON at column 28: expected ',' or '}', got '\"'");
    assert_non_null(rec.raw);
    msg = expect_error(r, &rec, "record-nested.jsonl:4");
    assert_non_null(strstr(msg, "\"text\""));
    expect_record(r, &rec, 5, "after the errors");
    expect_end(r);
    voce_reader_close(r);
}

static void hostile_jsonl_gives_one_result_per_line(void **state)
{
    (void)state;
    voce_reader *r = open_data("record-hostile.jsonl", NULL);
    voce_record rec;
    expect_record(r, &rec, 1, "ok");
    assert_non_null(strstr(expect_error(r, &rec, ":2"), "blank line"));
    assert_non_null(strstr(expect_error(r, &rec, ":3"), "blank line"));
    assert_non_null(strstr(expect_error(r, &rec, ":4"), "at column 1"));
    expect_error(r, &rec, ":5");
    expect_error(r, &rec, ":6");
    assert_non_null(strstr(expect_error(r, &rec, ":7"), "unterminated string"));
    assert_non_null(strstr(expect_error(r, &rec, ":8"), "invalid escape"));
    expect_record(r, &rec, 9, "nul  and lone \xEF\xBF\xBD");
    assert_int_equal(rec.repairs, VOCE_REPAIR_NUL | VOCE_REPAIR_INVALID_UTF8);
    assert_non_null(strstr(expect_error(r, &rec, ":10"), "512 levels"));
    assert_non_null(strstr(expect_error(r, &rec, ":11"), "end of the line"));
    expect_record(r, &rec, 12, "crlf");
    expect_end(r);
    voce_reader_close(r);

    r = open_data("record-hostile.jsonl", NULL);
    assert_int_equal(count_results(r), 12);
    voce_reader_close(r);
}

static void jsonl_text_key_named_by_the_caller_is_looked_up_in_every_object(void **state)
{
    (void)state;
    static const char data[] = "{\"id\": 1}\n{\"id\": 2, \"body\": \"second\"}\n";
    const char *path = temp_file("jsonl", data, sizeof data - 1);
    voce_reader_options opt = {.text_column = "body"};
    voce_reader *r = open_ok(path, &opt);
    voce_record rec;
    assert_non_null(strstr(expect_error(r, &rec, ":1"), "\"body\""));
    expect_record(r, &rec, 2, "second");
    expect_end(r);
    voce_reader_close(r);
    remove(path);
}

static void a_json_array_is_refused_with_what_to_do(void **state)
{
    (void)state;
    static const char data[] = "[\n  {\"text\": \"a\"}\n]\n";
    const char *path = temp_file("json", data, sizeof data - 1);
    voce_reader *r = NULL;
    voce_error err;
    assert_int_equal(voce_reader_open(&r, path, NULL, &err), VOCE_ERR_PARSE);
    assert_null(r);
    assert_non_null(strstr(err.msg, "jq -c"));
    remove(path);
}

/* ---- The text column ---------------------------------------------------- */

static void textcol_row(char **f, const char *where, void *ctx)
{
    (void)ctx;
    voce_buf content = VOCE_BUF_INIT;
    test_unescape(f[0], &content);
    voce_buf_adds(&content, "\n");
    const char *path = temp_file("csv", content.data, content.len);
    voce_reader_options opt = {.text_column = strcmp(f[1], "-") == 0 ? NULL : f[1]};
    voce_reader *r = NULL;
    voce_error err;
    voce_status st = voce_reader_open(&r, path, &opt, &err);
    if (strcmp(f[2], "error") == 0) {
        if (st != VOCE_ERR_PARSE)
            fail_msg("%s: expected an error, got column %zu", where,
                     st == VOCE_OK ? voce_reader_text_column(r) + 1 : 0);
        assert_non_null(strstr(err.msg, "the columns are: "));
    } else {
        if (st != VOCE_OK)
            fail_msg("%s: %s", where, err.msg);
        size_t want = (size_t)atoi(f[2]);
        if (voce_reader_text_column(r) + 1 != want)
            fail_msg("%s: chose column %zu, expected %zu", where, voce_reader_text_column(r) + 1,
                     want);
    }
    voce_reader_close(r);
    remove(path);
    voce_buf_release(&content);
}

static void text_column_is_found_by_name_in_any_case_or_by_number(void **state)
{
    (void)state;
    assert_true(test_each_row("record-textcol.tsv", 3, textcol_row, NULL) >= 15);
}

static void unknown_text_column_error_lists_the_columns(void **state)
{
    (void)state;
    static const char csv[] = "id,data,voto\n1,2,3\n";
    const char *path = temp_file("csv", csv, sizeof csv - 1);
    voce_reader *r = NULL;
    voce_error err;
    assert_int_equal(voce_reader_open(&r, path, NULL, &err), VOCE_ERR_PARSE);
    assert_string_equal(err.msg, "cannot tell which column holds the text; use --text-column "
                                 "NAME|N (the columns are: id, data, voto)");
    assert_non_null(strstr(err.where, ":1"));
    voce_reader_options opt = {.text_column = "commento"};
    assert_int_equal(voce_reader_open(&r, path, &opt, &err), VOCE_ERR_PARSE);
    assert_string_equal(err.msg, "no column 'commento' for the text (the columns are: id, "
                                 "data, voto)");
    opt.text_column = "4";
    assert_int_equal(voce_reader_open(&r, path, &opt, &err), VOCE_ERR_PARSE);
    remove(path);
}

static void a_header_with_an_unclosed_quote_cannot_be_opened(void **state)
{
    (void)state;
    static const char csv[] = "id,\"text\n1,ciao\n";
    const char *path = temp_file("csv", csv, sizeof csv - 1);
    voce_reader *r = NULL;
    voce_error err;
    assert_int_equal(voce_reader_open(&r, path, NULL, &err), VOCE_ERR_PARSE);
    assert_null(r);
    assert_non_null(strstr(err.where, ":1"));
    assert_non_null(strstr(err.msg, "unclosed quote"));
    remove(path);
}

static void bad_options_and_missing_files_are_reported(void **state)
{
    (void)state;
    voce_reader *r = NULL;
    voce_error err;
    voce_reader_options opt = {.encoding = "ebcdic"};
    assert_int_equal(voce_reader_open(&r, "-", &opt, &err), VOCE_ERR_INVALID);
    assert_non_null(strstr(err.msg, "ebcdic"));
    opt = (voce_reader_options){.text_column = "0"};
    assert_int_equal(voce_reader_open(&r, "-", &opt, &err), VOCE_ERR_INVALID);
    opt = (voce_reader_options){.delimiter = '"'};
    assert_int_equal(voce_reader_open(&r, "-", &opt, &err), VOCE_ERR_INVALID);
    assert_int_equal(voce_reader_open(&r, VOCE_TEST_DATA "/absent.csv", NULL, &err), VOCE_ERR_IO);
    assert_int_equal(err.sys_errno, ENOENT);
    assert_null(r);
}

static void empty_input_has_no_records(void **state)
{
    (void)state;
    const char *exts[] = {"txt", "tsv", "csv", "jsonl"};
    for (size_t i = 0; i < 4; i++) {
        const char *path = temp_file(exts[i], "", 0);
        voce_reader *r = open_ok(path, NULL);
        expect_end(r);
        voce_reader_close(r);
        remove(path);
    }
}

/* ---- The writer --------------------------------------------------------- */

static void round_trip(const char *name, voce_format format, size_t n_extra)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", VOCE_TEST_DATA, name);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    size_t want_len;
    char *want = slurp(fp, &want_len);
    fclose(fp);
    voce_reader *r = open_ok(path, NULL);
    size_t got_len;
    char *got = convert(r, format, n_extra, &got_len);
    if (got_len != want_len || memcmp(got, want, got_len) != 0)
        fail_msg("%s changed on the way through:\n%s\n---- expected:\n%s", name, got, want);
    voce_reader_close(r);
    free(got);
    free(want);
}

static void every_format_passes_through_the_writer_untouched(void **state)
{
    (void)state;
    round_trip("record-roundtrip.tsv", VOCE_FORMAT_TSV, 0);
    round_trip("record-roundtrip.csv", VOCE_FORMAT_CSV, 0);
    round_trip("record-roundtrip.jsonl", VOCE_FORMAT_JSONL, 0);
}

static void writer_row(char **f, const char *where, void *ctx)
{
    (void)ctx;
    voce_buf content = VOCE_BUF_INIT, want = VOCE_BUF_INIT;
    test_unescape(f[1], &content);
    test_unescape(f[3], &want);
    const char *path = temp_file(f[0], content.data, content.len);
    voce_reader_options opt = {.id_column = NULL};
    voce_reader *r = open_ok(path, &opt);
    size_t len;
    char *got = convert(r, format_named(f[2]), 2, &len);
    if (len != want.len || memcmp(got, want.data, len) != 0)
        fail_msg("%s: wrote\n%s---- expected\n%s", where, got, want.data);
    free(got);
    voce_reader_close(r);
    remove(path);
    voce_buf_release(&content);
    voce_buf_release(&want);
}

static void writer_converts_between_every_pair_of_formats(void **state)
{
    (void)state;
    assert_true(test_each_row("record-writer.tsv", 4, writer_row, NULL) >= 16);
}

/* Write one hand-made record with extras 'vals' and return the output line. */
static char *write_one(voce_format out_format, voce_format in_format, const char *raw,
                       const char *const *vals)
{
    static const char *const cols[] = {"text"};
    const char *fields[] = {"t"};
    size_t lens[] = {1};
    voce_record rec = {.line = 1,
                       .text = "t",
                       .text_len = 1,
                       .nfields = 1,
                       .field = fields,
                       .field_len = lens,
                       .raw = raw,
                       .raw_len = raw ? strlen(raw) : 0};
    FILE *out = tmpfile();
    assert_non_null(out);
    voce_writer *w;
    voce_error err;
    assert_int_equal(
        voce_writer_open(&w, out, out_format, 0, in_format, cols, 1, extras, extras_json, 2, &err),
        VOCE_OK);
    assert_int_equal(voce_writer_write(w, &rec, vals, &err), VOCE_OK);
    voce_writer_free(w);
    size_t len;
    char *data = slurp(out, &len);
    fclose(out);
    return data;
}

static void jsonl_members_go_before_the_last_brace_even_of_an_empty_object(void **state)
{
    (void)state;
    char *s = write_one(VOCE_FORMAT_JSONL, VOCE_FORMAT_JSONL, "{}", values);
    assert_string_equal(s, "{\"label\":\"neg\",\"score\":0.5}\n");
    free(s);
    s = write_one(VOCE_FORMAT_JSONL, VOCE_FORMAT_JSONL, " { } ", values);
    assert_string_equal(s, " { \"label\":\"neg\",\"score\":0.5} \n");
    free(s);
    s = write_one(VOCE_FORMAT_JSONL, VOCE_FORMAT_JSONL, "{\"a\":\"}\"}", values);
    assert_string_equal(s, "{\"a\":\"}\",\"label\":\"neg\",\"score\":0.5}\n");
    free(s);
    /* Not an object: rebuilt from the fields rather than broken further. */
    s = write_one(VOCE_FORMAT_JSONL, VOCE_FORMAT_JSONL, "not json", values);
    assert_string_equal(s, "{\"text\":\"t\",\"label\":\"neg\",\"score\":0.5}\n");
    free(s);
}

static void extra_values_are_escaped_for_each_output(void **state)
{
    (void)state;
    const char *nasty[] = {"a\"b\\c\nd\te\x01", NULL};
    char *s = write_one(VOCE_FORMAT_JSONL, VOCE_FORMAT_TEXT, "t", nasty);
    assert_string_equal(s, "{\"text\":\"t\",\"label\":\"a\\\"b\\\\c\\nd\\te\\u0001\","
                           "\"score\":null}\n");
    free(s);
    s = write_one(VOCE_FORMAT_TSV, VOCE_FORMAT_TEXT, "t", nasty);
    assert_string_equal(s, "text\tlabel\tscore\nt\ta\"b\\c d e\x01\t\n");
    free(s);
    s = write_one(VOCE_FORMAT_CSV, VOCE_FORMAT_TEXT, "t", nasty);
    assert_string_equal(s, "text,label,score\nt,\"a\"\"b\\c\nd\te\x01\",\n");
    free(s);
    const char *json_empty[] = {"x", ""};
    s = write_one(VOCE_FORMAT_JSONL, VOCE_FORMAT_TEXT, "t", json_empty);
    assert_string_equal(s, "{\"text\":\"t\",\"label\":\"x\",\"score\":null}\n");
    free(s);
}

static void unreadable_records_never_break_the_output(void **state)
{
    (void)state;
    size_t len;
    voce_reader *r = open_data("record-unclosed.csv", NULL);
    char *s = convert_all(r, VOCE_FORMAT_CSV, 2, true, &len);
    assert_string_equal(s, "id,text,label,score\n"
                           "1,\"fine, quoted\",neg,0.5\n"
                           "\"2,\"\"never closed\",,neg,0.5\n" /* its text, one quoted cell */
                           "3,after the bad line,neg,0.5\n"
                           "4,last one,neg,0.5\n");
    free(s);
    voce_reader_close(r);

    r = open_data("record-nested.jsonl", NULL);
    s = convert_all(r, VOCE_FORMAT_JSONL, 2, true, &len);
    const char *broken = strstr(s, "\n") + 1;
    broken = strstr(broken, "\n") + 1; /* the third line */
    /* The broken line, kept whole as a string: nothing of the input is lost. */
    const char *want = "{\"voce_unreadable\":\"{\\\"id\\\": 3, \\\"text\\\": \\\"broken\\\" \\\"json\\\"}\","
                       "\"label\":\"neg\",\"score\":0.5}\n"
                       "{\"id\": 4, \"note\": \"no text here\",\"label\":\"neg\",\"score\":0.5}\n";
    assert_memory_equal(broken, want, strlen(want));
    free(s);
    voce_reader_close(r);
}

static void a_full_disk_is_an_io_error(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (!full)
        skip();
    setvbuf(full, NULL, _IONBF, 0);
    voce_writer *w;
    voce_error err;
    static const char *const cols[] = {"text"};
    assert_int_equal(voce_writer_open(&w, full, VOCE_FORMAT_TSV, 0, VOCE_FORMAT_TEXT, cols, 1, NULL,
                                      NULL, 0, &err),
                     VOCE_ERR_IO);
    assert_int_equal(err.sys_errno, ENOSPC);
    fclose(full);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(format_names_go_both_ways),
        cmocka_unit_test(format_comes_from_the_extension_then_from_the_content),
        cmocka_unit_test(csv_delimiter_is_detected_from_the_header_line),
        cmocka_unit_test(csv_fields_are_unquoted_as_rfc_4180_says),
        cmocka_unit_test(csv_with_a_bom_and_crlf_reads_like_plain_csv),
        cmocka_unit_test(excel_sep_line_names_the_delimiter),
        cmocka_unit_test(excel_export_in_italian_windows_1252_is_decoded),
        cmocka_unit_test(unclosed_quote_is_reported_at_its_line_and_reading_resumes_after_it),
        cmocka_unit_test(unclosed_quote_gives_up_after_10000_lines),
        cmocka_unit_test(unclosed_quote_gives_up_past_the_record_limit),
        cmocka_unit_test(unclosed_quote_resyncs_on_a_pipe_too),
        cmocka_unit_test(records_arrive_as_soon_as_their_line_does),
        cmocka_unit_test(rows_with_missing_fields_are_kept_unless_the_text_is_missing),
        cmocka_unit_test(old_mac_line_ends_are_lines),
        cmocka_unit_test(tsv_splits_on_tabs_only_and_counts_columns),
        cmocka_unit_test(input_without_a_header_has_numbered_columns),
        cmocka_unit_test(utf16le_with_a_bom_is_decoded),
        cmocka_unit_test(utf16be_is_decoded_when_named),
        cmocka_unit_test(hostile_text_gives_one_result_per_line),
        cmocka_unit_test(a_1_mb_line_is_one_record),
        cmocka_unit_test(invalid_utf8_after_the_first_64_kib_is_repaired_and_flagged),
        cmocka_unit_test(a_line_over_the_record_limit_is_skipped_with_an_error),
        cmocka_unit_test(jsonl_values_escapes_and_broken_lines),
        cmocka_unit_test(hostile_jsonl_gives_one_result_per_line),
        cmocka_unit_test(jsonl_text_key_named_by_the_caller_is_looked_up_in_every_object),
        cmocka_unit_test(a_json_array_is_refused_with_what_to_do),
        cmocka_unit_test(text_column_is_found_by_name_in_any_case_or_by_number),
        cmocka_unit_test(unknown_text_column_error_lists_the_columns),
        cmocka_unit_test(a_header_with_an_unclosed_quote_cannot_be_opened),
        cmocka_unit_test(bad_options_and_missing_files_are_reported),
        cmocka_unit_test(empty_input_has_no_records),
        cmocka_unit_test(every_format_passes_through_the_writer_untouched),
        cmocka_unit_test(writer_converts_between_every_pair_of_formats),
        cmocka_unit_test(jsonl_members_go_before_the_last_brace_even_of_an_empty_object),
        cmocka_unit_test(extra_values_are_escaped_for_each_output),
        cmocka_unit_test(unreadable_records_never_break_the_output),
        cmocka_unit_test(a_full_disk_is_an_io_error),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
