/* compile.c — per-language Vectorscan databases of the enabled rules' patterns, built lazily and cached on disk; the scratch pool. */
#include "rules.h"
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

amicus_status amicus_rules_set_cache(amicus_rules *r, const char *dir, amicus_error *err) {
    if (!r) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "bad arguments");
    amicus__free(r->cache_dir);
    r->cache_dir = NULL;
    amicus__vcache_free(r); /* the memo read belongs to the old directory */
    if (!dir || !*dir) return AMICUS_OK;
    r->cache_dir = amicus__strdup(dir);
    if (!r->cache_dir) return amicus__error(err, AMICUS_ERR_NOMEM, dir, 0, 0, -1, "out of memory");
    return AMICUS_OK;
}

/* cache file name: a hash of the Vectorscan version, the platform it compiles for (a database
 * built for fewer CPU features, e.g. under valgrind, still loads on a better CPU but scans
 * slower; one built for more fails to load elsewhere: each gets its own file), the flags and
 * every (id, expression) */
static void cache_path(const amicus_rules *r, const char *const *exprs, const unsigned *ids, size_t n,
                       char *out, size_t size) {
    const char *ver = hs_version();
    uint64_t h = amicus__hash64(ver, strlen(ver), 0x616d69637573ULL);
    hs_platform_info_t plat;
    memset(&plat, 0, sizeof plat);
    if (hs_populate_platform(&plat) == HS_SUCCESS) {
        unsigned long long feat = plat.cpu_features;
        unsigned tune = plat.tune;
        h = amicus__hash64(&feat, sizeof feat, h);
        h = amicus__hash64(&tune, sizeof tune, h);
    }
    unsigned flags = AMICUS__HS_FLAGS;
    h = amicus__hash64(&flags, sizeof flags, h);
    for (size_t i = 0; i < n; i++) {
        unsigned fl = r->pats.v[ids[i]].bytes ? AMICUS__HS_FLAGS_BYTES : AMICUS__HS_FLAGS;
        h = amicus__hash64(&fl, sizeof fl, h);
        h = amicus__hash64(&ids[i], sizeof ids[i], h);
        h = amicus__hash64(exprs[i], strlen(exprs[i]) + 1, h);
    }
    snprintf(out, size, "%s/amicus-%016llx.hsdb", r->cache_dir, (unsigned long long)h);
}

static hs_database_t *cache_load(const char *path) {
    char *buf = NULL;
    size_t n = 0;
    hs_database_t *db = NULL;
    if (amicus__cache_read(path, (size_t)1 << 28, &buf, &n) && hs_deserialize_database(buf, n, &db) != HS_SUCCESS)
        db = NULL;
    amicus__free(buf);
    return db;
}

static void cache_store(const char *dir, const char *path, const hs_database_t *db) {
    char *bytes = NULL;
    size_t n = 0;
    if (hs_serialize_database(db, &bytes, &n) != HS_SUCCESS) return;
    amicus__cache_write(dir, path, bytes, n);
    amicus__free(bytes); /* allocated through the hs misc allocator = amicus__malloc */
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

void amicus__rules_dbs_free(amicus_rules *r) {
    for (size_t i = 0; i < r->ndbs; i++) {
        rdb *d = &r->dbs[i];
        if (d->db) hs_free_database(d->db);
        AMICUS_VEC_FREE(d->pats);
        pthread_mutex_destroy(&d->mu);
    }
    amicus__free(r->dbs);
    r->dbs = NULL;
    r->ndbs = 0;
    if (r->dbs_init) {
        for (size_t i = 0; i < r->pool.n; i++) hs_free_scratch(r->pool.v[i].s);
        AMICUS_VEC_FREE(r->pool);
        pthread_mutex_destroy(&r->pool_mu);
        r->dbs_init = false;
    }
}

static int cmp_u32(const void *a, const void *b) {
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* mark ids in v; stamp[] holds the database index + 1 that last took a pattern */
static bool take(rdb *d, uint32_t *stamp, uint32_t mark, const u32vec *v) {
    for (size_t k = 0; k < v->n; k++) {
        uint32_t id = v->v[k];
        if (stamp[id] == mark) continue;
        stamp[id] = mark;
        if (!AMICUS_VEC_PUSH(d->pats, id)) return false;
    }
    return true;
}

/* the patterns database i needs: its language's enabled rules (triggers, conditions, hedge
 * traits of unhedged conditions) and relevance, plus the roots' relevance (the scorecard of a
 * multi-language document and of a language without its own relevant_if uses those) */
static bool collect(amicus_rules *r, size_t i, uint32_t *stamp) {
    rdb *d = &r->dbs[i];
    uint32_t mark = (uint32_t)i + 1;
    for (int dm = 1; dm <= 6; dm++)
        if (!take(d, stamp, mark, &r->demand_rel[dm])) return false;
    if (d->lang) {
        const rlang *lg = amicus__rules_lang(r, d->lang);
        for (int dm = 1; lg && dm <= 6; dm++)
            if (!take(d, stamp, mark, &lg->demand_rel[dm])) return false;
        for (size_t k = 0; k < r->rules.n; k++) {
            const rrule *u = &r->rules.v[k];
            if (!u->info.enabled || strcmp(u->info.lang, d->lang)) continue;
            if (!take(d, stamp, mark, &u->pats)) return false;
            for (int pass = 0; pass < 2; pass++) {
                const rcondvec *cv = pass ? &u->unl : &u->req;
                for (size_t c = 0; c < cv->n; c++) {
                    if (!take(d, stamp, mark, &cv->v[c].pats)) return false;
                    if (cv->v[c].unhedged && cv->v[c].hedge >= 0 &&
                        !take(d, stamp, mark, &r->traits.v[cv->v[c].hedge].pats))
                        return false;
                }
            }
        }
    }
    if (d->pats.n > 1) qsort(d->pats.v, d->pats.n, sizeof *d->pats.v, cmp_u32);
    return true;
}

/* Lazy: amicus_rules_compile only decides which patterns go into which language's database;
 * each database is compiled (or loaded from the cache) the first time a document needs it,
 * so an English document never compiles the Arabic patterns. */
amicus_status amicus_rules_compile(amicus_rules *r, amicus_error *err) {
    if (!r) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "bad arguments");
    amicus__rules_dbs_free(r);
    r->compiled = false;
    for (size_t i = 0; i < r->pats.n; i++) r->pats.v[i].used = false;
    if (pthread_mutex_init(&r->pool_mu, NULL) != 0)
        return amicus__error(err, AMICUS_ERR_INTERNAL, NULL, 0, 0, -1, "cannot create a mutex");
    r->dbs_init = true;
    /* languages: NULL first, then each enabled rule's language once, in load order */
    size_t n = 1;
    for (size_t i = 0; i < r->rules.n; i++) n += r->rules.v[i].info.enabled;
    r->dbs = amicus__calloc(n, sizeof *r->dbs);
    uint32_t *stamp = amicus__calloc(r->pats.n ? r->pats.n : 1, sizeof *stamp);
    amicus_status st = AMICUS_OK;
    if (!r->dbs || !stamp) {
        st = amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
        goto out;
    }
    for (size_t i = 0; i <= r->rules.n; i++) {
        const char *lang = NULL;
        if (i > 0) {
            const rrule *u = &r->rules.v[i - 1];
            if (!u->info.enabled) continue;
            lang = u->info.lang;
            bool seen = false;
            for (size_t k = 1; k < r->ndbs && !seen; k++) seen = !strcmp(r->dbs[k].lang, lang);
            if (seen) continue;
        }
        rdb *d = &r->dbs[r->ndbs];
        if (pthread_mutex_init(&d->mu, NULL) != 0) {
            st = amicus__error(err, AMICUS_ERR_INTERNAL, NULL, 0, 0, -1, "cannot create a mutex");
            goto out;
        }
        d->lang = lang;
        atomic_init(&d->state, 0);
        r->ndbs++;
        if (!collect(r, r->ndbs - 1, stamp)) {
            st = amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
            goto out;
        }
        for (size_t k = 0; k < d->pats.n; k++) r->pats.v[d->pats.v[k]].used = true;
    }
    r->compiled = true;
out:
    amicus__free(stamp);
    if (st) amicus__rules_dbs_free(r);
    return st;
}

/* compile (or load from the cache) one database; called once, under d->mu */
static amicus_status build(const amicus_rules *r, rdb *d, amicus_error *err) {
    double t0 = now_ms();
    size_t n = d->pats.n;
    d->hit = false;
    if (n == 0) {
        d->ms = now_ms() - t0;
        return AMICUS_OK;
    }
    /* the PCRE2 code of patterns not compiled at loading (load.c amicus__rules_intern);
     * patterns are shared between languages: one lock for all of them */
    amicus_rules *m = (amicus_rules *)r;
    amicus_status st = AMICUS_OK;
    pthread_mutex_lock(&m->re_mu);
    for (size_t k = 0; k < n && !st; k++) st = amicus__rules_regex(m, d->pats.v[k], err);
    pthread_mutex_unlock(&m->re_mu);
    if (st) {
        d->ms = now_ms() - t0;
        return st;
    }
    const char **exprs = amicus__calloc(n, sizeof *exprs);
    unsigned *flags = amicus__calloc(n, sizeof *flags);
    unsigned *ids = amicus__calloc(n, sizeof *ids);
    if (!exprs || !flags || !ids) {
        st = amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < n; k++) {
        const rpat *p = &r->pats.v[d->pats.v[k]];
        exprs[k] = p->hs_text;
        flags[k] = p->bytes ? AMICUS__HS_FLAGS_BYTES : AMICUS__HS_FLAGS;
        ids[k] = d->pats.v[k];
    }
    char cpath[1100] = "";
    if (r->cache_dir && strlen(r->cache_dir) < 1000) {
        cache_path(r, exprs, ids, n, cpath, sizeof cpath);
        d->db = cache_load(cpath);
        if (d->db) {
            d->hit = true;
            goto out;
        }
    }
    hs_compile_error_t *ce = NULL;
    unsigned long failures = amicus__alloc_failures();
    hs_error_t e = hs_compile_multi(exprs, flags, ids, (unsigned)n, HS_MODE_BLOCK, NULL, &d->db, &ce);
    if (e != HS_SUCCESS) {
        d->db = NULL;
        /* a refused allocation comes back as a compile error naming expression 0 */
        if (e == HS_NOMEM || amicus__alloc_failures() != failures) {
            st = amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory compiling patterns");
        } else if (ce && ce->expression >= 0 && (size_t)ce->expression < n) {
            const rpat *p = &r->pats.v[ids[ce->expression]];
            st = amicus__error(err, AMICUS_ERR_RULES, p->file, p->line, p->col, -1,
                               "pattern '%.200s' rejected by Vectorscan: %s", p->text, ce->message);
        } else if (ce && ce->message && strstr(ce->message, "memory")) {
            st = amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory compiling patterns");
        } else {
            st = amicus__error(err, AMICUS_ERR_RULES, NULL, 0, 0, -1, "Vectorscan cannot compile the %s patterns: %s",
                               d->lang ? d->lang : "relevance", ce && ce->message ? ce->message : "unknown error");
        }
        if (ce) hs_free_compile_error(ce);
        goto out;
    }
    if (cpath[0]) cache_store(r->cache_dir, cpath, d->db);
out:
    d->ms = now_ms() - t0;
    amicus__free(exprs);
    amicus__free(flags);
    amicus__free(ids);
    return st;
}

static amicus_status ensure(const amicus_rules *r, rdb *d, amicus_error *err) {
    int s = atomic_load_explicit(&d->state, memory_order_acquire);
    if (s == 0) {
        pthread_mutex_lock(&d->mu);
        s = atomic_load_explicit(&d->state, memory_order_relaxed);
        if (s == 0) {
            amicus_status st = build(r, d, &d->err);
            /* out of memory is not remembered: a later call may succeed */
            if (st != AMICUS_ERR_NOMEM) atomic_store_explicit(&d->state, st ? 2 : 1, memory_order_release);
            s = st ? 2 : 1;
            if (st == AMICUS_ERR_NOMEM) {
                pthread_mutex_unlock(&d->mu);
                return amicus__error(err, st, NULL, 0, 0, -1, "out of memory compiling patterns");
            }
        }
        pthread_mutex_unlock(&d->mu);
    }
    if (s == 2) {
        if (err) *err = d->err;
        return d->err.status ? d->err.status : AMICUS_ERR_RULES;
    }
    return AMICUS_OK;
}

amicus_status amicus__rules_db(const amicus_rules *r, const char *lang, const rdb **out, amicus_error *err) {
    *out = NULL;
    rdb *d = r->ndbs ? &r->dbs[0] : NULL;
    for (size_t i = 1; lang && i < r->ndbs; i++)
        if (!strcmp(r->dbs[i].lang, lang)) {
            d = &r->dbs[i];
            break;
        }
    if (!d) return AMICUS_OK;
    amicus_status st = ensure(r, d, err);
    if (!st) *out = d;
    return st;
}

amicus_status amicus_rules_prepare(amicus_rules *r, const char *lang, amicus_error *err) {
    if (!r) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "bad arguments");
    if (!r->compiled)
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "rules not compiled (call amicus_rules_compile)");
    for (size_t i = 0; i < r->ndbs; i++) {
        if (lang && (!r->dbs[i].lang || strcmp(r->dbs[i].lang, lang))) continue;
        amicus_status st = ensure(r, &r->dbs[i], err);
        if (st) return st;
    }
    return AMICUS_OK;
}

/* ------------------------------------------------------------ scratch pool */

amicus_status amicus__scratch_get(const amicus_rules *r, rscratch *out, amicus_error *err) {
    (void)err;
    memset(out, 0, sizeof *out);
    amicus_rules *m = (amicus_rules *)r; /* the pool is the one mutable part, under pool_mu */
    pthread_mutex_lock(&m->pool_mu);
    if (m->pool.n) *out = m->pool.v[--m->pool.n];
    pthread_mutex_unlock(&m->pool_mu);
    return AMICUS_OK;
}

amicus_status amicus__scratch_fit(const amicus_rules *r, rscratch *s, const rdb *d, amicus_error *err) {
    size_t i = (size_t)(d - r->dbs);
    uint64_t bit = i < 64 ? (uint64_t)1 << i : 0;
    if (bit && (s->fit & bit)) return AMICUS_OK;
    hs_scratch_t *old = s->s;
    if (hs_alloc_scratch(d->db, &s->s) != HS_SUCCESS)
        return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory (Vectorscan scratch)");
    if (s->s != old) s->fit = 0; /* reallocated: it fits what it was grown for, at least this one */
    s->fit |= bit;
    return AMICUS_OK;
}

void amicus__scratch_put(const amicus_rules *r, rscratch *s) {
    if (!s->s) return;
    amicus_rules *m = (amicus_rules *)r;
    pthread_mutex_lock(&m->pool_mu);
    bool ok = AMICUS_VEC_PUSH(m->pool, *s);
    pthread_mutex_unlock(&m->pool_mu);
    if (!ok) hs_free_scratch(s->s);
    s->s = NULL;
}

double amicus_rules_compile_ms(const amicus_rules *r) {
    double ms = 0;
    for (size_t i = 0; r && i < r->ndbs; i++)
        if (atomic_load_explicit(&r->dbs[i].state, memory_order_acquire) == 1) ms += r->dbs[i].ms;
    return ms;
}

int amicus_rules_cache_hit(const amicus_rules *r) {
    int any = 0;
    for (size_t i = 0; r && i < r->ndbs; i++) {
        if (atomic_load_explicit(&r->dbs[i].state, memory_order_acquire) != 1 || !r->dbs[i].pats.n) continue;
        if (!r->dbs[i].hit) return 0;
        any = 1;
    }
    return any;
}
