/* cli.h -- what every voce subcommand shares: messages, exit codes, input.
 *
 * The CLI includes only voce.h and this header. stdout carries data and
 * nothing else; every message goes to stderr as "voce <cmd>: <what>". */
#ifndef VOCE_CLI_H
#define VOCE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "../voce.h"

/* Exit codes, documented in the README and in 'voce help'. */
enum {
    EXIT_OK = 0,        /* success */
    EXIT_PARTIAL = 1,   /* some records skipped or repaired; filter: no match */
    EXIT_USAGE = 2,     /* bad command line */
    EXIT_RESOURCE = 3,  /* model, lexicon or rules unusable */
    EXIT_IO = 4         /* reading or writing failed */
};

/* The running subcommand, for message prefixes ("voce tokens: ..."). */
extern const char *cli_command;

void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void cli_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void cli_die(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Report a library error as "voce <cmd>: <where>: <msg>". */
void cli_report(const voce_error *err);

/* Print 'usage' (to stdout with -h, exit 0; to stderr on misuse, exit 2). */
_Noreturn void cli_usage(const char *usage, bool misuse);

/* Find the lexicon directory: 'override' (--lexicons) if given, else
 * $VOCE_DATA_DIR/lexicons, else the source tree when running from a build
 * directory, else <prefix>/share/voce/lexicons. 'how' (may be NULL) gets a
 * few words on where it came from. Dies with exit 3 if none is usable. */
const char *cli_lexicon_dir(const char *override, const char **how);

/* Read lines from FILE... (or stdin for none or "-"), calling 'fn' for each
 * with the line without its newline (it may contain NUL bytes), the file's
 * display name and the 1-based line number. Returns EXIT_OK, or EXIT_IO if
 * a file could not be opened or read (reported, the others still read). */
typedef void (*cli_line_fn)(const char *line, size_t len, const char *file, size_t lineno,
                            void *ctx);
int cli_for_each_line(int nfiles, char **files, cli_line_fn fn, void *ctx);

/* Flush and close stdout; returns EXIT_IO (after a message) if that failed. */
int cli_close_stdout(void);

/* The subcommands. Each gets argv[0] = its own name. */
int cmd_explain(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

#endif
