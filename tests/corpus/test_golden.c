/* test_golden.c — golden expectations over real texts: tests/golden/<document>.tsv, one file per corpus document. */
/*
 * Each tsv names its document in a header line "# file: <path in the corpus>" and may set
 * "# max-risk: N" (the most risk findings the document may produce, for the human-rights
 * controls). Every other non-comment line is
 *     article-or-path <TAB> rule <TAB> must|must-not <TAB> why
 * where the first column is "*" (anywhere in the document, document-level findings included),
 * a provision number as in the outline ("20", "46A", "1030"), or a path prefix ("Art. 19(4)",
 * "s. 4(a)(1)", "§ 1030(a)(2)"; a prefix matches the path itself and its sub-paths, never
 * "Art. 19" for "Art. 1"). The expectations were written by reading the laws, not by running
 * amicus: every mismatch is printed with its why, and the test fails if there is any.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

typedef struct golden_file {
    char path[1024];
    char name[256];
} golden_file;

static int is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

/* does finding f sit where the expectation's first column points? */
static int where_matches(const amicus_finding *f, const char *where) {
    if (strcmp(where, "*") == 0) return 1;
    if (f->article && strcmp(f->article, where) == 0) return 1;
    if (f->path) {
        size_t n = strlen(where);
        if (strncmp(f->path, where, n) == 0 && !is_alnum(f->path[n])) return 1;
    }
    return 0;
}

/* is there a node the expectation's first column can point at? (a golden line whose place is gone,
 * e.g. after a renumbering, would otherwise pass silently when it says must-not) */
static int where_exists(const amicus_doc *doc, const char *where) {
    if (strcmp(where, "*") == 0) return 1;
    if (amicus_doc_find_provision(doc, where, NULL)) return 1;
    size_t n = strlen(where);
    char buf[512];
    for (size_t i = 1; i < amicus_doc_node_count(doc); i++) {
        const char *path = amicus_node_path(doc, amicus_doc_node(doc, i), buf, sizeof buf);
        if (path && strncmp(path, where, n) == 0 && !is_alnum(path[n])) return 1;
    }
    return 0;
}

static char *trim(char *s) {
    while (*s == ' ' || *s == '\t') s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n')) s[--n] = 0;
    return s;
}

static void print_rule_hits(const amicus_report *rep, const char *rule) {
    size_t n = amicus_report_finding_count(rep), shown = 0;
    for (size_t i = 0; i < n; i++) {
        const amicus_finding *f = amicus_report_finding(rep, i);
        if (strcmp(f->rule, rule) != 0) continue;
        fprintf(stderr, "%s%s", shown ? ", " : "      the rule fired at: ", f->path ? f->path : "(document)");
        shown++;
    }
    fprintf(stderr, shown ? "\n" : "      the rule fired nowhere in the document\n");
}

static void run_golden(void **state) {
    const golden_file *gf = *state;
    tu_require_corpus();
    FILE *fp = fopen(gf->path, "r");
    if (!fp) fail_msg("cannot read %s", gf->path);

    enum { MAXL = 512 };
    static char lines[MAXL][2048];
    static unsigned long lineno[MAXL];
    size_t nl = 0;
    char doc_rel[1024] = "";
    long max_risk = -1;
    char buf[2048];
    unsigned long ln = 0;
    while (fgets(buf, sizeof buf, fp)) {
        ln++;
        char *s = trim(buf);
        if (!*s) continue;
        if (*s == '#') {
            char *h = trim(s + 1);
            if (strncmp(h, "file:", 5) == 0) snprintf(doc_rel, sizeof doc_rel, "%s", trim(h + 5));
            else if (strncmp(h, "max-risk:", 9) == 0) max_risk = strtol(h + 9, NULL, 10);
            continue;
        }
        if (nl == MAXL) fail_msg("%s: more than %d expectations", gf->path, MAXL);
        snprintf(lines[nl], sizeof lines[nl], "%s", s);
        lineno[nl++] = ln;
    }
    fclose(fp);
    if (!doc_rel[0]) fail_msg("%s: no '# file:' header line", gf->path);

    amicus_doc *doc = NULL;
    amicus_report *rep = tu_check_corpus(doc_rel, &doc);

    size_t nfind = amicus_report_finding_count(rep), nrisk = 0, nev = 0;
    for (size_t i = 0; i < nfind; i++) {
        if (strcmp(amicus_report_finding(rep, i)->kind, "risk") == 0) nrisk++;
        else nev++;
    }

    size_t bad = 0, ok = 0;
    for (size_t k = 0; k < nl; k++) {
        char *cols[4] = {0};
        char *p = lines[k];
        for (int c = 0; c < 4 && p; c++) {
            cols[c] = p;
            char *tab = c < 3 ? strchr(p, '\t') : NULL;
            if (tab) {
                *tab = 0;
                p = tab + 1;
            } else {
                p = NULL;
            }
        }
        if (!cols[3]) {
            fprintf(stderr, "golden %s:%lu: malformed line (need 4 tab-separated columns)\n", gf->name, lineno[k]);
            bad++;
            continue;
        }
        const char *where = trim(cols[0]), *rule = trim(cols[1]), *want = trim(cols[2]), *why = trim(cols[3]);
        int must = strcmp(want, "must") == 0;
        if (!must && strcmp(want, "must-not") != 0) {
            fprintf(stderr, "golden %s:%lu: third column must be 'must' or 'must-not', not '%s'\n", gf->name,
                    lineno[k], want);
            bad++;
            continue;
        }
        if (!amicus_rules_find(tu_rules, rule, NULL)) {
            fprintf(stderr, "golden %s:%lu: no rule %s in the pack\n", gf->name, lineno[k], rule);
            bad++;
            continue;
        }
        if (!where_exists(doc, where)) {
            fprintf(stderr, "golden %s:%lu: no provision or path '%s' in %s (renumbered?)\n", gf->name, lineno[k],
                    where, doc_rel);
            bad++;
            continue;
        }
        size_t hits = 0;
        const amicus_finding *first = NULL;
        for (size_t i = 0; i < nfind; i++) {
            const amicus_finding *f = amicus_report_finding(rep, i);
            if (strcmp(f->rule, rule) == 0 && where_matches(f, where)) {
                if (!hits) first = f;
                hits++;
            }
        }
        if (must && !hits) {
            fprintf(stderr, "golden MISMATCH %s:%lu: %s %s must fire but does not\n      why: %s\n", gf->name,
                    lineno[k], where, rule, why);
            print_rule_hits(rep, rule);
            bad++;
        } else if (!must && hits) {
            fprintf(stderr,
                    "golden MISMATCH %s:%lu: %s %s must not fire but does (%zu finding%s, first at %s on \"%.80s\")\n"
                    "      why: %s\n",
                    gf->name, lineno[k], where, rule, hits, hits == 1 ? "" : "s",
                    first->path ? first->path : "(document)", first->quote, why);
            bad++;
        } else {
            ok++;
        }
    }
    if (max_risk >= 0) {
        if ((long)nrisk > max_risk) {
            fprintf(stderr, "golden MISMATCH %s: %zu risk findings, at most %ld allowed for this control:\n",
                    gf->name, nrisk, max_risk);
            for (size_t i = 0; i < nfind; i++) {
                const amicus_finding *f = amicus_report_finding(rep, i);
                if (strcmp(f->kind, "risk") == 0)
                    fprintf(stderr, "      %s %s \"%.80s\"\n", f->rule, f->path ? f->path : "(document)", f->quote);
            }
            bad++;
        } else {
            ok++;
        }
    }
    fprintf(stderr, "golden %s: %s — %zu risk and %zu evidence findings; %zu of %zu expectations hold\n", gf->name,
            doc_rel, nrisk, nev, ok, ok + bad);
    amicus_report_free(rep);
    amicus_doc_free(doc);
    if (bad) fail_msg("%s: %zu golden expectation%s not met (see above)", gf->name, bad, bad == 1 ? "" : "s");
}

static int cmp_gf(const void *a, const void *b) {
    return strcmp(((const golden_file *)a)->name, ((const golden_file *)b)->name);
}

int main(void) {
    char buf[1024];
    const char *dir = tu_env_or_source("AMICUS_GOLDEN", "tests/golden", buf, sizeof buf);
    DIR *d = opendir(dir);
    if (!d) {
        fprintf(stderr, "no golden directory %s\n", dir);
        return 1;
    }
    size_t n = 0, cap = 16;
    golden_file *files = calloc(cap, sizeof *files);
    struct dirent *e;
    while (files && (e = readdir(d))) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".tsv") != 0) continue;
        if (n == cap) {
            golden_file *nf = realloc(files, 2 * cap * sizeof *files);
            if (!nf) break;
            files = nf;
            cap *= 2;
        }
        int w1 = snprintf(files[n].name, sizeof files[n].name, "%s", e->d_name);
        int w2 = snprintf(files[n].path, sizeof files[n].path, "%s/%s", dir, e->d_name);
        if (w1 < 0 || (size_t)w1 >= sizeof files[n].name || w2 < 0 || (size_t)w2 >= sizeof files[n].path) continue;
        n++;
    }
    closedir(d);
    if (!files || !n) {
        fprintf(stderr, "no golden files in %s\n", dir);
        free(files);
        return 1;
    }
    qsort(files, n, sizeof *files, cmp_gf);
    struct CMUnitTest *tests = calloc(n, sizeof *tests);
    if (!tests) return 1;
    for (size_t i = 0; i < n; i++) {
        tests[i].name = files[i].name;
        tests[i].test_func = run_golden;
        tests[i].initial_state = &files[i];
    }
    int rc = _cmocka_run_group_tests("golden", tests, n, tu_setup_rules, tu_teardown_rules);
    free(tests);
    free(files);
    return rc;
}
