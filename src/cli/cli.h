/* cli.h — subcommands of the amicus CLI and helpers they share. */
#ifndef AMICUS_CLI_H
#define AMICUS_CLI_H
#include "amicus.h"
#include <stdio.h>

int cmd_outline(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_review(int argc, char **argv);

/* JSON string writer (escapes), shared by outputs. */
void cli_json_str(FILE *f, const char *s);
void cli_json_strn(FILE *f, const char *s, size_t n);
/* Parse a size like "256M", "1G", "1000": returns 0 on error. */
size_t cli_parse_size(const char *s);
/* Directory of default rules: $AMICUS_RULES or the compiled-in default. */
const char *cli_default_rules_dir(void);
/* Where compiled pattern databases are cached: $AMICUS_CACHE ("off" or "" = none), else
 * $XDG_CACHE_HOME/amicus, else ~/.cache/amicus; NULL = no cache. */
const char *cli_cache_dir(void);
#endif
