/* cli_util.c -- messages, data discovery and line input for subcommands. */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *cli_command = NULL;

static void vsay(const char *kind, const char *fmt, va_list ap)
{
    fflush(stdout); /* keep data and messages in order on a shared terminal */
    if (cli_command)
        fprintf(stderr, "voce %s: %s", cli_command, kind);
    else
        fprintf(stderr, "voce: %s", kind);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay("", fmt, ap);
    va_end(ap);
}

void cli_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay("warning: ", fmt, ap);
    va_end(ap);
}

void cli_die(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsay("", fmt, ap);
    va_end(ap);
    exit(code);
}

void cli_report(const voce_error *err)
{
    if (err->where[0])
        cli_error("%s: %s", err->where, err->msg);
    else
        cli_error("%s", err->msg);
}

void cli_usage(const char *usage, bool misuse)
{
    fputs(usage, misuse ? stderr : stdout);
    exit(misuse ? EXIT_USAGE : EXIT_OK);
}

/* ---- Finding the data ----------------------------------------------------- */

static char found[PATH_MAX + 64];

static const char *try_dir(const char *base, const char *sub)
{
    snprintf(found, sizeof found, "%s%s", base, sub);
    return voce_lexicon_dir_is_valid(found) ? found : NULL;
}

/* The directory holding the running executable, or "" if unknown. */
static const char *exe_dir(void)
{
    static char dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);
    if (n <= 0)
        return "";
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash)
        *slash = '\0';
    return dir;
}

static bool path_is_under(const char *path, const char *dir)
{
    size_t n = strlen(dir);
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

const char *cli_lexicon_dir(const char *override, const char **how)
{
    const char *dir = NULL, *why = NULL;
    if (override) {
        if (!voce_lexicon_dir_is_valid(override))
            cli_die(EXIT_RESOURCE,
                    "'%s' is not a lexicon directory (no placeholders.tsv in it)", override);
        if (how)
            *how = "--lexicons";
        return override;
    }
    const char *env = getenv("VOCE_DATA_DIR");
    if (env && *env) {
        if (!(dir = try_dir(env, "/lexicons")))
            cli_die(EXIT_RESOURCE, "VOCE_DATA_DIR='%s' holds no lexicons/ directory", env);
        why = "VOCE_DATA_DIR";
    }
    const char *exe = exe_dir();
    if (!dir && path_is_under(exe, VOCE_BUILD_DIR) && (dir = try_dir(VOCE_SOURCE_DIR, "/lexicons")))
        why = "source tree";
    if (!dir) {
        char rel[PATH_MAX + 256], real[PATH_MAX];
        int n = snprintf(rel, sizeof rel, "%s/../%s", exe, VOCE_DATA_INSTALL_DIR);
        if (n > 0 && (size_t)n < sizeof rel && realpath(rel, real) &&
            (dir = try_dir(real, "/lexicons")))
            why = "installed";
    }
    if (!dir && (dir = try_dir(VOCE_DATA_INSTALL_PATH, "/lexicons")))
        why = "installed";
    if (!dir && (dir = try_dir(VOCE_SOURCE_DIR, "/lexicons")))
        why = "source tree";
    if (!dir)
        cli_die(EXIT_RESOURCE, "cannot find voce's lexicons; set VOCE_DATA_DIR to the folder "
                               "holding lexicons/ and models/, or pass --lexicons DIR");
    if (how)
        *how = why;
    return dir;
}

/* ---- Reading lines ---------------------------------------------------------- */

int cli_for_each_line(int nfiles, char **files, cli_line_fn fn, void *ctx)
{
    static char *stdin_name[] = {"-"};
    if (nfiles == 0) {
        nfiles = 1;
        files = stdin_name;
    }
    int rc = EXIT_OK;
    char *line = NULL;
    size_t cap = 0;
    for (int i = 0; i < nfiles; i++) {
        bool is_stdin = strcmp(files[i], "-") == 0;
        const char *name = is_stdin ? "<stdin>" : files[i];
        FILE *fp = is_stdin ? stdin : fopen(files[i], "rb");
        if (!fp) {
            cli_error("cannot open '%s': %s", files[i], strerror(errno));
            rc = EXIT_IO;
            continue;
        }
        size_t lineno = 0;
        ssize_t n;
        while ((n = getline(&line, &cap, fp)) >= 0) {
            lineno++;
            size_t len = (size_t)n;
            if (len && line[len - 1] == '\n')
                len--;
            if (len && line[len - 1] == '\r')
                len--;
            fn(line, len, name, lineno, ctx);
        }
        if (ferror(fp)) {
            cli_error("cannot read '%s': %s", name, strerror(errno));
            rc = EXIT_IO;
        }
        if (!is_stdin)
            fclose(fp);
    }
    free(line);
    return rc;
}

int cli_close_stdout(void)
{
    bool bad = fflush(stdout) != 0 || ferror(stdout);
    if (fclose(stdout) != 0)
        bad = true;
    if (bad) {
        cli_error("cannot write output: %s", strerror(errno));
        return EXIT_IO;
    }
    return EXIT_OK;
}
