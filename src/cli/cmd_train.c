/* cmd_train.c -- 'voce train': labelled records in, a model out.
 *
 * Reads every FILE, featurises each record as it comes, then lets the
 * trainer cross-validate, calibrate and save; prints the cross-validated
 * figures (a table, or JSON with --json). A record without a label or text
 * is skipped with a warning (exit 1). The model is written atomically: an
 * interrupted run leaves the previous model as it was. */
#define _XOPEN_SOURCE 700 /* realpath */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "../buf.h"
#include "../report.h"

static const char *const usage[] = {
    "usage: voce train --lang it|en [--task sentiment|topic] -o MODEL [options] FILE...\n"
    "   eg: voce train --lang it corpus/it/train.tsv -o my-it-sentiment\n"
    "       awk -F'\\t' '$4 != \"mixed\"' corpus/it/train.tsv | voce train --lang it -o it-3way -\n"
    "\n"
    "Train a model from labelled records and print its cross-validated figures.\n"
    "The model is MODEL.meta plus libsvm files beside it; use it with\n"
    "'voce classify -m MODEL' (or --topic-model for a topic model).\n"
    "\n"
    "  -o, --output MODEL      where to write the model (required)\n"
    "      --lang LANG         the model's language: it or en (required)\n"
    "      --task TASK         sentiment (one label per record, default) or topic\n"
    "                          (labels separated by '|', 'label:polarity' allowed)\n"
    "      --label-column C    the column of labels (default: sentiment, or topics for\n"
    "                          --task topic; also label, labels, class, category)\n"
    "      --text-column C     the column of texts (default: detect)\n"
    "  -f, --format FMT        tsv, csv or jsonl (default: detect)\n"
    "      --C C               the SVM's C (default: chosen by cross-validation)\n"
    "      --folds K, --cv K   cross-validation folds (default 5)\n"
    "      --kernel K          linear (default) or rbf\n"
    "      --solver S          libsvm, dcd (fast, linear) or auto (default: libsvm\n"
    "                          below 5000 records, dcd from there)\n"
    "      --multiclass M      ovo (one-vs-one), ovr (one-vs-rest) or auto (default:\n"
    "                          ovo up to 4 classes, ovr above)\n"
    "      --gamma G           RBF kernel width (default 1/features)\n"
    "      --no-class-weights  do not balance the classes\n"
    "      --seed N            seed of the folds (default 42)\n"
    "      --fold-order O      shuffled (default) or file: folds in blocks of the\n"
    "                          input's order (texts in time order: C and figures\n"
    "                          for later texts)\n"
    "      --cv-repeats R      choose C and the configuration by the mean of R\n"
    "                          draws of shuffled folds (default 1; R times the\n"
    "                          cross-validation, a steadier choice)\n",
    /* two strings: one would pass the 4,095 characters C11 promises */
    "      --hash-bits B       hashed feature space of 2^B (default 18)\n"
    "      --word-ngrams N     word n-grams up to N words: 1, 2 (default) or 3\n"
    "      --char-ngrams A-B   character n-grams of A to B characters (default 3-5)\n"
    "      --no-char-ngrams    words only\n"
    "      --no-char-mentions  character n-grams of words only, not of @mention\n"
    "                          handles too\n"
    "      --no-final-separator  the \". , ; :\" that end a text are no word\n"
    "                          features: \"Average.\" is \"Average\" (as the shipped\n"
    "                          models are trained)\n"
    "      --char-weight W     the character n-grams' weight against the words' 1\n"
    "                          (default 0.6; 1 often suits categories and @handles;\n"
    "                          auto: cross-validation decides between 0.6 and 1)\n"
    "      --idf yes|no|auto   weigh features by inverse document frequency (default\n"
    "                          auto: cross-validation decides)\n"
    "      --min-df N          with idf, drop features seen in fewer than N training\n"
    "                          texts (default 1: keep them all)\n"
    "      --lexicon-features yes|no|auto  the lexicon's aggregates, rule hits and\n"
    "                          emphasis as features (default auto: cross-validation\n"
    "                          keeps them if they help); --no-lexicon-features: no\n"
    "      --min-examples N    topic: labels with fewer examples get no classifier (10)\n"
    "      --label-parts auto|no  PARENT#CHILD labels: a classifier per part too\n"
    "                          (default auto: cross-validation decides)\n"
    "      --base-model NAME   build on model NAME (same language): its probabilities\n"
    "                          of a text are features of the new model, which needs\n"
    "                          it to classify. 'shipped': the default model; 'none';\n"
    "                          default 'auto': cross-validation decides whether to\n"
    "                          build on the shipped sentiment model (when the labels\n"
    "                          include positive and negative, on texts it never saw)\n"
    "      --models DIR        where 'shipped' looks (default: beside the lexicons)\n"
    "      --json              print the figures as JSON (with the model and its\n"
    "                          base model, null for none)\n"
    "  -v, --verbose           progress (also shown when stderr is a terminal);\n"
    "                          twice: libsvm's own output too\n"
    "      --lexicons DIR      lexicons directory\n"
    "  -h, --help              show this help\n",
    NULL};

enum {
    OPT_TASK = CLI_OPT_READER_END,
    OPT_LABEL_COLUMN,
    OPT_C,
    OPT_FOLDS,
    OPT_KERNEL,
    OPT_SOLVER,
    OPT_MULTICLASS,
    OPT_GAMMA,
    OPT_NO_WEIGHTS,
    OPT_SEED,
    OPT_FOLD_ORDER,
    OPT_CV_REPEATS,
    OPT_HASH_BITS,
    OPT_NO_CHAR,
    OPT_WORD_NGRAMS,
    OPT_CHAR_NGRAMS,
    OPT_NO_CHAR_MENTIONS,
    OPT_NO_FINAL_SEPARATOR,
    OPT_CHAR_WEIGHT,
    OPT_NO_LEXICON,
    OPT_LEXICON_FEATURES,
    OPT_IDF,
    OPT_MIN_DF,
    OPT_MIN_EXAMPLES,
    OPT_LABEL_PARTS,
    OPT_BASE_MODEL,
    OPT_JSON
};

static double start_time;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void show_progress(void *ctx, const char *line)
{
    (void)ctx;
    fprintf(stderr, "voce train: [%.1fs] %s\n", now() - start_time, line);
}

static double number(const char *s, const char *what)
{
    char *end;
    double v = strtod(s, &end);
    if (*end || end == s)
        cli_die(EXIT_USAGE, "%s takes a number, got '%s'", what, s);
    return v;
}

/* "A-B" (or "A", for A-A) into *lo and *hi; the trainer checks the range. */
static void char_range(const char *s, unsigned *lo, unsigned *hi)
{
    char *end;
    unsigned long a = strtoul(s, &end, 10), b = a;
    if (end != s && *end == '-')
        b = strtoul(end + 1, &end, 10);
    if (end == s || *end || a == 0 || b == 0 || a > 99 || b > 99)
        cli_die(EXIT_USAGE, "--char-ngrams takes a range such as 3-5, got '%s'", s);
    *lo = (unsigned)a;
    *hi = (unsigned)b;
}

/* Resolve --base-model: NULL or "auto" (the shipped sentiment model, if
 * there, for a sentiment task), "none", "shipped", or a model's name. A
 * model cannot be its own base: 'auto' then means none, a name is an
 * error. False after reporting a usage error. */
static bool choose_base(voce_train_options *to, const cli_input *in, const char *lexicon_dir,
                        const char *out, bool topic, char *buf, size_t size)
{
    const char *want = to->base_model ? to->base_model : "auto";
    bool is_auto = strcmp(want, "auto") == 0;
    to->base_model = NULL;
    if (strcmp(want, "none") == 0 || (is_auto && topic))
        return true;
    if (is_auto || strcmp(want, "shipped") == 0) {
        const char *models = cli_model_dir(in->models, lexicon_dir);
        if (!models) {
            if (is_auto)
                return true;
            cli_error("--base-model shipped: no models directory beside the lexicons "
                      "(pass --models DIR)");
            return false;
        }
        /* By its absolute path: the shipped models stay where they were
         * installed while the model trained on them may move. */
        char *dir = realpath(models, NULL);
        snprintf(buf, size, "%s/%s-%s", dir ? dir : models, in->lang,
                 topic ? "topic" : "sentiment");
        free(dir);
        want = buf;
    }
    char meta[PATH_MAX + 80];
    snprintf(meta, sizeof meta, "%s.meta", want);
    if (is_auto && access(meta, R_OK) != 0)
        return true; /* no shipped model: nothing to build on */
    char out_meta[PATH_MAX + 80];
    snprintf(out_meta, sizeof out_meta, "%s.meta", out);
    char *a = realpath(meta, NULL), *b = realpath(out_meta, NULL);
    bool self = a && b && strcmp(a, b) == 0;
    free(a);
    free(b);
    if (self && !is_auto) {
        cli_error("--base-model %s: a model cannot be its own base model", want);
        return false;
    }
    if (!self) {
        to->base_model = want;
        to->base_if_polar = is_auto;
    }
    return true;
}

/* The base model that the model saved as 'out' is built on, as a path
 * from here (its meta names it relative to the model), into 'base';
 * false when it is built on none. */
static bool base_of(const char *out, char *base, size_t size)
{
    char path[PATH_MAX + 80], line[PATH_MAX + 80];
    snprintf(path, sizeof path, "%s.meta", out);
    FILE *fp = fopen(path, "r");
    bool found = false;
    while (fp && !found && fgets(line, sizeof line, fp)) {
        if (strncmp(line, "base_model ", 11) == 0) {
            line[strcspn(line, "\n")] = '\0';
            const char *name = line + 11, *slash = strrchr(out, '/');
            int dir = name[0] != '/' && slash ? (int)(slash - out + 1) : 0;
            snprintf(base, size, "%.*s%s", dir, out, name);
            found = true;
        }
    }
    if (fp)
        fclose(fp);
    return found;
}

/* The figures as JSON: the cross-validation's object, led by the model's
 * name and the base model it needs (null for none), so a script can tell
 * whether 'auto' kept the base. */
static void print_json(const char *out, const voce_metrics *cv)
{
    char *figures = NULL, base[PATH_MAX + 80];
    size_t len = 0;
    FILE *mem = open_memstream(&figures, &len);
    if (!mem) {
        voce_metrics_print(cv, stdout, true);
        return;
    }
    voce_metrics_print(cv, mem, true);
    fclose(mem);
    voce_buf head = {0};
    voce_buf_adds(&head, "{\"model\":");
    voce_report_json_str(&head, out, strlen(out));
    voce_buf_adds(&head, ",\"base_model\":");
    if (base_of(out, base, sizeof base))
        voce_report_json_str(&head, base, strlen(base));
    else
        voce_buf_adds(&head, "null");
    fwrite(head.data, 1, head.len, stdout);
    voce_buf_release(&head);
    printf(",%s", figures + (len && figures[0] == '{'));
    free(figures);
}

int cmd_train(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_READER_LONGOPTS,
        {"output", required_argument, NULL, 'o'},
        {"task", required_argument, NULL, OPT_TASK},
        {"label-column", required_argument, NULL, OPT_LABEL_COLUMN},
        {"C", required_argument, NULL, OPT_C},
        {"folds", required_argument, NULL, OPT_FOLDS},
        {"cv", required_argument, NULL, OPT_FOLDS},
        {"kernel", required_argument, NULL, OPT_KERNEL},
        {"solver", required_argument, NULL, OPT_SOLVER},
        {"multiclass", required_argument, NULL, OPT_MULTICLASS},
        {"gamma", required_argument, NULL, OPT_GAMMA},
        {"no-class-weights", no_argument, NULL, OPT_NO_WEIGHTS},
        {"seed", required_argument, NULL, OPT_SEED},
        {"fold-order", required_argument, NULL, OPT_FOLD_ORDER},
        {"cv-repeats", required_argument, NULL, OPT_CV_REPEATS},
        {"hash-bits", required_argument, NULL, OPT_HASH_BITS},
        {"no-char-ngrams", no_argument, NULL, OPT_NO_CHAR},
        {"word-ngrams", required_argument, NULL, OPT_WORD_NGRAMS},
        {"char-ngrams", required_argument, NULL, OPT_CHAR_NGRAMS},
        {"no-char-mentions", no_argument, NULL, OPT_NO_CHAR_MENTIONS},
        {"no-final-separator", no_argument, NULL, OPT_NO_FINAL_SEPARATOR},
        {"char-weight", required_argument, NULL, OPT_CHAR_WEIGHT},
        {"no-lexicon-features", no_argument, NULL, OPT_NO_LEXICON},
        {"lexicon-features", required_argument, NULL, OPT_LEXICON_FEATURES},
        {"idf", required_argument, NULL, OPT_IDF},
        {"min-df", required_argument, NULL, OPT_MIN_DF},
        {"min-examples", required_argument, NULL, OPT_MIN_EXAMPLES},
        {"label-parts", required_argument, NULL, OPT_LABEL_PARTS},
        {"base-model", required_argument, NULL, OPT_BASE_MODEL},
        {"json", no_argument, NULL, OPT_JSON},
        {"verbose", no_argument, NULL, 'v'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_input in = {0};
    voce_train_options to = {0};
    const char *out = NULL, *label_col = NULL;
    bool json = false;
    int verbose = 0;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "f:o:vh", longopts, NULL)) != -1) {
        if (cli_input_option(&in, ch, optarg, usage))
            continue;
        switch (ch) {
        case 'o': out = optarg; break;
        case OPT_TASK: to.task = optarg; break;
        case OPT_LABEL_COLUMN: label_col = optarg; break;
        case OPT_C: to.C = number(optarg, "--C"); break;
        case OPT_FOLDS: to.folds = (unsigned)number(optarg, "--folds"); break;
        case OPT_KERNEL: to.kernel = optarg; break;
        case OPT_SOLVER: to.solver = optarg; break;
        case OPT_MULTICLASS: to.multiclass = optarg; break;
        case OPT_GAMMA: to.gamma = number(optarg, "--gamma"); break;
        case OPT_NO_WEIGHTS: to.no_class_weights = true; break;
        case OPT_SEED: to.seed = (uint64_t)number(optarg, "--seed"); break;
        case OPT_FOLD_ORDER: to.fold_order = optarg; break;
        case OPT_CV_REPEATS: to.cv_repeats = (unsigned)number(optarg, "--cv-repeats"); break;
        case OPT_HASH_BITS: to.hash_bits = (unsigned)number(optarg, "--hash-bits"); break;
        case OPT_NO_CHAR: to.no_char_ngrams = true; break;
        case OPT_WORD_NGRAMS: to.word_ngrams = (unsigned)number(optarg, "--word-ngrams"); break;
        case OPT_CHAR_NGRAMS: char_range(optarg, &to.char_min, &to.char_max); break;
        case OPT_NO_CHAR_MENTIONS: to.no_char_mentions = true; break;
        case OPT_NO_FINAL_SEPARATOR: to.no_final_separator = true; break;
        case OPT_CHAR_WEIGHT:
            if (strcmp(optarg, "auto") == 0)
                to.char_weight_auto = true;
            else if (!((to.char_weight = number(optarg, "--char-weight")) > 0))
                cli_die(EXIT_USAGE, "--char-weight must be above 0, got '%s'", optarg);
            break;
        case OPT_NO_LEXICON: to.lexicon_features = "no"; break;
        case OPT_LEXICON_FEATURES: to.lexicon_features = optarg; break;
        case OPT_IDF: to.idf = optarg; break;
        case OPT_MIN_DF: to.min_df = (unsigned)number(optarg, "--min-df"); break;
        case OPT_MIN_EXAMPLES: to.min_examples = (size_t)number(optarg, "--min-examples"); break;
        case OPT_LABEL_PARTS: to.label_parts = optarg; break;
        case OPT_BASE_MODEL: to.base_model = optarg; break;
        case OPT_JSON: json = true; break;
        case 'v': verbose++; break;
        case 'h': cli_usage(usage, false);
        default: cli_usage(usage, true);
        }
    }
    if (!out || !in.lang || optind == argc) {
        cli_error("%s", !out        ? "-o MODEL is required"
                        : !in.lang  ? "--lang it|en is required: a model has one language"
                                    : "no training file given");
        cli_usage(usage, true);
    }
    /* Say now, not after the training, that the model cannot be written. */
    char *dir = strdup(out);
    if (!dir)
        cli_die(EXIT_IO, "out of memory");
    char *slash = strrchr(dir, '/');
    const char *where = slash ? (slash == dir ? "/" : (*slash = '\0', dir)) : ".";
    if (access(where, W_OK | X_OK) != 0) {
        cli_error("cannot write the model into %s: %s%s", where, strerror(errno),
                  errno == ENOENT ? " (create the directory first)" : "");
        free(dir);
        return EXIT_IO;
    }
    free(dir);
    to.lang = in.lang;
    bool topic = to.task && strcmp(to.task, "topic") == 0;
    start_time = now();
    if (verbose || isatty(STDERR_FILENO)) {
        to.progress = show_progress;
        to.verbose = verbose > 1;
    }
    voce_options opt = {.lexicon_dir = cli_lexicon_dir(in.lexicons, NULL), .lexicon_only = true};
    voce_error err;
    voce_classifier *c;
    if (voce_classifier_load(&c, &opt, &err) != VOCE_OK) {
        cli_report(&err);
        return EXIT_RESOURCE;
    }
    char shipped[PATH_MAX + 64];
    if (!choose_base(&to, &in, opt.lexicon_dir, out, topic, shipped, sizeof shipped)) {
        voce_classifier_free(c);
        return EXIT_USAGE;
    }
    voce_trainer *t;
    voce_status st = voce_trainer_new(&t, c, &to, &err);
    if (st == VOCE_ERR_MODEL && to.base_if_polar) {
        /* 'auto' builds on the shipped model when it can, and says why not. */
        cli_warn("not building on the shipped model: %s: %s (train with --base-model none "
                 "to silence this)",
                 err.where, err.msg);
        to.base_model = NULL;
        to.base_if_polar = false;
        st = voce_trainer_new(&t, c, &to, &err);
    }
    if (st != VOCE_OK) {
        cli_report(&err);
        voce_classifier_free(c);
        return st == VOCE_ERR_INVALID ? EXIT_USAGE : st == VOCE_ERR_IO ? EXIT_IO : EXIT_RESOURCE;
    }
    int rc = EXIT_OK;
    size_t added = 0, skipped = 0;
    for (int f = optind; f < argc; f++) {
        voce_reader *r = cli_open_reader(argv[f], &in.reader, &rc);
        if (!r)
            continue;
        long lc = cli_label_column(r, label_col, topic);
        if (lc < 0) {
            cli_error("%s: no label column%s%s%s (use --label-column NAME|N)", argv[f],
                      label_col ? " '" : "", label_col ? label_col : "", label_col ? "'" : "");
            voce_reader_close(r);
            rc = EXIT_USAGE;
            break;
        }
        voce_record rec;
        int got;
        while ((got = voce_reader_next(r, &rec, &err)) != 0) {
            if (got < 0) {
                cli_warn("%s: %s (skipped)", err.where, err.msg);
                skipped++;
                if (err.status == VOCE_ERR_IO)
                    break;
                continue;
            }
            const char *label = (size_t)lc < rec.nfields ? rec.field[lc] : "";
            voce_error aerr;
            if (!rec.text_len ||
                voce_trainer_add(t, rec.text, rec.text_len, label, &aerr) != VOCE_OK) {
                if (++skipped <= 10)
                    cli_warn("%s:%zu: %s (skipped)", strcmp(argv[f], "-") ? argv[f] : "<stdin>",
                             rec.line, rec.text_len ? aerr.msg : "empty text");
                continue;
            }
            added++;
        }
        voce_reader_close(r);
    }
    if (skipped > 10)
        cli_warn("%zu records skipped in all", skipped);
    voce_metrics *cv = voce_metrics_new(topic);
    if (rc == EXIT_OK || rc == EXIT_PARTIAL) {
        if (to.progress)
            show_progress(NULL, "read the records; cross-validating");
        if (voce_trainer_finish(t, out, cv, &err) != VOCE_OK) {
            cli_report(&err);
            rc = err.status == VOCE_ERR_IO ? EXIT_IO : EXIT_USAGE;
        } else {
            char base[PATH_MAX + 80];
            if (json) {
                print_json(out, cv);
            } else {
                printf("model %s: %zu records, %u-fold cross-validation%s\n", out, added,
                       to.folds ? to.folds : 5,
                       to.fold_order && strcmp(to.fold_order, "file") == 0
                           ? " (folds in file order)"
                           : "");
                if (base_of(out, base, sizeof base))
                    printf("built on %s: its probabilities of each text are features, and "
                           "the model needs it to classify\n",
                           base);
                putchar('\n');
                voce_metrics_print(cv, stdout, false);
            }
        }
    }
    if (rc == EXIT_OK && skipped)
        rc = EXIT_PARTIAL;
    voce_metrics_free(cv);
    voce_trainer_free(t);
    voce_classifier_free(c);
    return rc;
}
