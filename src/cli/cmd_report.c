/* cmd_report.c -- 'voce report': one command from an export to a report a
 * manager can read: NPS or CSAT with its margin of error, the sentiment
 * and topics of the comments, the detractors' themes and what drives them,
 * and how it all moves over time.
 *
 * The format follows the output's extension: HTML (one self-contained
 * page), Markdown, or JSON. A file is written whole or not at all: to a
 * temporary name beside it, renamed at the end. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char *const usage[] = {
    "usage: voce report [options] [FILE...] [-o report.html|report.md|report.json]\n"
    "   eg: voce report survey.csv -o report.html\n"
    "       voce report --date-column Data --period month recensioni.csv | less\n"
    "\n"
    "Write one report on the records: NPS (or CSAT) with counts and a 95% margin\n"
    "of error, overall, by topic and by period; the sentiment and topics of the\n"
    "comments; the themes of the detractors with quotes; the topics and themes\n"
    "that drive detractors. Without -o, Markdown goes to standard output.\n"
    "\n"
    "  -o, --output FILE       write to FILE; its extension gives the format: .html,\n"
    "                          .md or .json ('-': standard output)\n"
    "      --to FMT            html, md or json, whatever the file is called\n"
    "      --title TEXT        the report's title (default: Customer feedback)\n"
    "      --score-column C    the score column, a name or a number (default: a column\n"
    "                          named like NPS, score, rating, voto, 'recommend');\n"
    "                          'none' for no score\n"
    "      --scale S           nps (0-10) or csat (1-5) (default: from the column's\n"
    "                          name, else nps if any score is 0 or above 5)\n"
    "      --date-column C     a column of dates (default: one named like date, data,\n"
    "                          submitted, created; 'none' for none)\n"
    "      --period P          day, week, month or quarter (default: the finest giving\n"
    "                          at most 12 periods)\n"
    "      --all               themes of every comment, not only the unhappy ones\n"
    "  -k, --themes N          make N themes (default: chosen among 2..10)\n"
    "      --seed N            seed of k-means++ (default 42)\n"
    "  -f, --format FMT        input format: text, tsv, csv, jsonl (default: detect)\n"
    "      --text-column C     the column holding the text: a name or a number\n"
    "      --delimiter D       CSV field separator (default: detect , ; TAB |)\n"
    "      --encoding E        utf-8, windows-1252, latin-1, utf-16le, utf-16be\n"
    "      --no-header         CSV/TSV: the first line is data\n"
    "      --lang LANG         treat every text as LANG (it, en)\n"
    "      --lexicons DIR      lexicons directory\n"
    "      --models DIR        directory of the default models\n"
    "  -v, --verbose           say which columns were used, on stderr\n"
    "  -h, --help              show this help\n"
    "\n"
    "A score outside its scale, or a date that does not read, is reported with its\n"
    "file and line and left out (the record still counts); the exit status is then 1.\n",
    NULL};

enum { OPT_TO = CLI_OPT_SURVEY_END, OPT_TITLE };

static int parse_format(const char *name)
{
    if (strcmp(name, "html") == 0)
        return VOCE_REPORT_HTML;
    if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0)
        return VOCE_REPORT_MARKDOWN;
    if (strcmp(name, "json") == 0)
        return VOCE_REPORT_JSON;
    return -1;
}

/* Write the report to 'path' through a temporary file renamed at the end. */
static int write_file(const voce_survey *s, const char *path, voce_report_format f)
{
    size_t n = strlen(path) + 32;
    char *tmp = malloc(n);
    if (!tmp)
        cli_die(EXIT_IO, "out of memory");
    snprintf(tmp, n, "%s.tmp%ld", path, (long)getpid());
    FILE *fp = fopen(tmp, "w");
    if (!fp) {
        cli_error("cannot write '%s': %s", path, strerror(errno));
        free(tmp);
        return EXIT_IO;
    }
    voce_error err = {0};
    voce_status st = voce_survey_write_report(s, fp, f, &err);
    int saved = st != VOCE_OK ? err.sys_errno : 0;
    if (fclose(fp) != 0 && st == VOCE_OK) {
        st = VOCE_ERR_IO;
        saved = errno;
    }
    if (st == VOCE_OK && rename(tmp, path) != 0) {
        st = VOCE_ERR_IO;
        saved = errno;
    }
    if (st != VOCE_OK) {
        cli_error("cannot write '%s': %s", path, strerror(saved ? saved : EIO));
        remove(tmp);
        free(tmp);
        return EXIT_IO;
    }
    free(tmp);
    return EXIT_OK;
}

int cmd_report(int argc, char **argv)
{
    static const struct option longopts[] = {
        CLI_SURVEY_LONGOPTS,
        {"output", required_argument, NULL, 'o'},
        {"to", required_argument, NULL, OPT_TO},
        {"title", required_argument, NULL, OPT_TITLE},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    cli_survey o = {0};
    const char *output = "-";
    int format = -1;
    int ch;
    optind = 0;
    while ((ch = getopt_long(argc, argv, "f:k:o:vh", longopts, NULL)) != -1) {
        if (cli_survey_option(&o, ch, optarg, usage))
            continue;
        switch (ch) {
        case 'o': output = optarg; break;
        case OPT_TITLE: o.title = optarg; break;
        case OPT_TO:
            if ((format = parse_format(optarg)) < 0) {
                cli_error("unknown report format '%s' (expected html, md or json)", optarg);
                cli_usage(usage, true);
            }
            break;
        case 'h': cli_usage(usage, false);
        default: cli_usage(usage, true);
        }
    }
    bool to_stdout = strcmp(output, "-") == 0;
    if (format < 0) {
        format = to_stdout ? VOCE_REPORT_MARKDOWN : voce_report_format_from_path(output);
        if (format != VOCE_REPORT_HTML && format != VOCE_REPORT_MARKDOWN &&
            format != VOCE_REPORT_JSON) {
            cli_error("cannot tell the format of '%s': name it .html, .md or .json, or pass "
                      "--to",
                      output);
            cli_usage(usage, true);
        }
    }
    const char *lexicon_dir;
    voce_classifier *c = cli_survey_classifier(&o, &lexicon_dir);
    voce_survey *s;
    int rc = cli_survey_read(&o, c, lexicon_dir, argc - optind, argv + optind, &s, NULL);
    if (o.verbose)
        cli_survey_explain(s);
    int wrc;
    if (to_stdout) {
        voce_error err;
        wrc = EXIT_OK;
        if (voce_survey_write_report(s, stdout, (voce_report_format)format, &err) != VOCE_OK) {
            cli_error("cannot write output: %s", err.msg);
            wrc = EXIT_IO;
        }
    } else {
        wrc = write_file(s, output, (voce_report_format)format);
    }
    voce_survey_free(s);
    voce_classifier_free(c);
    return wrc != EXIT_OK ? wrc : rc;
}
