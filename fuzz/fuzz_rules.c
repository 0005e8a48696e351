/* fuzz_rules.c — libFuzzer target: any bytes as a rule file (beside a fixed _pack.yaml), loaded, compiled and run on a small text. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "amicus.h"

#define CHECK(cond)                                                                          \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "fuzz_rules: %s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                                  \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

static char g_dir[256];
static char g_rule[300];
static amicus_doc *g_doc;

static const char pack[] =
    "pack: fuzz\nversion: 1\ntraits:\n"
    "  hedge: ['\\bas\\s+appropriate\\b', '@soft']\n"
    "  soft: ['\\binter\\s+alia\\b']\n"
    "  powers: ['\\border\\b', '\\bempower\\w*\\b']\n"
    "  judicial: ['\\bjudicial\\s+supervision\\b', '\\bwarrant\\b']\n"
    "demands:\n  6:\n    relevant_if: '@powers'\n";

static const char text[] =
    "Article 1 - Definitions\n(a) \"computer system\" means any device.\n\n"
    "Article 2 - Safeguards\n1. Powers are subject to judicial supervision, as appropriate.\n\n"
    "Article 3 - Orders\n1. Subject to Article 2, each Party shall empower its authorities to order\n"
    "any person who has knowledge about the functioning of the computer system to help.\n";

static void setup(void) {
    snprintf(g_dir, sizeof g_dir, "%s/fuzz_rules.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    CHECK(mkdtemp(g_dir) != NULL);
    char p[300];
    snprintf(p, sizeof p, "%s/_pack.yaml", g_dir);
    FILE *f = fopen(p, "wb");
    CHECK(f);
    fwrite(pack, 1, sizeof pack - 1, f);
    fclose(f);
    snprintf(g_rule, sizeof g_rule, "%s/r.yaml", g_dir);
    amicus_error err;
    CHECK(amicus_doc_open_memory(text, sizeof text - 1, "fuzz", NULL, &g_doc, &err) == AMICUS_OK);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!g_doc) setup();
    FILE *f = fopen(g_rule, "wb");
    CHECK(f);
    fwrite(data, 1, size, f);
    fclose(f);
    amicus_rules *r = NULL;
    amicus_error err;
    memset(&err, 0, sizeof err);
    CHECK(amicus_rules_new(&r, &err) == AMICUS_OK);
    amicus_status st = amicus_rules_load_dir(r, g_dir, &err);
    if (st == AMICUS_OK) st = amicus_rules_compile(r, &err);
    if (st != AMICUS_OK) {
        CHECK(st == AMICUS_ERR_RULES || st == AMICUS_ERR_NOMEM || st == AMICUS_ERR_IO);
        CHECK(err.message[0] != 0);
        char buf[1200];
        amicus_error_format(&err, buf, sizeof buf);
        amicus_rules_free(r);
        return 0;
    }
    for (size_t i = 0; i < amicus_rules_count(r); i++) {
        const amicus_rule_info *in = amicus_rules_get(r, i);
        CHECK(in && in->id && in->message && in->nfire >= 1 && in->npass >= 1);
    }
    for (size_t i = 0; i < amicus_rules_pattern_count(r); i++) CHECK(amicus_rules_pattern(r, i));
    const amicus_rule_info *first = amicus_rules_get(r, 0);
    amicus_check_options co = {.explain_rule = first ? first->id : NULL};
    amicus_report *rep = NULL;
    CHECK(amicus_check(g_doc, r, &co, &rep, &err) == AMICUS_OK);
    size_t len;
    amicus_doc_text(g_doc, &len);
    for (size_t i = 0; i < amicus_report_finding_count(rep); i++) {
        const amicus_finding *fd = amicus_report_finding(rep, i);
        CHECK(fd->start <= fd->end && fd->end <= len);
        CHECK(strlen(fd->fingerprint) == 16);
        CHECK(fd->demand >= 1 && fd->demand <= 6);
    }
    for (int d = 1; d <= 6; d++) CHECK(amicus_report_demand(rep, d)->reason != NULL);
    if (first) CHECK(amicus_report_explain(rep) != NULL);
    amicus_report_free(rep);
    amicus_rules_free(r);
    return 0;
}
