/* ingest.h — internals of the ingest stage shared by its files: emitter, offset maps, formats. */
#ifndef AMICUS_INGEST_H
#define AMICUS_INGEST_H

#include "core/core.h"

/* An offset map under construction (same segment semantics as doc->map). */
typedef struct amicus__imap { amicus__mapseg *v; size_t n, cap; } amicus__imap;

/* Output text plus its offset map into some input buffer. */
typedef struct amicus__emitter {
    amicus__buf buf;
    amicus__imap map;
    size_t next_src; /* input offset that would continue the current segment; SIZE_MAX = none */
    bool oom;
} amicus__emitter;

void amicus__emitter_init(amicus__emitter *e);
void amicus__emitter_free(amicus__emitter *e);
/* Make room for n bytes of output (an estimate; the buffer still grows). */
bool amicus__emitter_reserve(amicus__emitter *e, size_t n);
/* Append n bytes that stand for input bytes [src, src + src_len). Identical length and a
 * contiguous src continue the current segment; anything else starts a new one. */
bool amicus__emit(amicus__emitter *e, const char *s, size_t n, size_t src, size_t src_len);
/* Last byte written, 0 when empty. */
static inline char amicus__emit_last(const amicus__emitter *e) {
    return e->buf.n ? e->buf.s[e->buf.n - 1] : 0;
}

/* Normalise valid UTF-8 (in, len): CRLF/CR -> LF, contract mappings, NFC of non-ASCII runs.
 * Offsets in the map are offsets into in. */
bool amicus__normalize(amicus__emitter *e, const char *in, size_t len);

/* Map an offset through a map (same rule as amicus_doc_locate). */
size_t amicus__imap_apply(const amicus__imap *m, size_t off);
/* out = outer followed by inner (outer: text -> mid, inner: mid -> source). */
bool amicus__imap_compose(const amicus__imap *outer, size_t outer_len, const amicus__imap *inner,
                          amicus__imap *out);
bool amicus__imap_push(amicus__imap *m, size_t norm, size_t src);

/* Markdown: front matter, tag lines, link targets, emphasis. in is valid UTF-8.
 * *front_matter receives [start, end) of the YAML block in the input (or 0,0). */
bool amicus__markdown(amicus__emitter *e, const char *in, size_t len, size_t *fm_start,
                      size_t *fm_end);

/* HTML: parse (UTF-8 input) with libxml2, extract text. title receives an arena string
 * (or NULL). Returns AMICUS_OK or an error. */
amicus_status amicus__html(amicus_doc *doc, amicus__emitter *e, const char *in, size_t len,
                           char **title, amicus_error *err);

/* PDF (pdf.c): text of the pages in reading order, running headers/footers, page numbers,
 * margin line numbers and printing slugs dropped, hyphenated words joined. e receives the text
 * with a map into res->text (the pages' text as poppler extracts it, one page after another),
 * which replaces the PDF bytes as the document's source. */
#define AMICUS__PDF_MAX_PAGES 20000
#define AMICUS__PDF_MAX_TEXT ((size_t)128 * 1024 * 1024)
typedef struct amicus__pdf_result {
    char *text; size_t text_len; /* amicus__malloc'd */
    size_t npages;
    size_t *page_starts;         /* offset in text where each page starts */
    size_t *page_lines;          /* index of each page's first line in text */
} amicus__pdf_result;
amicus_status amicus__pdf(amicus_doc *doc, amicus__emitter *e, amicus__pdf_result *res, amicus_error *err);

/* Legislative XML (xml.c): Akoma Ntoso (and LegalDocML.de), CLML, USLM, Formex rendered as a text
 * layout the structure stage reads ("Article 5 - Heading", "(1) ..."), mapped to source lines.
 * *format receives the vocabulary, *title an arena string or NULL. */
/* The vocabulary of a root element (local name, namespace URI or NULL); AUTO when unknown. */
amicus_format amicus__xml_vocabulary(const char *root, const char *ns);
/* AMICUS_ERR_TOO_LARGE naming the line when elements under root (root counting 1) nest deeper
 * than doc->max_depth; `what` names the part ("XML", "HTML", "word/document.xml"). Without
 * recursion, so any depth is safe to measure. */
amicus_status amicus__markup_depth(const amicus_doc *doc, const void *root, const char *what, amicus_error *err);
amicus_status amicus__xml(amicus_doc *doc, amicus__emitter *e, const char *in, size_t len,
                          amicus_format *format, char **title, amicus_error *err);

/* DOCX (docx.c): one line per paragraph with Word's automatic numbers, into *out (amicus__malloc'd). */
#define AMICUS__ZIP_MAX_ENTRIES 10000
#define AMICUS__ZIP_MAX_TOTAL ((size_t)512 * 1024 * 1024)
#define AMICUS__ZIP_MAX_RATIO 200
amicus_status amicus__docx(amicus_doc *doc, int tracked_original, char **out, size_t *out_len,
                           amicus_error *err);

#endif
