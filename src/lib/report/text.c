/* text.c — terminal output: findings grouped by concern, protections found, scorecard, summary. */
#include "report/report.h"

#define RESET "\033[0m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RED "\033[1;31m"
#define YELLOW "\033[33m"
#define CYAN "\033[36m"
#define GREEN "\033[32m"

static const char *col(const amicus_renderer *rd, const char *code) { return rd->o.color ? code : ""; }

static const char *sev_color(const amicus_renderer *rd, amicus_severity s) {
    return col(rd, s == AMICUS_SEV_ERROR ? RED : s == AMICUS_SEV_WARNING ? YELLOW : CYAN);
}

static const char *status_color(const amicus_renderer *rd, amicus_demand_status s) {
    return col(rd, s == AMICUS_DEMAND_MET ? GREEN : s == AMICUS_DEMAND_PARTLY ? YELLOW
                 : s == AMICUS_DEMAND_UNMET ? RED : DIM);
}

static void location(FILE *o, const amicus_doc *doc, const amicus_finding *f) {
    fputs(amicus_doc_name(doc), o);
    if (f->loc.line) fprintf(o, ":%lu:%lu", f->loc.line, f->loc.column ? f->loc.column : 1);
}

static void review_line(amicus_renderer *rd, const amicus_review *rv, const amicus_finding *f) {
    const amicus_review_entry *e = amicus_review_find(rv, f->fingerprint);
    if (!e) return;
    fprintf(rd->out, "    %s%s %s: %s%s\n", col(rd, DIM), amicus_review_decision_name(e->decision),
            e->date, e->reason, col(rd, RESET));
}

static void risk(amicus_renderer *rd, const amicus_doc *doc, const amicus_finding *f,
                 const amicus_review *rv) {
    FILE *o = rd->out;
    location(o, doc, f);
    fprintf(o, "  %s  %s%s%s  %s%s%s: %s%s\n", f->path ? f->path : "(document)", col(rd, BOLD),
            f->rule, col(rd, RESET), sev_color(rd, f->severity), amicus_severity_name(f->severity),
            col(rd, RESET), f->dismissed ? "[dismissed] " : "", f->message ? f->message : "");
    if (f->quote && *f->quote) {
        char *q = amicus__display(f->quote, rd->o.quote_max);
        if (q) fprintf(o, "    %s\"%s\"%s\n", col(rd, DIM), q, col(rd, RESET));
        amicus__free(q);
    }
    if (f->remedy && *f->remedy) fprintf(o, "    remedy: %s\n", f->remedy);
    review_line(rd, rv, f);
}

void amicus__text_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                      const amicus_review *rv) {
    FILE *o = rd->out;
    if (rd->sum.documents > 1) putc('\n', o);
    fprintf(o, "%s%s%s", col(rd, BOLD), amicus_doc_name(doc), col(rd, RESET));
    if (amicus_doc_title(doc)) fprintf(o, " — %s", amicus_doc_title(doc));
    fprintf(o, "  (%s, %zu provisions)\n", amicus_format_name(amicus_doc_format(doc)),
            amicus_doc_provision_count(doc));
    size_t *ix = amicus__sorted(r);
    size_t n = amicus_report_finding_count(r);
    if (!ix) { fputs("amicus: out of memory\n", o); return; }
    for (int c = 0; c < AMICUS_CONCERN_COUNT; c++) {
        int header = 0;
        for (size_t k = 0; k < n; k++) {
            const amicus_finding *f = amicus_report_finding(r, ix[k]);
            if ((int)f->concern != c || amicus__is_evidence(f)) continue;
            if (f->dismissed && !rd->o.show_dismissed) continue;
            if (!header) {
                fprintf(o, "\n%s%s — %s%s\n", col(rd, BOLD), amicus_concern_name((amicus_concern)c),
                        amicus__concern_title((amicus_concern)c), col(rd, RESET));
                header = 1;
            }
            risk(rd, doc, f, rv);
        }
    }
    int header = 0;
    for (size_t k = 0; k < n; k++) {
        const amicus_finding *f = amicus_report_finding(r, ix[k]);
        if (!amicus__is_evidence(f) || (f->dismissed && !rd->o.show_dismissed)) continue;
        if (!header) {
            fprintf(o, "\n%sPROTECTIONS FOUND%s\n", col(rd, BOLD), col(rd, RESET));
            header = 1;
        }
        location(o, doc, f);
        fprintf(o, "  %s  %s%s%s  %s%s\n", f->path ? f->path : "(document)", col(rd, GREEN), f->rule,
                col(rd, RESET), f->dismissed ? "[dismissed] " : "", f->message ? f->message : "");
    }
    amicus__free(ix);

    fprintf(o, "\n%sSCORECARD%s (the six demands of the joint statement)\n", col(rd, BOLD), col(rd, RESET));
    for (int d = 1; d <= 6; d++) {
        const amicus_demand_result *dr = amicus_report_demand(r, d);
        amicus_demand_status st = dr ? dr->status : AMICUS_DEMAND_NA;
        fprintf(o, "  %d  %s%-6s%s  %s\n", d, status_color(rd, st), amicus_demand_status_name(st),
                col(rd, RESET), amicus_demand_statement(d));
        const char *reason = dr && dr->reason ? dr->reason : "not evaluated";
        fprintf(o, "             %s\n", reason); /* the engine's reason names the findings */
    }

    amicus__counts c;
    amicus__count(r, &c);
    fprintf(o, "\n%s: %zu finding%s: %s%zu error%s%s, %zu warning%s, %zu note%s; %zu dismissed; "
               "%zu protection%s found\n",
            amicus_doc_name(doc), c.findings, c.findings == 1 ? "" : "s",
            c.errors ? col(rd, RED) : "", c.errors, c.errors == 1 ? "" : "s", col(rd, RESET),
            c.warnings, c.warnings == 1 ? "" : "s", c.notes, c.notes == 1 ? "" : "s", c.dismissed,
            c.evidence, c.evidence == 1 ? "" : "s");
    size_t h = amicus_doc_health_count(doc);
    if (h)
        fprintf(o, "%s: %zu structure note%s (see 'amicus outline %s')\n", amicus_doc_name(doc), h,
                h == 1 ? "" : "s", amicus_doc_name(doc));
}

void amicus__text_finish(amicus_renderer *rd) {
    const amicus_render_summary *s = &rd->sum;
    /* nothing at all when no document could be read: the errors are on stderr */
    if (s->documents > 1 || (s->documents && s->input_errors))
        fprintf(rd->out, "\ntotal: %zu document%s: %zu finding%s: %zu error%s, %zu warning%s, "
                         "%zu note%s; %zu dismissed; %zu protection%s found; %zu unreadable\n",
                s->documents, s->documents == 1 ? "" : "s", s->findings, s->findings == 1 ? "" : "s",
                s->errors, s->errors == 1 ? "" : "s", s->warnings, s->warnings == 1 ? "" : "s",
                s->notes, s->notes == 1 ? "" : "s", s->dismissed, s->evidence,
                s->evidence == 1 ? "" : "s", s->input_errors);
}
