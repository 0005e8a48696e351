/* scorecard.c — demands 1..6 from the findings: met, partly, unmet or n/a, with a one-line reason. */
#include "rules.h"
#include <stdio.h>

/* "RULE in Art. 19(4), Art. 21; RULE2 in ..." for findings of a demand selected by pick */
static void list_rules(amicus__buf *b, const amicus_report *rep, int demand, int want_risk,
                       amicus_severity min_sev) {
    const char *seen[64];
    size_t nseen = 0, more = 0;
    for (size_t i = 0; i < rep->findings.n; i++) {
        const amicus_finding *f = &rep->findings.v[i];
        bool risk = strcmp(f->kind, "risk") == 0;
        if (f->demand != demand || risk != (want_risk != 0) || f->severity < min_sev) continue;
        bool dup = false;
        for (size_t k = 0; k < nseen && !dup; k++) dup = !strcmp(seen[k], f->rule);
        if (dup) continue;
        if (nseen >= 3) { more++; if (nseen < 64) seen[nseen++] = f->rule; continue; }
        seen[nseen++] = f->rule;
        amicus__buf_printf(b, "%s%s", nseen > 1 ? ", " : "", f->rule);
        /* where: up to 3 paths of this rule */
        size_t np = 0, extra = 0;
        for (size_t j = i; j < rep->findings.n; j++) {
            const amicus_finding *g = &rep->findings.v[j];
            if (g->demand != demand || strcmp(g->rule, f->rule) || g->severity < min_sev) continue;
            if (np >= 3) { extra++; continue; }
            const char *where = g->path ? g->path : (g->article ? g->article : "the document as a whole");
            amicus__buf_printf(b, "%s%s", np ? ", " : " in ", where);
            np++;
        }
        if (extra) amicus__buf_printf(b, " (+%zu more)", extra);
    }
    if (more) amicus__buf_printf(b, " and %zu more rule%s", more, more == 1 ? "" : "s");
}

amicus_status amicus__scorecard(amicus_report *rep, const amicus_rules *rules,
                                const szvec *matches, const char *lang, amicus_error *err) {
    /* relevance in the document's language: its subdirectories' relevant_if, else the roots' */
    const rlang *lg = amicus__rules_lang(rules, lang);
    for (int d = 1; d <= 6; d++) {
        amicus_demand_result *dr = &rep->demands[d - 1];
        memset(dr, 0, sizeof *dr);
        dr->demand = d;
        size_t n = 0, nrisk = 0, nevid = 0, nnote = 0;
        for (size_t i = 0; i < rep->findings.n; i++) {
            const amicus_finding *f = &rep->findings.v[i];
            if (f->demand != d) continue;
            n++;
            if (!strcmp(f->kind, "risk")) {
                if (f->severity >= AMICUS_SEV_WARNING) nrisk++;
                else nnote++;
            } else {
                nevid++;
            }
        }
        if (n) {
            size_t *idx = amicus__arena_alloc(&rep->arena, n * sizeof *idx);
            if (!idx) return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
            size_t k = 0;
            for (size_t i = 0; i < rep->findings.n; i++)
                if (rep->findings.v[i].demand == d) idx[k++] = i;
            dr->findings = idx;
            dr->nfindings = n;
        }
        bool relevant = true;
        const u32vec *rel = lg && lg->demand_has_rel[d] ? &lg->demand_rel[d]
                            : rules->demand_has_rel[d] ? &rules->demand_rel[d] : NULL;
        if (rel) {
            relevant = false;
            for (size_t k = 0; k < rel->n && !relevant; k++)
                relevant = matches[rel->v[k]].n > 0;
        }
        amicus__buf b = {0};
        if (!relevant && !nrisk && !nevid) {
            dr->status = AMICUS_DEMAND_NA;
            amicus__buf_printf(&b, "nothing in the text that demand %d is about (the pack's relevant_if matches nowhere)", d);
        } else if (nrisk && !nevid) {
            dr->status = AMICUS_DEMAND_UNMET;
            amicus__buf_puts(&b, "risk ");
            list_rules(&b, rep, d, 1, AMICUS_SEV_WARNING);
            amicus__buf_puts(&b, "; no evidence");
        } else if (nrisk && nevid) {
            dr->status = AMICUS_DEMAND_PARTLY;
            amicus__buf_puts(&b, "risk ");
            list_rules(&b, rep, d, 1, AMICUS_SEV_WARNING);
            amicus__buf_puts(&b, "; evidence ");
            list_rules(&b, rep, d, 0, AMICUS_SEV_NONE);
        } else if (nevid) {
            dr->status = AMICUS_DEMAND_MET;
            amicus__buf_puts(&b, "evidence ");
            list_rules(&b, rep, d, 0, AMICUS_SEV_NONE);
            amicus__buf_puts(&b, "; no risk at warning or above");
            if (nnote) {
                amicus__buf_puts(&b, " (notes: ");
                list_rules(&b, rep, d, 1, AMICUS_SEV_NOTE);
                amicus__buf_puts(&b, ")");
            }
        } else {
            dr->status = AMICUS_DEMAND_PARTLY;
            amicus__buf_puts(&b, "silence: no risk at warning or above and no evidence either way");
            if (nnote) {
                amicus__buf_puts(&b, " (notes: ");
                list_rules(&b, rep, d, 1, AMICUS_SEV_NOTE);
                amicus__buf_puts(&b, ")");
            }
        }
        dr->reason = b.oom ? NULL : amicus__arena_strdup(&rep->arena, b.s ? b.s : "");
        amicus__buf_free(&b);
        if (!dr->reason) return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    }
    return AMICUS_OK;
}
