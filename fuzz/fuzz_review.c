/* fuzz_review.c — libFuzzer target: any bytes as a review file; accepted ones must survive save and reload. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "amicus.h"

/* An invariant broke: report it and crash so libFuzzer keeps the input. */
#define CHECK(cond)                                                                         \
    do {                                                                                    \
        if (!(cond)) {                                                                      \
            fprintf(stderr, "fuzz_review: %s:%d: invariant failed: %s\n", __FILE__, __LINE__, \
                    #cond);                                                                 \
            abort();                                                                        \
        }                                                                                   \
    } while (0)

static char g_dir[64], g_path[256]; /* a private directory for the save/reload round trip */

static void cleanup(void) {
    unlink(g_path);
    rmdir(g_dir);
}

static void setup(void) {
    if (g_path[0]) return;
    snprintf(g_dir, sizeof g_dir, "%s", "/tmp/amicus-fuzz-review-XXXXXX");
    CHECK(mkdtemp(g_dir) != NULL);
    snprintf(g_path, sizeof g_path, "%s/r.amicus-review", g_dir);
    atexit(cleanup);
}

static int streq(const char *a, const char *b) {
    if (!a || !b) return a == b;
    return strcmp(a, b) == 0;
}

static void check_entries(const amicus_review *rv) {
    for (size_t i = 0; i < amicus_review_count(rv); i++) {
        const amicus_review_entry *e = amicus_review_entry_at(rv, i);
        CHECK(e && e->fingerprint && strlen(e->fingerprint) == 16);
        for (int k = 0; k < 16; k++) CHECK(strchr("0123456789abcdef", e->fingerprint[k]) != NULL);
        CHECK(e->decision == AMICUS_REVIEW_ACCEPTED || e->decision == AMICUS_REVIEW_DISMISSED);
        CHECK(e->reason && e->reason[0]);
        CHECK(e->date && strlen(e->date) == 10);
        CHECK(amicus_review_find(rv, e->fingerprint) == e);
    }
    CHECK(amicus_review_entry_at(rv, amicus_review_count(rv)) == NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    setup();
    amicus_review *rv = NULL;
    amicus_error err;
    amicus_status st = amicus_review_parse((const char *)data, size, "fuzz", &rv, &err);
    if (st != AMICUS_OK) {
        CHECK(rv == NULL);
        CHECK(err.message[0] != '\0');
        return 0;
    }
    CHECK(rv != NULL);
    CHECK(amicus_review_document(rv) != NULL);
    check_entries(rv);
    /* what was accepted is written back as an equal review */
    CHECK(amicus_review_save(rv, g_path, &err) == AMICUS_OK);
    amicus_review *back = NULL;
    st = amicus_review_load(g_path, &back, &err);
    if (st != AMICUS_OK) fprintf(stderr, "fuzz_review: reload: %s\n", err.message);
    CHECK(st == AMICUS_OK);
    CHECK(streq(amicus_review_document(rv), amicus_review_document(back)));
    CHECK(amicus_review_count(rv) == amicus_review_count(back));
    for (size_t i = 0; i < amicus_review_count(rv); i++) {
        const amicus_review_entry *a = amicus_review_entry_at(rv, i), *b = amicus_review_entry_at(back, i);
        CHECK(streq(a->fingerprint, b->fingerprint) && a->decision == b->decision &&
              streq(a->reason, b->reason) && streq(a->date, b->date) && streq(a->rule, b->rule));
    }
    amicus_review_free(back);
    amicus_review_free(rv);
    return 0;
}
