/* test_report_matrix.c — the matrix heatmap page and its per-document reports: safe unique page names, the page's rows, links, totals, escaping and CSP, on_doc in the worker pool. */
#include "testutil.h"
#include "report/report.h"
#include "report/html.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* The report tests' tiny pack (compiles in milliseconds, even under ASan), compiled once. */
static amicus_rules *g_rules;

static int setup(void **state) {
    (void)state;
    const char *srcdir = getenv("AMICUS_SOURCE_DIR");
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/fixtures/report/pack", srcdir ? srcdir : ".");
    amicus_error err;
    const char *cache = getenv("AMICUS_CACHE");
    if (amicus_rules_new(&g_rules, &err) || amicus_rules_load_dir(g_rules, dir, &err) ||
        (cache && *cache && amicus_rules_set_cache(g_rules, cache, &err)) || amicus_rules_compile(g_rules, &err)) {
        fprintf(stderr, "rules %s: %s\n", dir, err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state) {
    (void)state;
    amicus_rules_free(g_rules);
    return 0;
}

static size_t count(const char *hay, const char *needle) {
    size_t n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle)) n++;
    return n;
}

static amicus_corpus *corpus_of(const char *const *paths, size_t n) {
    amicus_corpus *c;
    amicus_error err;
    assert_int_equal(amicus_corpus_new(&c, &err), AMICUS_OK);
    for (size_t i = 0; i < n; i++) assert_int_equal(amicus_corpus_add(c, paths[i], &err), AMICUS_OK);
    return c;
}

static void test_page_names(void **state) {
    (void)state;
    /* missing files are taken as they are named: the names need no file on disk */
    const char *paths[] = {
        "/nonexistent/a/law.txt",        /* 0: equal base names: both hashed */
        "/nonexistent/b/law.txt",        /* 1 */
        "/nonexistent/c/LAW.TXT",        /* 2: equal ignoring case: hashed too */
        "/nonexistent/../../etc/passwd", /* 3: only the base name counts */
        "/nonexistent/x/a b<c>\"&.txt",  /* 4: unsafe bytes */
        "/nonexistent/.hidden",          /* 5: no hidden file */
        "/nonexistent/-rf",              /* 6: no option-like name */
        "/nonexistent/caf\xc3\xa9.txt",  /* 7: non-ASCII bytes */
        "/nonexistent/dup.txt",          /* 8: the same path twice */
        "/nonexistent/dup.txt",          /* 9 */
        "/nonexistent/..",               /* 10 */
        "/nonexistent/ok-name.md",       /* 11: left as it is */
    };
    size_t n = sizeof paths / sizeof *paths;
    amicus_corpus *c = corpus_of(paths, n);
    assert_null(amicus_corpus_page_name(c, 0));
    amicus_error err;
    assert_int_equal(amicus_corpus_name_pages(c, &err), AMICUS_OK);
    for (size_t i = 0; i < n; i++) {
        const char *a = amicus_corpus_page_name(c, i);
        assert_non_null(a);
        assert_true(*a && *a != '.' && *a != '-');
        for (const char *p = a; *p; p++)
            assert_true((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                        *p == '.' || *p == '_' || *p == '-');
        assert_true(strlen(a) <= 100);
        for (size_t j = 0; j < i; j++) assert_true(strcasecmp(a, amicus_corpus_page_name(c, j)) != 0);
    }
    assert_true(!strncmp(amicus_corpus_page_name(c, 0), "law.txt-", 8));
    assert_int_equal(strlen(amicus_corpus_page_name(c, 0)), 16);
    assert_true(!strncmp(amicus_corpus_page_name(c, 1), "law.txt-", 8));
    assert_true(!strncmp(amicus_corpus_page_name(c, 2), "LAW.TXT-", 8));
    assert_string_equal(amicus_corpus_page_name(c, 3), "passwd");
    assert_string_equal(amicus_corpus_page_name(c, 4), "a_b_c_.txt");
    assert_string_equal(amicus_corpus_page_name(c, 5), "_hidden");
    assert_string_equal(amicus_corpus_page_name(c, 6), "_rf");
    assert_string_equal(amicus_corpus_page_name(c, 7), "caf_.txt");
    /* the same path twice: the same hash, then -2 */
    char want[64];
    snprintf(want, sizeof want, "%s-2", amicus_corpus_page_name(c, 8));
    assert_string_equal(amicus_corpus_page_name(c, 9), want);
    assert_string_equal(amicus_corpus_page_name(c, 10), "_.");
    assert_string_equal(amicus_corpus_page_name(c, 11), "ok-name.md");
    /* stable: the same paths give the same names */
    amicus_corpus *c2 = corpus_of(paths, n);
    assert_int_equal(amicus_corpus_name_pages(c2, &err), AMICUS_OK);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(amicus_corpus_page_name(c, i), amicus_corpus_page_name(c2, i));
    /* adding a document forgets the names until they are computed again */
    assert_int_equal(amicus_corpus_add(c, "/nonexistent/new.txt", &err), AMICUS_OK);
    assert_null(amicus_corpus_page_name(c, 0));
    assert_int_equal(amicus_corpus_name_pages(c, &err), AMICUS_OK);
    assert_string_equal(amicus_corpus_page_name(c, n), "new.txt");
    /* a long name is cut */
    char longp[400] = "/nonexistent/";
    memset(longp + 13, 'x', 300);
    longp[313] = 0;
    assert_int_equal(amicus_corpus_add(c, longp, &err), AMICUS_OK);
    assert_int_equal(amicus_corpus_name_pages(c, &err), AMICUS_OK);
    assert_int_equal(strlen(amicus_corpus_page_name(c, n + 1)), 80);
    amicus_corpus_free(c);
    amicus_corpus_free(c2);
}

__attribute__((noinline)) static char *page_of(const amicus_matrix_html *m, int interrupted) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    amicus_error err;
    assert_int_equal(amicus_matrix_html_write(m, f, interrupted, &err), AMICUS_OK);
    fclose(f);
    return buf;
}

static void test_page(void **state) {
    (void)state;
    amicus_matrix_html *m;
    amicus_error err;
    amicus_matrix_html_options o = {0};
    o.rules = 61;
    o.patterns = 351;
    assert_int_equal(amicus_matrix_html_new(&o, &m, &err), AMICUS_OK);
    amicus_matrix_row a = {0}, b = {0}, f = {0};
    a.file = "laws/z-act.txt";
    a.title = "The <script>alert(1)</script> & \"Act\" \xff";
    a.jurisdiction = "ke";
    a.lang = "en";
    a.provisions = 12;
    a.by_severity[AMICUS_SEV_ERROR] = 3;
    a.by_severity[AMICUS_SEV_WARNING] = 2;
    a.evidence = 1;
    amicus_demand_status da[6] = {AMICUS_DEMAND_UNMET, AMICUS_DEMAND_PARTLY, AMICUS_DEMAND_MET,
                                  AMICUS_DEMAND_NA, AMICUS_DEMAND_UNMET, AMICUS_DEMAND_UNMET};
    memcpy(a.demands, da, sizeof da);
    b.file = "laws/a-bill.txt";
    b.lang = "und";
    b.provisions = 4;
    for (int k = 0; k < 6; k++) b.demands[k] = AMICUS_DEMAND_MET;
    f.file = "laws/broken.pdf";
    f.status = AMICUS_ERR_FORMAT;
    f.error = "laws/broken.pdf: not a PDF <b>";
    assert_int_equal(amicus_matrix_html_add(m, &a, "r/z-act.txt.html", &err), AMICUS_OK);
    assert_int_equal(amicus_matrix_html_add(m, &f, "r/broken.pdf.html", &err), AMICUS_OK);
    assert_int_equal(amicus_matrix_html_add(m, &b, NULL, &err), AMICUS_OK);
    assert_int_equal(amicus_matrix_html_skipped(m, "laws/x.json", "json", &err), AMICUS_OK);
    char *html = page_of(m, 0);
    /* its own CSP: the hashes of its one style and one script; nothing remote, no address at all */
    char csp[400];
    amicus__html_matrix_csp(csp, sizeof csp);
    tu_assert_self_contained_html(html, csp);
    assert_null(strstr(html, "http://"));
    assert_null(strstr(html, "https://"));
    assert_null(strstr(html, " src="));
    assert_int_equal(count(html, "<style>"), 1);
    assert_int_equal(count(html, "<script>"), 1);
    /* escaped, invalid UTF-8 replaced */
    assert_null(strstr(html, "<script>alert"));
    assert_non_null(strstr(html, "The &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Act&quot; &#xFFFD;"));
    assert_non_null(strstr(html, "not a PDF &lt;b&gt;"));
    /* three rows, sorted by file, numbered in that order */
    assert_int_equal(count(html, "<tr class=\"ok\""), 2);
    assert_int_equal(count(html, "<tr class=\"failed\""), 1);
    const char *ra = strstr(html, "laws/a-bill.txt"), *rf = strstr(html, "laws/broken.pdf"), *rz = strstr(html, "laws/z-act.txt");
    assert_true(ra && rf && rz && ra < rf && rf < rz);
    assert_non_null(strstr(html, "<tr class=\"ok\" data-i=\"0\">"));
    assert_non_null(strstr(html, "<tr class=\"failed\" data-i=\"1\">"));
    assert_null(strstr(html, "%I"));
    /* the linked document: title and six cells link into its report, one anchor per demand */
    assert_non_null(strstr(html, "<a class=\"t\" href=\"r/z-act.txt.html\""));
    for (int dm = 1; dm <= 6; dm++) {
        char want[80];
        snprintf(want, sizeof want, "href=\"r/z-act.txt.html#" AMICUS__HTML_DEMAND_ID "\"", dm);
        assert_int_equal(count(html, want), 1);
    }
    /* status by colour class and by word and symbol; data-s is what the filter reads */
    assert_non_null(strstr(html, "<td class=\"d unmet\" data-d=\"1\" data-s=\"unmet\" data-v=\"3\"><a "));
    assert_non_null(strstr(html, "<td class=\"d na\" data-d=\"4\" data-s=\"n/a\" data-v=\"0\">"));
    assert_non_null(strstr(html, "&#x2717;</span> unmet</a>"));
    assert_non_null(strstr(html, "&#x25D0;</span> partly</a>"));
    /* the failed document: an error row, six error cells, no link even though one was given */
    assert_int_equal(count(html, "data-s=\"error\""), 6);
    assert_null(strstr(html, "r/broken.pdf.html"));
    assert_non_null(strstr(html, "Could not be read:"));
    /* the document without a report: its cells are not links */
    assert_int_equal(count(html, "<td class=\"d met\" data-d=\""), 7); /* b six times, a once */
    assert_int_equal(count(html, "<a href=\""), 6);
    /* totals per demand (the failed one counted as error) and per column */
    assert_non_null(strstr(html, "<td class=\"tot\" data-d=\"1\"><span data-st=\"unmet\">"
                                 "<span class=\"sym\" aria-hidden=\"true\">&#x2717;</span> <b>1</b> unmet</span>"));
    assert_non_null(strstr(html, "<b>1</b> met</span><span data-st=\"n/a\" class=\"zero\">"));
    assert_non_null(strstr(html, "<td class=\"num\" data-sum=\"3\">16</td>"));
    assert_non_null(strstr(html, "<td class=\"num\" data-sum=\"4\">3</td>"));
    assert_non_null(strstr(html, "Totals, 3 documents"));
    assert_non_null(strstr(html, "3 documents &middot; 1 could not be read &middot; 1 skipped"));
    assert_non_null(strstr(html, "<code>laws/x.json</code> (json)"));
    assert_non_null(strstr(html, "61 rules (351 patterns)"));
    /* accessibility hooks: sortable headings, a caption, a legend, labelled controls */
    assert_int_equal(count(html, "<th scope=\"col\""), 14);
    assert_int_equal(count(html, "aria-sort=\""), 1); /* the document column, ascending */
    assert_non_null(strstr(html, "<caption id=\"cap\">"));
    assert_non_null(strstr(html, "id=\"legend\""));
    assert_non_null(strstr(html, "<label for=\"f-d\">"));
    assert_non_null(strstr(html, "<label for=\"f-s\">"));
    assert_non_null(strstr(html, "<label for=\"f-q\">"));
    assert_null(strstr(html, "interrupted"));
    free(html);
    html = page_of(m, 1);
    assert_non_null(strstr(html, "interrupted"));
    free(html);
    amicus_matrix_html_free(m);

    /* an empty matrix is still a page */
    assert_int_equal(amicus_matrix_html_new(NULL, &m, &err), AMICUS_OK);
    html = page_of(m, 0);
    assert_non_null(strstr(html, "No document was checked."));
    free(html);
    amicus_matrix_html_free(m);
    amicus_matrix_html_free(NULL);
}

/* The anchor a cell links to is the id of the demand's tile in the report. */
static void test_anchor_in_report(void **state) {
    (void)state;
    static const char BILL[] = "BILL\n\nSection 1. Offence\nA person who accesses a computer system without "
                               "authorisation commits an offence.\n";
    amicus_rules *rules = g_rules;
    amicus_error err;
    amicus_doc *doc;
    amicus_report *r;
    assert_int_equal(amicus_doc_open_memory(BILL, sizeof BILL - 1, "bill.txt", NULL, &doc, &err), AMICUS_OK);
    assert_int_equal(amicus_check(doc, rules, NULL, &r, &err), AMICUS_OK);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    amicus_render_options o = {0};
    o.format = AMICUS_OUT_HTML;
    amicus_renderer *rd;
    assert_int_equal(amicus_renderer_new(f, &o, &rd, &err), AMICUS_OK);
    assert_int_equal(amicus_render_document(rd, doc, r, NULL, &err), AMICUS_OK);
    assert_int_equal(amicus_renderer_finish(rd, &err), AMICUS_OK);
    amicus_renderer_free(rd);
    fclose(f);
    for (int dm = 1; dm <= 6; dm++) {
        char want[64];
        snprintf(want, sizeof want, "id=\"" AMICUS__HTML_DEMAND_ID "\"", dm);
        assert_int_equal(count(buf, want), 1);
    }
    /* the chart has what its script updates when the filters change */
    assert_non_null(strstr(buf, "data-x=\"110\" data-w=\"220\""));
    assert_int_equal(count(buf, "<g data-c=\""), AMICUS_CONCERN_COUNT);
    assert_int_equal(count(buf, "<text class=\"v\""), AMICUS_CONCERN_COUNT);
    free(buf);
    amicus_report_free(r);
    amicus_doc_free(doc);
}

/* on_doc: once per checked document, with its corpus index, before its row, in the workers. */
typedef struct seen {
    pthread_mutex_t lock;
    unsigned char doc[64], row[64];
    size_t docs, rows, order_bad;
} seen;

static void on_doc(size_t i, const amicus_doc *doc, const amicus_report *rep, void *ctx) {
    seen *s = ctx; /* no cmocka assertion here: this is a worker thread */
    pthread_mutex_lock(&s->lock);
    if (!doc || !rep) s->order_bad++;
    if (i < 64) s->doc[i]++;
    s->docs++;
    pthread_mutex_unlock(&s->lock);
}

static void on_row(const amicus_matrix_row *row, void *ctx) {
    seen *s = ctx;
    if (row->index < 64) {
        s->row[row->index]++;
        if (!row->status && !s->doc[row->index]) s->order_bad++;
    }
    s->rows++;
}

static void test_on_doc(void **state) {
    (void)state;
    char tmp[] = "/tmp/amicus-test-matrix-XXXXXX";
    assert_non_null(mkdtemp(tmp));
    static const char BILL[] = "BILL\n\nSection 1. Offence\nA person who accesses a computer system without "
                               "authorisation commits an offence.\n";
    amicus_corpus *c;
    amicus_error err;
    assert_int_equal(amicus_corpus_new(&c, &err), AMICUS_OK);
    for (int k = 0; k < 12; k++) {
        char p[128];
        snprintf(p, sizeof p, "%s/law-%02d.txt", tmp, k);
        FILE *f = fopen(p, "w");
        assert_non_null(f);
        if (k != 5) fputs(BILL, f); /* law-05 is empty: a failed row, no on_doc */
        fclose(f);
        assert_int_equal(amicus_corpus_add(c, p, &err), AMICUS_OK);
    }
    amicus_rules *rules = g_rules;
    for (unsigned threads = 1; threads <= 4; threads += 3) {
        seen s;
        memset(&s, 0, sizeof s);
        pthread_mutex_init(&s.lock, NULL);
        amicus_matrix_options o = {0};
        o.threads = threads;
        o.on_row = on_row;
        o.on_doc = on_doc;
        o.ctx = &s;
        assert_int_equal(amicus_matrix_run(c, rules, &o, &err), AMICUS_OK);
        assert_int_equal(s.rows, 12);
        assert_int_equal(s.docs, 11);
        assert_int_equal(s.order_bad, 0);
        for (int k = 0; k < 12; k++) {
            assert_int_equal(s.row[k], 1);
            assert_int_equal(s.doc[k], k == 5 ? 0 : 1);
        }
        pthread_mutex_destroy(&s.lock);
    }
    amicus_corpus_free(c);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    assert_int_equal(system(cmd), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_page_names),
        cmocka_unit_test(test_page),
        cmocka_unit_test(test_anchor_in_report),
        cmocka_unit_test(test_on_doc),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
