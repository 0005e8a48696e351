/* core.h — internal core of libamicus: allocator, arena, growable arrays, errors, the doc struct. */
#ifndef AMICUS_CORE_H
#define AMICUS_CORE_H

#include "amicus.h"
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>

/* ---- allocation (every allocation goes through these; see alloc.c) ---- */
void *amicus__malloc(size_t n);
void *amicus__calloc(size_t n, size_t size);
void *amicus__realloc(void *p, size_t n);
/* The memory limit when an allocation was refused for it since it was set, else 0. */
size_t amicus__memory_limit_hit(void);
void amicus__free(void *p);
char *amicus__strdup(const char *s);
char *amicus__strndup(const char *s, size_t n);
/* How many allocations this thread has been refused so far: a library call that swallows an
 * allocation failure (libxml2 in recover mode, PCRE2's match) is caught by comparing it
 * before and after. */
unsigned long amicus__alloc_failures(void);
/* Route libxml2's and Vectorscan's allocations through the hooks above and initialise
 * libxml2; once per process, thread-safe; call before any libxml2 or Vectorscan use. */
void amicus__libs_init(void);
/* Whether failure injection also refuses libxml2's allocations (off for libxml2 releases that
 * crash on them, see alloc.c); on >= 0 sets it (tests), -1 only asks. */
int amicus__alloc_inject_libxml2(int on);

/* ---- arena: many small strings freed at once ---- */
typedef struct amicus__arena_block amicus__arena_block;
typedef struct amicus__arena { amicus__arena_block *head; } amicus__arena;
void *amicus__arena_alloc(amicus__arena *a, size_t n);           /* NULL on OOM */
char *amicus__arena_strndup(amicus__arena *a, const char *s, size_t n);
char *amicus__arena_strdup(amicus__arena *a, const char *s);
char *amicus__arena_printf(amicus__arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void amicus__arena_free(amicus__arena *a);

/* ---- growable array of T: struct { T *v; size_t n, cap; } ---- */
#define AMICUS_VEC(T) struct { T *v; size_t n, cap; }
/* Ensure room for one more element; evaluates to false on OOM. */
#define AMICUS_VEC_GROW(vec) \
    ((vec).n < (vec).cap || amicus__vec_grow((void **)&(vec).v, &(vec).cap, sizeof(*(vec).v)))
#define AMICUS_VEC_PUSH(vec, val) \
    (AMICUS_VEC_GROW(vec) ? ((vec).v[(vec).n++] = (val), true) : false)
#define AMICUS_VEC_FREE(vec) (amicus__free((vec).v), (vec).v = NULL, (vec).n = (vec).cap = 0)
bool amicus__vec_grow(void **v, size_t *cap, size_t elem);

/* ---- string builder ---- */
typedef struct amicus__buf { char *s; size_t n, cap; bool oom; } amicus__buf;
bool amicus__buf_put(amicus__buf *b, const char *s, size_t n);
bool amicus__buf_puts(amicus__buf *b, const char *s);
bool amicus__buf_putc(amicus__buf *b, char c);
bool amicus__buf_printf(amicus__buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void amicus__buf_free(amicus__buf *b);

/* ---- errors ---- */
/* Fill err (may be NULL) and return status. file may be NULL. line/col 0 = unknown,
 * offset -1 = unknown. */
amicus_status amicus__error(amicus_error *err, amicus_status st, const char *file,
                            unsigned long line, unsigned long col, long long offset,
                            const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* ---- offset map: normalised text -> source bytes ----
 * A segment says: normalised bytes from norm onwards come from source bytes from src
 * onwards, byte for byte (identity) until the next segment. When ingest rewrites bytes
 * (a curly quote to ASCII, a dropped link target) it starts a new segment. */
typedef struct amicus__mapseg { size_t norm, src; uint32_t page; } amicus__mapseg;

/* XML ingest: an element with an eId whose header starts at offset off (of the formatter output
 * while ingest runs, of doc->text after it); eid in the doc arena. Sorted by off. */
typedef struct amicus__eid { size_t off; const char *eid; } amicus__eid;

struct amicus_doc {
    char *name;                 /* file name as given */
    amicus_format format;
    char *src; size_t src_len;  /* the source bytes as read (owned) */
    char *text; size_t text_len;/* normalised UTF-8, NUL-terminated (owned) */
    AMICUS_VEC(amicus__mapseg) map;      /* sorted by norm */
    AMICUS_VEC(size_t) line_starts;      /* source byte offset of each line start */
    AMICUS_VEC(size_t) page_lines;       /* paged formats: index in line_starts of each page's
                                            first line (amicus_doc_locate counts lines per page) */
    AMICUS_VEC(amicus_diag) warnings;
    char *title;                /* arena */
    const char *lang_forced;    /* arena copy of opts->lang or NULL */
    int max_depth;              /* opts->max_depth, defaulted and capped (XML, HTML, DOCX) */
    /* structure */
    AMICUS_VEC(amicus_node) nodes;       /* pre-order; node 0 = document */
    AMICUS_VEC(int32_t) provisions;      /* node indices, first language part first */
    AMICUS_VEC(amicus_definition) defs;
    AMICUS_VEC(amicus_reference) refs;
    AMICUS_VEC(amicus_health) health;
    amicus__arena arena;        /* every string hanging off the doc */
    void *metadata;             /* front matter (ingest owned, may be NULL) */
    int src_encoding;           /* AMICUS__SRC_*: how amicus_doc_locate counts columns */
    AMICUS_VEC(amicus__eid) eids;       /* XML eIds by normalised offset (node.eid after structure) */
    AMICUS_VEC(size_t) heads;           /* HTML: where each heading element (h1-h6) starts, by
                                           formatter output offset while ingest runs, normalised
                                           offset after it; sorted */
};

/* Source encodings as seen by amicus_doc_locate (set by ingest). */
enum { AMICUS__SRC_UTF8 = 0, AMICUS__SRC_BYTE = 1 /* one byte per character */, AMICUS__SRC_UTF16 = 2 };

/* Stages. Each returns AMICUS_OK or fills err. */
/* ingest: decode data (len bytes, owned copy already in doc->src), fill text, map,
 * line_starts, warnings, format, title when obvious. */
amicus_status amicus__ingest(amicus_doc *doc, const amicus_open_options *opts, amicus_error *err);
/* structure: fill nodes (node 0 document), provisions, defs, refs, health. */
amicus_status amicus__structure(amicus_doc *doc, amicus_error *err);

/* helpers on docs */
bool amicus__doc_warn(amicus_doc *doc, const char *code, long long offset, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
bool amicus__doc_health(amicus_doc *doc, const char *code, size_t offset, int32_t node,
                        const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* FNV-1a 64 */
uint64_t amicus__hash64(const void *data, size_t n, uint64_t seed);

#endif
