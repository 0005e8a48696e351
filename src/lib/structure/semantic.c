/* semantic.c — definitions ("x" means …) and cross-references (article 15, section 4(c)(4)) found in the tree. */
#include "structure/structure.h"
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>

#define HEALTH_CAP 50

static bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static bool is_alpha(unsigned char c) { return isalpha(c) || c >= 0x80; }

static bool starts_ci(const char *t, size_t p, size_t e, const char *w) {
    size_t l = strlen(w);
    return p + l <= e && strncasecmp(t + p, w, l) == 0 && (p + l == e || !is_alpha((unsigned char)t[p + l]) || !is_alpha((unsigned char)w[l - 1]));
}

/* innermost node containing off, starting from the root */
static int32_t node_at(const amicus_doc *d, size_t off) {
    const amicus_node *n = amicus_doc_node_at(d, off);
    return n ? n->index : 0;
}

/* ------------------------------------------------------------ definitions */

static const char *DEF_VERBS[] = {"shall mean", "shall refer to", "means", "mean", "refers to", "refer to", "shall include",
                                  "includes", "include", "has the meaning", "have the meaning", "is defined as",
                                  "d\xc3\xa9signe", "significa", "se entiende", "bedeutet", "betekent", NULL};

static bool definitions_title(const char *s) {
    static const char *w[] = {"definition", "interpretation", "use of terms", "definici", "d\xc3\xa9" "finition",
                              "begripsomschrijving", "begriffsbestimmung", "defini\xc3\xa7", "terminolog", NULL};
    if (!s) return false;
    for (const char **x = w; *x; x++) {
        size_t l = strlen(*x);
        for (const char *p = s; *p; p++)
            if (strncasecmp(p, *x, l) == 0) return true;
    }
    return false;
}

typedef struct dcand { size_t start, ts, te; } dcand;

static bool push_def(st_ctx *c, size_t start, size_t ts, size_t te) {
    amicus_doc *d = c->doc;
    /* trim the term */
    while (ts < te && is_blank(c->t[ts])) ts++;
    while (te > ts && (is_blank(c->t[te - 1]) || c->t[te - 1] == ',')) te--;
    /* "(a) Commission shall refer to": the modal belongs to the verb */
    if (te >= ts + 6 && strncmp(c->t + te - 6, " shall", 6) == 0) {
        te -= 6;
        while (te > ts && is_blank(c->t[te - 1])) te--;
    }
    if (te <= ts || te - ts > 120) return true;
    amicus_definition def = {0};
    def.term = amicus__arena_strndup(&d->arena, c->t + ts, te - ts);
    char *key = amicus__arena_strndup(&d->arena, c->t + ts, te - ts);
    if (!def.term || !key) return false;
    for (char *k = key; *k; k++) *k = (char)tolower((unsigned char)*k);
    def.key = key;
    def.start = start;
    def.end = te;
    def.term_start = ts;
    def.term_end = te;
    def.node = node_at(d, ts);
    const amicus_node *p = amicus__st_provision_of(d, def.node);
    def.provision = p ? p->index : -1;
    return AMICUS_VEC_PUSH(d->defs, def);
}

static size_t match_verb(const char *t, size_t p, size_t e) {
    if (p >= e) return 0;
    int c0 = tolower((unsigned char)t[p]);
    if (c0 != 's' && c0 != 'm' && c0 != 'r' && c0 != 'i' && c0 != 'h' && c0 != 'd' && c0 != 'b') return 0;
    for (const char **v = DEF_VERBS; *v; v++)
        if (starts_ci(t, p, e, *v)) return strlen(*v);
    return 0;
}

/* ------------------------------------------------------------ Arabic
 * Matching skips harakat (U+064B-U+0652), tatweel (U+0640) and the dagger alef (U+0670): they are
 * written or not at will ("يُقصد", "بـ"); the text itself is never changed. */

static size_t ar_skip(const char *t, size_t p, size_t e) {
    while (p + 1 < e && (unsigned char)t[p] == 0xD9) {
        unsigned char b = (unsigned char)t[p + 1];
        if ((b >= 0x8B && b <= 0x92) || b == 0x80 || b == 0xB0) p += 2;
        else break;
    }
    return p;
}

/* end of the Arabic letters w at p (marks between letters skipped), or 0 */
static size_t ar_at(const char *t, size_t p, size_t e, const char *w) {
    size_t l = strlen(w);
    for (size_t i = 0; i < l; i += 2) {
        if (i) p = ar_skip(t, p, e);
        if (p + 2 > e || t[p] != w[i] || t[p + 1] != w[i + 1]) return 0;
        p += 2;
    }
    return ar_skip(t, p, e);
}

#define AR_YUQSAD "\xd9\x8a\xd9\x82\xd8\xb5\xd8\xaf" /* يقصد "is meant" */
#define AR_BA "\xd8\xa8"                               /* ب "by" */

/* "يقصد بالألفاظ والعبارات الآتية ... المعاني المبينة أمامها ...: - الشخص : أي شخص ... . - النظام
 * المعلوماتي : ..." (a list of "- term : meaning"), and "يُقصد بـ term: meaning" */
static bool ar_definitions(st_ctx *c) {
    const char *t = c->t;
    size_t n = c->n;
    for (size_t p = 0; p + 8 < n; p++) {
        if ((unsigned char)t[p] != 0xD9 || (unsigned char)t[p + 1] != 0x8A) continue;
        size_t q = ar_at(t, p, n, AR_YUQSAD);
        if (!q) continue;
        while (q < n && is_blank(t[q])) q++;
        size_t b = ar_at(t, q, n, AR_BA);
        if (!b) continue;
        /* the intro ends at the first ':' of its sentence */
        size_t x = b;
        while (x < n && x < b + 400 && t[x] != '\n' && t[x] != '.' && t[x] != ':') x++;
        if (x >= n || t[x] != ':') continue;
        bool list = false;
        for (size_t y = b; y < x; y++) if (t[y] == '-') list = true;
        size_t ye = x + 1;
        while (ye < n && is_blank(t[ye])) ye++;
        if (!list && (ye >= n || t[ye] != '-')) {
            /* "يُقصد بـ term: meaning" */
            if (!push_def(c, p, b, x)) return false;
            p = x;
            continue;
        }
        /* "- term : meaning ." repeated until the end of the paragraph */
        size_t r = x + 1;
        for (;;) {
            while (r < n && is_blank(t[r])) r++;
            if (r >= n || t[r] != '-') break;
            size_t ts = r + 1, te = ts;
            while (te < n && te < ts + 120 && t[te] != ':' && t[te] != '.' && t[te] != '\n' && t[te] != '-') te++;
            if (te >= n || t[te] != ':') break;
            if (!push_def(c, r, ts, te)) return false;
            /* the next "- term :" after the end of this meaning (". -") */
            size_t z = te + 1;
            while (z < n && t[z] != '\n' && !(t[z] == '-' && z > 0 && (t[z - 1] == ' ' || t[z - 1] == '.') && z >= 2 &&
                                             (t[z - 2] == '.' || t[z - 1] == '.')))
                z++;
            if (z >= n || t[z] == '\n') break;
            r = z;
        }
        p = r > p ? r - 1 : p;
    }
    return true;
}

/* ------------------------------------------------------------ definition lists
 * "Para efectos de esta ley, se entenderá por: a) Datos informáticos: Toda representación ...",
 * "Para os fins desta Lei, considera-se: I - dado pessoal: informação ...", "Au sens de la présente
 * loi, on entend par : 1. Communication électronique : toute ... ; 2. Données informatisées : ...",
 * "(1) Im Sinne dieses Gesetzes ist 1. Angehöriger: wer ...": an intro that announces definitions,
 * its clause ending at ':' or at the end of its line, then entries "marker term: meaning" — one
 * per line or run together after "; " — whether or not the structure parser made them items. The
 * entries of one list share a marker kind (so "a)" sub-items inside "1." entries are not entries). */

/* past a leading article of the term [p, q): "ein Gewässer", "la Agencia" -> the noun */
static size_t skip_article(const char *t, size_t p, size_t q) {
    static const char *ART[] = {"ein ", "eine ", "der ", "die ", "das ", "el ", "la ", "los ", "las ",
                                "le ", "les ", "l'", "l\xe2\x80\x99", "o ", "os ", "a ", "as ", NULL};
    for (const char **a = ART; *a; a++) {
        size_t al = strlen(*a);
        if (p + al < q && strncasecmp(t + p, *a, al) == 0) return p + al;
    }
    return p;
}

/* does a definition among the first nq overlap the term [ts, te)? */
static bool def_overlaps(const amicus_doc *d, size_t nq, size_t ts, size_t te) {
    for (size_t k = 0; k < nq; k++)
        if (d->defs.v[k].term_start < te && d->defs.v[k].term_end > ts) return true;
    return false;
}

static const char *DEF_LIST_INTRO[] = {
    "se entiende por", "se entienden por", "se entender\xc3\xa1 por", "se entender\xc3\xa1n por",
    "se entendera por", "se entender\xc3\xa1", "se considera", "se considerar\xc3\xa1", "se consideran",
    "considera-se", "consideram-se", "entende-se por", "entendem-se por",
    "on entend par", "au sens de la pr\xc3\xa9sente loi", "au sens du pr\xc3\xa9sent",
    "au sens de la pr\xc3\xa9sente", "aux fins de la pr\xc3\xa9sente loi", "aux fins du pr\xc3\xa9sent",
    "im sinne dieses gesetzes", "im sinne dieses abschnitts", "im sinne dieser vorschrift",
    "im sinne dieser verordnung", "in diesem gesetz bedeutet", "in diesem gesetz bezeichnet",
    NULL};

enum { MK_NONE, MK_DIGIT, MK_LETTER, MK_ROMAN, MK_DASH };

/* a list marker at p: "1." "1)" "1°" "1º" "a)" "I -" "I." "-" "–"; its kind, *after = first byte past it */
static int list_marker(const char *t, size_t p, size_t e, size_t *after) {
    size_t q = p;
    int kind = MK_NONE;
    if (q < e && isdigit((unsigned char)t[q])) {
        while (q < e && q < p + 3 && isdigit((unsigned char)t[q])) q++;
        if (q < e && (t[q] == '.' || t[q] == ')')) q++;
        else if (q + 1 < e && ((unsigned char)t[q] == 0xC2 && ((unsigned char)t[q + 1] == 0xB0 || (unsigned char)t[q + 1] == 0xBA))) q += 2;
        else return MK_NONE;
        kind = MK_DIGIT;
    } else if (q < e && strchr("IVXL", t[q]) && t[q]) {
        while (q < e && q < p + 6 && t[q] && strchr("IVXL", t[q])) q++;
        size_t r = q;
        while (r < e && is_blank(t[r])) r++;
        if (r < e && (t[r] == '-' || t[r] == '.')) q = r + 1;
        else if (r + 2 < e && !memcmp(t + r, "\xe2\x80\x93", 3)) q = r + 3;
        else return MK_NONE;
        kind = MK_ROMAN;
    } else if (q + 1 < e && islower((unsigned char)t[q]) && (t[q + 1] == ')' || t[q + 1] == '.')) {
        q += 2;
        kind = MK_LETTER;
    } else if (q < e && t[q] == '-') {
        q++;
        kind = MK_DASH;
    } else if (q + 2 < e && !memcmp(t + q, "\xe2\x80\x93", 3)) {
        q += 3;
        kind = MK_DASH;
    } else {
        return MK_NONE;
    }
    if (q < e && !is_blank(t[q]) && t[q] != '\n') {
        /* "1.Communication" is still a marker, "1.2" or "-x" inside a word is not */
        if (kind == MK_DASH || isdigit((unsigned char)t[q])) return MK_NONE;
    }
    *after = q;
    return kind;
}

/* "term:" right after a marker: at most 8 words, up to 100 bytes, no sentence punctuation before
 * the colon; the term's span in *ts, *te */
static bool list_term(const char *t, size_t p, size_t e, size_t *ts, size_t *te) {
    while (p < e && (is_blank(t[p]) || t[p] == '\n')) p++;
    size_t ql, cl;
    if (p < e && amicus__st_quote_open(t, p, e, &ql)) {
        /* "– « Cybersécurité » : l'ensemble ..." */
        size_t q = p + ql;
        while (q < e && q < p + 100 && t[q] != '\n' && !amicus__st_quote_close(t, q, e, &cl)) q++;
        if (q >= e || q == p + ql || t[q] == '\n' || q >= p + 100) return false;
        size_t r = q + cl;
        while (r < e && is_blank(t[r])) r++;
        if (r >= e || t[r] != ':') return false;
        *ts = p + ql;
        *te = q;
        return true;
    }
    /* "se entenderá: a. Por sistema informático: ..." — the intro's "por" moved into each entry */
    if (starts_ci(t, p, e, "por ")) p += 4;
    if (p >= e || !(isalpha((unsigned char)t[p]) || (unsigned char)t[p] >= 0xC3)) return false;
    size_t q = p, words = 1;
    while (q < e && q < p + 100 && t[q] != ':' && t[q] != '\n' && t[q] != ';' && t[q] != '.' && t[q] != '(') {
        if (is_blank(t[q]) && q + 1 < e && !is_blank(t[q + 1])) words++;
        q++;
    }
    if (q >= e || t[q] != ':' || words > 8) return false;
    *ts = skip_article(t, p, q); /* "1. ein Gewässer:" -> "Gewässer" */
    *te = q;
    return true;
}

static bool list_definitions(st_ctx *c) {
    amicus_doc *d = c->doc;
    const char *t = c->t;
    size_t n = c->n, nq = d->defs.n;
    for (size_t p = 0; p < n; p++) {
        unsigned char ch = (unsigned char)tolower((unsigned char)t[p]);
        if (ch != 's' && ch != 'c' && ch != 'e' && ch != 'o' && ch != 'a' && ch != 'i') continue;
        if (p > 0 && is_alpha((unsigned char)t[p - 1])) continue;
        size_t l = 0;
        for (const char **w = DEF_LIST_INTRO; *w && !l; w++)
            if (starts_ci(t, p, n, *w)) l = strlen(*w);
        if (!l) continue;
        /* the intro's clause ends at ':' or at the end of its line (German "ist" / "sind") */
        size_t x = p + l;
        while (x < n && x < p + l + 160 && t[x] != ':' && t[x] != '\n' && t[x] != ';' &&
               !(t[x] == '.' && (x + 1 >= n || is_blank(t[x + 1]) || t[x + 1] == '\n'))) /* "23.XI.2001" */
            x++;
        if (x >= n || (t[x] != ':' && t[x] != '\n')) continue;
        /* the list lives in the innermost paragraph or provision holding the intro */
        int32_t ni = node_at(d, p);
        while (ni > 0 && d->nodes.v[ni].type != AMICUS_NODE_PARAGRAPH && d->nodes.v[ni].type != AMICUS_NODE_PROVISION)
            ni = d->nodes.v[ni].parent;
        size_t e = ni > 0 ? d->nodes.v[ni].end : n;
        size_t r = x + 1, after, ts, te;
        while (r < e && (is_blank(t[r]) || t[r] == '\n')) r++;
        int kind = list_marker(t, r, e, &after);
        if (kind == MK_NONE || !list_term(t, after, e, &ts, &te)) continue;
        for (;;) {
            if (!def_overlaps(d, nq, ts, te) && !push_def(c, r, ts, te)) return false;
            /* the next entry of the same kind: at a line start, or after "; " / ". ", within 8 KiB
             * (a meaning is shorter; the cap keeps many lists in one huge node linear) */
            size_t z = te + 1, nr = 0, ze = e < te + 8192 ? e : te + 8192;
            for (; z < ze; z++) {
                bool at = t[z - 1] == '\n' || is_blank(t[z - 1]);
                if (!at || is_blank(t[z]) || t[z] == '\n') continue;
                size_t y = z - 1;
                while (y > te && is_blank(t[y])) y--;
                if (t[y] != '\n' && t[y] != ';' && t[y] != '.') continue;
                size_t a2;
                if (list_marker(t, z, e, &a2) == kind && list_term(t, a2, e, &ts, &te)) { nr = z; after = a2; break; }
            }
            if (!nr) break;
            r = nr;
        }
        p = r;
    }
    return true;
}

/* German "(4) Kraftfahrzeuge im Sinne dieser Vorschrift sind die Fahrzeuge, ...", "(3) Inhalte im
 * Sinne der Vorschriften, die auf diesen Absatz verweisen, sind solche, ...": a paragraph (or a
 * provision without paragraphs) that opens with a term of at most 5 words, then "im Sinne", then
 * "ist" / "sind" in the same sentence. "(4) Einem Gefangenen im Sinne der Absätze 1 und 2 steht
 * gleich" (an assimilation, no "ist") and a term in mid-sentence are not definitions. */
static bool de_sinne_definitions(st_ctx *c) {
    amicus_doc *d = c->doc;
    const char *t = c->t;
    size_t nq = d->defs.n;
    for (size_t i = 0; i < d->nodes.n; i++) {
        const amicus_node *nd = &d->nodes.v[i];
        if (nd->type != AMICUS_NODE_PARAGRAPH && nd->type != AMICUS_NODE_PROVISION) continue;
        size_t b = nd->body_start, e = nd->end;
        while (b < e && (is_blank(t[b]) || t[b] == '\n')) b++;
        if (b >= e || !(isupper((unsigned char)t[b]) || (unsigned char)t[b] == 0xC3)) continue;
        size_t q = b, words = 1, te = 0;
        while (q < e && q < b + 90 && words <= 5) {
            if (t[q] == ' ' && starts_ci(t, q + 1, e, "im Sinne ") && strncmp(t + q + 1, "im Sinne ", 9) == 0) {
                te = q;
                break;
            }
            if (t[q] == ',' || t[q] == '.' || t[q] == ';' || t[q] == ':' || t[q] == '(' || t[q] == '\n' ||
                t[q] == '\xc2' /* § */)
                break;
            if (t[q] == ' ') words++;
            q++;
        }
        if (!te) continue;
        /* "Werden bei einem Arzt Gegenstände im Sinne des § 97 ... beschlagnahmt": a clause opening
         * with a verb, conjunction or preposition has no term at its head */
        static const char *NOT_TERM[] = {"Werden ", "Wird ", "Ist ", "Sind ", "Hat ", "Haben ", "Kann ",
                                         "Soll ", "Darf ", "Muss ", "Wer ", "Was ", "Wenn ", "Soweit ",
                                         "Sofern ", "Als ", "Auch ", "F\xc3\xbcr ", "Bei ", "Zu ", "In ",
                                         "Mit ", "Nach ", "Von ", "Auf ", "Aus ", "Dem ", "Den ", "Einem ",
                                         "Einer ", NULL};
        bool head = true;
        for (const char **w = NOT_TERM; *w && head; w++)
            if (strncmp(t + b, *w, strlen(*w)) == 0) head = false;
        if (!head) continue;
        /* "ist" / "sind" before the sentence ends, within 200 bytes */
        bool def = false;
        for (size_t z = te + 10; z < e && z < te + 200; z++) {
            if ((t[z] == '.' && (z + 1 >= e || is_blank(t[z + 1]) || t[z + 1] == '\n')) || t[z] == ';') break;
            if ((t[z - 1] == ' ' || t[z - 1] == '\n') && (starts_ci(t, z, e, "ist ") || starts_ci(t, z, e, "sind ")) &&
                (t[z] == 'i' || t[z] == 's')) {
                def = true;
                break;
            }
        }
        if (!def) continue;
        size_t ts = skip_article(t, b, te);
        if (!def_overlaps(d, nq, ts, te) && !push_def(c, b, ts, te)) return false;
    }
    return true;
}

bool amicus__st_definitions(st_ctx *c) {
    amicus_doc *d = c->doc;
    const char *t = c->t;
    size_t n = c->n;
    /* 1. quoted terms: "x" means / the term "x", as used in this title, includes / (a) "x": … */
    for (size_t p = 0; p < n; p++) {
        size_t ql, cl;
        unsigned char ch = (unsigned char)t[p];
        if (ch != '"' && ch != '`' && ch != '\'' && ch != 0xE2 && ch != 0xC2) continue;
        if (!amicus__st_quote_open(t, p, n, &ql)) continue;
        if (p > 0 && is_alpha((unsigned char)t[p - 1])) continue;
        size_t ts = p + ql, q = ts;
        size_t lim = ts + 120 < n ? ts + 120 : n;
        while (q < lim && t[q] != '\n' && !amicus__st_quote_close(t, q, n, &cl)) q++;
        if (q >= lim || t[q] == '\n' || q == ts) continue;
        size_t te = q, r = q + cl;
        /* ", as used in this title," */
        size_t a = r;
        while (a < n && is_blank(t[a])) a++;
        size_t vl = match_verb(t, a, n);
        if (!vl && a < n && t[a] == ',') {
            size_t b = a + 1;
            while (b < n && b < a + 120 && t[b] != ',' && t[b] != '\n' && t[b] != '"' && t[b] != ';') b++;
            if (b < n && t[b] == ',') {
                size_t v = b + 1;
                while (v < n && is_blank(t[v])) v++;
                if (starts_ci(t, a + 1, n, " as used") || starts_ci(t, a + 1, n, " in relation") ||
                    starts_ci(t, a + 1, n, " when used") || starts_ci(t, a + 1, n, " for the purposes"))
                    vl = match_verb(t, v, n), a = v;
            }
        }
        if (!vl) {
            /* "'consent' of the data subject means": a few lower-case words between */
            size_t b = a;
            while (b < n && b < a + 40 && (islower((unsigned char)t[b]) || t[b] == ' ')) {
                if (t[b] == ' ' && (vl = match_verb(t, b + 1, n))) { a = b + 1; break; }
                b++;
            }
        }
        bool ok = vl > 0;
        if (!ok) {
            /* a definitions provision listing "x", … / "x": … at the start of an item */
            int32_t ni = node_at(d, p);
            const amicus_node *nd = &d->nodes.v[ni];
            const amicus_node *pv = amicus__st_provision_of(d, ni);
            if (pv && definitions_title(pv->title) && nd->type == AMICUS_NODE_ITEM) {
                size_t b = nd->body_start;
                while (b < p && is_blank(t[b])) b++;
                ok = b == p;
            }
        }
        if (!ok) { p = r - 1; continue; }
        size_t start = p;
        /* "the term " before the quote belongs to the definition */
        if (p >= 9 && strncasecmp(t + p - 9, "the term ", 9) == 0) start = p - 9;
        if (!push_def(c, start, ts, te)) return false;
        p = r - 1;
    }
    /* 2. unquoted: "(a) Access refers to …" at the start of an item or paragraph */
    size_t nq = d->defs.n;
    for (size_t i = 0; i < d->nodes.n; i++) {
        const amicus_node *nd = &d->nodes.v[i];
        if (nd->type != AMICUS_NODE_ITEM && nd->type != AMICUS_NODE_PARAGRAPH) continue;
        size_t b = nd->body_start, e = nd->end;
        if (b >= e || !(isupper((unsigned char)t[b]) || (unsigned char)t[b] >= 0xC3)) continue;
        size_t words = 0, q = b;
        while (q < e && words < 7) {
            size_t vl = q > b && is_blank(t[q - 1]) ? match_verb(t, q, e) : 0;
            if (vl && q > b && (strncasecmp(t + q, "refers", 6) == 0 || strncasecmp(t + q, "refer ", 6) == 0 ||
                                strncasecmp(t + q, "shall refer", 11) == 0 ||
                                strncasecmp(t + q, "means", 5) == 0 || strncasecmp(t + q, "shall mean", 10) == 0)) {
                /* not already found as a quoted definition */
                bool dup = false;
                for (size_t k = 0; k < nq; k++)
                    if (d->defs.v[k].term_start >= nd->start && d->defs.v[k].term_start < q) dup = true;
                if (!dup && !push_def(c, nd->body_start, b, q)) return false;
                break;
            }
            if (t[q] == ',' || t[q] == '.' || t[q] == ';' || t[q] == ':' || t[q] == '(' || t[q] == '"' || t[q] == '\n') break;
            if (is_blank(t[q])) { words++; while (q < e && is_blank(t[q])) q++; continue; }
            q++;
        }
    }
    /* 3. "se entiende por X:", "on entend par X" */
    static const char *INTRO[] = {"se entiende por ", "se entender\xc3\xa1 por ", "on entend par ", "entende-se por ", NULL};
    for (const char **w = INTRO; *w; w++) {
        size_t l = strlen(*w);
        for (size_t p = 0; p + l < n; p++) {
            if (t[p] != (*w)[0] && t[p] != (char)toupper((unsigned char)(*w)[0])) continue;
            if (strncasecmp(t + p, *w, l) != 0) continue;
            size_t ts = p + l, q = ts;
            while (q < n && q < ts + 100 && t[q] != ':' && t[q] != ',' && t[q] != '\n' && t[q] != '.') q++;
            if (q < n && (t[q] == ':' || t[q] == ',') && q > ts && !push_def(c, p, ts, q)) return false;
        }
    }
    if (!list_definitions(c) || !de_sinne_definitions(c) || !ar_definitions(c)) return false;
    /* order by position; each ends at the next definition or the end of its node */
    for (size_t i = 1; i < d->defs.n; i++) {
        amicus_definition x = d->defs.v[i];
        size_t j = i;
        while (j > 0 && d->defs.v[j - 1].term_start > x.term_start) { d->defs.v[j] = d->defs.v[j - 1]; j--; }
        d->defs.v[j] = x;
    }
    for (size_t i = 0; i < d->defs.n; i++) {
        amicus_definition *df = &d->defs.v[i];
        size_t e = d->nodes.v[df->node].end;
        if (i + 1 < d->defs.n && d->defs.v[i + 1].start < e && d->defs.v[i + 1].start > df->term_end)
            e = d->defs.v[i + 1].start;
        while (e > df->term_end && (is_blank(t[e - 1]) || t[e - 1] == '\n' || t[e - 1] == ';')) e--;
        df->end = e > df->term_end ? e : df->term_end;
    }
    /* health: definitions provisions without definitions */
    size_t nh = 0;
    for (size_t i = 0; i < d->provisions.n; i++) {
        const amicus_node *p = &d->nodes.v[d->provisions.v[i]];
        if (!definitions_title(p->title)) continue;
        bool any = false;
        for (size_t k = 0; k < d->defs.n && !any; k++) if (d->defs.v[k].provision == p->index) any = true;
        if (!any && nh++ < HEALTH_CAP)
            amicus__doc_health(d, "no-definitions", p->start, p->index, "%s %s is titled \"%s\" but no definition was found in it",
                               p->kind, p->number ? p->number : "?", p->title);
    }
    return true;
}

/* ------------------------------------------------------------ references */

enum { R_PROV, R_PARA, R_GROUP };
enum { KW_ABSATZ = 100 }; /* German "Absatz N": always a paragraph of the citing provision itself */

typedef struct rkw { const char *w; int what; const char *kind; int fam; } rkw;
static const rkw RKW[] = {
    {"articles", R_PROV, "article", FAM_ART}, {"article", R_PROV, "article", FAM_ART}, {"arts.", R_PROV, "article", FAM_ART},
    {"art.", R_PROV, "article", FAM_ART}, {"artikelen", R_PROV, "article", FAM_ART}, {"artikel", R_PROV, "article", FAM_ART},
    {"artikeln", R_PROV, "article", FAM_ART}, {"art\xc3\xad" "culos", R_PROV, "article", FAM_ART}, {"art\xc3\xad" "culo", R_PROV, "article", FAM_ART},
    {"artigos", R_PROV, "article", FAM_ART}, {"artigo", R_PROV, "article", FAM_ART},
    {"sections", R_PROV, "section", FAM_SEC}, {"section", R_PROV, "section", FAM_SEC}, {"sec.", R_PROV, "section", FAM_SEC},
    {"\xc2\xa7\xc2\xa7", R_PROV, "section", FAM_PAR}, {"\xc2\xa7", R_PROV, "section", FAM_PAR},
    {"subsections", R_PARA, "subsection", 0}, {"subsection", R_PARA, "subsection", 0},
    {"subparagraphs", R_PARA, "subparagraph", 0}, {"subparagraph", R_PARA, "subparagraph", 0},
    {"absatzes", R_PARA, "paragraph", KW_ABSATZ}, {"absatz", R_PARA, "paragraph", KW_ABSATZ},
    {"abs.", R_PARA, "paragraph", KW_ABSATZ}, {"abs\xc3\xa4tze", R_PARA, "paragraph", KW_ABSATZ},
    {"abs\xc3\xa4tzen", R_PARA, "paragraph", KW_ABSATZ},
    {"paragraphs", R_PARA, "paragraph", 0}, {"paragraph", R_PARA, "paragraph", 0}, {"clause", R_PARA, "clause", 0},
    {"chapters", R_GROUP, "chapter", 0}, {"chapter", R_GROUP, "chapter", 0}, {"parts", R_GROUP, "part", 0},
    {"part", R_GROUP, "part", 0}, {"titles", R_GROUP, "title", 0}, {"title", R_GROUP, "title", 0},
    {NULL, 0, NULL, 0}};

static int32_t scope_of(const amicus_doc *d, int32_t n) {
    while (n > 0) {
        const amicus_node *x = &d->nodes.v[n];
        if (x->type == AMICUS_NODE_LANGPART || (x->type == AMICUS_NODE_GROUP && strcmp(x->kind, "instrument") == 0)) return n;
        n = x->parent;
    }
    return 0;
}

static bool in_scope(const amicus_doc *d, int32_t n, int32_t scope) { return scope_of(d, n) == scope; }

typedef struct pmap { int32_t *tab; size_t cap; } pmap;

static uint64_t pm_hash(int32_t scope, const char *num) {
    return amicus__hash64(num, strlen(num), (uint64_t)scope * 2654435761u + 1);
}

static bool pm_build(const amicus_doc *d, pmap *m) {
    m->cap = 16;
    while (m->cap < d->provisions.n * 2 + 2) m->cap <<= 1;
    m->tab = amicus__malloc(m->cap * sizeof *m->tab);
    if (!m->tab) return false;
    for (size_t i = 0; i < m->cap; i++) m->tab[i] = -1;
    for (size_t i = 0; i < d->provisions.n; i++) {
        const amicus_node *p = &d->nodes.v[d->provisions.v[i]];
        if (!p->number || (p->flags & AMICUS_NODE_F_QUOTED)) continue;
        int32_t sc = scope_of(d, p->index);
        size_t s = (size_t)pm_hash(sc, p->number) & (m->cap - 1);
        bool dup = false;
        while (m->tab[s] >= 0) {
            const amicus_node *o = &d->nodes.v[m->tab[s]];
            if (scope_of(d, o->index) == sc && strcmp(o->number, p->number) == 0) { dup = true; break; }
            s = (s + 1) & (m->cap - 1);
        }
        if (!dup) m->tab[s] = p->index;
    }
    return true;
}

static int32_t pm_find(const amicus_doc *d, const pmap *m, int32_t scope, const char *num) {
    size_t s = (size_t)pm_hash(scope, num) & (m->cap - 1);
    while (m->tab[s] >= 0) {
        const amicus_node *o = &d->nodes.v[m->tab[s]];
        if (strcmp(o->number, num) == 0 && scope_of(d, o->index) == scope) return o->index;
        s = (s + 1) & (m->cap - 1);
    }
    return -1;
}

/* one cited number with its (x)(y) tail */
typedef struct rnum { size_t s, e; char num[24]; char tail[6][8]; int ntail; bool range_to; bool gtail; } rnum;

/* what parse_rnum needs to know of the citing document */
typedef struct rctx {
    const amicus_doc *d;
    const pmap *m;
    int32_t scope;
    bool dash_numbers; /* provision numbers of this document contain '-' ("L. 852-1", "121-7") */
} rctx;

static const char *LATIN_SUFFIX[] = {"quinquies", "quater", "sexies", "septies", "octies", "nonies", "decies", "bis", "ter", "qu\xc3\xa1ter", NULL};

/* does the document have a provision numbered num (where the reference is)? */
static bool num_known(const rctx *rc, const char *num) { return rc->m && pm_find(rc->d, rc->m, rc->scope, num) >= 0; }

static bool parse_rnum(const rctx *rc, const char *t, size_t p, size_t e, int what, rnum *r) {
    memset(r, 0, sizeof *r);
    bool dash_numbers = rc->dash_numbers;
    size_t q = p;
    char pre[4] = "";
    if (what == R_PROV && q + 2 < e && strchr("LRD", t[q]) && t[q + 1] == '.') {
        size_t x = q + 2;
        while (x < e && t[x] == ' ') x++;
        if (x < e && isdigit((unsigned char)t[x])) { snprintf(pre, sizeof pre, "%c. ", t[q]); q = x; }
    }
    if (what == R_PARA && q < e && t[q] == '(') {
        /* subsection (1)(a) */
    } else if (q < e && isdigit((unsigned char)t[q])) {
        size_t s = q;
        while (q < e && isdigit((unsigned char)t[q]) && q - s < 7) q++;
        while ((dash_numbers || pre[0]) && q + 1 < e && t[q] == '-' && isdigit((unsigned char)t[q + 1])) {
            q++;
            while (q < e && isdigit((unsigned char)t[q])) q++;
        }
        /* Peru "5-A" */
        if (!dash_numbers && q + 1 < e && t[q] == '-' && t[q + 1] >= 'A' && t[q + 1] <= 'Z' &&
            (q + 2 >= e || !is_alpha((unsigned char)t[q + 2])))
            q += 2;
        size_t ne = q, ol = q - s <= 2 ? amicus__st_ordinal_ind(t, q, e, strtol(t + s, NULL, 10)) : 0; /* "art. 5o", "l'article 1er": not cited */
        if (ol) {
            q += ol;
        } else {
            while (q < e && t[q] >= 'A' && t[q] <= 'Z' && q - s < 9) q++;
            if (q < e && t[q] >= 'a' && t[q] <= 'z' && (q + 1 >= e || !is_alpha((unsigned char)t[q + 1]))) q++;
            ne = q;
        }
        int w = snprintf(r->num, sizeof r->num, "%s%.*s", pre, (int)(ne - s), t + s);
        /* a Latin ordinal, joined or after a blank ("153 bis" -> "153bis"), but not German "14 bis 16" */
        bool latin = false;
        {
            size_t x = q < e && t[q] == ' ' ? q + 1 : q;
            for (const char **o = LATIN_SUFFIX; *o && !latin; o++) {
                size_t l = strlen(*o);
                if (!starts_ci(t, x, e, *o)) continue;
                size_t y = x + l;
                while (y < e && (is_blank(t[y]) || t[y] == '\n')) y++;
                if (strcmp(*o, "bis") == 0 && y < e && isdigit((unsigned char)t[y])) break;
                const char *norm = (unsigned char)(*o)[2] == 0xC3 ? "quater" : *o; /* "quáter" */
                size_t nl = strlen(norm);
                if (w > 0 && (size_t)w + nl < sizeof r->num) {
                    memcpy(r->num + w, norm, nl);
                    w += (int)nl;
                    r->num[w] = 0;
                }
                q = x + l;
                latin = true;
            }
        }
        /* a letter after a blank: LECrim "588 bis a", Paraguay "146 b" (when the document has it:
         * Spanish "a" is also a word) */
        if (q + 1 < e && t[q] == ' ' && t[q + 1] >= 'a' && t[q + 1] <= 'z' && (q + 2 >= e || !is_alpha((unsigned char)t[q + 2])) &&
            w > 0 && (size_t)w + 3 < sizeof r->num) {
            char cand[sizeof r->num];
            memcpy(cand, r->num, (size_t)w);
            if (latin) { /* "588bis" -> "588bis a", as the heading's number */
                cand[w] = ' ';
                cand[w + 1] = t[q + 1];
                cand[w + 2] = 0;
            } else {
                cand[w] = t[q + 1];
                cand[w + 1] = 0;
            }
            if (num_known(rc, cand)) { snprintf(r->num, sizeof r->num, "%s", cand); q += 2; }
        }
        if (q < e && is_alpha((unsigned char)t[q]) && (unsigned char)t[q] < 0x80) return false;
        if (q + 1 < e && (unsigned char)t[q] == 0xC2 && ((unsigned char)t[q + 1] == 0xBA || (unsigned char)t[q + 1] == 0xB0)) q += 2;
    } else if (what == R_GROUP && q < e && strchr("IVXLCDM", t[q])) {
        size_t s = q;
        while (q < e && strchr("IVXLCDM", t[q])) q++;
        if (q < e && is_alpha((unsigned char)t[q])) return false;
        snprintf(r->num, sizeof r->num, "%.*s", (int)(q - s), t + s);
    } else if (what == R_PARA && q < e && isalpha((unsigned char)t[q]) && q + 1 < e && !isalpha((unsigned char)t[q + 1])) {
        return false;
    } else {
        return false;
    }
    r->s = p;
    /* tail (c)(4) */
    for (;;) {
        size_t q0 = q;
        if (q + 1 < e && t[q] == ' ' && t[q + 1] == '(' && r->num[0] && isdigit((unsigned char)r->num[0]) && r->ntail == 0) q++;
        if (!(q < e && t[q] == '(' && r->ntail < 6)) { q = q0; break; }
        size_t s = q + 1;
        while (s < e && t[s] == ' ') s++;
        size_t x = s;
        while (x < e && isalnum((unsigned char)t[x]) && x - s < 6) x++;
        size_t xe = x;
        while (x < e && t[x] == ' ') x++;
        if (xe == s || x >= e || t[x] != ')') { q = q0; break; }
        x = xe + (x - xe);
        if (!r->num[0]) snprintf(r->num, sizeof r->num, "%.*s", (int)(xe - s), t + s);
        else snprintf(r->tail[r->ntail++], sizeof r->tail[0], "%.*s", (int)(xe - s), t + s);
        q = x + 1;
    }
    if (!r->num[0]) return false;
    /* German tails: "§ 202a Abs. 2 Satz 1 Nr. 3", "Absatz 2 Nummer 1 Buchstabe b"; a Satz (sentence)
     * is not a node and is passed over */
    for (;;) {
        size_t x = q;
        while (x < e && is_blank(t[x])) x++;
        if (x < e && t[x] == '\n') { /* a hard-wrapped "§ 49\nAbs. 1" */
            x++;
            while (x < e && is_blank(t[x])) x++;
        }
        static const struct { const char *w; int keep; } GT[] = {
            {"Abs.", 1}, {"Absatz", 1}, {"Satz", 0}, {"S.", 0}, {"Nr.", 1}, {"Nummer", 1}, {"Buchstabe", 2}, {"Buchst.", 2}, {NULL, 0}};
        size_t l = 0;
        int keep = 0;
        for (int g = 0; GT[g].w; g++)
            if (starts_ci(t, x, e, GT[g].w)) { l = strlen(GT[g].w); keep = GT[g].keep; break; }
        if (!l || r->ntail >= 6) break;
        size_t y = x + l;
        while (y < e && is_blank(t[y])) y++;
        size_t s = y;
        if (keep == 2) {
            if (y < e && t[y] >= 'a' && t[y] <= 'z') y++;
        } else {
            while (y < e && isdigit((unsigned char)t[y]) && y - s < 4) y++;
            if (y < e && t[y] >= 'a' && t[y] <= 'z' && y > s) y++; /* "Nr. 1a" */
        }
        if (y == s || (y < e && is_alpha((unsigned char)t[y]))) break;
        if (keep) snprintf(r->tail[r->ntail++], sizeof r->tail[0], "%.*s", (int)(y - s), t + s);
        r->gtail = true;
        q = y;
    }
    r->e = q;
    return true;
}

/* search the subtree of node n (pre-order) for the shallowest node numbered num */
static int32_t find_in(const amicus_doc *d, int32_t n, const char *num) {
    if (n < 0) return -1;
    const amicus_node *root = &d->nodes.v[n];
    int32_t best = -1;
    unsigned bd = 0xffff;
    for (size_t i = (size_t)n + 1; i < d->nodes.n; i++) {
        const amicus_node *x = &d->nodes.v[i];
        if (x->start >= root->end && x->start > root->start) break;
        if (x->type == AMICUS_NODE_PROVISION) break;
        if (x->number && strcmp(x->number, num) == 0 && x->depth < bd) { best = x->index; bd = x->depth; }
    }
    return best;
}

/* what follows a reference: internal (0), external (1) or unknown (-1) */
static int ref_context(const amicus_doc *d, const char *t, size_t p, size_t e, int32_t *of_prov_target, const pmap *m,
                       int32_t scope, int *of_this) {
    size_t q = p;
    while (q < e && is_blank(t[q])) q++;
    if (q < e && t[q] == ',') {
        /* "article 48, paragraph 1, of the Covenant", "artikel 48, eerste lid, van het Verdrag":
         * look past a short comma-delimited part */
        size_t w = q + 1, words = 0;
        bool in = false;
        while (w < e && w < q + 40 && t[w] != ',' && t[w] != '\n' && t[w] != ';' && t[w] != '.') {
            bool sp = is_blank(t[w]);
            if (!sp && !in) words++;
            in = !sp;
            w++;
        }
        if (w < e && t[w] == ',' && words <= 4) {
            size_t x = w + 1;
            while (x < e && is_blank(t[x])) x++;
            static const char *OF[] = {"of", "van", "de", "du", "del", "der", "des", "da", "do", "hereof", NULL};
            for (const char **o = OF; *o; o++)
                if (starts_ci(t, x, e, *o)) { q = x; break; }
        }
        if (q < e && t[q] == ',') {
            q++;
            while (q < e && is_blank(t[q])) q++;
        }
    }
    /* "los artículos 332, ... y 569, también del Código Penal", "ambos de esta Ley": an adverb or
     * a quantifier before the "of" that places the reference */
    static const char *ADV[] = {"tambi\xc3\xa9n", "igualmente", "asimismo", "ambos", "ambas", "todos", "todas",
                                "tamb\xc3\xa9m", "aussi", "\xc3\xa9galement", "tous", "toutes", NULL};
    for (const char **a = ADV; *a; a++)
        if (starts_ci(t, q, e, *a) && q + strlen(*a) < e && is_blank(t[q + strlen(*a)])) {
            q += strlen(*a);
            while (q < e && is_blank(t[q])) q++;
            break;
        }
    *of_this = 0;
    static const char *INTERNAL[] = {"de esta", "de este", "de la presente", "del presente", "de los presentes",
                                     "desta", "deste", "da presente", "do presente", "du pr\xc3\xa9sent",
                                     "de la pr\xc3\xa9sente", "de ce ", "dieses", "van dit", "van deze", NULL};
    for (const char **x = INTERNAL; *x; x++)
        if (starts_ci(t, q, e, *x) || strncasecmp(t + q, *x, strlen(*x)) == 0) return 0;
    if (starts_ci(t, q, e, "hereof") || starts_ci(t, q, e, "above") || starts_ci(t, q, e, "below") ||
        starts_ci(t, q, e, "of the present") || starts_ci(t, q, e, "of the same")) return 0;
    if (starts_ci(t, q, e, "of this")) {
        size_t w = q + 7;
        while (w < e && is_blank(t[w])) w++;
        if (starts_ci(t, w, e, "article") || starts_ci(t, w, e, "section")) *of_this = 1;
        return 0;
    }
    if (starts_ci(t, q, e, "TFEU") || starts_ci(t, q, e, "TEU")) return 1;
    if (starts_ci(t, q, e, "of article") || starts_ci(t, q, e, "of section")) {
        size_t w = q + 10;
        while (w < e && is_blank(t[w])) w++;
        size_t s = w;
        while (w < e && isalnum((unsigned char)t[w]) && w - s < 8) w++;
        if (w > s && isdigit((unsigned char)t[s])) {
            char num[16];
            snprintf(num, sizeof num, "%.*s", (int)(w - s), t + s);
            int32_t tg = pm_find(d, m, scope, num);
            if (of_prov_target) *of_prov_target = tg;
            /* the article cited may itself be external */
            int ot;
            return ref_context(d, t, w, e, NULL, m, scope, &ot);
        }
        return -1;
    }
    if (starts_ci(t, q, e, "of title") || starts_ci(t, q, e, "of Title")) {
        /* internal when this document is that title */
        size_t w = q + 8;
        while (w < e && is_blank(t[w])) w++;
        char num[16];
        size_t s = w;
        while (w < e && isdigit((unsigned char)t[w]) && w - s < 6) w++;
        snprintf(num, sizeof num, "%.*s", (int)(w - s), t + s);
        for (size_t i = 1; i < d->nodes.n && i < 50; i++) {
            const amicus_node *g = &d->nodes.v[i];
            if (g->type == AMICUS_NODE_GROUP && g->kind && strcmp(g->kind, "title") == 0 && g->number && strcmp(g->number, num) == 0)
                return 0;
        }
        return 1;
    }
    static const char *EXT[] = {"of the", "of that", "of Regulation", "of Directive", "of Council", "of Law", "of Act",
                                "of said", "of such", "of Decision", "of Protocol", "del ", "de la ", "de los ", "de l'",
                                "du ", "des ", "van de", "van het", "der ", "of Public Law", "of Pub", "da ", "do ", "das ", "dos ", NULL};
    /* "of Republic Act No. 8792", "of Regulation (EU) 2016/679": another instrument */
    if (starts_ci(t, q, e, "of") && q + 3 < e && t[q + 2] == ' ' && isupper((unsigned char)t[q + 3])) return 1;
    for (const char **x = EXT; *x; x++)
        if (starts_ci(t, q, e, *x) || strncasecmp(t + q, *x, strlen(*x)) == 0) return 1;
    return -1;
}

/* ------------------------------------------------------------ German: which act a citation names
 * German cites another act after the whole citation, once for all its parts ("§ 19 Absatz 1 bis 3,
 * § 20a Absatz 1 bis 3, jeweils auch in Verbindung mit § 21, oder nach § 22a Absatz 1 bis 3 des
 * Gesetzes über die Kontrolle von Kriegswaffen"), in the genitive ("des Waffengesetzes", "der
 * Strafprozessordnung", "des Bürgerlichen Gesetzbuchs", "der Richtlinie 2011/36/EU") or by its
 * abbreviation ("§ 100a StPO", "Art. 1 G v. 30.3.2021"). */

/* blanks, and one line break (a hard-wrapped line, not a blank line) */
static size_t de_ws(const char *t, size_t p, size_t e) {
    bool nl = false;
    while (p < e) {
        if (is_blank(t[p])) p++;
        else if (t[p] == '\n' && !nl) { nl = true; p++; }
        else break;
    }
    return p;
}

/* end of the word at p: letters (any UTF-8 letter), '-' inside a word ("Anti-Doping-Gesetzes") */
static size_t de_word(const char *t, size_t p, size_t e) {
    size_t q = p;
    while (q < e && (is_alpha((unsigned char)t[q]) || (t[q] == '-' && q > p))) q++;
    return q;
}

/* is the word [p, q) a name: a capital first ("Übereinkommens": U+00DC) or inside ("eID-Karte-Gesetzes")? */
static bool de_capital(const char *t, size_t p, size_t q) {
    unsigned char c = (unsigned char)t[p];
    for (size_t i = p; i < q; i++)
        if (isupper((unsigned char)t[i])) return true;
    return c == 0xC3 && p + 1 < q && ((unsigned char)t[p + 1] == 0x84 || (unsigned char)t[p + 1] == 0x96 || (unsigned char)t[p + 1] == 0x9C);
}

/* the lower-case ASCII form of a word with "ß" as "ss" (for comparing a name with the title) */
static void de_fold(const char *t, size_t p, size_t q, char *out, size_t cap) {
    size_t o = 0;
    for (size_t i = p; i < q && o + 2 < cap; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == 0xC3 && i + 1 < q && (unsigned char)t[i + 1] == 0x9F) { out[o++] = 's'; out[o++] = 's'; i++; }
        else out[o++] = (char)tolower(c);
    }
    out[o] = 0;
}

/* blanks after a cited number; in German also one line break */
static size_t list_ws(const char *t, size_t p, size_t e, bool de) {
    if (de) return de_ws(t, p, e);
    while (p < e && is_blank(t[p])) p++;
    return p;
}

/* a word of a citation chain: connectors, citation keywords, numbers, Buchstaben */
static size_t de_chain_token(const char *t, size_t p, size_t e) {
    static const char *W[] = {"und", "oder", "sowie", "bis", "jeweils", "auch", "in", "Verbindung", "mit", "i. V. m.", "iVm",
                              "nach", "den", "dem", "Absatz", "Absatzes", "Abs\xc3\xa4tze", "Abs\xc3\xa4tzen", "Abs.",
                              "Satz", "Satzes", "S\xc3\xa4tze", "S\xc3\xa4tzen", "S.", "Halbsatz", "Halbsatzes", "Nummer",
                              "Nummern", "Nr.", "Buchstabe", "Buchstaben", "Buchst.", "Artikel", "Artikeln", "Artikels",
                              "Art.", "Unterabsatz", "Unterabs\xc3\xa4tze", "Anhang", "Anhangs", "Anlage", NULL};
    if (p >= e) return 0;
    unsigned char c = (unsigned char)t[p];
    if (c == ',') return p + 1;
    if (c == 0xC2 && p + 1 < e && (unsigned char)t[p + 1] == 0xA7) return p + 2; /* § (and §§) */
    if (isdigit(c)) {
        size_t q = p;
        while (q < e && isdigit((unsigned char)t[q])) q++;
        if (q < e && t[q] >= 'a' && t[q] <= 'z' && (q + 1 >= e || !is_alpha((unsigned char)t[q + 1]))) q++;
        return q < e && is_alpha((unsigned char)t[q]) ? 0 : q;
    }
    /* "Buchstabe b, d bis f und h bis o" */
    size_t q = de_word(t, p, e);
    if (q == p + 1 && c >= 'a' && c <= 'z') return q;
    for (const char **w = W; *w; w++) {
        if (!starts_ci(t, p, e, *w)) continue;
        size_t x = p + strlen(*w);
        if (strncmp(*w, "An", 2) == 0) { /* "Anhang I" */
            size_t y = de_ws(t, x, e), z = de_word(t, y, e);
            if (z > y && strspn(t + y, "IVX") >= z - y) x = z;
        }
        return x;
    }
    /* "des § 67c", "der §§ 176 bis 178", "des Absatzes 2": a genitive inside the chain */
    if ((starts_ci(t, p, e, "des") || starts_ci(t, p, e, "der")) && de_chain_token(t, de_ws(t, p + 3, e), e) > 0) {
        size_t x = de_ws(t, p + 3, e);
        if ((unsigned char)t[x] == 0xC2 || is_alpha((unsigned char)t[x])) return p + 3;
    }
    return 0;
}

/* up to three capitalised words at a naming an act ("Waffengesetzes", "Bürgerlichen Gesetzbuchs",
 * "Richtlinie", "Gesetzes über"): 1 another act, 0 this one (its title: "Strafgesetzbuch (StGB)"), -1 none */
static int de_act(const amicus_doc *d, const char *t, size_t a, size_t e) {
    static const char *ACT[] = {"gesetz", "ordnung", "bereinkommen", "abkommen", "richtlinie", "beschluss", "vertrag",
                                "vertr\xc3\xa4ge", "protokoll", "konvention", "pakt", "charta", "statut", "satzung", "kodex", NULL};
    const char *title = amicus_doc_title(d);
    for (int words = 0; words < 3 && a < e; words++) {
        size_t b = de_word(t, a, e);
        /* a word hyphenated across lines: "Anti-Doping-\nGesetzes" */
        while (b < e && t[b - 1] == '-' && b + 1 < e && t[b] == '\n') b = de_word(t, de_ws(t, b, e), e);
        if (b == a || !de_capital(t, a, b)) return -1;
        char f[64];
        de_fold(t, a, b, f, sizeof f);
        for (const char **k = ACT; *k; k++) {
            if (!strstr(f, *k)) continue;
            if (title) {
                size_t tl = strcspn(title, " ");
                char tf[64];
                de_fold(title, 0, tl, tf, sizeof tf);
                if ((title[tl] == 0 || strncmp(title + tl, " (", 2) == 0) && tl >= 6 && strncmp(f, tf, strlen(tf)) == 0) return 0;
            }
            return 1;
        }
        a = de_ws(t, b, e);
    }
    return -1;
}

/* the act named after the citation chain that ends at p: 1 another act, 0 this one, -1 none named */
static int de_context(const amicus_doc *d, const char *t, size_t p, size_t e) {
    size_t q = de_ws(t, p, e), lim = p + 600 < e ? p + 600 : e;
    for (size_t x; q < lim && (x = de_chain_token(t, q, lim)) > 0;) q = de_ws(t, x, e);
    if (starts_ci(t, q, e, "dieses") || starts_ci(t, q, e, "dieser")) return 0;
    const char *title = amicus_doc_title(d);
    /* an abbreviation: "StPO", "TKG", "AufenthG", "GG"; "G v." / "V v." (Gesetz / Verordnung vom) */
    size_t w = de_word(t, q, e);
    if (w > q && w - q <= 12 && isupper((unsigned char)t[q]) && isupper((unsigned char)t[w - 1])) {
        size_t caps = 0;
        bool ascii = true;
        for (size_t i = q; i < w; i++) {
            if (isupper((unsigned char)t[i])) caps++;
            if (!isalpha((unsigned char)t[i])) ascii = false;
        }
        if (ascii && w == q + 1 && w + 2 < e && t[w] == ' ' && t[w + 1] == 'v' && t[w + 2] == '.') return 1;
        if (ascii && caps >= 2 && strspn(t + q, "IVXLCDM") < w - q) {
            /* the law's own abbreviation: "Strafgesetzbuch (StGB)" */
            if (title) {
                for (const char *o = strchr(title, '('); o; o = strchr(o + 1, '('))
                    if (strncmp(o + 1, t + q, w - q) == 0 && o[1 + w - q] == ')') return 0;
            }
            return 1;
        }
    }
    /* a genitive naming an act */
    if (!starts_ci(t, q, e, "des") && !starts_ci(t, q, e, "der")) return -1;
    return de_act(d, t, de_ws(t, q + 3, e), e);
}

/* a list of citations under an intro naming the act: StPO § 100a (2) "1. aus dem Strafgesetzbuch: a) ...
 * nach den §§ 80a bis 82", StGB § 76a (4) "2. aus der Abgabenordnung: a) ... § 370 Absatz 3"; the
 * nearest enclosing node whose own text (before its first child) ends "aus dem/der <act>:" decides */
static int de_intro(const amicus_doc *d, const char *t, int32_t from, size_t at) {
    for (int32_t a = from; a >= 0; a = d->nodes.v[a].parent) {
        const amicus_node *x = &d->nodes.v[a];
        if (x->type != AMICUS_NODE_ITEM && x->type != AMICUS_NODE_PARAGRAPH) break;
        /* the intro ends before the first child, or (the citation in the node's own text: "3. aus dem
         * Anti-Doping-Gesetz:\n\nStraftaten nach § 4 ...") at the first ':' before the citation */
        size_t s = x->body_start, e = x->first_child >= 0 ? d->nodes.v[x->first_child].start : at;
        if (e > at) continue;
        size_t c = s;
        while (c < e && c < s + 200 && t[c] != ':') c++;
        /* an intro of its own without the colon: "1.  aus dem Strafgesetzbuch\n\n    a) ..." (StPO § 100k) */
        if (c >= e && x->first_child >= 0 && e - s < 100) c = e;
        else if (c >= e || c >= s + 200) continue;
        for (size_t q = s; q + 4 < c; q++) {
            if (q > s && is_alpha((unsigned char)t[q - 1])) continue;
            if (!starts_ci(t, q, c, "aus")) continue;
            size_t w = de_ws(t, q + 3, c);
            if (starts_ci(t, w, c, "diesem")) return 0;
            if (starts_ci(t, w, c, "dem") || starts_ci(t, w, c, "der")) return de_act(d, t, de_ws(t, w + 3, c), c);
        }
    }
    return -1;
}

/* one Arabic cited number: "(5)", "5", "٥", "الثالثة", "الأول", and with letters "(أ)" (a clause):
 * the number as cited in num */
static bool ar_num(const char *t, size_t p, size_t e, bool letters, char *num, size_t nsz, size_t *s, size_t *after) {
    size_t q = p;
    while (q < e && is_blank(t[q])) q++;
    bool paren = q < e && t[q] == '(';
    if (paren) { q++; while (q < e && is_blank(t[q])) q++; }
    *s = q;
    size_t a = q;
    long v;
    if (q < e && isdigit((unsigned char)t[q])) {
        long x = 0;
        while (a < e && isdigit((unsigned char)t[a]) && a - q < 6) x = x * 10 + (t[a++] - '0');
        snprintf(num, nsz, "%ld", x);
    } else if (amicus__st_wordnum(t, q, e, &v, &a)) {
        snprintf(num, nsz, "%ld", v);
    } else if (letters && paren && q + 1 < e && ((unsigned char)t[q] == 0xD8 || (unsigned char)t[q] == 0xD9)) {
        /* one Arabic letter, "هـ" with its tatweel */
        a = ar_skip(t, q + 2, e);
        snprintf(num, nsz, "%.2s", t + q);
    } else {
        return false;
    }
    if (paren) {
        while (a < e && is_blank(t[a])) a++;
        if (a >= e || t[a] != ')') return false;
        a++;
    }
    *after = a;
    return true;
}

/* Arabic reference keywords, matched from their lam so that "ال", "ب", "ل", "و" and "في" may come
 * before them, blank or not ("بالبند", "فيالمواد"); duals and plurals before singulars */
typedef struct arkw { const char *w; const char *kind; bool para; } arkw;
static const arkw AR_RKW[] = {
    {"\xd9\x84\xd9\x85\xd8\xa7\xd8\xaf\xd8\xaa\xd9\x8a\xd9\x86", "article", false}, /* (ا)لمادتين */
    {"\xd9\x84\xd9\x85\xd8\xa7\xd8\xaf\xd8\xa9", "article", false},                 /* (ا)لمادة */
    {"\xd9\x84\xd9\x85\xd9\x88\xd8\xa7\xd8\xaf", "article", false},                 /* (ا)لمواد */
    {"\xd9\x84\xd9\x81\xd9\x82\xd8\xb1\xd8\xaa\xd9\x8a\xd9\x86", "paragraph", true}, /* (ا)لفقرتين */
    {"\xd9\x84\xd9\x81\xd9\x82\xd8\xb1\xd8\xa7\xd8\xaa", "paragraph", true},         /* (ا)لفقرات */
    {"\xd9\x84\xd9\x81\xd9\x82\xd8\xb1\xd8\xa9", "paragraph", true},                 /* (ا)لفقرة */
    {"\xd9\x84\xd8\xa8\xd9\x86\xd8\xaf\xd9\x8a\xd9\x86", "clause", true},             /* (ا)لبندين */
    {"\xd9\x84\xd8\xa8\xd9\x86\xd9\x88\xd8\xaf", "clause", true},                     /* (ا)لبنود */
    {"\xd9\x84\xd8\xa8\xd9\x86\xd8\xaf", "clause", true},                             /* (ا)لبند */
    {NULL, NULL, false}};

#define AR_MIN "\xd9\x85\xd9\x86"         /* من "of" */
#define AR_HADH "\xd9\x87\xd8\xb0"        /* هذ(ا|ه) "this" */

/* how often the text cites an article by the Arabic word and a number ("المادة (5)", "فيالمواد (13)",
 * "للمادة الثالثة"): a text headed by bare numbers ("52.") that does calls its provisions articles */
size_t amicus__st_ar_article_cites(const char *t, size_t n) {
    size_t cnt = 0;
    for (size_t p = 0; p + 10 < n; p++) {
        if ((unsigned char)t[p] != 0xD9 || (unsigned char)t[p + 1] != 0x84) continue;
        for (const arkw *x = AR_RKW; x->w; x++) {
            size_t q = x->para ? 0 : ar_at(t, p, n, x->w), s, a;
            char num[24];
            if (q && ar_num(t, q, n, false, num, sizeof num, &s, &a)) { cnt++; p = a - 1; break; }
        }
    }
    return cnt;
}

/* after a reference: "من هذه المادة" (this article: 2), "من هذا النظام" (this law: 1), "من المادة (5)"
 * (of article 5: 3, its number in art), "من قانون العقوبات" (another law: -1), nothing (0); *w_end
 * the end of what was read */
static int ar_context(const char *t, size_t p, size_t e, char *art, size_t asz, size_t *w_end) {
    size_t w = p;
    while (w < e && is_blank(t[w])) w++;
    size_t mn = ar_at(t, w, e, AR_MIN);
    *w_end = p;
    if (!mn) return 0;
    while (mn < e && is_blank(t[mn])) mn++;
    size_t h = ar_at(t, mn, e, AR_HADH);
    if (h) {
        /* "هذه المادة" / "هذهالمادة": the article itself */
        size_t x = h;
        if (h + 1 < e && (((unsigned char)t[h] == 0xD9 && (unsigned char)t[h + 1] == 0x87) || /* ه */
                          ((unsigned char)t[h] == 0xD8 && (unsigned char)t[h + 1] == 0xA7)))  /* ا */
            x = h + 2;
        while (x < e && is_blank(t[x])) x++;
        size_t y = ar_at(t, x, e, "\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7\xd8\xaf\xd8\xa9"); /* المادة */
        if (y) { *w_end = y; return 2; }
        return 1;
    }
    size_t y = ar_at(t, mn, e, "\xd8\xa7\xd9\x84\xd9\x85\xd8\xa7\xd8\xaf\xd8\xa9"); /* المادة */
    size_t s, a;
    if (y && ar_num(t, y, e, false, art, asz, &s, &a)) { *w_end = a; return 3; }
    return -1;
}

/* after an article's number, its paragraph or clause: "المواد (2)البند (1)، (6)البند (1)" (clause 1
 * of article 2, of article 6): fills tail (or "") and returns where the reference ends */
static size_t ar_tail(const char *t, size_t p, size_t e, char *tail, size_t tsz) {
    static const char *KW[] = {"\xd8\xa7\xd9\x84\xd8\xa8\xd9\x86\xd8\xaf",          /* البند */
                               "\xd8\xa7\xd9\x84\xd9\x81\xd9\x82\xd8\xb1\xd8\xa9", /* الفقرة */
                               NULL};
    tail[0] = 0;
    size_t w = p;
    while (w < e && is_blank(t[w])) w++;
    for (const char **k = KW; *k; k++) {
        size_t q = ar_at(t, w, e, *k), s, a;
        if (q && ar_num(t, q, e, true, tail, tsz, &s, &a)) return a;
    }
    tail[0] = 0;
    return p;
}

/* "المادة (5) من هذا النظام", "المادة الثالثة", "للمادة ٥", "المواد (13)، (19) و(24)", written with or
 * without the spaces a noisy extraction lost ("فيالمواد (13)"): one reference per number, internal
 * unless followed by "من" and not "من هذا/هذه". Paragraphs and clauses: "البند (1) من هذه المادة",
 * "الفقرة الأولى", "البندين (1)، (2)", "الفقرة (2) من المادة (5)", "البند (أ)": resolved in the
 * article cited after them, else from where they stand up to their article. */
static bool ar_references(st_ctx *c, const pmap *m, size_t *unresolved) {
    amicus_doc *d = c->doc;
    const char *t = c->t;
    size_t n = c->n;
    size_t before = d->refs.n;
    for (size_t p = 0; p + 10 < n; p++) {
        if ((unsigned char)t[p] != 0xD9 || (unsigned char)t[p + 1] != 0x84) continue;
        size_t q = 0;
        const arkw *k = NULL;
        for (const arkw *x = AR_RKW; x->w && !q; x++)
            if ((q = ar_at(t, p, n, x->w))) k = x;
        if (!q) continue;
        size_t ks = p >= 2 && (unsigned char)t[p - 2] == 0xD8 && (unsigned char)t[p - 1] == 0xA7 ? p - 2 : p;
        /* not a heading's own keyword */
        const amicus_node *at = amicus_doc_node_at(d, ks);
        if (at && at->start <= ks && ks < at->body_start && at->type != AMICUS_NODE_DOCUMENT && at->type != AMICUS_NODE_PREAMBLE &&
            at->type != AMICUS_NODE_LANGPART) { p = q - 1; continue; }
        char nums[16][24], tails[16][24];
        size_t starts[16], ends[16];
        int nn = 0;
        size_t s0, a;
        if (!ar_num(t, q, n, k->para, nums[0], sizeof nums[0], &s0, &a)) { p = q - 1; continue; }
        if (!k->para) a = ar_tail(t, a, n, tails[0], sizeof tails[0]);
        else tails[0][0] = 0;
        starts[nn] = ks, ends[nn] = a, nn++;
        for (;;) {
            size_t w = a;
            while (w < n && is_blank(t[w])) w++;
            bool sep = false;
            if (w < n && t[w] == ',') { w++; sep = true; }
            else if (w + 1 < n && (unsigned char)t[w] == 0xD8 && (unsigned char)t[w + 1] == 0x8C) { w += 2; sep = true; } /* ، */
            while (w < n && is_blank(t[w])) w++;
            if (w + 1 < n && (unsigned char)t[w] == 0xD9 && (unsigned char)t[w + 1] == 0x88) { w += 2; sep = true; } /* و "and" */
            if (!sep || nn >= 16 || !ar_num(t, w, n, k->para, nums[nn], sizeof nums[0], &s0, &a)) break;
            if (!k->para) a = ar_tail(t, a, n, tails[nn], sizeof tails[0]);
            else tails[nn][0] = 0;
            starts[nn] = s0, ends[nn] = a, nn++;
        }
        size_t end = ends[nn - 1];
        char art[24] = "";
        size_t ctx_end;
        int ctx = ar_context(t, end, n, art, sizeof art, &ctx_end);
        bool external = ctx < 0;
        int32_t from = amicus_doc_node_at(d, ks)->index;
        int32_t scope = scope_of(d, from);
        const amicus_node *fp = amicus__st_provision_of(d, from);
        if (fp && (fp->flags & AMICUS_NODE_F_QUOTED)) external = true;
        /* the article a paragraph is resolved in: the one cited after it, or the containing one */
        int32_t base = -1;
        if (k->para && !external) {
            if (ctx == 3) {
                base = pm_find(d, m, scope, art);
                /* "من المادة (5) من قانون …": that article is another law's */
                char a2[24];
                size_t e2;
                if (ar_context(t, ctx_end, n, a2, sizeof a2, &e2) < 0) external = true;
            } else if (ctx == 2 && fp) base = fp->index;
            else base = from;
        }
        char *text = amicus__arena_strndup(&d->arena, t + ks, end - ks);
        if (!text) return false;
        for (int i = 0; i < nn; i++) {
            amicus_reference ref = {0};
            char spec[48];
            snprintf(spec, sizeof spec, tails[i][0] ? "%s %s(%s)" : "%s %s", k->kind, nums[i], tails[i]);
            ref.text = text;
            ref.start = starts[i];
            ref.end = ends[i];
            ref.from = from;
            ref.external = external;
            ref.target = -1;
            if (!external && !k->para) {
                ref.target = pm_find(d, m, scope, nums[i]);
                if (ref.target >= 0 && tails[i][0]) ref.target = find_in(d, ref.target, tails[i]);
            }
            else if (!external && base >= 0) {
                /* up from where the reference stands to its article, or in the article cited; a
                 * "الفقرة" is a paragraph, never an item of a list ("البند" may be either) */
                bool par_only = strcmp(k->kind, "paragraph") == 0;
                int32_t art_of = -1;
                for (int32_t x = base; x >= 0 && ref.target < 0; x = d->nodes.v[x].parent) {
                    ref.target = find_in(d, x, nums[i]);
                    if (par_only && ref.target >= 0 && d->nodes.v[ref.target].type != AMICUS_NODE_PARAGRAPH) ref.target = -1;
                    if (d->nodes.v[x].type == AMICUS_NODE_PROVISION) { art_of = x; break; }
                }
                /* "الفقرة الأولى" of an article without numbered paragraphs: its own first paragraph,
                 * the text before any list */
                if (ref.target < 0 && par_only && art_of >= 0 && strcmp(nums[i], "1") == 0) {
                    bool numbered = false;
                    for (int32_t ch = d->nodes.v[art_of].first_child; ch >= 0 && !numbered; ch = d->nodes.v[ch].next_sibling)
                        numbered = d->nodes.v[ch].type == AMICUS_NODE_PARAGRAPH;
                    if (!numbered) ref.target = art_of;
                }
            }
            ref.target_spec = amicus__arena_strdup(&d->arena, spec);
            if (!ref.target_spec) return false;
            /* a paragraph of no article named may be an article's own list the outline does not hold */
            bool report = !k->para || ctx >= 2;
            if (!external && ref.target < 0 && report && (*unresolved)++ < HEALTH_CAP) {
                amicus_location loc;
                amicus_doc_locate(d, ks, &loc);
                amicus__doc_health(d, "unresolved-reference", ks, from, "\"%s\" at line %lu: no %s found", text, loc.line, spec);
            }
            if (!AMICUS_VEC_PUSH(d->refs, ref)) return false;
        }
        p = end - 1;
    }
    /* keep the references in text order when Latin-script ones came first */
    if (before > 0 && d->refs.n > before) {
        for (size_t i = before; i < d->refs.n; i++) {
            amicus_reference x = d->refs.v[i];
            size_t j = i;
            while (j > 0 && d->refs.v[j - 1].start > x.start) { d->refs.v[j] = d->refs.v[j - 1]; j--; }
            d->refs.v[j] = x;
        }
    }
    return true;
}

/* does the provision r cites have, beside its last tail element, one numbered num? */
static bool gtail_sibling(const rctx *rc, const rnum *r, const char *num) {
    int32_t tg = pm_find(rc->d, rc->m, rc->scope, r->num);
    for (int j = 0; j + 1 < r->ntail && tg >= 0; j++) tg = find_in(rc->d, tg, r->tail[j]);
    return tg >= 0 && find_in(rc->d, tg, num) >= 0;
}

bool amicus__st_references(st_ctx *c) {
    amicus_doc *d = c->doc;
    const char *t = c->t;
    size_t n = c->n;
    pmap m = {0};
    if (!pm_build(d, &m)) return false;
    rctx rc = {d, &m, 0, false};
    for (size_t i = 0; i < d->provisions.n && !rc.dash_numbers; i++) {
        const char *num = d->nodes.v[d->provisions.v[i]].number;
        /* "L. 852-1", "121-7"; not Peru's "5-A" */
        const char *h = num ? strchr(num, '-') : NULL;
        if (h && isdigit((unsigned char)h[1])) rc.dash_numbers = true;
    }
    size_t unresolved = 0;
    int32_t last_prov_target = -1;
    size_t last_prov_end = 0;
    /* header spans to skip: provisions' and groups' own headings */
    size_t ni = 1;
    for (size_t p = 0; p < n; p++) {
        unsigned char ch = (unsigned char)t[p];
        int lc = tolower(ch);
        if (lc != 'a' && lc != 's' && lc != 'p' && lc != 'c' && ch != 0xC2 && lc != 't') continue;
        if (p > 0 && is_alpha((unsigned char)t[p - 1]) && ch != 0xC2) continue;
        const rkw *k = NULL;
        for (const rkw *x = RKW; x->w; x++) {
            /* most words start with none of the keywords' letters: compare the first byte first (RKW words
             * are written in lower case, so lc covers both cases of a letter; ch the "§" lead byte 0xC2) */
            if ((unsigned char)x->w[0] != lc && (unsigned char)x->w[0] != ch) continue;
            size_t l = strlen(x->w);
            if (p + l <= n && strncasecmp(t + p, x->w, l) == 0 &&
                (x->w[l - 1] == '.' || (unsigned char)x->w[0] == 0xC2 || p + l >= n || !is_alpha((unsigned char)t[p + l]))) { k = x; break; }
        }
        if (!k) continue;
        size_t kl = strlen(k->w);
        /* skip headers: the position lies in a node's own heading */
        while (ni < d->nodes.n && d->nodes.v[ni].start <= p) ni++;
        bool inhead = false;
        {
            const amicus_node *x = &d->nodes.v[ni - 1];
            if (x->start <= p && p < x->body_start && x->type != AMICUS_NODE_DOCUMENT && x->type != AMICUS_NODE_LANGPART &&
                x->type != AMICUS_NODE_PREAMBLE)
                inhead = true;
        }
        if (inhead || amicus__st_in_contents(c, p)) { p += kl - 1; continue; } /* a contents list cites nothing */
        int32_t from = amicus_doc_node_at(d, p)->index;
        const char *lang = d->nodes.v[from].lang;
        bool de = lang && strcmp(lang, "de") == 0;
        size_t q = p + kl;
        while (q < n && (is_blank(t[q]) || (unsigned char)t[q] == 0xC2)) {
            if ((unsigned char)t[q] == 0xC2 && q + 1 < n && (unsigned char)t[q + 1] == 0xA0) q += 2;
            else if (is_blank(t[q])) q++;
            else break;
        }
        /* German text is hard-wrapped between the keyword and its number too ("den §§\n68b und 68c") */
        if (de && q < n && t[q] == '\n') q = de_ws(t, q, n);
        if (q == p + kl && (unsigned char)k->w[0] != 0xC2 && k->w[kl - 1] != '.') continue;
        /* "§ 2" in a law of articles is a paragraph of an article (Brazil) */
        int what = k->what;
        if (k->fam == FAM_PAR && c->fam != FAM_PAR && c->fam != FAM_SEC) what = R_PARA;
        rnum nums[16];
        int nn = 0;
        rnum r;
        int32_t scope = scope_of(d, from);
        rc.scope = scope;
        if (!parse_rnum(&rc, t, q, n, what, &r)) { p = q > p ? q - 1 : p; continue; }
        nums[nn++] = r;
        size_t end = r.e;
        /* lists and ranges: ", 15", " and 15", " or 15", " through 11", " to 11", "-11" */
        for (;;) {
            size_t w = end;
            bool range = false;
            bool after_gtail = nums[nn - 1].gtail;
            /* German lists are hard-wrapped too ("§§ 306 bis 306c\n    oder 307 Abs. 1 bis 3") */
            w = list_ws(t, w, n, de);
            bool sep = false;
            if (w < n && t[w] == ',') { w = list_ws(t, w + 1, n, de); sep = true; }
            size_t w0 = w;
            if (starts_ci(t, w, n, "and")) w += 3;
            else if (de && (starts_ci(t, w, n, "oder") || starts_ci(t, w, n, "sowie"))) w += (t[w] | 0x20) == 'o' ? 4 : 5;
            else if (starts_ci(t, w, n, "en") || starts_ci(t, w, n, "et") || starts_ci(t, w, n, "und")) w += t[w] == 'u' ? 3 : 2;
            else if (starts_ci(t, w, n, "y") || starts_ci(t, w, n, "e")) w += 1;
            else if (starts_ci(t, w, n, "or")) w += 2;
            else if (starts_ci(t, w, n, "through")) { w += 7; range = true; }
            else if (starts_ci(t, w, n, "to") && what == R_PROV) { w += 2; range = true; }
            /* German "14 bis 16", Spanish "5 a 8", "588 ter a a 588 ter i", "1 al 5", "hasta" */
            else if (starts_ci(t, w, n, "bis")) { w += 3; range = true; }
            else if (starts_ci(t, w, n, "a") || starts_ci(t, w, n, "al") || starts_ci(t, w, n, "hasta")) {
                w += t[w + 1] == 'l' ? 2 : (t[w + 1] == 'a' || t[w + 1] == 'A') ? 5 : 1;
                range = true;
            }
            else if (w < n && t[w] == '-' && w == end && !rc.dash_numbers) { w++; range = true; }
            else if (w == end) break;
            /* a line break only inside the list, never before a number without a separator */
            if (w != w0) sep = true;
            if (!sep && memchr(t + end, '\n', w - end)) break;
            w = list_ws(t, w, n, de);
            rnum r2;
            if (nn >= 16 || !parse_rnum(&rc, t, w, n, what, &r2)) break;
            /* after a German tail the next number may count Absätze ("§ 308 Abs. 1 bis 4", "Abs. 1 und 3")
             * or provisions ("Artikel 6 Absatz 1 Buchstabe b, 7, 9 Absatz 3"): it counts Absätze when
             * the cited provision has that one (not represented: the list ends); after "Absatz 1 Nr. 2"
             * they count the innermost level ("Absatz 1 Nr. 2, 5 oder 7": the list ends) */
            if (after_gtail && (range || what == R_PARA || gtail_sibling(&rc, &nums[nn - 1], r2.num))) break;
            r2.range_to = range;
            nums[nn++] = r2;
            end = r2.e;
        }
        /* "Article 4, paragraph 2" / "Article 6 paragraph 1": the paragraph of the article just cited */
        int32_t cited_base = -1;
        if (what == R_PARA && last_prov_target >= 0 && p >= last_prov_end && p <= last_prov_end + 2) {
            bool gap_ok = true;
            for (size_t g = last_prov_end; g < p; g++) if (t[g] != ',' && !is_blank(t[g])) gap_ok = false;
            if (gap_ok) cited_base = last_prov_target;
        }
        if (de && k->fam == KW_ABSATZ && cited_base < 0 && last_prov_target >= 0 && p >= last_prov_end && p - last_prov_end < 400) {
            /* "§ 315d Absatz 1 Nummer 2 oder 3, Absatz 2, 4 oder 5": Absätze of the § the chain cites */
            size_t g = de_ws(t, last_prov_end, n);
            /* not past another "§" (one cited in a way not read: then the Absatz is not this §'s) */
            for (size_t x; g < p && (unsigned char)t[g] != 0xC2 && (x = de_chain_token(t, g, p)) > 0;) g = de_ws(t, x, n);
            if (g == p) cited_base = d->nodes.v[last_prov_target].provision;
        }
        int32_t keep_base = de && k->fam == KW_ABSATZ ? cited_base : -1;
        int32_t of_prov = -1;
        int of_this = 0;
        /* German names another act after the whole citation chain, in its own words */
        int ctx = de ? de_context(d, t, end, n) : ref_context(d, t, end, n, &of_prov, &m, scope, &of_this);
        if (de && ctx < 0) ctx = de_intro(d, t, from, p);
        if (cited_base >= 0 && of_prov < 0) of_prov = cited_base;
        last_prov_target = -1;
        bool external = ctx == 1;
        /* a provision quoted by an amending law cites the law it belongs to, not this one */
        {
            const amicus_node *fp = amicus__st_provision_of(d, from);
            if (fp && (fp->flags & AMICUS_NODE_F_QUOTED)) external = true;
        }
        /* "of the Convention/Covenant" from inside a protocol: external; inside the instrument itself it is rare */
        char *text = amicus__arena_strndup(&d->arena, t + p, end - p);
        if (!text) { amicus__free(m.tab); return false; }
        for (int i = 0; i < nn; i++) {
            amicus_reference ref = {0};
            ref.text = text;
            ref.start = i == 0 ? p : nums[i].s;
            ref.end = nums[i].e;
            ref.from = from;
            ref.external = external;
            ref.target = -1;
            char spec[128];
            if (i + 1 < nn && nums[i + 1].range_to) {
                snprintf(spec, sizeof spec, "%ss %s-%s", k->kind, nums[i].num, nums[i + 1].num);
            } else if (nums[i].range_to) {
                continue; /* the end of a range is part of the previous reference */
            } else {
                int w = snprintf(spec, sizeof spec, "%s %s", k->kind, nums[i].num);
                for (int j = 0; j < nums[i].ntail && w > 0 && (size_t)w < sizeof spec; j++)
                    w += snprintf(spec + w, sizeof spec - (size_t)w, "(%s)", nums[i].tail[j]);
            }
            ref.target_spec = amicus__arena_strdup(&d->arena, spec);
            if (!ref.target_spec) { amicus__free(m.tab); return false; }
            if (!external) {
                int32_t tg = -1;
                bool provfam = what == R_PROV &&
                               (k->fam == c->fam || c->fam == FAM_NUM || (c->fam == FAM_PAR && k->fam == FAM_SEC) ||
                                (c->fam == FAM_SEC && k->fam == FAM_PAR));
                if (provfam) {
                    tg = pm_find(d, &m, scope, nums[i].num);
                    for (int j = 0; j < nums[i].ntail && tg >= 0; j++) {
                        int32_t x = find_in(d, tg, nums[i].tail[j]);
                        if (x < 0) break;
                        tg = x;
                    }
                } else if (what == R_PARA) {
                    /* relative to the enclosing nodes, or to "of article N" */
                    int32_t base = of_prov >= 0 ? of_prov : from;
                    if (k->fam == KW_ABSATZ && of_prov < 0) {
                        const amicus_node *fp = amicus__st_provision_of(d, from);
                        if (fp) base = fp->index;
                    }
                    const char *want = nums[i].num;
                    int32_t a = base;
                    if (k->fam == KW_ABSATZ && d->nodes.v[base].type == AMICUS_NODE_PROVISION) {
                        /* an Absatz is a paragraph of the provision, never an item deeper down */
                        for (int32_t ch = d->nodes.v[base].first_child; ch >= 0 && tg < 0; ch = d->nodes.v[ch].next_sibling)
                            if (d->nodes.v[ch].number && strcmp(d->nodes.v[ch].number, want) == 0) tg = ch;
                        a = -1;
                    }
                    while (a >= 0 && tg < 0) {
                        tg = find_in(d, a, want);
                        if (d->nodes.v[a].type == AMICUS_NODE_PROVISION) break;
                        a = d->nodes.v[a].parent;
                    }
                    for (int j = 0; j < nums[i].ntail && tg >= 0; j++) {
                        int32_t x = find_in(d, tg, nums[i].tail[j]);
                        if (x < 0) break;
                        tg = x;
                    }
                    if (tg < 0 && ctx != 0 && of_prov < 0) { /* "paragraph 3" of an unknown instrument: leave it */ }
                } else {
                    /* groupings, and the other provision family ("Section 2" in a treaty) */
                    const char *kind = what == R_PROV ? "section" : k->kind;
                    for (size_t j = 1; j < d->nodes.n; j++) {
                        const amicus_node *g = &d->nodes.v[j];
                        if (g->type == AMICUS_NODE_GROUP && g->kind && strcmp(g->kind, kind) == 0 && g->number &&
                            strcasecmp(g->number, nums[i].num) == 0 && in_scope(d, (int32_t)j, scope)) { tg = (int32_t)j; break; }
                    }
                    if (what == R_GROUP && strcmp(k->kind, "title") == 0 && tg < 0) { ref.external = 1; }
                }
                ref.target = tg;
                if (tg < 0 && !ref.external) {
                    bool report = what != R_PARA || of_prov >= 0 || of_this;
                    if (report && unresolved++ < HEALTH_CAP) {
                        amicus_location loc;
                        amicus_doc_locate(d, p, &loc);
                        amicus__doc_health(d, "unresolved-reference", p, from, "\"%s\" at line %lu: no %s found", text, loc.line, spec);
                    }
                }
            }
            if (what == R_PROV && !ref.external) { last_prov_target = ref.target; last_prov_end = nums[i].e; }
            if (!AMICUS_VEC_PUSH(d->refs, ref)) { amicus__free(m.tab); return false; }
        }
        /* the chain goes on: "Absatz 2, 4 oder 5" stays with § 315d for a later "Absatz" */
        if (keep_base >= 0) { last_prov_target = keep_base; last_prov_end = end; }
        p = end > p ? end - 1 : p;
    }
    if (!ar_references(c, &m, &unresolved)) { amicus__free(m.tab); return false; }
    if (unresolved > HEALTH_CAP)
        amicus__doc_health(d, "unresolved-reference", 0, -1, "%zu more unresolved references not listed", unresolved - HEALTH_CAP);
    amicus__free(m.tab);
    return true;
}
