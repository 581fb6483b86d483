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
_Noreturn void cli_usage(const char *const *usage, bool misuse);

/* A sentiment score as voce prints it, with 4 decimals: one that rounds to
 * nothing is 0, so that no "-0.0000" (a sign on nothing) is printed. */
static inline double cli_printed_score(double score)
{
    return score > -0.00005 && score < 0.00005 ? 0.0 : score;
}

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
bool cli_input_option(cli_input *in, int opt, const char *arg, const char *const *usage);

/* The models directory: --models DIR, or models/ beside the lexicons. NULL
 * when there is none. */
const char *cli_model_dir(const char *override, const char *lexicon_dir);

/* Open FILE (or "-") for records, reporting a failure; returns NULL then. */
voce_reader *cli_open_reader(const char *path, const voce_reader_options *opt, int *rc);

/* --bom: whether CSV, TSV and text output begins with a UTF-8 byte-order
 * mark. Excel reads a CSV file without one as Windows-1252, so what it
 * exported comes back with mangled accents unless the mark is there. */
typedef enum cli_bom { CLI_BOM_AUTO, CLI_BOM_YES, CLI_BOM_NO } cli_bom;

/* --bom's 'arg' (auto, yes, no); anything else is a usage error. */
cli_bom cli_bom_arg(const char *arg, const char *const *usage);

/* Whether the input 'r' looks like an Excel export: it began with a
 * byte-order mark, or is UTF-16, Windows-1252 or Latin-1. */
bool cli_from_excel(const voce_reader *r);

/* Begin the output with the mark if 'mode' asks for it, before anything
 * else is written: yes, or auto when the input came 'from_excel' and
 * stdout is an empty file, not a pipe or a terminal. Never before JSONL
 * output ('out'), which has no such mark. */
void cli_write_bom(cli_bom mode, bool from_excel, voce_format out);

/* The index of the column named 'name' (any case) or numbered 'name'
 * (1-based), or -1. */
long cli_column(const voce_reader *r, const char *name);

/* The column of gold labels: 'given' (--label-column) when set, else the first
 * of the usual names (sentiment, label, class, polarity; for topics: topics,
 * topic, labels, label, category, categories), or -1. train and eval agree. */
long cli_label_column(const voce_reader *r, const char *given, bool topic);

/* Whether s[0..len) is one of the items of 'list', separated by 'sep'
 * ("negative,neutral"; voce_classifier_labels's "positive|negative|..."). */
bool cli_in_list(const char *list, char sep, const char *s, size_t len);

/* 'labels' as a reader wants them: "a, b, c", cut to fit 'size'. */
void cli_show_labels(const char *labels, char *out, size_t size);

/* Read lines from FILE... (or stdin for none or "-"), calling 'fn' for each
 * with the line without its newline (it may contain NUL bytes), the file's
 * display name and the 1-based line number. Returns EXIT_OK, or EXIT_IO if
 * a file could not be opened or read (reported, the others still read). */
typedef void (*cli_line_fn)(const char *line, size_t len, const char *file, size_t lineno,
                            void *ctx);
int cli_for_each_line(int nfiles, char **files, cli_line_fn fn, void *ctx);

/* Flush and close stdout; returns EXIT_IO (after a message) if that failed. */
int cli_close_stdout(void);

/* After loading the classifier: hand the pages of the buffers that parsed
 * the model and lexicon files back to the system (glibc keeps them), so a
 * long-running filter stays at what classifying needs. */
void cli_release_load_memory(void);

/* ---- Worker threads (cli_pool.c) ------------------------------------------- */

/* Called for each item of a batch, on one of the pool's threads ('worker'
 * is its number, 0..N-1, for per-thread state). */
typedef void (*cli_pool_fn)(void *ctx, void *batch, int worker, size_t item);
typedef struct cli_pool cli_pool;

/* Start N threads that wait for batches. */
cli_pool *cli_pool_new(int nthreads, cli_pool_fn fn, void *ctx);

/* Have the threads run fn on items 0..n-1 of 'batch'; returns at once. */
void cli_pool_start(cli_pool *p, void *batch, size_t n);

/* Wait until the batch started last is done. */
void cli_pool_wait(cli_pool *p);

/* Wait, then stop and join the threads. */
void cli_pool_free(cli_pool *p);

/* ---- Progress on stderr (cli_progress.c) ------------------------------------ */

/* Records done, their rate and (when every input is a regular file) how far
 * through the input: drawn on one line, redrawn in place, while stderr is
 * a terminal and stdout is not; one line a second with --progress when
 * stderr is not a terminal. A quiet run leaves nothing behind; --progress
 * ends with a summary line. */
typedef struct cli_progress {
    bool live;                /* redraw as records go */
    bool summary;             /* --progress: a last line with the totals */
    bool tty;                 /* stderr is a terminal: redraw in place */
    bool shown;               /* a line is on the terminal now */
    unsigned long long total; /* bytes of input, 0 if unknown */
    unsigned long long bytes, records;
    double start, last;       /* seconds */
    int width;                /* of the line on the terminal */
} cli_progress;

/* Start counting; 'forced' is --progress, 'files' the inputs ("-" or none
 * for stdin). */
void cli_progress_start(cli_progress *p, bool forced, int nfiles, char **files);
/* Count 'records' more, 'bytes' of input; redraw when it is time. */
void cli_progress_add(cli_progress *p, size_t records, size_t bytes);
/* Take the line off the terminal, before a message goes to stderr. */
void cli_progress_clear(cli_progress *p);
/* Clear the line, or write the summary with --progress. */
void cli_progress_end(cli_progress *p);

/* ---- Redacted output (cli_redact.c) ------------------------------------------ */

/* Copies of one record's text, raw form and field pointers with personal
 * data masked (--redact); reused from record to record. */
typedef struct cli_redaction {
    char *text, *raw;
    size_t text_cap, raw_cap;
    const char **field;
    size_t *field_len;
    size_t field_cap;
} cli_redaction;

/* Point 'rec' (read by 'rd') at redacted copies of its text, its text
 * field and its raw form, held in 'x' until its next use. */
void cli_redact(const voce_redactor *red, const voce_reader *rd, voce_record *rec,
                cli_redaction *x);
void cli_redaction_release(cli_redaction *x);

/* ---- 'voce themes' and 'voce report' (survey_input.c) ---------------------- */

/* Their shared options, as getopt_long entries; values from CLI_OPT_SURVEY. */
enum {
    CLI_OPT_SURVEY = 1100,
    CLI_OPT_SCORE_COLUMN = CLI_OPT_SURVEY,
    CLI_OPT_DATE_COLUMN,
    CLI_OPT_SCALE,
    CLI_OPT_PERIOD,
    CLI_OPT_ALL,
    CLI_OPT_SEED,
    CLI_OPT_THEMES = 'k',
    CLI_OPT_SURVEY_END = CLI_OPT_SURVEY + 16
};
#define CLI_SURVEY_LONGOPTS                                                                 \
    CLI_READER_LONGOPTS, {"score-column", required_argument, NULL, CLI_OPT_SCORE_COLUMN},  \
        {"date-column", required_argument, NULL, CLI_OPT_DATE_COLUMN},                      \
        {"scale", required_argument, NULL, CLI_OPT_SCALE},                                  \
        {"period", required_argument, NULL, CLI_OPT_PERIOD},                                \
        {"all", no_argument, NULL, CLI_OPT_ALL},                                            \
        {"seed", required_argument, NULL, CLI_OPT_SEED},                                    \
        {"themes", required_argument, NULL, CLI_OPT_THEMES},                                \
        {"verbose", no_argument, NULL, 'v'}

typedef struct cli_survey {
    cli_input in;
    const char *score_column; /* NULL: guess; "none": none */
    const char *date_column;
    voce_scale scale;
    voce_period period;
    bool all, verbose;
    unsigned k;               /* 0: chosen */
    unsigned long long seed;  /* 0: the default */
    const char *title;
} cli_survey;

/* Handle one of CLI_SURVEY_LONGOPTS (or -f, -k, -v); false if not one. */
bool cli_survey_option(cli_survey *o, int opt, const char *arg, const char *const *usage);

/* Load the classifier for the options (exit 3 if it cannot be). */
voce_classifier *cli_survey_classifier(const cli_survey *o, const char **lexicon_dir);

/* Records kept to be written back, with the first file's columns. */
typedef struct cli_kept {
    voce_record rec;
    char *store;
    const char **field;
    size_t *field_len;
    long survey_index; /* -1: unreadable, not in the survey */
} cli_kept;

typedef struct cli_records {
    cli_kept *r;
    size_t n, cap;
    voce_format format;
    char delimiter;
    bool from_excel; /* cli_from_excel() of the first file */
    char **columns;
    size_t ncolumns;
} cli_records;

void cli_records_release(cli_records *k);

/* Read FILE... (stdin for none) into a finished survey, each problem
 * reported with file:line; 'keep' (may be NULL) gets every record. Returns
 * EXIT_OK, EXIT_PARTIAL or EXIT_IO. */
int cli_survey_read(cli_survey *o, const voce_classifier *c, const char *lexicon_dir,
                    int nfiles, char **files, voce_survey **out, cli_records *keep);

/* With -v: the scale, and the silhouette of every k tried, on stderr. */
void cli_survey_explain(const voce_survey *s);

/* The subcommands. Each gets argv[0] = its own name. */
int cmd_classify(int argc, char **argv);
int cmd_filter(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_train(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_version(int argc, char **argv);
int cmd_help(int argc, char **argv);
int cmd_themes(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
