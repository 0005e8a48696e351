/* testutil.c — helpers shared by the C tests: corpus location, skipping, the rule pack, checking a corpus document. */
#include "testutil.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char *tu_corpus_path(const char *rel) {
    const char *base = getenv("AMICUS_CORPUS");
    if (!base || !*base) base = "../shared/corpus";
    size_t n = strlen(base) + strlen(rel) + 2;
    char *p = malloc(n);
    snprintf(p, n, "%s/%s", base, rel);
    return p;
}

int tu_require_corpus(void) {
    char *p = tu_corpus_path("MANIFEST.tsv");
    struct stat st;
    int ok = stat(p, &st) == 0;
    if (!ok) {
        const char *ci = getenv("CI");
        fprintf(stderr, "corpus not found at %s (set AMICUS_CORPUS)\n", p);
        free(p);
        if (ci && strcmp(ci, "true") == 0) fail_msg("CI=true and the corpus is missing");
        skip();
    }
    free(p);
    return ok;
}

amicus_doc *tu_open_corpus(const char *rel) {
    char *p = tu_corpus_path(rel);
    amicus_doc *doc = NULL;
    amicus_error err;
    amicus_status st = amicus_doc_open_file(p, NULL, &doc, &err);
    if (st != AMICUS_OK) {
        char buf[1200];
        fail_msg("cannot open %s: %s", p, amicus_error_format(&err, buf, sizeof buf));
    }
    free(p);
    return doc;
}

const char *tu_env_or_source(const char *env, const char *sub, char *buf, size_t n) {
    const char *v = getenv(env);
    if (v && *v) return v;
    const char *src = getenv("AMICUS_SOURCE_DIR");
    snprintf(buf, n, "%s/%s", src && *src ? src : ".", sub);
    return buf;
}

amicus_rules *tu_rules;

int tu_setup_rules(void **state) {
    (void)state;
    char buf[1024];
    amicus_error err;
    const char *dir = tu_env_or_source("AMICUS_RULES", "rules/default", buf, sizeof buf);
    if (amicus_rules_new(&tu_rules, &err) != AMICUS_OK || amicus_rules_load_dir(tu_rules, dir, &err) != AMICUS_OK ||
        amicus_rules_compile(tu_rules, &err) != AMICUS_OK) {
        char msg[1200];
        fprintf(stderr, "cannot load the rule pack %s: %s\n", dir, amicus_error_format(&err, msg, sizeof msg));
        return -1;
    }
    return 0;
}

int tu_teardown_rules(void **state) {
    (void)state;
    amicus_rules_free(tu_rules);
    tu_rules = NULL;
    return 0;
}

amicus_report *tu_check_corpus(const char *rel, amicus_doc **doc_out) {
    amicus_doc *doc = tu_open_corpus(rel);
    amicus_report *rep = NULL;
    amicus_error err;
    if (amicus_check(doc, tu_rules, NULL, &rep, &err) != AMICUS_OK) {
        char msg[1200];
        fail_msg("amicus_check %s: %s", rel, amicus_error_format(&err, msg, sizeof msg));
    }
    *doc_out = doc;
    return rep;
}

const amicus_node *tu_provision(const amicus_doc *doc, const char *number) {
    const amicus_node *n = amicus_doc_find_provision(doc, number, NULL);
    if (!n) fail_msg("provision %s not found", number);
    return n;
}

long tu_alloc_live, tu_alloc_calls;
static void *count_malloc(size_t n, void *ctx) {
    (void)ctx;
    void *p = malloc(n);
    if (p) tu_alloc_live++, tu_alloc_calls++;
    return p;
}
static void *count_realloc(void *p, size_t n, void *ctx) {
    (void)ctx;
    void *q = realloc(p, n);
    if (q) {
        tu_alloc_calls++;
        if (!p) tu_alloc_live++;
    }
    return q;
}
static void count_free(void *p, void *ctx) {
    (void)ctx;
    if (p) tu_alloc_live--;
    free(p);
}
amicus_allocator tu_counting_allocator(void) {
    return (amicus_allocator){count_malloc, count_realloc, count_free, NULL};
}

void tu_assert_self_contained_html(const char *html, const char *csp) {
    assert_true(!strncmp(html, "<!DOCTYPE html>", 15));
    assert_non_null(strstr(html, "</html>\n"));
    char meta[600];
    snprintf(meta, sizeof meta, "content=\"%s\"", csp);
    assert_non_null(strstr(html, meta));
    assert_null(strstr(html, "src=\"http"));
    assert_null(strstr(html, "href=\"http"));
    assert_null(strstr(html, "@import"));
    assert_null(strstr(html, "url("));
}
