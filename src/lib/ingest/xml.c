/* xml.c — ingest: legislative XML (Akoma Ntoso, LegalDocML.de, CLML, USLM, Formex) to a text layout with a line map. */
#include "ingest/ingest.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <ctype.h>
#include <pthread.h>
#include <strings.h>

#define XML_MAX_DEPTH AMICUS_MAX_DEPTH_CEILING /* checked before: amicus__markup_depth */

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }
static void silent_error(void *ctx, xmlErrorPtr e) { (void)ctx; (void)e; }

/* element roles */
enum { R_INLINE = 0, R_SKIP, R_BLOCK, R_GROUP, R_PROV, R_SUB, R_NUM, R_HEAD, R_QUOTE, R_TRANSPARENT_HEAD };

typedef struct xstate {
    amicus__emitter *e;
    const char *in;
    size_t n;
    size_t *lines;       /* offset of each source line start */
    size_t nlines;
    amicus_format fmt;
    bool space;          /* a collapsed blank is pending */
    bool oom;
    const char *lang;    /* "de", "fr" ... from the root, for article keywords */
    int in_schedule;
    size_t cursor;       /* source search position for text nodes */
    bool glue;           /* after a number: the next block stays on its line */
    amicus_doc *doc;     /* eIds go to doc->eids (offsets into the output, remapped by ingest) */
} xstate;

static const char *lname(const xmlNode *n) { return n->name ? (const char *)n->name : ""; }
static bool is(const xmlNode *n, const char *name) { return strcmp(lname(n), name) == 0; }

static int role_of(const xstate *x, const xmlNode *n) {
    const char *s = lname(n);
    static const char *const skip[] = {
        /* AKN */ "meta", "toc", "authorialNote", "noteRef", "note", "notes", "componentRef", "eol", "eop",
        /* CLML */ "Metadata", "Contents", "Commentaries", "CommentaryRef", "Footnotes", "FootnoteRef",
        "MarginNotes", "Resources", "Versions", "Image",
        /* USLM */ "sidenote", "footnote", "toc", "endMarker",
        /* Formex */ "BIB.INSTANCE", "NOTE", "INFO.PROD", "INFO.CONSLEG", "FT.PUBLICATION", "TOC", "REF.DOC.OJ",
        "PAGE", "IMAGE", "FINAL", NULL};
    for (const char *const *p = skip; *p; p++)
        if (!strcmp(s, *p)) return R_SKIP;
    static const char *const group[] = {"book", "part", "title", "subtitle", "chapter", "subchapter", "division",
                                        "subdivision", "subpart", "tome", "Part", "Chapter", "Pblock", "PsubBlock",
                                        "Schedule", "DIVISION", "ANNEX", NULL};
    static const char *const prov[] = {"article", "rule", "P1", "ARTICLE", NULL};
    static const char *const sub[] = {"paragraph", "subparagraph", "point", "item", "indent", "clause",
                                      "subclause", "alinea", "subsection", "P2", "P3", "P4", "P5", "P6", "PARAG",
                                      "ITEM", "NP", "CONSID", "level", "hcontainer", "crossHeading", NULL};
    static const char *const block[] = {"p", "content", "intro", "listIntroduction", "wrapUp", "wrap",
                                        "chapeau", "continuation", "blockList", "list", "longTitle", "preface",
                                        "preamble", "formula", "conclusions", "Text", "P1para", "P2para",
                                        "P3para", "P4para", "PrimaryPrelims", "LongTitle", "Title", "TitleBlock",
                                        "ALINEA", "TXT", "P", "TI", "STI", "PREAMBLE", "PREAMBLE.INIT",
                                        "PREAMBLE.FINAL", "GR.CONSID", "GR.VISA", "VISA", "ENACTING.TERMS",
                                        "LIST", "tr", "row", "TBL", "ROW", "docTitle", "docNumber", "block",
                                        "tblock", "signature", "signatures", "section", NULL};
    if (x->fmt == AMICUS_FORMAT_USLM) {
        if (!strcmp(s, "section")) return R_PROV;
        if (!strcmp(s, "title") || !strcmp(s, "chapter") || !strcmp(s, "subtitle") || !strcmp(s, "part") ||
            !strcmp(s, "subpart") || !strcmp(s, "division") || !strcmp(s, "subchapter"))
            return R_GROUP;
        if (!strcmp(s, "heading")) return R_HEAD;
        if (!strcmp(s, "num")) return R_NUM;
        if (!strcmp(s, "meta") || !strcmp(s, "notes") || !strcmp(s, "note")) return R_SKIP;
    }
    if (x->fmt == AMICUS_FORMAT_AKN && !strcmp(s, "section")) return R_GROUP;
    if (!strcmp(s, "num") || !strcmp(s, "Pnumber") || !strcmp(s, "NO.PARAG") || !strcmp(s, "NO.P") ||
        !strcmp(s, "Number"))
        return R_NUM;
    if (!strcmp(s, "heading") || !strcmp(s, "subheading") || !strcmp(s, "STI.ART")) return R_HEAD;
    if (!strcmp(s, "TI.ART")) return R_NUM;
    if (!strcmp(s, "quotedStructure") || !strcmp(s, "quotedText") || !strcmp(s, "BlockAmendment") ||
        !strcmp(s, "quotedContent") ||
        !strcmp(s, "QUOT.S"))
        return R_QUOTE;
    if (!strcmp(s, "P1group")) return R_TRANSPARENT_HEAD;
    for (const char *const *p = group; *p; p++)
        if (!strcmp(s, *p)) return R_GROUP;
    for (const char *const *p = prov; *p; p++)
        if (!strcmp(s, *p)) return x->in_schedule && !strcmp(s, "P1") ? R_SUB : R_PROV;
    for (const char *const *p = sub; *p; p++)
        if (!strcmp(s, *p)) return R_SUB;
    for (const char *const *p = block; *p; p++)
        if (!strcmp(s, *p)) return R_BLOCK;
    return R_INLINE;
}

/* source offset of a node: start of its line */
static size_t node_src(const xstate *x, const xmlNode *n) {
    long ln = xmlGetLineNo(n);
    if (ln <= 0) {
        for (const xmlNode *p = n->parent; p && ln <= 0; p = p->parent) ln = xmlGetLineNo(p);
    }
    if (ln <= 0 || (size_t)ln > x->nlines) return 0;
    return x->lines[ln - 1];
}

static bool xws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

static void put(xstate *x, const char *s, size_t n, size_t src) {
    if (x->oom || !n) return;
    if (s[0] != '\n') x->glue = false;
    if (!amicus__emit(x->e, s, n, src, 0)) x->oom = true;
}

static void newline(xstate *x, size_t src) {
    if (x->glue) { x->space = true; return; }
    x->space = false;
    if (!x->e->buf.n || amicus__emit_last(x->e) == '\n') return;
    put(x, "\n", 1, src);
}

static void blankline(xstate *x, size_t src) {
    newline(x, src);
    size_t m = x->e->buf.n;
    if (m >= 2 && x->e->buf.s[m - 2] != '\n') put(x, "\n", 1, src);
}

/* text with blanks collapsed */
static void text(xstate *x, const char *s, size_t src) {
    size_t i = 0, n = strlen(s);
    while (i < n) {
        if (xws((unsigned char)s[i])) {
            if (x->e->buf.n && amicus__emit_last(x->e) != '\n' && amicus__emit_last(x->e) != ' ') x->space = true;
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !xws((unsigned char)s[j])) j++;
        if (x->space) { put(x, " ", 1, src); x->space = false; }
        put(x, s + i, j - i, src);
        i = j;
    }
}

/* A text node: found in the source from the cursor on, each word mapped to its own bytes
 * (shifted a little after entity references); else the start of the node's line. */
static void text_node(xstate *x, const xmlNode *c) {
    const char *s = (const char *)c->content;
    size_t n = strlen(s), a = 0;
    while (a < n && xws((unsigned char)s[a])) a++;
    if (a == n) { text(x, s, node_src(x, c)); return; }
    size_t k = 0;
    while (a + k < n && k < 24 && !xws((unsigned char)s[a + k]) && s[a + k] != '&' && s[a + k] != '<') k++;
    size_t from = x->cursor, ls = node_src(x, c);
    if (ls > from) from = ls;
    size_t lim = from + 65536 < x->n ? from + 65536 : x->n;
    const char *hit = NULL;
    if (k && from < lim)
        for (const char *p = x->in + from; p + k <= x->in + lim; p++) {
            p = memchr(p, s[a], (size_t)(x->in + lim - p));
            if (!p || p + k > x->in + lim) { p = NULL; break; }
            if (!memcmp(p, s + a, k)) { hit = p; break; }
        }
    if (!hit) { text(x, s, ls); return; }
    size_t base = (size_t)(hit - x->in) - a;
    x->cursor = (size_t)(hit - x->in) + k;
    size_t i = 0;
    while (i < n) {
        if (xws((unsigned char)s[i])) {
            if (x->e->buf.n && amicus__emit_last(x->e) != '\n' && amicus__emit_last(x->e) != ' ') x->space = true;
            i++;
            continue;
        }
        size_t j = i;
        while (j < n && !xws((unsigned char)s[j])) j++;
        size_t src = base + i < x->n ? base + i : x->n;
        if (x->space) { put(x, " ", 1, src ? src - 1 : 0); x->space = false; }
        if (x->oom) return;
        if (!amicus__emit(x->e, s + i, j - i, src, j - i)) x->oom = true;
        i = j;
    }
}

/* collapsed, trimmed text content of a node (skipped elements left out) into b */
static void gather(const xstate *x, const xmlNode *n, amicus__buf *b, int depth) {
    if (depth > XML_MAX_DEPTH) return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            const char *s = (const char *)c->content;
            for (; s && *s; s++) {
                if (xws((unsigned char)*s)) {
                    if (b->n && b->s[b->n - 1] != ' ') amicus__buf_putc(b, ' ');
                } else {
                    amicus__buf_putc(b, *s);
                }
            }
        } else if (c->type == XML_ELEMENT_NODE && is(c, "br")) {
            if (b->n && b->s[b->n - 1] != ' ') amicus__buf_putc(b, ' '); /* a line break is a blank */
        } else if (c->type == XML_ELEMENT_NODE && role_of(x, c) != R_SKIP) {
            if (b->n && b->s[b->n - 1] != ' ' && role_of(x, c) == R_BLOCK) amicus__buf_putc(b, ' ');
            gather(x, c, b, depth + 1);
        }
    }
    /* trimmed once, at the end: a child's trailing blank ("Gesetz <br/>zur …") stays between words */
    if (depth == 0)
        while (b->n && b->s[b->n - 1] == ' ') b->n--;
    if (b->s) b->s[b->n] = 0;
}

static char *gather_str(const xstate *x, const xmlNode *n) {
    amicus__buf b = {0};
    gather(x, n, &b, 0);
    if (b.oom) { amicus__buf_free(&b); return NULL; }
    if (!b.s) return NULL;
    char *s = b.s;
    while (*s == ' ') s++;
    if (!*s) { amicus__buf_free(&b); return NULL; }
    if (s != b.s) memmove(b.s, s, strlen(s) + 1);
    return b.s;
}

static bool starts_alpha(const char *s) {
    unsigned char c = (unsigned char)s[0];
    return isalpha(c) || c == 0xC2 /* § */ || c >= 0xC3;
}

static const xmlNode *child_role(const xstate *x, const xmlNode *n, int role) {
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && role_of(x, c) == role) return c;
    return NULL;
}

/* Formex DIVISION / CLML Part: TITLE>TI holds "CHAPTER 1", STI the heading */
static const xmlNode *formex_title(const xmlNode *n, const char *which) {
    for (const xmlNode *c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && (is(c, "TITLE") || is(c, "TitleBlock")))
            for (const xmlNode *d = c->children; d; d = d->next)
                if (d->type == XML_ELEMENT_NODE && is(d, which)) return d;
    return NULL;
}

static void walk(xstate *x, const xmlNode *n, int depth, const char *inherited_head);
static void record_eid(xstate *x, const xmlNode *n);

static const char *prov_keyword(const xstate *x, const xmlNode *n) {
    if (x->fmt == AMICUS_FORMAT_USLM || x->fmt == AMICUS_FORMAT_CLML) return "Section";
    if (x->lang && !strcmp(x->lang, "de")) return "Artikel";
    return "Article";
}

static const char *group_keyword(const xmlNode *n) {
    const char *s = lname(n);
    if (!strcasecmp(s, "part") || !strcmp(s, "subpart")) return "Part";
    if (!strcasecmp(s, "chapter") || !strcmp(s, "subchapter")) return "Chapter";
    if (!strcasecmp(s, "title") || !strcmp(s, "subtitle")) return "Title";
    if (!strcasecmp(s, "book")) return "Book";
    if (!strcasecmp(s, "section")) return "Section";
    if (!strcmp(s, "Schedule")) return "Schedule";
    return "Division";
}

/* A header line: "Article 5 - Heading" (groups and provisions). */
static void header(xstate *x, const xmlNode *n, int role, const char *inherited_head) {
    size_t src = node_src(x, n);
    const xmlNode *num = child_role(x, n, R_NUM), *head = child_role(x, n, R_HEAD);
    if (!num) num = formex_title(n, "TI");
    if (!head) head = formex_title(n, "STI");
    if (!head && (is(n, "Part") || is(n, "Chapter") || is(n, "Pblock") || is(n, "Schedule"))) {
        for (const xmlNode *c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && (is(c, "Title") || is(c, "TitleBlock"))) { head = c; break; }
    }
    char *ns = num ? gather_str(x, num) : NULL, *hs = head ? gather_str(x, head) : NULL;
    if (hs && !ns && role == R_PROV && starts_alpha(hs) && strpbrk(hs, "0123456789") && strlen(hs) < 20) {
        ns = hs; /* LegalDocML.de: empty num, heading "Artikel 1" */
        hs = NULL;
    }
    if (!hs && inherited_head) hs = amicus__strdup(inherited_head);
    blankline(x, src);
    record_eid(x, n);
    amicus__buf lab = {0};
    if (ns && starts_alpha(ns)) {
        /* "SEC. 2." -> "SEC. 2", "TITLE I—" -> "TITLE I" */
        size_t l = strlen(ns);
        while (l && (ns[l - 1] == '.' || ns[l - 1] == ' ' || ns[l - 1] == '-' || ns[l - 1] == ':' ||
                     (l >= 3 && (unsigned char)ns[l - 3] == 0xE2 && (unsigned char)ns[l - 2] == 0x80)))
            l -= (l >= 3 && (unsigned char)ns[l - 3] == 0xE2 && (unsigned char)ns[l - 2] == 0x80) ? 3 : 1;
        amicus__buf_put(&lab, ns, l);
    } else {
        amicus__buf_puts(&lab, role == R_PROV ? prov_keyword(x, n) : group_keyword(n));
        if (ns) {
            amicus__buf_putc(&lab, ' ');
            size_t l = strlen(ns);
            while (l && (ns[l - 1] == '.' || ns[l - 1] == ' ')) l--;
            amicus__buf_put(&lab, ns, l);
        } else {
            const xmlChar *v = xmlGetProp(n, (const xmlChar *)"value");
            if (v) { amicus__buf_putc(&lab, ' '); amicus__buf_puts(&lab, (const char *)v); xmlFree((void *)v); }
        }
    }
    if (lab.s) text(x, lab.s, src);
    if (hs) {
        put(x, " - ", 3, src);
        text(x, hs, src);
    }
    newline(x, src);
    amicus__buf_free(&lab);
    amicus__free(ns);
    amicus__free(hs);
}

/* Record n's eId (if any) at the current output position: where its header or number starts. */
static void record_eid(xstate *x, const xmlNode *n) {
    xmlChar *v = xmlGetProp(n, (const xmlChar *)"eId");
    if (!v) return;
    size_t off = x->e->buf.n;
    if (x->doc && *v && (!x->doc->eids.n || x->doc->eids.v[x->doc->eids.n - 1].off < off)) {
        const char *s = amicus__arena_strdup(&x->doc->arena, (const char *)v);
        if (!s || !AMICUS_VEC_PUSH(x->doc->eids, ((amicus__eid){off, s}))) x->oom = true;
    }
    xmlFree(v);
}

static void children(xstate *x, const xmlNode *n, int depth, const xmlNode *skip1, const xmlNode *skip2) {
    for (const xmlNode *c = n->children; c && !x->oom; c = c->next) {
        if (c == skip1 || c == skip2) continue;
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (c->content) text_node(x, c);
        } else if (c->type == XML_ELEMENT_NODE) {
            walk(x, c, depth + 1, NULL);
        }
    }
}

static void walk(xstate *x, const xmlNode *n, int depth, const char *inherited_head) {
    if (x->oom || depth > XML_MAX_DEPTH) return;
    int role = role_of(x, n);
    size_t src = node_src(x, n);
    switch (role) {
    case R_SKIP: return;
    case R_NUM:
    case R_HEAD: /* outside a header (handled there): as a block line */
        newline(x, src);
        children(x, n, depth, NULL, NULL);
        newline(x, src);
        return;
    case R_TRANSPARENT_HEAD: { /* CLML P1group: its Title is the heading of its P1 */
        char *h = NULL;
        const xmlNode *t = NULL;
        for (const xmlNode *c = n->children; c; c = c->next)
            if (c->type == XML_ELEMENT_NODE && is(c, "Title")) { t = c; break; }
        if (t) h = gather_str(x, t);
        for (const xmlNode *c = n->children; c && !x->oom; c = c->next)
            if (c->type == XML_ELEMENT_NODE && c != t) walk(x, c, depth + 1, h);
        amicus__free(h);
        return;
    }
    case R_GROUP:
    case R_PROV: {
        bool sched = is(n, "Schedule");
        if (sched) x->in_schedule++;
        header(x, n, role, inherited_head);
        const xmlNode *num = child_role(x, n, R_NUM), *head = child_role(x, n, R_HEAD);
        for (const xmlNode *c = n->children; c && !x->oom; c = c->next) {
            if (c == num || c == head) continue;
            if (c->type == XML_ELEMENT_NODE && (is(c, "TITLE") || is(c, "TitleBlock") ||
                                                (is(c, "Title") && !is(n, "P1")) || is(c, "Number")))
                continue;
            if (c->type == XML_TEXT_NODE) { if (c->content) text_node(x, c); continue; }
            if (c->type == XML_ELEMENT_NODE) walk(x, c, depth + 1, NULL);
        }
        newline(x, src);
        if (sched) x->in_schedule--;
        return;
    }
    case R_SUB: {
        const xmlNode *num = child_role(x, n, R_NUM), *head = child_role(x, n, R_HEAD);
        newline(x, src);
        if (!x->glue) record_eid(x, n);
        if (num) {
            char *ns = gather_str(x, num);
            if (ns) {
                size_t l = strlen(ns);
                bool bare = l && l < 8 && isalnum((unsigned char)ns[0]) && isalnum((unsigned char)ns[l - 1]);
                if (bare) put(x, "(", 1, src);
                text(x, ns, src);
                if (bare) put(x, ")", 1, src);
                x->space = true;
                x->glue = true;
                amicus__free(ns);
            }
        }
        if (head) {
            char *hs = gather_str(x, head);
            if (hs) { text(x, hs, src); x->space = true; x->glue = true; amicus__free(hs); }
        }
        bool first = true;
        for (const xmlNode *c = n->children; c && !x->oom; c = c->next) {
            if (c == num || c == head) continue;
            if (c->type == XML_TEXT_NODE) { if (c->content) text_node(x, c); continue; }
            if (c->type != XML_ELEMENT_NODE) continue;
            int r = role_of(x, c);
            if (first && r == R_BLOCK) { /* the first block stays on the number's line */
                first = false;
                children(x, c, depth + 1, NULL, NULL);
                newline(x, src);
                continue;
            }
            first = false;
            walk(x, c, depth + 1, NULL);
        }
        x->glue = false;
        newline(x, src);
        return;
    }
    case R_QUOTE: {
        const xmlChar *sq = xmlGetProp(n, (const xmlChar *)"startQuote");
        const xmlChar *eq = xmlGetProp(n, (const xmlChar *)"endQuote");
        bool block = is(n, "quotedStructure") || is(n, "quotedContent") || is(n, "BlockAmendment") || is(n, "QUOT.S");
        if (block) newline(x, src);
        if (x->space) { put(x, " ", 1, src); x->space = false; }
        text(x, sq ? (const char *)sq : "\"", src);
        children(x, n, depth, NULL, NULL);
        if (amicus__emit_last(x->e) == '\n' && x->e->buf.n) x->e->buf.n--, x->e->next_src = SIZE_MAX;
        text(x, eq ? (const char *)eq : "\"", src);
        if (block) newline(x, src);
        xmlFree((void *)sq);
        xmlFree((void *)eq);
        return;
    }
    case R_BLOCK:
        newline(x, src);
        children(x, n, depth, NULL, NULL);
        newline(x, src);
        return;
    default:
        if (is(n, "br") || is(n, "eol")) { newline(x, src); return; }
        children(x, n, depth, NULL, NULL);
        return;
    }
}

static const xmlNode *find_elem(const xmlNode *n, const char *name, int depth) {
    if (depth > 12) return NULL;
    for (const xmlNode *c = n; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is(c, name)) return c;
        const xmlNode *r = find_elem(c->children, name, depth + 1);
        if (r) return r;
    }
    return NULL;
}

/* "<!ENTITY" in a DOCTYPE internal subset: refused (XXE, billion laughs). */
static bool has_entity_decl(const char *s, size_t n) {
    size_t win = n;
    for (size_t i = 0; i + 8 <= win; i++) {
        if (s[i] != '<') continue;
        if (!strncmp(s + i, "<!ENTITY", 8)) return true;
        if (i + 1 < n && (isalpha((unsigned char)s[i + 1]) || s[i + 1] == '_')) return false; /* root started */
    }
    return false;
}

amicus_format amicus__xml_vocabulary(const char *root, const char *ns) {
    if (!strcmp(root, "akomaNtoso")) return AMICUS_FORMAT_AKN;
    if (!strcmp(root, "Legislation")) return AMICUS_FORMAT_CLML;
    if (ns && strstr(ns, "schemas.gpo.gov/xml/uslm")) return AMICUS_FORMAT_USLM;
    if (!strcmp(root, "uscDoc") || !strcmp(root, "lawDoc") || !strcmp(root, "statuteCompilation"))
        return AMICUS_FORMAT_USLM;
    if (!strcmp(root, "ACT") || !strcmp(root, "CONS.ACT") || !strcmp(root, "CONS.DOC") || !strcmp(root, "GENERAL") ||
        !strcmp(root, "FMX"))
        return AMICUS_FORMAT_FORMEX;
    return AMICUS_FORMAT_AUTO;
}

amicus_status amicus__markup_depth(const amicus_doc *doc, const void *root_, const char *what, amicus_error *err) {
    const xmlNode *root = root_, *n = root;
    int depth = 1;
    while (n) {
        if (n->type == XML_ELEMENT_NODE && depth > doc->max_depth) {
            long line = xmlGetLineNo(n);
            return amicus__error(err, AMICUS_ERR_TOO_LARGE, doc->name, line > 0 ? (unsigned long)line : 0, 0, -1,
                                 "%s elements nested more than %d deep (raise the limit with --max-depth, up to %d)",
                                 what, doc->max_depth, AMICUS_MAX_DEPTH_CEILING);
        }
        if (n->children && n->type == XML_ELEMENT_NODE) { n = n->children; depth++; continue; }
        while (n != root && !n->next) { n = n->parent; depth--; }
        n = n == root ? NULL : n->next;
    }
    return AMICUS_OK;
}

amicus_status amicus__xml(amicus_doc *doc, amicus__emitter *e, const char *in, size_t len,
                          amicus_format *format, char **title, amicus_error *err) {
    *title = NULL;
    if (len > (size_t)INT32_MAX) return amicus__error(err, AMICUS_ERR_TOO_LARGE, doc->name, 0, 0, -1, "XML over 2 GiB");
    if (has_entity_decl(in, len))
        return amicus__error(err, AMICUS_ERR_FORMAT, doc->name, 0, 0, -1,
                             "XML with entity declarations in its DOCTYPE is refused (external entities and "
                             "entity expansion are not allowed)");
    pthread_once(&xml_once, xml_init);
    xmlParserCtxtPtr ctx = xmlNewParserCtxt();
    if (!ctx) return amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
    if (ctx->sax) { ctx->sax->serror = silent_error; ctx->sax->warning = NULL; ctx->sax->error = NULL; }
    ctx->vctxt.error = NULL;
    ctx->vctxt.warning = NULL;
    int opts = XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER |
               XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
    xmlDocPtr xd = xmlCtxtReadMemory(ctx, in, (int)len, doc->name, "UTF-8", opts);
    amicus_status st = AMICUS_OK;
    xstate x = {.e = e, .in = in, .n = len, .doc = doc};
    const xmlNode *root = xd ? xmlDocGetRootElement(xd) : NULL;
    if (!root) {
        const xmlError *xe = xmlCtxtGetLastError(ctx);
        st = amicus__error(err, AMICUS_ERR_FORMAT, doc->name, xe ? (unsigned long)xe->line : 0, xe ? (unsigned long)xe->int2 : 0,
                           -1, "malformed XML: %s", xe && xe->message ? xe->message : "no root element");
        goto done;
    }
    if ((st = amicus__markup_depth(doc, root, "XML", err)) != AMICUS_OK) goto done;
    if (xd->intSubset && xd->intSubset->entities) {
        st = amicus__error(err, AMICUS_ERR_FORMAT, doc->name, 0, 0, -1,
                           "XML with entity declarations in its DOCTYPE is refused");
        goto done;
    }
    x.fmt = amicus__xml_vocabulary(lname(root), root->ns && root->ns->href ? (const char *)root->ns->href : NULL);
    if (x.fmt == AMICUS_FORMAT_AUTO) {
        st = amicus__error(err, AMICUS_ERR_FORMAT, doc->name, (unsigned long)xmlGetLineNo(root), 0, -1,
                           "XML vocabulary not supported (root element <%s>): amicus reads Akoma Ntoso, "
                           "LegalDocML.de, CLML, USLM and Formex", lname(root));
        goto done;
    }
    *format = x.fmt;
    /* source line starts */
    size_t nl = 1;
    for (size_t i = 0; i < len; i++) if (in[i] == '\n') nl++;
    x.lines = amicus__malloc(nl * sizeof *x.lines);
    if (!x.lines) { st = amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory"); goto done; }
    x.lines[0] = 0;
    x.nlines = 1;
    for (size_t i = 0; i < len; i++) if (in[i] == '\n') x.lines[x.nlines++] = i + 1;
    const xmlChar *lang = xmlGetProp(root, (const xmlChar *)"lang");
    if (lang && !strncmp((const char *)lang, "de", 2)) x.lang = "de";
    if (root->ns && root->ns->href && strstr((const char *)root->ns->href, "LegalDocML.de")) x.lang = "de";
    xmlFree((void *)lang);
    /* title */
    static const char *const tnames[] = {"docTitle", "title", "shortTitle", "longTitle", NULL};
    for (const char *const *t = tnames; *t && !*title; t++) {
        const xmlNode *tn = find_elem(root->children, *t, 0);
        if (tn && (strcmp(*t, "title") || tn->ns == NULL || (tn->ns->prefix && !strcmp((const char *)tn->ns->prefix, "dc")))) {
            char *s = gather_str(&x, tn);
            if (s) {
                if (strlen(s) > 300) {
                    size_t k = 300;
                    while (k && ((unsigned char)s[k] & 0xC0) == 0x80) k--;
                    s[k] = 0;
                }
                *title = amicus__arena_strdup(&doc->arena, s);
                amicus__free(s);
            }
        }
    }
    walk(&x, root, 0, NULL);
    newline(&x, len);
    if (x.oom || e->oom) st = amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
done:
    amicus__free(x.lines);
    if (xd) xmlFreeDoc(xd);
    xmlFreeParserCtxt(ctx);
    return st;
}
