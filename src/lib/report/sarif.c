/* sarif.c — SARIF 2.1.0 output: one run, results from every document, rules used. */
#include "report/report.h"

void amicus__sarif_begin(amicus_renderer *rd) {
    fputs("{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\","
          "\"runs\":[{\"columnKind\":\"unicodeCodePoints\",\"results\":[", rd->out);
}

/* A relative URI reference for a path as given: percent-encode what a URI cannot hold;
 * absolute paths become file:// URIs. */
static void uri(FILE *o, const char *path) {
    putc('"', o);
    if (path[0] == '/') fputs("file://", o);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
            strchr("-._~/!$&'()*+,;=:@", c))
            putc(c, o);
        else
            fprintf(o, "%%%02X", c);
    }
    putc('"', o);
}

static const char *level(const amicus_finding *f) {
    if (amicus__is_evidence(f)) return "none";
    return f->severity == AMICUS_SEV_ERROR ? "error" : f->severity == AMICUS_SEV_WARNING ? "warning"
                                                                                      : "note";
}

/* Index of the rule in rd->rules, adding it on first use; -1 on OOM. */
static long rule_index(amicus_renderer *rd, const amicus_finding *f) {
    for (size_t i = 0; i < rd->rules.n; i++)
        if (!strcmp(rd->rules.v[i].id, f->rule)) return (long)i;
    amicus__arena *a = &rd->arena;
    amicus__rule_desc d = {amicus__arena_strdup(a, f->rule), amicus__arena_strdup(a, f->message ? f->message : ""),
                           amicus__arena_strdup(a, f->standard ? f->standard : ""),
                           amicus__arena_strdup(a, f->remedy ? f->remedy : ""), f->concern, f->demand,
                           f->severity, amicus__is_evidence(f)};
    if (!d.id || !d.message || !d.standard || !d.remedy || !AMICUS_VEC_PUSH(rd->rules, d)) return -1;
    return (long)rd->rules.n - 1;
}

bool amicus__sarif_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                       const amicus_review *rv) {
    FILE *o = rd->out;
    const char *name = amicus_doc_name(doc);
    size_t n = amicus_report_finding_count(r);
    size_t *ix = amicus__sorted(r);
    if (!ix) return false;
    for (size_t k = 0; k < n; k++) {
        const amicus_finding *f = amicus_report_finding(r, ix[k]);
        long ri = rule_index(rd, f);
        if (ri < 0) { amicus__free(ix); return false; }
        fputs(rd->items ? ",\n" : "\n", o); /* no comma before the run's first result */
        rd->items++;
        fputs("{\"ruleId\":", o);
        amicus__json_str(o, f->rule);
        fprintf(o, ",\"ruleIndex\":%ld,\"level\":\"%s\"", ri, level(f));
        if (amicus__is_evidence(f)) fputs(",\"kind\":\"pass\"", o);
        fputs(",\"message\":{\"text\":", o);
        amicus__json_str(o, f->message ? f->message : f->rule);
        fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", o);
        uri(o, name);
        fputs("}", o);
        if (f->loc.line) {
            amicus_location end;
            amicus_doc_locate(doc, f->end, &end);
            fprintf(o, ",\"region\":{\"startLine\":%lu,\"startColumn\":%lu", f->loc.line,
                    f->loc.column ? f->loc.column : 1);
            if (end.line >= f->loc.line && f->end > f->start)
                fprintf(o, ",\"endLine\":%lu,\"endColumn\":%lu", end.line, end.column ? end.column : 1);
            if (end.source_offset >= f->loc.source_offset)
                fprintf(o, ",\"byteOffset\":%zu,\"byteLength\":%zu", f->loc.source_offset,
                        end.source_offset - f->loc.source_offset);
            if (f->quote && *f->quote) {
                fputs(",\"snippet\":{\"text\":", o);
                amicus__json_str(o, f->quote);
                putc('}', o);
            }
            putc('}', o);
        }
        putc('}', o);
        if (f->path) {
            fputs(",\"logicalLocations\":[{\"name\":", o);
            amicus__json_str(o, f->path);
            fputs(",\"fullyQualifiedName\":", o);
            amicus__buf b = {0};
            amicus__buf_printf(&b, "%s#%s", name, f->path);
            amicus__json_str(o, b.oom ? f->path : b.s);
            amicus__buf_free(&b);
            fputs(",\"kind\":\"member\"}]", o);
        }
        fputs("}]", o);
        fprintf(o, ",\"partialFingerprints\":{\"amicusFingerprint/v1\":");
        amicus__json_str(o, f->fingerprint);
        putc('}', o);
        const amicus_review_entry *e = amicus_review_find(rv, f->fingerprint);
        if (f->dismissed) {
            fputs(",\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\"", o);
            if (e) {
                fputs(",\"justification\":", o);
                amicus__json_str(o, e->reason);
            }
            putc('}', o);
            putc(']', o);
        }
        fputs(",\"properties\":{\"concern\":", o);
        amicus__json_str(o, amicus_concern_name(f->concern));
        fprintf(o, ",\"demand\":%d,\"article\":", f->demand);
        amicus__json_str(o, f->article);
        if (f->loc.page) fprintf(o, ",\"page\":%lu", f->loc.page);
        if (e) {
            fprintf(o, ",\"review\":{\"decision\":\"%s\",\"reason\":", amicus_review_decision_name(e->decision));
            amicus__json_str(o, e->reason);
            fputs(",\"date\":", o);
            amicus__json_str(o, e->date);
            putc('}', o);
        }
        fputs("}}", o);
    }
    amicus__free(ix);
    return true;
}

void amicus__sarif_finish(amicus_renderer *rd) {
    FILE *o = rd->out;
    fprintf(o, "],\n\"invocations\":[{\"executionSuccessful\":%s,\"toolExecutionNotifications\":[",
            rd->sum.input_errors ? "false" : "true");
    for (size_t i = 0; i < rd->notes.n; i++) {
        const amicus__note *nt = &rd->notes.v[i];
        fprintf(o, "%s{\"level\":\"%s\",\"message\":{\"text\":", i ? ",\n" : "\n",
                nt->error ? "error" : "warning");
        amicus__json_str(o, nt->message);
        fputs("},\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":", o);
        uri(o, nt->file);
        fputs("}}}]}", o);
    }
    fprintf(o, "]}],\n\"tool\":{\"driver\":{\"name\":\"amicus\",\"version\":\"%s\","
               "\"semanticVersion\":\"%s\",\"rules\":[",
            AMICUS_VERSION, AMICUS_VERSION);
    for (size_t i = 0; i < rd->rules.n; i++) {
        const amicus__rule_desc *d = &rd->rules.v[i];
        fputs(i ? ",\n{\"id\":" : "\n{\"id\":", o);
        amicus__json_str(o, d->id);
        fputs(",\"shortDescription\":{\"text\":", o);
        amicus__json_str(o, d->message);
        fputs("},\"fullDescription\":{\"text\":", o);
        amicus__buf b = {0};
        amicus__buf_printf(&b, "%s%s%s", d->message, *d->standard ? " Standard: " : "", d->standard);
        amicus__json_str(o, b.oom ? d->message : b.s);
        amicus__buf_free(&b);
        fputs("},\"help\":{\"text\":", o);
        amicus__json_str(o, d->remedy);
        fprintf(o, "},\"defaultConfiguration\":{\"level\":\"%s\"},\"properties\":{\"concern\":",
                d->evidence ? "none" : d->severity == AMICUS_SEV_ERROR ? "error"
                : d->severity == AMICUS_SEV_WARNING ? "warning" : "note");
        amicus__json_str(o, amicus_concern_name(d->concern));
        fprintf(o, ",\"demand\":%d,\"kind\":\"%s\",\"standard\":", d->demand, d->evidence ? "evidence" : "risk");
        amicus__json_str(o, d->standard);
        fputs("}}", o);
    }
    fputs("]}}}]}\n", o);
}
