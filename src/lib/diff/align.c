/* align.c — provision alignment of two versions (numbers, headings, word shingles) and the word diff of each pair. */
#include "diff/diff.h"
#include <stdlib.h>
#include <strings.h>

#define RARE_DF 4       /* a shingle in at most this many old provisions generates candidates */
#define TOP_CANDS 6     /* candidates per new provision, by shared rare shingles */
#define MAX_D 1000      /* word diff: edit distance bound per pair */

typedef struct prov {
    const amicus_node *node;
    size_t t0, nt;        /* tokens (number masked) */
    size_t s0, ns;        /* sorted unique shingle hashes */
    int32_t pairs;        /* how many pairs it is in */
    int32_t first_pair;   /* index of its first pair, -1 */
} prov;

typedef struct side {
    const amicus_doc *doc;
    AMICUS_VEC(prov) p;
    amicus__tokvec toks;
    AMICUS_VEC(uint32_t) sh;
} side;

typedef struct cand {
    uint32_t o, n;
    float sim, cont_o, cont_n, score;
    uint8_t numeq, titleeq;
} cand;

typedef struct pair { uint32_t o, n; float sim; bool primary; } pair;

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Stable LSD radix sort of n records of `size` bytes by the uint32 key at their start,
 * two 16-bit passes through tmp (n records). */
static bool radix32(void *v, void *tmp, size_t n, size_t size) {
    static const int shifts[2] = {0, 16};
    unsigned char *src = v, *dst = tmp;
    size_t *cnt = amicus__calloc(65536, sizeof *cnt);
    if (!cnt) return false;
    for (int pass = 0; pass < 2; pass++) {
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (size_t i = 0; i < n; i++) {
            uint32_t k;
            memcpy(&k, src + i * size, 4);
            cnt[(k >> shifts[pass]) & 0xFFFF]++;
        }
        size_t sum = 0;
        for (size_t b = 0; b < 65536; b++) { size_t c = cnt[b]; cnt[b] = sum; sum += c; }
        for (size_t i = 0; i < n; i++) {
            uint32_t k;
            memcpy(&k, src + i * size, 4);
            memcpy(dst + cnt[(k >> shifts[pass]) & 0xFFFF]++ * size, src + i * size, size);
        }
        unsigned char *t = src; src = dst; dst = t;
    }
    amicus__free(cnt); /* after two passes the sorted records are back in v */
    return true;
}

static bool load_side(side *s, const amicus_doc *doc) {
    s->doc = doc;
    size_t tlen;
    const char *text = amicus_doc_text(doc, &tlen);
    s->toks.cap = tlen / 5 + 16;
    s->sh.cap = tlen / 6 + 16;
    s->toks.v = amicus__malloc(s->toks.cap * sizeof *s->toks.v);
    s->sh.v = amicus__malloc(s->sh.cap * sizeof *s->sh.v);
    if (!s->toks.v || !s->sh.v) return false;
    size_t n = amicus_doc_provision_count(doc);
    bool whole = n == 0; /* no provisions: the whole text is compared as one */
    AMICUS_VEC(uint32_t) tmp = {0};
    for (size_t i = 0; i < (whole ? 1 : n); i++) {
        const amicus_node *nd = whole ? amicus_doc_node(doc, 0) : amicus_doc_provision(doc, i);
        prov p = {nd, s->toks.n, 0, s->sh.n, 0, 0, -1};
        /* mask the number on the heading line: renumbering alone is not a change of words */
        size_t ms = 0, me = 0;
        if (nd->number && *nd->number) {
            size_t lim = nd->body_start > nd->start ? nd->body_start : nd->end;
            const char *nl = memchr(text + nd->start, '\n', lim - nd->start);
            size_t le = nl ? (size_t)(nl - text) : lim;
            size_t nlen = strlen(nd->number);
            for (size_t k = nd->start; k + nlen <= le; k++)
                if (!memcmp(text + k, nd->number, nlen)) { ms = k; me = k + nlen; break; }
        }
        if (!amicus__tokenize(text, nd->start, nd->end, ms, me, &s->toks)) goto oom;
        /* a Markdown heading marker at the very end belongs to the next heading */
        while (s->toks.n > p.t0 && text[s->toks.v[s->toks.n - 1].start] == '#') s->toks.n--;
        p.nt = s->toks.n - p.t0;
        /* shingles: three consecutive words (case-folded, bare numbers left out) */
        tmp.n = 0;
        uint32_t w[3] = {0, 0, 0};
        size_t nw = 0;
        for (size_t k = p.t0; k < s->toks.n; k++) {
            uint32_t f = s->toks.v[k].fold;
            if (!f) continue;
            w[0] = w[1]; w[1] = w[2]; w[2] = f;
            if (++nw >= 3) {
                uint32_t h = (w[0] * 0x9E3779B1u) ^ (w[1] * 0x85EBCA77u + 0x165667B1u) ^ (w[2] * 0xC2B2AE3Du);
                if (!AMICUS_VEC_PUSH(tmp, h)) goto oom;
            }
        }
        if (nw < 3)
            for (size_t k = p.t0; k < s->toks.n; k++)
                if (s->toks.v[k].fold && !AMICUS_VEC_PUSH(tmp, s->toks.v[k].fold)) goto oom;
        if (tmp.n) qsort(tmp.v, tmp.n, sizeof *tmp.v, cmp_u32);
        for (size_t k = 0; k < tmp.n; k++)
            if ((!k || tmp.v[k] != tmp.v[k - 1]) && !AMICUS_VEC_PUSH(s->sh, tmp.v[k])) goto oom;
        p.ns = s->sh.n - p.s0;
        if (!AMICUS_VEC_PUSH(s->p, p)) goto oom;
    }
    AMICUS_VEC_FREE(tmp);
    return true;
oom:
    AMICUS_VEC_FREE(tmp);
    return false;
}

static void free_side(side *s) {
    AMICUS_VEC_FREE(s->p);
    AMICUS_VEC_FREE(s->toks);
    AMICUS_VEC_FREE(s->sh);
}

static size_t intersect(const uint32_t *a, size_t na, const uint32_t *b, size_t nb) {
    size_t i = 0, j = 0, n = 0;
    while (i < na && j < nb) {
        if (a[i] < b[j]) i++;
        else if (a[i] > b[j]) j++;
        else { n++; i++; j++; }
    }
    return n;
}

static bool same_str(const char *a, const char *b) { return a && b && !strcmp(a, b); }

/* same number in the same language part and instrument (numbers restart per part) */
static bool same_number(const prov *a, const prov *b) {
    if (a->node->type == AMICUS_NODE_DOCUMENT && b->node->type == AMICUS_NODE_DOCUMENT) return true;
    return same_str(a->node->number, b->node->number) && same_str(a->node->lang, b->node->lang) &&
           !strcmp(a->node->kind ? a->node->kind : "", b->node->kind ? b->node->kind : "");
}

typedef struct posting { uint32_t h, prov; } posting;
typedef struct hrun { uint32_t h, start, n; } hrun;
static int cmp_posting(const void *a, const void *b) {
    const posting *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return x->prov < y->prov ? -1 : x->prov > y->prov;
}
static int cmp_cand(const void *a, const void *b) {
    const cand *x = a, *y = b;
    if (x->score != y->score) return x->score > y->score ? -1 : 1;
    if (x->n != y->n) return x->n < y->n ? -1 : 1;
    return x->o < y->o ? -1 : x->o > y->o;
}
/* old provisions sorted by number for the same-number candidate */
typedef struct numkey { const char *num; uint32_t o; } numkey;
static int cmp_by_number(const void *a, const void *b) {
    const numkey *x = a, *y = b;
    int c = strcmp(x->num, y->num);
    if (c) return c;
    return x->o < y->o ? -1 : x->o > y->o;
}

/* the innermost node holding offset, searched below the provision p (amicus_doc_node_at from
 * the root walks every provision of a flat code) */
static const amicus_node *node_in(const amicus_doc *doc, const amicus_node *p, size_t offset) {
    for (;;) {
        int32_t c = p->first_child;
        const amicus_node *next = NULL;
        while (c >= 0) {
            const amicus_node *cn = amicus_doc_node(doc, (size_t)c);
            if (cn->start > offset) break;
            if (offset < cn->end) { next = cn; break; }
            c = cn->next_sibling;
        }
        if (!next) return p;
        p = next;
    }
}

static const char *node_path(amicus_diff *d, const amicus_doc *doc, const amicus_node *nd) {
    char buf[256];
    amicus_node_path(doc, nd, buf, sizeof buf);
    return amicus__arena_strdup(&d->arena, buf[0] ? buf : "(document)");
}

typedef struct ekey { long major; int minor; long old; size_t pair; } ekey;
static int cmp_ekey(const void *a, const void *b) {
    const ekey *x = a, *y = b;
    if (x->major != y->major) return x->major < y->major ? -1 : 1;
    if (x->minor != y->minor) return x->minor - y->minor;
    return x->old < y->old ? -1 : x->old > y->old;
}

/* Longest increasing subsequence of new indices over pairs in old order: the pairs outside
 * it moved. in_lis[k] set for pairs kept. */
static bool lis(const uint32_t *seq, size_t n, bool *in_lis) {
    size_t *tail = amicus__calloc(n + 1, sizeof *tail), *prev = amicus__calloc(n + 1, sizeof *prev);
    if (!tail || !prev) { amicus__free(tail); amicus__free(prev); return false; }
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        size_t lo = 0, hi = len;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (seq[tail[mid]] < seq[i]) lo = mid + 1; else hi = mid;
        }
        prev[i] = lo ? tail[lo - 1] : SIZE_MAX;
        tail[lo] = i;
        if (lo == len) len++;
    }
    for (size_t i = 0; i < n; i++) in_lis[i] = false;
    for (size_t k = len ? tail[len - 1] : SIZE_MAX; k != SIZE_MAX; k = prev[k]) in_lis[k] = true;
    amicus__free(tail);
    amicus__free(prev);
    return true;
}

amicus_status amicus__diff_align(amicus_diff *d, const amicus_diff_options *opts, amicus_error *err) {
    side so = {0}, sn = {0};
    AMICUS_VEC(posting) idx = {0};
    hrun *htab = NULL;
    AMICUS_VEC(cand) cands = {0};
    AMICUS_VEC(pair) pairs = {0};
    AMICUS_VEC(uint32_t) touched = {0};
    uint32_t *count = NULL, *seq = NULL;
    numkey *bynum = NULL;
    int32_t *match_o = NULL, *match_n = NULL;
    bool *in_lis = NULL, *moved = NULL;
    ekey *keys = NULL;
    amicus__runvec runs = {0};
    amicus_status st = AMICUS_ERR_NOMEM;
    double thr = d->threshold;
    double deadline = amicus__now_ms() + (opts && opts->time_limit_ms > 0 ? opts->time_limit_ms : 2000.0);

    if (!load_side(&so, d->old_doc) || !load_side(&sn, d->new_doc)) goto out;
    size_t NO = so.p.n, NN = sn.p.n;

    /* inverted index of the old shingles */
    for (uint32_t o = 0; o < NO; o++)
        for (size_t k = 0; k < so.p.v[o].ns; k++) {
            posting pg = {so.sh.v[so.p.v[o].s0 + k], o};
            if (!AMICUS_VEC_PUSH(idx, pg)) goto out;
        }
    if (idx.n > 4096) {
        posting *tmp = amicus__malloc(idx.n * sizeof *tmp);
        bool ok = tmp && radix32(idx.v, tmp, idx.n, sizeof *idx.v); /* stable: provisions stay in order */
        amicus__free(tmp);
        if (!ok) goto out;
    } else if (idx.n) {
        qsort(idx.v, idx.n, sizeof *idx.v, cmp_posting);
    }
    size_t uniq = 0;
    for (size_t k = 0; k < idx.n; k++) uniq += !k || idx.v[k].h != idx.v[k - 1].h;
    /* open-addressing table: shingle -> its run in idx */
    size_t hcap = 16;
    while (hcap < uniq + uniq / 2) hcap <<= 1; /* load factor 2/3 at most */
    htab = amicus__calloc(hcap, sizeof *htab);
    if (!htab) goto out;
    for (size_t k = 0; k < idx.n;) {
        size_t e = k;
        while (e < idx.n && idx.v[e].h == idx.v[k].h) e++;
        size_t slot = (idx.v[k].h * 0x9E3779B1u) & (hcap - 1);
        while (htab[slot].n) slot = (slot + 1) & (hcap - 1);
        htab[slot] = (hrun){idx.v[k].h, (uint32_t)k, (uint32_t)(e - k)};
        k = e;
    }
    count = amicus__calloc(NO + 1, sizeof *count);
    bynum = amicus__calloc(NO + 1, sizeof *bynum);
    match_o = amicus__malloc((NO + 1) * sizeof *match_o);
    match_n = amicus__malloc((NN + 1) * sizeof *match_n);
    if (!count || !bynum || !match_o || !match_n) goto out;
    for (uint32_t o = 0; o < NO; o++) {
        const char *num = so.p.v[o].node->number;
        bynum[o] = (numkey){num ? num : "", o};
    }
    if (NO) qsort(bynum, NO, sizeof *bynum, cmp_by_number);

    /* candidates: shared rare shingles, and the same number */
    for (uint32_t n = 0; n < NN; n++) {
        const prov *pn = &sn.p.v[n];
        const uint32_t *S = sn.sh.v + pn->s0;
        touched.n = 0;
        for (size_t k = 0; k < pn->ns; k++) {
            size_t slot = (S[k] * 0x9E3779B1u) & (hcap - 1);
            while (htab[slot].n && htab[slot].h != S[k]) slot = (slot + 1) & (hcap - 1);
            if (!htab[slot].n || htab[slot].n > RARE_DF) continue;
            size_t lo = htab[slot].start, e = lo + htab[slot].n;
            for (size_t j = lo; j < e; j++) {
                uint32_t o = idx.v[j].prov;
                if (!count[o]++ && !AMICUS_VEC_PUSH(touched, o)) goto out;
            }
        }
        /* keep the TOP_CANDS most shared */
        uint32_t top[TOP_CANDS + 2];
        size_t ntop = 0;
        for (size_t t = 0; t < touched.n; t++) {
            uint32_t o = touched.v[t];
            size_t pos = ntop;
            while (pos > 0 && count[top[pos - 1]] < count[o]) pos--;
            if (pos < TOP_CANDS) {
                if (ntop < TOP_CANDS) ntop++;
                memmove(top + pos + 1, top + pos, (ntop - 1 - pos) * sizeof *top);
                top[pos] = o;
            }
        }
        for (size_t t = 0; t < touched.n; t++) count[touched.v[t]] = 0;
        if (pn->node->number) { /* the same number, by binary search */
            size_t lo = 0, hi = NO;
            while (lo < hi) {
                size_t mid = (lo + hi) / 2;
                if (strcmp(bynum[mid].num, pn->node->number) < 0) lo = mid + 1; else hi = mid;
            }
            for (size_t j = lo; j < NO && ntop < TOP_CANDS + 2; j++) {
                const prov *po = &so.p.v[bynum[j].o];
                if (strcmp(bynum[j].num, pn->node->number)) break;
                if (!same_number(po, pn)) continue;
                bool dup = false;
                for (size_t t = 0; t < ntop && !dup; t++) dup = top[t] == bynum[j].o;
                if (!dup) top[ntop++] = bynum[j].o;
            }
        }
        for (size_t t = 0; t < ntop; t++) {
            const prov *po = &so.p.v[top[t]];
            size_t in = intersect(so.sh.v + po->s0, po->ns, S, pn->ns);
            size_t un = po->ns + pn->ns - in;
            cand c = {top[t], n, 0, 0, 0, 0, 0, 0};
            c.sim = un ? (float)in / (float)un : 1.0f;
            c.cont_o = po->ns ? (float)in / (float)po->ns : 1.0f;
            c.cont_n = pn->ns ? (float)in / (float)pn->ns : 1.0f;
            c.numeq = same_number(po, pn);
            c.titleeq = po->node->title && pn->node->title && !strcasecmp(po->node->title, pn->node->title);
            double rel = (NO > 1 ? (double)c.o / (double)(NO - 1) : 0) - (NN > 1 ? (double)n / (double)(NN - 1) : 0);
            c.score = c.sim + 0.15f * c.numeq + 0.05f * c.titleeq + 0.02f * (float)(1.0 - (rel < 0 ? -rel : rel));
            if (!AMICUS_VEC_PUSH(cands, c)) goto out;
        }
    }

    /* one-to-one, best first; content beats numbers, numbers keep rewritten provisions */
    if (cands.n) qsort(cands.v, cands.n, sizeof *cands.v, cmp_cand);
    for (size_t i = 0; i < NO; i++) match_o[i] = -1;
    for (size_t i = 0; i < NN; i++) match_n[i] = -1;
    if (NO == 1 && NN == 1 && so.p.v[0].node->type == AMICUS_NODE_DOCUMENT &&
        sn.p.v[0].node->type == AMICUS_NODE_DOCUMENT) { /* two texts without provisions */
        size_t in = intersect(so.sh.v, so.p.v[0].ns, sn.sh.v, sn.p.v[0].ns), un = so.p.v[0].ns + sn.p.v[0].ns - in;
        pair pr = {0, 0, un ? (float)in / (float)un : 1.0f, true};
        match_o[0] = match_n[0] = 0;
        if (!AMICUS_VEC_PUSH(pairs, pr)) goto out;
    }
    for (size_t i = 0; i < cands.n; i++) {
        const cand *c = &cands.v[i];
        if (match_o[c->o] >= 0 || match_n[c->n] >= 0) continue;
        bool tiny = so.p.v[c->o].ns < 4 || sn.p.v[c->n].ns < 4;
        bool ok = c->sim >= thr || (c->numeq && (c->sim >= thr * 0.4 || tiny || c->titleeq));
        if (!ok) continue;
        pair pr = {c->o, c->n, c->sim, true};
        match_o[c->o] = match_n[c->n] = (int32_t)pairs.n;
        if (!AMICUS_VEC_PUSH(pairs, pr)) goto out;
    }
    /* splits (an unmatched new provision lies inside an old one) and merges (the reverse) */
    double cthr = thr > 0.6 ? thr : 0.6;
    for (size_t i = 0; i < cands.n; i++) {
        const cand *c = &cands.v[i];
        if (match_n[c->n] >= 0 || c->cont_n < cthr || sn.p.v[c->n].ns < 3) continue;
        const cand *best = c; /* cands are by score; find the best containment for this n */
        for (size_t j = i + 1; j < cands.n; j++)
            if (cands.v[j].n == c->n && cands.v[j].cont_n > best->cont_n) best = &cands.v[j];
        pair pr = {best->o, best->n, best->sim, false};
        match_n[best->n] = (int32_t)pairs.n;
        if (match_o[best->o] < 0) match_o[best->o] = (int32_t)pairs.n;
        if (!AMICUS_VEC_PUSH(pairs, pr)) goto out;
    }
    for (size_t i = 0; i < cands.n; i++) {
        const cand *c = &cands.v[i];
        if (match_o[c->o] >= 0 || c->cont_o < cthr || so.p.v[c->o].ns < 3) continue;
        const cand *best = c;
        for (size_t j = i + 1; j < cands.n; j++)
            if (cands.v[j].o == c->o && cands.v[j].cont_o > best->cont_o) best = &cands.v[j];
        if (match_n[best->n] < 0) continue; /* would have been a pair or a split */
        pair pr = {best->o, best->n, best->sim, false};
        match_o[best->o] = (int32_t)pairs.n;
        if (!AMICUS_VEC_PUSH(pairs, pr)) goto out;
    }
    for (size_t i = 0; i < pairs.n; i++) {
        so.p.v[pairs.v[i].o].pairs++;
        sn.p.v[pairs.v[i].n].pairs++;
    }

    /* moved: one-to-one pairs outside the longest run in order */
    seq = amicus__malloc((pairs.n + 1) * sizeof *seq);
    in_lis = amicus__malloc((pairs.n + 1) * sizeof *in_lis);
    moved = amicus__calloc(pairs.n + 1, sizeof *moved);
    size_t *which = amicus__malloc((pairs.n + 1) * sizeof *which);
    if (!seq || !in_lis || !moved || !which) { amicus__free(which); goto out; }
    size_t nseq = 0;
    for (uint32_t o = 0; o < NO; o++) {
        int32_t k = match_o[o];
        if (k < 0 || so.p.v[o].pairs != 1 || sn.p.v[pairs.v[k].n].pairs != 1) continue;
        seq[nseq] = pairs.v[k].n;
        which[nseq++] = (size_t)k;
    }
    if (!lis(seq, nseq, in_lis)) { amicus__free(which); goto out; }
    for (size_t i = 0; i < nseq; i++) moved[which[i]] = !in_lis[i];
    amicus__free(which);

    /* entries: pairs in new order, removed after their old predecessor, added in place */
    size_t nkeys = 0;
    keys = amicus__malloc((pairs.n + NO + NN + 1) * sizeof *keys);
    if (!keys) goto out;
    for (size_t i = 0; i < pairs.n; i++)
        keys[nkeys++] = (ekey){(long)pairs.v[i].n, 0, (long)pairs.v[i].o, i};
    long last_new = -1;
    for (uint32_t o = 0; o < NO; o++) {
        if (match_o[o] >= 0) { last_new = (long)pairs.v[match_o[o]].n; continue; }
        keys[nkeys++] = (ekey){last_new, 1, (long)o, SIZE_MAX};
    }
    for (uint32_t n = 0; n < NN; n++)
        if (match_n[n] < 0) keys[nkeys++] = (ekey){(long)n, 0, -1, SIZE_MAX - 1 - n};
    qsort(keys, nkeys, sizeof *keys, cmp_ekey);

    typedef struct { size_t e0, ne, p0, np; } espan;
    AMICUS_VEC(espan) spans = {0};
    for (size_t k = 0; k < nkeys; k++) {
        amicus_diff_entry e;
        memset(&e, 0, sizeof e);
        espan sp = {d->edits.n, 0, d->paths.n, 0};
        const prov *po = NULL, *pn = NULL;
        if (keys[k].pair == SIZE_MAX) {
            po = &so.p.v[keys[k].old];
            e.status = AMICUS_DIFF_REMOVED;
        } else if (keys[k].pair >= pairs.n) {
            pn = &sn.p.v[SIZE_MAX - 1 - keys[k].pair];
            e.status = AMICUS_DIFF_ADDED;
        } else {
            const pair *pr = &pairs.v[keys[k].pair];
            po = &so.p.v[pr->o];
            pn = &sn.p.v[pr->n];
            e.similarity = pr->sim;
            e.renumbered = !same_number(po, pn);
            e.moved = moved[keys[k].pair];
            e.text_changed = po->nt != pn->nt;
            for (size_t t = 0; !e.text_changed && t < po->nt; t++)
                e.text_changed = so.toks.v[po->t0 + t].h != sn.toks.v[pn->t0 + t].h;
            if (po->pairs > 1) e.status = AMICUS_DIFF_SPLIT;
            else if (pn->pairs > 1) e.status = AMICUS_DIFF_MERGED;
            else if (e.moved) e.status = AMICUS_DIFF_MOVED;
            else if (e.renumbered) e.status = AMICUS_DIFF_RENUMBERED;
            else if (e.text_changed) e.status = AMICUS_DIFF_CHANGED;
            else e.status = AMICUS_DIFF_UNCHANGED;
            if (e.text_changed) {
                const amicus__tok *A = so.toks.v + po->t0, *B = sn.toks.v + pn->t0;
                int trunc = 0;
                if (!amicus__word_diff(A, po->nt, B, pn->nt, MAX_D, deadline, &runs, &trunc)) goto out_spans;
                e.truncated = trunc;
                amicus__word_shift(&runs, A, po->nt, B, pn->nt, amicus_doc_text(d->old_doc, NULL),
                                   amicus_doc_text(d->new_doc, NULL));
                for (size_t r = 0; r < runs.n; r++) {
                    const amicus__run *rn = &runs.v[r];
                    amicus_diff_edit ed = {rn->op, 0, 0, 0, 0, NULL};
                    size_t oend = po->nt ? A[po->nt - 1].end : po->node->end;
                    size_t nend = pn->nt ? B[pn->nt - 1].end : pn->node->end;
                    ed.old_start = rn->a0 < po->nt ? A[rn->a0].start : oend;
                    ed.old_end = rn->a1 > rn->a0 ? A[rn->a1 - 1].end : ed.old_start;
                    ed.new_start = rn->b0 < pn->nt ? B[rn->b0].start : nend;
                    ed.new_end = rn->b1 > rn->b0 ? B[rn->b1 - 1].end : ed.new_start;
                    if (rn->op == AMICUS_DIFF_DELETE)
                        ed.path = node_path(d, d->old_doc, node_in(d->old_doc, po->node, ed.old_start));
                    else if (rn->op == AMICUS_DIFF_INSERT)
                        ed.path = node_path(d, d->new_doc, node_in(d->new_doc, pn->node, ed.new_start));
                    if (rn->op != AMICUS_DIFF_EQUAL && !ed.path) goto out_spans;
                    if (!AMICUS_VEC_PUSH(d->edits, ed)) goto out_spans;
                    if (ed.path) {
                        bool dup = false;
                        for (size_t q = sp.p0; q < d->paths.n && !dup; q++) dup = !strcmp(d->paths.v[q], ed.path);
                        if (!dup && !AMICUS_VEC_PUSH(d->paths, ed.path)) goto out_spans;
                    }
                }
            }
        }
        e.old_node = po ? po->node : NULL;
        e.new_node = pn ? pn->node : NULL;
        if (po && !(e.old_path = node_path(d, d->old_doc, po->node))) goto out_spans;
        if (pn && !(e.new_path = node_path(d, d->new_doc, pn->node))) goto out_spans;
        sp.ne = d->edits.n - sp.e0;
        sp.np = d->paths.n - sp.p0;
        if (!AMICUS_VEC_PUSH(d->entries, e) || !AMICUS_VEC_PUSH(spans, sp)) goto out_spans;
        d->status_count[e.status]++;
    }
    /* the edit and path arrays are final: point the entries into them */
    for (size_t k = 0; k < d->entries.n; k++) {
        amicus_diff_entry *e = &d->entries.v[k];
        e->nedits = spans.v[k].ne;
        e->edits = spans.v[k].ne ? d->edits.v + spans.v[k].e0 : NULL;
        e->npaths = spans.v[k].np;
        e->paths = spans.v[k].np ? d->paths.v + spans.v[k].p0 : NULL;
    }
    st = AMICUS_OK;
out_spans:
    AMICUS_VEC_FREE(spans);
out:
    free_side(&so);
    free_side(&sn);
    AMICUS_VEC_FREE(idx);
    AMICUS_VEC_FREE(cands);
    AMICUS_VEC_FREE(pairs);
    AMICUS_VEC_FREE(touched);
    AMICUS_VEC_FREE(runs);
    amicus__free(htab);
    amicus__free(count);
    amicus__free(bynum);
    amicus__free(seq);
    amicus__free(match_o);
    amicus__free(match_n);
    amicus__free(in_lis);
    amicus__free(moved);
    amicus__free(keys);
    if (st) return amicus__error(err, st, NULL, 0, 0, -1, "out of memory while comparing the versions");
    return AMICUS_OK;
}
