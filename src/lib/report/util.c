/* util.c — UTF-8 helpers and the one escaping walker behind JSON strings (here) and HTML text (html.c), for the renderers and the review file. */
#include "report/report.h"
#include <ctype.h>

size_t amicus__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp) {
    if (!n) return 0;
    unsigned c = s[0];
    if (c < 0x80) { *cp = c; return 1; }
    size_t len;
    uint32_t v, min;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else return 0;
    if (n < len) return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

size_t amicus__utf8_count(const char *s, size_t n) {
    size_t count = 0;
    for (size_t i = 0; i < n; count++) {
        uint32_t cp;
        size_t k = amicus__utf8_decode((const unsigned char *)s + i, n - i, &cp);
        i += k ? k : 1;
    }
    return count;
}

void amicus__escape_utf8(FILE *f, const char *s, size_t n, amicus__esc_fn esc, const char *bad) {
    const unsigned char *u = (const unsigned char *)s;
    size_t run = 0, i = 0; /* u[run, i) is still to be copied as it is */
    char buf[16];
    while (i < n) {
        unsigned char c = u[i];
        const char *rep = NULL;
        size_t k = 1;
        if (c >= 0x80) {
            uint32_t cp;
            k = amicus__utf8_decode(u + i, n - i, &cp);
            if (!k) { rep = bad; k = 1; }
        } else {
            rep = esc(c, buf);
        }
        if (rep) {
            if (i > run) fwrite(u + run, 1, i - run, f);
            fputs(rep, f);
            run = i + k;
        }
        i += k;
    }
    if (n > run) fwrite(u + run, 1, n - run, f);
}

static const char *json_esc(unsigned char c, char buf[16]) {
    switch (c) {
    case '"': return "\\\"";
    case '\\': return "\\\\";
    case '\n': return "\\n";
    case '\r': return "\\r";
    case '\t': return "\\t";
    default:
        if (c >= 0x20 && c != 0x7f) return NULL;
        snprintf(buf, 16, "\\u%04x", c);
        return buf;
    }
}

void amicus__json_strn(FILE *f, const char *s, size_t n) {
    putc('"', f);
    amicus__escape_utf8(f, s, n, json_esc, "\\ufffd");
    putc('"', f);
}

void amicus__json_str(FILE *f, const char *s) {
    if (!s) fputs("null", f);
    else amicus__json_strn(f, s, strlen(s));
}

int amicus__is_fingerprint(const char *s) {
    if (!s) return 0;
    for (int i = 0; i < 16; i++)
        if (!isxdigit((unsigned char)s[i])) return 0;
    return s[16] == '\0';
}
