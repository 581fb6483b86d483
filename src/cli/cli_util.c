/* cli_util.c -- messages, data discovery and line input for subcommands. */
#define _XOPEN_SOURCE 700
#include "cli.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

const char *cli_command = NULL;

static int strcasecmp_ascii(const char *a, const char *b)
{
    for (;; a++, b++) {
        int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
        if (x != y || !x)
            return x - y;
    }
}

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

void cli_usage(const char *const *usage, bool misuse)
{
    for (; *usage; usage++)
        fputs(*usage, misuse ? stderr : stdout);
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

/* ---- Record input ---------------------------------------------------------------- */

bool cli_input_option(cli_input *in, int opt, const char *arg, const char *const *usage)
{
    switch (opt) {
    case CLI_OPT_FORMAT:
        in->reader.format = voce_format_parse(arg);
        if (in->reader.format == VOCE_FORMAT_AUTO) {
            cli_error("unknown format '%s' (expected text, tsv, csv or jsonl)", arg);
            cli_usage(usage, true);
        }
        return true;
    case CLI_OPT_DELIMITER:
        if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0)
            arg = "\t";
        if (strlen(arg) != 1) {
            cli_error("a delimiter is one character, got '%s'", arg);
            cli_usage(usage, true);
        }
        in->reader.delimiter = arg[0];
        return true;
    case CLI_OPT_ENCODING: in->reader.encoding = arg; return true;
    case CLI_OPT_TEXT_COLUMN: in->reader.text_column = arg; return true;
    case CLI_OPT_ID_COLUMN: in->reader.id_column = arg; return true;
    case CLI_OPT_NO_HEADER: in->reader.no_header = true; return true;
    case CLI_OPT_LEXICONS: in->lexicons = arg; return true;
    case CLI_OPT_MODELS: in->models = arg; return true;
    case CLI_OPT_LANG:
        if (strcmp(arg, "it") != 0 && strcmp(arg, "en") != 0) {
            cli_error("unknown language '%s' (known: it, en)", arg);
            cli_usage(usage, true);
        }
        in->lang = arg;
        return true;
    }
    return false;
}

const char *cli_model_dir(const char *override, const char *lexicon_dir)
{
    static char dir[PATH_MAX + 16];
    if (override)
        return override;
    snprintf(dir, sizeof dir, "%s", lexicon_dir);
    char *slash = strrchr(dir, '/');
    if (!slash)
        return NULL;
    snprintf(slash, sizeof dir - (size_t)(slash - dir), "/models");
    return access(dir, R_OK | X_OK) == 0 ? dir : NULL;
}

voce_reader *cli_open_reader(const char *path, const voce_reader_options *opt, int *rc)
{
    voce_reader *r;
    voce_error err;
    voce_status st = voce_reader_open(&r, path, opt, &err);
    if (st == VOCE_OK)
        return r;
    cli_report(&err);
    /* A file that cannot be opened is an I/O failure; one whose shape voce
     * cannot work out (no text column) needs the user to say more: usage. */
    *rc = st == VOCE_ERR_IO ? EXIT_IO : EXIT_USAGE;
    return NULL;
}

long cli_column(const voce_reader *r, const char *name)
{
    const char *const *cols;
    size_t n = voce_reader_columns(r, &cols);
    for (size_t i = 0; i < n; i++)
        if (strcasecmp_ascii(cols[i], name) == 0)
            return (long)i;
    char *end;
    long v = strtol(name, &end, 10);
    if (*name && !*end && v >= 1 && (size_t)v <= n)
        return v - 1;
    return -1;
}

long cli_label_column(const voce_reader *r, const char *given, bool topic)
{
    if (given)
        return cli_column(r, given);
    static const char *const sentiment[] = {"sentiment", "label", "class", "polarity", NULL};
    static const char *const topics[] = {"topics", "topic", "labels", "label", "category",
                                         "categories", NULL};
    for (const char *const *n = topic ? topics : sentiment; *n; n++) {
        long c = cli_column(r, *n);
        if (c >= 0)
            return c;
    }
    return -1;
}

bool cli_in_list(const char *list, char sep, const char *s, size_t len)
{
    for (const char *p = list; *p;) {
        const char *end = strchr(p, sep);
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && strncmp(p, s, len) == 0)
            return true;
        if (!end)
            return false;
        p = end + 1;
    }
    return false;
}

void cli_show_labels(const char *labels, char *out, size_t size)
{
    size_t w = 0;
    for (const char *q = labels; *q && w + 3 < size; q++) {
        if (*q == '|') {
            out[w++] = ',';
            out[w++] = ' ';
        } else {
            out[w++] = *q;
        }
    }
    out[w] = '\0';
}

void cli_release_load_memory(void)
{
#ifdef __GLIBC__
    malloc_trim(0);
#endif
}

cli_bom cli_bom_arg(const char *arg, const char *const *usage)
{
    static const char *const names[] = {"auto", "yes", "no"};
    for (int i = 0; i < 3; i++)
        if (strcmp(arg, names[i]) == 0)
            return (cli_bom)i;
    cli_error("--bom: '%s' is not yes, no or auto", arg);
    cli_usage(usage, true);
}

bool cli_from_excel(const voce_reader *r)
{
    bool bom;
    return strcmp(voce_reader_encoding(r, &bom), "utf-8") != 0 || bom;
}

void cli_write_bom(cli_bom mode, bool from_excel, voce_format out)
{
    if (mode == CLI_BOM_NO || out == VOCE_FORMAT_JSONL)
        return;
    if (mode == CLI_BOM_AUTO) {
        struct stat st;
        /* A pipe goes to another program, which a mark would only confuse;
         * a file appended to (>>) has its beginning already. */
        if (!from_excel || fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode) ||
            st.st_size > 0 || lseek(STDOUT_FILENO, 0, SEEK_CUR) > 0)
            return;
    }
    fputs("\xEF\xBB\xBF", stdout);
}
