/* docx.c — ingest: Word DOCX to one line per paragraph (libzip + libxml2), numbering, tracked changes, zip limits. */
#include "ingest/ingest.h"
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdio.h>
#include <zip.h>

#define DOCX_MAX_LEVELS 9
#define DOCX_MAX_NUMS 2048
#define DOCX_MAX_DEPTH AMICUS_MAX_DEPTH_CEILING /* checked before: amicus__markup_depth */

typedef struct dlvl { int start; char fmt[16]; char text[64]; } dlvl;
typedef struct dabs { int id; dlvl lv[DOCX_MAX_LEVELS]; int count[DOCX_MAX_LEVELS]; bool used[DOCX_MAX_LEVELS]; } dabs;
typedef struct dnum { int id, abs; } dnum;
typedef struct dstyle { char id[64]; int num, ilvl; } dstyle;

typedef struct dstate {
    amicus__buf out;
    bool original;                 /* tracked changes read as the original */
    AMICUS_VEC(dabs) abs;
    AMICUS_VEC(dnum) nums;
    AMICUS_VEC(dstyle) styles;
    bool oom;
} dstate;

static const char *ln(const xmlNode *n) { return n->name ? (const char *)n->name : ""; }
static bool is(const xmlNode *n, const char *s) { return n->type == XML_ELEMENT_NODE && !strcmp(ln(n), s); }

static const xmlNode *child(const xmlNode *n, const char *name) {
    for (const xmlNode *c = n ? n->children : NULL; c; c = c->next)
        if (is(c, name)) return c;
    return NULL;
}

/* w:val (any namespace prefix) */
static bool val(const xmlNode *n, const char *attr, char *out, size_t sz) {
    if (!n) return false;
    for (const xmlAttr *a = n->properties; a; a = a->next)
        if (a->name && !strcmp((const char *)a->name, attr) && a->children && a->children->content) {
            snprintf(out, sz, "%s", (const char *)a->children->content);
            return true;
        }
    return false;
}

static int ival(const xmlNode *n, const char *attr, int dflt) {
    char b[32];
    return val(n, attr, b, sizeof b) ? atoi(b) : dflt;
}

/* ---- reading zip entries with limits ---- */

static amicus_status zip_read(amicus_doc *d, zip_t *z, const char *name, bool required, char **out, size_t *len,
                              size_t *total, amicus_error *err) {
    *out = NULL;
    *len = 0;
    zip_int64_t idx = zip_name_locate(z, name, 0);
    if (idx < 0) {
        if (!required) return AMICUS_OK;
        return amicus__error(err, AMICUS_ERR_FORMAT, d->name, 0, 0, -1,
                             "not a Word document: the archive has no %s", name);
    }
    zip_stat_t st;
    if (zip_stat_index(z, (zip_uint64_t)idx, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE))
        return amicus__error(err, AMICUS_ERR_FORMAT, d->name, 0, 0, -1, "broken DOCX: cannot read %s", name);
    if (st.size > AMICUS__ZIP_MAX_TOTAL || *total + st.size > AMICUS__ZIP_MAX_TOTAL)
        return amicus__error(err, AMICUS_ERR_TOO_LARGE, d->name, 0, 0, -1,
                             "DOCX refused: %s unpacks to %llu bytes, over the limit of %zu (zip bomb?)", name,
                             (unsigned long long)st.size, (size_t)AMICUS__ZIP_MAX_TOTAL);
    if ((st.valid & ZIP_STAT_COMP_SIZE) && st.size > 1024 * 1024 &&
        st.size / (st.comp_size ? st.comp_size : 1) > AMICUS__ZIP_MAX_RATIO)
        return amicus__error(err, AMICUS_ERR_TOO_LARGE, d->name, 0, 0, -1,
                             "DOCX refused: %s is compressed %llu:1, over the limit of %d:1 (zip bomb?)", name,
                             (unsigned long long)(st.size / (st.comp_size ? st.comp_size : 1)), AMICUS__ZIP_MAX_RATIO);
    zip_file_t *f = zip_fopen_index(z, (zip_uint64_t)idx, 0);
    if (!f) return amicus__error(err, AMICUS_ERR_FORMAT, d->name, 0, 0, -1, "broken DOCX: cannot open %s", name);
    char *buf = amicus__malloc((size_t)st.size + 1);
    if (!buf) {
        zip_fclose(f);
        return amicus__error(err, AMICUS_ERR_NOMEM, d->name, 0, 0, -1, "out of memory reading %s", name);
    }
    size_t got = 0;
    for (;;) { /* never more than the declared size: a lying header cannot inflate further */
        zip_int64_t r = zip_fread(f, buf + got, (zip_uint64_t)((size_t)st.size - got));
        if (r < 0) {
            zip_fclose(f);
            amicus__free(buf);
            return amicus__error(err, AMICUS_ERR_FORMAT, d->name, 0, 0, -1, "broken DOCX: %s is damaged", name);
        }
        if (r == 0) break;
        got += (size_t)r;
        if (got >= (size_t)st.size) break;
    }
    zip_fclose(f);
    buf[got] = 0;
    *total += got;
    *out = buf;
    *len = got;
    return AMICUS_OK;
}

static xmlDocPtr parse_part(amicus_doc *d, const char *buf, size_t len, const char *part, amicus_error *err,
                            amicus_status *st) {
    *st = AMICUS_OK;
    if (len > (size_t)INT32_MAX) { *st = amicus__error(err, AMICUS_ERR_TOO_LARGE, d->name, 0, 0, -1, "%s too large", part); return NULL; }
    for (size_t i = 0; i + 8 <= len && i < 4096; i++)
        if (!memcmp(buf + i, "<!ENTITY", 8)) {
            *st = amicus__error(err, AMICUS_ERR_FORMAT, d->name, 0, 0, -1,
                                "DOCX refused: %s declares XML entities (not allowed)", part);
            return NULL;
        }
    xmlDocPtr x = xmlReadMemory(buf, (int)len, part, "UTF-8",
                                XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER);
    if (!x || !xmlDocGetRootElement(x)) {
        if (x) xmlFreeDoc(x);
        *st = amicus__error(err, AMICUS_ERR_FORMAT, d->name, 0, 0, -1, "broken DOCX: %s is not well-formed XML", part);
        return NULL;
    }
    if ((*st = amicus__markup_depth(d, xmlDocGetRootElement(x), part, err)) != AMICUS_OK) {
        xmlFreeDoc(x);
        return NULL;
    }
    return x;
}

/* ---- numbering ---- */

static void load_numbering(dstate *s, const xmlNode *root) {
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (is(c, "abstractNum") && s->abs.n < DOCX_MAX_NUMS) {
            dabs a;
            memset(&a, 0, sizeof a);
            a.id = ival(c, "abstractNumId", -1);
            for (const xmlNode *l = c->children; l; l = l->next) {
                if (!is(l, "lvl")) continue;
                int k = ival(l, "ilvl", -1);
                if (k < 0 || k >= DOCX_MAX_LEVELS) continue;
                a.lv[k].start = ival(child(l, "start"), "val", 1);
                val(child(l, "numFmt"), "val", a.lv[k].fmt, sizeof a.lv[k].fmt);
                val(child(l, "lvlText"), "val", a.lv[k].text, sizeof a.lv[k].text);
            }
            if (!AMICUS_VEC_PUSH(s->abs, a)) s->oom = true;
        } else if (is(c, "num") && s->nums.n < DOCX_MAX_NUMS) {
            dnum m = {ival(c, "numId", -1), ival(child(c, "abstractNumId"), "val", -1)};
            if (!AMICUS_VEC_PUSH(s->nums, m)) s->oom = true;
        }
    }
}

static void load_styles(dstate *s, const xmlNode *root) {
    for (const xmlNode *c = root->children; c; c = c->next) {
        if (!is(c, "style") || s->styles.n >= DOCX_MAX_NUMS) continue;
        const xmlNode *np = child(child(c, "pPr"), "numPr");
        if (!np) continue;
        dstyle st;
        memset(&st, 0, sizeof st);
        val(c, "styleId", st.id, sizeof st.id);
        st.num = ival(child(np, "numId"), "val", -1);
        st.ilvl = ival(child(np, "ilvl"), "val", 0);
        if (!AMICUS_VEC_PUSH(s->styles, st)) s->oom = true;
    }
}

static void roman(char *o, size_t sz, int v, bool upper) {
    static const struct { int v; const char *s; } t[] = {{1000, "m"}, {900, "cm"}, {500, "d"}, {400, "cd"}, {100, "c"},
        {90, "xc"}, {50, "l"}, {40, "xl"}, {10, "x"}, {9, "ix"}, {5, "v"}, {4, "iv"}, {1, "i"}};
    size_t k = 0;
    o[0] = 0;
    if (v <= 0 || v > 3999) { snprintf(o, sz, "%d", v); return; }
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        while (v >= t[i].v && k + 3 < sz) {
            for (const char *p = t[i].s; *p; p++) o[k++] = upper ? (char)(*p - 32) : *p;
            v -= t[i].v;
        }
    o[k] = 0;
}

static void format_num(char *o, size_t sz, const char *fmt, int v) {
    if (!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter")) {
        char base = fmt[0] == 'l' ? 'a' : 'A';
        int reps = v > 0 ? (v - 1) / 26 + 1 : 1;
        size_t k = 0;
        for (int i = 0; i < reps && k + 1 < sz && i < 8; i++) o[k++] = (char)(base + (v > 0 ? (v - 1) % 26 : 0));
        o[k] = 0;
    } else if (!strcmp(fmt, "lowerRoman")) roman(o, sz, v, false);
    else if (!strcmp(fmt, "upperRoman")) roman(o, sz, v, true);
    else if (!strcmp(fmt, "bullet") || !strcmp(fmt, "none")) o[0] = 0;
    else snprintf(o, sz, "%d", v);
}

/* The number Word shows for a paragraph of list numId at level ilvl (counters advance). */
static void list_label(dstate *s, int numId, int ilvl, char *out, size_t sz) {
    out[0] = 0;
    if (ilvl < 0 || ilvl >= DOCX_MAX_LEVELS || numId <= 0) return;
    int absId = -1;
    for (size_t i = 0; i < s->nums.n; i++)
        if (s->nums.v[i].id == numId) { absId = s->nums.v[i].abs; break; }
    dabs *a = NULL;
    for (size_t i = 0; i < s->abs.n; i++)
        if (s->abs.v[i].id == absId) { a = &s->abs.v[i]; break; }
    if (!a) return;
    if (!a->used[ilvl]) { a->count[ilvl] = a->lv[ilvl].start; a->used[ilvl] = true; }
    else a->count[ilvl]++;
    for (int k = ilvl + 1; k < DOCX_MAX_LEVELS; k++) a->used[k] = false;
    const char *t = a->lv[ilvl].text;
    if (!strcmp(a->lv[ilvl].fmt, "bullet")) return;
    size_t o = 0;
    for (const char *p = t; *p && o + 1 < sz; p++) {
        if (*p == '%' && p[1] >= '1' && p[1] <= '9') {
            int k = p[1] - '1';
            char nb[32];
            int v = k < DOCX_MAX_LEVELS ? (a->used[k] ? a->count[k] : a->lv[k].start) : 0;
            format_num(nb, sizeof nb, k < DOCX_MAX_LEVELS ? a->lv[k].fmt : "decimal", v);
            for (const char *q = nb; *q && o + 1 < sz; q++) out[o++] = *q;
            p++;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = 0;
}

/* ---- text ---- */

static void put(dstate *s, const char *t, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = t[i];
        if (c == '\n' || c == '\r') c = ' ';
        if (!amicus__buf_putc(&s->out, c)) { s->oom = true; return; }
    }
}

static void runs(dstate *s, const xmlNode *n, int depth) {
    if (depth > DOCX_MAX_DEPTH || s->oom) return;
    for (const xmlNode *c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        const char *nm = ln(c);
        if (!strcmp(nm, "t") || (s->original && !strcmp(nm, "delText"))) {
            for (const xmlNode *k = c->children; k; k = k->next)
                if ((k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) && k->content)
                    put(s, (const char *)k->content, strlen((const char *)k->content));
        } else if (!strcmp(nm, "tab")) {
            put(s, " ", 1);
        } else if (!strcmp(nm, "br") || !strcmp(nm, "cr")) {
            put(s, " ", 1);
        } else if (!strcmp(nm, "noBreakHyphen")) {
            put(s, "-", 1);
        } else if (!strcmp(nm, "ins") || !strcmp(nm, "moveTo")) {
            if (!s->original) runs(s, c, depth + 1);
        } else if (!strcmp(nm, "del") || !strcmp(nm, "moveFrom")) {
            if (s->original) runs(s, c, depth + 1);
        } else if (!strcmp(nm, "instrText") || !strcmp(nm, "pPr") || !strcmp(nm, "rPr") ||
                   !strcmp(nm, "commentReference") || !strcmp(nm, "footnoteReference") ||
                   !strcmp(nm, "endnoteReference") || !strcmp(nm, "delInstrText") || !strcmp(nm, "drawing") ||
                   !strcmp(nm, "pict") || !strcmp(nm, "object")) {
            continue;
        } else {
            runs(s, c, depth + 1); /* r, hyperlink, smartTag, sdt, sdtContent, fldSimple ... */
        }
    }
}

static void blocks(dstate *s, const xmlNode *n, int depth);

static void paragraph(dstate *s, const xmlNode *p) {
    const xmlNode *ppr = child(p, "pPr");
    /* a paragraph inserted with tracked changes has its mark in pPr/rPr/ins */
    const xmlNode *prpr = child(ppr, "rPr");
    bool ins_mark = child(prpr, "ins") != NULL, del_mark = child(prpr, "del") != NULL;
    size_t start = s->out.n;
    const xmlNode *np = child(ppr, "numPr");
    int numId = -1, ilvl = 0;
    if (np) {
        numId = ival(child(np, "numId"), "val", -1);
        ilvl = ival(child(np, "ilvl"), "val", 0);
    } else {
        char sid[64];
        if (val(child(ppr, "pStyle"), "val", sid, sizeof sid))
            for (size_t i = 0; i < s->styles.n; i++)
                if (!strcmp(s->styles.v[i].id, sid)) { numId = s->styles.v[i].num; ilvl = s->styles.v[i].ilvl; break; }
    }
    runs(s, p, 0);
    size_t tn = s->out.n - start;
    bool empty = true;
    for (size_t i = start; i < s->out.n; i++)
        if (s->out.s[i] != ' ') { empty = false; break; }
    if (empty && ((ins_mark && s->original) || (del_mark && !s->original))) { s->out.n = start; return; }
    if (numId > 0 && !empty) {
        char lab[128];
        list_label(s, numId, ilvl, lab, sizeof lab);
        if (lab[0]) {
            size_t ll = strlen(lab);
            if (!amicus__buf_put(&s->out, lab, ll + 1)) { s->oom = true; return; }
            memmove(s->out.s + start + ll + 1, s->out.s + start, tn);
            memcpy(s->out.s + start, lab, ll);
            s->out.s[start + ll] = ' ';
        }
    }
    if (!amicus__buf_putc(&s->out, '\n')) s->oom = true;
}

static void blocks(dstate *s, const xmlNode *n, int depth) {
    if (depth > DOCX_MAX_DEPTH || s->oom) return;
    for (const xmlNode *c = n->children; c && !s->oom; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        if (is(c, "p")) paragraph(s, c);
        else if (is(c, "tbl") || is(c, "tr") || is(c, "tc") || is(c, "sdt") || is(c, "sdtContent") ||
                 is(c, "customXml") || is(c, "body") || is(c, "txbxContent"))
            blocks(s, c, depth + 1); /* tables flattened: cells in reading order */
        else if ((is(c, "ins") || is(c, "moveTo")) && !s->original) blocks(s, c, depth + 1);
        else if ((is(c, "del") || is(c, "moveFrom")) && s->original) blocks(s, c, depth + 1);
    }
}

static bool unsafe_name(const char *n) {
    if (!n[0] || n[0] == '/' || n[0] == '\\' || strstr(n, "..") || strchr(n, ':')) return true;
    return false;
}

amicus_status amicus__docx(amicus_doc *d, int tracked_original, char **out, size_t *out_len, amicus_error *err) {
    amicus_status st = AMICUS_OK;
    zip_error_t ze;
    zip_error_init(&ze);
    dstate s;
    memset(&s, 0, sizeof s);
    s.original = tracked_original != 0;
    char *docxml = NULL, *numxml = NULL, *stylexml = NULL;
    size_t dl = 0, nl = 0, sl = 0, total = 0;
    xmlDocPtr xd = NULL, xn = NULL, xs = NULL;
    zip_t *z = NULL;
    zip_source_t *src = zip_source_buffer_create(d->src, d->src_len, 0, &ze);
    if (src) z = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
    if (!z) {
        if (src) zip_source_free(src);
        st = amicus__error(err, AMICUS_ERR_FORMAT, d->name, 0, 0, -1, "broken DOCX: not a readable zip archive (%s)",
                           zip_error_strerror(&ze));
        goto done;
    }
    zip_int64_t ne = zip_get_num_entries(z, 0);
    if (ne < 0 || ne > AMICUS__ZIP_MAX_ENTRIES) {
        st = amicus__error(err, AMICUS_ERR_TOO_LARGE, d->name, 0, 0, -1,
                           "DOCX refused: %lld entries, over the limit of %d", (long long)ne, AMICUS__ZIP_MAX_ENTRIES);
        goto done;
    }
    unsigned long long sum = 0;
    for (zip_int64_t i = 0; i < ne; i++) {
        zip_stat_t zs;
        if (zip_stat_index(z, (zip_uint64_t)i, 0, &zs) != 0) continue;
        if (zs.name && unsafe_name(zs.name)) {
            st = amicus__error(err, AMICUS_ERR_FORMAT, d->name, 0, 0, -1,
                               "DOCX refused: unsafe entry name '%.80s' (entries are never used as paths)", zs.name);
            goto done;
        }
        if (zs.valid & ZIP_STAT_SIZE) sum += zs.size;
    }
    if (sum > AMICUS__ZIP_MAX_TOTAL) {
        st = amicus__error(err, AMICUS_ERR_TOO_LARGE, d->name, 0, 0, -1,
                           "DOCX refused: it unpacks to %llu bytes, over the limit of %zu (zip bomb?)", sum,
                           (size_t)AMICUS__ZIP_MAX_TOTAL);
        goto done;
    }
    if ((st = zip_read(d, z, "word/document.xml", true, &docxml, &dl, &total, err)) != AMICUS_OK) goto done;
    if ((st = zip_read(d, z, "word/numbering.xml", false, &numxml, &nl, &total, err)) != AMICUS_OK) goto done;
    if ((st = zip_read(d, z, "word/styles.xml", false, &stylexml, &sl, &total, err)) != AMICUS_OK) goto done;
    if (numxml && (xn = parse_part(d, numxml, nl, "word/numbering.xml", err, &st)) == NULL) goto done;
    if (stylexml && (xs = parse_part(d, stylexml, sl, "word/styles.xml", err, &st)) == NULL) goto done;
    if ((xd = parse_part(d, docxml, dl, "word/document.xml", err, &st)) == NULL) goto done;
    if (xn) load_numbering(&s, xmlDocGetRootElement(xn));
    if (xs) load_styles(&s, xmlDocGetRootElement(xs));
    const xmlNode *body = child(xmlDocGetRootElement(xd), "body");
    if (!body) {
        st = amicus__error(err, AMICUS_ERR_FORMAT, d->name, 0, 0, -1, "broken DOCX: word/document.xml has no body");
        goto done;
    }
    blocks(&s, body, 0);
    if (s.oom || s.out.oom) { st = amicus__error(err, AMICUS_ERR_NOMEM, d->name, 0, 0, -1, "out of memory"); goto done; }
    if (!s.out.s && !amicus__buf_putc(&s.out, '\n')) {
        st = amicus__error(err, AMICUS_ERR_NOMEM, d->name, 0, 0, -1, "out of memory");
        goto done;
    }
    *out = s.out.s;
    *out_len = s.out.n;
    s.out.s = NULL;
done:
    if (z) zip_discard(z);
    zip_error_fini(&ze);
    if (xd) xmlFreeDoc(xd);
    if (xn) xmlFreeDoc(xn);
    if (xs) xmlFreeDoc(xs);
    amicus__free(docxml);
    amicus__free(numxml);
    amicus__free(stylexml);
    amicus__buf_free(&s.out);
    AMICUS_VEC_FREE(s.abs);
    AMICUS_VEC_FREE(s.nums);
    AMICUS_VEC_FREE(s.styles);
    return st;
}
