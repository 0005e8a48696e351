/* corpus.c — corpus runs: document discovery (directories, lists) and the worker pool behind `amicus matrix`. */
#include "corpus/corpus.h"
#include "report/html.h"
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct amicus_corpus {
    AMICUS_VEC(char *) paths;
    AMICUS_VEC(unsigned long long) sizes;
    AMICUS_VEC(char *) skipped;
    AMICUS_VEC(const char *) why;
    unsigned long long bytes;
    char **pages;               /* amicus_corpus_name_pages: one per path, NULL before */
    size_t npages;
};

/* ------------------------------------------------------------ classification */

/* Extensions of formats amicus reads. */
static const char *const LEGAL_EXT[] = {
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "xml", "akn", "pdf", "docx", NULL};
/* Extensions that are never legal texts, with the reason reported. */
static const struct { const char *ext, *why; } SKIP_EXT[] = {
    {"json", "json"}, {"jsonl", "json"}, {"geojson", "json"}, {"tsv", "tsv"}, {"csv", "csv"},
    {"yaml", "yaml"}, {"yml", "yaml"}, {"toml", "config"}, {"ini", "config"},
    {"png", "image"}, {"jpg", "image"}, {"jpeg", "image"}, {"gif", "image"}, {"svg", "image"},
    {"webp", "image"}, {"bmp", "image"}, {"ico", "image"}, {"tif", "image"}, {"tiff", "image"},
    {"zip", "archive"}, {"gz", "archive"}, {"tgz", "archive"}, {"bz2", "archive"},
    {"xz", "archive"}, {"zst", "archive"}, {"tar", "archive"}, {"7z", "archive"},
    {"py", "code"}, {"js", "code"}, {"sh", "code"}, {"c", "code"}, {"h", "code"}, {"css", "code"},
    {"amicus-review", "review file"}, {"sarif", "json"}, {"lock", "lock file"},
    {"mp3", "media"}, {"mp4", "media"}, {"wav", "media"}, {"woff", "font"}, {"woff2", "font"},
    {"ttf", "font"}, {"exe", "binary"}, {"so", "binary"}, {"o", "binary"}, {NULL, NULL}};

/* Sniff the first bytes of a file without a known extension. */
static int sniff(const char *path, const char **why) {
    unsigned char b[512];
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 1; /* unreadable: taken, so that its row says why */
    ssize_t n = read(fd, b, sizeof b);
    close(fd);
    if (n <= 0) return 1;
    size_t i = 0;
    if (n >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF) i = 3;
    while (i < (size_t)n && isspace(b[i])) i++;
    static const struct { const char *magic; size_t len; const char *why; } M[] = {
        {"\x89PNG", 4, "image"}, {"\xFF\xD8\xFF", 3, "image"}, {"GIF8", 4, "image"},
        {"RIFF", 4, "media"}, {"\x1F\x8B", 2, "archive"}, {"BZh", 3, "archive"},
        {"\xFD" "7zXZ", 5, "archive"}, {"\x7F" "ELF", 4, "binary"}, {NULL, 0, NULL}};
    for (size_t k = 0; M[k].magic; k++)
        if ((size_t)n >= M[k].len && !memcmp(b, M[k].magic, M[k].len)) { *why = M[k].why; return 0; }
    if (i < (size_t)n && (b[i] == '{' || b[i] == '[')) { *why = "json"; return 0; }
    return 1;
}

int amicus_corpus_accepts(const char *path, const char **why) {
    const char *dummy;
    if (!why) why = &dummy;
    *why = NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!strcmp(base, "MANIFEST.tsv")) { *why = "tsv"; return 0; }
    if (dot && dot != base) {
        char ext[24];
        size_t n = strlen(dot + 1);
        if (n < sizeof ext) {
            for (size_t i = 0; i <= n; i++) ext[i] = (char)tolower((unsigned char)dot[1 + i]);
            for (size_t i = 0; LEGAL_EXT[i]; i++)
                if (!strcmp(ext, LEGAL_EXT[i])) return 1;
            for (size_t i = 0; SKIP_EXT[i].ext; i++)
                if (!strcmp(ext, SKIP_EXT[i].ext)) { *why = SKIP_EXT[i].why; return 0; }
        }
        /* ".amicus-review" contains a dot inside: check the suffix too */
        size_t bl = strlen(base), sl = strlen(AMICUS_REVIEW_SUFFIX);
        if (bl > sl && !strcmp(base + bl - sl, AMICUS_REVIEW_SUFFIX)) { *why = "review file"; return 0; }
    }
    return sniff(path, why);
}

/* ----------------------------------------------------------------- discovery */

amicus_status amicus_corpus_new(amicus_corpus **out, amicus_error *err) {
    *out = amicus__calloc(1, sizeof **out);
    if (!*out) return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    return AMICUS_OK;
}

static void free_pages(amicus_corpus *c) {
    for (size_t i = 0; c->pages && i < c->npages; i++) amicus__free(c->pages[i]);
    amicus__free(c->pages);
    c->pages = NULL;
    c->npages = 0;
}

void amicus_corpus_free(amicus_corpus *c) {
    if (!c) return;
    free_pages(c);
    for (size_t i = 0; i < c->paths.n; i++) amicus__free(c->paths.v[i]);
    for (size_t i = 0; i < c->skipped.n; i++) amicus__free(c->skipped.v[i]);
    AMICUS_VEC_FREE(c->paths);
    AMICUS_VEC_FREE(c->sizes);
    AMICUS_VEC_FREE(c->skipped);
    AMICUS_VEC_FREE(c->why);
    amicus__free(c);
}

static amicus_status nomem(amicus_error *err) {
    return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
}

static amicus_status push_doc(amicus_corpus *c, const char *path, unsigned long long size,
                              amicus_error *err) {
    free_pages(c);
    if (!AMICUS_VEC_GROW(c->paths) || !AMICUS_VEC_GROW(c->sizes)) return nomem(err);
    char *p = amicus__strdup(path);
    if (!p) return nomem(err);
    c->paths.v[c->paths.n++] = p;
    c->sizes.v[c->sizes.n++] = size;
    c->bytes += size;
    return AMICUS_OK;
}

static amicus_status push_skip(amicus_corpus *c, const char *path, const char *why,
                               amicus_error *err) {
    if (!AMICUS_VEC_GROW(c->skipped) || !AMICUS_VEC_GROW(c->why)) return nomem(err);
    char *p = amicus__strdup(path);
    if (!p) return nomem(err);
    c->skipped.v[c->skipped.n++] = p;
    c->why.v[c->why.n++] = why;
    return AMICUS_OK;
}

static int cmp_str(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

#define MAX_DEPTH 64

static amicus_status walk(amicus_corpus *c, const char *dir, int depth, amicus_error *err) {
    if (depth > MAX_DEPTH)
        return amicus__error(err, AMICUS_ERR_IO, dir, 0, 0, -1, "directories nested over %d deep", MAX_DEPTH);
    DIR *d = opendir(dir);
    if (!d) return amicus__error(err, AMICUS_ERR_IO, dir, 0, 0, -1, "%s", strerror(errno));
    AMICUS_VEC(char *) names = {0};
    amicus_status st = AMICUS_OK;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* ., .., hidden files and directories (.git) */
        char *n = amicus__strdup(e->d_name);
        if (!n || !AMICUS_VEC_PUSH(names, n)) { amicus__free(n); st = nomem(err); break; }
    }
    closedir(d);
    if (!st && names.n) qsort(names.v, names.n, sizeof *names.v, cmp_str);
    amicus__buf path = {0};
    for (size_t i = 0; !st && i < names.n; i++) {
        path.n = 0;
        amicus__buf_puts(&path, dir);
        if (path.n && path.s[path.n - 1] != '/') amicus__buf_putc(&path, '/');
        amicus__buf_puts(&path, names.v[i]);
        if (path.oom) { st = nomem(err); break; }
        struct stat sb, lsb;
        if (lstat(path.s, &lsb)) continue; /* vanished */
        if (stat(path.s, &sb)) { /* dangling symlink: a row that says so */
            st = push_doc(c, path.s, 0, err);
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            if (S_ISLNK(lsb.st_mode)) continue; /* no loops through linked directories */
            st = walk(c, path.s, depth + 1, err);
        } else if (S_ISREG(sb.st_mode)) {
            const char *why = NULL;
            if (amicus_corpus_accepts(path.s, &why)) st = push_doc(c, path.s, (unsigned long long)sb.st_size, err);
            else st = push_skip(c, path.s, why ? why : "not a legal text", err);
        }
    }
    amicus__buf_free(&path);
    for (size_t i = 0; i < names.n; i++) amicus__free(names.v[i]);
    AMICUS_VEC_FREE(names);
    return st;
}

amicus_status amicus_corpus_add(amicus_corpus *c, const char *path, amicus_error *err) {
    if (!c || !path || !*path)
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "no corpus or path");
    struct stat sb;
    if (stat(path, &sb)) {
        /* named explicitly: a row that says why it cannot be read */
        if (errno == ENOENT || errno == EACCES || errno == ELOOP) return push_doc(c, path, 0, err);
        return amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "%s", strerror(errno));
    }
    if (S_ISDIR(sb.st_mode)) return walk(c, path, 0, err);
    return push_doc(c, path, S_ISREG(sb.st_mode) ? (unsigned long long)sb.st_size : 0, err);
}

size_t amicus_corpus_count(const amicus_corpus *c) { return c ? c->paths.n : 0; }
const char *amicus_corpus_path(const amicus_corpus *c, size_t i) {
    return c && i < c->paths.n ? c->paths.v[i] : NULL;
}
size_t amicus_corpus_skipped_count(const amicus_corpus *c) { return c ? c->skipped.n : 0; }
const char *amicus_corpus_skipped(const amicus_corpus *c, size_t i, const char **why) {
    if (!c || i >= c->skipped.n) return NULL;
    if (why) *why = c->why.v[i];
    return c->skipped.v[i];
}
unsigned long long amicus_corpus_bytes(const amicus_corpus *c) { return c ? c->bytes : 0; }

void amicus_corpus_remove_if(amicus_corpus *c, int (*done)(const char *path, void *ctx), void *ctx) {
    if (!c || !done) return;
    free_pages(c);
    size_t k = 0;
    for (size_t i = 0; i < c->paths.n; i++) {
        if (done(c->paths.v[i], ctx)) {
            c->bytes -= c->sizes.v[i];
            amicus__free(c->paths.v[i]);
            continue;
        }
        c->paths.v[k] = c->paths.v[i];
        c->sizes.v[k] = c->sizes.v[i];
        k++;
    }
    c->paths.n = c->sizes.n = k;
}

/* ---------------------------------------------------------------- page names */

#define PAGE_NAME_MAX 80

/* The base name of path made safe: runs of other bytes than A-Z a-z 0-9 . _ - become one '_',
 * a leading '.' or '-' becomes '_', at most PAGE_NAME_MAX bytes, never empty. */
static void safe_base(const char *path, char out[PAGE_NAME_MAX + 1]) {
    size_t len = strlen(path);
    while (len > 1 && path[len - 1] == '/') len--;
    size_t b = len;
    while (b > 0 && path[b - 1] != '/') b--;
    size_t o = 0;
    for (size_t i = b; i < len && o < PAGE_NAME_MAX; i++) {
        unsigned char ch = (unsigned char)path[i];
        int ok = isalnum(ch) && ch < 0x80;
        ok = ok || ch == '.' || ch == '_' || ch == '-';
        if (ok && o == 0 && (ch == '.' || ch == '-')) ok = 0;
        if (ok) out[o++] = (char)ch;
        else if (!o || out[o - 1] != '_') out[o++] = '_';
    }
    if (!o) out[o++] = '_';
    out[o] = 0;
}

static int cmp_ci(const char *a, const char *b) {
    for (;; a++, b++) {
        int x = tolower((unsigned char)*a), y = tolower((unsigned char)*b);
        if (x != y || !x) return x - y;
    }
}

typedef struct name_ix { const char *name; size_t i; } name_ix;

static int cmp_name_ix(const void *a, const void *b) {
    const name_ix *x = a, *y = b;
    int c = cmp_ci(x->name, y->name);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

static size_t hash_ci(const char *s) {
    size_t h = 1469598103934665603ull;
    for (; *s; s++) h = (h ^ (unsigned char)tolower((unsigned char)*s)) * 1099511628211ull;
    return h;
}

amicus_status amicus_corpus_name_pages(amicus_corpus *c, amicus_error *err) {
    if (!c) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "no corpus");
    free_pages(c);
    size_t n = c->paths.n;
    char **names = amicus__calloc(n ? n : 1, sizeof *names);
    name_ix *ix = amicus__malloc((n ? n : 1) * sizeof *ix);
    size_t cap = 16;
    while (cap < 2 * n + 2) cap *= 2;
    const char **set = amicus__calloc(cap, sizeof *set); /* names taken, case-insensitively */
    amicus_status st = AMICUS_OK;
    if (!names || !ix || !set) { st = nomem(err); goto done; }
    for (size_t i = 0; i < n; i++) {
        char base[PAGE_NAME_MAX + 1];
        safe_base(c->paths.v[i], base);
        if (!(names[i] = amicus__strdup(base))) { st = nomem(err); goto done; }
        ix[i] = (name_ix){names[i], i};
    }
    /* equal base names: each gets 8 hex digits of its path's hash */
    if (n) qsort(ix, n, sizeof *ix, cmp_name_ix);
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && !cmp_ci(ix[a].name, ix[b].name)) b++;
        for (size_t k = a; b - a > 1 && k < b; k++) {
            size_t i = ix[k].i;
            unsigned char d[32];
            amicus__sha256(c->paths.v[i], strlen(c->paths.v[i]), d);
            char *nm = amicus__malloc(strlen(names[i]) + 10);
            if (!nm) { st = nomem(err); goto done; }
            sprintf(nm, "%s-%02x%02x%02x%02x", names[i], d[0], d[1], d[2], d[3]);
            amicus__free(names[i]);
            names[i] = nm;
        }
        a = b;
    }
    /* still taken (the same path twice, a hash met by another name): -2, -3 ... in corpus order */
    for (size_t i = 0; i < n; i++) {
        for (unsigned k = 1;; k++) {
            char *cand = names[i];
            if (k > 1) {
                cand = amicus__malloc(strlen(names[i]) + 16);
                if (!cand) { st = nomem(err); goto done; }
                sprintf(cand, "%s-%u", names[i], k);
            }
            size_t h = hash_ci(cand) & (cap - 1);
            while (set[h] && cmp_ci(set[h], cand)) h = (h + 1) & (cap - 1);
            if (!set[h]) {
                if (cand != names[i]) { amicus__free(names[i]); names[i] = cand; }
                set[h] = names[i];
                break;
            }
            if (cand != names[i]) amicus__free(cand);
        }
    }
    c->pages = names;
    c->npages = n;
    names = NULL;
done:
    if (names) for (size_t i = 0; i < n; i++) amicus__free(names[i]);
    amicus__free(names);
    amicus__free(ix);
    amicus__free(set);
    return st;
}

const char *amicus_corpus_page_name(const amicus_corpus *c, size_t i) {
    return c && c->pages && i < c->npages ? c->pages[i] : NULL;
}

/* --------------------------------------------------------------- the workers */

/* "us" from "us-usc-title18.txt", "nl" from "bulk/nl-statengeneraal-laws/.../README.md": a
 * leading code of 2 or 3 lowercase letters followed by '-' in the file name or, failing that,
 * in the nearest directory name that has one. */
const char *amicus__corpus_jurisdiction(const char *path, char *buf, size_t size) {
    const char *end = path + strlen(path);
    while (end > path) {
        const char *start = end;
        while (start > path && start[-1] != '/') start--;
        size_t k = 0;
        while (start + k < end && k < 4 && start[k] >= 'a' && start[k] <= 'z') k++;
        if ((k == 2 || k == 3) && start + k < end && start[k] == '-' && k < size) {
            memcpy(buf, start, k);
            buf[k] = 0;
            return buf;
        }
        end = start > path ? start - 1 : path;
    }
    return NULL;
}

typedef struct pool {
    const amicus_corpus *c;
    const amicus_rules *rules;
    const amicus_matrix_options *o;
    pthread_mutex_t lock;      /* next, and the callback */
    size_t next;
} pool;

static double now_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

void amicus__corpus_fill_row(amicus_matrix_row *row, const amicus_doc *doc, const amicus_report *rep) {
    const char *t = amicus_doc_title(doc);
    row->title = t && *t ? t : NULL;
    row->format = amicus_format_name(amicus_doc_format(doc));
    const amicus_node *root = amicus_doc_node(doc, 0);
    row->lang = doc->lang_forced && *doc->lang_forced ? doc->lang_forced
              : root && root->lang ? root->lang : "und";
    row->provisions = amicus_doc_provision_count(doc);
    row->nodes = amicus_doc_node_count(doc);
    row->health = amicus_doc_health_count(doc);
    row->warnings = amicus_doc_warning_count(doc);
    if (!rep) return;
    size_t nf = amicus_report_finding_count(rep);
    for (size_t i = 0; i < nf; i++) {
        const amicus_finding *f = amicus_report_finding(rep, i);
        if (f->dismissed) continue;
        if (f->kind && !strcmp(f->kind, "evidence")) { row->evidence++; continue; }
        unsigned s = f->severity <= AMICUS_SEV_ERROR ? (unsigned)f->severity : 0;
        unsigned k = (unsigned)f->concern < AMICUS_CONCERN_COUNT ? (unsigned)f->concern : 0;
        row->findings++;
        row->by_severity[s]++;
        row->by_concern[k][s]++;
        if (f->severity > row->max_severity) row->max_severity = f->severity;
    }
    for (int d = 1; d <= 6; d++) {
        const amicus_demand_result *dr = amicus_report_demand(rep, d);
        row->demands[d - 1] = dr ? dr->status : AMICUS_DEMAND_NA;
    }
}

/* One document: open, check, report the row, free. Nothing of it outlives this call. */
static void run_one(pool *p, size_t i) {
    const char *path = p->c->paths.v[i];
    amicus_matrix_row row;
    memset(&row, 0, sizeof row);
    char jbuf[8], ebuf[1200];
    row.file = path;
    row.index = i;
    row.bytes = p->c->sizes.v[i];
    row.jurisdiction = amicus__corpus_jurisdiction(path, jbuf, sizeof jbuf);
    row.lang = p->o->open.lang && *p->o->open.lang ? p->o->open.lang : "und";
    double t0 = now_ms();
    amicus_doc *doc = NULL;
    amicus_report *rep = NULL;
    amicus_error err;
    memset(&err, 0, sizeof err);
    amicus_status st = amicus_doc_open_file(path, &p->o->open, &doc, &err);
    if (!st) {
        row.bytes = doc->src_len > row.bytes ? doc->src_len : row.bytes;
        amicus_check_options co = {.max_findings = p->o->max_findings};
        st = amicus_check(doc, p->rules, &co, &rep, &err);
    }
    if (doc) amicus__corpus_fill_row(&row, doc, rep);
    if (st) {
        if (!err.file[0]) snprintf(err.file, sizeof err.file, "%s", path);
        row.status = st;
        row.error = amicus_error_format(&err, ebuf, sizeof ebuf);
    }
    row.ms = now_ms() - t0;
    if (!st && p->o->on_doc) p->o->on_doc(i, doc, rep, p->o->ctx);
    pthread_mutex_lock(&p->lock);
    if (p->o->on_row) p->o->on_row(&row, p->o->ctx);
    pthread_mutex_unlock(&p->lock);
    amicus_report_free(rep);
    amicus_doc_free(doc);
}

static void *worker(void *arg) {
    pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int stop = p->o->stop && *p->o->stop;
        size_t i = p->next;
        if (!stop && i < p->c->paths.n) p->next++;
        pthread_mutex_unlock(&p->lock);
        if (stop || i >= p->c->paths.n) break;
        run_one(p, i);
    }
    return NULL;
}

amicus_status amicus_matrix_run(const amicus_corpus *c, const amicus_rules *rules,
                                const amicus_matrix_options *opts, amicus_error *err) {
    if (!c || !rules || !opts)
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "amicus_matrix_run: missing argument");
    if (!c->paths.n) return AMICUS_OK;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    size_t n = opts->threads ? opts->threads : (ncpu > 0 ? (size_t)ncpu : 1);
    if (n > c->paths.n) n = c->paths.n;
    if (n > 1024) n = 1024;
    pool p = {.c = c, .rules = rules, .o = opts, .next = 0};
    if (pthread_mutex_init(&p.lock, NULL))
        return amicus__error(err, AMICUS_ERR_INTERNAL, NULL, 0, 0, -1, "cannot create a mutex");
    /* libxml2's global state and allocator are set up once here, not raced for by the workers */
    amicus__libs_init();
    amicus_status st = AMICUS_OK;
    if (n == 1) {
        worker(&p);
    } else {
        pthread_t *t = amicus__calloc(n, sizeof *t);
        if (!t) {
            st = nomem(err);
        } else {
            size_t started = 0;
            for (; started < n; started++)
                if (pthread_create(&t[started], NULL, worker, &p)) break;
            if (!started) worker(&p); /* no thread could be made: do the work here */
            for (size_t k = 0; k < started; k++) pthread_join(t[k], NULL);
            amicus__free(t);
        }
    }
    pthread_mutex_destroy(&p.lock);
    return st;
}
