/* pdf.c — ingest: PDF to contract text with poppler-glib (reading order, running headers/footers, margin numbers and slugs dropped, hyphenation joined, page/line map). */
#include "ingest/ingest.h"
#include <poppler.h>
#include <ctype.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <strings.h>

/* One text line of a page as poppler gives it, in the page text X. */
typedef struct pline {
    size_t xs, xe;          /* [xs, xe) in X, without the '\n' */
    double x1, y1, x2, y2;  /* bounding box (points, origin top left); geo false = unknown */
    bool geo;
    bool drop;
    uint32_t page;          /* 1-based */
    uint64_t key;           /* hash of the line with digits masked, 0 = empty */
    uint8_t zone;           /* 1 top, 2 bottom, 0 body */
    double fw;              /* width of the first word */
    size_t pk;              /* bytes of a leading number set apart by a gap (margin line number) */
    double px2, nx1;        /* its right edge, and the left edge of what follows */
    double cr;              /* right edge of its column (-1 unknown) */
    uint8_t col;            /* column on a page set in columns */
    bool foot;              /* a footnote: kept apart, at the end of the text */
    float fs;               /* height of its box, for the font size (0 unknown) */
    bool row;               /* on the same row as the line before it (a table row): joined with a space */
    bool rh;                /* dropped as a running header or footer (the same line on several pages) */
    uint64_t rkey;          /* hash of the line as it is (digits kept) */
    long d1, d2;            /* its first and last number minus its page (LONG_MIN: none) */
} pline;

typedef struct pinfo { double w, h; size_t first_line, nlines, xbase; int ncols; } pinfo;

static bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

/* Hash of a line with digits masked and blanks collapsed (lower-cased ASCII). */
static uint64_t line_key(const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    bool sp = false, any = false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space((char)c)) { sp = any; continue; }
        if (sp) { h = (h ^ ' ') * 1099511628211ull; sp = false; }
        if (c >= '0' && c <= '9') c = '#';
        else c = (unsigned char)tolower(c);
        h = (h ^ c) * 1099511628211ull;
        any = true;
    }
    return any ? (h ? h : 1) : 0;
}

/* Hash of a line as it is (blanks collapsed), and its first and last number minus page (a page
 * number counts with the pages: "Seite 2 von 33", "... Proposed Rules 47699"). */
static void line_marks(pline *l, const char *s, size_t n) {
    uint64_t h = 1469598103934665603ull;
    l->d1 = l->d2 = LONG_MIN;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (is_space((char)c)) continue;
        h = (h ^ c) * 1099511628211ull;
        if (c >= '0' && c <= '9' && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9')) {
            long v = 0;
            for (size_t j = i; j < n && j < i + 9 && s[j] >= '0' && s[j] <= '9'; j++) v = v * 10 + (s[j] - '0');
            if (l->d1 == LONG_MIN) l->d1 = v - (long)l->page;
            l->d2 = v - (long)l->page;
        }
    }
    l->rkey = h;
}

/* "12", "- 12 -", "Seite 2 von 33", "Page 3 of 9", "47699": only a page number. */
static bool page_number_line(const char *s, size_t n) {
    bool digit = false;
    size_t i = 0;
    while (i < n) {
        unsigned char c = (unsigned char)s[i];
        if (c >= '0' && c <= '9') { digit = true; i++; continue; }
        if (is_space((char)c) || c == '-' || c == '/' || c == '.' || c == '|' || c == '(' || c == ')') { i++; continue; }
        static const char *const words[] = {"seite", "von", "page", "of", "pagina", "página", "de", "sur", "p.", NULL};
        bool hit = false;
        for (const char *const *w = words; *w; w++) {
            size_t wl = strlen(*w);
            if (i + wl <= n && strncasecmp(s + i, *w, wl) == 0 &&
                (i + wl == n || !isalpha((unsigned char)s[i + wl]))) {
                i += wl;
                hit = true;
                break;
            }
        }
        if (!hit) return false;
    }
    return digit;
}

static bool only_digits(const char *s, size_t n, size_t maxd) {
    size_t d = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') d++;
        else if (!is_space(s[i])) return false;
    }
    return d > 0 && d <= maxd;
}

static bool contains(const char *s, size_t n, const char *w) {
    size_t wl = strlen(w);
    for (size_t i = 0; i + wl <= n; i++)
        if (memcmp(s + i, w, wl) == 0) return true;
    return false;
}

/* Printing slugs: GPO "VerDate Sep<11>2014 ... Jkt 250001 PO 00000 Frm 00001 Fmt 4702 Sfmt 4702",
 * "jbell on DSKJLSW7X2PROD with PROPOSALS". */
static bool slug_line(const char *s, size_t n) {
    while (n && is_space(*s)) { s++; n--; }
    if (n >= 8 && memcmp(s, "VerDate ", 8) == 0) return true;
    if (contains(s, n, "Jkt ") && contains(s, n, "Frm ") && contains(s, n, "Sfmt ")) return true;
    if (contains(s, n, " with PROPOSALS") || contains(s, n, " with RULES") || contains(s, n, " with NOTICES"))
        return contains(s, n, " on ") && n < 80;
    return false;
}

static bool is_lower_start(const char *s, size_t n) {
    if (!n) return false;
    unsigned char c = (unsigned char)s[0];
    if (c >= 'a' && c <= 'z') return true;
    if (c == 0xC3 && n > 1) return (unsigned char)s[1] >= 0x9F; /* ß à-ÿ */
    return false;
}

/* Words that follow a suspended hyphen ("Informations- und ..."): not a split word. */
static bool hyphen_keeper(const char *s, size_t n) {
    static const char *const w[] = {"und ", "oder ", "bzw.", "sowie ", "and ", "or ", "nor ", "et ", "ou ", NULL};
    for (const char *const *p = w; *p; p++) {
        size_t l = strlen(*p);
        if (n >= l && memcmp(s, *p, l) == 0) return true;
    }
    return false;
}

/* A line that starts like a new provision, paragraph or item (1), or a grouping (2). */
static int marker_start(const char *s, size_t n) {
    size_t i = 0;
    if (n && s[0] == '(') {
        i = 1;
        while (i < n && i < 6 && (isalnum((unsigned char)s[i]) || s[i] == ' ')) i++;
        /* "(5), shall be ..." or "(1)( b ), a person ...": a reference wrapped to the line start */
        if (i + 1 < n && s[i] == ')' && strchr(",;.:()", s[i + 1])) return false;
        return i > 1 && i < n && s[i] == ')';
    }
    while (i < n && isdigit((unsigned char)s[i])) i++;
    if (i && i < 4 && i < n && (s[i] == '.' || s[i] == ')')) return true;
    if (!i && n >= 2 && islower((unsigned char)s[0]) && s[1] == ')') return true;
    if (n >= 2 && (unsigned char)s[0] == 0xC2 && (unsigned char)s[1] == 0xA7) return true; /* § */
    static const char *const kw[] = {"Article", "ARTICLE", "Artikel", "Section", "SECTION", NULL};
    for (const char *const *k = kw; *k; k++)
        if (n >= strlen(*k) && !memcmp(s, *k, strlen(*k))) return 1;
    static const char *const gk[] = {"PART", "Part ", "CHAPTER", "Chapter ", "Teil ", "Abschnitt", "Unterabschnitt",
                                     "Kapitel", "TITLE", NULL};
    for (const char *const *k = gk; *k; k++)
        if (n >= strlen(*k) && !memcmp(s, *k, strlen(*k))) return 2;
    return 0;
}

/* Lines of one paragraph set by the layout: prev filled its column (the first word of l would
 * not have fitted after it), l follows closely and does not start a new numbered unit. */
static bool reflow(const pline *prev, const pline *l, const char *X) {
    if (!prev || !prev->geo || !l->geo || prev->cr < 0 || l->fw <= 0) return false;
    const char *s = X + l->xs;
    size_t n = l->xe - l->xs;
    while (n && is_space(*s)) { s++; n--; }
    int mk = marker_start(s, n);
    if (mk == 1) {
        /* a number wrapped to the line start mid-sentence ("... vom" / "30. Juni 2023", "... des" /
         * "§ 27 Nummer 2"): the line before ends in a word that asks for a number or a name
         * (a preposition, an article, "section") */
        const char *q = X + prev->xe, *b = X + prev->xs;
        while (q > b && is_space(q[-1])) q--;
        const char *w = q;
        while (w > b && !is_space(w[-1])) w--;
        static const char *const before_num[] = {"vom", "von", "des", "der", "dem", "den", "am", "im", "zum", "zur", "bis",
                                                 "nach", "gem\xc3\xa4\xc3\x9f", "durch", "in", "of", "under", "to", "by",
                                                 "from", "see", "section", "subsection", "paragraph", "article", "de", "del",
                                                 "du", "la", "le", "en", "par", NULL};
        bool takes = false;
        for (const char *const *j = before_num; *j; j++)
            if ((size_t)(q - w) == strlen(*j) && !memcmp(w, *j, (size_t)(q - w))) takes = true;
        if (!takes) return false;
    }
    double h = prev->y2 - prev->y1;
    if (prev->page == l->page && fabs(prev->x1 - l->x1) < 40 && (l->y1 - prev->y2 > h * 0.5 || l->y1 < prev->y1))
        return false; /* a blank gap, or back up the page */
    /* further down the same page after a blank gap, wherever it starts: a new block (a centred
     * heading "Unterabschnitt 2" and its title, a title and the text under it), never the run-on
     * of the line above; a paragraph runs on into the next column up the page, never down */
    if (prev->page == l->page && l->y1 > prev->y1 && l->y1 - prev->y2 > h * 0.5) return false;
    bool same_col = prev->page == l->page && fabs(prev->x1 - l->x1) < 40;
    /* a grouping heading has space above it: "Part IV ..." right under a full line is that line's end */
    if (mk == 2 && !same_col) return false;
    if (!same_col) { /* across a column or page break: not after the end of a sentence */
        const char *q = X + prev->xe;
        while (q > X + prev->xs && is_space(q[-1])) q--;
        if (q > X + prev->xs && strchr(".:;]", q[-1]) && !is_lower_start(s, n)) return false;
    }
    double space = h * 0.25;
    return prev->x2 + space + l->fw > prev->cr + 0.5;
}

/* A numbered label set apart from its text, as a table's first column holds it: "§ 12", "§1",
 * "Art. 5", "Artikel 10", "Section 3", "3.", "(a)", "12": an optional keyword, then one token
 * with a digit (a letter item "(a)" too), nothing else. */
static bool label_piece(const char *s, size_t n) {
    while (n && is_space(*s)) { s++; n--; }
    while (n && is_space(s[n - 1])) n--;
    static const char *const kw[] = {"\xc2\xa7\xc2\xa7", "\xc2\xa7", "Art.", "Artikel", "Article", "Art\xc3\xad" "culo",
                                     "Section", "Sec.", "Nr.", NULL};
    for (const char *const *k = kw; *k; k++) {
        size_t l = strlen(*k);
        if (n > l && !memcmp(s, *k, l)) {
            s += l;
            n -= l;
            while (n && is_space(*s)) { s++; n--; }
            break;
        }
    }
    if (!n || n > 8) return false;
    bool digit = false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9') digit = true;
        else if (!isalpha((unsigned char)s[i]) && !strchr("().", s[i])) return false;
    }
    return digit || (n == 3 && s[0] == '(' && s[2] == ')' && islower((unsigned char)s[1]));
}

static bool kept(const pline *l) { return l->geo && !l->drop && l->key; }
static double ymid(const pline *l) { return (l->y1 + l->y2) / 2; }

/* the same row: vertical centres within a third of the smaller line height, b to the right of a */
static bool same_row(const pline *a, const pline *b) {
    double h = fmin(a->y2 - a->y1, b->y2 - b->y1);
    return h > 0 && fabs(ymid(a) - ymid(b)) < h / 3 && b->x1 > a->x2;
}

/* Table rows on a page set in one column: poppler gives a contents table ("§ 12" | "Teilzeit...")
 * as the column of numbers, then the column of titles. A run of short numbered labels ("§ 12",
 * "3.") each with text to its right on the same row, later in poppler's order, is read row by row:
 * each label, its text joined with a space ("§ 12 Teilzeitbeschäftigung ..."), then the lines
 * that followed that text before the next row's (a title that wraps). Everything else keeps
 * poppler's order (signature blocks side by side stay apart). tmp holds m lines. */
static void read_rows(pline *v, size_t m, const char *X, pline *tmp) {
    size_t *part = (size_t *)(void *)(tmp + m); /* m partner indexes after the m lines */
    for (size_t a = 0; a < m;) {
        /* a run of labels (poppler's blank lines between them allowed), each with a partner after the run */
        size_t e = a, k = 0, last_label = a;
        while (e < m) {
            if (!v[e].geo && !v[e].key) { e++; continue; }
            if (!kept(&v[e]) || v[e].foot || !label_piece(X + v[e].xs, v[e].xe - v[e].xs)) break;
            last_label = e;
            e++;
            k++;
        }
        if (k == 0) { a++; continue; }
        e = last_label + 1;
        size_t got = 0, prevp = e;
        for (size_t i = a; i < e; i++) {
            part[i] = SIZE_MAX;
            if (!v[i].geo) continue;
            for (size_t b = prevp; b < m; b++)
                if (kept(&v[b]) && !v[b].foot && same_row(&v[i], &v[b]) && !label_piece(X + v[b].xs, v[b].xe - v[b].xs)) {
                    part[i] = b;
                    prevp = b + 1;
                    got++;
                    break;
                }
            if (part[i] == SIZE_MAX) break;
        }
        if (got < k) { a = e; continue; } /* every label of the run needs its text */
        size_t p1 = SIZE_MAX, pk = 0;
        for (size_t i = a; i < e; i++)
            if (v[i].geo) { if (p1 == SIZE_MAX) p1 = part[i]; pk = part[i]; }
        /* the last row's text runs on over the lines below it, aligned with it */
        size_t end = pk + 1;
        while (end < m && v[end].geo && !v[end].foot && fabs(v[end].x1 - v[pk].x1) < 2 && v[end].y1 >= v[end - 1].y1 &&
               v[end].y1 - v[end - 1].y2 < 0.6 * (v[pk].y2 - v[pk].y1))
            end++;
        /* new order of [a, end): lines between the labels and the first text, then the rows */
        size_t o = 0;
        for (size_t i = e; i < p1; i++) tmp[o++] = v[i];
        for (size_t i = a; i < e; i++) {
            if (!v[i].geo) continue;
            size_t lead = o;
            tmp[o++] = v[i];
            size_t q = part[i], stop = end;
            for (size_t j = i + 1; j < e; j++) if (v[j].geo) { stop = part[j]; break; }
            for (size_t j = q; j < stop; j++) {
                tmp[o] = v[j];
                if (j == q) {
                    tmp[o].row = true;
                    tmp[lead].x2 = v[j].x2; /* the row reads as one line: its box grows */
                    if (v[j].y1 < tmp[lead].y1) tmp[lead].y1 = v[j].y1;
                    if (v[j].y2 > tmp[lead].y2) tmp[lead].y2 = v[j].y2;
                }
                o++;
            }
        }
        /* poppler's blank lines among the labels go (o < end - a by their number) */
        size_t w = a;
        for (size_t i = 0; i < o; i++) v[w++] = tmp[i];
        for (; w < end; w++) { v[w] = v[a]; v[w].drop = true; v[w].row = false; v[w].key = 0; v[w].geo = false; v[w].xe = v[w].xs; }
        a = end;
    }
}

#define AMICUS__PDF_MAX_COLS 4

/* Column boundaries of a page (cols[0] = 0 ... cols[n] = w) from the x coverage of its body
 * characters: a gutter is a run of at least 6 pt that almost no character covers, with a good
 * share of the text on each side. Returns the number of columns (1 when none). */
static int find_columns(const char *txt, const PopplerRectangle *r, guint nr, double w, double h, double *cols) {
    cols[0] = 0;
    cols[1] = w;
    size_t tl = txt ? strlen(txt) : 0, nch = 0;
    for (size_t i = 0; i < tl; i++)
        if (((unsigned char)txt[i] & 0xC0) != 0x80) nch++;
    if (!r || nr != nch || w < 100 || w > 5000 || nr < 200) return 1;
    int nb = (int)w + 1;
    uint32_t *cov = amicus__calloc((size_t)nb, sizeof *cov);
    if (!cov) return 1;
    size_t ci = 0, total = 0;
    for (size_t i = 0; i < tl; i++) {
        if (((unsigned char)txt[i] & 0xC0) == 0x80) continue;
        const PopplerRectangle *q = &r[ci++];
        if (is_space(txt[i]) || txt[i] == '\n' || q->y1 < h * 0.08 || q->y2 > h * 0.92) continue;
        int a = (int)q->x1, b = (int)q->x2;
        if (a < 0) a = 0;
        if (b >= nb) b = nb - 1;
        for (int k = a; k <= b; k++) cov[k]++;
        total++;
    }
    uint32_t mx = 0;
    for (int k = 0; k < nb; k++) if (cov[k] > mx) mx = cov[k];
    if (mx < 12) { amicus__free(cov); return 1; } /* too few lines to show columns */
    uint32_t low = mx / 12;
    int n = 1;
    int k = (int)(w * 0.2);
    while (k < (int)(w * 0.8) && n < AMICUS__PDF_MAX_COLS) {
        if (cov[k] > low) { k++; continue; }
        int e = k;
        while (e < nb && cov[e] <= low) e++;
        if (e - k >= 6) {
            double mid = (k + e) / 2.0;
            size_t left = 0, right = 0;
            for (int j = (int)cols[n - 1]; j < k; j++) left += cov[j];
            for (int j = e; j < nb; j++) right += cov[j];
            if (left * 6 >= right / (size_t)(AMICUS__PDF_MAX_COLS) && left > (size_t)mx * 20 && right > (size_t)mx * 20) {
                cols[n++] = mid;
                cols[n] = w;
            }
        }
        k = e + 1;
    }
    amicus__free(cov);
    (void)total;
    return n;
}

/* The words of a line (blank separated, punctuation around them stripped) to fn; false when fn
 * says stop. */
static bool each_word(const char *s, size_t n, bool (*fn)(const char *w, size_t wl, void *ctx), void *ctx) {
    size_t i = 0;
    while (i < n) {
        while (i < n && is_space(s[i])) i++;
        size_t a = i;
        while (i < n && !is_space(s[i])) i++;
        size_t b = i;
        while (a < b && strchr(".,;:()/|-\"'", s[a])) a++;
        while (b > a && strchr(".,;:()/|-\"'", s[b - 1])) b--;
        if (b > a && !fn(s + a, b - a, ctx)) return false;
    }
    return true;
}

/* the running header's words: a hash set of the lower-cased words (ASCII case folded) */
typedef struct wset { uint64_t *v; size_t cap, n; } wset;

static uint64_t word_hash(const char *w, size_t n) {
    uint64_t h = 1469598103934665603ull;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)tolower((unsigned char)w[i])) * 1099511628211ull;
    return h ? h : 1;
}

static bool wset_add(const char *w, size_t n, void *ctx) {
    wset *S = ctx;
    uint64_t h = word_hash(w, n);
    size_t i = (size_t)h & (S->cap - 1);
    while (S->v[i] && S->v[i] != h) i = (i + 1) & (S->cap - 1);
    if (!S->v[i] && S->n + 1 < S->cap / 2) { S->v[i] = h; S->n++; }
    return true;
}

static bool wset_has(const char *w, size_t n, void *ctx) {
    const wset *S = ctx;
    uint64_t h = word_hash(w, n);
    for (size_t i = (size_t)h & (S->cap - 1); S->v[i]; i = (i + 1) & (S->cap - 1))
        if (S->v[i] == h) return true;
    return false;
}

/* A gazette's first page opens with a masthead instead of the running header the later pages
 * carry: the same identification (publication, part, year, issue number, date of issue) set large
 * over several lines ("Bundesgesetzblatt" / "Teil I" / "2024 Ausgegeben zu Bonn am 24. Januar 2024"
 * / "Nr. 17" for "Bundesgesetzblatt Jahrgang 2024 Teil I Nr. 17, ausgegeben zu Bonn am 24. Januar
 * 2024"). It is not text of the law (its "Teil I" is no grouping): when page 1 has no running
 * header of its own, its first lines, at least two, in its upper half, made only of words of the
 * running header (case aside), are dropped. A page 1 that carries the header (a title that repeats
 * the header's words under it) is left alone. Returns false when out of memory. */
static bool drop_masthead(pline *L, size_t nl, const pinfo *p1, const char *X) {
    size_t nh = 0;
    for (size_t i = 0; i < nl; i++) {
        if (!L[i].rh || L[i].zone != 1) continue;
        if (L[i].page == 1) return true; /* page 1 has its running header */
        nh++;
    }
    if (!nh) return true;
    wset S = {0};
    S.cap = 64;
    while (S.cap < 64 * nh && S.cap < ((size_t)1 << 20)) S.cap <<= 1;
    S.v = amicus__calloc(S.cap, sizeof *S.v);
    if (!S.v) return false;
    for (size_t i = 0; i < nl; i++)
        if (L[i].rh && L[i].zone == 1) each_word(X + L[i].xs, L[i].xe - L[i].xs, wset_add, &S);
    size_t a = p1->first_line, e = a + p1->nlines, m = 0, k = a;
    for (; k < e; k++) {
        const pline *l = &L[k];
        if (l->drop || !l->key) continue;
        if (!l->geo || l->y2 > p1->h * 0.5 || !each_word(X + l->xs, l->xe - l->xs, wset_has, &S)) break;
        m++;
    }
    if (m >= 2)
        for (size_t i = a; i < k; i++) L[i].drop = true;
    amicus__free(S.v);
    return true;
}

static int colcmp(const void *a, const void *b) {
    const pline *x = a, *y = b;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    if (x->geo && y->geo && x->y1 != y->y1) {
        if (fabs(x->y1 - y->y1) > 2) return x->y1 < y->y1 ? -1 : 1;
    }
    return x->xs < y->xs ? -1 : x->xs > y->xs; /* poppler's order (stable) */
}

static amicus_status pdf_fail(amicus_doc *d, amicus_error *err, amicus_status st, const char *msg) {
    return amicus__error(err, st, d->name, 0, 0, -1, "%s", msg);
}

typedef struct kcount { uint64_t key; uint8_t zone; uint32_t pages, last_page; } kcount;

static int kcmp(const void *a, const void *b) {
    const pline *x = *(const pline *const *)a, *y = *(const pline *const *)b;
    if (x->zone != y->zone) return x->zone < y->zone ? -1 : 1;
    if (x->key != y->key) return x->key < y->key ? -1 : 1;
    return x->page < y->page ? -1 : x->page > y->page;
}

amicus_status amicus__pdf(amicus_doc *d, amicus__emitter *e, amicus__pdf_result *res, amicus_error *err) {
    amicus_status st = AMICUS_OK;
    GError *gerr = NULL;
    amicus__buf X = {0};
    AMICUS_VEC(pline) L = {0};
    AMICUS_VEC(pinfo) P = {0};
    pline **sorted = NULL;
    memset(res, 0, sizeof *res);
    if (d->src_len > (size_t)INT32_MAX) return pdf_fail(d, err, AMICUS_ERR_TOO_LARGE, "PDF over 2 GiB");
    GBytes *bytes = g_bytes_new_static(d->src, d->src_len);
    PopplerDocument *pd = poppler_document_new_from_bytes(bytes, NULL, &gerr);
    if (!pd) {
        bool enc = gerr && gerr->domain == POPPLER_ERROR && gerr->code == POPPLER_ERROR_ENCRYPTED;
        st = amicus__error(err, AMICUS_ERR_INPUT, d->name, 0, 0, -1,
                           enc ? "encrypted PDF: it needs a password, which amicus does not take; save an "
                                 "unprotected copy first (e.g. qpdf --decrypt --password=... in.pdf out.pdf)"
                               : "broken PDF: poppler cannot read it (%s); the file may be truncated or damaged",
                           gerr && gerr->message ? gerr->message : "unknown error");
        goto done;
    }
    int np = poppler_document_get_n_pages(pd);
    if (np <= 0) { st = pdf_fail(d, err, AMICUS_ERR_INPUT, "broken PDF: it has no pages"); goto done; }
    if (np > AMICUS__PDF_MAX_PAGES) {
        st = amicus__error(err, AMICUS_ERR_TOO_LARGE, d->name, 0, 0, -1,
                           "PDF has %d pages, over the limit of %d", np, AMICUS__PDF_MAX_PAGES);
        goto done;
    }
    size_t nonspace = 0;
    for (int pi = 0; pi < np; pi++) {
        PopplerPage *pg = poppler_document_get_page(pd, pi);
        if (!pg) { /* an unreadable page: no lines, but it keeps its number */
            pinfo none = {0};
            none.first_line = L.n;
            none.xbase = X.n;
            if (!AMICUS_VEC_PUSH(P, none)) { st = AMICUS_ERR_NOMEM; goto oom; }
            continue;
        }
        pinfo inf = {0};
        poppler_page_get_size(pg, &inf.w, &inf.h);
        inf.first_line = L.n;
        inf.xbase = X.n;
        char *txt = poppler_page_get_text(pg);
        PopplerRectangle *rects = NULL;
        guint nr = 0;
        if (txt && !poppler_page_get_text_layout(pg, &rects, &nr)) nr = 0;
        /* columns: gutters in the horizontal coverage of the body text */
        double cols[AMICUS__PDF_MAX_COLS + 1];
        int ncols = find_columns(txt, rects, nr, inf.w, inf.h, cols);
        inf.ncols = ncols;
        bool ok = true;
        for (int once = 0; once < 1 && ok; once++) {
            size_t tl = txt ? strlen(txt) : 0, nch = 0;
            for (size_t i = 0; i < tl; i++)
                if (((unsigned char)txt[i] & 0xC0) != 0x80) nch++;
            bool geo = rects && nr == nch;
            size_t base = X.n;
            if (X.n + tl + 1 > AMICUS__PDF_MAX_TEXT) {
                g_free(txt);
                g_free(rects);
                g_object_unref(pg);
                st = amicus__error(err, AMICUS_ERR_TOO_LARGE, d->name, 0, 0, -1,
                                   "PDF text is over the limit of %zu bytes", (size_t)AMICUS__PDF_MAX_TEXT);
                goto done;
            }
            ok = amicus__buf_put(&X, txt ? txt : "", tl) && (tl && txt[tl - 1] == '\n' ? true : amicus__buf_putc(&X, '\n'));
            /* lines */
            size_t ci = 0, ls = 0;
            pline cur = {.xs = base, .x1 = 1e9, .y1 = 1e9, .x2 = -1e9, .y2 = -1e9, .page = (uint32_t)pi + 1};
            int dp = 0;               /* leading number: 0 in digits, 1 spaces after, 2 done */
            bool fw_done = false, seen = false;
            double fx1 = 1e9, fx2 = -1e9;
            for (size_t i = 0; ok && i <= tl; i++) {
                bool end = i == tl || txt[i] == '\n';
                if (end) {
                    if (i == tl && i == ls) break;
                    cur.xe = base + i;
                    cur.geo = geo && cur.x2 >= cur.x1;
                    cur.key = line_key(txt + ls, i - ls);
                    cur.fw = fx2 > fx1 ? fx2 - fx1 : 0;
                    if (dp != 2) cur.pk = 0;
                    for (size_t k = ls; k < i; k++)
                        if (!is_space(txt[k])) nonspace++;
                    ok = AMICUS_VEC_PUSH(L, cur);
                    cur.xs = base + i + 1;
                    cur.x1 = cur.y1 = 1e9;
                    cur.x2 = cur.y2 = -1e9;
                    cur.pk = 0;
                    cur.px2 = cur.nx1 = 0;
                    dp = 0;
                    fw_done = seen = false;
                    fx1 = 1e9;
                    fx2 = -1e9;
                    ls = i + 1;
                    if (i < tl) ci++;
                    continue;
                }
                if (((unsigned char)txt[i] & 0xC0) == 0x80) continue;
                if (geo && ci < nr && ncols > 1 && !is_space(txt[i])) {
                    /* a line poppler ran across a gutter: split it into one piece per column */
                    double cx = (rects[ci].x1 + rects[ci].x2) / 2;
                    int c = 0;
                    while (c + 1 < ncols && cx >= cols[c + 1]) c++;
                    if (i > ls && cur.x2 >= cur.x1 && c != cur.col) {
                        cur.xe = base + i;
                        cur.geo = true;
                        cur.key = line_key(txt + ls, i - ls);
                        cur.fw = fx2 > fx1 ? fx2 - fx1 : 0;
                        if (dp != 2) cur.pk = 0;
                        for (size_t k = ls; k < i; k++)
                            if (!is_space(txt[k])) nonspace++;
                        if (!(ok = AMICUS_VEC_PUSH(L, cur))) break;
                        cur.xs = base + i;
                        cur.x1 = cur.y1 = 1e9;
                        cur.x2 = cur.y2 = -1e9;
                        cur.pk = 0;
                        cur.fs = 0;
                        cur.px2 = cur.nx1 = 0;
                        dp = 3;
                        fw_done = seen = false;
                        fx1 = 1e9;
                        fx2 = -1e9;
                        ls = i;
                    }
                    cur.col = (uint8_t)c;
                }
                if (geo && ci < nr) {
                    PopplerRectangle *r = &rects[ci];
                    bool sp = is_space(txt[i]);
                    bool dig = txt[i] >= '0' && txt[i] <= '9';
                    if (!sp) {
                        if (r->x1 < cur.x1) cur.x1 = r->x1;
                        if (r->y1 < cur.y1) cur.y1 = r->y1;
                        if (r->x2 > cur.x2) cur.x2 = r->x2;
                        if (r->y2 > cur.y2) cur.y2 = r->y2;
                    }
                    if (!fw_done) {
                        if (sp && seen) fw_done = true;
                        else if (!sp) {
                            seen = true;
                            if (r->x1 < fx1) fx1 = r->x1;
                            if (r->x2 > fx2) fx2 = r->x2;
                        }
                    }
                    if (dp == 0) {
                        if (dig && (i == ls || r->x1 - cur.px2 <= 3.0)) { cur.px2 = r->x2; cur.pk = i - ls + 1; }
                        else if (dig || (!sp && cur.pk)) { cur.nx1 = r->x1; dp = 2; } /* a gap inside the digits */
                        else if (sp && cur.pk) dp = 1;
                        else dp = 3;
                    } else if (dp == 1 && !sp) {
                        cur.nx1 = r->x1;
                        dp = 2;
                    }
                }
                ci++;
            }
        }
        g_free(txt);
        g_free(rects);
        g_object_unref(pg);
        inf.nlines = L.n - inf.first_line;
        if (ok && ncols > 1) /* column by column, top to bottom */
            qsort(L.v + inf.first_line, inf.nlines, sizeof *L.v, colcmp);
        if (!ok || !AMICUS_VEC_PUSH(P, inf)) { st = AMICUS_ERR_NOMEM; goto oom; }
    }
    if (nonspace < 16 + (size_t)np) {
        st = amicus__error(err, AMICUS_ERR_INPUT, d->name, 0, 0, -1,
                           "PDF without a text layer (%d page%s, %zu characters of text): it looks scanned; "
                           "run OCR first (e.g. ocrmypdf in.pdf out.pdf) and read the result",
                           np, np == 1 ? "" : "s", nonspace);
        goto done;
    }

    /* zones and single-line rules */
    for (size_t i = 0; i < L.n; i++) {
        pline *l = &L.v[i];
        const pinfo *pi = &P.v[l->page - 1];
        const char *s = X.s + l->xs;
        size_t n = l->xe - l->xs;
        if (!l->key) continue;
        if (l->geo && pi->h > 0) {
            if (l->y2 <= pi->h * 0.11) l->zone = 1;
            else if (l->y1 >= pi->h * 0.89) l->zone = 2;
        } else {
            size_t k = i - pi->first_line;
            if (k < 2) l->zone = 1;
            else if (k + 2 >= pi->nlines) l->zone = 2;
        }
        if (slug_line(s, n)) l->drop = true;
        else if (l->zone && page_number_line(s, n)) l->drop = true;
        else if (l->geo && pi->w > 0 && only_digits(s, n, 4) &&
                 (l->x2 <= pi->w * 0.13 || l->x1 >= pi->w * 0.87)) l->drop = true; /* margin line numbers */
        else if (l->geo && n >= 4 && (l->y2 - l->y1) > 4 * (l->x2 - l->x1)) l->drop = true; /* vertical text */
    }
    /* per page: body left edge (the most common line start), each line's column right edge */
    for (size_t p = 0; p < P.n; p++) {
        pline *v = L.v + P.v[p].first_line;
        size_t m = P.v[p].nlines;
        double left = 0;
        size_t best = 0;
#define TX1(l) ((l)->pk ? (l)->nx1 : (l)->x1) /* where the text starts, after a margin number */
        for (size_t a = 0; a < m; a++) {
            if (!v[a].geo || v[a].zone || v[a].drop) continue;
            size_t c = 0;
            for (size_t b = 0; b < m; b++)
                if (v[b].geo && !v[b].zone && !v[b].drop && TX1(&v[b]) > TX1(&v[a]) - 1.5 && TX1(&v[b]) < TX1(&v[a]) + 1.5) c++;
            if (c > best) { best = c; left = TX1(&v[a]); }
        }
#undef TX1
        double w = P.v[p].w > 0 ? P.v[p].w : 600;
        double rx[64];
        size_t nbody = 0;
        for (size_t a = 0; a < m; a++)
            if (v[a].geo && !v[a].zone && !v[a].drop) nbody++;
        if (nbody > 256) nbody = 256; /* c counts at most 64 */
        for (size_t a = 0; a < m; a++) {
            pline *l = &v[a];
            if (!l->geo || l->drop) continue;
            /* a margin line number run into the line ("35" + "35. Title") */
            if (l->pk && best >= 3 && l->px2 < left - 2 && l->nx1 >= left - 2) {
                l->xs += l->pk;
                while (l->xs < l->xe && is_space(X.s[l->xs])) l->xs++;
                l->x1 = l->nx1;
                l->key = line_key(X.s + l->xs, l->xe - l->xs);
            }
            /* the column's right edge: the x2 that a fifth of its lines reach (a few lines
             * hanging into the margin do not move it) */
            size_t c = 0;
            double cl = l->x1;
            for (size_t b = 0; b < m; b++)
                if (v[b].geo && !v[b].zone && !v[b].drop && fabs(v[b].x1 - l->x1) < 0.08 * w && c < 64) {
                    rx[c++] = v[b].x2;
                    if (v[b].x1 < cl) cl = v[b].x1;
                }
            l->cr = -1;
            if (c >= 3 && c * 4 >= nbody) { /* a column holds a good share of the page (not centred headings) */
                for (size_t u = 1; u < c; u++) /* insertion sort, descending */
                    for (size_t q = u; q > 0 && rx[q] > rx[q - 1]; q--) { double tmp = rx[q]; rx[q] = rx[q - 1]; rx[q - 1] = tmp; }
                l->cr = rx[c / 5];
                if (l->x2 - l->x1 < 0.5 * (l->cr - cl)) l->cr = -1; /* a short (centred) line never runs on */
            }
        }
    }
    /* running headers and footers: the same masked line in the same zone on several pages */
    if (np >= 2) {
        size_t nz = 0;
        for (size_t i = 0; i < L.n; i++) if (L.v[i].zone && L.v[i].key) nz++;
        sorted = amicus__calloc(nz ? nz : 1, sizeof *sorted);
        if (!sorted) { st = AMICUS_ERR_NOMEM; goto oom; }
        nz = 0;
        for (size_t i = 0; i < L.n; i++)
            if (L.v[i].zone && L.v[i].key) {
                line_marks(&L.v[i], X.s + L.v[i].xs, L.v[i].xe - L.v[i].xs);
                sorted[nz++] = &L.v[i];
            }
        qsort(sorted, nz, sizeof *sorted, kcmp);
        size_t need = np >= 8 ? (size_t)np / 4 : 2;
        for (size_t a = 0; a < nz;) {
            size_t b = a, pages = 0;
            uint32_t lastp = 0;
            while (b < nz && sorted[b]->zone == sorted[a]->zone && sorted[b]->key == sorted[a]->key) {
                if (sorted[b]->page != lastp) { pages++; lastp = sorted[b]->page; }
                b++;
            }
            /* the same line, or one whose number counts with the pages: not a heading that happens
             * to open several pages ("§ 14", "§ 21" at the top of pages 9 and 11) */
            if (pages >= need) {
                uint64_t mr = 0;
                long m1 = 0, m2 = 0;
                size_t cr = 0, c1 = 0, c2 = 0;
                for (size_t k = a; k < b; k++) { /* majority votes */
                    if (!cr) mr = sorted[k]->rkey;
                    cr += mr == sorted[k]->rkey ? 1 : (size_t)-1;
                    if (!c1) m1 = sorted[k]->d1;
                    c1 += m1 == sorted[k]->d1 ? 1 : (size_t)-1;
                    if (!c2) m2 = sorted[k]->d2;
                    c2 += m2 == sorted[k]->d2 ? 1 : (size_t)-1;
                }
                size_t nr = 0, n1 = 0, n2 = 0;
                for (size_t k = a; k < b; k++) {
                    nr += sorted[k]->rkey == mr;
                    n1 += sorted[k]->d1 == m1 && m1 != LONG_MIN;
                    n2 += sorted[k]->d2 == m2 && m2 != LONG_MIN;
                }
                /* only lines that start like a provision ("§ 14") need that; other repeated lines
                   whose numbers vary otherwise (printing slugs: "Sfmt 4725") go as before */
                bool heading = marker_start(X.s + sorted[a]->xs, sorted[a]->xe - sorted[a]->xs) == 1;
                for (size_t k = a; k < b; k++)
                    if (!heading || (nr >= need && sorted[k]->rkey == mr) || (n1 >= need && sorted[k]->d1 == m1 && m1 != LONG_MIN) ||
                        (n2 >= need && sorted[k]->d2 == m2 && m2 != LONG_MIN))
                        sorted[k]->drop = sorted[k]->rh = true;
            }
            a = b;
        }
    }

    if (np >= 2 && !drop_masthead(L.v, L.n, &P.v[0], X.s)) { st = AMICUS_ERR_NOMEM; goto oom; }

    /* footnotes: from a line in the lower part of a column set smaller than the body text and
     * starting with a note number, to the end of that column */
    {
        uint32_t hist[64] = {0};
        for (size_t i = 0; i < L.n; i++)
            L.v[i].fs = L.v[i].geo && L.v[i].y2 > L.v[i].y1 ? (float)(L.v[i].y2 - L.v[i].y1) : 0;
        for (size_t i = 0; i < L.n; i++)
            if (!L.v[i].drop && !L.v[i].zone && L.v[i].fs > 0 && L.v[i].fs < 32) hist[(int)(L.v[i].fs * 2)]++;
        int bm = 0;
        for (int k = 1; k < 64; k++) if (hist[k] > hist[bm]) bm = k;
        double body = bm / 2.0;
        for (size_t p = 0; body > 0 && p < P.n; p++) {
            pline *v = L.v + P.v[p].first_line;
            size_t m = P.v[p].nlines;
            bool in = false;
            int col = -1;
            for (size_t a = 0; a < m; a++) {
                pline *l = &v[a];
                if (l->drop) continue;
                if (in && l->col != col) in = false;
                bool small = l->fs > 0 && l->fs <= body * 0.85;
                if (!in && small && l->geo && l->y1 > P.v[p].h * 0.5) {
                    const char *t = X.s + l->xs;
                    size_t k = 0;
                    while (l->xs + k < l->xe && isdigit((unsigned char)t[k]) && k < 3) k++;
                    if ((k && l->xs + k < l->xe && (t[k] == ' ' || isalpha((unsigned char)t[k]))) || t[0] == '*') {
                        in = true;
                        col = l->col;
                    }
                }
                if (in && !small) in = false;
                if (in) l->foot = true;
            }
        }
    }

    {
        size_t mx = 0;
        for (size_t p = 0; p < P.n; p++) if (P.v[p].nlines > mx) mx = P.v[p].nlines;
        pline *tmp = amicus__calloc(mx ? mx : 1, sizeof *tmp + sizeof(size_t)); /* lines, then partner indexes */
        if (!tmp) { st = AMICUS_ERR_NOMEM; goto oom; }
        for (size_t p = 0; p < P.n; p++)
            if (P.v[p].ncols == 1) read_rows(L.v + P.v[p].first_line, P.v[p].nlines, X.s, tmp);
        amicus__free(tmp);
    }

    /* emit the kept lines; join words hyphenated across line ends */
    if (!amicus__emitter_reserve(e, X.n)) { st = AMICUS_ERR_NOMEM; goto oom; }
    res->page_starts = amicus__calloc((size_t)np + 1, sizeof *res->page_starts);
    res->page_lines = amicus__calloc((size_t)np + 1, sizeof *res->page_lines);
    if (!res->page_starts || !res->page_lines) { st = AMICUS_ERR_NOMEM; goto oom; }
    res->npages = (size_t)np;
    for (size_t p = 0; p < P.n; p++) {
        res->page_starts[p] = P.v[p].xbase;
    }
    { /* the line of X each page starts on (X's lines, not the split pieces in L) */
        size_t line = 0, off = 0;
        for (size_t p = 0; p < P.n; p++) {
            for (; off < P.v[p].xbase && off < X.n; off++)
                if (X.s[off] == '\n') line++;
            res->page_lines[p] = line;
        }
    }
    bool pending_nl = false;
    size_t nl_src = 0;
    const pline *prev = NULL;
    size_t nfoot = 0;
    for (size_t i = 0; i < L.n; i++) {
        pline *l = &L.v[i];
        if (l->foot && !l->drop) nfoot++;
        if (l->drop || l->foot) continue;
        const char *s = X.s + l->xs;
        size_t n = l->xe - l->xs;
        size_t a = 0;
        while (a < n && is_space(s[a])) a++;
        if (a == n && !l->key) { /* keep paragraph breaks poppler gives as empty lines */
            prev = NULL;
            if (pending_nl && !amicus__emit(e, "\n", 1, nl_src, 1)) { st = AMICUS_ERR_NOMEM; goto oom; }
            pending_nl = true;
            nl_src = l->xe;
            continue;
        }
        if (l->row && prev) { /* the next piece of a table row */
            if (!amicus__emit(e, " ", 1, nl_src, 1) || !amicus__emit(e, s + a, n - a, l->xs + a, n - a)) {
                st = AMICUS_ERR_NOMEM;
                goto oom;
            }
            nl_src = l->xe;
            continue;
        }
        if (pending_nl) {
            /* a word split as "Bundes-" / "wehr" */
            size_t m = e->buf.n;
            bool hy = m >= 2 && e->buf.s[m - 1] == '-' && isalpha((unsigned char)e->buf.s[m - 2]) &&
                      is_lower_start(s + a, n - a) && !hyphen_keeper(s + a, n - a);
            if (hy) {
                e->buf.n--; /* drop the hyphen; the next line starts a new map segment */
                e->next_src = SIZE_MAX;
            } else {
                bool join = reflow(prev, l, X.s);
                /* a vertical gap between paragraphs becomes a blank line, as in a text file */
                bool gap = !join && prev && prev->geo && l->geo && prev->page == l->page &&
                           l->y1 > prev->y2 && l->y1 - prev->y2 > (prev->y2 - prev->y1) * 0.5;
                if (!amicus__emit(e, join ? " " : "\n", 1, nl_src, 1) || (gap && !amicus__emit(e, "\n", 1, nl_src, 0))) {
                    st = AMICUS_ERR_NOMEM;
                    goto oom;
                }
            }
            if (!hy) a = 0;
        }
        if (!amicus__emit(e, s + a, n - a, l->xs + a, n - a)) { st = AMICUS_ERR_NOMEM; goto oom; }
        pending_nl = true;
        nl_src = l->xe;
        prev = l;
    }
    if (pending_nl && !amicus__emit(e, "\n", 1, nl_src, 1)) { st = AMICUS_ERR_NOMEM; goto oom; }
    /* the footnotes, apart from the provisions: after the text, one per line */
    for (size_t i = 0, first = 1; nfoot && i < L.n; i++) {
        pline *l = &L.v[i];
        if (!l->foot || l->drop) continue;
        const char *s = X.s + l->xs;
        size_t n = l->xe - l->xs, a = 0;
        while (a < n && is_space(s[a])) a++;
        if (a == n) continue;
        if (first && !amicus__emit(e, "\n", 1, l->xs, 0)) { st = AMICUS_ERR_NOMEM; goto oom; }
        first = 0;
        if (!amicus__emit(e, s + a, n - a, l->xs + a, n - a) || !amicus__emit(e, "\n", 1, l->xe, 1)) {
            st = AMICUS_ERR_NOMEM;
            goto oom;
        }
    }
    if (e->oom) { st = AMICUS_ERR_NOMEM; goto oom; }
    /* X replaces the PDF bytes as the source that locations count lines in */
    if (!X.s && !amicus__buf_putc(&X, '\n')) { st = AMICUS_ERR_NOMEM; goto oom; }
    res->text = X.s;
    res->text_len = X.n;
    X.s = NULL;
    goto done;
oom:
    st = amicus__error(err, AMICUS_ERR_NOMEM, d->name, 0, 0, -1, "out of memory while reading the PDF");
done:
    if (st != AMICUS_OK) {
        amicus__free(res->page_starts);
        amicus__free(res->page_lines);
        memset(res, 0, sizeof *res);
    }
    if (gerr) g_error_free(gerr);
    if (pd) g_object_unref(pd);
    g_bytes_unref(bytes);
    amicus__buf_free(&X);
    AMICUS_VEC_FREE(L);
    AMICUS_VEC_FREE(P);
    amicus__free(sorted);
    return st;
}
