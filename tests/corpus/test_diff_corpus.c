/* test_diff_corpus.c — amicus diff on real texts: dated versions, and edits of English texts made in memory (renumber, insert, delete, move, split, whitespace, a safeguard added or removed), unrelated laws, Title 18. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "testutil.h"

#define BUDAPEST "coe-budapest-convention-ets185.en-nl.md"
#define KENYA "text/ke-computer-misuse-cybercrimes-act-2018.txt"
#define TITLE18 "text/us-usc-title18.txt"

static amicus_rules *g_rules;

static const amicus_rules *rules(void) {
    if (g_rules) return g_rules;
    amicus_error err;
    const char *dir = getenv("AMICUS_RULES");
    assert_non_null(dir);
    assert_int_equal(amicus_rules_new(&g_rules, &err), AMICUS_OK);
    assert_int_equal(amicus_rules_load_dir(g_rules, dir, &err), AMICUS_OK);
    assert_int_equal(amicus_rules_compile(g_rules, &err), AMICUS_OK);
    return g_rules;
}

static int teardown(void **state) {
    (void)state;
    amicus_rules_free(g_rules);
    return 0;
}

static char *slurp(const char *rel) {
    char *p = tu_corpus_path(rel);
    FILE *f = fopen(p, "rb");
    if (!f) fail_msg("cannot read %s", p);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *s = malloc((size_t)n + 1);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = 0;
    fclose(f);
    free(p);
    return s;
}

/* s with [a, b) replaced by ins (a new string; s is freed) */
static char *splice(char *s, size_t a, size_t b, const char *ins) {
    size_t n = strlen(s), k = strlen(ins);
    char *r = malloc(n - (b - a) + k + 1);
    memcpy(r, s, a);
    memcpy(r + a, ins, k);
    memcpy(r + a + k, s + b, n - b + 1);
    free(s);
    return r;
}
static size_t find(const char *s, const char *what) {
    const char *p = strstr(s, what);
    if (!p) fail_msg("'%s' not found in the text", what);
    return (size_t)(p - s);
}
static char *replace(char *s, const char *from, const char *to) {
    size_t a = find(s, from);
    return splice(s, a, a + strlen(from), to);
}

static amicus_doc *open_mem(const char *s, const char *name) {
    amicus_doc *d = NULL;
    amicus_error err;
    assert_int_equal(amicus_doc_open_memory(s, strlen(s), name, NULL, &d, &err), AMICUS_OK);
    return d;
}

typedef struct run { amicus_doc *a, *b; amicus_diff *d; double secs; } run;

static run diff_docs(amicus_doc *a, amicus_doc *b, const amicus_rules *r, const amicus_review *rv) {
    run x = {a, b, NULL, 0};
    amicus_diff_options o = {0};
    o.review = rv;
    amicus_error err;
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    assert_int_equal(amicus_diff_compute(a, b, r, &o, &x.d, &err), AMICUS_OK);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    x.secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    return x;
}
static run diff_mem(const char *old, const char *new_, const amicus_rules *r) {
    return diff_docs(open_mem(old, "old.md"), open_mem(new_, "new.md"), r, NULL);
}
static void run_free(run *x) {
    amicus_diff_free(x->d);
    amicus_doc_free(x->a);
    amicus_doc_free(x->b);
}

static size_t count(const run *x, amicus_diff_status s) { return amicus_diff_status_count(x->d, s); }

static const amicus_diff_entry *by_new(const run *x, const char *num) {
    for (size_t i = 0; i < amicus_diff_entry_count(x->d); i++) {
        const amicus_diff_entry *e = amicus_diff_entry_at(x->d, i);
        if (e->new_node && !strcmp(e->new_node->number, num) && !strcmp(e->new_node->lang, "en")) return e;
    }
    return NULL;
}

static int has_finding(const run *x, amicus_diff_delta which, const char *rule, const char *path_prefix) {
    for (size_t i = 0; i < amicus_diff_finding_count(x->d, which); i++) {
        const amicus_finding *f = amicus_diff_finding(x->d, which, i);
        if (!strcmp(f->rule, rule) && (!path_prefix || (f->path && !strncmp(f->path, path_prefix, strlen(path_prefix)))))
            return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ dated versions */

static run diff_versions(const char *a, const char *b) {
    return diff_docs(tu_open_corpus(a), tu_open_corpus(b), NULL, NULL);
}

static void test_versions_stgb(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    run x = diff_versions("versions/de-stgb.2012-07-02.md", "versions/de-stgb.2013-01-11.md");
    assert_int_equal(count(&x, AMICUS_DIFF_CHANGED), 3); /* § 43, § 58 (a heading), § 353b (3a) */
    assert_int_equal(count(&x, AMICUS_DIFF_ADDED) + count(&x, AMICUS_DIFF_REMOVED), 0);
    assert_int_equal(count(&x, AMICUS_DIFF_UNCHANGED), amicus_doc_provision_count(x.a) - 3);
    int found = 0;
    for (size_t i = 0; i < amicus_diff_entry_count(x.d); i++) {
        const amicus_diff_entry *e = amicus_diff_entry_at(x.d, i);
        if (!e->new_node || strcmp(e->new_node->number, "353b")) continue;
        assert_int_equal(e->status, AMICUS_DIFF_CHANGED);
        for (size_t k = 0; k < e->nedits; k++)
            if (e->edits[k].op == AMICUS_DIFF_INSERT) {
                found = 1;
                /* (3a) is not outlined as a paragraph of its own yet: the path is (3) or (3a) */
                assert_int_equal(strncmp(e->edits[k].path, "\xc2\xa7 353b(3", 9), 0);
                assert_int_equal(strncmp(amicus_doc_text(x.b, NULL) + e->edits[k].new_start, "(3a) Beihilfehandlungen", 23), 0);
            }
    }
    assert_true(found);
    run_free(&x);
}

static void test_versions_netzdg_lu_ar(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    run x = diff_versions("versions/de-netzdg.2022-01-28.md", "versions/de-netzdg.2022-02-13.md");
    assert_int_equal(count(&x, AMICUS_DIFF_ADDED), 2); /* § 3a, § 5a */
    assert_int_equal(count(&x, AMICUS_DIFF_CHANGED), 2); /* § 1, § 4 */
    assert_int_equal(count(&x, AMICUS_DIFF_REMOVED), 0);
    run_free(&x);
    /* the Argentine versions differ only in their YAML front matter */
    x = diff_versions("versions/ar-ley27078-argentina-digital.2016-01-04.es.md",
                      "versions/ar-ley27078-argentina-digital.2025-06-26.es.md");
    assert_true(amicus_diff_entry_count(x.d) > 50);
    assert_int_equal(count(&x, AMICUS_DIFF_UNCHANGED), amicus_diff_entry_count(x.d));
    run_free(&x);
    /* Luxembourg: most provisions carry over, every provision is accounted for */
    x = diff_versions("versions/lu-code-penal-incl-509.2017-04-01.fr.md", "versions/lu-code-penal-incl-509.2023-07-01.fr.md");
    size_t paired = 0, olds = 0, news = 0;
    for (size_t i = 0; i < amicus_diff_entry_count(x.d); i++) {
        const amicus_diff_entry *e = amicus_diff_entry_at(x.d, i);
        paired += e->old_node && e->new_node;
        olds += e->old_node != NULL;
        news += e->new_node != NULL;
    }
    assert_true(olds >= amicus_doc_provision_count(x.a));
    assert_true(news >= amicus_doc_provision_count(x.b));
    assert_true(paired > amicus_doc_provision_count(x.a) * 8 / 10);
    run_free(&x);
}

/* -------------------------------------------------- edits of the Budapest text */

/* every English "### Article  N" heading with N > 10 becomes N + 1 */
static char *renumber_after_10(const char *s) {
    size_t n = strlen(s);
    char *r = malloc(n * 2 + 1), *o = r;
    const char *p = s;
    while (*p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p + 1) : strlen(p);
        const char *q = p;
        while (*q == '#') q++;
        while (*q == ' ') q++;
        if (q > p && *p == '#' && !strncmp(q, "Article", 7)) {
            const char *d = q + 7;
            while (*d == ' ') d++;
            char *end;
            long num = strtol(d, &end, 10);
            if (end > d && num > 10) {
                o += sprintf(o, "%.*s%ld", (int)(d - p), p, num + 1);
                memcpy(o, end, len - (size_t)(end - p));
                o += len - (size_t)(end - p);
                p += len;
                continue;
            }
        }
        memcpy(o, p, len);
        o += len;
        p += len;
    }
    *o = 0;
    return r;
}

static void test_budapest_renumber(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    char *a = slurp(BUDAPEST), *b = renumber_after_10(a);
    run x = diff_mem(a, b, NULL); /* (findings across renumbering: tests/cli/diff_cli.sh) */
    assert_int_equal(count(&x, AMICUS_DIFF_RENUMBERED), 48 - 10);
    assert_int_equal(count(&x, AMICUS_DIFF_CHANGED) + count(&x, AMICUS_DIFF_MOVED) + count(&x, AMICUS_DIFF_ADDED) +
                     count(&x, AMICUS_DIFF_REMOVED) + count(&x, AMICUS_DIFF_SPLIT) + count(&x, AMICUS_DIFF_MERGED), 0);
    const amicus_diff_entry *e = by_new(&x, "22");
    assert_string_equal(e->old_node->number, "21");
    assert_int_equal(e->status, AMICUS_DIFF_RENUMBERED);
    assert_false(e->text_changed);
    run_free(&x);
    free(a);
    free(b);
}

static void test_budapest_insert_delete(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    char *a = slurp(BUDAPEST), *b = strdup(a);
    size_t at = find(b, "### Article  6  ");
    b = splice(b, at, at, "### Article  5A  \n\n####Synthetic media\n\n1.   Each Party shall adopt such legislative "
                          "measures as may be necessary to establish as criminal offences the distribution of "
                          "fabricated recordings of a candidate during an election campaign with intent to deceive voters.\n\n");
    run x = diff_mem(a, b, NULL);
    assert_int_equal(count(&x, AMICUS_DIFF_ADDED), 1);
    assert_int_equal(count(&x, AMICUS_DIFF_UNCHANGED), amicus_doc_provision_count(x.a));
    assert_int_equal(by_new(&x, "5A")->status, AMICUS_DIFF_ADDED);
    run_free(&x);
    free(b);

    b = strdup(a);
    b = splice(b, find(b, "### Article  7  "), find(b, "### Article  8  "), "");
    x = diff_mem(a, b, NULL);
    assert_int_equal(count(&x, AMICUS_DIFF_REMOVED), 1);
    assert_int_equal(count(&x, AMICUS_DIFF_UNCHANGED), amicus_doc_provision_count(x.a) - 1);
    run_free(&x);
    free(a);
    free(b);
}

static void test_budapest_move_split_whitespace(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    char *a = slurp(BUDAPEST);
    /* Chapter IV (articles 36-48) moved before Chapter III (articles 23-35) */
    size_t c3 = find(a, "### CHAPTER  III"), c4 = find(a, "### CHAPTER  IV"), nl = c4 + find(a + c4, "Verdrag inzake de bestrijding");
    while (nl > 0 && a[nl - 1] != '\n') nl--; /* the Dutch title line */
    char *chapter4 = strndup(a + c4, nl - c4);
    char *b = strdup(a);
    b = splice(b, c4, nl, "");
    b = splice(b, c3, c3, chapter4);
    free(chapter4);
    run x = diff_mem(a, b, NULL);
    assert_int_equal(count(&x, AMICUS_DIFF_MOVED), 13);
    assert_int_equal(count(&x, AMICUS_DIFF_UNCHANGED), amicus_doc_provision_count(x.a) - 13);
    run_free(&x);
    free(b);

    /* Article 16 split: paragraphs 3 and 4 become Article 16A */
    b = strdup(a);
    size_t p3 = find(b, "3.   Each Party shall adopt such legislative and other measures as may be necessary to oblige the custodian");
    b = splice(b, p3, p3, "### Article  16A  \n\n####Confidentiality of preservation\n\n");
    x = diff_mem(a, b, NULL);
    assert_int_equal(count(&x, AMICUS_DIFF_SPLIT), 2);
    assert_int_equal(count(&x, AMICUS_DIFF_ADDED) + count(&x, AMICUS_DIFF_REMOVED), 0);
    assert_int_equal(by_new(&x, "16A")->status, AMICUS_DIFF_SPLIT);
    assert_string_equal(by_new(&x, "16A")->old_node->number, "16");
    assert_int_equal(by_new(&x, "16")->status, AMICUS_DIFF_SPLIT);
    run_free(&x);
    free(b);

    /* whitespace and line breaks only: doubled spaces, an extra blank line after each blank line */
    size_t n = strlen(a);
    b = malloc(n * 2 + 1);
    char *o = b;
    for (size_t i = 0; i < n; i++) {
        *o++ = a[i];
        if (a[i] == ' ' && i > 0 && a[i - 1] != '#' && a[i - 1] != ' ') *o++ = ' ';
        if (a[i] == '\n' && a[i + 1] == '\n') *o++ = '\n';
    }
    *o = 0;
    x = diff_mem(a, b, NULL);
    assert_int_equal(count(&x, AMICUS_DIFF_UNCHANGED), amicus_diff_entry_count(x.d));
    assert_int_equal(amicus_diff_entry_count(x.d), amicus_doc_provision_count(x.a));
    run_free(&x);
    free(b);
    free(a);
}

/* ------------------------------------------------------------ findings delta */

static void test_judicial_authorisation_added(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    char *a = slurp(BUDAPEST), *b = strdup(a);
    /* Articles 20 and 21: "to empower its competent authorities to:" */
    for (int k = 0; k < 2; k++)
        b = replace(b, "to empower its competent authorities to: ",
                    "to empower its competent authorities, subject to prior judicial authorisation, to:  ");
    run x = diff_mem(a, b, rules());
    assert_int_equal(count(&x, AMICUS_DIFF_CHANGED), 2);
    assert_true(has_finding(&x, AMICUS_DELTA_RESOLVED, "SAFE-NO-JUDICIAL-AUTH", "Art. 21(1)"));
    assert_true(has_finding(&x, AMICUS_DELTA_RESOLVED, "SAFE-NO-JUDICIAL-AUTH", "Art. 20(1)"));
    assert_false(has_finding(&x, AMICUS_DELTA_NEW, "SAFE-NO-JUDICIAL-AUTH", NULL));
    const amicus_diff_demand *dm = amicus_diff_scorecard(x.d, 3);
    assert_non_null(strstr(dm->sentence, "Demand 3: "));
    assert_non_null(strstr(dm->sentence, "resolved SAFE-NO-JUDICIAL-AUTH at Art. 20(1), Art. 21(1)"));
    const amicus_diff_entry *e = by_new(&x, "21");
    assert_int_equal(e->status, AMICUS_DIFF_CHANGED);
    assert_int_equal(e->npaths, 1);
    assert_string_equal(e->paths[0], "Art. 21(1)");
    run_free(&x);
    free(a);
    free(b);
}

static void test_safeguard_removed_and_review(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    char *a = slurp(KENYA), *b = strdup(a);
    /* s. 53 without the court: no application, no order, no extension by the court */
    size_t s53 = find(b, "\n53. Interception of content data");
    char *sec = b + s53;
    (void)sec;
    b = replace(b, "authorised person may apply to the court for an order to\xe2\x80\x94 (a) permit the police officer or authorised person to collect or record through the application of technical means;",
                "authorised person may\xe2\x80\x94 (a) collect or record through the application of technical means;");
    b = splice(b, find(b, "(3) Where the court is satisfied with the grounds"), find(b, "(4) For purposes of subsection (1) , the real-time collection or recording of content data"), "");
    b = splice(b, find(b, "(5) The period of real-time collection"), find(b, "(7) A service provider who fails to comply with an order under this section commits an offence and is liable, on conviction\xe2\x80\x94 (a) where the service provider is a corporation, to a fine not exceeding ten million shillings; (b) in case of an officer"), "");
    amicus_doc *da = open_mem(a, "ke.txt"), *db = open_mem(b, "ke-v2.txt");
    /* dismiss a finding that persists (s. 58 spontaneous sharing) in the old draft's review */
    amicus_report *rep;
    amicus_error err;
    assert_int_equal(amicus_check(da, rules(), NULL, &rep, &err), AMICUS_OK);
    char fp[17] = "";
    for (size_t i = 0; i < amicus_report_finding_count(rep); i++)
        if (!strcmp(amicus_report_finding(rep, i)->rule, "SHARE-SPONTANEOUS"))
            strcpy(fp, amicus_report_finding(rep, i)->fingerprint);
    amicus_report_free(rep);
    assert_int_equal(strlen(fp), 16);
    amicus_review *rv;
    assert_int_equal(amicus_review_new("ke.txt", &rv, &err), AMICUS_OK);
    assert_int_equal(amicus_review_set(rv, fp, AMICUS_REVIEW_DISMISSED, "treaty channel only", "2026-11-28", NULL, &err), AMICUS_OK);

    run x = diff_docs(da, db, rules(), rv);
    assert_int_equal(count(&x, AMICUS_DIFF_CHANGED), 1);
    assert_true(has_finding(&x, AMICUS_DELTA_NEW, "SAFE-NO-JUDICIAL-AUTH", "s. 53"));
    assert_true(has_finding(&x, AMICUS_DELTA_RESOLVED, "SAFE-JUDICIAL-AUTH", "s. 53"));
    const amicus_diff_demand *dm = amicus_diff_scorecard(x.d, 3);
    assert_non_null(strstr(dm->sentence, "new SAFE-NO-JUDICIAL-AUTH at s. 53"));
    assert_non_null(strstr(dm->sentence, "protection lost: SAFE-JUDICIAL-AUTH at s. 53"));
    int dismissed = 0;
    for (size_t i = 0; i < amicus_diff_finding_count(x.d, AMICUS_DELTA_PERSISTING); i++) {
        const amicus_finding *f = amicus_diff_finding(x.d, AMICUS_DELTA_PERSISTING, i);
        if (!strcmp(f->fingerprint, fp)) { assert_true(f->dismissed); dismissed++; }
        else assert_false(f->dismissed);
    }
    assert_int_equal(dismissed, 1);
    /* renderers: JSON names the lists, Markdown says what got worse */
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    amicus_render_options ro = {0};
    ro.format = AMICUS_OUT_MARKDOWN;
    assert_int_equal(amicus_render_diff(m, x.d, &ro, &err), AMICUS_OK);
    ro.format = AMICUS_OUT_JSON;
    assert_int_equal(amicus_render_diff(m, x.d, &ro, &err), AMICUS_OK);
    fclose(m);
    assert_non_null(strstr(buf, "## What got worse"));
    assert_non_null(strstr(buf, "- **s. 53"));
    assert_non_null(strstr(buf, "\"findings\":{\n\"new\":["));
    assert_non_null(strstr(buf, "\"resolved\":["));
    assert_non_null(strstr(buf, "\"persisting\":["));
    free(buf);
    run_free(&x);
    amicus_review_free(rv);
    free(a);
    free(b);
}

/* ----------------------------------------------------------- scale, unrelated */

static void test_unrelated_laws(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    run x = diff_docs(tu_open_corpus(KENYA), tu_open_corpus("eu-gdpr-regulation-2016-679.en.txt"), NULL, NULL);
    size_t paired = 0;
    for (size_t i = 0; i < amicus_diff_entry_count(x.d); i++) {
        const amicus_diff_entry *e = amicus_diff_entry_at(x.d, i);
        paired += e->old_node && e->new_node;
    }
    size_t na = amicus_doc_provision_count(x.a);
    assert_true(paired * 5 < na); /* few alignments (same numbers, tiny provisions) */
    assert_true(x.secs < 20.0);
    run_free(&x);
}

static void test_title18_light_edit(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    char *a = slurp(TITLE18), *b = strdup(a);
    b = replace(b, "intentionally accesses a computer without authorization", "knowingly accesses a computer without authorization");
    b = replace(b, "shall be fined under this title", "shall be fined not more than $250,000");
    /* a new section after § 1030 */
    size_t at = find(b, "\n\xc2\xa7 1031.");
    b = splice(b, at, at, "\n\xc2\xa7 1030A. Ransomware reporting\nA covered entity that pays a ransom in connection with a "
                          "ransomware attack shall report the payment to the Cybersecurity and Infrastructure Security Agency "
                          "within 24 hours.\n");
    run x = diff_mem(a, b, NULL);
    assert_true(amicus_doc_provision_count(x.a) > 1200);
    assert_int_equal(count(&x, AMICUS_DIFF_ADDED), 1);
    assert_int_equal(count(&x, AMICUS_DIFF_REMOVED), 0);
    assert_true(count(&x, AMICUS_DIFF_CHANGED) >= 1 && count(&x, AMICUS_DIFF_CHANGED) <= 2);
    assert_int_equal(count(&x, AMICUS_DIFF_MOVED), 0);
    assert_true(x.secs < 30.0); /* a cap against quadratic blow-ups; bench/diff.sh measures */
    run_free(&x);
    free(a);
    free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_versions_stgb),
        cmocka_unit_test(test_versions_netzdg_lu_ar),
        cmocka_unit_test(test_budapest_renumber),
        cmocka_unit_test(test_budapest_insert_delete),
        cmocka_unit_test(test_budapest_move_split_whitespace),
        cmocka_unit_test(test_judicial_authorisation_added),
        cmocka_unit_test(test_safeguard_removed_and_review),
        cmocka_unit_test(test_unrelated_laws),
        cmocka_unit_test(test_title18_light_edit),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
