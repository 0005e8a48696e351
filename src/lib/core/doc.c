/* doc.c — the document object: opening files and memory, accessors, locations, paths. */
#include "core.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>
#include <strings.h>

static void doc_free_contents(amicus_doc *d) {
    amicus__free(d->name);
    amicus__free(d->src);
    amicus__free(d->text);
    AMICUS_VEC_FREE(d->map);
    AMICUS_VEC_FREE(d->eids);
    AMICUS_VEC_FREE(d->heads);
    AMICUS_VEC_FREE(d->line_starts);
    AMICUS_VEC_FREE(d->page_lines);
    AMICUS_VEC_FREE(d->warnings);
    AMICUS_VEC_FREE(d->nodes);
    AMICUS_VEC_FREE(d->provisions);
    AMICUS_VEC_FREE(d->defs);
    AMICUS_VEC_FREE(d->refs);
    AMICUS_VEC_FREE(d->health);
    amicus__arena_free(&d->arena);
}

void amicus_doc_free(amicus_doc *doc) {
    if (!doc) return;
    doc_free_contents(doc);
    amicus__free(doc);
}

/* Takes ownership of buf (allocated with amicus__malloc). */
static amicus_status doc_build(char *buf, size_t len, const char *name,
                               const amicus_open_options *opts, amicus_doc **out,
                               amicus_error *err) {
    amicus_doc *d = amicus__calloc(1, sizeof *d);
    if (!d) {
        amicus__free(buf);
        return amicus__error(err, AMICUS_ERR_NOMEM, name, 0, 0, -1, "out of memory");
    }
    d->src = buf;
    d->src_len = len;
    d->name = amicus__strdup(name ? name : "<memory>");
    if (!d->name) {
        amicus_doc_free(d);
        return amicus__error(err, AMICUS_ERR_NOMEM, name, 0, 0, -1, "out of memory");
    }
    if (opts && opts->lang) d->lang_forced = amicus__arena_strdup(&d->arena, opts->lang);
    d->max_depth = opts && opts->max_depth > 0 ? opts->max_depth : AMICUS_DEFAULT_MAX_DEPTH;
    if (d->max_depth > AMICUS_MAX_DEPTH_CEILING) d->max_depth = AMICUS_MAX_DEPTH_CEILING;
    unsigned long failures = amicus__alloc_failures();
    amicus_status st = amicus__ingest(d, opts, err);
    if (st == AMICUS_OK) st = amicus__structure(d, err);
    /* libxml2 parses in recover mode and reads a failed allocation as a malformed or shorter
     * document: when memory ran out on the way, nothing read is trusted and the cause is told */
    if (st != AMICUS_ERR_NOMEM && amicus__alloc_failures() != failures)
        st = amicus__error(err, AMICUS_ERR_NOMEM, d->name, 0, 0, -1, "out of memory");
    if (st == AMICUS_OK && d->eids.n) { /* XML eIds onto the nodes that start where their element did */
        for (size_t i = 1; i < d->nodes.n; i++) {
            size_t lo = 0, hi = d->eids.n, s = d->nodes.v[i].start;
            while (lo < hi) { size_t m = (lo + hi) / 2; if (d->eids.v[m].off < s) lo = m + 1; else hi = m; }
            if (lo < d->eids.n && d->eids.v[lo].off == s) d->nodes.v[i].eid = d->eids.v[lo].eid;
        }
    }
    if (st != AMICUS_OK) {
        if (err && !err->file[0]) snprintf(err->file, sizeof err->file, "%s", d->name);
        amicus_doc_free(d);
        return st;
    }
    *out = d;
    return AMICUS_OK;
}

amicus_status amicus_doc_open_memory(const char *data, size_t len, const char *name,
                                     const amicus_open_options *opts, amicus_doc **out,
                                     amicus_error *err) {
    if (!out || (!data && len)) return amicus__error(err, AMICUS_ERR_USAGE, name, 0, 0, -1, "bad arguments");
    *out = NULL;
    size_t max = opts && opts->max_input ? opts->max_input : AMICUS_DEFAULT_MAX_INPUT;
    if (len > max)
        return amicus__error(err, AMICUS_ERR_TOO_LARGE, name ? name : "<memory>", 0, 0, -1,
                             "input is %zu bytes, over the limit of %zu bytes (--max-input)", len, max);
    char *buf = amicus__malloc(len + 1);
    if (!buf) return amicus__error(err, AMICUS_ERR_NOMEM, name, 0, 0, -1, "out of memory");
    if (len) memcpy(buf, data, len);
    buf[len] = 0;
    return doc_build(buf, len, name, opts, out, err);
}

amicus_status amicus_doc_open_file(const char *path, const amicus_open_options *opts,
                                   amicus_doc **out, amicus_error *err) {
    if (!out || !path) return amicus__error(err, AMICUS_ERR_USAGE, path, 0, 0, -1, "bad arguments");
    *out = NULL;
    size_t max = opts && opts->max_input ? opts->max_input : AMICUS_DEFAULT_MAX_INPUT;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "cannot open: %s", strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "cannot stat: %s", strerror(e));
    }
    if (S_ISDIR(st.st_mode)) {
        close(fd);
        return amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "is a directory, not a document");
    }
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > (unsigned long long)max) {
        close(fd);
        return amicus__error(err, AMICUS_ERR_TOO_LARGE, path, 0, 0, -1,
                             "file is %lld bytes, over the limit of %zu bytes (raise it with --max-input)",
                             (long long)st.st_size, max);
    }
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 65536, len = 0;
    char *buf = amicus__malloc(cap);
    if (!buf) {
        close(fd);
        return amicus__error(err, AMICUS_ERR_NOMEM, path, 0, 0, -1, "out of memory reading file");
    }
    for (;;) {
        if (len + 1 >= cap) {
            if (cap > max + 1) break;
            size_t nc = cap * 2;
            char *nb = amicus__realloc(buf, nc);
            if (!nb) {
                amicus__free(buf);
                close(fd);
                return amicus__error(err, AMICUS_ERR_NOMEM, path, 0, 0, -1, "out of memory reading file");
            }
            buf = nb;
            cap = nc;
        }
        ssize_t r = read(fd, buf + len, cap - 1 - len);
        if (r < 0) {
            if (errno == EINTR) continue;
            int e = errno;
            amicus__free(buf);
            close(fd);
            return amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "read error: %s", strerror(e));
        }
        if (r == 0) break;
        len += (size_t)r;
        if (len > max) {
            amicus__free(buf);
            close(fd);
            return amicus__error(err, AMICUS_ERR_TOO_LARGE, path, 0, 0, -1,
                                 "input is over the limit of %zu bytes (raise it with --max-input)", max);
        }
    }
    close(fd);
    buf[len] = 0;
    return doc_build(buf, len, path, opts, out, err);
}

const char *amicus_doc_name(const amicus_doc *doc) { return doc->name; }
amicus_format amicus_doc_format(const amicus_doc *doc) { return doc->format; }
const char *amicus_doc_title(const amicus_doc *doc) { return doc->title; }

const char *amicus_doc_text(const amicus_doc *doc, size_t *len) {
    if (len) *len = doc->text_len;
    return doc->text;
}

const char *amicus_format_name(amicus_format f) {
    switch (f) {
    case AMICUS_FORMAT_AUTO: return "auto";
    case AMICUS_FORMAT_TEXT: return "text";
    case AMICUS_FORMAT_MARKDOWN: return "markdown";
    case AMICUS_FORMAT_HTML: return "html";
    case AMICUS_FORMAT_PDF: return "pdf";
    case AMICUS_FORMAT_DOCX: return "docx";
    case AMICUS_FORMAT_AKN: return "akn";
    case AMICUS_FORMAT_CLML: return "clml";
    case AMICUS_FORMAT_USLM: return "uslm";
    case AMICUS_FORMAT_FORMEX: return "formex";
    }
    return "unknown";
}

void amicus_doc_locate(const amicus_doc *doc, size_t offset, amicus_location *loc) {
    memset(loc, 0, sizeof *loc);
    if (offset > doc->text_len) offset = doc->text_len;
    size_t src = offset;
    uint32_t page = 0;
    if (doc->map.n) {
        size_t lo = 0, hi = doc->map.n;
        while (hi - lo > 1) { /* last segment with norm <= offset */
            size_t mid = (lo + hi) / 2;
            if (doc->map.v[mid].norm <= offset) lo = mid; else hi = mid;
        }
        const amicus__mapseg *s = &doc->map.v[lo];
        if (s->norm <= offset) {
            src = s->src + (offset - s->norm);
            if (lo + 1 < doc->map.n && src > doc->map.v[lo + 1].src && doc->map.v[lo + 1].src >= s->src)
                src = doc->map.v[lo + 1].src;
        } else {
            src = 0;
        }
        page = s->page;
    }
    if (src > doc->src_len) src = doc->src_len;
    loc->source_offset = src;
    loc->page = page;
    size_t ls = 0;
    unsigned long line = 1;
    if (doc->line_starts.n) {
        size_t lo = 0, hi = doc->line_starts.n;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (doc->line_starts.v[mid] <= src) lo = mid; else hi = mid;
        }
        ls = doc->line_starts.v[lo];
        line = (unsigned long)lo + 1;
        if (page && page <= doc->page_lines.n && doc->page_lines.v[page - 1] <= lo)
            line = (unsigned long)(lo - doc->page_lines.v[page - 1]) + 1; /* line on the page */
    }
    unsigned long col = 1;
    if (ls == 0 && doc->src_encoding == AMICUS__SRC_UTF16 && src >= 2) ls = 2; /* skip the BOM */
    else if (ls == 0 && doc->src_len >= 3 && src >= 3 && memcmp(doc->src, "\xEF\xBB\xBF", 3) == 0) ls = 3;
    if (doc->src_encoding == AMICUS__SRC_BYTE) {
        col += (unsigned long)(src > ls ? src - ls : 0);
    } else if (doc->src_encoding == AMICUS__SRC_UTF16) {
        for (size_t i = ls; i + 1 < src && i + 1 < doc->src_len; i += 2) {
            unsigned char hi = (unsigned char)doc->src[i], lo = (unsigned char)doc->src[i + 1];
            unsigned char top = (unsigned char)doc->src[0] == 0xFF ? lo : hi; /* BOM FF FE = LE */
            if ((top & 0xFC) != 0xDC) col++; /* low surrogates do not start a character */
        }
    } else {
        for (size_t i = ls; i < src && i < doc->src_len; i++)
            if (((unsigned char)doc->src[i] & 0xC0) != 0x80) col++;
    }
    loc->line = line;
    loc->column = col;
}

size_t amicus_doc_warning_count(const amicus_doc *doc) { return doc->warnings.n; }
const amicus_diag *amicus_doc_warning(const amicus_doc *doc, size_t i) {
    return i < doc->warnings.n ? &doc->warnings.v[i] : NULL;
}

bool amicus__doc_warn(amicus_doc *doc, const char *code, long long offset, const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    amicus_diag dg = {code, amicus__arena_strdup(&doc->arena, tmp), offset};
    if (!dg.message) return false;
    return AMICUS_VEC_PUSH(doc->warnings, dg);
}

bool amicus__doc_health(amicus_doc *doc, const char *code, size_t offset, int32_t node,
                        const char *fmt, ...) {
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    amicus_health h = {code, amicus__arena_strdup(&doc->arena, tmp), offset, node};
    if (!h.message) return false;
    return AMICUS_VEC_PUSH(doc->health, h);
}

/* ---- nodes ---- */
size_t amicus_doc_node_count(const amicus_doc *doc) { return doc->nodes.n; }
const amicus_node *amicus_doc_node(const amicus_doc *doc, size_t i) {
    return i < doc->nodes.n ? &doc->nodes.v[i] : NULL;
}

const amicus_node *amicus_doc_node_at(const amicus_doc *doc, size_t offset) {
    if (!doc->nodes.n) return NULL;
    /* Nodes are in pre-order and children lie inside their parent without overlapping, so
       starts never decrease along the array: the last node starting at or before offset is
       found by binary search, and the innermost node holding offset is it or one of its
       ancestors (any other node holding offset would start later). O(log n + depth), where
       a walk down the sibling lists was O(siblings) per call: quadratic on flat laws. */
    size_t lo = 0, hi = doc->nodes.n; /* first node starting after offset */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->nodes.v[mid].start <= offset) lo = mid + 1;
        else hi = mid;
    }
    const amicus_node *n = &doc->nodes.v[lo ? lo - 1 : 0];
    while (n->parent >= 0 && !(n->start <= offset && offset < n->end)) n = &doc->nodes.v[n->parent];
    return n;
}

size_t amicus_doc_provision_count(const amicus_doc *doc) { return doc->provisions.n; }
const amicus_node *amicus_doc_provision(const amicus_doc *doc, size_t i) {
    return i < doc->provisions.n ? &doc->nodes.v[doc->provisions.v[i]] : NULL;
}

static const amicus_node *langpart_of(const amicus_doc *doc, const amicus_node *n) {
    while (n && n->parent >= 0) {
        if (n->type == AMICUS_NODE_LANGPART) return n;
        n = &doc->nodes.v[n->parent];
    }
    return NULL;
}

const amicus_node *amicus_doc_find_provision(const amicus_doc *doc, const char *number,
                                             const amicus_node *near) {
    if (!number) return NULL;
    const amicus_node *part = near ? langpart_of(doc, near) : NULL;
    const amicus_node *first = NULL;
    for (size_t i = 0; i < doc->provisions.n; i++) {
        const amicus_node *p = &doc->nodes.v[doc->provisions.v[i]];
        if (!p->number || strcmp(p->number, number) != 0) continue;
        if (!part) return p;
        if (langpart_of(doc, p) == part) return p;
        if (!first) first = p;
    }
    return part ? NULL : first;
}

const char *amicus_node_path(const amicus_doc *doc, const amicus_node *node, char *buf, size_t size) {
    if (!size) return buf;
    buf[0] = 0;
    if (!node) return buf;
    /* collect from node up to the provision */
    const amicus_node *chain[64];
    size_t n = 0;
    const amicus_node *p = node;
    while (p && n < 64) {
        chain[n++] = p;
        if (p->type == AMICUS_NODE_PROVISION || p->parent < 0) break;
        p = &doc->nodes.v[p->parent];
    }
    const amicus_node *prov = chain[n - 1];
    size_t off = 0;
    if (prov->type == AMICUS_NODE_PROVISION) {
        const char *pre = "Art. ";
        if (prov->label && strncmp(prov->label, "\xc2\xa7", 2) == 0) pre = "\xc2\xa7 ";
        else if (prov->kind && strcmp(prov->kind, "section") == 0) pre = "s. ";
        else if (prov->kind && strcmp(prov->kind, "rule") == 0) pre = "r. ";
        int w = snprintf(buf, size, "%s%s", pre, prov->number ? prov->number : "?");
        off = w > 0 ? (size_t)w : 0;
    } else if (prov->label) {
        int w = snprintf(buf, size, "%s", prov->label);
        off = w > 0 ? (size_t)w : 0;
    }
    for (size_t i = n - 1; i-- > 0 && off < size;) {
        const amicus_node *c = chain[i];
        if (!c->number) continue;
        int w = snprintf(buf + off, size - off, "(%s)", c->number);
        if (w > 0) off += (size_t)w;
    }
    return buf;
}

/* ---- definitions, references, health ---- */
size_t amicus_doc_definition_count(const amicus_doc *doc) { return doc->defs.n; }
const amicus_definition *amicus_doc_definition(const amicus_doc *doc, size_t i) {
    return i < doc->defs.n ? &doc->defs.v[i] : NULL;
}
const amicus_definition *amicus_doc_find_definition(const amicus_doc *doc, const char *term) {
    for (size_t i = 0; i < doc->defs.n; i++)
        if (strcasecmp(doc->defs.v[i].term, term) == 0) return &doc->defs.v[i];
    return NULL;
}
size_t amicus_doc_reference_count(const amicus_doc *doc) { return doc->refs.n; }
const amicus_reference *amicus_doc_reference(const amicus_doc *doc, size_t i) {
    return i < doc->refs.n ? &doc->refs.v[i] : NULL;
}
size_t amicus_doc_health_count(const amicus_doc *doc) { return doc->health.n; }
const amicus_health *amicus_doc_health(const amicus_doc *doc, size_t i) {
    return i < doc->health.n ? &doc->health.v[i] : NULL;
}
