/* test_report_review.c — the review file: strict parsing, lookup, atomic save, round trips. */
#include "testutil.h"
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *VALID =
    "{\n  \"amicus_review\": 1,\n  \"document\": \"bill.txt\",\n  \"decisions\": [\n"
    "    {\"fingerprint\": \"0123456789ABCDEF\", \"decision\": \"dismissed\", \"reason\": \"caf\\u00e9 \\ud83d\\ude00\", "
    "\"date\": \"2026-11-28\", \"rule\": \"SCOPE-ANY-OFFENCE\"},\n"
    "    {\"rule\": null, \"date\": \"2026-01-02\", \"reason\": \"ok\", \"decision\": \"accepted\", "
    "\"fingerprint\": \"fedcba9876543210\"}\n  ]\n}\n";

static amicus_review *parse_ok(const char *s) {
    amicus_review *rv = NULL;
    amicus_error err;
    amicus_status st = amicus_review_parse(s, strlen(s), "t.amicus-review", &rv, &err);
    if (st != AMICUS_OK) fail_msg("parse failed: %s", err.message);
    return rv;
}

static void test_parse_valid(void **state) {
    (void)state;
    amicus_review *rv = parse_ok(VALID);
    assert_string_equal(amicus_review_document(rv), "bill.txt");
    assert_int_equal(amicus_review_count(rv), 2);
    const amicus_review_entry *e = amicus_review_find(rv, "0123456789abcdef");
    assert_non_null(e);
    assert_string_equal(e->fingerprint, "0123456789abcdef"); /* stored lowercase */
    assert_int_equal(e->decision, AMICUS_REVIEW_DISMISSED);
    assert_string_equal(e->reason, "caf\xc3\xa9 \xf0\x9f\x98\x80");
    assert_string_equal(e->rule, "SCOPE-ANY-OFFENCE");
    e = amicus_review_find(rv, "FEDCBA9876543210");
    assert_non_null(e);
    assert_int_equal(e->decision, AMICUS_REVIEW_ACCEPTED);
    assert_null(e->rule);
    assert_null(amicus_review_find(rv, "1111111111111111"));
    amicus_review_free(rv);
    rv = parse_ok("{\"decisions\":[],\"document\":\"\",\"amicus_review\":1}");
    assert_int_equal(amicus_review_count(rv), 0);
    amicus_review_free(rv);
}

/* Every one of these must be refused with AMICUS_ERR_FORMAT (never crash, never accept). */
static void test_parse_rejects(void **state) {
    (void)state;
    static const char *bad[] = {
        "", " ", "[]", "null", "{", "{}", "{\"amicus_review\":1}",
        "{\"name\":\"package\",\"version\":\"1.0.0\"}",                     /* foreign JSON */
        "{\"amicus_review\":2,\"document\":\"x\",\"decisions\":[]}",       /* newer */
        "{\"amicus_review\":0,\"document\":\"x\",\"decisions\":[]}",
        "{\"amicus_review\":1.0,\"document\":\"x\",\"decisions\":[]}",
        "{\"amicus_review\":01,\"document\":\"x\",\"decisions\":[]}",
        "{\"amicus_review\":\"1\",\"document\":\"x\",\"decisions\":[]}",
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":[]} x",      /* trailing data */
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":[],}",       /* trailing comma */
        "{\"amicus_review\":1,\"amicus_review\":1,\"document\":\"x\",\"decisions\":[]}",
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":{}}",
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":[{}]}",
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":[{\"fingerprint\":\"0123456789abcdef\","
        "\"decision\":\"dismissed\",\"reason\":\"r\"}]}",                    /* no date */
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":[{\"fingerprint\":\"0123456789abcde\","
        "\"decision\":\"dismissed\",\"reason\":\"r\",\"date\":\"2026-01-01\"}]}", /* 15 digits */
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":[{\"fingerprint\":\"0123456789abcdef\","
        "\"decision\":\"ignored\",\"reason\":\"r\",\"date\":\"2026-01-01\"}]}",
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":[{\"fingerprint\":\"0123456789abcdef\","
        "\"decision\":\"dismissed\",\"reason\":\"\",\"date\":\"2026-01-01\"}]}",
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":[{\"fingerprint\":\"0123456789abcdef\","
        "\"decision\":\"dismissed\",\"reason\":\"r\",\"date\":\"2026-13-01\"}]}",
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":[{\"fingerprint\":\"0123456789abcdef\","
        "\"decision\":\"dismissed\",\"reason\":\"r\",\"date\":\"2026-01-01\",\"extra\":1}]}",
        "{\"amicus_review\":1,\"document\":\"x\",\"decisions\":["
        "{\"fingerprint\":\"0123456789abcdef\",\"decision\":\"dismissed\",\"reason\":\"r\",\"date\":\"2026-01-01\"},"
        "{\"fingerprint\":\"0123456789ABCDEF\",\"decision\":\"accepted\",\"reason\":\"r\",\"date\":\"2026-01-01\"}]}",
        "{\"amicus_review\":1,\"document\":\"a\\u0000b\",\"decisions\":[]}",
        "{\"amicus_review\":1,\"document\":\"\\ud800\",\"decisions\":[]}",
        "{\"amicus_review\":1,\"document\":\"\\udc00\\ud800\",\"decisions\":[]}",
        "{\"amicus_review\":1,\"document\":\"\\x\",\"decisions\":[]}",
        "{\"amicus_review\":1,\"document\":\"a\nb\",\"decisions\":[]}",
        "{\"amicus_review\":1,\"document\":\"\xc3\x28\",\"decisions\":[]}",   /* invalid UTF-8 */
        "{\"amicus_review\":1,\"document\":\"\xed\xa0\x80\",\"decisions\":[]}", /* UTF-8 surrogate */
        "{\"amicus_review\":1,\"document\":\"\xc0\xaf\",\"decisions\":[]}",   /* overlong */
        "{\"amicus_review\":1,\"document\":\"unterminated,\"decisions\":[]}",
        "{'amicus_review':1}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        amicus_review *rv = NULL;
        amicus_error err;
        amicus_status st = amicus_review_parse(bad[i], strlen(bad[i]), "bad", &rv, &err);
        if (st != AMICUS_ERR_FORMAT) fail_msg("case %zu accepted (status %d): %s", i, st, bad[i]);
        assert_null(rv);
        assert_true(err.message[0] != '\0');
    }
}

static void test_error_messages(void **state) {
    (void)state;
    amicus_review *rv;
    amicus_error err;
    const char *foreign = "{\n  \"name\": \"x\"\n}";
    assert_int_equal(amicus_review_parse(foreign, strlen(foreign), "f.json", &rv, &err), AMICUS_ERR_FORMAT);
    assert_non_null(strstr(err.message, "not an amicus review file"));
    assert_string_equal(err.file, "f.json");
    assert_int_equal(err.line, 2);
    assert_int_equal(err.column, 3);
    const char *newer = "{\"amicus_review\":7,\"document\":\"x\",\"decisions\":[]}";
    assert_int_equal(amicus_review_parse(newer, strlen(newer), "n", &rv, &err), AMICUS_ERR_FORMAT);
    assert_non_null(strstr(err.message, "newer"));
}

static char *tmpdir(void) {
    char *d = strdup("/tmp/amicus-review-test-XXXXXX");
    assert_non_null(mkdtemp(d));
    return d;
}

static size_t count_entries(const char *dir) {
    DIR *d = opendir(dir);
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void test_save_round_trip(void **state) {
    (void)state;
    char *dir = tmpdir();
    char path[512];
    snprintf(path, sizeof path, "%s/bill.txt.amicus-review", dir);
    amicus_review *rv;
    amicus_error err;
    assert_int_equal(amicus_review_new("bill \"draft\".txt", &rv, &err), AMICUS_OK);
    assert_int_equal(amicus_review_set(rv, "AAAAAAAAAAAAAAAA", AMICUS_REVIEW_DISMISSED, "line\nbreak \"quoted\"",
                                       "2026-11-28", "R-1", &err), AMICUS_OK);
    assert_int_equal(amicus_review_set(rv, "bbbbbbbbbbbbbbbb", AMICUS_REVIEW_ACCEPTED, "fine", NULL, NULL, &err),
                     AMICUS_OK);
    /* replacing a decision keeps one entry */
    assert_int_equal(amicus_review_set(rv, "aaaaaaaaaaaaaaaa", AMICUS_REVIEW_ACCEPTED, "changed my mind",
                                       "2026-11-29", NULL, &err), AMICUS_OK);
    assert_int_equal(amicus_review_count(rv), 2);
    /* bad arguments */
    assert_int_equal(amicus_review_set(rv, "xyz", AMICUS_REVIEW_ACCEPTED, "r", NULL, NULL, &err), AMICUS_ERR_USAGE);
    assert_int_equal(amicus_review_set(rv, "cccccccccccccccc", AMICUS_REVIEW_ACCEPTED, "", NULL, NULL, &err),
                     AMICUS_ERR_USAGE);
    assert_int_equal(amicus_review_set(rv, "cccccccccccccccc", AMICUS_REVIEW_ACCEPTED, "r", "2026-1-1", NULL, &err),
                     AMICUS_ERR_USAGE);
    assert_int_equal(amicus_review_save(rv, path, &err), AMICUS_OK);
    assert_int_equal(count_entries(dir), 1); /* no temporary file left behind */
    amicus_review *back;
    assert_int_equal(amicus_review_load(path, &back, &err), AMICUS_OK);
    assert_string_equal(amicus_review_document(back), "bill \"draft\".txt");
    assert_int_equal(amicus_review_count(back), 2);
    const amicus_review_entry *e = amicus_review_find(back, "aaaaaaaaaaaaaaaa");
    assert_non_null(e);
    assert_int_equal(e->decision, AMICUS_REVIEW_ACCEPTED);
    assert_string_equal(e->reason, "changed my mind");
    assert_string_equal(e->date, "2026-11-29");
    e = amicus_review_find(back, "bbbbbbbbbbbbbbbb");
    assert_non_null(e);
    assert_int_equal(strlen(e->date), 10);
    /* saving over an existing file keeps its permissions */
    chmod(path, 0600);
    assert_int_equal(amicus_review_save(back, path, &err), AMICUS_OK);
    struct stat sb;
    assert_int_equal(stat(path, &sb), 0);
    assert_int_equal(sb.st_mode & 0777, 0600);
    amicus_review_free(back);
    amicus_review_free(rv);
    /* missing file and directory */
    char missing[600];
    snprintf(missing, sizeof missing, "%s/none.amicus-review", dir);
    assert_int_equal(amicus_review_load(missing, &back, &err), AMICUS_ERR_IO);
    assert_int_equal(amicus_review_load(dir, &back, &err), AMICUS_ERR_IO);
    /* a file in a directory that does not exist cannot be saved, and says so */
    assert_int_equal(amicus_review_new("x", &rv, &err), AMICUS_OK);
    assert_int_equal(amicus_review_save(rv, "/nonexistent-dir-amicus/x.amicus-review", &err), AMICUS_ERR_IO);
    amicus_review_free(rv);
    unlink(path);
    rmdir(dir);
    free(dir);
}

static void test_default_path(void **state) {
    (void)state;
    char buf[64];
    amicus_error err;
    assert_int_equal(amicus_review_default_path("laws/bill.txt", buf, sizeof buf, &err), AMICUS_OK);
    assert_string_equal(buf, "laws/bill.txt.amicus-review");
    char small[8];
    assert_int_equal(amicus_review_default_path("laws/bill.txt", small, sizeof small, &err), AMICUS_ERR_USAGE);
}

/* Out of memory anywhere while parsing: a clean error, never a crash or a half review. */
static void test_parse_oom(void **state) {
    (void)state;
    for (unsigned long n = 1; n < 200; n++) {
        amicus_alloc_fail_after(n);
        amicus_review *rv = NULL;
        amicus_error err;
        amicus_status st = amicus_review_parse(VALID, strlen(VALID), "t", &rv, &err);
        amicus_alloc_fail_after(0);
        if (st == AMICUS_OK) {
            assert_int_equal(amicus_review_count(rv), 2);
            amicus_review_free(rv);
            break;
        }
        assert_int_equal(st, AMICUS_ERR_NOMEM);
        assert_null(rv);
    }
}

static void test_decision_names(void **state) {
    (void)state;
    assert_string_equal(amicus_review_decision_name(AMICUS_REVIEW_ACCEPTED), "accepted");
    assert_string_equal(amicus_review_decision_name(AMICUS_REVIEW_DISMISSED), "dismissed");
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_valid),    cmocka_unit_test(test_parse_rejects),
        cmocka_unit_test(test_error_messages), cmocka_unit_test(test_save_round_trip),
        cmocka_unit_test(test_default_path),   cmocka_unit_test(test_parse_oom),
        cmocka_unit_test(test_decision_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
