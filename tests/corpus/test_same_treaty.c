/* test_same_treaty.c — same treaty, same findings: the Budapest Convention in English, Spanish and German must be flagged article by article for the same (concern, demand) pairs. */
/*
 * English: coe-budapest-convention-ets185.en-nl.md (its English part; no English rule applies
 * to the Dutch part). Spanish: the text annexed to Paraguay's Ley 5994/2017,
 * text/py-ley5994-2017-aprueba-convenio-budapest-texto.es.txt, of which only articles 14 to 48
 * are usable (articles 2 to 13 were overwritten in the source). German: the Swiss official text,
 * ch-budapest-convention-sr0.311.43.de.md (SR 0.311.43), which holds every article.
 *
 * For each article in the compared range, the set of (concern, demand) of the risk findings
 * must be equal in both languages, and every article the English text is flagged on must be
 * flagged in the other language too. Two empty sets match only for an article neither version
 * flags, and each case requires the English text to be flagged on a minimum number of the
 * compared articles, so an empty pack can never pass. Articles that differ for a stated reason
 * are listed per language with the reason (both lists are empty today); a listed article
 * that no longer differs fails the test, so the list cannot go stale.
 *
 * The rules are those of rules/default: the language subdirectories (es/, de/) are part of it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "testutil.h"

#define EN_DOC "coe-budapest-convention-ets185.en-nl.md"
#define LAST_ARTICLE 48

typedef struct difference {
    int article;
    const char *why;
} difference;

static const difference es_differences[] = {
    {0, NULL} /* none: keep this list short and honest */
};

static const difference de_differences[] = {
    /* none since the German "den Artikeln 14 und 15" is read as a citation and the Swiss <sup>N</sup>
     * paragraph numbers are parsed (arts. 16, 18-20 listed here before now match) */
    {0, NULL}
};

typedef struct treaty_case {
    const char *lang, *name, *doc;
    int first_article;
    size_t min_flagged;
    const difference *differences;
} treaty_case;

/* one bit per (concern, demand) pair: concern * 8 + demand */
typedef struct article_set {
    unsigned long long bits;
    char rules[512];
} article_set;

static int article_number(const char *a) {
    if (!a) return -1;
    while (*a && (*a < '0' || *a > '9')) a++;
    if (!*a) return -1;
    return atoi(a);
}

static void collect(const char *rel, int first, article_set *sets) {
    amicus_doc *doc = NULL;
    amicus_report *rep = tu_check_corpus(rel, &doc);
    size_t n = amicus_report_finding_count(rep);
    for (size_t i = 0; i < n; i++) {
        const amicus_finding *f = amicus_report_finding(rep, i);
        if (strcmp(f->kind, "risk") != 0 || !f->article) continue;
        int a = article_number(f->article);
        if (a < first || a > LAST_ARTICLE) continue;
        sets[a].bits |= 1ull << ((unsigned)f->concern * 8u + (unsigned)f->demand);
        if (!strstr(sets[a].rules, f->rule) && strlen(sets[a].rules) + strlen(f->rule) + 2 < sizeof sets[a].rules) {
            if (sets[a].rules[0]) strcat(sets[a].rules, " ");
            strcat(sets[a].rules, f->rule);
        }
    }
    amicus_report_free(rep);
    amicus_doc_free(doc);
}

static const char *difference_reason(const difference *d, int article) {
    for (; d->why; d++)
        if (d->article == article) return d->why;
    return NULL;
}

static void compare(const treaty_case *tc) {
    tu_require_corpus();
    static article_set en[LAST_ARTICLE + 1], other[LAST_ARTICLE + 1];
    memset(en, 0, sizeof en);
    memset(other, 0, sizeof other);
    collect(EN_DOC, tc->first_article, en);
    collect(tc->doc, tc->first_article, other);

    size_t bad = 0, flagged = 0, same = 0;
    for (int a = tc->first_article; a <= LAST_ARTICLE; a++) {
        if (en[a].bits) flagged++;
        if (en[a].bits == other[a].bits) {
            if (en[a].bits) same++;
            /* a listed difference that no longer differs is a stale excuse: the list must stay true */
            if (difference_reason(tc->differences, a)) {
                fprintf(stderr, "same-treaty STALE art. %d: listed as differing, but both give: %s\n", a,
                        en[a].rules[0] ? en[a].rules : "-");
                bad++;
            }
            continue;
        }
        const char *why = difference_reason(tc->differences, a);
        if (why) {
            fprintf(stderr, "same-treaty: art. %d differs as expected (%s)\n  en: %s\n  %s: %s\n", a, why,
                    en[a].rules[0] ? en[a].rules : "-", tc->lang, other[a].rules[0] ? other[a].rules : "-");
            continue;
        }
        fprintf(stderr, "same-treaty MISMATCH art. %d\n  en: %s\n  %s: %s\n", a, en[a].rules[0] ? en[a].rules : "-",
                tc->lang, other[a].rules[0] ? other[a].rules : "-");
        bad++;
    }
    fprintf(stderr, "same-treaty: Budapest arts. %d-%d: %zu flagged in English, %zu with the same concerns and demands in %s\n",
            tc->first_article, LAST_ARTICLE, flagged, same, tc->name);
    if (flagged < tc->min_flagged)
        fail_msg("the English Budapest text is flagged on only %zu articles of %d-%d", flagged, tc->first_article, LAST_ARTICLE);
    if (bad) fail_msg("%zu article%s of the Budapest Convention flagged differently in English and %s (or listed as "
                      "differing but no longer)", bad, bad == 1 ? "" : "s", tc->name);
}

static void test_budapest_en_es(void **state) {
    (void)state;
    static const treaty_case tc = {"es", "Spanish", "text/py-ley5994-2017-aprueba-convenio-budapest-texto.es.txt",
                                   14, 15, es_differences};
    compare(&tc);
}

static void test_budapest_en_de(void **state) {
    (void)state;
    static const treaty_case tc = {"de", "German", "ch-budapest-convention-sr0.311.43.de.md", 1, 20, de_differences};
    compare(&tc);
}

int main(void) {
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_budapest_en_es), cmocka_unit_test(test_budapest_en_de)};
    return cmocka_run_group_tests(tests, tu_setup_rules, tu_teardown_rules);
}
