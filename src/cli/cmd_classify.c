/* cmd_classify.c -- 'voce classify': every record in, every record out,
 * in order, with voce's verdict appended.
 *
 * Records are read in batches; with -j N, N threads classify a batch (each
 * with its own voce_doc, sharing the read-only classifier) and the main
 * thread writes it in input order, so the output of -j 8 is byte-identical
 * to -j 1. A record that cannot be read still gets an output line: its raw
 * text with empty verdict fields, and a warning with file:line. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char usage[] =
    "usage: voce classify [options] [FILE...]\n"
    "   eg: voce classify -f csv survey.csv > classified.csv\n"
    "       tail -f feedback.log | voce classify --line-buffered\n"
    "\n"
    "Classify each record: its language, sentiment (with a score in -1..1 and a\n"
    "confidence in 0..1), topics, per-topic sentiment and churn risk. Every input\n"
    "field is kept and voce's fields are appended: lang sentiment sentiment_score\n"
    "sentiment_confidence topics topic_sentiments churn_risk. Plain text input\n"
    "gives sentiment<TAB>score<TAB>topics<TAB>text.\n"
    "\n"
    "  -f, --format FMT        input format: text, tsv, csv, jsonl (default: detect)\n"
    "  -o, --output FMT        output format (default: the input's)\n"
    "      --text-column C     the column holding the text: a name or a number\n"
    "      --id-column C       a column naming each record\n"
    "      --delimiter D       CSV field separator (default: detect , ; TAB |)\n"
    "      --encoding E        utf-8, windows-1252, latin-1, utf-16le, utf-16be\n"
    "      --no-header         CSV/TSV: the first line is data\n"
    "      --lang LANG         treat every text as LANG (it, en)\n"
    "  -m, --model NAME        a sentiment model (NAME.meta) instead of the shipped one\n"
    "      --topic-model NAME  a topic model instead of the shipped one\n"
    "      --lexicon-only      no model: the lexicon scorer and topic cues\n"
    "      --force             use a model trained with other lexicons\n"
    "      --explain           add an 'explain' field: the cues behind each verdict\n"
    "      --max-record-bytes N  classify at most N bytes of a text (default 1048576);\n"
    "                          the record is still written whole\n"
    "  -j, --jobs N            classify with N threads (0: one per core)\n"
    "      --line-buffered     write each record as soon as it is classified\n"
    "      --redact            mask e-mails, phone numbers, IBANs, card numbers and\n"
    "                          codici fiscali in the text written out ([EMAIL] ...)\n"
    "      --progress          show progress on stderr (default: when stderr is a\n"
    "                          terminal and stdout is not)\n"
    "      --lexicons DIR      lexicons directory\n"
    "      --models DIR        directory of the default models\n"
    "  -h, --help              show this help\n";

enum {
    OPT_TOPIC_MODEL = CLI_OPT_READER_END,
    OPT_LEXICON_ONLY,
    OPT_FORCE,
    OPT_EXPLAIN,
    OPT_MAX_RECORD,
    OPT_LINE_BUFFERED,
    OPT_REDACT,
    OPT_PROGRESS
};

static const char *const out_columns[] = {"lang", "sentiment", "sentiment_score",
                                          "sentiment_confidence", "topics", "topic_sentiments",
                                          "churn_risk", "explain"};
enum { N_OUT = 7 };
/* In JSONL output the score and the confidence are numbers, not strings. */
static const bool out_is_json[] = {false, false, true, true, false, false, false, false};

/* One record, owned (the reader's are borrowed until its next call). */
typedef struct job {
    voce_record rec;
    char *store;        /* raw, then each field, then text and id */
    const char **field;
    size_t *field_len;
    bool unreadable;
    size_t line;
    /* the verdict, as the strings to write */
    char *out;          /* NUL-separated values of the N_OUT (+ explain) fields */
    const char *value[N_OUT + 1];
    bool truncated;
    cli_redaction red; /* --redact: the record's masked copies */
} job;

typedef struct classify_ctx {
    const voce_classifier *c;
    bool explain;
    size_t max_bytes;
    const voce_redactor *redactor; /* --redact, or NULL */
    const voce_reader *reader;     /* of the batch, for redaction */
} classify_ctx;

static void job_take(job *j, const voce_record *r, bool unreadable)
{
    size_t need = r->raw_len + 1 + r->text_len + 1 + (r->id ? r->id_len + 1 : 0);
    for (size_t i = 0; i < r->nfields; i++)
        need += r->field_len[i] + 1;
    free(j->store);
    free(j->field);
    free(j->field_len);
    j->store = malloc(need);
    j->field = malloc((r->nfields ? r->nfields : 1) * sizeof *j->field);
    j->field_len = malloc((r->nfields ? r->nfields : 1) * sizeof *j->field_len);
    if (!j->store || !j->field || !j->field_len)
        cli_die(EXIT_IO, "out of memory");
    char *p = j->store;
    j->rec = *r;
    if (r->raw_len)
        memcpy(p, r->raw, r->raw_len);
    j->rec.raw = p;
    p[r->raw_len] = '\0';
    p += r->raw_len + 1;
    for (size_t i = 0; i < r->nfields; i++) {
        memcpy(p, r->field[i], r->field_len[i]);
        p[r->field_len[i]] = '\0';
        j->field[i] = p;
        j->field_len[i] = r->field_len[i];
        p += r->field_len[i] + 1;
    }
    j->rec.field = j->field;
    j->rec.field_len = j->field_len;
    if (r->text_len)
        memcpy(p, r->text, r->text_len);
    p[r->text_len] = '\0';
    j->rec.text = p;
    p += r->text_len + 1;
    if (r->id) {
        memcpy(p, r->id, r->id_len);
        p[r->id_len] = '\0';
        j->rec.id = p;
    }
    j->unreadable = unreadable;
    j->line = r->line;
}

/* The cues of the last verdict in one field: "term:pessimo(-3.00) ...". */
static void explain_into(const voce_doc *d, char *buf, size_t size)
{
    static const char *const kinds[] = {"term", "rule", "topic", "negator", "contrast",
                                        "feature"};
    size_t n, at = 0;
    const voce_cue *cue = voce_doc_cues(d, &n);
    buf[0] = '\0';
    for (size_t i = 0; i < n && at + 1 < size; i++) {
        int w;
        if (cue[i].weight != 0)
            w = snprintf(buf + at, size - at, "%s%s:%s(%+.2f)", at ? " " : "", kinds[cue[i].kind],
                         cue[i].name, cue[i].weight);
        else
            w = snprintf(buf + at, size - at, "%s%s:%s", at ? " " : "", kinds[cue[i].kind],
                         cue[i].name);
        if (w < 0)
            break;
        at += (size_t)w;
    }
    for (char *p = buf; *p; p++) /* no TAB or newline may reach TSV output */
        if (*p == '\t' || *p == '\n' || *p == '\r')
            *p = ' ';
}

static void classify_job(const classify_ctx *ctx, voce_doc *d, job *j)
{
    free(j->out);
    j->out = NULL;
    j->truncated = false; /* the slot may have held a truncated record before */
    if (j->unreadable)
        return;
    size_t len = j->rec.text_len;
    if (len > ctx->max_bytes) {
        len = ctx->max_bytes;
        while (len && ((unsigned char)j->rec.text[len] & 0xC0) == 0x80)
            len--; /* cut at a character boundary */
        j->truncated = true;
    }
    voce_result r;
    voce_classify(ctx->c, d, j->rec.text, len, &r);
    char score[32], conf[32];
    /* -0.00001 would print as "-0.0000": a sign on nothing. */
    snprintf(score, sizeof score, "%.4f", fabs(r.score) < 0.00005 ? 0.0 : r.score);
    snprintf(conf, sizeof conf, "%.4f", r.confidence);
    _Thread_local static char xbuf[8192];
    if (ctx->explain)
        explain_into(d, xbuf, sizeof xbuf);
    const char *vals[N_OUT + 1] = {r.lang, r.sentiment, score, conf, r.topics,
                                   r.topic_sentiments, r.churn_risk ? "yes" : "no",
                                   ctx->explain ? xbuf : ""};
    size_t need = 0;
    for (int i = 0; i <= N_OUT; i++)
        need += strlen(vals[i]) + 1;
    j->out = malloc(need);
    if (!j->out)
        cli_die(EXIT_IO, "out of memory");
    char *p = j->out;
    for (int i = 0; i <= N_OUT; i++) {
        size_t n = strlen(vals[i]);
        memcpy(p, vals[i], n + 1);
        j->value[i] = p;
        p += n + 1;
    }
}

/* ---- Threads -------------------------------------------------------------------- */

typedef struct worker {
    pthread_t thread;
    const classify_ctx *ctx;
    voce_doc *doc;
    job *jobs;
    size_t from, to;
} worker;

static void *work(void *arg)
{
    worker *w = arg;
    for (size_t i = w->from; i < w->to; i++) {
        classify_job(w->ctx, w->doc, &w->jobs[i]);
        if (w->ctx->redactor) /* after classifying: the verdict sees the real text */
            cli_redact(w->ctx->redactor, w->ctx->reader, &w->jobs[i].rec, &w->jobs[i].red);
    }
    return NULL;
}

static void classify_batch(const classify_ctx *ctx, worker *workers, int nworkers, job *jobs,
                           size_t n)
{
    if (nworkers == 1 || n < 64) {
        work(&(worker){.ctx = ctx, .doc = workers[0].doc, .jobs = jobs, .from = 0, .to = n});
        return;
    }
    size_t per = (n + (size_t)nworkers - 1) / (size_t)nworkers;
    for (int i = 0; i < nworkers; i++) {
        workers[i].ctx = ctx;
        workers[i].jobs = jobs;
        workers[i].from = (size_t)i * per < n ? (size_t)i * per : n;
        workers[i].to = (size_t)(i + 1) * per < n ? (size_t)(i + 1) * per : n;
        if (pthread_create(&workers[i].thread, NULL, work, &workers[i]) != 0)
            cli_die(EXIT_IO, "cannot start a thread");
    }
    for (int i = 0; i < nworkers; i++)
        pthread_join(workers[i].thread, NULL);
}

/* ---- Output --------------------------------------------------------------------- */

typedef struct output {
    voce_writer *w;
    bool plain;         /* text in, no -o: sentiment score topics text */
    bool explain;
    bool line_buffered;
    size_t truncated;
    cli_progress progress;
} output;

static void write_job(output *o, job *j, const char *file)
{
    if (j->truncated) {
        cli_progress_clear(&o->progress);
        cli_warn("%s:%zu: text longer than --max-record-bytes: classified its beginning",
                 file, j->line);
        o->truncated++;
    }
    if (o->plain) {
        if (j->out)
            printf("%s\t%s\t%s\t", j->value[1], j->value[2], j->value[4]);
        else
            fputs("\t\t\t", stdout);
        fwrite(j->rec.text, 1, j->rec.text_len, stdout);
        if (o->explain)
            printf("\t%s", j->out ? j->value[N_OUT] : "");
        putchar('\n');
    } else {
        const char *empty[N_OUT + 1] = {0};
        voce_error err;
        if (voce_writer_write(o->w, &j->rec, j->out ? j->value : empty, &err) != VOCE_OK)
            cli_die(EXIT_IO, "cannot write output: %s", err.msg);
    }
    if (o->line_buffered)
        fflush(stdout);
    if (ferror(stdout))
        cli_die(EXIT_IO, "cannot write output: %s", strerror(errno));
}

static int parse_jobs(const char *s)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || v < 0 || v > 256)
        return -1;
    if (v == 0) {
        long cores = sysconf(_SC_NPROCESSORS_ONLN);
        v = cores > 0 ? cores : 1;
    }
    return (int)v;
}

int cmd_classify(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_READER_LONGOPTS,
        {"output", required_argument, NULL, 'o'},
        {"model", required_argument, NULL, 'm'},
        {"topic-model", required_argument, NULL, OPT_TOPIC_MODEL},
        {"lexicon-only", no_argument, NULL, OPT_LEXICON_ONLY},
        {"force", no_argument, NULL, OPT_FORCE},
        {"explain", no_argument, NULL, OPT_EXPLAIN},
        {"max-record-bytes", required_argument, NULL, OPT_MAX_RECORD},
        {"jobs", required_argument, NULL, 'j'},
        {"line-buffered", no_argument, NULL, OPT_LINE_BUFFERED},
        {"redact", no_argument, NULL, OPT_REDACT},
        {"progress", no_argument, NULL, OPT_PROGRESS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_input in = {0};
    voce_options opt = {0};
    voce_format out_format = VOCE_FORMAT_AUTO;
    classify_ctx ctx = {.max_bytes = 1 << 20};
    int nworkers = 1;
    bool line_buffered = isatty(STDOUT_FILENO);
    bool redact = false, progress = false;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "f:o:m:j:h", longopts, NULL)) != -1) {
        if (cli_input_option(&in, ch, optarg, usage))
            continue;
        switch (ch) {
        case 'o':
            if ((out_format = voce_format_parse(optarg)) == VOCE_FORMAT_AUTO) {
                cli_error("unknown output format '%s' (expected tsv, csv or jsonl)", optarg);
                cli_usage(usage, true);
            }
            break;
        case 'm': opt.sentiment_model = optarg; break;
        case OPT_TOPIC_MODEL: opt.topic_model = optarg; break;
        case OPT_LEXICON_ONLY: opt.lexicon_only = true; break;
        case OPT_FORCE: opt.force = true; break;
        case OPT_EXPLAIN: ctx.explain = true; break;
        case OPT_LINE_BUFFERED: line_buffered = true; break;
        case OPT_REDACT: redact = true; break;
        case OPT_PROGRESS: progress = true; break;
        case OPT_MAX_RECORD: {
            char *end;
            unsigned long long v = strtoull(optarg, &end, 10);
            if (*end || v == 0 || strchr(optarg, '-')) { /* strtoull would take "-5" */
                cli_error("--max-record-bytes takes a positive number, got '%s'", optarg);
                cli_usage(usage, true);
            }
            ctx.max_bytes = (size_t)v;
            break;
        }
        case 'j':
            if ((nworkers = parse_jobs(optarg)) < 1) {
                cli_error("--jobs takes a number from 0 to 256, got '%s'", optarg);
                cli_usage(usage, true);
            }
            break;
        case 'h': cli_usage(usage, false);
        default: cli_usage(usage, true);
        }
    }
    opt.lexicon_dir = cli_lexicon_dir(in.lexicons, NULL);
    opt.model_dir = cli_model_dir(in.models, opt.lexicon_dir);
    opt.lang = in.lang;
    voce_error err;
    voce_classifier *c;
    voce_status st = voce_classifier_load(&c, &opt, &err);
    if (st != VOCE_OK) {
        cli_report(&err);
        return EXIT_RESOURCE;
    }
    const char *warnings = voce_classifier_warnings(c);
    if (*warnings)
        fprintf(stderr, "voce classify: warning: %s", warnings);
    ctx.c = c;
    voce_redactor *red = NULL;
    if (redact && voce_redactor_load(&red, opt.lexicon_dir, &err) != VOCE_OK) {
        cli_report(&err);
        voce_classifier_free(c);
        return EXIT_RESOURCE;
    }
    ctx.redactor = red;

    worker *workers = calloc((size_t)nworkers, sizeof *workers);
    for (int i = 0; i < nworkers; i++)
        workers[i].doc = voce_doc_new();
    size_t batch = line_buffered ? 1 : nworkers > 1 ? 4096 : 256;
    job *jobs = calloc(batch, sizeof *jobs);
    int rc = EXIT_OK;
    size_t unreadable = 0, repaired = 0, empty = 0;
    int nfiles = argc - optind;
    char *stdin_only[] = {"-"};
    char **files = nfiles ? argv + optind : stdin_only;
    if (!nfiles)
        nfiles = 1;
    output o = {.explain = ctx.explain, .line_buffered = line_buffered};
    cli_progress_start(&o.progress, progress, argc - optind, argv + optind);
    for (int f = 0; f < nfiles; f++) {
        cli_progress_clear(&o.progress);
        voce_reader *r = cli_open_reader(files[f], &in.reader, &rc);
        if (!r)
            continue;
        ctx.reader = r;
        const char *file = strcmp(files[f], "-") == 0 ? "<stdin>" : files[f];
        voce_format fmt = voce_reader_format(r);
        if (!o.w && !o.plain) {
            o.plain = fmt == VOCE_FORMAT_TEXT && out_format == VOCE_FORMAT_AUTO;
            if (!o.plain) {
                const char *const *cols;
                size_t ncols = voce_reader_columns(r, &cols);
                voce_format of = out_format != VOCE_FORMAT_AUTO ? out_format : fmt;
                /* CSV keeps a CSV input's separator; from TSV it is a comma. */
                char delim = fmt == VOCE_FORMAT_CSV ? voce_reader_delimiter(r) : 0;
                if (voce_writer_open(&o.w, stdout, of, delim, fmt, cols, ncols,
                                     out_columns, out_is_json, ctx.explain ? N_OUT + 1 : N_OUT,
                                     &err) != VOCE_OK)
                    cli_die(EXIT_IO, "%s", err.msg);
            }
        }
        bool more = true;
        while (more) {
            size_t n = 0, bytes = 0;
            while (n < batch) {
                voce_record rec;
                int got = voce_reader_next(r, &rec, &err);
                if (got == 0) {
                    more = false;
                    break;
                }
                if (got < 0) {
                    cli_progress_clear(&o.progress);
                    cli_warn("%s: %s (written without a verdict)", err.where, err.msg);
                    unreadable++;
                    if (err.status == VOCE_ERR_IO) {
                        rc = EXIT_IO;
                        more = false;
                        break;
                    }
                    job_take(&jobs[n++], &rec, true);
                    continue;
                }
                bytes += rec.raw_len + 1;
                if (rec.repairs) {
                    cli_progress_clear(&o.progress);
                    cli_warn("%s:%zu: %s", file, rec.line,
                             rec.repairs & VOCE_REPAIR_INVALID_UTF8
                                 ? "invalid UTF-8 replaced by U+FFFD"
                                 : "NUL bytes removed");
                    repaired++;
                }
                if (rec.text_len == 0 && ++empty <= 10)
                    cli_warn("%s:%zu: empty text (lang und, neutral, confidence 0)", file,
                             rec.line);
                job_take(&jobs[n++], &rec, false);
            }
            classify_batch(&ctx, workers, nworkers, jobs, n);
            for (size_t i = 0; i < n; i++)
                write_job(&o, &jobs[i], file);
            cli_progress_add(&o.progress, n, bytes);
        }
        voce_reader_close(r);
    }
    for (size_t i = 0; i < batch; i++) {
        free(jobs[i].store);
        free(jobs[i].field);
        free(jobs[i].field_len);
        free(jobs[i].out);
        cli_redaction_release(&jobs[i].red);
    }
    free(jobs);
    for (int i = 0; i < nworkers; i++)
        voce_doc_free(workers[i].doc);
    free(workers);
    voce_writer_free(o.w);
    voce_classifier_free(c);
    voce_redactor_free(red);
    cli_progress_end(&o.progress);
    if (empty > 10)
        cli_warn("%zu records with an empty text in all", empty);
    if (unreadable || repaired || o.truncated) {
        cli_warn("%zu record(s) unreadable, %zu repaired, %zu truncated", unreadable, repaired,
                 o.truncated);
        if (rc == EXIT_OK)
            rc = EXIT_PARTIAL;
    }
    return rc;
}
