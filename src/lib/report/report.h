/* report.h — internals shared by the renderers and the review file: JSON and UTF-8 helpers. */
#ifndef AMICUS_REPORT_H
#define AMICUS_REPORT_H
#include "core/core.h"
#include <stdio.h>

/* JSON string literal with escapes; invalid UTF-8 is written as \ufffd so the output is
 * always valid JSON. amicus__json_str writes null for NULL. */
void amicus__json_strn(FILE *f, const char *s, size_t n);
void amicus__json_str(FILE *f, const char *s);
/* Decode one UTF-8 sequence at s (n bytes left): returns its length (1..4) and the code
 * point in *cp, or 0 when the bytes are not valid UTF-8 (overlong, surrogate, > U+10FFFF). */
size_t amicus__utf8_decode(const unsigned char *s, size_t n, uint32_t *cp);
/* The escaping walker shared by JSON strings and HTML text: s[0..n) to f, valid UTF-8 copied as
 * it is (in runs), each invalid byte written as `bad`, and each ASCII byte for which esc returns
 * non-NULL replaced by that string ("" drops the byte; esc may format into buf). */
typedef const char *(*amicus__esc_fn)(unsigned char c, char buf[16]);
void amicus__escape_utf8(FILE *f, const char *s, size_t n, amicus__esc_fn esc, const char *bad);
/* Number of code points in s[0..n) (invalid bytes count one each). */
size_t amicus__utf8_count(const char *s, size_t n);
/* 1 when s is 16 hex digits. */
int amicus__is_fingerprint(const char *s);
#endif

/* ---- renderer internals (render.c holds the object; one file per format) ---- */
#include <stdbool.h>

typedef struct amicus__rule_desc {   /* SARIF needs every rule used, after the reports are gone */
    char *id, *message, *standard, *remedy;
    amicus_concern concern;
    int demand;
    amicus_severity severity;
    int evidence;
} amicus__rule_desc;

typedef struct amicus__note {        /* an unreadable input or an ingest warning */
    char *file, *message;
    int error;
} amicus__note;

struct amicus_renderer {
    FILE *out;
    amicus_render_options o;
    amicus_render_summary sum;
    bool started, finished;
    size_t items;           /* results written so far (SARIF) */
    AMICUS_VEC(amicus__rule_desc) rules;
    AMICUS_VEC(amicus__note) notes;
    amicus__arena arena;
};

/* Per-document counts (shown, i.e. not dismissed, risk findings by severity). */
typedef struct amicus__counts {
    size_t findings, errors, warnings, notes, dismissed, evidence;
} amicus__counts;
void amicus__count(const amicus_report *r, amicus__counts *c);

const char *amicus__concern_title(amicus_concern c);    /* "over-broad scope" ... */
const char *amicus__demand_short(int demand);            /* "Narrow scope" ... (1..6) */
int amicus__is_evidence(const amicus_finding *f);
/* One finding as a JSON object (docs/JSON.md), its review decision when rv records one (rv may
 * be NULL): amicus-check/1 and amicus-diff/1 write findings alike. */
void amicus__json_finding(FILE *o, const amicus_finding *f, const amicus_review *rv);
/* Indices of the findings of r sorted by position (start, then rule id); caller frees. */
size_t *amicus__sorted(const amicus_report *r);
/* A shortened, whitespace-collapsed copy of s for display, at most max code points
 * (ellipsis included); NULL on OOM. Caller frees with amicus__free. */
char *amicus__display(const char *s, size_t max);

/* format back-ends */
void amicus__text_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                      const amicus_review *rv);
void amicus__text_finish(amicus_renderer *rd);
void amicus__json_begin(amicus_renderer *rd);
void amicus__json_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                      const amicus_review *rv);
void amicus__json_finish(amicus_renderer *rd);
void amicus__sarif_begin(amicus_renderer *rd);
bool amicus__sarif_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                       const amicus_review *rv);
void amicus__sarif_finish(amicus_renderer *rd);
void amicus__md_begin(amicus_renderer *rd);
void amicus__md_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                    const amicus_review *rv);
void amicus__md_finish(amicus_renderer *rd);
void amicus__html_begin(amicus_renderer *rd);
void amicus__html_doc(amicus_renderer *rd, const amicus_doc *doc, const amicus_report *r,
                      const amicus_review *rv);
void amicus__html_finish(amicus_renderer *rd);
