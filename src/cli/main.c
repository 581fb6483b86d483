/* main.c -- global options and dispatch to a subcommand (git's way).
 *
 * Each subcommand is cmd_<name>() in cmd_<name>.c, listed once in the table
 * below with its one-line summary; 'voce help' prints the table. */
#include <stdio.h>
#include <string.h>

#include "cli.h"

struct command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
    {"classify", cmd_classify, "classify each record: sentiment, topics, churn risk"},
    {"filter", cmd_filter, "print only the records whose verdict matches (grep-like)"},
    {"train", cmd_train, "train a sentiment or topic model from labelled records"},
    {"eval", cmd_eval, "measure a model (or the lexicon) against labelled records"},
    {"explain", cmd_explain, "show the cues (words, rules, negations) behind each verdict"},
    {"themes", cmd_themes, "group what unhappy customers say into recurring themes"},
    {"report", cmd_report, "write a report: NPS/CSAT, sentiment, themes (HTML, Markdown, JSON)"},
    {"tokens", cmd_tokens, "show how voce normalises and splits each line of text"},
    {"version", cmd_version, "print the version and where the data was found"},
    {"help", cmd_help, "list the commands, or show one command's usage"},
};

static const char usage_head[] =
    "usage: voce [-h | --version] COMMAND [ARGS...]\n"
    "   eg: voce tokens reviews.txt | less\n"
    "\n"
    "voce reads customer feedback in Italian and English and says what\n"
    "customers feel and what they talk about.\n"
    "\n"
    "commands:\n";

static const char usage_tail[] =
    "\n"
    "Run 'voce help COMMAND' or 'voce COMMAND -h' for a command's options.\n"
    "\n"
    "exit status:\n"
    "  0  success\n"
    "  1  some records were skipped or repaired (each reported on stderr);\n"
    "     for 'voce filter': no record matched\n"
    "  2  usage error\n"
    "  3  model, lexicon or rules unusable\n"
    "  4  reading or writing failed\n";

static void print_usage(FILE *out)
{
    fputs(usage_head, out);
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fputs(usage_tail, out);
}

static const struct command *find_command(const char *name)
{
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

static const char *const help_usage[] = {
    "usage: voce help [COMMAND]\n"
    "   eg: voce help classify | less\n"
    "\n"
    "List the commands, or show the usage of one (as 'voce COMMAND -h' does).\n",
    NULL};

int cmd_help(int argc, char **argv)
{
    if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
        cli_usage(help_usage, false);
    if (argc < 2) {
        print_usage(stdout);
        return EXIT_OK;
    }
    const struct command *c = find_command(argv[1]);
    if (!c)
        cli_die(EXIT_USAGE, "no such command: '%s' (see 'voce help')", argv[1]);
    static char progname[64];
    snprintf(progname, sizeof progname, "voce %s", c->name);
    char *sub_argv[] = {progname, "-h", NULL};
    cli_command = c->name;
    return c->fn(2, sub_argv);
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_USAGE;
    }
    const char *first = argv[1];
    if (strcmp(first, "-h") == 0 || strcmp(first, "--help") == 0) {
        print_usage(stdout);
        return cli_close_stdout();
    }
    if (strcmp(first, "--version") == 0)
        first = "version";
    const struct command *c = find_command(first);
    if (!c) {
        cli_error("no such command: '%s'", first);
        print_usage(stderr);
        return EXIT_USAGE;
    }
    cli_command = c->name;
    /* getopt names argv[0] in its messages: make it "voce <command>". */
    static char progname[64];
    snprintf(progname, sizeof progname, "voce %s", c->name);
    argv[1] = progname;
    int rc = c->fn(argc - 1, argv + 1);
    int close_rc = cli_close_stdout();
    return rc != EXIT_OK ? rc : close_rc;
}
