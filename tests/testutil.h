/* testutil.h -- shared helpers for the unit tests: table files and escapes. */
#ifndef VOCE_TESTUTIL_H
#define VOCE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
/* cmocka needs the includes above first. */
#include <cmocka.h>

#include "buf.h"

/* Decode C-style escapes in 's' (\\ \t \n \r \0 \xHH) into 'out'. */
void test_unescape(const char *s, voce_buf *out);

/* Call 'fn' for every row of tests/data/<name> (a TSV with '#' comments),
 * with the row's fields. Fails the test if the file cannot be read or a
 * row has not 'ncols' columns. Returns the number of rows. */
typedef void (*test_row_fn)(char **fields, const char *where, void *ctx);
size_t test_each_row(const char *name, size_t ncols, test_row_fn fn, void *ctx);

#endif
