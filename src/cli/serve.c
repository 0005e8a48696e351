/* serve.c — `amicus serve`: a local web page (loopback by default) to upload documents and get the HTML report, JSON, SARIF, Markdown or the diff. */
#include "cli.h"
#include "report/html.h"
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#define MAX_FILES 2
#define MAX_FIELD 8192
#define MAX_PACKS 64
#define CACHE_SLOTS 8

static const char *SERVE_USAGE =
    "usage: amicus serve [options]\n"
    "  a local web page to upload one or two documents and read the report (the HTML report,\n"
    "  downloads in HTML, JSON, SARIF and Markdown; the diff when two are uploaded)\n"
    "  --port N            TCP port (default 8700; 0 = any free port, printed on start)\n"
    "  --bind ADDR         address to listen on (default 127.0.0.1; any other address is\n"
    "                      reachable by others and is only used when given, with a warning)\n"
    "  --max-upload SIZE   refuse uploads larger than SIZE in all (default 32M)\n"
    "  --threads N         worker threads (default: the number of processors, 2..16)\n"
    "  --pack DIR          load another rule pack as well as the default one (repeatable)\n"
    "stops cleanly on SIGINT (Ctrl-C) or SIGTERM; nothing uploaded is written to disk or kept.\n";

/* ------------------------------------------------------------ the rules */

/* Compiled rule sets, keyed by the rules switched off. Compiled once and shared by every
 * request (amicus_check takes the rules const and is thread-safe); a few variants are kept. */
typedef struct rules_slot {
    char *key;                 /* "ID1,ID2," (sorted) or "" for all rules */
    amicus_rules *rules;
    unsigned refs;
    unsigned long used;
} rules_slot;

static struct {
    pthread_mutex_t mu;
    rules_slot slot[CACHE_SLOTS];
    unsigned long tick;
    const char *packs[MAX_PACKS];
    size_t npacks;
    const char *cache_dir;
} R = {.mu = PTHREAD_MUTEX_INITIALIZER};

static amicus_status compile_rules(const char *const *disable, size_t ndisable, amicus_rules **out,
                                   amicus_error *err) {
    amicus_rules *rules = NULL;
    amicus_status st = amicus_rules_new(&rules, err);
    if (!st && R.cache_dir) st = amicus_rules_set_cache(rules, R.cache_dir, err); /* before loading */
    if (!st) st = amicus_rules_load_dir(rules, cli_default_rules_dir(), err);
    for (size_t i = 0; !st && i < R.npacks; i++) st = amicus_rules_load_dir(rules, R.packs[i], err);
    for (size_t i = 0; !st && i < ndisable; i++) st = amicus_rules_disable(rules, disable[i], err);
    if (!st) st = amicus_rules_compile(rules, err);
    if (st) { amicus_rules_free(rules); rules = NULL; }
    *out = rules;
    return st;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The rules with `disable` switched off; *slot is the cache slot to release, -1 when the caller
 * owns the rules (the cache was full of sets in use). */
static amicus_status get_rules(const char **disable, size_t ndisable, const amicus_rules **out,
                               int *slot, amicus_error *err) {
    qsort(disable, ndisable, sizeof *disable, cmp_str);
    size_t klen = 1;
    for (size_t i = 0; i < ndisable; i++) klen += strlen(disable[i]) + 1;
    char *key = malloc(klen);
    if (!key) return AMICUS_ERR_NOMEM;
    key[0] = '\0';
    size_t u = 0;
    for (size_t i = 0; i < ndisable; i++) {
        if (i && !strcmp(disable[i], disable[i - 1])) continue;
        disable[u++] = disable[i];
        strcat(key, disable[i]);
        strcat(key, ",");
    }
    ndisable = u;
    pthread_mutex_lock(&R.mu);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (R.slot[i].key && !strcmp(R.slot[i].key, key)) {
            R.slot[i].refs++;
            R.slot[i].used = ++R.tick;
            *out = R.slot[i].rules;
            *slot = i;
            pthread_mutex_unlock(&R.mu);
            free(key);
            return AMICUS_OK;
        }
    }
    pthread_mutex_unlock(&R.mu);
    amicus_rules *rules;
    amicus_status st = compile_rules(disable, ndisable, &rules, err);
    if (st) { free(key); return st; }
    pthread_mutex_lock(&R.mu);
    int free_slot = -1;
    for (int i = 0; i < CACHE_SLOTS; i++) {
        if (R.slot[i].key && !strcmp(R.slot[i].key, key)) { /* compiled meanwhile by another request */
            R.slot[i].refs++;
            R.slot[i].used = ++R.tick;
            *out = R.slot[i].rules;
            *slot = i;
            pthread_mutex_unlock(&R.mu);
            amicus_rules_free(rules);
            free(key);
            return AMICUS_OK;
        }
        if (!R.slot[i].key) { if (free_slot < 0) free_slot = i; }
        else if (!R.slot[i].refs && i != 0 &&
                 (free_slot < 0 || (R.slot[free_slot].key && R.slot[i].used < R.slot[free_slot].used)))
            free_slot = i; /* least recently used idle set (slot 0, all rules, stays) */
    }
    if (free_slot < 0) {
        pthread_mutex_unlock(&R.mu);
        free(key);
        *out = rules;
        *slot = -1;
        return AMICUS_OK;
    }
    if (R.slot[free_slot].key) {
        amicus_rules_free(R.slot[free_slot].rules);
        free(R.slot[free_slot].key);
    }
    R.slot[free_slot] = (rules_slot){key, rules, 1, ++R.tick};
    *out = rules;
    *slot = free_slot;
    pthread_mutex_unlock(&R.mu);
    return AMICUS_OK;
}

static void put_rules(const amicus_rules *rules, int slot) {
    if (slot < 0) { amicus_rules_free((amicus_rules *)rules); return; }
    pthread_mutex_lock(&R.mu);
    R.slot[slot].refs--;
    pthread_mutex_unlock(&R.mu);
}

/* ------------------------------------------------------------ the page */

static const char PAGE_CSS[] =
    "*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1a1a1a;background:#fff}\n"
    "main{max-width:52em;margin:0 auto;padding:1em 1.25em 3em}h1{font-size:1.5em;margin:.3em 0}\n"
    ":focus-visible{outline:3px solid #1a56db;outline-offset:2px}a{color:#1a56db}\n"
    "#drop{border:3px dashed #767676;border-radius:8px;padding:1.5em;text-align:center;background:#f6f7f9;margin:1em 0}\n"
    "#drop.over{border-color:#1a56db;background:#e8efff}#files{font-weight:600;margin:.5em 0 0}\n"
    "fieldset{border:1px solid #c8c8c8;border-radius:4px;margin:1em 0;padding:.5em 1em}legend{font-weight:600}\n"
    "details{margin:.5em 0}.rules{max-height:18em;overflow:auto;border:1px solid #c8c8c8;padding:.3em .6em}\n"
    ".rules label{display:block;font-size:.92em}code{font-size:.9em;background:#f0f0f0;padding:0 .2em}\n"
    "button{font:inherit;cursor:pointer;border:1px solid #1a56db;background:#1a56db;color:#fff;border-radius:4px;padding:.4em 1em;margin:.2em .3em .2em 0}\n"
    "button.sec{background:#fff;color:#1a56db}select,input{font:inherit}\n"
    ".err{border:2px solid #a4001d;background:#fff0f2;padding:.6em 1em;border-radius:4px}.mut{color:#4a4a4a;font-size:.92em}\n";

static const char PAGE_JS[] =
    "(function(){'use strict';var d=document,drop=d.getElementById('drop'),inp=d.getElementById('doc'),out=d.getElementById('files');\n"
    "function show(){var n=[];for(var i=0;i<inp.files.length;i++)n.push(inp.files[i].name);\n"
    " out.textContent=n.length?(n.length>2?'Choose one or two files, not '+n.length:n.join(' and ')+(n.length===2?' (the first is taken as the earlier version)':'')):'No file chosen yet';}\n"
    "inp.addEventListener('change',show);\n"
    "['dragenter','dragover'].forEach(function(t){drop.addEventListener(t,function(e){e.preventDefault();drop.classList.add('over');});});\n"
    "['dragleave','drop'].forEach(function(t){drop.addEventListener(t,function(e){e.preventDefault();drop.classList.remove('over');});});\n"
    "drop.addEventListener('drop',function(e){if(e.dataTransfer&&e.dataTransfer.files.length){inp.files=e.dataTransfer.files;show();}});\n"
    "drop.addEventListener('keydown',function(e){if(e.key==='Enter'||e.key===' '){e.preventDefault();inp.click();}});\n"
    "show();})();\n";

static char *g_page;            /* the upload page, built once at start */
static size_t g_page_len;
static char g_page_csp[512], g_report_csp[600], g_diff_csp[400];
static size_t g_max_upload = (size_t)32 << 20;

static void esc(FILE *o, const char *s) { amicus__html_esc(o, s); }

static void page_head(FILE *o, const char *title) {
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"referrer\" content=\"no-referrer\">\n<title>", o);
    esc(o, title);
    fputs("</title>\n<style>", o);
    fputs(PAGE_CSS, o);
    fputs("</style>\n</head>\n<body>\n<main>\n", o);
}

static int build_page(const amicus_rules *rules) {
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    if (!o) return -1;
    page_head(o, "amicus: check a cybercrime law");
    fprintf(o, "<h1>amicus: check a law, a bill or a treaty</h1>\n"
               "<p>Upload a document to see its human-rights risks marked in the text, the findings "
               "by concern and the scorecard of the six demands. Add an earlier version of the "
               "text to see what changed. The document is read in memory on this "
               "computer and forgotten after the answer; nothing is kept or sent anywhere.</p>\n"
               "<form method=\"post\" action=\"/report\" enctype=\"multipart/form-data\">\n"
               "<div id=\"drop\" tabindex=\"0\" role=\"group\" aria-labelledby=\"drop-l\">\n"
               "<p id=\"drop-l\">Drop one or two files here, or choose them:</p>\n"
               "<input type=\"file\" id=\"doc\" name=\"doc\" multiple required aria-labelledby=\"drop-l\" "
               "aria-describedby=\"formats\" accept=\".txt,.md,.markdown,.html,.htm,.xhtml,.xml,.akn,.pdf,.docx,text/*\">\n"
               "<p id=\"files\" aria-live=\"polite\"></p>\n"
               "<p><label for=\"old\">Earlier version, to see what changed (optional):</label> "
               "<input type=\"file\" id=\"old\" name=\"old\" "
               "accept=\".txt,.md,.markdown,.html,.htm,.xhtml,.xml,.akn,.pdf,.docx,text/*\"></p>\n"
               "<p id=\"formats\" class=\"mut\">Plain text, Markdown, HTML, PDF, Word (DOCX), Akoma Ntoso, "
               "CLML, USLM or Formex XML; at most %zu MB in all.</p>\n</div>\n",
            g_max_upload >> 20);
    fputs("<fieldset><legend>Options</legend>\n<p><label for=\"min\">Show risks from severity</label> "
          "<select id=\"min\" name=\"min_severity\"><option value=\"note\">note (all)</option>"
          "<option value=\"warning\">warning and error</option><option value=\"error\">error only</option>"
          "</select></p>\n<details><summary>Rules to switch off</summary><div class=\"rules\">\n", o);
    for (size_t i = 0; i < amicus_rules_count(rules); i++) {
        const amicus_rule_info *ri = amicus_rules_get(rules, i);
        int dup = 0;
        for (size_t j = 0; j < i && !dup; j++) dup = !strcmp(amicus_rules_get(rules, j)->id, ri->id);
        if (dup) continue;
        fputs("<label><input type=\"checkbox\" name=\"disable\" value=\"", o);
        esc(o, ri->id);
        fputs("\"> <code>", o);
        esc(o, ri->id);
        fputs("</code> ", o);
        esc(o, ri->message);
        fputs("</label>\n", o);
    }
    fputs("</div></details>\n</fieldset>\n"
          "<p><button type=\"submit\" name=\"format\" value=\"html\" id=\"show\">Show the report</button></p>\n"
          "<p>Download: "
          "<button class=\"sec\" type=\"submit\" name=\"format\" value=\"html\" formaction=\"/report?download=1\" id=\"dl-html\">HTML</button>"
          "<button class=\"sec\" type=\"submit\" name=\"format\" value=\"json\" formaction=\"/report?download=1\" id=\"dl-json\">JSON</button>"
          "<button class=\"sec\" type=\"submit\" name=\"format\" value=\"sarif\" formaction=\"/report?download=1\" id=\"dl-sarif\">SARIF</button>"
          "<button class=\"sec\" type=\"submit\" name=\"format\" value=\"md\" formaction=\"/report?download=1\" id=\"dl-md\">Markdown</button></p>\n"
          "</form>\n<p class=\"mut\">With two files (the old version first), HTML, JSON and Markdown give "
          "the diff: findings new and resolved, the scorecard before and after, the words changed in "
          "each provision side by side. SARIF gives both documents' findings.</p>\n"
          "</main>\n<script>", o);
    fputs(PAGE_JS, o);
    fputs("</script>\n</body>\n</html>\n", o);
    if (fclose(o)) { free(buf); return -1; }
    g_page = buf;
    g_page_len = len;
    return 0;
}

/* ------------------------------------------------------------ responses */

static enum MHD_Result respond(struct MHD_Connection *c, unsigned code, char *body, size_t len,
                            const char *type, const char *csp, const char *disposition) {
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, body, body == g_page ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
    if (!r) { if (body != g_page) free(body); return MHD_NO; }
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
    MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
    MHD_add_response_header(r, "Cache-Control", "no-store");
    if (disposition) MHD_add_response_header(r, "Content-Disposition", disposition);
    if (code == MHD_HTTP_METHOD_NOT_ALLOWED) MHD_add_response_header(r, "Allow", "GET, POST");
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

/* An error as a small page (for the browser) or plain text (for programs). */
static enum MHD_Result send_error(struct MHD_Connection *c, unsigned code, int html, const char *msg) {
    char *buf = NULL;
    size_t len = 0;
    FILE *o = open_memstream(&buf, &len);
    if (!o) return MHD_NO;
    if (html) {
        page_head(o, "amicus: the document could not be checked");
        fprintf(o, "<h1>The document could not be checked</h1>\n<p class=\"err\" role=\"alert\" id=\"error\">");
        esc(o, msg);
        fputs("</p>\n<p><a href=\"/\">Back to the upload page</a></p>\n</main>\n</body>\n</html>\n", o);
    } else {
        fprintf(o, "%s\n", msg);
    }
    fclose(o);
    return respond(c, code, buf, len, html ? "text/html; charset=utf-8" : "text/plain; charset=utf-8",
                html ? g_page_csp : "default-src 'none'; frame-ancestors 'none'", NULL);
}

/* ------------------------------------------------------------ requests */

typedef struct upload { char *name; char *data; size_t len, cap; int old; } upload;

typedef struct req {
    int post, raw, too_large, too_many, field_too_long, bad_form;
    struct MHD_PostProcessor *pp;
    upload files[MAX_FILES + 1];
    size_t nfiles;
    size_t total;
    char format[16], min_sev[16];
    char disable[MAX_FIELD];
    size_t disable_len;
} req;

static int append(upload *u, const char *data, size_t size) {
    if (u->len + size + 1 > u->cap) {
        size_t cap = u->cap ? u->cap : 65536;
        while (cap < u->len + size + 1) cap *= 2;
        char *p = realloc(u->data, cap);
        if (!p) return -1;
        u->data = p;
        u->cap = cap;
    }
    memcpy(u->data + u->len, data, size);
    u->len += size;
    return 0;
}

static void field(char *dst, size_t cap, const char *data, size_t off, size_t size, int *too_long) {
    if (off + size + 1 > cap) { *too_long = 1; return; }
    memcpy(dst + off, data, size);
    dst[off + size] = '\0';
}

static enum MHD_Result post_iter(void *cls, enum MHD_ValueKind kind, const char *key, const char *filename,
                                 const char *content_type, const char *transfer_encoding,
                                 const char *data, uint64_t off, size_t size) {
    req *q = cls;
    (void)kind; (void)content_type; (void)transfer_encoding;
    if (!key) return MHD_YES;
    if (filename || !strcmp(key, "doc") || !strcmp(key, "old")) {
        if (off == 0) {
            if (q->nfiles == MAX_FILES + 1) { q->too_many = 1; return MHD_YES; }
            upload *u = &q->files[q->nfiles++];
            u->name = strdup(filename && *filename ? filename : "upload");
            if (!u->name) return MHD_NO;
            u->old = !strcmp(key, "old"); /* the earlier version, for a diff */
        }
        if (!q->nfiles) return MHD_YES;
        if (size && append(&q->files[q->nfiles - 1], data, size)) return MHD_NO;
        return MHD_YES;
    }
    if (!strcmp(key, "format")) field(q->format, sizeof q->format, data, (size_t)off, size, &q->field_too_long);
    else if (!strcmp(key, "min_severity")) field(q->min_sev, sizeof q->min_sev, data, (size_t)off, size, &q->field_too_long);
    else if (!strcmp(key, "disable")) {
        if (off == 0 && q->disable_len) { /* another value: separate */
            if (q->disable_len + 2 > sizeof q->disable) { q->field_too_long = 1; return MHD_YES; }
            q->disable[q->disable_len++] = ',';
            q->disable[q->disable_len] = '\0';
        }
        if (q->disable_len + size + 1 > sizeof q->disable) { q->field_too_long = 1; return MHD_YES; }
        memcpy(q->disable + q->disable_len, data, size);
        q->disable_len += size;
        q->disable[q->disable_len] = '\0';
    }
    return MHD_YES;
}

static void free_req(req *q) {
    if (!q) return;
    if (q->pp) MHD_destroy_post_processor(q->pp);
    for (size_t i = 0; i < MAX_FILES + 1; i++) { free(q->files[i].name); free(q->files[i].data); }
    free(q);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode toe) {
    (void)cls; (void)c; (void)toe;
    free_req(*con_cls);
    *con_cls = NULL;
}

/* A file name safe in a Content-Disposition header. */
static void safe_name(const char *name, char *out, size_t size) {
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    size_t o = 0;
    for (const char *p = base; *p && o + 1 < size && o < 80; p++)
        out[o++] = (isalnum((unsigned char)*p) || *p == '.' || *p == '-' || *p == '_') ? *p : '_';
    out[o] = '\0';
    if (!o) snprintf(out, size, "document");
}

static int parse_sev(const char *s, amicus_severity *out) {
    if (!s || !*s || !strcmp(s, "note")) *out = AMICUS_SEV_NOTE;
    else if (!strcmp(s, "warning")) *out = AMICUS_SEV_WARNING;
    else if (!strcmp(s, "error")) *out = AMICUS_SEV_ERROR;
    else return 0;
    return 1;
}

static enum MHD_Result report(struct MHD_Connection *c, req *q) {
    const char *fmt = q->format[0] ? q->format : MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "format");
    if (!fmt || !*fmt) fmt = "html";
    const char *dl = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "download");
    int download = dl && strcmp(dl, "0");
    amicus_output_format of;
    int html_err = !q->raw;
    if (amicus_output_format_parse(fmt, &of) || of == AMICUS_OUT_TEXT)
        return send_error(c, MHD_HTTP_BAD_REQUEST, html_err, "amicus: unknown format (html, json, sarif, md)");
    if (q->too_large) {
        char msg[200];
        snprintf(msg, sizeof msg, "amicus: the upload is larger than the limit of %zu MB; "
                 "split the document or ask whoever runs 'amicus serve' to raise --max-upload", g_max_upload >> 20);
        return send_error(c, MHD_HTTP_CONTENT_TOO_LARGE, html_err, msg);
    }
    if (q->bad_form) return send_error(c, MHD_HTTP_BAD_REQUEST, html_err, "amicus: the upload form could not be read");
    if (q->field_too_long) return send_error(c, MHD_HTTP_BAD_REQUEST, html_err, "amicus: an option is too long");
    size_t nfiles = 0;
    upload *files[MAX_FILES + 1];
    for (int old = 1; old >= 0; old--) /* the earlier version first */
        for (size_t i = 0; i < q->nfiles; i++)
            if (q->files[i].old == old && (q->files[i].len || strcmp(q->files[i].name, "upload")))
                files[nfiles++] = &q->files[i];
    if (q->too_many || nfiles > MAX_FILES)
        return send_error(c, MHD_HTTP_BAD_REQUEST, html_err, "amicus: upload one document, or two versions of one (old and new)");
    if (!nfiles) return send_error(c, MHD_HTTP_BAD_REQUEST, html_err, "amicus: no document was uploaded; choose a file");

    /* options: rules switched off, explicitly or below the severity shown */
    amicus_severity min;
    const char *ms = q->min_sev[0] ? q->min_sev : MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "min_severity");
    if (!parse_sev(ms, &min)) return send_error(c, MHD_HTTP_BAD_REQUEST, html_err, "amicus: min_severity is note, warning or error");
    const char *dis = q->disable[0] ? q->disable : MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "disable");
    char *discopy = strdup(dis ? dis : "");
    const amicus_rules *base = R.slot[0].rules;
    size_t cap = amicus_rules_count(base) + 64;
    const char **disable = calloc(cap, sizeof *disable);
    if (!discopy || !disable) { free(discopy); free(disable); return MHD_NO; }
    size_t nd = 0;
    for (char *save = NULL, *t = strtok_r(discopy, ", \t\r\n", &save); t && nd < 64; t = strtok_r(NULL, ", \t\r\n", &save))
        disable[nd++] = t;
    for (size_t i = 0; i < amicus_rules_count(base) && min > AMICUS_SEV_NOTE; i++) {
        const amicus_rule_info *ri = amicus_rules_get(base, i);
        if (ri->kind && !strcmp(ri->kind, "risk") && ri->severity < min && nd < cap) disable[nd++] = ri->id;
    }
    amicus_error err = {0};
    const amicus_rules *rules = NULL;
    int slot = -1;
    if (get_rules(disable, nd, &rules, &slot, &err)) {
        char msg[1200];
        amicus_error_format(&err, msg, sizeof msg);
        free(discopy);
        free(disable);
        return send_error(c, MHD_HTTP_BAD_REQUEST, html_err, msg);
    }
    free(discopy);
    free(disable);

    amicus_doc *docs[MAX_FILES] = {0};
    amicus_report *reps[MAX_FILES] = {0};
    unsigned code = MHD_HTTP_OK;
    char msg[1400] = "";
    amicus_open_options oo = {0};
    oo.max_input = g_max_upload;
    for (size_t i = 0; i < nfiles && code == MHD_HTTP_OK; i++) {
        if (amicus_doc_open_memory(files[i]->data ? files[i]->data : "", files[i]->len, files[i]->name, &oo, &docs[i], &err) ||
            amicus_check(docs[i], rules, NULL, &reps[i], &err)) {
            char e[1200];
            amicus_error_format(&err, e, sizeof e);
            if (!strstr(e, files[i]->name)) snprintf(msg, sizeof msg, "amicus: %s: %s", files[i]->name, e);
            else snprintf(msg, sizeof msg, "amicus: %s", e);
            code = err.status == AMICUS_ERR_TOO_LARGE ? MHD_HTTP_CONTENT_TOO_LARGE
                 : err.status == AMICUS_ERR_NOMEM || err.status == AMICUS_ERR_INTERNAL ? MHD_HTTP_INTERNAL_SERVER_ERROR
                 : MHD_HTTP_UNPROCESSABLE_CONTENT;
        }
    }
    char *buf = NULL;
    size_t len = 0;
    FILE *o = code == MHD_HTTP_OK ? open_memstream(&buf, &len) : NULL;
    if (code == MHD_HTTP_OK && !o) code = MHD_HTTP_INTERNAL_SERVER_ERROR;
    amicus_render_options ro = {0};
    ro.format = of;
    int diff = nfiles == 2 && of != AMICUS_OUT_SARIF;
    if (code == MHD_HTTP_OK && diff) {
        amicus_diff *d = NULL;
        amicus_status st = amicus_diff_compute(docs[0], docs[1], rules, NULL, &d, &err);
        if (!st) st = of == AMICUS_OUT_HTML ? amicus_render_diff_html(o, d, &ro, &err) : amicus_render_diff(o, d, &ro, &err);
        amicus_diff_free(d);
        if (st) { amicus_error_format(&err, msg, sizeof msg); code = MHD_HTTP_INTERNAL_SERVER_ERROR; }
    } else if (code == MHD_HTTP_OK) {
        amicus_renderer *rd = NULL;
        amicus_status st = amicus_renderer_new(o, &ro, &rd, &err);
        for (size_t i = 0; !st && i < nfiles; i++) st = amicus_render_document(rd, docs[i], reps[i], NULL, &err);
        if (!st) st = amicus_renderer_finish(rd, &err);
        amicus_renderer_free(rd);
        if (st) { amicus_error_format(&err, msg, sizeof msg); code = MHD_HTTP_INTERNAL_SERVER_ERROR; }
    }
    for (size_t i = 0; i < nfiles; i++) {
        amicus_report_free(reps[i]);
        amicus_doc_free(docs[i]);
    }
    put_rules(rules, slot);
    if (o && fclose(o) && code == MHD_HTTP_OK) code = MHD_HTTP_INTERNAL_SERVER_ERROR;
    if (code != MHD_HTTP_OK) {
        free(buf);
        return send_error(c, code, html_err, msg[0] ? msg : "amicus: the report could not be written");
    }
    static const char *const types[] = {"text/plain", "application/json; charset=utf-8",
                                        "application/sarif+json; charset=utf-8",
                                        "text/markdown; charset=utf-8", "text/html; charset=utf-8"};
    static const char *const exts[] = {"txt", "json", "sarif", "md", "html"};
    char disp[200], name[100];
    safe_name(files[nfiles - 1]->name, name, sizeof name);
    snprintf(disp, sizeof disp, "%s; filename=\"%s.%samicus.%s\"", download ? "attachment" : "inline", name,
             diff ? "diff." : "", exts[of]);
    return respond(c, MHD_HTTP_OK, buf, len, types[of],
                of != AMICUS_OUT_HTML ? "default-src 'none'; frame-ancestors 'none'" : diff ? g_diff_csp : g_report_csp, disp);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                               const char *version, const char *upload_data, size_t *upload_data_size,
                               void **con_cls) {
    (void)cls; (void)version;
    int is_get = !strcmp(method, MHD_HTTP_METHOD_GET), is_post = !strcmp(method, MHD_HTTP_METHOD_POST);
    if (!*con_cls) {
        int known = !strcmp(url, "/") || !strcmp(url, "/report") || !strcmp(url, "/health");
        if (!known) return send_error(c, MHD_HTTP_NOT_FOUND, 0, "amicus: not found (the page is at /)");
        if ((!strcmp(url, "/report") && !is_post) || (strcmp(url, "/report") && !is_get))
            return send_error(c, MHD_HTTP_METHOD_NOT_ALLOWED, 0, "amicus: method not allowed");
        req *q = calloc(1, sizeof *q);
        if (!q) return MHD_NO;
        *con_cls = q;
        if (is_post) {
            q->post = 1;
            const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
            const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
            q->raw = !ct || strncasecmp(ct, "multipart/form-data", 19); /* else: the body is the document */
            if (cl && strtoull(cl, NULL, 10) > g_max_upload + (q->raw ? 0 : 65536)) {
                q->too_large = 1;
                return report(c, q);
            }
            if (!q->raw) {
                q->pp = MHD_create_post_processor(c, 65536, post_iter, q);
                if (!q->pp) return send_error(c, MHD_HTTP_BAD_REQUEST, 1, "amicus: the form could not be read");
            } else {
                const char *nm = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "name");
                q->files[0].name = strdup(nm && *nm ? nm : "upload.txt");
                if (!q->files[0].name) return MHD_NO;
                q->nfiles = 1;
            }
        }
        return MHD_YES;
    }
    req *q = *con_cls;
    if (q->post && *upload_data_size) {
        size_t n = *upload_data_size;
        *upload_data_size = 0;
        q->total += n;
        if (q->too_large || q->total > g_max_upload + (q->raw ? 0 : 65536)) { q->too_large = 1; return MHD_YES; }
        if (q->raw) return append(&q->files[0], upload_data, n) ? MHD_NO : MHD_YES;
        if (!q->bad_form && MHD_post_process(q->pp, upload_data, n) != MHD_YES) q->bad_form = 1;
        return MHD_YES;
    }
    if (q->post) return report(c, q);
    if (!strcmp(url, "/health")) {
        char *ok = strdup("ok\n");
        return ok ? respond(c, MHD_HTTP_OK, ok, 3, "text/plain; charset=utf-8", "default-src 'none'; frame-ancestors 'none'", NULL) : MHD_NO;
    }
    return respond(c, MHD_HTTP_OK, g_page, g_page_len, "text/html; charset=utf-8", g_page_csp, NULL);
}

/* ------------------------------------------------------------ the command */

static int is_loopback(const struct sockaddr_storage *ss) {
    if (ss->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
    const struct in6_addr *a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
    return IN6_IS_ADDR_LOOPBACK(a);
}

int cmd_serve(int argc, char **argv) {
    long port = 8700, threads = sysconf(_SC_NPROCESSORS_ONLN);
    if (threads > 16) threads = 16;
    const char *bind_addr = NULL;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(SERVE_USAGE, stdout); return 0; }
        if (!strcmp(a, "--port") || !strcmp(a, "--bind") || !strcmp(a, "--max-upload") ||
            !strcmp(a, "--threads") || !strcmp(a, "--pack")) {
            if (!v) { fprintf(stderr, "amicus serve: %s needs a value\n", a); return 2; }
            i++;
            char *end;
            if (!strcmp(a, "--port")) {
                port = strtol(v, &end, 10);
                if (*end || port < 0 || port > 65535) { fprintf(stderr, "amicus serve: bad --port '%s'\n", v); return 2; }
            } else if (!strcmp(a, "--bind")) {
                bind_addr = v;
            } else if (!strcmp(a, "--max-upload")) {
                g_max_upload = cli_parse_size(v);
                if (!g_max_upload) { fprintf(stderr, "amicus serve: bad --max-upload '%s'\n", v); return 2; }
            } else if (!strcmp(a, "--threads")) {
                threads = strtol(v, &end, 10);
                if (*end || threads < 1 || threads > 64) { fprintf(stderr, "amicus serve: bad --threads '%s'\n", v); return 2; }
            } else {
                if (R.npacks == MAX_PACKS) { fprintf(stderr, "amicus serve: too many --pack\n"); return 2; }
                R.packs[R.npacks++] = v;
            }
            continue;
        }
        fprintf(stderr, "amicus serve: unknown argument '%s' (see 'amicus serve --help')\n", a);
        return 2;
    }
    if (threads < 2) threads = 2;

    struct sockaddr_storage ss;
    memset(&ss, 0, sizeof ss);
    const char *addr = bind_addr ? bind_addr : "127.0.0.1";
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG;
    if (inet_pton(AF_INET, addr, &s4->sin_addr) == 1) {
        s4->sin_family = AF_INET;
        s4->sin_port = htons((uint16_t)port);
    } else if (inet_pton(AF_INET6, addr, &s6->sin6_addr) == 1) {
        s6->sin6_family = AF_INET6;
        s6->sin6_port = htons((uint16_t)port);
        flags |= MHD_USE_IPv6;
    } else {
        fprintf(stderr, "amicus serve: --bind wants an IPv4 or IPv6 address, not '%s'\n", addr);
        return 2;
    }
    if (!is_loopback(&ss))
        fprintf(stderr, "amicus serve: warning: listening on %s, not the loopback interface: anyone who "
                        "can reach this address can upload documents and read the reports\n", addr);

    const char *cd = getenv("AMICUS_CACHE");
    R.cache_dir = cd && *cd && strcmp(cd, "off") ? cd : NULL;
    amicus_error err;
    amicus_rules *rules;
    if (compile_rules(NULL, 0, &rules, &err)) {
        char b[1200];
        fprintf(stderr, "amicus: %s\n", amicus_error_format(&err, b, sizeof b));
        return 2;
    }
    R.slot[0] = (rules_slot){strdup(""), rules, 1, 0}; /* all rules, never evicted */
    if (!R.slot[0].key || build_page(rules)) {
        fprintf(stderr, "amicus serve: out of memory\n");
        amicus_rules_free(rules);
        free(R.slot[0].key);
        return 2;
    }
    char sh[64], jh[64], rcsp[500];
    amicus__csp_hash(PAGE_CSS, sizeof PAGE_CSS - 1, sh, sizeof sh);
    amicus__csp_hash(PAGE_JS, sizeof PAGE_JS - 1, jh, sizeof jh);
    snprintf(g_page_csp, sizeof g_page_csp,
             "default-src 'none'; script-src %s; style-src %s; img-src data:; form-action 'self'; "
             "base-uri 'none'; frame-ancestors 'none'", jh, sh);
    snprintf(g_report_csp, sizeof g_report_csp, "%s; frame-ancestors 'none'", amicus__html_report_csp(rcsp, sizeof rcsp));
    snprintf(g_diff_csp, sizeof g_diff_csp, "%s; frame-ancestors 'none'", amicus__html_diff_csp(rcsp, sizeof rcsp));

    /* SIGINT and SIGTERM are taken by sigwait below; the server's threads inherit the mask */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGINT);
    sigaddset(&sigs, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    struct MHD_Daemon *daemon = MHD_start_daemon(
        flags, 0, NULL, NULL, handler, NULL,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)threads,
        MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)60,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned)512,
        MHD_OPTION_END);
    if (!daemon) {
        fprintf(stderr, "amicus serve: cannot listen on %s port %ld: %s\n", addr, port,
                errno ? strerror(errno) : "address in use or not available");
        free(g_page);
        amicus_rules_free(rules);
        free(R.slot[0].key);
        return 2;
    }
    const union MHD_DaemonInfo *info = MHD_get_daemon_info(daemon, MHD_DAEMON_INFO_BIND_PORT);
    unsigned bound = info ? info->port : (unsigned)port;
    printf("amicus serve: listening on http://%s%s%s:%u/ (Ctrl-C to stop)\n", ss.ss_family == AF_INET6 ? "[" : "",
           addr, ss.ss_family == AF_INET6 ? "]" : "", bound);
    fflush(stdout);

    int sig = 0;
    while (sigwait(&sigs, &sig) != 0) {}
    fprintf(stderr, "amicus serve: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
    MHD_stop_daemon(daemon);
    for (int i = 0; i < CACHE_SLOTS; i++) {
        amicus_rules_free(R.slot[i].rules);
        free(R.slot[i].key);
        R.slot[i] = (rules_slot){0};
    }
    free(g_page);
    g_page = NULL;
    return 0;
}
