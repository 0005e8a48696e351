/* test_api.c — the public C API used exactly as a client would, through amicus.h alone: open, walk, look up, free, errors. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h" /* the counting allocator only */

#include "amicus.h"

static const char LAW[] =
    "Model Law on Computer Misuse\n"
    "\n"
    "Article 1 - Definitions\n"
    "In this Law, \"computer system\" means any device that processes data automatically.\n"
    "\n"
    "Article 2 - Illegal access\n"
    "A person who, without right, accesses a computer system as defined in Article 1 commits an "
    "offence.\n";

static amicus_doc *open_law(void) {
    amicus_doc *doc = NULL;
    amicus_error err;
    memset(&err, 0, sizeof err);
    amicus_status st = amicus_doc_open_memory(LAW, sizeof LAW - 1, "law.txt", NULL, &doc, &err);
    if (st != AMICUS_OK) {
        char buf[1200];
        fail_msg("open_memory: %s", amicus_error_format(&err, buf, sizeof buf));
    }
    assert_non_null(doc);
    return doc;
}

/* Fixture: the law opened in setup and freed in teardown, so that a failing assertion does
 * not leak the document (the suite also runs under LeakSanitizer). */
static int setup_law(void **state) {
    *state = open_law();
    return 0;
}
static int teardown_law(void **state) {
    amicus_doc_free(*state);
    *state = NULL;
    return 0;
}

static size_t offset_of(const amicus_doc *doc, const char *needle) {
    size_t len;
    const char *text = amicus_doc_text(doc, &len);
    const char *p = strstr(text, needle);
    if (!p) fail_msg("\"%s\" not in the normalised text", needle);
    return (size_t)(p - text);
}

static void test_open_memory(void **state) {
    amicus_doc *doc = *state;
    assert_string_equal(amicus_doc_name(doc), "law.txt");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_TEXT);
    size_t len = 0;
    const char *text = amicus_doc_text(doc, &len);
    assert_non_null(text);
    assert_int_equal(text[len], '\0');
    assert_int_equal(strlen(text), len);
    /* ASCII text with \n line ends passes through unchanged */
    assert_string_equal(text, LAW);
    assert_int_equal(amicus_doc_warning_count(doc), 0);
    amicus_doc_free(NULL); /* allowed, like free(NULL) */
}

static void test_walk_tree(void **state) {
    amicus_doc *doc = *state;
    size_t len;
    amicus_doc_text(doc, &len);
    size_t n = amicus_doc_node_count(doc);
    assert_true(n >= 3);
    const amicus_node *root = amicus_doc_node(doc, 0);
    assert_int_equal(root->type, AMICUS_NODE_DOCUMENT);
    assert_int_equal(root->parent, -1);
    assert_null(amicus_doc_node(doc, n));
    size_t provisions_seen = 0;
    for (size_t i = 0; i < n; i++) {
        const amicus_node *nd = amicus_doc_node(doc, i);
        assert_int_equal(nd->index, (int32_t)i);
        assert_true(nd->start <= nd->end && nd->end <= len);
        if (i > 0) {
            assert_true(nd->parent >= 0 && nd->parent < (int32_t)i); /* pre-order */
            const amicus_node *p = amicus_doc_node(doc, (size_t)nd->parent);
            assert_true(p->start <= nd->start && nd->end <= p->end);
        }
        /* the child list of every node links back to it */
        for (int32_t c = nd->first_child; c >= 0; c = amicus_doc_node(doc, (size_t)c)->next_sibling)
            assert_int_equal(amicus_doc_node(doc, (size_t)c)->parent, (int32_t)i);
        if (nd->type == AMICUS_NODE_PROVISION) provisions_seen++;
    }
    assert_int_equal(amicus_doc_provision_count(doc), 2);
    assert_int_equal(provisions_seen, 2);

    const amicus_node *a1 = amicus_doc_provision(doc, 0);
    const amicus_node *a2 = amicus_doc_provision(doc, 1);
    assert_null(amicus_doc_provision(doc, 2));
    assert_string_equal(a1->kind, "article");
    assert_string_equal(a1->number, "1");
    assert_string_equal(a1->label, "Article 1");
    assert_string_equal(a1->title, "Definitions");
    assert_string_equal(a2->number, "2");
    assert_string_equal(a2->title, "Illegal access");
    assert_int_equal(a1->provision, a1->index);
    assert_true(a1->end <= a2->start);
    assert_int_equal(a1->line, 3);
    assert_int_equal(a2->line, 6);

    assert_ptr_equal(amicus_doc_find_provision(doc, "2", NULL), a2);
    assert_ptr_equal(amicus_doc_find_provision(doc, "1", a2), a1);
    assert_null(amicus_doc_find_provision(doc, "99", NULL));

    char path[64];
    assert_string_equal(amicus_node_path(doc, a2, path, sizeof path), "Art. 2");
    amicus_node_path(doc, a2, path, 4); /* truncates, stays terminated */
    assert_true(strlen(path) < 4);

    /* the innermost node at an offset lies inside article 2 */
    size_t off = offset_of(doc, "without right");
    const amicus_node *at = amicus_doc_node_at(doc, off);
    assert_non_null(at);
    assert_int_equal(at->provision, a2->index);

    amicus_location loc;
    amicus_doc_locate(doc, offset_of(doc, "Article 2"), &loc);
    assert_int_equal(loc.line, 6);
    assert_int_equal(loc.column, 1);
    assert_int_equal(loc.source_offset, offset_of(doc, "Article 2"));
    assert_int_equal(loc.page, 0);
}

static void test_definition(void **state) {
    amicus_doc *doc = *state;
    assert_int_equal(amicus_doc_provision_count(doc), 2);
    size_t len;
    const char *text = amicus_doc_text(doc, &len);
    assert_true(amicus_doc_definition_count(doc) >= 1);
    const amicus_definition *d = amicus_doc_find_definition(doc, "computer system");
    assert_non_null(d);
    assert_string_equal(d->term, "computer system");
    assert_true(d->term_start < d->term_end && d->term_end <= len);
    assert_memory_equal(text + d->term_start, "computer system", 15);
    assert_true(d->start <= d->term_start && d->end <= len && d->start < d->end);
    assert_int_equal(d->provision, amicus_doc_provision(doc, 0)->index);
    /* lookup ignores case */
    assert_ptr_equal(amicus_doc_find_definition(doc, "Computer System"), d);
    assert_null(amicus_doc_find_definition(doc, "toaster"));
}

static void test_reference(void **state) {
    amicus_doc *doc = *state;
    assert_int_equal(amicus_doc_provision_count(doc), 2);
    const amicus_node *a1 = amicus_doc_provision(doc, 0);
    const amicus_node *a2 = amicus_doc_provision(doc, 1);
    const amicus_reference *found = NULL;
    for (size_t i = 0; i < amicus_doc_reference_count(doc); i++) {
        const amicus_reference *r = amicus_doc_reference(doc, i);
        if (r->text && strcmp(r->text, "Article 1") == 0) found = r;
    }
    if (!found) fail_msg("no reference \"Article 1\" among %zu references", amicus_doc_reference_count(doc));
    assert_int_equal(found->target, a1->index);
    assert_int_equal(amicus_doc_node(doc, (size_t)found->from)->provision, a2->index);
    assert_int_equal(found->external, 0);
    assert_true(found->start < found->end);
    assert_null(amicus_doc_reference(doc, amicus_doc_reference_count(doc)));
}

/* Bad input: a status, an error struct naming the file, no document. */
static void expect_open_error(const char *data, size_t len, const amicus_open_options *opts,
                              amicus_status want, amicus_error *err) {
    amicus_doc *doc = (amicus_doc *)0x1;
    memset(err, 0, sizeof *err);
    amicus_status st = amicus_doc_open_memory(data, len, "bad.txt", opts, &doc, err);
    if (st == AMICUS_OK) {
        amicus_doc_free(doc);
        fail_msg("bad input accepted: want status %d (%s)", want, amicus_status_name(want));
    }
    assert_int_equal(st, want);
    assert_null(doc);
    assert_int_equal(err->status, want);
    assert_true(err->message[0] != '\0');
    assert_string_equal(err->file, "bad.txt");
    char buf[1200];
    amicus_error_format(err, buf, sizeof buf);
    assert_non_null(strstr(buf, "bad.txt"));
    assert_null(strchr(buf, '\n'));
    assert_non_null(amicus_status_name(st));
}

static void test_errors(void **state) {
    (void)state;
    amicus_error err;
    /* empty */
    expect_open_error("", 0, NULL, AMICUS_ERR_INPUT, &err);
    /* a NUL byte at offset 13 (line 2, column 4) */
    static const char nul[] = "Article 1\nabc\0def\n";
    expect_open_error(nul, sizeof nul - 1, NULL, AMICUS_ERR_INPUT, &err);
    assert_true(err.offset == 13 || (err.line == 2 && err.column == 4));
    /* over a lowered size limit */
    amicus_open_options small = {0};
    small.max_input = 8;
    expect_open_error(LAW, sizeof LAW - 1, &small, AMICUS_ERR_TOO_LARGE, &err);

    /* bad arguments */
    amicus_doc *doc = NULL;
    assert_int_equal(amicus_doc_open_memory(NULL, 5, "x", NULL, &doc, &err), AMICUS_ERR_USAGE);
    assert_int_equal(amicus_doc_open_memory(LAW, 5, "x", NULL, NULL, &err), AMICUS_ERR_USAGE);
    /* err may be NULL */
    amicus_status st = amicus_doc_open_memory("", 0, "x", NULL, &doc, NULL);
    if (st == AMICUS_OK) amicus_doc_free(doc);
    assert_int_equal(st, AMICUS_ERR_INPUT);

    /* files: missing, a directory */
    memset(&err, 0, sizeof err);
    assert_int_equal(amicus_doc_open_file("/nonexistent/amicus/law.txt", NULL, &doc, &err), AMICUS_ERR_IO);
    assert_null(doc);
    assert_string_equal(err.file, "/nonexistent/amicus/law.txt");
    memset(&err, 0, sizeof err);
    assert_int_equal(amicus_doc_open_file("/", NULL, &doc, &err), AMICUS_ERR_IO);
    assert_null(doc);
    assert_string_equal(err.file, "/");
}

static void test_open_file(void **state) {
    (void)state;
    char path[] = "/tmp/amicus-test-api-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, LAW, sizeof LAW - 1), (ssize_t)(sizeof LAW - 1));
    close(fd);
    amicus_doc *doc = NULL;
    amicus_error err;
    amicus_status st = amicus_doc_open_file(path, NULL, &doc, &err);
    unlink(path);
    assert_int_equal(st, AMICUS_OK);
    int same_name = strcmp(amicus_doc_name(doc), path) == 0;
    size_t np = amicus_doc_provision_count(doc);
    amicus_doc_free(doc);
    assert_true(same_name);
    assert_int_equal(np, 2);
}

static void test_invalid_utf8_warning(void **state) {
    (void)state;
    /* valid UTF-8 (an em dash, an e acute) with one stray 0xFF at byte 29 */
    static const char bad[] = "Article 1 \xe2\x80\x94 D\xc3\xa9" "finitions\nab\xff" "cd means x.\n";
    amicus_doc *doc = NULL;
    amicus_error err;
    amicus_status st = amicus_doc_open_memory(bad, sizeof bad - 1, "bad.txt", NULL, &doc, &err);
    assert_int_equal(st, AMICUS_OK);
    size_t nw = amicus_doc_warning_count(doc);
    const amicus_diag *w = amicus_doc_warning(doc, 0);
    int code_ok = w && w->code && strcmp(w->code, "invalid-utf8") == 0;
    long long off = w ? w->offset : -2;
    int has_message = w && w->message && w->message[0];
    amicus_doc_free(doc);
    assert_true(nw >= 1);
    assert_true(code_ok);
    assert_int_equal(off, 29);
    assert_true(has_message);
}

/* ---- a counting allocator (testutil): all library memory goes through it and comes back ---- */
#define g_live tu_alloc_live
#define g_calls tu_alloc_calls

static void test_allocator_and_failures(void **state) {
    (void)state;
    amicus_allocator a = tu_counting_allocator();
    amicus_set_allocator(&a);
    g_live = g_calls = 0;
    amicus_doc *doc = open_law();
    long calls = g_calls;
    assert_true(calls > 0);
    assert_true(g_live > 0);
    amicus_doc_free(doc);
    assert_int_equal(g_live, 0); /* everything allocated was freed through the same hooks */

    /* fail each allocation of a successful open in turn: an error or a document, never a crash */
    for (long i = 1; i <= calls; i++) {
        amicus_alloc_fail_after((unsigned long)i);
        amicus_error err;
        memset(&err, 0, sizeof err);
        doc = NULL;
        amicus_status st = amicus_doc_open_memory(LAW, sizeof LAW - 1, "law.txt", NULL, &doc, &err);
        amicus_alloc_fail_after(0);
        if (st == AMICUS_OK) {
            assert_non_null(doc);
            amicus_doc_free(doc);
        } else {
            if (doc) fail_msg("allocation %ld failed: status %d but a document was returned", i, st);
            if (!err.message[0]) fail_msg("allocation %ld failed: status %d with an empty message", i, st);
        }
        if (g_live != 0) fail_msg("allocation %ld failed: %ld blocks not freed", i, g_live);
    }
    amicus_set_allocator(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_open_memory, setup_law, teardown_law),
        cmocka_unit_test_setup_teardown(test_walk_tree, setup_law, teardown_law),
        cmocka_unit_test_setup_teardown(test_definition, setup_law, teardown_law),
        cmocka_unit_test_setup_teardown(test_reference, setup_law, teardown_law),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_open_file),
        cmocka_unit_test(test_invalid_utf8_warning),
        cmocka_unit_test(test_allocator_and_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
