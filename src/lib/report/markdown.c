/* markdown.c — a Markdown briefing to start a statement from: concerns, demands, remedies. */
#include "report/report.h"

/* Inline text with Markdown's active characters escaped, whitespace collapsed. */
static void md_text(FILE *o, const char *s) {
    int space = 0, any = 0;
    for (const char *p = s ? s : ""; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') { space = 1; continue; }
        if (space && any) putc(' ', o);
        space = 0;
        any = 1;
        if (strchr("\\`*_[]<>|#", c)) putc('\\', o);
        putc(c, o);
    }
}

static void md_code(FILE *o, const char *s) {
    /* `code` spans cannot hold a backtick; rule ids, paths and fingerprints never do */
    putc('`', o);
    for (const char *p = s ? s : ""; *p; p++) putc(*p == '`' ? '\'' : *p, o);
    putc('`', o);
}

void amicus__md_begin(amicus_renderer *rd) { (void)rd; }

static void where(FILE *o, const amicus_doc *doc, const amicus_finding *f) {
    if (!f->path) {
        fputs("the document as a whole", o);
        return;
    }
    md_text(o, f->path);
    if (f->loc.line) fprintf(o, " (line %lu%s", f->loc.line, f->loc.page ? "" : ")");
    if (f->loc.line && f->loc.page) fprintf(o, ", page %lu)", f->loc.page);
}

/* The demand's shown findings of one kind, one bullet per rule: where, then the ask. */
static void demand_list(FILE *o, const amicus_doc *doc, const amicus_report *r,
                        const amicus_demand_result *dr, int evidence, const char *heading) {
    int any = 0;
    for (size_t k = 0; k < dr->nfindings; k++) {
        const amicus_finding *f = amicus_report_finding(r, dr->findings[k]);
        if (!f || f->dismissed || amicus__is_evidence(f) != evidence) continue;
        int seen = 0;
        for (size_t j = 0; j < k && !seen; j++) {
            const amicus_finding *g = amicus_report_finding(r, dr->findings[j]);
            seen = g && !g->dismissed && amicus__is_evidence(g) == evidence && !strcmp(g->rule, f->rule);
        }
        if (seen) continue;
        if (!any++) fprintf(o, "\n%s\n\n", heading);
        fputs("- ", o);
        int n = 0;
        for (size_t j = k; j < dr->nfindings; j++) {
            const amicus_finding *g = amicus_report_finding(r, dr->findings[j]);
            if (!g || g->dismissed || strcmp(g->rule, f->rule)) continue;
            if (n++) fputs(", ", o);
            where(o, doc, g);
        }
        fputs(": ", o);
        md_text(o, evidence || !f->remedy || !*f->remedy ? f->message : f->remedy);
        fputs(" (", o);
        md_code(o, f->rule);
        fputs(")\n", o);
    }
}

static void cite(FILE *o, const amicus_finding *f) {
    fputs("*Cite as:* ", o);
    md_code(o, f->rule);
    if (f->path) { fputs(", ", o); md_code(o, f->path); }
    fputs(", fingerprint ", o);
    md_code(o, f->fingerprint);
}

void amicus__md_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                    const amicus_review *rv) {
    FILE *o = rd->out;
    const char *title = amicus_doc_title(doc) ? amicus_doc_title(doc) : amicus_doc_name(doc);
    if (rd->sum.documents > 1) fputs("\n---\n\n", o);
    fputs("# Briefing: ", o);
    md_text(o, title);
    fputs("\n\n*Source:* ", o);
    md_code(o, amicus_doc_name(doc));
    fprintf(o, " (%s, %zu provisions), reviewed with amicus %s against the six concerns and six "
               "demands of the joint civil-society statement on the UN Cybercrime Convention.\n\n",
            amicus_format_name(amicus_doc_format(doc)), amicus_doc_provision_count(doc), AMICUS_VERSION);

    amicus__counts c;
    amicus__count(r, &c);
    size_t per_concern[AMICUS_CONCERN_COUNT] = {0};
    size_t n = amicus_report_finding_count(r);
    for (size_t i = 0; i < n; i++) {
        const amicus_finding *f = amicus_report_finding(r, i);
        if (!f->dismissed && !amicus__is_evidence(f) && (unsigned)f->concern < AMICUS_CONCERN_COUNT)
            per_concern[f->concern]++;
    }
    size_t status[4] = {0};
    for (int d = 1; d <= 6; d++) {
        const amicus_demand_result *dr = amicus_report_demand(r, d);
        status[dr && (unsigned)dr->status < 4 ? dr->status : AMICUS_DEMAND_NA]++;
    }
    fputs("## Summary\n\n", o);
    if (c.findings) {
        fprintf(o, "amicus found %zu risk%s in the text (%zu serious, %zu to examine, %zu minor)",
                c.findings, c.findings == 1 ? "" : "s", c.errors, c.warnings, c.notes);
        int first = 1;
        for (int k = 0; k < AMICUS_CONCERN_COUNT; k++) {
            if (!per_concern[k]) continue;
            fprintf(o, "%s%s (%zu)", first ? ": " : "; ", amicus__concern_title((amicus_concern)k),
                    per_concern[k]);
            first = 0;
        }
        fputs(". ", o);
    } else {
        fputs("No provision of the text matched a risk rule. ", o);
    }
    fprintf(o, "Against the six demands of the joint statement, %zu %s unmet, %zu partly met, "
               "%zu met and %zu not applicable to this text. ",
            status[AMICUS_DEMAND_UNMET], status[AMICUS_DEMAND_UNMET] == 1 ? "is" : "are",
            status[AMICUS_DEMAND_PARTLY], status[AMICUS_DEMAND_MET], status[AMICUS_DEMAND_NA]);
    if (c.evidence)
        fprintf(o, "The text also contains %zu protection%s (listed below). ", c.evidence,
                c.evidence == 1 ? "" : "s");
    if (c.dismissed)
        fprintf(o, "%zu finding%s dismissed in review %s not included. ", c.dismissed,
                c.dismissed == 1 ? "" : "s", c.dismissed == 1 ? "is" : "are");
    fputs("Each point quotes the provision concerned; check the quotation against the official "
          "text before citing it.\n", o);

    size_t *ix = amicus__sorted(r);
    if (!ix) return;
    fputs("\n## Concerns\n", o);
    if (!c.findings) fputs("\nNone found.\n", o);
    for (int k = 0; k < AMICUS_CONCERN_COUNT; k++) {
        if (!per_concern[k] && !rd->o.show_dismissed) continue;
        int header = 0;
        for (size_t j = 0; j < n; j++) {
            const amicus_finding *f = amicus_report_finding(r, ix[j]);
            if ((int)f->concern != k || amicus__is_evidence(f)) continue;
            if (f->dismissed && !rd->o.show_dismissed) continue;
            if (!header) {
                fprintf(o, "\n### %s — %s\n", amicus_concern_name((amicus_concern)k),
                        amicus__concern_title((amicus_concern)k));
                header = 1;
            }
            fputs("\n#### ", o);
            where(o, doc, f);
            fprintf(o, " — %s%s\n\n", amicus_severity_name(f->severity), f->dismissed ? " (dismissed)" : "");
            if (f->quote && *f->quote) {
                char *q = amicus__display(f->quote, rd->o.quote_max * 3);
                fputs("> ", o);
                md_text(o, q ? q : f->quote);
                fputs("\n\n", o);
                amicus__free(q);
            }
            md_text(o, f->message);
            if (f->standard && *f->standard) {
                fputs(" *Standard:* ", o);
                md_text(o, f->standard);
            }
            fputs("\n\n", o);
            if (f->remedy && *f->remedy) {
                fputs("*Ask:* ", o);
                md_text(o, f->remedy);
                fputs("\n\n", o);
            }
            const amicus_review_entry *e = amicus_review_find(rv, f->fingerprint);
            if (e) {
                fprintf(o, "*Review:* %s on %s: ", amicus_review_decision_name(e->decision), e->date);
                md_text(o, e->reason);
                fputs("\n\n", o);
            }
            cite(o, f);
            fputs("\n", o);
        }
    }

    fputs("\n## The six demands\n", o);
    for (int d = 1; d <= 6; d++) {
        const amicus_demand_result *dr = amicus_report_demand(r, d);
        amicus_demand_status st = dr ? dr->status : AMICUS_DEMAND_NA;
        fprintf(o, "\n### %d. ", d);
        md_text(o, amicus_demand_statement(d));
        fprintf(o, " — **%s**\n\n", amicus_demand_status_name(st));
        md_text(o, dr && dr->reason ? dr->reason : "Not evaluated.");
        fputs("\n", o);
        if (!dr) continue;
        demand_list(o, doc, r, dr, 0, "What the text must change to meet it:");
        demand_list(o, doc, r, dr, 1, "Protections that count towards it:");
    }

    if (c.evidence) {
        fputs("\n## Protections found\n\n", o);
        for (size_t j = 0; j < n; j++) {
            const amicus_finding *f = amicus_report_finding(r, ix[j]);
            if (!amicus__is_evidence(f) || f->dismissed) continue;
            fputs("- ", o);
            where(o, doc, f);
            fputs(": ", o);
            md_text(o, f->message);
            if (f->quote && *f->quote) {
                char *q = amicus__display(f->quote, rd->o.quote_max);
                fputs(" — \"", o);
                md_text(o, q ? q : f->quote);
                fputs("\"", o);
                amicus__free(q);
            }
            fputs(" (", o);
            md_code(o, f->rule);
            fputs(")\n", o);
        }
    }
    amicus__free(ix);

    fputs("\n## Citing these findings\n\n"
          "Each finding names the rule that raised it (for example `SURV-COMPELLED-ASSISTANCE`), "
          "the provision path as the text numbers it, and a fingerprint: a hash of the rule and the "
          "quoted words with their neighbours, not of article numbers, so it stays the same when a "
          "later draft renumbers or re-wraps the text. Quote the rule id and the provision in your "
          "statement; keep the fingerprint to track the point across drafts and to record a "
          "decision with `amicus review accept|dismiss FINGERPRINT --reason TEXT DOCUMENT`. "
          "`amicus check --explain RULE-ID DOCUMENT` shows why a rule fired.\n", o);
}

void amicus__md_finish(amicus_renderer *rd) {
    size_t errors = 0;
    for (size_t i = 0; i < rd->notes.n; i++) errors += rd->notes.v[i].error;
    if (!errors) return;
    fputs("\n## Inputs that could not be read\n\n", rd->out);
    for (size_t i = 0; i < rd->notes.n; i++) {
        if (!rd->notes.v[i].error) continue;
        fputs("- ", rd->out);
        md_code(rd->out, rd->notes.v[i].file);
        fputs(": ", rd->out);
        md_text(rd->out, rd->notes.v[i].message);
        fputs("\n", rd->out);
    }
}
