/* test_diff.c — amicus diff on synthetic acts built in memory: every status, word changes, whitespace, rendering, errors, allocation failures. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"
#include "diff/diff.h"

/* ------------------------------------------------------------- synthetic acts */

static const char *SYL[] = {"ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "be", "da",
                            "fe", "gu", "hi", "jo", "pe", "qua", "ri", "se", "tu", "wi"};

typedef struct art { char title[64]; char p1[2048]; char p2[2048]; } art;

static unsigned long rng;
static unsigned rnd(unsigned n) { rng = rng * 6364136223846793005ul + 1442695040888963407ul; return (unsigned)(rng >> 33) % n; }
static void word(char *buf, size_t *len) {
    int k = 2 + (int)rnd(3);
    for (int i = 0; i < k; i++) *len += (size_t)sprintf(buf + *len, "%s", SYL[rnd(20)]);
}
static void words(char *buf, int n) {
    size_t len = 0;
    for (int i = 0; i < n; i++) { if (i) buf[len++] = ' '; word(buf, &len); }
    buf[len] = 0;
}
static void make_arts(art *a, int n, unsigned long seed) {
    rng = seed;
    for (int i = 0; i < n; i++) {
        words(a[i].title, 2);
        a[i].title[0] = (char)(a[i].title[0] - 32);
        words(a[i].p1, 30);
        words(a[i].p2, 25);
    }
}
/* the act: numbers[i] for a[order[i]] (order NULL = identity) */
static char *render_act(const art *a, int n, const int *order, const int *numbers) {
    size_t cap = 64 + (size_t)n * 4300;
    char *s = malloc(cap);
    size_t len = (size_t)sprintf(s, "SYNTHETIC ACT\n\n");
    for (int i = 0; i < n; i++) {
        const art *x = &a[order ? order[i] : i];
        len += (size_t)sprintf(s + len, "Article %d - %s\n", numbers ? numbers[i] : i + 1, x->title);
        if (x->p1[0]) len += (size_t)sprintf(s + len, "(1) %s.\n", x->p1);
        if (x->p2[0]) len += (size_t)sprintf(s + len, "(2) %s.\n", x->p2);
        len += (size_t)sprintf(s + len, "\n");
    }
    return s;
}

/* dst = a b c (blank-separated, empty parts skipped), truncated to size */
static void join(char *dst, size_t size, const char *a, const char *b, const char *c) {
    const char *parts[3] = {a, b, c};
    size_t len = 0;
    for (int i = 0; i < 3; i++) {
        if (!parts[i] || !*parts[i]) continue;
        size_t n = strlen(parts[i]);
        if (len && len + 1 < size) dst[len++] = ' ';
        if (len + n >= size) n = size - 1 - len;
        memmove(dst + len, parts[i], n);
        len += n;
    }
    dst[len] = 0;
}

static amicus_doc *open_text(const char *s, const char *name) {
    amicus_doc *d = NULL;
    amicus_error err;
    assert_int_equal(amicus_doc_open_memory(s, strlen(s), name, NULL, &d, &err), AMICUS_OK);
    return d;
}

static amicus_diff *diff_texts(const char *a, const char *b, amicus_doc **da, amicus_doc **db) {
    *da = open_text(a, "old.txt");
    *db = open_text(b, "new.txt");
    amicus_diff *d = NULL;
    amicus_error err;
    assert_int_equal(amicus_diff_compute(*da, *db, NULL, NULL, &d, &err), AMICUS_OK);
    return d;
}

static void done(amicus_diff *d, amicus_doc *a, amicus_doc *b) {
    amicus_diff_free(d);
    amicus_doc_free(a);
    amicus_doc_free(b);
}

#define N 20
static art A[N];

static int setup(void **state) { (void)state; make_arts(A, N, 42); return 0; }

static const amicus_diff_entry *entry_new(const amicus_diff *d, const char *num) {
    for (size_t i = 0; i < amicus_diff_entry_count(d); i++) {
        const amicus_diff_entry *e = amicus_diff_entry_at(d, i);
        if (e->new_node && !strcmp(e->new_node->number, num)) return e;
    }
    return NULL;
}

/* ------------------------------------------------------------------- tests */

static void test_identical_and_whitespace(void **state) {
    (void)state;
    char *a = render_act(A, N, NULL, NULL);
    /* doubled spaces, an extra blank line between articles, a line break inside a paragraph */
    size_t n = strlen(a);
    char *b = malloc(n * 3 + 1), *p = b;
    int breaks = 0;
    for (size_t i = 0; i < n; i++) {
        if (a[i] == ' ' && a[i + 1] != '-' && (i % 97) == 0 && i > 0 && a[i - 1] != '-' && breaks < 10) { *p++ = '\n'; breaks++; continue; }
        *p++ = a[i];
        if (a[i] == ' ') *p++ = ' ';
        if (a[i] == '\n' && i + 1 < n && a[i + 1] == '\n') *p++ = '\n';
    }
    *p = 0;
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts(a, b, &da, &db);
    assert_int_equal(amicus_diff_entry_count(d), N);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_UNCHANGED), N);
    for (size_t i = 0; i < N; i++) assert_int_equal(amicus_diff_entry_at(d, i)->nedits, 0);
    assert_null(amicus_diff_old_report(d));
    assert_null(amicus_diff_scorecard(d, 1));
    done(d, da, db);
    free(a);
    free(b);
}

static void test_word_change(void **state) {
    (void)state;
    art B[N];
    memcpy(B, A, sizeof B);
    join(B[4].p2, sizeof B[4].p2, A[4].p2, "subject to prior judicial authorisation", NULL);
    char *a = render_act(A, N, NULL, NULL), *b = render_act(B, N, NULL, NULL);
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts(a, b, &da, &db);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_CHANGED), 1);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_UNCHANGED), N - 1);
    const amicus_diff_entry *e = entry_new(d, "5");
    assert_non_null(e);
    assert_int_equal(e->status, AMICUS_DIFF_CHANGED);
    assert_true(e->text_changed);
    assert_int_equal(e->npaths, 1);
    assert_string_equal(e->paths[0], "Art. 5(2)");
    size_t ins = 0;
    const char *t = amicus_doc_text(db, NULL);
    for (size_t i = 0; i < e->nedits; i++) {
        const amicus_diff_edit *ed = &e->edits[i];
        assert_int_not_equal(ed->op, AMICUS_DIFF_DELETE);
        if (ed->op != AMICUS_DIFF_INSERT) continue;
        ins++;
        assert_int_equal(ed->new_end - ed->new_start, strlen("subject to prior judicial authorisation"));
        assert_memory_equal(t + ed->new_start, "subject to prior judicial authorisation", ed->new_end - ed->new_start);
    }
    assert_int_equal(ins, 1);
    done(d, da, db);
    free(a);
    free(b);
}

static void test_renumber_after_10(void **state) {
    (void)state;
    int num[N];
    for (int i = 0; i < N; i++) num[i] = i + 1 > 10 ? i + 2 : i + 1;
    char *a = render_act(A, N, NULL, NULL), *b = render_act(A, N, NULL, num);
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts(a, b, &da, &db);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_UNCHANGED), 10);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_RENUMBERED), 10);
    const amicus_diff_entry *e = entry_new(d, "12");
    assert_string_equal(e->old_node->number, "11");
    assert_false(e->text_changed);
    assert_int_equal(e->nedits, 0);
    done(d, da, db);
    free(a);
    free(b);
}

static void test_insert_and_renumber(void **state) {
    (void)state;
    art B[N + 1];
    make_arts(B + 7, 1, 777); /* a new article 8, then the old 8.. as 9.. */
    memcpy(B, A, 7 * sizeof *B);
    memcpy(B + 8, A + 7, (N - 7) * sizeof *B);
    char *a = render_act(A, N, NULL, NULL), *b = render_act(B, N + 1, NULL, NULL);
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts(a, b, &da, &db);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_ADDED), 1);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_UNCHANGED), 7);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_RENUMBERED), N - 7);
    const amicus_diff_entry *e = entry_new(d, "8");
    assert_int_equal(e->status, AMICUS_DIFF_ADDED);
    assert_null(e->old_node);
    done(d, da, db);
    free(a);
    free(b);
}

static void test_delete(void **state) {
    (void)state;
    int order[N - 1], num[N - 1];
    for (int i = 0, k = 0; i < N; i++) if (i != 11) { order[k] = i; num[k++] = i + 1; }
    char *a = render_act(A, N, NULL, NULL), *b = render_act(A, N - 1, order, num);
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts(a, b, &da, &db);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_REMOVED), 1);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_UNCHANGED), N - 1);
    /* the removed entry sits after its old predecessor */
    for (size_t i = 0; i < amicus_diff_entry_count(d); i++) {
        const amicus_diff_entry *e = amicus_diff_entry_at(d, i);
        if (e->status != AMICUS_DIFF_REMOVED) continue;
        assert_string_equal(e->old_node->number, "12");
        assert_null(e->new_node);
        assert_string_equal(amicus_diff_entry_at(d, i - 1)->old_node->number, "11");
    }
    done(d, da, db);
    free(a);
    free(b);
}

static void test_move(void **state) {
    (void)state;
    int order[N], num[N];
    for (int i = 0, k = 0; i < N; i++) if (i != 2 && i != 3) { order[k] = i; num[k++] = i + 1; }
    order[N - 2] = 2; num[N - 2] = 3;
    order[N - 1] = 3; num[N - 1] = 4;
    char *a = render_act(A, N, NULL, NULL), *b = render_act(A, N, order, num);
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts(a, b, &da, &db);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_MOVED), 2);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_UNCHANGED), N - 2);
    const amicus_diff_entry *e = entry_new(d, "3");
    assert_int_equal(e->status, AMICUS_DIFF_MOVED);
    assert_true(e->moved);
    assert_false(e->renumbered);
    done(d, da, db);
    free(a);
    free(b);
}

static void test_split_and_merge(void **state) {
    (void)state;
    /* split: article 6's (2) becomes article 7 (as its (1)); 7.. become 8.. */
    art B[N + 1];
    memcpy(B, A, 6 * sizeof *B);
    B[5].p2[0] = 0;
    snprintf(B[6].title, sizeof B[6].title, "Split off");
    join(B[6].p1, sizeof B[6].p1, A[5].p2, NULL, NULL);
    B[6].p2[0] = 0;
    memcpy(B + 7, A + 6, (N - 6) * sizeof *B);
    char *a = render_act(A, N, NULL, NULL), *b = render_act(B, N + 1, NULL, NULL);
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts(a, b, &da, &db);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_SPLIT), 2);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_ADDED), 0);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_REMOVED), 0);
    assert_int_equal(entry_new(d, "7")->status, AMICUS_DIFF_SPLIT);
    assert_string_equal(entry_new(d, "7")->old_node->number, "6");
    assert_string_equal(entry_new(d, "6")->old_node->number, "6");
    assert_int_equal(entry_new(d, "8")->status, AMICUS_DIFF_RENUMBERED);
    done(d, da, db);
    free(b);

    /* merge: articles 8 and 9 become article 8; 10.. become 9.. */
    art C[N];
    memcpy(C, A, 8 * sizeof *C);
    join(C[7].p2, sizeof C[7].p2, A[7].p2, A[8].p1, A[8].p2);
    memcpy(C + 8, A + 9, (N - 9) * sizeof *C);
    b = render_act(C, N - 1, NULL, NULL);
    d = diff_texts(a, b, &da, &db);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_MERGED), 2);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_REMOVED), 0);
    assert_int_equal(entry_new(d, "8")->status, AMICUS_DIFF_MERGED);
    assert_int_equal(entry_new(d, "9")->status, AMICUS_DIFF_RENUMBERED);
    done(d, da, db);
    free(a);
    free(b);
}

static void test_unrelated(void **state) {
    (void)state;
    art B[N];
    make_arts(B, N, 4242);
    char *a = render_act(A, N, NULL, NULL), *b = render_act(B, N, NULL, NULL);
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts(a, b, &da, &db);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_ADDED), N);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_REMOVED), N);
    done(d, da, db);
    free(a);
    free(b);
}

static void test_word_diff_internal(void **state) {
    (void)state;
    const char *x = "the quick brown fox jumps over the lazy dog", *y = "the quick red fox jumps over the very lazy dog";
    amicus__tokvec ta = {0}, tb = {0};
    assert_true(amicus__tokenize(x, 0, strlen(x), 0, 0, &ta));
    assert_true(amicus__tokenize(y, 0, strlen(y), 0, 0, &tb));
    assert_int_equal(ta.n, 9);
    amicus__runvec runs = {0};
    int trunc = 1;
    assert_true(amicus__word_diff(ta.v, ta.n, tb.v, tb.n, 1000, 0, &runs, &trunc));
    assert_int_equal(trunc, 0);
    /* = the quick, - brown, + red, = fox jumps over the, + very, = lazy dog */
    assert_int_equal(runs.n, 6);
    assert_int_equal(runs.v[1].op, AMICUS_DIFF_DELETE);
    assert_int_equal(runs.v[2].op, AMICUS_DIFF_INSERT);
    assert_int_equal(runs.v[4].op, AMICUS_DIFF_INSERT);
    assert_int_equal(runs.v[4].b1 - runs.v[4].b0, 1);
    /* the bound: one replacement of the middle */
    assert_true(amicus__word_diff(ta.v, ta.n, tb.v, tb.n, 1, 0, &runs, &trunc));
    assert_int_equal(trunc, 1);
    assert_int_equal(runs.n, 4);
    /* mostly different: the short equality between edits folds into them */
    const char *u = "alpha beta gamma delta and epsilon zeta eta", *v = "one two three four and five six seven";
    ta.n = tb.n = 0;
    assert_true(amicus__tokenize(u, 0, strlen(u), 0, 0, &ta));
    assert_true(amicus__tokenize(v, 0, strlen(v), 0, 0, &tb));
    assert_true(amicus__word_diff(ta.v, ta.n, tb.v, tb.n, 1000, 0, &runs, &trunc));
    assert_int_equal(runs.n, 2);
    AMICUS_VEC_FREE(ta);
    AMICUS_VEC_FREE(tb);
    AMICUS_VEC_FREE(runs);
}

static char *render(const amicus_diff *d, amicus_output_format f, int color) {
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    amicus_render_options o = {0};
    o.format = f;
    o.color = color;
    amicus_error err;
    assert_int_equal(amicus_render_diff(m, d, &o, &err), AMICUS_OK);
    fclose(m);
    return buf;
}

static void test_render_and_errors(void **state) {
    (void)state;
    art B[N];
    memcpy(B, A, sizeof B);
    join(B[1].p1, sizeof B[1].p1, "entirely new words for this paragraph of the act", NULL, NULL);
    int num[N];
    for (int i = 0; i < N; i++) num[i] = i + 1 > 10 ? i + 2 : i + 1;
    char *a = render_act(A, N, NULL, NULL), *b = render_act(B, N, NULL, num);
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts(a, b, &da, &db);
    char *t = render(d, AMICUS_OUT_TEXT, 0);
    assert_non_null(strstr(t, "{+entirely new words"));
    assert_non_null(strstr(t, "[-"));
    assert_non_null(strstr(t, "Art. 12 \xe2\x86\x90 Art. 11  renumbered"));
    assert_null(strstr(t, "\033["));
    free(t);
    t = render(d, AMICUS_OUT_TEXT, 1);
    assert_non_null(strstr(t, "\033[32m"));
    free(t);
    t = render(d, AMICUS_OUT_JSON, 0);
    assert_non_null(strstr(t, "\"schema\":\"amicus-diff/1\""));
    assert_non_null(strstr(t, "{\"status\":\"renumbered\",\"old\":\"11\",\"new\":\"12\""));
    assert_non_null(strstr(t, "\"op\":\"insert\",\"path\":\"Art. 2(1)\""));
    assert_non_null(strstr(t, "\"findings\":null"));
    free(t);
    t = render(d, AMICUS_OUT_MARKDOWN, 0);
    assert_non_null(strstr(t, "# Changes from old.txt to new.txt"));
    assert_non_null(strstr(t, "- **Art. 12** (was Art. 11): renumbered"));
    assert_non_null(strstr(t, "**entirely new words"));
    free(t);
    amicus_render_options o = {0};
    o.format = AMICUS_OUT_SARIF;
    amicus_error err;
    assert_int_equal(amicus_render_diff(stdout, d, &o, &err), AMICUS_ERR_USAGE);
    amicus_diff *x = (amicus_diff *)1;
    assert_int_equal(amicus_diff_compute(NULL, db, NULL, NULL, &x, &err), AMICUS_ERR_USAGE);
    assert_null(x);
    amicus_diff_options opt = {0};
    opt.threshold = 1.5;
    assert_int_equal(amicus_diff_compute(da, db, NULL, &opt, &x, &err), AMICUS_ERR_USAGE);
    assert_non_null(strstr(err.message, "threshold"));
    assert_string_equal(amicus_diff_status_name(AMICUS_DIFF_MERGED), "merged");
    done(d, da, db);
    free(a);
    free(b);
}

static void test_no_provisions(void **state) {
    (void)state;
    amicus_doc *da, *db;
    amicus_diff *d = diff_texts("Just some prose.\nNo provisions here at all.\n", "Just some other prose.\n", &da, &db);
    assert_int_equal(amicus_diff_entry_count(d), 1);
    const amicus_diff_entry *e = amicus_diff_entry_at(d, 0);
    assert_int_equal(e->status, AMICUS_DIFF_CHANGED);
    assert_string_equal(e->new_path, "(document)");
    assert_true(e->nedits > 1);
    done(d, da, db);
    d = diff_texts("Just some prose.\n", "Just   some\nprose.\n", &da, &db);
    assert_int_equal(amicus_diff_status_count(d, AMICUS_DIFF_UNCHANGED), 1);
    done(d, da, db);
}

static void test_alloc_failures(void **state) {
    (void)state;
    art B[N];
    memcpy(B, A, sizeof B);
    join(B[4].p2, sizeof B[4].p2, A[4].p2, "more words", NULL);
    int order[N], num[N];
    for (int i = 0; i < N; i++) { order[i] = i; num[i] = i + 1 > 10 ? i + 2 : i + 1; }
    order[2] = 3; order[3] = 2;
    char *a = render_act(A, N, NULL, NULL), *b = render_act(B, N, order, num);
    amicus_doc *da = open_text(a, "a"), *db = open_text(b, "b");
    size_t failures = 0;
    for (unsigned long n = 1; n < 100000; n++) {
        amicus_diff *d = NULL;
        amicus_error err;
        amicus_alloc_fail_after(n);
        amicus_status st = amicus_diff_compute(da, db, NULL, NULL, &d, &err);
        amicus_alloc_fail_after(0);
        if (st == AMICUS_OK) { amicus_diff_free(d); break; }
        assert_int_equal(st, AMICUS_ERR_NOMEM);
        assert_null(d);
        failures++;
    }
    assert_true(failures > 10);
    amicus_doc_free(da);
    amicus_doc_free(db);
    free(a);
    free(b);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_and_whitespace),
        cmocka_unit_test(test_word_change),
        cmocka_unit_test(test_renumber_after_10),
        cmocka_unit_test(test_insert_and_renumber),
        cmocka_unit_test(test_delete),
        cmocka_unit_test(test_move),
        cmocka_unit_test(test_split_and_merge),
        cmocka_unit_test(test_unrelated),
        cmocka_unit_test(test_word_diff_internal),
        cmocka_unit_test(test_render_and_errors),
        cmocka_unit_test(test_no_provisions),
        cmocka_unit_test(test_alloc_failures),
    };
    return cmocka_run_group_tests(tests, setup, NULL);
}
