/* fold.c — matching normalisation (Arabic letter variants and marks): a folded view of the text with an offset map back, and patterns folded the same way. */
#include "rules.h"
#include <utf8proc.h>

/* Arabic, for matching only (quotes and offsets stay the original text's):
 *   alef with hamza above / below, with madda, wasla, wavy hamza  أ إ آ ٱ ٲ ٳ  -> ا
 *   alef maqsura ى and Farsi yeh ی -> ي ; keheh ک -> ك
 *   taa marbuta ة -> ه (it only ever ends a word; typists and extractions drop its dots)
 *   tatweel ـ and every combining mark of the Arabic block (harakat U+064B-U+065F, the
 *   superscript alef U+0670, Quranic annotation marks) are dropped.
 * Hamza on waw and yaa (ؤ ئ) and the bare hamza ء are letters of their own and stay. */
static int32_t fold_ar(int32_t cp) {
    switch (cp) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673: return 0x0627;
    case 0x0649: case 0x06CC: return 0x064A;
    case 0x06A9: return 0x0643;
    case 0x0629: return 0x0647;
    case 0x0640: return -1;
    default: break;
    }
    if (cp >= 0x0610 && cp <= 0x06FF && utf8proc_category(cp) == UTF8PROC_CATEGORY_MN) return -1;
    return cp;
}

typedef int32_t (*foldfn)(int32_t);

static foldfn fold_of(const char *lang) {
    if (lang && !strcmp(lang, "ar")) return fold_ar;
    return NULL;
}

bool amicus__lang_folds(const char *lang) { return fold_of(lang) != NULL; }

void amicus__fold_view_free(amicus__mview *v) {
    amicus__free(v->text);
    amicus__free(v->map);
    memset(v, 0, sizeof *v);
}

bool amicus__fold_view(const char *lang, const char *s, size_t n, size_t base, amicus__mview *out) {
    memset(out, 0, sizeof *out);
    foldfn f = fold_of(lang);
    out->text = amicus__malloc(n + 1);
    out->map = amicus__malloc((n + 1) * sizeof *out->map);
    if (!out->text || !out->map) {
        amicus__fold_view_free(out);
        return false;
    }
    const utf8proc_uint8_t *u = (const utf8proc_uint8_t *)s;
    size_t i = 0, w = 0;
    while (i < n) {
        if (u[i] < 0x80) { /* ASCII: as is */
            out->text[w] = (char)u[i];
            out->map[w++] = base + i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate(u + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) { /* not UTF-8 (the text contract says it is): the byte as is */
            out->text[w] = (char)u[i];
            out->map[w++] = base + i++;
            continue;
        }
        int32_t g = f ? f(cp) : cp;
        if (g >= 0) {
            utf8proc_uint8_t enc[4];
            utf8proc_ssize_t m = g == cp ? k : utf8proc_encode_char(g, enc);
            /* folding never lengthens: every replacement is a 2-byte letter for a 2-byte one */
            for (utf8proc_ssize_t j = 0; j < m; j++) {
                out->text[w] = (char)(g == cp ? u[i + (size_t)j] : enc[j]);
                out->map[w++] = base + i;
            }
        }
        i += (size_t)k;
    }
    out->text[w] = 0;
    out->map[w] = base + n;
    out->len = w;
    return true;
}

/* length of a quantifier at p[0, n) ("?", "*", "+", "{2}", "{1,3}", with a lazy or
 * possessive suffix), 0 when none */
static size_t quantifier(const char *p, size_t n) {
    size_t i = 0;
    if (n && (p[0] == '?' || p[0] == '*' || p[0] == '+')) {
        i = 1;
    } else if (n && p[0] == '{') {
        size_t j = 1;
        while (j < n && ((p[j] >= '0' && p[j] <= '9') || p[j] == ',')) j++;
        if (j < n && p[j] == '}' && j > 1) i = j + 1;
    }
    if (i && i < n && (p[i] == '?' || p[i] == '+')) i++;
    return i;
}

/* an escape at p[0] == '\\': its length (\x{...}, \p{...} and friends through the brace) */
static size_t escape_len(const char *p, size_t n) {
    if (n < 2) return n;
    size_t i = 2;
    if ((p[1] == 'x' || p[1] == 'p' || p[1] == 'P' || p[1] == 'N' || p[1] == 'o' || p[1] == 'g' || p[1] == 'k') &&
        i < n && p[i] == '{') {
        while (i < n && p[i] != '}') i++;
        if (i < n) i++;
        return i;
    }
    while (i < n && ((unsigned char)p[i] & 0xC0) == 0x80) i++; /* an escaped non-ASCII letter */
    return i;
}

/* append cp folded (or nothing when dropped); returns false when dropped */
static bool put_folded(amicus__buf *b, foldfn f, const char *p, size_t k, int32_t cp) {
    int32_t g = f(cp);
    if (g < 0) return false;
    if (g == cp) {
        amicus__buf_put(b, p, k);
    } else {
        utf8proc_uint8_t enc[4];
        utf8proc_ssize_t m = utf8proc_encode_char(g, enc);
        amicus__buf_put(b, (const char *)enc, (size_t)m);
    }
    return true;
}

bool amicus__fold_pattern(const char *lang, const char *p, size_t n, char **out, size_t *outn) {
    *out = NULL;
    *outn = 0;
    foldfn f = fold_of(lang);
    if (!f) return true;
    bool any = false; /* anything non-ASCII at all? */
    for (size_t i = 0; i < n && !any; i++) any = (unsigned char)p[i] >= 0x80;
    if (!any) return true;
    amicus__buf b = {0};
    size_t i = 0;
    while (i < n) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '\\') {
            size_t k = escape_len(p + i, n - i);
            amicus__buf_put(&b, p + i, k);
            i += k;
            continue;
        }
        if (ch == '[') { /* a class: fold its letters; an emptied class goes with its quantifier */
            size_t j = i + 1;
            if (j < n && p[j] == '^') j++;
            if (j < n && p[j] == ']') j++; /* a leading ] is a literal */
            while (j < n && p[j] != ']') {
                if (p[j] == '\\') j += escape_len(p + j, n - j);
                else if (p[j] == '[' && j + 1 < n && p[j + 1] == ':') {
                    const char *e = strstr(p + j + 2, ":]");
                    j = e && (size_t)(e - p) < n ? (size_t)(e - p) + 2 : j + 1;
                } else j++;
            }
            if (j >= n) { /* unterminated: leave the rest as written (PCRE2 reports it) */
                amicus__buf_put(&b, p + i, n - i);
                break;
            }
            amicus__buf cls = {0};
            size_t body = i + 1, kept = 0;
            bool neg = p[body] == '^';
            if (neg) body++;
            for (size_t q = body; q < j;) {
                if (p[q] == '\\') {
                    size_t k = escape_len(p + q, j - q);
                    amicus__buf_put(&cls, p + q, k);
                    q += k;
                    kept++;
                    continue;
                }
                if ((unsigned char)p[q] < 0x80) {
                    amicus__buf_putc(&cls, p[q++]);
                    kept++;
                    continue;
                }
                utf8proc_int32_t cp;
                utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p + q, (utf8proc_ssize_t)(j - q), &cp);
                if (k <= 0) { amicus__buf_putc(&cls, p[q++]); kept++; continue; }
                if (put_folded(&cls, f, p + q, (size_t)k, cp)) kept++;
                q += (size_t)k;
            }
            if (kept == 0 && !neg) {
                i = j + 1;
                i += quantifier(p + i, n - i);
            } else if (kept == 0) { /* [^marks]: any character; keep it as written */
                amicus__buf_put(&b, p + i, j + 1 - i);
                i = j + 1;
            } else {
                amicus__buf_putc(&b, '[');
                if (neg) amicus__buf_putc(&b, '^');
                amicus__buf_put(&b, cls.s, cls.n);
                amicus__buf_putc(&b, ']');
                i = j + 1;
            }
            if (cls.oom) b.oom = true;
            amicus__buf_free(&cls);
            continue;
        }
        if (ch < 0x80) {
            amicus__buf_putc(&b, (char)ch);
            i++;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)p + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {
            amicus__buf_putc(&b, (char)ch);
            i++;
            continue;
        }
        bool kept = put_folded(&b, f, p + i, (size_t)k, cp);
        i += (size_t)k;
        if (!kept) i += quantifier(p + i, n - i); /* "ُ?" goes whole */
    }
    if (b.oom) {
        amicus__buf_free(&b);
        return false;
    }
    if (b.n == n && b.s && !memcmp(b.s, p, n)) { /* unchanged */
        amicus__buf_free(&b);
        return true;
    }
    *outn = b.n;
    *out = b.s ? b.s : NULL;
    if (!*out) { /* everything dropped: an empty pattern, which interning refuses */
        *out = amicus__malloc(1);
        if (!*out) return false;
        (*out)[0] = 0;
    }
    return true;
}
