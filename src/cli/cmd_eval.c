/* cmd_eval.c -- 'voce eval': how good is a model on labelled records?
 *
 * Classifies each record and compares with its gold label: sentiment
 * (accuracy, per-class precision/recall/F1, macro-F1, confusion, and the
 * calibration error of the confidences), topics (micro/macro-F1 over
 * labels), or topic:polarity pairs. Records without a gold label are left
 * out and counted. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const usage[] = {
    "usage: voce eval [-m MODEL | --lexicon-only] [--task sentiment|topic|topic-polarity]\n"
    "                 [--label-column C] [--json] [options] FILE...\n"
    "   eg: voce eval -m my-it-sentiment corpus/it/test.tsv\n"
    "       voce eval --json --lexicon-only corpus/it/test.tsv | jq .macro_f1\n"
    "\n"
    "Classify labelled records and compare with their labels.\n"
    "\n"
    "  -m, --model NAME        the sentiment model (default: the shipped one)\n"
    "      --topic-model NAME  the topic model (default: the shipped one)\n"
    "      --lexicon-only      measure the lexicon scorer alone\n"
    "      --task TASK         sentiment (default), topic, or topic-polarity (pairs\n"
    "                          like delivery:positive)\n"
    "      --label-column C    the gold column (default: the first of sentiment,\n"
    "                          label, class, polarity; for topics: topics, topic,\n"
    "                          labels, label, category, categories)\n"
    "      --text-column C     the text column (default: detect)\n"
    "      --lang LANG         treat every text as LANG\n"
    "      --force             use a model trained with other lexicons or scorer,\n"
    "                          or whose files were edited\n"
    "  -f, --format FMT        tsv, csv or jsonl (default: detect)\n"
    "      --json              one JSON object instead of tables\n"
    "      --lexicons DIR      lexicons directory\n"
    "      --models DIR        directory of the default models\n"
    "  -h, --help              show this help\n",
    NULL};

enum { OPT_TOPIC_MODEL = CLI_OPT_READER_END, OPT_LEXICON_ONLY, OPT_TASK, OPT_LABEL_COLUMN,
       OPT_JSON, OPT_FORCE };

/* "billing:negative|staff" -> "billing|staff" (keep_polarity: unchanged,
 * items without a polarity dropped). */
static void topic_items(const char *s, bool keep_polarity, char *out, size_t size)
{
    size_t at = 0;
    out[0] = '\0';
    while (*s) {
        size_t n = strcspn(s, "|");
        const char *colon = memchr(s, ':', n);
        size_t keep = keep_polarity ? n : colon ? (size_t)(colon - s) : n;
        if (keep && (!keep_polarity || colon) && at + keep + 2 < size) {
            if (at)
                out[at++] = '|';
            memcpy(out + at, s, keep);
            at += keep;
            out[at] = '\0';
        }
        s += n + (s[n] == '|');
    }
}

/* Gold labels the models never give. A label spelled otherwise ("pos" for
 * "positive") would score 0 with no word of why, so eval says so. */
typedef struct strangers {
    const char *known[2]; /* voce_classifier_labels: sentiments, topics */
    char names[256];      /* the first few, '|'-separated */
    size_t records;       /* records with at least one */
    bool seen[2];         /* a sentiment, a topic among them */
} strangers;

/* Whether s[0..len) is a label of kind 'topic' the models give; if not,
 * remember it. */
static bool known_label(strangers *st, bool topic, const char *s, size_t len)
{
    if (cli_in_list(st->known[topic], '|', s, len))
        return true;
    st->seen[topic] = true;
    size_t at = strlen(st->names);
    if (!cli_in_list(st->names, '|', s, len) && at + len + 2 < sizeof st->names) {
        if (at)
            st->names[at++] = '|';
        memcpy(st->names + at, s, len);
        st->names[at + len] = '\0';
    }
    return false;
}

/* Check one record's gold: a sentiment (kind 0) or '|'-separated topics,
 * "topic" or "topic:polarity". */
static void check_gold(strangers *st, int kind, const char *gold)
{
    bool ok = true;
    if (kind == 0) {
        ok = known_label(st, false, gold, strlen(gold));
    } else {
        for (const char *s = gold; *s;) {
            size_t n = strcspn(s, "|");
            const char *colon = memchr(s, ':', n);
            size_t name = colon ? (size_t)(colon - s) : n;
            if (name && !known_label(st, true, s, name))
                ok = false;
            if (colon && kind == 2 && !known_label(st, false, colon + 1, n - name - 1))
                ok = false;
            s += n + (s[n] == '|');
        }
    }
    st->records += !ok;
}

static void warn_strangers(const strangers *st, size_t total)
{
    if (!st->records)
        return;
    char names[512], topics[1024], sentiments[1024];
    cli_show_labels(st->names, names, sizeof names);
    cli_show_labels(st->known[1], topics, sizeof topics);
    cli_show_labels(st->known[0], sentiments, sizeof sentiments);
    cli_warn("%zu of %zu records have a gold label these models never give (%s; they give "
             "%s%s%s%s%s): rename the labels in the file, or evaluate a model trained on them",
             st->records, total, names, st->seen[1] ? "the topics " : "", st->seen[1] ? topics : "",
             st->seen[0] && st->seen[1] ? " and " : "", st->seen[0] ? "the sentiments " : "",
             st->seen[0] ? sentiments : "");
}

int cmd_eval(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_READER_LONGOPTS,
        {"model", required_argument, NULL, 'm'},
        {"topic-model", required_argument, NULL, OPT_TOPIC_MODEL},
        {"lexicon-only", no_argument, NULL, OPT_LEXICON_ONLY},
        {"task", required_argument, NULL, OPT_TASK},
        {"label-column", required_argument, NULL, OPT_LABEL_COLUMN},
        {"json", no_argument, NULL, OPT_JSON},
        {"force", no_argument, NULL, OPT_FORCE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_input in = {0};
    voce_options opt = {0};
    const char *task = "sentiment", *label_col = NULL;
    bool json = false;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "f:m:h", longopts, NULL)) != -1) {
        if (cli_input_option(&in, ch, optarg, usage))
            continue;
        switch (ch) {
        case 'm': opt.sentiment_model = optarg; break;
        case OPT_TOPIC_MODEL: opt.topic_model = optarg; break;
        case OPT_LEXICON_ONLY: opt.lexicon_only = true; break;
        case OPT_TASK: task = optarg; break;
        case OPT_LABEL_COLUMN: label_col = optarg; break;
        case OPT_JSON: json = true; break;
        case OPT_FORCE: opt.force = true; break;
        case 'h': cli_usage(usage, false);
        default: cli_usage(usage, true);
        }
    }
    int kind = strcmp(task, "sentiment") == 0 ? 0 : strcmp(task, "topic") == 0 ? 1
               : strcmp(task, "topic-polarity") == 0 ? 2 : -1;
    if (kind < 0) {
        cli_error("unknown task '%s' (expected sentiment, topic or topic-polarity)", task);
        cli_usage(usage, true);
    }
    if (optind == argc) {
        cli_error("no file to evaluate on");
        cli_usage(usage, true);
    }
    opt.lexicon_dir = cli_lexicon_dir(in.lexicons, NULL);
    opt.model_dir = cli_model_dir(in.models, opt.lexicon_dir);
    opt.lang = in.lang;
    voce_error err;
    voce_classifier *c;
    if (voce_classifier_load(&c, &opt, &err) != VOCE_OK) {
        cli_report(&err);
        return EXIT_RESOURCE;
    }
    voce_metrics *m = voce_metrics_new(kind != 0);
    voce_doc *d = voce_doc_new();
    int rc = EXIT_OK;
    size_t unlabelled = 0;
    static char gold[8192], pred[8192];
    strangers st = {
        {voce_classifier_labels(c, false), voce_classifier_labels(c, true)}, "", 0, {0}};
    for (int f = optind; f < argc; f++) {
        voce_reader *r = cli_open_reader(argv[f], &in.reader, &rc);
        if (!r)
            continue;
        long lc = cli_label_column(r, label_col, kind != 0);
        if (lc < 0) {
            cli_error("%s: no gold label column (use --label-column NAME|N)", argv[f]);
            voce_reader_close(r);
            rc = EXIT_USAGE;
            break;
        }
        voce_record rec;
        int got;
        while ((got = voce_reader_next(r, &rec, &err)) != 0) {
            if (got < 0) {
                cli_warn("%s: %s (skipped)", err.where, err.msg);
                rc = EXIT_PARTIAL;
                if (err.status == VOCE_ERR_IO)
                    break;
                continue;
            }
            const char *g = (size_t)lc < rec.nfields ? rec.field[lc] : "";
            if (!*g && kind == 0) {
                unlabelled++;
                continue;
            }
            check_gold(&st, kind, g);
            voce_result res;
            voce_classify(c, d, rec.text, rec.text_len, &res);
            if (kind == 0) {
                voce_metrics_add(m, g, res.sentiment, strcmp(res.method, "svm") == 0
                                                          ? res.confidence : -1);
                continue;
            }
            topic_items(g, kind == 2, gold, sizeof gold);
            snprintf(pred, sizeof pred, "%s", kind == 2 ? res.topic_sentiments : res.topics);
            voce_metrics_add(m, gold, pred, -1);
        }
        voce_reader_close(r);
    }
    /* Figures over part of the input would read as the whole: none then. */
    if (rc != EXIT_USAGE && rc != EXIT_IO) {
        if (!json) {
            printf("%s, %s\n", task, voce_classifier_describe(c, in.lang ? in.lang : "it"));
            if (unlabelled)
                printf("(%zu records without a gold label left out)\n", unlabelled);
            putchar('\n');
        }
        voce_metrics_print(m, stdout, json);
        warn_strangers(&st, voce_metrics_count(m));
    }
    voce_doc_free(d);
    voce_metrics_free(m);
    voce_classifier_free(c);
    return rc;
}
