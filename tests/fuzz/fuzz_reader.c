/* fuzz_reader.c -- the record readers (text, TSV, CSV, JSONL, every
 * encoding) and the writers, over a file holding the fuzzed bytes.
 *
 * The first three bytes are options: format, header, encoding, delimiter,
 * text column, a small --max-record-bytes, output format; the rest is the
 * file. Checks the promises a pipeline relies on: every call makes
 * progress (the reader never loops), records come out in input order, and
 * every pointer in a record is readable for the length it claims. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz_util.h"
#include "voce.h"

static int memfd = -1;
static char path[64];
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    /* A name without an extension: the format is sniffed from the content. */
    memfd = memfd_create("voce-fuzz-input", 0);
    if (memfd < 0)
        fuzz_fail("memfd_create failed");
    snprintf(path, sizeof path, "/proc/self/fd/%d", memfd);
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        fuzz_fail("cannot open /dev/null");
    return 0;
}

/* Touch every byte the record says it has, so ASan checks the pointers. */
static unsigned touch(const char *s, size_t n)
{
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (unsigned char)s[i];
    return sum;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const encodings[] = {NULL,       "utf-8",    "windows-1252", "latin-1",
                                            "utf-16le", "utf-16be", "auto",         NULL};
    static const char delimiters[] = {0, ',', ';', '\t', '|', 0, ',', ';'};
    static const char *const columns[] = {NULL, "1", "2", "text", "Testo", "3", NULL, "id"};
    static const size_t limits[] = {0, 1, 7, 64, 4096, 0, 0, 0};
    if (size < 3)
        return 0;
    voce_reader_options opt = {0};
    opt.format = (voce_format)(data[0] % 5);
    opt.no_header = data[0] & 0x80;
    opt.encoding = encodings[data[1] & 7];
    opt.delimiter = delimiters[(data[1] >> 3) & 7];
    opt.text_column = columns[data[2] & 7];
    opt.id_column = (data[2] & 0x40) ? "2" : NULL;
    opt.max_record_bytes = limits[(data[2] >> 3) & 7];
    voce_format out_format = (voce_format)((data[0] >> 3) % 5);

    if (ftruncate(memfd, 0) != 0 || pwrite(memfd, data + 3, size - 3, 0) != (ssize_t)(size - 3))
        fuzz_fail("cannot write the input");

    voce_error err;
    voce_reader *r;
    if (voce_reader_open(&r, path, &opt, &err) != VOCE_OK) {
        FUZZ_CHECK(err.msg[0] != '\0');
        return 0;
    }
    voce_format fmt = voce_reader_format(r);
    FUZZ_CHECK(fmt >= VOCE_FORMAT_TEXT && fmt <= VOCE_FORMAT_JSONL);
    const char *const *cols;
    size_t ncols = voce_reader_columns(r, &cols);
    for (size_t i = 0; i < ncols; i++)
        touch(cols[i], strlen(cols[i]));
    FUZZ_CHECK(ncols == 0 || voce_reader_text_column(r) < ncols);

    static const char *const extra[] = {"lang", "sentiment"};
    static const bool extra_json[] = {false, true};
    voce_writer *w = NULL;
    if (voce_writer_open(&w, devnull, out_format ? out_format : fmt, voce_reader_delimiter(r), fmt,
                         cols, ncols, extra, extra_json, 2, &err) != VOCE_OK)
        fuzz_fail("cannot open a writer: %s", err.msg);

    /* Each call consumes at least one byte of decoded input, and decoding
     * makes at most 3 bytes of UTF-8 from one input byte. */
    size_t calls = 0, max_calls = 3 * size + 8, last_line = 0;
    for (;;) {
        voce_record rec;
        int got = voce_reader_next(r, &rec, &err);
        if (got == 0)
            break;
        FUZZ_CHECK(++calls <= max_calls);
        FUZZ_CHECK(got == 1 || got == -1);
        if (got < 0) {
            FUZZ_CHECK(err.msg[0] != '\0' && err.where[0] != '\0');
            if (err.status == VOCE_ERR_IO)
                break;
        }
        /* In order: a record never starts before the previous one. */
        FUZZ_CHECK(rec.line == 0 || rec.line > last_line);
        if (rec.line)
            last_line = rec.line;
        FUZZ_CHECK(rec.text != NULL);
        touch(rec.text, rec.text_len);
        if (rec.raw)
            touch(rec.raw, rec.raw_len);
        if (rec.id)
            touch(rec.id, rec.id_len);
        for (size_t i = 0; i < rec.nfields; i++)
            touch(rec.field[i], rec.field_len[i]);
        if (got == 1 && opt.max_record_bytes)
            FUZZ_CHECK(rec.raw_len <= 3 * opt.max_record_bytes + 3);
        const char *vals[] = {"it", got == 1 ? "1" : NULL};
        if (voce_writer_write(w, &rec, vals, &err) != VOCE_OK)
            fuzz_fail("cannot write: %s", err.msg);
    }
    voce_writer_free(w);
    voce_reader_close(r);
    return 0;
}
