/* compile.c — every pattern of the enabled rules, traits and demand settings into one Vectorscan database. */
#include "rules.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

amicus_status amicus_rules_set_cache(amicus_rules *r, const char *dir, amicus_error *err) {
    if (!r) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "bad arguments");
    amicus__free(r->cache_dir);
    r->cache_dir = NULL;
    if (!dir || !*dir) return AMICUS_OK;
    r->cache_dir = amicus__strdup(dir);
    if (!r->cache_dir) return amicus__error(err, AMICUS_ERR_NOMEM, dir, 0, 0, -1, "out of memory");
    return AMICUS_OK;
}

int amicus_rules_cache_hit(const amicus_rules *r) { return r && r->cache_hit; }

/* cache file name: a hash of the Vectorscan version, flags and every (id, expression) */
static void cache_path(const amicus_rules *r, const char **exprs, const unsigned *ids, size_t n,
                       char *out, size_t size) {
    const char *ver = hs_version();
    uint64_t h = amicus__hash64(ver, strlen(ver), 0x616d69637573ULL);
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
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return NULL;
    struct stat st;
    hs_database_t *db = NULL;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && st.st_size < (1 << 28)) {
        size_t n = (size_t)st.st_size, got = 0;
        char *buf = amicus__malloc(n);
        while (buf && got < n) {
            ssize_t k = read(fd, buf + got, n - got);
            if (k <= 0) {
                if (k < 0 && errno == EINTR) continue;
                break;
            }
            got += (size_t)k;
        }
        if (buf && got == n && hs_deserialize_database(buf, n, &db) != HS_SUCCESS) db = NULL;
        amicus__free(buf);
    }
    close(fd);
    return db;
}

static void cache_store(const char *dir, const char *path, const hs_database_t *db) {
    char *bytes = NULL;
    size_t n = 0;
    if (hs_serialize_database(db, &bytes, &n) != HS_SUCCESS) return;
    char tmp[1200];
    snprintf(tmp, sizeof tmp, "%s", dir);
    for (char *q = tmp + 1; *q; q++) /* mkdir -p */
        if (*q == '/') {
            *q = 0;
            mkdir(tmp, 0700);
            *q = '/';
        }
    mkdir(tmp, 0700);
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd >= 0) {
        size_t off = 0;
        while (off < n) {
            ssize_t k = write(fd, bytes + off, n - off);
            if (k <= 0) {
                if (k < 0 && errno == EINTR) continue;
                break;
            }
            off += (size_t)k;
        }
        if (close(fd) == 0 && off == n) {
            if (rename(tmp, path) != 0) unlink(tmp);
        } else {
            unlink(tmp);
        }
    }
    amicus__free(bytes); /* allocated through the hs misc allocator = amicus__malloc */
}

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

amicus_status amicus_rules_compile(amicus_rules *r, amicus_error *err) {
    if (!r) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "bad arguments");
    double t0 = now_ms();
    if (r->db) {
        hs_free_database(r->db);
        r->db = NULL;
    }
    r->compiled = false;
    for (size_t i = 0; i < r->pats.n; i++) r->pats.v[i].used = false;
    for (size_t i = 0; i < r->traits.n; i++)
        for (size_t k = 0; k < r->traits.v[i].pats.n; k++) r->pats.v[r->traits.v[i].pats.v[k]].used = true;
    for (int d = 1; d <= 6; d++)
        for (size_t k = 0; k < r->demand_rel[d].n; k++) r->pats.v[r->demand_rel[d].v[k]].used = true;
    for (size_t i = 0; i < r->langs.n; i++)
        for (int d = 1; d <= 6; d++)
            for (size_t k = 0; k < r->langs.v[i].demand_rel[d].n; k++)
                r->pats.v[r->langs.v[i].demand_rel[d].v[k]].used = true;
    for (size_t i = 0; i < r->rules.n; i++) {
        const rrule *u = &r->rules.v[i];
        if (!u->info.enabled) continue;
        for (size_t k = 0; k < u->pats.n; k++) r->pats.v[u->pats.v[k]].used = true;
        for (size_t c = 0; c < u->req.n; c++)
            for (size_t k = 0; k < u->req.v[c].pats.n; k++) r->pats.v[u->req.v[c].pats.v[k]].used = true;
        for (size_t c = 0; c < u->unl.n; c++)
            for (size_t k = 0; k < u->unl.v[c].pats.n; k++) r->pats.v[u->unl.v[c].pats.v[k]].used = true;
    }
    size_t n = 0;
    for (size_t i = 0; i < r->pats.n; i++) n += r->pats.v[i].used;
    if (n == 0) {
        r->compiled = true;
        r->compile_ms = now_ms() - t0;
        return AMICUS_OK;
    }
    const char **exprs = amicus__calloc(n, sizeof *exprs);
    unsigned *flags = amicus__calloc(n, sizeof *flags);
    unsigned *ids = amicus__calloc(n, sizeof *ids);
    amicus_status st = AMICUS_OK;
    if (!exprs || !flags || !ids) {
        st = amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
        goto out;
    }
    size_t k = 0;
    for (size_t i = 0; i < r->pats.n; i++)
        if (r->pats.v[i].used) {
            exprs[k] = r->pats.v[i].hs_text;
            flags[k] = r->pats.v[i].bytes ? AMICUS__HS_FLAGS_BYTES : AMICUS__HS_FLAGS;
            ids[k] = (unsigned)i;
            k++;
        }
    char cpath[1100] = "";
    r->cache_hit = false;
    if (r->cache_dir && strlen(r->cache_dir) < 1000) {
        cache_path(r, exprs, ids, n, cpath, sizeof cpath);
        r->db = cache_load(cpath);
        if (r->db) {
            r->cache_hit = true;
            r->compiled = true;
            r->compile_ms = now_ms() - t0;
            goto out;
        }
    }
    hs_compile_error_t *ce = NULL;
    hs_error_t e = hs_compile_multi(exprs, flags, ids, (unsigned)n, HS_MODE_BLOCK, NULL, &r->db, &ce);
    if (e != HS_SUCCESS) {
        r->db = NULL;
        if (ce && ce->expression >= 0 && (size_t)ce->expression < n) {
            const rpat *p = &r->pats.v[ids[ce->expression]];
            st = amicus__error(err, AMICUS_ERR_RULES, p->file, p->line, p->col, -1,
                               "pattern '%.200s' rejected by Vectorscan: %s", p->text, ce->message);
        } else if (e == HS_NOMEM || (ce && ce->message && strstr(ce->message, "memory"))) {
            st = amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory compiling patterns");
        } else {
            st = amicus__error(err, AMICUS_ERR_RULES, NULL, 0, 0, -1, "Vectorscan cannot compile the pack: %s",
                               ce && ce->message ? ce->message : "unknown error");
        }
        if (ce) hs_free_compile_error(ce);
        goto out;
    }
    if (cpath[0]) cache_store(r->cache_dir, cpath, r->db);
    r->compiled = true;
    r->compile_ms = now_ms() - t0;
out:
    amicus__free(exprs);
    amicus__free(flags);
    amicus__free(ids);
    return st;
}

double amicus_rules_compile_ms(const amicus_rules *r) { return r ? r->compile_ms : 0; }
