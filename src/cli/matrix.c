/* matrix.c — `amicus matrix`: one row per document of a corpus (CSV, JSON, JSON Lines), in parallel, resumable. */
#include "cli.h"
#include "report/report.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *MATRIX_USAGE =
    "usage: amicus matrix [options] DIR|FILE...|-\n"
    "  one row per document: title, jurisdiction, language, provisions, findings per concern and\n"
    "  severity, scorecard per demand, parse health, or the error that stopped it (docs/MATRIX.md).\n"
    "  DIR is walked recursively (files that are not legal texts are skipped and reported);\n"
    "  '-' reads a list of paths from standard input, one per line.\n"
    "  --format csv|json|jsonl|html  output format (default csv); csv, json and html are sorted\n"
    "                              by path, jsonl is written line by line as documents finish;\n"
    "                              html: a heatmap of documents x demands, each cell linking to\n"
    "                              the document's own HTML report at that demand\n"
    "  -o, --output FILE           write the output to FILE\n"
    "  --reports DIR               html: write each document's report into DIR (default: beside\n"
    "                              -o FILE.html, in FILE-reports/; none when writing to stdout)\n"
    "  --no-reports                html: write no reports (the cells link nowhere)\n"
    "  -j, --jobs N                worker threads (default: the number of processors)\n"
    "  --resume OUT.jsonl          skip documents already in OUT.jsonl and append to it (jsonl)\n"
    "  --pack DIR                  load another rule pack (repeatable)\n"
    "  --no-default-pack           do not load the default pack\n"
    "  --disable ID                switch a rule off (repeatable)\n"
    "  --severity ID=LEVEL         change a rule's severity: error, warning, note (repeatable)\n"
    "  --lang L                    force the documents' language (e.g. en: the English pack over every byte)\n"
    "  --max-input SIZE            refuse documents larger than SIZE (default 256M)\n"
    "  --max-depth N               refuse XML, HTML or DOCX nested deeper than N elements (default 200)\n"
    "  --max-memory SIZE           stop a document with an error when amicus holds more than SIZE\n"
    "  --max-findings N            refuse a document with more than N findings (default 20000)\n"
    "                              (a refused document is a failed row, as check refuses it)\n"
    "  --tracked accepted|original DOCX tracked changes read as accepted (default) or original\n"
    "  --fail-on error|warning|note|none   exit 1 when a finding reaches LEVEL (default error)\n"
    "  --progress auto|always|never  progress line on stderr (auto: when stderr is a terminal)\n"
    "exit status: 0 no finding at --fail-on, 1 findings at --fail-on, 2 a document failed or a\n"
    "usage error, 130 interrupted (JSON Lines output holds only whole lines: --resume goes on)\n";

enum { F_CSV, F_JSON, F_JSONL, F_HTML };

static volatile int g_stop;

static void on_sigint(int sig) {
    (void)sig;
    g_stop = 1;
}

/* ----------------------------------------------------------- a growable string */

typedef struct sbuf { char *s; size_t n, cap; int oom; } sbuf;

static void sb_put(sbuf *b, const char *s, size_t n) {
    if (b->oom) return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        while (cap < b->n + n + 1) cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) { b->oom = 1; return; }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}
static void sb_puts(sbuf *b, const char *s) { sb_put(b, s, strlen(s)); }
static void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_printf(sbuf *b, const char *fmt, ...) {
    char tmp[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n > 0) sb_put(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/* Length of the valid UTF-8 sequence at s (1..4), 0 when invalid (a title cut inside a
 * character, stray Latin-1 bytes): the library's decoder. */
static size_t utf8_len(const unsigned char *s) {
    uint32_t cp;
    return amicus__utf8_decode(s, strnlen((const char *)s, 4), &cp);
}

/* s with every invalid UTF-8 byte replaced by U+FFFD: s itself when valid, else tmp's text. */
static const char *clean_utf8(const char *s, sbuf *tmp) {
    const unsigned char *p = (const unsigned char *)s;
    while (*p && utf8_len(p)) p += utf8_len(p);
    if (!*p) return s;
    tmp->n = 0;
    sb_put(tmp, s, (size_t)((const char *)p - s));
    while (*p) {
        size_t n = utf8_len(p);
        if (n) sb_put(tmp, (const char *)p, n), p += n;
        else sb_puts(tmp, "\xEF\xBF\xBD"), p++;
    }
    return tmp->oom ? "" : tmp->s;
}

static void json_str(sbuf *b, const char *s) {
    if (!s) { sb_puts(b, "null"); return; }
    sbuf tmp = {0};
    s = clean_utf8(s, &tmp);
    sb_put(b, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        sb_put(b, run, (size_t)(s - run));
        switch (c) {
        case '"': sb_puts(b, "\\\""); break;
        case '\\': sb_puts(b, "\\\\"); break;
        case '\n': sb_puts(b, "\\n"); break;
        case '\r': sb_puts(b, "\\r"); break;
        case '\t': sb_puts(b, "\\t"); break;
        default: sb_printf(b, "\\u%04x", c);
        }
        run = s + 1;
    }
    sb_put(b, run, (size_t)(s - run));
    sb_put(b, "\"", 1);
    free(tmp.s);
}

/* RFC 4180: quoted when it holds a comma, a quote, CR or LF (or starts/ends with a space);
 * quotes doubled. NULL is an empty field. */
static void csv_field(sbuf *b, const char *s) {
    if (!s) return;
    sbuf tmp = {0};
    s = clean_utf8(s, &tmp);
    int q = strpbrk(s, ",\"\r\n") != NULL || *s == ' ' || (*s && s[strlen(s) - 1] == ' ');
    if (!q) { sb_puts(b, s); free(tmp.s); return; }
    sb_put(b, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"') sb_put(b, "\"", 1);
        sb_put(b, p, 1);
    }
    sb_put(b, "\"", 1);
    free(tmp.s);
}

/* "scope", "research" ... (amicus_concern_name lower-cased) */
static const char *concern_key(int c) {
    static char names[AMICUS_CONCERN_COUNT][32];
    static int ready;
    if (!ready) {
        for (int k = 0; k < AMICUS_CONCERN_COUNT; k++) {
            const char *n = amicus_concern_name((amicus_concern)k);
            size_t i = 0;
            for (; n && n[i] && i < 31; i++) names[k][i] = (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]);
            names[k][i] = 0;
        }
        ready = 1;
    }
    return names[c];
}

static const char *sev_key[4] = {"none", "note", "warning", "error"};

static void row_json(sbuf *b, const amicus_matrix_row *r) {
    sb_puts(b, "{\"file\":");
    json_str(b, r->file);
    sb_printf(b, ",\"status\":\"%s\",\"error\":", r->status ? "failed" : "ok");
    json_str(b, r->error);
    const char *fields[][2] = {{"error_kind", r->status ? amicus_status_name(r->status) : NULL},
                               {"title", r->title}, {"jurisdiction", r->jurisdiction},
                               {"lang", r->lang}, {"format", r->format}};
    for (size_t k = 0; k < sizeof fields / sizeof *fields; k++) {
        sb_printf(b, ",\"%s\":", fields[k][0]);
        json_str(b, fields[k][1]);
    }
    sb_printf(b, ",\"bytes\":%llu,\"provisions\":%zu,\"nodes\":%zu,\"health\":%zu,\"warnings\":%zu",
              r->bytes, r->provisions, r->nodes, r->health, r->warnings);
    sb_printf(b, ",\"findings\":%zu,\"error_findings\":%zu,\"warning_findings\":%zu,\"note_findings\":%zu,"
                 "\"evidence\":%zu,\"max_severity\":\"%s\"",
              r->findings, r->by_severity[3], r->by_severity[2], r->by_severity[1], r->evidence,
              sev_key[r->max_severity <= 3 ? r->max_severity : 0]);
    sb_puts(b, ",\"concerns\":{");
    for (int c = 0; c < AMICUS_CONCERN_COUNT; c++)
        sb_printf(b, "%s\"%s\":{\"error\":%zu,\"warning\":%zu,\"note\":%zu}", c ? "," : "",
                  concern_key(c), r->by_concern[c][3], r->by_concern[c][2],
                  r->by_concern[c][1]);
    sb_puts(b, "},\"demands\":{");
    for (int d = 0; d < 6; d++) {
        if (r->status) sb_printf(b, "%s\"%d\":null", d ? "," : "", d + 1);
        else sb_printf(b, "%s\"%d\":\"%s\"", d ? "," : "", d + 1, amicus_demand_status_name(r->demands[d]));
    }
    sb_puts(b, "}}");
}

static void csv_header(sbuf *b) {
    sb_puts(b, "file,status,error,title,jurisdiction,lang,format,bytes,provisions,nodes,health,"
               "warnings,findings,error_findings,warning_findings,note_findings,evidence,max_severity");
    for (int c = 0; c < AMICUS_CONCERN_COUNT; c++)
        for (int s = 3; s >= 1; s--) sb_printf(b, ",%s_%s", concern_key(c), sev_key[s]);
    for (int d = 1; d <= 6; d++) sb_printf(b, ",demand_%d", d);
    sb_puts(b, "\r\n");
}

static void row_csv(sbuf *b, const amicus_matrix_row *r) {
    csv_field(b, r->file);
    sb_printf(b, ",%s,", r->status ? "failed" : "ok");
    csv_field(b, r->error);
    sb_put(b, ",", 1);
    csv_field(b, r->title);
    sb_put(b, ",", 1);
    csv_field(b, r->jurisdiction);
    sb_put(b, ",", 1);
    csv_field(b, r->lang);
    sb_put(b, ",", 1);
    csv_field(b, r->format);
    sb_printf(b, ",%llu,%zu,%zu,%zu,%zu,%zu,%zu,%zu,%zu,%zu,%s", r->bytes, r->provisions, r->nodes,
              r->health, r->warnings, r->findings, r->by_severity[3], r->by_severity[2],
              r->by_severity[1], r->evidence, sev_key[r->max_severity <= 3 ? r->max_severity : 0]);
    for (int c = 0; c < AMICUS_CONCERN_COUNT; c++)
        for (int s = 3; s >= 1; s--) sb_printf(b, ",%zu", r->by_concern[c][s]);
    for (int d = 0; d < 6; d++)
        sb_printf(b, ",%s", r->status ? "" : amicus_demand_status_name(r->demands[d]));
    sb_puts(b, "\r\n");
}

/* ------------------------------------------------------------------ the run */

typedef struct item { char *file; char *text; } item;

typedef struct run {
    int format;
    int fd;                      /* jsonl: where lines go */
    int write_failed, write_errno;
    amicus_matrix_html *page;    /* html: the rows so far */
    const amicus_corpus *corpus; /* html: the page names of the reports */
    int reports_fd;              /* html: the reports directory, -1 when none */
    const char *reports_dir;     /* as given or derived, for messages */
    char *reports_href;          /* its URL relative to the page ("matrix-reports") */
    const char *page_name;       /* the page's own file name when it is in the reports directory */
    unsigned char *report_done;  /* per document: 1 when its report was written */
    int *report_errno;           /* per document: why its report could not be written */
    size_t reports, report_failed;
    item *items;                 /* csv/json: rows kept until the end, then sorted */
    size_t nitems, capitems;
    size_t done, total, failed, findings, oom;
    unsigned long long bytes_done, bytes_total;
    amicus_severity max_severity;
    int progress;
    double t0, last_progress;
    sbuf line;
} run;

static double now_s(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The whole buffer with as few write() calls as the kernel allows (one for a line). */
static int write_all(int fd, const char *s, size_t n) {
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

static void show_progress(run *r, int final) {
    double t = now_s(), el = t - r->t0;
    if (!final && t - r->last_progress < 0.1) return;
    r->last_progress = t;
    double mb = r->bytes_done / 1048576.0, tot = r->bytes_total / 1048576.0;
    double rate = el > 0 ? mb / el : 0;
    double eta = rate > 0 && tot > mb ? (tot - mb) / rate : 0;
    fprintf(stderr, "\r%zu/%zu docs, %.1f/%.1f MB, %.1f MB/s, ETA %.0f s, %zu failed\033[K",
            r->done, r->total, mb, tot, rate, eta, r->failed);
    if (final) fputc('\n', stderr);
    fflush(stderr);
}

/* ------------------------------------------------------- html: page and reports */

/* In a worker thread, concurrently with the others: the document's own report, the one
 * `amicus check --format html` writes (without a review file), as REPORTS/NAME.html. Each
 * document has its own name and its own slots in report_done and report_errno. */
static void on_doc(size_t i, const amicus_doc *doc, const amicus_report *rep, void *ctx) {
    run *r = ctx;
    if (r->reports_fd < 0) return;
    char fn[256];
    snprintf(fn, sizeof fn, "%s.html", amicus_corpus_page_name(r->corpus, i));
    if (r->page_name && !strcmp(fn, r->page_name)) { r->report_errno[i] = EEXIST; return; }
    int fd = openat(r->reports_fd, fn, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
    FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
    if (!f) {
        r->report_errno[i] = errno ? errno : EIO;
        if (fd >= 0) close(fd);
        return;
    }
    amicus_render_options ro = {0};
    ro.format = AMICUS_OUT_HTML;
    amicus_renderer *rd = NULL;
    amicus_error err;
    int ok = !amicus_renderer_new(f, &ro, &rd, &err) && !amicus_render_document(rd, doc, rep, NULL, &err) &&
             !amicus_renderer_finish(rd, &err);
    amicus_renderer_free(rd);
    int e = errno;
    if (fclose(f)) ok = 0, e = errno;
    if (ok) r->report_done[i] = 1;
    else r->report_errno[i] = e ? e : EIO;
}

/* Under the lock: the row into the page, linked to the report when there is one. */
static void html_row(run *r, const amicus_matrix_row *row) {
    char *href = NULL;
    size_t i = row->index;
    if (r->reports_fd >= 0 && !row->status) {
        const char *name = amicus_corpus_page_name(r->corpus, i);
        if (r->report_done[i]) {
            r->reports++;
            size_t n = strlen(r->reports_href) + strlen(name) + 8;
            href = malloc(n);
            if (href) snprintf(href, n, "%s/%s.html", r->reports_href, name);
        } else {
            r->report_failed++;
            fprintf(stderr, "amicus: %s/%s.html: %s\n", r->reports_dir, name,
                    r->report_errno[i] == EEXIST && r->page_name ? "is the matrix page itself: not overwritten"
                                                                 : strerror(r->report_errno[i]));
        }
    }
    amicus_error err;
    if (amicus_matrix_html_add(r->page, row, href, &err)) r->oom++;
    free(href);
}

static void on_row(const amicus_matrix_row *row, void *ctx) {
    run *r = ctx;
    r->done++;
    r->bytes_done += row->bytes;
    if (row->status) r->failed++;
    r->findings += row->findings;
    if (row->max_severity > r->max_severity) r->max_severity = row->max_severity;
    if (r->format == F_HTML) {
        html_row(r, row);
        if (r->progress) show_progress(r, 0);
        return;
    }
    r->line.n = 0;
    r->line.oom = 0;
    if (r->format == F_CSV) row_csv(&r->line, row);
    else row_json(&r->line, row);
    if (r->line.oom) { r->oom++; return; }
    if (r->format == F_JSONL) {
        sb_put(&r->line, "\n", 1);
        if (!r->write_failed && (r->line.oom || write_all(r->fd, r->line.s, r->line.n))) {
            r->write_failed = 1;
            r->write_errno = errno;
            g_stop = 1; /* nowhere to write: stop starting documents */
        }
    } else {
        if (r->nitems == r->capitems) {
            size_t cap = r->capitems ? r->capitems * 2 : 256;
            item *p = realloc(r->items, cap * sizeof *p);
            if (!p) { r->oom++; return; }
            r->items = p;
            r->capitems = cap;
        }
        item it = {strdup(row->file), strdup(r->line.s)};
        if (!it.file || !it.text) { free(it.file); free(it.text); r->oom++; return; }
        r->items[r->nitems++] = it;
    }
    if (r->progress) show_progress(r, 0);
}

static int cmp_item(const void *a, const void *b) {
    return strcmp(((const item *)a)->file, ((const item *)b)->file);
}

/* ------------------------------------------------------------------ resume */

typedef struct doneset { char **v; size_t n, cap; } doneset;

static int cmp_strp(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static int in_doneset(const char *path, void *ctx) {
    doneset *d = ctx;
    return d->n && bsearch(&path, d->v, d->n, sizeof *d->v, cmp_strp) != NULL;
}

/* The JSON string at *p (after the opening quote) unescaped into a malloc'd string. */
static char *json_unescape(const char *p, const char *end) {
    char *out = malloc((size_t)(end - p) + 1), *o = out;
    if (!out) return NULL;
    while (p < end && *p != '"') {
        if (*p != '\\') { *o++ = *p++; continue; }
        if (++p >= end) break;
        char c = *p++;
        switch (c) {
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'u': {
            unsigned v = 0;
            for (int k = 0; k < 4 && p < end; k++, p++) {
                char h = *p;
                v = v * 16 + (unsigned)(h >= 'a' ? h - 'a' + 10 : h >= 'A' ? h - 'A' + 10 : h - '0');
            }
            if (v < 0x80) *o++ = (char)v;
            else if (v < 0x800) { *o++ = (char)(0xC0 | v >> 6); *o++ = (char)(0x80 | (v & 63)); }
            else { *o++ = (char)(0xE0 | v >> 12); *o++ = (char)(0x80 | (v >> 6 & 63)); *o++ = (char)(0x80 | (v & 63)); }
            break;
        }
        default: *o++ = c;
        }
    }
    if (p >= end) { free(out); return NULL; } /* no closing quote */
    *o = 0;
    return out;
}

/* Read the files already in OUT (whole lines only; a torn last line is cut off). 0 or 2. */
static int load_resume(const char *path, doneset *d) {
    int fd = open(path, O_RDWR | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) return 0; /* nothing done yet */
        fprintf(stderr, "amicus: %s: %s\n", path, strerror(errno));
        return 2;
    }
    struct stat sb;
    if (fstat(fd, &sb) || !S_ISREG(sb.st_mode)) {
        fprintf(stderr, "amicus: %s: not a regular file\n", path);
        close(fd);
        return 2;
    }
    size_t len = (size_t)sb.st_size;
    char *buf = malloc(len + 1);
    size_t got = 0;
    while (buf && got < len) {
        ssize_t n = read(fd, buf + got, len - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    if (!buf || got != len) {
        fprintf(stderr, "amicus: %s: cannot read it\n", path);
        free(buf);
        close(fd);
        return 2;
    }
    size_t whole = len;
    while (whole && buf[whole - 1] != '\n') whole--;
    if (whole != len) {
        fprintf(stderr, "amicus: %s: dropping an unfinished last line (%zu bytes)\n", path, len - whole);
        if (ftruncate(fd, (off_t)whole)) {
            fprintf(stderr, "amicus: %s: %s\n", path, strerror(errno));
            free(buf);
            close(fd);
            return 2;
        }
    }
    close(fd);
    static const char key[] = "{\"file\":\"";
    for (size_t i = 0; i < whole;) {
        char *nl = memchr(buf + i, '\n', whole - i);
        size_t e = (size_t)(nl - buf);
        if (e - i > sizeof key - 1 && !memcmp(buf + i, key, sizeof key - 1)) {
            char *f = json_unescape(buf + i + sizeof key - 1, buf + e);
            if (f) {
                if (d->n == d->cap) {
                    d->cap = d->cap ? d->cap * 2 : 256;
                    char **v = realloc(d->v, d->cap * sizeof *v);
                    if (!v) { free(f); free(buf); return 2; }
                    d->v = v;
                }
                d->v[d->n++] = f;
            }
        }
        i = e + 1;
    }
    free(buf);
    if (d->n) qsort(d->v, d->n, sizeof *d->v, cmp_strp);
    return 0;
}

/* ------------------------------------------------------------------ options */

static void print_error(const amicus_error *err) {
    char buf[1200];
    fprintf(stderr, "amicus: %s\n", amicus_error_format(err, buf, sizeof buf));
}

/* stdin: one path per line (a directory listed is walked). 0 or 2. */
static int add_stdin(amicus_corpus *c) {
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    amicus_error err;
    while ((n = getline(&line, &cap, stdin)) > 0) {
        while (n && (line[n - 1] == '\n' || line[n - 1] == '\r')) line[--n] = 0;
        if (!n) continue;
        if (amicus_corpus_add(c, line, &err)) { print_error(&err); free(line); return 2; }
    }
    free(line);
    return 0;
}

/* A usage error: the message on stderr, inputs freed, 2. */
static int bad_usage(char **inputs, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int bad_usage(char **inputs, const char *fmt, ...) {
    va_list ap;
    fputs("amicus matrix: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    free(inputs);
    return 2;
}

/* ------------------------------------------------------- html: where reports go */

/* The reports directory for page file OUT: OUT without .html/.htm, then "-reports". */
static char *default_reports_dir(const char *out) {
    size_t n = strlen(out);
    const char *base = strrchr(out, '/');
    base = base ? base + 1 : out;
    const char *dot = strrchr(base, '.');
    if (dot && dot != base && (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm"))) n = (size_t)(dot - out);
    char *d = malloc(n + 9);
    if (d) snprintf(d, n + 9, "%.*s-reports", (int)n, out);
    return d;
}

/* The directory part of path ("." when none), malloc'd. */
static char *dir_of(const char *path) {
    const char *sl = strrchr(path, '/');
    if (!sl) return strdup(".");
    if (sl == path) return strdup("/");
    return strndup(path, (size_t)(sl - path));
}

/* The relative URL from directory FROM to directory TO (both absolute, canonical), with every
 * byte other than A-Z a-z 0-9 - . _ ~ / percent-encoded; "." when they are the same. */
static char *rel_href(const char *from, const char *to) {
    size_t k = 0, common = 0;
    /* the longest common prefix that ends at a component boundary */
    while (from[k] && from[k] == to[k]) {
        k++;
        if ((from[k] == '/' || !from[k]) && (to[k] == '/' || !to[k])) common = k;
    }
    if (!strcmp(from, "/") || !strcmp(to, "/")) common = 0;
    sbuf b = {0};
    for (const char *p = from + common; *p; p++)
        if (*p == '/' && p[1]) sb_puts(&b, b.n ? "/.." : "..");
    const char *rest = to + common;
    while (*rest == '/') rest++;
    if (*rest && b.n) sb_puts(&b, "/");
    for (const unsigned char *p = (const unsigned char *)rest; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
            strchr("-._~/", *p))
            sb_put(&b, (const char *)p, 1);
        else
            sb_printf(&b, "%%%02X", *p);
    }
    if (!b.n) sb_puts(&b, ".");
    if (b.oom) { free(b.s); return NULL; }
    return b.s;
}

/* Create (one level) and open the reports directory; the URL of it relative to the page's
 * directory into r. 0, or 2 with the reason on stderr. */
static int open_reports(run *r, const char *dir, const char *page) {
    if (mkdir(dir, 0777) && errno != EEXIST) {
        fprintf(stderr, "amicus: %s: cannot create the reports directory: %s\n", dir, strerror(errno));
        return 2;
    }
    r->reports_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (r->reports_fd < 0) {
        fprintf(stderr, "amicus: %s: %s\n", dir, errno == ENOTDIR ? "not a directory (--reports)" : strerror(errno));
        return 2;
    }
    char *pdir = dir_of(page ? page : "./page"), *from = pdir ? realpath(pdir, NULL) : NULL,
         *to = realpath(dir, NULL);
    if (from && to) r->reports_href = rel_href(from, to);
    if (from && to && !strcmp(from, to) && page) {
        const char *b = strrchr(page, '/');
        r->page_name = b ? b + 1 : page;
    }
    int bad = !from || !to || !r->reports_href;
    if (bad) fprintf(stderr, "amicus: %s: cannot resolve the path: %s\n", !from ? pdir : dir, strerror(errno));
    free(pdir);
    free(from);
    free(to);
    return bad ? 2 : 0;
}

int cmd_matrix(int argc, char **argv) {
    const char *format = "csv", *output = NULL, *resume = NULL, *fail_on = "error",
               *progress = "auto", *reports = NULL;
    int only_files = 0, no_reports = 0;
    unsigned jobs = 0;
    cli_pack_opts po = {0};
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t ninputs = 0;
    if (!inputs) return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (only_files || a[0] != '-' || !a[1]) { inputs[ninputs++] = argv[i]; continue; }
        if (!strcmp(a, "--")) { only_files = 1; continue; }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(MATRIX_USAGE, stdout); free(inputs); return 0; }
        if ((r = cli_pack_option(argc, argv, &i, &po, "matrix"))) { if (r == 2) { free(inputs); return 2; } continue; }
        if (!strcmp(a, "--no-reports")) { no_reports = 1; continue; }
        if ((r = cli_opt(argc, argv, &i, "--format", NULL, &v))) { if (r < 0) goto missing; format = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--output", "-o", &v))) { if (r < 0) goto missing; output = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--reports", NULL, &v))) { if (r < 0) goto missing; reports = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--resume", NULL, &v))) { if (r < 0) goto missing; resume = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--fail-on", NULL, &v))) { if (r < 0) goto missing; fail_on = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--progress", NULL, &v))) { if (r < 0) goto missing; progress = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--jobs", "-j", &v)) || (!strncmp(a, "-j", 2) && (v = a + 2, r = 1))) {
            if (r < 0) goto missing;
            char *end;
            long n = strtol(v, &end, 10);
            if (end == v || *end || n < 1 || n > 1024) {
                return bad_usage(inputs, "-j wants a number of threads from 1 to 1024, not '%s'", v);
            }
            jobs = (unsigned)n;
            continue;
        }
        fprintf(stderr, "amicus matrix: unknown option '%s' (see 'amicus matrix --help')\n", a);
        free(inputs);
        return 2;
    missing:
        fprintf(stderr, "amicus matrix: %s needs a value\n", a);
        free(inputs);
        return 2;
    }

    int fmt;
    if (!strcmp(format, "csv")) fmt = F_CSV;
    else if (!strcmp(format, "json")) fmt = F_JSON;
    else if (!strcmp(format, "jsonl") || !strcmp(format, "ndjson")) fmt = F_JSONL;
    else if (!strcmp(format, "html")) fmt = F_HTML;
    else {
        return bad_usage(inputs, "unknown format '%s' (csv, json, jsonl, html)", format);
    }
    int fail_level = 0; /* an amicus_severity; "none" is 0 */
    while (fail_level < 4 && strcmp(fail_on, sev_key[fail_level])) fail_level++;
    if (fail_level == 4) {
        return bad_usage(inputs, "--fail-on wants error, warning, note or none, not '%s'", fail_on);
    }
    if (strcmp(progress, "auto") && strcmp(progress, "always") && strcmp(progress, "never")) {
        return bad_usage(inputs, "--progress wants auto, always or never, not '%s'", progress);
    }
    if (resume) {
        if (fmt != F_JSONL && strcmp(format, "csv")) {
            return bad_usage(inputs, "--resume works with --format jsonl only");
        }
        if (output && strcmp(output, resume)) {
            return bad_usage(inputs, "--resume OUT writes to OUT; -o names another file");
        }
        fmt = F_JSONL;
    }
    if ((reports || no_reports) && fmt != F_HTML) {
        return bad_usage(inputs, "--reports and --no-reports go with --format html");
    }
    if (reports && no_reports) return bad_usage(inputs, "--reports DIR or --no-reports, not both");
    if (po.no_default && !po.npacks) {
        return bad_usage(inputs, "--no-default-pack needs at least one --pack DIR");
    }
    if (!ninputs) { fputs(MATRIX_USAGE, stderr); free(inputs); return 2; }

    /* the documents */
    amicus_error err;
    amicus_corpus *corpus = NULL;
    if (amicus_corpus_new(&corpus, &err)) { print_error(&err); free(inputs); return 2; }
    int status = 0, stdin_done = 0;
    for (size_t k = 0; k < ninputs && !status; k++) {
        if (!strcmp(inputs[k], "-")) {
            if (!stdin_done) status = add_stdin(corpus);
            stdin_done = 1;
        } else if (amicus_corpus_add(corpus, inputs[k], &err)) {
            print_error(&err);
            status = 2;
        }
    }
    free(inputs);
    if (status) { amicus_corpus_free(corpus); return status; }
    for (size_t k = 0; k < amicus_corpus_skipped_count(corpus); k++) {
        const char *why = NULL, *f = amicus_corpus_skipped(corpus, k, &why);
        fprintf(stderr, "amicus: %s: skipped (%s, not a legal text)\n", f, why);
    }
    doneset ds = {0};
    size_t before = amicus_corpus_count(corpus);
    if (resume) {
        if (load_resume(resume, &ds)) { amicus_corpus_free(corpus); return 2; }
        amicus_corpus_remove_if(corpus, in_doneset, &ds);
        fprintf(stderr, "amicus: %s: %zu documents already done, %zu to go\n", resume,
                before - amicus_corpus_count(corpus), amicus_corpus_count(corpus));
        for (size_t k = 0; k < ds.n; k++) free(ds.v[k]);
        free(ds.v);
    }
    if (!before) {
        fprintf(stderr, "amicus matrix: no documents found\n");
        amicus_corpus_free(corpus);
        return 2;
    }

    /* the rules, compiled once and shared by every worker */
    amicus_rules *rules = NULL;
    if (cli_load_rules(&po, &rules)) { amicus_corpus_free(corpus); return 2; }

    /* the output */
    run r = {0};
    r.format = fmt;
    r.fd = STDOUT_FILENO;
    r.reports_fd = -1;
    FILE *out = stdout;
    char *reports_dir = NULL;
    const char *outname = resume ? resume : output;
    int to_file = outname && strcmp(outname, "-");
    if (to_file) {
        if (fmt == F_JSONL) {
            r.fd = open(outname, O_WRONLY | O_CREAT | O_CLOEXEC | (resume ? O_APPEND : O_TRUNC), 0666);
            if (r.fd < 0) goto out_fail;
        } else if (!(out = fopen(outname, "w"))) {
            goto out_fail;
        }
    }
    if (fmt == F_HTML) {
        amicus_matrix_html_options ho = {0};
        ho.rules = amicus_rules_count(rules);
        ho.patterns = amicus_rules_pattern_count(rules);
        if (!no_reports) reports_dir = reports ? strdup(reports) : to_file ? default_reports_dir(outname) : NULL;
        if (!no_reports && !reports && !to_file) {
            fprintf(stderr, "amicus matrix: writing the page to stdout: no per-document reports "
                            "(give -o FILE.html or --reports DIR for them)\n");
            ho.note = "The documents' own reports were not written: the cells link nowhere "
                      "(amicus matrix --format html -o FILE.html, or --reports DIR).";
        }
        if (no_reports) ho.note = "Written with --no-reports: the cells link nowhere.";
        if (reports_dir) {
            r.reports_dir = reports_dir;
            size_t n = amicus_corpus_count(corpus);
            r.report_done = calloc(n ? n : 1, 1);
            r.report_errno = calloc(n ? n : 1, sizeof *r.report_errno);
            if (!r.report_done || !r.report_errno || amicus_corpus_name_pages(corpus, &err)) {
                fprintf(stderr, "amicus matrix: out of memory\n");
                status = 2;
            } else {
                status = open_reports(&r, reports_dir, to_file ? outname : NULL);
            }
        }
        if (!status && amicus_matrix_html_new(&ho, &r.page, &err)) { print_error(&err); status = 2; }
        for (size_t k = 0; !status && k < amicus_corpus_skipped_count(corpus); k++) {
            const char *why = NULL, *f = amicus_corpus_skipped(corpus, k, &why);
            if (amicus_matrix_html_skipped(r.page, f, why, &err)) { print_error(&err); status = 2; }
        }
        if (status) {
            if (out != stdout) fclose(out);
            goto html_fail;
        }
    }
    r.corpus = corpus;
    r.total = amicus_corpus_count(corpus);
    r.bytes_total = amicus_corpus_bytes(corpus);
    r.progress = !strcmp(progress, "always") || (!strcmp(progress, "auto") && isatty(STDERR_FILENO));
    r.t0 = now_s();
    if (!jobs) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n > 0 ? (unsigned)n : 1;
    }

    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_sigint;
    sa.sa_flags = SA_RESTART | SA_RESETHAND; /* a second ^C kills at once */
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);

    amicus_matrix_options mo = {0};
    mo.threads = jobs;
    mo.open = po.open;
    mo.max_findings = po.max_findings;
    mo.on_row = on_row;
    mo.ctx = &r;
    mo.stop = &g_stop;
    if (r.reports_fd >= 0) mo.on_doc = on_doc;
    if (amicus_matrix_run(corpus, rules, &mo, &err)) { print_error(&err); status = 2; }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    double secs = now_s() - r.t0;
    if (r.progress && r.done) show_progress(&r, 1);
    int interrupted = g_stop && !r.write_failed;

    /* csv, json, html: sorted by path, written at the end */
    if (fmt != F_JSONL) {
        if (r.nitems) qsort(r.items, r.nitems, sizeof *r.items, cmp_item);
        sbuf b = {0};
        if (fmt == F_HTML) {
            if (amicus_matrix_html_write(r.page, out, interrupted, &err)) {
                r.write_failed = 1;
                r.write_errno = errno ? errno : EIO;
            }
        } else if (fmt == F_CSV) {
            csv_header(&b);
            fputs(b.s ? b.s : "", out);
            for (size_t k = 0; k < r.nitems; k++) fputs(r.items[k].text, out);
        } else {
            fprintf(out, "{\"amicus_matrix\":1,\"version\":\"%s\",\"rules\":{\"count\":%zu,\"patterns\":%zu},\"documents\":[",
                    AMICUS_VERSION, amicus_rules_count(rules), amicus_rules_pattern_count(rules));
            for (size_t k = 0; k < r.nitems; k++) fprintf(out, "%s\n%s", k ? "," : "", r.items[k].text);
            fputs("],\"skipped\":[", out);
            for (size_t k = 0; k < amicus_corpus_skipped_count(corpus); k++) {
                const char *why = NULL, *f = amicus_corpus_skipped(corpus, k, &why);
                b.n = 0;
                sb_puts(&b, k ? ",\n{\"file\":" : "\n{\"file\":");
                json_str(&b, f);
                sb_puts(&b, ",\"reason\":");
                json_str(&b, why);
                sb_puts(&b, "}");
                if (b.s) fputs(b.s, out);
            }
            fprintf(out, "],\"summary\":{\"documents\":%zu,\"failed\":%zu,\"skipped\":%zu,\"findings\":%zu,"
                         "\"max_severity\":\"%s\",\"bytes\":%llu,\"interrupted\":%s}}\n",
                    r.done, r.failed, amicus_corpus_skipped_count(corpus), r.findings,
                    sev_key[r.max_severity <= 3 ? r.max_severity : 0], r.bytes_done,
                    interrupted ? "true" : "false");
        }
        free(b.s);
        if (out != stdout ? fclose(out) != 0 : fflush(out) != 0) {
            r.write_failed = 1;
            r.write_errno = errno;
        }
    } else if (r.fd != STDOUT_FILENO && close(r.fd)) {
        r.write_failed = 1;
        r.write_errno = errno;
    }
    for (size_t k = 0; k < r.nitems; k++) { free(r.items[k].file); free(r.items[k].text); }
    free(r.items);
    free(r.line.s);

    double mb = r.bytes_done / 1048576.0;
    fprintf(stderr, "amicus matrix: %zu documents (%zu failed, %zu skipped), %zu findings, %.1f MB in %.2f s (%.1f MB/s), %u-way\n",
            r.done, r.failed, amicus_corpus_skipped_count(corpus), r.findings, mb, secs,
            secs > 0 ? mb / secs : 0.0, jobs);
    if (r.reports_fd >= 0) {
        fprintf(stderr, "amicus matrix: %zu report%s in %s/", r.reports, r.reports == 1 ? "" : "s", reports_dir);
        if (r.report_failed) fprintf(stderr, ", %zu could not be written", r.report_failed);
        fputc('\n', stderr);
        if (r.report_failed) status = 2;
    }
    if (r.oom) { fprintf(stderr, "amicus matrix: out of memory for %zu rows\n", r.oom); status = 2; }
    if (r.write_failed) {
        fprintf(stderr, "amicus: %s: %s\n", outname ? outname : "<stdout>", strerror(r.write_errno));
        status = 2;
    }
    if (r.failed) status = 2;
    if (interrupted) {
        fprintf(stderr, "amicus matrix: interrupted after %zu of %zu documents%s\n", r.done, r.total,
                fmt == F_JSONL ? "; --resume OUT.jsonl goes on" : "");
        status = 130;
    }
    if (!status && fail_level != AMICUS_SEV_NONE && (int)r.max_severity >= fail_level) status = 1;
html_fail:
    if (r.reports_fd >= 0) close(r.reports_fd);
    free(r.reports_href);
    free(r.report_done);
    free(r.report_errno);
    free(reports_dir);
    amicus_matrix_html_free(r.page);
    amicus_rules_free(rules);
    amicus_corpus_free(corpus);
    return status;

out_fail:
    fprintf(stderr, "amicus: %s: %s\n", outname, strerror(errno));
    amicus_rules_free(rules);
    amicus_corpus_free(corpus);
    return 2;
}
