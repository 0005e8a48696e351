/* markdown.c — ingest: Markdown to contract text (front matter, HTML tag lines and inline tags, link targets, emphasis). */
#include "ingest/ingest.h"

static bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* A line ("---", "...") that opens or closes YAML front matter. */
static bool fence_line(const char *s, size_t n, bool closing) {
    if (n < 3) return false;
    if (memcmp(s, "---", 3) != 0 && !(closing && memcmp(s, "...", 3) == 0)) return false;
    for (size_t i = 3; i < n; i++)
        if (!is_ws(s[i])) return false;
    return true;
}

/* The line holds only HTML tags or comments (and blanks), e.g. <meta ... />. */
static bool tag_line(const char *s, size_t n) {
    size_t i = 0;
    bool any = false;
    for (;;) {
        while (i < n && is_ws(s[i])) i++;
        if (i >= n) return any;
        if (s[i] != '<' || i + 1 >= n) return false;
        char c = s[i + 1];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '/' || c == '!')) return false;
        if (n - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
            size_t j = i + 4;
            while (j + 2 < n && memcmp(s + j, "-->", 3) != 0) j++;
            if (j + 2 >= n) return false;
            i = j + 3;
        } else {
            const char *gt = memchr(s + i, '>', n - i);
            if (!gt) return false;
            i = (size_t)(gt - s) + 1;
        }
        any = true;
    }
}

/* Mark link syntax [text](url) / ![alt](url): drop the brackets and the target. Linear:
 * the link text may not hold brackets and the target stops at the next bracket. */
static void mark_links(const char *s, size_t n, unsigned char *drop) {
    size_t close = 0, used = SIZE_MAX;
    for (size_t p = 0; p < n; p++) {
        if (s[p] != '[' || (p > 0 && s[p - 1] == '\\')) continue;
        if (close <= p) {
            close = p + 1;
            while (close < n && s[close] != ']' && s[close] != '[') close++;
        }
        if (close >= n) break;
        size_t j = close;
        if (s[j] != ']' || j == used || j + 1 >= n || s[j + 1] != '(') continue;
        used = j;
        size_t k = j + 2;
        int pd = 1;
        for (; k < n && s[k] != '[' && s[k] != ']'; k++) {
            if (s[k] == '(') pd++;
            else if (s[k] == ')' && --pd == 0) break;
        }
        if (k >= n || s[k] != ')') continue;
        drop[p] = 1;
        if (p > 0 && s[p - 1] == '!') drop[p - 1] = 1;
        memset(drop + j, 1, k - j + 1);
        p = k; /* the link text is plain; continue after the target */
    }
}

static bool alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Mark inline HTML tags (<sup>1</sup>, <a href="...">, <br/>): Markdown renders them as markup,
 * not text. Autolinks (<http://...>, <a@b.org>) do not look like tags and stay. */
static void mark_tags(const char *s, size_t n, unsigned char *drop) {
    for (size_t p = 0; p < n; p++) {
        if (s[p] != '<' || (p > 0 && s[p - 1] == '\\')) continue;
        size_t q = p + 1;
        if (q < n && s[q] == '/') q++;
        if (q >= n || !alpha(s[q])) continue;
        while (q < n && (alpha(s[q]) || (s[q] >= '0' && s[q] <= '9') || s[q] == '-')) q++;
        if (q >= n || !(s[q] == '>' || s[q] == ' ' || s[q] == '\t' || s[q] == '/')) continue;
        size_t r = q;
        while (r < n && s[r] != '>' && s[r] != '<') r++;
        if (r >= n || s[r] != '>') continue;
        memset(drop + p, 1, r - p + 1);
        p = r;
    }
}

/* Mark the backslash of escaped punctuation ("7\\.3.2019" -> "7.3.2019", "\\*" -> "*"). */
static void mark_escapes(const char *s, size_t n, unsigned char *drop) {
    for (size_t p = 0; p + 1 < n; p++) {
        if (s[p] != '\\') continue;
        char c = s[p + 1];
        if (c > 0x20 && c < 0x7f && !(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9')) {
            drop[p] = 1;
            p++; /* the escaped character stays, even a backslash */
        }
    }
}

/* Mark emphasis asterisks: runs of '*' touching a non-blank on one side, of any length as in
 * CommonMark ("#### ******Artículo 16." nests three strong spans). List bullets ("* item") and
 * thematic breaks ("***") stay. */
static void mark_emphasis(const char *s, size_t n, unsigned char *drop) {
    size_t first = 0;
    while (first < n && is_ws(s[first])) first++;
    bool only = true;
    for (size_t i = first; i < n; i++)
        if (s[i] != '*' && !is_ws(s[i]) && s[i] != '\n') { only = false; break; }
    if (only) return;
    for (size_t p = 0; p < n;) {
        if (s[p] != '*' || drop[p] || (p > 0 && s[p - 1] == '\\')) { p++; continue; }
        size_t q = p;
        while (q < n && s[q] == '*') q++;
        bool lb = p == 0 || is_ws(s[p - 1]) || s[p - 1] == '\n';
        bool rb = q >= n || is_ws(s[q]) || s[q] == '\n';
        bool bullet = p == first && q - p == 1 && q < n && (s[q] == ' ' || s[q] == '\t');
        bool product = p > 0 && q < n && s[p - 1] >= '0' && s[p - 1] <= '9' && s[q] >= '0' && s[q] <= '9';
        if (!bullet && !product && !(lb && rb)) memset(drop + p, 1, q - p);
        p = q;
    }
}

bool amicus__markdown(amicus__emitter *e, const char *in, size_t len, size_t *fm_start,
                      size_t *fm_end) {
    size_t i = 0;
    *fm_start = *fm_end = 0;
    if (!amicus__emitter_reserve(e, len + 16)) return false;
    /* YAML front matter */
    const char *nl = memchr(in, '\n', len);
    if (nl && fence_line(in, (size_t)(nl - in), false)) {
        size_t p = (size_t)(nl - in) + 1;
        while (p < len) {
            const char *e2 = memchr(in + p, '\n', len - p);
            size_t le = e2 ? (size_t)(e2 - in) : len;
            if (fence_line(in + p, le - p, true)) {
                *fm_start = (size_t)(nl - in) + 1;
                *fm_end = p;
                i = e2 ? le + 1 : len;
                break;
            }
            p = e2 ? le + 1 : len;
        }
    }
    unsigned char *drop = NULL;
    size_t dcap = 0;
    bool ok = true;
    while (i < len && ok) {
        const char *e2 = memchr(in + i, '\n', len - i);
        size_t le = e2 ? (size_t)(e2 - in) : len, next = e2 ? le + 1 : len;
        const char *s = in + i;
        size_t n = le - i;
        if (n && s[0] == '<' && tag_line(s, n)) { i = next; continue; }
        if (!memchr(s, '[', n) && !memchr(s, '*', n) && !memchr(s, '<', n) && !memchr(s, '\\', n)) {
            ok = amicus__emit(e, s, next - i, i, next - i);
            i = next;
            continue;
        }
        if (n > dcap) {
            size_t nc = dcap ? dcap : 1024;
            while (nc < n) nc *= 2;
            unsigned char *nd = amicus__realloc(drop, nc);
            if (!nd) { ok = false; break; }
            drop = nd;
            dcap = nc;
        }
        memset(drop, 0, n);
        mark_escapes(s, n, drop);
        mark_tags(s, n, drop);
        mark_links(s, n, drop);
        mark_emphasis(s, n, drop);
        size_t a = 0;
        while (a < n && ok) {
            while (a < n && drop[a]) a++;
            size_t b = a;
            while (b < n && !drop[b]) b++;
            if (b > a) ok = amicus__emit(e, s + a, b - a, i + a, b - a);
            a = b;
        }
        if (ok && next > le) ok = amicus__emit(e, "\n", 1, le, 1);
        i = next;
    }
    amicus__free(drop);
    return ok && !e->oom;
}
