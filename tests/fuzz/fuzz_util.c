/* fuzz_util.c -- temporary files and small helpers for the fuzz targets. */
#define _GNU_SOURCE
#include "fuzz_util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp_dir[PATH_MAX];

static void remove_dir(void)
{
    char cmd[PATH_MAX + 16];
    if (!tmp_dir[0])
        return;
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp_dir);
    if (system(cmd) != 0)
        fprintf(stderr, "fuzz: cannot remove %s\n", tmp_dir);
}

const char *fuzz_dir(void)
{
    if (!tmp_dir[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(tmp_dir, sizeof tmp_dir, "%s/voce-fuzz.XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (!mkdtemp(tmp_dir))
            fuzz_fail("cannot create a temporary directory: %s", strerror(errno));
        atexit(remove_dir);
    }
    return tmp_dir;
}

const char *fuzz_path(const char *name)
{
    static char path[PATH_MAX + 256];
    snprintf(path, sizeof path, "%s/%s", fuzz_dir(), name);
    return path;
}

void fuzz_write(const char *path, const void *data, size_t n)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0)
        fuzz_fail("cannot write %s: %s", path, strerror(errno));
    const char *p = data;
    while (n) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            fuzz_fail("cannot write %s: %s", path, strerror(errno));
        p += k;
        n -= (size_t)k;
    }
    close(fd);
}

void fuzz_copy_head(const char *from, const char *to, size_t max_lines)
{
    FILE *in = fopen(from, "rb");
    if (!in)
        fuzz_fail("cannot open %s: %s", from, strerror(errno));
    FILE *out = fopen(to, "wb");
    if (!out)
        fuzz_fail("cannot write %s: %s", to, strerror(errno));
    char *line = NULL;
    size_t cap = 0, kept = 0;
    ssize_t n;
    while ((n = getline(&line, &cap, in)) > 0) {
        bool data = line[0] != '#' && line[0] != '\n';
        if (data && max_lines && kept == max_lines)
            continue;
        kept += data;
        fwrite(line, 1, (size_t)n, out);
    }
    free(line);
    fclose(in);
    if (fclose(out) != 0)
        fuzz_fail("cannot write %s", to);
}

size_t fuzz_split(const uint8_t *data, size_t size, const char *sep, const uint8_t **part,
                  size_t *len, size_t max)
{
    size_t n = 0, seplen = strlen(sep);
    while (n < max) {
        const uint8_t *at = memmem(data, size, sep, seplen);
        part[n] = data;
        len[n] = at ? (size_t)(at - data) : size;
        n++;
        if (!at)
            break;
        size -= (size_t)(at - data) + seplen;
        data = at + seplen;
    }
    return n;
}

/* A small copy of the shipped lexicons: 'keep' entries of each file. */
void fuzz_small_lexicons(const char *dir, size_t keep)
{
    static const char *const all[] = {
        "polarity.tsv", "negators.tsv", "intensifiers.tsv", "contrast.tsv",
        "churn.tsv",    "topics.tsv",   "stopwords.tsv",    "rules.tsv",
    };
    char from[4096], to[4096];
    for (int l = 0; l < 2; l++) {
        const char *lang = l ? "en" : "it";
        snprintf(to, sizeof to, "%s/%s", dir, lang);
        mkdir(to, 0755);
        for (size_t i = 0; i < sizeof all / sizeof *all; i++) {
            snprintf(from, sizeof from, "%s/%s/%s", VOCE_LEXICONS, lang, all[i]);
            snprintf(to, sizeof to, "%s/%s/%s", dir, lang, all[i]);
            /* Stopwords decide the language: keep them whole. Compiling
             * rules is slow (JIT): a few are enough. */
            size_t n = strcmp(all[i], "stopwords.tsv") == 0 ? 0
                       : strcmp(all[i], "rules.tsv") == 0   ? 5
                                                            : keep;
            fuzz_copy_head(from, to, n);
        }
    }
    snprintf(from, sizeof from, "%s/emoji.tsv", VOCE_LEXICONS);
    snprintf(to, sizeof to, "%s/emoji.tsv", dir);
    fuzz_copy_head(from, to, keep);
    snprintf(from, sizeof from, "%s/placeholders.tsv", VOCE_LEXICONS);
    snprintf(to, sizeof to, "%s/placeholders.tsv", dir);
    fuzz_copy_head(from, to, 0);
}

void fuzz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}
