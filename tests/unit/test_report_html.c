/* test_report_html.c — the HTML report and diff page: SHA-256 and CSP hashes, escaping, marks never nested, overlaps, allocation failures. */
#include "testutil.h"
#include "report/report.h"
#include "report/html.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *BILL =
    "THE <SCRIPT> BILL & \"ACT\"\n\n"
    "Article 1\nScope\nThis Act applies to any criminal offence committed by means of a computer system.\n\n"
    "Article 2\nPublication of false information\nA person who publishes false information commits an offence "
    "<script>alert(1)</script> caf\xc3\xa9 \xe2\x82\xac.\n\n"
    "Article 3\nAssistance\nAn officer may order any person who has knowledge about the functioning of the "
    "computer system to provide the necessary information, as appropriate.\n";

static amicus_rules *pack_rules(const char *which) {
    amicus_rules *rules;
    amicus_error err;
    const char *srcdir = getenv("AMICUS_SOURCE_DIR");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/%s", srcdir ? srcdir : ".", which);
    const char *cache = getenv("AMICUS_CACHE");
    if (amicus_rules_new(&rules, &err) || amicus_rules_load_dir(rules, dir, &err) ||
        (cache && *cache && amicus_rules_set_cache(rules, cache, &err)) || amicus_rules_compile(rules, &err))
        fail_msg("rules %s: %s", dir, err.message);
    return rules;
}

static char *render_html(const amicus_doc *doc, const amicus_report *r, amicus_status *st) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    amicus_render_options o = {0};
    o.format = AMICUS_OUT_HTML;
    amicus_renderer *rd = NULL;
    amicus_error err;
    *st = amicus_renderer_new(f, &o, &rd, &err);
    if (!*st) *st = amicus_render_document(rd, doc, r, NULL, &err);
    if (!*st) *st = amicus_renderer_finish(rd, &err);
    amicus_renderer_free(rd);
    fclose(f);
    return buf;
}

static void hex(const unsigned char d[32], char out[65]) {
    for (int i = 0; i < 32; i++) sprintf(out + 2 * i, "%02x", d[i]);
}

static void test_sha256(void **state) {
    (void)state;
    unsigned char d[32];
    char h[65];
    amicus__sha256("", 0, d);
    hex(d, h);
    assert_string_equal(h, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    amicus__sha256("abc", 3, d);
    hex(d, h);
    assert_string_equal(h, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 56 bytes: two blocks */
    amicus__sha256(two, strlen(two), d);
    hex(d, h);
    assert_string_equal(h, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    char b[64];
    assert_string_equal(amicus__csp_hash("abc", 3, b, sizeof b), "'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
}

static void test_escape(void **state) {
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const char *in = "<a href=\"x\">&'\x01\n\xff\xc3\xa9";
    amicus__html_escn(f, in, strlen(in));
    fclose(f);
    assert_string_equal(buf, "&lt;a href=&quot;x&quot;&gt;&amp;&#39;\n&#xFFFD;\xc3\xa9");
    free(buf);
}

/* No <mark> opens before the previous one closed; as many open as close. */
static void assert_marks_flat(const char *html) {
    const char *p = html;
    int open = 0;
    size_t n = 0;
    while ((p = strstr(p, "mark")) != NULL) {
        if (p[-1] == '<' && (p[4] == ' ' || p[4] == '>')) {
            assert_int_equal(open, 0);
            open = 1;
            n++;
        } else if (p[-1] == '/' && p[-2] == '<') {
            assert_int_equal(open, 1);
            open = 0;
        }
        p += 4;
    }
    assert_int_equal(open, 0);
    (void)n;
}

static void test_report(void **state) {
    (void)state;
    amicus_rules *rules = pack_rules("tests/fixtures/report/pack");
    amicus_doc *doc;
    amicus_report *r;
    amicus_error err;
    assert_int_equal(amicus_doc_open_memory(BILL, strlen(BILL), "a<b>.txt", NULL, &doc, &err), AMICUS_OK);
    assert_int_equal(amicus_check(doc, rules, NULL, &r, &err), AMICUS_OK);
    assert_true(amicus_report_finding_count(r) > 0);
    amicus_status st;
    char *html = render_html(doc, r, &st);
    assert_int_equal(st, AMICUS_OK);
    /* the CSP meta tag is the policy the hashes were computed for; nothing remote */
    char csp[400];
    amicus__html_report_csp(csp, sizeof csp);
    tu_assert_self_contained_html(html, csp);
    /* the document's markup is text, never markup */
    assert_null(strstr(html, "<script>alert"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert_non_null(strstr(html, "THE &lt;SCRIPT&gt; BILL &amp; &quot;ACT&quot;"));
    assert_non_null(strstr(html, "a&lt;b&gt;.txt"));
    assert_non_null(strstr(html, "caf\xc3\xa9 \xe2\x82\xac"));
    assert_marks_flat(html);
    /* every finding with words has its first mark, and a panel entry */
    for (size_t i = 0; i < amicus_report_finding_count(r); i++) {
        char id[32];
        snprintf(id, sizeof id, "id=\"d1-f%zu\"", i);
        assert_non_null(strstr(html, id));
    }
    assert_non_null(strstr(html, "id=\"d1-m"));
    assert_non_null(strstr(html, "class=\"demand "));
    assert_non_null(strstr(html, "<svg class=\"chart\""));
    assert_null(strstr(html, "Inputs that could not be read"));
    free(html);
    amicus_report_free(r);
    amicus_doc_free(doc);
    amicus_rules_free(rules);
}

/* Findings whose words overlap ("publishes [false] information" / "[false] information commits
 * an offence") and nest ("false"): every overlap is one mark naming all of them. */
static void test_overlap(void **state) {
    (void)state;
    amicus_rules *rules = pack_rules("tests/fixtures/html/pack");
    amicus_doc *doc;
    amicus_report *r;
    amicus_error err;
    assert_int_equal(amicus_doc_open_memory(BILL, strlen(BILL), "bill.txt", NULL, &doc, &err), AMICUS_OK);
    assert_int_equal(amicus_check(doc, rules, NULL, &r, &err), AMICUS_OK);
    amicus_status st;
    char *html = render_html(doc, r, &st);
    assert_int_equal(st, AMICUS_OK);
    assert_marks_flat(html);
    size_t *ix = amicus__sorted(r);
    size_t n = amicus_report_finding_count(r);
    int overlaps = 0;
    for (size_t a = 0; a < n; a++) {
        const amicus_finding *fa = amicus_report_finding(r, ix[a]);
        for (size_t b = a + 1; b < n; b++) {
            const amicus_finding *fb = amicus_report_finding(r, ix[b]);
            if (!fa->path || !fb->path || fa->end <= fa->start || fb->end <= fb->start) continue;
            if (fb->start >= fa->end || fa->start >= fb->end) continue;
            /* some mark lists both (sorted positions a and b, in that order) */
            char want[64];
            snprintf(want, sizeof want, "%zu %zu", a, b);
            const char *p = html;
            int found = 0;
            while (!found && (p = strstr(p, "data-f=\"")) != NULL) {
                p += 8;
                const char *q = strchr(p, '"');
                char list[256];
                snprintf(list, sizeof list, " %.*s ", (int)(q - p), p);
                char wa[32], wb[32];
                snprintf(wa, sizeof wa, " %zu ", a);
                snprintf(wb, sizeof wb, " %zu ", b);
                found = strstr(list, wa) && strstr(list, wb);
            }
            assert_true(found);
            overlaps++;
        }
    }
    assert_true(overlaps >= 3);
    assert_non_null(strstr(html, "data-f=\"0 1 2\""));
    /* each finding's button points at an existing mark */
    for (const char *p = html; (p = strstr(p, "aria-controls=\"")) != NULL;) {
        p += 15;
        char target[48];
        snprintf(target, sizeof target, "id=\"%.*s\"", (int)(strchr(p, '"') - p), p);
        assert_non_null(strstr(html, target));
    }
    amicus__free(ix);
    /* allocation failures while rendering: no crash, no leak, still a whole page */
    for (unsigned long k = 1; k <= 12; k++) {
        amicus_alloc_fail_after(k);
        char *h = render_html(doc, r, &st);
        amicus_alloc_fail_after(0);
        assert_true(st == AMICUS_OK || st == AMICUS_ERR_NOMEM);
        if (st == AMICUS_OK) assert_non_null(strstr(h, "</html>"));
        free(h);
    }
    free(html);
    amicus_report_free(r);
    amicus_doc_free(doc);
    amicus_rules_free(rules);
}

static void test_diff_page(void **state) {
    (void)state;
    const char *v1 = "Article 1\nScope\nThis Act applies to offences against computer systems.\n\n"
                     "Article 2\nAccess\nA person who accesses a computer system without right commits an offence.\n";
    const char *v2 = "Article 1\nScope\nThis Act applies to offences against computer systems & <data>.\n\n"
                     "Article 2\nAccess\nA person who accesses a computer system without right and with dishonest "
                     "intent commits an offence.\n";
    amicus_doc *a, *b;
    amicus_error err;
    assert_int_equal(amicus_doc_open_memory(v1, strlen(v1), "v1.txt", NULL, &a, &err), AMICUS_OK);
    assert_int_equal(amicus_doc_open_memory(v2, strlen(v2), "v2.txt", NULL, &b, &err), AMICUS_OK);
    amicus_diff *d;
    assert_int_equal(amicus_diff_compute(a, b, NULL, NULL, &d, &err), AMICUS_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(amicus_render_diff_html(f, d, NULL, &err), AMICUS_OK);
    fclose(f);
    char csp[300];
    amicus__html_diff_csp(csp, sizeof csp);
    tu_assert_self_contained_html(buf, csp);
    assert_null(strstr(buf, "<script"));
    assert_non_null(strstr(buf, "<ins>and with dishonest intent</ins>"));
    assert_non_null(strstr(buf, "&amp; &lt;data&gt;"));
    assert_non_null(strstr(buf, "table class=\"side\""));
    free(buf);
    amicus_diff_free(d);
    amicus_doc_free(a);
    amicus_doc_free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sha256), cmocka_unit_test(test_escape), cmocka_unit_test(test_report),
        cmocka_unit_test(test_overlap), cmocka_unit_test(test_diff_page),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
