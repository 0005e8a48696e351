/* check.c — `amicus check` (findings and scorecard in four formats) and `amicus review`. */
#include "cli.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef AMICUS_EXAMPLE
#define AMICUS_EXAMPLE "examples/cybercrime-bill.txt"
#endif

static const char *CHECK_USAGE =
    "usage: amicus check [options] [FILE...]\n"
    "  (no FILE: checks the bundled example bill)\n"
    "  --format text|json|sarif|md|html   output format (default text)\n"
    "  -o, --output FILE             write the output to FILE\n"
    "  --pack DIR                    load another rule pack (repeatable)\n"
    "  --no-default-pack             do not load the default pack\n"
    "  --disable ID                  switch a rule off (repeatable)\n"
    "  --severity ID=LEVEL           change a rule's severity: error, warning, note (repeatable)\n"
    "  --fail-on error|warning|note|none   exit 1 when a finding reaches LEVEL (default error)\n"
    "  --explain ID                  print, instead of the report, why rule ID fired or not per node\n"
    "  --review FILE                 review file to apply (default: FILE.amicus-review if present)\n"
    "  --show-dismissed              list dismissed findings too (text, md)\n"
    "  --max-input SIZE              refuse inputs larger than SIZE (e.g. 64M; default 256M)\n"
    CLI_LIMITS_HELP CLI_FINDINGS_HELP
    "  --lang L                      force the document language (e.g. en)\n"
    "  --tracked accepted|original   DOCX tracked changes read as accepted (default) or original\n"
    "  --color auto|always|never     colour in text output (auto: on a terminal, unless NO_COLOR)\n"
    "exit status: 0 no finding at --fail-on, 1 findings at --fail-on, 2 usage or input error\n";

static const char *REVIEW_USAGE =
    "usage: amicus review accept|dismiss FINGERPRINT --reason TEXT [--review FILE] DOCUMENT\n"
    "  records a decision about a finding in the review file (default DOCUMENT.amicus-review),\n"
    "  which 'amicus check' applies: dismissed findings are hidden and counted.\n"
    "  --reason TEXT        why (required)\n"
    "  --review FILE        the review file to update\n"
    "  --force              record it even when DOCUMENT has no finding with that fingerprint\n"
    "  --pack DIR, --no-default-pack, --disable ID, --severity ID=LEVEL, --max-input SIZE,\n"
    "  --lang L             the rules used to look the fingerprint up (as for 'amicus check')\n";

static void print_error(const amicus_error *err, const char *file) {
    char buf[1200];
    amicus_error_format(err, buf, sizeof buf);
    if (!err->file[0] && file) fprintf(stderr, "amicus: %s: %s\n", file, buf);
    else fprintf(stderr, "amicus: %s\n", buf);
}

/* Open a document, print its ingest warnings; 2 (reported, err filled) when unreadable. */
static int open_doc(const char *file, const cli_pack_opts *po, amicus_doc **doc, amicus_error *err) {
    if (amicus_doc_open_file(file, &po->open, doc, err) != AMICUS_OK) {
        print_error(err, file);
        return 2;
    }
    for (size_t i = 0; i < amicus_doc_warning_count(*doc); i++)
        fprintf(stderr, "amicus: %s: warning: %s\n", file, amicus_doc_warning(*doc, i)->message);
    return 0;
}

static int file_exists(const char *path) {
    struct stat sb;
    return stat(path, &sb) == 0;
}

int cmd_check(int argc, char **argv) {
    cli_pack_opts po = {0};
    const char *format = "text", *output = NULL, *fail_on = "error", *explain = NULL,
               *review_path = NULL, *color = "auto";
    int show_dismissed = 0, only_files = 0;
    const char **files = calloc((size_t)argc + 1, sizeof *files);
    size_t nfiles = 0;
    if (!files) return 2;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (only_files || a[0] != '-' || !a[1]) { files[nfiles++] = a; continue; }
        if (!strcmp(a, "--")) { only_files = 1; continue; }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(CHECK_USAGE, stdout); free(files); return 0; }
        if ((r = cli_pack_option(argc, argv, &i, &po, "check"))) { if (r == 2) { free(files); return 2; } continue; }
        if ((r = cli_opt(argc, argv, &i, "--output", "-o", &v))) { if (r < 0) goto missing; output = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--format", NULL, &v))) { if (r < 0) goto missing; format = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--fail-on", NULL, &v))) { if (r < 0) goto missing; fail_on = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--explain", NULL, &v))) { if (r < 0) goto missing; explain = v; continue; }
        if ((r = cli_opt(argc, argv, &i, "--review", NULL, &v))) { if (r < 0) goto missing; review_path = v; continue; }
        if (!strcmp(a, "--color") || !strcmp(a, "--colour")) {
            /* bare --color means always, unless a WHEN follows */
            if (i + 1 < argc && (!strcmp(argv[i + 1], "auto") || !strcmp(argv[i + 1], "always") ||
                                 !strcmp(argv[i + 1], "never")))
                color = argv[++i];
            else
                color = "always";
            continue;
        }
        if (!strncmp(a, "--color=", 8) || !strncmp(a, "--colour=", 9)) { color = strchr(a, '=') + 1; continue; }
        if (!strcmp(a, "--show-dismissed")) { show_dismissed = 1; continue; }
        fprintf(stderr, "amicus check: unknown option '%s' (see 'amicus check --help')\n", a);
        free(files);
        return 2;
    missing:
        fprintf(stderr, "amicus check: %s needs a value\n", a);
        free(files);
        return 2;
    }

    amicus_render_options ro = {0};
    ro.show_dismissed = show_dismissed;
    if (amicus_output_format_parse(format, &ro.format)) {
        fprintf(stderr, "amicus check: unknown format '%s' (text, json, sarif, md, html)\n", format);
        free(files);
        return 2;
    }
    amicus_severity fail_level;
    if (!strcmp(fail_on, "none")) fail_level = AMICUS_SEV_NONE;
    else if (!cli_parse_severity(fail_on, &fail_level)) {
        fprintf(stderr, "amicus check: --fail-on wants error, warning, note or none, not '%s'\n", fail_on);
        free(files);
        return 2;
    }
    if (strcmp(color, "auto") && strcmp(color, "always") && strcmp(color, "never")) {
        fprintf(stderr, "amicus check: --color wants auto, always or never, not '%s'\n", color);
        free(files);
        return 2;
    }
    if (po.no_default && !po.npacks) {
        fprintf(stderr, "amicus check: --no-default-pack needs at least one --pack DIR\n");
        free(files);
        return 2;
    }
    char cwd[4096];
    if (!nfiles) {
        /* the compiled-in path, relative when run from the source tree */
        const char *ex = AMICUS_EXAMPLE;
        size_t n = getcwd(cwd, sizeof cwd) ? strlen(cwd) : 0;
        if (n && !strncmp(ex, cwd, n) && ex[n] == '/') ex += n + 1;
        files[nfiles++] = ex;
        fprintf(stderr, "amicus: no file given; checking the bundled example %s\n",
                strstr(AMICUS_EXAMPLE, "examples/") ? strstr(AMICUS_EXAMPLE, "examples/") : AMICUS_EXAMPLE);
    }

    amicus_error err;
    amicus_review *forced_review = NULL;
    if (review_path && amicus_review_load(review_path, &forced_review, &err)) {
        print_error(&err, review_path);
        free(files);
        return 2;
    }
    /* the rules are compiled once, when the first readable document needs them, so that
     * unreadable inputs are refused at once */
    amicus_rules *rules = NULL;

    FILE *out = stdout;
    if (output && strcmp(output, "-")) {
        out = fopen(output, "w");
        if (!out) {
            fprintf(stderr, "amicus: %s: %s\n", output, strerror(errno));
            amicus_rules_free(rules);
            amicus_review_free(forced_review);
            free(files);
            return 2;
        }
    }
    if (!strcmp(color, "always")) ro.color = 1;
    else if (!strcmp(color, "auto")) {
        const char *nc = getenv("NO_COLOR");
        ro.color = isatty(fileno(out)) && !(nc && *nc);
    }
    if (ro.format != AMICUS_OUT_TEXT) ro.color = 0;

    amicus_renderer *rd = NULL;
    if (!explain && amicus_renderer_new(out, &ro, &rd, &err)) {
        print_error(&err, NULL);
        if (out != stdout) fclose(out);
        amicus_rules_free(rules);
        amicus_review_free(forced_review);
        free(files);
        return 2;
    }

    int status = 0;
    amicus_check_options co = {explain, po.max_findings};
    for (size_t k = 0; k < nfiles; k++) {
        const char *file = files[k];
        amicus_doc *doc = NULL;
        amicus_report *rep = NULL;
        amicus_review *own_review = NULL;
        const amicus_review *rv = forced_review;
        if (open_doc(file, &po, &doc, &err)) {
            status = 2;
            if (rd) amicus_render_input_error(rd, file, err.message, NULL);
            continue;
        }
        if (!rv) {
            char path[4096];
            if (!amicus_review_default_path(file, path, sizeof path, &err) && file_exists(path)) {
                if (amicus_review_load(path, &own_review, &err)) {
                    print_error(&err, path);
                    status = 2;
                    char msg[1200];
                    if (rd) amicus_render_input_error(rd, file, amicus_error_format(&err, msg, sizeof msg), NULL);
                    amicus_doc_free(doc);
                    continue;
                }
                rv = own_review;
            }
        }
        if (!rules) {
            int bad = cli_load_rules(&po, &rules);
            if (!bad && explain && !amicus_rules_find(rules, explain, NULL)) {
                fprintf(stderr, "amicus check: --explain: no rule '%s' is loaded (see 'amicus rules list')\n",
                        explain);
                bad = 2;
            }
            if (bad) { /* nothing was written yet: the renderer writes from the first document on */
                amicus_doc_free(doc);
                amicus_review_free(own_review);
                amicus_renderer_free(rd);
                if (out != stdout) fclose(out);
                amicus_rules_free(rules);
                amicus_review_free(forced_review);
                free(files);
                return 2;
            }
        }
        if (amicus_check(doc, rules, &co, &rep, &err)) {
            print_error(&err, file);
            status = 2;
            if (rd) amicus_render_input_error(rd, file, err.message, NULL);
        } else {
            amicus_review_apply(rv, rep);
            if (explain) {
                const char *x = amicus_report_explain(rep);
                if (nfiles > 1) fprintf(out, "%s# %s\n", k ? "\n" : "", file);
                fputs(x ? x : "(no explanation)\n", out);
            } else if (amicus_render_document(rd, doc, rep, rv, &err)) {
                print_error(&err, output ? output : "<stdout>");
                status = 2;
            }
        }
        amicus_report_free(rep);
        amicus_review_free(own_review);
        amicus_doc_free(doc);
    }

    amicus_render_summary sum = {0};
    if (rd) {
        if (amicus_renderer_finish(rd, &err)) {
            print_error(&err, output ? output : "<stdout>");
            status = 2;
        }
        amicus_renderer_summary(rd, &sum);
        amicus_renderer_free(rd);
    }
    if (out != stdout) {
        if (fclose(out) != 0) {
            fprintf(stderr, "amicus: %s: %s\n", output, strerror(errno));
            status = 2;
        }
    } else if (fflush(stdout) != 0) {
        status = 2;
    }
    if (!status && fail_level != AMICUS_SEV_NONE && sum.max_severity >= fail_level &&
        sum.max_severity != AMICUS_SEV_NONE)
        status = 1;
    amicus_rules_free(rules);
    amicus_review_free(forced_review);
    free(files);
    return status;
}

/* ------------------------------------------------------------------- review */

/* The finding with this fingerprint in document `file`: its rule id copied to rule[];
 * 0 found, 1 not found, 2 error (reported). */
static int find_finding(const char *file, const char *fp, const cli_pack_opts *po, char *rule,
                        size_t rulesz, char *where, size_t wheresz) {
    amicus_rules *rules;
    if (cli_load_rules(po, &rules)) return 2;
    amicus_doc *doc;
    amicus_error err;
    if (open_doc(file, po, &doc, &err)) {
        amicus_rules_free(rules);
        return 2;
    }
    amicus_report *rep;
    int res = 1;
    amicus_check_options co = {.max_findings = po->max_findings};
    if (amicus_check(doc, rules, &co, &rep, &err)) {
        print_error(&err, file);
        res = 2;
    } else {
        for (size_t i = 0; i < amicus_report_finding_count(rep); i++) {
            const amicus_finding *f = amicus_report_finding(rep, i);
            if (strcasecmp(f->fingerprint, fp)) continue;
            snprintf(rule, rulesz, "%s", f->rule);
            snprintf(where, wheresz, "%s", f->path ? f->path : "the document");
            res = 0;
            break;
        }
        amicus_report_free(rep);
    }
    amicus_doc_free(doc);
    amicus_rules_free(rules);
    return res;
}

int cmd_review(int argc, char **argv) {
    cli_pack_opts po = {0};
    const char *action = NULL, *fp = NULL, *reason = NULL, *review_path = NULL, *document = NULL;
    int force = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        int r;
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) { fputs(REVIEW_USAGE, stdout); return 0; }
        if (a[0] == '-' && a[1]) {
            if ((r = cli_pack_option(argc, argv, &i, &po, "review"))) { if (r == 2) return 2; continue; }
            if ((r = cli_opt(argc, argv, &i, "--reason", NULL, &v))) { if (r < 0) goto missing; reason = v; continue; }
            if ((r = cli_opt(argc, argv, &i, "--review", NULL, &v))) { if (r < 0) goto missing; review_path = v; continue; }
            if (!strcmp(a, "--force")) { force = 1; continue; }
            fprintf(stderr, "amicus review: unknown option '%s'\n%s", a, REVIEW_USAGE);
            return 2;
        missing:
            fprintf(stderr, "amicus review: %s needs a value\n", a);
            return 2;
        }
        if (!action) action = a;
        else if (!fp) fp = a;
        else if (!document) document = a;
        else { fprintf(stderr, "amicus review: one DOCUMENT only\n%s", REVIEW_USAGE); return 2; }
    }
    if (!action || !fp || !document) { fputs(REVIEW_USAGE, stderr); return 2; }
    amicus_review_decision decision;
    if (!strcmp(action, "accept")) decision = AMICUS_REVIEW_ACCEPTED;
    else if (!strcmp(action, "dismiss")) decision = AMICUS_REVIEW_DISMISSED;
    else { fprintf(stderr, "amicus review: unknown action '%s' (accept, dismiss)\n", action); return 2; }
    size_t fplen = strlen(fp);
    int hex = fplen == 16;
    for (size_t k = 0; hex && k < fplen; k++) hex = strchr("0123456789abcdefABCDEF", fp[k]) != NULL;
    if (!hex) { fprintf(stderr, "amicus review: '%s' is not a fingerprint (16 hex digits)\n", fp); return 2; }
    if (!reason || !*reason) { fprintf(stderr, "amicus review: --reason TEXT is required\n"); return 2; }
    if (po.no_default && !po.npacks) {
        fprintf(stderr, "amicus review: --no-default-pack needs at least one --pack DIR\n");
        return 2;
    }

    char pathbuf[4096];
    amicus_error err;
    if (!review_path) {
        if (amicus_review_default_path(document, pathbuf, sizeof pathbuf, &err)) { print_error(&err, document); return 2; }
        review_path = pathbuf;
    }
    amicus_review *rv = NULL;
    if (file_exists(review_path)) {
        if (amicus_review_load(review_path, &rv, &err)) {
            print_error(&err, review_path);
            fprintf(stderr, "amicus: %s: not a valid review file; left unchanged\n", review_path);
            return 2;
        }
    } else {
        const char *base = strrchr(document, '/');
        if (amicus_review_new(base ? base + 1 : document, &rv, &err)) { print_error(&err, NULL); return 2; }
    }

    char rule[256] = "", where[256] = "";
    if (!force) {
        int r = find_finding(document, fp, &po, rule, sizeof rule, where, sizeof where);
        if (r == 2) { amicus_review_free(rv); return 2; }
        if (r == 1) {
            fprintf(stderr, "amicus review: %s has no finding with fingerprint %s "
                            "(see 'amicus check --format json %s'; --force records it anyway)\n",
                    document, fp, document);
            amicus_review_free(rv);
            return 2;
        }
    }
    if (amicus_review_set(rv, fp, decision, reason, NULL, rule[0] ? rule : NULL, &err) ||
        amicus_review_save(rv, review_path, &err)) {
        print_error(&err, review_path);
        amicus_review_free(rv);
        return 2;
    }
    printf("%s %s", amicus_review_decision_name(decision), fp);
    if (rule[0]) printf(" (%s at %s)", rule, where);
    printf(" in %s\n", review_path);
    amicus_review_free(rv);
    return 0;
}
