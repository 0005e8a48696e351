/* testutil.h — helpers shared by the C tests: corpus location, skipping, file reading. */
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
/* Find provision by number in the first language part, fail when missing. */
const amicus_node *tu_provision(const amicus_doc *doc, const char *number);
/* A counting allocator for amicus_set_allocator: blocks alive and calls made through it. */
extern long tu_alloc_live, tu_alloc_calls;
amicus_allocator tu_counting_allocator(void);
#endif
