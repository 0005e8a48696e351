/* cli.h — subcommands of the amicus CLI and helpers they share. */
#ifndef AMICUS_CLI_H
#define AMICUS_CLI_H
#include "amicus.h"
#include <stdio.h>

int cmd_outline(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_review(int argc, char **argv);
int cmd_matrix(int argc, char **argv);

/* JSON string writer (escapes), shared by outputs. */
void cli_json_str(FILE *f, const char *s);
void cli_json_strn(FILE *f, const char *s, size_t n);
/* Parse a size like "256M", "1G", "1000": returns 0 on error. */
size_t cli_parse_size(const char *s);
/* The limit options of every command that opens documents: --max-depth N and --max-memory SIZE
 * (process-wide, amicus_set_memory_limit), and --max-findings N where max_findings is
 * non-NULL; "--opt VALUE" or "--opt=VALUE". 1 consumed (argv[*i] advanced past a value),
 * 0 not one of them, 2 usage error (reported on stderr). */
int cli_limit_option(int argc, char **argv, int *i, amicus_open_options *oo, size_t *max_findings,
                     const char *cmd);
/* Their lines for a command's --help. */
#define CLI_LIMITS_HELP \
    "  --max-depth N                 refuse XML, HTML or DOCX nested deeper than N elements (default 200, at most 255)\n" \
    "  --max-memory SIZE             stop with an error when amicus holds more than SIZE (e.g. 2G; default no limit)\n"
#define CLI_FINDINGS_HELP \
    "  --max-findings N              refuse a document with more than N findings (default 20000)\n"
/* Directory of default rules: $AMICUS_RULES or the compiled-in default. */
const char *cli_default_rules_dir(void);
/* Where compiled pattern databases are cached: $AMICUS_CACHE ("off" or "" = none), else
 * $XDG_CACHE_HOME/amicus, else ~/.cache/amicus; NULL = no cache. */
const char *cli_cache_dir(void);

/* "--name VALUE", "--name=VALUE" or (shrt non-NULL) "-o VALUE" at argv[*i]: 1 and *val when it
 * is that option (*i moved past the value), 0 when it is another one, -1 when the value is
 * missing. */
int cli_opt(int argc, char **argv, int *i, const char *name, const char *shrt, const char **val);
/* "error", "warning", "note": 1 and *out; 0 otherwise. */
int cli_parse_severity(const char *s, amicus_severity *out);

/* Which rules to run and how to open documents: the options check, review and matrix share. */
#define CLI_MAX_LIST 256
typedef struct cli_pack_opts {
    const char *packs[CLI_MAX_LIST];
    size_t npacks;
    int no_default;
    const char *disable[CLI_MAX_LIST];
    size_t ndisable;
    const char *severity[CLI_MAX_LIST]; /* ID=LEVEL */
    size_t nseverity;
    amicus_open_options open;
    size_t max_findings;            /* --max-findings (0 = the default) */
} cli_pack_opts;
/* A pack or open option at argv[*i] (--pack, --no-default-pack, --disable, --severity,
 * --max-input, --lang, --tracked): 1 consumed, 0 not one of them, 2 usage error (reported as
 * "amicus CMD: ..."). */
int cli_pack_option(int argc, char **argv, int *i, cli_pack_opts *po, const char *cmd);
/* Load, configure and compile the rules (cached in cli_cache_dir()); 0, or 2 with the error
 * reported. */
int cli_load_rules(const cli_pack_opts *po, amicus_rules **out);
#endif
