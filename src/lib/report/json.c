/* json.c — the amicus-check/1 JSON output (docs/JSON.md): documents, findings, scorecard. */
#include "report/report.h"

void amicus__json_begin(amicus_renderer *rd) {
    fprintf(rd->out, "{\"schema\":\"amicus-check/%s\",\"amicus\":\"%s\",\"documents\":[",
            AMICUS_JSON_SCHEMA_VERSION, AMICUS_VERSION);
}

static void key(FILE *o, const char *k, const char *v) {
    fprintf(o, ",\"%s\":", k);
    amicus__json_str(o, v);
}

void amicus__json_finding(FILE *o, const amicus_finding *f, const amicus_review *rv) {
    fputs("{\"rule\":", o);
    amicus__json_str(o, f->rule);
    key(o, "kind", f->kind ? f->kind : "risk");
    key(o, "concern", amicus_concern_name(f->concern));
    fprintf(o, ",\"demand\":%d", f->demand);
    key(o, "severity", amicus_severity_name(f->severity));
    key(o, "article", f->article);
    key(o, "path", f->path);
    fprintf(o, ",\"start\":%zu,\"end\":%zu,\"line\":%lu,\"column\":%lu", f->start, f->end,
            f->loc.line, f->loc.column);
    if (f->loc.page) fprintf(o, ",\"page\":%lu", f->loc.page);
    key(o, "quote", f->quote);
    key(o, "message", f->message);
    key(o, "standard", f->standard);
    key(o, "remedy", f->remedy);
    key(o, "fingerprint", f->fingerprint);
    fprintf(o, ",\"dismissed\":%s", f->dismissed ? "true" : "false");
    const amicus_review_entry *e = amicus_review_find(rv, f->fingerprint);
    if (e) {
        fprintf(o, ",\"review\":{\"decision\":\"%s\"", amicus_review_decision_name(e->decision));
        key(o, "reason", e->reason);
        key(o, "date", e->date);
        putc('}', o);
    }
    putc('}', o);
}

void amicus__json_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                      const amicus_review *rv) {
    FILE *o = rd->out;
    if (rd->sum.documents > 1) putc(',', o);
    fputs("\n{\"file\":", o);
    amicus__json_str(o, amicus_doc_name(doc));
    key(o, "title", amicus_doc_title(doc));
    key(o, "format", amicus_format_name(amicus_doc_format(doc)));
    fprintf(o, ",\"provisions\":%zu,\"findings\":[", amicus_doc_provision_count(doc));
    size_t n = amicus_report_finding_count(r);
    size_t *ix = amicus__sorted(r);
    for (size_t k = 0; k < n; k++) {
        fputs(k ? ",\n" : "\n", o);
        amicus__json_finding(o, amicus_report_finding(r, ix ? ix[k] : k), rv);
    }
    amicus__free(ix);
    fputs("],\n\"scorecard\":[", o);
    for (int d = 1; d <= 6; d++) {
        const amicus_demand_result *dr = amicus_report_demand(r, d);
        fprintf(o, "%s{\"demand\":%d", d > 1 ? ",\n" : "\n", d);
        key(o, "statement", amicus_demand_statement(d));
        key(o, "status", amicus_demand_status_name(dr ? dr->status : AMICUS_DEMAND_NA));
        key(o, "reason", dr && dr->reason ? dr->reason : "not evaluated");
        fputs(",\"evidence\":[", o);
        for (size_t k = 0; dr && k < dr->nfindings; k++) {
            const amicus_finding *f = amicus_report_finding(r, dr->findings[k]);
            if (!f) continue;
            fputs(k ? ",{\"rule\":" : "{\"rule\":", o);
            amicus__json_str(o, f->rule);
            key(o, "kind", f->kind ? f->kind : "risk");
            key(o, "path", f->path);
            key(o, "fingerprint", f->fingerprint);
            fprintf(o, ",\"dismissed\":%s}", f->dismissed ? "true" : "false");
        }
        fputs("]}", o);
    }
    fputs("],\n\"warnings\":[", o);
    for (size_t i = 0; i < amicus_doc_warning_count(doc); i++) {
        const amicus_diag *w = amicus_doc_warning(doc, i);
        fputs(i ? ",{\"code\":" : "{\"code\":", o);
        amicus__json_str(o, w->code);
        key(o, "message", w->message);
        fprintf(o, ",\"offset\":%lld}", w->offset);
    }
    amicus__counts c;
    amicus__count(r, &c);
    fprintf(o, "],\"health\":%zu,\n\"summary\":{\"findings\":%zu,\"error\":%zu,\"warning\":%zu,"
               "\"note\":%zu,\"dismissed\":%zu,\"evidence\":%zu}}",
            amicus_doc_health_count(doc), c.findings, c.errors, c.warnings, c.notes, c.dismissed,
            c.evidence);
}

void amicus__json_finish(amicus_renderer *rd) {
    FILE *o = rd->out;
    fputs("],\n\"input_errors\":[", o);
    size_t k = 0;
    for (size_t i = 0; i < rd->notes.n; i++) {
        if (!rd->notes.v[i].error) continue;
        fputs(k++ ? ",{\"file\":" : "{\"file\":", o);
        amicus__json_str(o, rd->notes.v[i].file);
        key(o, "message", rd->notes.v[i].message);
        putc('}', o);
    }
    const amicus_render_summary *s = &rd->sum;
    fprintf(o, "],\n\"summary\":{\"documents\":%zu,\"findings\":%zu,\"error\":%zu,\"warning\":%zu,"
               "\"note\":%zu,\"dismissed\":%zu,\"evidence\":%zu,\"input_errors\":%zu}}\n",
            s->documents, s->findings, s->errors, s->warnings, s->notes, s->dismissed, s->evidence,
            s->input_errors);
}
