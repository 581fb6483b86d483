/* cli_progress.c -- how far a long run has got, on stderr.
 *
 * Drawn only where someone is watching: stderr a terminal while stdout goes
 * to a file or a pipe (on a terminal the records themselves show progress),
 * or when asked with --progress. The percentage counts the bytes of the
 * records read against the size of the inputs, so it is shown only when
 * every input is a regular file, and it is an estimate (line ends, a
 * header and a conversion from another encoding are not counted). */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"

#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Seconds between redraws on a terminal, and between lines elsewhere. */
#define REDRAW_TTY 0.25
#define REDRAW_LOG 1.0

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The total size of the inputs, or 0 if one of them has no known size. */
static unsigned long long input_size(int nfiles, char **files)
{
    unsigned long long total = 0;
    for (int i = 0; i < (nfiles ? nfiles : 1); i++) {
        struct stat st;
        bool is_stdin = nfiles == 0 || strcmp(files[i], "-") == 0;
        int rc = is_stdin ? fstat(STDIN_FILENO, &st) : stat(files[i], &st);
        if (rc != 0 || !S_ISREG(st.st_mode))
            return 0;
        total += (unsigned long long)st.st_size;
    }
    return total;
}

void cli_progress_start(cli_progress *p, bool forced, int nfiles, char **files)
{
    memset(p, 0, sizeof *p);
    p->tty = isatty(STDERR_FILENO);
    bool stdout_tty = isatty(STDOUT_FILENO);
    p->live = (p->tty && !stdout_tty) || (forced && !(p->tty && stdout_tty));
    p->summary = forced;
    if (p->live || p->summary) {
        p->total = input_size(nfiles, files);
        p->start = p->last = now();
    }
}

static void draw(cli_progress *p, double t)
{
    char line[160];
    double secs = t - p->start;
    int n = snprintf(line, sizeof line, "voce %s: %llu records, %.0f/s", cli_command, p->records,
                     secs > 0 ? (double)p->records / secs : 0.0);
    if (p->total && n > 0 && (size_t)n < sizeof line) {
        unsigned long long pct = p->bytes * 100 / p->total;
        snprintf(line + n, sizeof line - (size_t)n, ", %llu%%", pct > 99 ? 99 : pct);
    }
    if (p->tty) {
        int len = (int)strlen(line);
        fprintf(stderr, "\r%s%*s", line, p->width > len ? p->width - len : 0, "");
        p->width = len;
        p->shown = true;
    } else {
        fprintf(stderr, "%s\n", line);
    }
    fflush(stderr);
}

void cli_progress_add(cli_progress *p, size_t records, size_t bytes)
{
    p->records += records;
    p->bytes += bytes;
    if (!p->live)
        return;
    double t = now();
    if (t - p->last >= (p->tty ? REDRAW_TTY : REDRAW_LOG)) {
        p->last = t;
        draw(p, t);
    }
}

void cli_progress_clear(cli_progress *p)
{
    if (!p->shown)
        return;
    fprintf(stderr, "\r%*s\r", p->width, "");
    fflush(stderr);
    p->shown = false;
    p->width = 0;
}

void cli_progress_end(cli_progress *p)
{
    cli_progress_clear(p);
    if (!p->summary)
        return;
    double secs = now() - p->start;
    fprintf(stderr, "voce %s: %llu records in %.2f s, %.0f/s\n", cli_command, p->records, secs,
            secs > 0 ? (double)p->records / secs : 0.0);
}
