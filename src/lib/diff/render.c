/* render.c — the diff in three formats: terminal (coloured word diff), JSON (amicus-diff/1, docs/DIFF.md), Markdown for a statement. */
#include "diff/diff.h"
#include "report/report.h"

#define RESET "\033[0m"
#define BOLD "\033[1m"
#define DIM "\033[2m"
#define RED "\033[31m"
#define GREEN "\033[32m"
#define YELLOW "\033[33m"

#define SNIP 300      /* bytes of changed text shown before an ellipsis (text, md) */
#define CONTEXT 60    /* bytes of unchanged context either side (text) */
#define MAX_GROUPS 20 /* change groups shown per provision (text, md) */

typedef struct rctx {
    FILE *o;
    const amicus_diff *d;
    const char *otext, *ntext;
    bool color;
} rctx;

static const char *c_(const rctx *r, const char *code) { return r->color ? code : ""; }

/* escape: 0 plain, 1 Markdown */
static void put_char(FILE *o, char c, int esc) {
    if (esc == 1 && strchr("\\`*_[]<>|#~", c)) putc('\\', o);
    putc(c, o);
}

/* s[0, n) with whitespace runs collapsed to one space */
static void put_collapsed(FILE *o, const char *s, size_t n, int esc) {
    bool space = false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') { space = true; continue; }
        if (space) putc(' ', o);
        space = false;
        put_char(o, c, esc);
    }
}

static size_t utf8_back(const char *s, size_t i) { /* to a character start */
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80) i--;
    return i;
}

/* text[a, b), at most SNIP bytes: the start and end kept around an ellipsis */
static void put_snip(FILE *o, const char *t, size_t a, size_t b, int esc) {
    if (b - a <= SNIP) { put_collapsed(o, t + a, b - a, esc); return; }
    size_t m1 = utf8_back(t, a + SNIP / 2), m2 = utf8_back(t, b - SNIP / 2);
    put_collapsed(o, t + a, m1 - a, esc);
    fputs(" \xe2\x80\xa6 ", o);
    put_collapsed(o, t + m2, b - m2, esc);
}

/* ------------------------------------------------------------------ shared bits */


static void entry_title(FILE *o, const amicus_diff_entry *e, int esc) {
    const amicus_node *nd = e->new_node ? e->new_node : e->old_node;
    if (nd && nd->title) {
        fputs(" \xe2\x80\x94 ", o);
        put_collapsed(o, nd->title, strlen(nd->title), esc);
    }
}

/* the change groups of an entry: each is [i, j) of non-EQUAL edits */
static size_t next_group(const amicus_diff_entry *e, size_t i, size_t *j) {
    while (i < e->nedits && e->edits[i].op == AMICUS_DIFF_EQUAL) i++;
    size_t k = i;
    while (k < e->nedits && e->edits[k].op != AMICUS_DIFF_EQUAL) k++;
    *j = k;
    return i;
}

/* ------------------------------------------------------------------------ text */

static void text_finding(rctx *r, const amicus_finding *f, const char *what, const char *colour) {
    fprintf(r->o, "  %s%-10s%s %s  %s%s%s  %s: %s%s\n", c_(r, colour), what, c_(r, RESET),
            f->path ? f->path : "(document)", c_(r, BOLD), f->rule, c_(r, RESET),
            amicus_severity_name(f->severity), f->dismissed ? "[dismissed] " : "",
            f->message ? f->message : "");
    if (f->quote && *f->quote) {
        char *q = amicus__display(f->quote, 160);
        if (q) fprintf(r->o, "             %s\"%s\"%s\n", c_(r, DIM), q, c_(r, RESET));
        amicus__free(q);
    }
}

static void text_words(rctx *r, const amicus_diff_entry *e) {
    size_t i = 0, j, groups = 0;
    while ((i = next_group(e, i, &j)) < e->nedits) {
        if (groups++ >= MAX_GROUPS) { i = j; continue; }
        const amicus_diff_edit *first = &e->edits[i];
        fprintf(r->o, "    %s%s%s  ", c_(r, DIM), first->path ? first->path : "", c_(r, RESET));
        if (i > 0) { /* context before, from the new text */
            const amicus_diff_edit *eq = &e->edits[i - 1];
            size_t a = eq->new_end > eq->new_start + CONTEXT ? utf8_back(r->ntext, eq->new_end - CONTEXT) : eq->new_start;
            if (a > eq->new_start) { /* start at a word */
                while (a < eq->new_end && r->ntext[a] != ' ' && r->ntext[a] != '\n') a++;
                fputs("\xe2\x80\xa6", r->o);
            }
            put_collapsed(r->o, r->ntext + a, eq->new_end - a, 0);
            putc(' ', r->o);
        }
        for (size_t k = i; k < j; k++) {
            const amicus_diff_edit *ed = &e->edits[k];
            if (ed->op == AMICUS_DIFF_DELETE) {
                fputs(r->color ? RED "\033[9m" : "[-", r->o);
                put_snip(r->o, r->otext, ed->old_start, ed->old_end, 0);
                fputs(r->color ? RESET : "-]", r->o);
            } else {
                fputs(r->color ? GREEN "\033[4m" : "{+", r->o);
                put_snip(r->o, r->ntext, ed->new_start, ed->new_end, 0);
                fputs(r->color ? RESET : "+}", r->o);
            }
            if (k + 1 < j) putc(' ', r->o);
        }
        if (j < e->nedits) {
            const amicus_diff_edit *eq = &e->edits[j];
            size_t b = eq->new_end > eq->new_start + CONTEXT ? utf8_back(r->ntext, eq->new_start + CONTEXT) : eq->new_end;
            while (b < eq->new_end && b > eq->new_start && r->ntext[b] != ' ' && r->ntext[b] != '\n') b--;
            putc(' ', r->o);
            put_collapsed(r->o, r->ntext + eq->new_start, b - eq->new_start, 0);
            fputs(b < eq->new_end ? "\xe2\x80\xa6" : "", r->o);
        }
        putc('\n', r->o);
        i = j;
    }
    if (groups > MAX_GROUPS) fprintf(r->o, "    (+%zu more changes)\n", groups - MAX_GROUPS);
    if (e->truncated) fputs("    (long rewrite: shown as one replacement)\n", r->o);
}

static void render_text(rctx *r) {
    const amicus_diff *d = r->d;
    FILE *o = r->o;
    fprintf(o, "%samicus diff%s %s (%zu provisions) \xe2\x86\x92 %s (%zu provisions)\n", c_(r, BOLD), c_(r, RESET),
            amicus_doc_name(d->old_doc), amicus_doc_provision_count(d->old_doc),
            amicus_doc_name(d->new_doc), amicus_doc_provision_count(d->new_doc));
    fputs("provisions:", o);
    for (int s = 0; s <= AMICUS_DIFF_REMOVED; s++)
        fprintf(o, "%s %zu %s", s ? "," : "", d->status_count[s], amicus_diff_status_name((amicus_diff_status)s));
    putc('\n', o);
    if (d->old_rep) {
        size_t dis = 0;
        for (size_t i = 0; i < d->delta[AMICUS_DELTA_PERSISTING].n; i++) dis += d->delta[AMICUS_DELTA_PERSISTING].v[i]->dismissed != 0;
        fprintf(o, "\n%sFINDINGS%s: %zu new, %zu resolved, %zu persisting (%zu dismissed)\n", c_(r, BOLD), c_(r, RESET),
                d->delta[AMICUS_DELTA_NEW].n, d->delta[AMICUS_DELTA_RESOLVED].n,
                d->delta[AMICUS_DELTA_PERSISTING].n, dis);
        for (size_t i = 0; i < d->delta[AMICUS_DELTA_NEW].n; i++) {
            const amicus_finding *f = d->delta[AMICUS_DELTA_NEW].v[i];
            if (f->dismissed) continue;
            text_finding(r, f, amicus__is_evidence(f) ? "+protect" : "new", amicus__is_evidence(f) ? GREEN : RED);
        }
        for (size_t i = 0; i < d->delta[AMICUS_DELTA_RESOLVED].n; i++) {
            const amicus_finding *f = d->delta[AMICUS_DELTA_RESOLVED].v[i];
            if (f->dismissed) continue;
            text_finding(r, f, amicus__is_evidence(f) ? "-protect" : "resolved", amicus__is_evidence(f) ? RED : GREEN);
        }
        fprintf(o, "\n%sSCORECARD%s (before \xe2\x86\x92 after)\n", c_(r, BOLD), c_(r, RESET));
        for (int k = 0; k < 6; k++) {
            const amicus_diff_demand *dm = &d->demands[k];
            const char *col = dm->before == dm->after ? "" : dm->after == AMICUS_DEMAND_MET ||
                (dm->before == AMICUS_DEMAND_UNMET && dm->after == AMICUS_DEMAND_PARTLY) ? GREEN : RED;
            fprintf(o, "  %s%s%s\n", c_(r, col), dm->sentence, c_(r, *col ? RESET : ""));
        }
    }
    fprintf(o, "\n%sPROVISIONS%s\n", c_(r, BOLD), c_(r, RESET));
    for (size_t i = 0; i < d->entries.n; i++) {
        const amicus_diff_entry *e = &d->entries.v[i];
        if (e->status == AMICUS_DIFF_UNCHANGED) continue;
        const char *col = e->status == AMICUS_DIFF_ADDED ? GREEN : e->status == AMICUS_DIFF_REMOVED ? RED : YELLOW;
        fputs("  ", o);
        if (e->new_path && e->old_path && strcmp(e->new_path, e->old_path))
            fprintf(o, "%s \xe2\x86\x90 %s", e->new_path, e->old_path);
        else
            fputs(e->new_path ? e->new_path : e->old_path, o);
        fprintf(o, "  %s%s%s", c_(r, col), amicus_diff_status_name(e->status), c_(r, RESET));
        if (e->text_changed && e->status != AMICUS_DIFF_CHANGED) fputs(", words changed", o);
        entry_title(o, e, 0);
        putc('\n', o);
        text_words(r, e);
    }
    fprintf(o, "(%zu unchanged provision%s not shown)\n", d->status_count[AMICUS_DIFF_UNCHANGED],
            d->status_count[AMICUS_DIFF_UNCHANGED] == 1 ? "" : "s");
}

/* ------------------------------------------------------------------------ JSON */

static void jkey(FILE *o, const char *k, const char *v) {
    fprintf(o, ",\"%s\":", k);
    amicus__json_str(o, v);
}

static void json_doc(FILE *o, const char *key, const amicus_doc *doc) {
    fprintf(o, "\"%s\":{\"file\":", key);
    amicus__json_str(o, amicus_doc_name(doc));
    jkey(o, "title", amicus_doc_title(doc));
    fprintf(o, ",\"provisions\":%zu}", amicus_doc_provision_count(doc));
}

static void render_json(rctx *r) {
    const amicus_diff *d = r->d;
    FILE *o = r->o;
    fprintf(o, "{\"schema\":\"amicus-diff/1\",\"amicus\":\"%s\",", AMICUS_VERSION);
    json_doc(o, "old", d->old_doc);
    putc(',', o);
    json_doc(o, "new", d->new_doc);
    fprintf(o, ",\"threshold\":%.2f,\n\"summary\":{", d->threshold);
    for (int s = 0; s <= AMICUS_DIFF_REMOVED; s++)
        fprintf(o, "%s\"%s\":%zu", s ? "," : "", amicus_diff_status_name((amicus_diff_status)s), d->status_count[s]);
    if (d->old_rep)
        fprintf(o, ",\"new_findings\":%zu,\"resolved_findings\":%zu,\"persisting_findings\":%zu",
                d->delta[0].n, d->delta[1].n, d->delta[2].n);
    fputs("},\n\"provisions\":[", o);
    for (size_t i = 0; i < d->entries.n; i++) {
        const amicus_diff_entry *e = &d->entries.v[i];
        fputs(i ? ",\n{\"status\":" : "\n{\"status\":", o);
        amicus__json_str(o, amicus_diff_status_name(e->status));
        jkey(o, "old", e->old_node ? e->old_node->number : NULL);
        jkey(o, "new", e->new_node ? e->new_node->number : NULL);
        jkey(o, "old_path", e->old_path);
        jkey(o, "new_path", e->new_path);
        const amicus_node *nd = e->new_node ? e->new_node : e->old_node;
        jkey(o, "title", nd ? nd->title : NULL);
        if (e->old_node && e->new_node)
            fprintf(o, ",\"similarity\":%.3f,\"text_changed\":%s,\"renumbered\":%s,\"moved\":%s,\"truncated\":%s",
                    e->similarity, e->text_changed ? "true" : "false", e->renumbered ? "true" : "false",
                    e->moved ? "true" : "false", e->truncated ? "true" : "false");
        fputs(",\"paths\":[", o);
        for (size_t k = 0; k < e->npaths; k++) {
            if (k) putc(',', o);
            amicus__json_str(o, e->paths[k]);
        }
        fputs("],\"changes\":[", o);
        size_t n = 0;
        for (size_t k = 0; k < e->nedits; k++) {
            const amicus_diff_edit *ed = &e->edits[k];
            if (ed->op == AMICUS_DIFF_EQUAL) continue;
            bool del = ed->op == AMICUS_DIFF_DELETE;
            fprintf(o, "%s{\"op\":\"%s\"", n++ ? "," : "", del ? "delete" : "insert");
            jkey(o, "path", ed->path);
            fprintf(o, ",\"old_start\":%zu,\"old_end\":%zu,\"new_start\":%zu,\"new_end\":%zu,\"text\":",
                    ed->old_start, ed->old_end, ed->new_start, ed->new_end);
            if (del) amicus__json_strn(o, r->otext + ed->old_start, ed->old_end - ed->old_start);
            else amicus__json_strn(o, r->ntext + ed->new_start, ed->new_end - ed->new_start);
            putc('}', o);
        }
        fputs("]}", o);
    }
    fputs("],\n\"findings\":", o);
    if (!d->old_rep) fputs("null", o);
    else {
        static const char *const names[3] = {"new", "resolved", "persisting"};
        for (int w = 0; w < 3; w++) {
            fprintf(o, "%s\"%s\":[", w ? "],\n" : "{\n", names[w]);
            for (size_t i = 0; i < d->delta[w].n; i++) {
                fputs(i ? ",\n" : "\n", o);
                amicus__json_finding(o, d->delta[w].v[i], NULL); /* as in docs/JSON.md */
            }
        }
        fputs("]}", o);
    }
    fputs(",\n\"scorecard\":", o);
    if (!d->old_rep) fputs("null", o);
    else {
        for (int k = 0; k < 6; k++) {
            const amicus_diff_demand *dm = &d->demands[k];
            fprintf(o, "%s{\"demand\":%d", k ? ",\n" : "[\n", dm->demand);
            jkey(o, "statement", amicus_demand_statement(dm->demand));
            jkey(o, "before", amicus_demand_status_name(dm->before));
            jkey(o, "after", amicus_demand_status_name(dm->after));
            fprintf(o, ",\"changed\":%s", dm->before != dm->after ? "true" : "false");
            jkey(o, "sentence", dm->sentence);
            putc('}', o);
        }
        putc(']', o);
    }
    fputs("}\n", o);
}

/* -------------------------------------------------------------------- Markdown */

static void md_finding(rctx *r, const amicus_finding *f, const char *what) {
    FILE *o = r->o;
    fputs("- **", o);
    put_collapsed(o, f->path ? f->path : "The document as a whole", strlen(f->path ? f->path : "The document as a whole"), 1);
    fprintf(o, "**: %s \xe2\x80\x94 %s (`%s`): ", what, amicus__concern_title(f->concern), f->rule);
    put_collapsed(o, f->message ? f->message : "", f->message ? strlen(f->message) : 0, 1);
    if (f->quote && *f->quote) {
        char *q = amicus__display(f->quote, 160);
        if (q) { fputs(" (\xe2\x80\x9c", o); put_collapsed(o, q, strlen(q), 1); fputs("\xe2\x80\x9d)", o); }
        amicus__free(q);
    }
    putc('\n', o);
}

static void md_list(rctx *r, amicus_diff_delta which, int evidence, const char *what, bool *any, const char *heading) {
    for (size_t i = 0; i < r->d->delta[which].n; i++) {
        const amicus_finding *f = r->d->delta[which].v[i];
        if (f->dismissed || amicus__is_evidence(f) != (evidence != 0)) continue;
        if (!*any) fprintf(r->o, "\n## %s\n\n", heading);
        *any = true;
        md_finding(r, f, what);
    }
}

static void render_md(rctx *r) {
    const amicus_diff *d = r->d;
    FILE *o = r->o;
    fputs("# Changes from ", o);
    put_collapsed(o, amicus_doc_name(d->old_doc), strlen(amicus_doc_name(d->old_doc)), 1);
    fputs(" to ", o);
    put_collapsed(o, amicus_doc_name(d->new_doc), strlen(amicus_doc_name(d->new_doc)), 1);
    fprintf(o, "\n\n%zu provisions before, %zu after:", amicus_doc_provision_count(d->old_doc),
            amicus_doc_provision_count(d->new_doc));
    for (int s = 0; s <= AMICUS_DIFF_REMOVED; s++)
        fprintf(o, "%s %zu %s", s ? "," : "", d->status_count[s], amicus_diff_status_name((amicus_diff_status)s));
    fputs(".\n", o);
    if (d->old_rep) {
        fprintf(o, "Findings: %zu new, %zu resolved, %zu persisting.\n", d->delta[0].n, d->delta[1].n, d->delta[2].n);
        bool worse = false, better = false;
        md_list(r, AMICUS_DELTA_NEW, 0, "new concern", &worse, "What got worse");
        md_list(r, AMICUS_DELTA_RESOLVED, 1, "protection removed", &worse, "What got worse");
        md_list(r, AMICUS_DELTA_RESOLVED, 0, "concern resolved", &better, "What got better");
        md_list(r, AMICUS_DELTA_NEW, 1, "new protection", &better, "What got better");
        fputs("\n## Scorecard\n\n| Demand | Before | After | What changed |\n|---|---|---|---|\n", o);
        for (int k = 0; k < 6; k++) {
            const amicus_diff_demand *dm = &d->demands[k];
            const char *s = dm->sentence, *colon = strstr(s, ": ");
            colon = colon ? strstr(colon + 2, ": ") : NULL; /* after "Demand N: a → b: " */
            fprintf(o, "| %d | %s | %s | ", dm->demand, amicus_demand_status_name(dm->before),
                    amicus_demand_status_name(dm->after));
            if (colon) put_collapsed(o, colon + 2, strlen(colon + 2), 1);
            fputs(" |\n", o);
        }
    }
    fputs("\n## Provisions\n\n", o);
    size_t shown = 0;
    for (size_t i = 0; i < d->entries.n; i++) {
        const amicus_diff_entry *e = &d->entries.v[i];
        if (e->status == AMICUS_DIFF_UNCHANGED) continue;
        shown++;
        fputs("- **", o);
        const char *p = e->new_path ? e->new_path : e->old_path;
        put_collapsed(o, p, strlen(p), 1);
        fputs("**", o);
        if (e->new_path && e->old_path && strcmp(e->new_path, e->old_path)) {
            fputs(" (was ", o);
            put_collapsed(o, e->old_path, strlen(e->old_path), 1);
            putc(')', o);
        }
        fprintf(o, ": %s", amicus_diff_status_name(e->status));
        entry_title(o, e, 1);
        putc('\n', o);
        size_t k = 0, j, groups = 0;
        while ((k = next_group(e, k, &j)) < e->nedits) {
            if (groups++ < MAX_GROUPS) {
                fputs("  - ", o);
                if (e->edits[k].path) { put_collapsed(o, e->edits[k].path, strlen(e->edits[k].path), 1); fputs(": ", o); }
                for (size_t q = k; q < j; q++) {
                    const amicus_diff_edit *ed = &e->edits[q];
                    if (ed->op == AMICUS_DIFF_DELETE) {
                        fputs("~~", o); put_snip(o, r->otext, ed->old_start, ed->old_end, 1); fputs("~~", o);
                    } else {
                        fputs(q > k ? " \xe2\x86\x92 **" : "**", o); put_snip(o, r->ntext, ed->new_start, ed->new_end, 1); fputs("**", o);
                    }
                }
                putc('\n', o);
            }
            k = j;
        }
        if (groups > MAX_GROUPS) fprintf(o, "  - (+%zu more changes)\n", groups - MAX_GROUPS);
    }
    if (!shown) fputs("No provision changed (whitespace and line breaks are ignored).\n", o);
}

amicus_status amicus_render_diff(FILE *out, const amicus_diff *d, const amicus_render_options *opts,
                                 amicus_error *err) {
    if (!out || !d) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "amicus_render_diff: NULL argument");
    amicus_output_format fmt = opts ? opts->format : AMICUS_OUT_TEXT;
    rctx r = {out, d, amicus_doc_text(d->old_doc, NULL), amicus_doc_text(d->new_doc, NULL),
              opts && opts->color && fmt == AMICUS_OUT_TEXT};
    switch (fmt) {
    case AMICUS_OUT_TEXT: render_text(&r); break;
    case AMICUS_OUT_JSON: render_json(&r); break;
    case AMICUS_OUT_MARKDOWN: render_md(&r); break;
    default:
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "a diff is rendered as text, json or md, not %s",
                             amicus_output_format_name(fmt));
    }
    if (ferror(out)) return amicus__error(err, AMICUS_ERR_IO, NULL, 0, 0, -1, "writing the diff failed");
    return AMICUS_OK;
}
