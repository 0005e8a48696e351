/* outline.c — `amicus outline`: the parsed structure as text or JSON. */
#include "cli.h"
#include <stdlib.h>
#include <string.h>

static const char *type_name(amicus_node_type t) {
    switch (t) {
    case AMICUS_NODE_DOCUMENT: return "document";
    case AMICUS_NODE_PREAMBLE: return "preamble";
    case AMICUS_NODE_GROUP: return "group";
    case AMICUS_NODE_PROVISION: return "provision";
    case AMICUS_NODE_PARAGRAPH: return "paragraph";
    case AMICUS_NODE_ITEM: return "item";
    case AMICUS_NODE_LANGPART: return "langpart";
    }
    return "?";
}

static void json_node_fields(FILE *f, const amicus_doc *doc, const amicus_node *n) {
    fprintf(f, "\"kind\":");
    cli_json_str(f, n->kind);
    fprintf(f, ",\"number\":");
    cli_json_str(f, n->number);
    fprintf(f, ",\"label\":");
    cli_json_str(f, n->label);
    fprintf(f, ",\"title\":");
    cli_json_str(f, n->title);
    fprintf(f, ",\"lang\":");
    cli_json_str(f, n->lang);
    char path[256];
    amicus_node_path(doc, n, path, sizeof path);
    if (n->type == AMICUS_NODE_PROVISION || n->type == AMICUS_NODE_PARAGRAPH || n->type == AMICUS_NODE_ITEM) {
        fprintf(f, ",\"path\":");
        cli_json_str(f, path);
    }
    fprintf(f, ",\"start\":%zu,\"end\":%zu,\"line\":%lu", n->start, n->end, n->line);
    if (n->page) fprintf(f, ",\"page\":%lu", n->page);
    if (n->flags & AMICUS_NODE_F_QUOTED) fprintf(f, ",\"quoted\":true");
}

/* children of a provision: paragraphs and items only */
static void json_prov_children(FILE *f, const amicus_doc *doc, const amicus_node *n) {
    fprintf(f, ",\"children\":[");
    int first = 1;
    for (int32_t c = n->first_child; c >= 0; c = amicus_doc_node(doc, (size_t)c)->next_sibling) {
        const amicus_node *cn = amicus_doc_node(doc, (size_t)c);
        if (cn->type != AMICUS_NODE_PARAGRAPH && cn->type != AMICUS_NODE_ITEM) continue;
        if (!first) putc(',', f);
        first = 0;
        putc('{', f);
        json_node_fields(f, doc, cn);
        json_prov_children(f, doc, cn);
        putc('}', f);
    }
    putc(']', f);
}

static void json_tree(FILE *f, const amicus_doc *doc, const amicus_node *n) {
    putc('{', f);
    fprintf(f, "\"type\":\"%s\",", type_name(n->type));
    json_node_fields(f, doc, n);
    fprintf(f, ",\"children\":[");
    int first = 1;
    for (int32_t c = n->first_child; c >= 0; c = amicus_doc_node(doc, (size_t)c)->next_sibling) {
        if (!first) putc(',', f);
        first = 0;
        json_tree(f, doc, amicus_doc_node(doc, (size_t)c));
    }
    fprintf(f, "]}");
}

static void outline_json(FILE *f, const amicus_doc *doc) {
    fprintf(f, "{\"schema\":\"amicus-outline/%s\",\"file\":", AMICUS_JSON_SCHEMA_VERSION);
    cli_json_str(f, amicus_doc_name(doc));
    fprintf(f, ",\"format\":\"%s\",\"title\":", amicus_format_name(amicus_doc_format(doc)));
    cli_json_str(f, amicus_doc_title(doc));
    fprintf(f, ",\"provisions\":[");
    for (size_t i = 0; i < amicus_doc_provision_count(doc); i++) {
        const amicus_node *p = amicus_doc_provision(doc, i);
        if (i) putc(',', f);
        fputs("\n{", f);
        json_node_fields(f, doc, p);
        json_prov_children(f, doc, p);
        putc('}', f);
    }
    fprintf(f, "],\n\"tree\":");
    json_tree(f, doc, amicus_doc_node(doc, 0));
    fprintf(f, ",\n\"definitions\":[");
    for (size_t i = 0; i < amicus_doc_definition_count(doc); i++) {
        const amicus_definition *d = amicus_doc_definition(doc, i);
        if (i) putc(',', f);
        fputs("\n{\"term\":", f);
        cli_json_str(f, d->term);
        const amicus_node *p = d->provision >= 0 ? amicus_doc_node(doc, (size_t)d->provision) : NULL;
        fprintf(f, ",\"provision\":");
        cli_json_str(f, p ? p->number : NULL);
        size_t len;
        const char *text = amicus_doc_text(doc, &len);
        fprintf(f, ",\"start\":%zu,\"end\":%zu,\"text\":", d->start, d->end);
        cli_json_strn(f, text + d->start, d->end - d->start);
        putc('}', f);
    }
    fprintf(f, "],\n\"references\":[");
    for (size_t i = 0; i < amicus_doc_reference_count(doc); i++) {
        const amicus_reference *r = amicus_doc_reference(doc, i);
        if (i) putc(',', f);
        fputs("\n{\"text\":", f);
        cli_json_str(f, r->text);
        char fp[256], tp[256];
        amicus_node_path(doc, amicus_doc_node(doc, (size_t)r->from), fp, sizeof fp);
        fprintf(f, ",\"from\":");
        cli_json_str(f, fp);
        fprintf(f, ",\"target\":");
        if (r->target >= 0) {
            const amicus_node *tn = amicus_doc_node(doc, (size_t)r->target);
            if (tn->type == AMICUS_NODE_GROUP && tn->label) snprintf(tp, sizeof tp, "%s", tn->label);
            else amicus_node_path(doc, tn, tp, sizeof tp);
            cli_json_str(f, tp);
        } else {
            fputs("null", f);
        }
        fprintf(f, ",\"spec\":");
        cli_json_str(f, r->target_spec);
        fprintf(f, ",\"external\":%s,\"start\":%zu,\"end\":%zu}", r->external ? "true" : "false",
                r->start, r->end);
    }
    fprintf(f, "],\n\"health\":[");
    for (size_t i = 0; i < amicus_doc_health_count(doc); i++) {
        const amicus_health *h = amicus_doc_health(doc, i);
        if (i) putc(',', f);
        fputs("\n{\"code\":", f);
        cli_json_str(f, h->code);
        fprintf(f, ",\"message\":");
        cli_json_str(f, h->message);
        fprintf(f, ",\"offset\":%zu}", h->offset);
    }
    fprintf(f, "],\n\"warnings\":[");
    for (size_t i = 0; i < amicus_doc_warning_count(doc); i++) {
        const amicus_diag *w = amicus_doc_warning(doc, i);
        if (i) putc(',', f);
        fputs("{\"code\":", f);
        cli_json_str(f, w->code);
        fprintf(f, ",\"message\":");
        cli_json_str(f, w->message);
        fprintf(f, ",\"offset\":%lld}", w->offset);
    }
    fprintf(f, "]}\n");
}

static void outline_text(FILE *f, const amicus_doc *doc) {
    fprintf(f, "%s (%s)", amicus_doc_name(doc), amicus_format_name(amicus_doc_format(doc)));
    if (amicus_doc_title(doc)) fprintf(f, ": %s", amicus_doc_title(doc));
    fprintf(f, "\n");
    for (size_t i = 1; i < amicus_doc_node_count(doc); i++) {
        const amicus_node *n = amicus_doc_node(doc, i);
        for (unsigned d = 1; d < n->depth; d++) fputs("  ", f);
        fprintf(f, "%s", n->label ? n->label : n->kind);
        if (n->title) fprintf(f, " — %s", n->title);
        if (n->type == AMICUS_NODE_LANGPART || n->type == AMICUS_NODE_PROVISION) fprintf(f, "  [%s]", n->lang);
        fprintf(f, "  (line %lu)\n", n->line);
    }
    size_t unresolved = 0, external = 0;
    for (size_t i = 0; i < amicus_doc_reference_count(doc); i++) {
        const amicus_reference *r = amicus_doc_reference(doc, i);
        if (r->external) external++;
        else if (r->target < 0) unresolved++;
    }
    fprintf(f, "\n%zu provisions, %zu definitions, %zu references (%zu unresolved, %zu external)\n",
            amicus_doc_provision_count(doc), amicus_doc_definition_count(doc),
            amicus_doc_reference_count(doc), unresolved, external);
    for (size_t i = 0; i < amicus_doc_health_count(doc); i++) {
        const amicus_health *h = amicus_doc_health(doc, i);
        fprintf(f, "health: %s: %s\n", h->code, h->message);
    }
}

int cmd_outline(int argc, char **argv) {
    const char *format = "text", *file = NULL;
    amicus_open_options opts = {0};
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
        else if (!strncmp(argv[i], "--format=", 9)) format = argv[i] + 9;
        else if (!strcmp(argv[i], "--max-input") && i + 1 < argc) {
            opts.max_input = cli_parse_size(argv[++i]);
            if (!opts.max_input) { fprintf(stderr, "amicus outline: bad --max-input '%s'\n", argv[i]); return 2; }
        } else if (!strcmp(argv[i], "--lang") && i + 1 < argc) opts.lang = argv[++i];
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: amicus outline [--format text|json] [--max-input SIZE] [--lang CODE] FILE\n");
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "amicus outline: unknown option '%s'\n", argv[i]);
            return 2;
        } else if (!file) file = argv[i];
        else { fprintf(stderr, "amicus outline: one FILE only\n"); return 2; }
    }
    if (!file) { fprintf(stderr, "usage: amicus outline [--format text|json] FILE\n"); return 2; }
    if (strcmp(format, "text") && strcmp(format, "json")) {
        fprintf(stderr, "amicus outline: unknown format '%s' (text, json)\n", format);
        return 2;
    }
    amicus_doc *doc;
    amicus_error err;
    if (amicus_doc_open_file(file, &opts, &doc, &err) != AMICUS_OK) {
        char buf[1200];
        fprintf(stderr, "amicus: %s\n", amicus_error_format(&err, buf, sizeof buf));
        return 2;
    }
    for (size_t i = 0; i < amicus_doc_warning_count(doc); i++) {
        const amicus_diag *w = amicus_doc_warning(doc, i);
        fprintf(stderr, "amicus: %s: warning: %s\n", amicus_doc_name(doc), w->message);
    }
    if (!strcmp(format, "json")) outline_json(stdout, doc);
    else outline_text(stdout, doc);
    amicus_doc_free(doc);
    return 0;
}
