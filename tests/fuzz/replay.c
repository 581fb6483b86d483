/* replay.c -- run a fuzz target over saved inputs, without libFuzzer.
 *
 * Linked with one fuzz_<name>.c into fuzz_replay_<name>, which ctest runs
 * over tests/fuzz/<name>/ in every build (normal, ASan+UBSan, valgrind,
 * TSan): the seeds, and every input that once crashed, stay tested with
 * any compiler. Usage: fuzz_replay_<name> DIR|FILE... */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_util.h"

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void replay_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        fuzz_fail("cannot open %s", path);
    size_t cap = 1 << 16, len = 0;
    unsigned char *buf = malloc(cap);
    size_t n;
    while ((n = fread(buf + len, 1, cap - len, fp)) > 0) {
        len += n;
        if (len == cap)
            buf = realloc(buf, cap *= 2);
    }
    fclose(fp);
    /* An exact copy, so reading past the input is caught by ASan. */
    unsigned char *data = malloc(len ? len : 1);
    memcpy(data, buf, len);
    free(buf);
    LLVMFuzzerTestOneInput(data, len);
    free(data);
}

/* Replay every regular file in 'dir', in name order; returns how many. */
static size_t replay_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        fuzz_fail("cannot open %s", dir);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap)
            names = realloc(names, (cap = cap ? 2 * cap : 64) * sizeof *names);
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, by_name);
    size_t done = 0;
    for (size_t i = 0; i < n; i++) {
        char path[4096];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            replay_file(path);
            done++;
        }
        free(names[i]);
    }
    free(names);
    return done;
}

int main(int argc, char **argv)
{
    LLVMFuzzerInitialize(&argc, &argv);
    size_t done = 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0)
            fuzz_fail("no such input: %s", argv[i]);
        if (S_ISDIR(st.st_mode)) {
            done += replay_dir(argv[i]);
        } else {
            replay_file(argv[i]);
            done++;
        }
    }
    printf("replayed %zu inputs\n", done);
    return 0;
}
