/* structure.c — legal-structure parser: normalised text → groupings, provisions, paragraphs, items, language parts. */
#include "structure/structure.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#define MAX_ITEM_DEPTH 32
#define HEALTH_CAP 50

/* ------------------------------------------------------------ characters */

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
static bool is_alpha(unsigned char c) { return isalpha(c) || c >= 0x80; }
static bool is_up(unsigned char c) { return (c >= 'A' && c <= 'Z') || c >= 0xC3; }

/* an Arabic-Indic digit (U+0660-U+0669) at p: its value, or -1 */
static int ar_indic(const char *t, size_t p, size_t e) {
    if (p + 1 >= e || (unsigned char)t[p] != 0xD9 || (unsigned char)t[p + 1] < 0xA0 || (unsigned char)t[p + 1] > 0xA9) return -1;
    return (unsigned char)t[p + 1] - 0xA0;
}

/* a lower-case letter at p: ASCII or Latin-1 ("à 43", "über") */
static bool is_lower_at(const char *t, size_t p, size_t e) {
    const unsigned char *u = (const unsigned char *)t;
    return islower(u[p]) || (u[p] == 0xC3 && p + 1 < e && u[p + 1] >= 0xA0 && u[p + 1] <= 0xBF);
}

/* '-' or a UTF-8 dash (ingest normalises them, but cope with raw text) */
bool amicus__st_is_dash(const char *t, size_t p, size_t e, size_t *len) {
    const unsigned char *u = (const unsigned char *)t;
    if (p < e && t[p] == '-') { *len = 1; return true; }
    if (p + 2 < e + 0 && p + 3 <= e && u[p] == 0xE2 && u[p + 1] == 0x80 && u[p + 2] >= 0x90 && u[p + 2] <= 0x95) {
        *len = 3;
        return true;
    }
    if (p + 3 <= e && u[p] == 0xE2 && u[p + 1] == 0x88 && u[p + 2] == 0x92) { *len = 3; return true; }
    /* U+FFFD standing alone between blanks: a dash lost by a scraper */
    if (p + 3 <= e && u[p] == 0xEF && u[p + 1] == 0xBF && u[p + 2] == 0xBD && p > 0 && t[p - 1] == ' ' &&
        (p + 3 == e || t[p + 3] == ' ')) { *len = 3; return true; }
    return false;
}

bool amicus__st_quote_open(const char *t, size_t p, size_t e, size_t *len) {
    const unsigned char *u = (const unsigned char *)t;
    if (p >= e) return false;
    if (t[p] == '`' && p + 1 < e && t[p + 1] == '`') { *len = 2; return true; }
    if (t[p] == '"') { *len = 1; return true; }
    if (t[p] == '\'' && p + 1 < e && t[p + 1] == '\'') { *len = 2; return true; }
    if (t[p] == '\'' && p + 1 < e && is_alpha((unsigned char)t[p + 1]) && (p == 0 || !is_alpha(u[p - 1]))) { *len = 1; return true; }
    if (p + 3 <= e && u[p] == 0xE2 && u[p + 1] == 0x80 && (u[p + 2] == 0x9C || u[p + 2] == 0x9E || u[p + 2] == 0x98 || u[p + 2] == 0x9A)) { *len = 3; return true; }
    if (p + 2 <= e && u[p] == 0xC2 && u[p + 1] == 0xAB) { *len = 2; return true; }
    return false;
}

bool amicus__st_quote_close(const char *t, size_t p, size_t e, size_t *len) {
    const unsigned char *u = (const unsigned char *)t;
    if (p >= e) return false;
    if (t[p] == '"') { *len = 1; return true; }
    if (t[p] == '\'' && p + 1 < e && t[p + 1] == '\'') { *len = 2; return true; }
    if (t[p] == '\'' && (p + 1 >= e || !is_alpha((unsigned char)t[p + 1]))) { *len = 1; return true; }
    if (p + 3 <= e && u[p] == 0xE2 && u[p + 1] == 0x80 && (u[p + 2] == 0x9D || u[p + 2] == 0x99 || u[p + 2] == 0x9C)) { *len = 3; return true; }
    if (p + 2 <= e && u[p] == 0xC2 && u[p + 1] == 0xBB) { *len = 2; return true; }
    return false;
}

/* bounded copy, always terminated */
static void scopy(char *d, size_t n, const char *s) {
    size_t l = strnlen(s, n - 1);
    memcpy(d, s, l);
    d[l] = 0;
}

static size_t skip_blanks(const char *t, size_t p, size_t e) {
    while (p < e && is_blank(t[p])) p++;
    return p;
}

static size_t word_count(const char *t, size_t s, size_t e) {
    size_t n = 0;
    bool in = false;
    for (size_t i = s; i < e; i++) {
        bool sp = is_blank(t[i]) || t[i] == '\n';
        if (!sp && !in) n++;
        in = !sp;
    }
    return n;
}

/* ----------------------------------------------------------------- lines */

static bool split_lines(st_ctx *c) {
    const char *t = c->t;
    size_t s = 0, hk = 0;
    while (s <= c->n) {
        size_t e = s;
        while (e < c->n && t[e] != '\n') e++;
        st_line L = {0};
        L.s = s;
        L.e = e;
        while (hk < c->doc->heads.n && c->doc->heads.v[hk] < s) hk++;
        L.head = hk < c->doc->heads.n && c->doc->heads.v[hk] < e;
        size_t p = skip_blanks(t, s, e);
        while (p < e && t[p] == '#') { p++; if (L.hashes < 255) L.hashes++; }
        p = skip_blanks(t, p, e);
        size_t q = e;
        while (q > p && is_blank(t[q - 1])) q--;
        L.cs = p;
        L.ce = q;
        L.blank = p == q;
        if (!L.blank && t[p] == '<' && t[q - 1] == '>' && L.hashes == 0) L.blank = 1; /* <meta ...> */
        if (!AMICUS_VEC_PUSH(c->lines, L)) return false;
        if (e >= c->n) break;
        s = e + 1;
    }
    return true;
}

/* ------------------------------------------------------------- keywords */

typedef struct kw { const char *w; int fam; const char *kind; } kw;

static const kw PROV_KW[] = {
    {"Article", FAM_ART, "article"}, {"ARTICLE", FAM_ART, "article"}, {"Art.", FAM_ART, "article"},
    {"ART.", FAM_ART, "article"}, {"Artikel", FAM_ART, "article"}, {"ARTIKEL", FAM_ART, "article"},
    {"Art\xc3\xad" "culo", FAM_ART, "article"}, {"ART\xc3\x8d" "CULO", FAM_ART, "article"},
    {"Articulo", FAM_ART, "article"}, {"ARTICULO", FAM_ART, "article"}, {"Artigo", FAM_ART, "article"},
    {"ARTIGO", FAM_ART, "article"}, {"Articolo", FAM_ART, "article"}, {"Art", FAM_ART, "article"},
    {"\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7\xd8\xaf\xd8\xa9", FAM_ART, "article"}, /* al-madda */
    {"Section", FAM_SEC, "section"}, {"SECTION", FAM_SEC, "section"}, {"Sec.", FAM_SEC, "section"},
    {"SEC.", FAM_SEC, "section"}, {"Sect.", FAM_SEC, "section"}, {"\xc2\xa7", FAM_PAR, "section"},
    {NULL, 0, NULL}};

static const kw GROUP_KW[] = {
    {"PART", 0, "part"}, {"Part", 0, "part"}, {"CHAPTER", 0, "chapter"}, {"Chapter", 0, "chapter"},
    {"TITLE", 0, "title"}, {"Title", 0, "title"}, {"SECTION", 0, "section"}, {"Section", 0, "section"},
    {"SUB-PART", 0, "subpart"}, {"Sub-Part", 0, "subpart"}, {"SUBPART", 0, "subpart"}, {"Subpart", 0, "subpart"},
    {"DIVISION", 0, "division"}, {"Division", 0, "division"}, {"BOOK", 0, "book"}, {"Book", 0, "book"},
    {"HOOFDSTUK", 0, "chapter"}, {"Hoofdstuk", 0, "chapter"}, {"AFDELING", 0, "section"},
    {"Afdeling", 0, "section"}, {"TITEL", 0, "title"}, {"Titel", 0, "title"}, {"DEEL", 0, "part"},
    {"Deel", 0, "part"}, {"CAP\xc3\x8dTULO", 0, "chapter"}, {"Cap\xc3\xadtulo", 0, "chapter"},
    {"CAPITULO", 0, "chapter"}, {"Capitulo", 0, "chapter"}, {"T\xc3\x8dTULO", 0, "title"},
    {"T\xc3\xadtulo", 0, "title"}, {"TITULO", 0, "title"}, {"LIBRO", 0, "book"}, {"Libro", 0, "book"},
    {"SECCI\xc3\x93N", 0, "section"}, {"Secci\xc3\xb3n", 0, "section"}, {"SECCION", 0, "section"},
    {"CHAPITRE", 0, "chapter"}, {"Chapitre", 0, "chapter"}, {"TITRE", 0, "title"}, {"Titre", 0, "title"},
    {"LIVRE", 0, "book"}, {"Livre", 0, "book"}, {"KAPITEL", 0, "chapter"}, {"Kapitel", 0, "chapter"},
    {"ABSCHNITT", 0, "section"}, {"Abschnitt", 0, "section"}, {"UNTERABSCHNITT", 0, "subdivision"},
    {"Unterabschnitt", 0, "subdivision"}, {"TEIL", 0, "part"}, {"Teil", 0, "part"},
    {"BUCH", 0, "book"}, {"Buch", 0, "book"}, {"LIVRO", 0, "book"}, {"SE\xc3\x87\xc3\x83O", 0, "section"},
    {"Se\xc3\xa7\xc3\xa3o", 0, "section"}, {NULL, 0, NULL}};

static const kw *match_kw(const kw *tab, const char *t, size_t p, size_t e, size_t *after) {
    if (p >= e) return NULL;
    for (const kw *k = tab; k->w; k++) {
        if (k->w[0] != t[p]) continue;
        size_t l = strlen(k->w);
        if (p + l > e || memcmp(t + p, k->w, l) != 0) continue;
        unsigned char nx = p + l < e ? (unsigned char)t[p + l] : ' ';
        if (k->w[l - 1] != '.' && strcmp(k->w, "\xc2\xa7") != 0 && (isalpha(nx) || nx >= 0x80)) continue;
        *after = p + l;
        return k;
    }
    return NULL;
}

size_t amicus__st_ordinal_ind(const char *t, size_t p, size_t e, long v) {
    const unsigned char *u = (const unsigned char *)t;
    size_t l = 0;
    if (p + 1 < e && u[p] == 0xC2 && (u[p + 1] == 0xBA || u[p + 1] == 0xB0)) return 2;
    if (p < e && t[p] == 'o' && v >= 1 && v <= 9) l = 1;
    else if (p + 1 < e && t[p] == 'e' && t[p + 1] == 'r' && v == 1) l = 2;
    if (!l || (p + l < e && (is_alpha(u[p + l]) || isdigit(u[p + l])))) return 0;
    return l;
}

static const char *ORDINAL_SUFFIX[] = {"quinquies", "quater", "sexies", "septies", "octies", "nonies",
                                       "decies", "bis", "ter", "qu\xc3\xa1ter", NULL};

/* number of a provision: "15", "46A", "5bis", "588bis a", "175a", "852-1" or "L. 852-1"; fills
 * numv/suffix */
static bool parse_pnum(const char *t, size_t p, size_t e, char *num, size_t nsz, long *numv, char *suf,
                       size_t sufsz, size_t *after) {
    size_t q = p;
    char pre[4] = "";
    if (q + 1 < e && strchr("LRDA", t[q]) && t[q + 1] == '.') {
        size_t r = skip_blanks(t, q + 2, e);
        if (r < e && isdigit((unsigned char)t[r])) { snprintf(pre, sizeof pre, "%c. ", t[q]); q = r; }
    }
    if (q >= e || !isdigit((unsigned char)t[q])) return false;
    size_t ds = q;
    long v = 0;
    while (q < e && isdigit((unsigned char)t[q]) && q - ds < 7) v = v * 10 + (t[q++] - '0');
    if (q < e && isdigit((unsigned char)t[q])) return false;
    while (q + 1 < e && t[q] == '-' && isdigit((unsigned char)t[q + 1])) {
        q++;
        while (q < e && isdigit((unsigned char)t[q])) q++;
    }
    size_t de = q;
    suf[0] = 0;
    /* "Art. 1o", "Art. 1er": printed, not cited ("5º" is skipped after any suffix below) */
    size_t ol = q == ds + 1 || q == ds + 2 ? amicus__st_ordinal_ind(t, q, e, v) : 0;
    if (ol && t[q] != (char)0xC2) q += ol;
    /* Peru "5-A": a dash and one capital, cited with its dash */
    if (!pre[0] && q + 1 < e && t[q] == '-' && t[q + 1] >= 'A' && t[q + 1] <= 'Z' && (q + 2 >= e || !is_alpha((unsigned char)t[q + 2]))) {
        snprintf(suf, sufsz, "%c", t[q + 1]);
        q += 2;
        snprintf(num, nsz, "%.*s", (int)(q - ds), t + ds);
        *numv = v;
        *after = q;
        return true;
    }
    /* upper-case suffix: 46A, 8B, 229AA */
    if (q < e && t[q] >= 'A' && t[q] <= 'Z') {
        size_t r = q;
        while (r < e && t[r] >= 'A' && t[r] <= 'Z' && r - q < 2) r++;
        if (r >= e || !is_alpha((unsigned char)t[r])) { snprintf(suf, sufsz, "%.*s", (int)(r - q), t + q); q = r; }
    }
    bool two = false;
    if (!suf[0]) {
        size_t r = q < e && t[q] == ' ' ? q + 1 : q;
        for (const char **o = ORDINAL_SUFFIX; *o; o++) {
            size_t l = strlen(*o);
            if (r + l <= e && strncasecmp(t + r, *o, l) == 0 && (r + l >= e || !is_alpha((unsigned char)t[r + l]))) {
                snprintf(suf, sufsz, "%s", (unsigned char)(*o)[2] == 0xC3 ? "quater" : *o); /* "quáter" */
                for (char *s = suf; *s; s++) *s = (char)tolower((unsigned char)*s);
                q = r + l;
                /* Spain's LECrim "588 bis a", "588 ter m": a letter after the ordinal; the ordinal is
                 * joined as always ("588octies"), the letter keeps its blank: "588bis a" */
                if (q + 1 < e && t[q] == ' ' && t[q + 1] >= 'a' && t[q + 1] <= 'z' &&
                    (q + 2 >= e || t[q + 2] == '.' || t[q + 2] == ':' || t[q + 2] == ')' || is_blank(t[q + 2]))) {
                    size_t sl = strlen(suf);
                    if (sl + 3 <= sufsz) { suf[sl] = ' '; suf[sl + 1] = t[q + 1]; suf[sl + 2] = 0; two = true; q += 2; }
                }
                break;
            }
        }
    }
    /* "175a", and Paraguay's "146 b." (a blank, one letter, the heading's full stop) */
    if (!suf[0] && q < e && t[q] >= 'a' && t[q] <= 'z' && (q + 1 >= e || !is_alpha((unsigned char)t[q + 1]))) {
        suf[0] = t[q];
        suf[1] = 0;
        q++;
    } else if (!suf[0] && q + 2 < e && t[q] == ' ' && t[q + 1] >= 'a' && t[q + 1] <= 'z' && t[q + 2] == '.') {
        suf[0] = t[q + 1];
        suf[1] = 0;
        q += 2;
    } else if (!suf[0] && q + 1 < e && t[q] == ' ' && t[q + 1] >= 'A' && t[q + 1] <= 'Z') {
        /* Colombia's "ARTÍCULO 134 B .", "250 A.", the French Senate's "Article 1er A": a blank, one
         * capital, then the heading's full stop or the end of the line */
        size_t r = skip_blanks(t, q + 2, e);
        if (r >= e || (t[r] == '.' && (r + 1 >= e || is_blank(t[r + 1])))) {
            suf[0] = t[q + 1];
            suf[1] = 0;
            q += 2;
        }
    }
    if (q < e && is_alpha((unsigned char)t[q]) && (unsigned char)t[q] < 0x80) return false;
    snprintf(num, nsz, "%s%.*s%s", pre, (int)(de - ds), t + ds, suf);
    *numv = pre[0] ? -1 : v;
    /* ordinal indicators are printed, not cited: 5º, 1°, 1o. */
    const unsigned char *u = (const unsigned char *)t;
    if (q + 1 < e && u[q] == 0xC2 && (u[q + 1] == 0xBA || u[q + 1] == 0xB0)) q += 2;
    if (two && q < e && t[q] == ')') q++; /* "Artículo 861 bis a)" */
    *after = q;
    return true;
}

static bool is_roman_up(const char *t, size_t s, size_t e) {
    if (s >= e) return false;
    for (size_t i = s; i < e; i++)
        if (!strchr("IVXLCDM", t[i])) return false;
    return true;
}

/* numbers spelled out: "Artículo primero", "Article premier", "المادة السادسة" (longest first) */
typedef struct wnum { const char *w; long v; } wnum;
static const wnum WORD_NUM[] = {
    {"\xd8\xa7\xd9\x84\xd8\xad\xd8\xa7\xd8\xaf\xd9\x8a\xd8\xa9 \xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 11},
    {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9 \xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 12},
    {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x84\xd8\xab\xd8\xa9 \xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 13},
    {"\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa7\xd8\xa8\xd8\xb9\xd8\xa9 \xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 14},
    {"\xd8\xa7\xd9\x84\xd8\xae\xd8\xa7\xd9\x85\xd8\xb3\xd8\xa9 \xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 15},
    {"\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xaf\xd8\xb3\xd8\xa9 \xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 16},
    {"\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd8\xb9\xd8\xa9 \xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 17},
    {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x85\xd9\x86\xd8\xa9 \xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 18},
    {"\xd8\xa7\xd9\x84\xd8\xaa\xd8\xa7\xd8\xb3\xd8\xb9\xd8\xa9 \xd8\xb9\xd8\xb4\xd8\xb1\xd8\xa9", 19},
    /* masculine: "الباب الأول", "الفصل الثاني عشر", "البند الأول" */
    {"\xd8\xa7\xd9\x84\xd8\xad\xd8\xa7\xd8\xaf\xd9\x8a\x20\xd8\xb9\xd8\xb4\xd8\xb1", 11}, /* الحادي عشر */
    {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a\x20\xd8\xb9\xd8\xb4\xd8\xb1", 12}, /* الثاني عشر */
    {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x84\xd8\xab\x20\xd8\xb9\xd8\xb4\xd8\xb1", 13}, /* الثالث عشر */
    {"\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa7\xd8\xa8\xd8\xb9\x20\xd8\xb9\xd8\xb4\xd8\xb1", 14}, /* الرابع عشر */
    {"\xd8\xa7\xd9\x84\xd8\xae\xd8\xa7\xd9\x85\xd8\xb3\x20\xd8\xb9\xd8\xb4\xd8\xb1", 15}, /* الخامس عشر */
    {"\xd8\xa7\xd9\x84\xd8\xa3\xd9\x88\xd9\x84", 1}, /* الأول */
    {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a", 2}, /* الثاني */
    {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x84\xd8\xab", 3}, /* الثالث */
    {"\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa7\xd8\xa8\xd8\xb9", 4}, /* الرابع */
    {"\xd8\xa7\xd9\x84\xd8\xae\xd8\xa7\xd9\x85\xd8\xb3", 5}, /* الخامس */
    {"\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xaf\xd8\xb3", 6}, /* السادس */
    {"\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd8\xb9", 7}, /* السابع */
    {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x85\xd9\x86", 8}, /* الثامن */
    {"\xd8\xa7\xd9\x84\xd8\xaa\xd8\xa7\xd8\xb3\xd8\xb9", 9}, /* التاسع */
    {"\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd8\xb4\xd8\xb1", 10}, /* العاشر */
    {"\xd8\xa7\xd9\x84\xd8\xa3\xd9\x88\xd9\x84\xd9\x89", 1}, {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x86\xd9\x8a\xd8\xa9", 2},
    {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x84\xd8\xab\xd8\xa9", 3}, {"\xd8\xa7\xd9\x84\xd8\xb1\xd8\xa7\xd8\xa8\xd8\xb9\xd8\xa9", 4},
    {"\xd8\xa7\xd9\x84\xd8\xae\xd8\xa7\xd9\x85\xd8\xb3\xd8\xa9", 5}, {"\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xaf\xd8\xb3\xd8\xa9", 6},
    {"\xd8\xa7\xd9\x84\xd8\xb3\xd8\xa7\xd8\xa8\xd8\xb9\xd8\xa9", 7}, {"\xd8\xa7\xd9\x84\xd8\xab\xd8\xa7\xd9\x85\xd9\x86\xd8\xa9", 8},
    {"\xd8\xa7\xd9\x84\xd8\xaa\xd8\xa7\xd8\xb3\xd8\xb9\xd8\xa9", 9}, {"\xd8\xa7\xd9\x84\xd8\xb9\xd8\xa7\xd8\xb4\xd8\xb1\xd8\xa9", 10},
    {"\xd8\xa7\xd9\x84\xd8\xb9\xd8\xb4\xd8\xb1\xd9\x88\xd9\x86", 20},
    {"primero", 1}, {"segundo", 2}, {"tercero", 3}, {"cuarto", 4}, {"quinto", 5}, {"sexto", 6},
    {"s\xc3\xa9ptimo", 7}, {"octavo", 8}, {"noveno", 9}, {"d\xc3\xa9" "cimo", 10}, {"premier", 1},
    {"\xc3\xbanico", 1}, {"unique", 1}, {NULL, 0}};

bool amicus__st_wordnum(const char *t, size_t p, size_t e, long *v, size_t *after) {
    for (const wnum *w = WORD_NUM; w->w; w++) {
        size_t l = strlen(w->w);
        if (p + l > e || strncasecmp(t + p, w->w, l) != 0) continue;
        unsigned char nx = p + l < e ? (unsigned char)t[p + l] : ' ';
        if (isalnum(nx) || (nx >= 0x80 && nx != 0xC2)) continue;
        *v = w->v;
        *after = p + l;
        return true;
    }
    /* Arabic-Indic digits */
    size_t q = p;
    long x = 0;
    while (q + 1 < e && (unsigned char)t[q] == 0xD9 && (unsigned char)t[q + 1] >= 0xA0 && (unsigned char)t[q + 1] <= 0xA9 && q - p < 12) {
        x = x * 10 + ((unsigned char)t[q + 1] - 0xA0);
        q += 2;
    }
    if (q > p) { *v = x; *after = q; return true; }
    return false;
}

/* an Arabic ordinal word at p whose blanks a noisy extraction may have lost, after it and inside it
 * ("الثانيجرائم", "الثانيعشر"): the longest word number of WORD_NUM that matches, no word end needed */
static bool ar_ordinal_glued(const char *t, size_t p, size_t e, long *v, size_t *after) {
    size_t best = 0;
    for (const wnum *w = WORD_NUM; w->w; w++) {
        if ((unsigned char)w->w[0] != 0xD8) continue;
        size_t q = p, i = 0;
        for (; w->w[i] && q < e; i++) {
            if (w->w[i] == ' ') { q = skip_blanks(t, q, e); continue; }
            if (t[q] != w->w[i]) break;
            q++;
        }
        if (w->w[i] || q - p <= best) continue;
        best = q - p;
        *v = w->v;
        *after = q;
    }
    return best > 0;
}

/* number of a grouping: roman, arabic, a single capital, "PRELIMINAR(Y)", optional "BIS" */
static bool parse_gnum(const char *t, size_t p, size_t e, char *num, size_t nsz, size_t *after) {
    size_t q = p;
    while (q < e && (isalnum((unsigned char)t[q]))) q++;
    if (q == p || q - p > 12) return false;
    bool ok = false;
    if (isdigit((unsigned char)t[p])) {
        size_t r = p;
        while (r < q && isdigit((unsigned char)t[r])) r++;
        ok = q - r <= 2;
    } else if (is_roman_up(t, p, q)) ok = true;
    else if (q - p == 1 && t[p] >= 'A' && t[p] <= 'Z') ok = true;
    else if ((q - p == 11 && strncasecmp(t + p, "PRELIMINARY", 11) == 0) ||
             (q - p == 10 && strncasecmp(t + p, "PRELIMINAR", 10) == 0)) ok = true;
    if (!ok) return false;
    size_t r = q;
    if (r + 4 <= e && t[r] == ' ' && strncasecmp(t + r + 1, "bis", 3) == 0 && (r + 4 == e || !is_alpha((unsigned char)t[r + 4]))) r += 4;
    snprintf(num, nsz, "%.*s", (int)(r - p), t + p);
    /* ordinal indicators: "Sección 1.ª", "CAPÍTULO 2º" */
    const unsigned char *u = (const unsigned char *)t;
    size_t o = r < e && t[r] == '.' ? r + 1 : r;
    if (o + 1 < e && u[o] == 0xC2 && (u[o + 1] == 0xAA || u[o + 1] == 0xBA || u[o + 1] == 0xB0)) r = o + 2;
    *after = r;
    return true;
}

/* after a header's number: a separator ('.', ':', dash) then text; returns its start or e */
static size_t skip_sep(const char *t, size_t p, size_t e, bool *had) {
    size_t q = skip_blanks(t, p, e), l;
    *had = false;
    for (;;) {
        if (q < e && (t[q] == '.' || t[q] == ':')) { q = skip_blanks(t, q + 1, e); *had = true; continue; }
        if (amicus__st_is_dash(t, q, e, &l)) { q = skip_blanks(t, q + l, e); *had = true; continue; }
        break;
    }
    return q;
}

/* a short heading line: no list marker, no sentence punctuation at the end */
static bool heading_like(st_ctx *c, size_t li) {
    const st_line *L = &c->lines.v[li];
    const char *t = c->t;
    if (L->blank || L->ce - L->cs > 200) return false;
    unsigned char f = (unsigned char)t[L->cs];
    size_t dl;
    if (f == '(' || f == '[') return false;
    {
        size_t q = L->cs;
        while (q < L->ce && isalnum((unsigned char)t[q]) && q - L->cs < 6) q++;
        if (q > L->cs && q < L->ce && (t[q] == ')' || (t[q] == '.' && (q + 1 >= L->ce || is_blank(t[q + 1]))))) return false;
    }
    char last = t[L->ce - 1];
    if (L->hashes == 0) {
        if (last == '.' || last == ';' || last == ':' || last == ',') return false;
        if (!is_up(f) && !isdigit(f) && !amicus__st_is_dash(t, L->cs, L->ce, &dl)) return false;
        if (word_count(t, L->cs, L->ce) > 25) return false;
    }
    return true;
}

static void set_title(st_hdr *h, const char *t, size_t s, size_t e) {
    size_t l;
    while (s < e && (is_blank(t[s]) || t[s] == '#')) s++;
    while (s < e && amicus__st_is_dash(t, s, e, &l)) { s += l; s = skip_blanks(t, s, e); }
    while (e > s && (is_blank(t[e - 1]) || t[e - 1] == '.' || t[e - 1] == ':')) e--;
    while (e > s && amicus__st_is_dash(t, e - 1, e, &l)) { e--; while (e > s && is_blank(t[e - 1])) e--; }
    /* trailing UTF-8 dash */
    if (e >= s + 3 && amicus__st_is_dash(t, e - 3, e, &l) && l == 3) { e -= 3; while (e > s && is_blank(t[e - 1])) e--; }
    h->ts = s;
    h->te = e;
}

static size_t next_nonblank(st_ctx *c, size_t li) {
    while (li < c->lines.n && c->lines.v[li].blank) li++;
    return li;
}

/* ----------------------------------------------------- header candidates */

typedef struct cand {
    bool prov, group, nh, nm;
    int fam;
    const char *pkind, *gkind;
    char pnum[40], gnum[24];
    long numv;
    char suf[12];
    size_t kws, kwe;      /* keyword span */
    size_t pafter;        /* after the provision number */
    size_t gafter;        /* after the grouping number */
    size_t numafter;      /* "N." numbered line: after the dot */
    bool inquote;         /* the provision keyword follows an opening quote */
    int dkind;            /* Spanish disposiciones (es_dispo): 1 grouping, 2 "PRIMERA.", 3 "Disposición final primera." */
    size_t dafter;        /* after the label */
    char dname[64];       /* 1: the kind, singular ("disposición complementaria final"); 3: the number */
} cand;

/* ------------------------------------------- Spanish final provisions (disposiciones)
 * Latin-American laws end with "DISPOSICIONES COMPLEMENTARIAS FINALES" (also MODIFICATORIAS,
 * DEROGATORIAS, TRANSITORIAS) under which each disposition is headed by an ordinal: "PRIMERA.
 * Title", "ÚNICA. Derogatoria"; Spanish laws write "Disposición final primera. Title". Each is a
 * provision numbered as it is cited: "Primera disposición complementaria final",
 * "Disposición final primera". */

/* bytes of t[p..] matching the word w (lower case) with Latin-1 letters case-folded, 0 if not a whole word */
static size_t es_word(const char *t, size_t p, size_t e, const char *w) {
    size_t q = p, i = 0;
    while (w[i]) {
        if (q >= e) return 0;
        unsigned char a = (unsigned char)t[q], b = (unsigned char)w[i];
        if (a == 0xC3 && b == 0xC3 && q + 1 < e && w[i + 1]) {
            unsigned char a2 = (unsigned char)t[q + 1];
            if (a2 >= 0x80 && a2 <= 0x9E) a2 += 0x20;
            if (a2 != (unsigned char)w[i + 1]) return 0;
            q += 2;
            i += 2;
            continue;
        }
        if (tolower(a) != b) return 0;
        q++;
        i++;
    }
    if (q < e && is_alpha((unsigned char)t[q])) return 0;
    return q - p;
}

static const wnum ES_ORD[] = {
    {"primera", 1}, {"segunda", 2}, {"tercera", 3}, {"cuarta", 4}, {"quinta", 5}, {"sexta", 6},
    {"s\xc3\xa9ptima", 7}, {"s\xc3\xa9tima", 7}, {"octava", 8}, {"novena", 9}, {"d\xc3\xa9" "cima", 10},
    {"und\xc3\xa9" "cima", 11}, {"duod\xc3\xa9" "cima", 12}, {"decimotercera", 13}, {"decimocuarta", 14},
    {"decimoquinta", 15}, {"decimosexta", 16}, {"decimos\xc3\xa9ptima", 17}, {"decimoctava", 18},
    {"decimonovena", 19}, {"vig\xc3\xa9sima", 20}, {"\xc3\xbanica", 1}, {NULL, 0}};

/* a feminine ordinal ("PRIMERA", "décima tercera", "Única"): its value and end */
static bool es_ordinal(const char *t, size_t p, size_t e, long *v, size_t *after) {
    for (const wnum *o = ES_ORD; o->w; o++) {
        size_t l = es_word(t, p, e, o->w);
        if (!l) continue;
        *v = o->v;
        *after = p + l;
        if ((o->v == 10 || o->v == 20) && p + l + 1 < e && t[p + l] == ' ') {
            for (const wnum *u = ES_ORD; u->w && u->v < 10; u++) {
                size_t l2 = es_word(t, p + l + 1, e, u->w);
                if (l2) { *v += u->v; *after = p + l + 1 + l2; break; }
            }
        }
        return true;
    }
    return false;
}

/* the kind words after "Disposición(es)": complementaria, final, transitoria, ... */
static size_t es_dispo_word(const char *t, size_t p, size_t e) {
    static const char *W[] = {"complementarias", "complementaria", "finales", "final", "transitorias", "transitoria",
                              "adicionales", "adicional", "derogatorias", "derogatoria", "modificatorias",
                              "modificatoria", NULL};
    for (const char **w = W; *w; w++) {
        size_t l = es_word(t, p, e, *w);
        if (l) return l;
    }
    return 0;
}

/* lower-case copy of t[s, e) with Latin-1 letters folded; plural words made singular when sing */
static void es_lower(const char *t, size_t s, size_t e, char *out, size_t n, bool sing) {
    size_t o = 0, ws = 0;
    for (size_t i = s; i <= e && o + 3 < n; i++) {
        if (i == e || t[i] == ' ') {
            /* singular of the word just copied: "disposiciones" -> "disposición", "finales" -> "final" */
            size_t wl = o - ws;
            if (sing && wl > 5 && !strncmp(out + o - 5, "iones", 5)) { memcpy(out + o - 4, "\xc3\xb3n", 3); o -= 1; }
            else if (sing && wl > 4 && out[o - 1] == 's' && out[o - 2] == 'e' && strchr("lrnd", out[o - 3])) o -= 2;
            else if (sing && wl > 4 && out[o - 1] == 's') o -= 1;
            if (i == e) break;
            out[o++] = ' ';
            ws = o;
            continue;
        }
        unsigned char ch = (unsigned char)t[i];
        if (ch == 0xC3 && i + 1 < e) {
            unsigned char c2 = (unsigned char)t[i + 1];
            out[o++] = (char)ch;
            out[o++] = (char)(c2 >= 0x80 && c2 <= 0x9E ? c2 + 0x20 : c2);
            i++;
            continue;
        }
        out[o++] = (char)tolower(ch);
    }
    out[o] = 0;
}

static void es_capitalise(char *s) {
    unsigned char *u = (unsigned char *)s;
    if (u[0] == 0xC3 && u[1] >= 0xA0 && u[1] <= 0xBE) u[1] -= 0x20;
    else u[0] = (unsigned char)toupper(u[0]);
}

static void es_dispo(st_ctx *c, const st_line *L, cand *k) {
    const char *t = c->t;
    size_t p = L->cs, e = L->ce, l;
    if (e - p > 250) return;
    if ((l = es_word(t, p, e, "disposiciones")) || (l = es_word(t, p, e, "disposici\xc3\xb3n"))) {
        size_t q = skip_blanks(t, p + l, e), w, nw = 0;
        while (q < e && (w = es_dispo_word(t, q, e))) { q = skip_blanks(t, q + w, e); nw++; }
        if (!nw) return;
        long v;
        size_t after;
        if (q >= e) {
            /* "DISPOSICIONES COMPLEMENTARIAS FINALES" */
            k->dkind = 1;
            k->dafter = e;
            es_lower(t, p, e, k->dname, sizeof k->dname, true);
        } else if (es_ordinal(t, q, e, &v, &after)) {
            /* "Disposición final primera. Title" */
            size_t r = skip_blanks(t, after, e), dl;
            if (!(r >= e || t[r] == '.' || t[r] == ':' || amicus__st_is_dash(t, r, e, &dl))) return;
            k->dkind = 3;
            k->numv = v;
            k->dafter = after;
            es_lower(t, p, after, k->dname, sizeof k->dname, false);
            es_capitalise(k->dname);
        }
        return;
    }
    long v;
    size_t after;
    if (es_ordinal(t, p, e, &v, &after)) {
        /* "PRIMERA. Title", "ÚNICA.- Title" (only under a dispositions grouping: find_headers) */
        size_t dl;
        if (!(after < e && (t[after] == '.' || amicus__st_is_dash(t, after, e, &dl)))) return;
        k->dkind = 2;
        k->numv = v;
        k->dafter = after;
        es_lower(t, p, after, k->dname, sizeof k->dname, false);
        es_capitalise(k->dname);
    }
}

/* German groupings with an ordinal word before the keyword, on a line of their own: "Erster
 * Abschnitt - Das Strafgesetz", "Zweiter Titel - Sprachgebrauch", "Erstes Buch - Allgemeine
 * Vorschriften", "Siebenter Abschnitt", "Einundzwanzigster Abschnitt"; and the two parts of a code,
 * "Allgemeiner Teil" / "Besonderer Teil" (numbered 1 and 2). The number is the ordinal's value, the
 * label as printed. */
static bool de_ordinal(const char *t, size_t p, size_t e, long *v, size_t *after) {
    static const wnum UNITS[] = {{"erst", 1}, {"zweit", 2}, {"dritt", 3}, {"viert", 4}, {"f\xc3\xbcnft", 5},
                                 {"sechst", 6}, {"siebent", 7}, {"siebt", 7}, {"acht", 8}, {"neunt", 9},
                                 {"zehnt", 10}, {"elft", 11}, {"zw\xc3\xb6lft", 12}, {NULL, 0}};
    static const wnum TEENS[] = {{"dreizehnt", 13}, {"vierzehnt", 14}, {"f\xc3\xbcnfzehnt", 15},
                                 {"sechzehnt", 16}, {"siebzehnt", 17}, {"achtzehnt", 18}, {"neunzehnt", 19},
                                 {NULL, 0}};
    static const wnum ONES[] = {{"einund", 1}, {"zweiund", 2}, {"dreiund", 3}, {"vierund", 4},
                                {"f\xc3\xbcnfund", 5}, {"sechsund", 6}, {"siebenund", 7}, {"achtund", 8},
                                {"neunund", 9}, {NULL, 0}};
    static const wnum TENS[] = {{"zwanzigst", 20}, {"drei\xc3\x9figst", 30}, {"vierzigst", 40}, {NULL, 0}};
    size_t q = p;
    long n = 0;
    const wnum *w;
    for (w = TEENS; w->w; w++)
        if (q + strlen(w->w) <= e && strncasecmp(t + q, w->w, strlen(w->w)) == 0) break;
    if (w->w) {
        n = w->v;
        q += strlen(w->w);
    } else {
        long one = 0;
        for (w = ONES; w->w; w++)
            if (q + strlen(w->w) <= e && strncasecmp(t + q, w->w, strlen(w->w)) == 0) break;
        size_t q1 = q;
        if (w->w) { one = w->v; q1 = q + strlen(w->w); }
        for (w = TENS; w->w; w++)
            if (q1 + strlen(w->w) <= e && strncasecmp(t + q1, w->w, strlen(w->w)) == 0) break;
        if (w->w) {
            n = w->v + one;
            q = q1 + strlen(w->w);
        } else {
            for (w = UNITS; w->w; w++)
                if (q + strlen(w->w) <= e && strncasecmp(t + q, w->w, strlen(w->w)) == 0) break;
            if (!w->w) return false;
            n = w->v;
            q += strlen(w->w);
        }
    }
    /* the inflection: Erster, Erstes, Erste, Ersten */
    static const char *END[] = {"er", "es", "en", "e", NULL};
    const char **x;
    for (x = END; *x; x++)
        if (q + strlen(*x) <= e && strncmp(t + q, *x, strlen(*x)) == 0) break;
    if (!*x) return false;
    q += strlen(*x);
    if (q < e && (isalpha((unsigned char)t[q]) || (unsigned char)t[q] >= 0x80)) return false;
    *v = n;
    *after = q;
    return true;
}

static void de_group(const char *t, size_t p, size_t e, cand *k) {
    static const kw DE_KW[] = {{"Unterabschnitt", 0, "subdivision"}, {"Abschnitt", 0, "section"},
                               {"Titel", 0, "title"}, {"Buch", 0, "book"}, {"Teil", 0, "part"},
                               {"Kapitel", 0, "chapter"}, {NULL, 0, NULL}};
    if (e - p > 250 || p >= e || !isupper((unsigned char)t[p])) return;
    long v = 0;
    size_t a;
    if (!de_ordinal(t, p, e, &v, &a)) {
        if (p + 12 <= e && strncmp(t + p, "Allgemeiner ", 12) == 0) v = 1, a = p + 11;
        else if (p + 12 <= e && strncmp(t + p, "Besonderer ", 11) == 0) v = 2, a = p + 10;
        else return;
        if (strncmp(t + skip_blanks(t, a, e), "Teil", 4) != 0) return;
    }
    size_t q = skip_blanks(t, a, e);
    if (q == a) return;
    for (const kw *w = DE_KW; w->w; w++) {
        size_t l = strlen(w->w);
        if (q + l > e || memcmp(t + q, w->w, l) != 0) continue;
        if (q + l < e && (isalpha((unsigned char)t[q + l]) || (unsigned char)t[q + l] >= 0x80)) return;
        bool had;
        size_t r = skip_sep(t, q + l, e, &had);
        if (r < e && !had) return; /* "Erster Abschnitt des ...": a sentence */
        snprintf(k->gnum, sizeof k->gnum, "%ld", v);
        k->group = true;
        k->gkind = w->kind;
        k->kws = p;
        k->kwe = q + l;
        k->gafter = q + l;
        return;
    }
}

/* Arabic groupings on a line of their own: "الباب الأول" (part), "الفصل الثاني" (chapter), "الفرع
 * الأول" (section), the number an ordinal word, digits or "(3)", the blank after the keyword lost or
 * not ("الفصلالأول"); a title after ':' or a dash, or on the next line */
static void ar_group(const char *t, size_t p, size_t e, cand *k, bool glued) {
    static const kw AR_GROUP_KW[] = {
        {"\xd8\xa7\xd9\x84\xd8\xa8\xd8\xa7\xd8\xa8", 0, "part"},    /* الباب */
        {"\xd8\xa7\xd9\x84\xd9\x81\xd8\xb5\xd9\x84", 0, "chapter"}, /* الفصل */
        {"\xd8\xa7\xd9\x84\xd9\x81\xd8\xb1\xd8\xb9", 0, "section"}, /* الفرع */
        {NULL, 0, NULL}};
    if (e - p > 250) return;
    for (const kw *w = AR_GROUP_KW; w->w; w++) {
        size_t l = strlen(w->w);
        if (p + l > e || memcmp(t + p, w->w, l) != 0) continue;
        size_t q = skip_blanks(t, p + l, e), after = q;
        long v = -1;
        if (q < e && t[q] == '(') {
            size_t r = skip_blanks(t, q + 1, e), ds = r;
            v = 0;
            while (r < e && isdigit((unsigned char)t[r]) && r - ds < 4) v = v * 10 + (t[r++] - '0');
            r = skip_blanks(t, r, e);
            if (r == ds || r >= e || t[r] != ')') return;
            after = r + 1;
        } else if (q < e && isdigit((unsigned char)t[q])) {
            v = 0;
            while (after < e && isdigit((unsigned char)t[after]) && after - q < 4) v = v * 10 + (t[after++] - '0');
            if (after < e && isdigit((unsigned char)t[after])) return;
        } else if (glued ? !ar_ordinal_glued(t, q, e, &v, &after) : !amicus__st_wordnum(t, q, e, &v, &after)) {
            return;
        }
        bool had;
        size_t r = skip_sep(t, after, e, &had);
        if (r < e && !had && !glued) return; /* "الفصل الأول من …": a sentence */
        snprintf(k->gnum, sizeof k->gnum, "%ld", v);
        k->group = true;
        k->gkind = w->kind;
        k->kws = p;
        k->kwe = p + l;
        k->gafter = after;
        return;
    }
}

static void classify_line(st_ctx *c, size_t li, cand *k, bool nested) {
    memset(k, 0, sizeof *k);
    const st_line *L = &c->lines.v[li];
    const char *t = c->t;
    if (L->blank) return;
    size_t p = L->cs, e = L->ce, a, ql;
    /* provision keyword; "“Art. 140.- …" opens a provision quoted by an amending law (Paraguay
     * Ley 4439): kept only inside an amending provision (mark_quoted) */
    const kw *w = match_kw(PROV_KW, t, p, e, &a);
    size_t p0 = p;
    if (!w && amicus__st_quote_open(t, p, e, &ql) && (w = match_kw(PROV_KW, t, p + ql, e, &a))) {
        k->inquote = true;
        p += ql;
    }
    if (w) {
        size_t q = skip_blanks(t, a, e);
        if (q < e && t[q] == '.' && w->fam != FAM_PAR) q = skip_blanks(t, q + 1, e);
        size_t after;
        bool got = false;
        if (q > a || w->fam == FAM_PAR || w->w[strlen(w->w) - 1] == '.')
            got = parse_pnum(t, q, e, k->pnum, sizeof k->pnum, &k->numv, k->suf, sizeof k->suf, &after);
        /* "المادة (5)", "المادة(5)", "المادة (٥)": the number in brackets, blank or not */
        if (!got && (unsigned char)w->w[0] >= 0xD8 && q < e && t[q] == '(') {
            size_t ns = skip_blanks(t, q + 1, e);
            bool num = parse_pnum(t, ns, e, k->pnum, sizeof k->pnum, &k->numv, k->suf, sizeof k->suf, &after);
            if (!num && ar_indic(t, ns, e) >= 0 && amicus__st_wordnum(t, ns, e, &k->numv, &after)) {
                snprintf(k->pnum, sizeof k->pnum, "%ld", k->numv);
                k->suf[0] = 0;
                num = true;
            }
            if (num) after = skip_blanks(t, after, e);
            if (num && after < e && t[after] == ')') { after++; got = true; }
        }
        if (!got && q > a && amicus__st_wordnum(t, q, e, &k->numv, &after)) {
            snprintf(k->pnum, sizeof k->pnum, "%ld", k->numv);
            k->suf[0] = 0;
            got = true;
        }
        if (got) {
            size_t r = skip_blanks(t, after, e);
            bool ok;
            if (r >= e) ok = true;
            else if (t[r] == ',' || t[r] == ';') ok = false;
            else if ((L->hashes || L->head) && r > after &&
                     (t[r] == '(' || (is_up((unsigned char)t[r]) && !is_lower_at(t, r, e)) || (L->hashes && isdigit((unsigned char)t[r]))))
                /* a heading line of the source ("#### § 48 (weggefallen)", "#### § 152a Fälschung von
                 * Zahlungskarten, … unbaren Zahlungsinstrumenten"): a heading whatever its length */
                ok = true;
            else if (t[r] == '(') ok = false;
            else if (t[r] == '.' || t[r] == ':') ok = r + 1 >= e || is_blank(t[r + 1]) || t[r + 1] == '-' || (unsigned char)t[r + 1] >= 0x80;
            else {
                size_t dl;
                if (amicus__st_is_dash(t, r, e, &dl)) ok = true;
                else ok = e - L->cs <= 100 && (is_up((unsigned char)t[r]) || (L->hashes && isdigit((unsigned char)t[r]))) &&
                          t[e - 1] != '.' && r > after;
                /* "ARTÍCULO 68B Revisión De La Pena ...": an upper-case article keyword opening the line
                 * is a heading whatever the length; a sentence does not shout the word it cites */
                if (!ok && w->fam == FAM_ART && w->w[1] >= 'A' && w->w[1] <= 'Z' && r > after && is_up((unsigned char)t[r]))
                    ok = true;
            }
            /* "Artigo 5º Os dados ...": an ordinal indicator marks a heading */
            if (!ok && after >= 2 && (unsigned char)t[after - 2] == 0xC2 &&
                ((unsigned char)t[after - 1] == 0xBA || (unsigned char)t[after - 1] == 0xB0))
                ok = true;
            /* ... and so does its typed form: "Art. 1o A disciplina ...", "Art. 1er Le ..." */
            if (!ok && r > after && is_up((unsigned char)t[r]) &&
                ((after >= 2 && t[after - 1] == 'o' && isdigit((unsigned char)t[after - 2])) ||
                 (after >= 3 && t[after - 2] == 'e' && t[after - 1] == 'r' && isdigit((unsigned char)t[after - 3]))))
                ok = true;
            if (strcmp(w->w, "Art") == 0 && !(r >= e || t[r] == '.')) ok = false;
            if (ok) {
                k->prov = true;
                k->fam = w->fam;
                k->pkind = w->kind;
                k->kws = p;
                k->kwe = a;
                k->pafter = after;
            }
        }
    }
    if (!k->prov) { k->inquote = false; p = p0; }
    /* grouping keyword */
    w = match_kw(GROUP_KW, t, p, e, &a);
    if (w && e - p <= 250) {
        size_t q = skip_blanks(t, a, e);
        if (q < e && t[q] == '.') q = skip_blanks(t, q + 1, e);
        size_t after;
        if (q > a && parse_gnum(t, q, e, k->gnum, sizeof k->gnum, &after)) {
            bool had;
            size_t r = skip_sep(t, after, e, &had);
            bool ok = r >= e || had || (after >= 2 && (unsigned char)t[after - 2] == 0xC2);
            if (!ok && r == skip_blanks(t, after, e) && r > after) {
                /* "CHAPTER I  GENERAL PROVISIONS": upper-case heading */
                size_t up = 0, lo = 0;
                for (size_t i = r; i < e; i++) {
                    if (t[i] >= 'A' && t[i] <= 'Z') up++;
                    else if (t[i] >= 'a' && t[i] <= 'z') lo++;
                }
                ok = up > 3 * lo && up > 2;
            }
            if (ok) {
                k->group = true;
                k->gkind = w->kind;
                k->kws = p;
                k->kwe = a;
                k->gafter = after;
            }
        }
    }
    if (!k->prov && !k->group) ar_group(t, p, e, k, false);
    if (!k->prov && !k->group) de_group(t, p, e, k);
    if (!k->prov && !k->group) es_dispo(c, L, k);
    /* numbered line "4. Heading", "3. -(1) ...", "8A. ..." */
    if (!k->prov && isdigit((unsigned char)t[p])) {
        size_t q = p;
        long v = 0;
        while (q < e && isdigit((unsigned char)t[q]) && q - p < 5) v = v * 10 + (t[q++] - '0');
        size_t ds = q;
        while (q < e && t[q] >= 'A' && t[q] <= 'Z' && q - ds < 2) q++;
        if (q < e && t[q] == '.' && (q + 1 >= e || is_blank(t[q + 1])) && !(q < e && isdigit((unsigned char)t[q]))) {
            snprintf(k->pnum, sizeof k->pnum, "%.*s", (int)(q - p), t + p);
            snprintf(k->suf, sizeof k->suf, "%.*s", (int)(q - ds), t + ds);
            k->numv = v;
            size_t r = skip_blanks(t, q + 1, e), dl;
            k->numafter = r;
            /* "2." alone on its line, the text on the next (the derived text of per-provision extracts:
             * UAE decree-law 34/2021) */
            if (r >= e && !nested && li + 1 < c->lines.n && !c->lines.v[li + 1].blank) {
                const st_line *Nx = &c->lines.v[li + 1];
                if (!isdigit((unsigned char)t[Nx->cs]) && Nx->ce - Nx->cs > 40) k->nh = true;
            }
            if (r < e) {
                char last = t[e - 1];
                if (is_up((unsigned char)t[r]) && e - r <= 150 && last != '.' && last != ':' && last != ';' &&
                    last != ',' && word_count(t, r, e) <= 20)
                    k->nh = true;
                /* marginal heading on the previous line */
                if (!nested && li > 0 && !c->lines.v[li - 1].blank && (amicus__st_is_dash(t, r, e, &dl) || is_up((unsigned char)t[r]))) {
                    cand pk;
                    classify_line(c, li - 1, &pk, true);
                    if (!pk.prov && !pk.group && !pk.numafter && heading_like(c, li - 1) && c->lines.v[li - 1].hashes == 0)
                        k->nm = true;
                }
            }
        }
    }
}

/* --------------------------------------------------- language detection */

static const char *LANGS[] = {"en", "nl", "fr", "es", "de", "pt", "ar"};
#define NLANG 7
enum { L_EN, L_NL, L_FR, L_ES, L_DE, L_PT, L_AR };

typedef struct sw { const char *w; uint8_t mask; } sw;
#define M(x) (1u << (x))
/* the most frequent function words per language (the union, sorted for bsearch) */
static sw STOP[] = {
    {"a", M(L_EN) | M(L_ES) | M(L_PT) | M(L_FR)}, {"aan", M(L_NL)}, {"al", M(L_ES)}, {"an", M(L_EN)},
    {"and", M(L_EN)}, {"any", M(L_EN)}, {"ao", M(L_PT)}, {"are", M(L_EN)}, {"as", M(L_EN) | M(L_PT)},
    {"au", M(L_FR)}, {"auf", M(L_DE)}, {"aux", M(L_FR)}, {"be", M(L_EN)}, {"bij", M(L_NL)}, {"by", M(L_EN)},
    {"com", M(L_PT)}, {"con", M(L_ES)}, {"da", M(L_PT)}, {"das", M(L_DE) | M(L_PT)}, {"dat", M(L_NL)},
    {"de", M(L_NL) | M(L_FR) | M(L_ES) | M(L_PT)}, {"del", M(L_ES)}, {"dem", M(L_DE)}, {"den", M(L_DE) | M(L_NL)},
    {"der", M(L_DE)}, {"des", M(L_FR) | M(L_DE)}, {"die", M(L_DE) | M(L_NL)}, {"dit", M(L_NL)}, {"do", M(L_PT)},
    {"door", M(L_NL)}, {"dos", M(L_PT)}, {"du", M(L_FR)}, {"een", M(L_NL)}, {"ein", M(L_DE)},
    {"eine", M(L_DE)}, {"el", M(L_ES)}, {"em", M(L_PT)}, {"en", M(L_NL) | M(L_FR) | M(L_ES)},
    {"est", M(L_FR)}, {"et", M(L_FR)}, {"for", M(L_EN)}, {"het", M(L_NL)}, {"in", M(L_EN) | M(L_NL) | M(L_DE)},
    {"is", M(L_EN) | M(L_NL)}, {"ist", M(L_DE)}, {"la", M(L_FR) | M(L_ES)}, {"las", M(L_ES)},
    {"le", M(L_FR)}, {"les", M(L_FR)}, {"los", M(L_ES)}, {"met", M(L_NL)}, {"mit", M(L_DE)},
    {"na", M(L_PT)}, {"nao", M(L_PT)}, {"ne", M(L_FR)}, {"niet", M(L_NL)}, {"nicht", M(L_DE)},
    {"no", M(L_PT)}, {"not", M(L_EN)}, {"o", M(L_PT) | M(L_ES)}, {"oder", M(L_DE)}, {"of", M(L_EN) | M(L_NL)},
    {"on", M(L_EN)}, {"onder", M(L_NL)}, {"op", M(L_NL)}, {"or", M(L_EN)}, {"os", M(L_PT)}, {"ou", M(L_FR) | M(L_PT)},
    {"par", M(L_FR)}, {"para", M(L_ES) | M(L_PT)}, {"pas", M(L_FR)}, {"por", M(L_ES) | M(L_PT)},
    {"pour", M(L_FR)}, {"que", M(L_FR) | M(L_ES) | M(L_PT)}, {"qui", M(L_FR)}, {"se", M(L_ES) | M(L_PT)},
    {"shall", M(L_EN)}, {"su", M(L_ES)}, {"such", M(L_EN)}, {"sur", M(L_FR)}, {"sus", M(L_ES)},
    {"te", M(L_NL)}, {"that", M(L_EN)}, {"the", M(L_EN)}, {"this", M(L_EN)}, {"to", M(L_EN)},
    {"um", M(L_PT)}, {"uma", M(L_PT)}, {"un", M(L_FR) | M(L_ES)}, {"una", M(L_ES)}, {"und", M(L_DE)},
    {"une", M(L_FR)}, {"van", M(L_NL)}, {"von", M(L_DE)}, {"voor", M(L_NL)}, {"werden", M(L_DE)},
    {"which", M(L_EN)}, {"wird", M(L_DE)}, {"with", M(L_EN)}, {"wordt", M(L_NL)}, {"worden", M(L_NL)},
    {"y", M(L_ES)}, {"zijn", M(L_NL)}, {"zu", M(L_DE)}};

static int sw_cmp(const void *a, const void *b) { return strcmp(((const sw *)a)->w, ((const sw *)b)->w); }

typedef struct lcount { uint32_t v[NLANG]; } lcount;

static void lang_count(const char *t, size_t s, size_t e, lcount *lc) {
    char w[12];
    size_t i = s;
    while (i < e) {
        unsigned char ch = (unsigned char)t[i];
        if (ch == 0xD8 || ch == 0xD9 || ch == 0xDA || ch == 0xDB) { lc->v[L_AR]++; i += 2; continue; }
        if (!isalpha(ch)) { i++; continue; }
        size_t j = i, n = 0;
        while (j < e && (isalpha((unsigned char)t[j]) || (unsigned char)t[j] >= 0x80)) {
            if (n < sizeof w - 1) w[n++] = (char)tolower((unsigned char)t[j]);
            j++;
        }
        if (j - i < sizeof w - 1) {
            w[n] = 0;
            sw key = {w, 0};
            const sw *f = bsearch(&key, STOP, sizeof STOP / sizeof *STOP, sizeof *STOP, sw_cmp);
            if (f)
                for (int l = 0; l < NLANG; l++)
                    if (f->mask & (1u << l)) lc->v[l]++;
        }
        i = j;
    }
    lc->v[L_AR] /= 4; /* letters, not words */
}

/* decided language or -1 */
static int lang_pick(const lcount *lc, uint32_t min) {
    int b = -1;
    uint32_t bv = 0, sv = 0;
    for (int l = 0; l < NLANG; l++) {
        if (lc->v[l] > bv) { sv = bv; bv = lc->v[l]; b = l; }
        else if (lc->v[l] > sv) sv = lc->v[l];
    }
    if (bv < min || bv < sv + 2 || bv * 10 < sv * 13) return -1;
    return b;
}

static int lang_of_code(const char *code) {
    for (int l = 0; l < NLANG; l++)
        if (code && strcasecmp(code, LANGS[l]) == 0) return l;
    return -1;
}

/* ------------------------------------------------------------ headers */

static bool push_hdr(st_ctx *c, const st_hdr *h) {
    if (!AMICUS_VEC_PUSH(c->hdrs, *h)) { c->oom = true; return false; }
    return true;
}

/* a Markdown heading that is neither a provision nor a grouping: a title, an instrument's name */
static void push_heading(st_ctx *c, size_t li) {
    const st_line *L = &c->lines.v[li];
    st_hdr h = {0};
    h.line = li;
    h.start = L->s;
    h.lang = -1;
    h.node = -1;
    h.type = H_HEAD;
    h.kind = "heading";
    set_title(&h, c->t, L->cs, L->ce);
    h.body = L->e;
    h.hend = L->e;
    h.numv = -1;
    push_hdr(c, &h);
}

static bool successor_num(const st_hdr *prev, const st_hdr *cur) {
    if (prev->numv < 0 || cur->numv < 0) return false;
    if (cur->numv == prev->numv + 1 && !cur->suffix[0]) return true;
    if (cur->numv == prev->numv && cur->suffix[0] && strcmp(cur->suffix, prev->suffix) > 0) return true;
    return false;
}

static int ci_contains(const char *t, size_t s, size_t e, const char *needle) {
    size_t l = strlen(needle);
    for (size_t i = s; i + l <= e; i++)
        if (strncasecmp(t + i, needle, l) == 0) return 1;
    return 0;
}

static const char *AMEND_WORDS[] = {"as follows", "to read", "following", "inserted", "substituted", "amended",
                                    "added", "tenor", "as\xc3\xad", "asi:", "siguiente", "suivante", "ainsi",
                                    "seguinte", "volgt", "luidt", "folgt", "gefasst", "modif", "adici",
                                    "sustit", "incorp", NULL};

/* the number of the next numbered heading line after line i (a line "N." that classify_line takes for
 * a heading), or -1 */
static long next_num_heading(st_ctx *c, const uint8_t *lf, size_t i) {
    cand k;
    /* looked for within the next 2000 lines (no scan over a whole flat text per line) */
    for (size_t j = i + 1; j < c->lines.n && j <= i + 2000; j++) {
        if (!(lf[j] & 4)) continue;
        classify_line(c, j, &k, false);
        if (k.nh || k.nm) return k.suf[0] ? -1 : k.numv;
    }
    return -1;
}

/* is there a line "v." (a numbered paragraph) between lines a and b (the last 2000)? */
static bool dot_marker_since(st_ctx *c, const uint8_t *lf, size_t a, size_t b, long v) {
    cand k;
    if (b > a + 2000) return true; /* a provision that long: not decided by this rule */
    for (size_t j = a + 1; j < b; j++) {
        if (!(lf[j] & 4)) continue;
        classify_line(c, j, &k, false);
        if (k.numafter && k.numv == v) return true;
    }
    return false;
}

/* the last word of t[s, e) is a function word ("und", "of", "de": STOP): the phrase goes on */
static bool ends_open(const char *t, size_t s, size_t e) {
    size_t w = e;
    while (w > s && isalpha((unsigned char)t[w - 1])) w--;
    if (e - w == 0 || e - w >= 12 || (w > s && (unsigned char)t[w - 1] >= 0x80)) return false;
    char b[12];
    for (size_t i = w; i < e; i++) b[i - w] = (char)tolower((unsigned char)t[i]);
    b[e - w] = 0;
    sw key = {b, 0};
    return bsearch(&key, STOP, sizeof STOP / sizeof *STOP, sizeof *STOP, sw_cmp) != NULL;
}

/* A title that goes on over the next lines: line j holds a title (after its header's number, or
 * alone under it), and up to three short lines follow without a blank line, each a phrase the
 * line before leaves open (it starts with a small letter, or the line before ends with a function
 * word) or the title's abbreviation in brackets, none a header, a list marker, a sentence's end
 * or columns, the last before a blank line or a header ("##### Art. 10 Straftaten in
 * Zusammenhang mit Verletzungen des Urheberrechts" / "und verwandter Schutzrechte"; "Teil 5" /
 * "Gleichstellungsbeauftragte und" / "Stellvertretung der Gleichstellungsbeauftragten", a PDF's
 * line break; "(SGleiG)" under "Soldatinnen- und Soldatengleichstellungsgesetz"). Returns the
 * title's last line (j when it does not go on); lf: find_headers' line flags. */
static size_t title_last_line(st_ctx *c, const uint8_t *lf, size_t j) {
    const char *t = c->t;
    size_t nl = c->lines.n;
    for (size_t k = j + 1; k < nl && k <= j + 3; k++) {
        const st_line *K = &c->lines.v[k], *B = &c->lines.v[k - 1];
        if (K->blank || K->hashes || K->used || (lf[k] & 15) || K->ce - K->cs > 200) break;
        if (strchr(".;:,", t[B->ce - 1]) || strchr(".;:,", t[K->ce - 1]) || word_count(t, K->cs, K->ce) > 12) break;
        size_t q = K->cs;
        for (size_t x = K->cs; x + 2 < K->ce; x++)
            if (is_blank(t[x]) && is_blank(t[x + 1]) && is_blank(t[x + 2])) return j; /* columns */
        if (t[q] == '(') {
            /* only an abbreviation in brackets, "(SGleiG)": upper and lower case, no list marker */
            bool up = false, lo = false;
            for (q = K->cs + 1; q + 1 < K->ce && (isalnum((unsigned char)t[q]) || t[q] == '-'); q++) {
                up |= t[q] >= 'A' && t[q] <= 'Z';
                lo |= t[q] >= 'a' && t[q] <= 'z';
            }
            if (q + 1 != K->ce || t[q] != ')' || !up || !lo) break;
        } else {
            while (q < K->ce && isalnum((unsigned char)t[q]) && q - K->cs < 6) q++;
            if (q > K->cs && q < K->ce && (t[q] == ')' || (t[q] == '.' && (q + 1 >= K->ce || is_blank(t[q + 1]))))) break;
            if (t[K->cs] == '[' || t[K->cs] == '-' || t[K->cs] == '*') break;
            if (!is_lower_at(t, K->cs, K->ce) && !ends_open(t, B->cs, B->ce)) break;
        }
        const st_line *A = k + 1 < nl ? &c->lines.v[k + 1] : NULL;
        if (!A || A->blank || A->hashes || (lf[k + 1] & 3)) return k;
    }
    return j;
}

static bool find_headers(st_ctx *c) {
    const char *t = c->t;
    size_t nl = c->lines.n;
    /* per line: 1 provision keyword, 2 grouping, 4 numbered line (full candidates are recomputed) */
    uint8_t *lf = amicus__calloc(nl ? nl : 1, 1);
    if (!lf) return false;
    size_t cnt[5] = {0}, restarts[5] = {0}, first[5], art_restart = 0;
    for (int f = 0; f < 5; f++) first[f] = SIZE_MAX;
    long lastv[5] = {-1, -1, -1, -1, -1};
    size_t nnum = 0, marked[5] = {0}, all[5] = {0};
    cand kc;
    /* per line: the provision family of a candidate, its number */
    uint8_t *pfam = amicus__calloc(nl ? nl : 1, 1);
    long *pnumv = amicus__calloc(nl ? nl : 1, sizeof *pnumv);
    if (!pfam || !pnumv) { amicus__free(lf); amicus__free(pfam); amicus__free(pnumv); return false; }
    for (size_t i = 0; i < nl; i++) {
        classify_line(c, i, &kc, false);
        if (kc.prov) {
            pfam[i] = (uint8_t)kc.fam;
            pnumv[i] = kc.numv;
            all[kc.fam]++;
            if (c->lines.v[i].hashes) marked[kc.fam]++;
        }
        if (kc.nh || kc.nm) nnum++;
        lf[i] = (uint8_t)((kc.prov ? 1 : 0) | (kc.group ? 2 : 0) | (kc.numafter ? 4 : 0) | (kc.dkind ? 8 : 0));
    }
    /* A Markdown text that heads its provisions with Markdown headings ("#### § 100a
     * Telekommunikationsüberwachung": most of a family's candidates) may wrap its sentences at any
     * word: a plain line inside a sentence, one that runs on from a line of text that ends no
     * sentence (not a heading: "… in Verbindung mit" / "§ 129b Abs. 1, des Strafgesetzbuches …") or whose sentence
     * the next line carries on ("§ 100d Abs. 5, § 100i Abs. 2 Satz 2 und § 108 Abs. 2 und 3 bleiben"
     * / "unberührt."), is text, it heads nothing. A plain heading ends its line ("**Art. 40**
     * Erklärungen", "**Artículo 162. Interferencia telefónica**" after "… términos:"). */
    for (size_t i = 0; i < nl; i++) {
        if (!(lf[i] & 1)) continue;
        int f = pfam[i];
        const st_line *L = &c->lines.v[i], *P = i > 0 ? &c->lines.v[i - 1] : NULL, *N = i + 1 < nl ? &c->lines.v[i + 1] : NULL;
        bool runon = P && !P->blank && !P->hashes && !(lf[i - 1] & 2) && !strchr(".:;!?", c->t[P->ce - 1]);
        bool goes_on = N && !N->blank && !N->hashes && !strchr(".:;!?", c->t[L->ce - 1]) && islower((unsigned char)c->t[N->cs]);
        if (marked[f] >= 3 && 2 * marked[f] >= all[f] && !L->hashes && (runon || goes_on)) {
            lf[i] &= (uint8_t)~1u;
            continue;
        }
        if (first[f] == SIZE_MAX) first[f] = i;
        cnt[f]++;
        if (pnumv[i] >= 0 && lastv[f] >= 0 && pnumv[i] < lastv[f]) {
            restarts[f]++;
            if (f == FAM_ART && art_restart == 0) art_restart = i;
        }
        if (pnumv[i] >= 0) lastv[f] = pnumv[i];
    }
    amicus__free(pfam);
    amicus__free(pnumv);
    int fam = FAM_NONE;
    size_t best = 0;
    /* the family whose numbers run on (a "§ 1" restarting in every article is a paragraph sign) */
    long bscore = 0;
    for (int f = FAM_ART; f <= FAM_PAR; f++) {
        long score = (long)cnt[f] - 2 * (long)restarts[f];
        if (cnt[f] > 0 && (fam == FAM_NONE || score > bscore)) { bscore = score; best = cnt[f]; fam = f; }
    }
    if (nnum >= 3 && nnum > 2 * best) fam = FAM_NUM;
    /* An omnibus act (Mantelgesetz): "Artikel N" headings come first and run on (a table of
     * contents may list them once before), while the "§" of a statute one Artikel enacts (with its
     * own contents list) dominate: the Artikel are the provisions, the §§ quoted under them. */
    if (fam == FAM_PAR && cnt[FAM_ART] >= 3 && restarts[FAM_ART] <= 1 && restarts[FAM_PAR] >= 1 &&
        first[FAM_ART] < first[FAM_PAR]) {
        fam = FAM_ART;
        c->mantel = true;
    }
    c->fam = fam;
    /* bare-number headings ("52."): sections, unless the text cites its provisions as Arabic articles
     * ("المادة (5)", "فيالمواد (13)"), the word of its own headings ("مادة") that the extraction lost */
    const char *num_kind = fam == FAM_NUM && amicus__st_ar_article_cites(t, c->n) > 0 ? "article" : "section";

    st_hdr last = {0};
    last.numv = -1;
    bool have_last = false;
    char dgroup[64] = ""; /* the dispositions grouping the text is in (singular), "" when none */
    for (size_t i = 0; i < nl; i++) {
        st_line *L = &c->lines.v[i];
        if (L->used || L->blank || !lf[i]) {
            if (!L->used && L->hashes > 0 && !L->blank) push_heading(c, i);
            continue;
        }
        cand *k = &kc;
        classify_line(c, i, k, false);
        st_hdr h = {0};
        h.line = i;
        h.start = L->s;
        h.lang = -1;
        h.node = -1;
        if (k->dkind && !k->prov && !k->group && (k->dkind != 2 || dgroup[0])) {
            /* Spanish dispositions (es_dispo) */
            size_t ll = k->dafter - L->cs;
            snprintf(h.label, sizeof h.label, "%.*s", (int)(ll < sizeof h.label ? ll : sizeof h.label - 1), t + L->cs);
            L->used = 1;
            h.dispo = k->dkind;
            if (k->dkind == 3) dgroup[0] = 0; /* "Disposición final primera" names its own kind */
            h.body = i + 1 < nl ? c->lines.v[i + 1].s : L->e;
            if (k->dkind == 1) {
                h.type = H_GROUP;
                h.kind = "dispositions";
                h.numv = -1;
                h.body = L->e;
                scopy(dgroup, sizeof dgroup, k->dname);
            } else {
                h.type = H_PROV;
                h.fam = FAM_ART;
                h.kind = "article";
                h.numv = k->numv;
                if (k->dkind == 2) snprintf(h.number, sizeof h.number, "%.24s %.54s", k->dname, dgroup);
                else scopy(h.number, sizeof h.number, k->dname);
                bool had;
                size_t r = skip_sep(t, k->dafter, L->ce, &had);
                if (r < L->ce) set_title(&h, t, r, L->ce);
            }
            h.hend = h.body;
            push_hdr(c, &h);
            continue;
        }
        bool isprov = false;
        if (fam != FAM_NUM && k->prov && k->fam == fam && (lf[i] & 1)) isprov = true;
        if (fam == FAM_PAR && k->prov && k->fam == FAM_SEC) isprov = false;
        if (c->mantel && k->prov && k->fam == FAM_PAR && (lf[i] & 1)) { isprov = true; h.quoted = 1; }
        if (c->mantel && isprov && k->fam == FAM_ART && i < art_restart)
            isprov = false; /* the contents list before the Artikel start again at 1 */
        if (fam == FAM_NUM && (k->nh || k->nm)) {
            st_hdr tmp = {0};
            tmp.numv = k->numv;
            scopy(tmp.suffix, sizeof tmp.suffix, k->suf);
            /* sequence: the next number (gaps of a few allowed), or a restart at 1 after a grouping */
            if (!have_last) isprov = k->numv <= 5;
            else if (successor_num(&last, &tmp)) isprov = true;
            else if (tmp.numv > last.numv && tmp.numv - last.numv <= 10 && !tmp.suffix[0])
                /* a number ahead of the sequence that the next numbered heading does not follow
                 * ("62." "71." "63." "64."): a stray number, not a provision */
                isprov = next_num_heading(c, lf, i) != last.numv + 1;
        } else if (fam == FAM_NUM && k->numafter && have_last && !k->suf[0] && k->numv == last.numv + 1 &&
                   !last.suffix[0] && !dot_marker_since(c, lf, last.line, i, k->numv - 1)) {
            /* "5. فإذا وقعت …" after section 4 that has no paragraph "4.": the next section, its first
             * line of text printed after the number */
            isprov = true;
        }
        if (isprov) {
            h.type = H_PROV;
            h.inquote = k->inquote;
            h.fam = fam == FAM_NUM ? FAM_NUM : k->fam;
            h.kind = fam == FAM_NUM ? num_kind : k->pkind;
            scopy(h.number, sizeof h.number, k->pnum);
            scopy(h.suffix, sizeof h.suffix, k->suf);
            h.numv = k->numv;
            L->used = 1;
            if (fam == FAM_NUM) {
                snprintf(h.label, sizeof h.label, "%s.", h.number);
                size_t r = k->numafter;
                if (k->nm && !(k->nh && (i + 1 >= nl || !c->lines.v[i + 1].blank) && c->lines.v[i - 1].blank)) {
                    /* marginal heading on the line before */
                    const st_line *M = &c->lines.v[i - 1];
                    if (k->nm) {
                        h.start = M->s;
                        set_title(&h, t, M->cs, M->ce);
                        c->lines.v[i - 1].used = 1;
                        h.body = r;
                    }
                }
                if (h.te == h.ts && k->nh) {
                    /* "19. الفصلالثاني": a grouping's heading printed after the number is no title */
                    cand g;
                    memset(&g, 0, sizeof g);
                    ar_group(t, r, L->ce, &g, false);
                    if (!g.group) set_title(&h, t, r, L->ce);
                    h.body = i + 1 < nl ? c->lines.v[i + 1].s : L->e;
                } else if (h.te == h.ts) {
                    h.body = r;
                }
                h.hend = h.body;
            } else {
                /* label as printed: keyword + number */
                size_t ns = skip_blanks(t, k->kwe, L->ce);
                if (ns < L->ce && t[ns] == '.' && k->fam != FAM_PAR) ns = skip_blanks(t, ns + 1, L->ce);
                size_t ne = k->pafter;
                char kwb[32];
                snprintf(kwb, sizeof kwb, "%.*s", (int)(k->kwe - k->kws), t + k->kws);
                snprintf(h.label, sizeof h.label, "%s %.*s", kwb, (int)(ne - ns), t + ns);
                bool had;
                size_t r = skip_sep(t, k->pafter, L->ce, &had);
                size_t body = r;
                if (r >= L->ce) {
                    size_t j = next_nonblank(c, i + 1);
                    body = i + 1 < nl ? c->lines.v[i + 1].s : L->e;
                    /* under a Markdown heading ("#### § 406h"), the first line of a paragraph that
                       goes on in the next ("Verletzte sind möglichst frühzeitig, … und soweit" /
                       "möglich in …") is text, not a title */
                    bool runs_on = L->hashes && j + 1 < nl && !c->lines.v[j + 1].blank && !c->lines.v[j + 1].hashes &&
                                   !(lf[j + 1] & 3) && title_last_line(c, lf, j) == j;
                    if (j < nl && heading_like(c, j) && !(lf[j] & 7) && !runs_on) {
                        size_t jl = title_last_line(c, lf, j);
                        set_title(&h, t, c->lines.v[j].cs, c->lines.v[jl].ce);
                        for (size_t x = j; x <= jl; x++) c->lines.v[x].used = 1;
                        body = jl + 1 < nl ? c->lines.v[jl + 1].s : c->lines.v[jl].e;
                    }
                } else {
                    /* title then body on the same line? look for ". -" / " - " / " . " / ": " */
                    size_t e = L->ce, sep = 0, seplen = 0, dl;
                    for (size_t q = r; q < e && q - r <= 200; q++) {
                        if (amicus__st_is_dash(t, q, e, &dl) && q > r && (is_blank(t[q - 1]) || t[q - 1] == '.') &&
                            (q + dl >= e || is_blank(t[q + dl]) || t[q + dl] == '(')) {
                            sep = q;
                            seplen = dl;
                            while (sep > r && (is_blank(t[sep - 1]) || t[sep - 1] == '.')) sep--;
                            break;
                        }
                        if (t[q] == '.' && q > r && is_blank(t[q - 1]) && q + 1 < e && is_blank(t[q + 1])) { sep = q; seplen = 1; break; }
                        if (t[q] == ':' && q > r && is_blank(t[q - 1]) && q + 1 < e && is_blank(t[q + 1]) && word_count(t, r, q) <= 12) { sep = q; seplen = 1; break; }
                    }
                    if (sep > r) {
                        set_title(&h, t, r, sep);
                        size_t b = sep;
                        while (b < e && (is_blank(t[b]) || t[b] == '.')) b++;
                        if (amicus__st_is_dash(t, b, e, &dl)) b += dl;
                        (void)seplen;
                        body = skip_blanks(t, b, e);
                        if (body < e && t[body] == ':') body = skip_blanks(t, body + 1, e);
                    } else {
                        char last = t[e - 1];
                        size_t wc = word_count(t, r, e);
                        size_t j = next_nonblank(c, i + 1);
                        bool next_is_hdr = j < nl && (lf[j] & 3); /* (a Markdown heading ends on its line) */
                        /* the sentence goes on in the next line: not a heading */
                        if (j < nl && islower((unsigned char)t[c->lines.v[j].cs])) next_is_hdr = true;
                        /* a line that is a heading element of the source (BOE <h5 class="articulo">)
                         * holds the heading only: the rest is the title, however long
                         * ("Artículo 588 ter l. Identificación de los terminales mediante ...") */
                        bool title = L->head ? last != ':' && last != ';' && last != ','
                                             : wc <= 25 && last != ':' && last != ';' && last != ',' && (!next_is_hdr || L->hashes) &&
                                                   (last != '.' || wc <= 12 || k->fam == FAM_PAR);
                        if (title) {
                            size_t jl = title_last_line(c, lf, i);
                            set_title(&h, t, r, c->lines.v[jl].ce);
                            for (size_t x = i + 1; x <= jl; x++) c->lines.v[x].used = 1;
                            body = jl + 1 < nl ? c->lines.v[jl + 1].s : c->lines.v[jl].e;
                        } else {
                            /* "Heading. Body" */
                            for (size_t q = r; q + 2 < e && q - r <= 120; q++)
                                if (t[q] == '.' && t[q + 1] == ' ' && is_up((unsigned char)t[q + 2]) && word_count(t, r, q) <= 12) {
                                    set_title(&h, t, r, q);
                                    body = q + 2;
                                    break;
                                }
                        }
                    }
                }
                h.body = body;
                h.hend = body;
            }
            if (h.body < h.start) h.body = h.start;
            last = h;
            have_last = true;
            push_hdr(c, &h);
            continue;
        }
        if (k->group) {
            dgroup[0] = 0;
            h.type = H_GROUP;
            h.kind = k->gkind;
            scopy(h.number, sizeof h.number, k->gnum);
            char kwb[32];
            snprintf(kwb, sizeof kwb, "%.*s", (int)(k->kwe - k->kws), t + k->kws);
            /* as printed when the number is a word: Arabic "الفصل الأول", German "Erster Abschnitt"
             * (the ordinal before the keyword: the keyword ends the label) */
            if ((unsigned char)kwb[0] >= 0xD8 || k->gafter == k->kwe)
                snprintf(h.label, sizeof h.label, "%.*s", (int)(k->gafter - k->kws), t + k->kws);
            else
                snprintf(h.label, sizeof h.label, "%s %.40s", kwb, h.number);
            h.numv = -1;
            L->used = 1;
            bool had;
            size_t r = skip_sep(t, k->gafter, L->ce, &had);
            h.body = L->e;
            if (r < L->ce) {
                size_t jl = title_last_line(c, lf, i);
                set_title(&h, t, r, c->lines.v[jl].ce);
                for (size_t x = i + 1; x <= jl; x++) c->lines.v[x].used = 1;
                h.body = c->lines.v[jl].e;
            } else {
                size_t j = next_nonblank(c, i + 1);
                if (j < nl && heading_like(c, j) && !(lf[j] & 7)) {
                    size_t jl = title_last_line(c, lf, j);
                    set_title(&h, t, c->lines.v[j].cs, c->lines.v[jl].ce);
                    for (size_t x = j; x <= jl; x++) c->lines.v[x].used = 1;
                    h.body = c->lines.v[jl].e;
                }
            }
            h.hend = h.body;
            /* numbered style: a grouping lets numbering go on */
            push_hdr(c, &h);
            continue;
        }
        if (L->hashes > 0 && !L->blank) push_heading(c, i);
    }
    amicus__free(lf);
    return !c->oom;
}

/* Arabic grouping headings glued to the end of a provision's text, after its last full stop, the
 * next header on the next line with text (a noisy extraction: "…الصادر منالجهاتالمعنية.الفصلالثاني
 * جرائمالمحتوى ونشرالشائعاتوالأخبارالزائفةالفرعالأولجرائمالمحتوى", then "الفصلالثاني" alone and
 * "20."): each heading of that tail (keyword, ordinal, its title up to the next heading or the
 * line's end; short, no sentence punctuation) is a grouping that starts at its keyword, so the
 * provision's text ends there. The same grouping's heading printed again before the next provision
 * is a repeat, not a new grouping. */
static void ar_glued_groupings(st_ctx *c) {
    const char *t = c->t;
    size_t nh = c->hdrs.n;
    AMICUS_VEC(st_hdr) out = {0};
    for (size_t i = 0; i < nh; i++) {
        if (!AMICUS_VEC_PUSH(out, c->hdrs.v[i])) { c->oom = true; break; }
        const st_hdr *h = &c->hdrs.v[i];
        if (i + 1 >= nh || h->type != H_PROV) continue;
        size_t li = c->hdrs.v[i + 1].line;
        while (li > h->line && c->lines.v[li - 1].blank) li--;
        if (li <= h->line + 1) continue;
        const st_line *L = &c->lines.v[--li];
        if (L->used || L->hashes) continue;
        size_t dot = L->ce;
        while (dot > L->cs && t[dot - 1] != '.') dot--;
        if (dot <= L->cs) continue;
        size_t p = skip_blanks(t, dot, L->ce);
        if (p >= L->ce || L->ce - p > 250 || memchr(t + p, ':', L->ce - p) || word_count(t, p, L->ce) > 20) continue;
        cand k;
        memset(&k, 0, sizeof k);
        ar_group(t, p, L->ce, &k, true);
        while (k.group && !c->oom) {
            cand k2;
            memset(&k2, 0, sizeof k2);
            size_t te = L->ce;
            for (size_t q = k.gafter; q < L->ce; q++) {
                if ((unsigned char)t[q] != 0xD8) continue;
                ar_group(t, q, L->ce, &k2, true);
                if (k2.group) { te = q; break; }
            }
            st_hdr g = {0};
            g.type = H_GROUP;
            g.kind = k.gkind;
            g.line = li;
            g.start = k.kws;
            g.lang = -1;
            g.node = -1;
            g.numv = -1;
            g.glued = 1;
            scopy(g.number, sizeof g.number, k.gnum);
            snprintf(g.label, sizeof g.label, "%.*s", (int)(k.gafter - k.kws), t + k.kws);
            size_t ts = skip_blanks(t, k.gafter, te);
            if (ts < te) set_title(&g, t, ts, te);
            g.body = g.hend = te;
            if (!AMICUS_VEC_PUSH(out, g)) { c->oom = true; break; }
            k = k2;
        }
    }
    if (c->oom) { AMICUS_VEC_FREE(out); return; }
    /* the heading printed again: "الفصلالثاني" alone on its line after the glued one */
    for (size_t i = 0; i < out.n; i++) {
        st_hdr *g = &out.v[i];
        if (!g->glued) continue;
        for (size_t j = i + 1; j < out.n && out.v[j].type != H_PROV; j++) {
            st_hdr *r = &out.v[j];
            if (r->glued || r->drop || r->type != H_GROUP || strcmp(r->kind, g->kind) != 0 || strcmp(r->number, g->number) != 0)
                continue;
            r->drop = 1;
            if (g->te == g->ts && r->te > r->ts) { g->ts = r->ts; g->te = r->te; }
        }
    }
    AMICUS_VEC_FREE(c->hdrs);
    c->hdrs.v = out.v;
    c->hdrs.n = out.n;
    c->hdrs.cap = out.cap;
}

/* A table of contents lists the groupings before the text repeats them: while the first grouping's
 * label comes again before the first provision, the groupings up to that repeat are contents and
 * stay in the preamble. */
static void drop_contents(st_ctx *c) {
    size_t first = c->hdrs.n;
    for (size_t i = 0; i < c->hdrs.n; i++)
        if (c->hdrs.v[i].type == H_PROV && !c->hdrs.v[i].drop) { first = i; break; }
    if (first == c->hdrs.n) return;
    size_t g0 = 0;
    for (;;) {
        while (g0 < first && (c->hdrs.v[g0].type != H_GROUP || c->hdrs.v[g0].drop)) g0++;
        if (g0 >= first) return;
        size_t rep = first;
        for (size_t j = g0 + 1; j < first; j++)
            if (c->hdrs.v[j].type == H_GROUP && strcmp(c->hdrs.v[j].label, c->hdrs.v[g0].label) == 0) { rep = j; break; }
        if (rep == first) return;
        for (size_t j = g0; j < rep; j++)
            if (c->hdrs.v[j].type == H_GROUP) c->hdrs.v[j].drop = 1;
        g0 = rep;
    }
}

/* ------------------------------------------------- contents lists (omnibus acts too) */

static size_t trim_end(const char *t, size_t s, size_t e);

/* The text a header owns up to the next outlined header: nothing, or a few short lines that do not
 * end a sentence (a title printed on the next line, a wrapped title's end, a contents entry whose
 * long title kept it from being read as a header). */
static bool own_short(st_ctx *c, size_t i) {
    const char *t = c->t;
    const st_hdr *h = &c->hdrs.v[i];
    size_t j = i + 1;
    while (j < c->hdrs.n && c->hdrs.v[j].drop) j++;
    size_t s = h->body, e = j < c->hdrs.n ? c->hdrs.v[j].start : c->n;
    while (s < e && (is_blank(t[s]) || t[s] == '\n')) s++;
    e = trim_end(t, s, e);
    size_t lines = 0;
    while (s < e) { /* up to four lines, none a sentence */
        size_t q = s;
        while (q < e && t[q] != '\n') q++;
        size_t le = trim_end(t, s, q);
        if (le > s) {
            char last = t[le - 1];
            if (++lines > 4 || word_count(t, s, le) > 20 || last == '.' || last == ';' || last == ':') return false;
        }
        s = q + 1;
    }
    return true;
}

/* A contents list: a run of headers that own no text (a grouping's title aside), at least three of
 * them provisions, whose provisions come again later with their text ("§ 1 Ziele des Gesetzes",
 * "§ 2 Geltungsbereich" ... before "§ 1" / "Ziele des Gesetzes" / "(1) Dieses Gesetz ..."). The run,
 * its groupings included, is contents, not structure: it stays in the text of the node before it.
 * Any language, any provision family; the repeat is what tells a list from provisions without
 * text ("5. [Repealed]"), which never come again. */
static void drop_contents_lists(st_ctx *c) {
    size_t n = c->hdrs.n;
    for (size_t a = 0; a < n;) {
        if (c->hdrs.v[a].drop || !own_short(c, a)) { a++; continue; }
        size_t b = a, last = SIZE_MAX, entries = 0;
        while (b < n && (c->hdrs.v[b].drop || own_short(c, b))) {
            if (!c->hdrs.v[b].drop && c->hdrs.v[b].type == H_PROV) { last = b; entries++; }
            b++;
        }
        if (entries >= 3) {
            size_t again = 0, r0 = SIZE_MAX, r1 = 0;
            for (size_t i = a; i <= last; i++) {
                const st_hdr *h = &c->hdrs.v[i];
                if (h->drop || h->type != H_PROV) continue;
                for (size_t j = last + 1; j < n; j++) {
                    const st_hdr *g = &c->hdrs.v[j];
                    if (!g->drop && g->type == H_PROV && g->fam == h->fam && strcmp(g->number, h->number) == 0) {
                        again++;
                        if (r0 == SIZE_MAX) r0 = i;
                        r1 = i;
                        break;
                    }
                }
            }
            /* the list: from the first entry that comes again (and the groupings just before it) to
               the last; a provision before it that does not come again (the Artikel enacting the
               statute whose list this is) is not part of it */
            if (again >= 3 && again * 3 >= entries * 2) {
                while (r0 > a && (c->hdrs.v[r0 - 1].drop || c->hdrs.v[r0 - 1].type != H_PROV)) r0--;
                for (size_t i = r0; i <= r1; i++) c->hdrs.v[i].drop = 1;
                /* the list's text, up to the next header: no paragraphs or items in it ("§1 Ziele
                 * des Gesetzes" is no paragraph "§ 1" of the Artikel that holds the list) */
                size_t j = r1 + 1;
                while (j < n && c->hdrs.v[j].drop) j++;
                st_span sp = {c->hdrs.v[r0].start, j < n ? c->hdrs.v[j].start : c->n};
                if (!AMICUS_VEC_PUSH(c->contents, sp)) c->oom = true;
            }
        }
        a = b > a ? b : a + 1;
    }
}

bool amicus__st_in_contents(const st_ctx *c, size_t p) {
    for (size_t k = 0; k < c->contents.n; k++)
        if (c->contents.v[k].s <= p && p < c->contents.v[k].e) return true;
    return false;
}

/* A grouping heading printed twice in a row, nothing between, the first straight after a line
 * of text with no blank line before it ("... s. 6.) Part IV - INVESTIGATION PROCEDURES" wrapped
 * by a PDF, then "PART IV"): the second is the heading (with the first's title when it has none),
 * the first stays in the text above. */
static void drop_repeated_groupings(st_ctx *c) {
    for (size_t i = 0; i < c->hdrs.n; i++) {
        st_hdr *h = &c->hdrs.v[i];
        if (h->drop || h->type != H_GROUP) continue;
        size_t j = i + 1;
        while (j < c->hdrs.n && c->hdrs.v[j].drop) j++;
        if (j >= c->hdrs.n) break;
        const st_hdr *g = &c->hdrs.v[j];
        if (g->type != H_GROUP || strcmp(g->kind, h->kind) != 0 || strcasecmp(g->number, h->number) != 0) continue;
        size_t s = h->body;
        while (s < g->start && (is_blank(c->t[s]) || c->t[s] == '\n')) s++;
        /* only a first copy that runs straight on from the text above (no blank line before it) */
        bool run_on = h->line > 0 && !c->lines.v[h->line - 1].blank;
        if (s >= g->start && run_on) {
            h->drop = 1;
            st_hdr *gg = &c->hdrs.v[j];
            if (gg->te == gg->ts && h->te > h->ts) { gg->ts = h->ts; gg->te = h->te; } /* its title */
        }
    }
}

/* Amending provisions ("... as follows:") quote provisions of another law: those whose number
 * does not continue the amending law's own numbering are marked quoted, groupings among them
 * are dropped. */
static void mark_quoted(st_ctx *c) {
    const char *t = c->t;
    st_hdr *amend = NULL;
    int amend_q = -1; /* the quoted headings of amend open with a quote (1), do not (0), none yet (-1) */
    bool in_art = false;
    for (size_t i = 0; i < c->hdrs.n; i++) {
        st_hdr *h = &c->hdrs.v[i];
        if (h->drop) continue;
        if (h->type == H_GROUP && h->dispo) { amend = NULL; continue; } /* the amending law's own dispositions */
        /* the groupings of a statute an omnibus act enacts nest, quoted, under its Artikel */
        if (h->type == H_GROUP && c->mantel && in_art && !amend) { h->quoted = 1; continue; }
        if (h->type == H_GROUP && amend) { h->drop = 1; continue; }
        if (h->type != H_PROV) continue;
        if (h->quoted) continue; /* a § of a statute an omnibus act enacts (find_headers) */
        in_art = true;
        if (amend && h->dispo == 3) amend = NULL; /* "Disposición final primera": the law's own */
        /* when the first quoted heading opens with a quote ("“Art. 140.-"), the first one without ends them */
        if (amend && amend_q < 0) amend_q = h->inquote;
        if (amend && amend_q == 1 && !h->inquote) amend = NULL;
        if (amend) {
            /* a disposition quotes articles, an article may quote dispositions: only like follows like */
            if ((amend->dispo != 0) != (h->dispo != 0)) { h->quoted = 1; continue; }
            if (successor_num(amend, h) || (amend->numv >= 0 && h->numv > amend->numv && h->numv <= amend->numv + 2 && !h->suffix[0] && h->numv < 10 && amend->numv < 10)) amend = NULL;
            else { h->quoted = 1; continue; }
        }
        if (h->inquote) { h->drop = 1; continue; } /* a quoted heading outside an amending provision: text */
        /* own text: up to the next header that is not a grouping */
        size_t j = i + 1;
        while (j < c->hdrs.n && c->hdrs.v[j].type != H_PROV) j++;
        size_t end = j < c->hdrs.n ? c->hdrs.v[j].start : c->n;
        /* own text: up to the next header of any kind */
        size_t s = h->body;
        size_t e = i + 1 < c->hdrs.n ? c->hdrs.v[i + 1].start : end;
        if (e < s) e = s;
        while (e > s && (is_blank(t[e - 1]) || t[e - 1] == '\n')) e--;
        if (e > s && t[e - 1] == ':') {
            size_t from = e > s + 400 ? e - 400 : s;
            for (const char **w = AMEND_WORDS; *w; w++)
                if (ci_contains(t, from, e, *w)) { h->amending = 1; amend = h; amend_q = -1; break; }
        }
    }
}

/* ------------------------------------------------------------ the tree */

typedef struct ev {
    size_t off;
    int type;     /* H_* */
    size_t hdr;   /* index in hdrs or (size_t)-1 */
    int lang;
    size_t ts, te;
} ev;

typedef struct sentry { int32_t node; int level; } sentry;

typedef struct tb {
    st_ctx *c;
    AMICUS_VEC(sentry) st;
} tb;

static size_t trim_end(const char *t, size_t s, size_t e) {
    while (e > s && (is_blank(t[e - 1]) || t[e - 1] == '\n')) e--;
    return e;
}

static void close_to(tb *b, int level, size_t off) {
    amicus_doc *d = b->c->doc;
    while (b->st.n > 1 && b->st.v[b->st.n - 1].level >= level) {
        amicus_node *n = &d->nodes.v[b->st.v[b->st.n - 1].node];
        size_t e = trim_end(b->c->t, n->start, off);
        if (e < n->start) e = n->start;
        /* children are closed first: a parent always ends at or after its last child (a heading
           starting in the whitespace before `off` would otherwise stick out of its parent) */
        if (n->last_child >= 0 && d->nodes.v[n->last_child].end > e) e = d->nodes.v[n->last_child].end;
        if (e < n->body_start) n->body_start = e; /* nothing after the heading */
        n->end = e;
        b->st.n--;
    }
}

static int32_t open_node(tb *b, int level, amicus_node_type type, const char *kind, size_t start, size_t body) {
    st_ctx *c = b->c;
    amicus_doc *d = c->doc;
    close_to(b, level, start);
    int32_t parent = b->st.v[b->st.n - 1].node;
    amicus_node n = {0};
    n.type = type;
    n.kind = kind;
    n.start = start;
    n.end = start;
    n.body_start = body < start ? start : body;
    n.index = (int32_t)d->nodes.n;
    n.parent = parent;
    n.first_child = n.last_child = n.next_sibling = -1;
    n.depth = (uint16_t)b->st.n;
    n.lang = d->nodes.v[parent].lang;
    n.provision = d->nodes.v[parent].provision;
    if (type == AMICUS_NODE_PROVISION) n.provision = n.index;
    if (!AMICUS_VEC_PUSH(d->nodes, n)) { c->oom = true; return -1; }
    amicus_node *p = &d->nodes.v[parent];
    if (p->last_child >= 0) d->nodes.v[p->last_child].next_sibling = n.index;
    else p->first_child = n.index;
    p->last_child = n.index;
    sentry se = {n.index, level};
    if (!AMICUS_VEC_PUSH(b->st, se)) { c->oom = true; return -1; }
    return n.index;
}

static const char *astr(st_ctx *c, const char *s, size_t n) {
    char *r = amicus__arena_strndup(&c->doc->arena, s, n);
    if (!r) c->oom = true;
    return r;
}

/* a title as a string: a line break in it (title_last_line) is one blank */
static const char *title_str(st_ctx *c, const char *s, size_t n) {
    char *r = amicus__arena_strndup(&c->doc->arena, s, n);
    if (!r) { c->oom = true; return NULL; }
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (r[i] == '\n') {
            while (o > 0 && is_blank(r[o - 1])) o--;
            r[o++] = ' ';
            while (i + 1 < n && is_blank(r[i + 1])) i++;
            continue;
        }
        r[o++] = r[i];
    }
    r[o] = 0;
    return r;
}

/* ---------------------------------------------------- paragraphs, items */

enum { T_DIGIT, T_LOWER, T_UPPER, T_LROMAN, T_UROMAN, T_DLOWER, T_DUPPER, T_ABJAD, T_ALIFBA, T_N };
enum { S_PAREN, S_HALF, S_DOT, S_DEG, S_SIGN, S_BARE, S_DASH };

typedef struct interp { int type; long v; char suf[4]; } interp;

static long roman_val(const char *s, size_t n) {
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        int c = tolower((unsigned char)s[i]);
        long a = c == 'i' ? 1 : c == 'v' ? 5 : c == 'x' ? 10 : c == 'l' ? 50 : c == 'c' ? 100 : 0;
        long nx = 0;
        if (i + 1 < n) {
            int d = tolower((unsigned char)s[i + 1]);
            nx = d == 'i' ? 1 : d == 'v' ? 5 : d == 'x' ? 10 : d == 'l' ? 50 : d == 'c' ? 100 : 0;
        }
        if (!a) return -1;
        v += a < nx ? -a : a;
    }
    return v;
}

/* the Arabic letters in the abjad order (أ ب ج د هـ و ز …) and in the alphabet order (أ ب ت ث ج …):
 * both are used to letter items; the second byte of each letter's UTF-8 (all but ه و ي start with D8) */
static const char AR_ABJAD[] = "\xa3\xa8\xac\xaf\x87\x88\xb2\xad\xb7\x8a\x83\x84\x85\x86\xb3\xb9\x81\xb5\x82\xb1\xb4\xaa\xab\xae\xb0\xb6\xb8\xba";
static const char AR_ALIFBA[] = "\xa3\xa8\xaa\xab\xac\xad\xae\xaf\xb0\xb1\xb2\xb3\xb4\xb5\xb6\xb7\xb8\xb9\xba\x81\x82\x83\x84\x85\x86\x87\x88\x8a";

/* position (1-based) of the Arabic letter at s in an order, or 0; lead byte D9 for ف ق ك ل م ن ه و ي */
static long ar_letter_pos(const char *s, const char *order) {
    unsigned char a = (unsigned char)s[0], b = (unsigned char)s[1];
    bool d9 = b >= 0x81 && b <= 0x8A;
    if ((d9 && a != 0xD9) || (!d9 && a != 0xD8)) return 0;
    const char *x = strchr(order, (char)b);
    return x && b ? (long)(x - order) + 1 : 0;
}

/* interpretations of a marker token: up to 2 (letter and roman) */
static int interpret(const char *s, size_t n, interp out[2]) {
    int k = 0;
    if (n == 0 || n > 6) return 0;
    if (ar_indic(s, 0, n) >= 0) { /* "١", "١٢": Arabic-Indic digits */
        long v = 0;
        for (size_t i = 0; i < n; i += 2) {
            int dv = ar_indic(s, i, n);
            if (dv < 0) return 0;
            v = v * 10 + dv;
        }
        out[0].type = T_DIGIT;
        out[0].v = v;
        out[0].suf[0] = 0;
        return 1;
    }
    if ((unsigned char)s[0] == 0xD8 || (unsigned char)s[0] == 0xD9) {
        /* one Arabic letter ("هـ" with its tatweel): its place in either order */
        if (n != 2 && !(n == 4 && (unsigned char)s[2] == 0xD9 && (unsigned char)s[3] == 0x80)) return 0;
        long v1 = ar_letter_pos(s, AR_ABJAD), v2 = ar_letter_pos(s, AR_ALIFBA);
        if (v1) { out[k].type = T_ABJAD; out[k].v = v1; out[k].suf[0] = 0; k++; }
        if (v2) { out[k].type = T_ALIFBA; out[k].v = v2; out[k].suf[0] = 0; k++; }
        return k;
    }
    if (isdigit((unsigned char)s[0])) {
        size_t i = 0;
        long v = 0;
        while (i < n && isdigit((unsigned char)s[i])) v = v * 10 + (s[i++] - '0');
        if (i + 2 < n || i > 3) return 0;
        /* a letter suffix inserts a number between two: "(5A)", "(5AA)" (Singapore), "(2a)", "7a."
         * (German law); lower case one letter or a doubled one ("1aa"), not "1st", "2nd" */
        bool up = true, low = n - i == 1 || (n - i == 2 && s[i] == s[i + 1]);
        for (size_t j = i; j < n; j++) {
            if (!(s[j] >= 'A' && s[j] <= 'Z')) up = false;
            if (!(s[j] >= 'a' && s[j] <= 'z')) low = false;
        }
        if (i < n && !up && !low) return 0;
        out[0].type = T_DIGIT;
        out[0].v = v;
        snprintf(out[0].suf, sizeof out[0].suf, "%.*s", (int)(n - i), s + i);
        return 1;
    }
    bool lower = true, upper = true, same = true;
    for (size_t i = 0; i < n; i++) {
        if (!(s[i] >= 'a' && s[i] <= 'z')) lower = false;
        if (!(s[i] >= 'A' && s[i] <= 'Z')) upper = false;
        if (s[i] != s[0]) same = false;
    }
    if (!lower && !upper) return 0;
    if (n == 1) { out[k].type = lower ? T_LOWER : T_UPPER; out[k].v = tolower((unsigned char)s[0]) - 'a' + 1; out[k].suf[0] = 0; k++; }
    else if (same && n <= 3) { out[k].type = lower ? T_DLOWER : T_DUPPER; out[k].v = (tolower((unsigned char)s[0]) - 'a' + 1) + 26 * (long)(n - 2); out[k].suf[0] = 0; k++; }
    long r = roman_val(s, n);
    if (r > 0) {
        bool ok = true;
        for (size_t i = 0; i < n; i++) if (!strchr("ivxlcIVXLC", s[i])) ok = false;
        if (ok) { out[k].type = lower ? T_LROMAN : T_UROMAN; out[k].v = r; out[k].suf[0] = 0; k++; }
    }
    return k;
}

static bool is_first(const interp *i) { return i->v == 1 && !i->suf[0]; }
static bool is_succ(const interp *prev, const interp *cur) {
    if (cur->v == prev->v + 1 && !cur->suf[0]) return true;
    if (cur->type == T_DIGIT && cur->v == prev->v && cur->suf[0] && strcmp(cur->suf, prev->suf) > 0) return true;
    return false;
}

typedef struct ilevel { int cls; interp cur; long hi; int32_t node; bool quoted; bool list; } ilevel;

typedef struct iparse {
    st_ctx *c;
    tb *b;
    int base_level;       /* stack level of the provision's items */
    ilevel lv[MAX_ITEM_DEPTH];
    int n;
    bool section_style;   /* acts: subsection; § codes: (a) top is a subsection */
    bool par_sign;
    bool quoted_line;     /* the line starts inside a quotation opened on a line before */
    bool qmark;           /* the line's marker follows an opening quote */
    bool qopen;           /* a quotation runs on past the end of the current line */
    bool after_blank;     /* the line follows a blank line */
    bool after_colon;     /* the last line with text before it ends with ':' */
    bool quoted_place;    /* placing a marker among the quoted levels (add_marker) */
} iparse;

/* decide where a marker goes; returns level index to place at (and pops), or -1 to reject */
static int place(iparse *ip, const interp *in, int nin, int style, bool intro, bool linestart, interp *chosen) {
    /* 1. a list introduced by ':' or a dash opens a deeper level */
    if (intro) {
        for (int k = nin - 1; k >= 0; k--) {
            int cls = in[k].type * 8 + style;
            bool exists = false;
            for (int l = 0; l < ip->n; l++) if (ip->lv[l].cls == cls) exists = true;
            if (is_first(&in[k]) && !exists) { *chosen = in[k]; return ip->n; }
        }
    }
    /* 2. successor of an open level, deepest first */
    for (int l = ip->n - 1; l >= 0; l--)
        for (int k = 0; k < nin; k++)
            if (ip->lv[l].cls == in[k].type * 8 + style && is_succ(&ip->lv[l].cur, &in[k])) { *chosen = in[k]; return l; }
    /* 3. first of a new deeper level (roman preferred for i) */
    for (int k = nin - 1; k >= 0; k--) {
        int cls = in[k].type * 8 + style;
        bool exists = false;
        for (int l = 0; l < ip->n; l++) if (ip->lv[l].cls == cls) exists = true;
        if (is_first(&in[k]) && !exists) { *chosen = in[k]; return ip->n; }
    }
    /* 4. restart of an existing level */
    for (int k = 0; k < nin; k++)
        if (is_first(&in[k]))
            for (int l = ip->n - 1; l >= 0; l--)
                if (ip->lv[l].cls == in[k].type * 8 + style) { *chosen = in[k]; return l; }
    if (!linestart) return -1;
    /* "7a." / "(2a)" insert a number after "7." / "(2)": they follow it (rule 2) or come among the
     * numbers of an open list ("(7)" … "(3a)", "(1a)": Inkrafttreten paragraphs added in turn), or
     * open a quoted list ("„7a. …“"); a line that starts with "153f." or "66b" past the numbers of
     * any open list (a wrapped citation "§§ 153c bis" / "153f.") is no item */
    bool inserted = in[0].type == T_DIGIT && in[0].suf[0] >= 'a' && in[0].suf[0] <= 'z';
    /* 5. at the start of a line: tolerate lost items */
    for (int l = ip->n - 1; l >= 0; l--)
        for (int k = 0; k < nin; k++)
            if (ip->lv[l].cls == in[k].type * 8 + style && !(inserted && in[k].v > ip->lv[l].hi + 1)) {
                *chosen = in[k];
                return l;
            }
    if (inserted && !ip->quoted_place) return -1;
    *chosen = in[0];
    return ip->n;
}

static void add_marker(iparse *ip, size_t ms, size_t me, size_t body, const char *tok, size_t tn, int style,
                       bool intro, bool linestart) {
    interp in[2];
    int nin = interpret(tok, tn, in);
    if (!nin) return;
    if (style == S_DOT && !linestart) return;
    interp ch;
    /* A quoted marker ("4. ..." that an amendment quotes: "1. Nummer 4 wird wie folgt gefasst:" /
     * "„4. beim ...“") is the quoted text's own: placed among the quoted levels open, or one level
     * under the item that quotes it, never as a sibling of the amending list. A marker at the start
     * of a line outside any quotation closes the quoted levels. */
    bool quoted = linestart && (ip->qmark || ip->quoted_line);
    int qb = ip->n;
    for (int l = 0; l < ip->n; l++)
        if (ip->lv[l].quoted) { qb = l; break; }
    /* inside a quotation, without a quote of its own, and not the next number of a quoted list:
       after a blank line (unless it opens a list the line before introduces: "... beizufügen:" /
       "1. Quittungen ..."), or as the next number of the amending list ("2°" after "1° ... ainsi
       rédigés :" / "« Il ..." / "« Il ... » ;"), the quotation has ended (its closing quote lost) */
    bool qsucc = false;
    for (int l = qb; l < ip->n && !qsucc; l++)
        for (int k = 0; k < nin; k++)
            if (ip->lv[l].cls == in[k].type * 8 + style && is_succ(&ip->lv[l].cur, &in[k])) qsucc = true;
    if (quoted && !ip->qmark && !qsucc) {
        bool first = false;
        for (int k = 0; k < nin; k++) first |= is_first(&in[k]);
        bool ended = ip->after_blank && !(first && ip->after_colon);
        for (int l = 0; l < qb && !ended; l++)
            for (int k = 0; k < nin; k++)
                if (ip->lv[l].cls == in[k].type * 8 + style && is_succ(&ip->lv[l].cur, &in[k])) ended = true;
        if (ended) quoted = ip->quoted_line = ip->qopen = false;
    }
    if (linestart && !quoted) ip->n = qb;
    int at;
    if (style == S_SIGN) at = 0; /* "§ 2" is always a paragraph of the article, whatever items came before */
    else if (quoted) {
        iparse sub = *ip;
        memcpy(sub.lv, ip->lv + qb, (size_t)(ip->n - qb) * sizeof *sub.lv);
        sub.n = ip->n - qb;
        sub.quoted_place = true;
        at = place(&sub, in, nin, style, intro, linestart, &ch);
        if (at >= 0) at += qb;
    } else at = place(ip, in, nin, style, intro, linestart, &ch);
    if (style == S_SIGN) ch = in[0];
    /* "…الأفعال الآتية:1-… 2-…": an Arabic dash list after a lead-in's colon opens a list of items
     * under what introduces it, even where the paragraphs are dash-numbered too */
    bool list = false;
    if (style == S_DASH && intro && in[0].type == T_DIGIT && is_first(&in[0])) {
        at = ip->n;
        while (at > 0 && ip->lv[at - 1].list) at--; /* a new lead-in after a list: its sibling */
        ch = in[0];
        list = true;
    } else if (at >= 0 && at < ip->n) list = ip->lv[at].list && ip->lv[at].cls == ch.type * 8 + style;
    if (at < 0) return;
    if (at >= MAX_ITEM_DEPTH) {
        if (!ip->c->depth_capped) { ip->c->depth_capped = true; ip->c->depth_cap_off = ms; }
        return;
    }
    st_ctx *c = ip->c;
    bool para = at == 0 && !list && (ch.type == T_DIGIT || (ip->par_sign && ch.type == T_LOWER));
    const char *kind = para ? (ip->section_style ? "subsection" : "paragraph") : "item";
    int32_t ni = open_node(ip->b, ip->base_level + at, para ? AMICUS_NODE_PARAGRAPH : AMICUS_NODE_ITEM, kind, ms, body);
    if (ni < 0) return;
    amicus_node *n = &c->doc->nodes.v[ni];
    if (ar_indic(tok, 0, tn) >= 0) { /* "١-": numbered 1 as the references cite it, labelled as printed */
        char nb[24];
        snprintf(nb, sizeof nb, "%ld", ch.v);
        n->number = astr(c, nb, strlen(nb));
    } else n->number = astr(c, tok, tn);
    char lab[24];
    if (style == S_PAREN) snprintf(lab, sizeof lab, "(%.*s)", (int)tn, tok);
    else if (style == S_HALF) snprintf(lab, sizeof lab, "%.*s)", (int)tn, tok);
    else if (style == S_DOT) snprintf(lab, sizeof lab, "%.*s.", (int)tn, tok);
    else if (style == S_SIGN) snprintf(lab, sizeof lab, "\xc2\xa7 %.*s", (int)tn, tok);
    else if (style == S_BARE) snprintf(lab, sizeof lab, "%.*s", (int)tn, tok);
    else if (style == S_DASH) snprintf(lab, sizeof lab, "%.*s-", (int)tn, tok);
    else snprintf(lab, sizeof lab, "%.*s\xc2\xb0", (int)tn, tok);
    n->label = astr(c, lab, strlen(lab));
    (void)me;
    /* the highest number of the list so far ("(7)" before "(3a)", "(1a)", "(4a)") */
    ip->lv[at].hi = at < ip->n && ip->lv[at].cls == ch.type * 8 + style && ip->lv[at].hi > ch.v ? ip->lv[at].hi : ch.v;
    ip->lv[at].cls = ch.type * 8 + style;
    ip->lv[at].cur = ch;
    ip->lv[at].node = ni;
    ip->lv[at].quoted = quoted || (at > 0 && ip->lv[at - 1].quoted);
    ip->lv[at].list = list;
    ip->n = at + 1;
}

/* "( a )", "(1A)", "(iv)": returns end or 0 */
static size_t paren_tok(const char *t, size_t p, size_t e, size_t *ts, size_t *tn) {
    if (p >= e || t[p] != '(') return 0;
    size_t q = skip_blanks(t, p + 1, e);
    size_t s = q;
    while (q < e && isalnum((unsigned char)t[q]) && q - s <= 6) q++;
    /* one Arabic letter, "هـ" with its tatweel */
    if (q == s && q + 1 < e && ((unsigned char)t[q] == 0xD8 || (unsigned char)t[q] == 0xD9) && (unsigned char)t[q + 1] >= 0x80) {
        q += 2;
        if (q + 1 < e && (unsigned char)t[q] == 0xD9 && (unsigned char)t[q + 1] == 0x80) q += 2;
    }
    if (q == s || q - s > 6) return 0;
    size_t r = skip_blanks(t, q, e);
    if (r >= e || t[r] != ')') return 0;
    *ts = s;
    *tn = q - s;
    return r + 1;
}

/* is there a definition ("x" means) right after p? used to close items before a new definition */
static bool def_ahead(const char *t, size_t p, size_t e) {
    size_t ql, cl;
    p = skip_blanks(t, p, e);
    if (!amicus__st_quote_open(t, p, e, &ql)) return false;
    size_t q = p + ql;
    size_t lim = q + 100 < e ? q + 100 : e;
    while (q < lim && !amicus__st_quote_close(t, q, e, &cl)) q++;
    if (q >= lim) return false;
    q = skip_blanks(t, q + cl, e);
    static const char *verbs[] = {"means", "includes", "shall mean", "refers to", "has the meaning", NULL};
    for (const char **v = verbs; *v; v++)
        if (q + strlen(*v) <= e && strncmp(t + q, *v, strlen(*v)) == 0) return true;
    return false;
}

static bool word_before(const char *t, size_t s, size_t p, const char *w) {
    size_t l = strlen(w);
    if (p < s + l) return false;
    if (strncasecmp(t + p - l, w, l) != 0) return false;
    return p - l == s || !is_alpha((unsigned char)t[p - l - 1]);
}

static bool word_at(const char *t, size_t p, size_t e, const char *w) {
    size_t l = strlen(w);
    return p + l <= e && strncmp(t + p, w, l) == 0 && (p + l == e || !is_alpha((unsigned char)t[p + l]));
}

/* an Arabic paragraph marker "1- يعاقب", "2 - ...", "3-وتكون" (the blank lost in extraction): digits,
 * a hyphen and an Arabic letter; returns the body's start or 0 */
static size_t ar_dash_marker(const char *t, size_t p, size_t e, size_t *de) {
    size_t q = p;
    if (ar_indic(t, q, e) >= 0) { /* "١- يعاقب" */
        while (ar_indic(t, q, e) >= 0 && q - p < 6) q += 2;
        if (ar_indic(t, q, e) >= 0) return 0;
    }
    while (q < e && isdigit((unsigned char)t[q]) && q - p < 3) q++;
    if (q == p || (q < e && isdigit((unsigned char)t[q]))) return 0;
    *de = q;
    q = skip_blanks(t, q, e);
    if (q >= e || t[q] != '-') return 0;
    q = skip_blanks(t, q + 1, e);
    if (q + 1 >= e || (unsigned char)t[q] < 0xD8 || (unsigned char)t[q] > 0xDB) return 0;
    return q;
}

/* Does the colon at p end a lead-in that introduces a list? Not an Arabic amendment formula
 * ("وأصبح على الوجه التالي:" "and it became as follows:", "يستبدل بنص المادة (5) النص الآتي:"): what
 * follows it is a provision's new text, whose numbers are its paragraphs. The lead-in is the
 * sentence before the colon (at most 400 bytes). */
static bool ar_leadin(const char *t, size_t s, size_t p) {
    static const char *AMEND[] = {"\xd8\xa3\xd8\xb5\xd8\xa8\xd8\xad",                 /* أصبح */
                                  "\xd9\x8a\xd8\xb3\xd8\xaa\xd8\xa8\xd8\xaf\xd9\x84", /* يستبدل */
                                  "\xd8\xaa\xd8\xb3\xd8\xaa\xd8\xa8\xd8\xaf\xd9\x84", /* تستبدل */
                                  "\xd9\x86\xd8\xb5\xd9\x87\xd8\xa7",                 /* نصها */
                                  NULL};
    size_t a = p;
    while (a > s && p - a < 400 && t[a - 1] != '.' && t[a - 1] != '\n') a--;
    for (const char **w = AMEND; *w; w++) {
        size_t l = strlen(*w);
        for (size_t q = a; q + l <= p; q++)
            if (memcmp(t + q, *w, l) == 0) return false;
    }
    return true;
}

static void parse_items(st_ctx *c, tb *b, int32_t prov, size_t s, size_t e, int base_level) {
    const char *t = c->t;
    iparse ip;
    memset(&ip, 0, sizeof ip);
    ip.c = c;
    ip.b = b;
    ip.base_level = base_level;
    const amicus_node *pn = &c->doc->nodes.v[prov];
    ip.section_style = pn->kind && strcmp(pn->kind, "article") != 0;
    ip.par_sign = pn->label && strncmp(pn->label, "\xc2\xa7", 2) == 0;
    size_t p = s;
    bool linestart = p == 0 || t[p - 1] == '\n';
    size_t last_marker_end = (size_t)-1;
    size_t counted = (size_t)-1;      /* the line whose quotes were counted */
    while (p < e && !c->oom) {
        if (linestart) {
            size_t ls = p;
            while (ls > s && t[ls - 1] != '\n') ls--;
            if (ls != counted) {
                /* A quote at the start of a line opens a quotation (or carries one on: "« Il ..." /
                 * "« Il ... » ;" quote each paragraph), the others open and close in pairs; a
                 * quotation runs on to the next line when the last one is left open. A quote left
                 * open inside a line that started outside any quotation opens none. */
                counted = ls;
                ip.quoted_line = ip.qopen;
                size_t pb = ls > s ? ls - 1 : ls; /* the line before: blank? */
                while (pb > s && is_blank(t[pb - 1])) pb--;
                ip.after_blank = ls > s && pb > s && t[pb - 1] == '\n';
                while (pb > s && (is_blank(t[pb - 1]) || t[pb - 1] == '\n')) pb--;
                ip.after_colon = pb > s && t[pb - 1] == ':';
                ip.qmark = false;
                size_t x = skip_blanks(t, ls, e), ql0;
                bool d = ip.qopen, lead = amicus__st_quote_open(t, x, e, &ql0) && t[x] != '\'';
                if (lead) { d = true; x += ql0; }
                for (; x < e && t[x] != '\n'; x++)
                    if (t[x] == '"' || ((unsigned char)t[x] == 0xC2 && x + 1 < e && ((unsigned char)t[x + 1] == 0xAB || (unsigned char)t[x + 1] == 0xBB))) d = !d;
                ip.qopen = d && (lead || ip.qopen);
            }
            size_t q = skip_blanks(t, p, e);
            while (q < e && t[q] == '#') q++;
            q = skip_blanks(t, q, e);
            /* a Markdown bullet before the marker: "- a. …" */
            if (q + 2 < e && (t[q] == '-' || t[q] == '*' || t[q] == '+') && t[q + 1] == ' ' &&
                isalnum((unsigned char)t[skip_blanks(t, q + 1, e)]))
                q = skip_blanks(t, q + 1, e);
            size_t ts, tn, me, ql;
            linestart = false;
            /* a list marker right after an opening quote: "„4. beim ...", "“(3) A person ..." */
            size_t q0 = q;
            bool qmark = amicus__st_quote_open(t, q, e, &ql) && q + ql < e && (t[q + ql] == '(' || isalnum((unsigned char)t[q + ql]));
            if (qmark) {
                q += ql;
                ip.qmark = true;
            }
            if ((me = paren_tok(t, q, e, &ts, &tn))) {
                add_marker(&ip, q, me, skip_blanks(t, me, e), t + ts, tn, S_PAREN, false, true);
                last_marker_end = me;
                p = me;
                continue;
            }
            /* "§ 1º" paragraphs of an article (Brazil) */
            if (!qmark && !ip.par_sign && q + 3 < e && (unsigned char)t[q] == 0xC2 && (unsigned char)t[q + 1] == 0xA7) {
                size_t r = skip_blanks(t, q + 2, e), ds = r;
                while (r < e && isdigit((unsigned char)t[r]) && r - ds < 4) r++;
                if (r > ds) {
                    size_t me2 = r;
                    if (me2 + 1 < e && (unsigned char)t[me2] == 0xC2 && ((unsigned char)t[me2 + 1] == 0xBA || (unsigned char)t[me2 + 1] == 0xB0)) me2 += 2;
                    if (me2 < e && t[me2] == '.') me2++;
                    add_marker(&ip, q, me2, skip_blanks(t, me2, e), t + ds, r - ds, S_SIGN, false, true);
                    last_marker_end = me2;
                    p = me2;
                    continue;
                }
            }
            /* Swiss Fedlex paragraphs "<sup>1</sup> Jede Vertragspartei …": the superscript's digits, a blank
             * and a capital at the start of a line that starts a sentence; 1 opens them in a provision
             * with no list yet, then each must follow the previous one */
            {
                size_t r0 = q;
                while (r0 < e && isdigit((unsigned char)t[r0]) && r0 - q < 3) r0++;
                /* "<sup>1</sup> a. Dieser Artikel …": a paragraph whose first item starts on its line */
                bool item_next = r0 + 2 < e && t[r0] == ' ' && t[r0 + 1] >= 'a' && t[r0 + 1] <= 'z' && t[r0 + 2] == '.' &&
                                 r0 + 3 < e && t[r0 + 3] == ' ';
                if (!qmark && r0 > q && r0 + 1 < e && t[r0] == ' ' && (is_up((unsigned char)t[r0 + 1]) || item_next)) {
                    long v = strtol(t + q, NULL, 10);
                    bool seq = v == 1 ? ip.n == 0
                                      : ip.n > 0 && ip.lv[0].cls == T_DIGIT * 8 + S_BARE && ip.lv[0].cur.v == v - 1;
                    size_t b = p; /* the line's start: before a bullet or '#' */
                    while (b > s && (is_blank(t[b - 1]) || t[b - 1] == '\n')) b--;
                    size_t nls = 0;
                    for (size_t x = b; x < p; x++) nls += t[x] == '\n';
                    bool sentence = b == s || nls >= 2 || t[b - 1] == '.' || t[b - 1] == ':' || t[b - 1] == ';';
                    if (sentence && nls < 2 && b > s && t[b - 1] == '.') {
                        /* not after an abbreviation wrapped at the line end ("§ 68 Abs.\n1 Nr. 2") */
                        size_t w = b - 1;
                        while (w > s && is_alpha((unsigned char)t[w - 1])) w--;
                        if (b - 1 - w <= 4 && w < b - 1 && is_up((unsigned char)t[w])) sentence = false;
                    }
                    /* the next word is a word, not an abbreviation ("1 Nr. 2") */
                    size_t w2 = r0 + 1;
                    while (w2 < e && is_alpha((unsigned char)t[w2])) w2++;
                    if (!item_next && (w2 - (r0 + 1) < 2 || (w2 < e && t[w2] == '.'))) sentence = false;
                    if (seq && sentence) {
                        add_marker(&ip, q, r0, r0 + 1, t + q, r0 - q, S_BARE, false, true);
                        last_marker_end = r0;
                        p = r0 + 1;
                        linestart = item_next; /* the item marker is read as at a line start */
                        continue;
                    }
                }
            }
            /* Brazil's incisos "I - dado pessoal: ...", "IV – a abertura ...": an upper-case roman
             * numeral, a blank, a dash, a blank */
            if (!qmark) {
                size_t r = q, dl;
                while (r < e && strchr("IVXLC", t[r]) && t[r] && r - q < 7) r++;
                size_t x = skip_blanks(t, r, e);
                if (r > q && x > r && amicus__st_is_dash(t, x, e, &dl) && x + dl < e && is_blank(t[x + dl])) {
                    size_t body = skip_blanks(t, x + dl, e);
                    add_marker(&ip, q, x + dl, body, t + q, r - q, S_DOT, false, true); /* as "I." */
                    last_marker_end = x + dl;
                    p = body;
                    continue;
                }
            }
            /* "1- يعاقب" */
            {
                size_t de, body = ar_dash_marker(t, q, e, &de);
                if (body) {
                    size_t pb = q;
                    while (pb > s && (is_blank(t[pb - 1]) || t[pb - 1] == '\n')) pb--;
                    bool intro = ip.after_colon && ar_leadin(t, s, pb - 1);
                    add_marker(&ip, q, body, body, t + q, de - q, S_DASH, intro, true);
                    last_marker_end = body;
                    p = body;
                    continue;
                }
            }
            /* "a)", "1.", "a.", "iv.", "1°" */
            size_t r = q;
            while (r < e && isalnum((unsigned char)t[r]) && r - q <= 6) r++;
            if (r > q && r < e) {
                size_t n = r - q;
                if (t[r] == ')' && !isdigit((unsigned char)t[q]) && n <= 4) {
                    add_marker(&ip, q, r + 1, skip_blanks(t, r + 1, e), t + q, n, S_HALF, false, true);
                    last_marker_end = r + 1;
                    p = r + 1;
                    continue;
                }
                if (t[r] == ')' && isdigit((unsigned char)t[q])) {
                    add_marker(&ip, q, r + 1, skip_blanks(t, r + 1, e), t + q, n, S_HALF, false, true);
                    last_marker_end = r + 1;
                    p = r + 1;
                    continue;
                }
                /* "71." alone on its line where no list is open: a stray number (a heading the
                 * header pass did not take), not a list that starts at 71 */
                bool stray = ip.n == 0 && isdigit((unsigned char)t[q]) && strtol(t + q, NULL, 10) > 1 &&
                             skip_blanks(t, r + 1, e) < e && t[skip_blanks(t, r + 1, e)] == '\n';
                if (t[r] == '.' && (r + 1 >= e || is_blank(t[r + 1]) || t[r + 1] == '\n') &&
                    (isdigit((unsigned char)t[q]) || n <= 4) && !stray) {
                    add_marker(&ip, q, r + 1, skip_blanks(t, r + 1, e), t + q, n, S_DOT, false, true);
                    last_marker_end = r + 1;
                    p = r + 1;
                    continue;
                }
                if (r + 1 < e && (unsigned char)t[r] == 0xC2 && (unsigned char)t[r + 1] == 0xB0 && isdigit((unsigned char)t[q])) {
                    add_marker(&ip, q, r + 2, skip_blanks(t, r + 2, e), t + q, n, S_DEG, false, true);
                    last_marker_end = r + 2;
                    p = r + 2;
                    continue;
                }
            }
            p = q0;
            continue;
        }
        char ch = t[p];
        if (ch == '\n') { linestart = true; p++; continue; }
        if (ch == ';' && ip.n > 0 && def_ahead(t, p + 1, e)) {
            /* a new definition closes the items of the previous one */
            int keep = ip.n > 0 && (ip.lv[0].cls / 8) == T_DIGIT ? 1 : 0;
            close_to(b, base_level + keep, p + 1);
            ip.n = keep;
            p++;
            continue;
        }
        if ((isdigit((unsigned char)ch) && p > s && !isdigit((unsigned char)t[p - 1])) ||
            (ar_indic(t, p, e) >= 0 && p > s && !(p >= s + 2 && ar_indic(t, p - 2, e) >= 0))) {
            /* "…معلومات.2-وتكون", "…الآتية:1-صنع", a heading glued to its first paragraph "…الإلكتروني1-يعاقب":
             * after a full stop, a colon or an Arabic semicolon, or straight after an Arabic letter */
            size_t de, body = ar_dash_marker(t, p, e, &de);
            if (body) {
                size_t q = p;
                while (q > s && is_blank(t[q - 1])) q--;
                unsigned char pc = (unsigned char)t[q - 1];
                bool after_stop = (pc == '.' || pc == ':') && !(q - 1 > s && isdigit((unsigned char)t[q - 2]));
                bool arabic_semi = q - 1 > s && (unsigned char)t[q - 2] == 0xD8 && pc == 0x9B; /* ؛ */
                bool comma = q - 1 > s && (unsigned char)t[q - 2] == 0xD8 && pc == 0x8C; /* ، */
                bool glued = q == p && q - 1 > s && (unsigned char)t[q - 2] >= 0xD8 && (unsigned char)t[q - 2] <= 0xDB &&
                             pc >= 0x80 && pc < 0xC0 && !arabic_semi && !comma;
                if (after_stop || arabic_semi || glued) {
                    bool intro = pc == ':' && ar_leadin(t, s, q - 1);
                    add_marker(&ip, p, body, body, t + p, de - p, S_DASH, intro, false);
                    last_marker_end = body;
                }
                p = de;
                continue;
            }
        }
        if (ch != '(') { p++; continue; }
        size_t ts, tn, me;
        if (!(me = paren_tok(t, p, e, &ts, &tn))) { p++; continue; }
        /* context before the marker */
        bool ok = false, intro = false;
        if (last_marker_end == p) ok = true; /* chained: (5)(A) */
        else {
            size_t q = p, dl;
            while (q > s && is_blank(t[q - 1])) q--;
            if (q == s) ok = true;
            else {
                char pc = t[q - 1];
                if (pc == ':') ok = intro = true;
                else if (pc == ';' || pc == '.' || pc == ']') ok = true;
                else if (pc == '-' || (q >= s + 3 && amicus__st_is_dash(t, q - 3, q, &dl) && dl == 3)) {
                    /* a dash, but not a hyphenated word */
                    ok = intro = true;
                } else if (word_before(t, s, q, "and") || word_before(t, s, q, "or")) {
                    size_t w = q - (word_before(t, s, q, "and") ? 3 : 2);
                    while (w > s && is_blank(t[w - 1])) w--;
                    ok = w > s && (t[w - 1] == ';' || t[w - 1] == ',');
                }
            }
        }
        if (ok && last_marker_end != p) {
            /* "(a)(2), (a)(3) or (a)(6) of this section": a citation, not a list */
            size_t x = me, ts2, tn2, m2;
            while ((m2 = paren_tok(t, x, e, &ts2, &tn2))) x = m2;
            x = skip_blanks(t, x, e);
            if (x >= e || t[x] == ',' || t[x] == ';' || t[x] == ')' || t[x] == '.' || t[x] == '\n') ok = false;
            else if (word_at(t, x, e, "of")) ok = false;
            else {
                /* "(1) and (3)", "(a) to (c)": a list of citations */
                static const char *conj[] = {"and", "or", "to", "through", NULL};
                for (const char **w = conj; *w; w++)
                    if (word_at(t, x, e, *w)) {
                        size_t y = skip_blanks(t, x + strlen(*w), e);
                        if (y < e && t[y] == '(') ok = false;
                    }
            }
        }
        if (ok) {
            add_marker(&ip, p, me, skip_blanks(t, me, e), t + ts, tn, S_PAREN, intro, false);
            last_marker_end = me;
        }
        p = me;
    }
}

/* recitals "(1)" … "(173)" at the start of lines of a preamble */
static void parse_recitals(st_ctx *c, tb *b, size_t s, size_t e, int level) {
    const char *t = c->t;
    long expect = 1;
    size_t p = s;
    int32_t pre = b->st.v[b->st.n - 1].node;
    while (p < e && !c->oom) {
        size_t q = skip_blanks(t, p, e);
        size_t ts, tn, me;
        if ((me = paren_tok(t, q, e, &ts, &tn)) && isdigit((unsigned char)t[ts])) {
            long v = strtol(t + ts, NULL, 10);
            if (v == expect) {
                int32_t ni = open_node(b, level, AMICUS_NODE_PARAGRAPH, "recital", q, skip_blanks(t, me, e));
                if (ni < 0) return;
                c->doc->nodes.v[ni].number = astr(c, t + ts, tn);
                char lab[24];
                snprintf(lab, sizeof lab, "(%.*s)", (int)tn, t + ts);
                c->doc->nodes.v[ni].label = astr(c, lab, strlen(lab));
                expect++;
            }
        }
        while (p < e && t[p] != '\n') p++;
        p++;
    }
    if (expect >= 4) c->doc->nodes.v[pre].kind = "recitals";
}

static int cmp_ev(const void *a, const void *b) {
    const ev *x = a, *y = b;
    if (x->off != y->off) return x->off < y->off ? -1 : 1;
    if (x->type != y->type) return x->type == H_LANG ? -1 : y->type == H_LANG ? 1 : x->type == H_INSTR ? -1 : y->type == H_INSTR ? 1 : 0;
    return x->hdr < y->hdr ? -1 : x->hdr > y->hdr ? 1 : 0;
}

/* language per provision, language-part boundaries, instrument boundaries */
typedef struct parts {
    AMICUS_VEC(ev) ev;
    int first_lang;
} parts;

static int line_of_off(st_ctx *c, size_t off) {
    size_t lo = 0, hi = c->lines.n;
    while (hi - lo > 1) {
        size_t m = (lo + hi) / 2;
        if (c->lines.v[m].s <= off) lo = m; else hi = m;
    }
    return (int)lo;
}

static bool find_parts(st_ctx *c, parts *P) {
    const char *t = c->t;
    amicus_doc *d = c->doc;
    size_t np = 0;
    for (size_t i = 0; i < c->hdrs.n; i++) if (c->hdrs.v[i].type == H_PROV) np++;
    /* language of each provision's own text */
    lcount tot = {{0}};
    for (size_t i = 0; i < c->hdrs.n; i++) {
        st_hdr *h = &c->hdrs.v[i];
        if (h->type != H_PROV) continue;
        size_t e = i + 1 < c->hdrs.n ? c->hdrs.v[i + 1].start : c->n;
        if (e > h->start + 3000) e = h->start + 3000;
        lcount lc = {{0}};
        lang_count(t, h->start, e, &lc);
        h->lang = lang_pick(&lc, 3);
        for (int l = 0; l < NLANG; l++) tot.v[l] += lc.v[l];
    }
    int forced = d->lang_forced ? lang_of_code(d->lang_forced) : -1;
    int doclang = lang_pick(&tot, 3);
    if (np == 0) {
        lcount lc = {{0}};
        lang_count(t, 0, c->n < 20000 ? c->n : 20000, &lc);
        doclang = lang_pick(&lc, 3);
    }
    /* first part's language: majority of the first decided provisions */
    int cur = -1;
    {
        int votes[NLANG] = {0}, seen = 0;
        for (size_t i = 0; i < c->hdrs.n && seen < 5; i++)
            if (c->hdrs.v[i].type == H_PROV && c->hdrs.v[i].lang >= 0 && !c->hdrs.v[i].quoted) { votes[c->hdrs.v[i].lang]++; seen++; }
        int bv = 0;
        for (int l = 0; l < NLANG; l++) if (votes[l] > bv) { bv = votes[l]; cur = l; }
        if (cur < 0) cur = doclang;
    }
    P->first_lang = forced >= 0 ? forced : cur;
    if (d->lang_forced) return true;
    /* boundaries where the language changes for good (3 provisions in a row, or to the end) */
    size_t *pv = amicus__malloc((np ? np : 1) * sizeof *pv);
    if (!pv) return false;
    size_t k = 0;
    for (size_t i = 0; i < c->hdrs.n; i++) if (c->hdrs.v[i].type == H_PROV && !c->hdrs.v[i].quoted) pv[k++] = i;
    np = k;
    size_t prev_prov = (size_t)-1;
    for (size_t a = 0; a < np; a++) {
        st_hdr *h = &c->hdrs.v[pv[a]];
        if (h->lang < 0 || h->lang == cur || cur < 0) { if (h->lang == cur) prev_prov = pv[a]; continue; }
        int L = h->lang, agree = 1, disagree = 0;
        for (size_t b = a + 1; b < np && agree < 3; b++) {
            int l2 = c->hdrs.v[pv[b]].lang;
            if (l2 == L) agree++;
            else if (l2 >= 0) { disagree++; break; }
        }
        if (disagree || (agree < 3 && np - a > 3 && agree < 2)) continue;
        /* walk back from this provision over lines not clearly in the old language */
        int li = (int)h->line;
        int stop = prev_prov != (size_t)-1 ? (int)c->hdrs.v[prev_prov].line : -1;
        /* do not go back into the previous provision's heading lines */
        if (prev_prov != (size_t)-1) stop = line_of_off(c, c->hdrs.v[prev_prov].body);
        int first = li;
        for (int x = li - 1; x > stop; x--) {
            st_line *Lx = &c->lines.v[x];
            if (Lx->blank) continue;
            lcount lc = {{0}};
            lang_count(t, Lx->cs, Lx->ce, &lc);
            if (lc.v[cur] >= 2 && lc.v[cur] > lc.v[L]) break;
            first = x;
        }
        ev e0 = {c->lines.v[first].cs, H_LANG, (size_t)-1, L, 0, 0};
        if (!AMICUS_VEC_PUSH(P->ev, e0)) { amicus__free(pv); return false; }
        cur = L;
        prev_prov = pv[a];
    }
    amicus__free(pv);
    return true;
}

/* where an instrument (a protocol after its convention) begins: numbering restarts at 1 */
static bool find_instruments(st_ctx *c, parts *P) {
    size_t bi = 0; /* next language boundary */
    long maxv = 0;
    size_t prev_prov = (size_t)-1;
    for (size_t i = 0; i < c->hdrs.n; i++) {
        st_hdr *h = &c->hdrs.v[i];
        while (bi < P->ev.n && P->ev.v[bi].off <= h->start) { bi++; maxv = 0; prev_prov = (size_t)-1; }
        if (h->type != H_PROV || h->quoted || h->dispo) continue;
        if (h->numv == 1 && !h->suffix[0] && maxv > 1) {
            /* first standalone heading between the previous provision's body and this one */
            size_t from = prev_prov != (size_t)-1 ? c->hdrs.v[prev_prov].body : 0;
            size_t at = h->start, ts = 0, te = 0;
            (void)at;
            bool found = false;
            for (size_t j = prev_prov != (size_t)-1 ? prev_prov + 1 : 0; j < i; j++) {
                st_hdr *g = &c->hdrs.v[j];
                if (g->start < from) continue;
                if (g->type == H_HEAD) { at = g->start; ts = g->ts; te = g->te; found = true; break; }
            }
            /* without a heading of its own this is a quoted or misplaced provision, not an instrument */
            if (!found) { if (h->numv > maxv) maxv = h->numv; prev_prov = i; continue; }
            ev e0 = {at, H_INSTR, (size_t)-1, -1, ts, te};
            if (!AMICUS_VEC_PUSH(P->ev, e0)) return false;
            maxv = 0;
        }
        if (h->numv > maxv) maxv = h->numv;
        prev_prov = i;
    }
    return true;
}

static bool has_content(const char *t, size_t s, size_t e) {
    for (size_t i = s; i < e; i++)
        if (!is_blank(t[i]) && t[i] != '\n') return true;
    return false;
}

static size_t first_content(const char *t, size_t s, size_t e) {
    while (s < e && (is_blank(t[s]) || t[s] == '\n')) s++;
    return s;
}

/* quoted groupings (LV_QGROUP + rank, a statute an omnibus act enacts) sit between a provision and
 * the provisions quoted in it */
enum { LV_LANG = 1, LV_INSTR = 2, LV_GROUP = 10, LV_PREAMBLE = 30, LV_PROV = 40, LV_QGROUP = 41, LV_QUOTED = 48, LV_ITEM = 50 };

static bool build_tree(st_ctx *c, parts *P) {
    amicus_doc *d = c->doc;
    const char *t = c->t;
    /* events: headers + language parts + instruments */
    for (size_t i = 0; i < c->hdrs.n; i++) {
        st_hdr *h = &c->hdrs.v[i];
        if (h->type == H_HEAD || h->drop) continue;
        ev e0 = {h->start, h->type, i, -1, 0, 0};
        if (!AMICUS_VEC_PUSH(P->ev, e0)) return false;
    }
    if (P->ev.n > 1) qsort(P->ev.v, P->ev.n, sizeof *P->ev.v, cmp_ev);
    bool multi = false;
    for (size_t i = 0; i < P->ev.n; i++) if (P->ev.v[i].type == H_LANG) multi = true;
    const char *lang0 = P->first_lang >= 0 ? LANGS[P->first_lang] : "und";
    if (d->lang_forced) lang0 = d->lang_forced;

    amicus_node root = {0};
    root.type = AMICUS_NODE_DOCUMENT;
    root.kind = "document";
    root.lang = multi ? "mul" : lang0;
    root.title = d->title;
    root.start = 0;
    root.end = c->n;
    root.parent = root.first_child = root.last_child = root.next_sibling = -1;
    root.provision = -1;
    if (!AMICUS_VEC_PUSH(d->nodes, root)) return false;
    tb b = {0};
    b.c = c;
    sentry se = {0, 0};
    if (!AMICUS_VEC_PUSH(b.st, se)) return false;

    /* group ranks: first seen is outermost, per language part */
    const char *rank_kind[15];
    int nrank = 0;
    const char *qrank_kind[LV_QUOTED - LV_QGROUP];
    int nqrank = 0;
    size_t pending = 0; /* where text not yet in a node starts (for a preamble) */
    if (multi) {
        int32_t lp = open_node(&b, LV_LANG, AMICUS_NODE_LANGPART, "langpart", first_content(t, 0, c->n), first_content(t, 0, c->n));
        if (lp < 0) return false;
        d->nodes.v[lp].lang = lang0;
        d->nodes.v[lp].number = lang0;
        d->nodes.v[lp].label = astr(c, lang0, strlen(lang0));
        pending = d->nodes.v[lp].start;
    }
    int32_t cur_prov = -1;
    bool in_dispo = false; /* a dispositions grouping is open */
    for (size_t i = 0; i <= P->ev.n && !c->oom; i++) {
        size_t off = i < P->ev.n ? P->ev.v[i].off : c->n;
        const ev *E = i < P->ev.n ? &P->ev.v[i] : NULL;
        /* text before the first node of a container: preamble */
        if (pending != (size_t)-1) {
            if (has_content(t, pending, off)) {
                size_t ps = first_content(t, pending, off);
                int32_t pn = open_node(&b, LV_PREAMBLE, AMICUS_NODE_PREAMBLE, "preamble", ps, ps);
                if (pn < 0) return false;
                parse_recitals(c, &b, ps, off, LV_PREAMBLE + 1);
                close_to(&b, LV_PREAMBLE, off);
            }
            pending = (size_t)-1;
        }
        if (!E) break;
        if (E->type == H_LANG) {
            int32_t lp = open_node(&b, LV_LANG, AMICUS_NODE_LANGPART, "langpart", off, off);
            if (lp < 0) return false;
            const char *code = E->lang >= 0 ? LANGS[E->lang] : "und";
            d->nodes.v[lp].lang = code;
            d->nodes.v[lp].number = code;
            d->nodes.v[lp].label = astr(c, code, strlen(code));
            nrank = 0;
            pending = off;
            cur_prov = -1;
            amicus_location loc;
            amicus_doc_locate(d, off, &loc);
            amicus__doc_health(d, "language-part", off, lp, "a %s language version starts at line %lu", code, loc.line);
            continue;
        }
        if (E->type == H_INSTR) {
            int32_t in = open_node(&b, LV_INSTR, AMICUS_NODE_GROUP, "instrument", off, off);
            if (in < 0) return false;
            if (E->te > E->ts) {
                d->nodes.v[in].title = title_str(c, t + E->ts, E->te - E->ts);
                d->nodes.v[in].body_start = c->lines.v[line_of_off(c, off)].e;
            }
            nrank = 0;
            pending = d->nodes.v[in].body_start;
            cur_prov = -1;
            continue;
        }
        st_hdr *h = &c->hdrs.v[E->hdr];
        if (h->type == H_GROUP) {
            bool q = h->quoted && cur_prov >= 0;
            int r = -1, level;
            if (q) { /* ranks of quoted groupings: first seen outermost, per enclosing provision */
                for (int k = 0; k < nqrank && r < 0; k++) if (strcmp(qrank_kind[k], h->kind) == 0) r = k;
                if (r < 0 && nqrank < LV_QUOTED - LV_QGROUP) { qrank_kind[nqrank] = h->kind; r = nqrank++; }
                if (r < 0) r = LV_QUOTED - LV_QGROUP - 1;
                level = LV_QGROUP + r;
            } else { /* a book is always outermost; the other kinds nest in the order first seen */
                if (strcmp(h->kind, "book") == 0 || h->dispo) r = 0; /* dispositions come after all books */
                /* Arabic drafting ranks الباب > الفصل > الفرع: a الباب is outermost like a book */
                if ((unsigned char)h->label[0] >= 0xD8 && strcmp(h->kind, "part") == 0) r = 0;
                /* a grouping after dispositions (a contents list named them) is not inside them */
                if (!h->dispo && in_dispo) close_to(&b, LV_GROUP, h->start);
                in_dispo = h->dispo != 0;
                for (int k = 0; k < nrank && r < 0; k++) if (strcmp(rank_kind[k], h->kind) == 0) r = k + 1;
                if (r < 0 && nrank < 15) { rank_kind[nrank] = h->kind; r = ++nrank; }
                if (r < 0) r = 16;
                level = LV_GROUP + r;
            }
            int32_t g = open_node(&b, level, AMICUS_NODE_GROUP, h->kind, h->start, h->body);
            if (g < 0) return false;
            amicus_node *n = &d->nodes.v[g];
            n->number = h->number[0] ? astr(c, h->number, strlen(h->number)) : NULL;
            n->label = astr(c, h->label, strlen(h->label));
            if (h->te > h->ts) n->title = title_str(c, t + h->ts, h->te - h->ts);
            h->node = g;
            if (q) n->flags |= AMICUS_NODE_F_QUOTED;
            else cur_prov = -1;
            continue;
        }
        /* provision */
        int level = h->quoted && cur_prov >= 0 ? LV_QUOTED : LV_PROV;
        int32_t pn = open_node(&b, level, AMICUS_NODE_PROVISION, h->kind, h->start, h->body);
        if (pn < 0) return false;
        amicus_node *n = &d->nodes.v[pn];
        n->number = astr(c, h->number, strlen(h->number));
        n->label = astr(c, h->label, strlen(h->label));
        if (h->te > h->ts) n->title = title_str(c, t + h->ts, h->te - h->ts);
        if (h->quoted && level == LV_QUOTED) n->flags |= AMICUS_NODE_F_QUOTED;
        h->node = pn;
        if (level == LV_PROV) { cur_prov = pn; nqrank = 0; }
        size_t own_end = i + 1 < P->ev.n ? P->ev.v[i + 1].off : c->n;
        /* its text around the contents lists it holds */
        size_t from = h->body;
        for (size_t k = 0; k < c->contents.n && from < own_end; k++) {
            const st_span *sp = &c->contents.v[k];
            if (sp->e <= from || sp->s >= own_end) continue;
            if (sp->s > from) parse_items(c, &b, pn, from, sp->s, LV_ITEM);
            from = sp->e;
        }
        if (own_end > from) parse_items(c, &b, pn, from, own_end, LV_ITEM);
    }
    close_to(&b, 1, c->n);
    d->nodes.v[0].end = c->n;
    AMICUS_VEC_FREE(b.st);
    return !c->oom;
}

/* ------------------------------------------------------------- finishing */

/* A list's closing words ("(C) ... extortion;\n\nshall be punished as provided in subsection (c)
 * of this section.", 18 U.S.C. § 1030(a)) complete the sentence of the chapeau that opened the
 * list, not the last item: they become the parent's own text after its children (Akoma Ntoso's
 * wrapUp). They are looked for in a childless last item or paragraph: after ';' or ',' (and an
 * optional "or" / "and"), a blank line, then a line starting with a lower-case letter. They go
 * to the highest ancestor reached through last children whose lead-in ends open ('-' for the
 * dashes, ':' or ','); without such an ancestor nothing moves. */
static bool leadin_open(st_ctx *c, const amicus_node *p) {
    size_t e = p->first_child >= 0 ? c->doc->nodes.v[p->first_child].start : p->end;
    e = trim_end(c->t, p->start, e);
    if (e <= p->start) return false;
    char ch = c->t[e - 1];
    return ch == '-' || ch == ':' || ch == ',';
}

static size_t wrap_start(st_ctx *c, const amicus_node *n) {
    const char *t = c->t;
    size_t end = n->end;
    for (size_t i = n->body_start; i < end; i++) {
        if (t[i] != ';' && t[i] != ',') continue;
        size_t j = i + 1, k = skip_blanks(t, j, end);
        if (k + 2 <= end && !strncmp(t + k, "or", 2) && (k + 2 == end || !is_alpha((unsigned char)t[k + 2]))) j = k + 2;
        else if (k + 3 <= end && !strncmp(t + k, "and", 3) && (k + 3 == end || !is_alpha((unsigned char)t[k + 3]))) j = k + 3;
        int nl = 0;
        size_t q = j;
        while (q < end && (is_blank(t[q]) || t[q] == '\n')) {
            if (t[q] == '\n') nl++;
            q++;
        }
        if (nl >= 2 && q < end && t[q] >= 'a' && t[q] <= 'z') return q;
    }
    return 0;
}

static void wrap_ups(st_ctx *c) {
    amicus_doc *d = c->doc;
    for (size_t i = 1; i < d->nodes.n; i++) {
        amicus_node *L = &d->nodes.v[i];
        if ((L->type != AMICUS_NODE_ITEM && L->type != AMICUS_NODE_PARAGRAPH) || L->first_child >= 0 ||
            L->parent < 0 || d->nodes.v[L->parent].last_child != L->index)
            continue;
        size_t w = wrap_start(c, L);
        if (!w) continue;
        int32_t cur = L->index, target = -1;
        for (int32_t p = L->parent; p >= 0; p = d->nodes.v[p].parent) {
            const amicus_node *P = &d->nodes.v[p];
            if (P->type != AMICUS_NODE_PARAGRAPH && P->type != AMICUS_NODE_ITEM && P->type != AMICUS_NODE_PROVISION) break;
            if (P->last_child != cur || !leadin_open(c, P)) break;
            target = p;
            if (P->type == AMICUS_NODE_PROVISION) break;
            cur = p;
        }
        if (target < 0) continue;
        for (int32_t x = L->index; x != target; x = d->nodes.v[x].parent) {
            amicus_node *n = &d->nodes.v[x];
            if (n->end > w) {
                n->end = trim_end(c->t, n->start, w);
                if (n->body_start > n->end) n->body_start = n->end;
            }
        }
    }
}

const amicus_node *amicus__st_provision_of(const amicus_doc *doc, int32_t i) {
    if (i < 0 || (size_t)i >= doc->nodes.n) return NULL;
    int32_t p = doc->nodes.v[i].provision;
    return p >= 0 ? &doc->nodes.v[p] : NULL;
}

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void numbering_health(st_ctx *c) {
    amicus_doc *d = c->doc;
    /* per container (language part / instrument): gaps and repeats among non-quoted provisions */
    int32_t cont = -2;
    long prev = -1;
    const amicus_node *prevn = NULL;
    size_t ngap = 0, nrep = 0;
    /* repeats: sort (container, number) pairs */
    typedef struct pk { int32_t cont; const char *num; int32_t node; } pk;
    AMICUS_VEC(pk) keys = {0};
    for (size_t i = 0; i < d->provisions.n; i++) {
        const amicus_node *n = &d->nodes.v[d->provisions.v[i]];
        if (n->flags & AMICUS_NODE_F_QUOTED) continue;
        int32_t k = n->parent;
        while (k > 0 && d->nodes.v[k].type != AMICUS_NODE_LANGPART && !(d->nodes.v[k].kind && strcmp(d->nodes.v[k].kind, "instrument") == 0))
            k = d->nodes.v[k].parent;
        if (k != cont) { cont = k; prev = -1; prevn = NULL; }
        pk key = {k, n->number, n->index};
        if (!AMICUS_VEC_PUSH(keys, key)) { c->oom = true; break; }
        const char *s = n->number;
        if (!s || !isdigit((unsigned char)s[0])) { prevn = n; continue; }
        long v = strtol(s, NULL, 10);
        if (prev >= 0 && v > prev + 1) {
            if (ngap++ < HEALTH_CAP) {
                if (v == prev + 2)
                    amicus__doc_health(d, "numbering-gap", n->start, n->index, "%s %ld is missing (between %s and %s)",
                                       n->kind, prev + 1, prevn->number, n->number);
                else
                    amicus__doc_health(d, "numbering-gap", n->start, n->index, "%ss %ld-%ld are missing (between %s and %s)",
                                       n->kind, prev + 1, v - 1, prevn->number, n->number);
            }
        }
        if (prev < 0 || v >= prev) prev = v;
        prevn = n;
    }
    if (ngap > HEALTH_CAP)
        amicus__doc_health(d, "numbering-gap", 0, -1, "%zu more numbering gaps not listed", ngap - HEALTH_CAP);
    /* repeats */
    for (size_t i = 0; i < keys.n; i++)
        for (size_t j = i + 1; j < keys.n && j < i + 64; j++)
            ;
    /* hash set for repeats */
    size_t cap = 16;
    while (cap < keys.n * 2) cap <<= 1;
    int32_t *tab = amicus__malloc(cap * sizeof *tab);
    if (tab) {
        for (size_t i = 0; i < cap; i++) tab[i] = -1;
        for (size_t i = 0; i < keys.n; i++) {
            if (!keys.v[i].num) continue;
            uint64_t h = amicus__hash64(keys.v[i].num, strlen(keys.v[i].num), (uint64_t)(keys.v[i].cont + 7));
            size_t s = (size_t)h & (cap - 1);
            bool dup = false;
            while (tab[s] >= 0) {
                pk *o = &keys.v[tab[s]];
                if (o->cont == keys.v[i].cont && strcmp(o->num, keys.v[i].num) == 0) { dup = true; break; }
                s = (s + 1) & (cap - 1);
            }
            if (dup) {
                const amicus_node *n = &d->nodes.v[keys.v[i].node];
                if (nrep++ < HEALTH_CAP) {
                    amicus_location loc;
                    amicus_doc_locate(d, n->start, &loc);
                    amicus__doc_health(d, "numbering-repeat", n->start, n->index, "%s %s appears again at line %lu",
                                       n->kind, n->number, loc.line);
                }
            } else tab[s] = (int32_t)i;
        }
        amicus__free(tab);
    } else c->oom = true;
    if (nrep > HEALTH_CAP)
        amicus__doc_health(d, "numbering-repeat", 0, -1, "%zu more repeated numbers not listed", nrep - HEALTH_CAP);
    AMICUS_VEC_FREE(keys);
}

static void long_health(st_ctx *c) {
    amicus_doc *d = c->doc;
    size_t n = d->provisions.n;
    if (n < 3) return;
    size_t *sz = amicus__malloc(n * sizeof *sz);
    if (!sz) { c->oom = true; return; }
    for (size_t i = 0; i < n; i++) {
        const amicus_node *p = &d->nodes.v[d->provisions.v[i]];
        sz[i] = p->end - p->start;
    }
    qsort(sz, n, sizeof *sz, cmp_size);
    size_t med = sz[n / 2];
    amicus__free(sz);
    for (size_t i = 0; i < n; i++) {
        const amicus_node *p = &d->nodes.v[d->provisions.v[i]];
        size_t len = p->end - p->start;
        if (len > 20 * 1024 && len > 10 * med)
            amicus__doc_health(d, "long-provision", p->start, p->index,
                               "%s %s is %zu bytes, %zu times the median provision (%zu bytes): headings may have been missed",
                               p->kind, p->number ? p->number : "?", len, med ? len / med : 0, med);
    }
}

/* The document's title: its first line, with the lines that carry on its phrase without a blank
 * line ("Gesetz" / "zur Fortentwicklung gleichstellungsrechtlicher Regelungen … (… -
 * MilPersGleiFoG)", a gazette's title set on two lines): they start with a small letter or a
 * bracket, and the title ends at a blank line. */
static void set_doc_title(st_ctx *c) {
    amicus_doc *d = c->doc;
    if (d->title) return;
    for (size_t i = 0; i < c->lines.n && i < 50; i++) {
        const st_line *L = &c->lines.v[i];
        if (L->blank) continue;
        if (L->ce - L->cs > 200) return;
        size_t last = i;
        for (size_t k = i + 1; k < c->lines.n && k <= i + 3; k++) {
            const st_line *K = &c->lines.v[k];
            if (K->blank || K->hashes || K->ce - c->lines.v[i].cs > 600) break;
            if (!is_lower_at(c->t, K->cs, K->ce) && c->t[K->cs] != '(') break;
            if (k + 1 >= c->lines.n || c->lines.v[k + 1].blank) { last = k; break; }
        }
        d->title = (char *)title_str(c, c->t + L->cs, c->lines.v[last].ce - L->cs);
        return;
    }
}

amicus_status amicus__structure(amicus_doc *doc, amicus_error *err) {
    st_ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.t = doc->text ? doc->text : "";
    c.n = doc->text ? doc->text_len : 0;
    parts P;
    memset(&P, 0, sizeof P);
    bool ok = split_lines(&c);
    if (ok) set_doc_title(&c);
    if (ok) ok = find_headers(&c);
    if (ok) ar_glued_groupings(&c);
    if (ok && c.oom) ok = false;
    if (ok) drop_contents_lists(&c);
    if (ok) drop_repeated_groupings(&c);
    if (ok) drop_contents(&c);
    if (ok) mark_quoted(&c);
    if (ok) ok = find_parts(&c, &P);
    if (ok) ok = find_instruments(&c, &P);
    if (ok) ok = build_tree(&c, &P);
    if (ok) wrap_ups(&c);
    if (ok) {
        for (size_t i = 0; i < doc->nodes.n; i++) {
            amicus_node *n = &doc->nodes.v[i];
            amicus_location loc;
            amicus_doc_locate(doc, n->start, &loc);
            n->line = loc.line;
            n->page = loc.page;
            if (n->type == AMICUS_NODE_PROVISION && !AMICUS_VEC_PUSH(doc->provisions, n->index)) { ok = false; break; }
        }
    }
    if (ok && c.depth_capped)
        amicus__doc_health(doc, "deep-nesting", c.depth_cap_off, -1,
                           "items nested deeper than %d levels were not outlined", MAX_ITEM_DEPTH);
    if (ok) numbering_health(&c);
    if (ok) long_health(&c);
    if (ok && !c.oom) ok = amicus__st_definitions(&c);
    if (ok && !c.oom) ok = amicus__st_references(&c);
    AMICUS_VEC_FREE(P.ev);
    AMICUS_VEC_FREE(c.lines);
    AMICUS_VEC_FREE(c.hdrs);
    AMICUS_VEC_FREE(c.contents);
    if (!ok || c.oom) return amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory while parsing structure");
    return AMICUS_OK;
}
