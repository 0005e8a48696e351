/* test_formats.c — PDF, legislative XML and DOCX input: structure from hand-made fixtures, page/line locations, hostile files; contents lists and repeated groupings in any format. */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *fixture(const char *name) {
    const char *src = getenv("AMICUS_SOURCE_DIR");
    char *p = malloc(4096);
    snprintf(p, 4096, "%s/tests/fixtures/formats/%s", src ? src : ".", name);
    return p;
}

static amicus_doc *open_fixture(const char *name) {
    char *p = fixture(name);
    amicus_doc *doc = NULL;
    amicus_error err;
    if (amicus_doc_open_file(p, NULL, &doc, &err) != AMICUS_OK) {
        char buf[1200];
        fail_msg("open %s: %s", p, amicus_error_format(&err, buf, sizeof buf));
    }
    free(p);
    return doc;
}

static amicus_status open_fixture_err(const char *name, amicus_error *err) {
    char *p = fixture(name);
    amicus_doc *doc = NULL;
    memset(err, 0, sizeof *err);
    amicus_status st = amicus_doc_open_file(p, NULL, &doc, err);
    if (doc) amicus_doc_free(doc);
    free(p);
    return st;
}

static amicus_status open_mem_err(const char *data, size_t len, const char *name, amicus_error *err) {
    amicus_doc *doc = NULL;
    memset(err, 0, sizeof *err);
    amicus_status st = amicus_doc_open_memory(data, len, name, NULL, &doc, err);
    if (doc) amicus_doc_free(doc);
    return st;
}

static const amicus_node *prov(const amicus_doc *doc, const char *num) {
    const amicus_node *n = amicus_doc_find_provision(doc, num, NULL);
    if (!n) fail_msg("provision %s not found", num);
    return n;
}

/* ------------------------------------------------------------ PDF */

static void test_pdf_mini(void **state) {
    (void)state;
    amicus_doc *doc = open_fixture("mini.pdf");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_PDF);
    size_t n;
    const char *t = amicus_doc_text(doc, &n);
    /* running header, "- 2 -" page numbers, margin line numbers gone; "intercon-/nected" joined */
    assert_null(strstr(t, "Gazette Supplement"));
    assert_null(strstr(t, "- 2 -"));
    assert_non_null(strstr(t, "interconnected devices"));
    assert_non_null(strstr(t, "\n1. Short title\n"));
    assert_non_null(strstr(t, "\n3. Unauthorised access\n"));
    /* the same provisions as the text version */
    assert_int_equal(amicus_doc_provision_count(doc), 4);
    const amicus_node *p1 = prov(doc, "1"), *p3 = prov(doc, "3"), *p4 = prov(doc, "4");
    assert_string_equal(p1->title, "Short title");
    assert_string_equal(p3->title, "Unauthorised access");
    assert_string_equal(p4->title, "Interception");
    /* pages: 1 on page 1, 3 on page 2, 4 on page 3; lines counted on the page */
    assert_int_equal(p1->page, 1);
    assert_int_equal(p3->page, 2);
    assert_int_equal(p4->page, 3);
    amicus_location loc;
    amicus_doc_locate(doc, p4->start, &loc);
    assert_int_equal(loc.page, 3);
    assert_true(loc.line >= 2 && loc.line <= 12);
    const char *w = strstr(t, "non-public transmissions");
    assert_non_null(w);
    amicus_doc_locate(doc, (size_t)(w - t), &loc);
    assert_int_equal(loc.page, 3);
    amicus_doc_free(doc);
}

static void test_pdf_errors(void **state) {
    (void)state;
    amicus_error err;
    assert_int_equal(open_fixture_err("encrypted.pdf", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "encrypted PDF"));
    assert_int_equal(open_fixture_err("scanned.pdf", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "OCR"));
    assert_int_equal(open_fixture_err("truncated.pdf", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "PDF"));
    static const char junk[] = "%PDF-1.4\n%garbage garbage garbage\n";
    assert_int_equal(open_mem_err(junk, sizeof junk - 1, "junk.pdf", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "broken PDF"));
}

/* ------------------------------------------------------------ XML */

static void test_akn_mini(void **state) {
    (void)state;
    amicus_doc *doc = open_fixture("mini.akn.xml");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_AKN);
    assert_string_equal(amicus_doc_title(doc), "Sample Cybercrime Act");
    assert_int_equal(amicus_doc_provision_count(doc), 3);
    const amicus_node *a1 = prov(doc, "1"), *a2 = prov(doc, "2"), *a3 = prov(doc, "3");
    assert_string_equal(a1->title, "Definitions");
    assert_string_equal(a2->title, "Illegal access");
    assert_string_equal(a3->label, "Article 3"); /* a bare <num>3</num> gets the element's keyword */
    assert_string_equal(a3->title, "Illegal interception");
    /* chapters are the parents, paragraphs and points the children */
    const amicus_node *ch = amicus_doc_node(doc, (size_t)a2->parent);
    assert_int_equal(ch->type, AMICUS_NODE_GROUP);
    assert_string_equal(ch->title, "Offences");
    assert_true(a2->first_child >= 0);
    const amicus_node *p1 = amicus_doc_node(doc, (size_t)a2->first_child);
    assert_string_equal(p1->number, "1");
    const amicus_node *p2 = amicus_doc_node(doc, (size_t)p1->next_sibling);
    assert_string_equal(p2->number, "2");
    assert_true(p2->first_child >= 0);
    assert_string_equal(amicus_doc_node(doc, (size_t)p2->first_child)->number, "a");
    /* lines point into the XML file */
    assert_int_equal(a2->line, 19);
    assert_int_equal(amicus_doc_definition_count(doc), 1);
    amicus_doc_free(doc);
}

static void test_xml_hostile(void **state) {
    (void)state;
    amicus_error err;
    assert_int_equal(open_fixture_err("xxe.akn.xml", &err), AMICUS_ERR_FORMAT);
    assert_non_null(strstr(err.message, "entity"));
    assert_null(strstr(err.message, "root:"));
    assert_int_equal(open_fixture_err("billion-laughs.xml", &err), AMICUS_ERR_FORMAT);
    assert_non_null(strstr(err.message, "entity"));
    /* an external DTD is never loaded; the undefined entity is left out */
    amicus_doc *doc = open_fixture("xxe-dtd.akn.xml");
    size_t n;
    const char *t = amicus_doc_text(doc, &n);
    assert_null(strstr(t, "root:"));
    assert_non_null(strstr(t, "Text"));
    amicus_doc_free(doc);
    /* unknown vocabulary, malformed */
    static const char unk[] = "<?xml version=\"1.0\"?><recipe><step>boil</step></recipe>";
    assert_int_equal(open_mem_err(unk, sizeof unk - 1, "r.xml", &err), AMICUS_ERR_FORMAT);
    assert_non_null(strstr(err.message, "recipe"));
    static const char bad[] = "<?xml version=\"1.0\"?><";
    assert_int_equal(open_mem_err(bad, sizeof bad - 1, "b.xml", &err), AMICUS_ERR_FORMAT);
    /* deep nesting: no stack overflow; refused at the nesting limit (--max-depth) */
    size_t depth = 100000;
    char *deep = malloc(depth * 7 + 64);
    size_t k = (size_t)sprintf(deep, "<akomaNtoso><act><body>");
    for (size_t i = 0; i < depth; i++) k += (size_t)sprintf(deep + k, "<part>");
    k += (size_t)sprintf(deep + k, "x");
    amicus_status st = open_mem_err(deep, k, "deep.xml", &err);
    assert_int_equal(st, AMICUS_ERR_TOO_LARGE);
    assert_non_null(strstr(err.message, "--max-depth"));
    free(deep);
}

static void test_xml_detection(void **state) {
    (void)state;
    /* CLML without an XML declaration, prefixed AKN root */
    static const char clml[] =
        "<Legislation xmlns=\"http://www.legislation.gov.uk/namespaces/legislation\"><Primary><Body>"
        "<P1group><Title>Overview</Title><P1><Pnumber>1</Pnumber><P1para><Text>This Act is about data.</Text>"
        "</P1para></P1></P1group></Body></Primary></Legislation>";
    amicus_doc *doc = NULL;
    amicus_error err;
    assert_int_equal(amicus_doc_open_memory(clml, sizeof clml - 1, "a.xml", NULL, &doc, &err), AMICUS_OK);
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_CLML);
    const amicus_node *s1 = prov(doc, "1");
    assert_string_equal(s1->title, "Overview");
    amicus_doc_free(doc);
    static const char ldml[] =
        "<akn:akomaNtoso xmlns:akn=\"http://Inhaltsdaten.LegalDocML.de/1.8.2/\"><akn:act><akn:body>"
        "<akn:article><akn:num>Artikel 1</akn:num><akn:heading>Geltungsbereich</akn:heading>"
        "<akn:paragraph><akn:num>(1)</akn:num><akn:content><akn:p>Dieses Gesetz gilt.</akn:p></akn:content>"
        "</akn:paragraph></akn:article></akn:body></akn:act></akn:akomaNtoso>";
    assert_int_equal(amicus_doc_open_memory(ldml, sizeof ldml - 1, "d.xml", NULL, &doc, &err), AMICUS_OK);
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_AKN);
    assert_string_equal(prov(doc, "1")->title, "Geltungsbereich");
    amicus_doc_free(doc);
}

/* ------------------------------------------------------------ DOCX */

static void test_docx_tracked(void **state) {
    (void)state;
    amicus_doc *doc = open_fixture("tracked.docx");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_DOCX);
    size_t n;
    const char *t = amicus_doc_text(doc, &n);
    /* numbering.xml rendered as Word shows it; insertions in, deletions out; comments ignored;
     * table cells flattened in reading order */
    assert_non_null(strstr(t, "\nArticle 2 - Illegal access\n(1) A person who intentionally accesses a computer "
                              "system without authorisation commits an offence.\n(2) A Party"));
    assert_non_null(strstr(t, "\n(a) by infringing security measures; or\n(b) with dishonest intent.\n"));
    assert_null(strstr(t, "without right"));
    assert_null(strstr(t, "REVIEWER COMMENT"));
    assert_non_null(strstr(t, "Offence: illegal access\nFine: level 3"));
    assert_int_equal(amicus_doc_provision_count(doc), 3);
    const amicus_node *a2 = prov(doc, "2");
    assert_string_equal(a2->title, "Illegal access");
    assert_int_equal(a2->line, 4); /* line = paragraph number in the DOCX */
    assert_int_equal(a2->page, 0);
    amicus_doc_free(doc);
    /* --tracked original */
    char *p = fixture("tracked.docx");
    amicus_open_options o = {0};
    o.tracked_original = 1;
    amicus_error err;
    assert_int_equal(amicus_doc_open_file(p, &o, &doc, &err), AMICUS_OK);
    t = amicus_doc_text(doc, &n);
    assert_non_null(strstr(t, "computer system without right commits"));
    assert_null(strstr(t, "without authorisation"));
    amicus_doc_free(doc);
    free(p);
}

static void test_docx_broken(void **state) {
    (void)state;
    amicus_error err;
    static const char z[] = "PK\x03\x04\x14\0\0\0\x08\0word/document.xml truncated zip data .......";
    assert_int_equal(open_mem_err(z, sizeof z - 1, "x.docx", &err), AMICUS_ERR_FORMAT);
    assert_non_null(strstr(err.message, "DOCX"));
}

/* ------------------------------------------------------------ allocation failures */

static void test_alloc_failures(void **state) {
    (void)state;
    char *p = fixture("mini.akn.xml");
    for (unsigned long k = 1; k < 400; k += 7) {
        amicus_doc *doc = NULL;
        amicus_error err;
        amicus_alloc_fail_after(k);
        amicus_status st = amicus_doc_open_file(p, NULL, &doc, &err);
        amicus_alloc_fail_after(0);
        assert_true(st == AMICUS_OK || st == AMICUS_ERR_NOMEM);
        amicus_doc_free(doc);
    }
    free(p);
    p = fixture("tracked.docx");
    for (unsigned long k = 1; k < 300; k += 3) {
        amicus_doc *doc = NULL;
        amicus_error err;
        amicus_alloc_fail_after(k);
        amicus_status st = amicus_doc_open_file(p, NULL, &doc, &err);
        amicus_alloc_fail_after(0);
        assert_true(st == AMICUS_OK || st == AMICUS_ERR_NOMEM);
        amicus_doc_free(doc);
    }
    free(p);
    p = fixture("mini.pdf");
    for (unsigned long k = 1; k < 200; k += 5) {
        amicus_doc *doc = NULL;
        amicus_error err;
        amicus_alloc_fail_after(k);
        amicus_status st = amicus_doc_open_file(p, NULL, &doc, &err);
        amicus_alloc_fail_after(0);
        assert_true(st == AMICUS_OK || st == AMICUS_ERR_NOMEM);
        amicus_doc_free(doc);
    }
    free(p);
}

/* ------------------------------------------------- contents lists (structure, any format) */

static amicus_doc *open_text(const char *text, const char *name) {
    amicus_doc *doc = NULL;
    amicus_error err;
    if (amicus_doc_open_memory(text, strlen(text), name, NULL, &doc, &err) != AMICUS_OK) fail_msg("open %s", name);
    return doc;
}

/* the provisions' numbers, space-separated; the groupings' labels, "|"-separated */
static void outline_of(const amicus_doc *doc, char *provs, char *groups, size_t cap) {
    provs[0] = groups[0] = 0;
    for (size_t i = 0; i < amicus_doc_provision_count(doc); i++) {
        const amicus_node *p = amicus_doc_provision(doc, i);
        snprintf(provs + strlen(provs), cap - strlen(provs), "%s%s", i ? " " : "", p->number ? p->number : "?");
    }
    for (size_t i = 0; i < amicus_doc_node_count(doc); i++) {
        const amicus_node *g = amicus_doc_node(doc, i);
        if (g->type == AMICUS_NODE_GROUP)
            snprintf(groups + strlen(groups), cap - strlen(groups), "%s%s", groups[0] ? "|" : "", g->label ? g->label : "?");
    }
}

static void test_contents_lists(void **state) {
    (void)state;
    char pv[512], gr[512];
    /* an English act with an arrangement of sections at the top: each section once, each part once */
    amicus_doc *doc = open_text("The Example Act\n\nARRANGEMENT OF SECTIONS\n\nPART I - PRELIMINARY\n"
                                "Section 1. Short title\nSection 2. Interpretation\nSection 3. Objects\nPART II - OFFENCES\n"
                                "Section 4. Unauthorised access\n\n"
                                "PART I - PRELIMINARY\n\nSection 1. Short title\nThis Act may be cited as the Example Act.\n\n"
                                "Section 2. Interpretation\nIn this Act, unless the context otherwise requires, words mean what they say.\n\n"
                                "Section 3. Objects\nThe objects of this Act are to protect computer systems.\n\n"
                                "PART II - OFFENCES\n\nSection 4. Unauthorised access\nA person who accesses a computer system without "
                                "authority commits an offence.\n",
                                "act.txt");
    outline_of(doc, pv, gr, sizeof pv);
    assert_string_equal(pv, "1 2 3 4");
    assert_string_equal(gr, "PART I|PART II");
    assert_string_equal(prov(doc, "1")->title, "Short title");
    assert_non_null(strstr(prov(doc, "4")->title, "Unauthorised"));
    amicus_doc_free(doc);
    /* Spanish, "Artículo N" headings in the list */
    static const char *const cases[][3] = {
        {"Ley de ejemplo\n\nÍNDICE\nArtículo 1. Objeto\nArtículo 2. Definiciones\nArtículo 3. Delitos\n\n"
         "Artículo 1. Objeto\nLa presente ley tiene por objeto proteger los sistemas informáticos.\n\n"
         "Artículo 2. Definiciones\nA los efectos de esta ley se entiende por sistema todo dispositivo.\n\n"
         "Artículo 3. Delitos\nEl que accediere sin autorización a un sistema será sancionado.\n",
         "ley.txt", "1 2 3"}, /* Spanish, "Artículo N" headings in the list */
        {"An Act\n\n1. Short title\nThis Act may be cited as an Act.\n\n2. Repealed\n3. Repealed\n4. Repealed\n\n"
         "5. Offences\nA person who accesses a computer system without authority commits an offence.\n",
         "repealed.txt", "1 2 3 4 5"}, /* provisions without text that never come again: not a list */
    };
    for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
        doc = open_text(cases[k][0], cases[k][1]);
        outline_of(doc, pv, gr, sizeof pv);
        assert_string_equal(pv, cases[k][2]);
        amicus_doc_free(doc);
    }
    /* a grouping heading run on from the text above, then printed again: one grouping, titled */
    doc = open_text("An Act\n\nPART I\n\nSection 1. Short title\nThis Act may be cited as an Act.\nPart II - OFFENCES\n\n"
                    "PART II\n\nSection 2. Offences\nA person who accesses a computer system without authority commits an "
                    "offence.\n",
                    "repeat.txt");
    outline_of(doc, pv, gr, sizeof pv);
    assert_string_equal(pv, "1 2");
    assert_string_equal(gr, "PART I|PART II");
    for (size_t i = 0; i < amicus_doc_node_count(doc); i++) {
        const amicus_node *g = amicus_doc_node(doc, i);
        if (g->type == AMICUS_NODE_GROUP && g->label && !strcmp(g->label, "PART II")) assert_string_equal(g->title, "OFFENCES");
    }
    amicus_doc_free(doc);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pdf_mini),     cmocka_unit_test(test_pdf_errors),
        cmocka_unit_test(test_akn_mini),     cmocka_unit_test(test_xml_hostile),
        cmocka_unit_test(test_xml_detection), cmocka_unit_test(test_docx_tracked),
        cmocka_unit_test(test_docx_broken),  cmocka_unit_test(test_alloc_failures),
        cmocka_unit_test(test_contents_lists),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
