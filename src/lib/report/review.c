/* review.c — the review file: a strict parser, lookup, and atomic writing (docs/REVIEW.md). */
#include "report/report.h"
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct amicus_review {
    char *document;
    AMICUS_VEC(amicus_review_entry) v;
    amicus__arena arena;
};

const char *amicus_review_decision_name(amicus_review_decision d) {
    switch (d) {
    case AMICUS_REVIEW_ACCEPTED: return "accepted";
    case AMICUS_REVIEW_DISMISSED: return "dismissed";
    }
    return "?";
}

amicus_status amicus_review_new(const char *document, amicus_review **out, amicus_error *err) {
    *out = NULL;
    amicus_review *rv = amicus__calloc(1, sizeof *rv);
    if (!rv) return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    rv->document = amicus__arena_strdup(&rv->arena, document ? document : "");
    if (!rv->document) {
        amicus_review_free(rv);
        return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    }
    *out = rv;
    return AMICUS_OK;
}

void amicus_review_free(amicus_review *rv) {
    if (!rv) return;
    AMICUS_VEC_FREE(rv->v);
    amicus__arena_free(&rv->arena);
    amicus__free(rv);
}

const char *amicus_review_document(const amicus_review *rv) { return rv->document; }
size_t amicus_review_count(const amicus_review *rv) { return rv->v.n; }
const amicus_review_entry *amicus_review_entry_at(const amicus_review *rv, size_t i) {
    return i < rv->v.n ? &rv->v.v[i] : NULL;
}

const amicus_review_entry *amicus_review_find(const amicus_review *rv, const char *fingerprint) {
    if (!rv || !fingerprint) return NULL;
    for (size_t i = 0; i < rv->v.n; i++)
        if (!strcasecmp(rv->v.v[i].fingerprint, fingerprint)) return &rv->v.v[i];
    return NULL;
}

static int valid_date(const char *d) {
    if (strlen(d) != 10 || d[4] != '-' || d[7] != '-') return 0;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)d[i])) return 0;
    int m = (d[5] - '0') * 10 + (d[6] - '0'), day = (d[8] - '0') * 10 + (d[9] - '0');
    return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

static char *lower_dup(amicus__arena *a, const char *s) {
    char *c = amicus__arena_strdup(a, s);
    if (c)
        for (char *p = c; *p; p++) *p = (char)tolower((unsigned char)*p);
    return c;
}

amicus_status amicus_review_set(amicus_review *rv, const char *fingerprint,
                                amicus_review_decision decision, const char *reason,
                                const char *date, const char *rule, amicus_error *err) {
    if (!amicus__is_fingerprint(fingerprint))
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1,
                             "'%s' is not a fingerprint (16 hex digits)", fingerprint ? fingerprint : "");
    if (decision != AMICUS_REVIEW_ACCEPTED && decision != AMICUS_REVIEW_DISMISSED)
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "unknown decision");
    if (!reason || !*reason)
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "a decision needs a reason");
    char today[16];
    if (!date) {
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(today, sizeof today, "%Y-%m-%d", &tm);
        date = today;
    }
    if (!valid_date(date))
        return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "'%s' is not a date (YYYY-MM-DD)", date);
    amicus_review_entry e = {0};
    e.fingerprint = lower_dup(&rv->arena, fingerprint);
    e.decision = decision;
    e.reason = amicus__arena_strdup(&rv->arena, reason);
    e.date = amicus__arena_strdup(&rv->arena, date);
    e.rule = rule ? amicus__arena_strdup(&rv->arena, rule) : NULL;
    if (!e.fingerprint || !e.reason || !e.date || (rule && !e.rule))
        return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    amicus_review_entry *old = (amicus_review_entry *)amicus_review_find(rv, fingerprint);
    if (old) { *old = e; return AMICUS_OK; }
    if (!AMICUS_VEC_PUSH(rv->v, e))
        return amicus__error(err, AMICUS_ERR_NOMEM, NULL, 0, 0, -1, "out of memory");
    return AMICUS_OK;
}

/* ------------------------------------------------------------------ parser */

typedef struct parser {
    const unsigned char *s;
    size_t n, i;
    const char *name;
    amicus_error *err;
    amicus_review *rv;
    amicus_status st;   /* first error */
} parser;

static amicus_status perr(parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static amicus_status perr(parser *p, size_t at, const char *fmt, ...) {
    if (p->st != AMICUS_OK) return p->st;
    unsigned long line = 1, col = 1;
    if (at > p->n) at = p->n;
    for (size_t k = 0; k < at;) {
        if (p->s[k] == '\n') { line++; col = 1; k++; continue; }
        uint32_t cp;
        size_t len = amicus__utf8_decode(p->s + k, at - k, &cp);
        k += len ? len : 1;
        col++;
    }
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->st = amicus__error(p->err, AMICUS_ERR_FORMAT, p->name, line, col, (long long)at, "%s", msg);
    return p->st;
}

static void ws(parser *p) {
    while (p->i < p->n && (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' ||
                           p->s[p->i] == '\r'))
        p->i++;
}

static int peek(parser *p) {
    ws(p);
    return p->i < p->n ? p->s[p->i] : -1;
}

static amicus_status expect(parser *p, char c, const char *what) {
    if (peek(p) != (unsigned char)c) {
        if (p->i >= p->n) return perr(p, p->i, "unexpected end of file, expected %s", what);
        return perr(p, p->i, "expected %s", what);
    }
    p->i++;
    return AMICUS_OK;
}

static int hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int read_hex4(parser *p, uint32_t *v) {
    if (p->n - p->i < 4) return 0;
    uint32_t x = 0;
    for (int k = 0; k < 4; k++) {
        int h = hexval(p->s[p->i + (size_t)k]);
        if (h < 0) return 0;
        x = x * 16 + (uint32_t)h;
    }
    p->i += 4;
    *v = x;
    return 1;
}

static void put_utf8(amicus__buf *b, uint32_t cp) {
    char u[4];
    size_t k;
    if (cp < 0x80) { u[0] = (char)cp; k = 1; }
    else if (cp < 0x800) { u[0] = (char)(0xC0 | (cp >> 6)); u[1] = (char)(0x80 | (cp & 0x3F)); k = 2; }
    else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | (cp >> 12)); u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F)); k = 3;
    } else {
        u[0] = (char)(0xF0 | (cp >> 18)); u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); u[3] = (char)(0x80 | (cp & 0x3F)); k = 4;
    }
    amicus__buf_put(b, u, k);
}

/* A JSON string into the review's arena (NULL on error, p->st set). */
static char *pstring(parser *p) {
    if (peek(p) != '"') {
        perr(p, p->i, p->i >= p->n ? "unexpected end of file, expected a string" : "expected a string");
        return NULL;
    }
    size_t start = p->i++;
    amicus__buf b = {0};
    for (;;) {
        if (p->i >= p->n) { perr(p, start, "unterminated string"); goto fail; }
        unsigned char c = p->s[p->i];
        if (c == '"') { p->i++; break; }
        if (c < 0x20) { perr(p, p->i, "control character in a string"); goto fail; }
        if (c == '\\') {
            if (p->i + 1 >= p->n) { perr(p, start, "unterminated string"); goto fail; }
            size_t esc = p->i;
            char e = (char)p->s[p->i + 1];
            p->i += 2;
            switch (e) {
            case '"': amicus__buf_putc(&b, '"'); break;
            case '\\': amicus__buf_putc(&b, '\\'); break;
            case '/': amicus__buf_putc(&b, '/'); break;
            case 'b': amicus__buf_putc(&b, '\b'); break;
            case 'f': amicus__buf_putc(&b, '\f'); break;
            case 'n': amicus__buf_putc(&b, '\n'); break;
            case 'r': amicus__buf_putc(&b, '\r'); break;
            case 't': amicus__buf_putc(&b, '\t'); break;
            case 'u': {
                uint32_t cp;
                if (!read_hex4(p, &cp)) { perr(p, esc, "bad \\u escape"); goto fail; }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    uint32_t lo;
                    if (p->n - p->i < 6 || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u') {
                        perr(p, esc, "unpaired surrogate in \\u escape"); goto fail;
                    }
                    p->i += 2;
                    if (!read_hex4(p, &lo) || lo < 0xDC00 || lo > 0xDFFF) {
                        perr(p, esc, "unpaired surrogate in \\u escape"); goto fail;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    perr(p, esc, "unpaired surrogate in \\u escape"); goto fail;
                } else if (cp == 0) {
                    perr(p, esc, "NUL character in a string"); goto fail;
                }
                put_utf8(&b, cp);
                break;
            }
            default: perr(p, esc, "bad escape in a string"); goto fail;
            }
            continue;
        }
        if (c < 0x80) { amicus__buf_putc(&b, (char)c); p->i++; continue; }
        uint32_t cp;
        size_t k = amicus__utf8_decode(p->s + p->i, p->n - p->i, &cp);
        if (!k) { perr(p, p->i, "invalid UTF-8 in a string"); goto fail; }
        amicus__buf_put(&b, (const char *)p->s + p->i, k);
        p->i += k;
    }
    if (b.oom) { p->st = amicus__error(p->err, AMICUS_ERR_NOMEM, p->name, 0, 0, -1, "out of memory"); goto fail; }
    char *r = amicus__arena_strndup(&p->rv->arena, b.s ? b.s : "", b.n);
    amicus__buf_free(&b);
    if (!r) p->st = amicus__error(p->err, AMICUS_ERR_NOMEM, p->name, 0, 0, -1, "out of memory");
    return r;
fail:
    amicus__buf_free(&b);
    return NULL;
}

/* A JSON number that must be a non-negative integer. */
static int pinteger(parser *p, long *out) {
    if (peek(p) < 0) { perr(p, p->i, "unexpected end of file, expected a number"); return 0; }
    size_t start = p->i;
    if (p->s[p->i] == '-') p->i++;
    size_t digits = p->i;
    while (p->i < p->n && isdigit(p->s[p->i])) p->i++;
    if (p->i == digits) { p->i = start; perr(p, start, "expected a number"); return 0; }
    if ((p->i - digits > 1 && p->s[digits] == '0') || p->s[start] == '-' ||
        (p->i < p->n && (p->s[p->i] == '.' || p->s[p->i] == 'e' || p->s[p->i] == 'E'))) {
        perr(p, start, "expected a version number (a whole number)");
        return 0;
    }
    if (p->i - digits > 6) { perr(p, start, "version number out of range"); return 0; }
    long v = 0;
    for (size_t k = digits; k < p->i; k++) v = v * 10 + (p->s[k] - '0');
    *out = v;
    return 1;
}

static int pliteral(parser *p, const char *lit) {
    size_t n = strlen(lit);
    if (p->n - p->i >= n && !memcmp(p->s + p->i, lit, n)) {
        size_t e = p->i + n;
        if (e == p->n || !isalnum(p->s[e])) { p->i = e; return 1; }
    }
    return 0;
}

/* The next member's key and its ':' (NULL on error); *at gets the key's offset. */
static char *pkey(parser *p, size_t *at) {
    *at = (ws(p), p->i);
    char *key = pstring(p);
    if (!key || expect(p, ':', "':'")) return NULL;
    return key;
}

/* After a member: 1 when another follows (','), 0 at the closing '}', -1 on error. */
static int pnext(parser *p, const char *where) {
    int c = peek(p);
    if (c == ',') { p->i++; return 1; }
    if (c == '}') { p->i++; return 0; }
    if (p->i >= p->n) perr(p, p->i, "unexpected end of file%s", where);
    else perr(p, p->i, "expected ',' or '}'");
    return -1;
}

enum { F_FP = 1, F_DEC = 2, F_REASON = 4, F_DATE = 8, F_RULE = 16 };

static amicus_status pdecision(parser *p) {
    size_t at = (ws(p), p->i);
    if (expect(p, '{', "a decision object '{'")) return p->st;
    unsigned seen = 0;
    amicus_review_entry e = {0};
    if (peek(p) == '}') { p->i++; goto done; }
    for (;;) {
        size_t kat;
        char *key = pkey(p, &kat);
        if (!key) return p->st;
        unsigned bit = !strcmp(key, "fingerprint") ? F_FP : !strcmp(key, "decision") ? F_DEC
                     : !strcmp(key, "reason") ? F_REASON : !strcmp(key, "date") ? F_DATE
                     : !strcmp(key, "rule") ? F_RULE : 0;
        if (!bit) return perr(p, kat, "unknown key \"%s\" in a decision", key);
        if (seen & bit) return perr(p, kat, "key \"%s\" repeated", key);
        seen |= bit;
        size_t vat = (ws(p), p->i);
        if (bit == F_RULE && pliteral(p, "null")) {
            e.rule = NULL;
        } else {
            char *v = pstring(p);
            if (!v) return p->st;
            switch (bit) {
            case F_FP:
                if (!amicus__is_fingerprint(v))
                    return perr(p, vat, "\"fingerprint\" must be 16 hex digits");
                for (char *c = v; *c; c++) *c = (char)tolower((unsigned char)*c);
                e.fingerprint = v;
                break;
            case F_DEC:
                if (!strcmp(v, "accepted")) e.decision = AMICUS_REVIEW_ACCEPTED;
                else if (!strcmp(v, "dismissed")) e.decision = AMICUS_REVIEW_DISMISSED;
                else return perr(p, vat, "\"decision\" must be \"accepted\" or \"dismissed\"");
                break;
            case F_REASON:
                if (!*v) return perr(p, vat, "\"reason\" must not be empty");
                e.reason = v;
                break;
            case F_DATE:
                if (!valid_date(v)) return perr(p, vat, "\"date\" must be YYYY-MM-DD");
                e.date = v;
                break;
            case F_RULE:
                e.rule = v;
                break;
            }
        }
        int more = pnext(p, " in a decision");
        if (more < 0) return p->st;
        if (!more) break;
    }
done:;
    static const struct { unsigned bit; const char *name; } req[] = {
        {F_FP, "fingerprint"}, {F_DEC, "decision"}, {F_REASON, "reason"}, {F_DATE, "date"}};
    for (size_t k = 0; k < sizeof req / sizeof *req; k++)
        if (!(seen & req[k].bit)) return perr(p, at, "decision without \"%s\"", req[k].name);
    if (amicus_review_find(p->rv, e.fingerprint))
        return perr(p, at, "fingerprint %s has two decisions", e.fingerprint);
    if (!AMICUS_VEC_PUSH(p->rv->v, e))
        return p->st = amicus__error(p->err, AMICUS_ERR_NOMEM, p->name, 0, 0, -1, "out of memory");
    return AMICUS_OK;
}

static amicus_status pdecisions(parser *p) {
    if (expect(p, '[', "a list '[' of decisions")) return p->st;
    if (peek(p) == ']') { p->i++; return AMICUS_OK; }
    for (;;) {
        if (pdecision(p)) return p->st;
        int c = peek(p);
        if (c == ',') { p->i++; continue; }
        if (c == ']') { p->i++; return AMICUS_OK; }
        return perr(p, p->i, p->i >= p->n ? "unexpected end of file in \"decisions\"" : "expected ',' or ']'");
    }
}

enum { T_VER = 1, T_DOC = 2, T_DECS = 4 };

static amicus_status ptop(parser *p) {
    if (p->n >= 3 && !memcmp(p->s, "\xEF\xBB\xBF", 3)) p->i = 3;
    if (peek(p) != '{')
        return perr(p, p->i, "not an amicus review file (expected a JSON object)");
    p->i++;
    unsigned seen = 0;
    if (peek(p) == '}') { p->i++; goto done; }
    for (;;) {
        size_t kat;
        char *key = pkey(p, &kat);
        if (!key) return p->st;
        unsigned bit = !strcmp(key, "amicus_review") ? T_VER : !strcmp(key, "document") ? T_DOC
                     : !strcmp(key, "decisions") ? T_DECS : 0;
        if (!bit) return perr(p, kat, "not an amicus review file (unknown key \"%s\")", key);
        if (seen & bit) return perr(p, kat, "key \"%s\" repeated", key);
        seen |= bit;
        if (bit == T_VER) {
            long v;
            size_t vat = (ws(p), p->i);
            if (!pinteger(p, &v)) return p->st;
            if (v > AMICUS_REVIEW_VERSION)
                return perr(p, vat, "review file version %ld was written by a newer amicus "
                            "(this one reads version %d)", v, AMICUS_REVIEW_VERSION);
            if (v != AMICUS_REVIEW_VERSION) return perr(p, vat, "unknown review file version %ld", v);
        } else if (bit == T_DOC) {
            char *d = pstring(p);
            if (!d) return p->st;
            p->rv->document = d;
        } else if (pdecisions(p)) {
            return p->st;
        }
        int more = pnext(p, "");
        if (more < 0) return p->st;
        if (!more) break;
    }
done:
    if (!(seen & T_VER)) return perr(p, 0, "not an amicus review file (no \"amicus_review\" version)");
    if (!(seen & T_DOC)) return perr(p, 0, "review file without \"document\"");
    if (!(seen & T_DECS)) return perr(p, 0, "review file without \"decisions\"");
    if (peek(p) >= 0) return perr(p, p->i, "unexpected data after the review object");
    return AMICUS_OK;
}

amicus_status amicus_review_parse(const char *data, size_t len, const char *name,
                                  amicus_review **out, amicus_error *err) {
    *out = NULL;
    amicus_review *rv;
    amicus_status st = amicus_review_new(NULL, &rv, err);
    if (st) return st;
    parser p = {(const unsigned char *)data, len, 0, name ? name : "<review>", err, rv, AMICUS_OK};
    if (ptop(&p) != AMICUS_OK) {
        amicus_review_free(rv);
        return p.st;
    }
    *out = rv;
    return AMICUS_OK;
}

amicus_status amicus_review_load(const char *path, amicus_review **out, amicus_error *err) {
    *out = NULL;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "%s", strerror(errno));
    if (S_ISDIR(sb.st_mode))
        return amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "is a directory");
    FILE *f = fopen(path, "rb");
    if (!f) return amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "%s", strerror(errno));
    amicus__buf b = {0};
    char chunk[65536];
    size_t k;
    amicus_status st = AMICUS_OK;
    while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (b.n + k > AMICUS_REVIEW_MAX_SIZE) {
            st = amicus__error(err, AMICUS_ERR_TOO_LARGE, path, 0, 0, -1,
                               "review file larger than %zu bytes", AMICUS_REVIEW_MAX_SIZE);
            break;
        }
        if (!amicus__buf_put(&b, chunk, k)) {
            st = amicus__error(err, AMICUS_ERR_NOMEM, path, 0, 0, -1, "out of memory");
            break;
        }
    }
    if (!st && ferror(f)) st = amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "read error");
    fclose(f);
    if (!st) st = amicus_review_parse(b.s ? b.s : "", b.n, path, out, err);
    amicus__buf_free(&b);
    return st;
}

/* ------------------------------------------------------------------ writing */

static void write_review(FILE *f, const amicus_review *rv) {
    fprintf(f, "{\n  \"amicus_review\": %d,\n  \"document\": ", AMICUS_REVIEW_VERSION);
    amicus__json_str(f, rv->document);
    fputs(",\n  \"decisions\": [", f);
    for (size_t i = 0; i < rv->v.n; i++) {
        const amicus_review_entry *e = &rv->v.v[i];
        fputs(i ? ",\n    {\"fingerprint\": " : "\n    {\"fingerprint\": ", f);
        amicus__json_str(f, e->fingerprint);
        fprintf(f, ", \"decision\": \"%s\", \"reason\": ", amicus_review_decision_name(e->decision));
        amicus__json_str(f, e->reason);
        fputs(", \"date\": ", f);
        amicus__json_str(f, e->date);
        if (e->rule) {
            fputs(", \"rule\": ", f);
            amicus__json_str(f, e->rule);
        }
        putc('}', f);
    }
    fputs(rv->v.n ? "\n  ]\n}\n" : "]\n}\n", f);
}

amicus_status amicus_review_save(const amicus_review *rv, const char *path, amicus_error *err) {
    if (!path || !*path) return amicus__error(err, AMICUS_ERR_USAGE, NULL, 0, 0, -1, "no review file path");
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) : 0;
    const char *base = slash ? slash + 1 : path;
    if (!*base) return amicus__error(err, AMICUS_ERR_USAGE, path, 0, 0, -1, "not a file name");
    size_t cap = strlen(path) + 32;
    char *tmp = amicus__malloc(cap), *dir = amicus__malloc(dirlen + 2);
    if (!tmp || !dir) {
        amicus__free(tmp);
        amicus__free(dir);
        return amicus__error(err, AMICUS_ERR_NOMEM, path, 0, 0, -1, "out of memory");
    }
    if (slash) {
        memcpy(dir, path, dirlen ? dirlen : 1);
        dir[dirlen ? dirlen : 1] = '\0';
    } else {
        strcpy(dir, ".");
    }
    snprintf(tmp, cap, "%.*s%s.%s.tmpXXXXXX", (int)dirlen, path, slash ? "/" : "", base);
    amicus_status st = AMICUS_OK;
    mode_t mode = 0644;
    struct stat sb;
    if (stat(path, &sb) == 0) {
        if (!S_ISREG(sb.st_mode)) {
            st = amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "not a regular file");
            goto out;
        }
        mode = sb.st_mode & 07777;
    }
    int fd = mkstemp(tmp);
    if (fd < 0) {
        st = amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "cannot create a temporary file in %s: %s",
                           dir, strerror(errno));
        goto out;
    }
    fchmod(fd, mode);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        st = amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "%s", strerror(errno));
        close(fd);
        unlink(tmp);
        goto out;
    }
    write_review(f, rv);
    int bad = fflush(f) != 0 || ferror(f);
    if (!bad && fsync(fileno(f)) != 0) bad = 1;
    int e = errno;
    if (fclose(f) != 0 && !bad) { bad = 1; e = errno; }
    if (bad) {
        st = amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "write failed: %s", strerror(e));
        unlink(tmp);
        goto out;
    }
    if (rename(tmp, path) != 0) {
        st = amicus__error(err, AMICUS_ERR_IO, path, 0, 0, -1, "rename failed: %s", strerror(errno));
        unlink(tmp);
        goto out;
    }
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd); /* best effort: the rename is durable once the directory is */
        close(dfd);
    }
out:
    amicus__free(tmp);
    amicus__free(dir);
    return st;
}

amicus_status amicus_review_default_path(const char *document, char *buf, size_t size,
                                         amicus_error *err) {
    int n = snprintf(buf, size, "%s%s", document, AMICUS_REVIEW_SUFFIX);
    if (n < 0 || (size_t)n >= size)
        return amicus__error(err, AMICUS_ERR_USAGE, document, 0, 0, -1, "path too long");
    return AMICUS_OK;
}
