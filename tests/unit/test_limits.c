/* test_limits.c — the configurable limits through the public API: nesting depth, findings per document, the memory limit and its accounting. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* An Akoma Ntoso act whose article holds `depth` nested <paragraph> elements. */
static char *deep_akn(int depth) {
    const char *head = "<?xml version=\"1.0\"?>\n<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">"
                       "<act><body><article eId=\"art_1\"><num>Article 1</num><heading>Access</heading>\n";
    const char *open = "<paragraph><content><p>Access without right.</p></content>";
    const char *close = "</paragraph>";
    const char *tail = "</article></body></act></akomaNtoso>\n";
    size_t n = strlen(head) + (size_t)depth * (strlen(open) + strlen(close)) + strlen(tail) + 1;
    char *s = malloc(n), *p = s;
    assert_non_null(s);
    p += sprintf(p, "%s", head);
    for (int i = 0; i < depth; i++) p += sprintf(p, "%s", open);
    for (int i = 0; i < depth; i++) p += sprintf(p, "%s", close);
    sprintf(p, "%s", tail);
    return s;
}

/* Elements under <akomaNtoso>: act, body, article, then the paragraphs (each with content, p). */
static void test_max_depth(void **state) {
    (void)state;
    char *x = deep_akn(20); /* deepest element: akomaNtoso act body article + 20 paragraph + content p = 26 */
    amicus_doc *d = NULL;
    amicus_error err;
    amicus_open_options oo = {0};
    assert_int_equal(amicus_doc_open_memory(x, strlen(x), "deep.xml", &oo, &d, &err), AMICUS_OK);
    amicus_doc_free(d);
    d = NULL;
    oo.max_depth = 26;
    assert_int_equal(amicus_doc_open_memory(x, strlen(x), "deep.xml", &oo, &d, &err), AMICUS_OK);
    amicus_doc_free(d);
    d = NULL;
    oo.max_depth = 25;
    assert_int_equal(amicus_doc_open_memory(x, strlen(x), "deep.xml", &oo, &d, &err), AMICUS_ERR_TOO_LARGE);
    assert_null(d);
    assert_non_null(strstr(err.message, "nested more than 25 deep"));
    assert_non_null(strstr(err.message, "--max-depth"));
    assert_string_equal(err.file, "deep.xml");
    assert_true(err.line >= 2);
    free(x);
    /* the default (200) and the ceiling (255): 300 paragraphs are refused either way */
    x = deep_akn(300);
    oo.max_depth = 0;
    assert_int_equal(amicus_doc_open_memory(x, strlen(x), "deep.xml", &oo, &d, &err), AMICUS_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "more than 200 deep"));
    oo.max_depth = 100000;
    assert_int_equal(amicus_doc_open_memory(x, strlen(x), "deep.xml", &oo, &d, &err), AMICUS_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "more than 255 deep"));
    free(x);
}

static void test_max_findings(void **state) {
    (void)state;
    amicus_rules *r = NULL;
    amicus_error err;
    char msg[1200];
    assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
    const char *src = getenv("AMICUS_SOURCE_DIR");
    char dir[1200];
    snprintf(dir, sizeof dir, "%s/rules/default", src && *src ? src : ".");
    const char *cache = getenv("AMICUS_CACHE"); /* the build tree's: compiled once for all tests */
    if (amicus_rules_load_dir(r, dir, &err) ||
        amicus_rules_set_cache(r, cache && *cache && strcmp(cache, "off") ? cache : NULL, &err) ||
        amicus_rules_compile(r, &err))
        fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    snprintf(dir, sizeof dir, "%s/examples/cybercrime-bill.txt", src && *src ? src : ".");
    amicus_doc *d = NULL;
    if (amicus_doc_open_file(dir, NULL, &d, &err)) fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    amicus_report *rep = NULL;
    assert_int_equal(amicus_check(d, r, NULL, &rep, &err), AMICUS_OK);
    size_t n = amicus_report_finding_count(rep);
    assert_true(n > 3);
    amicus_report_free(rep);
    rep = NULL;
    amicus_check_options co = {0};
    co.max_findings = n; /* exactly as many: fine */
    assert_int_equal(amicus_check(d, r, &co, &rep, &err), AMICUS_OK);
    assert_int_equal(amicus_report_finding_count(rep), n);
    amicus_report_free(rep);
    rep = NULL;
    co.max_findings = n - 1;
    assert_int_equal(amicus_check(d, r, &co, &rep, &err), AMICUS_ERR_TOO_LARGE);
    assert_null(rep);
    snprintf(msg, sizeof msg, "more than %zu findings", n - 1);
    assert_non_null(strstr(err.message, msg));
    assert_non_null(strstr(err.message, "--max-findings"));
    amicus_doc_free(d);
    amicus_rules_free(r);
}

static void test_memory_limit(void **state) {
    (void)state;
    size_t base = amicus_memory_in_use();
    /* 4 MB of provisions: the document holds several times that */
    size_t len = 4u << 20;
    char *t = malloc(len + 1);
    assert_non_null(t);
    const char *line = "Article 1. Access to a computer system without right is an offence.\n";
    size_t ll = strlen(line);
    for (size_t i = 0; i < len; i++) t[i] = line[i % ll];
    t[len] = 0;
    amicus_doc *d = NULL;
    amicus_error err;
    assert_int_equal(amicus_doc_open_memory(t, len, "big.txt", NULL, &d, &err), AMICUS_OK);
    size_t held = amicus_memory_in_use() - base;
    assert_true(held > len);                    /* counted: at least the copy of the bytes */
    assert_true(amicus_memory_peak() >= base + held);
    amicus_doc_free(d);
    d = NULL;
    assert_true(amicus_memory_in_use() <= base + 4096); /* given back */

    amicus_set_memory_limit(base + held / 2);
    assert_int_equal(amicus_doc_open_memory(t, len, "big.txt", NULL, &d, &err), AMICUS_ERR_NOMEM);
    assert_null(d);
    assert_non_null(strstr(err.message, "over the memory limit"));
    assert_non_null(strstr(err.message, "--max-memory"));
    assert_true(amicus_memory_in_use() <= base + 4096); /* nothing kept after the failure */
    amicus_set_memory_limit(base + held * 4);
    assert_int_equal(amicus_doc_open_memory(t, len, "big.txt", NULL, &d, &err), AMICUS_OK);
    amicus_doc_free(d);
    amicus_set_memory_limit(0);
    free(t);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_max_depth),
        cmocka_unit_test(test_max_findings),
        cmocka_unit_test(test_memory_limit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
