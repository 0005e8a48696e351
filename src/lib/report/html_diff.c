/* html_diff.c — the diff of two drafts as one self-contained HTML page: findings new and resolved, scorecard before and after, provisions side by side with word changes marked. */
#include "report/report.h"
#include "report/html.h"

#define E(s) amicus__html_esc(o, (s))

static const char DIFF_CSS[] =
    ":root{--fg:#1a1a1a;--mut:#4a4a4a;--line:#c8c8c8;--acc:#1a56db;--err:#a4001d;--warn:#7a4d00;--ok:#1b6e20;--na:#5a5a5a}\n"
    "*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:var(--fg);background:#fff}\n"
    "main{padding:.5em 1.25em 2em}h1{font-size:1.4em;margin:.3em 0}a{color:var(--acc)}:focus-visible{outline:3px solid var(--acc);outline-offset:2px}\n"
    ".skip{position:absolute;left:-999px}.skip:focus{left:.5em;background:#fff;padding:.4em}.mut{color:var(--mut)}\n"
    "ol.demands{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(14em,1fr));gap:.5em}\n"
    ".demand{border:1px solid var(--line);border-radius:6px;padding:.4em .6em;background:#fafafa;font-size:.92em}\n"
    ".st{display:inline-block;font-weight:700;color:#fff;border-radius:3px;padding:0 .4em;font-size:.85em;text-transform:uppercase;background:var(--na)}\n"
    ".st.met{background:var(--ok)}.st.partly{background:var(--warn)}.st.unmet{background:var(--err)}\n"
    ".delta{display:grid;grid-template-columns:1fr 1fr;gap:1em}@media (max-width:900px){.delta{grid-template-columns:1fr}}\n"
    ".delta ul{padding-left:1.1em}.delta li{margin:.3em 0}.sev{font-size:.8em;font-weight:700;text-transform:uppercase}\n"
    ".sev.error{color:var(--err)}.sev.warning{color:var(--warn)}.sev.note{color:#1d4f91}.sev.protection{color:var(--ok)}\n"
    "blockquote{margin:.2em 0;padding:0 .6em;border-left:3px solid var(--line);font-family:Georgia,serif}\n"
    "table.side{width:100%;border-collapse:collapse;table-layout:fixed;margin-top:.5em}\n"
    "table.side th,table.side td{border:1px solid var(--line);padding:.4em .6em;vertical-align:top;text-align:left}\n"
    "table.side thead th{background:#f0f2f5}table.side tbody th{background:#f6f7f9;font-weight:600}\n"
    "td.tx{white-space:pre-wrap;font-family:Georgia,'Times New Roman',serif}\n"
    "del{background:#ffd5d9;color:#5c0010;text-decoration:line-through}ins{background:#d4f0d4;color:#0b3d0f;text-decoration:underline}\n"
    ".tag{font-size:.8em;font-weight:700;text-transform:uppercase;border:1px solid var(--mut);border-radius:3px;padding:0 .35em;margin-left:.4em}\n"
    "@media print{.skip{display:none}del,ins,.st{-webkit-print-color-adjust:exact;print-color-adjust:exact}tr{break-inside:avoid}}\n";

const char *amicus__html_diff_csp(char *buf, size_t size) {
    return amicus__html_csp(DIFF_CSS, sizeof DIFF_CSS - 1, NULL, 0, buf, size);
}

static const char *st_class(amicus_demand_status s) {
    return s == AMICUS_DEMAND_MET ? "met" : s == AMICUS_DEMAND_PARTLY ? "partly" : s == AMICUS_DEMAND_UNMET ? "unmet" : "na";
}

static void finding(FILE *o, const amicus_finding *f) {
    int ev = amicus__is_evidence(f);
    fputs("<li><strong>", o);
    E(f->path ? f->path : "the document as a whole");
    fprintf(o, "</strong> <span class=\"sev %s\">%s</span> <code>", ev ? "protection" : amicus_severity_name(f->severity),
            ev ? "protection" : amicus_severity_name(f->severity));
    E(f->rule);
    fputs("</code><br>", o);
    E(f->message);
    if (f->quote && *f->quote) {
        char *q = amicus__display(f->quote, 300);
        fputs("<blockquote>", o);
        E(q ? q : f->quote);
        fputs("</blockquote>", o);
        amicus__free(q);
    }
    fputs("</li>\n", o);
}

static void delta_list(FILE *o, const amicus_diff *d, amicus_diff_delta which, int evidence, const char *title,
                       const char *id) {
    size_t n = amicus_diff_finding_count(d, which), shown = 0;
    for (size_t i = 0; i < n; i++) {
        const amicus_finding *f = amicus_diff_finding(d, which, i);
        if (!f || f->dismissed || amicus__is_evidence(f) != evidence) continue;
        if (!shown++) fprintf(o, "<section aria-labelledby=\"%s\"><h3 id=\"%s\">%s</h3><ul>\n", id, id, title);
        finding(o, f);
    }
    if (shown) fputs("</ul></section>\n", o);
    else fprintf(o, "<section aria-labelledby=\"%s\"><h3 id=\"%s\">%s</h3><p class=\"mut\">None.</p></section>\n", id, id, title);
}

/* One side of a pair: the node's text with the runs of the other op skipped and its own
 * changed runs wrapped in tag (del or ins). */
static void side(FILE *o, const char *text, size_t len, const amicus_node *n, const amicus_diff_entry *e, int old) {
    if (!n) { fputs("<td class=\"tx mut\">(not in this version)</td>", o); return; }
    size_t end = n->end > len ? len : n->end, cur = n->start > end ? end : n->start;
    fputs("<td class=\"tx\">", o);
    if (!e->nedits && (e->status == AMICUS_DIFF_ADDED || e->status == AMICUS_DIFF_REMOVED)) {
        fputs(old ? "<del>" : "<ins>", o);
        amicus__html_escn(o, text + cur, end - cur);
        fputs(old ? "</del></td>" : "</ins></td>", o);
        return;
    }
    for (size_t k = 0; k < e->nedits; k++) {
        const amicus_diff_edit *ed = &e->edits[k];
        if (ed->op == (old ? AMICUS_DIFF_INSERT : AMICUS_DIFF_DELETE)) continue;
        size_t s = old ? ed->old_start : ed->new_start, t = old ? ed->old_end : ed->new_end;
        if (t > end) t = end;
        if (s < cur) s = cur;
        if (s > t) continue;
        amicus__html_escn(o, text + cur, s - cur);
        int mark = ed->op != AMICUS_DIFF_EQUAL;
        if (mark) fputs(old ? "<del>" : "<ins>", o);
        amicus__html_escn(o, text + s, t - s);
        if (mark) fputs(old ? "</del>" : "</ins>", o);
        cur = t;
    }
    if (cur < end) amicus__html_escn(o, text + cur, end - cur);
    fputs("</td>", o);
}

amicus_status amicus_render_diff_html(FILE *o, const amicus_diff *d, const amicus_render_options *opts,
                                      amicus_error *err) {
    (void)opts;
    if (!o || !d) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "amicus_render_diff_html: NULL argument");
    const amicus_doc *od = amicus_diff_old_doc(d), *nd = amicus_diff_new_doc(d);
    size_t olen = 0, nlen = 0;
    const char *ot = amicus_doc_text(od, &olen), *nt = amicus_doc_text(nd, &nlen);
    char csp[300];
    fprintf(o, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
               "<meta http-equiv=\"Content-Security-Policy\" content=\"%s\">\n<meta name=\"referrer\" content=\"no-referrer\">\n"
               "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
               "<meta name=\"generator\" content=\"amicus %s\">\n<title>Changes: ",
            amicus__html_diff_csp(csp, sizeof csp), AMICUS_VERSION);
    E(amicus_doc_name(od));
    fputs(" to ", o);
    E(amicus_doc_name(nd));
    fputs("</title>\n<style>", o);
    fputs(DIFF_CSS, o);
    fputs("</style>\n</head>\n<body>\n<a class=\"skip\" href=\"#prov\">Skip to the provisions</a>\n<main>\n<h1>Changes from <code>", o);
    E(amicus_doc_name(od));
    fputs("</code> to <code>", o);
    E(amicus_doc_name(nd));
    fprintf(o, "</code></h1>\n<p>%zu provisions before, %zu after:", amicus_doc_provision_count(od),
            amicus_doc_provision_count(nd));
    for (int s = 0; s <= AMICUS_DIFF_REMOVED; s++)
        fprintf(o, "%s %zu %s", s ? "," : "", amicus_diff_status_count(d, (amicus_diff_status)s),
                amicus_diff_status_name((amicus_diff_status)s));
    fputs(".</p>\n", o);
    if (amicus_diff_new_report(d)) {
        fprintf(o, "<p id=\"counts\">Findings: <strong>%zu new</strong>, <strong>%zu resolved</strong>, %zu persisting.</p>\n",
                amicus_diff_finding_count(d, AMICUS_DELTA_NEW), amicus_diff_finding_count(d, AMICUS_DELTA_RESOLVED),
                amicus_diff_finding_count(d, AMICUS_DELTA_PERSISTING));
        fputs("<section aria-labelledby=\"sc\"><h2 id=\"sc\">Scorecard before and after</h2><ol class=\"demands\">\n", o);
        for (int k = 1; k <= 6; k++) {
            const amicus_diff_demand *dm = amicus_diff_scorecard(d, k);
            if (!dm) continue;
            fprintf(o, "<li class=\"demand\" data-before=\"%s\" data-after=\"%s\"><strong>Demand %d</strong> "
                       "<span class=\"st %s\">%s</span> &rarr; <span class=\"st %s\">%s</span><br>",
                    amicus_demand_status_name(dm->before), amicus_demand_status_name(dm->after), k,
                    st_class(dm->before), amicus_demand_status_name(dm->before), st_class(dm->after),
                    amicus_demand_status_name(dm->after));
            E(amicus_demand_statement(k));
            if (dm->sentence) { fputs("<br><span class=\"mut\">", o); E(dm->sentence); fputs("</span>", o); }
            fputs("</li>\n", o);
        }
        fputs("</ol></section>\n<div class=\"delta\">\n<div><h2>What got worse</h2>\n", o);
        delta_list(o, d, AMICUS_DELTA_NEW, 0, "New concerns", "new-risk");
        delta_list(o, d, AMICUS_DELTA_RESOLVED, 1, "Protections removed", "gone-ev");
        fputs("</div>\n<div><h2>What got better</h2>\n", o);
        delta_list(o, d, AMICUS_DELTA_RESOLVED, 0, "Concerns resolved", "gone-risk");
        delta_list(o, d, AMICUS_DELTA_NEW, 1, "New protections", "new-ev");
        fputs("</div>\n</div>\n", o);
    }
    fputs("<section aria-labelledby=\"prov\"><h2 id=\"prov\" tabindex=\"-1\">Provisions side by side</h2>\n"
          "<p class=\"mut\">Deleted words are struck through on the left, inserted words underlined on "
          "the right; unchanged provisions are left out.</p>\n"
          "<table class=\"side\"><thead><tr><th scope=\"col\">Before: <code>", o);
    E(amicus_doc_name(od));
    fputs("</code></th><th scope=\"col\">After: <code>", o);
    E(amicus_doc_name(nd));
    fputs("</code></th></tr></thead>\n<tbody>\n", o);
    size_t shown = 0, n = amicus_diff_entry_count(d);
    for (size_t i = 0; i < n; i++) {
        const amicus_diff_entry *e = amicus_diff_entry_at(d, i);
        if (!e || e->status == AMICUS_DIFF_UNCHANGED) continue;
        shown++;
        fprintf(o, "<tr class=\"%s\"><th colspan=\"2\" scope=\"colgroup\">", amicus_diff_status_name(e->status));
        E(e->new_path ? e->new_path : e->old_path);
        if (e->new_path && e->old_path && strcmp(e->new_path, e->old_path)) { fputs(" (was ", o); E(e->old_path); fputs(")", o); }
        fprintf(o, "<span class=\"tag\">%s</span>", amicus_diff_status_name(e->status));
        if (e->truncated) fputs(" <span class=\"mut\">(long change: shown as one replacement)</span>", o);
        fputs("</th></tr>\n<tr>", o);
        side(o, ot, olen, e->old_node, e, 1);
        side(o, nt, nlen, e->new_node, e, 0);
        fputs("</tr>\n", o);
    }
    if (!shown) fputs("<tr><td colspan=\"2\">No provision changed (whitespace and line breaks are ignored).</td></tr>\n", o);
    fprintf(o, "</tbody></table></section>\n</main>\n<footer class=\"mut\"><p>Written by amicus %s. This page is "
               "self-contained: it loads nothing from the network.</p></footer>\n</body>\n</html>\n", AMICUS_VERSION);
    if (ferror(o)) return amicus__error(err, AMICUS_ERR_IO, NULL, 0, 0, -1, "writing the diff failed");
    return AMICUS_OK;
}
