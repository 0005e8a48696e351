/* render.c — the renderer object shared by all output formats, names, counts and helpers. */
#include "report/report.h"
#include <stdlib.h>

static const char *const concern_titles[AMICUS_CONCERN_COUNT] = {
    "over-broad scope",
    "no protection for security researchers, whistleblowers, journalists and activists",
    "weak human-rights safeguards",
    "no gender mainstreaming",
    "surveillance that undermines security and encryption",
    "excessive information sharing",
    "speech offences"};

/* The six demands of the joint statement, shortened (../shared/seed/). */
static const char *const demand_statements[6] = {
    "Narrow the scope to cyber-dependent crimes specifically defined in the text.",
    "Protect security researchers, whistleblowers, journalists and human-rights defenders "
    "from prosecution for their legitimate activities.",
    "Apply data-protection and human-rights standards (legality, legitimate purpose, "
    "necessity, proportionality, non-discrimination) to the whole instrument, with prior "
    "judicial authorisation for accessing or sharing data.",
    "Mainstream gender across the instrument and throughout each article.",
    "Limit procedural measures and international cooperation to the cyber-dependent crimes "
    "the text establishes.",
    "Endorse no surveillance provision that can be abused to undermine cybersecurity and "
    "encryption."};

/* The same in a few words, for column headings. */
static const char *const demand_shorts[6] = {
    "Narrow scope", "Protect researchers and journalists", "Human-rights safeguards",
    "Gender mainstreaming", "Limit powers and cooperation", "No surveillance that breaks security"};

const char *amicus__demand_short(int demand) {
    return demand >= 1 && demand <= 6 ? demand_shorts[demand - 1] : "?";
}

const char *amicus_demand_statement(int demand) {
    return demand >= 1 && demand <= 6 ? demand_statements[demand - 1] : NULL;
}

const char *amicus__concern_title(amicus_concern c) {
    return (unsigned)c < AMICUS_CONCERN_COUNT ? concern_titles[c] : "?";
}

int amicus__is_evidence(const amicus_finding *f) { return f->kind && !strcmp(f->kind, "evidence"); }

void amicus__count(const amicus_report *r, amicus__counts *c) {
    memset(c, 0, sizeof *c);
    size_t n = amicus_report_finding_count(r);
    for (size_t i = 0; i < n; i++) {
        const amicus_finding *f = amicus_report_finding(r, i);
        if (f->dismissed) { c->dismissed++; continue; }
        if (amicus__is_evidence(f)) { c->evidence++; continue; }
        c->findings++;
        if (f->severity == AMICUS_SEV_ERROR) c->errors++;
        else if (f->severity == AMICUS_SEV_WARNING) c->warnings++;
        else c->notes++;
    }
}

typedef struct sort_key { size_t start; const char *rule; size_t index; } sort_key;

static int cmp_keys(const void *a, const void *b) {
    const sort_key *x = a, *y = b;
    if (x->start != y->start) return x->start < y->start ? -1 : 1;
    int c = strcmp(x->rule, y->rule);
    if (c) return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

size_t *amicus__sorted(const amicus_report *r) {
    size_t n = amicus_report_finding_count(r);
    size_t *ix = amicus__malloc((n ? n : 1) * sizeof *ix);
    sort_key *k = amicus__malloc((n ? n : 1) * sizeof *k);
    if (!ix || !k) {
        amicus__free(ix);
        amicus__free(k);
        return NULL;
    }
    for (size_t i = 0; i < n; i++) {
        const amicus_finding *f = amicus_report_finding(r, i);
        k[i] = (sort_key){f->start, f->rule ? f->rule : "", i};
    }
    qsort(k, n, sizeof *k, cmp_keys);
    for (size_t i = 0; i < n; i++) ix[i] = k[i].index;
    amicus__free(k);
    return ix;
}

char *amicus__display(const char *s, size_t max) {
    if (!s) s = "";
    if (!max) max = 200;
    size_t n = strlen(s);
    char *out = amicus__malloc(n + 4);
    if (!out) return NULL;
    size_t o = 0, cps = 0, total = 0;
    /* collapse whitespace, count code points of the result */
    int space = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r') { space = 1; continue; }
        if (space && o) { out[o++] = ' '; total++; }
        space = 0;
        out[o++] = (char)c;
        if ((c & 0xC0) != 0x80) total++;
    }
    out[o] = '\0';
    if (total <= max) return out;
    /* cut at max-1 code points, preferably at a word boundary, then add the ellipsis */
    size_t cut = 0, last_space = 0;
    for (size_t i = 0; i < o; i++) {
        if (((unsigned char)out[i] & 0xC0) != 0x80) {
            if (cps == max - 1) { cut = i; break; }
            cps++;
            if (out[i] == ' ') last_space = i;
        }
    }
    if (last_space && cut - last_space <= 20) cut = last_space; /* end on a whole word */
    while (cut > 0 && out[cut - 1] == ' ') cut--;
    memcpy(out + cut, "\xE2\x80\xA6", 4); /* … and NUL */
    return out;
}

amicus_status amicus_output_format_parse(const char *name, amicus_output_format *out) {
    if (!name) return AMICUS_ERR_USAGE;
    if (!strcmp(name, "text")) *out = AMICUS_OUT_TEXT;
    else if (!strcmp(name, "json")) *out = AMICUS_OUT_JSON;
    else if (!strcmp(name, "sarif")) *out = AMICUS_OUT_SARIF;
    else if (!strcmp(name, "md") || !strcmp(name, "markdown")) *out = AMICUS_OUT_MARKDOWN;
    else if (!strcmp(name, "html")) *out = AMICUS_OUT_HTML;
    else return AMICUS_ERR_USAGE;
    return AMICUS_OK;
}

const char *amicus_output_format_name(amicus_output_format f) {
    switch (f) {
    case AMICUS_OUT_TEXT: return "text";
    case AMICUS_OUT_JSON: return "json";
    case AMICUS_OUT_SARIF: return "sarif";
    case AMICUS_OUT_MARKDOWN: return "md";
    case AMICUS_OUT_HTML: return "html";
    }
    return "?";
}

amicus_status amicus_renderer_new(FILE *out, const amicus_render_options *opts,
                                  amicus_renderer **rd, amicus_error *err) {
    *rd = NULL;
    if (!out) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "no output stream");
    amicus_renderer *r = amicus__calloc(1, sizeof *r);
    if (!r) return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    r->out = out;
    if (opts) r->o = *opts;
    if (!r->o.quote_max) r->o.quote_max = 200;
    if ((unsigned)r->o.format > AMICUS_OUT_HTML) {
        amicus__free(r);
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "unknown output format");
    }
    *rd = r;
    return AMICUS_OK;
}

static void start(amicus_renderer *rd) {
    if (rd->started) return;
    rd->started = true;
    switch (rd->o.format) {
    case AMICUS_OUT_JSON: amicus__json_begin(rd); break;
    case AMICUS_OUT_SARIF: amicus__sarif_begin(rd); break;
    case AMICUS_OUT_MARKDOWN: amicus__md_begin(rd); break;
    case AMICUS_OUT_HTML: amicus__html_begin(rd); break;
    case AMICUS_OUT_TEXT: break;
    }
}

static bool add_note(amicus_renderer *rd, const char *file, const char *msg, int error) {
    amicus__note n = {amicus__arena_strdup(&rd->arena, file ? file : ""),
                      amicus__arena_strdup(&rd->arena, msg ? msg : ""), error};
    return n.file && n.message && AMICUS_VEC_PUSH(rd->notes, n);
}

amicus_status amicus_render_document(amicus_renderer *rd, const amicus_doc *doc,
                                     const amicus_report *r, const amicus_review *review,
                                     amicus_error *err) {
    if (!rd || !doc || !r) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "no document");
    if (rd->finished) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "renderer finished");
    start(rd);
    amicus__counts c;
    amicus__count(r, &c);
    rd->sum.documents++;
    rd->sum.findings += c.findings;
    rd->sum.errors += c.errors;
    rd->sum.warnings += c.warnings;
    rd->sum.notes += c.notes;
    rd->sum.dismissed += c.dismissed;
    rd->sum.evidence += c.evidence;
    amicus_severity max = c.errors ? AMICUS_SEV_ERROR : c.warnings ? AMICUS_SEV_WARNING
                        : c.notes ? AMICUS_SEV_NOTE : AMICUS_SEV_NONE;
    if (max > rd->sum.max_severity) rd->sum.max_severity = max;
    /* the writers below note a failed allocation in the output and go on: the call fails */
    unsigned long failures = amicus__alloc_failures();
    switch (rd->o.format) {
    case AMICUS_OUT_TEXT: amicus__text_doc(rd, doc, r, review); break;
    case AMICUS_OUT_JSON: amicus__json_doc(rd, doc, r, review); break;
    case AMICUS_OUT_SARIF:
        for (size_t i = 0; i < amicus_doc_warning_count(doc); i++)
            if (!add_note(rd, amicus_doc_name(doc), amicus_doc_warning(doc, i)->message, 0))
                return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
        if (!amicus__sarif_doc(rd, doc, r, review))
            return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
        break;
    case AMICUS_OUT_MARKDOWN: amicus__md_doc(rd, doc, r, review); break;
    case AMICUS_OUT_HTML: amicus__html_doc(rd, doc, r, review); break;
    }
    if (amicus__alloc_failures() != failures)
        return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory: the output is incomplete");
    if (ferror(rd->out))
        return amicus__error(err, AMICUS_ERR_IO, NULL, 0, 0, -1, "write error on the output");
    return AMICUS_OK;
}

amicus_status amicus_render_input_error(amicus_renderer *rd, const char *file,
                                        const char *message, amicus_error *err) {
    if (rd->finished) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "renderer finished");
    rd->sum.input_errors++;
    if (!add_note(rd, file, message, 1))
        return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    return AMICUS_OK;
}

amicus_status amicus_renderer_finish(amicus_renderer *rd, amicus_error *err) {
    if (rd->finished) return AMICUS_OK;
    start(rd);
    rd->finished = true;
    unsigned long failures = amicus__alloc_failures();
    switch (rd->o.format) {
    case AMICUS_OUT_TEXT: amicus__text_finish(rd); break;
    case AMICUS_OUT_JSON: amicus__json_finish(rd); break;
    case AMICUS_OUT_SARIF: amicus__sarif_finish(rd); break;
    case AMICUS_OUT_MARKDOWN: amicus__md_finish(rd); break;
    case AMICUS_OUT_HTML: amicus__html_finish(rd); break;
    }
    if (amicus__alloc_failures() != failures)
        return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory: the output is incomplete");
    if (fflush(rd->out) != 0 || ferror(rd->out))
        return amicus__error(err, AMICUS_ERR_IO, NULL, 0, 0, -1, "write error on the output");
    return AMICUS_OK;
}

void amicus_renderer_summary(const amicus_renderer *rd, amicus_render_summary *out) { *out = rd->sum; }

void amicus_renderer_free(amicus_renderer *rd) {
    if (!rd) return;
    AMICUS_VEC_FREE(rd->rules);
    AMICUS_VEC_FREE(rd->notes);
    amicus__arena_free(&rd->arena);
    amicus__free(rd);
}
