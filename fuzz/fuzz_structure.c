/* fuzz_structure.c — libFuzzer target: any bytes as a TEXT document, then walk tree, paths, definitions, references. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "amicus.h"

/* An invariant of the public API broke: report it and crash so libFuzzer keeps the input. */
#define CHECK(cond)                                                                   \
    do {                                                                              \
        if (!(cond)) {                                                                \
            fprintf(stderr, "fuzz_structure: %s:%d: invariant failed: %s\n", __FILE__, \
                    __LINE__, #cond);                                                 \
            abort();                                                                  \
        }                                                                             \
    } while (0)

static volatile size_t g_sink; /* keeps reads of returned strings from being optimised out */

static void touch(const char *s) {
    if (s) g_sink += strlen(s);
}

static void walk(const amicus_doc *doc) {
    size_t len = 0;
    const char *text = amicus_doc_text(doc, &len);
    CHECK(text != NULL);
    CHECK(text[len] == '\0');
    touch(amicus_doc_name(doc));
    touch(amicus_doc_title(doc));
    (void)amicus_format_name(amicus_doc_format(doc));

    size_t nn = amicus_doc_node_count(doc);
    CHECK(nn >= 1);
    const amicus_node *root = amicus_doc_node(doc, 0);
    CHECK(root && root->type == AMICUS_NODE_DOCUMENT && root->parent == -1);
    CHECK(amicus_doc_node(doc, nn) == NULL);

    char path[512];
    for (size_t i = 0; i < nn; i++) {
        const amicus_node *n = amicus_doc_node(doc, i);
        CHECK(n != NULL);
        CHECK(n->index == (int32_t)i);
        CHECK(n->start <= n->end && n->end <= len);
        CHECK(n->body_start >= n->start && n->body_start <= n->end);
        CHECK(n->parent >= -1 && n->parent < (int32_t)nn);
        CHECK(i == 0 || (n->parent >= 0 && n->parent < (int32_t)i)); /* pre-order */
        CHECK(n->first_child >= -1 && n->first_child < (int32_t)nn);
        CHECK(n->last_child >= -1 && n->last_child < (int32_t)nn);
        CHECK(n->next_sibling >= -1 && n->next_sibling < (int32_t)nn);
        CHECK(n->provision >= -1 && n->provision < (int32_t)nn);
        if (n->parent >= 0) {
            const amicus_node *p = amicus_doc_node(doc, (size_t)n->parent);
            CHECK(p->start <= n->start && n->end <= p->end);
            CHECK(n->depth > p->depth);
        }
        /* children point back to this node, in order, without overlap */
        size_t prev_end = n->start;
        int32_t last = -1;
        size_t guard = 0;
        for (int32_t c = n->first_child; c >= 0;) {
            const amicus_node *cn = amicus_doc_node(doc, (size_t)c);
            CHECK(cn && cn->parent == (int32_t)i);
            CHECK(cn->start >= prev_end);
            prev_end = cn->end;
            last = c;
            c = cn->next_sibling;
            CHECK(++guard <= nn);
        }
        CHECK(last == n->last_child);
        touch(n->kind);
        touch(n->number);
        touch(n->label);
        touch(n->title);
        touch(n->lang);
        amicus_node_path(doc, n, path, sizeof path);
        CHECK(strlen(path) < sizeof path);
        amicus_node_path(doc, n, path, 4); /* truncation must be safe */
        const amicus_node *at = amicus_doc_node_at(doc, n->start);
        CHECK(at != NULL);
        amicus_location loc;
        amicus_doc_locate(doc, n->start, &loc);
        CHECK(loc.line >= 1 && loc.column >= 1);
    }
    amicus_location loc;
    amicus_doc_locate(doc, len, &loc);
    amicus_doc_locate(doc, len + 100, &loc); /* past the end is clamped */
    CHECK(amicus_doc_node_at(doc, len + 100) != NULL);

    size_t np = amicus_doc_provision_count(doc);
    for (size_t i = 0; i < np; i++) {
        const amicus_node *p = amicus_doc_provision(doc, i);
        CHECK(p && p->type == AMICUS_NODE_PROVISION);
        if (p->number) {
            const amicus_node *f = amicus_doc_find_provision(doc, p->number, p);
            CHECK(f && f->number && strcmp(f->number, p->number) == 0);
            CHECK(amicus_doc_find_provision(doc, p->number, NULL) != NULL);
        }
    }
    CHECK(amicus_doc_provision(doc, np) == NULL);

    size_t nd = amicus_doc_definition_count(doc);
    for (size_t i = 0; i < nd; i++) {
        const amicus_definition *d = amicus_doc_definition(doc, i);
        CHECK(d && d->term);
        CHECK(d->start <= d->end && d->end <= len);
        CHECK(d->term_start <= d->term_end && d->term_end <= len);
        CHECK(d->node >= -1 && d->node < (int32_t)nn);
        CHECK(d->provision >= -1 && d->provision < (int32_t)nn);
        touch(d->key);
        CHECK(amicus_doc_find_definition(doc, d->term) != NULL);
    }
    (void)amicus_doc_find_definition(doc, "computer system");

    size_t nr = amicus_doc_reference_count(doc);
    for (size_t i = 0; i < nr; i++) {
        const amicus_reference *r = amicus_doc_reference(doc, i);
        CHECK(r != NULL);
        CHECK(r->start <= r->end && r->end <= len);
        CHECK(r->from >= 0 && r->from < (int32_t)nn);
        CHECK(r->target >= -1 && r->target < (int32_t)nn);
        touch(r->text);
        touch(r->target_spec);
        amicus_node_path(doc, amicus_doc_node(doc, (size_t)r->from), path, sizeof path);
        if (r->target >= 0)
            amicus_node_path(doc, amicus_doc_node(doc, (size_t)r->target), path, sizeof path);
    }

    size_t nh = amicus_doc_health_count(doc);
    for (size_t i = 0; i < nh; i++) {
        const amicus_health *h = amicus_doc_health(doc, i);
        CHECK(h && h->code && h->message);
        CHECK(h->offset <= len);
        CHECK(h->node >= -1 && h->node < (int32_t)nn);
    }
    size_t nw = amicus_doc_warning_count(doc);
    for (size_t i = 0; i < nw; i++) {
        const amicus_diag *w = amicus_doc_warning(doc, i);
        CHECK(w && w->code && w->message);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    amicus_open_options opts;
    memset(&opts, 0, sizeof opts);
    opts.format = AMICUS_FORMAT_TEXT;
    amicus_doc *doc = NULL;
    amicus_error err;
    memset(&err, 0, sizeof err);
    amicus_status st = amicus_doc_open_memory((const char *)data, size, "fuzz.txt", &opts, &doc, &err);
    if (st != AMICUS_OK) {
        /* a refusal is fine, but it must be a clean one */
        CHECK(doc == NULL);
        CHECK(err.status == st);
        CHECK(memchr(err.message, 0, sizeof err.message) != NULL);
        char buf[1200];
        amicus_error_format(&err, buf, sizeof buf);
        return 0;
    }
    CHECK(doc != NULL);
    walk(doc);
    amicus_doc_free(doc);
    return 0;
}
