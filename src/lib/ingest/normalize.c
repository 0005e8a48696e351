/* normalize.c — ingest: the emitter, offset-map algebra and text normalisation (ASCII fast path, NFC via utf8proc). */
#include "ingest/ingest.h"
#include <utf8proc.h>

/* ------------------------------------------------------------------ maps */

bool amicus__imap_push(amicus__imap *m, size_t norm, size_t src) {
    if (m->n && m->v[m->n - 1].norm == norm) {
        m->v[m->n - 1].src = src;
        return true;
    }
    if (m->n && m->v[m->n - 1].src + (norm - m->v[m->n - 1].norm) == src)
        return true; /* already the identity continuation */
    amicus__mapseg s = {norm, src, 0};
    return AMICUS_VEC_PUSH(*m, s);
}

static size_t seg_find(const amicus__imap *m, size_t off) {
    size_t lo = 0, hi = m->n; /* last segment with norm <= off */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->v[mid].norm <= off) lo = mid; else hi = mid;
    }
    return lo;
}

size_t amicus__imap_apply(const amicus__imap *m, size_t off) {
    if (!m->n) return off;
    size_t i = seg_find(m, off);
    const amicus__mapseg *s = &m->v[i];
    if (s->norm > off) return s->src;
    size_t r = s->src + (off - s->norm);
    if (i + 1 < m->n && m->v[i + 1].src >= s->src && r > m->v[i + 1].src) r = m->v[i + 1].src;
    return r;
}

bool amicus__imap_compose(const amicus__imap *outer, size_t outer_len, const amicus__imap *inner,
                          amicus__imap *out) {
    out->n = 0;
    for (size_t i = 0; i < outer->n; i++) {
        size_t n0 = outer->v[i].norm, m0 = outer->v[i].src;
        size_t n1 = i + 1 < outer->n ? outer->v[i + 1].norm : outer_len;
        if (n1 < n0) n1 = n0;
        size_t limit = m0 + (n1 - n0);
        if (i + 1 < outer->n && outer->v[i + 1].src >= m0 && outer->v[i + 1].src < limit)
            limit = outer->v[i + 1].src;
        if (!amicus__imap_push(out, n0, amicus__imap_apply(inner, m0))) return false;
        if (!inner->n) continue;
        size_t j = seg_find(inner, m0);
        if (inner->v[j].norm <= m0) j++;
        for (; j < inner->n && inner->v[j].norm < limit; j++)
            if (!amicus__imap_push(out, n0 + (inner->v[j].norm - m0), inner->v[j].src)) return false;
    }
    return true;
}

/* --------------------------------------------------------------- emitter */

void amicus__emitter_init(amicus__emitter *e) {
    memset(e, 0, sizeof *e);
    e->next_src = SIZE_MAX;
}

void amicus__emitter_free(amicus__emitter *e) {
    amicus__buf_free(&e->buf);
    AMICUS_VEC_FREE(e->map);
}

bool amicus__emitter_reserve(amicus__emitter *e, size_t n) {
    if (e->buf.cap >= n + 1) return true;
    char *p = amicus__realloc(e->buf.s, n + 1);
    if (!p) { e->oom = true; return false; }
    e->buf.s = p;
    e->buf.cap = n + 1;
    return true;
}

bool amicus__emit(amicus__emitter *e, const char *s, size_t n, size_t src, size_t src_len) {
    if (e->oom) return false;
    if (!n) return true;
    if (!e->map.n || e->next_src != src) {
        amicus__mapseg seg = {e->buf.n, src, 0};
        if (e->map.n && e->map.v[e->map.n - 1].norm == e->buf.n) e->map.v[e->map.n - 1] = seg;
        else if (!AMICUS_VEC_PUSH(e->map, seg)) { e->oom = true; return false; }
    }
    if (!amicus__buf_put(&e->buf, s, n)) { e->oom = true; return false; }
    e->next_src = n == src_len ? src + n : SIZE_MAX;
    return true;
}

/* ---------------------------------------------------------- normalisation */

/* The contract's mappings: returns the replacement ("" = removed) or NULL to keep. */
static const char *contract_map(int32_t c) {
    switch (c) {
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x2033: return "\"";
    case 0x2018: case 0x2019: case 0x201A: case 0x201B: return "'";
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015:
    case 0x2212: case 0xFE58: case 0xFE63: case 0xFF0D: return "-";
    case 0x00A0: case 0x1680: case 0x202F: case 0x205F: case 0x3000: return " ";
    case 0x200B: case 0x200C: case 0x200D: case 0x2060: case 0xFEFF: case 0x00AD: return "";
    case 0x0085: case 0x2028: case 0x2029: return "\n";
    default:
        if (c >= 0x2000 && c <= 0x200A) return " ";
        return NULL;
    }
}

typedef struct nstate {
    amicus__emitter *e;
    const char *in;
    size_t run;          /* start of the pending identity run */
    size_t cs, ce;       /* current cluster [cs, ce) */
    int ncp;             /* code points in the cluster, 0 = none */
    bool needs;          /* cluster may change under NFC */
} nstate;

static bool flush_run(nstate *s, size_t upto) {
    bool ok = true;
    if (upto > s->run) ok = amicus__emit(s->e, s->in + s->run, upto - s->run, s->run, upto - s->run);
    s->run = upto;
    return ok;
}

#define CLUSTER_MAX 32
#define DECOMP_MAX 256

static bool flush_cluster(nstate *s) {
    if (!s->ncp) return true;
    s->ncp = 0;
    if (!s->needs) return true; /* stays in the identity run */
    utf8proc_int32_t buf[DECOMP_MAX];
    utf8proc_ssize_t n = utf8proc_decompose((const utf8proc_uint8_t *)s->in + s->cs,
                                            (utf8proc_ssize_t)(s->ce - s->cs), buf, DECOMP_MAX,
                                            UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0 || n > DECOMP_MAX) return true; /* leave as is */
    n = utf8proc_normalize_utf32(buf, n, UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    if (n < 0) return true;
    char out[DECOMP_MAX * 4];
    size_t on = 0;
    for (utf8proc_ssize_t i = 0; i < n; i++)
        on += (size_t)utf8proc_encode_char(buf[i], (utf8proc_uint8_t *)out + on);
    size_t len = s->ce - s->cs;
    if (on == len && memcmp(out, s->in + s->cs, len) == 0) return true;
    if (!flush_run(s, s->cs)) return false;
    s->run = s->ce;
    return amicus__emit(s->e, out, on, s->cs, len);
}

static bool normalize_chunk(amicus__emitter *e, const char *in, size_t a, size_t b) {
    nstate s = {e, in, a, 0, 0, 0, false};
    size_t p = a;
    while (p < b) {
        utf8proc_int32_t c;
        utf8proc_ssize_t l = utf8proc_iterate((const utf8proc_uint8_t *)in + p,
                                              (utf8proc_ssize_t)(b - p), &c);
        if (l <= 0) { /* cannot happen on validated input; be safe */
            if (!flush_cluster(&s) || !flush_run(&s, p)) return false;
            if (!amicus__emit(e, "\xEF\xBF\xBD", 3, p, 1)) return false;
            p++;
            s.run = p;
            continue;
        }
        size_t q = p + (size_t)l;
        const char *m = contract_map(c);
        if (m) {
            if (!flush_cluster(&s) || !flush_run(&s, p)) return false;
            if (*m && !amicus__emit(e, m, strlen(m), p, (size_t)l)) return false;
            s.run = q;
            p = q;
            continue;
        }
        const utf8proc_property_t *pr = utf8proc_get_property(c);
        bool joins = pr->combining_class != 0 || pr->category == UTF8PROC_CATEGORY_MC ||
                     (c >= 0x1161 && c <= 0x11C2);
        if (joins && s.ncp && s.ncp < CLUSTER_MAX) {
            s.ce = q;
            s.ncp++;
            s.needs = true;
        } else {
            if (!flush_cluster(&s)) return false;
            s.cs = p;
            s.ce = q;
            s.ncp = 1;
            /* a lone precomposed character is NFC unless excluded from composition or a
             * singleton (U+212B ANGSTROM SIGN -> U+00C5); utf8proc keeps the length - 1 of a
             * decomposition in the top 2 bits of decomp_seqindex (tested by test_nfc) */
            bool canon = pr->decomp_seqindex != UINT16_MAX && pr->decomp_type == 0;
            s.needs = joins || (canon && (pr->comp_exclusion || (pr->decomp_seqindex >> 14) == 0));
        }
        p = q;
    }
    if (!flush_cluster(&s)) return false;
    return flush_run(&s, b);
}

bool amicus__normalize(amicus__emitter *e, const char *in, size_t len) {
    size_t i = 0;
    if (!amicus__emitter_reserve(e, len + len / 16 + 16)) return false;
    while (i < len) {
        size_t j = i;
        while (j < len && (unsigned char)in[j] < 0x80 && in[j] != '\r') j++;
        /* the ASCII byte before a non-ASCII one may take a combining mark: give it to the chunk */
        if (j < len && j > i && (unsigned char)in[j] >= 0x80 && (unsigned char)in[j - 1] >= 0x20) j--;
        if (j > i && !amicus__emit(e, in + i, j - i, i, j - i)) return false;
        i = j;
        if (i >= len) break;
        if (in[i] == '\r') {
            size_t n = i + 1 < len && in[i + 1] == '\n' ? 2 : 1;
            if (!amicus__emit(e, "\n", 1, i, n)) return false;
            i += n;
            continue;
        }
        size_t k = i;
        if ((unsigned char)in[k] < 0x80) k++;
        while (k < len && (unsigned char)in[k] >= 0x80) k++;
        if (!normalize_chunk(e, in, i, k)) return false;
        i = k;
    }
    return !e->oom;
}
