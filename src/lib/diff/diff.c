/* diff.c — amicus_diff_compute and accessors; the findings delta (new, resolved, persisting) and the scorecard before and after. */
#include "diff/diff.h"
#include "report/report.h"
#include <stdlib.h>

static const char *const status_names[] = {"unchanged", "changed", "renumbered", "moved",
                                           "split", "merged", "added", "removed"};

const char *amicus_diff_status_name(amicus_diff_status s) {
    return (unsigned)s <= AMICUS_DIFF_REMOVED ? status_names[s] : "?";
}

/* findings of r sorted by fingerprint (then position) for matching */
typedef struct fref { const amicus_finding *f; size_t pos; bool used; } fref;
static int cmp_fref(const void *a, const void *b) {
    const fref *x = a, *y = b;
    int c = strcmp(x->f->fingerprint, y->f->fingerprint);
    if (c) return c;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static bool is_risk(const amicus_finding *f) { return !f->kind || !strcmp(f->kind, "risk"); }

/* "RULE at Art. 21(1), Art. 20(1)" for up to 3 findings of one list and demand, into b */
static void name_findings(amicus__buf *b, const amicus_diff *d, amicus_diff_delta which,
                          int demand, int risk, const char *lead, bool *first, const char **last_lead) {
    size_t n = 0, shown = 0;
    const char *prev_rule = NULL;
    const amicus_finding *first_f = NULL;
    for (size_t i = 0; i < d->delta[which].n; i++) {
        const amicus_finding *f = d->delta[which].v[i];
        if (f->demand != demand || is_risk(f) != (risk != 0) || f->dismissed) continue;
        if (risk && f->severity < AMICUS_SEV_WARNING) continue;
        n++;
        if (shown >= 3) continue;
        const char *where = f->path ? f->path : "the document as a whole";
        if (prev_rule && !strcmp(prev_rule, f->rule)) amicus__buf_printf(b, ", %s", where);
        else if (*last_lead == lead) amicus__buf_printf(b, ", %s at %s", f->rule, where);
        else {
            amicus__buf_printf(b, "%s%s %s at %s", *first ? "" : "; ", lead, f->rule, where);
            *first = false;
            *last_lead = lead;
        }
        prev_rule = f->rule;
        if (!first_f) first_f = f;
        shown++;
    }
    if (n > shown) amicus__buf_printf(b, " (+%zu more)", n - shown);
    /* a new protection says what it is: "… at s. 24 — The power requires prior authorisation …" */
    if (first_f && !risk && which == AMICUS_DELTA_NEW && first_f->message && *first_f->message) {
        size_t len = strlen(first_f->message);
        while (len && (first_f->message[len - 1] == '.' || first_f->message[len - 1] == ' ')) len--;
        if (len > 120) {
            len = 117;
            while (len && ((unsigned char)first_f->message[len] & 0xC0) == 0x80) len--;
            amicus__buf_printf(b, " \xe2\x80\x94 %.*s\xe2\x80\xa6", (int)len, first_f->message);
        } else {
            amicus__buf_printf(b, " \xe2\x80\x94 %.*s", (int)len, first_f->message);
        }
    }
}

static amicus_status sentences(amicus_diff *d, amicus_error *err) {
    for (int k = 1; k <= 6; k++) {
        amicus_diff_demand *dm = &d->demands[k - 1];
        const amicus_demand_result *a = amicus_report_demand(d->old_rep, k);
        const amicus_demand_result *b = amicus_report_demand(d->new_rep, k);
        dm->demand = k;
        dm->before = a ? a->status : AMICUS_DEMAND_NA;
        dm->after = b ? b->status : AMICUS_DEMAND_NA;
        amicus__buf buf = {0};
        if (dm->before != dm->after)
            amicus__buf_printf(&buf, "Demand %d: %s \xe2\x86\x92 %s: ", k, amicus_demand_status_name(dm->before),
                               amicus_demand_status_name(dm->after));
        else
            amicus__buf_printf(&buf, "Demand %d: %s (unchanged): ", k, amicus_demand_status_name(dm->after));
        bool first = true;
        const char *last = NULL;
        name_findings(&buf, d, AMICUS_DELTA_RESOLVED, k, 1, "resolved", &first, &last);
        name_findings(&buf, d, AMICUS_DELTA_NEW, k, 0, "new protection", &first, &last);
        name_findings(&buf, d, AMICUS_DELTA_NEW, k, 1, "new", &first, &last);
        name_findings(&buf, d, AMICUS_DELTA_RESOLVED, k, 0, "protection lost:", &first, &last);
        if (first) amicus__buf_puts(&buf, "no finding of this demand changed");
        dm->sentence = buf.oom ? NULL : amicus__arena_strdup(&d->arena, buf.s ? buf.s : "");
        amicus__buf_free(&buf);
        if (!dm->sentence) return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    }
    return AMICUS_OK;
}

amicus_status amicus__diff_findings(amicus_diff *d, const amicus_rules *rules,
                                    const amicus_diff_options *opts, amicus_error *err) {
    amicus_status st;
    if ((st = amicus_check(d->old_doc, rules, NULL, &d->old_rep, err))) return st;
    if ((st = amicus_check(d->new_doc, rules, NULL, &d->new_rep, err))) return st;
    if (opts && opts->review) {
        amicus_review_apply(opts->review, d->old_rep);
        amicus_review_apply(opts->review, d->new_rep); /* persisting findings stay dismissed */
    }
    size_t no = amicus_report_finding_count(d->old_rep), nn = amicus_report_finding_count(d->new_rep);
    size_t *io = amicus__sorted(d->old_rep), *in = amicus__sorted(d->new_rep);
    fref *old = amicus__calloc(no + 1, sizeof *old);
    if ((no && !io) || (nn && !in) || !old) goto oom;
    for (size_t i = 0; i < no; i++) old[i] = (fref){amicus_report_finding(d->old_rep, io[i]), i, false};
    if (no) qsort(old, no, sizeof *old, cmp_fref);
    for (size_t i = 0; i < nn; i++) {
        const amicus_finding *f = amicus_report_finding(d->new_rep, in[i]);
        size_t lo = 0, hi = no;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(old[mid].f->fingerprint, f->fingerprint) < 0) lo = mid + 1; else hi = mid;
        }
        while (lo < no && old[lo].used && !strcmp(old[lo].f->fingerprint, f->fingerprint)) lo++;
        amicus_diff_delta which = AMICUS_DELTA_NEW;
        if (lo < no && !strcmp(old[lo].f->fingerprint, f->fingerprint)) {
            old[lo].used = true;
            which = AMICUS_DELTA_PERSISTING;
        }
        if (!AMICUS_VEC_PUSH(d->delta[which], f)) goto oom;
    }
    for (size_t i = 0; i < no; i++) { /* resolved, in old document order */
        const amicus_finding *f = amicus_report_finding(d->old_rep, io[i]);
        size_t lo = 0, hi = no;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            int c = strcmp(old[mid].f->fingerprint, f->fingerprint);
            if (c < 0 || (c == 0 && old[mid].pos < i)) lo = mid + 1; else hi = mid;
        }
        if (lo < no && old[lo].pos == i && !old[lo].used && !AMICUS_VEC_PUSH(d->delta[AMICUS_DELTA_RESOLVED], f))
            goto oom;
    }
    amicus__free(io);
    amicus__free(in);
    amicus__free(old);
    return sentences(d, err);
oom:
    amicus__free(io);
    amicus__free(in);
    amicus__free(old);
    return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
}

amicus_status amicus_diff_compute(const amicus_doc *old_doc, const amicus_doc *new_doc,
                                  const amicus_rules *rules, const amicus_diff_options *opts,
                                  amicus_diff **out, amicus_error *err) {
    if (!out) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "amicus_diff_compute: out is NULL");
    *out = NULL;
    if (!old_doc || !new_doc)
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "amicus_diff_compute: a document is NULL");
    double thr = opts && opts->threshold > 0 ? opts->threshold : 0.5;
    if (thr < 0.05 || thr > 1.0 || thr != thr)
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1,
                             "similarity threshold %g is outside 0.05..1", thr);
    amicus_diff *d = amicus__calloc(1, sizeof *d);
    if (!d) return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    d->old_doc = old_doc;
    d->new_doc = new_doc;
    d->threshold = thr;
    double t0 = amicus__now_ms();
    amicus_status st = amicus__diff_align(d, opts, err);
    d->ms = amicus__now_ms() - t0;
    if (!st && rules) st = amicus__diff_findings(d, rules, opts, err);
    if (st) {
        amicus_diff_free(d);
        return st;
    }
    *out = d;
    return AMICUS_OK;
}

size_t amicus_diff_entry_count(const amicus_diff *d) { return d ? d->entries.n : 0; }
const amicus_diff_entry *amicus_diff_entry_at(const amicus_diff *d, size_t i) {
    return d && i < d->entries.n ? &d->entries.v[i] : NULL;
}
size_t amicus_diff_status_count(const amicus_diff *d, amicus_diff_status s) {
    return d && (unsigned)s <= AMICUS_DIFF_REMOVED ? d->status_count[s] : 0;
}
const amicus_doc *amicus_diff_old_doc(const amicus_diff *d) { return d ? d->old_doc : NULL; }
const amicus_doc *amicus_diff_new_doc(const amicus_diff *d) { return d ? d->new_doc : NULL; }
const amicus_report *amicus_diff_old_report(const amicus_diff *d) { return d ? d->old_rep : NULL; }
const amicus_report *amicus_diff_new_report(const amicus_diff *d) { return d ? d->new_rep : NULL; }
size_t amicus_diff_finding_count(const amicus_diff *d, amicus_diff_delta which) {
    return d && (unsigned)which <= AMICUS_DELTA_PERSISTING ? d->delta[which].n : 0;
}
const amicus_finding *amicus_diff_finding(const amicus_diff *d, amicus_diff_delta which, size_t i) {
    return d && (unsigned)which <= AMICUS_DELTA_PERSISTING && i < d->delta[which].n ? d->delta[which].v[i] : NULL;
}
const amicus_diff_demand *amicus_diff_scorecard(const amicus_diff *d, int demand) {
    if (!d || !d->old_rep || demand < 1 || demand > 6) return NULL;
    return &d->demands[demand - 1];
}
double amicus_diff_ms(const amicus_diff *d) { return d ? d->ms : 0; }

void amicus_diff_free(amicus_diff *d) {
    if (!d) return;
    amicus_report_free(d->old_rep);
    amicus_report_free(d->new_rep);
    AMICUS_VEC_FREE(d->entries);
    AMICUS_VEC_FREE(d->edits);
    AMICUS_VEC_FREE(d->paths);
    for (int i = 0; i < 3; i++) AMICUS_VEC_FREE(d->delta[i]);
    amicus__arena_free(&d->arena);
    amicus__free(d);
}
