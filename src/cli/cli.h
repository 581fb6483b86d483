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

/* Options every record-reading command shares, as getopt_long entries and
 * their handling. Values of 'val' start at CLI_OPT_READER. */
enum {
    CLI_OPT_READER = 1000,
    CLI_OPT_FORMAT = 'f',
    CLI_OPT_DELIMITER = CLI_OPT_READER,
    CLI_OPT_ENCODING,
    CLI_OPT_TEXT_COLUMN,
    CLI_OPT_ID_COLUMN,
    CLI_OPT_NO_HEADER,
    CLI_OPT_LEXICONS,
    CLI_OPT_LANG,
    CLI_OPT_MODELS,
    CLI_OPT_READER_END
};
#define CLI_READER_LONGOPTS                                                                 \
    {"format", required_argument, NULL, CLI_OPT_FORMAT},                                    \
        {"delimiter", required_argument, NULL, CLI_OPT_DELIMITER},                          \
        {"encoding", required_argument, NULL, CLI_OPT_ENCODING},                            \
        {"text-column", required_argument, NULL, CLI_OPT_TEXT_COLUMN},                      \
        {"id-column", required_argument, NULL, CLI_OPT_ID_COLUMN},                          \
        {"no-header", no_argument, NULL, CLI_OPT_NO_HEADER},                                \
        {"lexicons", required_argument, NULL, CLI_OPT_LEXICONS},                            \
        {"lang", required_argument, NULL, CLI_OPT_LANG},                                    \
        {"models", required_argument, NULL, CLI_OPT_MODELS}

/* What the shared options set. */
typedef struct cli_input {
    voce_reader_options reader;
    const char *lexicons; /* --lexicons */
    const char *models;   /* --models */
    const char *lang;     /* --lang */
} cli_input;

/* Handle option 'opt' with 'arg' if it is one of CLI_READER_LONGOPTS (or
 * -f); returns false if not. Exits with a usage error on a bad value. */
bool cli_input_option(cli_input *in, int opt, const char *arg, const char *usage);

/* The models directory: --models DIR, or models/ beside the lexicons. NULL
 * when there is none. */
const char *cli_model_dir(const char *override, const char *lexicon_dir);

/* Open FILE (or "-") for records, reporting a failure; returns NULL then. */
voce_reader *cli_open_reader(const char *path, const voce_reader_options *opt, int *rc);

/* The index of the column named 'name' (any case) or numbered 'name'
 * (1-based), or -1. */
long cli_column(const voce_reader *r, const char *name);

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
int cmd_classify(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);

#endif
