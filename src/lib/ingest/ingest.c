/* ingest.c — ingest stage: bytes to normalised UTF-8 text and offset map (checks, encodings, format detection). */
#include "ingest/ingest.h"
#include <stdio.h>
#include <strings.h>

/* ------------------------------------------------------------ positions */

/* 1-based line and column (in characters) of a source byte offset, for error messages. */
static void src_linecol(const amicus_doc *d, size_t off, unsigned long *line, unsigned long *col) {
    unsigned long ln = 1;
    size_t ls = 0;
    for (size_t i = 0; i < off && i < d->src_len; i++) {
        if (d->src[i] == '\n' || (d->src[i] == '\r' && (i + 1 >= d->src_len || d->src[i + 1] != '\n'))) {
            ln++;
            ls = i + 1;
        }
    }
    unsigned long c = 1;
    for (size_t i = ls; i < off && i < d->src_len; i++)
        if (d->src_encoding != AMICUS__SRC_UTF8 || ((unsigned char)d->src[i] & 0xC0) != 0x80) c++;
    *line = ln;
    *col = c;
}

static amicus_status input_error_at(amicus_doc *d, amicus_error *err, size_t off, const char *what) {
    unsigned long ln, col;
    src_linecol(d, off, &ln, &col);
    return amicus__error(err, AMICUS_ERR_INPUT, d->name, ln, col, (long long)off, "%s at byte offset %zu",
                         what, off);
}

static amicus_status nomem(amicus_doc *d, amicus_error *err) {
    return amicus__error(err, AMICUS_ERR_NOMEM, d->name, 0, 0, -1, "out of memory while reading");
}

static bool line_starts_bytes(amicus_doc *d) {
    size_t z = 0;
    if (!AMICUS_VEC_PUSH(d->line_starts, z)) return false;
    const char *s = d->src;
    size_t n = d->src_len;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '\n' || (c == '\r' && (i + 1 >= n || s[i + 1] != '\n'))) {
            size_t q = i + 1;
            if (!AMICUS_VEC_PUSH(d->line_starts, q)) return false;
        }
    }
    return true;
}

/* ------------------------------------------------------------- binaries */

static bool has_prefix(const char *s, size_t n, const char *p, size_t pn) {
    return n >= pn && memcmp(s, p, pn) == 0;
}

/* Refuse known binary formats and control-byte soup. */
static amicus_status check_binary(amicus_doc *d, amicus_error *err) {
    const char *s = d->src;
    size_t n = d->src_len;
    static const struct { const char *magic; size_t len; const char *what; bool planned; } magics[] = {
        {"%PDF-", 5, "a PDF document", true},
        {"PK\x03\x04", 4, "a ZIP archive (DOCX, ODT, EPUB ...)", true},
        {"PK\x05\x06", 4, "an empty ZIP archive", true},
        {"\x7f" "ELF", 4, "an ELF executable", false},
        {"\x89PNG\r\n\x1a\n", 8, "a PNG image", false},
        {"GIF87a", 6, "a GIF image", false},
        {"GIF89a", 6, "a GIF image", false},
        {"\xff\xd8\xff", 3, "a JPEG image", false},
        {"\x1f\x8b", 2, "gzip-compressed data", false},
        {"\xfd" "7zXZ", 5, "xz-compressed data", false},
        {"7z\xbc\xaf\x27\x1c", 6, "a 7-Zip archive", false},
        {"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8, "an old Microsoft Office (OLE2) document", false},
        {"{\\rtf", 5, "an RTF document", true},
        {"\x00\x00\xfe\xff", 4, "UTF-32 text", false},
        {"\xff\xfe\x00\x00", 4, "UTF-32 text", false},
    };
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++) {
        if (!magics[i].what || !has_prefix(s, n, magics[i].magic, magics[i].len)) continue;
        if (magics[i].planned)
            return amicus__error(err, AMICUS_ERR_INPUT, d->name, 0, 0, -1,
                                 "this is %s: the format is recognised but not yet supported "
                                 "(convert it to text, Markdown or HTML first)", magics[i].what);
        return amicus__error(err, AMICUS_ERR_INPUT, d->name, 0, 0, -1,
                             "this is %s, not a text document", magics[i].what);
    }
    /* control bytes in the first 8 KiB */
    size_t m = n < 8192 ? n : 8192, ctl = 0, nul = 0, nul_even = 0;
    for (size_t i = 0; i < m; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == 0) { nul++; if (!(i & 1)) nul_even++; }
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' && c != 0x1b) ||
            c == 0x7f)
            ctl++;
    }
    if (m >= 16 && nul * 4 >= m && (nul_even * 10 >= nul * 9 || nul_even * 10 <= nul)) {
        const void *z = memchr(s, 0, n);
        size_t off = z ? (size_t)((const char *)z - s) : 0;
        return amicus__error(err, AMICUS_ERR_INPUT, d->name, 0, 0, (long long)off,
                             "NUL bytes from byte offset %zu: this looks like UTF-16 text without a "
                             "byte-order mark; save it as UTF-8 (or UTF-16 with a BOM)", off);
    }
    if (ctl > 8 && ctl * 20 > m)
        return amicus__error(err, AMICUS_ERR_INPUT, d->name, 0, 0, -1,
                             "this looks like a binary file (%zu control bytes in the first %zu), "
                             "not a text document", ctl, m);
    const void *z = memchr(s, 0, n);
    if (z) return input_error_at(d, err, (size_t)((const char *)z - s), "NUL byte (binary data?)");
    return AMICUS_OK;
}

/* ------------------------------------------------------------- encodings */

/* Length of the UTF-8 sequence at s[i] when valid (*ok), else of its maximal invalid subpart. */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t i, bool *ok) {
    unsigned c = s[i];
    if (c < 0x80) { *ok = true; return 1; }
    size_t need;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) need = 1;
    else if (c == 0xE0) { need = 2; lo = 0xA0; }
    else if (c >= 0xE1 && c <= 0xEC) need = 2;
    else if (c == 0xED) { need = 2; hi = 0x9F; }
    else if (c >= 0xEE && c <= 0xEF) need = 2;
    else if (c == 0xF0) { need = 3; lo = 0x90; }
    else if (c >= 0xF1 && c <= 0xF3) need = 3;
    else if (c == 0xF4) { need = 3; hi = 0x8F; }
    else { *ok = false; return 1; }
    for (size_t k = 1; k <= need; k++) {
        if (i + k >= n) { *ok = false; return k; }
        unsigned b = s[i + k];
        if (b < lo || b > hi) { *ok = false; return k; }
        lo = 0x80;
        hi = 0xBF;
    }
    *ok = true;
    return need + 1;
}

typedef struct utf8_stats { size_t valid_multi, invalid, first_invalid; } utf8_stats;

static void utf8_scan(const char *s, size_t n, utf8_stats *st) {
    const unsigned char *u = (const unsigned char *)s;
    memset(st, 0, sizeof *st);
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path, eight bytes at a time */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, u + i, 8);
            if (w & 0x8080808080808080ull) break;
            i += 8;
        }
        if (i >= n) break;
        if (u[i] < 0x80) { i++; continue; }
        bool ok;
        size_t l = utf8_seq(u, n, i, &ok);
        if (ok) st->valid_multi++;
        else if (!st->invalid++) st->first_invalid = i;
        i += l;
    }
}

static const uint16_t cp1252_hi[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};

static size_t put_utf8(char *o, uint32_t c) {
    if (c < 0x80) { o[0] = (char)c; return 1; }
    if (c < 0x800) { o[0] = (char)(0xC0 | (c >> 6)); o[1] = (char)(0x80 | (c & 0x3F)); return 2; }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12)); o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18)); o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F)); o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

static bool decode_cp1252(amicus__emitter *e, const char *s, size_t n, size_t base) {
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && (unsigned char)s[j] < 0x80) j++;
        if (j > i && !amicus__emit(e, s + i, j - i, base + i, j - i)) return false;
        if (j >= n) break;
        unsigned c = (unsigned char)s[j];
        char o[4];
        size_t l = put_utf8(o, c < 0xA0 ? cp1252_hi[c - 0x80] : c);
        if (!amicus__emit(e, o, l, base + j, 1)) return false;
        i = j + 1;
    }
    return true;
}

static bool decode_repair(amicus__emitter *e, const char *s, size_t n, size_t base) {
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0, run = 0;
    while (i < n) {
        if (u[i] < 0x80) { i++; continue; }
        bool ok;
        size_t l = utf8_seq(u, n, i, &ok);
        if (!ok) {
            if (i > run && !amicus__emit(e, s + run, i - run, base + run, i - run)) return false;
            if (!amicus__emit(e, "\xEF\xBF\xBD", 3, base + i, l)) return false;
            run = i + l;
        }
        i += l;
    }
    if (n > run && !amicus__emit(e, s + run, n - run, base + run, n - run)) return false;
    return true;
}

static amicus_status decode_utf16(amicus_doc *d, amicus__emitter *e, bool le, amicus_error *err) {
    const unsigned char *u = (const unsigned char *)d->src;
    size_t n = d->src_len, i = 2;
    size_t z = 0;
    if (!AMICUS_VEC_PUSH(d->line_starts, z)) return nomem(d, err);
#define UNIT(k) (le ? (unsigned)(u[k] | (u[(k) + 1] << 8)) : (unsigned)((u[k] << 8) | u[(k) + 1]))
#define LINE ((unsigned long)d->line_starts.n)
#define COL ((unsigned long)((i - (d->line_starts.v[d->line_starts.n - 1] ? d->line_starts.v[d->line_starts.n - 1] : 2)) / 2 + 1))
    while (i + 1 < n) {
        uint32_t c = UNIT(i);
        size_t ul = 2;
        if (c >= 0xD800 && c <= 0xDBFF) {
            unsigned lo = i + 3 < n ? UNIT(i + 2) : 0;
            if (lo < 0xDC00 || lo > 0xDFFF)
                return amicus__error(err, AMICUS_ERR_INPUT, d->name, LINE, COL,
                                     (long long)i, "lone UTF-16 high surrogate at byte offset %zu", i);
            c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
            ul = 4;
        } else if (c >= 0xDC00 && c <= 0xDFFF) {
            return amicus__error(err, AMICUS_ERR_INPUT, d->name, LINE, COL,
                                 (long long)i, "lone UTF-16 low surrogate at byte offset %zu", i);
        } else if (c == 0) {
            return amicus__error(err, AMICUS_ERR_INPUT, d->name, LINE, COL,
                                 (long long)i, "NUL character at byte offset %zu", i);
        }
        char o[4];
        size_t l = put_utf8(o, c);
        if (!amicus__emit(e, o, l, i, ul)) return nomem(d, err);
        if (c == '\n' || (c == '\r' && !(i + 3 < n && UNIT(i + 2) == '\n'))) {
            size_t q = i + ul;
            if (!AMICUS_VEC_PUSH(d->line_starts, q)) return nomem(d, err);
        }
        i += ul;
    }
#undef UNIT
#undef LINE
#undef COL
    if (i < n)
        return amicus__error(err, AMICUS_ERR_INPUT, d->name, 0, 0, (long long)i,
                             "truncated UTF-16: odd number of bytes, last byte at offset %zu", i);
    return AMICUS_OK;
}

/* JSON data (a per-provision extract, an API response): an object or an array of values. Read
   as plain text it would give a "document" of keys and braces with no provisions and, worse,
   absence findings on it; refused instead, unless the caller forces a format. */
static bool looks_like_json(const char *s, size_t n) {
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i >= n || (s[i] != '{' && s[i] != '[')) return false;
    char open = s[i++];
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i >= n) return false;
    if (open == '{') return s[i] == '"' || s[i] == '}';
    if (s[i] == '{' || s[i] == '[' || s[i] == '"' || s[i] == ']') return true;
    /* "[1, 2]" is JSON, "[1] Article 1 ..." (a footnote mark) is not */
    if (s[i] == '-') i++;
    size_t d = i;
    while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == '.')) i++;
    if (i == d) return false;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    if (i < n && s[i] == ',') return true;
    if (i >= n || s[i] != ']') return false;
    for (i++; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return false;
    return true;
}

/* ------------------------------------------------------------- formats */

static bool ci_prefix(const char *s, size_t n, const char *p) {
    size_t pn = strlen(p);
    return n >= pn && strncasecmp(s, p, pn) == 0;
}

static const char *ci_find(const char *s, size_t n, const char *p) {
    size_t pn = strlen(p);
    if (pn > n) return NULL;
    for (size_t i = 0; i + pn <= n; i++)
        if ((s[i] | 0x20) == (p[0] | 0x20) && strncasecmp(s + i, p, pn) == 0) return s + i;
    return NULL;
}

static size_t count_ci(const char *s, size_t n, const char *p) {
    size_t c = 0, pn = strlen(p);
    const char *q;
    while ((q = ci_find(s, n, p))) {
        c++;
        size_t adv = (size_t)(q - s) + pn;
        s += adv;
        n -= adv;
    }
    return c;
}

typedef enum { FMT_NONE, FMT_XML } fmt_extra;

/* Strong content signals first, then the extension, then weak signals. */
static amicus_format detect_format(const char *s, size_t n, const char *name, fmt_extra *extra) {
    *extra = FMT_NONE;
    size_t i = 0;
    while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
    const char *t = s + i;
    size_t tn = n - i, head = tn < 2048 ? tn : 2048, win = tn < 8192 ? tn : 8192;
    if (ci_prefix(t, tn, "<!doctype html") || ci_prefix(t, tn, "<html")) return AMICUS_FORMAT_HTML;
    if (ci_prefix(t, tn, "<?xml") || ci_prefix(t, tn, "<!doctype")) {
        if (ci_find(t, head, "<html")) return AMICUS_FORMAT_HTML;
        *extra = FMT_XML;
        return AMICUS_FORMAT_AUTO;
    }
    if (tn > 2 && t[0] == '<' && ((t[1] >= 'a' && t[1] <= 'z') || (t[1] >= 'A' && t[1] <= 'Z'))) {
        /* an XML root without a declaration: <Legislation ...>, <akn:akomaNtoso ...> */
        char root[48];
        size_t k = 1, r = 0;
        while (k < tn && r + 1 < sizeof root && t[k] != ' ' && t[k] != '>' && t[k] != '\n' && t[k] != '\r' &&
               t[k] != '\t' && t[k] != '/') {
            root[r++] = t[k++];
            if (t[k - 1] == ':') r = 0;
        }
        root[r] = 0;
        if (amicus__xml_vocabulary(root, NULL) != AMICUS_FORMAT_AUTO) {
            *extra = FMT_XML;
            return AMICUS_FORMAT_AUTO;
        }
    }
    if (ci_find(t, head, "<html") || ci_find(t, head, "<head>") || ci_find(t, head, "<body"))
        return AMICUS_FORMAT_HTML;
    if (ci_prefix(s, n, "---\n") || ci_prefix(s, n, "---\r\n")) return AMICUS_FORMAT_MARKDOWN;
    if (ci_prefix(t, tn, "<meta")) return AMICUS_FORMAT_MARKDOWN;
    size_t tags = count_ci(t, win, "<p>") + count_ci(t, win, "<p ") + count_ci(t, win, "</p>") +
                  count_ci(t, win, "<br") + count_ci(t, win, "<div");
    if (tags >= 4) return AMICUS_FORMAT_HTML;
    const char *dot = name ? strrchr(name, '.') : NULL;
    if (dot && !strchr(dot, '/')) {
        if (!strcasecmp(dot, ".md") || !strcasecmp(dot, ".markdown") || !strcasecmp(dot, ".mdown"))
            return AMICUS_FORMAT_MARKDOWN;
        if (!strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm") || !strcasecmp(dot, ".xhtml"))
            return AMICUS_FORMAT_HTML;
        if (!strcasecmp(dot, ".txt") || !strcasecmp(dot, ".text")) return AMICUS_FORMAT_TEXT;
    }
    /* weak: ATX headings or inline links near the start */
    for (size_t k = 0; k < win; k++) {
        if ((k == 0 || t[k - 1] == '\n') && t[k] == '#') return AMICUS_FORMAT_MARKDOWN;
        if (t[k] == ']' && k + 1 < win && t[k + 1] == '(') return AMICUS_FORMAT_MARKDOWN;
    }
    return AMICUS_FORMAT_TEXT;
}

/* The charset an HTML page declares (lower case) into out, or "" when none. */
static void html_declared_charset(const char *s, size_t n, char *out, size_t outsz) {
    out[0] = 0;
    size_t win = n < 8192 ? n : 8192;
    const char *p = s, *end = s + win;
    while ((p = ci_find(p, (size_t)(end - p), "charset"))) {
        const char *q = p + 7;
        while (q < end && (*q == ' ' || *q == '\t')) q++;
        if (q < end && *q == '=') {
            q++;
            while (q < end && (*q == ' ' || *q == '"' || *q == '\'')) q++;
            size_t k = 0;
            while (q < end && k + 1 < outsz &&
                   ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9') ||
                    *q == '-' || *q == '_' || *q == ':' || *q == '.'))
            {
                char c = *q++;
                out[k++] = (char)((c >= 'A' && c <= 'Z') ? c + 32 : c);
            }
            out[k] = 0;
            if (k) return;
        }
        p += 7;
    }
}

static bool charset_is_utf8(const char *cs) { return !strcmp(cs, "utf-8") || !strcmp(cs, "utf8"); }
static bool charset_is_1252(const char *cs) {
    return !strcmp(cs, "windows-1252") || !strcmp(cs, "cp1252") || !strcmp(cs, "iso-8859-1") ||
           !strcmp(cs, "latin1") || !strcmp(cs, "latin-1") || !strcmp(cs, "iso8859-1") ||
           !strcmp(cs, "us-ascii") || !strcmp(cs, "ascii") || !strcmp(cs, "iso_8859-1");
}

/* ------------------------------------------------------------- title */

static void markdown_title(amicus_doc *d) {
    const char *s = d->text, *end = s + d->text_len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *le = nl ? nl : end;
        if (*s == '#') {
            const char *a = s;
            while (a < le && *a == '#') a++;
            while (a < le && (*a == ' ' || *a == '\t')) a++;
            const char *b = le;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '#')) b--;
            if (b > a) {
                size_t len = (size_t)(b - a);
                if (len > 300) len = 300;
                d->title = amicus__arena_strndup(&d->arena, a, len);
                return;
            }
        }
        s = le + 1;
    }
}

/* The HTML <title> goes through the same normalisation as the text. */
static bool normalise_title(amicus_doc *d) {
    if (!d->title) return true;
    amicus__emitter e;
    amicus__emitter_init(&e);
    bool ok = amicus__normalize(&e, d->title, strlen(d->title));
    if (ok && e.buf.n) {
        size_t n = e.buf.n;
        while (n && (e.buf.s[n - 1] == ' ' || e.buf.s[n - 1] == '\n')) n--;
        d->title = n ? amicus__arena_strndup(&d->arena, e.buf.s, n) : NULL;
        ok = d->title != NULL || n == 0;
    }
    amicus__emitter_free(&e);
    return ok;
}

/* ------------------------------------------------------------- driver */

/* An offset t in the formatter output -> the normalised text (out->map maps text -> formatter
 * output; both grow together, segment by segment). Offsets come in increasing order; *j is the
 * segment cursor. */
static size_t remap_out(const amicus__emitter *out, size_t *j, size_t t) {
    size_t o = t;
    if (out->map.n) {
        while (*j + 1 < out->map.n && out->map.v[*j + 1].src <= t) (*j)++;
        const amicus__mapseg *s = &out->map.v[*j];
        o = s->src <= t ? s->norm + (t - s->src) : s->norm;
        if (*j + 1 < out->map.n && o > out->map.v[*j + 1].norm) o = out->map.v[*j + 1].norm;
    }
    return o > out->buf.n ? out->buf.n : o;
}

static bool only_space(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n' && s[i] != '\f' && s[i] != '\v') return false;
    return true;
}

/* Page of a source offset in an extracted text (pages in order). */
static uint32_t page_of(const size_t *starts, size_t np, size_t off) {
    size_t lo = 0, hi = np;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (starts[mid] <= off) lo = mid; else hi = mid;
    }
    return (uint32_t)lo + 1;
}

/* Extracted formats (PDF, DOCX): X (amicus__malloc'd, UTF-8) replaces the source bytes; T with
 * map tmap (T -> X; NULL = T is X) is normalised into the document text. */
static amicus_status finish_extracted(amicus_doc *doc, char *X, size_t Xn, const char *T, size_t Tn,
                                      amicus__imap *tmap, const size_t *page_starts,
                                      const size_t *page_lines, size_t npages, amicus_error *err) {
    amicus_status st = AMICUS_OK;
    amicus__emitter out;
    amicus__emitter_init(&out);
    amicus__imap m1 = {0};
    amicus__free(doc->src);
    doc->src = X;
    doc->src_len = Xn;
    doc->src_encoding = AMICUS__SRC_UTF8;
    doc->line_starts.n = 0;
    if (!line_starts_bytes(doc)) { st = nomem(doc, err); goto done; }
    for (size_t p = 0; p < npages; p++)
        if (!AMICUS_VEC_PUSH(doc->page_lines, page_lines[p])) { st = nomem(doc, err); goto done; }
    if (!amicus__normalize(&out, T, Tn)) { st = nomem(doc, err); goto done; }
    if (!out.buf.s || only_space(out.buf.s, out.buf.n)) {
        st = amicus__error(err, AMICUS_ERR_INPUT, doc->name, 0, 0, -1, "empty document: no text found in the %s",
                           amicus_format_name(doc->format));
        goto done;
    }
    amicus__imap *cur = &out.map;
    if (tmap) {
        if (!amicus__imap_compose(cur, out.buf.n, tmap, &m1)) { st = nomem(doc, err); goto done; }
        cur = &m1;
    }
    if (!cur->n && !amicus__imap_push(cur, 0, 0)) { st = nomem(doc, err); goto done; }
    for (size_t i = 0; i < cur->n; i++) {
        if (cur->v[i].src > Xn) cur->v[i].src = Xn;
        if (npages) cur->v[i].page = page_of(page_starts, npages, cur->v[i].src);
    }
    doc->map.v = cur->v;
    doc->map.n = cur->n;
    doc->map.cap = cur->cap;
    cur->v = NULL;
    cur->n = cur->cap = 0;
    doc->text = out.buf.s;
    doc->text_len = out.buf.n;
    out.buf.s = NULL;
done:
    amicus__emitter_free(&out);
    AMICUS_VEC_FREE(m1);
    return st;
}

static amicus_status ingest_pdf(amicus_doc *doc, amicus_error *err) {
    amicus__emitter t;
    amicus__emitter_init(&t);
    amicus__pdf_result r;
    doc->format = AMICUS_FORMAT_PDF;
    amicus_status st = amicus__pdf(doc, &t, &r, err);
    if (st == AMICUS_OK) {
        st = finish_extracted(doc, r.text, r.text_len, t.buf.s ? t.buf.s : "", t.buf.n, &t.map, r.page_starts,
                              r.page_lines, r.npages, err);
        amicus__free(r.page_starts);
        amicus__free(r.page_lines);
        if (st == AMICUS_OK && doc->text_len) {
            /* the first line as a title when it looks like one */
        }
    }
    amicus__emitter_free(&t);
    return st;
}

static amicus_status ingest_docx(amicus_doc *doc, const amicus_open_options *opts, amicus_error *err) {
    char *X = NULL;
    size_t Xn = 0;
    doc->format = AMICUS_FORMAT_DOCX;
    amicus_status st = amicus__docx(doc, opts && opts->tracked_original, &X, &Xn, err);
    if (st != AMICUS_OK) return st;
    return finish_extracted(doc, X, Xn, X, Xn, NULL, NULL, NULL, 0, err);
}

static bool is_docx(const char *s, size_t n) {
    if (n < 30 || memcmp(s, "PK\x03\x04", 4) != 0) return false;
    size_t win = n < 65536 ? n : 65536;
    return ci_find(s, win, "word/") != NULL || ci_find(s + (n - win), win, "word/document.xml") != NULL;
}

amicus_status amicus__ingest(amicus_doc *doc, const amicus_open_options *opts, amicus_error *err) {
    amicus__libs_init(); /* libxml2's allocator (core/alloc.c) before any parse */
    amicus_status st = AMICUS_OK;
    const char *s = doc->src;
    size_t n = doc->src_len;
    amicus__emitter dec, fmt, out;
    amicus__emitter_init(&dec);
    amicus__emitter_init(&fmt);
    amicus__emitter_init(&out);
    amicus__imap m1 = {0}, m2 = {0};
    const char *D = NULL; /* decoded UTF-8 */
    size_t Dn = 0;
    amicus__imap dmap = {0}; /* D -> source; empty = identity shifted by dshift */
    size_t dshift = 0;
    doc->src_encoding = AMICUS__SRC_UTF8;

    if (n == 0) return amicus__error(err, AMICUS_ERR_INPUT, doc->name, 0, 0, -1, "empty document (0 bytes)");

    bool utf16 = false, le = false;
    if (n >= 2 && (unsigned char)s[0] == 0xFF && (unsigned char)s[1] == 0xFE &&
        !(n >= 4 && s[2] == 0 && s[3] == 0)) utf16 = le = true;
    else if (n >= 2 && (unsigned char)s[0] == 0xFE && (unsigned char)s[1] == 0xFF) utf16 = true;

    amicus_format format = opts ? opts->format : AMICUS_FORMAT_AUTO;
    if (format == AMICUS_FORMAT_PDF || (format == AMICUS_FORMAT_AUTO && has_prefix(s, n, "%PDF-", 5)))
        return ingest_pdf(doc, err);
    if (format == AMICUS_FORMAT_DOCX || (format == AMICUS_FORMAT_AUTO && is_docx(s, n)))
        return ingest_docx(doc, opts, err);
    fmt_extra extra = FMT_NONE;
    if (format >= AMICUS_FORMAT_AKN) {
        extra = FMT_XML;
        format = AMICUS_FORMAT_AUTO;
    }
    if (utf16) {
        doc->src_encoding = AMICUS__SRC_UTF16;
        if ((st = decode_utf16(doc, &dec, le, err)) != AMICUS_OK) goto done;
        if (dec.oom) { st = nomem(doc, err); goto done; }
        D = dec.buf.s ? dec.buf.s : "";
        Dn = dec.buf.n;
        dmap = dec.map;
        if (format == AMICUS_FORMAT_AUTO) format = detect_format(D, Dn, doc->name, &extra);
    } else {
        if ((st = check_binary(doc, err)) != AMICUS_OK) goto done;
        if (!line_starts_bytes(doc)) { st = nomem(doc, err); goto done; }
        bool bom = n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0;
        dshift = bom ? 3 : 0;
        const char *b = s + dshift;
        size_t bn = n - dshift;
        if (format == AMICUS_FORMAT_AUTO && extra == FMT_NONE && looks_like_json(b, bn)) {
            st = amicus__error(err, AMICUS_ERR_INPUT, doc->name, 1, 1, (long long)dshift,
                               "this is JSON data, not a legal text: amicus reads plain text, Markdown, "
                               "HTML, XML (Akoma Ntoso, CLML, USLM, Formex), PDF and DOCX: give it the "
                               "law's text");
            goto done;
        }
        if (format == AMICUS_FORMAT_AUTO) format = detect_format(b, bn, doc->name, &extra);
        utf8_stats us;
        utf8_scan(b, bn, &us);
        char cs[64] = "";
        if (format == AMICUS_FORMAT_HTML && !bom) html_declared_charset(b, bn, cs, sizeof cs);
        if (us.invalid == 0) {
            D = b;
            Dn = bn;
            if (cs[0] && !charset_is_utf8(cs) && us.valid_multi > 0 &&
                !amicus__doc_warn(doc, "charset-mismatch", -1,
                                  "the page declares charset %s but its bytes are valid UTF-8: read as UTF-8", cs)) {
                st = nomem(doc, err);
                goto done;
            }
        } else {
            bool as1252;
            if (bom || (cs[0] && charset_is_utf8(cs))) as1252 = false;
            else if (cs[0]) as1252 = true;
            else as1252 = us.valid_multi == 0 || us.invalid > us.valid_multi;
            bool ok = as1252 ? decode_cp1252(&dec, b, bn, dshift) : decode_repair(&dec, b, bn, dshift);
            if (!ok || dec.oom) { st = nomem(doc, err); goto done; }
            D = dec.buf.s ? dec.buf.s : "";
            Dn = dec.buf.n;
            dmap = dec.map;
            dshift = 0;
            size_t fo = us.first_invalid + (bom ? 3 : 0);
            bool w;
            if (as1252) {
                doc->src_encoding = AMICUS__SRC_BYTE;
                if (cs[0] && !charset_is_1252(cs))
                    w = amicus__doc_warn(doc, "charset-unsupported", -1,
                                         "declared charset %s is not supported: decoded as Windows-1252", cs);
                else
                    w = amicus__doc_warn(doc, "cp1252-fallback", (long long)fo,
                                         "not valid UTF-8 (first invalid byte at offset %zu): decoded as Windows-1252",
                                         fo);
            } else {
                w = amicus__doc_warn(doc, "invalid-utf8", (long long)fo,
                                     "invalid UTF-8 at byte offset %zu: %zu invalid sequence%s replaced by U+FFFD",
                                     fo, us.invalid, us.invalid == 1 ? "" : "s");
            }
            if (!w) { st = nomem(doc, err); goto done; }
        }
    }
    if (format == AMICUS_FORMAT_AUTO && extra != FMT_XML) format = AMICUS_FORMAT_TEXT;
    doc->format = format;

    /* format stage: D -> T with map m1 (T -> D) */
    const char *T = D;
    size_t Tn = Dn;
    bool have_m1 = false;
    if (format == AMICUS_FORMAT_MARKDOWN) {
        size_t fs = 0, fe = 0;
        if (!amicus__markdown(&fmt, D, Dn, &fs, &fe)) { st = nomem(doc, err); goto done; }
        if (fe > fs) {
            doc->metadata = amicus__arena_strndup(&doc->arena, D + fs, fe - fs);
            if (!doc->metadata) { st = nomem(doc, err); goto done; }
        }
        T = fmt.buf.s ? fmt.buf.s : "";
        Tn = fmt.buf.n;
        have_m1 = true;
    } else if (extra == FMT_XML) {
        char *title = NULL;
        if ((st = amicus__xml(doc, &fmt, D, Dn, &format, &title, err)) != AMICUS_OK) goto done;
        if (fmt.oom) { st = nomem(doc, err); goto done; }
        doc->format = format;
        doc->title = title;
        if (!normalise_title(doc)) { st = nomem(doc, err); goto done; }
        T = fmt.buf.s ? fmt.buf.s : "";
        Tn = fmt.buf.n;
        have_m1 = true;
    } else if (format == AMICUS_FORMAT_HTML) {
        char *title = NULL;
        if ((st = amicus__html(doc, &fmt, D, Dn, &title, err)) != AMICUS_OK) goto done;
        if (fmt.oom) { st = nomem(doc, err); goto done; }
        doc->title = title;
        if (!normalise_title(doc)) { st = nomem(doc, err); goto done; }
        T = fmt.buf.s ? fmt.buf.s : "";
        Tn = fmt.buf.n;
        have_m1 = true;
    }

    /* normalise: T -> text with map (text -> T) */
    if (!amicus__normalize(&out, T, Tn)) { st = nomem(doc, err); goto done; }
    if (!out.buf.s) {
        out.buf.s = amicus__malloc(1);
        if (!out.buf.s) { st = nomem(doc, err); goto done; }
        out.buf.s[0] = 0;
    }
    if (only_space(out.buf.s, out.buf.n)) {
        st = amicus__error(err, AMICUS_ERR_INPUT, doc->name, 0, 0, -1,
                           format == AMICUS_FORMAT_HTML ? "empty document: no text found in the HTML page"
                                                        : "empty document (only whitespace)");
        goto done;
    }

    /* XML eIds and HTML heading elements: offsets in the formatter output -> offsets in the
     * normalised text */
    {
        size_t j = 0;
        for (size_t k = 0; k < doc->eids.n; k++) doc->eids.v[k].off = remap_out(&out, &j, doc->eids.v[k].off);
        j = 0;
        for (size_t k = 0; k < doc->heads.n; k++) doc->heads.v[k] = remap_out(&out, &j, doc->heads.v[k]);
    }

    /* compose the maps down to source bytes */
    amicus__imap *cur = &out.map;
    if (have_m1) {
        if (!amicus__imap_compose(cur, out.buf.n, &fmt.map, &m1)) { st = nomem(doc, err); goto done; }
        cur = &m1;
    }
    if (dmap.n) {
        if (!amicus__imap_compose(cur, out.buf.n, &dmap, &m2)) { st = nomem(doc, err); goto done; }
        cur = &m2;
    } else if (dshift) {
        for (size_t i = 0; i < cur->n; i++) cur->v[i].src += dshift;
    }
    if (!cur->n && !amicus__imap_push(cur, 0, dshift)) { st = nomem(doc, err); goto done; }
    for (size_t i = 0; i < cur->n; i++) /* approximate (HTML) positions never leave the source */
        if (cur->v[i].src > n) cur->v[i].src = n;
    doc->map.v = cur->v;
    doc->map.n = cur->n;
    doc->map.cap = cur->cap;
    cur->v = NULL;
    cur->n = cur->cap = 0;

    doc->text = out.buf.s;
    doc->text_len = out.buf.n;
    out.buf.s = NULL;
    out.buf.n = out.buf.cap = 0;
    if (format == AMICUS_FORMAT_MARKDOWN) markdown_title(doc);

done:
    amicus__emitter_free(&dec);
    amicus__emitter_free(&fmt);
    amicus__emitter_free(&out);
    AMICUS_VEC_FREE(m1);
    AMICUS_VEC_FREE(m2);
    return st;
}
