/* html.c — ingest: HTML to contract text with libxml2's HTML parser, mapped back per character where the source allows. */
#include "ingest/ingest.h"
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <limits.h>
#include <pthread.h>
#include <strings.h>

#define SEARCH_WINDOW ((size_t)256 * 1024)
#define PROBE_CHARS 12

static pthread_once_t xml_once = PTHREAD_ONCE_INIT;
static void xml_init(void) { xmlInitParser(); }

static void silent_error(void *ctx, xmlErrorPtr e) { (void)ctx; (void)e; }

typedef struct hstate {
    amicus_doc *doc; /* heading elements go to doc->heads */
    amicus__emitter *e;
    const char *src; /* the decoded page */
    size_t n;
    size_t cur;      /* source cursor: text nodes are searched from here on */
    size_t *lines;   /* start offset of each source line (1-based index - 1) */
    size_t nlines;
    bool space;      /* a collapsed space is pending */
    size_t space_src;
    int pre;         /* inside <pre> */
} hstate;

static bool hws(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static bool name_is(const xmlNode *n, const char *name) {
    return n->name && strcasecmp((const char *)n->name, name) == 0;
}

static bool name_in(const xmlNode *n, const char *const *list) {
    for (; *list; list++)
        if (name_is(n, *list)) return true;
    return false;
}

static const char *const DROP_TAGS[] = {"script", "style", "noscript", "head", "nav", "form", "button",
                                        "select", "option", "textarea", "input", "iframe", "object",
                                        "embed", "svg", "template", "title", NULL};
static const char *const BLOCK_TAGS[] = {
    "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "br", "table", "section", "article",
    "blockquote", "pre", "dd", "dt", "center", "ul", "ol", "dl", "hr", "header", "footer", "main",
    "aside", "figure", "figcaption", "address", "fieldset", "caption", "legend", "details", "summary",
    "body", "html", "tbody", "thead", "tfoot", NULL};
/* navigation blocks of official gazettes (BOE: "Subir", "Seleccionar redacción" ...) */
static const char *const DROP_CLASSES[] = {"linkSubir", "marcadores", "fuera", "redaccion", NULL};

static const char *attr_value(const xmlNode *n, const char *name) {
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && strcasecmp((const char *)a->name, name) == 0)
            return a->children && a->children->content ? (const char *)a->children->content : "";
    return NULL;
}

static bool has_class(const char *cls, const char *want) {
    size_t wl = strlen(want);
    const char *p = cls;
    while (*p) {
        while (*p && hws((unsigned char)*p)) p++;
        const char *q = p;
        while (*q && !hws((unsigned char)*q)) q++;
        if ((size_t)(q - p) == wl && strncmp(p, want, wl) == 0) return true;
        p = q;
    }
    return false;
}

static bool dropped(const xmlNode *n) {
    if (name_in(n, DROP_TAGS)) return true;
    if (attr_value(n, "hidden")) return true;
    const char *cls = attr_value(n, "class");
    if (cls) {
        for (const char *const *c = DROP_CLASSES; *c; c++)
            if (has_class(cls, *c)) return true;
        if (name_is(n, "p") && has_class(cls, "bloque")) return true; /* "[Bloque 1: #preambulo]" */
    }
    return false;
}

static bool emit_nl(hstate *h) {
    h->space = false;
    if (!h->e->buf.n || amicus__emit_last(h->e) == '\n') return true;
    return amicus__emit(h->e, "\n", 1, h->cur, 0);
}

static bool flush_space(hstate *h) {
    if (!h->space) return true;
    h->space = false;
    if (!h->e->buf.n || amicus__emit_last(h->e) == '\n' || amicus__emit_last(h->e) == ' ') return true;
    return amicus__emit(h->e, " ", 1, h->space_src, 1);
}

/* Skip markup at src[p] == '<': a tag, a comment, a script or style element. */
static size_t skip_markup(const hstate *h, size_t p) {
    const char *s = h->src;
    size_t n = h->n;
    if (p + 1 >= n) return p + 1;
    char c = s[p + 1];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!' || c == '?'))
        return p + 1;
    if (n - p >= 4 && memcmp(s + p, "<!--", 4) == 0) {
        for (size_t q = p + 4; q + 2 < n; q++)
            if (s[q] == '-' && s[q + 1] == '-' && s[q + 2] == '>') return q + 3;
        return n;
    }
    const char *gt = memchr(s + p, '>', n - p);
    size_t end = gt ? (size_t)(gt - s) + 1 : n;
    const char *raw = NULL;
    if (n - p > 7 && strncasecmp(s + p + 1, "script", 6) == 0 && (hws((unsigned char)s[p + 7]) || s[p + 7] == '>'))
        raw = "</script";
    else if (n - p > 6 && strncasecmp(s + p + 1, "style", 5) == 0 && (hws((unsigned char)s[p + 6]) || s[p + 6] == '>'))
        raw = "</style";
    if (raw) {
        size_t rl = strlen(raw);
        for (size_t q = end; q + rl <= n; q++)
            if (s[q] == '<' && strncasecmp(s + q, raw, rl) == 0) {
                const char *g2 = memchr(s + q, '>', n - q);
                return g2 ? (size_t)(g2 - s) + 1 : n;
            }
        return n;
    }
    return end;
}

/* Length of a character reference at src[p] == '&', 0 when it is not one. */
static size_t entity_len(const hstate *h, size_t p) {
    size_t q = p + 1;
    while (q < h->n && q - p < 40) {
        char c = h->src[q];
        if (c == ';') return q - p + 1;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '#'))
            break;
        q++;
    }
    /* legacy references without ';' (&nbsp  &amp): accept a known few */
    static const char *const bare[] = {"&nbsp", "&amp", "&lt", "&gt", "&quot", "&copy", NULL};
    for (const char *const *b = bare; *b; b++) {
        size_t bl = strlen(*b);
        if (h->n - p >= bl && memcmp(h->src + p, *b, bl) == 0) return bl;
    }
    return 0;
}

static size_t u8len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

/* Does text t (no leading blanks) match the source at p for PROBE_CHARS characters? */
static bool probe(const hstate *h, size_t p, const char *t, size_t tl) {
    size_t i = 0;
    int chars = 0;
    while (i < tl && chars < PROBE_CHARS) {
        if (p >= h->n) return false;
        unsigned char c = (unsigned char)t[i];
        if (h->src[p] == '<' && c != '<') { /* stray tags the parser dropped */
            size_t q = skip_markup(h, p);
            if (q > p + 1) { p = q; continue; }
        }
        if (hws(c)) {
            if (!hws((unsigned char)h->src[p])) return false;
            while (i < tl && hws((unsigned char)t[i])) i++;
            while (p < h->n && hws((unsigned char)h->src[p])) p++;
        } else {
            size_t l = u8len(c);
            if (i + l > tl) l = tl - i;
            size_t el = h->src[p] == '&' ? entity_len(h, p) : 0;
            if (el) p += el;
            else if (h->n - p >= l && memcmp(h->src + p, t + i, l) == 0) p += l;
            else return false;
            i += l;
        }
        chars++;
    }
    return true;
}

static size_t find_text(const hstate *h, const char *t, size_t tl) {
    size_t p = h->cur, lim = h->n - h->cur > SEARCH_WINDOW ? h->cur + SEARCH_WINDOW : h->n;
    while (p < lim) {
        if (h->src[p] == '<') { p = skip_markup(h, p); continue; }
        if (probe(h, p, t, tl)) return p;
        p++;
    }
    return SIZE_MAX;
}

/* Append a text node, mapping each character to the source where they can be followed. */
static bool emit_text(hstate *h, const xmlNode *node) {
    const char *t = (const char *)node->content;
    if (!t) return true;
    size_t tl = strlen(t), i = 0;
    if (!h->pre) {
        while (i < tl && hws((unsigned char)t[i])) i++;
        if (i == tl) {
            if (tl) { h->space = true; h->space_src = h->cur; }
            return true;
        }
        if (i > 0 && !h->space) { h->space = true; h->space_src = h->cur; }
    }
    /* lower bound for the search: the line of the parent's start tag */
    if (node->parent && node->parent->type == XML_ELEMENT_NODE) {
        long ln = xmlGetLineNo(node->parent);
        if (ln > 0 && ln < 65535 && (size_t)ln <= h->nlines && h->lines[ln - 1] > h->cur)
            h->cur = h->lines[ln - 1];
    }
    size_t p = find_text(h, t + i, tl - i);
    bool sync = p != SIZE_MAX, found = sync;
    if (!sync) p = h->cur;
    while (i < tl) {
        unsigned char c = (unsigned char)t[i];
        if (sync && p < h->n && h->src[p] == '<' && c != '<') {
            size_t q = skip_markup(h, p);
            if (q > p + 1) { p = q; continue; }
        }
        if (hws(c) && !h->pre) {
            while (i < tl && hws((unsigned char)t[i])) i++;
            h->space = true;
            h->space_src = p;
            if (sync) {
                if (p < h->n && hws((unsigned char)h->src[p]))
                    while (p < h->n && hws((unsigned char)h->src[p])) p++;
                else sync = false;
            } else {
                p++;
            }
            continue;
        }
        if (!flush_space(h)) return false;
        size_t l = u8len(c);
        if (i + l > tl) l = tl - i;
        size_t sl = l;
        if (sync) {
            size_t el = p < h->n && h->src[p] == '&' ? entity_len(h, p) : 0;
            if (el) sl = el;
            else if (h->n - p >= l && memcmp(h->src + p, t + i, l) == 0) sl = l;
            else if (c == '\n' && p < h->n && h->src[p] == '\r') sl = p + 1 < h->n && h->src[p + 1] == '\n' ? 2 : 1;
            else { sync = false; sl = l; }
        }
        if (p > h->n) p = h->n;
        if (!amicus__emit(h->e, t + i, l, p, sl)) return false;
        p += sl;
        i += l;
    }
    /* a text not found in the source keeps the cursor: its offsets are approximate */
    if (found && p > h->cur) h->cur = p < h->n ? p : h->n;
    return true;
}

static bool enter(hstate *h, const xmlNode *n) {
    if (name_is(n, "pre")) h->pre++;
    if (name_is(n, "td") || name_is(n, "th")) {
        if (h->e->buf.n && amicus__emit_last(h->e) != '\n') { h->space = true; h->space_src = h->cur; }
        return true;
    }
    if (!name_in(n, BLOCK_TAGS)) return true;
    if (!emit_nl(h)) return false;
    static const char *const HEADS[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
    if (name_in(n, HEADS)) { /* the structure parser reads a heading element's line as a heading */
        size_t off = h->e->buf.n;
        if ((!h->doc->heads.n || h->doc->heads.v[h->doc->heads.n - 1] < off) && !AMICUS_VEC_PUSH(h->doc->heads, off))
            h->e->oom = true;
    }
    return true;
}

static bool leave(hstate *h, const xmlNode *n) {
    if (name_is(n, "pre") && h->pre > 0) h->pre--;
    if (name_is(n, "td") || name_is(n, "th")) { h->space = true; h->space_src = h->cur; return true; }
    return name_in(n, BLOCK_TAGS) ? emit_nl(h) : true;
}

static xmlNode *find_id(xmlNode *root, const char *id) {
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            const char *v = attr_value(n, "id");
            if (v && strcmp(v, id) == 0) return n;
            if (n->children) { n = n->children; continue; }
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
    return NULL;
}

static xmlNode *find_name(xmlNode *root, const char *name) {
    xmlNode *n = root;
    while (n) {
        if (n->type == XML_ELEMENT_NODE) {
            if (name_is(n, name)) return n;
            if (n->children) { n = n->children; continue; }
        }
        while (n && n != root && !n->next) n = n->parent;
        if (!n || n == root) break;
        n = n->next;
    }
    return NULL;
}

static bool walk(hstate *h, xmlNode *start) {
    xmlNode *n = start;
    while (n) {
        bool skip = false;
        if (n->type == XML_ELEMENT_NODE) {
            if (dropped(n)) skip = true;
            else if (!enter(h, n)) return false;
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (!emit_text(h, n)) return false;
        }
        if (n->type == XML_ELEMENT_NODE && !skip) {
            if (n->children) { n = n->children; continue; }
            if (!leave(h, n)) return false;
        }
        while (n != start && !n->next) {
            n = n->parent;
            if (!n) return true;
            if (!leave(h, n)) return false;
        }
        if (n == start) break;
        n = n->next;
    }
    return true;
}

static char *collapse_title(amicus_doc *doc, const char *t) {
    size_t n = strlen(t);
    char *o = amicus__arena_alloc(&doc->arena, n + 1);
    if (!o) return NULL;
    size_t k = 0;
    bool sp = false;
    for (size_t i = 0; i < n; i++) {
        if (hws((unsigned char)t[i])) { sp = k > 0; continue; }
        if (sp) o[k++] = ' ';
        sp = false;
        o[k++] = t[i];
    }
    o[k] = 0;
    return k ? o : NULL;
}

amicus_status amicus__html(amicus_doc *doc, amicus__emitter *e, const char *in, size_t len,
                           char **title, amicus_error *err) {
    *title = NULL;
    if (len > INT_MAX)
        return amicus__error(err, AMICUS_ERR_TOO_LARGE, doc->name, 0, 0, -1,
                             "HTML input over 2 GiB is not supported");
    pthread_once(&xml_once, xml_init);
    hstate h = {0};
    h.doc = doc;
    h.e = e;
    h.src = in;
    h.n = len;
    /* line starts of the decoded page, to find text nodes from their parent's line */
    size_t nl = 1;
    for (const char *p = in; (p = memchr(p, '\n', (size_t)(in + len - p))); p++) nl++;
    h.lines = amicus__malloc(nl * sizeof *h.lines);
    if (!h.lines) return amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
    h.lines[h.nlines++] = 0;
    for (size_t i = 0; i < len; i++)
        if (in[i] == '\n') h.lines[h.nlines++] = i + 1;

    amicus_status st = AMICUS_OK;
    if (!amicus__emitter_reserve(e, len / 2 + 16)) {
        amicus__free(h.lines);
        return amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
    }
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        amicus__free(h.lines);
        return amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory (HTML parser)");
    }
    if (ctxt->sax) {
        ctxt->sax->serror = silent_error;
        ctxt->sax->error = NULL;
        ctxt->sax->warning = NULL;
    }
    int options = HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER |
                  HTML_PARSE_IGNORE_ENC;
    htmlDocPtr hd = htmlCtxtReadMemory(ctxt, in, (int)len, NULL, "UTF-8", options);
    if (!hd) {
        st = amicus__error(err, AMICUS_ERR_FORMAT, doc->name, 0, 0, -1,
                           "the HTML parser could not read this page");
        goto done;
    }
    xmlNode *root = xmlDocGetRootElement(hd);
    if (root && (st = amicus__markup_depth(doc, root, "HTML", err)) != AMICUS_OK) goto done;
    if (root) {
        xmlNode *tn = find_name(root, "title");
        if (tn) {
            xmlChar *tc = xmlNodeGetContent(tn);
            if (tc) {
                *title = collapse_title(doc, (const char *)tc);
                xmlFree(tc);
            }
        }
        /* BOE consolidated texts keep the law in #textoxslt; the rest is the portal */
        xmlNode *start = find_id(root, "textoxslt");
        if (start) {
            long ln = xmlGetLineNo(start);
            if (ln > 0 && ln < 65535 && (size_t)ln <= h.nlines) h.cur = h.lines[ln - 1];
        } else {
            start = root;
        }
        if (!walk(&h, start) || e->oom) {
            st = amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
            goto done;
        }
    }
done:
    if (hd) xmlFreeDoc(hd);
    htmlFreeParserCtxt(ctxt);
    amicus__free(h.lines);
    return st;
}
