/* html.h — internals of the HTML report shared with `amicus serve`: SHA-256, CSP hash sources, escaping. */
#ifndef AMICUS_HTML_H
#define AMICUS_HTML_H
#include <stddef.h>
#include <stdio.h>

/* SHA-256 of data[0..n) into out. */
void amicus__sha256(const void *data, size_t n, unsigned char out[32]);
/* "'sha256-BASE64'" of data[0..n) into buf (64 bytes suffice); returns buf. */
char *amicus__csp_hash(const char *data, size_t n, char *buf, size_t size);
/* The Content-Security-Policy of a self-contained page whose only sources are one inline style
 * and (when js is not NULL) one inline script, allowed by their hashes; returns buf. */
const char *amicus__html_csp(const char *css, size_t css_len, const char *js, size_t js_len, char *buf, size_t size);
/* The Content-Security-Policy of the HTML report (the text of its meta tag): no remote source,
 * only the hashes of its one inline style and one inline script. */
const char *amicus__html_report_csp(char *buf, size_t size);
/* The Content-Security-Policy of the diff page (amicus_render_diff_html): its one style only. */
const char *amicus__html_diff_csp(char *buf, size_t size);
/* The Content-Security-Policy of the matrix page (amicus_matrix_html_write). */
const char *amicus__html_matrix_csp(char *buf, size_t size);
/* The id of demand N's tile in a one-document report (printf format, N an int): the anchor a
 * matrix cell links to. */
#define AMICUS__HTML_DEMAND_ID "d1-dm%d"
/* HTML text escaping (& < > " '), invalid UTF-8 written as U+FFFD, control characters other
 * than line feed and tab dropped. */
void amicus__html_escn(FILE *o, const char *s, size_t n);
void amicus__html_esc(FILE *o, const char *s); /* NULL writes nothing */
#endif
