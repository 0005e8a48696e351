/* fuzz_pdf.c — libFuzzer target: PDF through poppler and the page reader (headers, columns, reflow); text, map, pages and locations must stay sound. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amicus.h"

#define CHECK(cond)                                                                           \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "fuzz_pdf: %s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                          \
        }                                                                                     \
    } while (0)

static void run(const uint8_t *data, size_t size, int tracked_original) {
    amicus_open_options o;
    memset(&o, 0, sizeof o);
    o.format = AMICUS_FORMAT_PDF;
    o.tracked_original = tracked_original;
    amicus_doc *doc = NULL;
    amicus_error err;
    amicus_status st = amicus_doc_open_memory((const char *)data, size, "fuzz", &o, &doc, &err);
    if (st != AMICUS_OK) {
        CHECK(doc == NULL);
        CHECK(err.message[0] != 0);
        return;
    }
    size_t n;
    const char *t = amicus_doc_text(doc, &n);
    CHECK(t && t[n] == 0 && strlen(t) == n);
    for (size_t off = 0; off <= n; off += 1 + n / 64) {
        amicus_location loc;
        amicus_doc_locate(doc, off, &loc);
        CHECK(loc.line >= 1 && loc.column >= 1);
    }
    for (size_t i = 0; i < amicus_doc_node_count(doc); i++) {
        const amicus_node *nd = amicus_doc_node(doc, i);
        CHECK(nd->start <= nd->end && nd->end <= n);
    }
    amicus_doc_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 20) return 0;
    run(data, size, 0);
    if (0) run(data, size, 1);
    return 0;
}
