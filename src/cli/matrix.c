/* matrix.c — `amicus matrix`: one row per document of a corpus (CSV, JSON, JSON Lines), in parallel, resumable. */
#include "cli.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_PACKS 64

static const char *MATRIX_USAGE =
    "usage: amicus matrix [options] DIR|FILE...|-\n"
    "  one row per document: title, jurisdiction, language, provisions, findings per concern and\n"
    "  severity, scorecard per demand, parse health, or the error that stopped it (docs/MATRIX.md).\n"
    "  DIR is walked recursively (files that are not legal texts are skipped and reported);\n"
    "  '-' reads a list of paths from standard input, one per line.\n"
    "  --format csv|json|jsonl     output format (default csv); csv and json are sorted by path,\n"
    "                              jsonl is written line by line as documents finish\n"
    "  -o, --output FILE           write the output to FILE\n"
    "  -j, --jobs N                worker threads (default: the number of processors)\n"
    "  --resume OUT.jsonl          skip documents already in OUT.jsonl and append to it (jsonl)\n"
    "  --pack DIR                  load another rule pack (repeatable)\n"
    "  --no-default-pack           do not load the default pack\n"
    "  --lang L                    force the documents' language (e.g. en: the English pack over every byte)\n"
    "  --max-input SIZE            refuse documents larger than SIZE (default 256M)\n"
    "  --fail-on error|warning|note|none   exit 1 when a finding reaches LEVEL (default error)\n"
    "  --progress auto|always|never  progress line on stderr (auto: when stderr is a terminal)\n"
    "exit status: 0 no finding at --fail-on, 1 findings at --fail-on, 2 a document failed or a\n"
    "usage error, 130 interrupted (JSON Lines output holds only whole lines: --resume goes on)\n";

enum { F_CSV, F_JSON, F_JSONL };

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
 * character, stray Latin-1 bytes). */
static size_t utf8_len(const unsigned char *s) {
    unsigned c = s[0];
    size_t n;
    unsigned min;
    if (c < 0x80) return 1;
    if (c >= 0xC2 && c <= 0xDF) { n = 2; min = 0x80; }
    else if ((c & 0xF0) == 0xE0) { n = 3; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { n = 4; min = 0x10000; }
    else return 0;
    unsigned v = c & (0x7F >> n);
    for (size_t k = 1; k < n; k++) {
        if ((s[k] & 0xC0) != 0x80) return 0;
        v = v << 6 | (s[k] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    return n;
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

static void on_row(const amicus_matrix_row *row, void *ctx) {
    run *r = ctx;
    r->done++;
    r->bytes_done += row->bytes;
    if (row->status) r->failed++;
    r->findings += row->findings;
    if (row->max_severity > r->max_severity) r->max_severity = row->max_severity;
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

static int opt(int argc, char **argv, int *i, const char *name, const char *shrt, const char **val) {
    const char *a = argv[*i];
    if (shrt && !strcmp(a, shrt)) {
        if (*i + 1 >= argc) return -1;
        *val = argv[++*i];
        return 1;
    }
    size_t n = strlen(name);
    if (strncmp(a, name, n)) return 0;
    if (a[n] == '=') { *val = a + n + 1; return 1; }
    if (a[n]) return 0;
    if (*i + 1 >= argc) return -1;
    *val = argv[++*i];
    return 1;
}

static const char *cache_dir(void) {
    static char buf[4096];
    const char *e = getenv("AMICUS_CACHE");
    if (e) return *e && strcmp(e, "off") ? e : NULL;
    const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
    if (x && *x) snprintf(buf, sizeof buf, "%s/amicus", x);
    else if (h && *h) snprintf(buf, sizeof buf, "%s/.cache/amicus", h);
    else return NULL;
    return buf;
}

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

int cmd_matrix(int argc, char **argv) {
    const char *format = "csv", *output = NULL, *resume = NULL, *fail_on = "error",
               *progress = "auto", *packs[MAX_PACKS];
    size_t npacks = 0;
    int no_default = 0, only_files = 0;
    unsigned jobs = 0;
    amicus_open_options oo = {0};
    char **inputs = calloc((size_t)argc + 1, sizeof *inputs);
    size_t ninputs = 0;
    if (!inputs) return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (only_files || a[0] != '-' || !a[1]) { inputs[ninputs++] = argv[i]; continue; }
        if (!strcmp(a, "--")) { only_files = 1; continue; }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(MATRIX_USAGE, stdout); free(inputs); return 0; }
        if (!strcmp(a, "--no-default-pack")) { no_default = 1; continue; }
        if ((r = opt(argc, argv, &i, "--format", NULL, &v))) { if (r < 0) goto missing; format = v; continue; }
        if ((r = opt(argc, argv, &i, "--output", "-o", &v))) { if (r < 0) goto missing; output = v; continue; }
        if ((r = opt(argc, argv, &i, "--resume", NULL, &v))) { if (r < 0) goto missing; resume = v; continue; }
        if ((r = opt(argc, argv, &i, "--fail-on", NULL, &v))) { if (r < 0) goto missing; fail_on = v; continue; }
        if ((r = opt(argc, argv, &i, "--progress", NULL, &v))) { if (r < 0) goto missing; progress = v; continue; }
        if ((r = opt(argc, argv, &i, "--lang", NULL, &v))) { if (r < 0) goto missing; oo.lang = v; continue; }
        if ((r = opt(argc, argv, &i, "--pack", NULL, &v))) {
            if (r < 0) goto missing;
            if (npacks == MAX_PACKS) { fprintf(stderr, "amicus matrix: too many --pack\n"); free(inputs); return 2; }
            packs[npacks++] = v;
            continue;
        }
        if ((r = opt(argc, argv, &i, "--max-input", NULL, &v))) {
            if (r < 0) goto missing;
            if (!(oo.max_input = cli_parse_size(v))) {
                return bad_usage(inputs, "bad --max-input '%s'", v);
            }
            continue;
        }
        if ((r = opt(argc, argv, &i, "--jobs", "-j", &v)) || (!strncmp(a, "-j", 2) && (v = a + 2, r = 1))) {
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
    else {
        return bad_usage(inputs, "unknown format '%s' (csv, json, jsonl)", format);
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
    if (no_default && !npacks) {
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
    if (amicus_rules_new(&rules, &err)) goto rules_fail;
    if (!no_default && amicus_rules_load_dir(rules, cli_default_rules_dir(), &err)) goto rules_fail;
    for (size_t k = 0; k < npacks; k++)
        if (amicus_rules_load_dir(rules, packs[k], &err)) goto rules_fail;
    if (amicus_rules_set_cache(rules, cache_dir(), &err) || amicus_rules_compile(rules, &err)) goto rules_fail;

    /* the output */
    run r = {0};
    r.format = fmt;
    r.fd = STDOUT_FILENO;
    FILE *out = stdout;
    const char *outname = resume ? resume : output;
    if (outname && strcmp(outname, "-")) {
        if (fmt == F_JSONL) {
            r.fd = open(outname, O_WRONLY | O_CREAT | O_CLOEXEC | (resume ? O_APPEND : O_TRUNC), 0666);
            if (r.fd < 0) goto out_fail;
        } else if (!(out = fopen(outname, "w"))) {
            goto out_fail;
        }
    }
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
    mo.open = oo;
    mo.on_row = on_row;
    mo.ctx = &r;
    mo.stop = &g_stop;
    if (amicus_matrix_run(corpus, rules, &mo, &err)) { print_error(&err); status = 2; }
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    double secs = now_s() - r.t0;
    if (r.progress && r.done) show_progress(&r, 1);
    int interrupted = g_stop && !r.write_failed;

    /* csv, json: sorted by path, written at the end */
    if (fmt != F_JSONL) {
        if (r.nitems) qsort(r.items, r.nitems, sizeof *r.items, cmp_item);
        sbuf b = {0};
        if (fmt == F_CSV) {
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
    amicus_rules_free(rules);
    amicus_corpus_free(corpus);
    return status;

out_fail:
    fprintf(stderr, "amicus: %s: %s\n", outname, strerror(errno));
    amicus_rules_free(rules);
    amicus_corpus_free(corpus);
    return 2;
rules_fail:
    print_error(&err);
    amicus_rules_free(rules);
    amicus_corpus_free(corpus);
    return 2;
}
