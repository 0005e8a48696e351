/* test_structure.c — the structure parser on real texts: expectations taken by reading the corpus files. */
#include "testutil.h"
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- helpers ---- */

static const amicus_node *N(const amicus_doc *d, int32_t i) { return i >= 0 ? amicus_doc_node(d, (size_t)i) : NULL; }

static const amicus_node *langpart(const amicus_doc *d, const amicus_node *n) {
    while (n && n->parent >= 0) {
        if (n->type == AMICUS_NODE_LANGPART) return n;
        n = N(d, n->parent);
    }
    return NULL;
}

static const amicus_node *instrument(const amicus_doc *d, const amicus_node *n) {
    while (n && n->parent >= 0) {
        if (n->type == AMICUS_NODE_GROUP && n->kind && strcmp(n->kind, "instrument") == 0) return n;
        n = N(d, n->parent);
    }
    return NULL;
}

/* provisions of the first language part outside any instrument group */
static size_t main_provisions(const amicus_doc *d, const char *lang) {
    size_t n = 0;
    for (size_t i = 0; i < amicus_doc_provision_count(d); i++) {
        const amicus_node *p = amicus_doc_provision(d, i);
        if (instrument(d, p) || (p->flags & AMICUS_NODE_F_QUOTED)) continue;
        if (lang && strcmp(p->lang, lang) != 0) continue;
        n++;
    }
    return n;
}

static const amicus_node *ancestor_kind(const amicus_doc *d, const amicus_node *n, const char *kind) {
    for (n = N(d, n->parent); n; n = N(d, n->parent))
        if (n->kind && strcmp(n->kind, kind) == 0) return n;
    return NULL;
}

static const amicus_node *child_numbered(const amicus_doc *d, const amicus_node *n, const char *num) {
    for (int32_t c = n->first_child; c >= 0; c = N(d, c)->next_sibling)
        if (N(d, c)->number && strcmp(N(d, c)->number, num) == 0) return N(d, c);
    return NULL;
}

/* node at path "a/1/A" under provision p, or NULL */
static const amicus_node *at_path(const amicus_doc *d, const amicus_node *p, const char *path) {
    char buf[128];
    snprintf(buf, sizeof buf, "%s", path);
    const amicus_node *n = p;
    for (char *tok = strtok(buf, "/"); tok && n; tok = strtok(NULL, "/")) n = child_numbered(d, n, tok);
    return n;
}

static bool has_health(const amicus_doc *d, const char *code, const char *needle) {
    for (size_t i = 0; i < amicus_doc_health_count(d); i++) {
        const amicus_health *h = amicus_doc_health(d, i);
        if (strcmp(h->code, code) == 0 && (!needle || strstr(h->message, needle))) return true;
    }
    return false;
}

static bool has_definition(const amicus_doc *d, const char *term, const char *prov) {
    for (size_t i = 0; i < amicus_doc_definition_count(d); i++) {
        const amicus_definition *x = amicus_doc_definition(d, i);
        if (strcmp(x->key, term) != 0) continue;
        const amicus_node *p = N(d, x->provision);
        if (p && p->number && strcmp(p->number, prov) == 0) return true;
    }
    return false;
}

static const char *text_of(const amicus_doc *d) { return amicus_doc_text(d, NULL); }

/* ---- treaties ---- */

static void budapest(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *d = tu_open_corpus("coe-budapest-convention-ets185.en-nl.md");
    assert_int_equal(main_provisions(d, "en"), 48);
    assert_int_equal(main_provisions(d, "nl"), 48);
    /* first language part first */
    const amicus_node *a1 = amicus_doc_provision(d, 0);
    assert_string_equal(a1->number, "1");
    assert_string_equal(a1->lang, "en");
    assert_string_equal(a1->title, "Definitions");
    assert_string_equal(a1->kind, "article");
    const amicus_node *a19 = tu_provision(d, "19");
    assert_string_equal(a19->title, "Search and seizure of stored computer data");
    assert_string_equal(a19->label, "Article 19");
    const amicus_node *t4 = ancestor_kind(d, a19, "title");
    const amicus_node *s2 = ancestor_kind(d, a19, "section");
    const amicus_node *c2 = ancestor_kind(d, a19, "chapter");
    assert_non_null(t4);
    assert_non_null(s2);
    assert_non_null(c2);
    assert_string_equal(t4->number, "4");
    assert_string_equal(s2->number, "2");
    assert_string_equal(c2->number, "II");
    assert_string_equal(c2->title, "MEASURES TO BE TAKEN AT THE NATIONAL LEVEL");
    const amicus_node *a2 = tu_provision(d, "2");
    assert_string_equal(a2->title, "Illegal access");
    assert_string_equal(tu_provision(d, "35")->title, "24/7 Network");
    /* article 48 ends before the Dutch text */
    const char *t = text_of(d);
    const char *nl = strstr(t, "Verdrag inzake de bestrijding van strafbare feiten");
    nl = nl ? strstr(nl + 10, "Verdrag inzake de bestrijding van strafbare feiten") : NULL;
    assert_non_null(nl);
    const amicus_node *a48 = tu_provision(d, "48");
    assert_string_equal(a48->title, "Notification");
    assert_true(a48->end <= (size_t)(nl - t));
    assert_true(has_health(d, "language-part", "nl"));
    const amicus_node *nl48 = amicus_doc_find_provision(d, "48", amicus_doc_provision(d, 60));
    assert_non_null(nl48);
    assert_string_equal(nl48->lang, "nl");
    assert_ptr_not_equal(langpart(d, nl48), langpart(d, a48));
    /* article 6 paragraph 1 a) (i) */
    const amicus_node *a6 = tu_provision(d, "6");
    assert_non_null(at_path(d, a6, "1/a/i"));
    assert_non_null(at_path(d, a6, "1/a/ii"));
    assert_non_null(at_path(d, a6, "2"));
    /* definitions of article 1 */
    assert_true(has_definition(d, "computer system", "1"));
    assert_true(has_definition(d, "computer data", "1"));
    assert_true(has_definition(d, "service provider", "1"));
    assert_true(has_definition(d, "traffic data", "1"));
    const amicus_definition *cs = amicus_doc_find_definition(d, "computer system");
    assert_non_null(cs);
    assert_true(strncmp(t + cs->term_start, "computer system", 15) == 0);
    assert_true(strstr(t + cs->start, "automatic processing of data") < t + cs->end);
    /* "Articles 14 and 15" resolved (article 16 paragraph 4 says so) */
    int found14 = 0, found15 = 0;
    for (size_t i = 0; i < amicus_doc_reference_count(d); i++) {
        const amicus_reference *r = amicus_doc_reference(d, i);
        if (strcmp(r->text, "Articles 14 and 15") != 0 || r->target < 0) continue;
        if (!strcmp(N(d, r->target)->number, "14")) found14++;
        if (!strcmp(N(d, r->target)->number, "15")) found15++;
        assert_string_equal(N(d, r->target)->lang, N(d, r->from)->lang);
    }
    assert_true(found14 >= 6 && found15 >= 6);
    amicus_doc_free(d);
}

static void uncac(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *d = tu_open_corpus("un-uncac-2003.en-nl.md");
    assert_int_equal(main_provisions(d, "en"), 71);
    assert_string_equal(tu_provision(d, "2")->title, "Use of terms");
    assert_string_equal(tu_provision(d, "71")->lang, "en");
    assert_true(has_health(d, "language-part", NULL));
    amicus_doc_free(d);
}

static void iccpr(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *d = tu_open_corpus("un-iccpr-1966.en-nl.md");
    assert_int_equal(main_provisions(d, "en"), 53);
    /* the Optional Protocol: 14 articles in their own grouping */
    size_t proto = 0;
    const amicus_node *inst = NULL;
    for (size_t i = 0; i < amicus_doc_provision_count(d); i++) {
        const amicus_node *p = amicus_doc_provision(d, i);
        if (strcmp(p->lang, "en") == 0 && instrument(d, p)) { proto++; inst = instrument(d, p); }
    }
    assert_int_equal(proto, 14);
    assert_non_null(inst->title);
    assert_non_null(strstr(inst->title, "Optional Protocol"));
    const amicus_node *a17 = amicus_doc_find_provision(d, "17", NULL);
    assert_non_null(a17);
    assert_null(instrument(d, a17));
    assert_string_equal(a17->lang, "en");
    /* article 53 of the Covenant does not swallow the protocol */
    const amicus_node *a53 = tu_provision(d, "53");
    assert_true(a53->end <= inst->start);
    assert_string_equal(ancestor_kind(d, tu_provision(d, "6"), "part")->number, "III");
    amicus_doc_free(d);
}

static void echr(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *d = tu_open_corpus("coe-echr-1950.en-nl.md");
    assert_int_equal(main_provisions(d, "en"), 59);
    assert_string_equal(tu_provision(d, "19")->title, "Establishment of the Court"); /* "###Article  19 " */
    assert_string_equal(tu_provision(d, "8")->title, "Right to respect for private and family life");
    assert_string_equal(ancestor_kind(d, tu_provision(d, "19"), "section")->number, "II");
    amicus_doc_free(d);
}

static void gdpr(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *d = tu_open_corpus("eu-gdpr-regulation-2016-679.en.txt");
    assert_int_equal(amicus_doc_provision_count(d), 99);
    const amicus_node *a1 = amicus_doc_provision(d, 0);
    assert_string_equal(a1->number, "1");
    assert_string_equal(a1->title, "Subject-matter and objectives");
    /* recitals kept apart, before article 1 */
    const amicus_node *pre = N(d, amicus_doc_node(d, 0)->first_child);
    assert_int_equal(pre->type, AMICUS_NODE_PREAMBLE);
    assert_string_equal(pre->kind, "recitals");
    assert_true(pre->end <= a1->start);
    size_t nrec = 0;
    for (int32_t c = pre->first_child; c >= 0; c = N(d, c)->next_sibling) nrec++;
    assert_int_equal(nrec, 173);
    assert_string_equal(tu_provision(d, "99")->title, "Entry into force and application");
    assert_string_equal(ancestor_kind(d, tu_provision(d, "12"), "section")->number, "1");
    assert_string_equal(ancestor_kind(d, tu_provision(d, "12"), "chapter")->number, "III");
    assert_true(has_definition(d, "personal data", "4"));
    assert_true(has_definition(d, "consent", "4"));
    assert_true(has_definition(d, "international organisation", "4"));
    assert_non_null(at_path(d, tu_provision(d, "2"), "2/a"));
    amicus_doc_free(d);
}

/* ---- acts ---- */

static void philippines(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *d = tu_open_corpus("ph-ra10175-cybercrime-prevention-act-2012.html");
    assert_int_equal(amicus_doc_provision_count(d), 31);
    for (int i = 1; i <= 31; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d", i);
        const amicus_node *p = tu_provision(d, num);
        assert_string_equal(p->kind, "section");
    }
    assert_string_equal(tu_provision(d, "4")->title, "Cybercrime Offenses");
    assert_string_equal(tu_provision(d, "12")->title, "Real-Time Collection of Traffic Data");
    const amicus_node *s4 = tu_provision(d, "4");
    static const char *paths[] = {"a/1", "a/2", "a/3", "a/4", "a/5", "a/6", "b/1", "b/2", "b/3",
                                  "c/1", "c/2", "c/3", "c/4", NULL};
    for (const char **p = paths; *p; p++) {
        if (!at_path(d, s4, *p)) fail_msg("section 4(%s) missing", *p);
    }
    char buf[64];
    assert_string_equal(amicus_node_path(d, at_path(d, s4, "c/4"), buf, sizeof buf), "s. 4(c)(4)");
    assert_true(has_definition(d, "access", "3"));
    assert_true(has_definition(d, "computer system", "3"));
    assert_true(has_definition(d, "without right", "3"));
    assert_true(has_definition(d, "traffic data or non-content data", "3"));
    amicus_doc_free(d);
}

static void kenya(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *d = tu_open_corpus("text/ke-computer-misuse-cybercrimes-act-2018.txt");
    /* sections 1-70 without 69, plus 46A */
    assert_int_equal(amicus_doc_provision_count(d), 70);
    for (int i = 1; i <= 70; i++) {
        char num[16];
        snprintf(num, sizeof num, "%d", i);
        if (i == 69) assert_null(amicus_doc_find_provision(d, num, NULL));
        else tu_provision(d, num);
    }
    const amicus_node *s46a = tu_provision(d, "46A");
    assert_string_equal(s46a->title, "Further court orders");
    assert_string_equal(ancestor_kind(d, s46a, "part")->number, "III");
    assert_string_equal(ancestor_kind(d, tu_provision(d, "47"), "part")->number, "IV");
    assert_string_equal(tu_provision(d, "2")->title, "Interpretation");
    assert_true(has_health(d, "numbering-gap", "69"));
    assert_true(has_definition(d, "access", "2"));
    assert_true(has_definition(d, "asset", "2"));
    assert_true(has_definition(d, "computer system", "2"));
    assert_true(has_definition(d, "cybersquatting", "2"));
    /* inline subsections and items: s. 48(2)(c)(iii) */
    assert_non_null(at_path(d, tu_provision(d, "48"), "2/c/iii"));
    amicus_doc_free(d);
}

static void singapore(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *d = tu_open_corpus("text/sg-computer-misuse-act-1993.txt");
    assert_int_equal(amicus_doc_provision_count(d), 22);
    const amicus_node *s8a = tu_provision(d, "8A");
    assert_string_equal(s8a->title, "Disclosure of password, access code, etc., in relation to national digital identity service");
    assert_string_equal(tu_provision(d, "8B")->title, "Supplying, etc., credential of another person");
    assert_string_equal(tu_provision(d, "1")->title, "Short title");
    assert_string_equal(ancestor_kind(d, s8a, "part")->number, "2");
    assert_string_equal(ancestor_kind(d, s8a, "part")->title, "OFFENCES");
    /* marginal heading belongs to its section */
    const char *t = text_of(d);
    assert_true(strncmp(t + s8a->start, "Disclosure of password", 22) == 0);
    /* ( a ) spacing, (3)(a)(i) */
    assert_non_null(at_path(d, s8a, "3/a/i"));
    assert_non_null(at_path(d, s8a, "5/b/ii"));
    assert_non_null(at_path(d, tu_provision(d, "3"), "1/a"));
    amicus_doc_free(d);
}

static void us_title18(void **state) {
    (void)state;
    tu_require_corpus();
    clock_t t0 = clock();
    amicus_doc *d = tu_open_corpus("text/us-usc-title18.txt");
    double secs = (double)(clock() - t0) / CLOCKS_PER_SEC;
    assert_true(secs < 10.0); /* generous cap against hangs; speed claims live in bench/ */
    assert_int_equal(amicus_doc_provision_count(d), 1306);
    const amicus_node *s = tu_provision(d, "1030");
    assert_string_equal(s->label, "\xc2\xa7 1030");
    assert_string_equal(s->title, "Fraud and related activity in connection with computers");
    const char *sub = "abcdefghij";
    for (const char *c = sub; *c; c++) {
        char p[2] = {*c, 0};
        if (!at_path(d, s, p)) fail_msg("1030(%s) missing", p);
        assert_string_equal(at_path(d, s, p)->kind, "subsection");
    }
    assert_null(at_path(d, s, "k"));
    for (int i = 1; i <= 7; i++) {
        char p[16];
        snprintf(p, sizeof p, "a/%d", i);
        if (!at_path(d, s, p)) fail_msg("1030(%s) missing", p);
    }
    for (int i = 1; i <= 12; i++) {
        char p[16];
        snprintf(p, sizeof p, "e/%d", i);
        if (!at_path(d, s, p)) fail_msg("1030(%s) missing", p);
    }
    assert_non_null(at_path(d, s, "a/5/A"));
    assert_non_null(at_path(d, s, "c/4/A/i/VI"));
    assert_non_null(at_path(d, s, "i/1/A"));
    char buf[64];
    assert_string_equal(amicus_node_path(d, at_path(d, s, "a/2/C"), buf, sizeof buf), "\xc2\xa7 1030(a)(2)(C)");
    /* the closing words of (a) ("shall be punished as provided in subsection (c) of this section")
     * apply to the whole list: they are (a)'s wrap-up text, not part of (a)(7)(C) */
    {
        const char *t = amicus_doc_text(d, NULL);
        const amicus_node *c7 = at_path(d, s, "a/7/C"), *a7 = at_path(d, s, "a/7"), *a = at_path(d, s, "a");
        assert_non_null(c7);
        assert_true(c7->end > c7->start && t[c7->end - 1] == ';');
        assert_int_equal(a7->end, c7->end);
        const char *w = strstr(t + c7->end, "shall be punished as provided in subsection (c) of this section.");
        assert_non_null(w);
        assert_true((size_t)(w - t) < a->end);
        assert_ptr_equal(amicus_doc_node_at(d, (size_t)(w - t)), a);
    }
    assert_true(has_definition(d, "protected computer", "1030"));
    assert_true(has_health(d, "numbering-gap", NULL)); /* repealed sections */
    amicus_doc_free(d);
}

static void colombia_quoted(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *d = tu_open_corpus("text/co-ley1273-2009-delitos-informaticos.es.txt");
    const amicus_node *a1 = tu_provision(d, "1");
    const char *q[] = {"269A", "269B", "269C", "269D", "269E", "269F", "269G", "269H", "269I", "269J", NULL};
    for (const char **x = q; *x; x++) {
        const amicus_node *p = tu_provision(d, *x);
        assert_true(p->flags & AMICUS_NODE_F_QUOTED);
        assert_int_equal(p->parent, a1->index);
    }
    assert_string_equal(tu_provision(d, "269A")->title, "Acceso abusivo a un sistema inform\xc3\xa1tico");
    assert_false(tu_provision(d, "2")->flags & AMICUS_NODE_F_QUOTED);
    assert_false(tu_provision(d, "4")->flags & AMICUS_NODE_F_QUOTED);
    assert_string_equal(tu_provision(d, "4")->lang, "es");
    amicus_doc_free(d);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(budapest),    cmocka_unit_test(uncac),      cmocka_unit_test(iccpr),
        cmocka_unit_test(echr),        cmocka_unit_test(gdpr),       cmocka_unit_test(philippines),
        cmocka_unit_test(kenya),       cmocka_unit_test(singapore),  cmocka_unit_test(us_title18),
        cmocka_unit_test(colombia_quoted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
