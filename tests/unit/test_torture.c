/* test_torture.c — allocation-failure torture (curl's idea): every allocation of open + check + render of one small bill in six formats, and of loading its rule pack, failed in turn. */
#include "testutil.h"
#include "core/core.h"

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Every allocation from 1 to STRIDE_FROM is failed in turn; past it, one in every STRIDE
 * (AMICUS_TORTURE_STRIDE overrides; 1 = every one). The fixtures are small enough that the
 * whole run stays well under a minute under ASan (see docs/ARCHITECTURE.md for the numbers). */
#define STRIDE_FROM 4000UL
#define STRIDE_DEFAULT 1UL
#define MAX_N 1000000UL

/* blocks alive and calls made through the counting allocator (testutil) */
#define g_live tu_alloc_live
#define g_calls tu_alloc_calls

static char *src_path(const char *rel) {
    const char *src = getenv("AMICUS_SOURCE_DIR");
    size_t n = strlen(src ? src : ".") + strlen(rel) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", src ? src : ".", rel);
    return p;
}

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static unsigned long stride(void) {
    const char *s = getenv("AMICUS_TORTURE_STRIDE");
    unsigned long v = s ? strtoul(s, NULL, 10) : STRIDE_DEFAULT;
    return v ? v : 1;
}
/* AMICUS_TORTURE_FROM=N starts at allocation N (to look at one failure in a debugger) */
static unsigned long first_n(void) {
    const char *s = getenv("AMICUS_TORTURE_FROM");
    unsigned long v = s ? strtoul(s, NULL, 10) : 1;
    return v ? v : 1;
}
static unsigned long next_n(unsigned long n) { return n < STRIDE_FROM ? n + 1 : n + stride(); }

/* ---- one run: open, check, render in every output format ---- */
static const amicus_output_format OUTS[] = {AMICUS_OUT_TEXT, AMICUS_OUT_JSON, AMICUS_OUT_SARIF,
                                            AMICUS_OUT_MARKDOWN, AMICUS_OUT_HTML};
#define NOUTS (sizeof OUTS / sizeof OUTS[0])

typedef struct outputs { char *s[NOUTS]; size_t n[NOUTS]; } outputs;

static void outputs_free(outputs *o) {
    for (size_t k = 0; k < NOUTS; k++) free(o->s[k]);
    memset(o, 0, sizeof *o);
}

static amicus_status render(amicus_output_format fmt, const amicus_doc *doc, const amicus_report *rep,
                            char **buf, size_t *len, amicus_error *err) {
    FILE *f = open_memstream(buf, len);
    assert_non_null(f);
    amicus_render_options ro = {.format = fmt};
    amicus_renderer *rd = NULL;
    amicus_status st = amicus_renderer_new(f, &ro, &rd, err);
    if (st == AMICUS_OK) st = amicus_render_document(rd, doc, rep, NULL, err);
    if (st == AMICUS_OK) st = amicus_renderer_finish(rd, err);
    amicus_renderer_free(rd);
    fclose(f);
    return st;
}

static amicus_status run_once(const char *path, const amicus_rules *rules, outputs *o, amicus_error *err) {
    memset(o, 0, sizeof *o);
    memset(err, 0, sizeof *err);
    amicus_doc *doc = NULL;
    amicus_report *rep = NULL;
    amicus_status st = amicus_doc_open_file(path, NULL, &doc, err);
    if (st == AMICUS_OK) {
        assert_non_null(doc);
        st = amicus_check(doc, rules, NULL, &rep, err);
        if (st == AMICUS_OK) assert_non_null(rep);
        else if (rep) fail_msg("%s: amicus_check failed (%s) but returned a report", path, amicus_status_name(st));
    } else if (doc) {
        fail_msg("%s: open failed (%s) but returned a document", path, amicus_status_name(st));
    }
    for (size_t k = 0; k < NOUTS && st == AMICUS_OK; k++) st = render(OUTS[k], doc, rep, &o->s[k], &o->n[k], err);
    amicus_report_free(rep);
    amicus_doc_free(doc);
    return st;
}

/* ---- the rule pack: the report tests' five rules ---- */
static amicus_status load_rules(const char *dir, const char *cache, amicus_rules **out, amicus_error *err) {
    memset(err, 0, sizeof *err);
    amicus_rules *r = NULL;
    amicus_status st = amicus_rules_new(&r, err);
    if (st == AMICUS_OK && cache) st = amicus_rules_set_cache(r, cache, err);
    if (st == AMICUS_OK) st = amicus_rules_load_dir(r, dir, err);
    if (st == AMICUS_OK) st = amicus_rules_compile(r, err);
    /* the small pack's databases are built now (under failure injection, in the rules runs);
     * the default pack's on first use, for the languages the example needs */
    if (st == AMICUS_OK && !strstr(dir, "rules/default")) st = amicus_rules_prepare(r, NULL, err);
    if (st != AMICUS_OK) {
        amicus_rules_free(r);
        r = NULL;
    }
    *out = r;
    return st;
}

typedef struct fixture {
    amicus_rules *rules;
    char *pack;
    long baseline; /* blocks alive between runs (the rules, libxml2's own set-up) */
} fixture;

static int setup(void **state) {
    static fixture f;
    amicus_allocator a = tu_counting_allocator();
    amicus_set_allocator(&a);
    f.pack = src_path("tests/fixtures/report/pack");
    amicus_error err;
    if (load_rules(f.pack, NULL, &f.rules, &err) != AMICUS_OK) {
        char buf[1200];
        fprintf(stderr, "rules: %s\n", amicus_error_format(&err, buf, sizeof buf));
        return -1;
    }
    *state = &f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    amicus_rules_free(f->rules);
    free(f->pack);
    amicus_set_allocator(NULL);
    return 0;
}

static bool same_outputs(const outputs *a, const outputs *b, size_t *which) {
    for (size_t k = 0; k < NOUTS; k++)
        if (a->n[k] != b->n[k] || memcmp(a->s[k], b->s[k], a->n[k]) != 0) {
            *which = k;
            return false;
        }
    return true;
}

/* A run that failed: because allocation n did, with AMICUS_ERR_NOMEM and a message. */
static void check_failed_run(const char *what, unsigned long n, amicus_status st, bool hit, const amicus_error *err) {
    if (!hit) fail_msg("%s: run %lu failed (%s: %s) with no allocation failing", what, n, amicus_status_name(st), err->message);
    if (st != AMICUS_ERR_NOMEM)
        fail_msg("%s: allocation %lu failed: status %s, not NOMEM (%s)", what, n, amicus_status_name(st), err->message);
    if (!err->message[0]) fail_msg("%s: allocation %lu failed: NOMEM with an empty message", what, n);
}

/* Runs run(ctx) with allocation n failing, for n = 1, 2, ... (1 in stride() past STRIDE_FROM)
 * until a run no longer reaches n: a run that fails must say NOMEM with a message; one that
 * succeeds (a fallback absorbed the failure, or nothing failed) goes to ok(ctx, n), which
 * checks its result is complete and releases it; no block may stay allocated. */
typedef struct torture_stats { unsigned long runs, absorbed; double seconds; } torture_stats;
static torture_stats torture(const char *what, amicus_status (*run)(void *ctx, amicus_error *err),
                             void (*ok)(void *ctx, unsigned long n), void *ctx) {
    torture_stats ts = {0};
    long live0 = g_live;
    double t0 = now_s();
    bool done = false;
    for (unsigned long n = first_n(); n < MAX_N && !done; n = next_n(n)) {
        amicus_error err;
        unsigned long failures = amicus__alloc_failures();
        amicus_alloc_fail_after(n);
        amicus_status st = run(ctx, &err);
        amicus_alloc_fail_after(0);
        ts.runs++;
        bool hit = amicus__alloc_failures() != failures;
        if (st == AMICUS_OK) {
            ok(ctx, n);
            if (hit) {
                ts.absorbed++;
                if (getenv("AMICUS_TORTURE_VERBOSE")) fprintf(stderr, "%s: allocation %lu absorbed\n", what, n);
            } else {
                done = true; /* the run has fewer than n allocations: every one was failed */
            }
        } else {
            check_failed_run(what, n, st, hit, &err);
        }
        if (g_live != live0) fail_msg("%s: allocation %lu failed: %ld blocks not freed", what, n, g_live - live0);
    }
    assert_true(done);
    ts.seconds = now_s() - t0;
    return ts;
}

/* open + check + render of one file */
typedef struct file_run {
    const char *name, *path;
    const amicus_rules *rules;
    outputs ref, got;
} file_run;

static amicus_status file_run_once(void *ctx, amicus_error *err) {
    file_run *f = ctx;
    amicus_status st = run_once(f->path, f->rules, &f->got, err);
    if (st != AMICUS_OK) outputs_free(&f->got); /* what a failed run wrote before it failed */
    return st;
}

static void file_run_ok(void *ctx, unsigned long n) {
    file_run *f = ctx;
    size_t k;
    if (!same_outputs(&f->ref, &f->got, &k))
        fail_msg("%s: allocation %lu failed, the run reported success but its %s output differs from an "
                 "undisturbed run's (%zu bytes, expected %zu)", f->name, n, amicus_output_format_name(OUTS[k]),
                 f->got.n[k], f->ref.n[k]);
    outputs_free(&f->got);
}

static void torture_path(const amicus_rules *rules, const char *rel) {
    char *path = src_path(rel);
    file_run f = {.name = strrchr(rel, '/') ? strrchr(rel, '/') + 1 : rel, .path = path, .rules = rules};
    amicus_error err;
    /* the undisturbed run, twice: the output must not vary by itself */
    assert_int_equal(run_once(path, rules, &f.ref, &err), AMICUS_OK);
    outputs_free(&f.ref);
    long live0 = g_live, calls0 = g_calls;
    assert_int_equal(run_once(path, rules, &f.ref, &err), AMICUS_OK);
    long allocations = g_calls - calls0;
    if (g_live != live0) fail_msg("%s: an undisturbed run leaves %ld blocks allocated", f.name, g_live - live0);
    assert_int_equal(run_once(path, rules, &f.got, &err), AMICUS_OK);
    file_run_ok(&f, 0);
    for (size_t k = 0; k < NOUTS; k++) assert_true(f.ref.n[k] > 0);

    torture_stats ts = torture(f.name, file_run_once, file_run_ok, &f);
    fprintf(stderr, "torture %-22s %6ld allocations per run, %6lu runs (every one up to %lu, then 1 in %lu), "
            "%lu absorbed by a fallback, %.1f s\n", f.name, allocations, ts.runs, STRIDE_FROM, stride(),
            ts.absorbed, ts.seconds);
    outputs_free(&f.ref);
    free(path);
}

static void torture_file(void **state, const char *name) {
    fixture *f = *state;
    char rel[256];
    snprintf(rel, sizeof rel, "tests/fixtures/torture/%s", name);
    torture_path(f->rules, rel);
}
static void test_text(void **state) { torture_file(state, "bill.txt"); }
static void test_markdown(void **state) { torture_file(state, "bill.md"); }
static void test_html(void **state) { torture_file(state, "bill.html"); }
static void test_akn(void **state) { torture_file(state, "bill.akn.xml"); }
static void test_docx(void **state) { torture_file(state, "bill.docx"); }
static void test_pdf(void **state) { torture_file(state, "bill.pdf"); }

/* The bundled example bill with the default pack: every kind of condition (requires and
 * unless over ancestors, definitions, cited provisions, the document), absences, the
 * scorecard with all six demands. */
static void test_default_pack(void **state) {
    (void)state;
    const char *dir = getenv("AMICUS_RULES");
    if (!dir || !*dir) skip();
    amicus_rules *r = NULL;
    amicus_error err;
    double t0 = now_s();
    amicus_status st = load_rules(dir, getenv("AMICUS_CACHE"), &r, &err);
    if (st != AMICUS_OK) fail_msg("default pack: %s", err.message);
    fprintf(stderr, "torture: default pack loaded in %.1f s\n", now_s() - t0);
    torture_path(r, "examples/cybercrime-bill.txt");
    amicus_rules_free(r);
}

/* Loading and compiling the pack, with no cache and from a warm cache (a cache that cannot be
 * read is a fallback: the pack is compiled instead). A pack that loads must check the bill
 * exactly as the undisturbed one. */
static void rm_tree(const char *dir) {
    DIR *d = opendir(dir);
    if (!d) return;
    struct dirent *e;
    char p[4096];
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    closedir(d);
    rmdir(dir);
}

/* loading and compiling the pack */
typedef struct rules_run {
    const char *label, *pack, *cache;
    file_run bill; /* the bill checked with the pack, against the undisturbed pack's output */
    amicus_rules *r;
} rules_run;

static amicus_status rules_run_once(void *ctx, amicus_error *err) {
    rules_run *u = ctx;
    amicus_status st = load_rules(u->pack, u->cache, &u->r, err);
    if (st != AMICUS_OK) assert_null(u->r);
    return st;
}

static void rules_run_ok(void *ctx, unsigned long n) {
    rules_run *u = ctx;
    assert_non_null(u->r);
    amicus_error err;
    u->bill.rules = u->r;
    assert_int_equal(file_run_once(&u->bill, &err), AMICUS_OK);
    file_run_ok(&u->bill, n);
    amicus_rules_free(u->r);
    u->r = NULL;
}

static void torture_rules(fixture *f, const char *cache, const char *label) {
    char *bill = src_path("tests/fixtures/torture/bill.txt");
    char what[64];
    snprintf(what, sizeof what, "rules (%s)", label);
    rules_run u = {.label = label, .pack = f->pack, .cache = cache, .bill = {.name = what, .path = bill}};
    amicus_error err;
    assert_int_equal(run_once(bill, f->rules, &u.bill.ref, &err), AMICUS_OK);
    amicus_rules *r = NULL;
    assert_int_equal(load_rules(f->pack, cache, &r, &err), AMICUS_OK); /* warms the cache */
    amicus_rules_free(r);
    long live0 = g_live, calls0 = g_calls;
    assert_int_equal(load_rules(f->pack, cache, &r, &err), AMICUS_OK);
    if (cache) assert_true(amicus_rules_cache_hit(r));
    amicus_rules_free(r);
    long allocations = g_calls - calls0;
    assert_int_equal(g_live, live0);

    torture_stats ts = torture(what, rules_run_once, rules_run_ok, &u);
    fprintf(stderr, "torture %-22s %6ld allocations per run, %6lu runs, %lu absorbed by a fallback, %.1f s\n",
            what, allocations, ts.runs, ts.absorbed, ts.seconds);
    outputs_free(&u.bill.ref);
    free(bill);
}

static void test_rules_compile(void **state) { torture_rules(*state, NULL, "compile"); }

static void test_rules_cache(void **state) {
    char dir[] = "/tmp/amicus-torture-XXXXXX";
    assert_non_null(mkdtemp(dir));
    torture_rules(*state, dir, "cache");
    rm_tree(dir);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),          cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_html),          cmocka_unit_test(test_akn),
        cmocka_unit_test(test_docx),          cmocka_unit_test(test_pdf),
        cmocka_unit_test(test_default_pack),
        cmocka_unit_test(test_rules_compile), cmocka_unit_test(test_rules_cache),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
