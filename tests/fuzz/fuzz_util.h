/* fuzz_util.h -- what the libFuzzer targets in tests/fuzz share.
 *
 * Each target is one fuzz_<name>.c defining LLVMFuzzerTestOneInput. The
 * loaders under test read files by path, so the targets write each input to
 * a private temporary directory (removed at exit) and load it from there.
 * A broken invariant aborts with a message, which libFuzzer reports as a
 * crash with the input that caused it. */
#ifndef VOCE_FUZZ_UTIL_H
#define VOCE_FUZZ_UTIL_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* The process's own temporary directory, created on first use. */
const char *fuzz_dir(void);

/* "<fuzz_dir>/<name>" in a static buffer (one per call site is enough:
 * callers copy it when they need two at once). */
const char *fuzz_path(const char *name);

/* Write n bytes to 'path', replacing it. Aborts on failure. */
void fuzz_write(const char *path, const void *data, size_t n);

/* Copy 'from' to 'to', keeping at most 'max_lines' lines that are neither
 * blank nor comments (0: all), so a target loads small, valid data fast. */
void fuzz_copy_head(const char *from, const char *to, size_t max_lines);

/* Fill 'dir' (which must exist) with a small copy of the shipped lexicons:
 * the first 'keep' entries of each file (5 rules), stopwords and
 * placeholders whole. */
void fuzz_small_lexicons(const char *dir, size_t keep);

/* Split data[0..size) at each occurrence of 'sep': up to 'max' parts go to
 * part[] and len[]; returns how many there are. */
size_t fuzz_split(const uint8_t *data, size_t size, const char *sep, const uint8_t **part,
                  size_t *len, size_t max);

/* Abort with a message: an invariant of voce does not hold. */
_Noreturn void fuzz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#define FUZZ_CHECK(cond)                                                                           \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fuzz_fail("%s:%d: check failed: %s", __FILE__, __LINE__, #cond);                       \
    } while (0)

#endif
