/* outline.c — `amicus outline`: the parsed structure as text or JSON. */
#include "cli.h"
#include <stdbool.h>
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
    if (n->eid) { fprintf(f, ",\"eid\":"); cli_json_str(f, n->eid); }
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

/* ---- Akoma Ntoso 3.0 ---- */

static void akn_text(FILE *f, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '&') fputs("&amp;", f);
        else if (c == '<') fputs("&lt;", f);
        else if (c == '>') fputs("&gt;", f);
        else if (c == '"') fputs("&quot;", f);
        else if (c < 0x20 && c != '\n' && c != '\t') putc(' ', f);
        else putc((int)c, f);
    }
}

static void akn_str(FILE *f, const char *s) { if (s) akn_text(f, s, strlen(s)); }

/* trimmed text [s, e) of the document as <p> lines */
static void akn_paras(FILE *f, const char *t, size_t s, size_t e) {
    while (s < e) {
        const char *nl = memchr(t + s, '\n', e - s);
        size_t le = nl ? (size_t)(nl - t) : e;
        size_t a = s, b = le;
        while (a < b && (t[a] == ' ' || t[a] == '\t')) a++;
        while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t')) b--;
        if (b > a) {
            fputs("<p>", f);
            akn_text(f, t + a, b - a);
            fputs("</p>", f);
        }
        s = le + 1;
    }
}

static bool akn_has_text(const char *t, size_t s, size_t e) {
    for (size_t i = s; i < e; i++)
        if (t[i] != ' ' && t[i] != '\n' && t[i] != '\t') return true;
    return false;
}

static const char *akn_element(const amicus_node *n, const char **name) {
    *name = NULL;
    switch (n->type) {
    case AMICUS_NODE_PROVISION: return n->kind && !strcmp(n->kind, "section") ? "section" : "article";
    case AMICUS_NODE_PARAGRAPH: return "paragraph";
    case AMICUS_NODE_ITEM: return "point";
    case AMICUS_NODE_GROUP: {
        static const char *const ok[] = {"part", "chapter", "title", "book", "section", "subpart", "division",
                                         "subchapter", "subtitle", "subdivision", "tome", NULL};
        for (const char *const *k = ok; *k; k++)
            if (n->kind && !strcmp(n->kind, *k)) return *k;
        break;
    }
    default: break;
    }
    *name = n->type == AMICUS_NODE_LANGPART ? "languageVersion"
            : n->type == AMICUS_NODE_PREAMBLE ? "preamble" : (n->kind ? n->kind : "group");
    return "hcontainer";
}

static void akn_node(FILE *f, const amicus_doc *doc, const char *t, const amicus_node *n, int depth) {
    const char *name, *el = akn_element(n, &name);
    fprintf(f, "%*s<%s eId=\"n%d\"", depth * 2, "", el, n->index);
    if (name) {
        fputs(" name=\"", f);
        akn_str(f, name);
        putc('"', f);
    }
    if (n->lang && strcmp(n->lang, "und") && strcmp(n->lang, "mul")) {
        fputs(" xml:lang=\"", f);
        akn_str(f, n->lang);
        putc('"', f);
    }
    fputs(">", f);
    if (n->label) { fputs("<num>", f); akn_str(f, n->label); fputs("</num>", f); }
    if (n->title) { fputs("<heading>", f); akn_str(f, n->title); fputs("</heading>", f); }
    size_t own_end = n->first_child >= 0 ? amicus_doc_node(doc, (size_t)n->first_child)->start : n->end;
    size_t b = n->body_start > n->start ? n->body_start : n->start;
    if (own_end < b) own_end = b;
    if (n->first_child < 0) {
        fputs("<content>", f);
        if (akn_has_text(t, b, n->end)) akn_paras(f, t, b, n->end);
        else fputs("<p/>", f);
        fputs("</content>", f);
    } else {
        if (akn_has_text(t, b, own_end)) {
            fputs("<intro>", f);
            akn_paras(f, t, b, own_end);
            fputs("</intro>", f);
        }
        putc('\n', f);
        for (int32_t c = n->first_child; c >= 0; c = amicus_doc_node(doc, (size_t)c)->next_sibling)
            akn_node(f, doc, t, amicus_doc_node(doc, (size_t)c), depth + 1);
        fprintf(f, "%*s", depth * 2, "");
    }
    fprintf(f, "</%s>\n", el);
}

/* The parsed structure as an Akoma Ntoso 3.0 act (valid against akomantoso30.xsd). */
static void outline_akn(FILE *f, const amicus_doc *doc) {
    size_t tn;
    const char *t = amicus_doc_text(doc, &tn);
    const amicus_node *root = amicus_doc_node(doc, 0);
    const char *lang = root && root->lang && strcmp(root->lang, "und") ? root->lang : "und";
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\">\n"
          "<act name=\"act\">\n<meta>\n<identification source=\"#amicus\">\n", f);
    static const char *const frbr[] = {"FRBRWork", "FRBRExpression", "FRBRManifestation"};
    static const char *const uri[] = {"/akn/un/act/amicus/", "/akn/un/act/amicus/", "/akn/un/act/amicus/"};
    for (int k = 0; k < 3; k++) {
        fprintf(f, "<%s><FRBRthis value=\"%s%s\"/><FRBRuri value=\"%s\"/>", frbr[k], uri[k],
                k == 0 ? "main" : k == 1 ? "und@/main" : "und@/main.xml", uri[k]);
        fputs("<FRBRdate date=\"1970-01-01\" name=\"unknown\"/><FRBRauthor href=\"#amicus\"/>", f);
        if (k == 0) fputs("<FRBRcountry value=\"un\"/>", f);
        if (k == 1) { fputs("<FRBRlanguage language=\"", f); akn_str(f, lang); fputs("\"/>", f); }
        fprintf(f, "</%s>\n", frbr[k]);
    }
    fputs("</identification>\n<references source=\"#amicus\"><TLCOrganization eId=\"amicus\" "
          "href=\"/ontology/organization/amicus\" showAs=\"amicus\"/></references>\n", f);
    fputs("<proprietary source=\"#amicus\"><amicusSource xmlns=\"urn:amicus\" file=\"", f);
    akn_str(f, amicus_doc_name(doc));
    fprintf(f, "\" format=\"%s\"/></proprietary>\n</meta>\n", amicus_format_name(amicus_doc_format(doc)));
    int32_t c = root ? root->first_child : -1;
    if (c >= 0 && amicus_doc_node(doc, (size_t)c)->type == AMICUS_NODE_PREAMBLE) {
        const amicus_node *p = amicus_doc_node(doc, (size_t)c);
        fputs("<preamble>", f);
        if (akn_has_text(t, p->start, p->end)) akn_paras(f, t, p->start, p->end);
        else fputs("<p/>", f);
        fputs("</preamble>\n", f);
        c = p->next_sibling;
    }
    fputs("<body>\n", f);
    if (c < 0) {
        fputs("<hcontainer name=\"text\"><content>", f);
        if (akn_has_text(t, 0, tn)) akn_paras(f, t, 0, tn);
        else fputs("<p/>", f);
        fputs("</content></hcontainer>\n", f);
    }
    for (; c >= 0; c = amicus_doc_node(doc, (size_t)c)->next_sibling)
        akn_node(f, doc, t, amicus_doc_node(doc, (size_t)c), 1);
    fputs("</body>\n</act>\n</akomaNtoso>\n", f);
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
        if (n->page) fprintf(f, "  (page %lu, line %lu)\n", n->page, n->line);
        else fprintf(f, "  (line %lu)\n", n->line);
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
        int lr = cli_limit_option(argc, argv, &i, &opts, NULL, "outline");
        if (lr == 2) return 2;
        if (lr) continue;
        if (!strcmp(argv[i], "--format") && i + 1 < argc) format = argv[++i];
        else if (!strncmp(argv[i], "--format=", 9)) format = argv[i] + 9;
        else if (!strcmp(argv[i], "--max-input") && i + 1 < argc) {
            opts.max_input = cli_parse_size(argv[++i]);
            if (!opts.max_input) { fprintf(stderr, "amicus outline: bad --max-input '%s'\n", argv[i]); return 2; }
        } else if (!strcmp(argv[i], "--lang") && i + 1 < argc) opts.lang = argv[++i];
        else if (!strcmp(argv[i], "--tracked") && i + 1 < argc) {
            i++;
            if (!strcmp(argv[i], "original")) opts.tracked_original = 1;
            else if (strcmp(argv[i], "accepted")) {
                fprintf(stderr, "amicus outline: --tracked takes accepted or original, not '%s'\n", argv[i]);
                return 2;
            }
        }
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
            printf("usage: amicus outline [--format text|json|akn] [--max-input SIZE] [--lang CODE]\n"
                   "                      [--tracked accepted|original] FILE\n"
                   "                      [--max-depth N] [--max-memory SIZE]\n"
                   "  --format akn   the parsed structure as an Akoma Ntoso 3.0 act\n"
                   "  --tracked      DOCX tracked changes read as accepted (default) or as the original\n"
                   CLI_LIMITS_HELP);
            return 0;
        } else if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "amicus outline: unknown option '%s'\n", argv[i]);
            return 2;
        } else if (!file) file = argv[i];
        else { fprintf(stderr, "amicus outline: one FILE only\n"); return 2; }
    }
    if (!file) { fprintf(stderr, "usage: amicus outline [--format text|json] FILE\n"); return 2; }
    if (strcmp(format, "text") && strcmp(format, "json") && strcmp(format, "akn")) {
        fprintf(stderr, "amicus outline: unknown format '%s' (text, json, akn)\n", format);
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
    else if (!strcmp(format, "akn")) outline_akn(stdout, doc);
    else outline_text(stdout, doc);
    amicus_doc_free(doc);
    return 0;
}
