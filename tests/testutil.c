/* testutil.c -- table-driven test support. */
#include "testutil.h"

#include <stdio.h>
#include <string.h>

#include "tsvfile.h"

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

void test_unescape(const char *s, voce_buf *out)
{
    voce_buf_reset(out);
    voce_buf_add(out, "", 0);
    for (; *s; s++) {
        if (*s != '\\' || !s[1]) {
            voce_buf_addc(out, *s);
            continue;
        }
        s++;
        switch (*s) {
        case 't': voce_buf_addc(out, '\t'); break;
        case 'n': voce_buf_addc(out, '\n'); break;
        case 'r': voce_buf_addc(out, '\r'); break;
        case '0': voce_buf_addc(out, '\0'); break;
        case 'x':
            if (hexval(s[1]) >= 0 && hexval(s[2]) >= 0) {
                voce_buf_addc(out, (char)(hexval(s[1]) * 16 + hexval(s[2])));
                s += 2;
                break;
            }
            /* fall through */
        default: voce_buf_addc(out, *s); break;
        }
    }
}

size_t test_each_row(const char *name, size_t ncols, test_row_fn fn, void *ctx)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", VOCE_TEST_DATA, name);
    voce_tsvfile f;
    voce_error err;
    if (voce_tsvfile_open(&f, path, &err) != VOCE_OK)
        fail_msg("%s: %s", err.where, err.msg);
    size_t rows = 0;
    int r;
    while ((r = voce_tsvfile_next(&f, &err)) == 1) {
        char where[4200];
        snprintf(where, sizeof where, "%s:%zu", path, f.line);
        if (f.nfields != ncols)
            fail_msg("%s: expected %zu columns, got %zu", where, ncols, f.nfields);
        fn(f.field, where, ctx);
        rows++;
    }
    if (r < 0)
        fail_msg("%s: %s", err.where, err.msg);
    voce_tsvfile_close(&f);
    return rows;
}
