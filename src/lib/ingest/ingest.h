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

#endif
