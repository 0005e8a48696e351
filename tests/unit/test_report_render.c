/* test_report_render.c — renderers (text, JSON, SARIF, Markdown) over real reports, helpers, review apply. */
#include "testutil.h"
#include "report/report.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *BILL =
    "THE COMPUTER MISUSE BILL\n\n"
    "Article 1\nScope\nThis Act applies to any criminal offence committed by means of a computer system.\n\n"
    "Article 2\nPublication of false information\nA person who publishes false information commits an offence.\n\n"
    "Article 3\nAssistance\nAn officer may order any person who has knowledge about the functioning of the "
    "computer system to provide the necessary information, as appropriate.\n\n"
    "Article 4\nSearch\nA search requires an order of the court issued on reasonable grounds.\n";

typedef struct fixture {
    amicus_rules *rules;
    amicus_doc *doc;
    amicus_report *report;
} fixture;

static int setup(void **state) {
    fixture *fx = calloc(1, sizeof *fx);
    amicus_error err;
    const char *srcdir = getenv("AMICUS_SOURCE_DIR");
    char pack[1024];
    snprintf(pack, sizeof pack, "%s/tests/fixtures/report/pack", srcdir ? srcdir : ".");
    if (amicus_rules_new(&fx->rules, &err) || amicus_rules_load_dir(fx->rules, pack, &err) ||
        amicus_rules_compile(fx->rules, &err)) {
        fprintf(stderr, "rules: %s\n", err.message);
        return -1;
    }
    if (amicus_doc_open_memory(BILL, strlen(BILL), "bill.txt", NULL, &fx->doc, &err) ||
        amicus_check(fx->doc, fx->rules, NULL, &fx->report, &err)) {
        fprintf(stderr, "check: %s\n", err.message);
        return -1;
    }
    *state = fx;
    return 0;
}

static int teardown(void **state) {
    fixture *fx = *state;
    amicus_report_free(fx->report);
    amicus_doc_free(fx->doc);
    amicus_rules_free(fx->rules);
    free(fx);
    return 0;
}

/* Render the fixture's report in `format` into a malloc'd string. */
static char *render(fixture *fx, amicus_output_format format, int color, const amicus_review *rv) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    amicus_render_options o = {format, color, 0, 0};
    amicus_renderer *rd;
    amicus_error err;
    assert_int_equal(amicus_renderer_new(f, &o, &rd, &err), AMICUS_OK);
    assert_int_equal(amicus_render_document(rd, fx->doc, fx->report, rv, &err), AMICUS_OK);
    assert_int_equal(amicus_render_input_error(rd, "missing.txt", "cannot open", &err), AMICUS_OK);
    assert_int_equal(amicus_renderer_finish(rd, &err), AMICUS_OK);
    amicus_render_summary s;
    amicus_renderer_summary(rd, &s);
    assert_int_equal(s.documents, 1);
    assert_int_equal(s.input_errors, 1);
    assert_int_equal(s.max_severity, AMICUS_SEV_ERROR);
    amicus_renderer_free(rd);
    fclose(f);
    return buf;
}

static const amicus_finding *by_rule(const amicus_report *r, const char *rule) {
    for (size_t i = 0; i < amicus_report_finding_count(r); i++)
        if (!strcmp(amicus_report_finding(r, i)->rule, rule)) return amicus_report_finding(r, i);
    fail_msg("no finding of %s", rule);
    return NULL;
}

static void test_text(void **state) {
    fixture *fx = *state;
    char *out = render(fx, AMICUS_OUT_TEXT, 0, NULL);
    assert_non_null(strstr(out, "\nbill.txt:13:"));
    assert_non_null(strstr(out, "  Art. 3  T-COMPELLED  error: "));
    assert_non_null(strstr(out, "\n    \"any person who has knowledge"));
    assert_non_null(strstr(out, "\n    remedy: Delete the compelled-assistance power."));
    assert_non_null(strstr(out, "\nSURVEILLANCE — "));
    assert_non_null(strstr(out, "\nPROTECTIONS FOUND\n"));
    assert_non_null(strstr(out, "\nSCORECARD"));
    assert_non_null(strstr(out, "bill.txt: 4 findings: 2 errors, 1 warning, 1 note; 0 dismissed; 1 protection found\n"));
    assert_non_null(strstr(out, "total: 1 document: 4 findings"));
    assert_null(strchr(out, '\033'));
    free(out);
    out = render(fx, AMICUS_OUT_TEXT, 1, NULL);
    assert_non_null(strstr(out, "\033[1;31merror\033[0m"));
    free(out);
}

static void test_json(void **state) {
    fixture *fx = *state;
    char *out = render(fx, AMICUS_OUT_JSON, 1, NULL);
    assert_true(!strncmp(out, "{\"schema\":\"amicus-check/1\",\"amicus\":\"" AMICUS_VERSION "\",\"documents\":[", 55));
    assert_null(strchr(out, '\033')); /* colour never leaks into JSON */
    const amicus_finding *f = by_rule(fx->report, "T-COMPELLED");
    char want[256];
    snprintf(want, sizeof want, "\"fingerprint\":\"%s\",\"dismissed\":false", f->fingerprint);
    assert_non_null(strstr(out, want));
    assert_non_null(strstr(out, "\"rule\":\"T-COMPELLED\",\"kind\":\"risk\",\"concern\":\"SURVEILLANCE\",\"demand\":6,"
                                "\"severity\":\"error\",\"article\":\"3\",\"path\":\"Art. 3\""));
    assert_non_null(strstr(out, "\"input_errors\":[{\"file\":\"missing.txt\",\"message\":\"cannot open\"}]"));
    assert_non_null(strstr(out, "\"summary\":{\"documents\":1,\"findings\":4,\"error\":2,\"warning\":1,\"note\":1,"
                                "\"dismissed\":0,\"evidence\":1,\"input_errors\":1}}\n"));
    for (int d = 1; d <= 6; d++) {
        snprintf(want, sizeof want, "{\"demand\":%d,\"statement\":", d);
        assert_non_null(strstr(out, want));
    }
    free(out);
}

static void test_sarif(void **state) {
    fixture *fx = *state;
    char *out = render(fx, AMICUS_OUT_SARIF, 0, NULL);
    assert_true(!strncmp(out, "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\"", 76));
    assert_non_null(strstr(out, "\"columnKind\":\"unicodeCodePoints\""));
    assert_non_null(strstr(out, "\"logicalLocations\":[{\"name\":\"Art. 3\",\"fullyQualifiedName\":\"bill.txt#Art. 3\","
                                "\"kind\":\"member\"}]"));
    assert_non_null(strstr(out, "\"partialFingerprints\":{\"amicusFingerprint/v1\":\""));
    assert_non_null(strstr(out, "\"executionSuccessful\":false"));
    assert_non_null(strstr(out, "\"tool\":{\"driver\":{\"name\":\"amicus\""));
    assert_non_null(strstr(out, "\"help\":{\"text\":\"Delete the compelled-assistance power.\"}"));
    assert_null(strstr(out, "suppressions"));
    free(out);
}

static void test_markdown(void **state) {
    fixture *fx = *state;
    char *out = render(fx, AMICUS_OUT_MARKDOWN, 0, NULL);
    assert_non_null(strstr(out, "# Briefing: THE COMPUTER MISUSE BILL\n"));
    assert_non_null(strstr(out, "\n## Summary\n"));
    assert_non_null(strstr(out, "\n### SURVEILLANCE — "));
    assert_non_null(strstr(out, "\n> any person who has knowledge"));
    assert_non_null(strstr(out, "\n*Ask:* Delete the compelled-assistance power.\n"));
    assert_non_null(strstr(out, "\n### 6. "));
    assert_non_null(strstr(out, "\n## Inputs that could not be read\n"));
    free(out);
}

static void test_review_apply(void **state) {
    fixture *fx = *state;
    const amicus_finding *f = by_rule(fx->report, "T-COMPELLED");
    const amicus_finding *h = by_rule(fx->report, "T-HEDGE");
    amicus_review *rv;
    amicus_error err;
    assert_int_equal(amicus_review_new("bill.txt", &rv, &err), AMICUS_OK);
    assert_int_equal(amicus_review_set(rv, f->fingerprint, AMICUS_REVIEW_DISMISSED, "owner only", "2026-11-28", NULL, &err), 0);
    assert_int_equal(amicus_review_set(rv, h->fingerprint, AMICUS_REVIEW_ACCEPTED, "agreed", "2026-11-28", NULL, &err), 0);
    assert_int_equal(amicus_review_apply(rv, fx->report), 1);
    assert_true(f->dismissed);
    assert_false(h->dismissed);
    char *out = render(fx, AMICUS_OUT_TEXT, 0, rv);
    assert_null(strstr(out, "T-COMPELLED  error"));
    assert_non_null(strstr(out, "    accepted 2026-11-28: agreed\n"));
    assert_non_null(strstr(out, "bill.txt: 3 findings: 1 error, 1 warning, 1 note; 1 dismissed;"));
    free(out);
    out = render(fx, AMICUS_OUT_SARIF, 0, rv);
    assert_non_null(strstr(out, "\"suppressions\":[{\"kind\":\"external\",\"status\":\"accepted\",\"justification\":\"owner only\"}]"));
    free(out);
    out = render(fx, AMICUS_OUT_JSON, 0, rv);
    assert_non_null(strstr(out, "\"dismissed\":true,\"review\":{\"decision\":\"dismissed\",\"reason\":\"owner only\""));
    free(out);
    /* an empty review clears the marks again */
    amicus_review *empty;
    assert_int_equal(amicus_review_new("bill.txt", &empty, &err), AMICUS_OK);
    assert_int_equal(amicus_review_apply(empty, fx->report), 0);
    assert_false(f->dismissed);
    amicus_review_free(empty);
    amicus_review_free(rv);
}

static void test_write_error(void **state) {
    fixture *fx = *state;
    FILE *f = fopen("/dev/full", "w");
    if (!f) skip();
    amicus_render_options o = {AMICUS_OUT_JSON, 0, 0, 0};
    amicus_renderer *rd;
    amicus_error err;
    assert_int_equal(amicus_renderer_new(f, &o, &rd, &err), AMICUS_OK);
    amicus_render_document(rd, fx->doc, fx->report, NULL, &err);
    assert_int_equal(amicus_renderer_finish(rd, &err), AMICUS_ERR_IO);
    amicus_renderer_free(rd);
    fclose(f);
}

static void test_display(void **state) {
    (void)state;
    char *s = amicus__display("  a\n  b\tc  ", 200);
    assert_string_equal(s, "a b c");
    amicus__free(s);
    /* 10 code points of 2 bytes each, trimmed to 5 code points including the ellipsis */
    s = amicus__display("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 5);
    assert_string_equal(s, "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xe2\x80\xa6");
    amicus__free(s);
    s = amicus__display("one two three four five six seven", 12);
    assert_true(amicus__utf8_count(s, strlen(s)) <= 12);
    assert_string_equal(s, "one two\xe2\x80\xa6");
    amicus__free(s);
}

static void test_json_escape(void **state) {
    (void)state;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    amicus__json_strn(f, "a\"\\\n\x01\xff\xc3\xa9", 8);
    putc(' ', f);
    amicus__json_str(f, NULL);
    fclose(f);
    assert_string_equal(buf, "\"a\\\"\\\\\\n\\u0001\\ufffd\xc3\xa9\" null");
    free(buf);
}

static void test_names(void **state) {
    (void)state;
    amicus_output_format f;
    assert_int_equal(amicus_output_format_parse("md", &f), AMICUS_OK);
    assert_int_equal(f, AMICUS_OUT_MARKDOWN);
    assert_int_equal(amicus_output_format_parse("markdown", &f), AMICUS_OK);
    assert_int_equal(amicus_output_format_parse("sarif", &f), AMICUS_OK);
    assert_int_equal(f, AMICUS_OUT_SARIF);
    assert_int_equal(amicus_output_format_parse("xml", &f), AMICUS_ERR_USAGE);
    assert_string_equal(amicus_output_format_name(AMICUS_OUT_JSON), "json");
    for (int d = 1; d <= 6; d++) assert_non_null(amicus_demand_statement(d));
    assert_null(amicus_demand_statement(0));
    assert_null(amicus_demand_statement(7));
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text),       cmocka_unit_test(test_json),
        cmocka_unit_test(test_sarif),      cmocka_unit_test(test_markdown),
        cmocka_unit_test(test_review_apply), cmocka_unit_test(test_write_error),
        cmocka_unit_test(test_display),    cmocka_unit_test(test_json_escape),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
