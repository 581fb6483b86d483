/* cmd_tokens.c -- 'voce tokens': the analyser's view of each line.
 *
 * For people writing rules and lexicon entries, and for debugging: one
 * output line per input line, "LANG<TAB>TOKEN TOKEN ...", where a token is
 * TEXT/TYPE@START-END followed by its flags (+caps, +elongated, ...) and,
 * for repeated punctuation, +xN. Offsets are bytes into the input line. */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const usage[] = {
    "usage: voce tokens [--lang it|en] [--lexicons DIR] [FILE...]\n"
    "   eg: echo \"Il pacco non e' MAI arrivato!!!\" | voce tokens\n"
    "\n"
    "Print each input line as LANG<TAB>tokens, a token being TEXT/TYPE@START-END\n"
    "with its flags (+caps +elongated +elided +accent +hashtag +replaced) and +xN\n"
    "for punctuation repeated N times. Offsets are bytes into the line.\n"
    "\n"
    "  --lang LANG      treat every line as LANG instead of identifying it\n"
    "  --lexicons DIR   read lexicons from DIR\n"
    "  -h, --help       show this help\n",
    NULL};

struct tokens_ctx {
    const voce_analyzer *analyzer;
    voce_doc *doc;
    const char *lang;
    size_t invalid_lines;
};

static void print_token(const voce_token *t)
{
    char small[256];
    size_t n = voce_token_describe(t, small, sizeof small);
    if (n < sizeof small) {
        fwrite(small, 1, n, stdout);
        return;
    }
    char *big = malloc(n + 1); /* a 1 MB word is possible, if unlikely */
    if (!big)
        cli_die(EXIT_IO, "out of memory");
    voce_token_describe(t, big, n + 1);
    fwrite(big, 1, n, stdout);
    free(big);
}

static void tokens_line(const char *line, size_t len, const char *file, size_t lineno,
                        void *arg)
{
    struct tokens_ctx *ctx = arg;
    voce_analyze(ctx->analyzer, line, len, ctx->lang, ctx->doc);
    if (voce_doc_invalid_bytes(ctx->doc)) {
        cli_warn("%s:%zu: invalid UTF-8 replaced by U+FFFD", file, lineno);
        ctx->invalid_lines++;
    }
    size_t n;
    const voce_token *toks = voce_doc_tokens(ctx->doc, &n);
    fputs(voce_doc_lang(ctx->doc), stdout);
    putchar('\t');
    for (size_t i = 0; i < n; i++) {
        if (i)
            putchar(' ');
        print_token(&toks[i]);
    }
    putchar('\n');
    if (ferror(stdout))
        cli_die(EXIT_IO, "cannot write output");
}

int cmd_tokens(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"lang", required_argument, NULL, 'l'},
        {"lexicons", required_argument, NULL, 'L'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *lang = NULL, *lexicons = NULL;
    int c;
    optind = 0; /* glibc: full re-initialisation */
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'l':
            if (strcmp(optarg, "it") != 0 && strcmp(optarg, "en") != 0) {
                cli_error("unknown language '%s' (known: it, en)", optarg);
                cli_usage(usage, true);
            }
            lang = optarg;
            break;
        case 'L': lexicons = optarg; break;
        case 'h': cli_usage(usage, false);
        default: cli_usage(usage, true);
        }
    }
    voce_error err;
    voce_analyzer *analyzer;
    if (voce_analyzer_load(&analyzer, cli_lexicon_dir(lexicons, NULL), &err) != VOCE_OK) {
        cli_report(&err);
        return EXIT_RESOURCE;
    }
    struct tokens_ctx ctx = {analyzer, voce_doc_new(), lang, 0};
    int rc = cli_for_each_line(argc - optind, argv + optind, tokens_line, &ctx);
    voce_doc_free(ctx.doc);
    voce_analyzer_free(analyzer);
    if (rc == EXIT_OK && ctx.invalid_lines) {
        cli_warn("%zu line(s) held invalid UTF-8", ctx.invalid_lines);
        rc = EXIT_PARTIAL;
    }
    return rc;
}
