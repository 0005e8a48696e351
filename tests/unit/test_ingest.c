/* test_ingest.c — the ingest stage: encodings, normalisation, offset map, Markdown, HTML, bad input, allocation failure. */
#include "testutil.h"
#include "core/core.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ helpers */

static amicus_doc *open_mem(const char *data, size_t len, const char *name, amicus_format fmt) {
    amicus_open_options o = {0};
    o.format = fmt;
    amicus_doc *doc = NULL;
    amicus_error err;
    memset(&err, 0, sizeof err);
    amicus_status st = amicus_doc_open_memory(data, len, name, &o, &doc, &err);
    if (st != AMICUS_OK) {
        char buf[1200];
        fail_msg("open %s: %s", name, amicus_error_format(&err, buf, sizeof buf));
    }
    return doc;
}
#define OPEN(lit, name) open_mem(lit, sizeof(lit) - 1, name, AMICUS_FORMAT_AUTO)

static amicus_status open_err(const char *data, size_t len, const char *name, amicus_error *err) {
    amicus_doc *doc = NULL;
    memset(err, 0, sizeof *err);
    amicus_status st = amicus_doc_open_memory(data, len, name, NULL, &doc, err);
    if (doc) amicus_doc_free(doc);
    assert_null(st == AMICUS_OK ? (void *)1 : NULL);
    return st;
}

static char *fixture_path(const char *rel) {
    const char *base = getenv("AMICUS_SOURCE_DIR");
    char dir[1024];
    if (!base || !*base) {
        snprintf(dir, sizeof dir, "%s", __FILE__);
        char *s = strstr(dir, "tests/unit/");
        if (s == dir) snprintf(dir, sizeof dir, ".");
        else if (s) s[-1] = 0;
        base = dir;
    }
    size_t n = strlen(base) + strlen(rel) + 32;
    char *p = malloc(n);
    snprintf(p, n, "%s/tests/fixtures/ingest/%s", base, rel);
    return p;
}

static amicus_doc *open_fixture(const char *rel) {
    char *p = fixture_path(rel);
    amicus_doc *doc = NULL;
    amicus_error err;
    amicus_status st = amicus_doc_open_file(p, NULL, &doc, &err);
    if (st != AMICUS_OK) {
        char buf[1200];
        fail_msg("open %s: %s", p, amicus_error_format(&err, buf, sizeof buf));
    }
    free(p);
    return doc;
}

static size_t text_off(const amicus_doc *doc, const char *needle) {
    size_t len;
    const char *t = amicus_doc_text(doc, &len);
    const char *p = strstr(t, needle);
    if (!p) fail_msg("'%s' not in the normalised text", needle);
    return (size_t)(p - t);
}

static const amicus_diag *find_warning(const amicus_doc *doc, const char *code) {
    for (size_t i = 0; i < amicus_doc_warning_count(doc); i++)
        if (strcmp(amicus_doc_warning(doc, i)->code, code) == 0) return amicus_doc_warning(doc, i);
    return NULL;
}

/* Every ASCII letter or digit in the text must locate to the same byte in the source
 * (or, in HTML, to the '&' of the character reference it was decoded from). */
static void assert_map_exact(const amicus_doc *doc) {
    size_t len;
    const char *t = amicus_doc_text(doc, &len);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) continue;
        amicus_location loc;
        amicus_doc_locate(doc, i, &loc);
        if (loc.source_offset < doc->src_len && doc->format == AMICUS_FORMAT_HTML &&
            doc->src[loc.source_offset] == '&')
            continue;
        if (loc.source_offset >= doc->src_len || doc->src[loc.source_offset] != (char)c)
            fail_msg("offset %zu ('%c', text \"%.20s\") located at source byte %zu (\"%.20s\")", i, c, t + i,
                     loc.source_offset, loc.source_offset < doc->src_len ? doc->src + loc.source_offset : "");
    }
}

/* line and column (code points) of a UTF-8 source offset, computed the slow way */
static unsigned long src_line(const char *src, size_t off) {
    unsigned long l = 1;
    for (size_t i = 0; i < off; i++) l += src[i] == '\n';
    return l;
}
static unsigned long src_col(const char *src, size_t off) {
    size_t ls = off;
    while (ls > 0 && src[ls - 1] != '\n') ls--;
    unsigned long c = 1;
    for (size_t i = ls; i < off; i++) c += ((unsigned char)src[i] & 0xC0) != 0x80;
    return c;
}
/* locate(text offset of needle) == source offset of src_needle, with its line and column */
static void assert_loc_str(const amicus_doc *doc, const char *src, const char *needle, const char *src_needle);

static void assert_loc(const amicus_doc *doc, size_t off, size_t src, unsigned long line, unsigned long col) {
    amicus_location loc;
    amicus_doc_locate(doc, off, &loc);
    if (loc.source_offset != src || loc.line != line || loc.column != col)
        fail_msg("offset %zu: got source %zu line %lu col %lu, want %zu %lu %lu", off, loc.source_offset,
                 loc.line, loc.column, src, line, col);
}

static void assert_loc_str(const amicus_doc *doc, const char *src, const char *needle, const char *src_needle) {
    const char *p = strstr(src, src_needle);
    if (!p) fail_msg("'%s' not in the source", src_needle);
    size_t so = (size_t)(p - src);
    assert_loc(doc, text_off(doc, needle), so, src_line(src, so), src_col(src, so));
}

/* ------------------------------------------------------------ text, encodings */

static void test_ascii_identity(void **state) {
    (void)state;
    static const char src[] = "Article 1 - Scope\nThis Law applies to computer systems.\n\n  Indented (a) item\n";
    amicus_doc *doc = OPEN(src, "plain.txt");
    size_t len;
    const char *t = amicus_doc_text(doc, &len);
    assert_int_equal(len, sizeof src - 1);
    assert_string_equal(t, src);
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_TEXT);
    assert_int_equal(doc->map.n, 1);
    assert_int_equal(amicus_doc_warning_count(doc), 0);
    assert_loc(doc, 0, 0, 1, 1);
    assert_loc(doc, text_off(doc, "This"), 18, 2, 1);
    assert_loc(doc, text_off(doc, "computer"), 18 + 20, 2, 21);
    assert_loc(doc, text_off(doc, "(a)"), text_off(doc, "(a)"), 4, 12);
    assert_map_exact(doc);
    amicus_doc_free(doc);
}

static void test_normalisation_and_locate(void **state) {
    (void)state;
    /* line 1: curly quotes, em dash, nbsp, zero-width space, soft hyphen, single quotes, U+FFFD
     * line 2: combining acute (NFC), BOM inside, thin space, minus */
    static const char src[] =
        "A \xE2\x80\x9Cquoted\xE2\x80\x9D word \xE2\x80\x94 dash\xC2\xA0nbsp zero\xE2\x80\x8Bwidth "
        "soft\xC2\xADhyphen \xE2\x80\x98s\xE2\x80\x99 \xEF\xBF\xBD end\n"
        "caf\x65\xCC\x81 x\xEF\xBB\xBFy 1\xE2\x80\x89\xE2\x88\x92\x32 \xE2\x80\x9E\x6Cow\xE2\x80\x9C tail\n";
    static const char want[] =
        "A \"quoted\" word - dash nbsp zerowidth softhyphen 's' \xEF\xBF\xBD end\n"
        "caf\xC3\xA9 xy 1 -2 \"low\" tail\n";
    amicus_doc *doc = OPEN(src, "norm.txt");
    size_t len;
    const char *t = amicus_doc_text(doc, &len);
    assert_string_equal(t, want);
    assert_int_equal(len, sizeof want - 1);
    assert_map_exact(doc);
    /* "end": source byte, line 1, column in code points */
    const char *se = strstr(src, " end") + 1;
    size_t src_end = (size_t)(se - src);
    unsigned long col = 1;
    for (const char *p = src; p < se; p++)
        if (((unsigned char)*p & 0xC0) != 0x80) col++;
    assert_loc(doc, text_off(doc, "end"), src_end, 1, col);
    /* after the zero-width space and the soft hyphen */
    assert_loc(doc, text_off(doc, "width"), (size_t)(strstr(src, "width") - src), 1, 34);
    assert_loc_str(doc, src, "hyphen", "hyphen");
    assert_loc_str(doc, src, "dash nbsp", "dash");
    /* line 2, after NFC composition (e + U+0301 -> U+00E9) */
    const char *l2 = strchr(src, '\n') + 1;
    assert_loc(doc, text_off(doc, "xy"), (size_t)(strstr(l2, " x") + 1 - src), 2, 7);
    assert_loc_str(doc, src, "tail", "tail");
    assert_loc_str(doc, src, "-2", "\xE2\x88\x92");
    /* the é itself maps to the e */
    assert_loc(doc, text_off(doc, "\xC3\xA9"), (size_t)(strstr(l2, "e\xCC\x81") - src), 2, 4);
    amicus_doc_free(doc);
}

static void test_nfc(void **state) {
    (void)state;
    /* Angstrom sign (singleton), decomposed o + diaeresis, Hangul jamo L+V, precomposed kept,
     * a mark after ASCII 'n' (n + tilde -> U+00F1), reordering of two marks */
    static const char src[] = "\xE2\x84\xAB o\xCC\x88 \xE1\x84\x80\xE1\x85\xA1 \xC3\xA9 espan\xCC\x83" "a "
                              "a\xCC\x81\xCC\xA3 end\n";
    static const char want[] = "\xC3\x85 \xC3\xB6 \xEA\xB0\x80 \xC3\xA9 espa\xC3\xB1" "a "
                               "\xE1\xBA\xA1\xCC\x81 end\n";
    amicus_doc *doc = OPEN(src, "nfc.txt");
    assert_string_equal(amicus_doc_text(doc, NULL), want);
    assert_map_exact(doc);
    assert_loc_str(doc, src, "end", "end");
    assert_loc_str(doc, src, "espa", "espa");
    assert_loc_str(doc, src, "\xC3\xB1", "n\xCC\x83");
    amicus_doc_free(doc);
}

static void test_utf8_bom(void **state) {
    (void)state;
    static const char src[] = "\xEF\xBB\xBFTitle\nSecond line\n";
    amicus_doc *doc = OPEN(src, "bom.txt");
    assert_string_equal(amicus_doc_text(doc, NULL), "Title\nSecond line\n");
    assert_loc(doc, 0, 3, 1, 1);
    assert_loc(doc, text_off(doc, "line"), 3 + 6 + 7, 2, 8);
    assert_map_exact(doc);
    amicus_doc_free(doc);
}

static size_t to_utf16(const char *ascii_or_bmp_utf8, bool le, char *out) {
    /* only handles the BMP (test strings) */
    size_t o = 0;
    out[o++] = le ? '\xFF' : '\xFE';
    out[o++] = le ? '\xFE' : '\xFF';
    const unsigned char *s = (const unsigned char *)ascii_or_bmp_utf8;
    while (*s) {
        unsigned c;
        if (*s < 0x80) c = *s++;
        else if (*s < 0xE0) { c = ((s[0] & 0x1F) << 6) | (s[1] & 0x3F); s += 2; }
        else { c = ((s[0] & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F); s += 3; }
        out[o++] = (char)(le ? c & 0xFF : c >> 8);
        out[o++] = (char)(le ? c >> 8 : c & 0xFF);
    }
    return o;
}

static void check_utf16(bool le) {
    char buf[256];
    size_t n = to_utf16("Hi\r\nArt 2 caf\xC3\xA9 \xE2\x80\x9Cx\xE2\x80\x9D end\n", le, buf);
    amicus_doc *doc = open_mem(buf, n, le ? "le.txt" : "be.txt", AMICUS_FORMAT_AUTO);
    assert_string_equal(amicus_doc_text(doc, NULL), "Hi\nArt 2 caf\xC3\xA9 \"x\" end\n");
    assert_int_equal(amicus_doc_warning_count(doc), 0);
    /* BOM 2 bytes + "Hi\r\n" 8 bytes */
    assert_loc(doc, text_off(doc, "Art"), 10, 2, 1);
    assert_loc(doc, text_off(doc, "end"), 10 + 2 * 15, 2, 16);
    assert_loc(doc, text_off(doc, "Hi"), 2, 1, 1);
    amicus_doc_free(doc);
}

static void test_utf16le(void **state) { (void)state; check_utf16(true); }
static void test_utf16be(void **state) { (void)state; check_utf16(false); }

static void test_utf16_lone_surrogate(void **state) {
    (void)state;
    static const char src[] = "\xFF\xFE" "a\0b\0\x00\xD8" "c\0";
    amicus_error err;
    assert_int_equal(open_err(src, sizeof src - 1, "surrogate.txt", &err), AMICUS_ERR_INPUT);
    assert_int_equal(err.offset, 6);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 3);
    assert_non_null(strstr(err.message, "surrogate"));
    assert_non_null(strstr(err.message, "offset 6"));
    assert_string_equal(err.file, "surrogate.txt");
    static const char odd[] = "\xFE\xFF\0a\0";
    assert_int_equal(open_err(odd, sizeof odd - 1, "odd.txt", &err), AMICUS_ERR_INPUT);
}

static void test_cp1252_fallback(void **state) {
    (void)state;
    static const char src[] = "Caf\xE9 \x93quoted\x94 na\xEFve \x96 end\nline \x80 two\n";
    amicus_doc *doc = OPEN(src, "cp1252.txt");
    assert_string_equal(amicus_doc_text(doc, NULL),
                        "Caf\xC3\xA9 \"quoted\" na\xC3\xAFve - end\nline \xE2\x82\xAC two\n");
    const amicus_diag *w = find_warning(doc, "cp1252-fallback");
    assert_non_null(w);
    assert_int_equal(w->offset, 3);
    assert_non_null(strstr(w->message, "Windows-1252"));
    assert_map_exact(doc);
    /* columns count one character per byte */
    assert_loc(doc, text_off(doc, "end"), (size_t)(strstr(src, "end") - src), 1, 23);
    assert_loc(doc, text_off(doc, "two"), (size_t)(strstr(src, "two") - src), 2, 8);
    amicus_doc_free(doc);
}

static void test_invalid_utf8_repaired(void **state) {
    (void)state;
    static const char src[] = "Caf\xC3\xA9 cr\xC3\xA8me, na\xC3\xAFve, \xFF bad \xC3\xA9t\xC3\xA9 x \xC3 y end\n";
    amicus_doc *doc = OPEN(src, "repair.txt");
    const char *t = amicus_doc_text(doc, NULL);
    assert_string_equal(t, "Caf\xC3\xA9 cr\xC3\xA8me, na\xC3\xAFve, \xEF\xBF\xBD bad \xC3\xA9t\xC3\xA9 x \xEF\xBF\xBD y end\n");
    const amicus_diag *w = find_warning(doc, "invalid-utf8");
    assert_non_null(w);
    assert_int_equal(w->offset, (long long)(strchr(src, '\xFF') - src));
    assert_non_null(strstr(w->message, "2 invalid"));
    char want[64];
    snprintf(want, sizeof want, "offset %lld", w->offset);
    assert_non_null(strstr(w->message, want));
    assert_map_exact(doc);
    assert_null(find_warning(doc, "cp1252-fallback"));
    amicus_doc_free(doc);
}

static void test_nul_rejected(void **state) {
    (void)state;
    static const char src[] = "first line\nabc\0def\n";
    amicus_error err;
    assert_int_equal(open_err(src, sizeof src - 1, "nul.txt", &err), AMICUS_ERR_INPUT);
    assert_int_equal(err.offset, 14);
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 4);
    assert_non_null(strstr(err.message, "NUL"));
    assert_non_null(strstr(err.message, "offset 14"));
    assert_string_equal(err.file, "nul.txt");
}

static void test_empty_rejected(void **state) {
    (void)state;
    amicus_error err;
    assert_int_equal(open_err("", 0, "empty.txt", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "empty"));
    assert_string_equal(err.file, "empty.txt");
    assert_int_equal(open_err(" \n\t \r\n\xC2\xA0\n", 9, "blank.txt", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "empty"));
    assert_int_equal(open_err("<html><body><script>x()</script></body></html>", 46, "e.html", &err),
                     AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "empty"));
}

static void test_binary_rejected(void **state) {
    (void)state;
    amicus_error err;
    assert_int_equal(open_err("%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj", 23, "law.pdf", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "broken PDF")); /* read through poppler (pdf.c) */
    assert_string_equal(err.file, "law.pdf");
    assert_int_equal(open_err("PK\x03\x04\x14\0\x06\0", 8, "law.docx", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "ZIP"));
    assert_non_null(strstr(err.message, "not yet supported"));
    assert_int_equal(open_err("\x7f" "ELF\x02\x01\x01\0\0\0\0\0", 12, "a.out", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "ELF"));
    assert_int_equal(open_err("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16, "x.png", &err), AMICUS_ERR_INPUT);
    char junk[512];
    for (size_t i = 0; i < sizeof junk; i++) junk[i] = (char)((i * 7919u + 13u) % 256u);
    assert_int_equal(open_err(junk, sizeof junk, "junk.bin", &err), AMICUS_ERR_INPUT);
    assert_non_null(strstr(err.message, "binary"));
    static const char x[] = "<?xml version=\"1.0\"?>\n<akomaNtoso><act/></akomaNtoso>\n";
    assert_int_equal(open_err(x, sizeof x - 1, "a.akn.xml", &err), AMICUS_ERR_INPUT); /* no text */
    static const char y[] = "<?xml version=\"1.0\"?>\n<unknownRoot>text</unknownRoot>\n";
    assert_int_equal(open_err(y, sizeof y - 1, "a.xml", &err), AMICUS_ERR_FORMAT);
}

static void test_crlf(void **state) {
    (void)state;
    static const char src[] = "one\r\ntwo\rthree\n\r\nfour";
    amicus_doc *doc = OPEN(src, "crlf.txt");
    assert_string_equal(amicus_doc_text(doc, NULL), "one\ntwo\nthree\n\nfour");
    assert_loc(doc, text_off(doc, "two"), 5, 2, 1);
    assert_loc(doc, text_off(doc, "three"), 9, 3, 1);
    assert_loc(doc, text_off(doc, "four"), 17, 5, 1);
    assert_map_exact(doc);
    amicus_doc_free(doc);
}

static void test_format_detection(void **state) {
    (void)state;
    amicus_doc *doc = OPEN("plain words, nothing else\n", "notes.md");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_MARKDOWN);
    amicus_doc_free(doc);
    doc = OPEN("# Heading\nbody\n", "<memory>");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_MARKDOWN);
    amicus_doc_free(doc);
    doc = OPEN("<!DOCTYPE html><p>x</p>", "page.txt");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_HTML);
    amicus_doc_free(doc);
    static const char tagsoup[] = "<p>one</p>\n<p>two</p>\n<p>three <br> four</p>\n";
    doc = OPEN(tagsoup, "noext");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_HTML);
    amicus_doc_free(doc);
    /* the option overrides */
    doc = open_mem(tagsoup, sizeof tagsoup - 1, "noext", AMICUS_FORMAT_TEXT);
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_TEXT);
    assert_string_equal(amicus_doc_text(doc, NULL), tagsoup);
    amicus_doc_free(doc);
    doc = OPEN("Section 1. Words.\n", "law.txt");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_TEXT); /* (a text's title is structure's) */
    amicus_doc_free(doc);
}

/* ------------------------------------------------------------ Markdown */

static void test_markdown(void **state) {
    (void)state;
    static const char src[] =
        "---\ntitle: \"A law\"\nyear: 2024\n---\n"
        "<meta http-equiv='Content-Type' content='text/html; charset=utf-8' />\n"
        "\n"
        "##Title **bold** heading\n"
        "See [the link](../a/(wct)/(1996)/README.md) and ![an image](i.png) *em* text.\n"
        "* a bullet with 2 * 3 and 2*3 kept\n"
        "***\n"
        "Ends \xE2\x80\x9Chere\xE2\x80\x9D.\n"
        "<sup>1</sup> Each <a href=\"x\">Party</a> <http://x.org> a < b.\n"
        "Dated 7\\.3.2019, \\*stars\\* and C:\\Users kept\n";
    static const char want[] =
        "\n"
        "##Title bold heading\n"
        "See the link and an image em text.\n"
        "* a bullet with 2 * 3 and 2*3 kept\n"
        "***\n"
        "Ends \"here\".\n"
        "1 Each Party <http://x.org> a < b.\n"
        "Dated 7.3.2019, *stars* and C:\\Users kept\n";
    amicus_doc *doc = OPEN(src, "law.md");
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_MARKDOWN);
    assert_string_equal(amicus_doc_text(doc, NULL), want);
    assert_string_equal(amicus_doc_title(doc), "Title bold heading");
    assert_non_null(doc->metadata);
    assert_non_null(strstr((const char *)doc->metadata, "year: 2024"));
    assert_map_exact(doc);
    const char *l8 = strstr(src, "See [");
    assert_loc(doc, text_off(doc, "the link"), (size_t)(l8 - src) + 5, 8, 6);
    assert_loc(doc, text_off(doc, "and an"), (size_t)(strstr(src, ") and") - src) + 2, 8, 45);
    assert_loc_str(doc, src, "an image", "an image");
    assert_loc_str(doc, src, "em text", "em*");
    assert_loc_str(doc, src, "text.", "text.");
    assert_loc(doc, text_off(doc, "here"), (size_t)(strstr(src, "here") - src), 11, 7);
    assert_loc_str(doc, src, "1 Each", "1</sup>");
    assert_loc_str(doc, src, "Party <", "Party</a>");
    assert_loc_str(doc, src, "3.2019", "3.2019");
    assert_loc_str(doc, src, "stars", "stars");
    amicus_doc_free(doc);
}

static void test_markdown_corpus(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *doc = tu_open_corpus("coe-budapest-convention-ets185.en-nl.md");
    size_t len;
    const char *t = amicus_doc_text(doc, &len);
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_MARKDOWN);
    assert_null(strstr(t, "<meta"));
    assert_null(strstr(t, "]("));
    assert_null(strstr(t, "README.md"));
    assert_non_null(strstr(t, "\n### Article  1"));
    assert_non_null(strstr(t, "the WIPO Copyright Treaty, with the exception"));
    assert_non_null(strstr(t, "cybercrime,inter alia, by adopting"));
    assert_map_exact(doc);
    /* "### Article  1" is on line 12 of the file (line 1 is the <meta> tag line) */
    amicus_location loc;
    amicus_doc_locate(doc, text_off(doc, "### Article  1 "), &loc);
    assert_int_equal(loc.line, 12);
    assert_int_equal(loc.column, 1);
    amicus_doc_free(doc);

    doc = tu_open_corpus("versions/ar-ley27078-argentina-digital.2016-01-04.es.md");
    t = amicus_doc_text(doc, &len);
    assert_null(strstr(t, "identifier:"));
    assert_null(strstr(t, "texto_resumido"));
    assert_non_null(doc->metadata);
    assert_non_null(strstr((const char *)doc->metadata, "LEY-27078"));
    assert_string_equal(amicus_doc_title(doc), "ARGENTINA DIGITAL");
    assert_int_equal(strncmp(t, "# ARGENTINA DIGITAL\n", 20), 0);
    amicus_doc_locate(doc, 0, &loc);
    assert_int_equal(loc.line, 20); /* the front matter takes lines 1-19 */
    assert_map_exact(doc);
    amicus_doc_free(doc);
}

/* ------------------------------------------------------------ HTML */

static void test_html_entities_scripts(void **state) {
    (void)state;
    amicus_doc *doc = open_fixture("entities.html");
    const char *t = amicus_doc_text(doc, NULL);
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_HTML);
    assert_string_equal(t,
                        "Section 1. Caf\xC3\xA9 & <law>\n"
                        "The \"quoted\" words and bold text continue here.\n"
                        "Item one\n"
                        "Item 2\n"
                        "Second paragraph - last.\n");
    assert_string_equal(amicus_doc_title(doc), "Fixture & Title");
    assert_null(strstr(t, "Hidden"));
    assert_null(strstr(t, "Menu"));
    assert_null(strstr(t, "fallback"));
    assert_map_exact(doc);
    assert_loc(doc, text_off(doc, "Section 1"), (size_t)(strstr(doc->src, "Section 1") - doc->src), 10, 5);
    assert_loc(doc, text_off(doc, "continue"), (size_t)(strstr(doc->src, "continue") - doc->src), 12, 1);
    assert_loc(doc, text_off(doc, "& <law>"), (size_t)(strstr(doc->src, "&amp; &lt;") - doc->src), 10, 28);
    assert_loc_str(doc, doc->src, "last", "last");
    assert_loc_str(doc, doc->src, "Item one", "Item one");
    assert_loc_str(doc, doc->src, "- last", "&mdash;");
    amicus_doc_free(doc);

    doc = open_fixture("inline.html");
    assert_string_equal(amicus_doc_text(doc, NULL), "Entity at start: \xC2\xAB" "Art. 5\xC2\xBB\nabc d\n");
    assert_map_exact(doc);
    amicus_doc_free(doc);
}

static void test_html_charset(void **state) {
    (void)state;
    amicus_doc *doc = open_fixture("charset-mismatch.html");
    assert_non_null(find_warning(doc, "charset-mismatch"));
    assert_non_null(strstr(find_warning(doc, "charset-mismatch")->message, "windows-1252"));
    assert_string_equal(amicus_doc_text(doc, NULL),
                        "Section 4. Cybercrime Offenses. - Caf\xC3\xA9 cr\xC3\xA8me.\n");
    assert_map_exact(doc);
    amicus_doc_free(doc);

    doc = open_fixture("cp1252.html");
    assert_null(find_warning(doc, "charset-mismatch"));
    assert_non_null(find_warning(doc, "cp1252-fallback"));
    assert_string_equal(amicus_doc_text(doc, NULL), "Caf\xC3\xA9 \"quoted\" na\xC3\xAFve.\n");
    assert_map_exact(doc);
    amicus_location loc;
    amicus_doc_locate(doc, text_off(doc, "quoted"), &loc);
    assert_int_equal(loc.line, 7);
    assert_int_equal(loc.column, 10);
    amicus_doc_free(doc);
}

static void test_html_philippines(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *doc = tu_open_corpus("ph-ra10175-cybercrime-prevention-act-2012.html");
    size_t len;
    const char *t = amicus_doc_text(doc, &len);
    assert_int_equal(amicus_doc_format(doc), AMICUS_FORMAT_HTML);
    assert_non_null(find_warning(doc, "charset-mismatch"));
    assert_string_equal(amicus_doc_title(doc), "Republic Act No. 10175");
    /* no markup left */
    for (const char *p = t; (p = strchr(p, '<')); p++)
        if ((p[1] >= 'a' && p[1] <= 'z') || (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '/')
            fail_msg("tag left in the text: %.30s", p);
    assert_null(strstr(t, "\r"));
    /* paragraphs on their own lines; the scraper's U+FFFD kept */
    assert_non_null(strstr(t, "\nSection 4. Cybercrime Offenses. \xEF\xBF\xBD The following acts constitute"));
    assert_non_null(strstr(t, "\n(a) Offenses against the confidentiality"));
    size_t off = text_off(doc, "Section 12. Real-Time Collection of Traffic Data");
    assert_true(off == 0 || t[off - 1] == '\n');
    amicus_location loc;
    amicus_doc_locate(doc, off, &loc);
    assert_int_equal(loc.line, 141); /* <p align="justify"><b>Section 12.</b> ... */
    assert_int_equal(loc.column, 23);
    assert_int_equal(memcmp(doc->src + loc.source_offset, "Section 12.", 11), 0);
    assert_map_exact(doc);
    amicus_doc_free(doc);
}

static void test_html_boe(void **state) {
    (void)state;
    tu_require_corpus();
    amicus_doc *doc = tu_open_corpus("es-ley25-2007-conservacion-datos-comunicaciones.boe.es.html");
    const char *t = amicus_doc_text(doc, NULL);
    assert_null(strstr(t, "Subir"));
    assert_null(strstr(t, "Seleccionar redacci"));
    assert_null(strstr(t, "[Bloque"));
    assert_non_null(strstr(t, "\nArt\xC3\xAD" "culo 1. Objeto de la Ley.\n"));
    assert_map_exact(doc);
    amicus_doc_free(doc);
}

/* ------------------------------------------------------------ robustness */

static void test_alloc_failure(void **state) {
    (void)state;
    static const char *const docs[][2] = {
        {"Article 1\nThe \xE2\x80\x9Cterm\xE2\x80\x9D means caf\x65\xCC\x81.\r\nArticle 2\n", "a.txt"},
        {"---\nk: v\n---\n<meta x>\n# T\n[a](b) *c* d\n", "a.md"},
        {"<html><head><title>t</title></head><body><p>A &amp; B</p><p>C\xE2\x80\x94" "D</p></body></html>", "a.html"},
        {"Caf\xE9 na\xEFve \x93q\x94\n", "w.txt"},
        {"Caf\xC3\xA9 \xC3\xA9 \xFF x\n", "r.txt"},
        {"\xFF\xFEH\0i\0\n\0", "u.txt"},
    };
    for (size_t d = 0; d < sizeof docs / sizeof docs[0]; d++) {
        const char *s = docs[d][0];
        size_t len = strlen(s);
        if (d == 5) len = 8;
        bool ok = false;
        for (unsigned long n = 1; n <= 400 && !ok; n++) {
            amicus_doc *doc = NULL;
            amicus_error err;
            amicus_alloc_fail_after(n);
            amicus_status st = amicus_doc_open_memory(s, len, docs[d][1], NULL, &doc, &err);
            amicus_alloc_fail_after(0);
            if (st != AMICUS_OK && st != AMICUS_ERR_NOMEM)
                fail_msg("%s with allocation %lu failing: status %s (%s)", docs[d][1], n,
                         amicus_status_name(st), err.message);
            if (st == AMICUS_OK) {
                assert_non_null(doc);
                ok = true;
                amicus_doc_free(doc);
            } else {
                assert_null(doc);
            }
        }
        assert_true(ok);
    }
}

/* Replay one input the way fuzz/fuzz_ingest.c reads it (byte 0 picks format and name) and
 * check the same invariants. */
static void fuzz_replay(const char *data, size_t size) {
    static const char *const names[] = {"fuzz", "fuzz.txt", "fuzz.md", "fuzz.html"};
    amicus_open_options o = {0};
    const char *name = "fuzz";
    if (size > 0) {
        o.format = (amicus_format)((unsigned char)data[0] & 3);
        name = names[((unsigned char)data[0] >> 2) & 3];
        data++;
        size--;
    }
    amicus_doc *doc = NULL;
    amicus_error err;
    if (amicus_doc_open_memory(data, size, name, &o, &doc, &err) != AMICUS_OK) {
        assert_null(doc);
        return;
    }
    size_t len;
    const char *t = amicus_doc_text(doc, &len);
    assert_int_equal(strlen(t), len);
    for (size_t i = 0; i < doc->map.n; i++) {
        assert_true(doc->map.v[i].norm <= len);
        assert_true(doc->map.v[i].src <= doc->src_len);
        if (i) assert_true(doc->map.v[i].norm > doc->map.v[i - 1].norm);
    }
    for (size_t k = 0; k <= len; k++) {
        amicus_location loc;
        amicus_doc_locate(doc, k, &loc);
        assert_true(loc.source_offset <= size);
    }
    amicus_doc_free(doc);
}

static char *read_fixture(const char *rel, size_t *len) {
    char *p = fixture_path(rel);
    FILE *f = fopen(p, "rb");
    if (!f) fail_msg("cannot open %s", p);
    free(p);
    char *buf = malloc(1 << 20);
    *len = fread(buf, 1, 1 << 20, f);
    fclose(f);
    return buf;
}

/* Inputs found by fuzz/fuzz_ingest.c that once misbehaved. */
static void test_fuzz_regressions(void **state) {
    (void)state;
    static const char *const files[] = {
        "fuzz-map-past-end.bin", /* a map segment beyond the end of the text (compose) */
        "fuzz-src-past-end.bin", /* cp1252 HTML: a source offset beyond the file */
    };
    for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
        size_t len;
        char *data = read_fixture(files[i], &len);
        fuzz_replay(data, len);
        free(data);
    }
    static const struct { const char *data; size_t len; } cases[] = {
        {"[[[[[[[[[[](((((((((((((((((]", 29},
        {"<p><pre>\r\n\r\n</pre>&#0;&#xD800;&", 31},
        {"\xCC\x81\xCC\x81\xCC\x81 e\xCC\x81\xCC\x81", 13},
        {"---\n---\n", 8},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        amicus_doc *doc = NULL;
        amicus_error err;
        amicus_status st = amicus_doc_open_memory(cases[i].data, cases[i].len, "fuzz", NULL, &doc, &err);
        if (st == AMICUS_OK) {
            size_t len;
            const char *t = amicus_doc_text(doc, &len);
            assert_int_equal(strlen(t), len);
            amicus_location loc;
            for (size_t k = 0; k <= len; k++) amicus_doc_locate(doc, k, &loc);
            amicus_doc_free(doc);
        } else {
            assert_null(doc);
            assert_true(err.message[0] != 0);
        }
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ascii_identity),
        cmocka_unit_test(test_normalisation_and_locate),
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_utf16le),
        cmocka_unit_test(test_utf16be),
        cmocka_unit_test(test_utf16_lone_surrogate),
        cmocka_unit_test(test_cp1252_fallback),
        cmocka_unit_test(test_invalid_utf8_repaired),
        cmocka_unit_test(test_nul_rejected),
        cmocka_unit_test(test_empty_rejected),
        cmocka_unit_test(test_binary_rejected),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_format_detection),
        cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_markdown_corpus),
        cmocka_unit_test(test_html_entities_scripts),
        cmocka_unit_test(test_html_charset),
        cmocka_unit_test(test_html_philippines),
        cmocka_unit_test(test_html_boe),
        cmocka_unit_test(test_alloc_failure),
        cmocka_unit_test(test_fuzz_regressions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
