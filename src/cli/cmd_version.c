/* cmd_version.c -- 'voce version': what this is and where its data is. */
#include <string.h>

#include "cli.h"

static const char *const usage[] = {
    "usage: voce version [--lexicons DIR]\n"
    "   eg: voce version\n"
    "       voce version | head -n 1\n"
    "\n"
    "Print voce's version and the lexicon directory it uses (and why).\n",
    NULL};

int cmd_version(int argc, char **argv)
{
    const char *override = NULL;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0)
            cli_usage(usage, false);
        else if (strcmp(argv[i], "--lexicons") == 0 && i + 1 < argc)
            override = argv[++i];
        else
            cli_usage(usage, true);
    }
    const char *how;
    const char *dir = cli_lexicon_dir(override, &how);
    printf("voce %s\n", voce_version());
    printf("lexicons: %s (%s)\n", dir, how);
    return EXIT_OK;
}
