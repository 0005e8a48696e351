/* test_fold.c — matching normalisation: the folded Arabic view and its offset map, folded patterns, and findings quoting the original text. */
#include "testutil.h"
#include "rules/rules.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* byte offset of the n-th occurrence (0-based) of needle in s */
static size_t off(const char *s, const char *needle) {
    const char *p = strstr(s, needle);
    assert_non_null(p);
    return (size_t)(p - s);
}

static void test_view(void **state) {
    (void)state;
    /* harakat, tatweel, alef with hamza, alef maqsura, taa marbuta; ASCII and digits as is */
    const char *src = "x أَحْمَـدُ على مدة 12";
    size_t n = strlen(src);
    amicus__mview v;
    assert_true(amicus__fold_view("ar", src, n, 100, &v));
    assert_string_equal(v.text, "x احمد علي مده 12");
    assert_int_equal(v.len, strlen("x احمد علي مده 12"));
    /* every folded byte maps to the start of the original character it came from */
    assert_int_equal(v.map[0], 100);                              /* x */
    assert_int_equal(v.map[2], 100 + off(src, "أ"));              /* ا from أ */
    assert_int_equal(v.map[3], 100 + off(src, "أ"));              /* its second byte */
    assert_int_equal(v.map[4], 100 + off(src, "ح"));              /* the fatha is gone */
    assert_int_equal(v.map[6], 100 + off(src, "م"));
    assert_int_equal(v.map[8], 100 + off(src, "د"));              /* tatweel gone */
    size_t sp = off(v.text, " علي");
    assert_int_equal(v.map[sp], 100 + off(src, " على"));          /* damma before it dropped */
    assert_int_equal(v.map[v.len], 100 + n);                      /* one past the end */
    /* a match end in the view (before the space after "احمد") maps past the dropped damma */
    size_t e = off(v.text, " علي");
    assert_int_equal(v.map[e], 100 + off(src, " على"));
    for (size_t i = 1; i <= v.len; i++) assert_true(v.map[i] >= v.map[i - 1]);
    amicus__fold_view_free(&v);

    /* languages that do not fold */
    assert_false(amicus__lang_folds("en"));
    assert_false(amicus__lang_folds(NULL));
    assert_true(amicus__lang_folds("ar"));
    /* hamza on waw and yaa, and the bare hamza, are letters of their own */
    assert_true(amicus__fold_view("ar", "مسؤول شيء قائمة", strlen("مسؤول شيء قائمة"), 0, &v));
    assert_string_equal(v.text, "مسؤول شيء قائمه");
    amicus__fold_view_free(&v);
}

static void pat(const char *in, const char *want) {
    char *out = NULL;
    size_t n = 0;
    assert_true(amicus__fold_pattern("ar", in, strlen(in), &out, &n));
    if (!want) {
        assert_null(out);
    } else {
        assert_non_null(out);
        assert_int_equal(n, strlen(want));
        assert_string_equal(out, want);
    }
    amicus__free(out);
}

static void test_patterns(void **state) {
    (void)state;
    pat("ازْدِراء", "ازدراء");
    pat("إذن\\s+قضائي", "اذن\\s+قضائي");
    pat("[أإا]مر", "[ااا]مر");
    pat("(?:وفقا|وفقاً)", "(?:وفقا|وفقا)");
    pat("مد[ةه]", "مد[هه]");
    pat("على", "علي");
    pat("شـ?ائعات", "شائعات");                 /* a dropped mark takes its quantifier */
    pat("ب[ًٌٍ]?ا", "با");                      /* so does a class of marks only */
    pat("[^ًٌٍ]", NULL);                        /* not "any character": left as written */
    pat("\\x{0623}مر", NULL);                   /* escapes are left alone */
    pat("\\bcomputer\\b", NULL);                /* nothing to fold */
    pat("حسب\\s+تقدير(?:ها|ه)", NULL);
    char *out = NULL;
    size_t n = 0;
    assert_true(amicus__fold_pattern("en", "أمر", strlen("أمر"), &out, &n));
    assert_null(out);
}

/* through amicus_check with the default pack: the view decides the match, the finding quotes
 * and points into the original text */
static void test_findings(void **state) {
    (void)state;
    const char *dir = getenv("AMICUS_RULES");
    if (!dir || !*dir) skip();
    amicus_rules *r = NULL;
    amicus_error err;
    char msg[1200];
    assert_int_equal(amicus_rules_new(&r, &err), AMICUS_OK);
    const char *cache = getenv("AMICUS_CACHE");
    if (cache && *cache) assert_int_equal(amicus_rules_set_cache(r, cache, &err), AMICUS_OK);
    if (amicus_rules_load_dir(r, dir, &err) || amicus_rules_compile(r, &err))
        fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    const char *text = "المادة 1\nيُعاقَبُ بالحبسِ كلُّ من نشرَ عبر الشبكة المعلوماتية ما فيه ازْدِراءٌ لرموز الدولة.\n";
    amicus_open_options oo = {0};
    oo.lang = "ar";
    amicus_doc *d = NULL;
    if (amicus_doc_open_memory(text, strlen(text), "t.txt", &oo, &d, &err))
        fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    amicus_report *rep = NULL;
    if (amicus_check(d, r, NULL, &rep, &err)) fail_msg("%s", amicus_error_format(&err, msg, sizeof msg));
    const amicus_finding *f = NULL;
    for (size_t i = 0; i < amicus_report_finding_count(rep) && !f; i++)
        if (!strcmp(amicus_report_finding(rep, i)->rule, "EXPR-INSULT")) f = amicus_report_finding(rep, i);
    assert_non_null(f);
    assert_string_equal(f->quote, "ازْدِراءٌ"); /* as written, the trailing tanween included */
    size_t len = 0;
    const char *t = amicus_doc_text(d, &len);
    assert_int_equal(f->start, off(t, "ازْدِراءٌ"));
    assert_int_equal(f->end, f->start + strlen("ازْدِراءٌ"));
    assert_int_equal(f->loc.line, 2);
    amicus_report_free(rep);
    amicus_doc_free(d);
    amicus_rules_free(r);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_view),
        cmocka_unit_test(test_patterns),
        cmocka_unit_test(test_findings),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
