/* cmd_classify.c -- 'voce classify': every record in, every record out,
 * in order, with voce's verdict appended.
 *
 * Records are read in batches; with -j N, N threads (cli_pool.c) classify a
 * batch (each with its own voce_doc, sharing the read-only classifier)
 * while the main thread reads the next batch and writes the previous one
 * in input order, so the output of -j 8 is byte-identical to -j 1. A record that cannot be read still gets an output line: its raw
 * text with empty verdict fields, and a warning with file:line. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "../number.h"

static const char *const usage[] = {
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
    "      --bom WHEN          start the output with a UTF-8 byte-order mark, which\n"
    "                          Excel needs to read accents right: yes, no, auto\n"
    "                          (default: when the input came with one or in\n"
    "                          Windows-1252/UTF-16, as Excel writes, and stdout is\n"
    "                          a file; never before JSONL)\n"
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
    "      --explain           add an 'explain' field: the cues behind each verdict\n"
    "      --max-record-bytes N  classify at most N bytes of a text (default 1048576);\n"
    "                          the record is still written whole\n"
    "  -j, --jobs N            load and classify with N threads (0: one per core);\n"
    "                          by default, load on up to 4 and classify on one\n"
    "      --line-buffered     write each record as soon as it is classified\n"
    "      --redact            mask e-mails, phone numbers, IBANs, card numbers and\n"
    "                          codici fiscali in the text written out ([EMAIL] ...)\n"
    "      --progress          show progress on stderr (default: when stderr is a\n"
    "                          terminal and stdout is not)\n"
    "      --lexicons DIR      lexicons directory\n"
    "      --models DIR        directory of the default models\n"
    "  -h, --help              show this help\n",
    NULL};

enum {
    OPT_TOPIC_MODEL = CLI_OPT_READER_END,
    OPT_LEXICON_ONLY,
    OPT_FORCE,
    OPT_EXPLAIN,
    OPT_MAX_RECORD,
    OPT_LINE_BUFFERED,
    OPT_REDACT,
    OPT_PROGRESS,
    OPT_BOM
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
    size_t store_cap;
    const char **field;
    size_t *field_len;
    size_t field_cap;
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
    /* The slot's buffers only grow: no allocation per record. */
    if (need > j->store_cap) {
        free(j->store);
        j->store_cap = need + need / 2;
        if (!(j->store = malloc(j->store_cap)))
            cli_die(EXIT_IO, "out of memory");
    }
    if (r->nfields > j->field_cap || !j->field) {
        free(j->field);
        free(j->field_len);
        j->field_cap = r->nfields ? r->nfields : 1;
        j->field = malloc(j->field_cap * sizeof *j->field);
        j->field_len = malloc(j->field_cap * sizeof *j->field_len);
        if (!j->field || !j->field_len)
            cli_die(EXIT_IO, "out of memory");
    }
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
    voce_format_fixed4(cli_printed_score(r.score), score);
    voce_format_fixed4(r.confidence, conf);
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

typedef struct workers {
    const classify_ctx *ctx;
    voce_doc **doc; /* one per thread */
} workers;

static void classify_one(const classify_ctx *ctx, voce_doc *d, job *j)
{
    classify_job(ctx, d, j);
    if (ctx->redactor) /* after classifying: the verdict sees the real text */
        cli_redact(ctx->redactor, ctx->reader, &j->rec, &j->red);
}

static void pool_item(void *ctx, void *batch, int worker, size_t item)
{
    workers *w = ctx;
    classify_one(w->ctx, w->doc[worker], &((job *)batch)[item]);
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
        static const int plain_fields[] = {1, 2, 4}; /* sentiment, score, topics */
        for (size_t f = 0; f < sizeof plain_fields / sizeof *plain_fields; f++) {
            if (j->out)
                fputs(j->value[plain_fields[f]], stdout);
            putchar('\t');
        }
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

/* ---- Input ---------------------------------------------------------------------- */

typedef struct reading {
    voce_reader *r;
    const char *file;
    bool more;                 /* the reader has not reached its end */
    int *rc;
    cli_progress *progress;
    size_t unreadable, repaired, empty, overlong;
} reading;

/* A batch ends at this many bytes of input even if it has room for more
 * records, so that memory stays small with long reviews. */
enum { BATCH_BYTES = 1 << 20 };

/* Read up to 'batch' records into 'jobs'; returns how many, their bytes in
 * *bytes. Unreadable records take a slot too (written without a verdict). */
static size_t read_batch(reading *rd, job *jobs, size_t batch, size_t *bytes)
{
    size_t n = 0;
    *bytes = 0;
    voce_error err;
    while (n < batch && *bytes < BATCH_BYTES) {
        voce_record rec;
        int got = voce_reader_next(rd->r, &rec, &err);
        if (got == 0) {
            rd->more = false;
            break;
        }
        if (got < 0) {
            cli_progress_clear(rd->progress);
            cli_warn("%s: %s (written without a verdict)", err.where, err.msg);
            rd->unreadable++;
            if (err.status == VOCE_ERR_IO) {
                *rd->rc = EXIT_IO;
                rd->more = false;
                break;
            }
            job_take(&jobs[n++], &rec, true);
            continue;
        }
        *bytes += rec.raw_len + 1;
        if (rec.repairs) {
            cli_progress_clear(rd->progress);
            cli_warn("%s:%zu: %s", rd->file, rec.line,
                     rec.repairs & VOCE_REPAIR_INVALID_UTF8 ? "invalid UTF-8 replaced by U+FFFD"
                                                            : "NUL bytes removed");
            rd->repaired++;
        }
        if (rec.text_len == 0 && ++rd->empty <= 10)
            cli_warn("%s:%zu: empty text (lang und, neutral, confidence 0)", rd->file, rec.line);
        voce_format fmt = voce_reader_format(rd->r);
        size_t ncols = voce_reader_columns(rd->r, NULL);
        if ((fmt == VOCE_FORMAT_TSV || fmt == VOCE_FORMAT_CSV) && ncols &&
            rec.nfields > ncols && ++rd->overlong <= 10) {
            cli_progress_clear(rd->progress);
            cli_warn("%s:%zu: %zu fields where the header has %zu: all are kept, so on this "
                     "line voce's columns come after the extra ones",
                     rd->file, rec.line, rec.nfields, ncols);
        }
        job_take(&jobs[n++], &rec, false);
    }
    return n;
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
        {"bom", required_argument, NULL, OPT_BOM},
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
    cli_bom bom = CLI_BOM_AUTO;
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
        case OPT_BOM: bom = cli_bom_arg(optarg, usage); break;
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
            opt.load_threads = (unsigned)nworkers; /* -j 1: one thread, loading too */
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
    cli_release_load_memory();
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

    bool pipelined = nworkers > 1 && !line_buffered;
    workers w = {&ctx, calloc((size_t)nworkers, sizeof(voce_doc *))};
    if (!w.doc)
        cli_die(EXIT_IO, "out of memory");
    for (int i = 0; i < nworkers; i++)
        w.doc[i] = voce_doc_new();
    cli_pool *pool = pipelined ? cli_pool_new(nworkers, pool_item, &w) : NULL;
    size_t batch = line_buffered ? 1 : pipelined ? 1024 : 256;
    /* Two sets of slots: one being classified, one being read or written. */
    job *slots[2] = {calloc(batch, sizeof(job)), calloc(batch, sizeof(job))};
    if (!slots[0] || !slots[1])
        cli_die(EXIT_IO, "out of memory");
    int rc = EXIT_OK;
    int nfiles = argc - optind;
    char *stdin_only[] = {"-"};
    char **files = nfiles ? argv + optind : stdin_only;
    if (!nfiles)
        nfiles = 1;
    output o = {.explain = ctx.explain, .line_buffered = line_buffered};
    reading rd = {.rc = &rc, .progress = &o.progress};
    cli_progress_start(&o.progress, progress, argc - optind, argv + optind);
    for (int f = 0; f < nfiles; f++) {
        cli_progress_clear(&o.progress);
        voce_reader *r = cli_open_reader(files[f], &in.reader, &rc);
        if (!r)
            continue;
        ctx.reader = r;
        rd.r = r;
        rd.more = true;
        rd.file = strcmp(files[f], "-") == 0 ? "<stdin>" : files[f];
        voce_format fmt = voce_reader_format(r);
        if (!o.w && !o.plain) { /* the first file: the output begins */
            o.plain = fmt == VOCE_FORMAT_TEXT && out_format == VOCE_FORMAT_AUTO;
            voce_format of = out_format != VOCE_FORMAT_AUTO ? out_format : fmt;
            cli_write_bom(bom, cli_from_excel(r), of);
            if (!o.plain) {
                const char *const *cols;
                size_t ncols = voce_reader_columns(r, &cols);
                /* CSV keeps a CSV input's separator; from TSV it is a comma. */
                char delim = fmt == VOCE_FORMAT_CSV ? voce_reader_delimiter(r) : 0;
                if (voce_writer_open(&o.w, stdout, of, delim, fmt, cols, ncols,
                                     out_columns, out_is_json, ctx.explain ? N_OUT + 1 : N_OUT,
                                     &err) != VOCE_OK)
                    cli_die(EXIT_IO, "%s", err.msg);
            }
        }
        if (!pipelined) {
            while (rd.more) {
                size_t bytes, n = read_batch(&rd, slots[0], batch, &bytes);
                for (size_t i = 0; i < n; i++)
                    classify_one(&ctx, w.doc[0], &slots[0][i]);
                for (size_t i = 0; i < n; i++)
                    write_job(&o, &slots[0][i], rd.file);
                cli_progress_add(&o.progress, n, bytes);
            }
        } else {
            /* Classify batch k while reading batch k+1, then write batch k
             * while k+1 is classified. */
            size_t bytes, next_bytes = 0, n = read_batch(&rd, slots[0], batch, &bytes);
            int cur = 0;
            if (n)
                cli_pool_start(pool, slots[cur], n);
            while (n) {
                size_t next_n = rd.more ? read_batch(&rd, slots[!cur], batch, &next_bytes) : 0;
                cli_pool_wait(pool);
                if (next_n)
                    cli_pool_start(pool, slots[!cur], next_n);
                for (size_t i = 0; i < n; i++)
                    write_job(&o, &slots[cur][i], rd.file);
                cli_progress_add(&o.progress, n, bytes);
                cur = !cur;
                n = next_n;
                bytes = next_bytes;
            }
        }
        voce_reader_close(r);
    }
    cli_pool_free(pool);
    for (int k = 0; k < 2; k++) {
        for (size_t i = 0; i < batch; i++) {
            free(slots[k][i].store);
            free(slots[k][i].field);
            free(slots[k][i].field_len);
            free(slots[k][i].out);
            cli_redaction_release(&slots[k][i].red);
        }
        free(slots[k]);
    }
    for (int i = 0; i < nworkers; i++)
        voce_doc_free(w.doc[i]);
    free(w.doc);
    voce_writer_free(o.w);
    voce_classifier_free(c);
    voce_redactor_free(red);
    cli_progress_end(&o.progress);
    if (rd.empty > 10)
        cli_warn("%zu records with an empty text in all", rd.empty);
    if (rd.overlong > 10)
        cli_warn("%zu records with more fields than the header in all", rd.overlong);
    if (rd.unreadable || rd.repaired || o.truncated || rd.overlong) {
        char extra[64] = "";
        if (rd.overlong)
            snprintf(extra, sizeof extra, ", %zu with extra fields", rd.overlong);
        cli_warn("%zu record(s) unreadable, %zu repaired, %zu truncated%s", rd.unreadable,
                 rd.repaired, o.truncated, extra);
        if (rc == EXIT_OK)
            rc = EXIT_PARTIAL;
    }
    return rc;
}
