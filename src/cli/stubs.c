/* stubs.c — STUB: check, rules and review until the findings engine lands. */
#include "cli.h"
int cmd_check(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "check: not yet\n"); return 2; }
int cmd_review(int argc, char **argv) { (void)argc; (void)argv; fprintf(stderr, "review: not yet\n"); return 2; }
