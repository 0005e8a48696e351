/* testutil.h — helpers shared by the C tests: corpus location, skipping, the rule pack, checking a corpus document. */
#ifndef AMICUS_TESTUTIL_H
#define AMICUS_TESTUTIL_H
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include "amicus.h"

/* Full path of a corpus file (static buffer per call site is not safe: returns malloc'd). */
char *tu_corpus_path(const char *rel);
/* Call at the top of a corpus test: returns 1 when the corpus is present. When absent,
 * prints a message and skips (cmocka skip()), or fails under CI=true. */
int tu_require_corpus(void);
/* Open a corpus document or fail the test. */
amicus_doc *tu_open_corpus(const char *rel);
/* $env when set and not empty, else $AMICUS_SOURCE_DIR/sub (./sub without it) written to buf. */
const char *tu_env_or_source(const char *env, const char *sub, char *buf, size_t n);
/* The rule pack of the corpus tests: $AMICUS_RULES, else rules/default of the source tree.
 * tu_setup_rules (a cmocka group setup) loads and compiles it into tu_rules, or prints why it
 * cannot to stderr and returns -1; tu_teardown_rules frees it. */
extern amicus_rules *tu_rules;
int tu_setup_rules(void **state);
int tu_teardown_rules(void **state);
/* Open the corpus document rel and check it against tu_rules, or fail the test. The caller
 * frees the report and *doc_out. */
amicus_report *tu_check_corpus(const char *rel, amicus_doc **doc_out);
/* Find provision by number in the first language part, fail when missing. */
const amicus_node *tu_provision(const amicus_doc *doc, const char *number);
/* An HTML page amicus writes stands alone: a whole document, the Content-Security-Policy csp in
 * its meta tag, nothing loaded from elsewhere (no http(s) src or href, @import or url()). */
void tu_assert_self_contained_html(const char *html, const char *csp);
/* A counting allocator for amicus_set_allocator: blocks alive and calls made through it. */
extern long tu_alloc_live, tu_alloc_calls;
amicus_allocator tu_counting_allocator(void);
#endif
