/* main.c — the amicus command line: subcommand dispatch. */
#include <stdio.h>
#include <string.h>
#include "cli.h"

static int usage(FILE *f) {
    fprintf(f,
        "amicus %s — review cybercrime laws, bills and treaties for human-rights risks\n"
        "\n"
        "usage:\n"
        "  amicus check [options] FILE...      findings and scorecard\n"
        "  amicus outline [options] FILE       the parsed structure\n"
        "  amicus diff [options] OLD NEW       what changed between two drafts, findings delta\n"
        "  amicus matrix [options] DIR|FILE...|-  one row per document of a corpus (csv, json, jsonl)\n"
        "  amicus serve [--port N] [--bind ADDR]   a local page to upload a document, read the report\n"
        "  amicus rules list|show ID|test [DIR]|patterns\n"
        "  amicus review accept|dismiss FINGERPRINT --reason TEXT [--review FILE] DOCUMENT\n"
        "  amicus version\n"
        "\n"
        "run 'amicus COMMAND --help' for a command's options.\n", AMICUS_VERSION);
    return f == stdout ? 0 : 2;
}

int main(int argc, char **argv) {
    if (argc < 2) return usage(stderr);
    const char *cmd = argv[1];
    if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) return usage(stdout);
    if (!strcmp(cmd, "version") || !strcmp(cmd, "--version")) {
        printf("amicus %s\n", AMICUS_VERSION);
        return 0;
    }
    if (!strcmp(cmd, "outline")) return cmd_outline(argc - 1, argv + 1);
    if (!strcmp(cmd, "check")) return cmd_check(argc - 1, argv + 1);
    if (!strcmp(cmd, "rules")) return cmd_rules(argc - 1, argv + 1);
    if (!strcmp(cmd, "review")) return cmd_review(argc - 1, argv + 1);
    if (!strcmp(cmd, "matrix")) { extern int cmd_matrix(int, char **); return cmd_matrix(argc - 1, argv + 1); }
    if (!strcmp(cmd, "serve")) { extern int cmd_serve(int, char **); return cmd_serve(argc - 1, argv + 1); }
    if (!strcmp(cmd, "diff")) { extern int cmd_diff(int, char **); return cmd_diff(argc - 1, argv + 1); }
    fprintf(stderr, "amicus: unknown command '%s'\n", cmd);
    return usage(stderr);
}
