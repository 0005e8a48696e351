/* fuzz_ingest.c — libFuzzer target: any bytes through amicus_doc_open_memory (all formats); text, map and locations must stay sound. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amicus.h"
#include "core/core.h"

/* An invariant broke: report it and crash so libFuzzer keeps the input. */
#define CHECK(cond)                                                                            \
    do {                                                                                       \
        if (!(cond)) {                                                                         \
            fprintf(stderr, "fuzz_ingest: %s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                                    \
            abort();                                                                           \
        }                                                                                      \
    } while (0)

static int valid_utf8(const unsigned char *s, size_t n) {
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) need = 1;
        else if (c == 0xE0) { need = 2; lo = 0xA0; }
        else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) need = 2;
        else if (c == 0xED) { need = 2; hi = 0x9F; }
        else if (c == 0xF0) { need = 3; lo = 0x90; }
        else if (c >= 0xF1 && c <= 0xF3) need = 3;
        else if (c == 0xF4) { need = 3; hi = 0x8F; }
        else return 0;
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= n || s[i + k] < lo || s[i + k] > hi) return 0;
            lo = 0x80;
            hi = 0xBF;
        }
        i += need + 1;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    /* the first byte picks the format option and the name (extension hint) */
    static const char *const names[] = {"fuzz", "fuzz.txt", "fuzz.md", "fuzz.html"};
    amicus_open_options o;
    memset(&o, 0, sizeof o);
    const char *name = "fuzz";
    if (size > 0) {
        o.format = (amicus_format)(data[0] & 3);
        name = names[(data[0] >> 2) & 3];
        data++;
        size--;
    }
    amicus_doc *doc = NULL;
    amicus_error err;
    memset(&err, 0, sizeof err);
    amicus_status st = amicus_doc_open_memory((const char *)data, size, name, &o, &doc, &err);
    if (st != AMICUS_OK) {
        CHECK(doc == NULL);
        CHECK(err.status == st);
        CHECK(err.message[0] != 0);
        CHECK(memchr(err.message, 0, sizeof err.message) != NULL);
        return 0;
    }
    CHECK(doc != NULL);
    size_t len = 0;
    const char *text = amicus_doc_text(doc, &len);
    CHECK(text != NULL && text[len] == 0);
    CHECK(strlen(text) == len);
    CHECK(valid_utf8((const unsigned char *)text, len));
    CHECK(memchr(text, '\r', len) == NULL);
    CHECK(amicus_doc_format(doc) != AMICUS_FORMAT_AUTO);
    /* the map: sorted, inside the source */
    CHECK(doc->map.n >= 1);
    for (size_t i = 0; i < doc->map.n; i++) {
        CHECK(doc->map.v[i].src <= doc->src_len);
        CHECK(doc->map.v[i].norm <= len);
        if (i) CHECK(doc->map.v[i].norm > doc->map.v[i - 1].norm);
    }
    for (size_t i = 1; i < doc->line_starts.n; i++)
        CHECK(doc->line_starts.v[i] > doc->line_starts.v[i - 1] && doc->line_starts.v[i] <= doc->src_len);
    /* every offset locates inside the source; outside HTML, in source order */
    size_t prev = 0, step = len / 512 + 1;
    for (size_t k = 0; k <= len; k += (k + step > len && k < len) ? len - k : step) {
        amicus_location loc;
        amicus_doc_locate(doc, k, &loc);
        CHECK(loc.source_offset <= size);
        CHECK(loc.line >= 1 && loc.line <= doc->line_starts.n);
        CHECK(loc.column >= 1);
        if (amicus_doc_format(doc) != AMICUS_FORMAT_HTML) CHECK(loc.source_offset >= prev);
        prev = loc.source_offset;
    }
    for (size_t i = 0; i < amicus_doc_warning_count(doc); i++) {
        const amicus_diag *d = amicus_doc_warning(doc, i);
        CHECK(d && d->code && d->message && d->offset >= -1 && d->offset <= (long long)size);
    }
    const char *title = amicus_doc_title(doc);
    if (title) CHECK(strlen(title) < 100000);
    amicus_doc_free(doc);
    return 0;
}
