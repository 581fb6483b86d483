/* cmd_themes.c -- 'voce themes': what unhappy customers keep complaining
 * about, as a table of themes, or every record back with its theme.
 *
 * The records are read and classified into a voce_survey (survey_input.c
 * finds the score and date columns); the survey chooses whom to group
 * (detractors; negative comments without a score; everyone with --all)
 * and finds the themes. The summary is the same in 'voce report'. */
#define _POSIX_C_SOURCE 200809L
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char *const usage[] = {
    "usage: voce themes [options] [FILE...]\n"
    "   eg: voce themes survey.csv\n"
    "       voce themes --assign -o csv survey.csv > survey-themes.csv\n"
    "       grep -i app reviews.txt | voce themes --all\n"
    "\n"
    "Group what unhappy customers write into recurring themes: detractors (NPS\n"
    "0-6, or CSAT 1-2) when there is a score column, else the comments voce finds\n"
    "negative. Each theme gets a label in the customers' own words, its size and\n"
    "share, its main topics, three quotes and, with dates, whether it is rising.\n"
    "Themes are found without supervision (spherical k-means, k chosen by\n"
    "silhouette, each language apart; small clusters and outliers go to 'other'),\n"
    "the same every run.\n"
    "\n"
    "      --score-column C    the score column, a name or a number (default: a column\n"
    "                          named like NPS, score, rating, voto, 'recommend');\n"
    "                          'none' for no score\n"
    "      --scale S           nps (0-10) or csat (1-5) (default: from the column's\n"
    "                          name, else nps if any score is 0 or above 5)\n"
    "      --date-column C     a column of dates (default: one named like date, data,\n"
    "                          submitted, created; 'none' for none)\n"
    "      --all               group every comment, not only the unhappy ones\n"
    "  -k, --themes N          make N themes (default: chosen among 2..10)\n"
    "      --seed N            seed of k-means++ (default 42)\n"
    "      --assign            write every input record back, in order, with a\n"
    "                          'theme' field (empty for records not grouped)\n"
    "  -o, --output FMT        text (default), json or jsonl; with --assign: tsv,\n"
    "                          csv or jsonl (default: the input's)\n"
    "      --bom WHEN          with --assign: start the output with a UTF-8 byte-order\n"
    "                          mark, as classify does (yes, no, auto)\n"
    "      --json              the same as -o json\n"
    "  -f, --format FMT        input format: text, tsv, csv, jsonl (default: detect)\n"
    "      --text-column C     the column holding the text: a name or a number\n"
    "      --id-column C       a column naming each record\n"
    "      --delimiter D       CSV field separator (default: detect , ; TAB |)\n"
    "      --encoding E        utf-8, windows-1252, latin-1, utf-16le, utf-16be\n"
    "      --no-header         CSV/TSV: the first line is data\n"
    "      --lang LANG         treat every text as LANG (it, en)\n"
    "      --lexicons DIR      lexicons directory\n"
    "      --models DIR        directory of the default models\n"
    "  -v, --verbose           say which columns were used, on stderr\n"
    "  -h, --help              show this help\n",
    NULL};

enum { OPT_ASSIGN = CLI_OPT_SURVEY_END, OPT_JSON, OPT_BOM };

/* Every record back, in order, with its theme appended. */
static int write_assigned(const voce_survey *s, cli_records *k, voce_format out_format, cli_bom bom)
{
    bool plain = k->format == VOCE_FORMAT_TEXT && out_format == VOCE_FORMAT_AUTO;
    voce_writer *w = NULL;
    voce_error err;
    voce_format of = out_format != VOCE_FORMAT_AUTO ? out_format : k->format;
    cli_write_bom(bom, k->from_excel, of);
    if (!plain) {
        static const char *const extra[] = {"theme"};
        if (voce_writer_open(&w, stdout, of, k->delimiter, k->format,
                             (const char *const *)k->columns, k->ncolumns, extra, NULL, 1,
                             &err) != VOCE_OK)
            cli_die(EXIT_IO, "%s", err.msg);
    }
    for (size_t i = 0; i < k->n; i++) {
        const cli_kept *kr = &k->r[i];
        const char *theme =
            kr->survey_index >= 0 ? voce_survey_theme_label(s, (size_t)kr->survey_index) : "";
        if (plain) {
            fputs(theme, stdout);
            putchar('\t');
            fwrite(kr->rec.text, 1, kr->rec.text_len, stdout);
            putchar('\n');
        } else if (voce_writer_write(w, &kr->rec, &theme, &err) != VOCE_OK) {
            cli_die(EXIT_IO, "cannot write output: %s", err.msg);
        }
        if (ferror(stdout))
            cli_die(EXIT_IO, "cannot write output");
    }
    voce_writer_free(w);
    return EXIT_OK;
}

int cmd_themes(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_SURVEY_LONGOPTS,
        {"assign", no_argument, NULL, OPT_ASSIGN},
        {"output", required_argument, NULL, 'o'},
        {"json", no_argument, NULL, OPT_JSON},
        {"bom", required_argument, NULL, OPT_BOM},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_survey o = {0};
    bool assign = false;
    const char *output = NULL;
    cli_bom bom = CLI_BOM_AUTO;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "f:k:o:vh", longopts, NULL)) != -1) {
        if (cli_survey_option(&o, ch, optarg, usage))
            continue;
        switch (ch) {
        case OPT_ASSIGN: assign = true; break;
        case 'o': output = optarg; break;
        case OPT_JSON: output = "json"; break;
        case OPT_BOM: bom = cli_bom_arg(optarg, usage); break;
        case 'h': cli_usage(usage, false);
        default: cli_usage(usage, true);
        }
    }
    voce_report_format summary = VOCE_REPORT_TEXT;
    voce_format records = VOCE_FORMAT_AUTO;
    if (output && assign) {
        records = voce_format_parse(output);
        if (records == VOCE_FORMAT_AUTO || records == VOCE_FORMAT_TEXT) {
            cli_error("with --assign, -o takes tsv, csv or jsonl, got '%s'", output);
            cli_usage(usage, true);
        }
    } else if (output) {
        if (strcmp(output, "text") == 0)
            summary = VOCE_REPORT_TEXT;
        else if (strcmp(output, "json") == 0)
            summary = VOCE_REPORT_JSON;
        else if (strcmp(output, "jsonl") == 0)
            summary = VOCE_REPORT_JSONL;
        else {
            cli_error("unknown output format '%s' (expected text, json or jsonl)", output);
            cli_usage(usage, true);
        }
    }
    const char *lexicon_dir;
    voce_classifier *c = cli_survey_classifier(&o, &lexicon_dir);
    voce_survey *s;
    cli_records kept = {0};
    int rc = cli_survey_read(&o, c, lexicon_dir, argc - optind, argv + optind, &s,
                             assign ? &kept : NULL);
    if (o.verbose)
        cli_survey_explain(s);
    if (assign) {
        write_assigned(s, &kept, records, bom);
    } else {
        voce_error err;
        if (voce_survey_write_themes(s, stdout, summary, &err) != VOCE_OK)
            cli_die(EXIT_IO, "cannot write output: %s", err.msg);
    }
    cli_records_release(&kept);
    voce_survey_free(s);
    voce_classifier_free(c);
    return rc;
}
