/* fuzz_formats.h — shared body of the format fuzz targets (fuzz_xml, fuzz_docx, fuzz_pdf): open with a forced format, check text, map, locations and nodes. */
#ifndef AMICUS_FUZZ_FORMATS_H
#define AMICUS_FUZZ_FORMATS_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amicus.h"

#define FUZZ_CHECK(cond)                                                                       \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond);       \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

static inline void fuzz_format(const uint8_t *data, size_t size, amicus_format fmt, int tracked_original) {
    amicus_open_options o;
    memset(&o, 0, sizeof o);
    o.format = fmt;
    o.tracked_original = tracked_original;
    amicus_doc *doc = NULL;
    amicus_error err;
    amicus_status st = amicus_doc_open_memory((const char *)data, size, "fuzz", &o, &doc, &err);
    if (st != AMICUS_OK) {
        FUZZ_CHECK(doc == NULL);
        FUZZ_CHECK(err.message[0] != 0);
        return;
    }
    size_t n;
    const char *t = amicus_doc_text(doc, &n);
    FUZZ_CHECK(t && t[n] == 0 && strlen(t) == n);
    for (size_t off = 0; off <= n; off += 1 + n / 64) {
        amicus_location loc;
        amicus_doc_locate(doc, off, &loc);
        FUZZ_CHECK(loc.line >= 1 && loc.column >= 1);
    }
    for (size_t i = 0; i < amicus_doc_node_count(doc); i++) {
        const amicus_node *nd = amicus_doc_node(doc, i);
        FUZZ_CHECK(nd->start <= nd->end && nd->end <= n);
    }
    amicus_doc_free(doc);
}
#endif
