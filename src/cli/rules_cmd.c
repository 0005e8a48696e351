/* rules_cmd.c — `amicus rules list|show|test|patterns`: inspect and test rule packs. */
#include "cli.h"
#include <stdlib.h>
#include <string.h>

static int rules_usage(FILE *f) {
    fprintf(f,
        "usage:\n"
        "  amicus rules list [--pack DIR]... [--no-default] [--lang L]\n"
        "  amicus rules show [--pack DIR]... [--no-default] ID\n"
        "  amicus rules test [--explain] [DIR...]   run every rule's examples (default pack when no DIR)\n"
        "  amicus rules patterns [--pack DIR]... [--no-default]\n"
        "                                          every unique pattern, one per line (rg -i -f)\n");
    return f == stdout ? 0 : 2;
}

static void print_err(const amicus_error *err) {
    char buf[1200];
    fprintf(stderr, "amicus: %s\n", amicus_error_format(err, buf, sizeof buf));
}

/* Load the default pack (unless no_default) and the extra dirs, then compile. NULL on error. */
static amicus_rules *load_packs(const char **dirs, size_t ndirs, int no_default, int compile) {
    amicus_rules *r = NULL;
    amicus_error err;
    if (amicus_rules_new(&r, &err)) {
        print_err(&err);
        return NULL;
    }
    if (amicus_rules_set_cache(r, cli_cache_dir(), &err)) goto fail; /* before loading: see common.c */
    if (!no_default && amicus_rules_load_dir(r, cli_default_rules_dir(), &err)) goto fail;
    for (size_t i = 0; i < ndirs; i++)
        if (amicus_rules_load_dir(r, dirs[i], &err)) goto fail;
    if (compile && amicus_rules_compile(r, &err)) goto fail;
    return r;
fail:
    print_err(&err);
    amicus_rules_free(r);
    return NULL;
}

static const char *base_name(const char *p) {
    const char *s = strrchr(p, '/');
    return s ? s + 1 : p;
}

/* common options: --pack DIR, --no-default, --lang L; positional args collected */
typedef struct ropts {
    const char *dirs[64];
    size_t ndirs;
    int no_default, explain;
    const char *lang;
    const char *pos[64];
    size_t npos;
} ropts;

static int parse_opts(int argc, char **argv, ropts *o) {
    memset(o, 0, sizeof *o);
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--pack") && i + 1 < argc) {
            if (o->ndirs == 64) return -1;
            o->dirs[o->ndirs++] = argv[++i];
        } else if (!strncmp(a, "--pack=", 7)) {
            if (o->ndirs == 64) return -1;
            o->dirs[o->ndirs++] = a + 7;
        } else if (!strcmp(a, "--lang") && i + 1 < argc) {
            o->lang = argv[++i];
        } else if (!strcmp(a, "--no-default")) {
            o->no_default = 1;
        } else if (!strcmp(a, "--explain")) {
            o->explain = 1;
        } else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            return 1;
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "amicus rules: unknown option '%s'\n", a);
            return -1;
        } else {
            if (o->npos == 64) return -1;
            o->pos[o->npos++] = a;
        }
    }
    return 0;
}

static int cmd_list(ropts *o) {
    amicus_rules *r = load_packs(o->dirs, o->ndirs, o->no_default, 0);
    if (!r) return 2;
    size_t shown = 0;
    printf("%-34s %-4s %-8s %-12s %-2s %-7s %-10s %s\n", "ID", "LANG", "KIND", "CONCERN", "D",
           "SEV", "SCOPE", "FILE");
    for (size_t i = 0; i < amicus_rules_count(r); i++) {
        const amicus_rule_info *in = amicus_rules_get(r, i);
        if (o->lang && strcmp(o->lang, in->lang)) continue;
        printf("%-34s %-4s %-8s %-12s %-2d %-7s %-10s %s\n", in->id, in->lang, in->kind,
               amicus_concern_name(in->concern), in->demand, amicus_severity_name(in->severity),
               in->absent ? "absent" : in->scope, base_name(in->file));
        shown++;
    }
    fprintf(stderr, "%zu rule%s\n", shown, shown == 1 ? "" : "s");
    amicus_rules_free(r);
    return 0;
}

static void print_block(const char *label, const char *text) {
    if (!text) return;
    printf("%s:\n", label);
    const char *p = text;
    while (*p) {
        const char *e = strchr(p, '\n');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        printf("  %.*s\n", (int)n, p);
        p += n;
        if (*p == '\n') p++;
    }
}

static int cmd_show(ropts *o) {
    if (o->npos != 1) return rules_usage(stderr);
    amicus_rules *r = load_packs(o->dirs, o->ndirs, o->no_default, 0);
    if (!r) return 2;
    int found = 0;
    for (size_t i = 0; i < amicus_rules_count(r); i++) {
        const amicus_rule_info *in = amicus_rules_get(r, i);
        if (strcmp(in->id, o->pos[0]) || (o->lang && strcmp(o->lang, in->lang))) continue;
        if (found++) printf("\n");
        printf("%s (%s)\n", in->id, in->lang);
        printf("file:     %s:%lu\n", in->file, in->line);
        printf("kind:     %s%s\n", in->kind, in->enabled ? "" : " (disabled)");
        printf("concern:  %s\ndemand:   %d\nseverity: %s\nscope:    %s%s\n", amicus_concern_name(in->concern),
               in->demand, amicus_severity_name(in->severity), in->scope, in->absent ? " (fires on absence)" : "");
        printf("patterns:\n");
        for (size_t k = 0; k < in->npatterns; k++) {
            printf("  %s\n", in->patterns[k]);
            if (in->patterns[k][0] == '@') {
                size_t n = 0;
                const char *const *tp = amicus_rules_trait(r, in->patterns[k], &n);
                for (size_t j = 0; tp && j < n; j++) printf("      %s\n", tp[j]);
            }
        }
        if (in->conditions && *in->conditions) print_block("conditions", in->conditions);
        print_block("message", in->message);
        print_block("standard", in->standard);
        print_block("remedy", in->remedy);
        if (in->source) print_block("source", in->source);
        for (size_t k = 0; k < in->nfire; k++) {
            char lab[48];
            snprintf(lab, sizeof lab, "fire example %zu", k + 1);
            print_block(lab, in->fire[k]);
        }
        for (size_t k = 0; k < in->npass; k++) {
            char lab[48];
            snprintf(lab, sizeof lab, "pass example %zu", k + 1);
            print_block(lab, in->pass[k]);
        }
    }
    amicus_rules_free(r);
    if (!found) {
        fprintf(stderr, "amicus rules show: no rule with id '%s'\n", o->pos[0]);
        return 2;
    }
    return 0;
}

static int cmd_patterns(ropts *o) {
    amicus_rules *r = load_packs(o->dirs, o->ndirs, o->no_default, 0);
    if (!r) return 2;
    for (size_t i = 0; i < amicus_rules_pattern_count(r); i++) printf("%s\n", amicus_rules_pattern(r, i));
    amicus_rules_free(r);
    return 0;
}

/* run one example; returns the number of findings of rule id, -1 on error */
static long run_example(amicus_rules *r, const amicus_rule_info *in, const char *text, const char *name,
                        int explain, char *quote, size_t qsize) {
    amicus_open_options oo = {0};
    oo.lang = in->lang;
    amicus_doc *doc = NULL;
    amicus_error err;
    if (amicus_doc_open_memory(text, strlen(text), name, &oo, &doc, &err)) {
        print_err(&err);
        return -1;
    }
    amicus_check_options co = {0};
    if (explain) co.explain_rule = in->id;
    amicus_report *rep = NULL;
    if (amicus_check(doc, r, &co, &rep, &err)) {
        print_err(&err);
        amicus_doc_free(doc);
        return -1;
    }
    long n = 0;
    quote[0] = 0;
    for (size_t i = 0; i < amicus_report_finding_count(rep); i++) {
        const amicus_finding *f = amicus_report_finding(rep, i);
        if (strcmp(f->rule, in->id)) continue;
        if (!n++) snprintf(quote, qsize, "%s", f->quote ? f->quote : "");
    }
    if (explain && amicus_report_explain(rep)) {
        const char *p = amicus_report_explain(rep);
        while (*p) {
            const char *e = strchr(p, '\n');
            size_t len = e ? (size_t)(e - p) : strlen(p);
            printf("      | %.*s\n", (int)len, p);
            p += len;
            if (*p) p++;
        }
    }
    amicus_report_free(rep);
    amicus_doc_free(doc);
    return n;
}

static void one_line(char *s) {
    for (char *p = s; *p; p++)
        if (*p == '\n' || *p == '\t') *p = ' ';
}

static int cmd_test(ropts *o) {
    /* DIRs given: exactly those packs; none: the default pack */
    const char *def = cli_default_rules_dir();
    const char **dirs = o->npos ? o->pos : &def;
    size_t ndirs = o->npos ? o->npos : 1;
    amicus_rules *r = load_packs(dirs, ndirs, 1, 1);
    if (!r) return 2;
    size_t nrules = 0, nex = 0, nfail = 0;
    int hard = 0;
    for (size_t i = 0; i < amicus_rules_count(r); i++) {
        const amicus_rule_info *in = amicus_rules_get(r, i);
        nrules++;
        for (int pass = 0; pass < 2; pass++) {
            size_t n = pass ? in->npass : in->nfire;
            const char *const *ex = pass ? in->pass : in->fire;
            for (size_t k = 0; k < n; k++) {
                char name[600], quote[200];
                snprintf(name, sizeof name, "%s#%s[%zu]", base_name(in->file), pass ? "pass" : "fire", k + 1);
                nex++;
                long got = run_example(r, in, ex[k], name, 0, quote, sizeof quote);
                if (got < 0) {
                    hard = 1;
                    nfail++;
                    continue;
                }
                if (!pass && got == 0) {
                    nfail++;
                    printf("FAIL %s: %s (%s) fire example %zu produced no finding\n", in->file, in->id, in->lang, k + 1);
                } else if (pass && got > 0) {
                    nfail++;
                    one_line(quote);
                    printf("FAIL %s: %s (%s) pass example %zu produced %ld finding%s, first on '%s'\n", in->file,
                           in->id, in->lang, k + 1, got, got == 1 ? "" : "s", quote);
                } else {
                    continue;
                }
                if (o->explain) run_example(r, in, ex[k], name, 1, quote, sizeof quote);
            }
        }
    }
    /* coverage: every rule id of a pack root in each of its language subdirectories, as a
     * rule or a not_applicable stub */
    size_t ngaps = amicus_rules_gap_count(r);
    for (size_t i = 0; i < ngaps; i++) {
        const char *id, *lang;
        amicus_rules_gap(r, i, &id, &lang);
        const amicus_rule_info *in = amicus_rules_find(r, id, NULL);
        printf("FAIL %s: %s has no %s version: add %s/ a rule with this id, or a stub with 'not_applicable: reason'\n",
               in ? in->file : "?", id, lang, lang);
    }
    nfail += ngaps;
    if (amicus_rules_not_applicable_count(r))
        printf("%zu rule%s marked not_applicable in a language\n", amicus_rules_not_applicable_count(r),
               amicus_rules_not_applicable_count(r) == 1 ? "" : "s");
    printf("%zu rules, %zu examples, %zu failures\n", nrules, nex, nfail);
    amicus_rules_free(r);
    if (hard) return 2;
    return nfail ? 1 : 0;
}

int cmd_rules(int argc, char **argv) {
    if (argc < 2) return rules_usage(stderr);
    const char *sub = argv[1];
    if (!strcmp(sub, "-h") || !strcmp(sub, "--help") || !strcmp(sub, "help")) return rules_usage(stdout);
    ropts o;
    int pr = parse_opts(argc - 2, argv + 2, &o);
    if (pr > 0) return rules_usage(stdout);
    if (pr < 0) return rules_usage(stderr);
    if (!strcmp(sub, "list")) return o.npos ? rules_usage(stderr) : cmd_list(&o);
    if (!strcmp(sub, "show")) return cmd_show(&o);
    if (!strcmp(sub, "test")) return cmd_test(&o);
    if (!strcmp(sub, "patterns")) return o.npos ? rules_usage(stderr) : cmd_patterns(&o);
    fprintf(stderr, "amicus rules: unknown subcommand '%s'\n", sub);
    return rules_usage(stderr);
}
