/* test_corpus.c — unit tests of src/lib/corpus: classifying files, walking directories, jurisdiction codes, the worker pool (rows, threads, stop, errors). */
#include "testutil.h"
#include "corpus/corpus.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char g_tmp[256];

static void write_file(const char *rel, const char *data, size_t n) {
    char p[512];
    snprintf(p, sizeof p, "%s/%s", g_tmp, rel);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    if (n) assert_int_equal(fwrite(data, 1, n, f), n);
    fclose(f);
}

static const char BILL[] =
    "COMPUTER MISUSE BILL\n\nSection 1. Unauthorised access\n"
    "A person who intentionally accesses a computer system without authorisation commits an offence.\n\n"
    "Section 2. False information\n"
    "A person who publishes false information that is likely to cause fear or alarm commits an offence.\n";

static int setup(void **state) {
    (void)state;
    snprintf(g_tmp, sizeof g_tmp, "/tmp/amicus-test-corpus-XXXXXX");
    if (!mkdtemp(g_tmp)) return -1;
    char p[512];
    snprintf(p, sizeof p, "%s/sub", g_tmp);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/.git", g_tmp);
    mkdir(p, 0755);
    write_file("b-bill.txt", BILL, sizeof BILL - 1);
    write_file("sub/a-bill.md", BILL, sizeof BILL - 1);
    write_file("sub/empty.txt", "", 0);
    write_file("extract.json", "{}\n", 3);
    write_file("MANIFEST.tsv", "a\tb\n", 4);
    write_file("noext", "  [1]\n", 6);
    write_file("plain", "Section 1. Text\n", 16);
    write_file(".git/HEAD", "ref\n", 4);
    return 0;
}

static int teardown(void **state) {
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", g_tmp);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_accepts(void **state) {
    (void)state;
    const char *why = NULL;
    assert_int_equal(amicus_corpus_accepts("x/law.txt", &why), 1);
    assert_int_equal(amicus_corpus_accepts("x/LAW.HTML", &why), 1);
    assert_int_equal(amicus_corpus_accepts("x/a.pdf", NULL), 1);
    assert_int_equal(amicus_corpus_accepts("x/a.json", &why), 0);
    assert_string_equal(why, "json");
    assert_int_equal(amicus_corpus_accepts("x/a.PNG", &why), 0);
    assert_string_equal(why, "image");
    assert_int_equal(amicus_corpus_accepts("x/MANIFEST.tsv", &why), 0);
    assert_int_equal(amicus_corpus_accepts("x/law.txt.amicus-review", &why), 0);
    assert_string_equal(why, "review file");
    char p[512];
    snprintf(p, sizeof p, "%s/noext", g_tmp);
    assert_int_equal(amicus_corpus_accepts(p, &why), 0); /* sniffed: JSON */
    snprintf(p, sizeof p, "%s/plain", g_tmp);
    assert_int_equal(amicus_corpus_accepts(p, &why), 1);
}

static void test_jurisdiction(void **state) {
    (void)state;
    char b[8];
    assert_string_equal(amicus__corpus_jurisdiction("corpus/text/us-usc-title18.txt", b, sizeof b), "us");
    assert_string_equal(amicus__corpus_jurisdiction("coe-budapest-convention.en-nl.md", b, sizeof b), "coe");
    assert_string_equal(amicus__corpus_jurisdiction("bulk/nl-statengeneraal/verdrag/x/README.md", b, sizeof b), "nl");
    assert_null(amicus__corpus_jurisdiction("bill.txt", b, sizeof b));
    assert_null(amicus__corpus_jurisdiction("/tmp/abcd-x/bill.txt", b, sizeof b));
}

static void test_walk(void **state) {
    (void)state;
    amicus_corpus *c;
    amicus_error err;
    assert_int_equal(amicus_corpus_new(&c, &err), AMICUS_OK);
    assert_int_equal(amicus_corpus_add(c, g_tmp, &err), AMICUS_OK);
    /* b-bill.txt, plain, sub/a-bill.md, sub/empty.txt in path order; .git not walked */
    assert_int_equal(amicus_corpus_count(c), 4);
    char p[512];
    snprintf(p, sizeof p, "%s/b-bill.txt", g_tmp);
    assert_string_equal(amicus_corpus_path(c, 0), p);
    snprintf(p, sizeof p, "%s/sub/empty.txt", g_tmp);
    assert_string_equal(amicus_corpus_path(c, 3), p);
    assert_int_equal(amicus_corpus_skipped_count(c), 3); /* MANIFEST.tsv, extract.json, noext */
    assert_int_equal(amicus_corpus_bytes(c), 2 * (sizeof BILL - 1) + 16);
    for (size_t i = 0; i < amicus_corpus_skipped_count(c); i++) {
        const char *why = NULL;
        assert_non_null(amicus_corpus_skipped(c, i, &why));
        assert_non_null(why);
    }
    /* a missing file named explicitly is a document (its row will say why) */
    snprintf(p, sizeof p, "%s/missing.txt", g_tmp);
    assert_int_equal(amicus_corpus_add(c, p, &err), AMICUS_OK);
    assert_int_equal(amicus_corpus_count(c), 5);
    amicus_corpus_free(c);
}

static int drop_md(const char *path, void *ctx) {
    (void)ctx;
    return strstr(path, ".md") != NULL;
}

static void test_remove_if(void **state) {
    (void)state;
    amicus_corpus *c;
    amicus_error err;
    assert_int_equal(amicus_corpus_new(&c, &err), AMICUS_OK);
    assert_int_equal(amicus_corpus_add(c, g_tmp, &err), AMICUS_OK);
    amicus_corpus_remove_if(c, drop_md, NULL);
    assert_int_equal(amicus_corpus_count(c), 3);
    assert_int_equal(amicus_corpus_bytes(c), (sizeof BILL - 1) + 16);
    for (size_t i = 0; i < amicus_corpus_count(c); i++) assert_null(strstr(amicus_corpus_path(c, i), ".md"));
    amicus_corpus_free(c);
}

typedef struct tally { size_t rows, failed, findings, provisions; int stop_after; volatile int stop; } tally;

static void count_row(const amicus_matrix_row *r, void *ctx) {
    tally *t = ctx;
    t->rows++;
    if (r->status) {
        t->failed++;
        assert_non_null(r->error);
        assert_non_null(strstr(r->error, r->file));
    } else {
        assert_null(r->error);
        assert_string_equal(r->lang, "en");
        size_t sum = 0;
        for (int k = 0; k < AMICUS_CONCERN_COUNT; k++)
            for (int s = 1; s <= 3; s++) sum += r->by_concern[k][s];
        assert_int_equal(sum, r->findings);
    }
    t->findings += r->findings;
    t->provisions += r->provisions;
    if (t->stop_after && t->rows >= (size_t)t->stop_after) t->stop = 1;
}

/* The report tests' tiny pack (fixed findings, compiles in milliseconds): the pool is under
 * test here, not the default pack. */
static amicus_rules *rules_or_skip(void) {
    const char *src = getenv("AMICUS_SOURCE_DIR");
    if (!src || !*src) { skip(); return NULL; }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s/tests/fixtures/report/pack", src);
    amicus_rules *r;
    amicus_error err;
    char msg[1200];
    assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
    if (amicus_rules_load_dir(r, dir, &err)) fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    const char *cache = getenv("AMICUS_CACHE");
    if (cache && *cache) amicus_rules_set_cache(r, cache, &err);
    if (amicus_rules_compile(r, &err)) fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    return r;
}

static void test_run_threads(void **state) {
    (void)state;
    amicus_rules *rules = rules_or_skip();
    amicus_corpus *c;
    amicus_error err;
    assert_int_equal(amicus_corpus_new(&c, &err), AMICUS_OK);
    for (int k = 0; k < 8; k++) assert_int_equal(amicus_corpus_add(c, g_tmp, &err), AMICUS_OK);
    assert_int_equal(amicus_corpus_count(c), 32);
    tally t1 = {0}, t3 = {0};
    amicus_matrix_options o = {0};
    o.on_row = count_row;
    o.open.lang = "en";
    o.threads = 1;
    o.ctx = &t1;
    assert_int_equal(amicus_matrix_run(c, rules, &o, &err), AMICUS_OK);
    o.threads = 3;
    o.ctx = &t3;
    assert_int_equal(amicus_matrix_run(c, rules, &o, &err), AMICUS_OK);
    assert_int_equal(t1.rows, 32);
    assert_int_equal(t1.failed, 8); /* sub/empty.txt each time */
    assert_true(t1.findings > 0);
    assert_int_equal(t3.rows, t1.rows);
    assert_int_equal(t3.failed, t1.failed);
    assert_int_equal(t3.findings, t1.findings);
    assert_int_equal(t3.provisions, t1.provisions);

    /* stop: no document is started once it is set */
    tally ts = {0};
    ts.stop_after = 5;
    o.threads = 1;
    o.ctx = &ts;
    o.stop = &ts.stop;
    assert_int_equal(amicus_matrix_run(c, rules, &o, &err), AMICUS_OK);
    assert_int_equal(ts.rows, 5);
    amicus_corpus_free(c);
    amicus_rules_free(rules);
}

static void test_errors(void **state) {
    (void)state;
    amicus_error err;
    assert_int_equal(amicus_matrix_run(NULL, NULL, NULL, &err), AMICUS_ERR_USAGE);
    amicus_corpus *c;
    assert_int_equal(amicus_corpus_new(&c, &err), AMICUS_OK);
    assert_int_equal(amicus_corpus_add(c, "", &err), AMICUS_ERR_USAGE);
    amicus_corpus_free(c);
    amicus_corpus_free(NULL);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_accepts),  cmocka_unit_test(test_jurisdiction),
        cmocka_unit_test(test_walk),     cmocka_unit_test(test_remove_if),
        cmocka_unit_test(test_run_threads), cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
