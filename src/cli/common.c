/* common.c — helpers shared by the CLI subcommands: JSON strings, sizes, rule and cache dirs, the option parser and the rule options. */
#include "cli.h"
#include <errno.h>
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
    static char buf[4096];
    const char *e = getenv("AMICUS_CACHE");
    if (e) return (*e && strcmp(e, "off") != 0) ? e : NULL;
    const char *x = getenv("XDG_CACHE_HOME"), *h = getenv("HOME");
    if (x && *x) snprintf(buf, sizeof buf, "%s/amicus", x);
    else if (h && *h) snprintf(buf, sizeof buf, "%s/.cache/amicus", h);
    else return NULL;
    return buf;
}

int cli_opt(int argc, char **argv, int *i, const char *name, const char *shrt, const char **val) {
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

int cli_parse_severity(const char *s, amicus_severity *out) {
    if (!strcmp(s, "error")) *out = AMICUS_SEV_ERROR;
    else if (!strcmp(s, "warning")) *out = AMICUS_SEV_WARNING;
    else if (!strcmp(s, "note")) *out = AMICUS_SEV_NOTE;
    else return 0;
    return 1;
}

int cli_pack_option(int argc, char **argv, int *i, cli_pack_opts *po, const char *cmd) {
    const char *v = NULL;
    int r;
    const char *a = argv[*i];
    if ((r = cli_limit_option(argc, argv, i, &po->open, &po->max_findings, cmd))) return r;
    if ((r = cli_opt(argc, argv, i, "--pack", NULL, &v))) {
        if (r < 0) goto missing;
        if (po->npacks == CLI_MAX_LIST) goto too_many;
        po->packs[po->npacks++] = v;
    } else if (!strcmp(a, "--no-default-pack")) {
        po->no_default = 1;
    } else if ((r = cli_opt(argc, argv, i, "--disable", NULL, &v))) {
        if (r < 0) goto missing;
        if (po->ndisable == CLI_MAX_LIST) goto too_many;
        po->disable[po->ndisable++] = v;
    } else if ((r = cli_opt(argc, argv, i, "--severity", NULL, &v))) {
        if (r < 0) goto missing;
        if (po->nseverity == CLI_MAX_LIST) goto too_many;
        const char *eq = strchr(v, '=');
        amicus_severity s;
        if (!eq || eq == v || !cli_parse_severity(eq + 1, &s)) {
            fprintf(stderr, "amicus %s: --severity wants ID=error|warning|note, not '%s'\n", cmd, v);
            return 2;
        }
        po->severity[po->nseverity++] = v;
    } else if ((r = cli_opt(argc, argv, i, "--max-input", NULL, &v))) {
        if (r < 0) goto missing;
        po->open.max_input = cli_parse_size(v);
        if (!po->open.max_input) {
            fprintf(stderr, "amicus %s: bad --max-input '%s'\n", cmd, v);
            return 2;
        }
    } else if ((r = cli_opt(argc, argv, i, "--lang", NULL, &v))) {
        if (r < 0) goto missing;
        po->open.lang = v;
    } else if ((r = cli_opt(argc, argv, i, "--tracked", NULL, &v))) {
        if (r < 0) goto missing;
        if (!strcmp(v, "original")) po->open.tracked_original = 1;
        else if (!strcmp(v, "accepted")) po->open.tracked_original = 0;
        else {
            fprintf(stderr, "amicus %s: --tracked takes accepted or original, not '%s'\n", cmd, v);
            return 2;
        }
    } else {
        return 0;
    }
    return 1;
missing:
    fprintf(stderr, "amicus %s: %s needs a value\n", cmd, a);
    return 2;
too_many:
    fprintf(stderr, "amicus %s: more than %d %s options\n", cmd, CLI_MAX_LIST, a);
    return 2;
}

int cli_load_rules(const cli_pack_opts *po, amicus_rules **out) {
    amicus_error err;
    amicus_rules *rules = NULL;
    *out = NULL;
    /* the cache first: loading consults it for patterns validated before */
    if (amicus_rules_new(&rules, &err) || amicus_rules_set_cache(rules, cli_cache_dir(), &err)) goto fail;
    if (!po->no_default && amicus_rules_load_dir(rules, cli_default_rules_dir(), &err)) goto fail;
    for (size_t i = 0; i < po->npacks; i++)
        if (amicus_rules_load_dir(rules, po->packs[i], &err)) goto fail;
    for (size_t i = 0; i < po->ndisable; i++)
        if (amicus_rules_disable(rules, po->disable[i], &err)) goto fail;
    for (size_t i = 0; i < po->nseverity; i++) {
        const char *eq = strchr(po->severity[i], '=');
        char id[256];
        snprintf(id, sizeof id, "%.*s", (int)(eq - po->severity[i]), po->severity[i]);
        amicus_severity s = AMICUS_SEV_ERROR;
        cli_parse_severity(eq + 1, &s);
        if (amicus_rules_set_severity(rules, id, s, &err)) goto fail;
    }
    if (amicus_rules_compile(rules, &err)) goto fail;
    *out = rules;
    return 0;
fail: {
        char buf[1200];
        fprintf(stderr, "amicus: %s\n", amicus_error_format(&err, buf, sizeof buf));
    }
    amicus_rules_free(rules);
    return 2;
}

int cli_limit_option(int argc, char **argv, int *i, amicus_open_options *oo, size_t *max_findings,
                     const char *cmd) {
    static const char *const names[] = {"--max-depth", "--max-memory", "--max-findings"};
    const char *a = argv[*i], *v = NULL;
    size_t k, n = 0;
    for (k = 0; k < 3; k++) {
        n = strlen(names[k]);
        if (!strncmp(a, names[k], n) && (a[n] == 0 || a[n] == '=')) break;
    }
    if (k == 3 || (k == 2 && !max_findings)) return 0;
    if (a[n] == '=') v = a + n + 1;
    else if (*i + 1 < argc) v = argv[++*i];
    else {
        fprintf(stderr, "amicus %s: %s needs a value\n", cmd, names[k]);
        return 2;
    }
    if (k == 1) {
        size_t sz = cli_parse_size(v);
        if (!sz) {
            fprintf(stderr, "amicus %s: bad --max-memory '%s' (a size such as 512M or 2G)\n", cmd, v);
            return 2;
        }
        amicus_set_memory_limit(sz);
        return 1;
    }
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    if (end == v || *end || errno || x == 0 || v[0] == '-' ||
        (k == 0 && x > AMICUS_MAX_DEPTH_CEILING)) {
        if (k == 0)
            fprintf(stderr, "amicus %s: bad --max-depth '%s' (a number from 1 to %d)\n", cmd, v,
                    AMICUS_MAX_DEPTH_CEILING);
        else
            fprintf(stderr, "amicus %s: bad --max-findings '%s' (a positive number)\n", cmd, v);
        return 2;
    }
    if (k == 0) oo->max_depth = (int)x;
    else *max_findings = (size_t)x;
    return 1;
}
