/* cmd_explain.c -- 'voce explain': why voce said what it said.
 *
 * For each text: the verdict, then every cue in text order (lexicon terms
 * with their weights and what changed them, negation scopes, contrast
 * markers, rules, topics) with byte offsets and the words they cover. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char *const usage[] = {
    "usage: voce explain [-m MODEL] [--lexicon-only] [--lang it|en] [TEXT | FILE...]\n"
    "   eg: voce explain \"consegna veloce ma assistenza pessima\"\n"
    "       grep -i rimborso reviews.txt | voce explain --lang it | less\n"
    "\n"
    "Explain each text: the verdict, then every cue that drove it, in text order,\n"
    "with its weight, byte offsets and the words it covers; with a model, the\n"
    "features that pushed hardest towards its label. TEXT is one text; a FILE (or\n"
    "standard input) is read as one text per line.\n"
    "\n"
    "  -m, --model NAME   a sentiment model instead of the shipped one\n"
    "  --topic-model NAME a topic model instead of the shipped one\n"
    "  --lexicon-only     no model: the lexicon scorer alone\n"
    "  --lang LANG        treat every text as LANG instead of identifying it\n"
    "  --lexicons DIR     read lexicons from DIR\n"
    "  --models DIR       directory of the default models\n"
    "  -h, --help         show this help\n",
    NULL};

static const char *const kind_names[] = {"term", "rule", "topic", "negator", "contrast",
                                         "feature"};

struct explain_ctx {
    const voce_classifier *c;
    voce_doc *doc;
};

static void print_mods(unsigned mods)
{
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{VOCE_MOD_NEGATED, "negated"},   {VOCE_MOD_INTENSIFIED, "intensified"},
                 {VOCE_MOD_CONTRAST, "contrast"}, {VOCE_MOD_EMPHASIS, "emphasis"},
                 {VOCE_MOD_SARCASM, "sarcasm"},   {VOCE_MOD_OVERLAP, "overlap"}};
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (mods & names[i].bit)
            printf(" +%s", names[i].name);
}

/* The topic model's probabilities: of the topics taken, named in the text,
 * or at 0.1 and above, the eight most probable, most probable first, with
 * the bar a topic not taken missed (lower when the lexicon names it in the
 * text). */
static void print_topic_scores(const voce_doc *d)
{
    enum { SHOWN = 8 };
    const voce_topic_score *ts;
    size_t n = voce_doc_topic_scores(d, &ts);
    size_t order[SHOWN], shown = 0;
    for (size_t i = 0; i < n; i++) {
        double p = ts[i].probability;
        if (p < 0.1 && ts[i].bar >= 0.5)
            continue;
        if (shown == SHOWN && ts[order[SHOWN - 1]].probability >= p)
            continue;
        size_t j = shown < SHOWN ? shown++ : SHOWN - 1;
        for (; j > 0 && ts[order[j - 1]].probability < p; j--)
            order[j] = order[j - 1];
        order[j] = i;
    }
    if (!shown)
        return;
    printf("  topic scores");
    for (size_t k = 0; k < shown; k++) {
        const voce_topic_score *t = &ts[order[k]];
        printf("%s %s %.2f", k ? "," : "", t->topic, t->probability);
        if (t->probability >= 0.5)
            printf(" (taken)");
        else if (t->probability >= t->bar)
            printf(" (taken: named in the text)");
        else
            printf(" (needs %.2f%s)", t->bar, t->bar < 0.5 ? ": named in the text" : "");
    }
    putchar('\n');
}

static void explain_text(const char *text, size_t len, const char *file, size_t lineno,
                         void *arg)
{
    (void)file;
    (void)lineno;
    struct explain_ctx *ctx = arg;
    voce_result r;
    voce_classify(ctx->c, ctx->doc, text, len, &r);
    voce_explain_features(ctx->c, ctx->doc, 8);
    printf("> %.*s\n", (int)len, text);
    printf("  lang %s, %s, score %.4f, confidence %.2f (%s)\n", r.lang, r.sentiment,
           cli_printed_score(r.score), r.confidence, r.method);
    if (*r.topics)
        printf("  topics %s\n", r.topic_sentiments);
    print_topic_scores(ctx->doc);
    if (*r.flags)
        printf("  flags %s\n", r.flags);
    size_t n;
    const voce_cue *cue = voce_doc_cues(ctx->doc, &n);
    for (size_t i = 0; i < n; i++) {
        const voce_cue *k = &cue[i];
        if (k->kind == VOCE_CUE_FEATURE) {
            printf("  %-8s %+6.2f  %s\n", "feature", k->weight, k->name);
            continue;
        }
        printf("  %-8s", kind_names[k->kind]);
        if (k->weight != 0)
            printf(" %+6.2f", k->weight);
        else
            printf("       ");
        printf("  %-24s %u-%u \"%.*s\"", k->name, k->start, k->end, (int)(k->end - k->start),
               text + k->start);
        print_mods(k->mods);
        putchar('\n');
    }
    if (ferror(stdout))
        cli_die(EXIT_IO, "cannot write output");
}

static bool is_file(const char *path)
{
    struct stat st;
    return strcmp(path, "-") == 0 || (stat(path, &st) == 0 && !S_ISDIR(st.st_mode));
}

int cmd_explain(int argc, char **argv)
{
    enum { OPT_TOPIC_MODEL = 1, OPT_LEXICON_ONLY, OPT_MODELS };
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"lexicons", required_argument, NULL, 'L'},
        {"model", required_argument, NULL, 'm'},
        {"topic-model", required_argument, NULL, OPT_TOPIC_MODEL},
        {"lexicon-only", no_argument, NULL, OPT_LEXICON_ONLY},
        {"models", required_argument, NULL, OPT_MODELS},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    voce_options opt = {0};
    const char *lexicons = NULL, *models = NULL;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "m:h", longopts, NULL)) != -1) {
        switch (ch) {
        case 'l': opt.lang = optarg; break;
        case 'L': lexicons = optarg; break;
        case 'm': opt.sentiment_model = optarg; break;
        case OPT_TOPIC_MODEL: opt.topic_model = optarg; break;
        case OPT_LEXICON_ONLY: opt.lexicon_only = true; break;
        case OPT_MODELS: models = optarg; break;
        case 'h': cli_usage(usage, false);
        default: cli_usage(usage, true);
        }
    }
    opt.lexicon_dir = cli_lexicon_dir(lexicons, NULL);
    opt.model_dir = cli_model_dir(models, opt.lexicon_dir);
    voce_error err;
    voce_classifier *c;
    voce_status st = voce_classifier_load(&c, &opt, &err);
    if (st != VOCE_OK) {
        cli_report(&err);
        return st == VOCE_ERR_INVALID ? EXIT_USAGE : EXIT_RESOURCE;
    }
    struct explain_ctx ctx = {c, voce_doc_new()};
    int rc = EXIT_OK;
    int nargs = argc - optind;
    char **args = argv + optind;
    if (nargs == 1 && !is_file(args[0]))
        explain_text(args[0], strlen(args[0]), "<argument>", 1, &ctx);
    else
        rc = cli_for_each_line(nargs, args, explain_text, &ctx);
    voce_doc_free(ctx.doc);
    voce_classifier_free(c);
    return rc;
}
