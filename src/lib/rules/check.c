/* check.c — amicus_check: one Vectorscan scan, scope units, conditions, findings, explanations. */
#include "rules.h"
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <utf8proc.h>

#define LOCATE_WINDOW 4096  /* how far back from a match end a quote may start */

typedef struct range { size_t a, b; } range;
typedef struct unit { size_t start, end; int32_t node; int32_t def; } unit;
typedef struct seg { size_t a, b; uint32_t u; } seg;
typedef struct scopeset {
    AMICUS_VEC(unit) units;
    AMICUS_VEC(seg) segs;
    bool built;
} scopeset;
typedef struct occ { size_t pos; int32_t def; } occ;
typedef AMICUS_VEC(int32_t) i32vec;
/* a resolved cross-reference by its position */
typedef struct refpos { size_t start; int32_t ref; } refpos;
/* a stretch of text in one language, scanned with that language's database */
typedef struct region { size_t a, b; const char *lang; } region;
typedef AMICUS_VEC(region) regionvec;
/* the folded view of a region in a language matched through one (Arabic) */
typedef struct fview { size_t a, b; amicus__mview v; } fview;

typedef struct ctx {
    const amicus_doc *doc;
    const amicus_rules *r;
    const char *text;
    size_t len;
    szvec *m;                   /* per pattern: sorted match end offsets */
    bool oom;
    scopeset sc[RS_COUNT];
    szvec sent;                 /* sentence start offsets, sorted (0 first) */
    bool sent_built;
    struct { int trait; szvec ends; } hedge[16]; /* per hedge trait (language): match ends, sorted */
    size_t nhedge;
    AMICUS_VEC(occ) occ;        /* occurrences of defined terms, sorted by pos */
    bool occ_built;
    AMICUS_VEC(range) rg;       /* scratch: ranges of one condition */
    i32vec tmp;                 /* scratch */
    uint32_t *def_stamp;
    uint32_t def_stamp_v;
    /* per-rule trigger bookkeeping, indexed by unit */
    uint32_t *u_stamp;
    uint32_t *n_stamp;          /* per node: u_stamp_v when a provision's own-text unit fired */
    size_t *u_first;
    uint32_t *u_pat;
    size_t u_cap;
    uint32_t u_stamp_v;
    AMICUS_VEC(uint32_t) trig;
    const rrule *cur_rule;      /* the rule being run (its triggers make the sentence place) */
    /* resolved cross-references, built once per check for the cited and citing places */
    bool refs_built;
    refpos *ref_pos;            /* the resolved references, sorted by start */
    size_t nref_pos;
    uint32_t *cite_off;         /* per node k: cite_ref[cite_off[k] .. cite_off[k + 1]) cite node k */
    int32_t *cite_ref;
    i32vec citers;              /* scratch of add_citing: the references citing the node */
    /* locating quotes and confirming matches of patterns with \\b */
    pcre2_match_data *md;
    pcre2_match_context *mctx;  /* per check: the callout reads target */
    size_t target;
    unsigned long pcre_errors, verified, attempts;
    amicus_report *rep;
    /* scanning: a match ends at scan_base + to, or at scan_map[to] in a folded view */
    size_t scan_base;
    const size_t *scan_map;
    AMICUS_VEC(fview) views;
    size_t max_findings;        /* more is AMICUS_ERR_TOO_LARGE */
    /* explanation */
    const char *explain_id;
    amicus__buf ex;
} ctx;

/* ------------------------------------------------------------ small helpers */

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* first index i with v[i] > x */
static size_t upper(const size_t *v, size_t n, size_t x) {
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v[mid] <= x) lo = mid + 1; else hi = mid;
    }
    return lo;
}

static const amicus_node *N(const ctx *c, int32_t i) { return &c->doc->nodes.v[i]; }

static bool is_ws(char ch) { return ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\f' || ch == '\v'; }

/* ------------------------------------------------------------ scanning */

static size_t window_start(const ctx *c, uint32_t pid, size_t e);
static bool match_ending_at(ctx *c, uint32_t pid, size_t e, size_t from, size_t *qs);
static bool any_match_ending_at(ctx *c, uint32_t pid, size_t e, size_t from);
static bool boundary_at(const ctx *c, size_t e);

static int on_match(unsigned int id, unsigned long long from, unsigned long long to,
                    unsigned int flags, void *vctx) {
    (void)from; (void)flags;
    ctx *c = vctx;
    szvec *v = &c->m[id];
    /* le: the end in the text being scanned (c->text: the document or a folded view) */
    size_t le = c->scan_map ? (size_t)to : c->scan_base + (size_t)to;
    size_t e = c->scan_map ? c->scan_map[le] : le;
    if (v->n && v->v[v->n - 1] == e) return 0;
    const rpat *p = &c->r->pats.v[id];
    if (p->trail_b && !boundary_at(c, le)) return 0;
    if (p->verify) {
        c->verified++;
        if (!any_match_ending_at(c, id, le, window_start(c, id, le))) return 0;
    }
    if (!AMICUS_VEC_PUSH(*v, e)) {
        c->oom = true;
        return 1;
    }
    return 0;
}

/* ------------------------------------------------------------ scope units */

static int cmp_unit(const void *a, const void *b) {
    const unit *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end > y->end ? -1 : 1;
    return 0;
}

static bool build_segs(scopeset *s) {
    /* innermost unit for every byte, as disjoint segments; units sorted, properly nested */
    AMICUS_VEC(uint32_t) stack = {0};
    size_t cur = 0;
    bool ok = true;
#define EMIT(A, B, U) do { if ((A) < (B)) { seg sg = {(A), (B), (U)}; if (!AMICUS_VEC_PUSH(s->segs, sg)) ok = false; } } while (0)
    for (size_t i = 0; i <= s->units.n && ok; i++) {
        size_t ustart = i < s->units.n ? s->units.v[i].start : (size_t)-1;
        while (stack.n && s->units.v[stack.v[stack.n - 1]].end <= ustart) {
            uint32_t t = stack.v[--stack.n];
            size_t te = s->units.v[t].end;
            EMIT(cur, te, t);
            if (te > cur) cur = te;
        }
        if (i == s->units.n) break;
        if (stack.n) EMIT(cur, ustart, stack.v[stack.n - 1]);
        if (ustart > cur) cur = ustart;
        uint32_t ui = (uint32_t)i;
        if (!AMICUS_VEC_PUSH(stack, ui)) ok = false;
    }
#undef EMIT
    AMICUS_VEC_FREE(stack);
    return ok;
}

/* Is the line break at text[p] the end of an unnumbered paragraph? The line ends a sentence
 * with '.' (Markdown emphasis or a closing quote may follow) and the next line with text starts
 * with a capital after Markdown markers: Peru's "... días-multa.\nSi el agente accede ...", a
 * BOE <p>. A line ending with ':' or ';' goes on (a lead-in and its list), and so does one
 * ending inside a sentence, blank lines or not (a Markdown file that puts a blank line after
 * every printed line). In a PDF, where a line is a printed line, a blank line must come too. */
static bool para_break(const ctx *c, size_t p, size_t lo, size_t hi) {
    const char *t = c->text;
    size_t r = p;
    while (r > lo && (t[r - 1] == ' ' || t[r - 1] == '\t' || t[r - 1] == '\r' || t[r - 1] == '*' ||
                      t[r - 1] == '_' || t[r - 1] == '"' || t[r - 1] == '\''))
        r--;
    if (r == lo || t[r - 1] != '.') return false;
    size_t q = p + 1;
    bool blank = false;
    while (q < hi && (t[q] == '*' || t[q] == '_' || t[q] == '>' || t[q] == ' ' || t[q] == '\t' || t[q] == '\r' ||
                      t[q] == '\n')) {
        if (t[q] == '\n') blank = true;
        q++;
    }
    if (q >= hi || (!blank && amicus_doc_format(c->doc) == AMICUS_FORMAT_PDF)) return false;
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)t + q, (utf8proc_ssize_t)(hi - q), &cp) <= 0) return false;
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

/* The paragraph scope of a provision covers its own text outside numbered paragraphs: the
 * lead-in before the first paragraph ("Law enforcement authorities, with due cause, shall be
 * authorized ..." before s. 12's numbered paragraphs), text between paragraphs and the closing
 * words after the last one; and that text is cut into its unnumbered paragraphs (see
 * para_break), never inside the heading or a child node (an item stays with the lead-in that
 * opens its list). Peru Ley 30096 art. 2 is two paragraphs, a base offence and its aggravation
 * "vulnerando las medidas de seguridad": each is a unit, as numbered paragraphs are, so the
 * aggravation's element does not clear the base offence. Each stretch with a letter or digit
 * is a unit of the provision. */
static bool own_text_units(ctx *c, scopeset *s, int32_t prov) {
    const amicus_node *n = N(c, prov);
    size_t cur = n->start;
    bool ok = true;
    int32_t k = n->first_child;
    for (size_t p = n->start;; p++) {
        while (k >= 0 && N(c, k)->end <= p) k = N(c, k)->next_sibling;
        bool at_child = k >= 0 && p >= N(c, k)->start;
        size_t b = at_child ? N(c, k)->start : p;
        bool cut = p >= n->end || (at_child && N(c, k)->type == AMICUS_NODE_PARAGRAPH);
        if (!cut && !at_child && c->text[p] == '\n' && p >= n->body_start)
            cut = para_break(c, p, cur, n->end), b = p + 1;
        if (at_child && !cut) { /* an item: it belongs to the current stretch */
            p = N(c, k)->end - 1;
            k = N(c, k)->next_sibling;
            continue;
        }
        if (!cut) continue;
        if (b > n->end) b = n->end;
        bool text = false;
        for (size_t i = cur; i < b && !text; i++) {
            unsigned char ch = (unsigned char)c->text[i];
            text = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch >= 0x80;
        }
        if (text) {
            unit u = {cur, b, prov, -1};
            ok = ok && AMICUS_VEC_PUSH(s->units, u);
        }
        if (p >= n->end) break;
        if (at_child) { /* a numbered paragraph: a unit of its own */
            cur = N(c, k)->end;
            p = cur - 1;
            k = N(c, k)->next_sibling;
        } else {
            cur = b;
        }
    }
    return ok;
}

static scopeset *scope_units(ctx *c, rscope sc) {
    scopeset *s = &c->sc[sc];
    if (s->built) return s;
    s->built = true;
    const amicus_doc *d = c->doc;
    bool noprov = d->provisions.n == 0;
    unit whole = {0, c->len, 0, -1};
    bool ok = true;
    switch (sc) {
    case RS_DOCUMENT:
        ok = AMICUS_VEC_PUSH(s->units, whole);
        break;
    case RS_PROVISION:
        if (noprov) {
            ok = AMICUS_VEC_PUSH(s->units, whole);
            break;
        }
        for (size_t i = 0; i < d->nodes.n && ok; i++) {
            const amicus_node *n = &d->nodes.v[i];
            if (n->type == AMICUS_NODE_PROVISION) {
                unit u = {n->start, n->end, (int32_t)i, -1};
                ok = AMICUS_VEC_PUSH(s->units, u);
            }
        }
        break;
    case RS_PARAGRAPH:
        if (noprov) {
            ok = AMICUS_VEC_PUSH(s->units, whole);
            break;
        }
        for (size_t i = 0; i < d->nodes.n && ok; i++) {
            const amicus_node *n = &d->nodes.v[i];
            if (n->type == AMICUS_NODE_PARAGRAPH) {
                unit u = {n->start, n->end, (int32_t)i, -1};
                ok = AMICUS_VEC_PUSH(s->units, u);
            } else if (n->type == AMICUS_NODE_PROVISION) {
                ok = own_text_units(c, s, (int32_t)i);
            }
        }
        break;
    case RS_ITEM:
        for (size_t i = 0; i < d->nodes.n && ok; i++) {
            const amicus_node *n = &d->nodes.v[i];
            if (n->type == AMICUS_NODE_ITEM) {
                unit u = {n->start, n->end, (int32_t)i, -1};
                ok = AMICUS_VEC_PUSH(s->units, u);
            }
        }
        if (ok && !s->units.n && noprov) {
            ok = AMICUS_VEC_PUSH(s->units, whole);
        } else if (ok && !noprov) {
            /* a provision with no items: its paragraph units stand in for items */
            bool *has_items = amicus__calloc(d->nodes.n, sizeof *has_items);
            if (!has_items) { ok = false; break; }
            for (size_t i = 0; i < d->nodes.n; i++) {
                const amicus_node *n = &d->nodes.v[i];
                if (n->type == AMICUS_NODE_ITEM && n->provision >= 0 && (size_t)n->provision < d->nodes.n)
                    has_items[n->provision] = true;
            }
            scopeset *ps = scope_units(c, RS_PARAGRAPH);
            s = &c->sc[sc];
            for (size_t k = 0; k < ps->units.n && ok; k++) {
                const unit *pu = &ps->units.v[k];
                const amicus_node *pn = N(c, pu->node);
                int32_t prov = pn->type == AMICUS_NODE_PROVISION ? pu->node : pn->provision;
                if (prov >= 0 && !has_items[prov]) ok = AMICUS_VEC_PUSH(s->units, *pu);
            }
            amicus__free(has_items);
        }
        break;
    case RS_DEFINITION:
        for (size_t i = 0; i < d->defs.n && ok; i++) {
            const amicus_definition *df = &d->defs.v[i];
            if (df->end <= df->start || df->end > c->len) continue;
            unit u = {df->start, df->end, df->node >= 0 ? df->node : 0, (int32_t)i};
            ok = AMICUS_VEC_PUSH(s->units, u);
        }
        if (ok && !s->units.n && noprov) ok = AMICUS_VEC_PUSH(s->units, whole);
        break;
    default:
        break;
    }
    if (ok && s->units.n > 1) qsort(s->units.v, s->units.n, sizeof *s->units.v, cmp_unit);
    if (ok) ok = build_segs(s);
    if (!ok) c->oom = true;
    return s;
}

/* the unit whose innermost segment holds byte pos, or -1 */
static long unit_at(const scopeset *s, size_t pos) {
    size_t lo = 0, hi = s->segs.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->segs.v[mid].b <= pos) lo = mid + 1; else hi = mid;
    }
    if (lo < s->segs.n && s->segs.v[lo].a <= pos) return (long)s->segs.v[lo].u;
    return -1;
}

static const char *node_lang(const ctx *c, int32_t i) {
    for (; i >= 0; i = N(c, i)->parent) {
        const char *l = N(c, i)->lang;
        if (l && *l && strcmp(l, "und") != 0) return l;
    }
    if (c->doc->lang_forced && *c->doc->lang_forced) return c->doc->lang_forced;
    return "en";
}

/* ------------------------------------------------------------ places */

static void add_range(ctx *c, size_t a, size_t b) {
    if (a >= b) return;
    range r = {a, b};
    if (!AMICUS_VEC_PUSH(c->rg, r)) c->oom = true;
}

/* text of a node that is not in its children */
static void add_own_text(ctx *c, int32_t i) {
    const amicus_node *n = N(c, i);
    size_t cur = n->start;
    for (int32_t k = n->first_child; k >= 0; k = N(c, k)->next_sibling) {
        add_range(c, cur, N(c, k)->start);
        if (N(c, k)->end > cur) cur = N(c, k)->end;
    }
    add_range(c, cur, n->end);
}

static bool stop_node(const amicus_node *n) {
    return n->type == AMICUS_NODE_GROUP || n->type == AMICUS_NODE_DOCUMENT ||
           n->type == AMICUS_NODE_LANGPART;
}

static void add_ancestors(ctx *c, const unit *u) {
    if (u->node <= 0) return;
    const amicus_node *self = N(c, u->node);
    if (self->type == AMICUS_NODE_PROVISION && u->def < 0) return;
    int32_t a = u->def >= 0 ? u->node : self->parent;
    if (u->def >= 0 && (N(c, a)->start < u->start || N(c, a)->end > u->end)) {
        /* the definition is part of a bigger node: that node's text around it counts */
    } else if (u->def >= 0) {
        a = N(c, a)->parent;
    }
    while (a >= 0 && !stop_node(N(c, a))) {
        add_own_text(c, a);
        if (N(c, a)->type == AMICUS_NODE_PROVISION) break;
        a = N(c, a)->parent;
    }
}

static void add_descendants(ctx *c, const unit *u) {
    const amicus_node *n = N(c, u->node);
    for (int32_t k = n->first_child; k >= 0; k = N(c, k)->next_sibling) {
        size_t a = N(c, k)->start, b = N(c, k)->end;
        if (a < u->start) a = u->start;
        if (b > u->end) b = u->end;
        add_range(c, a, b);
    }
}

static void provision_range(const ctx *c, int32_t node, size_t *a, size_t *b) {
    const amicus_node *n = N(c, node);
    if (n->provision >= 0) n = N(c, n->provision);
    *a = n->start;
    *b = n->end;
}

static int cmp_occ(const void *a, const void *b) {
    const occ *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return x->def - y->def;
}

static bool word_byte(unsigned char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch >= 0x80;
}
static unsigned char lc(unsigned char ch) { return (ch >= 'A' && ch <= 'Z') ? (unsigned char)(ch + 32) : ch; }

/* Does term occur at text[p] (word start)? Whitespace in the term matches any whitespace run;
 * a plural s/es is allowed. Returns the end or 0. */
static size_t term_at(const ctx *c, size_t p, const char *term) {
    const unsigned char *t = (const unsigned char *)term, *x = (const unsigned char *)c->text;
    size_t i = p;
    while (*t) {
        if (is_ws((char)*t)) {
            if (i >= c->len || !is_ws((char)x[i])) return 0;
            while (*t && is_ws((char)*t)) t++;
            while (i < c->len && is_ws((char)x[i])) i++;
            continue;
        }
        if (i >= c->len || lc(x[i]) != lc(*t)) return 0;
        i++;
        t++;
    }
    if (i < c->len && (x[i] == 's' || x[i] == 'S')) {
        if (i + 1 >= c->len || !word_byte(x[i + 1])) return i + 1;
    }
    if (i + 1 < c->len && lc(x[i]) == 'e' && lc(x[i + 1]) == 's' && (i + 2 >= c->len || !word_byte(x[i + 2])))
        return i + 2;
    if (i < c->len && word_byte(x[i])) return 0;
    return i;
}

static void build_occ(ctx *c) {
    c->occ_built = true;
    const amicus_doc *d = c->doc;
    if (!d->defs.n) return;
    /* bucket definitions by the folded first byte pair of the term */
    size_t nb = 4096;
    int32_t *head = amicus__malloc(nb * sizeof *head), *next = amicus__malloc(d->defs.n * sizeof *next);
    if (!head || !next) {
        amicus__free(head);
        amicus__free(next);
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < nb; i++) head[i] = -1;
    for (size_t i = d->defs.n; i-- > 0;) {
        const char *t = d->defs.v[i].term;
        next[i] = -1;
        if (!t || !t[0] || !t[1]) continue;
        size_t h = ((size_t)lc((unsigned char)t[0]) * 31u + lc((unsigned char)t[1])) & (nb - 1);
        next[i] = head[h];
        head[h] = (int32_t)i;
    }
    const unsigned char *x = (const unsigned char *)c->text;
    for (size_t p = 0; p + 1 < c->len && !c->oom; p++) {
        if (!word_byte(x[p]) || (p > 0 && word_byte(x[p - 1]))) continue;
        size_t h = ((size_t)lc(x[p]) * 31u + lc(x[p + 1])) & (nb - 1);
        for (int32_t k = head[h]; k >= 0; k = next[k])
            if (term_at(c, p, d->defs.v[k].term)) {
                occ o = {p, k};
                if (!AMICUS_VEC_PUSH(c->occ, o)) c->oom = true;
            }
    }
    amicus__free(head);
    amicus__free(next);
    if (c->occ.n > 1) qsort(c->occ.v, c->occ.n, sizeof *c->occ.v, cmp_occ);
    c->def_stamp = amicus__calloc(d->defs.n, sizeof *c->def_stamp);
    if (!c->def_stamp) c->oom = true;
}

static void add_definitions(ctx *c, const unit *u) {
    if (!c->occ_built) build_occ(c);
    if (!c->def_stamp) return;
    c->def_stamp_v++;
    size_t lo = 0, hi = c->occ.n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->occ.v[mid].pos < u->start) lo = mid + 1; else hi = mid;
    }
    for (size_t i = lo; i < c->occ.n && c->occ.v[i].pos < u->end; i++) {
        int32_t k = c->occ.v[i].def;
        if (c->def_stamp[k] == c->def_stamp_v) continue;
        c->def_stamp[k] = c->def_stamp_v;
        add_range(c, c->doc->defs.v[k].start, c->doc->defs.v[k].end);
    }
}

static int cmp_refpos(const void *a, const void *b) {
    const refpos *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    return x->ref - y->ref;
}

/* the resolved references by position and by target (a reverse-reference index), once per check */
static void build_refs(ctx *c) {
    c->refs_built = true;
    const amicus_doc *d = c->doc;
    size_t nn = d->nodes.n, n = 0;
    c->cite_off = amicus__calloc(nn + 1, sizeof *c->cite_off);
    c->ref_pos = amicus__malloc((d->refs.n ? d->refs.n : 1) * sizeof *c->ref_pos);
    c->cite_ref = amicus__malloc((d->refs.n ? d->refs.n : 1) * sizeof *c->cite_ref);
    if (!c->cite_off || !c->ref_pos || !c->cite_ref) {
        amicus__free(c->cite_off);
        amicus__free(c->ref_pos);
        amicus__free(c->cite_ref);
        c->cite_off = NULL, c->ref_pos = NULL, c->cite_ref = NULL;
        c->oom = true;
        return;
    }
    for (size_t i = 0; i < d->refs.n; i++) {
        const amicus_reference *rf = &d->refs.v[i];
        if (rf->target < 0 || (size_t)rf->target >= nn) continue;
        refpos rp = {rf->start, (int32_t)i};
        c->ref_pos[n++] = rp;
        c->cite_off[rf->target + 1]++;
    }
    c->nref_pos = n;
    for (size_t k = 0; k < nn; k++) c->cite_off[k + 1] += c->cite_off[k];
    /* counting sort by target; within a target in reference order (positions as the refs are) */
    for (size_t i = 0; i < n; i++) {
        int32_t t = d->refs.v[c->ref_pos[i].ref].target;
        c->cite_ref[c->cite_off[t]++] = c->ref_pos[i].ref;
    }
    for (size_t k = nn; k > 0; k--) c->cite_off[k] = c->cite_off[k - 1];
    c->cite_off[0] = 0;
    if (n > 1) qsort(c->ref_pos, n, sizeof *c->ref_pos, cmp_refpos);
}

/* push onto out the targets of the resolved references made in c->rg.v[base .. end), except
 * the references skip_lo .. skip_hi (positions in c->ref_pos; skip_lo > skip_hi: none) */
static void ref_targets_in(ctx *c, size_t base, size_t end, i32vec *out, size_t skip_lo, size_t skip_hi) {
    if (!c->refs_built) build_refs(c);
    const amicus_doc *d = c->doc;
    for (size_t k = base; k < end; k++) {
        size_t a = c->rg.v[k].a, b = c->rg.v[k].b, lo = 0, hi = c->nref_pos;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (c->ref_pos[mid].start < a) lo = mid + 1; else hi = mid;
        }
        for (size_t i = lo; i < c->nref_pos && c->ref_pos[i].start < b; i++)
            if ((i < skip_lo || i > skip_hi) && !AMICUS_VEC_PUSH(*out, d->refs.v[c->ref_pos[i].ref].target)) c->oom = true;
    }
}

/* Is the text between two references [a, b) only what joins the members of one list: blanks,
 * punctuation, "§", at most one short word ("und", "oder", "bis", "and", "y", "et", "أو") and the
 * numbers of a range the reference stands for ("100c bis 100i, 110a": the range cites 100c)? */
static bool list_gap(const ctx *c, size_t a, size_t b) {
    if (b <= a) return true;
    if (b - a > 16) return false;
    int words = 0;
    for (size_t i = a; i < b;) {
        unsigned char ch = (unsigned char)c->text[i];
        if (is_ws((char)ch) || ch == ',' || ch == ';' || ch == '(' || ch == ')' || ch == '.') { i++; continue; }
        if (ch == 0xC2 && i + 1 < b && (unsigned char)c->text[i + 1] == 0xA7) { i += 2; continue; } /* § */
        size_t w = i;
        while (w < b && word_byte((unsigned char)c->text[w])) w++;
        if (w == i) return false;
        if (!(ch >= '0' && ch <= '9') && (w - i > 5 || ++words > 1)) return false;
        i = w;
    }
    return true;
}

/* the references listed with reference ref (its members "§§ 98a, 99, 100a bis 100f" or "Articles
 * 14 and 15"), as positions *lo .. *hi in c->ref_pos */
static void list_of(const ctx *c, int32_t ref, size_t *lo, size_t *hi) {
    size_t start = c->doc->refs.v[ref].start, l = 0, h = c->nref_pos;
    while (l < h) {
        size_t mid = l + (h - l) / 2;
        if (c->ref_pos[mid].start < start) l = mid + 1; else h = mid;
    }
    while (l < c->nref_pos && c->ref_pos[l].ref != ref) l++;
    if (l >= c->nref_pos) { *lo = 1, *hi = 0; return; }
    const amicus_reference *R = c->doc->refs.v;
    size_t a = l, b = l;
    while (a > 0 && list_gap(c, R[c->ref_pos[a - 1].ref].end, c->ref_pos[a].start)) a--;
    while (b + 1 < c->nref_pos && list_gap(c, R[c->ref_pos[b].ref].end, c->ref_pos[b + 1].start)) b++;
    *lo = a, *hi = b;
}

static void add_cited(ctx *c, const unit *u) {
    /* references made in the node, or in the lead-in text of its ancestors */
    size_t base = c->rg.n;
    add_range(c, u->start, u->end);
    add_ancestors(c, u);
    c->tmp.n = 0;
    ref_targets_in(c, base, c->rg.n, &c->tmp, 1, 0);
    c->rg.n = base;
    for (size_t i = 0; i < c->tmp.n; i++) {
        size_t a, b;
        provision_range(c, c->tmp.v[i], &a, &b);
        add_range(c, a, b);
    }
}

/* the own text of node i (see add_own_text) inside [lo, hi) */
static void add_own_text_within(ctx *c, int32_t i, size_t lo, size_t hi) {
    size_t base = c->rg.n;
    add_own_text(c, i);
    size_t w = base;
    for (size_t k = base; k < c->rg.n; k++) {
        range r = c->rg.v[k];
        if (r.a < lo) r.a = lo;
        if (r.b > hi) r.b = hi;
        if (r.a < r.b) c->rg.v[w++] = r;
    }
    c->rg.n = w;
}

/* the unit that makes reference rf: the item it is made in with the lead-in of its list, else
 * the paragraph unit (a numbered paragraph, an unnumbered paragraph of a provision's own text) */
static void add_citing_unit(ctx *c, const amicus_reference *rf) {
    scopeset *ps = scope_units(c, RS_PARAGRAPH);
    long ui = unit_at(ps, rf->start);
    int32_t from = rf->from >= 0 && (size_t)rf->from < c->doc->nodes.n ? rf->from : -1;
    if (ui < 0) { /* outside every provision (a preamble): the node it is made in */
        if (from > 0) add_range(c, N(c, from)->start, N(c, from)->end);
        return;
    }
    const unit *pu = &ps->units.v[ui];
    int32_t it = from >= 0 && N(c, from)->type == AMICUS_NODE_ITEM ? from : -1;
    if (it < 0 || N(c, it)->start < pu->start || N(c, it)->end > pu->end) {
        add_range(c, pu->start, pu->end);
        return;
    }
    /* the item (with its sub-items) and the own text of the lists around it, in the unit */
    add_range(c, N(c, it)->start, N(c, it)->end);
    for (int32_t a = N(c, it)->parent; a >= 0 && !stop_node(N(c, a)); a = N(c, a)->parent) {
        add_own_text_within(c, a, pu->start, pu->end);
        if (N(c, a)->type != AMICUS_NODE_ITEM) break;
    }
}

static void sentence_of(ctx *c, size_t pos, size_t *a, size_t *b);

/* The units that cite the node, one of its ancestors up to its provision, or a part of the unit
 * (a provision's paragraph, a paragraph's item), with what each of them cites in turn, one level:
 * what the sentence citing the node cites: "Bei Erhebungen von Verkehrsdaten nach § 100g gelten
 * § 100a Absatz 3 und 4 und § 100e entsprechend" brings § 100a (3), (4) and § 100e. Not brought:
 * the node's own provision, what other sentences of the unit cite (a list of offences "...
 * (C. P. artículo 233); ... (C. P. artículo 114)" is no rule applied to article 233), and the
 * references listed with the one that cites the node ("Für Maßnahmen nach den §§ 98a, 99, 100a
 * bis 100f ... gelten": § 98a is not under § 100e's court order for being named beside § 100a). */
static void add_citing(ctx *c, const unit *u) {
    if (u->node <= 0) return;
    if (!c->refs_built) build_refs(c);
    if (!c->cite_off) return;
    const amicus_doc *d = c->doc;
    const amicus_node *self = N(c, u->node);
    int32_t prov = self->type == AMICUS_NODE_PROVISION ? u->node : self->provision;
    c->citers.n = 0;
    for (int32_t a = u->node; a >= 0 && !stop_node(N(c, a)); a = N(c, a)->parent) {
        size_t to = (size_t)a + 1;
        if (a == u->node) /* and the nodes inside the unit (pre-order: the subtree follows the node) */
            while (to < d->nodes.n && N(c, (int32_t)to)->start < self->end) to++;
        for (size_t n = (size_t)a; n < to; n++) {
            if (n != (size_t)a && (N(c, (int32_t)n)->start < u->start || N(c, (int32_t)n)->end > u->end)) continue;
            for (uint32_t k = c->cite_off[n]; k < c->cite_off[n + 1]; k++)
                if (!AMICUS_VEC_PUSH(c->citers, c->cite_ref[k])) c->oom = true;
        }
        if (N(c, a)->type == AMICUS_NODE_PROVISION) break;
    }
    for (size_t i = 0; i < c->citers.n; i++) {
        const amicus_reference *rf = &d->refs.v[c->citers.v[i]];
        size_t base = c->rg.n, ub, lo, hi, sa, sb;
        add_citing_unit(c, rf);
        ub = c->rg.n;
        sentence_of(c, rf->start, &sa, &sb);
        for (size_t k = base; k < ub; k++) {
            range r = c->rg.v[k];
            add_range(c, r.a > sa ? r.a : sa, r.b < sb ? r.b : sb);
        }
        list_of(c, c->citers.v[i], &lo, &hi);
        c->tmp.n = 0;
        ref_targets_in(c, ub, c->rg.n, &c->tmp, lo, hi);
        c->rg.n = ub;
        for (size_t k = 0; k < c->tmp.n; k++) {
            const amicus_node *t = N(c, c->tmp.v[k]);
            int32_t tp = t->type == AMICUS_NODE_PROVISION ? c->tmp.v[k] : t->provision;
            if (prov >= 0 && tp == prov) continue;
            add_range(c, t->start, t->end);
        }
    }
}

static void add_document(ctx *c, const unit *u) {
    for (int32_t i = u->node; i >= 0; i = N(c, i)->parent)
        if (N(c, i)->type == AMICUS_NODE_LANGPART) {
            add_range(c, N(c, i)->start, N(c, i)->end);
            return;
        }
    add_range(c, 0, c->len);
}

static int cmp_range(const void *a, const void *b) {
    const range *x = a, *y = b;
    if (x->a != y->a) return x->a < y->a ? -1 : 1;
    return x->b < y->b ? -1 : x->b > y->b;
}

/* fill c->rg with the merged ranges of the places; trig is the end of the trigger match (0
 * for an absence rule: no sentence) */
static void place_ranges(ctx *c, const unit *u, unsigned places, size_t trig) {
    c->rg.n = 0;
    if ((places & PL_SENTENCE) && trig && c->cur_rule) {
        /* the sentences of the rule's trigger matches in the unit (a heading that names the
         * power is a sentence of its own, so its body's sentence must count too) */
        const rrule *ru = c->cur_rule;
        for (size_t k = 0; k < ru->pats.n; k++) {
            const szvec *v = &c->m[ru->pats.v[k]];
            size_t last_b = 0;
            for (size_t i = upper(v->v, v->n, u->start); i < v->n && v->v[i] <= u->end; i++) {
                if (v->v[i] <= last_b) continue; /* same sentence as the previous match */
                size_t a, b;
                sentence_of(c, v->v[i] - 1, &a, &b);
                add_range(c, a, b);
                last_b = b;
            }
        }
    }
    if (places & PL_NODE) add_range(c, u->start, u->end);
    if (places & PL_ANCESTORS) add_ancestors(c, u);
    if (places & PL_DESCENDANTS) add_descendants(c, u);
    if (places & PL_PROVISION) {
        if (u->node > 0 && N(c, u->node)->provision >= 0) {
            size_t a, b;
            provision_range(c, u->node, &a, &b);
            add_range(c, a, b);
        } else {
            add_range(c, u->start, u->end);
        }
    }
    if (places & PL_DEFINITIONS) add_definitions(c, u);
    if (places & PL_CITED) add_cited(c, u);
    if (places & PL_CITING) add_citing(c, u);
    if (places & PL_DOCUMENT) add_document(c, u);
    if (c->rg.n > 1) {
        qsort(c->rg.v, c->rg.n, sizeof *c->rg.v, cmp_range);
        size_t w = 0;
        for (size_t i = 1; i < c->rg.n; i++) {
            if (c->rg.v[i].a <= c->rg.v[w].b) {
                if (c->rg.v[i].b > c->rg.v[w].b) c->rg.v[w].b = c->rg.v[i].b;
            } else {
                c->rg.v[++w] = c->rg.v[i];
            }
        }
        c->rg.n = w + 1;
    }
}

/* ------------------------------------------------------------ sentences and hedges */

static void build_sentences(ctx *c) {
    c->sent_built = true;
    size_t z = 0;
    if (!AMICUS_VEC_PUSH(c->sent, z)) { c->oom = true; return; }
    const char *t = c->text;
    for (size_t i = 0; i + 1 < c->len; i++) {
        char ch = t[i];
        size_t b = 0;
        if ((ch == '.' || ch == ';' || ch == ':') && is_ws(t[i + 1])) b = i + 1;
        else if (ch == '\n') {
            size_t j = i + 1;
            while (j < c->len && (t[j] == ' ' || t[j] == '\t' || t[j] == '\r')) j++;
            if (j < c->len && t[j] == '\n') b = j;
        }
        if (b && b > c->sent.v[c->sent.n - 1] && !AMICUS_VEC_PUSH(c->sent, b)) { c->oom = true; return; }
    }
}

/* the sorted match ends of hedge trait ti (built once per check), NULL when none */
static const szvec *hedges(ctx *c, int ti) {
    if (ti < 0) return NULL;
    for (size_t i = 0; i < c->nhedge; i++)
        if (c->hedge[i].trait == ti) return &c->hedge[i].ends;
    if (c->nhedge == sizeof c->hedge / sizeof c->hedge[0]) { c->oom = true; return NULL; }
    szvec *out = &c->hedge[c->nhedge].ends;
    c->hedge[c->nhedge++].trait = ti;
    const rtrait *t = &c->r->traits.v[ti];
    for (size_t k = 0; k < t->pats.n; k++) {
        const szvec *v = &c->m[t->pats.v[k]];
        for (size_t i = 0; i < v->n; i++)
            if (!AMICUS_VEC_PUSH(*out, v->v[i])) { c->oom = true; return NULL; }
    }
    if (out->n > 1) qsort(out->v, out->n, sizeof *out->v, cmp_size);
    return out;
}

/* the sentence holding byte pos: [*a, *b) */
static void sentence_of(ctx *c, size_t pos, size_t *a, size_t *b) {
    if (!c->sent_built) build_sentences(c);
    if (!c->sent.n) { *a = 0; *b = c->len; return; }
    size_t i = upper(c->sent.v, c->sent.n, pos); /* first start > pos */
    *a = i ? c->sent.v[i - 1] : 0;
    *b = i < c->sent.n ? c->sent.v[i] : c->len;
}

/* end offset of a match of hedge trait ti in the sentence of the match ending at e, or 0 */
static size_t hedged(ctx *c, int ti, size_t e) {
    const szvec *h = hedges(c, ti);
    if (!h || !h->n) return 0;
    size_t a, b;
    sentence_of(c, e - 1, &a, &b);
    size_t i = upper(h->v, h->n, a); /* first hedge end > a */
    if (i < h->n && h->v[i] <= b) return h->v[i];
    return 0;
}

/* ------------------------------------------------------------ locating quotes */

static int end_callout(pcre2_callout_block *cb, void *data) {
    const ctx *c = data;
    return cb->current_position == c->target ? 0 : 1;
}

static size_t window_start(const ctx *c, uint32_t pid, size_t e) {
    unsigned mw = c->r->pats.v[pid].max_width;
    size_t w = (mw == UINT_MAX || mw > LOCATE_WINDOW) ? LOCATE_WINDOW : mw;
    size_t s = e > w ? e - w : 0;
    while (s < e && ((unsigned char)c->text[s] & 0xC0) == 0x80) s++;
    return s;
}

/* nearest start >= from of a match of pattern pid that ends exactly at e: starts are tried
 * from e backwards (only bytes a match can start with), anchored, and the callout pins the
 * end, so the shortest match ending at e wins */
static bool match_ending_at(ctx *c, uint32_t pid, size_t e, size_t from, size_t *qs) {
    const rpat *p = &c->r->pats.v[pid];
    if (!p->re || !c->md || !c->mctx || from >= e) return false;
    const unsigned char *t = (const unsigned char *)c->text;
    /* PCRE2 looks at (and checks) the whole subject it is given: give it a slice with some
     * context either side for lookbehind and \\b */
    size_t base = from > 64 ? from - 64 : 0, lim = e + 64 < c->len ? e + 64 : c->len;
    while (base > 0 && (t[base] & 0xC0) == 0x80) base--;
    while (lim < c->len && (t[lim] & 0xC0) == 0x80) lim++;
    c->target = e - base;
    for (size_t s = e; s-- > from;) {
        unsigned char b = t[s];
        if (!(p->start_map[b >> 3] & (1u << (b & 7))) || (b & 0xC0) == 0x80) continue;
        c->attempts++;
        int rc = pcre2_match(p->re, (PCRE2_SPTR)c->text + base, lim - base, s - base, PCRE2_ANCHORED, c->md,
                             c->mctx);
        if (rc >= 0) {
            *qs = s;
            return true;
        }
        if (rc != PCRE2_ERROR_NOMATCH) {
            c->pcre_errors++;
            if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT || rc == PCRE2_ERROR_HEAPLIMIT)
                return false;
        }
    }
    return false;
}

/* is there a match of pattern pid ending exactly at e and starting at or after from?
 * Confirming an end needs any start, not the nearest: anchored attempts at the starts of the
 * last 128 bytes first (a real match is usually short: found at once), then one unanchored
 * PCRE2 search from `from` (the callout pins the end) instead of one anchored attempt per
 * start across the whole window (an end Vectorscan widened wrongly costs one search) */
static bool any_match_ending_at(ctx *c, uint32_t pid, size_t e, size_t from) {
    const rpat *p = &c->r->pats.v[pid];
    if (!p->re || !c->md || !c->mctx || from >= e) return false;
    size_t near = e - from > 128 ? e - 128 : from, s0;
    while (near > from && ((unsigned char)c->text[near] & 0xC0) == 0x80) near--;
    if (match_ending_at(c, pid, e, near, &s0)) return true;
    if (near == from) return false;
    const unsigned char *t = (const unsigned char *)c->text;
    size_t base = from > 64 ? from - 64 : 0, lim = e + 64 < c->len ? e + 64 : c->len;
    while (base > 0 && (t[base] & 0xC0) == 0x80) base--;
    while (lim < c->len && (t[lim] & 0xC0) == 0x80) lim++;
    c->target = e - base;
    c->attempts++;
    int rc = pcre2_match(p->re, (PCRE2_SPTR)c->text + base, lim - base, from - base, 0, c->md, c->mctx);
    if (rc >= 0) return true;
    if (rc != PCRE2_ERROR_NOMATCH) {
        c->pcre_errors++;
        size_t s;
        /* over a limit: fall back to one bounded attempt per start */
        return match_ending_at(c, pid, e, from, &s);
    }
    return false;
}

static bool locate(ctx *c, uint32_t pid, size_t e, size_t floor, size_t *qs) {
    size_t w = window_start(c, pid, e);
    if (floor > w && floor < e && match_ending_at(c, pid, e, floor, qs)) return true;
    return match_ending_at(c, pid, e, w, qs);
}

/* Unicode word character (PCRE2 UCP \w: letters, numbers, underscore) starting at byte i */
static bool word_char_at(const ctx *c, size_t i) {
    if (i >= c->len) return false;
    unsigned char b = (unsigned char)c->text[i];
    if (b < 0x80) return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_';
    utf8proc_int32_t cp;
    if (utf8proc_iterate((const utf8proc_uint8_t *)c->text + i, (utf8proc_ssize_t)(c->len - i), &cp) <= 0) return false;
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

static bool boundary_at(const ctx *c, size_t e) {
    bool after = word_char_at(c, e);
    bool before = false;
    if (e > 0) {
        size_t i = e - 1;
        while (i > 0 && ((unsigned char)c->text[i] & 0xC0) == 0x80 && e - i < 4) i--;
        before = word_char_at(c, i);
    }
    return before != after;
}

/* the folded view holding the match end e (a < e <= b), NULL when none */
static const fview *view_at(const ctx *c, size_t e) {
    for (size_t i = 0; i < c->views.n; i++)
        if (c->views.v[i].a < e && e <= c->views.v[i].b) return &c->views.v[i];
    return NULL;
}

/* first folded offset whose original offset is >= x */
static size_t view_lower(const amicus__mview *v, size_t x) {
    size_t lo = 0, hi = v->len + 1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (v->map[mid] < x) lo = mid + 1; else hi = mid;
    }
    return lo;
}

/* locate in a folded view: the patterns were folded too, so PCRE2 runs on the view and the
 * start maps back to the original text */
static bool locate_folded(ctx *c, const fview *fv, uint32_t pid, size_t e, size_t floor, size_t *qs) {
    const amicus__mview *v = &fv->v;
    size_t ve = view_lower(v, e);
    if (ve > v->len || v->map[ve] != e) return false;
    size_t vf = floor > fv->a ? view_lower(v, floor) : 0;
    const char *t = c->text;
    size_t len = c->len;
    c->text = v->text;
    c->len = v->len;
    size_t vs;
    bool ok = locate(c, pid, ve, vf, &vs);
    c->text = t;
    c->len = len;
    if (ok) *qs = v->map[vs];
    return ok;
}

/* start of the quote ending at e: the PCRE2 match, or a short stretch of words before e */
static size_t quote_start(ctx *c, uint32_t pid, size_t e, size_t floor) {
    size_t s;
    const fview *fv = view_at(c, e);
    if (fv ? locate_folded(c, fv, pid, e, floor, &s) : locate(c, pid, e, floor, &s)) return s;
    s = e > 60 ? e - 60 : 0;
    if (s < floor && floor < e) s = floor;
    while (s < e && ((unsigned char)c->text[s] & 0xC0) == 0x80) s++;
    return s;
}

/* ------------------------------------------------------------ fingerprints */

typedef struct tok { size_t a, b; } tok;

static bool tok_ok(const ctx *c, size_t a, size_t b) {
    if (b - a < 2) return false;
    for (size_t i = a; i < b; i++)
        if (c->text[i] >= '0' && c->text[i] <= '9') return false;
    /* item labels: (iv), (aa), a) */
    if (b < c->len && c->text[b] == ')' && b - a <= 4) return false;
    return true;
}

static void fold_words(const ctx *c, size_t a, size_t b, amicus__buf *out) {
    const unsigned char *t = (const unsigned char *)c->text;
    size_t i = a;
    while (i < b) {
        while (i < b && !word_byte(t[i])) i++;
        size_t s = i;
        while (i < b && word_byte(t[i])) i++;
        if (s == i || !tok_ok(c, s, i)) continue;
        amicus__buf_putc(out, ' ');
        size_t k = s;
        while (k < i) {
            utf8proc_int32_t cp;
            utf8proc_ssize_t n = utf8proc_iterate(t + k, (utf8proc_ssize_t)(i - k), &cp);
            if (n <= 0) { amicus__buf_putc(out, (char)t[k]); k++; continue; }
            cp = utf8proc_tolower(cp);
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = utf8proc_encode_char(cp, enc);
            amicus__buf_put(out, (const char *)enc, (size_t)m);
            k += (size_t)n;
        }
    }
}

/* up to 4 acceptable words before a / after b */
static size_t words_before(const ctx *c, size_t a) {
    const unsigned char *t = (const unsigned char *)c->text;
    size_t i = a, found = 0, lim = a > 400 ? a - 400 : 0;
    while (i > lim && found < 4) {
        while (i > lim && !word_byte(t[i - 1])) i--;
        size_t e = i;
        while (i > lim && word_byte(t[i - 1])) i--;
        if (i < e && tok_ok(c, i, e)) found++;
    }
    return i;
}
static size_t words_after(const ctx *c, size_t b) {
    const unsigned char *t = (const unsigned char *)c->text;
    size_t i = b, found = 0, lim = b + 400 < c->len ? b + 400 : c->len;
    while (i < lim && found < 4) {
        while (i < lim && !word_byte(t[i])) i++;
        size_t s = i;
        while (i < lim && word_byte(t[i])) i++;
        if (s < i && tok_ok(c, s, i)) found++;
    }
    return i;
}

static void fingerprint(ctx *c, const char *rule, size_t a, size_t b, bool absent, char out[17]) {
    amicus__buf buf = {0};
    amicus__buf_puts(&buf, rule);
    if (absent) {
        amicus__buf_puts(&buf, "|absent");
    } else {
        amicus__buf_putc(&buf, '|');
        fold_words(c, words_before(c, a), a, &buf);
        amicus__buf_putc(&buf, '|');
        fold_words(c, a, b, &buf);
        amicus__buf_putc(&buf, '|');
        fold_words(c, b, words_after(c, b), &buf);
    }
    uint64_t h = amicus__hash64(buf.s ? buf.s : rule, buf.s ? buf.n : strlen(rule), 0);
    if (buf.oom) c->oom = true;
    amicus__buf_free(&buf);
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* ------------------------------------------------------------ conditions */

typedef struct cond_result {
    unsigned long count;
    size_t first_end;       /* end of the first counted match, 0 none */
    uint32_t first_pat;
    unsigned long discounted;
    size_t disc_end, disc_hedge;
    uint32_t disc_pat;
} cond_result;

static bool eval_cond(ctx *c, const unit *u, const rcond *cd, size_t trig, cond_result *res) {
    memset(res, 0, sizeof *res);
    place_ranges(c, u, cd->places, trig);
    bool want_detail = c->ex.s != NULL || c->explain_id != NULL;
    for (size_t pi = 0; pi < cd->pats.n; pi++) {
        uint32_t pid = cd->pats.v[pi];
        const szvec *v = &c->m[pid];
        if (!v->n) continue;
        for (size_t ri = 0; ri < c->rg.n; ri++) {
            size_t lo = upper(v->v, v->n, c->rg.v[ri].a), hi = upper(v->v, v->n, c->rg.v[ri].b);
            if (!cd->unhedged) {
                if (hi > lo) {
                    if (!res->first_end || v->v[lo] < res->first_end) {
                        res->first_end = v->v[lo];
                        res->first_pat = pid;
                    }
                    res->count += hi - lo;
                }
            } else {
                for (size_t k = lo; k < hi; k++) {
                    size_t h = hedged(c, cd->hedge, v->v[k]);
                    if (h) {
                        if (!res->discounted++) {
                            res->disc_end = v->v[k];
                            res->disc_hedge = h;
                            res->disc_pat = pid;
                        }
                        continue;
                    }
                    if (!res->first_end || v->v[k] < res->first_end) {
                        res->first_end = v->v[k];
                        res->first_pat = pid;
                    }
                    res->count++;
                    if (res->count >= cd->min && !want_detail) return true;
                }
            }
            if (res->count >= cd->min && !want_detail) return true;
        }
    }
    return res->count >= cd->min;
}

/* ------------------------------------------------------------ explanation text */

static void ex_quote(ctx *c, size_t a, size_t b) {
    amicus__buf_putc(&c->ex, '\'');
    if (b - a > 160) {
        a = b - 160;
        while (a < b && ((unsigned char)c->text[a] & 0xC0) == 0x80) a++;
        amicus__buf_puts(&c->ex, "...");
    }
    for (size_t i = a; i < b; i++) amicus__buf_putc(&c->ex, is_ws(c->text[i]) ? ' ' : c->text[i]);
    amicus__buf_putc(&c->ex, '\'');
}

static void ex_where(ctx *c, size_t pos) {
    const amicus_node *n = amicus_doc_node_at(c->doc, pos);
    char path[256];
    amicus_node_path(c->doc, n, path, sizeof path);
    amicus_location loc;
    amicus_doc_locate(c->doc, pos, &loc);
    amicus__buf_printf(&c->ex, "%s line %lu", path[0] ? path : (n && n->kind ? n->kind : "document"), loc.line);
}

static void ex_unit(ctx *c, const unit *u) {
    char path[256];
    amicus_node_path(c->doc, N(c, u->node), path, sizeof path);
    amicus_location loc;
    amicus_doc_locate(c->doc, u->start, &loc);
    if (u->def >= 0)
        amicus__buf_printf(&c->ex, "definition of '%s'", c->doc->defs.v[u->def].term);
    else
        amicus__buf_printf(&c->ex, "%s", path[0] ? path : (u->node == 0 ? "document" : N(c, u->node)->kind));
    amicus__buf_printf(&c->ex, " [%zu-%zu, line %lu]", u->start, u->end, loc.line);
}

static void ex_cond(ctx *c, const rcond *cd, bool held, const cond_result *res, const char *what) {
    amicus__buf_printf(&c->ex, "    %s any [", what);
    for (size_t k = 0; k < cd->raw.n; k++) amicus__buf_printf(&c->ex, "%s'%s'", k ? ", " : "", cd->raw.v[k]);
    amicus__buf_puts(&c->ex, "] in [");
    int first = 1;
    for (int p = 0; p < PL_COUNT; p++)
        if (cd->places & (1u << p)) {
            amicus__buf_printf(&c->ex, "%s%s", first ? "" : ", ", amicus__place_names[p]);
            first = 0;
        }
    amicus__buf_puts(&c->ex, "]");
    if (cd->min > 1) amicus__buf_printf(&c->ex, " min %lu", cd->min);
    if (cd->unhedged) amicus__buf_puts(&c->ex, " unhedged");
    amicus__buf_printf(&c->ex, ": %s (%lu match%s", held ? "HOLDS" : "fails", res->count, res->count == 1 ? "" : "es");
    if (res->first_end) {
        size_t s = quote_start(c, res->first_pat, res->first_end, 0);
        amicus__buf_puts(&c->ex, "; first ");
        ex_quote(c, s, res->first_end);
        amicus__buf_puts(&c->ex, " in ");
        ex_where(c, s);
    }
    if (res->discounted) {
        size_t s = quote_start(c, res->disc_pat, res->disc_end, 0);
        amicus__buf_printf(&c->ex, "; %lu discounted as hedged, e.g. ", res->discounted);
        ex_quote(c, s, res->disc_end);
        amicus__buf_puts(&c->ex, " in ");
        ex_where(c, s);
        amicus__buf_puts(&c->ex, " hedged by ");
        const rtrait *t = &c->r->traits.v[cd->hedge];
        for (size_t k = 0; k < t->pats.n; k++) {
            const szvec *v = &c->m[t->pats.v[k]];
            size_t i = upper(v->v, v->n, res->disc_hedge - 1);
            if (i < v->n && v->v[i] == res->disc_hedge) {
                ex_quote(c, quote_start(c, t->pats.v[k], res->disc_hedge, 0), res->disc_hedge);
                break;
            }
        }
    }
    amicus__buf_puts(&c->ex, ")\n");
}

/* ------------------------------------------------------------ findings */

static amicus_status add_finding(ctx *c, const rrule *u, const unit *un, uint32_t pid, size_t e,
                                 amicus_error *err) {
    amicus_finding f;
    memset(&f, 0, sizeof f);
    amicus_report *rep = c->rep;
    const amicus_rule_info *in = &u->info;
    if (rep->findings.n >= c->max_findings)
        return amicus__error(err, AMICUS_ERR_TOO_LARGE, c->doc->name, 0, 0, -1,
                             "more than %zu findings in one document (raise the limit with --max-findings)",
                             c->max_findings);
    f.rule = amicus__arena_strdup(&rep->arena, in->id);
    f.kind = in->kind; /* static string */
    f.concern = in->concern;
    f.demand = in->demand;
    f.severity = in->severity;
    f.message = amicus__arena_strdup(&rep->arena, in->message);
    f.standard = amicus__arena_strdup(&rep->arena, in->standard);
    f.remedy = amicus__arena_strdup(&rep->arena, in->remedy);
    if (!f.rule || !f.message || !f.standard || !f.remedy) c->oom = true;
    if (in->absent) {
        f.node = 0;
        f.start = f.end = 0;
        f.quote = "";
        fingerprint(c, in->id, 0, 0, true, f.fingerprint);
        (void)pid; (void)e;
    } else {
        size_t s = quote_start(c, pid, e, un->start);
        f.start = s;
        f.end = e;
        if (u->scope == RS_DOCUMENT) {
            f.node = 0;
        } else {
            const amicus_node *n = amicus_doc_node_at(c->doc, s);
            while (n && n->parent >= 0 && n->end < e) n = N(c, n->parent);
            f.node = n ? n->index : 0;
            if (f.node < 0 || (size_t)f.node >= c->doc->nodes.n) f.node = 0;
            const amicus_node *fn = N(c, f.node);
            if (fn->provision >= 0) f.article = N(c, fn->provision)->number;
            char path[256];
            amicus_node_path(c->doc, fn, path, sizeof path);
            if (path[0] && (fn->type == AMICUS_NODE_PROVISION || fn->type == AMICUS_NODE_PARAGRAPH ||
                            fn->type == AMICUS_NODE_ITEM || fn->provision >= 0)) {
                f.path = amicus__arena_strdup(&rep->arena, path);
                if (!f.path) c->oom = true;
            }
        }
        char *q = amicus__arena_strndup(&rep->arena, c->text + s, e - s);
        if (!q) c->oom = true;
        f.quote = q ? q : "";
        fingerprint(c, in->id, s, e, false, f.fingerprint);
    }
    amicus_doc_locate(c->doc, f.start, &f.loc);
    if (c->oom || !AMICUS_VEC_PUSH(rep->findings, f))
        return amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
    return AMICUS_OK;
}

static bool lang_ok(const ctx *c, const rrule *u, int32_t node) {
    return strcmp(node_lang(c, node), u->info.lang) == 0;
}

/* The document-level unit for a rule's language: the whole document when it is in that
 * language, else its first language part in it (a bilingual treaty); false when none. */
static bool doc_unit(const ctx *c, const rrule *u, unit *out) {
    unit whole = {0, c->len, 0, -1};
    if (lang_ok(c, u, 0)) { *out = whole; return true; }
    for (size_t i = 1; i < c->doc->nodes.n; i++) {
        const amicus_node *n = &c->doc->nodes.v[i];
        if (n->type == AMICUS_NODE_LANGPART && n->lang && !strcmp(n->lang, u->info.lang)) {
            unit part = {n->start, n->end, (int32_t)i, -1};
            *out = part;
            return true;
        }
    }
    return false;
}

static bool ensure_units(ctx *c, size_t n) {
    if (n <= c->u_cap) return true;
    size_t cap = n;
    uint32_t *st = amicus__realloc(c->u_stamp, cap * sizeof *st);
    if (!st) return false;
    c->u_stamp = st;
    memset(c->u_stamp + c->u_cap, 0, (cap - c->u_cap) * sizeof *st);
    size_t *fi = amicus__realloc(c->u_first, cap * sizeof *fi);
    if (!fi) return false;
    c->u_first = fi;
    uint32_t *pp = amicus__realloc(c->u_pat, cap * sizeof *pp);
    if (!pp) return false;
    c->u_pat = pp;
    c->u_cap = cap;
    return true;
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* requires all, unless none; with explanation lines when explaining */
static bool conditions_hold(ctx *c, const rrule *u, const unit *un, size_t trig, bool explain) {
    bool ok = true;
    cond_result res;
    for (size_t k = 0; k < u->req.n; k++) {
        bool h = eval_cond(c, un, &u->req.v[k], trig, &res);
        if (explain) ex_cond(c, &u->req.v[k], h, &res, "requires");
        if (!h) { ok = false; if (!explain) return false; }
    }
    for (size_t k = 0; k < u->unl.n; k++) {
        bool h = eval_cond(c, un, &u->unl.v[k], trig, &res);
        if (explain) ex_cond(c, &u->unl.v[k], h, &res, "unless  ");
        if (h) { ok = false; if (!explain) return false; }
    }
    return ok;
}

/* a document-scope rule that fires on presence: once, at the first trigger in the part */
static amicus_status run_document_rule(ctx *c, const rrule *u, bool explain, amicus_error *err) {
    unit whole;
    if (!doc_unit(c, u, &whole)) {
        if (explain)
            amicus__buf_printf(&c->ex, "  not applied: no part of the document is in %s\n", u->info.lang);
        return AMICUS_OK;
    }
    size_t first = 0;
    uint32_t fp = 0;
    for (size_t k = 0; k < u->pats.n; k++) {
        const szvec *v = &c->m[u->pats.v[k]];
        size_t i = upper(v->v, v->n, whole.start);
        if (i < v->n && v->v[i] <= whole.end && (!first || v->v[i] < first)) { first = v->v[i]; fp = u->pats.v[k]; }
    }
    if (!first) {
        if (explain) amicus__buf_puts(&c->ex, "  no trigger anywhere\n  verdict: does not fire\n");
        return AMICUS_OK;
    }
    if (explain) {
        amicus__buf_puts(&c->ex, "  document\n    trigger ");
        ex_quote(c, quote_start(c, fp, first, whole.start), first);
        amicus__buf_printf(&c->ex, " (pattern '%s') in ", c->r->pats.v[fp].text);
        ex_where(c, first - 1);
        amicus__buf_puts(&c->ex, "\n");
    }
    bool ok = conditions_hold(c, u, &whole, first, explain);
    if (c->oom) return amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
    if (explain) amicus__buf_printf(&c->ex, "    verdict: %s\n", ok ? "FIRES" : "does not fire");
    return ok ? add_finding(c, u, &whole, fp, first, err) : AMICUS_OK;
}

static amicus_status run_rule(ctx *c, const rrule *u, amicus_error *err) {
    c->cur_rule = u;
    bool explain = c->explain_id && !strcmp(c->explain_id, u->info.id);
    if (explain)
        amicus__buf_printf(&c->ex, "rule %s (lang %s, %s, scope %s%s, %s)\n", u->info.id, u->info.lang,
                           u->info.kind, u->info.scope, u->info.absent ? ", absent" : "",
                           amicus_severity_name(u->info.severity));
    if (u->info.absent) {
        unit whole;
        if (!doc_unit(c, u, &whole)) {
            if (explain)
                amicus__buf_printf(&c->ex, "  not applied: no part of the document is in %s (document: %s)\n",
                                   u->info.lang, node_lang(c, 0));
            return AMICUS_OK;
        }
        size_t first = 0;
        uint32_t fp = 0;
        for (size_t k = 0; k < u->pats.n; k++) {
            const szvec *v = &c->m[u->pats.v[k]];
            size_t i = upper(v->v, v->n, whole.start); /* first end inside the part */
            if (i < v->n && v->v[i] <= whole.end && (!first || v->v[i] < first)) { first = v->v[i]; fp = u->pats.v[k]; }
        }
        if (first) {
            if (explain) {
                amicus__buf_puts(&c->ex, "  a pattern is present, so nothing is absent: ");
                ex_quote(c, quote_start(c, fp, first, 0), first);
                amicus__buf_puts(&c->ex, " in ");
                ex_where(c, first - 1);
                amicus__buf_puts(&c->ex, "\n  verdict: does not fire\n");
            }
            return AMICUS_OK;
        }
        if (explain) amicus__buf_puts(&c->ex, "  no pattern matches anywhere in the document\n");
        bool ok = conditions_hold(c, u, &whole, 0, explain);
        if (explain) amicus__buf_printf(&c->ex, "  verdict: %s\n", ok ? "FIRES (document-level)" : "does not fire");
        return ok ? add_finding(c, u, &whole, 0, 0, err) : AMICUS_OK;
    }
    if (u->scope == RS_DOCUMENT) return run_document_rule(c, u, explain, err);
    scopeset *s = scope_units(c, u->scope);
    if (c->oom) return amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
    if (!ensure_units(c, s->units.n))
        return amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
    c->u_stamp_v++;
    c->trig.n = 0;
    for (size_t k = 0; k < u->pats.n; k++) {
        uint32_t pid = u->pats.v[k];
        const szvec *v = &c->m[pid];
        for (size_t i = 0; i < v->n; i++) {
            long ui = unit_at(s, v->v[i] - 1);
            if (ui < 0) continue;
            if (c->u_stamp[ui] != c->u_stamp_v) {
                c->u_stamp[ui] = c->u_stamp_v;
                c->u_first[ui] = v->v[i];
                c->u_pat[ui] = pid;
                uint32_t x = (uint32_t)ui;
                if (!AMICUS_VEC_PUSH(c->trig, x))
                    return amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
            } else if (v->v[i] < c->u_first[ui]) {
                c->u_first[ui] = v->v[i];
                c->u_pat[ui] = pid;
            }
        }
    }
    if (c->trig.n > 1) qsort(c->trig.v, c->trig.n, sizeof *c->trig.v, cmp_u32);
    if (explain)
        amicus__buf_printf(&c->ex, "  %zu node%s in scope, %zu with a trigger\n", s->units.n,
                           s->units.n == 1 ? "" : "s", c->trig.n);
    size_t fired = 0;
    for (size_t t = 0; t < c->trig.n; t++) {
        uint32_t ui = c->trig.v[t];
        const unit *un = &s->units.v[ui];
        size_t e = c->u_first[ui];
        uint32_t pid = c->u_pat[ui];
        if (explain) {
            amicus__buf_puts(&c->ex, "  ");
            ex_unit(c, un);
            amicus__buf_puts(&c->ex, "\n    trigger ");
            ex_quote(c, quote_start(c, pid, e, un->start), e);
            amicus__buf_printf(&c->ex, " (pattern '%s')\n", c->r->pats.v[pid].text);
            for (size_t k = 0; k < u->pats.n; k++) { /* every trigger pattern matching here */
                const szvec *v = &c->m[u->pats.v[k]];
                size_t lo = upper(v->v, v->n, un->start), hi = upper(v->v, v->n, un->end);
                if (hi > lo)
                    amicus__buf_printf(&c->ex, "    matched %zux '%s'\n", hi - lo, c->r->pats.v[u->pats.v[k]].text);
            }
        }
        if (!lang_ok(c, u, un->node)) {
            if (explain)
                amicus__buf_printf(&c->ex, "    not applied: text is in %s\n    verdict: does not fire\n",
                                   node_lang(c, un->node));
            continue;
        }
        bool ok = conditions_hold(c, u, un, e, explain);
        if (c->oom) return amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
        /* the own text of a provision may be several units (lead-in, unnumbered paragraphs,
         * closing words): one finding per provision, at the first unit that fires */
        bool again = false;
        if (ok && un->def < 0 && N(c, un->node)->type == AMICUS_NODE_PROVISION) {
            if (!c->n_stamp && !(c->n_stamp = amicus__calloc(c->doc->nodes.n, sizeof *c->n_stamp)))
                return amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
            again = c->n_stamp[un->node] == c->u_stamp_v;
            c->n_stamp[un->node] = c->u_stamp_v;
        }
        if (explain)
            amicus__buf_printf(&c->ex, "    verdict: %s\n",
                               !ok ? "does not fire" : again ? "FIRES (the provision has its finding already)" : "FIRES");
        if (!ok || again) continue;
        amicus_status st = add_finding(c, u, un, pid, e, err);
        if (st) return st;
        fired++;
    }
    if (explain) amicus__buf_printf(&c->ex, "  %zu finding%s\n", fired, fired == 1 ? "" : "s");
    return AMICUS_OK;
}

/* ------------------------------------------------------------ the scan */

/* the document cut into language stretches: each language part in its language, the text
 * outside them in the document's; neighbours in one language merged */
static bool regions(const ctx *c, regionvec *out) {
    const char *root = node_lang(c, 0);
    size_t cur = 0;
#define ADD(A, B, L) do { \
        if ((A) < (B)) { \
            if (out->n && out->v[out->n - 1].b == (A) && !strcmp(out->v[out->n - 1].lang, (L))) { \
                out->v[out->n - 1].b = (B); \
            } else { \
                region rg_ = {(A), (B), (L)}; \
                if (!AMICUS_VEC_PUSH(*out, rg_)) return false; \
            } \
        } } while (0)
    for (size_t i = 1; i < c->doc->nodes.n; i++) {
        const amicus_node *n = &c->doc->nodes.v[i];
        if (n->type != AMICUS_NODE_LANGPART || n->end <= cur) continue;
        size_t a = n->start > cur ? n->start : cur, b = n->end < c->len ? n->end : c->len;
        ADD(cur, a, root);
        ADD(a, b, node_lang(c, (int32_t)i));
        if (b > cur) cur = b;
    }
    ADD(cur, c->len, root);
#undef ADD
    return true;
}

/* one scan per language stretch with that language's database (built on first use), through
 * a folded view where the language folds; every match end lands in c->m in original offsets */
static amicus_status scan(ctx *c, amicus_error *err) {
    regionvec rg = {0};
    rscratch scr;
    amicus_status st = amicus__scratch_get(c->r, &scr, err);
    if (st) return st;
    if (!regions(c, &rg)) {
        st = amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < rg.n; i++) {
        const rdb *d = NULL;
        st = amicus__rules_db(c->r, rg.v[i].lang, &d, err);
        if (st) goto out;
        if (!d || !d->db) continue;
        st = amicus__scratch_fit(c->r, &scr, d, err);
        if (st) goto out;
        size_t a = rg.v[i].a, b = rg.v[i].b;
        hs_error_t e;
        if (amicus__lang_folds(rg.v[i].lang)) {
            fview fv = {a, b, {0}};
            if (!amicus__fold_view(rg.v[i].lang, c->text + a, b - a, a, &fv.v)) {
                st = amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
                goto out;
            }
            if (!AMICUS_VEC_PUSH(c->views, fv)) {
                amicus__fold_view_free(&fv.v);
                st = amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory");
                goto out;
            }
            const amicus__mview *v = &c->views.v[c->views.n - 1].v;
            const char *t = c->text;
            size_t len = c->len;
            c->text = v->text;
            c->len = v->len;
            c->scan_map = v->map;
            e = hs_scan(d->db, v->text, (unsigned int)v->len, 0, scr.s, on_match, c);
            c->text = t;
            c->len = len;
            c->scan_map = NULL;
        } else {
            c->scan_base = a;
            e = hs_scan(d->db, c->text + a, (unsigned int)(b - a), 0, scr.s, on_match, c);
        }
        if (c->oom) {
            st = amicus__error(err, AMICUS_ERR_NOMEM, c->doc->name, 0, 0, -1, "out of memory recording matches");
            goto out;
        }
        if (e != HS_SUCCESS && e != HS_SCAN_TERMINATED) {
            st = amicus__error(err, AMICUS_ERR_INTERNAL, c->doc->name, 0, 0, -1, "Vectorscan scan failed (%d)", (int)e);
            goto out;
        }
    }
out:
    amicus__scratch_put(c->r, &scr);
    AMICUS_VEC_FREE(rg);
    return st;
}

static int cmp_finding(const void *a, const void *b) {
    const amicus_finding *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    if (x->end != y->end) return x->end < y->end ? -1 : 1;
    return strcmp(x->rule, y->rule);
}

typedef struct fpidx { const char *fp; size_t i; } fpidx;
static int cmp_fpidx(const void *a, const void *b) {
    const fpidx *x = a, *y = b;
    int c = strcmp(x->fp, y->fp);
    if (c) return c;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The same words with the same neighbours (a provision repeated verbatim) give the same
 * fingerprint: the second and later copies, in document order, get "#k" hashed in. */
static bool distinct_fingerprints(amicus_report *rep) {
    size_t n = rep->findings.n;
    if (n < 2) return true;
    fpidx *v = amicus__malloc(n * sizeof *v);
    if (!v) return false;
    for (size_t i = 0; i < n; i++) v[i] = (fpidx){rep->findings.v[i].fingerprint, i};
    qsort(v, n, sizeof *v, cmp_fpidx);
    size_t *dup = amicus__calloc(n, sizeof *dup);
    if (!dup) { amicus__free(v); return false; }
    for (size_t i = 1; i < n; i++)
        if (!strcmp(v[i].fp, v[i - 1].fp)) dup[v[i].i] = dup[v[i - 1].i] + 1;
    amicus__free(v);
    for (size_t i = 0; i < n; i++)
        if (dup[i]) {
            amicus_finding *f = &rep->findings.v[i];
            char tmp[48];
            int len = snprintf(tmp, sizeof tmp, "%s#%zu", f->fingerprint, dup[i] + 1);
            uint64_t h = amicus__hash64(tmp, (size_t)len, 0);
            snprintf(f->fingerprint, sizeof f->fingerprint, "%016llx", (unsigned long long)h);
        }
    amicus__free(dup);
    return true;
}

static void ctx_free(ctx *c) {
    if (c->m)
        for (size_t i = 0; i < c->r->pats.n; i++) AMICUS_VEC_FREE(c->m[i]);
    amicus__free(c->m);
    for (int s = 0; s < RS_COUNT; s++) {
        AMICUS_VEC_FREE(c->sc[s].units);
        AMICUS_VEC_FREE(c->sc[s].segs);
    }
    AMICUS_VEC_FREE(c->sent);
    for (size_t i = 0; i < c->nhedge; i++) AMICUS_VEC_FREE(c->hedge[i].ends);
    AMICUS_VEC_FREE(c->occ);
    AMICUS_VEC_FREE(c->rg);
    AMICUS_VEC_FREE(c->tmp);
    AMICUS_VEC_FREE(c->citers);
    amicus__free(c->ref_pos);
    amicus__free(c->cite_off);
    amicus__free(c->cite_ref);
    AMICUS_VEC_FREE(c->trig);
    amicus__free(c->def_stamp);
    amicus__free(c->u_stamp);
    amicus__free(c->n_stamp);
    amicus__free(c->u_first);
    amicus__free(c->u_pat);
    for (size_t i = 0; i < c->views.n; i++) amicus__fold_view_free(&c->views.v[i].v);
    AMICUS_VEC_FREE(c->views);
    if (c->md) pcre2_match_data_free(c->md);
    if (c->mctx) pcre2_match_context_free(c->mctx);
    amicus__buf_free(&c->ex);
}

void amicus_report_free(amicus_report *r) {
    if (!r) return;
    AMICUS_VEC_FREE(r->findings);
    amicus__arena_free(&r->arena);
    amicus__free(r);
}

size_t amicus_report_finding_count(const amicus_report *r) { return r ? r->findings.n : 0; }
const amicus_finding *amicus_report_finding(const amicus_report *r, size_t i) {
    return r && i < r->findings.n ? &r->findings.v[i] : NULL;
}
const amicus_demand_result *amicus_report_demand(const amicus_report *r, int demand) {
    return r && demand >= 1 && demand <= 6 ? &r->demands[demand - 1] : NULL;
}
const char *amicus_report_explain(const amicus_report *r) { return r ? r->explain : NULL; }

amicus_status amicus_check(const amicus_doc *doc, const amicus_rules *rules,
                           const amicus_check_options *opts, amicus_report **out,
                           amicus_error *err) {
    if (!doc || !rules || !out) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "bad arguments");
    *out = NULL;
    if (!rules->compiled)
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "rules not compiled (call amicus_rules_compile)");
    if (!doc->nodes.n)
        return amicus__error(err, AMICUS_ERR_USAGE, doc->name, 0, 0, -1, "document has no structure");
    unsigned long failures = amicus__alloc_failures();
    ctx c;
    memset(&c, 0, sizeof c);
    c.doc = doc;
    c.r = rules;
    c.text = doc->text ? doc->text : "";
    c.len = doc->text ? doc->text_len : 0;
    c.explain_id = opts ? opts->explain_rule : NULL;
    c.max_findings = opts && opts->max_findings ? opts->max_findings : AMICUS_DEFAULT_MAX_FINDINGS;
    amicus_status st = AMICUS_OK;
    amicus_report *rep = amicus__calloc(1, sizeof *rep);
    c.rep = rep;
    c.m = amicus__calloc(rules->pats.n ? rules->pats.n : 1, sizeof *c.m);
    c.md = rules->gctx ? pcre2_match_data_create(1, rules->gctx) : NULL;
    c.mctx = rules->mctx ? pcre2_match_context_copy(rules->mctx) : NULL;
    if (c.mctx) pcre2_set_callout(c.mctx, end_callout, &c);
    if (!rep || !c.m || !c.md || !c.mctx) {
        st = amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
        goto fail;
    }
    if (c.explain_id) amicus__buf_puts(&c.ex, "");
    if (c.len > UINT_MAX) {
        st = amicus__error(err, AMICUS_ERR_TOO_LARGE, doc->name, 0, 0, -1,
                           "document text of %zu bytes is over the 4 GiB a scan can take", c.len);
        goto fail;
    }
    if (c.len) {
        st = scan(&c, err);
        if (st) goto fail;
        for (size_t i = 0; i < rules->pats.n; i++) {
            szvec *v = &c.m[i];
            for (size_t k = 1; k < v->n; k++)
                if (v->v[k] < v->v[k - 1]) {
                    qsort(v->v, v->n, sizeof *v->v, cmp_size);
                    size_t w = 0;
                    for (size_t j = 0; j < v->n; j++)
                        if (!w || v->v[j] != v->v[w - 1]) v->v[w++] = v->v[j];
                    v->n = w;
                    break;
                }
        }
    }
    bool explained = false;
    for (size_t i = 0; i < rules->rules.n; i++) {
        const rrule *u = &rules->rules.v[i];
        if (!u->info.enabled) continue;
        if (c.explain_id && !strcmp(c.explain_id, u->info.id)) explained = true;
        st = run_rule(&c, u, err);
        if (st) goto fail;
    }
    if (getenv("AMICUS_DEBUG_MATCH"))
        fprintf(stderr, "amicus: %lu ends confirmed with PCRE2, %lu attempts, %lu PCRE2 errors\n", c.verified,
                c.attempts, c.pcre_errors);
    if (c.explain_id && !explained) {
        if (amicus_rules_find(rules, c.explain_id, NULL))
            amicus__buf_printf(&c.ex, "rule %s is disabled\n", c.explain_id);
        else
            amicus__buf_printf(&c.ex, "no rule with id %s\n", c.explain_id);
    }
    if (rep->findings.n > 1) qsort(rep->findings.v, rep->findings.n, sizeof *rep->findings.v, cmp_finding);
    if (!distinct_fingerprints(rep)) {
        st = amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
        goto fail;
    }
    st = amicus__scorecard(rep, rules, c.m, node_lang(&c, 0), err);
    if (st) goto fail;
    if (c.explain_id) {
        if (c.ex.oom) {
            st = amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
            goto fail;
        }
        rep->explain = amicus__arena_strdup(&rep->arena, c.ex.s ? c.ex.s : "");
        if (!rep->explain) {
            st = amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
            goto fail;
        }
    }
    /* PCRE2 reports a refused allocation as a failed match, which looks like no quote */
    if (amicus__alloc_failures() != failures) {
        st = amicus__error(err, AMICUS_ERR_NOMEM, doc->name, 0, 0, -1, "out of memory");
        goto fail;
    }
    ctx_free(&c);
    *out = rep;
    return AMICUS_OK;
fail:
    ctx_free(&c);
    amicus_report_free(rep);
    return st;
}
