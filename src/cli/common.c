/* common.c — helpers shared by the CLI subcommands: JSON strings, sizes, rule and cache dirs. */
#include "cli.h"
#include <stdlib.h>
#include <string.h>

void cli_json_strn(FILE *f, const char *s, size_t n) {
    putc('"', f);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': fputs("\\\"", f); break;
        case '\\': fputs("\\\\", f); break;
        case '\n': fputs("\\n", f); break;
        case '\r': fputs("\\r", f); break;
        case '\t': fputs("\\t", f); break;
        default:
            if (c < 0x20) fprintf(f, "\\u%04x", c);
            else putc(c, f);
        }
    }
    putc('"', f);
}

void cli_json_str(FILE *f, const char *s) {
    if (!s) { fputs("null", f); return; }
    cli_json_strn(f, s, strlen(s));
}

size_t cli_parse_size(const char *s) {
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s) return 0;
    switch (*end) {
    case 'k': case 'K': v <<= 10; end++; break;
    case 'm': case 'M': v <<= 20; end++; break;
    case 'g': case 'G': v <<= 30; end++; break;
    default: break;
    }
    if (*end == 'i' || *end == 'B') end++;
    if (*end == 'B') end++;
    if (*end) return 0;
    return (size_t)v;
}

const char *cli_default_rules_dir(void) {
    const char *e = getenv("AMICUS_RULES");
    if (e && *e) return e;
    return AMICUS_DEFAULT_RULES_DIR;
}

const char *cli_cache_dir(void) {
    static char buf[1024];
    const char *e = getenv("AMICUS_CACHE");
    if (e) return (*e && strcmp(e, "off") != 0) ? e : NULL;
    const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
    if (x && *x) snprintf(buf, sizeof buf, "%s/amicus", x);
    else if (h && *h) snprintf(buf, sizeof buf, "%s/.cache/amicus", h);
    else return NULL;
    return buf;
}
