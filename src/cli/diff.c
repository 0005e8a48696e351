/* diff.c — `amicus diff OLD NEW`: aligned provisions, word changes, findings delta and scorecard before/after. */
#include "cli.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define MAX_LIST 256

static const char *DIFF_USAGE =
    "usage: amicus diff [options] OLD NEW\n"
    "  compares two versions of a text: provisions aligned across renumbering, moves, splits\n"
    "  and merges, word changes, and the findings and scorecard before and after\n"
    "  --format text|json|md|html    output format (default text)\n"
    "  -o, --output FILE             write the output to FILE\n"
    "  --pack DIR                    load another rule pack (repeatable)\n"
    "  --no-default-pack             do not load the default pack\n"
    "  --disable ID                  switch a rule off (repeatable)\n"
    "  --no-check                    compare the words only: no rules, no findings\n"
    "  --fail-on error|warning|note|none   exit 1 when the new draft has a new finding at LEVEL\n"
    "                                (default error)\n"
    "  --review FILE                 the old draft's review file (default OLD.amicus-review if\n"
    "                                present): dismissed findings that persist stay dismissed\n"
    "  --threshold X                 content similarity below which a provision counts as\n"
    "                                added or removed (0.05..1, default 0.5)\n"
    "  --max-input SIZE              refuse inputs larger than SIZE (default 256M)\n"
    CLI_LIMITS_HELP
    "  --tracked accepted|original   DOCX tracked changes read as accepted (default) or original\n"
    "  --color auto|always|never     colour in text output (auto: on a terminal, unless NO_COLOR)\n"
    "  --time                        print on stderr how long aligning and word diffs took\n"
    "exit status: 0 no new finding at --fail-on, 1 new findings at --fail-on, 2 usage or input error\n";

static void diff_error(const amicus_error *err, const char *file) {
    char buf[1200];
    amicus_error_format(err, buf, sizeof buf);
    if (!err->file[0] && file) fprintf(stderr, "amicus: %s: %s\n", file, buf);
    else fprintf(stderr, "amicus: %s\n", buf);
}

/* "--name VALUE" / "--name=VALUE" at argv[*i]: 1 (value in *v), 0 another option, -1 missing */
static int diff_opt(int argc, char **argv, int *i, const char *name, const char **v) {
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n)) return 0;
    if (argv[*i][n] == '=') { *v = argv[*i] + n + 1; return 1; }
    if (argv[*i][n]) return 0;
    if (*i + 1 >= argc) return -1;
    *v = argv[++*i];
    return 1;
}

typedef struct diff_args {
    const char *files[2];
    int nfiles;
    const char *packs[MAX_LIST], *disable[MAX_LIST];
    size_t npacks, ndisable;
    int no_default, no_check, timing;
    const char *format, *output, *fail_on, *review, *color;
    double threshold;
    amicus_open_options open;
} diff_args;

/* 0 ok, 1 --help shown, 2 usage error (reported) */
static int parse_args(int argc, char **argv, diff_args *a) {
    int only_files = 0;
    for (int i = 1; i < argc; i++) {
        const char *s = argv[i], *v = NULL;
        int r = 0;
        if (only_files || s[0] != '-' || !s[1]) {
            if (a->nfiles == 2) { fprintf(stderr, "amicus diff: two files, OLD and NEW\n%s", DIFF_USAGE); return 2; }
            a->files[a->nfiles++] = s;
            continue;
        }
        if (!strcmp(s, "--")) { only_files = 1; continue; }
        if (!strcmp(s, "-h") || !strcmp(s, "--help")) { fputs(DIFF_USAGE, stdout); return 1; }
        if ((r = cli_limit_option(argc, argv, &i, &a->open, NULL, "diff"))) { if (r == 2) return 2; continue; }
        if (!strcmp(s, "--no-default-pack")) { a->no_default = 1; continue; }
        if (!strcmp(s, "--no-check")) { a->no_check = 1; continue; }
        if (!strcmp(s, "--time")) { a->timing = 1; continue; }
        if (!strcmp(s, "-o")) { if (i + 1 >= argc) goto missing; a->output = argv[++i]; continue; }
        if ((r = diff_opt(argc, argv, &i, "--output", &v)) > 0) { a->output = v; continue; }
        if (!r && (r = diff_opt(argc, argv, &i, "--format", &v)) > 0) { a->format = v; continue; }
        if (!r && (r = diff_opt(argc, argv, &i, "--fail-on", &v)) > 0) { a->fail_on = v; continue; }
        if (!r && (r = diff_opt(argc, argv, &i, "--review", &v)) > 0) { a->review = v; continue; }
        if (!r && (r = diff_opt(argc, argv, &i, "--color", &v)) > 0) { a->color = v; continue; }
        if (!r && (r = diff_opt(argc, argv, &i, "--pack", &v)) > 0) {
            if (a->npacks == MAX_LIST) goto toomany;
            a->packs[a->npacks++] = v;
            continue;
        }
        if (!r && (r = diff_opt(argc, argv, &i, "--disable", &v)) > 0) {
            if (a->ndisable == MAX_LIST) goto toomany;
            a->disable[a->ndisable++] = v;
            continue;
        }
        if (!r && (r = diff_opt(argc, argv, &i, "--threshold", &v)) > 0) {
            char *end;
            errno = 0;
            a->threshold = strtod(v, &end);
            if (errno || end == v || *end || !(a->threshold >= 0.05 && a->threshold <= 1.0)) {
                fprintf(stderr, "amicus diff: --threshold wants a number from 0.05 to 1, not '%s'\n", v);
                return 2;
            }
            continue;
        }
        if (!r && (r = diff_opt(argc, argv, &i, "--max-input", &v)) > 0) {
            if (!(a->open.max_input = cli_parse_size(v))) {
                fprintf(stderr, "amicus diff: bad --max-input '%s'\n", v);
                return 2;
            }
            continue;
        }
        if (!r && (r = diff_opt(argc, argv, &i, "--tracked", &v)) > 0) {
            if (!strcmp(v, "original")) a->open.tracked_original = 1;
            else if (!strcmp(v, "accepted")) a->open.tracked_original = 0;
            else {
                fprintf(stderr, "amicus diff: --tracked takes accepted or original, not '%s'\n", v);
                return 2;
            }
            continue;
        }
        if (r < 0) goto missing;
        fprintf(stderr, "amicus diff: unknown option '%s' (see 'amicus diff --help')\n", s);
        return 2;
    missing:
        fprintf(stderr, "amicus diff: %s needs a value\n", s);
        return 2;
    toomany:
        fprintf(stderr, "amicus diff: too many %s options\n", s);
        return 2;
    }
    if (a->nfiles != 2) { fprintf(stderr, "amicus diff: two files, OLD and NEW\n%s", DIFF_USAGE); return 2; }
    return 0;
}

static int severity_level(const char *s, amicus_severity *out) {
    if (!strcmp(s, "error")) *out = AMICUS_SEV_ERROR;
    else if (!strcmp(s, "warning")) *out = AMICUS_SEV_WARNING;
    else if (!strcmp(s, "note")) *out = AMICUS_SEV_NOTE;
    else if (!strcmp(s, "none")) *out = AMICUS_SEV_NONE;
    else return 0;
    return 1;
}

static int diff_rules(const diff_args *a, amicus_rules **out) {
    amicus_error err;
    amicus_rules *rules = NULL;
    if (amicus_rules_new(&rules, &err) || amicus_rules_set_cache(rules, cli_cache_dir(), &err) ||
        (!a->no_default && amicus_rules_load_dir(rules, cli_default_rules_dir(), &err)))
        goto fail;
    for (size_t i = 0; i < a->npacks; i++)
        if (amicus_rules_load_dir(rules, a->packs[i], &err)) goto fail;
    for (size_t i = 0; i < a->ndisable; i++)
        if (amicus_rules_disable(rules, a->disable[i], &err)) goto fail;
    if (amicus_rules_compile(rules, &err)) goto fail;
    *out = rules;
    return 0;
fail:
    diff_error(&err, NULL);
    amicus_rules_free(rules);
    return 2;
}

int cmd_diff(int argc, char **argv) {
    diff_args a;
    memset(&a, 0, sizeof a);
    a.format = "text";
    a.fail_on = "error";
    a.color = "auto";
    int r = parse_args(argc, argv, &a);
    if (r) return r == 1 ? 0 : 2;
    amicus_render_options ro = {0};
    amicus_severity fail_level;
    if (amicus_output_format_parse(a.format, &ro.format) || ro.format == AMICUS_OUT_SARIF) {
        fprintf(stderr, "amicus diff: unknown format '%s' (text, json, md, html)\n", a.format);
        return 2;
    }
    if (!severity_level(a.fail_on, &fail_level)) {
        fprintf(stderr, "amicus diff: --fail-on wants error, warning, note or none, not '%s'\n", a.fail_on);
        return 2;
    }
    if (strcmp(a.color, "auto") && strcmp(a.color, "always") && strcmp(a.color, "never")) {
        fprintf(stderr, "amicus diff: --color wants auto, always or never, not '%s'\n", a.color);
        return 2;
    }
    if (a.no_default && !a.npacks && !a.no_check) {
        fprintf(stderr, "amicus diff: --no-default-pack needs at least one --pack DIR\n");
        return 2;
    }

    int status = 2;
    amicus_error err;
    amicus_doc *docs[2] = {NULL, NULL};
    amicus_review *review = NULL;
    amicus_rules *rules = NULL;
    amicus_diff *diff = NULL;
    FILE *out = stdout;
    for (int k = 0; k < 2; k++) {
        if (amicus_doc_open_file(a.files[k], &a.open, &docs[k], &err)) { diff_error(&err, a.files[k]); goto done; }
        for (size_t i = 0; i < amicus_doc_warning_count(docs[k]); i++)
            fprintf(stderr, "amicus: %s: warning: %s\n", a.files[k], amicus_doc_warning(docs[k], i)->message);
    }
    char path[4096];
    struct stat sb;
    if (!a.review && !a.no_check && !amicus_review_default_path(a.files[0], path, sizeof path, &err) &&
        stat(path, &sb) == 0)
        a.review = path;
    if (a.review && !a.no_check && amicus_review_load(a.review, &review, &err)) { diff_error(&err, a.review); goto done; }
    if (!a.no_check && diff_rules(&a, &rules)) goto done;
    amicus_diff_options dopts = {a.threshold, 0, review};
    clock_t c0 = clock();
    if (amicus_diff_compute(docs[0], docs[1], rules, &dopts, &diff, &err)) { diff_error(&err, a.files[1]); goto done; }
    double cpu_ms = (double)(clock() - c0) * 1000.0 / CLOCKS_PER_SEC;
    if (a.timing)
        fprintf(stderr, "amicus: diff: %.1f ms wall aligning %zu + %zu provisions and diffing words (reading "
                        "and checking not included); %.1f ms CPU for the whole comparison%s\n",
                amicus_diff_ms(diff), amicus_doc_provision_count(docs[0]), amicus_doc_provision_count(docs[1]),
                cpu_ms, rules ? " with both checks" : "");
    if (a.output && strcmp(a.output, "-") && !(out = fopen(a.output, "w"))) {
        fprintf(stderr, "amicus: %s: %s\n", a.output, strerror(errno));
        out = stdout;
        goto done;
    }
    if (!strcmp(a.color, "always")) ro.color = 1;
    else if (!strcmp(a.color, "auto")) {
        const char *nc = getenv("NO_COLOR");
        ro.color = isatty(fileno(out)) && !(nc && *nc);
    }
    amicus_status rst = ro.format == AMICUS_OUT_HTML ? amicus_render_diff_html(out, diff, &ro, &err)
                                                     : amicus_render_diff(out, diff, &ro, &err);
    if (rst) { diff_error(&err, a.output ? a.output : "<stdout>"); goto done; }
    status = 0;
    for (size_t i = 0; i < amicus_diff_finding_count(diff, AMICUS_DELTA_NEW); i++) {
        const amicus_finding *f = amicus_diff_finding(diff, AMICUS_DELTA_NEW, i);
        if (fail_level != AMICUS_SEV_NONE && !f->dismissed && f->kind && !strcmp(f->kind, "risk") &&
            f->severity >= fail_level)
            status = 1;
    }
done:
    if (out != stdout) {
        if (fclose(out) != 0) { fprintf(stderr, "amicus: %s: %s\n", a.output, strerror(errno)); status = 2; }
    } else if (fflush(stdout) != 0) {
        status = 2;
    }
    amicus_diff_free(diff);
    amicus_review_free(review);
    amicus_doc_free(docs[0]);
    amicus_doc_free(docs[1]);
    amicus_rules_free(rules);
    return status;
}
