/* compile.c — every pattern of the enabled rules, traits and demand settings into one Vectorscan database. */
#include "rules.h"
#include <stdio.h>
#include <time.h>

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
            flags[k] = AMICUS__HS_FLAGS;
            ids[k] = (unsigned)i;
            k++;
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
    r->compiled = true;
    r->compile_ms = now_ms() - t0;
out:
    amicus__free(exprs);
    amicus__free(flags);
    amicus__free(ids);
    return st;
}

double amicus_rules_compile_ms(const amicus_rules *r) { return r ? r->compile_ms : 0; }
