/* test_citing.c — the citing place on the StPO: a power bound to a court by the provision that cites it (§ 100e, § 101a), not by what it cites. */
/*
 * StPO 2022-01-28: § 100b (online search) names no court; § 100e (2) "Maßnahmen nach den §§ 100b
 * und 100c dürfen nur auf Antrag der Staatsanwaltschaft durch die in § 74a Absatz 4 des
 * Gerichtsverfassungsgesetzes genannte Kammer des Landgerichts angeordnet werden" cites it.
 * § 100g (traffic data) and § 100k (usage data) name no court either; § 101a (1) "Bei Erhebungen
 * von Verkehrsdaten nach § 100g gelten § 100a Absatz 3 und 4 und § 100e entsprechend" and (1a)
 * cite them and, in the same sentence, apply § 100e, whose (1) reserves the order to the court.
 * StPO 2012-07-02: § 100a's court order is in § 100b (1), § 100c's in § 100d (1) ("Abs. 4"). In
 * 2012, § 101 (1) lists "§§ 98a, 99, 100a, 100c bis 100i, 110a, 163d bis 163f": § 163d's
 * "richterliche Bestätigung" is named beside § 100c, not applied to it, and must not be the
 * evidence for § 100c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

#define STPO22 "versions/de-stpo.2022-01-28.md"
#define STPO12 "versions/de-stpo.2012-07-02.md"

static size_t count_in(const amicus_report *rep, const char *rule, const char *article) {
    size_t n = 0;
    for (size_t i = 0; i < amicus_report_finding_count(rep); i++) {
        const amicus_finding *f = amicus_report_finding(rep, i);
        if (!strcmp(f->rule, rule) && f->article && !strcmp(f->article, article)) n++;
    }
    return n;
}

/* the explanation of one provision: from "  § N [" to the next provision's line */
static void explained(const char *ex, const char *num, char *out, size_t cap) {
    char key[64];
    snprintf(key, sizeof key, "\n  § %s [", num);
    const char *a = strstr(ex, key);
    if (!a) fail_msg("no explanation for § %s", num);
    const char *b = strstr(a + 1, "\n  § ");
    size_t n = b ? (size_t)(b - a) : strlen(a);
    if (n >= cap) n = cap - 1;
    memcpy(out, a, n);
    out[n] = 0;
}

static void expect_bound(const char *rel, const char *num, const char *by) {
    amicus_doc *doc = tu_open_corpus(rel);
    amicus_report *rep = NULL;
    amicus_error err;
    amicus_check_options co = {0};
    co.explain_rule = "SAFE-NO-JUDICIAL-AUTH";
    assert_int_equal(amicus_check(doc, tu_rules, &co, &rep, &err), AMICUS_OK);
    char part[8192];
    explained(amicus_report_explain(rep), num, part, sizeof part);
    if (!strstr(part, "in [node, descendants, cited, citing]") || !strstr(part, "HOLDS") || !strstr(part, by))
        fail_msg("%s § %s: expected the court order from %s:\n%s", rel, num, by, part);
    amicus_report_free(rep);
    amicus_doc_free(doc);
}

/* how many findings of a rule one provision must have */
typedef struct expect { const char *rule, *article; size_t n; } expect;

static void expect_counts(const char *rel, const expect *e, size_t ne) {
    amicus_doc *doc = NULL;
    amicus_report *rep = tu_check_corpus(rel, &doc);
    for (size_t i = 0; i < ne; i++)
        if (count_in(rep, e[i].rule, e[i].article) != e[i].n)
            fail_msg("%s § %s: %zu findings of %s, expected %zu", rel, e[i].article,
                     count_in(rep, e[i].rule, e[i].article), e[i].rule, e[i].n);
    amicus_report_free(rep);
    amicus_doc_free(doc);
}

static void stpo_2022(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    static const expect e[] = {
        /* bound to a court by a provision citing them: no risk, judicial-authorisation evidence */
        {"SAFE-NO-JUDICIAL-AUTH", "100a", 0}, {"SAFE-JUDICIAL-AUTH", "100a", 1},
        {"SAFE-NO-JUDICIAL-AUTH", "100b", 0}, {"SAFE-JUDICIAL-AUTH", "100b", 1},
        {"SAFE-NO-JUDICIAL-AUTH", "100c", 0}, {"SAFE-JUDICIAL-AUTH", "100c", 1},
        {"SAFE-NO-JUDICIAL-AUTH", "100g", 0}, {"SAFE-JUDICIAL-AUTH", "100g", 1},
        {"SAFE-NO-JUDICIAL-AUTH", "100k", 0}, {"SAFE-JUDICIAL-AUTH", "100k", 1},
        {"SURV-REMOTE-ACCESS", "100b", 0}, {"SURV-REALTIME-TRAFFIC", "100g", 0},
        /* not every power is cleared: § 104 (searches at night) is cited by no court order */
        {"SAFE-NO-JUDICIAL-AUTH", "104", 1},
    };
    expect_counts(STPO22, e, sizeof e / sizeof *e);
    /* bound by § 100e: since the StPO outline has every § heading, its (1) "durch das Gericht angeordnet"
     * is the first of the two matches (its (2), the Kammer des Landgerichts, the second) */
    expect_bound(STPO22, "100b", "angeordnet' in § 100e(");
    expect_bound(STPO22, "100g", "'durch das Gericht angeordnet' in § 100e(1)");
    expect_bound(STPO22, "100k", "'durch das Gericht angeordnet' in § 100e(1)");
}

static void stpo_2012(void **state) {
    (void)state;
    if (!tu_require_corpus()) return;
    static const expect e[] = {
        {"SAFE-NO-JUDICIAL-AUTH", "100a", 0}, {"SURV-INTERCEPTION", "100a", 0}, {"SAFE-NO-JUDICIAL-AUTH", "100c", 0},
    };
    expect_counts(STPO12, e, sizeof e / sizeof *e);
    expect_bound(STPO12, "100a", "'durch das Gericht angeordnet' in § 100b(1)");
    expect_bound(STPO12, "100c", "Kammer des Landgerichts angeordnet' in § 100d(1)");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(stpo_2022),
        cmocka_unit_test(stpo_2012),
    };
    return cmocka_run_group_tests(tests, tu_setup_rules, tu_teardown_rules);
}
