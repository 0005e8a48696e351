/* words.c — word tokens and the bounded Myers word diff with a semantic clean-up. */
#include "diff/diff.h"
#include <time.h>

double amicus__now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}
static bool is_word(unsigned char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
}

bool amicus__tokenize(const char *text, size_t start, size_t end, size_t skip_start,
                      size_t skip_end, amicus__tokvec *out) {
    const unsigned char *t = (const unsigned char *)text;
    size_t i = start;
    while (i < end) {
        if (i >= skip_start && i < skip_end) { i = skip_end; continue; }
        unsigned char c = t[i];
        if (is_space(c)) { i++; continue; }
        size_t j = i + 1;
        bool word = is_word(c);
        if (word) while (j < end && is_word(t[j]) && !(j >= skip_start && j < skip_end)) j++;
        else while (j < end && t[j] == c && !(j >= skip_start && j < skip_end)) j++;
        amicus__tok tk = {(uint32_t)i, (uint32_t)j, 0, 0};
        /* FNV-1a over the bytes as written and over them case-folded, in one pass */
        uint64_t h = 0xcbf29ce484222325ull, f = h;
        bool letters = false;
        for (size_t k = i; k < j; k++) {
            unsigned char x = t[k];
            h = (h ^ x) * 0x100000001b3ull;
            if (x >= 'A' && x <= 'Z') x = (unsigned char)(x + 32);
            letters |= !(x >= '0' && x <= '9');
            f = (f ^ x) * 0x100000001b3ull;
        }
        tk.h = (uint32_t)(h ^ (h >> 32));
        if (word && letters) tk.fold = (uint32_t)(f ^ (f >> 32)) | 1u;
        if (!AMICUS_VEC_PUSH(*out, tk)) return false;
        i = j;
    }
    return true;
}

static bool push_run(amicus__runvec *v, amicus_diff_op op, size_t a0, size_t a1, size_t b0, size_t b1) {
    if (a0 == a1 && b0 == b1) return true;
    if (v->n && v->v[v->n - 1].op == op) { /* extend */
        amicus__run *r = &v->v[v->n - 1];
        if (r->a1 == a0 && r->b1 == b0) { r->a1 = a1; r->b1 = b1; return true; }
    }
    amicus__run r = {op, a0, a1, b0, b1};
    return AMICUS_VEC_PUSH(*v, r);
}

/* Merge every block of edits between equalities into one DELETE then one INSERT, and
 * adjacent equalities into one. */
static bool normalize(amicus__runvec *v) {
    amicus__runvec o = {0};
    size_t i = 0;
    while (i < v->n) {
        if (v->v[i].op == AMICUS_DIFF_EQUAL) {
            if (!push_run(&o, AMICUS_DIFF_EQUAL, v->v[i].a0, v->v[i].a1, v->v[i].b0, v->v[i].b1)) goto oom;
            i++;
            continue;
        }
        size_t a0 = v->v[i].a0, a1 = v->v[i].a1, b0 = v->v[i].b0, b1 = v->v[i].b1;
        while (i < v->n && v->v[i].op != AMICUS_DIFF_EQUAL) {
            if (v->v[i].a0 < a0) a0 = v->v[i].a0;
            if (v->v[i].a1 > a1) a1 = v->v[i].a1;
            if (v->v[i].b0 < b0) b0 = v->v[i].b0;
            if (v->v[i].b1 > b1) b1 = v->v[i].b1;
            i++;
        }
        if (a1 > a0 && !push_run(&o, AMICUS_DIFF_DELETE, a0, a1, b0, b0)) goto oom;
        if (b1 > b0 && !push_run(&o, AMICUS_DIFF_INSERT, a1, a1, b0, b1)) goto oom;
    }
    AMICUS_VEC_FREE(*v);
    *v = (amicus__runvec){o.v, o.n, o.cap};
    return true;
oom:
    AMICUS_VEC_FREE(o);
    return false;
}

/* diff-match-patch's semantic clean-up on token counts: an equality no longer than the
 * edits on each side of it becomes part of them. */
static bool cleanup(amicus__runvec *v) {
    for (int pass = 0; pass < 16; pass++) {
        bool changed = false;
        for (size_t i = 1; i + 1 < v->n; i++) {
            amicus__run *e = &v->v[i];
            if (e->op != AMICUS_DIFF_EQUAL) continue;
            size_t len = e->a1 - e->a0, dl = 0, il = 0, dr = 0, ir = 0;
            for (size_t k = i; k-- > 0 && v->v[k].op != AMICUS_DIFF_EQUAL;) {
                dl += v->v[k].a1 - v->v[k].a0;
                il += v->v[k].b1 - v->v[k].b0;
            }
            for (size_t k = i + 1; k < v->n && v->v[k].op != AMICUS_DIFF_EQUAL; k++) {
                dr += v->v[k].a1 - v->v[k].a0;
                ir += v->v[k].b1 - v->v[k].b0;
            }
            if ((dl || il) && (dr || ir) && len <= (dl > il ? dl : il) && len <= (dr > ir ? dr : ir)) {
                e->op = AMICUS_DIFF_DELETE; /* normalize() splits it into both sides */
                changed = true;
            }
        }
        /* a converted equality keeps both ranges: normalize merges them into the block */
        if (!normalize(v)) return false;
        if (!changed) break;
    }
    return true;
}

bool amicus__word_diff(const amicus__tok *a, size_t na, const amicus__tok *b, size_t nb,
                       size_t max_d, double deadline_ms, amicus__runvec *out, int *truncated) {
    *truncated = 0;
    out->n = 0;
    size_t p = 0, s = 0;
    while (p < na && p < nb && a[p].h == b[p].h) p++;
    while (s < na - p && s < nb - p && a[na - 1 - s].h == b[nb - 1 - s].h) s++;
    size_t N = na - p - s, M = nb - p - s;
    const amicus__tok *A = a + p, *B = b + p;
    if (!push_run(out, AMICUS_DIFF_EQUAL, 0, p, 0, p)) return false;
    amicus__runvec mid = {0};
    int32_t *V = NULL;
    AMICUS_VEC(int32_t) hist = {0};
    AMICUS_VEC(size_t) hoff = {0};
    bool ok = false;
    if (N && M) {
        size_t cap = N + M < max_d ? N + M : max_d;
        long off = (long)cap + 1;
        V = amicus__calloc(2 * cap + 3, sizeof *V);
        if (!V) goto done;
        long D = -1;
        for (long d = 0; d <= (long)cap && D < 0; d++) {
            if ((d & 63) == 63 && deadline_ms > 0 && amicus__now_ms() > deadline_ms) break;
            for (long k = -d; k <= d; k += 2) {
                long x;
                if (k == -d || (k != d && V[off + k - 1] < V[off + k + 1])) x = V[off + k + 1];
                else x = V[off + k - 1] + 1;
                long y = x - k;
                while (x < (long)N && y < (long)M && A[x].h == B[y].h) { x++; y++; }
                V[off + k] = (int32_t)x;
                if (x >= (long)N && y >= (long)M) D = d;
            }
            if (!AMICUS_VEC_PUSH(hoff, hist.n)) goto done;
            for (long k = -d; k <= d; k++)
                if (!AMICUS_VEC_PUSH(hist, V[off + k])) goto done;
        }
        if (D < 0) {
            *truncated = 1;
            if (!push_run(&mid, AMICUS_DIFF_DELETE, 0, N, 0, 0) ||
                !push_run(&mid, AMICUS_DIFF_INSERT, N, N, 0, M)) goto done;
        } else {
            /* backtrack into reversed single steps, then reverse */
            amicus__runvec rev = {0};
            long x = (long)N, y = (long)M;
            for (long d = D; d > 0; d--) {
                const int32_t *Vp = hist.v + hoff.v[d - 1]; /* k in [-(d-1), d-1] at Vp[k + d - 1] */
                long k = x - y, pk;
                #define VP(kk) ((long)Vp[(kk) + d - 1])
                if (k == -d || (k != d && VP(k - 1) < VP(k + 1))) pk = k + 1;
                else pk = k - 1;
                long px = VP(pk), py = px - pk;
                #undef VP
                long mx = pk == k + 1 ? px : px + 1, my = mx - k;
                amicus__run eq = {AMICUS_DIFF_EQUAL, (size_t)mx, (size_t)x, (size_t)my, (size_t)y};
                amicus__run ed = pk == k + 1
                    ? (amicus__run){AMICUS_DIFF_INSERT, (size_t)px, (size_t)px, (size_t)py, (size_t)my}
                    : (amicus__run){AMICUS_DIFF_DELETE, (size_t)px, (size_t)mx, (size_t)py, (size_t)py};
                if ((x > mx && !AMICUS_VEC_PUSH(rev, eq)) || !AMICUS_VEC_PUSH(rev, ed)) {
                    AMICUS_VEC_FREE(rev);
                    goto done;
                }
                x = px;
                y = py;
            }
            if (x > 0) {
                amicus__run eq = {AMICUS_DIFF_EQUAL, 0, (size_t)x, 0, (size_t)y};
                if (!AMICUS_VEC_PUSH(rev, eq)) { AMICUS_VEC_FREE(rev); goto done; }
            }
            for (size_t i = rev.n; i-- > 0;)
                if (!push_run(&mid, rev.v[i].op, rev.v[i].a0, rev.v[i].a1, rev.v[i].b0, rev.v[i].b1)) {
                    AMICUS_VEC_FREE(rev);
                    goto done;
                }
            AMICUS_VEC_FREE(rev);
        }
    } else if (N) {
        if (!push_run(&mid, AMICUS_DIFF_DELETE, 0, N, 0, 0)) goto done;
    } else if (M) {
        if (!push_run(&mid, AMICUS_DIFF_INSERT, 0, 0, 0, M)) goto done;
    }
    for (size_t i = 0; i < mid.n; i++) {
        amicus__run r = mid.v[i];
        if (!push_run(out, r.op, r.a0 + p, r.a1 + p, r.b0 + p, r.b1 + p)) goto done;
    }
    if (!push_run(out, AMICUS_DIFF_EQUAL, na - s, na, nb - s, nb)) goto done;
    ok = normalize(out) && cleanup(out);
done:
    amicus__free(V);
    AMICUS_VEC_FREE(hist);
    AMICUS_VEC_FREE(hoff);
    AMICUS_VEC_FREE(mid);
    return ok;
}

/* How natural an edit of tokens t[s, e) of text x is: starting on a new line or with an
 * opening bracket or capital, ending with punctuation or at a line end. */
static int edge_score(const amicus__tok *t, size_t n, size_t s, size_t e, const char *x) {
    int sc = 0;
    if (s == 0 || memchr(x + t[s - 1].end, '\n', t[s].start - t[s - 1].end)) sc += 3;
    if (e >= n || memchr(x + t[e - 1].end, '\n', t[e].start - t[e - 1].end)) sc += 2;
    unsigned char c = (unsigned char)x[t[s].start];
    if (c == '(' || (c >= 'A' && c <= 'Z')) sc += 1;
    unsigned char z = (unsigned char)x[t[e - 1].start];
    if (z == '.' || z == ';' || z == ':' || z == ',' || z == ')') sc += 1;
    return sc;
}

void amicus__word_shift(amicus__runvec *v, const amicus__tok *a, size_t na, const amicus__tok *b,
                        size_t nb, const char *atext, const char *btext) {
    for (size_t i = 1; i + 1 < v->n; i++) {
        amicus__run *p = &v->v[i - 1], *r = &v->v[i], *q = &v->v[i + 1];
        if (p->op != AMICUS_DIFF_EQUAL || q->op != AMICUS_DIFF_EQUAL || r->op == AMICUS_DIFF_EQUAL) continue;
        bool ins = r->op == AMICUS_DIFF_INSERT;
        const amicus__tok *t = ins ? b : a;
        size_t n = ins ? nb : na, s = ins ? r->b0 : r->a0, e = ins ? r->b1 : r->a1;
        size_t lo = ins ? p->b0 : p->a0, hi = ins ? q->b1 : q->a1;
        long best = 0;
        int best_sc = edge_score(t, n, s, e, ins ? btext : atext);
        for (long k = 1; s >= lo + (size_t)k && t[s - k].h == t[e - k].h; k++) {
            int sc = edge_score(t, n, s - k, e - k, ins ? btext : atext);
            if (sc > best_sc) { best_sc = sc; best = -k; }
        }
        for (long k = 1; e + (size_t)k <= hi && t[s + k - 1].h == t[e + k - 1].h; k++) {
            int sc = edge_score(t, n, s + k, e + k, ins ? btext : atext);
            if (sc > best_sc) { best_sc = sc; best = k; }
        }
        if (!best) continue;
        p->a1 = (size_t)((long)p->a1 + best);
        p->b1 = (size_t)((long)p->b1 + best);
        q->a0 = (size_t)((long)q->a0 + best);
        q->b0 = (size_t)((long)q->b0 + best);
        if (ins) { r->b0 = (size_t)((long)r->b0 + best); r->b1 = (size_t)((long)r->b1 + best); r->a0 = r->a1 = p->a1; }
        else { r->a0 = (size_t)((long)r->a0 + best); r->a1 = (size_t)((long)r->a1 + best); r->b0 = r->b1 = p->b1; }
    }
}
