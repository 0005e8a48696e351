/* test_rules.c — findings engine: loader errors, traits, conditions, citing, hedges, absence, scopes, fingerprints, scorecard, threads, OOM. */
#include "testutil.h"
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char g_dir[1024];

static const char *fx(const char *rel) {
    static char buf[4][1200];
    static int k;
    k = (k + 1) % 4;
    const char *src = getenv("AMICUS_SOURCE_DIR");
    snprintf(buf[k], sizeof buf[k], "%s/tests/fixtures/rules/%s", src && *src ? src : ".", rel);
    return buf[k];
}

static amicus_rules *load_pack(const char *dir) {
    amicus_rules *r = NULL;
    amicus_error err;
    char msg[1200];
    assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
    if (amicus_rules_load_dir(r, dir, &err) != AMICUS_OK) fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    if (amicus_rules_compile(r, &err) != AMICUS_OK) fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    return r;
}

static amicus_doc *open_text(const char *text, const char *name) {
    amicus_doc *d = NULL;
    amicus_error err;
    char msg[1200];
    amicus_open_options oo = {0};
    oo.lang = "en";
    if (amicus_doc_open_memory(text, strlen(text), name, &oo, &d, &err) != AMICUS_OK)
        fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    return d;
}

static amicus_doc *open_fixture(const char *rel) {
    amicus_doc *d = NULL;
    amicus_error err;
    char msg[1200];
    if (amicus_doc_open_file(fx(rel), NULL, &d, &err) != AMICUS_OK)
        fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    return d;
}

static amicus_report *check(const amicus_doc *d, const amicus_rules *r, const char *explain) {
    amicus_report *rep = NULL;
    amicus_error err;
    char msg[1200];
    amicus_check_options co = {0};
    co.explain_rule = explain;
    if (amicus_check(d, r, &co, &rep, &err) != AMICUS_OK) fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    return rep;
}

static const amicus_finding *find(const amicus_report *rep, const char *rule, size_t nth) {
    for (size_t i = 0; i < amicus_report_finding_count(rep); i++) {
        const amicus_finding *f = amicus_report_finding(rep, i);
        if (!strcmp(f->rule, rule) && nth-- == 0) return f;
    }
    return NULL;
}

static size_t count(const amicus_report *rep, const char *rule) {
    size_t n = 0;
    while (find(rep, rule, n)) n++;
    return n;
}

/* ------------------------------------------------------------ loader errors */

typedef struct bad_case { const char *dir, *file; unsigned long line, col; const char *needle; } bad_case;

static void test_load_errors(void **state) {
    (void)state;
    static const bad_case cases[] = {
        {"unknown-key", "r.yaml", 6, 1, "unknown key 'severty'"},
        {"bad-regex", "r.yaml", 8, 5, "rejected by PCRE2"},
        {"vectorscan-refuses", "r.yaml", 7, 7, "Vectorscan"},
        {"empty-match", "r.yaml", 6, 17, "empty string"},
        {"duplicate-id", "b.yaml", 2, 5, "duplicate rule id BAD-DUP"},
        {"alias-bomb", "r.yaml", 11, 8, "aliases"},
        {"missing-examples", "r.yaml", 11, 3, "'pass'"},
        {"missing-key", "r.yaml", 1, 1, "missing required key 'remedy'"},
        {"bad-enum", "r.yaml", 4, 11, "'fatal'"},
        {"wrong-type", "r.yaml", 3, 9, "must be an integer"},
        {"unknown-scope", "r.yaml", 5, 8, "'sentence'"},
        {"absent-scope", "r.yaml", 6, 9, "scope: document"},
        {"unknown-trait", "r.yaml", 8, 11, "unknown trait '@nope'"},
        {"trait-cycle", "_pack.yaml", 2, 3, "cycle"},
        {"unknown-place", "r.yaml", 9, 16, "'parent'"},
        {"unhedged-no-hedge", "r.yaml", 9, 15, "hedge"},
        {"syntax", "r.yaml", 4, 1, "YAML syntax error"},
        {"lang-mismatch", "intercept.yaml", 5, 9, "demand 5"},
        {"lang-dir", "intercept.yaml", 3, 7, "subdirectory"},
        {"lang-stub-extra", "intercept.yaml", 4, 1, "only id, lang and not_applicable"},
        {"document-citing", "r.yaml", 9, 9, "nothing cites a document-scope rule's node"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const bad_case *c = &cases[i];
        char dir[1200], rel[300];
        snprintf(rel, sizeof rel, "bad/%s", c->dir);
        snprintf(dir, sizeof dir, "%s", fx(rel));
        amicus_rules *r = NULL;
        amicus_error err;
        memset(&err, 0, sizeof err);
        assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
        amicus_status st = amicus_rules_load_dir(r, dir, &err);
        if (st == AMICUS_OK) st = amicus_rules_compile(r, &err);
        char msg[1200];
        amicus_error_format(&err, msg, sizeof msg);
        if (st != AMICUS_ERR_RULES) fail_msg("%s: expected a rules error, got %d: %s", c->dir, st, msg);
        const char *base = strrchr(err.file, '/');
        base = base ? base + 1 : err.file;
        if (strcmp(base, c->file) || err.line != c->line || err.column != c->col || !strstr(err.message, c->needle))
            fail_msg("%s: expected %s:%lu:%lu '%s', got %s", c->dir, c->file, c->line, c->col, c->needle, msg);
        amicus_rules_free(r);
    }
}

static void test_missing_dir(void **state) {
    (void)state;
    amicus_rules *r = NULL;
    amicus_error err;
    assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
    assert_int_equal(amicus_rules_load_dir(r, fx("no-such-dir"), &err), AMICUS_ERR_IO);
    assert_int_equal(amicus_rules_disable(r, "NOPE", &err), AMICUS_ERR_USAGE);
    amicus_rules_free(r);
}

/* ------------------------------------------------------------ traits and introspection */

static void test_traits(void **state) {
    (void)state;
    amicus_rules *r = load_pack(g_dir);
    size_t n = 0;
    const char *const *h = amicus_rules_trait(r, "hedge", &n);
    assert_non_null(h);
    assert_int_equal(n, 2); /* its own pattern and the one of @soft */
    assert_string_equal(h[0], "\\bas\\s+appropriate\\b");
    assert_string_equal(h[1], "\\binter\\s+alia\\b");
    assert_null(amicus_rules_trait(r, "nope", &n));
    const amicus_rule_info *in = amicus_rules_find(r, "T-COMPELLED", "en");
    assert_non_null(in);
    assert_string_equal(in->kind, "risk");
    assert_int_equal(in->demand, 6);
    assert_int_equal(in->severity, AMICUS_SEV_ERROR);
    assert_string_equal(in->scope, "paragraph");
    assert_int_equal(in->nfire, 1);
    assert_int_equal(in->npass, 2);
    assert_non_null(strstr(in->conditions, "unhedged"));
    /* every unique pattern once */
    for (size_t i = 0; i < amicus_rules_pattern_count(r); i++)
        for (size_t k = 0; k < i; k++)
            assert_string_not_equal(amicus_rules_pattern(r, i), amicus_rules_pattern(r, k));
    amicus_rules_free(r);
}

/* every rule's examples, as `amicus rules test` runs them */
static void test_pack_examples(void **state) {
    (void)state;
    amicus_rules *r = load_pack(g_dir);
    for (size_t i = 0; i < amicus_rules_count(r); i++) {
        const amicus_rule_info *in = amicus_rules_get(r, i);
        for (int pass = 0; pass < 2; pass++)
            for (size_t k = 0; k < (pass ? in->npass : in->nfire); k++) {
                amicus_doc *d = open_text(pass ? in->pass[k] : in->fire[k], "example");
                amicus_report *rep = check(d, r, NULL);
                size_t got = count(rep, in->id);
                if (pass ? got != 0 : got == 0)
                    fail_msg("%s %s example %zu: %zu findings", in->id, pass ? "pass" : "fire", k + 1, got);
                amicus_report_free(rep);
                amicus_doc_free(d);
            }
    }
    amicus_rules_free(r);
}

/* ------------------------------------------------------------ conditions on a treaty */

static void test_treaty_conditions(void **state) {
    (void)state;
    amicus_rules *r = load_pack(g_dir);
    amicus_doc *d = open_fixture("treaty.txt");
    if (amicus_doc_provision_count(d) < 4) skip(); /* structure parser not there */
    amicus_report *rep = check(d, r, "T-PRODUCTION");
    /* compelled assistance in Art. 3(2): the power is there, no judge */
    const amicus_finding *f = find(rep, "T-COMPELLED", 0);
    assert_non_null(f);
    assert_string_equal(f->article, "3");
    assert_string_equal(f->path, "Art. 3(2)");
    assert_string_equal(f->quote, "any person who has knowledge");
    assert_int_equal(f->loc.line, 14);
    assert_int_equal(count(rep, "T-COMPELLED"), 1);
    /* Art. 3(1) is "subject to Article 2", whose judicial supervision is hedged
     * ("as appropriate ... inter alia"): the unhedged safeguard is missing, so it fires */
    f = find(rep, "T-PRODUCTION", 0);
    assert_non_null(f);
    assert_string_equal(f->path, "Art. 3(1)");
    const char *ex = amicus_report_explain(rep);
    assert_non_null(ex);
    assert_non_null(strstr(ex, "discounted as hedged"));
    assert_non_null(strstr(ex, "Art. 2(2)"));
    assert_non_null(strstr(ex, "FIRES"));
    /* the same safeguard imported through the cross-reference counts when hedges don't matter */
    assert_int_equal(count(rep, "T-PRODUCTION-LAX"), 0);
    /* definitions place: "computer system" in Art. 4(1) is defined as anything that processes data */
    f = find(rep, "T-DEFINED-TERM", 0);
    assert_non_null(f);
    assert_string_equal(f->path, "Art. 4(1)");
    /* definition scope */
    f = find(rep, "T-DEVICE-DEF", 0);
    assert_non_null(f);
    assert_string_equal(f->article, "1");
    /* descendants: Art. 4's paragraph has the warrant */
    assert_int_equal(count(rep, "T-SEARCH-NO-WARRANT"), 0);
    /* absence: no gender in a text with powers, one document-level finding */
    f = find(rep, "T-NO-GENDER", 0);
    assert_non_null(f);
    assert_int_equal(f->node, 0);
    assert_null(f->article);
    assert_int_equal(count(rep, "T-NO-GENDER"), 1);
    /* evidence findings are findings */
    f = find(rep, "T-JUDGE", 0);
    assert_non_null(f);
    assert_string_equal(f->kind, "evidence");
    /* sorted by start */
    for (size_t i = 1; i < amicus_report_finding_count(rep); i++)
        assert_true(amicus_report_finding(rep, i - 1)->start <= amicus_report_finding(rep, i)->start);
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

static void test_scorecard(void **state) {
    (void)state;
    amicus_rules *r = load_pack(g_dir);
    amicus_doc *d = open_fixture("treaty.txt");
    if (amicus_doc_provision_count(d) < 4) skip();
    amicus_report *rep = check(d, r, NULL);
    const amicus_demand_result *dr = amicus_report_demand(rep, 6);
    assert_int_equal(dr->status, AMICUS_DEMAND_UNMET);
    assert_non_null(strstr(dr->reason, "T-COMPELLED in Art. 3(2)"));
    assert_non_null(strstr(dr->reason, "no evidence"));
    dr = amicus_report_demand(rep, 3); /* risk >= warning and evidence */
    assert_int_equal(dr->status, AMICUS_DEMAND_PARTLY);
    assert_true(dr->nfindings >= 2);
    dr = amicus_report_demand(rep, 5); /* relevant_if matches nowhere */
    assert_int_equal(dr->status, AMICUS_DEMAND_NA);
    dr = amicus_report_demand(rep, 2); /* silence */
    assert_int_equal(dr->status, AMICUS_DEMAND_PARTLY);
    assert_non_null(strstr(dr->reason, "silence"));
    assert_null(amicus_report_demand(rep, 7));
    amicus_report_free(rep);
    amicus_doc_free(d);
    /* evidence only: met */
    d = open_text("A judge may issue a warrant to search the house.", "met");
    rep = check(d, r, NULL);
    assert_int_equal(amicus_report_demand(rep, 3)->status, AMICUS_DEMAND_MET);
    /* demand 6 is about powers: none here (no "order", no "empower") */
    assert_int_equal(amicus_report_demand(rep, 6)->status, AMICUS_DEMAND_NA);
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

/* ------------------------------------------------------------ hedges, absence, scope fallback */

static void test_unhedged_sentence(void **state) {
    (void)state;
    amicus_rules *r = load_pack(g_dir);
    /* the hedge is in another sentence: the warrant counts, no finding */
    amicus_doc *d = open_text("Each Party shall empower its authorities to act as appropriate. On a warrant, they may order "
                              "any person who has knowledge to help.", "s1");
    amicus_report *rep = check(d, r, NULL);
    assert_int_equal(count(rep, "T-COMPELLED"), 0);
    amicus_report_free(rep);
    amicus_doc_free(d);
    /* same sentence: the warrant is hedged and does not count */
    d = open_text("Each Party shall empower its authorities, on a warrant as appropriate, to order\n"
                  "any person who has knowledge to help.", "s2");
    rep = check(d, r, "T-COMPELLED");
    assert_int_equal(count(rep, "T-COMPELLED"), 1);
    assert_non_null(strstr(amicus_report_explain(rep), "hedged by 'as appropriate'"));
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

static void test_absent_and_disable(void **state) {
    (void)state;
    amicus_rules *r = load_pack(g_dir);
    amicus_error err;
    amicus_doc *d = open_text("Each Party shall empower its authorities.", "a");
    amicus_report *rep = check(d, r, NULL);
    assert_int_equal(count(rep, "T-NO-GENDER"), 1);
    const amicus_finding *f = find(rep, "T-NO-GENDER", 0);
    assert_int_equal(f->severity, AMICUS_SEV_WARNING);
    assert_string_equal(f->quote, "");
    amicus_report_free(rep);
    assert_int_equal(amicus_rules_set_severity(r, "T-NO-GENDER", AMICUS_SEV_ERROR, &err), AMICUS_OK);
    rep = check(d, r, NULL);
    assert_int_equal(find(rep, "T-NO-GENDER", 0)->severity, AMICUS_SEV_ERROR);
    amicus_report_free(rep);
    assert_int_equal(amicus_rules_disable(r, "T-NO-GENDER", &err), AMICUS_OK);
    rep = check(d, r, "T-NO-GENDER");
    assert_int_equal(count(rep, "T-NO-GENDER"), 0);
    assert_non_null(strstr(amicus_report_explain(rep), "disabled"));
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

static void test_scope_fallback(void **state) {
    (void)state;
    amicus_rules *r = load_pack(g_dir);
    /* no provisions: the whole text is one paragraph */
    amicus_doc *d = open_text("They shall be empowered to order any person who has knowledge to help.", "short");
    assert_int_equal(amicus_doc_provision_count(d), 0);
    amicus_report *rep = check(d, r, NULL);
    const amicus_finding *f = find(rep, "T-COMPELLED", 0);
    assert_non_null(f);
    assert_null(f->article);
    assert_string_equal(f->quote, "any person who has knowledge");
    assert_int_equal(f->start, strlen("They shall be empowered to order "));
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

/* ------------------------------------------------------------ fingerprints */

static void test_fingerprints(void **state) {
    (void)state;
    amicus_rules *r = load_pack(g_dir);
    const char *a = "Article 3 - Orders\n1. Each Party shall empower its authorities to order any person who has "
                    "knowledge about the functioning of the system to help.\n";
    /* re-wrapped, renumbered, different case, moved down by a new article */
    const char *b = "Article 1 - New\n1. Something else entirely.\n\nArticle 7 - Orders\n2. Each Party shall empower\n"
                    "its authorities to order ANY person who has\n   knowledge about the functioning of the system to help.\n";
    const char *c = "Article 3 - Orders\n1. Each Party shall empower its authorities to order any person who has "
                    "knowledge about the design of the system to help.\n";
    char fa[17], fb[17], fc[17];
    const char *texts[3] = {a, b, c};
    char *out[3] = {fa, fb, fc};
    for (int i = 0; i < 3; i++) {
        amicus_doc *d = open_text(texts[i], "fp");
        amicus_report *rep = check(d, r, NULL);
        const amicus_finding *f = find(rep, "T-COMPELLED", 0);
        assert_non_null(f);
        assert_int_equal(strlen(f->fingerprint), 16);
        memcpy(out[i], f->fingerprint, 17);
        amicus_report_free(rep);
        amicus_doc_free(d);
    }
    assert_string_equal(fa, fb);
    assert_string_not_equal(fa, fc); /* a neighbouring word changed */
    /* the same provision twice (renumbered copies): two findings, two fingerprints */
    char twice[1200];
    snprintf(twice, sizeof twice, "%s\n%s", a, a);
    amicus_doc *d = open_text(twice, "fp2");
    amicus_report *rep = check(d, r, NULL);
    const amicus_finding *f1 = find(rep, "T-COMPELLED", 0), *f2 = find(rep, "T-COMPELLED", 1);
    if (amicus_doc_provision_count(d) >= 2) {
        assert_non_null(f1);
        assert_non_null(f2);
        assert_string_equal(f1->fingerprint, fa); /* the first copy keeps its fingerprint */
        assert_string_not_equal(f1->fingerprint, f2->fingerprint);
    }
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

/* ------------------------------------------------------------ threads */

typedef struct targ { const amicus_rules *r; const amicus_doc *d; size_t n; int bad; } targ;

static void *worker(void *p) {
    targ *t = p;
    for (int i = 0; i < 30; i++) {
        amicus_report *rep = NULL;
        amicus_error err;
        if (amicus_check(t->d, t->r, NULL, &rep, &err) != AMICUS_OK) { t->bad = 1; return NULL; }
        if (amicus_report_finding_count(rep) != t->n) t->bad = 1;
        amicus_report_free(rep);
    }
    return NULL;
}

static void test_threads(void **state) {
    (void)state;
    amicus_rules *r0 = load_pack(g_dir);
    amicus_doc *d = open_fixture("treaty.txt");
    amicus_report *rep = check(d, r0, NULL);
    size_t n = amicus_report_finding_count(rep);
    amicus_report_free(rep);
    amicus_rules_free(r0);
    /* a fresh pack: the threads race to build its database on first use (built once) */
    for (int round = 0; round < 3; round++) {
        amicus_rules *r = load_pack(g_dir);
        targ t[4];
        pthread_t th[4];
        for (int i = 0; i < 4; i++) {
            t[i] = (targ){r, d, n, 0};
            assert_int_equal(pthread_create(&th[i], NULL, worker, &t[i]), 0);
        }
        for (int i = 0; i < 4; i++) {
            pthread_join(th[i], NULL);
            assert_int_equal(t[i].bad, 0);
        }
        amicus_rules_free(r);
    }
    amicus_doc_free(d);
}

/* ------------------------------------------------------------ allocation failures */

static void test_alloc_failures(void **state) {
    (void)state;
    /* loading: every allocation in turn fails, then everything succeeds */
    unsigned long n;
    for (n = 1; n < 20000; n++) {
        amicus_rules *r = NULL;
        amicus_error err;
        amicus_alloc_fail_after(n);
        amicus_status st = amicus_rules_new(&r, &err);
        if (st == AMICUS_OK) st = amicus_rules_load_dir(r, g_dir, &err);
        amicus_alloc_fail_after(0);
        amicus_rules_free(r);
        if (st == AMICUS_OK) break;
        assert_true(st == AMICUS_ERR_NOMEM || st == AMICUS_ERR_RULES || st == AMICUS_ERR_IO);
    }
    assert_true(n < 20000);
    /* compiling: a sample of failure points */
    for (n = 1; n < 200000; n = n * 3 + 1) {
        amicus_rules *r = NULL;
        amicus_error err;
        assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
        assert_int_equal(amicus_rules_load_dir(r, g_dir, &err), AMICUS_OK);
        amicus_alloc_fail_after(n);
        amicus_status st = amicus_rules_compile(r, &err);
        amicus_alloc_fail_after(0);
        amicus_rules_free(r);
        if (st == AMICUS_OK) break;
    }
    /* checking: every allocation in turn */
    amicus_rules *r = load_pack(g_dir);
    amicus_doc *d = open_fixture("treaty.txt");
    for (n = 1; n < 100000; n++) {
        amicus_report *rep = NULL;
        amicus_error err;
        amicus_check_options co = {.explain_rule = "T-PRODUCTION"};
        amicus_alloc_fail_after(n);
        amicus_status st = amicus_check(d, r, &co, &rep, &err);
        amicus_alloc_fail_after(0);
        if (st == AMICUS_OK) {
            assert_non_null(rep);
            amicus_report_free(rep);
            break;
        }
        assert_null(rep);
        assert_int_equal(st, AMICUS_ERR_NOMEM);
    }
    assert_true(n < 100000);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

/* ------------------------------------------------------------ compile cache */

static void test_cache(void **state) {
    (void)state;
    char dir[] = "/tmp/amicus-test-cache-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[300];
    snprintf(sub, sizeof sub, "%s/a/b", dir); /* created on demand */
    size_t nf[3];
    for (int round = 0; round < 3; round++) {
        amicus_rules *r = NULL;
        amicus_error err;
        assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
        assert_int_equal(amicus_rules_set_cache(r, sub, &err), AMICUS_OK);
        assert_int_equal(amicus_rules_load_dir(r, g_dir, &err), AMICUS_OK);
        assert_int_equal(amicus_rules_compile(r, &err), AMICUS_OK);
        assert_int_equal(amicus_rules_cache_hit(r), 0); /* nothing built yet: databases are lazy */
        amicus_doc *d = open_text("They shall empower them to order any person who has knowledge to help.", "c");
        amicus_report *rep = check(d, r, NULL);
        assert_int_equal(amicus_rules_cache_hit(r), round == 1);
        nf[round] = amicus_report_finding_count(rep);
        amicus_report_free(rep);
        amicus_doc_free(d);
        amicus_rules_free(r);
        if (round == 1) { /* damage the cache file: the next compile must not trust it */
            char cmd[400];
            snprintf(cmd, sizeof cmd, "for f in %s/amicus-*.hsdb; do printf 'garbage' > \"$f\"; done", sub);
            assert_int_equal(system(cmd), 0);
        }
    }
    assert_true(nf[0] > 0);
    assert_int_equal(nf[0], nf[1]);
    assert_int_equal(nf[0], nf[2]);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

/* ------------------------------------------------------------ speed (corpus) */

/* a bilingual treaty (English then Dutch): English rules judge the English part only, and an
 * absence rule applies to it although the document as a whole is multilingual */
static void test_budapest_bilingual(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    amicus_rules *r = load_pack(g_dir);
    amicus_doc *d = tu_open_corpus("coe-budapest-convention-ets185.en-nl.md");
    amicus_report *rep = check(d, r, NULL);
    assert_int_equal(count(rep, "T-NO-GENDER"), 1);
    /* art. 19(4): compelled assistance; art. 19 is subject to art. 15, whose judicial
     * supervision is hedged ("as appropriate ... inter alia"), so nothing binding saves it */
    const amicus_finding *f = NULL;
    for (size_t i = 0; (f = find(rep, "T-COMPELLED", i)); i++)
        if (f->path && !strcmp(f->path, "Art. 19(4)")) break;
    assert_non_null(f);
    assert_int_equal(count(rep, "T-COMPELLED"), 1); /* not again in the Dutch text */
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

/* ------------------------------------------------------------ lead-in, item fallback, sentence */

static void test_scopes_sentence(void **state) {
    (void)state;
    amicus_rules *r = load_pack(fx("scopes"));
    amicus_doc *d = open_fixture("scopes.txt");
    amicus_report *rep = check(d, r, NULL);
    /* s. 12's lead-in is in no numbered paragraph, yet in the paragraph scope; the warrant of
     * its second sentence does not cover the collection power of the first */
    assert_string_equal(find(rep, "S-LEAD", 0)->article, "12");
    /* [node]: the whole lead-in of s. 12, warrant included; s. 15 is two unnumbered paragraphs
     * (a sentence ends the first line, a capital starts the next), so the warrant of the second
     * does not cover the power of the first; s. 16 is one paragraph printed on two lines (the
     * first ends inside the sentence), warrant included */
    assert_int_equal(count(rep, "S-LEAD-NODE"), 1);
    assert_string_equal(find(rep, "S-LEAD-NODE", 0)->article, "15");
    assert_string_equal(find(rep, "S-LEAD-NODE", 0)->path, "s. 15");
    /* item scope: s. 13 has no items, so the provision stands in; s. 14's lead-in is not an item */
    assert_int_equal(count(rep, "S-ITEM"), 1);
    assert_string_equal(find(rep, "S-ITEM", 0)->article, "13");
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
    /* a condition only in [sentence] in an absence rule is refused */
    r = NULL;
    amicus_error err;
    assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
    assert_int_equal(amicus_rules_load_dir(r, fx("bad/absent-sentence"), &err), AMICUS_ERR_RULES);
    assert_non_null(strstr(err.message, "sentence"));
    amicus_rules_free(r);
}

/* ------------------------------------------------------------ the citing place */

/* which provisions (or paths, for paragraph scope) rule fires in, space-separated */
static void fired_in(const amicus_report *rep, const char *rule, bool paths, char *out, size_t cap) {
    size_t o = 0;
    out[0] = 0;
    for (size_t i = 0; i < amicus_report_finding_count(rep); i++) {
        const amicus_finding *f = amicus_report_finding(rep, i);
        if (strcmp(f->rule, rule)) continue;
        int n = snprintf(out + o, cap - o, "%s%s", o ? " " : "", paths ? f->path : f->article);
        if (n < 0 || (size_t)n >= cap - o) break;
        o += (size_t)n;
    }
}

static void test_citing(void **state) {
    (void)state;
    amicus_rules *r = load_pack(fx("citing"));
    amicus_doc *d = open_fixture("citing.txt");
    amicus_report *rep = check(d, r, NULL);
    char got[256];
    /* reading only what the power cites, every power without a warrant in its own text fires */
    fired_in(rep, "C-CITED", false, got, sizeof got);
    assert_string_equal(got, "1 3 5 6 9 12 14");
    /* citing: s. 1 is bound by s. 2, which cites it; s. 5 by s. 4 (2); s. 6 by s. 8, which s. 7
     * applies to it in the sentence that cites it (one level); s. 14 by the lead-in of the list
     * whose item (a) cites it. Still firing: s. 3 (s. 4 (1) cites it only to delete its data, the
     * warrant of s. 4 (2) is another unit's), s. 9 (s. 11 is listed beside it, not applied to it),
     * s. 12 (s. 13 cites s. 11 in another sentence) */
    fired_in(rep, "C-CITING", false, got, sizeof got);
    assert_string_equal(got, "3 9 12");
    /* paragraph scope: s. 16 (2) cites (1), a sibling paragraph; (3) is cited by nothing */
    fired_in(rep, "C-PARA", true, got, sizeof got);
    assert_string_equal(got, "s. 16(3)");
    amicus_report_free(rep);
    /* --explain names the place and the provision the match came from */
    rep = check(d, r, "C-CITING");
    const char *ex = amicus_report_explain(rep);
    assert_non_null(ex);
    assert_non_null(strstr(ex, "in [node, citing]"));
    assert_non_null(strstr(ex, "in s. 2"));
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

/* ------------------------------------------------------------ language subdirectories */

static amicus_doc *open_lang(const char *text, const char *lang) {
    amicus_doc *d = NULL;
    amicus_error err;
    char msg[1200];
    amicus_open_options oo = {0};
    oo.lang = lang;
    if (amicus_doc_open_memory(text, strlen(text), "t.txt", &oo, &d, &err) != AMICUS_OK)
        fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    return d;
}

static size_t lang_count(const amicus_rules *r, const char *text, const char *lang, const char *rule) {
    amicus_doc *d = open_lang(text, lang);
    amicus_report *rep = check(d, r, NULL);
    size_t n = count(rep, rule);
    amicus_report_free(rep);
    amicus_doc_free(d);
    return n;
}

static void test_languages(void **state) {
    (void)state;
    amicus_rules *r = load_pack(fx("langs"));
    assert_int_equal(amicus_rules_count(r), 4); /* two rules in en and es */
    /* coverage: L-INTERCEPT has no fr version; L-NO-RIGHTS is not_applicable in fr */
    assert_int_equal(amicus_rules_gap_count(r), 1);
    const char *id, *lang, *reason;
    assert_true(amicus_rules_gap(r, 0, &id, &lang));
    assert_string_equal(id, "L-INTERCEPT");
    assert_string_equal(lang, "fr");
    assert_false(amicus_rules_gap(r, 1, &id, &lang));
    assert_int_equal(amicus_rules_not_applicable_count(r), 1);
    assert_true(amicus_rules_not_applicable(r, 0, &id, &lang, &reason));
    assert_string_equal(id, "L-NO-RIGHTS");
    assert_string_equal(lang, "fr");
    assert_non_null(strstr(reason, "rights instruments"));
    /* the English root trait is not shadowed for English rules */
    size_t n;
    const char *const *h = amicus_rules_trait(r, "hedge", &n);
    assert_int_equal(n, 1);
    assert_string_equal(h[0], "\\bas\\s+appropriate\\b");

    /* Spanish rules use the Spanish traits; caseless accented letters through Vectorscan */
    assert_int_equal(lang_count(r, "La policía podrá interceptar las comunicaciones.", "es", "L-INTERCEPT"), 1);
    assert_int_equal(lang_count(r, "La policía PODRÁ INTERCEPTAR las comunicaciones.", "es", "L-INTERCEPT"), 1);
    assert_int_equal(lang_count(r, "La policía Podrá Interceptar las comunicaciones con AUTORIZACIÓN JUDICIAL.", "es", "L-INTERCEPT"), 0);
    assert_int_equal(lang_count(r, "La policía podrá interceptar las comunicaciones con autorización judicial.", "es", "L-INTERCEPT"), 0);
    /* the Spanish hedge discounts the Spanish safeguard */
    assert_int_equal(lang_count(r, "La policía podrá interceptar, con autorización judicial cuando proceda.", "es", "L-INTERCEPT"), 1);
    /* English text is not judged by Spanish rules, nor Spanish text by English ones */
    assert_int_equal(lang_count(r, "The police may intercept communications.", "es", "L-INTERCEPT"), 0);
    assert_int_equal(lang_count(r, "La policía podrá interceptar las comunicaciones.", "en", "L-INTERCEPT"), 0);
    assert_int_equal(lang_count(r, "The police may intercept communications.", "en", "L-INTERCEPT"), 1);
    /* an ASCII pattern (compiled over bytes): a leading \\b after a non-ASCII letter is no
     * boundary, after non-ASCII punctuation it is */
    assert_int_equal(lang_count(r, "The police émay intercept communications.", "en", "L-INTERCEPT"), 0);
    assert_int_equal(lang_count(r, "The police \u00abmay intercept\u00bb communications.", "en", "L-INTERCEPT"), 1);
    assert_int_equal(lang_count(r, "The police may intercepté communications.", "en", "L-INTERCEPT"), 0);
    /* \\b next to non-ASCII letters: Unicode word characters on both sides */
    assert_int_equal(lang_count(r, "Se permite la intervención, sin más.", "es", "L-INTERCEPT"), 1);
    assert_int_equal(lang_count(r, "Se permite la INTERVENCIÓN.", "es", "L-INTERCEPT"), 1);
    assert_int_equal(lang_count(r, "Se permite la intervenciónes.", "es", "L-INTERCEPT"), 0);
    assert_int_equal(lang_count(r, "Se permite la éintervención.", "es", "L-INTERCEPT"), 0);
    assert_int_equal(lang_count(r, "Se permite la ñintervención.", "es", "L-INTERCEPT"), 0);
    assert_int_equal(lang_count(r, "La policía podrá interceptarlas.", "es", "L-INTERCEPT"), 0);

    /* absence and scorecard relevance in Spanish use the Spanish traits */
    amicus_doc *d = open_lang("Artículo 1. La policía podrá interceptar las comunicaciones.", "es");
    amicus_report *rep = check(d, r, NULL);
    assert_int_equal(count(rep, "L-NO-RIGHTS"), 1);
    assert_int_equal(amicus_report_demand(rep, 6)->status, AMICUS_DEMAND_UNMET);
    amicus_report_free(rep);
    amicus_doc_free(d);
    d = open_lang("Artículo 1. La policía podrá interceptar las comunicaciones. Se respetan los derechos humanos.", "es");
    rep = check(d, r, NULL);
    assert_int_equal(count(rep, "L-NO-RIGHTS"), 0);
    amicus_report_free(rep);
    amicus_doc_free(d);
    d = open_lang("Artículo 1. Los Estados cooperan.", "es");
    rep = check(d, r, NULL);
    assert_int_equal(count(rep, "L-NO-RIGHTS"), 0);
    assert_int_equal(amicus_report_demand(rep, 6)->status, AMICUS_DEMAND_NA);
    amicus_report_free(rep);
    amicus_doc_free(d);
    /* a Spanish power in an English document does not make demand 6 relevant */
    d = open_lang("Article 1. States cooperate. La policía podrá interceptar.", "en");
    rep = check(d, r, NULL);
    assert_int_equal(amicus_report_demand(rep, 6)->status, AMICUS_DEMAND_NA);
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

/* one database per language, built when a document first needs it */
static size_t count_files(const char *dir) {
    char cmd[600];
    snprintf(cmd, sizeof cmd, "ls %s 2>/dev/null | grep -c '\\.hsdb$'", dir);
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    size_t n = 0;
    if (fscanf(p, "%zu", &n) != 1) n = 0;
    pclose(p);
    return n;
}

static void test_lazy_languages(void **state) {
    (void)state;
    char dir[] = "/tmp/amicus-test-lazy-XXXXXX";
    assert_non_null(mkdtemp(dir));
    amicus_rules *r = NULL;
    amicus_error err;
    assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
    assert_int_equal(amicus_rules_set_cache(r, dir, &err), AMICUS_OK);
    assert_int_equal(amicus_rules_load_dir(r, fx("langs"), &err), AMICUS_OK);
    assert_int_equal(amicus_rules_compile(r, &err), AMICUS_OK);
    assert_true(amicus_rules_compile_ms(r) == 0.0);
    assert_int_equal(count_files(dir), 0);
    /* an English document builds the English database only */
    assert_int_equal(lang_count(r, "The police may intercept communications.", "en", "L-INTERCEPT"), 1);
    assert_int_equal(count_files(dir), 1);
    assert_int_equal(lang_count(r, "The police may intercept the post.", "en", "L-INTERCEPT"), 1);
    assert_int_equal(count_files(dir), 1);
    /* a Spanish one adds the Spanish database */
    assert_int_equal(lang_count(r, "La policía podrá interceptar las comunicaciones.", "es", "L-INTERCEPT"), 1);
    assert_int_equal(count_files(dir), 2);
    /* a language without rules: only the relevance patterns, in a database of their own */
    assert_int_equal(lang_count(r, "De politie mag communicatie onderscheppen.", "nl", "L-INTERCEPT"), 0);
    size_t after_nl = count_files(dir);
    assert_true(after_nl <= 3);
    assert_int_equal(amicus_rules_prepare(r, NULL, &err), AMICUS_OK);
    assert_int_equal(count_files(dir), after_nl);
    assert_true(amicus_rules_compile_ms(r) > 0.0);
    amicus_rules_free(r);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
}

static void test_title18_speed(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    const char *rules_dir = getenv("AMICUS_RULES");
    if (!rules_dir || !*rules_dir) skip();
    amicus_rules *r = load_pack(rules_dir);
    amicus_doc *d = tu_open_corpus("text/us-usc-title18.txt");
    amicus_report *rep = check(d, r, NULL);
    assert_non_null(rep);
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

int main(void) {
    snprintf(g_dir, sizeof g_dir, "%s", fx("pack"));
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_errors),
        cmocka_unit_test(test_missing_dir),
        cmocka_unit_test(test_traits),
        cmocka_unit_test(test_pack_examples),
        cmocka_unit_test(test_treaty_conditions),
        cmocka_unit_test(test_scorecard),
        cmocka_unit_test(test_unhedged_sentence),
        cmocka_unit_test(test_absent_and_disable),
        cmocka_unit_test(test_scope_fallback),
        cmocka_unit_test(test_fingerprints),
        cmocka_unit_test(test_threads),
        cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_budapest_bilingual),
        cmocka_unit_test(test_scopes_sentence),
        cmocka_unit_test(test_citing),
        cmocka_unit_test(test_languages),
        cmocka_unit_test(test_lazy_languages),
        cmocka_unit_test(test_title18_speed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
