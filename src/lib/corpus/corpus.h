/* corpus.h — internals of the corpus stage (discovery, worker pool) shared with its tests. */
#ifndef AMICUS_CORPUS_H
#define AMICUS_CORPUS_H

#include "core/core.h"

/* The jurisdiction code a path suggests ("us", "coe", "nl"), into buf; NULL when none. */
const char *amicus__corpus_jurisdiction(const char *path, char *buf, size_t size);
/* Fill the document part of a matrix row (title, language, counts) from doc and rep (rep may
 * be NULL: structure only). Counters must start at zero. */
void amicus__corpus_fill_row(amicus_matrix_row *row, const amicus_doc *doc, const amicus_report *rep);

#endif
