/* cmd_filter.c -- 'voce filter': grep for what customers feel.
 *
 * Each record is classified and printed as it was read (the raw record, a
 * CSV or TSV header kept) if voce's verdict matches every criterion given:
 * a sentiment, a topic, a minimum confidence, a churn risk. Like grep: -v
 * inverts, -c counts, -q only answers through the exit status, and the
 * exit status is 0 when something matched and 1 when nothing did. Records
 * stream through one at a time, flushed as they go when stdout is a
 * terminal or with --line-buffered, so a tailed log filters live. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *const usage[] = {
    "usage: voce filter [--sentiment S] [--topic T] [--min-confidence X] [--churn-risk]\n"
    "                   [-v] [-c | -q] [options] [FILE...]\n"
    "   eg: tail -f feedback.log | voce filter --sentiment negative\n"
    "       voce filter --topic billing --churn-risk survey.csv > at-risk.csv\n"
    "\n"
    "Print the records whose verdict matches every criterion given, as they were\n"
    "read (in UTF-8, with LF line ends; a CSV or TSV header is kept). A list\n"
    "such as 'negative,neutral' matches any of its items. Exit status: 0 if a\n"
    "record matched, 1 if none did, 2 on a usage error, 3 if a model or lexicon\n"
    "is unusable, 4 if reading or writing failed.\n"
    "\n"
    "      --sentiment S       the sentiment is S: positive, negative, neutral or\n"
    "                          mixed (or a label of the model given with -m)\n"
    "      --topic T           one of the record's topics is T (billing, delivery,\n"
    "                          support, product, price, returns, staff, website_app,\n"
    "                          communication); T:S also asks for the topic's\n"
    "                          sentiment S, as in delivery:negative\n"
    "      --min-confidence X  the sentiment's confidence is at least X (0..1)\n"
    "      --churn-risk        the record shows a risk of churn\n"
    "  -v, --invert-match      print the records that do not match\n"
    "  -c, --count             print only how many records matched\n"
    "  -q, --quiet             print nothing; stop at the first match\n"
    "      --redact            mask e-mails, phone numbers, IBANs, card numbers and\n"
    "                          codici fiscali in the text ([EMAIL] [PHONE] ...)\n"
    "      --line-buffered     write each record as soon as it is read\n"
    "      --bom WHEN          start the output with a UTF-8 byte-order mark, which\n"
    "                          Excel needs to read accents right: yes, no, auto\n"
    "                          (default: when the input came with one or in\n"
    "                          Windows-1252/UTF-16, as Excel writes, and stdout is\n"
    "                          a file; never before JSONL)\n"
    "      --progress          show progress on stderr (default: when stderr is a\n"
    "                          terminal and stdout is not)\n"
    "  -f, --format FMT        input format: text, tsv, csv, jsonl (default: detect)\n"
    "      --text-column C     the column holding the text: a name or a number\n"
    "      --id-column C       a column naming each record\n"
    "      --delimiter D       CSV field separator (default: detect , ; TAB |)\n"
    "      --encoding E        utf-8, windows-1252, latin-1, utf-16le, utf-16be\n"
    "      --no-header         CSV/TSV: the first line is data\n"
    "      --lang LANG         treat every text as LANG (it, en)\n"
    "  -m, --model NAME        a sentiment model (NAME.meta) instead of the shipped one\n"
    "      --topic-model NAME  a topic model instead of the shipped one\n"
    "      --lexicon-only      no model: the lexicon scorer and topic cues\n"
    "      --force             use a model trained with other lexicons or scorer,\n"
    "                          or whose files were edited\n"
    "      --lexicons DIR      lexicons directory\n"
    "      --models DIR        directory of the default models\n"
    "  -h, --help              show this help\n",
    NULL};

enum {
    OPT_SENTIMENT = CLI_OPT_READER_END,
    OPT_TOPIC,
    OPT_MIN_CONFIDENCE,
    OPT_CHURN_RISK,
    OPT_TOPIC_MODEL,
    OPT_LEXICON_ONLY,
    OPT_FORCE,
    OPT_REDACT,
    OPT_LINE_BUFFERED,
    OPT_PROGRESS,
    OPT_BOM
};

/* What a verdict must have; NULL or negative: anything. */
typedef struct criteria {
    const char *sentiments; /* "negative" or "negative,neutral" */
    const char *topics;     /* "billing", "billing,price" or "delivery:negative" */
    double min_confidence;
    bool churn_risk;
} criteria;

typedef struct filter_run {
    const voce_classifier *classifier;
    voce_doc *doc;
    const voce_redactor *redactor;
    cli_redaction redaction;
    criteria want;
    bool invert, count_only, quiet, line_buffered, no_header;
    bool header_written, stop;
    cli_bom bom;
    size_t matched, unreadable, repaired;
    cli_progress progress;
} filter_run;

/* Whether one of the '|'-separated 'items' is in the list 'want'. */
static bool has_item(const char *want, const char *items)
{
    for (const char *p = items; *p;) {
        const char *bar = strchr(p, '|');
        size_t n = bar ? (size_t)(bar - p) : strlen(p);
        if (n && cli_in_list(want, ',', p, n))
            return true;
        if (!bar)
            break;
        p = bar + 1;
    }
    return false;
}

static bool matches(const criteria *c, const voce_result *r)
{
    if (c->sentiments && !cli_in_list(c->sentiments, ',', r->sentiment, strlen(r->sentiment)))
        return false;
    /* "delivery" is one of the topics, "delivery:negative" one of the
     * topic sentiments; no topic name holds a ':'. */
    if (c->topics && !has_item(c->topics, r->topics) && !has_item(c->topics, r->topic_sentiments))
        return false;
    if (c->min_confidence >= 0 && r->confidence < c->min_confidence)
        return false;
    if (c->churn_risk && !r->churn_risk)
        return false;
    return true;
}

/* A list option's value: items of letters, digits, '_', '-' or ':', no empty one. */
static const char *list_arg(const char *opt, const char *arg)
{
    bool ok = *arg && arg[strlen(arg) - 1] != ',';
    for (const char *p = arg; *p && ok; p++)
        ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
             *p == '_' || *p == '-' || *p == ':' || (*p == ',' && p != arg && p[-1] != ',');
    if (!ok) {
        cli_error("%s takes a name or a comma-separated list of names, got '%s'", opt, arg);
        cli_usage(usage, true);
    }
    return arg;
}

/* Whether every item of 'list' is something 'c' can give: a sentiment, or a
 * topic with an optional ":sentiment". A name it never gives is a typo
 * ("negativ") and would match nothing in silence, so it is refused, naming
 * what there is. */
static bool items_known(const char *opt, const char *list, const voce_classifier *c, bool topics)
{
    const char *sentiments = voce_classifier_labels(c, false);
    const char *known = voce_classifier_labels(c, topics);
    for (const char *p = list;;) {
        size_t n = strcspn(p, ",");
        const char *colon = topics ? memchr(p, ':', n) : NULL;
        size_t name = colon ? (size_t)(colon - p) : n;
        bool bad_topic = !cli_in_list(known, '|', p, name);
        if (bad_topic || (colon && !cli_in_list(sentiments, '|', colon + 1, n - name - 1))) {
            char shown[2048];
            cli_show_labels(bad_topic ? known : sentiments, shown, sizeof shown);
            cli_error("%s: '%.*s' is not a %s voce gives here (known: %s)", opt,
                      bad_topic ? (int)name : (int)(n - name - 1), bad_topic ? p : colon + 1,
                      bad_topic && topics ? "topic" : "sentiment", shown);
            return false;
        }
        if (!p[n])
            return true;
        p += n + 1;
    }
}

static double confidence_arg(const char *arg)
{
    char *end;
    double v = strtod(arg, &end);
    if (end == arg || *end || !(v >= 0 && v <= 1)) {
        cli_error("--min-confidence takes a number from 0 to 1, got '%s'", arg);
        cli_usage(usage, true);
    }
    return v;
}

/* ---- Output -------------------------------------------------------------------- */

static void check_output(void)
{
    if (ferror(stdout))
        cli_die(EXIT_IO, "cannot write output: %s", strerror(errno));
}

/* The byte-order mark if wanted, then the header of a CSV or TSV input,
 * once, before anything else: written by a writer with no columns of its
 * own, which quotes names as needed. */
static void write_header(filter_run *f, voce_reader *r)
{
    if (f->header_written || f->count_only || f->quiet)
        return;
    f->header_written = true;
    voce_format fmt = voce_reader_format(r);
    cli_write_bom(f->bom, cli_from_excel(r), fmt);
    if (f->no_header || (fmt != VOCE_FORMAT_CSV && fmt != VOCE_FORMAT_TSV))
        return;
    const char *const *cols;
    size_t ncols = voce_reader_columns(r, &cols);
    voce_writer *w;
    voce_error err;
    if (voce_writer_open(&w, stdout, fmt, voce_reader_delimiter(r), fmt, cols, ncols, NULL, NULL, 0,
                         &err) != VOCE_OK)
        cli_die(EXIT_IO, "%s", err.msg);
    voce_writer_free(w);
    check_output();
}

static void write_record(filter_run *f, const voce_reader *r, voce_record *rec)
{
    if (f->redactor)
        cli_redact(f->redactor, r, rec, &f->redaction);
    const char *s = rec->raw ? rec->raw : rec->text;
    size_t n = rec->raw ? rec->raw_len : rec->text_len;
    fwrite(s, 1, n, stdout);
    putchar('\n');
    if (f->line_buffered)
        fflush(stdout);
    check_output();
}

/* ---- Records -------------------------------------------------------------------- */

/* Filter the records of 'r'. Returns EXIT_OK, or EXIT_IO if reading failed. */
static int filter_records(filter_run *f, voce_reader *r, const char *file)
{
    for (;;) {
        voce_record rec;
        voce_error err;
        int got = voce_reader_next(r, &rec, &err);
        if (got == 0)
            return EXIT_OK;
        if (got < 0) {
            cli_progress_clear(&f->progress);
            cli_warn("%s: %s (record skipped)", err.where, err.msg);
            f->unreadable++;
            if (err.status == VOCE_ERR_IO)
                return EXIT_IO;
            continue;
        }
        if (rec.repairs) {
            cli_progress_clear(&f->progress);
            cli_warn("%s:%zu: %s", file, rec.line,
                     rec.repairs & VOCE_REPAIR_INVALID_UTF8 ? "invalid UTF-8 replaced by U+FFFD"
                                                            : "NUL bytes removed");
            f->repaired++;
        }
        voce_result res;
        voce_classify(f->classifier, f->doc, rec.text, rec.text_len, &res);
        size_t bytes = rec.raw_len + 1;
        if (matches(&f->want, &res) != f->invert) {
            f->matched++;
            if (f->quiet) {
                f->stop = true;
                return EXIT_OK;
            }
            if (!f->count_only)
                write_record(f, r, &rec);
        }
        cli_progress_add(&f->progress, 1, bytes);
    }
}

/* Open each input and filter it; returns EXIT_OK, or the worst failure. */
static int filter_files(filter_run *f, const voce_reader_options *ropt, int nfiles, char **files)
{
    static char *stdin_only[] = {"-"};
    if (nfiles == 0) {
        nfiles = 1;
        files = stdin_only;
    }
    int rc = EXIT_OK;
    for (int i = 0; i < nfiles && !f->stop; i++) {
        int open_rc = EXIT_OK;
        cli_progress_clear(&f->progress);
        voce_reader *r = cli_open_reader(files[i], ropt, &open_rc);
        if (!r) {
            /* 1 would read as "no match": a file voce cannot make sense of
             * (no text column found) is a usage error here. */
            int bad = open_rc == EXIT_PARTIAL ? EXIT_USAGE : open_rc;
            if (rc == EXIT_OK || bad > rc)
                rc = bad;
            continue;
        }
        write_header(f, r);
        int st = filter_records(f, r, strcmp(files[i], "-") == 0 ? "<stdin>" : files[i]);
        if (st != EXIT_OK)
            rc = st;
        voce_reader_close(r);
    }
    return rc;
}

int cmd_filter(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_READER_LONGOPTS,
        {"sentiment", required_argument, NULL, OPT_SENTIMENT},
        {"topic", required_argument, NULL, OPT_TOPIC},
        {"min-confidence", required_argument, NULL, OPT_MIN_CONFIDENCE},
        {"churn-risk", no_argument, NULL, OPT_CHURN_RISK},
        {"invert-match", no_argument, NULL, 'v'},
        {"count", no_argument, NULL, 'c'},
        {"quiet", no_argument, NULL, 'q'},
        {"model", required_argument, NULL, 'm'},
        {"topic-model", required_argument, NULL, OPT_TOPIC_MODEL},
        {"lexicon-only", no_argument, NULL, OPT_LEXICON_ONLY},
        {"force", no_argument, NULL, OPT_FORCE},
        {"redact", no_argument, NULL, OPT_REDACT},
        {"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"bom", required_argument, NULL, OPT_BOM},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_input in = {0};
    voce_options opt = {0};
    filter_run f = {.want.min_confidence = -1, .line_buffered = isatty(STDOUT_FILENO)};
    bool redact = false, progress = false;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "f:m:vcqh", longopts, NULL)) != -1) {
        if (cli_input_option(&in, ch, optarg, usage))
            continue;
        switch (ch) {
        case OPT_SENTIMENT: f.want.sentiments = list_arg("--sentiment", optarg); break;
        case OPT_TOPIC: f.want.topics = list_arg("--topic", optarg); break;
        case OPT_MIN_CONFIDENCE: f.want.min_confidence = confidence_arg(optarg); break;
        case OPT_CHURN_RISK: f.want.churn_risk = true; break;
        case 'v': f.invert = true; break;
        case 'c': f.count_only = true; break;
        case 'q': f.quiet = true; break;
        case 'm': opt.sentiment_model = optarg; break;
        case OPT_TOPIC_MODEL: opt.topic_model = optarg; break;
        case OPT_LEXICON_ONLY: opt.lexicon_only = true; break;
        case OPT_FORCE: opt.force = true; break;
        case OPT_REDACT: redact = true; break;
        case OPT_LINE_BUFFERED: f.line_buffered = true; break;
        case OPT_PROGRESS: progress = true; break;
        case OPT_BOM: f.bom = cli_bom_arg(optarg, usage); break;
        case 'h': cli_usage(usage, false);
        default: cli_usage(usage, true);
        }
    }
    if (!f.want.sentiments && !f.want.topics && f.want.min_confidence < 0 && !f.want.churn_risk) {
        cli_error("nothing to filter on: give --sentiment, --topic, --min-confidence or "
                  "--churn-risk");
        cli_usage(usage, true);
    }
    if (f.count_only && f.quiet) {
        cli_error("-c and -q do not go together");
        cli_usage(usage, true);
    }
    f.no_header = in.reader.no_header;

    opt.lexicon_dir = cli_lexicon_dir(in.lexicons, NULL);
    opt.model_dir = cli_model_dir(in.models, opt.lexicon_dir);
    opt.lang = in.lang;
    voce_error err;
    voce_classifier *c;
    if (voce_classifier_load(&c, &opt, &err) != VOCE_OK) {
        cli_report(&err);
        return EXIT_RESOURCE;
    }
    cli_release_load_memory();
    const char *warnings = voce_classifier_warnings(c);
    if (*warnings)
        fprintf(stderr, "voce filter: warning: %s", warnings);
    if ((f.want.sentiments && !items_known("--sentiment", f.want.sentiments, c, false)) ||
        (f.want.topics && !items_known("--topic", f.want.topics, c, true))) {
        voce_classifier_free(c);
        return EXIT_USAGE;
    }
    voce_redactor *red = NULL;
    if (redact && voce_redactor_load(&red, opt.lexicon_dir, &err) != VOCE_OK) {
        cli_report(&err);
        voce_classifier_free(c);
        return EXIT_RESOURCE;
    }
    f.classifier = c;
    f.redactor = red;
    f.doc = voce_doc_new();

    int nfiles = argc - optind;
    cli_progress_start(&f.progress, progress, nfiles, argv + optind);
    int rc = filter_files(&f, &in.reader, nfiles, argv + optind);
    cli_progress_end(&f.progress);
    if (f.count_only) {
        printf("%zu\n", f.matched);
        check_output();
    }
    if (f.unreadable || f.repaired)
        cli_warn("%zu record(s) unreadable and skipped, %zu repaired", f.unreadable, f.repaired);

    cli_redaction_release(&f.redaction);
    voce_doc_free(f.doc);
    voce_redactor_free(red);
    voce_classifier_free(c);
    if (f.quiet && f.matched)
        return EXIT_OK; /* as grep -q: a match answers the question */
    if (rc != EXIT_OK)
        return rc;
    return f.matched ? EXIT_OK : EXIT_PARTIAL;
}
